"""Gould–Fernandez brokerage roles: who mediates between whom, by country.

A broker ``b`` mediates a directed two-path ``a → b → c`` when ``a`` has no direct tie to
``c``: whatever flows from ``a`` to ``c`` has to pass ``b``. Gould and Fernandez (1989,
"Structures of mediation", *Sociological Methodology* 19: 89–126) split those two-paths by
the groups of the three actors; with country as the group, the roles say whether an actor
links a Belgian milieu to a Dutch one (representative, gatekeeper, liaison) or works inside
one country (coordinator) or between two compatriots abroad (itinerant).

The reference implementation is R ``sna::brokerage()`` (Carter T. Butts; ``brokerage_R`` in
``src/gli.c`` and ``brokerage`` in ``R/models.R``); the counts here equal its ``raw.nli`` and
the null model its ``exp.nli`` / ``sd.nli`` / ``z.nli``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import asdict, dataclass

import networkx as nx

from graph.errors import InvalidInput, Problem

#: The five roles, in sna's column order (w_I, w_O, b_IO, b_OI, b_O).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


@dataclass(frozen=True)
class BrokerageRoles:
    """How many open two-paths ``a → b → c`` an actor ``b`` brokers, by role.

    Attributes
    ----------
    coordinator : a, b, c in one group (sna ``w_I``).
    itinerant : a and c in one group, b in another (``w_O``; "consultant").
    representative : a and b in one group, c in another (``b_IO``): b speaks for its group.
    gatekeeper : b and c in one group, a in another (``b_OI``): b lets outsiders in.
    liaison : a, b and c in three different groups (``b_O``).
    """

    coordinator: int = 0
    itinerant: int = 0
    representative: int = 0
    gatekeeper: int = 0
    liaison: int = 0

    @property
    def total(self) -> int:
        """All brokered two-paths, whatever the role (sna ``t``)."""
        return (self.coordinator + self.itinerant + self.representative + self.gatekeeper
                + self.liaison)

    def as_dict(self) -> dict[str, int]:
        """The five role counts and ``total``, for tables and JSON."""
        return {**asdict(self), "total": self.total}


@dataclass(frozen=True)
class RoleMoments:
    """Expected count and standard deviation of one role under sna's null model."""

    expected: float
    sd: float


@dataclass(frozen=True)
class CrossBorderBroker:
    """One actor's brokerage between two groups (countries), either direction.

    ``first_to_second`` counts two-paths from the first group of ``groups`` to the second,
    ``second_to_first`` the reverse; ``representative`` + ``gatekeeper`` + ``liaison`` =
    ``total`` (a broker between two different groups plays no other role).
    """

    node: Hashable
    total: int
    representative: int
    gatekeeper: int
    liaison: int
    first_to_second: int
    second_to_first: int


def brokerage_roles(G: nx.DiGraph | nx.Graph, group: str = "country"
                    ) -> dict[Hashable, BrokerageRoles]:
    """Gould–Fernandez role counts of every node, with the node attribute ``group``.

    An analyst reads them as: how often is this actor the only link between two others,
    and between which countries. Rules, following ``sna::brokerage`` (its help page:
    "vertex v is a broker for distinct vertices a and b iff a → v → b and a ↛ b"):

    * a two-path ``a → b → c`` with ``a == c`` is not brokerage;
    * it is **not counted when ``a → c`` exists** (a can reach c without b); a tie
      ``c → a`` does not matter;
    * nodes whose group is unknown (``None`` or missing) take part in no counted two-path,
      as ``a``, ``b`` or ``c``: an unknown country would otherwise be read as a foreign one
      and inflate liaison and gatekeeper counts. Their roles are all zero. The counts equal
      ``sna::brokerage`` on the subgraph of nodes whose group is known.

    An undirected ``G`` is read as every tie going both ways (what sna does with a
    symmetric matrix). Cost: O(sum over b of indegree(b) * outdegree(b)).

    Parameters
    ----------
    G : the collapsed graph (direction matters: pass the directed collapse).
    group : node attribute holding the group (default the country code).

    Returns
    -------
    dict
        Node -> ``BrokerageRoles``, every node of ``G`` included.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "BE", "b": "BE", "c": "NL"}, "country")
    >>> brokerage_roles(G)["b"].representative
    1
    """
    counts = {node: [0, 0, 0, 0, 0] for node in G}
    for b, ga, gb, gc in _open_two_paths(G, group):
        counts[b][_role_index(ga, gb, gc)] += 1
    return {node: BrokerageRoles(*row) for node, row in counts.items()}


def brokerage_null_moments(group_sizes: Mapping[Hashable, int], density: float
                           ) -> dict[Hashable, dict[str, RoleMoments]]:
    """Expected role counts and their standard deviations for a broker of each group.

    The null model of Gould and Fernandez as implemented in ``sna::brokerage``: every
    ordered pair of distinct actors is tied independently with probability ``density``;
    a two-path through ``b`` is open with probability ``d²(1 - d)``. The expectation is
    that probability times the number of ordered pairs ``(a, c)`` whose groups make the
    role; the variance adds ``2·d³(1 - d)³`` per ordered pair of such two-paths sharing
    ``a`` or sharing ``c``. Compare an actor's counts with these to see whether it brokers
    more than its group's size and the density alone would make it.

    Parameters
    ----------
    group_sizes : group -> number of actors in it (groups with at least one actor).
    density : arcs / (N·(N - 1)), N the number of actors.

    Returns
    -------
    dict
        Group -> role (the five of ``ROLES`` and ``"total"``) -> ``RoleMoments``.

    Examples
    --------
    >>> m = brokerage_null_moments({"BE": 2, "NL": 1}, 0.5)
    >>> m["BE"]["representative"].expected  # (N - n)(n - 1) = 1 pair, times 0.25 * 0.5
    0.125
    """
    sizes = {g: float(n) for g, n in group_sizes.items() if n > 0}
    total_n = sum(sizes.values())
    d = density
    p = d * d * (1 - d)
    q = d**3 * (1 - d) ** 3

    def moments(pairs: float, shared: float) -> RoleMoments:
        variance = p * pairs * (1 - p) + shared * q
        return RoleMoments(expected=p * pairs, sd=math.sqrt(max(variance, 0.0)))

    result = {}
    for g, n in sizes.items():
        others = [m for h, m in sizes.items() if h != g]
        rest = total_n - n
        # Pairs (a, c) per role, and ordered pairs of such two-paths that share a or share c.
        liaison_pairs = sum(m * (rest - m) for m in others)
        result[g] = {
            "coordinator": moments((n - 1) * (n - 2), 2 * (n - 1) * (n - 2) * (n - 3)),
            "itinerant": moments(sum(m * (m - 1) for m in others),
                                 2 * sum(m * (m - 1) * (m - 2) for m in others)),
            "representative": moments(rest * (n - 1), 2 * ((n - 1) * _pairs(rest)
                                                           + rest * _pairs(n - 1))),
            "liaison": moments(liaison_pairs, 4 * sum(m * _pairs(rest - m) for m in others)),
            "total": moments((total_n - 1) * (total_n - 2),
                             2 * (total_n - 1) * (total_n - 2) * (total_n - 3)),
        }
        result[g]["gatekeeper"] = result[g]["representative"]
    return {g: {role: roles[role] for role in (*ROLES, "total")} for g, roles in result.items()}


def brokerage_z_scores(G: nx.DiGraph | nx.Graph, group: str = "country"
                       ) -> dict[Hashable, dict[str, float | None]]:
    """How far each actor's role counts lie above chance, in standard deviations.

    ``(count - expected) / sd`` per role and for the total, the expectation and deviation
    from ``brokerage_null_moments`` with the group sizes, N and density of the nodes whose
    group is known (the same subgraph the counts come from; sna's ``z.nli``). A z-score is
    ``None`` where it is undefined: for nodes of unknown group, and where the deviation
    is 0 (e.g. coordinator in a group of two, or an empty or complete graph).

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "BE", "b": "BE", "c": "NL"}, "country")
    >>> brokerage_z_scores(G)["c"]["coordinator"] is None  # NL has one actor
    True
    """
    groups = _groups(G, group)
    known = [node for node in G if groups[node] is not None]
    n = len(known)
    arcs = sum(1 for a in known for c in _successors(G, a)
               if c != a and groups[c] is not None)
    density = arcs / (n * (n - 1)) if n > 1 else 0.0
    null = brokerage_null_moments(Counter(groups[node] for node in known), density)
    roles = brokerage_roles(G, group)
    scores: dict[Hashable, dict[str, float | None]] = {}
    for node in G:
        if groups[node] is None:
            scores[node] = dict.fromkeys((*ROLES, "total"))
            continue
        observed = roles[node].as_dict()
        scores[node] = {role: (observed[role] - m.expected) / m.sd if m.sd > 0 else None
                        for role, m in null[groups[node]].items()}
    return scores


def cross_border_brokers(G: nx.DiGraph | nx.Graph, groups: tuple[str, str] = ("BE", "NL"),
                         group: str = "country", top: int | None = None
                         ) -> list[CrossBorderBroker]:
    """Who connects the milieus of two countries: actors ranked by the open two-paths
    ``a → b → c`` they broker with ``a`` in one of ``groups`` and ``c`` in the other.

    Same rules as ``brokerage_roles`` (no direct ``a → c``; unknown countries take part in
    nothing), so a broker from a third country shows up as a liaison. Ranked by total,
    ties broken by node id; actors brokering no such two-path are left out.

    Parameters
    ----------
    groups : the two groups (country codes) to connect, in either direction.
    top : keep the first ``top`` brokers (None: all).

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "BE", "b": "FR", "c": "NL"}, "country")
    >>> [(x.node, x.liaison) for x in cross_border_brokers(G)]
    [('b', 1)]
    """
    if len(groups) != 2 or groups[0] == groups[1] or None in groups:
        raise InvalidInput([Problem("brokerage", None, "groups",
                                    f"expected two different groups, got {groups!r}",
                                    "name two countries, e.g. BE and NL")])
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 0):
        raise InvalidInput([Problem("brokerage", None, "top",
                                    f"expected a whole number >= 0 or None, got {top!r}")])
    first, second = groups
    tallies: dict[Hashable, list[int]] = {}
    for b, ga, gb, gc in _open_two_paths(G, group):
        if {ga, gc} != {first, second}:
            continue
        # [representative, gatekeeper, liaison, first_to_second, second_to_first]; with
        # a and c in different groups only the last three of ROLES are possible.
        row = tallies.setdefault(b, [0, 0, 0, 0, 0])
        row[_role_index(ga, gb, gc) - 2] += 1
        row[3 if ga == first else 4] += 1
    ranked = sorted(tallies.items(), key=lambda item: (-(item[1][3] + item[1][4]), str(item[0])))
    brokers = [CrossBorderBroker(node, row[3] + row[4], *row) for node, row in ranked]
    return brokers if top is None else brokers[:top]


def _open_two_paths(G: nx.DiGraph | nx.Graph, group: str
                    ) -> Iterator[tuple[Hashable, Hashable, Hashable, Hashable]]:
    """``(b, group of a, group of b, group of c)`` for every ``a → b → c`` with a != c,
    no arc a → c and all three groups known."""
    groups = _groups(G, group)
    for b in G:
        gb = groups[b]
        if gb is None:
            continue
        sources = [a for a in _predecessors(G, b) if a != b and groups[a] is not None]
        targets = [c for c in _successors(G, b) if c != b and groups[c] is not None]
        for a in sources:
            reach = _successors(G, a)
            for c in targets:
                if c != a and c not in reach:
                    yield b, groups[a], gb, groups[c]


def _role_index(ga: Hashable, gb: Hashable, gc: Hashable) -> int:
    """Index into ``ROLES``, classified in the order of sna's ``brokerage_R``."""
    if ga == gb:
        return 0 if gb == gc else 2
    if gb == gc:
        return 3
    return 1 if ga == gc else 4


def _groups(G: nx.DiGraph | nx.Graph, group: str) -> dict[Hashable, Hashable]:
    return {node: data.get(group) for node, data in G.nodes(data=True)}


def _successors(G: nx.DiGraph | nx.Graph, node: Hashable) -> Mapping:
    return G.succ[node] if G.is_directed() else G.adj[node]


def _predecessors(G: nx.DiGraph | nx.Graph, node: Hashable) -> Mapping:
    return G.pred[node] if G.is_directed() else G.adj[node]


def _pairs(n: float) -> float:
    """n choose 2 (0 below 2), as sna's ``choose(n, 2)``."""
    return n * (n - 1) / 2 if n >= 2 else 0.0
