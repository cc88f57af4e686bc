// title: Activity before and after an intervention
// group: indicator
// description: >-
//   For one intervention (a policy or enforcement change such as the I-criterion, the
//   Taskforce Brabant-Zeeland or the Antwerp Stroomplan), the activity the study counted,
//   per country, in the $years years before its date and in the $years years from its date
//   on: dismantled plantations, dismantled labs, seized shipments and case files opened.
//   This is the before/after reading of the waterbed effect: activity falling in the
//   country of the intervention while it rises across the border speaks for a shift, both
//   rising for expansion. Counts depend on enforcement effort (detection bias), so read
//   them as leads, not as proof. When the intervention targets one market, only that
//   market's activity counts: plantations for cannabis, labs for synthetic drugs,
//   shipments by their drug (MDMA, amphetamine and precursors are synthetic), and case
//   files that name a site, shop, shipment, call centre, organisation or intervention of
//   that market. The country is the entity's own (for a shipment, where it was seized),
//   else that of the place it lies in or the port it passed.
// tags: {market: all, echelon: all, audience: analyst}
// returns: table
// params:
//   intervention:
//     type: id
//     label: Intervention
//     description: Id of the intervention.
//   years:
//     type: integer
//     default: 3
//     min: 1
//     max: 30
//     description: Years to look at on each side of the intervention's date.
MATCH (intervention:Intervention {id: $intervention})
WITH intervention.`on` AS pivot,
  intervention.market AS market,
  toInteger(left(intervention.`on`, 4)) AS pivot_year
WITH pivot, market,
  toString(pivot_year - $years) + substring(pivot, 4) AS since,
  toString(pivot_year + $years) + substring(pivot, 4) AS until
// One pass over the nodes keeps every item a row of its own: collecting each kind into a
// list and carrying the lists through the next match made the engine group rows by them.
MATCH (item)
WHERE (item:CaseFile AND item.opened_on >= since AND item.opened_on < until)
  OR (item:Plantation AND market IN ['all', 'cannabis']
    AND item.dismantled_on >= since AND item.dismantled_on < until)
  OR (item:Lab AND market IN ['all', 'synthetic']
    AND item.dismantled_on >= since AND item.dismantled_on < until)
  OR (item:Shipment AND item.seized_on >= since AND item.seized_on < until
    AND market IN ['all', CASE WHEN item.drug IN ['mdma', 'amphetamine', 'precursor']
      THEN 'synthetic' ELSE item.drug END])
OPTIONAL MATCH (item)<-[:MENTIONED_IN]-(named)
WHERE item:CaseFile AND market <> 'all' AND (
  (market = 'cannabis' AND (named:Plantation OR named:Growshop OR named:Coffeeshop))
  OR (market = 'synthetic' AND (named:Lab OR named:DumpSite OR named:Chemical))
  OR (named:Shipment AND market = CASE WHEN named.drug IN ['mdma', 'amphetamine', 'precursor']
    THEN 'synthetic' ELSE named.drug END)
  OR (named:CallCentre AND named.drug = market)
  OR (named:Organisation AND market IN coalesce(named.markets, []))
  OR (named:Intervention AND named.market = market))
WITH pivot, market, item, count(named) AS of_market
WHERE NOT item:CaseFile OR market = 'all' OR of_market > 0
WITH pivot, item,
  CASE WHEN item:CaseFile THEN 'case files opened'
    WHEN item:Plantation THEN 'dismantled plantations'
    WHEN item:Lab THEN 'dismantled labs'
    ELSE 'seized shipments' END AS activity,
  CASE WHEN item:CaseFile THEN item.opened_on
    WHEN item:Shipment THEN item.seized_on
    ELSE item.dismantled_on END AS happened_on
// The place is looked up only for an item without a country of its own.
OPTIONAL MATCH (item)-[:LOCATED_IN|VIA]->(place)
WHERE item.country IS NULL
WITH pivot, activity, happened_on, item, head(collect(place)) AS place
WITH pivot, activity, happened_on, coalesce(item.country, place.country, 'unknown') AS country
RETURN country,
  activity,
  count(CASE WHEN happened_on < pivot THEN 1 END) AS before,
  count(CASE WHEN happened_on >= pivot THEN 1 END) AS after
ORDER BY country, activity
