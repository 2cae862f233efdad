// unplaced: documents no source places in the framework (tier unknown): whether they belong to
// its declared documents is unknown, so the declared counts can only say "at least N missing".
// The message names what ties them to the framework (placements, topics), if anything.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks AND d.tier = 'unknown' AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title,
  related: COLLECT { MATCH (d)-[:PLACED_UNDER|COVERS]->(x) RETURN x.id ORDER BY x.id },
  message: CASE WHEN EXISTS { (d)-[:PLACED_UNDER|COVERS]->() }
    THEN {key: 'unplaced-tied', ties: COLLECT { MATCH (d)-[:PLACED_UNDER|COVERS]->(x) RETURN x.id ORDER BY x.id }}
    ELSE {key: 'unplaced'} END}] AS findings
