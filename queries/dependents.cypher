// Dependents (downstream impact): every record that depends on this document, transitively, over
// BASED_ON (basis), PLACED_UNDER (structure) and COVERS (topics), with its shortest distance,
// nearest first. Never the document itself. One pruning breadth-first expand ranks them (see
// pillar_dependents); for the page only: titles, `certainty` (stated when some chain of stated
// links through stated records connects them), `relation` (basis when BASED_ON links alone do)
// and (paths = true) one shortest path. certainties: ['stated'] follows stated claims only.
// as_of (a date; null: the graph as recorded, today's status): the graph as it stood that day.
// Only records in force that day are followed, and those whose force a missing date leaves
// unknown (kept, marked in_force 'unknown'); a repeal counts from its day (documents'
// in_force_from and in_force_until, derived on write: lifecycle/refresh).
:param id => 'km-base-party-building';
:param max_depth => 10;
:param offset => 0;
:param limit => 50;
:param paths => true;
:param certainties => ['stated', 'inferred'];
:param as_of => null;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH reach = (doc)<-[:BASED_ON|PLACED_UNDER|COVERS*1..50]-(dependent)
  WHERE all(link IN relationships(reach) WHERE link.certainty IN $certainties)
    AND all(record IN nodes(reach) WHERE record.certainty IN $certainties
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
  WITH dependent, min(length(reach)) AS distance
  WHERE dependent IS NOT NULL AND dependent <> doc AND distance <= $max_depth
  WITH dependent, distance ORDER BY distance, dependent.id
  RETURN collect({node: dependent, distance: distance}) AS ranked
}
CALL (doc, ranked) {
  UNWIND ranked[$offset..$offset + $limit] AS row
  WITH row, row.node AS dependent
  CALL (doc, dependent) {
    OPTIONAL MATCH path = shortestPath((dependent)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(doc))
    WHERE $paths
      AND all(link IN relationships(path) WHERE link.certainty IN $certainties)
      AND all(record IN nodes(path) WHERE record.certainty IN $certainties
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    RETURN [n IN nodes(path) | n.id] AS ids
  }
  CALL (doc, dependent) {
    OPTIONAL MATCH stated = shortestPath((dependent)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(doc))
    WHERE all(link IN relationships(stated) WHERE link.certainty = 'stated')
      AND all(record IN nodes(stated) WHERE record.certainty = 'stated'
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    OPTIONAL MATCH basis = shortestPath((dependent)-[:BASED_ON*1..50]->(doc))
    WHERE all(link IN relationships(basis) WHERE link.certainty IN $certainties)
      AND all(record IN nodes(basis) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    RETURN stated IS NOT NULL AS is_stated, basis IS NOT NULL AS is_basis
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
RETURN doc {.id, .title, .title_en, .tier, .certainty, kind: 'document',
            status: CASE WHEN doc.repealed AND coalesce(doc.repealed_on <= coalesce($as_of, date()), true) THEN 'repealed' ELSE doc.status END,
            in_force: CASE WHEN $as_of IS NULL THEN null WHEN NOT (coalesce(doc.in_force_from <= $as_of, true) AND coalesce(doc.in_force_until > $as_of, true)) THEN 'no' WHEN doc.in_force_from IS NULL OR doc.end_unknown THEN 'unknown' ELSE 'yes' END} AS document,
       size(ranked) AS total,
       items
