// unanchored (the orphan): a document the framework places (tier base or supporting) that reaches
// no guiding document, neither through its basis (BASED_ON) nor through the place the scheme
// declares for it (PLACED_UNDER, or COVERS a topic the scheme places), within 50 links, through
// documents not out of force on the day asked for (docs/time.md). Documents no source places
// (tier unknown) are not judged here: `unplaced` lists them. The walk itself runs in the API over
// `audit/links` (services/walks.py: one breadth-first pass down from the guiding documents);
// this query turns the documents it left out (nodes: their Neo4j ids) into their ids, in order.
// `audit/unanchored-findings` describes a slice of them (a page of the orphans page, or the
// audit's first findings).
:param nodes => [];
MATCH (d:Document)
WHERE id(d) IN $nodes
WITH d.id AS id ORDER BY id
RETURN collect(id) AS ids
