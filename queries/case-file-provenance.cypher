// title: What one case file asserts
// group: investigation
// description: >-
//   Everything one case file contributes to the graph: the file itself, every entity it
//   names and every relationship it asserts (those whose sources include it), each with
//   the grading that file gave it, for the explorer to draw. Use it to check where a fact
//   came from, to weigh a dossier before relying on it, or to see what would go if the file
//   were withdrawn. One row per entity: the case file first, then the entities it names,
//   each with the relationships it starts that the file asserts and, in the same order, the
//   file's grading of each (a relationship's overall grading may be better when another file
//   also asserts it).
// tags: {market: all, echelon: all, audience: [investigator, analyst, cooperation]}
// returns: subgraph
// params:
//   case: {type: id, label: CaseFile, description: Id of the case file.}
MATCH (case_file:CaseFile {id: $case})
OPTIONAL MATCH (named)-[:MENTIONED_IN]->(case_file)
WITH case_file, collect(named) AS named
UNWIND [case_file] + named AS entity
// Every type but MENTIONED_IN is named: an entity named in thousands of files would
// otherwise walk all those mentions to find the few links of this one.
OPTIONAL MATCH (entity)-[link:MEMBER_OF|CONTACT|OPERATES|BOUGHT_EQUIPMENT_AT|SELLS_TO|SUPPLIES|USES_CHEMICAL|PRODUCES_FOR|DUMPS_AT|IMPORTS|EXTRACTS|SENDS|CARRIED_BY|VIA|DESTINED_FOR|EMPLOYS|DELIVERS_IN|RENTS|USES|LOCATED_IN|PART_OF|ASSISTANCE_REQUEST|APPLIES_TO]-(other)
WHERE $case IN link.sources
WITH case_file, named, collect(DISTINCT other) AS ends
UNWIND [case_file] + named + [e IN ends WHERE NOT e IN named AND e <> case_file] AS entity
WITH DISTINCT case_file, entity
OPTIONAL MATCH (entity)-[link:MEMBER_OF|CONTACT|OPERATES|BOUGHT_EQUIPMENT_AT|SELLS_TO|SUPPLIES|USES_CHEMICAL|PRODUCES_FOR|DUMPS_AT|IMPORTS|EXTRACTS|SENDS|CARRIED_BY|VIA|DESTINED_FOR|EMPLOYS|DELIVERS_IN|RENTS|USES|LOCATED_IN|PART_OF|ASSISTANCE_REQUEST|APPLIES_TO]->(other)
WHERE $case IN link.sources
WITH case_file, entity, link, other
ORDER BY type(link), other.id, link.id
WITH case_file, entity,
  collect(link) AS relationships,
  collect([g IN link.gradings WHERE g STARTS WITH ($case + '=') | substring(g, size($case) + 1)][0])
    AS gradings
RETURN entity,
  relationships,
  gradings
ORDER BY CASE WHEN entity = case_file THEN 0 ELSE 1 END, entity.id
