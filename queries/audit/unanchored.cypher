// unanchored (the orphan): a document the framework places (tier base or supporting) that reaches
// no guiding document, neither through its basis (BASED_ON) nor through the place the scheme
// declares for it (PLACED_UNDER, or COVERS a topic the scheme places), within 50 links, through
// documents not out of force on the day asked for (docs/time.md). Documents no source places
// (tier unknown) are not judged here: `unplaced` lists them. The ids, in order;
// `audit/unanchored-findings` describes a slice of them (a page of the orphans page, or the
// audit's first findings).
// nodes: the Neo4j ids of the documents the API's walk found unanchored (services/walks.py, one
// breadth-first pass down from the guiding documents over `audit/links`), or null to walk here
// (as when pasted into the Browser): one pass down from the guiding documents collects every
// anchored record, one pass over the placed documents keeps the others. The same ids: the walk
// here took 2.5 s at 1M, the API's 0.05 s after the links.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param nodes => null;
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
CALL () {
  UNWIND coalesce($nodes, []) AS node
  MATCH (d:Document) WHERE id(d) = node
  RETURN d
  UNION ALL
  WITH $nodes IS NULL AS pasted
  WHERE pasted
  CALL (pasted) {  // run once if pasted, else never (not planned beside it as a product)
    MATCH reach = (:GuidingDocument)<-[:BASED_ON|PLACED_UNDER|COVERS*0..50]-(reached)
    WHERE all(n IN nodes(reach) WHERE ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))))
    RETURN collect(DISTINCT reached) AS anchored
  }
  CALL (anchored) {
    MATCH (d:Document)
    WHERE d.framework IN $frameworks AND d.tier IN ['base', 'supporting'] AND NOT d IN anchored
      AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
    RETURN d
  }
  RETURN d
}
WITH d.id AS id ORDER BY id
RETURN collect(id) AS ids
