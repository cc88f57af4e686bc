// title: Synthetic-drug labs and their distance to the border
// group: indicator
// description: >-
//   Every synthetic-drug lab by country and kind (production, conversion, storage,
//   tabletting), with the place it lies in, that place's distance to the Belgian-Dutch border
//   (km_to_border) and the groups behind it: those it produces for (PRODUCES_FOR) or that
//   operate it (OPERATES), with the countries they are based in. Study's Table 1, synthetic
//   production, indicator of expansion: production spreads into Belgium, mostly close to the
//   border, and mostly for (southern) Dutch groups. A lab's country is its own, else that of
//   its place; a lab without a known place has no distance and is left out once $max_km is
//   set. Groups are listed by base country, then name.
// tags: {market: synthetic, echelon: production, audience: analyst}
// returns: table
// params:
//   max_km:
//     type: float
//     default: null
//     min: 0
//     description: Only labs at most this many km from the border (none = all).
MATCH (lab:Lab)
OPTIONAL MATCH (lab)-[:LOCATED_IN]->(place:Location)
WITH lab,
  coalesce(lab.country, min(place.country)) AS country,
  min(place.name) AS place,
  min(place.km_to_border) AS km_to_border
WHERE $max_km IS NULL OR km_to_border <= $max_km
OPTIONAL MATCH (lab)-[:PRODUCES_FOR|OPERATES]-(grp:Organisation)
WITH lab, country, place, km_to_border, grp
ORDER BY grp.base_country, grp.name
WITH lab, country, place, km_to_border,
  collect(DISTINCT grp.name) AS groups,
  collect(DISTINCT grp.base_country) AS group_countries
RETURN country,
  lab.kind AS kind,
  lab.id AS lab,
  lab.drug AS drug,
  lab.dismantled_on AS dismantled_on,
  place,
  km_to_border,
  groups,
  group_countries
ORDER BY country, kind, km_to_border, lab
