// cycle: BASED_ON cycles, each reported once. For every document on a cycle the shortest cycle
// through it is found, rotated to start at its smallest id, and deduplicated; the subject is
// that first member and the message lists the members in link order. A self-link is a cycle of one.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
// candidates: the Neo4j ids of the only documents searched from, or null for every document (as
// when pasted into the Browser). The API trims the registry's BASED_ON links first
// (services/walks.py), so that every document on a cycle is among them and few others are: a
// search from each of a million documents took 2.2 s. The two branches keep the API's read a
// seek by id: one WHERE with `$candidates IS NULL OR ...` scanned every document (0.6 s, not 0.15).
:param candidates => null;
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
CALL () {
  UNWIND coalesce($candidates, []) AS candidate
  MATCH (d:Document) WHERE id(d) = candidate
  RETURN d
  UNION ALL
  MATCH (d:Document) WHERE $candidates IS NULL
  RETURN d
}
WITH d WHERE d.framework IN $frameworks
  AND EXISTS { (d)-[:BASED_ON]->() } AND EXISTS { ()-[:BASED_ON]->(d) }
  AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
MATCH loop = ANY SHORTEST (d)-[:BASED_ON]->{1,50}(d)
WHERE all(n IN nodes(loop) WHERE ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))))
WITH [n IN nodes(loop)[..-1] | n.id] AS ids
WITH ids, reduce(m = head(ids), id IN ids | CASE WHEN id < m THEN id ELSE m END) AS smallest
WITH ids, [i IN range(0, size(ids) - 1) WHERE ids[i] = smallest][0] AS k
WITH DISTINCT [j IN range(0, size(ids) - 1) | ids[(j + k) % size(ids)]] AS members
MATCH (first:Document {id: members[0]})
WITH first, members ORDER BY members[0], size(members), members
WITH collect({
  subject: first.id, subject_type: 'document', framework: first.framework, title: first.title,
  related: members,
  message: {key: 'cycle', size: size(members),
            chain: reduce(chain = '', member IN members | chain + member + ' -> ') + members[0]}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
