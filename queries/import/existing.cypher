// Which of the given ids and keys the database already holds, and in which framework.
// Import uses it to check references and ownership before it writes anything.
:param document_ids => ['km-guiding-plan', 'no-such-doc'];
:param pillar_keys => ['party-leadership'];
:param department_ids => ['km-social-work-committee'];
:param topic_ids => ['km-topic-whistle-and-report'];
CALL () {
  UNWIND $document_ids AS id
  MATCH (d:Document {id: id})
  RETURN collect({id: id, framework: d.framework}) AS documents
}
CALL () {
  UNWIND $pillar_keys AS key
  MATCH (p:Pillar {key: key})
  RETURN collect({id: key, framework: p.framework}) AS pillars
}
CALL () {
  UNWIND $department_ids AS id
  MATCH (dep:Department {id: id})
  RETURN collect({id: id, framework: dep.framework}) AS departments
}
CALL () {
  UNWIND $topic_ids AS id
  MATCH (t:Topic {id: id})
  RETURN collect({id: id, framework: t.framework}) AS topics
}
RETURN documents, pillars, departments, topics
