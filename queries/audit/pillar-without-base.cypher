// pillar-without-base: a pillar that no base document implements (each of the 7 rests on one).
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (p:Pillar)
WHERE p.framework IN $frameworks AND NOT EXISTS { (:BaseDocument)-[:IMPLEMENTS]->(p) }
WITH p ORDER BY p.framework, p.order, p.key
WITH collect({
  subject: p.key, subject_type: 'pillar', framework: p.framework, title: p.name, related: [],
  message: 'No base document implements this pillar. Record the document it rests on with tier base '
           + 'and implements: [' + p.key + '].'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
