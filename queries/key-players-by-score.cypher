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
WHERE (size($types) = 0 OR labels(n)[0] IN $types)
  AND ($country IS NULL
       OR coalesce(n.residence_country, n.base_country, n.run_from_country, n.country)
          = $country)
WITH n,
  CASE $measure
    WHEN 'degree' THEN [n.score_degree, n.score_degree_at]
    WHEN 'strength' THEN [n.score_strength, n.score_strength_at]
    WHEN 'betweenness' THEN [n.score_betweenness, n.score_betweenness_at]
    WHEN 'closeness' THEN [n.score_closeness, n.score_closeness_at]
    WHEN 'eigenvector' THEN [n.score_eigenvector, n.score_eigenvector_at]
    WHEN 'pagerank' THEN [n.score_pagerank, n.score_pagerank_at]
    WHEN 'core' THEN [n.score_core, n.score_core_at]
    ELSE [n.score_brokerage, n.score_brokerage_at]
  END AS stored
WHERE stored[0] IS NOT NULL
RETURN n.id AS id,
  coalesce(n.name, n.number, n.plate, n.id) AS name,
  labels(n)[0] AS type,
  stored[0] AS score,
  stored[1] AS computed_at
ORDER BY score DESC, id
LIMIT $limit
