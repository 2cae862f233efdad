// policygraph schema: every constraint and index. Idempotent (IF NOT EXISTS): apply it as
// often as you like with `policygraph db schema`, or paste it into the Neo4j Browser.

// Identity: one node per id/key. Each uniqueness constraint is also the index behind lookups.
CREATE CONSTRAINT framework_id IF NOT EXISTS FOR (f:Framework) REQUIRE f.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE;
CREATE CONSTRAINT pillar_key IF NOT EXISTS FOR (p:Pillar) REQUIRE p.key IS UNIQUE;
CREATE CONSTRAINT department_id IF NOT EXISTS FOR (dep:Department) REQUIRE dep.id IS UNIQUE;

// Filters and framework membership (export, replace, stats).
CREATE INDEX document_framework IF NOT EXISTS FOR (d:Document) ON (d.framework);
CREATE INDEX document_tier IF NOT EXISTS FOR (d:Document) ON (d.tier);
CREATE INDEX document_status IF NOT EXISTS FOR (d:Document) ON (d.status);
CREATE INDEX pillar_framework IF NOT EXISTS FOR (p:Pillar) ON (p.framework);
CREATE INDEX department_framework IF NOT EXISTS FOR (dep:Department) ON (dep.framework);

// Full-text search on titles; the CJK analyzer splits Chinese into bigrams, so 党建 matches.
CREATE FULLTEXT INDEX document_title IF NOT EXISTS
FOR (d:Document) ON EACH [d.title, d.title_en]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};

// Change history (writes through the API): one lock node, changes by sequence and subject.
CREATE CONSTRAINT changelog_id IF NOT EXISTS FOR (log:ChangeLog) REQUIRE log.id IS UNIQUE;
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE;
CREATE INDEX change_subject IF NOT EXISTS FOR (c:Change) ON (c.subject);

// Audit checks that start from the few records they are about: joint responsibilities
// (no-lead), suspect links (suspect), end dates (expired-in-force).
CREATE INDEX responsible_role IF NOT EXISTS FOR ()-[r:RESPONSIBLE_FOR]-() ON (r.role);
CREATE INDEX based_on_suspect IF NOT EXISTS FOR ()-[r:BASED_ON]-() ON (r.suspect);
CREATE INDEX document_effective_until IF NOT EXISTS FOR (d:Document) ON (d.effective_until);

// Topics (subjects the framework's scheme names for documents), and certainty on every kind of
// claim, so the audit's `inferred` check starts from the few inferred ones.
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

// Time: a 发文字号 however it is typed (its normalised form), repealed documents (derived from
// REPEALS links), start dates (the lifecycle audit).
CREATE INDEX document_doc_number_key IF NOT EXISTS FOR (d:Document) ON (d.doc_number_key);
CREATE INDEX document_repealed IF NOT EXISTS FOR (d:Document) ON (d.repealed);
CREATE INDEX document_effective_from IF NOT EXISTS FOR (d:Document) ON (d.effective_from);

// Idempotency keys: one per committed write that sent one, unique per actor, expiring.
CREATE CONSTRAINT idempotency_key_id IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.id IS UNIQUE;
CREATE INDEX idempotency_key_expires IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.expires_at);

// Jobs: long imports run in the background; their state and outcome live here, expiring.
CREATE CONSTRAINT job_id IF NOT EXISTS FOR (j:Job) REQUIRE j.id IS UNIQUE;
CREATE INDEX job_expires IF NOT EXISTS FOR (j:Job) ON (j.expires_at);

// Names: a record found by its title, short title, 发文字号 as typed or name (services/names.py).
CREATE INDEX document_title_exact IF NOT EXISTS FOR (d:Document) ON (d.title);
CREATE INDEX document_short_title IF NOT EXISTS FOR (d:Document) ON (d.short_title);
CREATE INDEX document_doc_number IF NOT EXISTS FOR (d:Document) ON (d.doc_number);
CREATE INDEX pillar_name IF NOT EXISTS FOR (p:Pillar) ON (p.name);
CREATE INDEX department_name IF NOT EXISTS FOR (d:Department) ON (d.name);
CREATE INDEX topic_name IF NOT EXISTS FOR (t:Topic) ON (t.name);
CREATE INDEX topic_short_name IF NOT EXISTS FOR (t:Topic) ON (t.short_name);

// The audit's provisional-overdue check: the few provisional documents, by index.
CREATE INDEX document_provisional IF NOT EXISTS FOR (d:Document) ON (d.provisional);
