// title: Activity series - shipments per destination country, port and year
// group: indicator
// description: >-
//   The series the shift-versus-expansion verdict reads for the cocaine middle market:
//   shipments of $drug (parcels left out) counted per destination country, port and year,
//   over every port. Table 1, cocaine middle market: most cocaine through Antwerp is
//   destined for the Netherlands but a part now stays in Belgium; shipments destined for
//   Belgium rising while those destined for the Netherlands persist speaks for expansion,
//   while the Dutch ones falling would speak for a shift. The destination country is that
//   of the Location a shipment is DESTINED_FOR, else the base country of the Organisation
//   ('unknown' when neither); a shipment for several countries counts once in each. The
//   port is where the shipment was met, whose controls found it: the destination leg of
//   its route (VIA leg), else a port in the country where it was seized, else the last port
//   of its route, else the first by name (empty if none); port_country is that port's
//   country, whose enforcement effort is the count's exposure. The year
//   is that of the seizure, else of the passage, else of the first case file naming it.
//   $recorded_in keeps the shipments named in a case file of those kinds (none given keeps
//   all): the verdict reads seizure reports only, customs' record of the traffic as it
//   comes through the ports, since the shipments of investigations follow how many files
//   prosecutors open rather than the traffic.
// tags: {market: cocaine, echelon: middle_market, audience: analyst}
// returns: table
// params:
//   drug:
//     type: enum
//     values: [cocaine, cannabis, mdma, amphetamine, precursor, other]
//     default: cocaine
//     description: Drug (or precursor) of the shipments counted.
//   recorded_in:
//     type: list[enum]
//     values: [prosecutor_file, mla_request, police_report, seizure_report, interview]
//     default: []
//     description: Kinds of case file a shipment must be named in (none given keeps all).
MATCH (shipment:Shipment)
WHERE shipment.drug = $drug AND coalesce(shipment.parcel, false) = false
OPTIONAL MATCH (shipment)-[:MENTIONED_IN]->(file:CaseFile)
WITH shipment, collect(file.kind) AS recorded_kinds
WHERE size($recorded_in) = 0 OR any(kind IN recorded_kinds WHERE kind IN $recorded_in)
OPTIONAL MATCH (shipment)-[via:VIA]->(port:Port)
WITH shipment, via, port
ORDER BY CASE WHEN via.leg = 'destination' THEN 0
    WHEN port.country = shipment.country THEN 1 ELSE 2 END,
  coalesce(via.order, 0) DESC, port.name
WITH shipment, collect(port)[0] AS met_at, min(via.first_seen) AS passed_on
OPTIONAL MATCH (shipment)-[:DESTINED_FOR]->(destination)
WITH shipment, met_at.name AS port, met_at.country AS port_country, passed_on,
  collect(DISTINCT coalesce(destination.country, destination.base_country)) AS countries
WITH shipment, port, port_country,
  toInteger(left(coalesce(shipment.seized_on, passed_on, shipment.first_seen), 4)) AS year,
  CASE WHEN size(countries) = 0 THEN ['unknown'] ELSE countries END AS countries
UNWIND countries AS destination_country
RETURN destination_country, port, port_country, year, count(shipment) AS shipments
ORDER BY destination_country, port, year
