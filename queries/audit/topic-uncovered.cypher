// topic-uncovered: a topic the scheme names that no recorded document covers (COVERS): the
// documents on it are not in the record, or do not exist yet.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (t:Topic)
WHERE t.framework IN $frameworks AND NOT EXISTS { (:Document)-[:COVERS]->(t) }
WITH t ORDER BY t.id
WITH collect(t) AS hits
RETURN size(hits) AS total, [t IN hits[..$limit] | {
  subject: t.id, subject_type: 'topic', framework: t.framework, title: t.name, related: [],
  message: 'No recorded document covers this topic: the documents on it are missing from the record, '
           + 'or not made yet. Record them with covers, each with its source.'}] AS findings
