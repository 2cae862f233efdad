// Derive what REPEALS links say about the documents they point at: `repealed` (some document
// repeals it), `repealed_on` (the earliest day a repeal takes effect; null when none is dated),
// `in_force_until` (the first day it is no longer in force: the day after effective_until or the
// repeal's day, whichever comes first) and `end_unknown` (repealed, by a typed status or an undated
// repeal, with no known end). Run after every write that can change them, for the frameworks it
// wrote (null: all). It visits the documents REPEALS links of those frameworks point at, and those
// marked repealed before (index document_repealed), and writes only where a value changes, so that
// writes to other frameworks (bulk loads side by side) never wait on it.
// Left open: a document of another framework that keeps a repeal from a third one is recomputed
// only when its own framework or the third is written.
:param frameworks => null;
CALL () {
  MATCH (s:Document)-[:REPEALS]->(d:Document)
  WHERE $frameworks IS NULL OR s.framework IN $frameworks OR d.framework IN $frameworks
  RETURN d
  UNION
  MATCH (d:Document) WHERE d.repealed = true
    AND ($frameworks IS NULL OR d.framework IN $frameworks OR NOT EXISTS { (d)<-[:REPEALS]-(:Document) })
  RETURN d
}
CALL (d) {
  OPTIONAL MATCH (d)<-[r:REPEALS]-(:Document)
  RETURN count(r) AS links, count(r.effective_on) AS dated, min(r.effective_on) AS repealed_on
}
WITH d, links, dated, repealed_on,
     CASE WHEN d.effective_until < date('9999-12-31') THEN d.effective_until + duration('P1D') END AS own_end
WITH d, links, dated, repealed_on,
     CASE WHEN own_end IS NULL THEN repealed_on
          WHEN repealed_on IS NULL OR own_end < repealed_on THEN own_end
          ELSE repealed_on END AS until
WITH d, CASE WHEN links > 0 THEN true END AS repealed, repealed_on, until,
     CASE WHEN until IS NULL AND (links > dated OR d.status = 'repealed') THEN true END AS end_unknown
WITH d, repealed, repealed_on, until, end_unknown
WHERE [x IN [d.repealed, d.repealed_on, d.in_force_until, d.end_unknown] | coalesce(toString(x), '-')]
   <> [x IN [repealed, repealed_on, until, end_unknown] | coalesce(toString(x), '-')]
SET d.repealed = repealed, d.repealed_on = repealed_on, d.in_force_until = until, d.end_unknown = end_unknown
RETURN count(d) AS refreshed
