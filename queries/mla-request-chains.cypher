// title: Chains of mutual legal assistance requests
// group: cooperation
// description: >-
//   Chains of assistance requests (ASSISTANCE_REQUEST: MLA requests, mirror investigations,
//   joint investigation teams, information exchange) from case file to case file, up to 4
//   requests long, with the countries of the case files, the kind and date of each request
//   along the chain, and the chain itself for the explorer to draw. A chain shows how
//   cooperation travelled: a Belgian request executed in a Dutch file that in turn asked a
//   Belgian prosecutor. Only whole chains are listed: a chain is not shown again as part of
//   a longer one, and no case file appears twice in one chain (a request answered by a
//   request back is two chains, one for each direction). Give a case file to see only the
//   chains it takes part in (anywhere along the chain). A request's date is that of its
//   link (by default the opening date of the case file stating it).
// tags: {market: all, echelon: all, audience: [cooperation, investigator]}
// returns: subgraph
// params:
//   case:
//     type: id
//     label: CaseFile
//     default: null
//     description: Id of a case file the chains must pass through (none given lists all).
MATCH chain = (first:CaseFile)-[:ASSISTANCE_REQUEST*1..4]->(last:CaseFile)
WITH chain, first, last, nodes(chain) AS files
WHERE all(file IN files WHERE single(other IN files WHERE other = file))
  AND ($case IS NULL OR any(file IN files WHERE file.id = $case))
WITH chain, files,
  [(earlier:CaseFile)-[:ASSISTANCE_REQUEST]->(first) | earlier] AS requested_before,
  [(last)-[:ASSISTANCE_REQUEST]->(later:CaseFile) | later] AS requested_after
WHERE all(earlier IN requested_before WHERE earlier IN files)
  AND (length(chain) = 4 OR all(later IN requested_after WHERE later IN files))
WITH chain, files, relationships(chain) AS links
RETURN chain,
  [file IN files | file.id] AS case_files,
  [file IN files | file.country] AS countries,
  [link IN links | link.kind] AS kinds,
  [link IN links | link.first_seen] AS dates,
  length(chain) AS requests
ORDER BY dates[0], case_files
