// title: Belgian plantations equipped from Dutch grow shops
// group: indicator
// description: >-
//   Belgian cannabis plantations per year and province, and how many of them were equipped
//   from a Dutch grow shop: the plantation itself, or a person or group that operates it,
//   bought growing equipment (lamps, filters, nutrients) at a grow shop in the Netherlands.
//   Study's Table 1, cannabis production, indicator of expansion: growth material is mostly
//   bought in Dutch grow shops while Belgian grow shops appear. A purchase by an operator is
//   weaker evidence than one recorded for the plantation (it need not have been for this
//   site); equipped_plantations lists the sites to check. A plantation is Belgian by its
//   country, else by the country of its place; its year is the year it was dismantled, or
//   the year it was first recorded when no dismantling date is known. The province is the
//   one its place lies in (empty when no province is known). Counts follow enforcement
//   effort (detection bias), so read the share rather than the raw numbers.
// tags: {market: cannabis, echelon: production, audience: analyst}
// returns: table
// params:
//   from_year:
//     type: integer
//     default: null
//     min: 1900
//     max: 2100
//     description: First year counted (none = no lower bound).
//   to_year:
//     type: integer
//     default: null
//     min: 1900
//     max: 2100
//     description: Last year counted (none = no upper bound).
MATCH (p:Plantation)
WITH p, toInteger(left(coalesce(p.dismantled_on, p.first_seen), 4)) AS year
WHERE (p.country IS NULL OR p.country = 'BE')
  AND ($from_year IS NULL OR year >= $from_year)
  AND ($to_year IS NULL OR year <= $to_year)
OPTIONAL MATCH (p)-[:LOCATED_IN]->(place:Location)
OPTIONAL MATCH (place)-[:PART_OF*0..3]->(prov)
WITH p, year,
  coalesce(p.country, min(place.country)) AS country,
  min(CASE WHEN prov:Location AND prov.level = 'province' THEN prov.name END) AS province
WHERE country = 'BE'
// The shop's country is tested in the collect, not in the OPTIONAL MATCH: FalkorDB runs an
// OPTIONAL MATCH without WHERE for all rows at once, one with WHERE row by row.
OPTIONAL MATCH (p)-[:BOUGHT_EQUIPMENT_AT]->(own_shop:Growshop)
OPTIONAL MATCH (p)<-[:OPERATES]-()-[:BOUGHT_EQUIPMENT_AT]->(op_shop:Growshop)
WITH p, year, province,
  collect(CASE WHEN own_shop.country = 'NL' THEN own_shop.name END)
  + collect(CASE WHEN op_shop.country = 'NL' THEN op_shop.name END) AS nl_shops
UNWIND CASE WHEN size(nl_shops) = 0 THEN [null] ELSE nl_shops END AS shop
WITH year, province, p, shop
ORDER BY shop, p.id
WITH year, province,
  count(DISTINCT p) AS plantations,
  collect(DISTINCT CASE WHEN shop IS NOT NULL THEN p.id END) AS equipped_plantations,
  collect(DISTINCT shop) AS nl_grow_shops
RETURN year,
  province,
  plantations,
  size(equipped_plantations) AS equipped_in_nl,
  equipped_plantations,
  nl_grow_shops
ORDER BY year, province
