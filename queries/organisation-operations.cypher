// title: An organisation's operations over time
// group: investigation
// description: >-
//   Every site an organisation ran and every shipment it imported, extracted or sent,
//   itself or through one of its members, in time order, with the country and the port:
//   how a group's operations move across the border or between ports (e.g. plantations
//   moving from the Netherlands into Belgium, shipments switching from Rotterdam to
//   Antwerp, a crew rising from container extraction to import). The date is the day the
//   site was dismantled or the shipment seized, else the date of the earliest link to it
//   (its own date, or the opening date of the case file that records it). A
//   member's operation counts for each group the member belongs to; via_members names them.
// tags: {market: all, echelon: all, audience: [analyst, investigator]}
// returns: table
// params:
//   organisation:
//     type: id
//     label: Organisation
//     default: null
//     description: Id of the organisation (none = every organisation).
MATCH (o:Organisation)
WHERE $organisation IS NULL OR o.id = $organisation
OPTIONAL MATCH (o)<-[:MEMBER_OF]-(member:Person)
WITH o, [o] + collect(DISTINCT member) AS actors
UNWIND actors AS actor
MATCH (actor)-[r:OPERATES|IMPORTS|EXTRACTS|SENDS]->(target)
WHERE labels(target)[0] IN ['Plantation', 'Lab', 'Shipment']
OPTIONAL MATCH (target)-[:VIA]->(port:Port)
OPTIONAL MATCH (target)-[:LOCATED_IN]->(place:Location)
WITH o, actor, r, target, min(port.id) AS port, min(place.country) AS place_country
WITH o, target, type(r) AS action, port, place_country,
  collect(DISTINCT CASE WHEN actor = o THEN null ELSE actor.id END) AS members,
  collect(r.sources) AS source_lists,
  min(r.first_seen) AS first_link
RETURN o.id AS organisation,
  coalesce(target.dismantled_on, target.seized_on, first_link) AS date,
  action,
  target.id AS entity,
  labels(target)[0] AS entity_type,
  coalesce(target.country, place_country) AS country,
  port,
  [m IN members WHERE m IS NOT NULL] AS via_members,
  reduce(acc = [], s IN source_lists | acc + [c IN s WHERE NOT c IN acc]) AS case_files
ORDER BY organisation, date, entity, action
