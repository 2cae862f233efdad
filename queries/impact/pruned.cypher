// What a replace would delete (import/prune): the framework's documents, pillars and departments
// the file no longer holds, by id. Read before the prune, so a dry run can report on them.
:param framework => 'demo';
:param keep_documents => [];
:param keep_topics => [];
:param keep_pillars => [];
:param keep_departments => [];
RETURN COLLECT { MATCH (d:Document {framework: $framework}) WHERE NOT d.id IN $keep_documents RETURN d.id } AS documents,
       COLLECT { MATCH (p:Pillar {framework: $framework}) WHERE NOT p.key IN $keep_pillars RETURN p.key } AS pillars,
       COLLECT { MATCH (dep:Department {framework: $framework}) WHERE NOT dep.id IN $keep_departments RETURN dep.id } AS departments
