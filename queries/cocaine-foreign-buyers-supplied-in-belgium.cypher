// title: Foreign cocaine buyers supplied by Belgian groups
// group: indicator
// description: >-
//   Every cocaine supply (SUPPLIES with drug cocaine) from a Belgian-based organisation or
//   person to a buyer based outside Belgium: an organisation whose base country is not BE,
//   or a person who lives outside Belgium. Table 1, cocaine middle market (expansion): the
//   study found foreign buyers increasingly supplied in Antwerp by Belgian groups that had
//   risen from container extraction to import; more such supplies over the years speak for
//   expansion of the middle market into Belgium. Belgian-based means base country BE for an
//   organisation and residence in BE for a person; buyers and sellers without a known
//   country are left out. The year is that of the supply link's date (by default the date
//   the first case file stating it was opened). One row per supply, with the case files
//   that state it.
// tags: {market: cocaine, echelon: middle_market, audience: [analyst, investigator]}
// returns: table
MATCH (seller)-[supply:SUPPLIES]->(buyer)
WHERE toLower(supply.drug) = 'cocaine'
  AND coalesce(seller.base_country, seller.residence_country) = 'BE'
  AND coalesce(buyer.base_country, buyer.residence_country) <> 'BE'
  AND (buyer:Organisation OR buyer:Person)
RETURN toInteger(left(supply.first_seen, 4)) AS year,
  coalesce(buyer.base_country, buyer.residence_country) AS buyer_country,
  buyer.id AS buyer_id,
  buyer.name AS buyer,
  labels(buyer)[0] AS buyer_type,
  seller.id AS seller_id,
  seller.name AS seller,
  supply.kg AS kg,
  supply.grading AS grading,
  supply.sources AS case_files
ORDER BY year, buyer_country, buyer_id, seller_id
