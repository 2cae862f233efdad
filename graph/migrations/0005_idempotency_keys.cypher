// Migration 5 (schema version 5): idempotency keys. A write sent with an Idempotency-Key records
// the key in its own transaction (so a key exists exactly when its write committed); a retry
// with the same key answers the first outcome. Keys are unique per write key (actor) and expire.
CREATE CONSTRAINT idempotency_key_id IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.id IS UNIQUE;
CREATE INDEX idempotency_key_expires IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.expires_at);
