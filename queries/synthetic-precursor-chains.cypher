// title: Precursor chains from Belgium to the Netherlands
// group: indicator
// description: >-
//   Chemicals and precursors that pass through Belgium on their way to Dutch producers, one
//   row per chain with the chain itself as a path. Two routes: a Belgian company supplies a
//   chemical (SUPPLIES with a chemical) to a Dutch group, person or lab, or to a lab outside
//   the Netherlands that produces for or is operated by a Dutch group (the chain then ends at
//   that group); or a precursor shipment passes a Belgian port (VIA) and is destined for, or
//   imported by, something Dutch. Study's Table 1, synthetic production, indicator of
//   expansion: Belgium is a supply route of (pre-)precursors to the Netherlands, and chemical
//   suppliers have a (voluntary or mandatory) duty to report suspicious orders, shown in
//   reports_suspicious_orders (empty when unknown). category comes from the Chemical of the
//   same name; seen is the date of the supply or port call (or of the file that records it).
// tags: {market: synthetic, echelon: production, audience: [analyst, investigator]}
// returns: table
MATCH chain = (supplier:Company)-[supply:SUPPLIES]->(target)-[:PRODUCES_FOR|OPERATES*0..1]-(reached)
WHERE supplier.country = 'BE'
  AND supply.chemical IS NOT NULL
  AND ((length(chain) = 1
        AND coalesce(target.country, target.base_country, target.residence_country) = 'NL')
    OR (length(chain) = 2 AND target:Lab AND coalesce(target.country, '') <> 'NL'
        AND reached:Organisation AND reached.base_country = 'NL'))
OPTIONAL MATCH (chem:Chemical)
WHERE chem.name = supply.chemical
WITH supplier, supply, target, reached, chain, chem.category AS category
ORDER BY type(last(relationships(chain))) DESC
WITH supplier, supply, target, reached, head(collect(chain)) AS chain, min(category) AS category
RETURN 'chemical supplier' AS route,
  supplier.name AS source,
  supplier.kind AS source_kind,
  supplier.reports_suspicious_orders AS reports_suspicious_orders,
  supply.chemical AS chemical,
  category,
  supply.kg AS kg,
  null AS origin_country,
  supply.first_seen AS seen,
  CASE WHEN target <> reached THEN target.id END AS via,
  coalesce(reached.name, reached.id) AS reached,
  labels(reached)[0] AS reached_type,
  chain
ORDER BY seen, source, chemical, reached
UNION ALL
MATCH chain = (port:Port)<-[port_call:VIA]-(shipment:Shipment)-[:DESTINED_FOR|IMPORTS]-(reached)
WHERE port.country = 'BE'
  AND shipment.drug = 'precursor'
  AND coalesce(reached.country, reached.base_country) = 'NL'
RETURN 'port' AS route,
  port.name AS source,
  port.kind AS source_kind,
  null AS reports_suspicious_orders,
  null AS chemical,
  null AS category,
  shipment.kg AS kg,
  shipment.origin_country AS origin_country,
  port_call.first_seen AS seen,
  shipment.id AS via,
  coalesce(reached.name, reached.id) AS reached,
  labels(reached)[0] AS reached_type,
  chain
ORDER BY seen, source, via, reached
