// In the transaction that creates a job: record the request's idempotency key with the answer
// (202 and where to follow the job), unless a retry with the key got there first (`ours` false).
:param id => 'default Idem-1';
:param fingerprint => 'abc';
:param job => '00000000-0000-4000-8000-000000000000';
:param body => '{}';
:param headers => '{}';
:param hours => 24;
MERGE (k:IdempotencyKey {id: $id})
ON CREATE SET k.fingerprint = $fingerprint, k.job = $job, k.status = 202, k.body = $body,
              k.headers = $headers, k.created_at = datetime(),
              k.expires_at = datetime() + duration({hours: $hours})
RETURN coalesce(k.job = $job, false) AS ours, k.fingerprint AS fingerprint
