// title: Activity series - dismantled production sites per country, province and year
// group: indicator
// description: >-
//   The series the shift-versus-expansion verdict reads for the production echelons:
//   dismantled cannabis plantations ($market cannabis) or synthetic-drug labs ($market
//   synthetic) counted per country, province and year of dismantling. Table 1: plantations
//   dismantled all over Belgium while the Dutch numbers persist, and labs spreading into
//   Belgium while Dutch production persists, speak for expansion; Belgian sites rising while
//   the Dutch fall would speak for a shift. Only sites with a dismantling date count. A
//   site's country is its own, else that of its place; the province is the one its place
//   lies in (empty when unknown). Counts follow enforcement effort (detection bias).
// tags: {market: [cannabis, synthetic], echelon: production, audience: analyst}
// returns: table
// params:
//   market:
//     type: enum
//     values: [cannabis, synthetic]
//     default: cannabis
//     description: Plantations (cannabis) or labs (synthetic drugs).
MATCH (site)
WHERE (site:Plantation AND $market = 'cannabis') OR (site:Lab AND $market = 'synthetic')
WITH site
WHERE site.dismantled_on IS NOT NULL
OPTIONAL MATCH (site)-[:LOCATED_IN]->(place:Location)
// The province test sits in min(): FalkorDB checks a label or property in the
// OPTIONAL MATCH row by row, in min() for all rows at once.
OPTIONAL MATCH (place)-[:PART_OF*0..3]->(province)
WITH site,
  coalesce(site.country, min(place.country)) AS country,
  min(CASE WHEN province:Location AND province.level = 'province' THEN province.name END) AS province,
  toInteger(left(site.dismantled_on, 4)) AS year
RETURN country, province, year, count(site) AS sites
ORDER BY country, province, year
