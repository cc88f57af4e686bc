// title: Lab waste dumped across the border
// group: indicator
// description: >-
//   Dump sites of synthetic-drug waste that lie in another country than the lab whose waste
//   was dumped there (DUMPS_AT), with both places and dates. Study's Table 1, synthetic
//   production, indicator of expansion: waste is dumped on both sides of the border, so a
//   dump site on one side can point to a lab on the other. With $include_same_country every
//   dump site of a known lab is listed and cross_border tells them apart. A lab's or site's
//   country is its own, else that of its place; a pair whose countries are not both known is
//   listed only with $include_same_country.
// tags: {market: synthetic, echelon: production, audience: [analyst, investigator, cooperation]}
// returns: table
// params:
//   include_same_country:
//     type: boolean
//     default: false
//     description: Also list dump sites in the lab's own country.
MATCH (lab:Lab)-[dump:DUMPS_AT]->(site:DumpSite)
OPTIONAL MATCH (lab)-[:LOCATED_IN]->(lab_at:Location)
WITH lab, dump, site,
  coalesce(lab.country, min(lab_at.country)) AS lab_country,
  min(lab_at.name) AS lab_place
OPTIONAL MATCH (site)-[:LOCATED_IN]->(site_at:Location)
WITH lab, dump, site, lab_country, lab_place,
  coalesce(site.country, min(site_at.country)) AS site_country,
  min(site_at.name) AS site_place
WITH lab, dump, site, lab_country, lab_place, site_country, site_place,
  lab_country <> site_country AS cross_border
WHERE $include_same_country OR cross_border
RETURN site.found_on AS found_on,
  site.id AS dump_site,
  site_country,
  site_place,
  site.litres AS litres,
  lab.id AS lab,
  lab.kind AS lab_kind,
  lab_country,
  lab_place,
  lab.dismantled_on AS lab_dismantled_on,
  cross_border,
  dump.grading AS grading
ORDER BY found_on, dump_site, lab
