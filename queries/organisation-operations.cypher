// title: An organisation's operations over time
// group: investigation
// description: >-
//   Every site an organisation ran and every shipment it imported, extracted or sent,
//   itself or through one of its members, in time order, with the country and the
//   shipment's route: how a group's operations move across the border or between ports
//   (e.g. plantations moving from the Netherlands into Belgium, shipments switching from
//   Rotterdam to Antwerp, a crew rising from container extraction to import). The date is
//   the day the site was dismantled or the shipment seized, else the date of the earliest
//   link to it (its own date, or the opening date of the case file that records it).
//   attribution says whose operation it is: own (the group itself is recorded doing it),
//   named (a member did it, in a case file that names the group) or member (a member did
//   it and no case file recording it names the group: a weaker reading, since the member
//   may have done it for another group); via_members names the members. route lists
//   the ports the shipment passed with their leg (origin, transshipment, destination)
//   and order, where the case files state them, and the day of each passage.
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
OPTIONAL MATCH (o)-[:MENTIONED_IN]->(naming:CaseFile)
WITH o, collect(naming.id) AS named_in
OPTIONAL MATCH (o)<-[:MEMBER_OF]-(member:Person)
WITH o, named_in, [o] + collect(DISTINCT member) AS actors
UNWIND actors AS actor
MATCH (actor)-[r:OPERATES|IMPORTS|EXTRACTS|SENDS]->(target)
WHERE labels(target)[0] IN ['Plantation', 'Lab', 'Shipment']
WITH o, actor, r, target,
  CASE WHEN actor = o THEN 0
       WHEN any(c IN r.sources WHERE c IN named_in) THEN 1
       ELSE 2 END AS strength
OPTIONAL MATCH (target)-[:LOCATED_IN]->(place:Location)
WITH o, actor, r, target, strength, min(place.country) AS place_country
ORDER BY actor.id
WITH o, target, type(r) AS action, place_country, min(strength) AS strength,
  collect(DISTINCT CASE WHEN actor = o THEN null ELSE actor.id END) AS members,
  collect(r.sources) AS source_lists,
  min(r.first_seen) AS first_link
OPTIONAL MATCH (target)-[via:VIA]->(port:Port)
WITH o, target, action, place_country, strength, members, source_lists, first_link,
  collect(CASE WHEN port IS NULL THEN null
          ELSE {port: port.id, name: port.name, country: port.country, leg: via.leg,
                order: via.order, date: via.first_seen} END) AS route
RETURN o.id AS organisation,
  o.name AS organisation_name,
  coalesce(target.dismantled_on, target.seized_on, first_link) AS date,
  action,
  target.id AS entity,
  labels(target)[0] AS entity_type,
  coalesce(target.country, place_country) AS country,
  route,
  ['own', 'named', 'member'][strength] AS attribution,
  [m IN members WHERE m IS NOT NULL] AS via_members,
  reduce(acc = [], s IN source_lists | acc + [c IN s WHERE NOT c IN acc]) AS case_files
ORDER BY organisation, date, entity, action
