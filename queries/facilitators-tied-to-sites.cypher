// title: Facilitators tied to several sites
// group: investigation
// description: >-
//   Companies and grow shops tied to at least $min_sites different sites (plantations, labs,
//   premises), with the sites, how each is tied and the case files that say so. The study
//   names facilitators that serve many sites at once: grow shops selling growing equipment,
//   real-estate agents and landlords renting out buildings for cash, chemical suppliers that
//   file no suspicious-order report, courier and transport firms. One facilitator behind
//   several dismantled sites is a lead for a wider investigation and for prevention (a duty
//   to report, a warning). A tie is a recorded link between the two: a plantation bought
//   equipment at the grow shop (BOUGHT_EQUIPMENT_AT) or sold its harvest to it (SELLS_TO); a
//   company supplied a lab (SUPPLIES); premises were rented from the company (RENTS whose
//   from_company names it). Every company counts, whatever its kind. Not ties: being in the
//   same town, being named in the same case file (the utility whose electricity a
//   plantation stole is named in its case but was not a party to it), and renting out a
//   vehicle (a vehicle is not a site). No link type ties a company to a dump site.
// tags: {market: all, echelon: all, audience: [investigator, analyst]}
// returns: table
// params:
//   min_sites: {type: integer, default: 2, min: 1, max: 1000, description: Sites at least.}

// Every tie is a row of its own, found from the few shops, labs and premises it ends at
// (collecting each kind into a list and carrying the list through the next match made
// the engine group rows by it).
MATCH (target)
WHERE target:Lab OR target:Growshop OR target:Premises
MATCH (target)<-[link:SUPPLIES|BOUGHT_EQUIPMENT_AT|SELLS_TO|RENTS]-(source)
WHERE (type(link) = 'SUPPLIES' AND source:Company AND target:Lab)
  OR (type(link) IN ['BOUGHT_EQUIPMENT_AT', 'SELLS_TO'] AND source:Plantation
    AND target:Growshop)
  OR (type(link) = 'RENTS' AND target:Premises AND link.from_company IS NOT NULL)
WITH source, link, target
OPTIONAL MATCH (landlord:Company {id: link.from_company})
WITH link,
  CASE type(link) WHEN 'SUPPLIES' THEN source WHEN 'RENTS' THEN landlord ELSE target END
    AS facilitator,
  CASE WHEN source:Plantation THEN source ELSE target END AS site,
  CASE type(link) WHEN 'SUPPLIES' THEN 'supplied'
    WHEN 'BOUGHT_EQUIPMENT_AT' THEN 'sold equipment to'
    WHEN 'SELLS_TO' THEN 'bought harvest of'
    ELSE 'rented out' END AS how
WHERE facilitator IS NOT NULL
UNWIND link.sources AS case_file
WITH facilitator, site, how, case_file
ORDER BY case_file
WITH facilitator, site, how, collect(DISTINCT case_file) AS case_files
ORDER BY site.id, how
WITH facilitator,
  collect(DISTINCT site.id) AS sites,
  collect(how + ' ' + site.id + ': '
    + reduce(text = '', c IN case_files | text + CASE WHEN text = '' THEN '' ELSE ', ' END + c))
    AS ties
WHERE size(sites) >= $min_sites
RETURN facilitator.id AS facilitator,
  facilitator.name AS name,
  coalesce(facilitator.kind, 'growshop') AS kind,
  facilitator.country AS country,
  size(sites) AS site_count,
  sites,
  ties
ORDER BY site_count DESC, facilitator
