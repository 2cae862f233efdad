// The links a change marked suspect (write/mark_suspect): a dry run reads them before it rolls back.
:param seq => 1;
:param limit => 500;
MATCH (d:Document)-[link:BASED_ON]->(basis:Document)
USING INDEX link:BASED_ON(suspect)
WHERE link.suspect = true AND link.suspect_change = $seq
WITH d, link, basis ORDER BY d.id, basis.id
WITH collect({document: d.id, basis: basis.id, reason: link.suspect_reason}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS links
