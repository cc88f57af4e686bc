"""Entity search for investigators: by id, phone number, plate, name, address or place.

Names in case files are spelled every which way (accents dropped, initials, particles,
typos), and a fuzzy match cannot run as Cypher on FalkorDB. So the graph is read once into a
``SearchIndex`` (id, label, caption, country and the searchable texts of every entity, one
query per ontology label, no round trip per node), which the explorer caches for a minute,
and the matching runs here in Python: token postings for names, dictionaries for ids, phone
numbers (on digits) and plates, on the keys of ``graph.model.identifiers``. Like every cached
answer of the explorer, an entity loaded after the index was read shows when the cache
expires.

Ranking: an exact id first, then an exact phone number or plate, then names, addresses and
places by how well they match, then partial ids, numbers and plates.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from graph.model.identifiers import (
    PARTICLES,
    allowed_typos,
    fold,
    joined_tokens,
    national_digits,
    phone_country,
    phone_key,
    plate_key,
    tokens,
)
from graph.model.ontology import Ontology
from graph.store import GraphStore, cypher

#: Properties matched fuzzily, with how the match is described and how much it weighs.
#: An entity shown by its id (a plantation, a lab) is also found by the words of its id.
TEXT_PROPERTIES: Mapping[str, tuple[str, float]] = {
    "name": ("name", 1.0), "address": ("address", 0.95), "municipality": ("municipality", 0.9),
    "title": ("title", 0.85), "id": ("id", 0.7)}
PHONE_PROPERTY, PLATE_PROPERTY = "number", "plate"
#: Properties that tell namesakes apart in a picker ("Ines Maes — Person, born 1990-02-01,
#: BE"), as (property, how it reads): four "Ines Maes" must not be told apart by id alone.
FACT_PROPERTIES: Mapping[str, str] = {"birth_date": "born {}", "kind": "{}",
                                      "opened_on": "opened {}", "agency": "{}"}

SCORE_EXACT_ID, SCORE_EXACT_NUMBER, SCORE_TEXT = 1000.0, 900.0, 100.0
SCORE_PARTIAL, SCORE_PARTIAL_NUMBER = 30.0, 35.0
#: shortest text matched inside an id, a number (one less after +32 or 0) and a plate
MIN_PARTIAL_ID, MIN_PARTIAL_DIGITS, MIN_PARTIAL_PLATE = 3, 4, 3

_PHONE_LIKE = re.compile(r"^[+\d\s\-./()]+$")


# -- the index ------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexRow:
    """One entity as the search sees it; ``texts`` holds (property, value) pairs."""

    id: str
    label: str
    caption: str
    country: str | None = None
    texts: tuple[tuple[str, str], ...] = ()
    phone: str | None = None
    plate: str | None = None
    #: what tells it apart from a namesake (``FACT_PROPERTIES``), as read
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchIndex:
    """Every entity with its search keys, built once (``build_index``) and then only read.

    ``postings`` maps a folded word to the rows having it in a text; ``words`` holds them
    sorted (prefix look-ups) and ``words_by_length`` grouped by length (typo look-ups).
    """

    rows: tuple[IndexRow, ...]
    #: per row, its texts as (property, value, words, joined words), folded once here
    texts: tuple[tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...], ...]
    ids: Mapping[str, int]
    phones: Mapping[str, tuple[tuple[int, str | None], ...]]
    plates: Mapping[str, tuple[int, ...]]
    postings: Mapping[str, tuple[int, ...]]
    words: tuple[str, ...]
    words_by_length: Mapping[int, tuple[str, ...]]
    truncated: bool = False


def build_index(rows: Iterable[IndexRow], truncated: bool = False) -> SearchIndex:
    """The search keys of ``rows``: folded words, phone numbers on digits, plates."""
    rows = tuple(rows)
    ids: dict[str, int] = {}
    phones: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    plates: dict[str, list[int]] = defaultdict(list)
    postings: dict[str, set[int]] = defaultdict(set)
    texts = []
    for i, row in enumerate(rows):
        ids.setdefault(row.id.casefold(), i)
        key = phone_key(row.phone) if row.phone else None
        if key:
            phones[key[1]].append((i, key[0]))
        if row.plate and plate_key(row.plate):
            plates[plate_key(row.plate)].append(i)
        folded = tuple((prop, text, tokens(text), joined_tokens(text) if prop != "id" else ())
                       for prop, text in row.texts)
        texts.append(folded)
        for _, _, words, joined in folded:
            for word in (*words, *joined):
                postings[word].add(i)
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in postings:
        by_length[len(word)].append(word)
    return SearchIndex(rows, tuple(texts), ids, {k: tuple(v) for k, v in phones.items()},
                       {k: tuple(v) for k, v in plates.items()},
                       {k: tuple(sorted(v)) for k, v in postings.items()}, tuple(sorted(postings)),
                       {n: tuple(w) for n, w in by_length.items()}, truncated)


def index_query(ontology: Ontology, label_name: str) -> str:
    """Every node of one label with its id, caption, country and searchable properties.

    Only the ontology's label (through ``graph.store.cypher.label``) and property names it declares
    for that label are spliced; nothing else varies.
    """
    node = ontology.node(label_name)
    wanted = dict.fromkeys([*node.caption, node.country_property, *TEXT_PROPERTIES,
                            PHONE_PROPERTY, PLATE_PROPERTY, *FACT_PROPERTIES])
    columns = ["n.id AS id"] + [f"n.`{p}` AS `{p}`" for p in wanted
                                if p and p != "id" and p in node.properties and p.isidentifier()]
    return f"MATCH (n:{cypher.label(ontology, label_name)}) RETURN {', '.join(columns)}"


def index_rows(records: Iterable[Mapping[str, Any]], label_name: str,
               ontology: Ontology) -> list[IndexRow]:
    """``index_query`` records of one label as ``IndexRow``s."""
    node = ontology.node(label_name)
    out = []
    for record in records:
        if record.get("id") in (None, ""):
            continue
        entity_id = str(record["id"])
        shown = node.caption_of(record) or entity_id
        phone = record.get(PHONE_PROPERTY)
        texts = tuple((p, str(record[p])) for p in TEXT_PROPERTIES
                      if p != "id" and record.get(p) not in (None, ""))
        country = ontology.country_of(label_name, record) or (
            phone_country(str(phone)) if phone else None)
        out.append(IndexRow(
            entity_id, label_name, shown, country,
            texts + ((("id", entity_id),) if shown == entity_id else ()),
            str(phone) if phone else None,
            str(record[PLATE_PROPERTY]) if record.get(PLATE_PROPERTY) else None,
            tuple(form.format(record[p]) for p, form in FACT_PROPERTIES.items()
                  if record.get(p) not in (None, ""))))
    return out


def read_index(store: GraphStore, ontology: Ontology) -> SearchIndex:
    """The search index of the whole graph: one query per ontology label."""
    rows: list[IndexRow] = []
    truncated = False
    for label_name in ontology.nodes:
        result = store.read(index_query(ontology, label_name),
                            max_rows=store.settings.row_ceiling)
        truncated = truncated or result.truncated
        rows += index_rows(result.records(), label_name, ontology)
    return build_index(rows, truncated)


# -- searching --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Match:
    """One entity found, with why it matched (``why``) and how well (``score``)."""

    id: str
    label: str
    caption: str
    country: str | None
    score: float
    why: str
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    """The best ``matches`` (best first) of ``total`` entities that matched."""

    matches: tuple[Match, ...]
    total: int


def _word_scores(word: str, index: SearchIndex) -> dict[str, tuple[float, str]]:
    """Index words ``word`` may stand for: word -> (score 0..1, how it matched)."""
    found: dict[str, tuple[float, str]] = {}
    if word in index.postings:
        found[word] = (1.0, "exact")
    if len(word) == 1 or len(word) >= 3:
        start = bisect.bisect_left(index.words, word)
        for other in index.words[start:]:
            if not other.startswith(word):
                break
            if other != word:
                found[other] = ((0.75, "initial") if len(word) == 1 else
                                (0.6 + 0.3 * len(word) / len(other), "prefix"))
    limit = allowed_typos(word)
    for length in range(len(word) - limit, len(word) + limit + 1) if limit else ():
        for other, distance, _ in process.extract_iter(
                word, index.words_by_length.get(length, ()), scorer=OSA.distance,
                score_cutoff=limit):
            found.setdefault(other, (0.85 - 0.15 * distance, "typo"))
    return found


def _text_score(words: list[tuple[str, bool]], text_words: tuple[str, ...], extra: tuple[str, ...],
                scores: Mapping[str, Mapping[str, tuple[float, str]]]
                ) -> tuple[float, set[str], set[str]] | None:
    """How well the query words match one text (0..1) and how, or None if a word is missing.

    ``words`` are (folded word, is a particle). Every word must match a distinct word of the
    text, except particles ("de", "van"), which count when they match and are ignored when
    they do not. Texts with fewer unmatched words score higher.
    """
    available = list(text_words) + list(extra)
    total, counted, kinds, used = 0.0, 0, set(), set()
    for word, particle in sorted(words, key=lambda w: (w[1], -len(w[0]))):
        options = scores[word]
        best = max(((options[t][0], t) for t in available if t in options and t not in used),
                   default=None)
        if best is None:
            if particle:
                continue
            return None
        used.add(best[1])
        total, counted = total + best[0], counted + 1
        kinds.add(options[best[1]][1])
    if not counted:
        return None
    names = [t for t in text_words if t not in PARTICLES] or list(text_words)
    coverage = sum(t in used for t in names) / len(names)
    return total / counted * (0.75 + 0.25 * coverage), kinds, used


def _text_matches(text: str, index: SearchIndex, labels: Collection[str] | None
                  ) -> dict[int, tuple[float, Callable[[], str]]]:
    """Rows whose name, address or place matches the words of ``text``: row -> (score, why),
    ``why`` worded only for the matches that are shown."""
    query_words = tokens(text)
    if not query_words:
        return {}
    only_particles = all(w in PARTICLES for w in query_words)
    words = [(w, w in PARTICLES and not only_particles) for w in query_words]
    scores = {w: _word_scores(w, index) for w in query_words}
    candidates: set[int] | None = None
    for word in (w for w, particle in words if not particle):
        rows = {r for other in scores[word] for r in index.postings[other]}
        candidates = rows if candidates is None else candidates & rows
        if not candidates:
            return {}
    folded = " ".join(query_words)
    out: dict[int, tuple[float, Callable[[], str]]] = {}
    for i in candidates or ():
        row = index.rows[i]
        if labels is not None and row.label not in labels:
            continue
        for prop, value, text_words, joined in index.texts[i]:
            scored = ((1.0, {"exact"}, set(text_words)) if " ".join(text_words) == folded
                      else _text_score(words, text_words, joined, scores))
            if not scored:
                continue
            described, weight = TEXT_PROPERTIES[prop]
            if row.label == "Location" and prop == "name":
                described = "place"
            score = SCORE_TEXT * weight * scored[0]
            if i not in out or score > out[i][0]:
                out[i] = (score, partial(_describe, described, value, *scored[1:]))
    return out


def _describe(prop: str, value: str, kinds: set[str], used: set[str]) -> str:
    """Why a text matched: "name “Noël Vermeulen” (accents ignored, initials)"."""
    notes = [n for kind, n in (("initial", "initials"), ("prefix", "word start"),
                               ("typo", "spelling"))
             if kind in kinds]
    if any(fold(w) != w and fold(w) in used for w in re.findall(r"[^\W_]+", value.casefold())):
        notes.insert(0, "accents ignored")
    return f"{prop} “{value}”" + (f" ({', '.join(notes)})" if notes else "")


def search(index: SearchIndex, text: str, *, labels: Collection[str] | None = None,
           limit: int = 50) -> Found:
    """The entities ``text`` names, best first: an exact id, then an exact phone number or
    plate, then names, addresses and places (fuzzy), then partial ids, numbers and plates.

    ``labels`` keeps only entities of those ontology labels (None for all). Blank text finds
    nothing. At most ``limit`` matches are returned; ``total`` says how many there were.
    """
    text = text.strip()
    if not text:
        return Found((), 0)
    labels = set(labels) if labels is not None else None
    best: dict[int, tuple[float, str]] = {}

    def offer(i: int, score: float, why: str | Callable[[], str]) -> None:
        if (labels is None or index.rows[i].label in labels) and (
                i not in best or score > best[i][0]):
            best[i] = (score, why)

    lowered = text.casefold()
    if lowered in index.ids:
        offer(index.ids[lowered], SCORE_EXACT_ID, "id")
    if len(lowered) >= MIN_PARTIAL_ID:
        for entity_id, i in index.ids.items():
            if lowered in entity_id and entity_id != lowered:
                offer(i, SCORE_PARTIAL + 5 * len(lowered) / len(entity_id),
                      f"id contains “{text}”")
    if _PHONE_LIKE.match(text):
        _phone_matches(index, text, offer)
    plate = plate_key(text)
    for i in index.plates.get(plate, ()) if plate else ():
        offer(i, SCORE_EXACT_NUMBER, f"plate {index.rows[i].plate}")
    if len(plate) >= MIN_PARTIAL_PLATE and any(c.isalpha() for c in plate):
        for key, rows in index.plates.items():
            if plate in key and key != plate:
                for i in rows:
                    offer(i, SCORE_PARTIAL_NUMBER,
                          f"plate {index.rows[i].plate} contains “{text}”")
    for i, (score, why) in _text_matches(text, index, labels).items():
        offer(i, score, why)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], index.rows[kv[0]].caption.casefold(),
                                                  index.rows[kv[0]].id))
    return Found(tuple(_match(index.rows[i], score, why() if callable(why) else why)
                       for i, (score, why) in ranked[:limit]), len(ranked))


def _phone_matches(index: SearchIndex, text: str, offer: Any) -> None:
    """Phones whose number is ``text`` on digits (calling codes and trunk 0 aside), then
    phones whose number contains its digits."""
    key = phone_key(text)
    if key:
        code, national = key
        for i, other_code in index.phones.get(national, ()):
            if code is None or other_code is None or code == other_code:
                offer(i, SCORE_EXACT_NUMBER, f"phone number {index.rows[i].phone}")
    code, digits = national_digits(text)
    # "+32 470" and "0470" give the start of a number; bare digits may be anywhere in it
    anchored = code is not None or re.sub(r"\D", "", text).startswith("0")
    if len(digits) >= MIN_PARTIAL_DIGITS - anchored:
        for national, rows in index.phones.items():
            if (national.startswith(digits) if anchored else digits in national) and (
                    not key or national != key[1]):
                for i, other_code in rows:
                    if code is not None and other_code not in (None, code):
                        continue
                    offer(i, SCORE_PARTIAL_NUMBER, f"phone number {index.rows[i].phone} contains "
                          f"“{text}”")


def _match(row: IndexRow, score: float, why: str) -> Match:
    return Match(row.id, row.label, row.caption, row.country, round(score, 1), why, row.facts)
