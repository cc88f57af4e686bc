// title: Activity series - parcels posted in Belgium per province and year, by sender's country
// group: indicator
// description: >-
//   The series the shift-versus-expansion verdict reads for synthetic retail: drug parcels
//   (shipments marked as parcels) sent by a sender of $sender_country and carried by a
//   Belgian postal or courier company, counted per province of the carrier's place and
//   year. Table 1, synthetic retail: Dutch sellers post online-ordered parcels from Belgian
//   postal and courier services; more of them over the years is Dutch supply moving onto
//   Belgian infrastructure, a shift, while Belgian sellers' parcels rising as the Dutch ones
//   persist is an expansion. Each sender has one country, the seller's own first: its base
//   country (a group that sends), else where the person lives, else the country of the
//   groups or call centres it works for or belongs to when they all agree (such ties often
//   come from other case files), else their nationality. A parcel counts once when several
//   of its senders have that country. The year is that of the seizure, else of the
//   parcel's first record.
// tags: {market: synthetic, echelon: retail, audience: analyst}
// returns: table
// params:
//   sender_country:
//     type: country
//     default: NL
//     description: >-
//       Country of the senders counted: NL for Dutch sellers using Belgian post, BE for
//       Belgian sellers.
MATCH (sender)-[:SENDS]->(parcel:Shipment)-[:CARRIED_BY]->(carrier:Company)
WHERE parcel.parcel = true AND carrier.kind = 'postal_courier' AND carrier.country = 'BE'
WITH parcel, carrier, sender,
  [(sender)<-[:EMPLOYS]-(employer)
    WHERE coalesce(employer.base_country, employer.run_from_country) IS NOT NULL
    | coalesce(employer.base_country, employer.run_from_country)] AS employer_countries,
  [(sender)-[:MEMBER_OF]->(member_of:Organisation) WHERE member_of.base_country IS NOT NULL
    | member_of.base_country] AS group_countries
WITH parcel, carrier, sender, employer_countries + group_countries AS tie_countries
WITH parcel, carrier,
  CASE
    WHEN sender.base_country IS NOT NULL THEN sender.base_country
    WHEN sender.residence_country IS NOT NULL THEN sender.residence_country
    WHEN size(tie_countries) > 0 AND all(c IN tie_countries WHERE c = tie_countries[0])
      THEN tie_countries[0]
    ELSE sender.nationality
  END AS sender_country
WHERE sender_country = $sender_country
WITH DISTINCT parcel, carrier
OPTIONAL MATCH (carrier)-[:LOCATED_IN]->(place:Location)
// The province test sits in min(): FalkorDB checks a label or property in the
// OPTIONAL MATCH row by row, in min() for all rows at once.
OPTIONAL MATCH (place)-[:PART_OF*0..3]->(province)
WITH parcel,
  min(CASE WHEN province:Location AND province.level = 'province' THEN province.name END)
    AS province,
  toInteger(left(coalesce(parcel.seized_on, parcel.first_seen), 4)) AS year
RETURN province, year, count(parcel) AS parcels
ORDER BY province, year
