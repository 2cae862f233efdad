// Migration 1 (schema version 1): the graph model's constraints and indexes, as the first
// release created them. Idempotent, like every migration.

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
