// inferred: every claim marked inferred (a reading, not a source's words): records (documents,
// topics, pillars, departments) and links (BASED_ON, PLACED_UNDER, COVERS, IMPLEMENTS,
// RESPONSIBLE_FOR), each with its reason. One finding per claim, subject the record or the
// link's start. Starts from the certainty indexes: most claims are stated.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
CALL () {
  MATCH (n:Document) USING INDEX n:Document(certainty) WHERE n.certainty = 'inferred' RETURN n
  UNION
  MATCH (n:Topic) USING INDEX n:Topic(certainty) WHERE n.certainty = 'inferred' RETURN n
  UNION
  MATCH (n:Pillar) USING INDEX n:Pillar(certainty) WHERE n.certainty = 'inferred' RETURN n
  UNION
  MATCH (n:Department) USING INDEX n:Department(certainty) WHERE n.certainty = 'inferred' RETURN n
}
WITH n WHERE n.framework IN $frameworks AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true)))
WITH collect({
  subject: coalesce(n.id, n.key), subject_type: CASE WHEN n:Document THEN 'document' WHEN n:Topic THEN 'topic'
                                                     WHEN n:Pillar THEN 'pillar' ELSE 'department' END,
  framework: n.framework, title: coalesce(n.title, n.name), related: [], claim: 'record',
  reason: n.reason}) AS records
CALL (records) {
  CALL () {
    MATCH (a)-[r:BASED_ON]->(b) USING INDEX r:BASED_ON(certainty) WHERE r.certainty = 'inferred' RETURN a, r, b
    UNION
    MATCH (a)-[r:PLACED_UNDER]->(b) USING INDEX r:PLACED_UNDER(certainty) WHERE r.certainty = 'inferred' RETURN a, r, b
    UNION
    MATCH (a)-[r:COVERS]->(b) USING INDEX r:COVERS(certainty) WHERE r.certainty = 'inferred' RETURN a, r, b
    UNION
    MATCH (a)-[r:IMPLEMENTS]->(b) USING INDEX r:IMPLEMENTS(certainty) WHERE r.certainty = 'inferred' RETURN a, r, b
    UNION
    MATCH (a)-[r:RESPONSIBLE_FOR]->(b) USING INDEX r:RESPONSIBLE_FOR(certainty) WHERE r.certainty = 'inferred'
    RETURN a, r, b
  }
  RETURN collect({a: a, r: r, b: b}) AS links
}
WITH records + [l IN links WHERE coalesce(l.a.framework, l.b.framework) IN $frameworks
                              AND ($as_of IS NULL OR (coalesce(l.a.in_force_from <= $as_of, true) AND coalesce(l.a.in_force_until > $as_of, true))) AND ($as_of IS NULL OR (coalesce(l.b.in_force_from <= $as_of, true) AND coalesce(l.b.in_force_until > $as_of, true))) | {
  subject: CASE WHEN type(l.r) = 'RESPONSIBLE_FOR' THEN l.b.id ELSE coalesce(l.a.id, l.a.key) END,
  subject_type: CASE WHEN type(l.r) = 'RESPONSIBLE_FOR' OR l.a:Document THEN 'document' ELSE 'topic' END,
  framework: coalesce(l.a.framework, l.b.framework),
  title: CASE WHEN type(l.r) = 'RESPONSIBLE_FOR' THEN l.b.title ELSE coalesce(l.a.title, l.a.name) END,
  related: [coalesce(l.a.id, l.a.key), coalesce(l.b.id, l.b.key)],
  claim: type(l.r), reason: l.r.reason}] AS claims
UNWIND claims AS claim
WITH claim ORDER BY claim.subject, claim.claim, claim.related
WITH collect(claim) AS rows
RETURN size(rows) AS total, [c IN rows[..$limit] | {
  subject: c.subject, subject_type: c.subject_type, framework: c.framework, title: c.title, related: c.related,
  message: CASE c.claim WHEN 'record' THEN {key: 'inferred-record', reason: c.reason}
           ELSE {key: 'inferred-link', from: c.related[0], claim: c.claim, to: c.related[1], reason: c.reason} END}] AS findings
