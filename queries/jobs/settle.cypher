// A job's outcome. Success is written inside the import's own transaction, so a job says
// `succeeded` exactly when its data committed; a refusal is written after the rollback. The node
// is locked before its state is read, and only a job still queued or running changes. A success
// counts every record written, whether or not a beat reported the writing phase; a job that
// ended before its first beat was written started then too (started_at is never left empty).
:param id => '00000000-0000-4000-8000-000000000000';
:param state => 'succeeded';
:param status => 200;
:param body => '{}';
:param seq => 1;
:param written => 10;
MATCH (j:Job {id: $id})
SET j._lock = true
REMOVE j._lock
WITH j
WHERE j.state IN ['queued', 'running']
SET j.state = $state, j.phase = 'finished', j.status = $status, j.body = $body, j.change = $seq,
    j.started_at = coalesce(j.started_at, datetime()), j.finished_at = datetime(), j.beat_at = datetime(),
    j.done = CASE WHEN $state = 'succeeded' THEN $written ELSE j.done END,
    j.total = CASE WHEN $state = 'succeeded' THEN $written ELSE j.total END
RETURN j.state AS state
