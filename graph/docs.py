"""docs/ontology.md, generated from the ontology so it can never drift (a test checks it)."""

from __future__ import annotations

from graph.ontology import PROVENANCE, RELATIONSHIP_PROVENANCE, Ontology, Property


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
           "Generated from `graph/ontology.yaml` by `dismark docs`; do not edit by hand.", "",
           f"Every node has the key `id` and the provenance properties "
           f"{', '.join(f'`{p}`' for p in PROVENANCE)}; every relationship has `id` and "
           f"{', '.join(f'`{p}`' for p in RELATIONSHIP_PROVENANCE)} (Europol 4x4 codes: "
           "`gradings` per asserting case as `case=B2`, `grading` the most reliable of them). "
           "Dates are ISO-8601 text (YYYY-MM-DD).", "",
           "## Node types", ""]
    for node in ontology.nodes.values():
        out += [f"### {node.label}", "", node.description, "",
                f"Colour `{node.colour}` · caption `{node.caption}` · country from "
                f"`{node.country_property or '—'}`", ""]
        out += _property_rows(dict(node.properties))
    out += ["## Relationship types", ""]
    for rel in ontology.relationships.values():
        out += [f"### {rel.name}", "", rel.description, "",
                f"From {', '.join(f'`{s}`' for s in rel.sources)} to "
                f"{', '.join(f'`{t}`' for t in rel.targets)}.", ""]
        out += _property_rows(dict(rel.properties))
    return "\n".join(out).rstrip() + "\n"
