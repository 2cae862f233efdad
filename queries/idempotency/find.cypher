// An idempotency key that has not expired: its request's fingerprint, its change number and,
// once answered, the answer.
:param id => 'default Idem-1';
MATCH (k:IdempotencyKey {id: $id})
WHERE k.expires_at >= datetime()
RETURN k.fingerprint AS fingerprint, k.seq AS seq, k.status AS status, k.body AS body, k.headers AS headers
