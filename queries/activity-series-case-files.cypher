// title: Activity series - case files per country, kind and year
// group: indicator
// description: >-
//   Case files counted per country, kind (prosecutor file, MLA request, police report,
//   seizure report, interview) and year of opening. The shift-versus-expansion verdict reads
//   two things from it: the years the graph covers at all (a year with case files but no
//   dismantled site is an observed zero, a year without any case file is not), and police
//   reports per country and year, the observable trace of enforcement effort (detection
//   bias, docs/study.md: counts depend on how hard the police look). In a graph that holds only
//   drug cases the police reports are partly the activity itself, so as a measure of effort
//   they are a rough proxy.
// tags: {market: all, echelon: all, audience: analyst}
// returns: table
MATCH (file:CaseFile)
RETURN file.country AS country,
  file.kind AS kind,
  toInteger(left(file.opened_on, 4)) AS year,
  count(file) AS case_files
ORDER BY country, kind, year
