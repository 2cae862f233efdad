// no-pillar: a document the framework places (base or supporting) that neither implements a
// pillar nor depends (BASED_ON, PLACED_UNDER, COVERS; transitively) on a record that does.
// Guiding documents frame every pillar; documents no source places (tier unknown) are not judged.
// Set-based, like `unanchored`: one breadth-first pass down from each pillar, through the records
// that implement it, collects the records served (within 50 hops of an implementer), then one
// pass keeps the others. Only IMPLEMENTS leads into a pillar, so the first step of every walk is
// one, and no later step can be. (An existence test per document walked every path of a
// many-pathed registry: exponential; a walk from each implementer walked a served record once
// for each implementer above it: 4.6 s at 1M, now 1.6 s.)
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
CALL () {
  MATCH reach = (:Pillar)<-[:IMPLEMENTS|BASED_ON|PLACED_UNDER|COVERS*1..51]-(reached)
  WHERE all(n IN nodes(reach) WHERE ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))))
  RETURN collect(DISTINCT reached) AS served
}
MATCH (d:Document)
WHERE d.framework IN $frameworks AND d.tier IN ['base', 'supporting'] AND NOT d IN served
  AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'no-pillar'}}] AS findings
