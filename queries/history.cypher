// The change history of one document, pillar or department: newest first.
:param kind => 'document';
:param id => 'km-base-party-building';
:param offset => 0;
:param limit => 50;
MATCH (c:Change {subject: $id})
WHERE c.kind = $kind
WITH c ORDER BY c.seq DESC
WITH collect(c {.seq, .at, .actor, .action, .kind, .subject, .framework, .fields, .before, .after}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
