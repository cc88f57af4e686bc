// title: Shipments via rarely controlled routes
// group: indicator
// description: >-
//   Shipments that passed (VIA) a small marina, an airfield (general aviation), an inland
//   port or a rail terminal: the routes the study says are rarely controlled, where a
//   market pushed out of the seaports by tighter controls can go (waterbed effect). Not a
//   Table 1 row of its own: the study names these routes next to the twin seaports of
//   Antwerp and Rotterdam (cocaine middle market), and more shipments found on them over
//   the years speaks for a shift of routes rather than of the market. One row per shipment
//   and port, with the port's kind and country, the year, the drug, the weight and the
//   country the shipment came from. The year is that of the seizure, else of the passage
//   through the port (the VIA link's date, by default the opening date of the case file
//   stating it).
// tags: {market: all, echelon: middle_market, audience: analyst}
// returns: table
// params:
//   kinds:
//     type: list[enum]
//     values: [marina, airfield, inland, rail]
//     default: [marina, airfield, inland, rail]
//     description: Kinds of port to look at (none given keeps all four).
MATCH (port:Port)
WHERE port.kind IN CASE WHEN size($kinds) = 0
    THEN ['marina', 'airfield', 'inland', 'rail'] ELSE $kinds END
MATCH (port)<-[via:VIA]-(shipment:Shipment)
WITH port, shipment, min(via.first_seen) AS passed_on
RETURN port.id AS port_id,
  port.name AS port,
  port.kind AS port_kind,
  port.country AS country,
  toInteger(left(coalesce(shipment.seized_on, passed_on), 4)) AS year,
  shipment.id AS shipment_id,
  shipment.drug AS drug,
  shipment.kg AS kg,
  shipment.origin_country AS origin_country
ORDER BY year, country, port_id, shipment_id
