// title: Belgian conversion labs serving several Dutch groups
// group: indicator
// description: >-
//   Labs in Belgium that produce for (PRODUCES_FOR) at least $min_groups groups based in the
//   Netherlands, with those groups and the lab's place. Study's Table 1, synthetic
//   production, indicator of expansion: Belgian conversion labs (turning pre-precursors into
//   precursors such as PMK) serve several Dutch groups at once, a sign that the two milieus
//   integrate. By default only conversion labs; choose other kinds, or none for every kind. A
//   lab is Belgian by its country, else by the country of its place.
// tags: {market: synthetic, echelon: production, audience: [analyst, investigator]}
// returns: table
// params:
//   kinds:
//     type: list[enum]
//     values: [production, conversion, storage, tabletting]
//     default: [conversion]
//     description: Kinds of lab to look at (none given = every kind).
//   min_groups:
//     type: integer
//     default: 2
//     min: 1
//     max: 100
//     description: Dutch groups a lab must produce for at least.
MATCH (lab:Lab)-[:PRODUCES_FOR]->(grp:Organisation)
WHERE grp.base_country = 'NL'
  AND (size($kinds) = 0 OR lab.kind IN $kinds)
WITH lab, collect(DISTINCT grp) AS dutch_groups
WHERE size(dutch_groups) >= $min_groups
OPTIONAL MATCH (lab)-[:LOCATED_IN]->(place:Location)
WITH lab, dutch_groups,
  coalesce(lab.country, min(place.country)) AS country,
  min(place.name) AS place
WHERE country = 'BE'
UNWIND dutch_groups AS grp
WITH lab, place, grp
ORDER BY grp.name
WITH lab, place, collect(grp.name) AS groups
RETURN lab.id AS lab,
  lab.kind AS kind,
  lab.drug AS drug,
  lab.dismantled_on AS dismantled_on,
  place,
  size(groups) AS dutch_group_count,
  groups AS dutch_groups
ORDER BY dutch_group_count DESC, lab
