// Full-text search on titles (zh and en; CJK analyzer, so 党建 matches 党建引领…), with the
// same filters as `documents`. Ranked by relevance, then tier (guiding, base, supporting,
// unknown), then id. Bounded: the hits are read best first and only the first `counted` + 1
// that pass the filters are kept, so `found` is exact up to `counted` and otherwise says
// "more than `counted`" (the service's `total_exact`). `options` is {limit: counted + 1} when
// no filter is given (the index then keeps only that many), {} otherwise. `q` is Lucene
// syntax; the API escapes it.
:param q => '党建';
:param options => {limit: 1001};
:param counted => 1000;
:param framework => null;
:param tier => null;
:param status => null;
:param pillar => null;
:param department => null;
:param doc_number => null;
:param as_of => null;
:param offset => 0;
:param limit => 50;
CALL db.index.fulltext.queryNodes('document_title', $q, $options) YIELD node AS d, score
WHERE ($framework IS NULL OR d.framework = $framework)
  AND ($tier IS NULL OR d.tier = $tier)
  AND ($status IS NULL OR $status = CASE WHEN d.repealed AND coalesce(d.repealed_on <= coalesce($as_of, date()), true)
                                          THEN 'repealed' ELSE d.status END)
  AND ($doc_number IS NULL OR d.doc_number_key = $doc_number)
  AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
  AND ($pillar IS NULL OR EXISTS { (d)-[:IMPLEMENTS]->(:Pillar {key: $pillar}) })
  AND ($department IS NULL OR EXISTS { (:Department {id: $department})-[:RESPONSIBLE_FOR]->(d) })
WITH d, score LIMIT $counted + 1
WITH d, score
ORDER BY score DESC, CASE d.tier WHEN 'guiding' THEN 0 WHEN 'base' THEN 1 WHEN 'supporting' THEN 2 ELSE 3 END, d.id
WITH collect({d: d, score: score}) AS hits
RETURN size(hits) AS found,
       [hit IN hits[$offset..$offset + $limit] | {
          id: hit.d.id, title: hit.d.title, title_en: hit.d.title_en, tier: hit.d.tier, score: hit.score,
          status: CASE WHEN hit.d.repealed AND coalesce(hit.d.repealed_on <= coalesce($as_of, date()), true)
                       THEN 'repealed' ELSE hit.d.status END,
          in_force: CASE WHEN $as_of IS NULL THEN null
                         WHEN hit.d.in_force_from IS NULL OR hit.d.end_unknown THEN 'unknown' ELSE 'yes' END}] AS items
