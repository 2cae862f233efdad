// Documents, filtered, ordered by id, one page plus the total. `tiers` and `statuses` are
// lists (all values for "any": an index seek, where an "IS NULL OR" test would scan the label);
// the other filters are null for "any".
// `pillar`: documents that IMPLEMENTS that pillar directly. `department`: documents the
// department is responsible for (any role).
:param framework => null;
:param tiers => ['guiding', 'base', 'supporting'];
:param statuses => ['planned', 'drafting', 'issued', 'amended', 'repealed', 'unknown'];
:param pillar => 'party-leadership';
:param department => null;
:param offset => 0;
:param limit => 50;
MATCH (d:Document)
WHERE d.tier IN $tiers
  AND d.status IN $statuses
  AND ($framework IS NULL OR d.framework = $framework)
  AND ($pillar IS NULL OR EXISTS { (d)-[:IMPLEMENTS]->(:Pillar {key: $pillar}) })
  AND ($department IS NULL OR EXISTS { (:Department {id: $department})-[:RESPONSIBLE_FOR]->(d) })
WITH d ORDER BY d.id
WITH collect(d {.id, .title, .title_en, .tier, .status}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
