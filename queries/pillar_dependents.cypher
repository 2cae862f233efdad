// The headline: every record that depends on a pillar's base document, over BASED_ON (basis),
// PLACED_UNDER (structure) and COVERS (topics), with its shortest distance, nearest first. Per
// item (the page only): `certainty` (stated when some chain of stated links through stated
// records reaches the base), `relation` (basis when BASED_ON links alone do) and (paths = true)
// one shortest path. Filters: tiers, statuses (null = any; a topic has neither, so either filter
// leaves topics out); certainties (['stated'] follows stated claims only). A cycle never repeats a
// record; a base document is not its own dependent. `min(length(reach))` over a variable-length
// match lets the planner use a pruning breadth-first expand (each record visited once, at its
// shortest distance); the bound is literal (50, the API's most) and max_depth filters after.
// as_of (a date; null: the graph as recorded, today's status): the graph as it stood that day.
// Only records in force that day are followed, and those whose force a missing date leaves
// unknown (kept, marked in_force 'unknown'); a repeal counts from its day (documents'
// in_force_from and in_force_until, derived on write: lifecycle/refresh).
:param key => 'party-leadership';
:param max_depth => 10;
:param tiers => null;
:param statuses => null;
:param offset => 0;
:param limit => 50;
:param paths => true;
:param certainties => ['stated', 'inferred'];
:param as_of => null;
MATCH (pillar:Pillar {key: $key})
OPTIONAL MATCH (base:BaseDocument)-[serves:IMPLEMENTS]->(pillar)
WHERE serves.certainty IN $certainties AND base.certainty IN $certainties
  AND all(record IN [base] WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
WITH pillar, collect(base) AS bases
CALL (bases) {
  UNWIND bases AS base
  MATCH reach = (base)<-[:BASED_ON|PLACED_UNDER|COVERS*1..50]-(dependent)
  WHERE all(link IN relationships(reach) WHERE link.certainty IN $certainties)
    AND all(record IN nodes(reach) WHERE record.certainty IN $certainties
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
  WITH dependent, min(length(reach)) AS distance
  WHERE distance <= $max_depth AND NOT dependent IN bases
    AND ($tiers IS NULL OR dependent.tier IN $tiers)
    AND ($statuses IS NULL OR CASE WHEN dependent.repealed AND coalesce(dependent.repealed_on <= coalesce($as_of, date()), true)
                                    THEN 'repealed' ELSE dependent.status END IN $statuses)
  WITH dependent, distance ORDER BY distance, dependent.id
  RETURN collect({node: dependent, distance: distance}) AS ranked
}
CALL (bases, ranked) {
  UNWIND ranked[$offset..$offset + $limit] AS row
  WITH row, row.node AS dependent
  CALL (dependent, bases) {
    UNWIND CASE WHEN $paths THEN bases ELSE [] END AS base
    MATCH path = shortestPath((dependent)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(base))
    WHERE all(link IN relationships(path) WHERE link.certainty IN $certainties)
      AND all(record IN nodes(path) WHERE record.certainty IN $certainties
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    WITH path ORDER BY length(path)
    RETURN head(collect([n IN nodes(path) | n.id])) AS ids
  }
  CALL (dependent, bases) {
    UNWIND bases AS base
    OPTIONAL MATCH stated = shortestPath((dependent)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(base))
    WHERE all(link IN relationships(stated) WHERE link.certainty = 'stated')
      AND all(record IN nodes(stated) WHERE record.certainty = 'stated'
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    OPTIONAL MATCH basis = shortestPath((dependent)-[:BASED_ON*1..50]->(base))
    WHERE all(link IN relationships(basis) WHERE link.certainty IN $certainties)
      AND all(record IN nodes(basis) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    RETURN any(x IN collect(stated IS NOT NULL) WHERE x) AS is_stated,
           any(x IN collect(basis IS NOT NULL) WHERE x) AS is_basis
  }
  RETURN collect(dependent {
           .id, .title, .name, .title_en, .tier,
           status: CASE WHEN dependent.repealed AND coalesce(dependent.repealed_on <= coalesce($as_of, date()), true) THEN 'repealed' ELSE dependent.status END,
           in_force: CASE WHEN $as_of IS NULL OR NOT dependent:Document THEN null WHEN dependent.in_force_from IS NULL OR dependent.end_unknown THEN 'unknown' ELSE 'yes' END,
           kind: CASE WHEN dependent:Topic THEN 'topic' ELSE 'document' END,
           distance: row.distance, path: ids,
           certainty: CASE WHEN is_stated THEN 'stated' ELSE 'inferred' END,
           relation: CASE WHEN is_basis THEN 'basis' ELSE 'structure' END}) AS items
}
RETURN pillar {.key, .name, .name_en, .order} AS pillar,
       [b IN bases | b {.id, .title, .title_en, .tier, .status, .certainty, kind: 'document'}] AS base_documents,
       size(ranked) AS total,
       items
