// A new job, queued. Finished jobs past their time are cleared a few at a time.
:param id => '00000000-0000-4000-8000-000000000000';
:param kind => 'import';
:param actor => 'default';
:param hours => 24;
CALL () {
  MATCH (old:Job) WHERE old.expires_at < datetime()
  WITH old LIMIT 100
  DELETE old
}
CREATE (j:Job {id: $id, kind: $kind, actor: $actor, state: 'queued', phase: 'queued', done: 0,
               created_at: datetime(), beat_at: datetime(),
               expires_at: datetime() + duration({hours: $hours})})
RETURN j.id AS id
