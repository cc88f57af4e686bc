// title: Dutch link by plantation size
// group: indicator
// description: >-
//   Plantations of one country in four size classes (under 250, 250-999, 1000-4999, 5000 and
//   more plants), with how many show a link to the other country and by which route. The
//   study found that the probability of a Dutch link rises with the size of the plantation
//   (Table 1, cannabis production: professionalisation tied to a Dutch connection; expansion).
//   A plantation has a link when a person of $link_country (by residence or nationality)
//   operates it or is a member of a group that operates it, or a group based there operates
//   it (linked_by_people); when it or one of its operators bought equipment at a grow shop
//   there (linked_by_equipment); or when it or one of its operators sold harvest to an outlet
//   there, a coffee shop without a country counting as Dutch (linked_by_harvest). Swap the
//   two countries to see Belgian links of Dutch plantations. A plantation's country is its
//   own, else that of its place; its year is the year it was dismantled, or first recorded.
//   link_pct is the share with any link, in percent (empty for an empty class). Every class is
//   listed, even when empty.
// tags: {market: cannabis, echelon: production, audience: analyst}
// returns: table
// params:
//   country: {type: country, default: BE, description: Country of the plantations.}
//   link_country: {type: country, default: NL, description: Country a link points to.}
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
WHERE (p.country IS NULL OR p.country = $country)
  AND ($from_year IS NULL OR toInteger(left(coalesce(p.dismantled_on, p.first_seen), 4)) >= $from_year)
  AND ($to_year IS NULL OR toInteger(left(coalesce(p.dismantled_on, p.first_seen), 4)) <= $to_year)
OPTIONAL MATCH (p)-[:LOCATED_IN]->(place:Location)
WITH p, coalesce(p.country, min(place.country)) AS country
WHERE country = $country
// The conditions sit in the counts, not in the OPTIONAL MATCHes: FalkorDB runs an OPTIONAL
// MATCH without WHERE for all rows at once, one with WHERE row by row (five times slower).
OPTIONAL MATCH (p)<-[:OPERATES]-(operator)
OPTIONAL MATCH (operator)<-[:MEMBER_OF]-(member:Person)
WITH p, operator,
  count(CASE WHEN operator:Organisation
    AND (member.residence_country = $link_country OR member.nationality = $link_country)
    THEN 1 END) > 0 AS by_member
OPTIONAL MATCH (operator)-[:BOUGHT_EQUIPMENT_AT]->(op_shop:Growshop)
OPTIONAL MATCH (operator)-[:SELLS_TO]->(op_outlet)
OPTIONAL MATCH (p)-[:BOUGHT_EQUIPMENT_AT]->(own_shop:Growshop)
OPTIONAL MATCH (p)-[:SELLS_TO]->(own_outlet)
WITH p,
  count(CASE WHEN by_member
    OR (operator:Person
      AND (operator.residence_country = $link_country OR operator.nationality = $link_country))
    OR (operator:Organisation AND operator.base_country = $link_country)
    THEN 1 END) > 0 AS by_people,
  count(CASE WHEN op_shop.country = $link_country OR own_shop.country = $link_country
    THEN 1 END) > 0 AS by_equipment,
  count(CASE WHEN coalesce(op_outlet.country, op_outlet.base_country,
      op_outlet.residence_country, CASE WHEN op_outlet:Coffeeshop THEN 'NL' END) = $link_country
    OR coalesce(own_outlet.country, own_outlet.base_country, own_outlet.residence_country,
      CASE WHEN own_outlet:Coffeeshop THEN 'NL' END) = $link_country
    THEN 1 END) > 0 AS by_harvest
// Counted per size class in one grouping, then laid over the four classes (a class
// without plantations still gets its row): filtering one list of every plantation four
// times took a fifth of the query's time on a large graph.
WITH CASE WHEN p.plant_count < 250 THEN 0
          WHEN p.plant_count < 1000 THEN 1
          WHEN p.plant_count < 5000 THEN 2
          ELSE 3 END AS size_class,
  by_people, by_equipment, by_harvest
WITH size_class,
  count(*) AS plantations,
  count(CASE WHEN by_people OR by_equipment OR by_harvest THEN 1 END) AS with_link,
  count(CASE WHEN by_people THEN 1 END) AS linked_by_people,
  count(CASE WHEN by_equipment THEN 1 END) AS linked_by_equipment,
  count(CASE WHEN by_harvest THEN 1 END) AS linked_by_harvest
WITH collect({n: size_class, plantations: plantations, with_link: with_link,
  linked_by_people: linked_by_people, linked_by_equipment: linked_by_equipment,
  linked_by_harvest: linked_by_harvest}) AS counted
UNWIND [{n: 0, label: 'under 250'}, {n: 1, label: '250-999'},
        {n: 2, label: '1000-4999'}, {n: 3, label: '5000 and more'}] AS class
WITH class, coalesce([c IN counted WHERE c.n = class.n][0],
  {plantations: 0, with_link: 0, linked_by_people: 0, linked_by_equipment: 0,
   linked_by_harvest: 0}) AS c
RETURN class.label AS size_class,
  c.plantations AS plantations,
  c.with_link AS with_link,
  CASE WHEN c.plantations = 0 THEN null
    ELSE round(1000.0 * c.with_link / c.plantations) / 10.0 END AS link_pct,
  c.linked_by_people AS linked_by_people,
  c.linked_by_equipment AS linked_by_equipment,
  c.linked_by_harvest AS linked_by_harvest
ORDER BY class.n
