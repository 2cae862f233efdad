// Migration 6 (schema version 6): jobs. An import too large for one request's deadline runs as a
// job; its state lives in the database (any API instance answers GET /api/v1/jobs/{id}), and its
// outcome is written in the import's own transaction. Finished jobs expire.
CREATE CONSTRAINT job_id IF NOT EXISTS FOR (j:Job) REQUIRE j.id IS UNIQUE;
CREATE INDEX job_expires IF NOT EXISTS FOR (j:Job) ON (j.expires_at);
