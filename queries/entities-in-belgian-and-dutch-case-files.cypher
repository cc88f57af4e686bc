// title: Entities named in both Belgian and Dutch case files
// group: cooperation
// description: >-
//   Entities named (MENTIONED_IN) in at least one Belgian and at least one Dutch case file,
//   with the ids of those Belgian and Dutch case files: the same person, group, company,
//   phone, vehicle or site turning up on both sides of the border is where a mirror
//   investigation or a joint investigation team (JIT) can start, and where the two
//   prosecutors should at least exchange information. Places, chemicals, ports,
//   interventions and coffee shops are left out by default: naming the same municipality,
//   solvent, seaport, policy or public shop says little about a shared case. Entities
//   named in the most case files come first.
// tags: {market: all, echelon: all, audience: [cooperation, investigator]}
// returns: table
// params:
//   types:
//     type: list[enum]
//     values: [Person, Organisation, Company, Growshop, Coffeeshop, CallCentre, Plantation, Lab,
//              DumpSite, Premises, Port, Shipment, Chemical, Vehicle, Phone, Location,
//              Intervention]
//     default: [Person, Organisation, Company, Growshop, CallCentre, Plantation, Lab, DumpSite,
//               Premises, Shipment, Vehicle, Phone]
//     description: Entity types to look at (none given keeps all).
MATCH (belgian:CaseFile {country: 'BE'})<-[:MENTIONED_IN]-(entity)
WHERE size($types) = 0 OR labels(entity)[0] IN $types
WITH entity, belgian
ORDER BY belgian.id
WITH entity, collect(belgian.id) AS belgian_case_files
MATCH (entity)-[:MENTIONED_IN]->(dutch:CaseFile {country: 'NL'})
WITH entity, belgian_case_files, dutch
ORDER BY dutch.id
WITH entity, belgian_case_files, collect(dutch.id) AS dutch_case_files
RETURN entity.id AS entity_id,
  labels(entity)[0] AS type,
  coalesce(entity.name, entity.plate, entity.number, entity.id) AS name,
  size(belgian_case_files) + size(dutch_case_files) AS case_files,
  belgian_case_files,
  dutch_case_files
ORDER BY case_files DESC, entity_id
