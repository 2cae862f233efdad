// What points at a node: documents and topics based on or placed under a document, or
// implementing a pillar; documents a department is responsible for (by kind), by id.
:param kind => 'document';
:param id => 'km-base-party-building';
CALL () {
  MATCH (n:Document {id: $id}) WHERE $kind = 'document' RETURN n
  UNION
  MATCH (n:Pillar {key: $id}) WHERE $kind = 'pillar' RETURN n
  UNION
  MATCH (n:Department {id: $id}) WHERE $kind = 'department' RETURN n
}
RETURN COLLECT {
  MATCH (other)-[:BASED_ON|PLACED_UNDER|IMPLEMENTS]->(n) RETURN other.id AS id ORDER BY id
  UNION
  MATCH (n)-[:RESPONSIBLE_FOR]->(other:Document) RETURN other.id AS id ORDER BY id
} AS ids
