// topic-uncovered: a topic the scheme names that no recorded document covers (COVERS): the
// documents on it are not in the record, or do not exist yet.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (t:Topic)
WHERE t.framework IN $frameworks AND NOT EXISTS { (d:Document)-[:COVERS]->(t) WHERE ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true))) }
WITH t ORDER BY t.id
WITH collect(t) AS hits
RETURN size(hits) AS total, [t IN hits[..$limit] | {
  subject: t.id, subject_type: 'topic', framework: t.framework, title: t.name, related: [],
  message: {key: 'topic-uncovered'}}] AS findings
