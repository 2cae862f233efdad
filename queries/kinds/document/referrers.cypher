// What rests on a document: the documents and topics based on or placed under it, and the
// documents that amend, repeal or replace it, by id.
:param id => 'km-base-party-building';
MATCH (n:Document {id: $id})
RETURN COLLECT {
  MATCH (other)-[:BASED_ON|PLACED_UNDER|IMPLEMENTS|AMENDS|REPEALS|REPLACES]->(n) RETURN DISTINCT other.id AS id ORDER BY id
} AS ids
