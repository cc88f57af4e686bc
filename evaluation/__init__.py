"""Evaluations of the study's detectors on generated worlds whose answers are known."""
