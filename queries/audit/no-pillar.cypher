// no-pillar: a document the framework places (base or supporting) that neither implements a
// pillar nor depends (BASED_ON, PLACED_UNDER, COVERS; transitively, within 50 links) on a record
// that does, through documents not out of force on the day asked for (docs/time.md). Guiding
// documents frame every pillar; documents no source places (tier unknown) are not judged. The
// walk runs in the API over `audit/links` (services/walks.py: one breadth-first pass down from the
// pillars through their implementers); this query describes the documents it left out (nodes:
// their Neo4j ids), in id order, the first `limit` of them.
:param nodes => [];
:param limit => 100;
MATCH (d:Document)
WHERE id(d) IN $nodes
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'no-pillar'}}] AS findings
