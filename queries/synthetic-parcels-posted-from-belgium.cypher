// title: Parcels of Dutch senders carried by Belgian postal and courier firms
// group: indicator
// description: >-
//   Drug parcels (shipments marked as parcels) sent by Dutch persons or groups and carried by
//   a Belgian postal or courier company, one row per parcel shipment with its year, sender(s),
//   the Dutch groups behind them, the carrier and the destinations. Study's Table 1,
//   synthetic retail, indicator of shift: Dutch sellers post parcels ordered online from
//   Belgian post and courier services to customers worldwide. A sender counts as Dutch when
//   the person lives in or has the nationality of the Netherlands, when a group sending is
//   based there, or when the sender works for (EMPLOYS) or is a member of a Dutch-based group;
//   those groups are listed in dutch_groups. The year is that of the seizure, else of the
//   first record of the shipment. A shipment can stand for a batch of parcels.
// tags: {market: synthetic, echelon: retail, audience: [analyst, investigator]}
// returns: table
// params:
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
MATCH (parcel:Shipment)-[:CARRIED_BY]->(carrier:Company)
WHERE parcel.parcel = true
  AND carrier.kind = 'postal_courier'
  AND carrier.country = 'BE'
WITH parcel, carrier,
  toInteger(left(coalesce(parcel.seized_on, parcel.first_seen), 4)) AS year
WHERE ($from_year IS NULL OR year >= $from_year)
  AND ($to_year IS NULL OR year <= $to_year)
MATCH (sender)-[:SENDS]->(parcel)
WITH parcel, carrier, year, sender,
  [(sender)-[:MEMBER_OF]->(member_of:Organisation) WHERE member_of.base_country = 'NL' | member_of]
  + [(sender)<-[:EMPLOYS]-(employer:Organisation) WHERE employer.base_country = 'NL' | employer]
  + CASE WHEN sender:Organisation AND sender.base_country = 'NL' THEN [sender] ELSE [] END
  AS groups
WHERE sender.residence_country = 'NL' OR sender.nationality = 'NL' OR size(groups) > 0
UNWIND CASE WHEN size(groups) = 0 THEN [null] ELSE groups END AS grp
WITH parcel, carrier, year, sender, grp
ORDER BY sender.name, grp.name
WITH parcel, carrier, year,
  collect(DISTINCT sender.name) AS senders,
  collect(DISTINCT grp.name) AS dutch_groups
OPTIONAL MATCH (parcel)-[:DESTINED_FOR]->(destination)
WITH parcel, carrier, year, senders, dutch_groups, destination
ORDER BY destination.name
WITH parcel, carrier, year, senders, dutch_groups,
  collect(DISTINCT destination.name) AS destinations
RETURN year,
  parcel.id AS shipment,
  parcel.drug AS drug,
  parcel.kg AS kg,
  senders,
  dutch_groups,
  carrier.name AS carrier,
  head([(carrier)-[:LOCATED_IN]->(at:Location) | at.name]) AS carrier_place,
  destinations
ORDER BY year, shipment, carrier
