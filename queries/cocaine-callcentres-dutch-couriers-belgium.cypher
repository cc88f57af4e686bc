// title: Call centres run from the Netherlands delivering in Belgium
// group: indicator
// description: >-
//   Call centres run from the Netherlands whose couriers (persons the call centre EMPLOYS
//   who deliver in a Belgian place, DELIVERS_IN) serve Belgian customers, with the number
//   of such couriers, how many of them are vulnerable (youths or problem users), the
//   Belgian places they deliver in, and the first and last year a delivery was recorded.
//   Table 1, cocaine retail (shift): the study found call centres run from the Netherlands
//   dispatching couriers to Belgian customers at home or at agreed spots, the organisation
//   staying in the Netherlands and the risk sitting with the couriers; more of them over
//   the years speaks for a shift of retail to Belgian demand. A delivery's year is the
//   date of the DELIVERS_IN link (by default the opening date of the case file stating
//   it). Staff who do not deliver in Belgium (callers, dispatchers) are not counted.
// tags: {market: cocaine, echelon: retail, audience: [analyst, investigator]}
// returns: table
// params:
//   drug:
//     type: enum
//     values: [cannabis, synthetic, cocaine, heroin, other]
//     default: null
//     description: Only call centres selling this drug (none given keeps all).
MATCH (centre:CallCentre {run_from_country: 'NL'})-[:EMPLOYS]->(courier:Person)
  -[delivery:DELIVERS_IN]->(place:Location {country: 'BE'})
WHERE $drug IS NULL OR centre.drug = $drug
WITH centre, courier, place, delivery
ORDER BY place.name
WITH centre,
  collect(DISTINCT place.name) AS places,
  collect(DISTINCT courier) AS delivering,
  min(delivery.first_seen) AS first_delivery,
  max(delivery.last_seen) AS last_delivery
UNWIND delivering AS courier
WITH centre, places, first_delivery, last_delivery, courier
ORDER BY courier.id
WITH centre, places, first_delivery, last_delivery, collect(courier) AS delivering
RETURN centre.id AS call_centre_id,
  centre.name AS call_centre,
  centre.drug AS drug,
  size(delivering) AS couriers,
  size([courier IN delivering WHERE courier.vulnerable = true]) AS vulnerable_couriers,
  places,
  toInteger(left(first_delivery, 4)) AS first_year,
  toInteger(left(last_delivery, 4)) AS last_year,
  [courier IN delivering | courier.id] AS courier_ids
ORDER BY couriers DESC, call_centre_id
