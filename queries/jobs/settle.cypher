// A job's outcome. Success is written inside the import's own transaction, so a job says
// `succeeded` exactly when its data committed; a refusal is written after the rollback. The node
// is locked before its state is read, and only a job still queued or running changes.
:param id => '00000000-0000-4000-8000-000000000000';
:param state => 'succeeded';
:param status => 200;
:param body => '{}';
:param seq => 1;
MATCH (j:Job {id: $id})
SET j._lock = true
REMOVE j._lock
WITH j
WHERE j.state IN ['queued', 'running']
SET j.state = $state, j.phase = 'finished', j.status = $status, j.body = $body, j.change = $seq,
    j.finished_at = datetime(), j.beat_at = datetime(),
    j.done = CASE WHEN $state = 'succeeded' THEN j.total ELSE j.done END
RETURN j.state AS state
