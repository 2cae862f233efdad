// Create or replace topics: each row is the topic's full property map (evidence included).
:param rows => [{id: 'demo-topic', name: '示例议题', framework: 'demo', certainty: 'stated', sources: '[]'}];
UNWIND $rows AS row
MERGE (t:Topic {id: row.id})
SET t = row
