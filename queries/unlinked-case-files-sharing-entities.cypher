// title: Belgian and Dutch case files sharing entities without a request between them
// group: cooperation
// description: >-
//   Pairs of a Belgian and a Dutch case file that name at least $min_shared of the same
//   entities but have no assistance request (ASSISTANCE_REQUEST: MLA request, mirror
//   investigation, JIT or information exchange) between them in either direction: two
//   investigations of the same people or sites on both sides of the border where
//   cooperation has not started yet. The shared entities are listed, and for each file the
//   case files it already exchanges requests with, since a request filed as a case file of
//   its own (an MLA request dossier) is linked to the other country's file, not to the
//   investigation it serves. Research interviews are left out (there is no investigation
//   to cooperate on). Places, chemicals, ports, interventions and coffee shops are
//   not counted by default: naming the same municipality, solvent, seaport, policy or
//   public shop says little about a shared case. Pairs sharing the most entities come
//   first.
// tags: {market: all, echelon: all, audience: [cooperation, investigator]}
// returns: table
// params:
//   min_shared:
//     type: integer
//     default: 2
//     min: 1
//     description: Least number of shared entities for a pair to be listed.
//   types:
//     type: list[enum]
//     values: [Person, Organisation, Company, Growshop, Coffeeshop, CallCentre, Plantation, Lab,
//              DumpSite, Premises, Port, Shipment, Chemical, Vehicle, Phone, Location,
//              Intervention]
//     default: [Person, Organisation, Company, Growshop, CallCentre, Plantation, Lab, DumpSite,
//               Premises, Shipment, Vehicle, Phone]
//     description: Entity types that count as shared (none given counts all).
MATCH (belgian:CaseFile {country: 'BE'})<-[:MENTIONED_IN]-(entity)
  -[:MENTIONED_IN]->(dutch:CaseFile {country: 'NL'})
WHERE belgian.kind <> 'interview' AND dutch.kind <> 'interview'
  AND (size($types) = 0 OR labels(entity)[0] IN $types)
// Counting first and naming the shared entities only for the pairs kept spares sorting and
// collecting the ids of every pair of files that share one entity.
WITH belgian, dutch, count(entity) AS shared_count
WHERE shared_count >= $min_shared
// a separate WITH: FalkorDB fails on a pattern predicate next to a condition on an aggregate
WITH belgian, dutch
WHERE NOT (belgian)-[:ASSISTANCE_REQUEST]-(dutch)
MATCH (belgian)<-[:MENTIONED_IN]-(entity)-[:MENTIONED_IN]->(dutch)
WHERE size($types) = 0 OR labels(entity)[0] IN $types
WITH belgian, dutch, entity
ORDER BY entity.id
WITH belgian, dutch, collect(entity.id) AS shared
OPTIONAL MATCH (belgian)-[:ASSISTANCE_REQUEST]-(partner:CaseFile)
WITH belgian, dutch, shared, partner
ORDER BY partner.id
WITH belgian, dutch, shared, collect(DISTINCT partner.id) AS belgian_requests
OPTIONAL MATCH (dutch)-[:ASSISTANCE_REQUEST]-(counterpart:CaseFile)
WITH belgian, dutch, shared, belgian_requests, counterpart
ORDER BY counterpart.id
WITH belgian, dutch, shared, belgian_requests, collect(DISTINCT counterpart.id) AS dutch_requests
RETURN belgian.id AS belgian_case_file,
  dutch.id AS dutch_case_file,
  size(shared) AS shared_entities,
  shared AS shared_entity_ids,
  belgian_requests AS belgian_file_requests_with,
  dutch_requests AS dutch_file_requests_with
ORDER BY shared_entities DESC, belgian_case_file, dutch_case_file
