// What one department is responsible for, with its role (lead 牵头 / joint 配合).
:param id => 'km-social-work-committee';
:param offset => 0;
:param limit => 50;
MATCH (dep:Department {id: $id})
CALL (dep) {
  OPTIONAL MATCH (dep)-[r:RESPONSIBLE_FOR]->(d:Document)
  WITH d, r ORDER BY d.id
  RETURN collect(d {.id, .title, .title_en, .tier, .status, role: r.role}) AS rows
}
RETURN dep {.id, .name, .name_en, .framework} AS department,
       size(rows) AS total,
       rows[$offset..$offset + $limit] AS items
