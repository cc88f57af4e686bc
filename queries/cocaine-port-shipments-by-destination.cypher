// title: Shipments through a port by destination country
// group: indicator
// description: >-
//   Shipments that passed through one port (VIA), per year and destination country, with
//   their number and weight. Table 1, cocaine middle market (expansion): most cocaine
//   through the port of Antwerp is destined for the Netherlands, but a growing part stays
//   in Belgium; a rising Belgian share speaks for expansion. The destination country is
//   that of the Location a shipment is DESTINED_FOR, or the base country of the
//   Organisation it is DESTINED_FOR ('unknown' when neither is known); a shipment destined
//   for several countries counts once in each of them. The year is that of the seizure,
//   else of the passage through the port (the VIA link's date), else of the first case
//   file naming the shipment. Weights are summed over the shipments that give one.
// tags: {market: cocaine, echelon: middle_market, audience: analyst}
// returns: table
// params:
//   port:
//     type: id
//     label: Port
//     default: port-be-antwerpen
//     description: Id of the port the shipments passed through.
//   drug:
//     type: enum
//     values: [cocaine, cannabis, mdma, amphetamine, precursor, other]
//     default: cocaine
//     description: Drug (or precursor) of the shipments to count.
MATCH (port:Port {id: $port})<-[via:VIA]-(shipment:Shipment)
WHERE shipment.drug = $drug
WITH shipment, min(via.first_seen) AS passed_on
OPTIONAL MATCH (shipment)-[:DESTINED_FOR]->(destination)
WITH shipment, passed_on,
  collect(DISTINCT coalesce(destination.country, destination.base_country)) AS countries
WITH shipment,
  toInteger(left(coalesce(shipment.seized_on, passed_on, shipment.first_seen), 4)) AS year,
  CASE WHEN size(countries) = 0 THEN ['unknown'] ELSE countries END AS countries
UNWIND countries AS destination_country
RETURN year,
  destination_country,
  count(shipment) AS shipments,
  sum(shipment.kg) AS kg
ORDER BY year, destination_country
