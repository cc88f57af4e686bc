// title: Belgian groups that rose from container extraction to import
// group: indicator
// description: >-
//   Belgian-based groups (Organisation, base country BE) that extracted cocaine from
//   containers (EXTRACTS, by the group itself or by one of its members) before they first
//   imported cocaine on their own account (IMPORTS), with the year of their first
//   extraction and first import, how many shipments they extracted (and for how many the
//   extractors were paid in cocaine) and imported, and the imported weight. Table 1,
//   cocaine middle market (expansion): the study describes Belgian crews that were paid in
//   cocaine for extractions and so rose to importing and supplying foreign buyers
//   themselves. The date of an extraction or import is the shipment's seizure date, else
//   the date of the link (by default the opening date of the case file stating it); a
//   group counts only when its first extraction is earlier than its first import.
// tags: {market: cocaine, echelon: middle_market, audience: [analyst, investigator]}
// returns: table
MATCH (crew:Organisation {base_country: 'BE'})-[:IMPORTS]->(:Shipment {drug: 'cocaine'})
WITH DISTINCT crew
MATCH (crew)<-[:MEMBER_OF*0..1]-(extractor)-[extraction:EXTRACTS]->(extracted:Shipment)
WHERE extracted.drug = 'cocaine'
WITH crew, extracted,
  min(coalesce(extracted.seized_on, extraction.first_seen)) AS extracted_on,
  max(CASE WHEN extraction.paid_in_cocaine THEN 1 ELSE 0 END) AS paid_in_cocaine
ORDER BY extracted.id
WITH crew,
  min(extracted_on) AS first_extraction,
  collect(extracted.id) AS extracted_shipments,
  count(CASE WHEN paid_in_cocaine = 1 THEN extracted END) AS paid_in_cocaine
MATCH (crew)-[import:IMPORTS]->(imported:Shipment {drug: 'cocaine'})
WITH crew, first_extraction, extracted_shipments, paid_in_cocaine, imported,
  min(coalesce(imported.seized_on, import.first_seen)) AS imported_on
ORDER BY imported.id
WITH crew, first_extraction, extracted_shipments, paid_in_cocaine,
  min(imported_on) AS first_import,
  collect(imported.id) AS imported_shipments,
  sum(imported.kg) AS imported_kg
WHERE first_extraction < first_import
RETURN crew.id AS group_id,
  crew.name AS group_name,
  toInteger(left(first_extraction, 4)) AS first_extraction_year,
  toInteger(left(first_import, 4)) AS first_import_year,
  size(extracted_shipments) AS extractions,
  paid_in_cocaine AS extractions_paid_in_cocaine,
  size(imported_shipments) AS imports,
  imported_kg,
  extracted_shipments,
  imported_shipments
ORDER BY first_import_year, group_id
