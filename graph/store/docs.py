"""docs/ontology.md and docs/queries.md, generated from the ontology and the saved queries'
headers so they can never drift (tests check both)."""

from __future__ import annotations

from graph.model.ontology import RELATIONSHIP_PROVENANCE, Ontology, Property
from graph.store.saved_queries import Library, Param


def _property_rows(properties: dict[str, Property]) -> list[str]:
    if not properties:
        return ["_No properties of its own._", ""]
    rows = ["| property | type | required | allowed values | meaning |",
            "|---|---|---|---|---|"]
    for p in properties.values():
        values = ", ".join(f"`{v}`" for v in p.values)
        rows.append(f"| `{p.name}` | {p.type} | {'yes' if p.required else ''} | {values} "
                    f"| {p.description} |")
    return [*rows, ""]


def ontology_markdown(ontology: Ontology) -> str:
    out = ["# The dismark ontology", "",
           "Generated from `graph/model/ontology.yaml` by `dismark docs`; do not edit by hand.", "",
           "Every node has the key `id` and the provenance properties `first_seen` and "
           "`last_seen`. The case files naming an entity are its `MENTIONED_IN` "
           "relationships, each with that file's grading and date (a list on the entity "
           "would be rewritten by every load naming it: thousands of ids for a country or a "
           "port); a case file's `sources` lists the case files that refer to it. "
           "Every relationship has `id` and "
           f"{', '.join(f'`{p}`' for p in RELATIONSHIP_PROVENANCE)} (Europol 4x4 codes: "
           "`gradings` per asserting case as `case=B2`, `grading` the most reliable of them). "
           "Dates are ISO-8601 text (YYYY-MM-DD).", "",
           "## Node types", ""]
    for node in ontology.nodes.values():
        out += [f"### {node.label}", "", node.description, "",
                f"Colour `{node.colour}` · caption `{', '.join(node.caption)}` · country from "
                f"`{node.country_property or '—'}`", ""]
        out += _property_rows(dict(node.properties))
    out += ["## Relationship types", ""]
    for rel in ontology.relationships.values():
        out += [f"### {rel.name}", "", rel.description, "",
                f"From {', '.join(f'`{s}`' for s in rel.sources)} to "
                f"{', '.join(f'`{t}`' for t in rel.targets)}.", ""]
        out += _property_rows(dict(rel.properties))
    return "\n".join(out).rstrip() + "\n"


_GROUP_TITLES = {
    "indicator": "The study's indicators",
    "investigation": "Investigation",
    "cooperation": "Cooperation between Belgium and the Netherlands",
}


def _default(param: Param) -> str:
    if param.required:
        return "required"
    if param.default is None:
        return "optional"
    value = param.default
    return "`" + (", ".join(map(str, value)) if isinstance(value, list) else str(value)) + "`"


def queries_markdown(library: Library) -> str:
    """docs/queries.md: the saved query library, grouped, from the queries' own headers."""
    out = ["# Saved queries", "",
           "Generated from the headers of `queries/*.cypher` by `dismark docs`; do not edit by "
           "hand. Run one with `dismark query run NAME -p key=value …`; every run is read-only, "
           "time-limited and row-capped. How to write one: `queries/README.md`.", ""]
    for group, heading in _GROUP_TITLES.items():
        members = [q for q in library.queries.values() if q.group == group]
        out += [f"## {heading}", "", "| query | title | market | echelon | returns |",
                "|---|---|---|---|---|"]
        out += [f"| [`{q.name}`](#{q.name}) | {q.title} | {', '.join(q.tags['market'])} "
                f"| {', '.join(q.tags['echelon'])} | {q.returns} |" for q in members]
        out.append("")
        for q in members:
            out += [f"### {q.name}", "", f"**{q.title}.** {q.description}", "",
                    f"Returns a {q.returns} · audience: {', '.join(q.tags['audience'])} · "
                    f"`queries/{q.name}.cypher`", ""]
            if q.params:
                out += ["| parameter | type | default | meaning |", "|---|---|---|---|"]
                out += [f"| `{p.name}` | {p.describe_type()} | {_default(p)} | {p.description} |"
                        for p in q.params.values()]
                out.append("")
    return "\n".join(out).rstrip() + "\n"
