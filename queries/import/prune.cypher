// mode=replace: delete the framework's documents, topics, pillars and departments that the file
// no longer holds. The ones it still holds are updated in place, keeping links from elsewhere.
:param framework => 'demo';
:param keep_documents => [];
:param keep_topics => [];
:param keep_pillars => [];
:param keep_departments => [];
CALL () {
  MATCH (d:Document {framework: $framework})
  WHERE NOT d.id IN $keep_documents
  DETACH DELETE d
  RETURN count(*) AS documents
}
CALL () {
  MATCH (t:Topic {framework: $framework})
  WHERE NOT t.id IN $keep_topics
  DETACH DELETE t
  RETURN count(*) AS topics
}
CALL () {
  MATCH (p:Pillar {framework: $framework})
  WHERE NOT p.key IN $keep_pillars
  DETACH DELETE p
  RETURN count(*) AS pillars
}
CALL () {
  MATCH (dep:Department {framework: $framework})
  WHERE NOT dep.id IN $keep_departments
  DETACH DELETE dep
  RETURN count(*) AS departments
}
RETURN documents, topics, pillars, departments
