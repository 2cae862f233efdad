// unanchored (the orphan): a non-guiding document with no BASED_ON path to any guiding
// document. The ids, in order; `audit/unanchored-findings` describes a slice of them (a page of
// the orphans page, or the audit's first findings), so only that slice is read and described.
// Set-based: one breadth-first pass down from the guiding documents collects every anchored
// document (within 50 hops), then one pass over the frameworks' documents keeps the others
// (the IN check against that one list is hashed by the runtime). No search per document.
// BASED_ON joins documents only, so what the walk reaches is not label-checked.
:param frameworks => ['kunming-1-7-n'];
CALL () {
  MATCH (:GuidingDocument)<-[:BASED_ON*0..50]-(reached)
  RETURN collect(DISTINCT reached) AS anchored
}
MATCH (d:Document)
WHERE d.framework IN $frameworks AND NOT d:GuidingDocument AND NOT d IN anchored
WITH d.id AS id ORDER BY id
RETURN collect(id) AS ids
