"""truth.json's ``planted_effects``: what the generator built in, per market × echelon.

One record per row of the study's Table 1, saying which effect was planted (the study's or a
counterfactual, see effects.py), from which year, the interventions it is timed on, and how.
"""

from __future__ import annotations

from generator import cocaine, retail, synthetic_drugs
from generator.effects import STUDY_EFFECTS
from generator.world import World

RESIDENCE_CRITERION = "intervention-nl-residence-criterion"
TASKFORCE = "intervention-nl-taskforce-brabant-zeeland"
#: what "none" means per row: the study's starting levels, held
NOTHING = {
    ("cannabis", "production"): "BE and NL plantations flat (40 and 60 x scale a year)",
    ("cannabis", "retail"): "NL call centres' deliveries into BE flat (2 x scale a year); no "
                            "residence-criterion effect, no call centres run from BE",
    ("synthetic", "production"): "BE and NL labs flat (3 and 8 x scale a year)",
    ("synthetic", "retail"): "Dutch sellers' parcels posted from BE flat (1 x scale a year); "
                             "no Belgian sellers",
    ("cocaine", "middle_market"): "a steady trade (10 x scale shipments a year), Antwerp's "
                                  f"share {cocaine.ANTWERP_SHARE[False]}, 15% destined for BE "
                                  "groups, no crew rises into importing, no Stroomplan effect",
    ("cocaine", "retail"): "NL call centres' deliveries into BE flat (2 x scale a year); no "
                           "call centres run from BE",
}


def planted_effects(world: World) -> list[dict]:
    """One record per market × echelon, in the study's order (the Belgian perspective)."""
    records = []
    for market, echelon in STUDY_EFFECTS:
        effect = world.effect(market, echelon)
        start, interventions, how = _how(world, market, echelon, effect)
        records.append({"market": market, "echelon": echelon, "effect": effect,
                        "from": start, "interventions": interventions, "how": how})
    return records


def _how(world: World, market: str, echelon: str, effect: str) -> tuple[int, list[str], str]:
    first = world.years.start
    if effect == "none":
        return first, [], NOTHING[(market, echelon)]
    if (market, echelon) == ("cannabis", "production"):
        return first, [], ("BE plantations rise 8%/year of the 2008 level while NL plantations "
                           "persist" if effect == "expansion" else
                           "BE plantations rise 8%/year of the first year's level (3.2 x scale "
                           "a year) while NL plantations fall by as many")
    if (market, echelon) == ("synthetic", "production"):
        return first, [TASKFORCE], (
            "BE labs, near the border and mostly serving Dutch groups, rise 10%/year of the "
            "2008 level while NL labs persist; precursors through Antwerp to NL"
            if effect == "expansion" else
            "BE labs, near the border and mostly serving Dutch groups, rise 10%/year of the "
            "first year's level (0.3 x scale a year) while NL labs fall by as many")
    if (market, echelon) == ("cocaine", "middle_market"):
        if effect == "expansion":
            return first, ["intervention-be-stroomplan"], (
                "share of shipments destined for BE groups rises; Antwerp's share of the "
                f"twin-port traffic drops from {cocaine.ANTWERP_SHARE[False]} to "
                f"{cocaine.ANTWERP_SHARE[True]} from {cocaine.STROOMPLAN}")
        return first, [], (
            "a steady trade (10 x scale shipments a year) moves from Rotterdam to Antwerp "
            f"(Antwerp's share {cocaine.SHIFT_SHARE[0]} + {cocaine.SHIFT_SHARE[1]} a year, at "
            "most 0.85) and from Dutch to Belgian importers (share destined for BE groups 0.15 "
            "+ 0.035 a year, at most 0.65); Belgian prosecutor files three times as frequent in "
            "the last year as in the first, Dutch ones the reverse; no Stroomplan effect; "
            "groups' foreign members stay at 15%")
    return _retail(market, effect)


def _retail(market: str, effect: str) -> tuple[int, list[str], str]:
    if market == "synthetic":
        start = synthetic_drugs.PARCELS_FROM
        return start, [], (
            "Dutch sellers' parcels posted from BE postal services rise from 2014"
            if effect == "shift" else
            f"Belgian sellers' parcels posted from BE postal services rise from {start} while "
            "Dutch sellers' parcels from BE persist")
    start = retail.SHIFT_FROM[market]
    interventions = [RESIDENCE_CRITERION] if market == "cannabis" else []
    if effect == "shift":
        return start, interventions, (
            "NL call centres' deliveries into BE rise after the residence criterion"
            if market == "cannabis" else
            "NL call centres dispatch couriers to BE customers, rising from 2014")
    return start, interventions, (f"call centres run from BE deliver {market} to BE customers, "
                                  f"rising from {start}, while NL call centres' deliveries "
                                  "into BE persist")

