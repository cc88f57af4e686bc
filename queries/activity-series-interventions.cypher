// title: Activity series - interventions that mark the series
// group: indicator
// description: >-
//   Every intervention (a policy or enforcement change that can displace a market: the
//   residence criterion, the Taskforce Brabant-Zeeland, the Antwerp Stroomplan …) with its
//   date, country, the market and echelon it targets ('all' for every one), its kind
//   (enforcement, policy, other; empty when the case file does not say) and the provinces
//   or places it applies to. The shift-versus-expansion verdict compares each
//   series before and after the date of the intervention that fits its market and echelon
//   best (the waterbed effect: activity falling where the pressure rises and rising across
//   the border), and says when a change coincides with more enforcement on its side.
// tags: {market: all, echelon: all, audience: analyst}
// returns: table
MATCH (intervention:Intervention)
OPTIONAL MATCH (intervention)-[:APPLIES_TO]->(place:Location)
WITH intervention, place
ORDER BY place.name
WITH intervention, collect(DISTINCT place.name) AS applies_to
RETURN intervention.id AS intervention,
  intervention.name AS name,
  intervention.`on` AS on_date,
  intervention.country AS country,
  intervention.market AS market,
  coalesce(intervention.echelon, 'all') AS echelon,
  intervention.kind AS kind,
  applies_to
ORDER BY on_date, intervention
