// title: Activity series - size of each dismantled plantation
// group: indicator
// description: >-
//   Every dismantled cannabis plantation with a plant count, its country (its own, else its
//   place's) and year. More searching finds smaller sites: when counts rise while the sites
//   found get smaller, the rise may be the police's, not the market's. The
//   shift-versus-expansion verdict reads it as a detection-robust indicator
//   (docs/displacement.md).
// tags: {market: cannabis, echelon: production, audience: analyst}
// returns: table
MATCH (site:Plantation)
WHERE site.dismantled_on IS NOT NULL AND site.plant_count IS NOT NULL
OPTIONAL MATCH (site)-[:LOCATED_IN]->(place:Location)
WITH site, coalesce(site.country, min(place.country)) AS country
RETURN country,
  toInteger(left(site.dismantled_on, 4)) AS year,
  site.plant_count AS plants,
  site.id AS site
ORDER BY country, year, site
