"""Which two person records are probably one person: a Fellegi-Sunter model in Splink, run
in process on DuckDB (docs/resolution.md, with the measurements behind each choice).

The model compares the normal forms of ``names`` field by field; each comparison has levels
(identical name, particles or accents apart, first and last name swapped, an initial, a typo,
...), and each level a match weight learnt from data. The shipped model
(``person_model.json``) was learnt without labels on generated records with every kind of
variant (``python -m evaluation.person_variants train``, which also rewrites it); every run then
estimates again, on the graph it resolves, the two things that depend on that graph: how
likely two random records are the same person (the prior: a shipped prior keeps the
training world's share of duplicates) and how often fields agree by chance (``u``, from
random pairs), the latter only where there are enough records to sample.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL = Path(__file__).with_name("person_model.json")
#: Below this many records, random pairs say little about chance agreement: the shipped
#: ``u`` are kept.
ENOUGH_FOR_U = 2_000
#: Pairs scored below this match probability are not kept at all.
KEEP = 0.01

COLUMNS = ("unique_id", "name_norm", "first_name", "first_initial", "surname_core",
           "surname_compact", "name_key", "name_tokens_sorted", "birth_date",
           "birth_date_transposed", "birth_year", "birth_md", "nationality",
           "residence_country", "phones")


@dataclass(frozen=True)
class Reason:
    """How one field of a pair compared and how much that weighed (the match weight, log2
    of the Bayes factor: positive for the same person, negative against)."""

    field: str
    level: str
    weight: float


@dataclass(frozen=True)
class ScoredPair:
    a: str
    b: str
    probability: float
    reasons: tuple[Reason, ...]


def settings() -> Any:
    """The comparisons and blocking rules (fields as ``names`` computes them)."""
    import splink.comparison_level_library as cll
    from splink import SettingsCreator, block_on
    from splink.blocking_rule_library import CustomRule
    from splink.comparison_library import CustomComparison, ExactMatch

    name = CustomComparison(output_column_name="name", comparison_levels=[
        cll.NullLevel("name_norm"),
        cll.ExactMatchLevel("name_norm").configure(label_for_charts="identical"),
        cll.ExactMatchLevel("name_key", term_frequency_adjustments=True).configure(
            label_for_charts="same first name and surname (particles, accents, order apart)"),
        cll.CustomLevel("name_tokens_sorted_l = name_tokens_sorted_r",
                        "same words, first and last name swapped"),
        cll.CustomLevel("surname_compact_l = surname_compact_r AND first_name_l = first_name_r",
                        "surname written together or apart"),
        cll.CustomLevel("first_name_l = first_name_r AND "
                        "jaro_winkler_similarity(surname_core_l, surname_core_r) >= 0.9",
                        "same first name, surname nearly the same (a typo)"),
        cll.CustomLevel("surname_core_l = surname_core_r AND "
                        "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.9",
                        "same surname, first name nearly the same (a typo)"),
        cll.CustomLevel("surname_core_l = surname_core_r AND first_initial_l = first_initial_r "
                        "AND (length(first_name_l) = 1 OR length(first_name_r) = 1)",
                        "an initial and the same surname"),
        cll.CustomLevel("damerau_levenshtein(surname_core_l, surname_core_r) <= 1 "
                        "AND first_initial_l = first_initial_r",
                        "surname one edit apart, same initial"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])
    born = CustomComparison(output_column_name="birth_date", comparison_levels=[
        cll.NullLevel("birth_date"),
        cll.ExactMatchLevel("birth_date").configure(label_for_charts="same"),
        cll.CustomLevel("birth_date_l = birth_date_transposed_r", "day and month swapped"),
        cll.CustomLevel("birth_md_l = birth_md_r AND abs(birth_year_l - birth_year_r) = 1",
                        "year one apart"),
        cll.CustomLevel("damerau_levenshtein(birth_date_l, birth_date_r) <= 1",
                        "one digit apart"),
        cll.ElseLevel().configure(label_for_charts="different"),
    ])
    phones = CustomComparison(output_column_name="phones", comparison_levels=[
        cll.NullLevel("phones"),
        cll.ArrayIntersectLevel("phones", min_intersection=1).configure(
            label_for_charts="a phone number in common (E.164)"),
        cll.ElseLevel().configure(label_for_charts="no phone number in common"),
    ])
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[name, born, ExactMatch("nationality"), ExactMatch("residence_country"),
                     phones],
        blocking_rules_to_generate_predictions=[
            block_on("surname_core", "first_initial"),
            block_on("name_tokens_sorted"),
            block_on("birth_date"),
            CustomRule("l.birth_date = r.birth_date_transposed"),
            block_on("phones", arrays_to_explode=["phones"]),
        ],
        retain_intermediate_calculation_columns=True,
    )


def _linker(records: list[Mapping[str, Any]], model: Any) -> Any:
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    table = pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in records],
                                 schema=_schema())
    db_api = DuckDBAPI(connection=duckdb.connect())
    return Linker(db_api.register(table), model, log_level="WARNING")


def _schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    return pa.schema([*((c, text) for c in COLUMNS[:-6]), ("birth_date", text),
                      ("birth_date_transposed", text), ("birth_year", pa.int32()),
                      ("birth_md", text), ("nationality", text), ("residence_country", text),
                      ("phones", pa.list_(text))])


def train(records: list[Mapping[str, Any]], out: Path = MODEL) -> dict[str, Any]:
    """Learn the model without labels and write it: the prior from a strict rule (same
    name and birth date, assumed to find 80 % of the duplicates), ``u`` from random pairs,
    ``m`` by expectation maximisation on two blocks that each leave the other's fields free.
    The prior stays fixed during EM: left free, EM inside a block full of namesakes learns
    that the same person rarely has the same birth date."""
    from splink import block_on

    linker = _linker(records, settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_key", "birth_date")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("birth_date"), block_on("surname_core", "first_initial")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True,
            fix_probability_two_random_records_match=True)
    model = smoothed(linker.misc.save_model_to_json())
    out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return model


#: The least probability a level keeps: learnt on generated records, where a field never
#: disagrees within one person, EM puts m at 0, and one disagreement (a nationality written
#: otherwise) would veto any match, whatever else agrees.
M_FLOOR, U_FLOOR = 0.001, 1e-6


def smoothed(model: dict[str, Any]) -> dict[str, Any]:
    """``model`` with every level's m and u at least ``M_FLOOR`` and ``U_FLOOR``, each
    comparison's levels summing to one again."""
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
            raised = [max(lv.get(key) or 0.0, floor) for lv in levels]
            for level, value in zip(levels, raised, strict=True):
                level[key] = value / sum(raised)
    return model


def score(records: list[Mapping[str, Any]], model_path: Path = MODEL) -> list[ScoredPair]:
    """Every pair the blocking rules bring together and the model scores at least ``KEEP``,
    with the reasons field by field."""
    from splink import block_on

    if len(records) < 2:
        return []
    linker = _linker(records, json.loads(model_path.read_text(encoding="utf-8")))
    if _strict_pairs(records):  # else no evidence of the prior here: keep the shipped one
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name_key", "birth_date")], recall=0.8)
    if len(records) >= ENOUGH_FOR_U:
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    rows = linker.inference.predict(threshold_match_probability=KEEP).as_record_list()
    labels = _level_labels(linker.misc.save_model_to_json())
    return [ScoredPair(*sorted((str(r["unique_id_l"]), str(r["unique_id_r"]))),
                       float(r["match_probability"]), tuple(_reasons(r, labels)))
            for r in rows]


def _strict_pairs(records: list[Mapping[str, Any]]) -> int:
    """How many pairs have the same name and birth date (the prior's rule)."""
    from collections import Counter

    groups = Counter((r.get("name_key"), r.get("birth_date")) for r in records
                     if r.get("name_key") and r.get("birth_date"))
    return sum(n * (n - 1) // 2 for n in groups.values())


def _level_labels(model: Mapping[str, Any]) -> dict[tuple[str, int], str]:
    """(comparison, gamma) -> the level's label. Splink numbers a comparison's levels in
    order, the best highest and the last 0; the null level is -1."""
    out = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for gamma, level in zip(range(len(levels) - 1, -1, -1), levels, strict=True):
            out[comparison["output_column_name"], gamma] = (level.get("label_for_charts")
                                                             or level["sql_condition"])
    return out


def _reasons(row: Mapping[str, Any], labels: Mapping[tuple[str, int], str]) -> Iterable[Reason]:
    """Each compared field (a missing one says nothing): its level and match weight, with
    the adjustment for how common the value is (a rare name weighs more)."""
    for key, gamma in row.items():
        if not key.startswith("gamma_") or gamma is None or gamma < 0:
            continue
        field = key.removeprefix("gamma_")
        weight = (row.get(f"mw_{field}") or 0.0) + (row.get(f"mw_tf_adj_{field}") or 0.0)
        yield Reason(field, labels.get((field, gamma), str(gamma)), round(weight, 2))
