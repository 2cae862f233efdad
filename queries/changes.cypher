// The global change feed: changes after a sequence number or a time, oldest first.
:param since_seq => 0;
:param since_time => null;
:param limit => 100;
MATCH (c:Change)
WHERE c.seq > $since_seq AND ($since_time IS NULL OR c.at > datetime($since_time))
WITH c ORDER BY c.seq
LIMIT $limit
RETURN collect(c {.seq, .at, .actor, .action, .kind, .subject, .framework, .fields, .before, .after}) AS items
