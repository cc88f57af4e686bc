"""The model: the ontology as data, typed values, 4x4 gradings, case files as the loader writes
them."""
