// title: Persons in both Belgian and Dutch organisations
// group: investigation
// description: >-
//   Persons tied to at least one organisation based in Belgium and at least one based in
//   the Netherlands (by the organisation's base_country): the people who bridge the
//   Belgian and Dutch milieus, where the study sees markets integrate (expansion) or
//   activity move across the border (shift). A person is tied to an organisation as a
//   member (MEMBER_OF) or as its employee (the organisation EMPLOYS the person) and, with
//   $extractions, also when the person extracted a shipment on the organisation's behalf
//   (EXTRACTS with on_behalf_of naming it): dockworkers who take cocaine out of containers
//   for a foreign import group work for it. Each tie is listed with the case files that
//   assert it.
// tags: {market: all, echelon: all, audience: [investigator, analyst]}
// returns: table
// params:
//   extractions:
//     type: boolean
//     default: true
//     description: Count extracting a shipment on an organisation's behalf as a tie.
MATCH (person:Person)-[tie:MEMBER_OF]->(org:Organisation)
WHERE org.base_country IN ['BE', 'NL']
WITH collect({person: person, org: org, how: 'member of', sources: tie.sources}) AS members
OPTIONAL MATCH (org:Organisation)-[tie:EMPLOYS]->(person:Person)
WHERE org.base_country IN ['BE', 'NL']
WITH members, collect({person: person, org: org, how: 'employed by', sources: tie.sources}) AS employees
OPTIONAL MATCH (person:Person)-[tie:EXTRACTS]->(:Shipment)
WHERE $extractions AND tie.on_behalf_of IS NOT NULL
WITH members, employees, person, tie
OPTIONAL MATCH (org:Organisation {id: tie.on_behalf_of})
WHERE org.base_country IN ['BE', 'NL']
WITH members, employees,
  collect({person: person, org: org, how: 'extracts for', sources: tie.sources}) AS extractors
UNWIND members + employees + extractors AS t
WITH t
WHERE t.person IS NOT NULL AND t.org IS NOT NULL
WITH t.person AS person, t.org AS org, t.how AS how, t.sources AS sources
UNWIND sources AS case_file
WITH person, org, how, case_file
ORDER BY case_file
WITH person, org, how, collect(DISTINCT case_file) AS case_files
ORDER BY org.base_country, org.id, how
WITH person,
  collect(DISTINCT CASE WHEN org.base_country = 'BE' THEN org.id END) AS belgian_organisations,
  collect(DISTINCT CASE WHEN org.base_country = 'NL' THEN org.id END) AS dutch_organisations,
  collect(how + ' ' + org.name + ' (' + org.base_country + '): '
    + reduce(text = '', c IN case_files | text + CASE WHEN text = '' THEN '' ELSE ', ' END + c))
    AS ties
WHERE size(belgian_organisations) > 0 AND size(dutch_organisations) > 0
RETURN person.id AS person,
  person.name AS name,
  person.residence_country AS residence_country,
  belgian_organisations,
  dutch_organisations,
  ties
ORDER BY person
