// title: Connecting network of a set of entities
// group: investigation
// description: >-
//   How a handful of entities hang together: for every pair of them, the shortest chains of
//   operational links between them (at most 6 links; at most $limit chains per pair), drawn
//   as one network. Give at least two ids, e.g. the suspects of one case and a company or
//   site from another, to see the people and places that connect them, and which pairs are
//   not connected at all within 6 links (their row has no length and no paths). The same
//   links are followed as by the shortest-path query: no links through case files, places,
//   interventions or assistance requests.
// tags: {market: all, echelon: all, audience: [investigator, analyst]}
// returns: subgraph
// params:
//   ids: {type: "list[id]", description: Ids of the entities to connect (at least two).}
//   limit: {type: integer, default: 10, min: 1, max: 100, description: Paths per pair at most.}
MATCH (end)
WHERE end.id IN $ids
WITH collect(end) AS ends
UNWIND ends AS a
UNWIND ends AS b
WITH a, b
WHERE a.id < b.id
OPTIONAL MATCH p = allShortestPaths((a)-[:MEMBER_OF|CONTACT|EMPLOYS|OPERATES|RENTS|USES|BOUGHT_EQUIPMENT_AT|SELLS_TO|SUPPLIES|USES_CHEMICAL|PRODUCES_FOR|DUMPS_AT|IMPORTS|EXTRACTS|SENDS|CARRIED_BY|VIA|DESTINED_FOR*..6]-(b))
WITH a, b, p
ORDER BY a.id, b.id, [n IN nodes(p) | n.id]
WITH a, b, min(length(p)) AS length, collect(p) AS paths
RETURN a AS from_entity,
  b AS to_entity,
  length,
  paths[..$limit] AS paths
ORDER BY from_entity.id, to_entity.id
