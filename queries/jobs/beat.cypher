// A running job's progress, sent every second or so by the instance running it. The job's node is
// locked before its state is read, so a beat never overwrites an outcome committed meanwhile (the
// import writes its success on this node, in its own transaction): a finished job is left as it
// is and the beat answers no row.
:param id => '00000000-0000-4000-8000-000000000000';
:param phase => 'writing';
:param done => 0;
:param total => 10;
MATCH (j:Job {id: $id})
SET j._lock = true
REMOVE j._lock
WITH j
WHERE j.state IN ['queued', 'running']
SET j.state = CASE WHEN $phase = 'queued' THEN 'queued' ELSE 'running' END,
    j.phase = $phase, j.done = $done, j.total = $total, j.beat_at = datetime(),
    j.started_at = CASE WHEN $phase = 'queued' THEN null ELSE coalesce(j.started_at, datetime()) END
RETURN j.state AS state
