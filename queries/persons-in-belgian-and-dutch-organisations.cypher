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

// Every tie is a row of its own, found from the organisations and the extracted shipments
// (collecting each kind into a list and carrying the list through the next match made the
// engine group rows by it).
MATCH (anchor)
WHERE (anchor:Organisation AND anchor.base_country IN ['BE', 'NL'])
  OR (anchor:Shipment AND $extractions)
MATCH (anchor)-[tie:MEMBER_OF|EMPLOYS|EXTRACTS]-(person:Person)
WHERE ((anchor:Organisation AND type(tie) <> 'EXTRACTS')
    OR (anchor:Shipment AND type(tie) = 'EXTRACTS' AND tie.on_behalf_of IS NOT NULL))
  AND startNode(tie) = CASE type(tie) WHEN 'EMPLOYS' THEN anchor ELSE person END
WITH anchor, tie, person
OPTIONAL MATCH (served:Organisation {id: tie.on_behalf_of})
WITH person, tie.sources AS sources,
  CASE WHEN anchor:Organisation THEN anchor ELSE served END AS org,
  CASE type(tie) WHEN 'MEMBER_OF' THEN 'member of'
    WHEN 'EMPLOYS' THEN 'employed by'
    ELSE 'extracts for' END AS how
WHERE org.base_country IN ['BE', 'NL']
// Only a person tied to both countries goes on to the costly part: one row per case file.
WITH person, collect({org: org, how: how, sources: sources}) AS person_ties,
  count(CASE WHEN org.base_country = 'BE' THEN 1 END) AS belgian_ties,
  count(CASE WHEN org.base_country = 'NL' THEN 1 END) AS dutch_ties
WHERE belgian_ties > 0 AND dutch_ties > 0
UNWIND person_ties AS tie
WITH person, tie.org AS org, tie.how AS how, tie.sources AS sources
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
