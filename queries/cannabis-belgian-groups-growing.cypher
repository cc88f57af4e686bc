// title: Belgian-based groups that grow cannabis
// group: indicator
// description: >-
//   Criminal groups based in Belgium that operate cannabis plantations: the first year one
//   of their plantations was seen, how many plantations and plants, the countries the
//   plantations lie in, and the members who are Dutch (by residence or nationality). Study's
//   Table 1, cannabis production, indicator of expansion: Belgian crime groups start growing
//   too, often with Dutch members (professionalisation tied to a Dutch connection). A
//   plantation's year is the year it was dismantled, or first recorded when no dismantling
//   date is known; its country is its own, else that of its place. Only plantations the group
//   itself operates (OPERATES) count, not those of single members.
// tags: {market: cannabis, echelon: production, audience: [analyst, investigator]}
// returns: table
MATCH (grp:Organisation)-[:OPERATES]->(p:Plantation)
WHERE grp.base_country = 'BE'
WITH DISTINCT grp, p
OPTIONAL MATCH (p)-[:LOCATED_IN]->(place:Location)
WITH grp, p,
  coalesce(p.country, min(place.country)) AS country,
  toInteger(left(coalesce(p.dismantled_on, p.first_seen), 4)) AS year
ORDER BY country, year, p.id
WITH grp,
  min(year) AS first_year,
  collect(p.id) AS plantations,
  toInteger(sum(p.plant_count)) AS plants,
  collect(DISTINCT country) AS countries
OPTIONAL MATCH (member:Person)-[:MEMBER_OF]->(grp)
WHERE member.residence_country = 'NL' OR member.nationality = 'NL'
WITH grp, first_year, plantations, plants, countries, member
ORDER BY member.name
WITH grp, first_year, plantations, plants, countries, collect(DISTINCT member.name) AS dutch_members
RETURN grp.name AS organisation,
  grp.id AS organisation_id,
  first_year,
  size(plantations) AS plantation_count,
  plants,
  countries,
  plantations,
  size(dutch_members) > 0 AS dutch_members_involved,
  dutch_members
ORDER BY first_year, organisation, organisation_id
