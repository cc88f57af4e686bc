"""Entity resolution: which entities under different ids are probably one (docs/resolution.md).

``candidates`` proposes pairs with their reasons: persons by a Fellegi-Sunter model
(``person_model``, Splink on DuckDB, in process), phones, vehicles and companies by their
normal forms (``identifiers``); ``decisions`` keeps what analysts decide of them as
``SAME_AS`` relationships, reversibly. Nothing here changes or removes an entity.
"""
