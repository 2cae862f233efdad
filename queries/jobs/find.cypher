// One job as stored: its state, progress and, once finished, its outcome.
:param id => '00000000-0000-4000-8000-000000000000';
MATCH (j:Job {id: $id})
RETURN j.id AS id, j.kind AS kind, j.state AS state, j.phase AS phase, j.done AS done, j.total AS total,
       toString(j.created_at) AS created_at, toString(j.started_at) AS started_at,
       toString(j.finished_at) AS finished_at, j.status AS status, j.body AS body, j.change AS change,
       duration.inSeconds(j.beat_at, datetime()).seconds AS silent_for
