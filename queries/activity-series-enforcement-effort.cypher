// title: Activity series - enforcement effort per country, measure and year
// group: indicator
// description: >-
//   The enforcement effort the case files state, apart from the activity: controls,
//   inspections, proactive operations or drug-squad capacity per jurisdiction and year
//   (EnforcementEffort figures, usually from statistics case files), with the market they
//   target (all when not said) and the level of their jurisdiction (country when they name
//   no place). The shift-versus-expansion verdicts use them as the exposure of the counts:
//   a year in which the police looked twice as hard is expected to find twice as much
//   (docs/displacement.md). Counts depend on how hard the police look (docs/study.md); this
//   is how hard they looked.
// tags: {market: all, echelon: all, audience: analyst}
// returns: table
MATCH (effort:EnforcementEffort)
OPTIONAL MATCH (effort)-[:LOCATED_IN]->(place:Location)
WITH effort, min(place.level) AS level, min(place.name) AS place_name
RETURN effort.country AS country,
  effort.year AS year,
  effort.measure AS measure,
  coalesce(effort.market, 'all') AS market,
  coalesce(level, 'country') AS level,
  coalesce(place_name, effort.country) AS jurisdiction,
  effort.value AS value,
  effort.unit AS unit,
  effort.id AS effort
ORDER BY country, measure, market, level, jurisdiction, year
