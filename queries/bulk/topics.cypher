// Bulk load: create topics that do not exist yet (the loader has checked). Each row is the
// topic's full property map.
:param rows => [{id: 'demo-topic', name: '示例议题', framework: 'demo', certainty: 'stated', sources: '[]'}];
UNWIND $rows AS row
CREATE (t:Topic)
SET t = row
