// mode=replace: the framework's documents and topics the file no longer holds that records of
// another framework rest on or are placed under (BASED_ON, PLACED_UNDER, COVERS). Replace refuses
// to drop them unless forced, as DELETE does. One row per such record, with those dependents.
:param framework => 'kunming-1-7-n';
:param keep_documents => [];
:param keep_topics => [];
MATCH (gone)
WHERE (gone:Document AND gone.framework = $framework AND NOT gone.id IN $keep_documents)
   OR (gone:Topic AND gone.framework = $framework AND NOT gone.id IN $keep_topics)
MATCH (other)-[:BASED_ON|PLACED_UNDER|COVERS]->(gone)
WHERE other.framework <> $framework
WITH gone, collect(DISTINCT other.id) AS dependents
ORDER BY gone.id
RETURN gone.id AS id, dependents
LIMIT 100
