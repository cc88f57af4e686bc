"""Which effect the generator plants per market × echelon: the study's, or a counterfactual.

The study judged six rows (docs/study.md, Table 1). To test shift-versus-expansion detection on
more than those six verdicts, any row can be planted as ``expansion`` (Belgian activity rises
while the Dutch persists or grows), ``shift`` (Belgian activity rises while the Dutch falls, or
Dutch actors increasingly serve Belgian demand) or ``none`` (neither rises). Rows not named
keep the study's verdict, so no option at all gives the study's world, byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.study.activity import STUDY_VERDICTS

Row = tuple[str, str]
EFFECTS = ("expansion", "shift", "none")
#: study: the verdicts of Table 1, in the order truth.json lists them.
STUDY_EFFECTS: dict[Row, str] = dict(STUDY_VERDICTS)


def resolve_effects(effects: Mapping[Row | str, str] | None) -> dict[Row, str]:
    """Every row's effect: the study's, overridden by ``effects``.

    Keys are ``(market, echelon)`` or ``"market/echelon"``; an unknown row or effect is a
    ValueError that names the valid ones.
    """
    chosen = dict(STUDY_EFFECTS)
    for key, effect in (effects or {}).items():
        row = _row(key)
        if effect not in EFFECTS:
            raise ValueError(f"effect for {'/'.join(row)} must be one of "
                             f"{', '.join(EFFECTS)}, got {effect!r}")
        chosen[row] = effect
    return chosen


def parse_effect(text: str) -> tuple[Row, str]:
    """``"cannabis/production=shift"`` → ``(("cannabis", "production"), "shift")`` (CLI)."""
    key, sep, effect = text.partition("=")
    if not sep:
        raise ValueError(f"expected market/echelon=effect, got {text!r}")
    row = _row(key.strip())
    resolve_effects({row: effect.strip()})  # validates the effect
    return row, effect.strip()


def _row(key: Row | str) -> Row:
    row = tuple(key.split("/", 1)) if isinstance(key, str) else tuple(key)
    if row not in STUDY_EFFECTS:
        names = ", ".join("/".join(r) for r in STUDY_EFFECTS)
        raise ValueError(f"unknown market/echelon {key!r}; one of {names}")
    return row  # type: ignore[return-value]


def production_level(effect: str, country: str, t: float, *, be_base: float, be_growth: float,
                     nl_base: float, nl_drift: float = 0.0) -> float:
    """Sites in operation per unit of scale, ``t`` years of change in (``World.progress``),
    under a planted production effect. Expansion: BE grows by ``be_growth`` of its base a
    year while NL persists (drifting down by ``nl_drift`` a year); shift: NL loses exactly
    what BE gains; none: both stay at their base."""
    if effect == "none":
        return be_base if country == "BE" else nl_base
    if country == "BE":
        return be_base * (1 + be_growth * t)
    if effect == "expansion":
        return nl_base * (1 - nl_drift * t)
    return nl_base - be_base * be_growth * t
