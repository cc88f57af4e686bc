// title: Activity series - case files of deliveries into Belgium per year, by who runs them
// group: indicator
// description: >-
//   The series the shift-versus-expansion verdict reads for cannabis and cocaine retail: one
//   row per case file that records a courier of a $market supplier run from $run_from (a
//   group based there whose markets include it, or a call centre run from there selling it)
//   delivering in a Belgian place (EMPLOYS, DELIVERS_IN), with the file's year, country and
//   the Belgian provinces delivered in. Who runs the supplier decides, not the courier's
//   nationality. Table 1: after the residence criterion (2012) Dutch suppliers bring
//   cannabis to Belgian demand by couriers, and call centres run from the Netherlands
//   dispatch cocaine couriers to Belgian customers. Run from NL, more such files over the
//   years speaks for a shift of retail to Belgian demand; run from BE, more of them while
//   the Dutch-run ones persist speaks for an expansion of the Belgian market. A delivery
//   counts in every case file that states it (its sources). Counts follow enforcement
//   effort.
// tags: {market: [cannabis, cocaine], echelon: retail, audience: analyst}
// returns: table
// params:
//   market:
//     type: enum
//     values: [cannabis, synthetic, cocaine]
//     default: cannabis
//     description: Drug market the supplier serves.
//   run_from:
//     type: country
//     default: NL
//     description: >-
//       Country the supplier is run from (a group's base country, a call centre's
//       run_from_country): NL for Dutch actors serving Belgian demand, BE for Belgian-run
//       suppliers.
MATCH (employer)-[:EMPLOYS]->(courier:Person)-[delivery:DELIVERS_IN]->(place:Location)
WHERE place.country = 'BE'
  AND ((employer:Organisation AND employer.base_country = $run_from
        AND $market IN coalesce(employer.markets, []))
    OR (employer:CallCentre AND employer.run_from_country = $run_from
        AND employer.drug = $market))
WITH DISTINCT delivery, place
UNWIND delivery.sources AS case_id
MATCH (file:CaseFile {id: case_id})
// The province test sits in min(): FalkorDB checks a label or property in the
// OPTIONAL MATCH row by row, in min() for all rows at once.
OPTIONAL MATCH (place)-[:PART_OF*0..3]->(province)
WITH file, place,
  min(CASE WHEN province:Location AND province.level = 'province' THEN province.name END)
    AS province
ORDER BY province
WITH file, collect(DISTINCT province) AS provinces
RETURN toInteger(left(file.opened_on, 4)) AS year,
  file.id AS case_file,
  file.country AS country,
  provinces
ORDER BY year, case_file
