// Migration 4 (schema version 4): evidence on every claim, topics, and structure apart from basis.
// Topics get their identity; certainty is indexed on every kind of node and link, so the audit's
// `inferred` check starts from the few inferred claims; issue dates are indexed for the
// basis-out-of-time-order check. Records stored before this version kept
// one `source` text: it becomes `sources` (a URL as where, other text as a quote), stated.
// Claims with no evidence at all are marked inferred, with the reason, and no source: the audit
// lists them, and an export of them is refused on re-import until a source is given.
// Idempotent: only claims without `certainty` are touched.
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (t:Topic) REQUIRE t.id IS UNIQUE;
CREATE INDEX topic_framework IF NOT EXISTS FOR (t:Topic) ON (t.framework);
CREATE INDEX document_certainty IF NOT EXISTS FOR (d:Document) ON (d.certainty);
CREATE INDEX topic_certainty IF NOT EXISTS FOR (t:Topic) ON (t.certainty);
CREATE INDEX pillar_certainty IF NOT EXISTS FOR (p:Pillar) ON (p.certainty);
CREATE INDEX department_certainty IF NOT EXISTS FOR (dep:Department) ON (dep.certainty);
CREATE INDEX based_on_certainty IF NOT EXISTS FOR ()-[r:BASED_ON]-() ON (r.certainty);
CREATE INDEX placed_under_certainty IF NOT EXISTS FOR ()-[r:PLACED_UNDER]-() ON (r.certainty);
CREATE INDEX implements_certainty IF NOT EXISTS FOR ()-[r:IMPLEMENTS]-() ON (r.certainty);
CREATE INDEX covers_certainty IF NOT EXISTS FOR ()-[r:COVERS]-() ON (r.certainty);
CREATE INDEX responsible_certainty IF NOT EXISTS FOR ()-[r:RESPONSIBLE_FOR]-() ON (r.certainty);
CREATE INDEX document_issued_on IF NOT EXISTS FOR (d:Document) ON (d.issued_on);

MATCH (n)
WHERE (n:Framework OR n:Document OR n:Pillar OR n:Department) AND n.certainty IS NULL
CALL (n) {
  WITH n, CASE WHEN n.source IS NULL THEN null
               ELSE replace(replace(replace(replace(n.source, '\\', '\\\\'), '"', '\\"'), '\n', '\\n'), '\r', '\\r')
          END AS text
  SET n.sources = CASE
        WHEN text IS NULL THEN '[]'
        WHEN n.source STARTS WITH 'http://' OR n.source STARTS WITH 'https://' THEN '[{"where": "' + text + '"}]'
        ELSE '[{"quote": "' + text + '", "where": "unknown (recorded before schema 4, which kept no location)"}]'
      END,
      n.certainty = CASE WHEN text IS NULL THEN 'inferred' ELSE 'stated' END,
      n.reason = CASE WHEN text IS NULL THEN 'recorded before schema 4, with no source' ELSE null END
  REMOVE n.source
} IN TRANSACTIONS OF 10000 ROWS;

MATCH ()-[r:BASED_ON|IMPLEMENTS|RESPONSIBLE_FOR]->()
WHERE r.certainty IS NULL
CALL (r) {
  SET r.sources = '[]', r.certainty = 'inferred', r.mark = '推断',
      r.reason = 'recorded before schema 4: links kept no evidence of their own'
} IN TRANSACTIONS OF 10000 ROWS;
