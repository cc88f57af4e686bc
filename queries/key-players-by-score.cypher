// title: Key players by a stored network score
// group: investigation
// description: >-
//   The entities with the highest score of one network measure, as last written onto the
//   nodes by `dismark metrics --measure … --write` (degree, strength, betweenness,
//   closeness, eigenvector, PageRank, core number or brokerage), with when it was computed:
//   a score describes the graph as it was then, so check the date against the latest loads.
//   Narrow it to some entity types or one country. Entities without the score are left out;
//   run `dismark metrics --write` first when nothing comes back.
// tags: {market: all, echelon: all, audience: [analyst, investigator]}
// returns: table
// params:
//   measure:
//     type: enum
//     values: [degree, strength, betweenness, closeness, eigenvector, pagerank, core, brokerage]
//     default: betweenness
//     description: The stored score to rank by.
//   types:
//     type: list[enum]
//     default: []
//     values: [Person, Organisation, Company, Growshop, Coffeeshop, CallCentre, Plantation, Lab,
//              DumpSite, Premises, Port, Shipment, Chemical, Vehicle, Phone, Location, Intervention]
//     description: Entity types to rank (none given ranks all).
//   country: {type: country, default: null, description: Only entities of this country.}
//   limit: {type: integer, default: 20, min: 1, max: 1000, description: Entities at most.}
MATCH (n)
WITH n, n['score_' + $measure] AS score
WHERE score IS NOT NULL
  AND (size($types) = 0 OR labels(n)[0] IN $types)
  AND ($country IS NULL
       OR coalesce(n.residence_country, n.base_country, n.run_from_country, n.country)
          = $country)
RETURN n.id AS id,
  coalesce(n.name, n.number, n.plate, n.id) AS name,
  labels(n)[0] AS type,
  score,
  n['score_' + $measure + '_at'] AS computed_at
ORDER BY score DESC, id
LIMIT $limit
