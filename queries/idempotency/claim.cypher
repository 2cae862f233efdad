// Inside a write's transaction, right after it took the change log's lock: record its idempotency
// key with the change number, unless the key is already there (a retry raced this request and
// committed first: `taken`, and the transaction is rolled back). Expired keys are cleared a few
// at a time.
:param id => 'default Idem-1';
:param fingerprint => 'abc';
:param seq => 1;
:param hours => 24;
CALL () {
  MATCH (old:IdempotencyKey) WHERE old.expires_at < datetime()
  WITH old LIMIT 100
  DELETE old
}
MERGE (k:IdempotencyKey {id: $id})
ON CREATE SET k.fingerprint = $fingerprint, k.seq = $seq, k.created_at = datetime(),
              k.expires_at = datetime() + duration({hours: $hours})
RETURN k.seq <> $seq AS taken, k.fingerprint AS fingerprint, k.seq AS seq
