"""Readable by default: leaves of a hub fold into one group node, and no view draws more
than VISIBLE_MAX nodes unless the user opens groups (explorer.viewmodels.grouping)."""

from __future__ import annotations

import random

from explorer.viewmodels.drawing import GROUP_LABEL, vis_drawing
from explorer.viewmodels.grouping import VISIBLE_MAX, fold
from explorer.viewmodels.network import Network
from graph.store import GraphNode, GraphRelationship


def _node(eid: str, label: str = "Person") -> GraphNode:
    return GraphNode(eid, (label,), {"id": f"id-{eid}", "name": f"Name {eid}"})


def _network(links: list[tuple[str, str]], labels: dict[str, str], seeds: tuple[str, ...]
             ) -> Network:
    ids = dict.fromkeys([*seeds, *(e for link in links for e in link)])
    nodes = {eid: _node(eid, labels.get(eid, "Person")) for eid in ids}
    rels = tuple(GraphRelationship(f"r{i}", "CONTACT", a, b, {})
                 for i, (a, b) in enumerate(links))
    return Network(nodes, rels, focus=seeds[0], seeds=seeds)


def _call_centre(couriers: int) -> Network:
    """A person, the call centre they run, its couriers (leaves) and two dispatchers
    who also call each other (not leaves)."""
    links = [("boss", "cc"), ("cc", "d1"), ("cc", "d2"), ("d1", "d2")]
    links += [("cc", f"c{i}") for i in range(couriers)]
    return _network(links, {"cc": "CallCentre"}, ("boss",))


def test_the_leaves_of_a_hub_fold_into_one_group_that_says_how_many():
    shown, groups = fold(_call_centre(38), _ontology())
    (group,) = groups.values()
    assert group.id == "id-cc~Person" and group.hub == "cc" and len(group.members) == 38
    assert set(shown.nodes) == {"boss", "cc", "d1", "d2", group.element_id}
    node = shown.nodes[group.element_id]
    assert node.labels == (GROUP_LABEL,) and node.properties["name"] == "38 Person"
    assert node.properties["around"] == "Name cc"
    # one link from the hub to the group, counting the links it stands for
    (link,) = [r for r in shown.relationships if group.element_id in (r.start, r.end)]
    assert (link.start, link.end, link.properties["count"]) == ("cc", group.element_id, 38)
    # the dispatchers are not leaves (they call each other): never folded with the couriers
    assert {"d1", "d2"} <= set(shown.nodes)


def test_few_leaves_and_opened_groups_stay_as_they_are():
    shown, groups = fold(_call_centre(4), _ontology())
    assert groups == {} and shown == _call_centre(4)
    shown, groups = fold(_call_centre(38), _ontology(), opened=["id-cc~Person"])
    assert groups == {} and len(shown.nodes) == 42


def test_the_entities_asked_for_are_never_folded():
    links = [("cc", f"c{i}") for i in range(10)]
    network = _network(links, {"cc": "CallCentre"}, ("c0", "c1"))
    shown, groups = fold(network, _ontology())
    (group,) = groups.values()
    assert {"c0", "c1"} <= set(shown.nodes) and len(group.members) == 8


def test_no_default_view_draws_more_than_the_limit_whatever_the_hub():
    """400 nodes, few leaves (everyone also knows a neighbour): the farthest are folded by
    the node they were reached through until the view fits."""
    rng = random.Random(7)
    links = [("hub", f"a{i}") for i in range(40)]
    links += [(f"a{i}", f"b{i}-{j}") for i in range(40) for j in range(9)]
    links += [(f"b{i}-{j}", f"b{i}-{(j + 1) % 9}") for i in range(40) for j in range(9)]
    links += [(f"a{rng.randrange(40)}", f"a{rng.randrange(40)}") for _ in range(20)]
    network = _network(links, {"hub": "Port"}, ("hub",))
    assert len(network.nodes) == 401
    shown, groups = fold(network, _ontology())
    assert len(shown.nodes) <= VISIBLE_MAX
    assert sum(len(g.members) for g in groups.values()) + len(shown.nodes) - len(groups) == 401
    # every link of a folded member is still shown, through its group
    drawn = {(r.start, r.end) for r in shown.relationships}
    member_of = {m: g.element_id for g in groups.values() for m in g.members}
    for rel in network.relationships:
        ends = (member_of.get(rel.start, rel.start), member_of.get(rel.end, rel.end))
        assert ends[0] == ends[1] or ends in drawn


def test_labels_are_ranked_asked_for_first_then_groups_then_the_busiest():
    """The drawing keeps the labels that matter most where labels would overlap (measured
    in the browser: tests/test_app_browser.py and bench/explorer_clicks.py)."""
    shown, groups = fold(_call_centre(38), _ontology())
    drawing = vis_drawing(shown, _ontology())
    rank = {drawing.origin[n["id"]]: n["rank"] for n in drawing.nodes}
    (group,) = groups
    assert rank["boss"] == 0 and rank[group] == 1
    assert rank["cc"] < rank["d1"]  # the call centre has more links than a dispatcher
    assert sorted(rank.values()) == list(range(len(rank)))


def _ontology():
    from graph.model.ontology import load_ontology

    return load_ontology()
