"""The study's detectors: shift or expansion per market, displacement paths, the Dutch link."""
