// title: Dismantled plantations per country, province and year
// group: indicator
// description: >-
//   Dismantled cannabis plantations counted per country, province and year (of
//   dismantling), with their total number of plants and how many were professional. Study's
//   Table 1, cannabis production, indicator of expansion: plantations are dismantled all over
//   Belgium while the Dutch numbers persist; compare the two countries year by year. Only
//   plantations with a dismantling date count. A plantation's country is its own, else that
//   of its place; the province is the one its place lies in (empty when unknown). Beware of
//   detection bias: the counts follow enforcement effort (the provinces of Antwerp and
//   Limburg search the most), so a rise can mean more police work rather than more growing.
// tags: {market: cannabis, echelon: production, audience: analyst}
// returns: table
// params:
//   from_year:
//     type: integer
//     default: null
//     min: 1900
//     max: 2100
//     description: First year of dismantling counted (none = no lower bound).
//   to_year:
//     type: integer
//     default: null
//     min: 1900
//     max: 2100
//     description: Last year of dismantling counted (none = no upper bound).
//   country:
//     type: country
//     default: null
//     description: Only plantations in this country (none = every country).
MATCH (p:Plantation)
WHERE p.dismantled_on IS NOT NULL
OPTIONAL MATCH (p)-[:LOCATED_IN]->(place:Location)
// The province test sits in min(): FalkorDB checks a label or property in the
// OPTIONAL MATCH row by row, in min() for all rows at once.
OPTIONAL MATCH (place)-[:PART_OF*0..3]->(prov)
WITH p,
  coalesce(p.country, min(place.country)) AS country,
  min(CASE WHEN prov:Location AND prov.level = 'province' THEN prov.name END) AS province,
  toInteger(left(p.dismantled_on, 4)) AS year
WHERE ($country IS NULL OR country = $country)
  AND ($from_year IS NULL OR year >= $from_year)
  AND ($to_year IS NULL OR year <= $to_year)
RETURN country,
  province,
  year,
  count(p) AS plantations,
  toInteger(sum(p.plant_count)) AS plants,
  count(CASE WHEN p.professional THEN 1 END) AS professional
ORDER BY country, province, year
