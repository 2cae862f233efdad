// Migration 3 (schema version 3): indexes that let audit checks start from the few records they
// are about instead of scanning every document: joint responsibilities (no-lead), suspect links
// (suspect), and end dates (expired-in-force). Idempotent.
CREATE INDEX responsible_role IF NOT EXISTS FOR ()-[r:RESPONSIBLE_FOR]-() ON (r.role);
CREATE INDEX based_on_suspect IF NOT EXISTS FOR ()-[r:BASED_ON]-() ON (r.suspect);
CREATE INDEX document_effective_until IF NOT EXISTS FOR (d:Document) ON (d.effective_until);
