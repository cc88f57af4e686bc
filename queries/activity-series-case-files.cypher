// title: Activity series - case files per country, kind and year
// group: indicator
// description: >-
//   Case files counted per country, kind (prosecutor file, MLA request, police report,
//   seizure report, interview, statistics) and year of opening. The shift-versus-expansion
//   verdict reads from it the years the graph covers at all (a year with case files but no
//   dismantled site is an observed zero, a year without any case file is not); statistics
//   files state enforcement effort, not cases, and do not widen those years. Effort itself is
//   read from activity-series-enforcement-effort, never from the case files: police reports
//   are partly the activity they would measure.
// tags: {market: all, echelon: all, audience: analyst}
// returns: table
MATCH (file:CaseFile)
RETURN file.country AS country,
  file.kind AS kind,
  toInteger(left(file.opened_on, 4)) AS year,
  count(file) AS case_files
ORDER BY country, kind, year
