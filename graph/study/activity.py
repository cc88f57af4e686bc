"""The activity series behind the shift-versus-expansion verdicts, read with saved queries.

Each row of the study's Table 1 (market × echelon) is judged on the activity the study
counted for it: dismantled plantations and labs per country (production), seized shipments
per destination country (cocaine middle market: the traffic as customs records it, not the
shipments of investigations, whose number follows the files prosecutors open), and for
retail who serves Belgian demand, read on both sides: Dutch-run suppliers (a shift when
they rise) and Belgian-run ones (an expansion when they rise while the Dutch persist) —
couriers' deliveries into BE, parcels posted from BE. Every count comes from a
``queries/activity-series-*.cypher`` file, so an analyst can rerun and check it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphStore
from graph.store.saved_queries import Library, load_library, run_saved
from graph.study.effort import STATISTICS_KIND

#: The series of events whose country the graph does not say (no own country, no place).
UNKNOWN = "unknown"
#: The two sides of a retail row: suppliers run from NL and from BE serving Belgian demand.
DUTCH_RUN = "NL→BE"
BELGIAN_RUN = "BE→BE"

#: Table 1's rows: (market, echelon) → what the series counts, the saved query and its
#: parameters, and how it is read: ``countries`` compares BE with NL (the query's rows name
#: the country); ``who_serves_be`` runs the query once per side (``sides``: series key →
#: extra parameters), Dutch-run against Belgian-run suppliers of Belgian demand.
ROWS: dict[tuple[str, str], dict] = {
    ("cannabis", "production"): {
        "counts": "dismantled plantations", "query": "activity-series-dismantled-sites",
        "params": {"market": "cannabis"}, "reading": "countries"},
    ("cannabis", "retail"): {
        "counts": "case files of couriers delivering in BE, by where their supplier is run",
        "query": "activity-series-deliveries-into-belgium", "params": {"market": "cannabis"},
        "reading": "who_serves_be",
        "sides": {DUTCH_RUN: {"run_from": "NL"}, BELGIAN_RUN: {"run_from": "BE"}}},
    ("synthetic", "production"): {
        "counts": "dismantled labs", "query": "activity-series-dismantled-sites",
        "params": {"market": "synthetic"}, "reading": "countries"},
    ("synthetic", "retail"): {
        "counts": "parcels posted from BE postal services, by the sender's country",
        "query": "activity-series-parcels-from-belgium", "params": {},
        "reading": "who_serves_be",
        "sides": {DUTCH_RUN: {"sender_country": "NL"}, BELGIAN_RUN: {"sender_country": "BE"}}},
    ("cocaine", "middle_market"): {
        "counts": "cocaine shipments recorded in seizure reports, by destination country",
        "query": "activity-series-shipments-by-destination",
        "params": {"drug": "cocaine", "recorded_in": ["seizure_report"]},
        "reading": "countries"},
    ("cocaine", "retail"): {
        "counts": "case files of call centres' couriers delivering in BE, by where the centre "
                  "is run",
        "query": "activity-series-deliveries-into-belgium", "params": {"market": "cocaine"},
        "reading": "who_serves_be",
        "sides": {DUTCH_RUN: {"run_from": "NL"}, BELGIAN_RUN: {"run_from": "BE"}}},
}


#: study: its verdict on each row of Table 1 (docs/study.md), from the Belgian perspective.
STUDY_VERDICTS: dict[tuple[str, str], str] = {
    ("cannabis", "production"): "expansion",
    ("cannabis", "retail"): "shift",
    ("synthetic", "production"): "expansion",
    ("synthetic", "retail"): "shift",
    ("cocaine", "middle_market"): "expansion",
    ("cocaine", "retail"): "shift",
}


def series_keys(reading: str) -> list[str]:
    """The series a reading compares, Belgian side first."""
    return [BELGIAN_RUN, DUTCH_RUN] if reading == "who_serves_be" else ["BE", "NL"]


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    on: str
    country: str
    market: str
    echelon: str
    #: enforcement, policy or other; None when the case file does not say (it may have
    #: raised enforcement)
    kind: str | None = None

    @property
    def year(self) -> int:
        return int(self.on[:4])

    def applies_to(self, market: str, echelon: str) -> bool:
        return self.market in (market, "all") and self.echelon in (echelon, "all")


@dataclass
class Series:
    """Yearly counts of one row's activity, per country (or, for retail, per side serving
    Belgian demand) and per region (province or port), over the years the graph covers."""

    market: str
    echelon: str
    counts_what: str
    reading: str
    query: str
    params: dict
    #: first and last year the graph has case files for (a year without events is a zero)
    span: tuple[int, int]
    by_country: dict[str, dict[int, int]] = field(default_factory=dict)
    by_region: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)
    #: a retail row's sides: series key → the parameters added to ``params`` to read it
    sides: dict[str, dict] = field(default_factory=dict)
    #: (series key, country whose enforcement found the events) → yearly counts: the cells of
    #: the count regression (``graph.study.count_model``); None when the country is unknown
    by_exposure: dict[tuple[str, str | None], dict[int, int]] = field(default_factory=dict)

    def total(self, key: str) -> int:
        return sum(self.by_country.get(key, {}).values())

    def years(self) -> range:
        return range(self.span[0], self.span[1] + 1)

    def as_dict(self) -> dict:
        return {"counts": self.counts_what, "reading": self.reading, "query": self.query,
                "params": self.params, "sides": self.sides, "span": list(self.span),
                "by_country": {k: _years(v) for k, v in sorted(self.by_country.items())},
                "by_region": [{"series": k, "region": r, "years": _years(v)}
                              for (k, r), v in sorted(self.by_region.items())],
                "by_exposure": [{"series": k, "found_in": c, "years": _years(v)}
                                for (k, c), v in sorted(self.by_exposure.items(),
                                                        key=lambda kv: (kv[0][0],
                                                                        kv[0][1] or ""))]}


def _years(counts: Mapping[int, int]) -> dict[str, int]:
    return {str(y): n for y, n in sorted(counts.items())}


class ActivityReader:
    """Runs the activity-series queries on one store (the library is loaded once)."""

    def __init__(self, store: GraphStore, ontology: Ontology | None = None,
                 library: Library | None = None):
        self.store = store
        self.library = library or load_library(ontology or load_ontology())

    def rows(self, name: str, params: Mapping | None = None) -> list[dict]:
        return run_saved(self.store, self.library.get(name), dict(params or {})).records()

    def interventions(self) -> list[Intervention]:
        return [Intervention(r["intervention"], r["name"], r["on_date"], r["country"],
                             r["market"], r["echelon"], r["kind"])
                for r in self.rows("activity-series-interventions")]

    def case_files(self) -> list[dict]:
        return self.rows("activity-series-case-files")

    def span(self) -> tuple[int, int]:
        """The years the case files cover (statistics files are context, not cases: their
        years say nothing of what the police found)."""
        years = [r["year"] for r in self.case_files()
                 if r["year"] is not None and r["kind"] != STATISTICS_KIND]
        return (min(years), max(years)) if years else (0, -1)

    def effort(self) -> list[dict]:
        """The enforcement-effort figures the case files state (``graph.study.effort``)."""
        return self.rows("activity-series-enforcement-effort")

    def site_sizes(self) -> list[dict]:
        """Every dismantled plantation's size, country and year (a detection-robust
        indicator: more searching finds smaller sites)."""
        return self.rows("activity-series-site-sizes")

    def series(self, market: str, echelon: str, span: tuple[int, int] | None = None) -> Series:
        row = ROWS[(market, echelon)]
        out = Series(market, echelon, row["counts"], row["reading"], row["query"],
                     dict(row["params"]), span or self.span(),
                     sides={k: dict(v) for k, v in row.get("sides", {}).items()})
        for side, extra in row.get("sides", {None: {}}).items():
            for record in self.rows(row["query"], {**row["params"], **extra}):
                key, regions, n, found_in = _entry(row["query"], record)
                if record["year"] is None:
                    continue
                key, year = side or key or UNKNOWN, record["year"]
                out.by_country.setdefault(key, defaultdict(int))[year] += n
                for region in regions:  # a case file can count in several regions
                    out.by_region.setdefault((key, region or "unknown"),
                                             defaultdict(int))[year] += n
                exposed = "BE" if side else found_in  # retail: Belgian police find both sides
                out.by_exposure.setdefault((key, exposed), defaultdict(int))[year] += n
        out.by_country = {k: dict(v) for k, v in out.by_country.items()}
        out.by_region = {k: dict(v) for k, v in out.by_region.items()}
        out.by_exposure = {k: dict(v) for k, v in out.by_exposure.items()}
        return out


def _entry(query: str, record: dict
           ) -> tuple[str | None, list[str | None], int, str | None]:
    """(series key, regions, count, country whose enforcement found them) of one query row;
    the key of a retail row's query is its side's (None here)."""
    if query == "activity-series-dismantled-sites":
        return record["country"], [record["province"]], record["sites"], record["country"]
    if query == "activity-series-shipments-by-destination":
        return (record["destination_country"], [record["port"]], record["shipments"],
                record["port_country"])
    if query == "activity-series-parcels-from-belgium":
        return None, [record["province"]], record["parcels"], "BE"
    # deliveries: one row per case file, counted once, in each Belgian province it names
    return None, record["provinces"] or [None], 1, "BE"
