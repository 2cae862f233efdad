// Delete a document, pillar or department (by kind) and all its links.
:param kind => 'document';
:param id => 'demo-doc';
CALL () {
  MATCH (n:Document {id: $id}) WHERE $kind = 'document' RETURN n
  UNION
  MATCH (n:Pillar {key: $id}) WHERE $kind = 'pillar' RETURN n
  UNION
  MATCH (n:Department {id: $id}) WHERE $kind = 'department' RETURN n
}
DETACH DELETE n
RETURN count(n) AS deleted
