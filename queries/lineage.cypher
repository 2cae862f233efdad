// Lineage: every record a document depends on, each with its shortest distance over BASED_ON (its
// own basis), PLACED_UNDER (where the framework's scheme places it) and COVERS (the topics it
// stands for); then the pillars reached and the guiding documents reached. Per item:
// `certainty` stated when some chain of stated links through stated records reaches it (one
// shortest search over stated links only), `relation` basis when BASED_ON links alone reach it,
// and (paths = true) one shortest path. certainties: ['stated'] follows stated links and records
// only; ['stated', 'inferred'] follows all. A document is never its own ancestor. One pruning
// breadth-first expand finds them (see pillar_dependents).
// as_of (a date; null: the graph as recorded, today's status): the graph as it stood that day.
// Only records in force that day are followed, and those whose force a missing date leaves
// unknown (kept, marked in_force 'unknown'); a repeal counts from its day (documents'
// in_force_from and in_force_until, derived on write: lifecycle/refresh).
:param id => 'km-party-led-property-services-opinion';
:param max_depth => 10;
:param paths => true;
:param certainties => ['stated', 'inferred'];
:param as_of => null;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH reach = (doc)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(ancestor)
  WHERE all(link IN relationships(reach) WHERE link.certainty IN $certainties)
    AND all(record IN nodes(reach) WHERE record.certainty IN $certainties
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
  WITH ancestor, min(length(reach)) AS distance
  WHERE ancestor IS NOT NULL AND ancestor <> doc AND distance <= $max_depth
  CALL (doc, ancestor) {
    OPTIONAL MATCH path = shortestPath((doc)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(ancestor))
    WHERE $paths
      AND all(link IN relationships(path) WHERE link.certainty IN $certainties)
      AND all(record IN nodes(path) WHERE record.certainty IN $certainties
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    RETURN [n IN nodes(path) | n.id] AS ids
  }
  CALL (doc, ancestor) {
    OPTIONAL MATCH stated = shortestPath((doc)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(ancestor))
    WHERE all(link IN relationships(stated) WHERE link.certainty = 'stated')
      AND all(record IN nodes(stated) WHERE record.certainty = 'stated'
                 AND ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    OPTIONAL MATCH basis = shortestPath((doc)-[:BASED_ON*1..50]->(ancestor))
    WHERE all(link IN relationships(basis) WHERE link.certainty IN $certainties)
      AND all(record IN nodes(basis) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
    RETURN stated IS NOT NULL AS is_stated, basis IS NOT NULL AS is_basis
  }
  WITH ancestor, distance, ids, is_stated, is_basis ORDER BY distance, ancestor.id
  RETURN collect(ancestor {
           .id, .title, .name, .title_en, .tier,
           status: CASE WHEN ancestor.repealed AND coalesce(ancestor.repealed_on <= coalesce($as_of, date()), true) THEN 'repealed' ELSE ancestor.status END,
           in_force: CASE WHEN $as_of IS NULL OR NOT ancestor:Document THEN null WHEN ancestor.in_force_from IS NULL OR ancestor.end_unknown THEN 'unknown' ELSE 'yes' END,
           kind: CASE WHEN ancestor:Topic THEN 'topic' ELSE 'document' END,
           distance: distance, path: ids,
           certainty: CASE WHEN is_stated THEN 'stated' ELSE 'inferred' END,
           relation: CASE WHEN is_basis THEN 'basis' ELSE 'structure' END}) AS ancestors,
         collect(ancestor) AS nodes
}
CALL (doc, nodes) {
  UNWIND [doc] + nodes AS reached
  MATCH (reached)-[link:IMPLEMENTS]->(p:Pillar)
  WITH p, link.certainty IN $certainties AS followed
  WHERE followed
  WITH DISTINCT p ORDER BY p.framework, p.order, p.key
  RETURN collect(p {.key, .name, .name_en, .order}) AS pillars
}
RETURN doc {.id, .title, .title_en, .tier, .certainty, kind: 'document',
            status: CASE WHEN doc.repealed AND coalesce(doc.repealed_on <= coalesce($as_of, date()), true) THEN 'repealed' ELSE doc.status END,
            in_force: CASE WHEN $as_of IS NULL THEN null WHEN NOT (coalesce(doc.in_force_from <= $as_of, true) AND coalesce(doc.in_force_until > $as_of, true)) THEN 'no' WHEN doc.in_force_from IS NULL OR doc.end_unknown THEN 'unknown' ELSE 'yes' END} AS document,
       ancestors,
       pillars,
       [a IN ancestors WHERE a.tier = 'guiding'] AS guiding
