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
OPTIONAL MATCH (file:CaseFile)
WHERE file.opened_on >= since AND file.opened_on < until
OPTIONAL MATCH (file)<-[:MENTIONED_IN]-(named)
WHERE market <> 'all' AND (
  (market = 'cannabis' AND (named:Plantation OR named:Growshop OR named:Coffeeshop))
  OR (market = 'synthetic' AND (named:Lab OR named:DumpSite))
  OR (named:Shipment AND market = CASE WHEN named.drug IN ['mdma', 'amphetamine', 'precursor']
    THEN 'synthetic' ELSE named.drug END)
  OR (named:CallCentre AND named.drug = market)
  OR (named:Organisation AND market IN coalesce(named.markets, []))
  OR (named:Intervention AND named.market = market))
WITH pivot, market, since, until, file, count(named) AS of_market
WITH pivot, market, since, until,
  [f IN collect(CASE WHEN market = 'all' OR of_market > 0 THEN file END) |
    {activity: 'case files opened', on: f.opened_on, item: f}] AS files
OPTIONAL MATCH (plantation:Plantation)
WHERE market IN ['all', 'cannabis']
  AND plantation.dismantled_on >= since AND plantation.dismantled_on < until
WITH pivot, market, since, until, files,
  [p IN collect(plantation) | {activity: 'dismantled plantations', on: p.dismantled_on, item: p}]
    AS plantations
OPTIONAL MATCH (lab:Lab)
WHERE market IN ['all', 'synthetic']
  AND lab.dismantled_on >= since AND lab.dismantled_on < until
WITH pivot, market, since, until, files, plantations,
  [l IN collect(lab) | {activity: 'dismantled labs', on: l.dismantled_on, item: l}] AS labs
OPTIONAL MATCH (shipment:Shipment)
WHERE shipment.seized_on >= since AND shipment.seized_on < until
  AND market IN ['all', CASE WHEN shipment.drug IN ['mdma', 'amphetamine', 'precursor']
    THEN 'synthetic' ELSE shipment.drug END]
WITH pivot, files, plantations, labs, collect(shipment) AS seized
WITH pivot, files + plantations + labs +
  [s IN seized | {activity: 'seized shipments', on: s.seized_on, item: s}] AS activities
UNWIND activities AS act
WITH pivot, act.activity AS activity, act.on AS happened_on, act.item AS item
WITH pivot, activity, happened_on,
  coalesce(item.country, head([(item)-[:LOCATED_IN|VIA]->(place) | place.country]), 'unknown')
    AS country
RETURN country,
  activity,
  count(CASE WHEN happened_on < pivot THEN 1 END) AS before,
  count(CASE WHEN happened_on >= pivot THEN 1 END) AS after
ORDER BY country, activity
