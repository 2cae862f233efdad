// Documents, filtered, ordered by id, one page plus the total. `tiers` is a list (all values for
// "any": an index seek, where an "IS NULL OR" test would scan the label); the other filters are
// null for "any". `doc_number`: the lookup form of a 发文字号 (model/doc_number.lookup_key), found
// through its own index however the number was typed.
// `pillar`: documents that IMPLEMENTS that pillar directly. `department`: documents the
// department is responsible for (any role). `statuses` are matched against the status on the day
// (repealed once a repeal has taken effect). as_of (a date or null): only documents in force that
// day or whose force is unknown, each marked in_force.
:param framework => null;
:param tiers => ['guiding', 'base', 'supporting'];
:param statuses => ['planned', 'drafting', 'issued', 'amended', 'repealed', 'unknown'];
:param pillar => 'party-leadership';
:param department => null;
:param doc_number => null;
:param as_of => null;
:param offset => 0;
:param limit => 50;
CALL () {
  MATCH (d:Document) WHERE $doc_number IS NOT NULL AND d.doc_number_key = $doc_number RETURN d
  UNION ALL
  MATCH (d:Document) WHERE $doc_number IS NULL AND d.tier IN $tiers RETURN d
}
WITH d, CASE WHEN d.repealed AND coalesce(d.repealed_on <= coalesce($as_of, date()), true) THEN 'repealed'
             ELSE d.status END AS status
WHERE d.tier IN $tiers
  AND status IN $statuses
  AND ($framework IS NULL OR d.framework = $framework)
  AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
  AND ($pillar IS NULL OR EXISTS { (d)-[:IMPLEMENTS]->(:Pillar {key: $pillar}) })
  AND ($department IS NULL OR EXISTS { (:Department {id: $department})-[:RESPONSIBLE_FOR]->(d) })
WITH d, status ORDER BY d.id
WITH collect(d {.id, .title, .title_en, .tier, status: status,
                in_force: CASE WHEN $as_of IS NULL THEN null
                               WHEN d.in_force_from IS NULL OR d.end_unknown THEN 'unknown' ELSE 'yes' END}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
