// Documents, filtered (each filter null = any), ordered by id, one page plus the total.
// `pillar`: documents that IMPLEMENTS that pillar directly. `department`: documents the
// department is responsible for (any role).
:param framework => null;
:param tier => null;
:param status => null;
:param pillar => 'party-leadership';
:param department => null;
:param offset => 0;
:param limit => 50;
MATCH (d:Document)
WHERE ($framework IS NULL OR d.framework = $framework)
  AND ($tier IS NULL OR d.tier = $tier)
  AND ($status IS NULL OR d.status = $status)
  AND ($pillar IS NULL OR EXISTS { (d)-[:IMPLEMENTS]->(:Pillar {key: $pillar}) })
  AND ($department IS NULL OR EXISTS { (:Department {id: $department})-[:RESPONSIBLE_FOR]->(d) })
WITH d ORDER BY d.id
WITH collect(d {.id, .title, .title_en, .tier, .status}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
