// A pillar or department (by kind) as stored, or nothing.
:param kind => 'pillar';
:param id => 'party-leadership';
CALL () {
  MATCH (n:Document {id: $id}) WHERE $kind = 'document' RETURN n
  UNION
  MATCH (n:Pillar {key: $id}) WHERE $kind = 'pillar' RETURN n
  UNION
  MATCH (n:Department {id: $id}) WHERE $kind = 'department' RETURN n
}
RETURN properties(n) AS props
