"""Readable by default: many similar nodes around a hub are folded into one group node.

A port with 300 shipments or a call centre with 38 couriers drowns the drawing, and one
shipment among 300 says nothing until someone looks for it. So the view folds:

1. the *leaves* of a hub (nodes linked to nothing else in view) of one type, when there
   are at least ``GROUP_MIN`` of them: "38 Person around Call centre X";
2. then, while more than ``VISIBLE_MAX`` nodes would still be drawn, the farthest nodes from
   the entities asked for, by the node they were reached through and their type.

The entities asked for are never folded, nor the groups the user opened (their ids are in
the URL: ``open=<hub id>~<type>``). A group node links to every node its members link to,
with the number of such links. Pure functions over ``Network``: testable without a page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from explorer.viewmodels.drawing import GROUP_LABEL, caption, primary_label
from explorer.viewmodels.network import Network
from graph.model.ontology import Ontology
from graph.store import GraphNode, GraphRelationship

#: leaves of one type around one hub folded from this many
GROUP_MIN = 5
#: nodes of one type reached through one node folded from this many when the view is too
#: big (a box for two nodes would say less than the two)
OUTER_MIN = 3
#: nodes drawn at most by default (groups count as one)
VISIBLE_MAX = 150


@dataclass(frozen=True)
class Group:
    """Nodes of one type reached through one node, drawn as one.

    Attributes
    ----------
    id : ``<hub entity id>~<type>``, stable across reloads (the URL's ``open`` names it).
    hub : element id of the node the members hang off.
    label : the members' type.
    members : element ids of the folded nodes.
    """

    id: str
    hub: str
    label: str
    members: tuple[str, ...]

    @property
    def element_id(self) -> str:
        return f"group:{self.id}"


def fold(network: Network, ontology: Ontology, opened: Collection[str] = (), *,
         group_min: int = GROUP_MIN, visible_max: int = VISIBLE_MAX
         ) -> tuple[Network, dict[str, Group]]:
    """``network`` with groups folded (see the module's doc), and the groups by element id
    of their node."""
    folded = _Folding(network, ontology, set(opened))
    folded.leaves(group_min)
    for layer in sorted(set(folded.distance.values()), reverse=True):
        if folded.visible() <= visible_max or layer <= 0:
            break
        folded.outer(layer)
    return folded.network(), {g.element_id: g for g in folded.groups}


class _Folding:
    def __init__(self, network: Network, ontology: Ontology, opened: set[str]) -> None:
        self.net, self.ontology, self.opened = network, ontology, opened
        self.near: dict[str, set[str]] = defaultdict(set)
        for rel in network.relationships:
            if rel.start != rel.end:
                self.near[rel.start].add(rel.end)
                self.near[rel.end].add(rel.start)
        self.distance = _distances(network, self.near)
        self.groups: list[Group] = []
        self.member_of: dict[str, Group] = {}

    def visible(self) -> int:
        return len(self.net.nodes) - len(self.member_of) + len(self.groups)

    def _foldable(self, eid: str) -> bool:
        return eid not in self.net.seeds and eid not in self.member_of

    def _add(self, hub: str, label: str, members: list[str], least: int) -> None:
        hub_id = str(self.net.nodes[hub].properties.get("id", hub))
        group = Group(f"{hub_id}~{label}", hub, label, tuple(sorted(members)))
        if len(members) < least or group.id in self.opened or \
                any(g.id == group.id for g in self.groups):
            return
        self.groups.append(group)
        for eid in members:
            self.member_of[eid] = group

    def leaves(self, least: int) -> None:
        by_hub: dict[tuple[str, str], list[str]] = defaultdict(list)
        for eid, node in self.net.nodes.items():
            if self._foldable(eid) and len(self.near[eid]) == 1 and eid not in self.net.more:
                (hub,) = self.near[eid]
                by_hub[hub, primary_label(node, self.ontology)].append(eid)
        for (hub, label), members in sorted(by_hub.items()):
            self._add(hub, label, members, least)

    def outer(self, layer: int) -> None:
        by_parent: dict[tuple[str, str], list[str]] = defaultdict(list)
        for eid, node in self.net.nodes.items():
            if self.distance.get(eid) != layer or not self._foldable(eid):
                continue
            parents = sorted(n for n in self.near[eid] if self.distance.get(n) == layer - 1)
            if parents:
                by_parent[parents[0], primary_label(node, self.ontology)].append(eid)
        for (hub, label), members in sorted(by_parent.items()):
            self._add(hub, label, members, OUTER_MIN)

    def network(self) -> Network:
        if not self.groups:
            return self.net
        nodes = {eid: n for eid, n in self.net.nodes.items() if eid not in self.member_of}
        for group in self.groups:
            hub = caption(self.net.nodes[group.hub], self.ontology)
            # the box says how many of what; its link to the hub says around whom
            nodes[group.element_id] = GraphNode(group.element_id, (GROUP_LABEL,), {
                "id": group.id, "name": f"{len(group.members)} {group.label}",
                "around": hub, "count": len(group.members), "type": group.label})
        links: dict[tuple[str, str, str], list[GraphRelationship]] = defaultdict(list)
        kept = []
        for rel in self.net.relationships:
            start, end = self._shown(rel.start), self._shown(rel.end)
            if (start, end) == (rel.start, rel.end):
                kept.append(rel)
            elif start != end:
                links[start, end, rel.type].append(rel)
        for (start, end, kind), rels in sorted(links.items()):
            kept.append(GraphRelationship(f"group:{start}>{kind}>{end}", kind, start, end,
                                          {"count": len(rels)}))
        more = {eid: n for eid, n in self.net.more.items() if eid in nodes}
        return replace(self.net, nodes=nodes, relationships=tuple(kept), more=more)

    def _shown(self, eid: str) -> str:
        group = self.member_of.get(eid)
        return group.element_id if group else eid


def _distances(network: Network, near: Mapping[str, set[str]]) -> dict[str, int]:
    """Links from the nearest entity asked for (breadth first, in the view)."""
    distance = {eid: 0 for eid in network.seeds or (network.focus,) if eid}
    frontier = list(distance)
    while frontier:
        following = []
        for eid in frontier:
            for other in sorted(near.get(eid, ())):
                if other not in distance:
                    distance[other] = distance[eid] + 1
                    following.append(other)
        frontier = following
    return distance
