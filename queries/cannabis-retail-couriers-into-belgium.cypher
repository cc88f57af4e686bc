// title: Couriers of Dutch suppliers delivering in Belgium
// group: indicator
// description: >-
//   Per year and employer: the couriers that a Dutch-based group (webshops included) or a
//   call centre run from the Netherlands employs (EMPLOYS) for $market and that deliver in a
//   Belgian place (DELIVERS_IN), with the places and how many couriers are vulnerable
//   (youths, problem users). Study's Table 1, cannabis retail, indicator of shift: after the
//   residence criterion (I-criterion, May 2012) closed the coffee shops of the southern
//   Netherlands to non-residents, Dutch suppliers bring the product to Belgian demand by
//   online orders and couriers; set $since to 2012-05-01 to look at the years after it. The
//   same pattern marks cocaine retail (call centres dispatching couriers; shift), hence
//   $market. A group counts for the market when the market is among its markets; a call
//   centre when it is its drug. The year is that of the delivery, or of the file that records
//   it when the delivery has no date.
// tags: {market: [cannabis, cocaine], echelon: retail, audience: [analyst, investigator]}
// returns: table
// params:
//   market:
//     type: enum
//     values: [cannabis, synthetic, cocaine]
//     default: cannabis
//     description: Drug market the employer serves.
//   since:
//     type: date
//     default: null
//     description: Only deliveries on or after this date (none = all).
MATCH (courier:Person)-[delivery:DELIVERS_IN]->(place:Location)
WHERE place.country = 'BE'
  AND ($since IS NULL OR delivery.first_seen >= $since)
MATCH (employer)-[:EMPLOYS]->(courier)
WHERE (employer:Organisation AND employer.base_country = 'NL'
       AND $market IN coalesce(employer.markets, []))
   OR (employer:CallCentre AND employer.run_from_country = 'NL' AND employer.drug = $market)
WITH toInteger(left(delivery.first_seen, 4)) AS year, employer, courier, place
ORDER BY place.name
WITH year, employer,
  collect(DISTINCT place.name) AS places,
  collect(DISTINCT courier) AS crew
UNWIND crew AS courier
WITH year, employer, places, courier
ORDER BY courier.name
WITH year, employer, places,
  collect(courier.name) AS couriers,
  count(CASE WHEN courier.vulnerable THEN 1 END) AS vulnerable_couriers
RETURN year,
  employer.name AS employer,
  labels(employer)[0] AS employer_type,
  size(couriers) AS courier_count,
  couriers,
  vulnerable_couriers,
  places
ORDER BY year, employer
