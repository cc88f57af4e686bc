// title: Activity series - Dutch senders' parcels posted in Belgium per province and year
// group: indicator
// description: >-
//   The series the shift-versus-expansion verdict reads for synthetic retail: drug parcels
//   (shipments marked as parcels) sent by a Dutch sender and carried by a Belgian postal or
//   courier company, counted per province of the carrier's place and year. Table 1,
//   synthetic retail: Dutch sellers post online-ordered parcels from Belgian postal and
//   courier services; more of them over the years is Dutch supply moving onto Belgian
//   infrastructure, a shift. A sender is Dutch when the person lives in or has the
//   nationality of the Netherlands, or is (or works for, or is a member of) a group based
//   there. The year is that of the seizure, else of the parcel's first record.
// tags: {market: synthetic, echelon: retail, audience: analyst}
// returns: table
MATCH (sender)-[:SENDS]->(parcel:Shipment)-[:CARRIED_BY]->(carrier:Company)
WHERE parcel.parcel = true AND carrier.kind = 'postal_courier' AND carrier.country = 'BE'
WITH parcel, carrier, sender,
  [(sender)-[:MEMBER_OF]->(member_of:Organisation) WHERE member_of.base_country = 'NL'
    | member_of] AS member_of_dutch,
  [(sender)<-[:EMPLOYS]-(employer:Organisation) WHERE employer.base_country = 'NL'
    | employer] AS employed_by_dutch
WITH parcel, carrier,
  count(CASE WHEN sender.residence_country = 'NL' OR sender.nationality = 'NL'
    OR sender.base_country = 'NL'
    OR size(member_of_dutch) + size(employed_by_dutch) > 0 THEN 1 END) AS dutch_senders
WHERE dutch_senders > 0
OPTIONAL MATCH (carrier)-[:LOCATED_IN]->(place:Location)
OPTIONAL MATCH (place)-[:PART_OF*0..3]->(province:Location {level: 'province'})
WITH parcel, min(province.name) AS province,
  toInteger(left(coalesce(parcel.seized_on, parcel.first_seen), 4)) AS year
RETURN province, year, count(parcel) AS parcels
ORDER BY province, year
