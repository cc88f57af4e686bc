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
OPTIONAL MATCH (company:Company)-[supplied:SUPPLIES]->(lab:Lab)
WITH collect({facilitator: company, site: lab, how: 'supplied', link: supplied}) AS supplies
OPTIONAL MATCH (plantation:Plantation)-[bought:BOUGHT_EQUIPMENT_AT]->(shop:Growshop)
WITH supplies,
  collect({facilitator: shop, site: plantation, how: 'sold equipment to', link: bought}) AS equipment
OPTIONAL MATCH (plantation:Plantation)-[sold:SELLS_TO]->(shop:Growshop)
WITH supplies, equipment,
  collect({facilitator: shop, site: plantation, how: 'bought harvest of', link: sold}) AS harvests
OPTIONAL MATCH ()-[rent:RENTS]->(premises:Premises)
WHERE rent.from_company IS NOT NULL
WITH supplies, equipment, harvests, rent, premises
OPTIONAL MATCH (landlord:Company {id: rent.from_company})
WITH supplies, equipment, harvests,
  collect({facilitator: landlord, site: premises, how: 'rented out', link: rent}) AS rentals
UNWIND supplies + equipment + harvests + rentals AS tie
WITH tie
WHERE tie.facilitator IS NOT NULL AND tie.site IS NOT NULL
WITH tie.facilitator AS facilitator, tie.site AS site, tie.how AS how, tie.link AS link
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
