// title: Persons sharing a phone, vehicle or address
// group: investigation
// description: >-
//   Pairs of persons who use the same phone or vehicle, or rent or run the same premises,
//   with what they share and the case files that say so. Shared phones, cars and addresses
//   tie people together even when no contact between them was recorded: a courier driving
//   a car rented by the dispatcher, two growers on one phone, a front man's address used by
//   others. A person shares a phone or vehicle by using it (USES) or renting it (RENTS); a
//   premises by renting it (RENTS) or running it (OPERATES). Premises recorded under
//   different ids but with the same address (ignoring upper and lower case and leading or
//   trailing spaces) count as the same place. Narrow it to some kinds of shared things.
// tags: {market: all, echelon: all, audience: [investigator, analyst]}
// returns: table
// params:
//   kinds:
//     type: list[enum]
//     values: [Phone, Vehicle, Premises]
//     default: [Phone, Vehicle, Premises]
//     description: What the persons share (none given means all three).
MATCH (person:Person)-[link:USES|RENTS|OPERATES]->(thing)
WHERE labels(thing)[0] IN ['Phone', 'Vehicle', 'Premises']
  AND (size($kinds) = 0 OR labels(thing)[0] IN $kinds)
WITH person, link, thing,
  CASE
    WHEN labels(thing)[0] = 'Premises' AND trim(coalesce(thing.address, '')) <> ''
      THEN 'address ' + toLower(trim(thing.address))
    ELSE thing.id
  END AS shared_key
WITH shared_key, collect({person: person, link: link, thing: thing}) AS holders
WHERE size(holders) > 1
UNWIND holders AS one
UNWIND holders AS other
WITH one, other
WHERE one.person.id < other.person.id
UNWIND [one, other] AS held
WITH one.person AS a, other.person AS b, held.thing AS thing, held.link AS link
ORDER BY thing.id
WITH a, b,
  collect(DISTINCT thing) AS things,
  collect(DISTINCT link) AS links
WITH a, b, links,
  [t IN things | t.id] AS shared_ids,
  reduce(seen = [], t IN things |
    seen + [x IN [labels(t)[0] + ' ' + coalesce(t.number, t.plate, trim(t.address), t.id)]
            WHERE NOT x IN seen]) AS shared
UNWIND links AS link
UNWIND link.sources AS case_file
WITH a, b, shared, shared_ids, case_file
ORDER BY case_file
RETURN a.id AS person_a,
  a.name AS name_a,
  b.id AS person_b,
  b.name AS name_b,
  shared,
  shared_ids,
  collect(DISTINCT case_file) AS case_files
ORDER BY person_a, person_b
