// The changes recorded after change number `from` up to and including `to`, oldest first, for
// composing a diff (services/timeline.py): at most `limit`, with the total. Framework null: all.
:param framework => null;
:param from => 0;
:param to => 100;
:param limit => 10000;
MATCH (c:Change)
WHERE $from < c.seq <= $to AND ($framework IS NULL OR c.framework = $framework)
WITH c ORDER BY c.seq
WITH collect(c {.seq, .at, .actor, .action, .kind, .subject, .framework, .fields, .before, .after}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS items
