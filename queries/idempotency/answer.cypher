// After a write committed and answered: keep its answer on its idempotency key, for retries.
:param id => 'default Idem-1';
:param status => 201;
:param body => '{}';
:param headers => '{}';
MATCH (k:IdempotencyKey {id: $id})
SET k.status = $status, k.body = $body, k.headers = $headers
RETURN k.seq AS seq
