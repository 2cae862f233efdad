// no-pillar: a document the framework places (base or supporting) that neither implements a
// pillar nor depends (BASED_ON, PLACED_UNDER, COVERS; transitively, within 50 links) on a record
// that does, through documents not out of force on the day asked for (docs/time.md). Guiding
// documents frame every pillar; documents no source places (tier unknown) are not judged.
// nodes: the Neo4j ids of the documents the API's walk found serving no pillar (services/walks.py,
// one breadth-first pass down through the implementers over `audit/links`), or null to walk here
// (as when pasted into the Browser): one pass down from each pillar through the records that
// implement it collects the records served (only IMPLEMENTS leads into a pillar, so it is every
// walk's first link and no later one), one pass over the placed documents keeps the others. The
// same findings: the walk here took 2.0 s at 1M, the API's 0.05 s after the links. In id order,
// the first `limit` of them described.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param nodes => null;
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
CALL () {
  UNWIND coalesce($nodes, []) AS node
  MATCH (d:Document) WHERE id(d) = node
  RETURN d
  UNION ALL
  WITH $nodes IS NULL AS pasted
  WHERE pasted
  CALL (pasted) {  // run once if pasted, else never (not planned beside it as a product)
    MATCH reach = (:Pillar)<-[:IMPLEMENTS|BASED_ON|PLACED_UNDER|COVERS*1..51]-(reached)
    WHERE all(n IN nodes(reach) WHERE ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))))
    RETURN collect(DISTINCT reached) AS served
  }
  CALL (served) {
    MATCH (d:Document)
    WHERE d.framework IN $frameworks AND d.tier IN ['base', 'supporting'] AND NOT d IN served
      AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
    RETURN d
  }
  RETURN d
}
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'no-pillar'}}] AS findings
