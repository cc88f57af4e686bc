"""What an investigator did to the network view by hand: nodes hidden, nodes pinned.

Both live in the URL, by entity id, so Back undoes them and a shared link shows the same
picture: ``hide=id1,id2`` and ``pin=id1@x:y,id2@x:y`` (positions in the drawing's pixels;
an id may hold ``@``, the position is after the last one). Pure functions over ``Network``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from explorer.viewmodels.network import Network

#: positions outside this many pixels from the centre are a forged or broken URL
FARTHEST = 100_000.0


def hide(network: Network, entity_ids: Collection[str]) -> tuple[Network, list[str]]:
    """``network`` without the nodes of ``entity_ids`` and their links (the entities it was
    fetched around stay: hiding what was asked for would leave nothing to look at), and
    the ids actually hidden."""
    gone = {eid for eid, node in network.nodes.items()
            if str(node.properties.get("id")) in entity_ids and eid not in network.seeds}
    if not gone:
        return network, []
    kept = replace(network,
                   nodes={eid: n for eid, n in network.nodes.items() if eid not in gone},
                   relationships=tuple(r for r in network.relationships
                                       if r.start not in gone and r.end not in gone),
                   more={eid: n for eid, n in network.more.items() if eid not in gone})
    return kept, sorted(str(network.nodes[eid].properties.get("id")) for eid in gone)


def read_pins(values: Iterable[str]) -> dict[str, tuple[float, float]]:
    """``["id@x:y", …]`` from the URL as entity id -> position; malformed items dropped."""
    pins = {}
    for value in values:
        entity_id, _, at = value.rpartition("@")
        x, _, y = at.partition(":")
        try:
            point = (float(x), float(y))
        except ValueError:
            continue
        if entity_id and all(abs(v) <= FARTHEST for v in point):
            pins[entity_id] = point
    return pins


def write_pins(pins: Mapping[str, tuple[float, float]]) -> list[str]:
    """The URL's items of ``pins`` (entity id -> position), whole pixels."""
    return [f"{entity_id}@{round(x)}:{round(y)}" for entity_id, (x, y) in pins.items()]


def by_element(network: Network, pins: Mapping[str, tuple[float, float]]
               ) -> dict[str, tuple[float, float]]:
    """Entity id -> position as element id -> position, for the nodes in ``network``."""
    elements = {str(n.properties.get("id")): eid for eid, n in network.nodes.items()}
    return {elements[i]: p for i, p in pins.items() if i in elements}
