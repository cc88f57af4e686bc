// title: Links resting only on weak information
// group: investigation
// description: >-
//   Relationships that no case file grades well: every case file asserting the link graded
//   its source ($weak_source or worse on the Europol 4x4 scale: C not usually reliable,
//   X cannot be judged) or the information ($weak_information or worse: 3 not known
//   personally to the source, 4 not known personally and not corroborated) as weak. These
//   are links to corroborate before acting on them: a search, an arrest or an MLA request
//   should not rest on hearsay. One well graded case file is enough to take a link off the
//   list. Each row gives how many case files assert the link (several weak sources that
//   agree are worth more than one) and their gradings, weakest first. Links to case files
//   (MENTIONED_IN) and the place hierarchy (PART_OF) are left out.
// tags: {market: all, echelon: all, audience: [investigator, analyst]}
// returns: table
// params:
//   weak_source:
//     type: enum
//     values: [B, C, X]
//     default: C
//     description: Source reliability from which on a grading is weak (C means C and X).
//   weak_information:
//     type: integer
//     default: 3
//     min: 2
//     max: 4
//     description: Information grade from which on a grading is weak (3 means 3 and 4).
MATCH (a)-[link]->(b)
WHERE NOT type(link) IN ['MENTIONED_IN', 'PART_OF']
  AND size(coalesce(link.gradings, [])) > 0
  AND all(g IN link.gradings
          WHERE left(right(g, 2), 1) >= $weak_source
             OR toInteger(right(g, 1)) >= $weak_information)
RETURN a.id AS from_id,
  type(link) AS relationship,
  b.id AS to_id,
  link.grading AS grading,
  size(link.sources) AS case_count,
  link.gradings AS gradings,
  link.first_seen AS first_seen,
  link.last_seen AS last_seen
ORDER BY grading DESC, case_count, from_id, relationship, to_id
