// title: Timeline of an entity
// group: investigation
// description: >-
//   Everything recorded about one entity in time order: each of its relationships with the
//   dates it was seen (first_seen, last_seen: the link's own date where a case file gives
//   one, else the day the case file was opened), the entity at the other end, the type and
//   direction, the grading and the case files asserting it; and each case file naming the
//   entity (a MENTIONED_IN row dated the day the file was opened, with the file's title).
//   Read it to see when a person, site or company turns up, what it did when, and which
//   dossiers to ask for; the rows only seen later show how the picture grew.
// tags: {market: all, echelon: all, audience: [investigator, analyst]}
// returns: table
// params:
//   id: {type: id, description: Id of the entity.}
MATCH (entity {id: $id})
WITH entity
LIMIT 1
MATCH (entity)-[link]-(other)
RETURN link.first_seen AS first_seen,
  link.last_seen AS last_seen,
  type(link) AS relationship,
  CASE WHEN startNode(link) = entity THEN 'outgoing' ELSE 'incoming' END AS direction,
  other.id AS other,
  labels(other)[0] AS other_type,
  coalesce(other.name, other.title, other.number, other.plate, other.id) AS other_name,
  link.grading AS grading,
  link.sources AS case_files
ORDER BY first_seen, last_seen, relationship, other
