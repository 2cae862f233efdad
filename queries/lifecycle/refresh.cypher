// Derive what REPEALS links say about the documents they point at: `repealed` (some document
// repeals it), `repealed_on` (the earliest day a repeal takes effect; null when none is dated),
// `in_force_until` (the first day it is no longer in force: the day after effective_until or the
// repeal's day, whichever comes first) and `end_unknown` (repealed, by a typed status or an undated
// repeal, with no known end). Run after every write that can change them; it visits only the
// documents some REPEALS link points at and those that were repealed before (index document_repealed).
CALL () {
  MATCH (:Document)-[:REPEALS]->(d:Document) RETURN d
  UNION
  MATCH (d:Document) WHERE d.repealed = true RETURN d
}
CALL (d) {
  OPTIONAL MATCH (d)<-[r:REPEALS]-(:Document)
  RETURN count(r) AS links, count(r.effective_on) AS dated, min(r.effective_on) AS repealed_on
}
WITH d, links, dated, repealed_on, d.effective_until + duration('P1D') AS own_end
WITH d, links, dated, repealed_on,
     CASE WHEN own_end IS NULL THEN repealed_on
          WHEN repealed_on IS NULL OR own_end < repealed_on THEN own_end
          ELSE repealed_on END AS until
SET d.repealed = CASE WHEN links > 0 THEN true END,
    d.repealed_on = repealed_on,
    d.in_force_until = until,
    d.end_unknown = CASE WHEN until IS NULL AND (links > dated OR d.status = 'repealed') THEN true END
RETURN count(d) AS refreshed
