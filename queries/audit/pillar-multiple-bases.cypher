// pillar-multiple-bases: a pillar implemented by more than one base document.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (p:Pillar)<-[:IMPLEMENTS]-(base:BaseDocument)
WHERE p.framework IN $frameworks
WITH p, base ORDER BY base.id
WITH p, collect(base.id) AS bases
WHERE size(bases) > 1
WITH p, bases ORDER BY p.framework, p.order, p.key
WITH collect({
  subject: p.key, subject_type: 'pillar', framework: p.framework, title: p.name, related: bases,
  message: size(bases) + ' base documents implement this pillar ('
           + reduce(s = '', x IN bases | s + CASE s WHEN '' THEN '' ELSE ', ' END + x)
           + '); a pillar rests on one. Keep one as base and make the others supporting.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
