// Migration 2 (schema version 2): the change history of the write API. One lock node for all
// edits, changes unique by sequence number and found by subject. Idempotent.
CREATE CONSTRAINT changelog_id IF NOT EXISTS FOR (log:ChangeLog) REQUIRE log.id IS UNIQUE;
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE;
CREATE INDEX change_subject IF NOT EXISTS FOR (c:Change) ON (c.subject);
