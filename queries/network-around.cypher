// title: Network around an entity
// group: investigation
// description: >-
//   The entity and every entity up to $hops operational links away (at most $limit of
//   them, nearest first), with the links between them, for the explorer to draw. Only
//   operational links are followed, the same ones as the shortest-path query: not case
//   files (MENTIONED_IN), places (LOCATED_IN, PART_OF), interventions or assistance
//   requests, since everything named in one dossier or lying in one town would otherwise be
//   one hop apart. Narrow it to links graded at least as reliable as $min_grading (those
//   are the only links followed and drawn) or to some entity types (entities of other
//   types are crossed but not shown, so kept ones can appear unlinked).
// tags: {market: all, echelon: all, audience: [investigator, analyst]}
// returns: subgraph
// params:
//   id: {type: id, description: Id of the entity at the centre.}
//   hops: {type: integer, default: 2, min: 1, max: 3, description: How many links away to go.}
//   types:
//     type: list[enum]
//     default: []
//     values: [Person, Organisation, Company, Growshop, Coffeeshop, CallCentre, Plantation, Lab,
//              DumpSite, Premises, Port, Shipment, Chemical, Vehicle, Phone, Location, Intervention]
//     description: Entity types to keep besides the centre (none given keeps all).
//   min_grading:
//     type: string
//     default: X4
//     description: >-
//       Europol 4x4 code; only links whose source reliability (A–D, X) and information
//       (1–4) are both at least this good are followed. X4 follows every link.
//   limit: {type: integer, default: 100, min: 1, max: 1000, description: Entities at most.}
MATCH (centre {id: $id})
WITH centre LIMIT 1
OPTIONAL MATCH p = (centre)-[:MEMBER_OF|CONTACT|EMPLOYS|OPERATES|RENTS|USES|BOUGHT_EQUIPMENT_AT|SELLS_TO|SUPPLIES|
    USES_CHEMICAL|PRODUCES_FOR|DUMPS_AT|IMPORTS|EXTRACTS|SENDS|CARRIED_BY|VIA|DESTINED_FOR*1..3]-(other)
WHERE length(p) <= $hops AND other <> centre
  AND (size($types) = 0 OR labels(other)[0] IN $types)
  AND all(r IN relationships(p)
          WHERE left(coalesce(r.grading, 'X4'), 1) <= left($min_grading, 1)
            AND right(coalesce(r.grading, 'X4'), 1) <= right($min_grading, 1))
WITH centre, other, min(length(p)) AS distance
ORDER BY distance, other.id
LIMIT $limit
WITH centre, [x IN collect(other) WHERE x IS NOT NULL] AS near
WITH [centre] + near AS members
UNWIND members AS a
OPTIONAL MATCH (a)-[r:MEMBER_OF|CONTACT|EMPLOYS|OPERATES|RENTS|USES|BOUGHT_EQUIPMENT_AT|SELLS_TO|SUPPLIES|
    USES_CHEMICAL|PRODUCES_FOR|DUMPS_AT|IMPORTS|EXTRACTS|SENDS|CARRIED_BY|VIA|DESTINED_FOR]->(b)
WHERE b IN members
  AND left(coalesce(r.grading, 'X4'), 1) <= left($min_grading, 1)
  AND right(coalesce(r.grading, 'X4'), 1) <= right($min_grading, 1)
RETURN a AS node, collect(r) AS relationships
ORDER BY node.id
