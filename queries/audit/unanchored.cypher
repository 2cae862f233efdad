// unanchored (the orphan): a document the framework places (tier base or supporting) that reaches
// no guiding document, neither through its basis (BASED_ON) nor through the place the scheme
// declares for it (PLACED_UNDER, or COVERS a topic the scheme places). Documents no source
// places (tier unknown) are not judged here: `unplaced` lists them. The ids, in order;
// `audit/unanchored-findings` describes a slice of them (a page of the orphans page, or the
// audit's first findings). Set-based: one breadth-first pass down from the guiding documents
// collects every anchored record (within 50 hops), then one pass over the frameworks' placed
// documents keeps the others (the IN check against that one list is hashed by the runtime).
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
CALL () {
  MATCH reach = (:GuidingDocument)<-[:BASED_ON|PLACED_UNDER|COVERS*0..50]-(reached)
  WHERE all(n IN nodes(reach) WHERE ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))))
  RETURN collect(DISTINCT reached) AS anchored
}
MATCH (d:Document)
WHERE d.framework IN $frameworks AND d.tier IN ['base', 'supporting'] AND NOT d IN anchored
  AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
WITH d.id AS id ORDER BY id
RETURN collect(id) AS ids
