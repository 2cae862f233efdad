// Documents anchored only through the given documents: they reach a guiding document (over
// BASED_ON, PLACED_UNDER, COVERS, as the `unanchored` check walks), and every such path passes
// through one of `ids`. They would be orphans were those documents repealed or deleted. Only the
// given documents' dependents can be; at most `limit` of them are judged, nearest first.
:param ids => ['km-base-party-building'];
:param limit => 500;
MATCH (changed:Document) WHERE changed.id IN $ids
WITH collect(changed) AS changed
CALL (changed) {
  UNWIND changed AS c
  MATCH reach = (c)<-[:BASED_ON|PLACED_UNDER|COVERS*1..50]-(d:Document)
  WHERE NOT d IN changed
  RETURN d, min(length(reach)) AS distance
}
WITH changed, d, min(distance) AS distance ORDER BY distance, d.id LIMIT $limit
WHERE EXISTS { (d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(:GuidingDocument) }
  AND NOT EXISTS {
    MATCH way = (d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(:GuidingDocument)
    WHERE none(n IN nodes(way) WHERE n IN changed)
  }
RETURN collect(d.id) AS ids
