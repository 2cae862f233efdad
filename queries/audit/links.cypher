// links: the registry's structure, packed as lists of node numbers (Neo4j's internal ids, read in
// one query so they agree) for the audit's three whole-registry walks, which run in the API over
// them (services/walks.py): `unanchored`, `no-pillar` and the first cut of `cycle`.
// - each link type the walks follow, as parallel lists (from, to): BASED_ON; PLACED_UNDER and
//   COVERS together (the walks follow both alike);
// - the guiding documents (where `unanchored` starts) and the records that implement a pillar
//   (where `no-pillar` starts: only IMPLEMENTS leads into a pillar, and only into a pillar, so
//   every walk down from one takes it first and never again);
// - the documents judged: the frameworks' placed ones (tier base or supporting: the tier's label,
//   written with the tier, so no property is read but the framework's index);
// - as_of (a date or null): the documents out of force that day (docs/time.md), which no walk
//   enters and no check judges; none when null (the graph as recorded).
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
CALL () {
  MATCH (a)-[:BASED_ON]->(b)
  RETURN collect(id(a)) AS based_on_from, collect(id(b)) AS based_on_to
}
CALL () {
  MATCH (a)-[:PLACED_UNDER|COVERS]->(b)
  RETURN collect(id(a)) AS placed_from, collect(id(b)) AS placed_to
}
CALL () {
  MATCH (a)-[:IMPLEMENTS]->(:Pillar)
  RETURN collect(id(a)) AS implementers
}
CALL () {
  MATCH (g:GuidingDocument)
  RETURN collect(id(g)) AS guiding
}
CALL () {
  MATCH (d:Document)
  USING INDEX d:Document(framework)  // the index and the labels: 0.25 s at 1M; a scan reading the tier 0.6 s
  WHERE d.framework IN $frameworks AND (d:BaseDocument OR d:SupportingDocument)
  RETURN collect(id(d)) AS judged
}
CALL () {
  WITH $as_of AS day
  WHERE day IS NOT NULL
  MATCH (d:Document)
  WHERE d.in_force_from > day OR d.in_force_until <= day
  RETURN collect(id(d)) AS out_of_force
}
RETURN based_on_from, based_on_to, placed_from, placed_to, implementers, guiding, judged, out_of_force
