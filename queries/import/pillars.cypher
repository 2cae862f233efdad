// Create or replace pillars: each row is the pillar's full property map.
:param rows => [{key: 'demo-pillar', name: '示例', order: 1, framework: 'demo'}];
UNWIND $rows AS row
MERGE (p:Pillar {key: row.key})
SET p = row
