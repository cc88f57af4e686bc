// title: Shortest paths between two entities
// group: investigation
// description: >-
//   How two entities are connected: every shortest chain of entities tied by operational
//   links (at most 6 links; at most $limit chains, in order of the ids along them), each once
//   with its length, the ids along it, its weakest grading and how many chains of links run
//   along those entities (`variants`: a and b calling each other give two), for the explorer
//   to draw. The chain drawn is the best graded of its variants. Use it to
//   check whether and how a suspect, a site or a company is tied to another one before
//   asking for more. Only operational links are followed (membership, contact, employment,
//   running a site, supply, sales, rent, use of a phone or vehicle, shipments and the like);
//   links through case files, places (LOCATED_IN, PART_OF), interventions and assistance
//   requests are not, since everything in one dossier or one town would otherwise be close.
//   A chain can still pass through a shared port, chemical or destination, which the
//   drawing shows. The weakest grading combines the worst source reliability and the worst
//   information grade found on the chain (B3 when one link is B2 and another A3): a chain is
//   only as strong as that. No row: not connected within 6 links.
// tags: {market: all, echelon: all, audience: investigator}
// returns: subgraph
// params:
//   from: {type: id, description: Id of the entity to start from.}
//   to: {type: id, description: Id of the entity to reach.}
//   limit: {type: integer, default: 25, min: 1, max: 500, description: Paths at most.}
MATCH (a {id: $from})
WITH a
LIMIT 1
MATCH (b {id: $to})
WHERE b <> a
WITH a, b
LIMIT 1
MATCH p = allShortestPaths((a)-[:MEMBER_OF|CONTACT|EMPLOYS|OPERATES|RENTS|USES|BOUGHT_EQUIPMENT_AT|SELLS_TO|SUPPLIES|USES_CHEMICAL|PRODUCES_FOR|DUMPS_AT|IMPORTS|EXTRACTS|SENDS|CARRIED_BY|VIA|DESTINED_FOR*..6]-(b))
WITH p,
  [n IN nodes(p) | n.id] AS ids,
  [r IN relationships(p) | coalesce(r.grading, 'X4')] AS gradings
WITH p, ids,
  reduce(worst = 'A', g IN gradings |
    CASE WHEN left(g, 1) > worst THEN left(g, 1) ELSE worst END)
  + reduce(worst = '1', g IN gradings |
    CASE WHEN right(g, 1) > worst THEN right(g, 1) ELSE worst END) AS weakest,
  reduce(how = '', r IN relationships(p) | how + type(r) + '>' + startNode(r).id + ' ') AS how
// one row per chain of entities: its best graded variant, ties broken by the links' types
// and directions, so the same graph always draws the same chain
WITH ids, collect({path: p, weakest: weakest, key: weakest + ' ' + how}) AS found
WITH ids, size(found) AS variants,
  reduce(best = head(found), f IN found | CASE WHEN f.key < best.key THEN f ELSE best END) AS best
RETURN best.path AS path,
  size(ids) - 1 AS length,
  ids,
  best.weakest AS weakest_grading,
  variants
ORDER BY length, ids
LIMIT $limit
