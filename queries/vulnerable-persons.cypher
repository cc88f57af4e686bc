// title: Vulnerable persons and how they are used
// group: investigation
// description: >-
//   Persons recorded as vulnerable (youths and problem users; Person.vulnerable = true) and
//   how the networks use them: their roles, who employs them (EMPLOYS, with the role given),
//   the organisations they belong to (MEMBER_OF), where they deliver (DELIVERS_IN), what
//   premises or vehicles are rented in their name (RENTS: front men) and the case files
//   naming them. The study finds such people used as couriers and front men who carry the
//   risk of arrest while the organisers stay out of sight, often across the border; the
//   list serves both the investigation (who sent them) and prevention and care.
// tags: {market: all, echelon: [retail, production], audience: [investigator, analyst]}
// returns: table
MATCH (person:Person)
WHERE person.vulnerable = true
OPTIONAL MATCH (employer)-[employs:EMPLOYS]->(person)
WITH person, employer, employs
ORDER BY employer.id
WITH person,
  collect(employer.name + coalesce(' (' + employs.role + ')', '')) AS employed_by
OPTIONAL MATCH (person)-[membership:MEMBER_OF]->(organisation:Organisation)
WITH person, employed_by, organisation, membership
ORDER BY organisation.id
WITH person, employed_by,
  collect(organisation.name + coalesce(' (' + membership.role + ')', '')) AS member_of
OPTIONAL MATCH (person)-[:DELIVERS_IN]->(place:Location)
WITH person, employed_by, member_of, place
ORDER BY place.name
WITH person, employed_by, member_of, collect(DISTINCT place.name) AS delivers_in
OPTIONAL MATCH (person)-[:RENTS]->(rented)
WITH person, employed_by, member_of, delivers_in, rented
ORDER BY rented.id
WITH person, employed_by, member_of, delivers_in, collect(DISTINCT rented.id) AS rents
OPTIONAL MATCH (person)-[:MENTIONED_IN]->(case_file:CaseFile)
WITH person, employed_by, member_of, delivers_in, rents, case_file
ORDER BY case_file.id
RETURN person.id AS person,
  person.name AS name,
  person.birth_date AS birth_date,
  person.residence_country AS residence_country,
  person.roles AS roles,
  employed_by,
  member_of,
  delivers_in,
  rents,
  collect(case_file.id) AS case_files
ORDER BY person
