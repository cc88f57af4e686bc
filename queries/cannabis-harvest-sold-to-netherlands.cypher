// title: Harvest of Belgian plantations sold in the Netherlands
// group: indicator
// description: >-
//   Every recorded sale of the harvest of a Belgian cannabis plantation to a Dutch outlet: a
//   coffee shop, a Dutch grow shop, or a Dutch-based group or Dutch-resident person. Study's
//   Table 1, cannabis production, indicator of expansion: the harvest of Belgian sites is
//   mostly sold in the Netherlands, coffee shops remaining the main outlet. A sale counts when
//   the plantation sells (SELLS_TO) to the outlet, or, with $via_operators, when a person or
//   group that operates the plantation does; such operator sales are not tied to this one
//   site, so sold_by says who sold. A coffee shop without a country counts as Dutch. A
//   plantation is Belgian by its country, else by its place; its year is the year it was
//   dismantled, or first recorded. kg is empty when the file gives no quantity; seen is the
//   date of the sale (or of the file that records it).
// tags: {market: cannabis, echelon: production, audience: [analyst, investigator]}
// returns: table
// params:
//   via_operators:
//     type: boolean
//     default: true
//     description: Also count sales by the persons and groups that operate the plantation.
MATCH (p:Plantation)
WHERE p.country IS NULL OR p.country = 'BE'
OPTIONAL MATCH (p)-[:LOCATED_IN]->(place:Location)
WITH p, coalesce(p.country, min(place.country)) AS country
WHERE country = 'BE'
// $via_operators sits in the collect: FalkorDB runs an OPTIONAL MATCH without WHERE for all
// rows at once, one with WHERE row by row.
OPTIONAL MATCH (operator)-[:OPERATES]->(p)
WITH p, [p] + collect(DISTINCT CASE WHEN $via_operators THEN operator END) AS sellers
UNWIND sellers AS seller
MATCH (seller)-[sale:SELLS_TO]->(outlet)
WITH p, seller, sale, outlet,
  coalesce(outlet.country, outlet.base_country, outlet.residence_country,
    CASE WHEN outlet:Coffeeshop THEN 'NL' END) AS outlet_country
WHERE outlet_country = 'NL'
RETURN toInteger(left(coalesce(p.dismantled_on, p.first_seen), 4)) AS year,
  p.id AS plantation,
  coalesce(seller.name, seller.id) AS sold_by,
  seller <> p AS by_operator,
  labels(outlet)[0] AS outlet_type,
  coalesce(outlet.name, outlet.id) AS outlet,
  coalesce(outlet.municipality,
    head([(outlet)-[:LOCATED_IN]->(at:Location) | at.name])) AS outlet_place,
  sale.kg AS kg,
  sale.first_seen AS seen,
  sale.grading AS grading
ORDER BY year, plantation, by_operator, sold_by, outlet, seen
