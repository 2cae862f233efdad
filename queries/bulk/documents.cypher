// Bulk load: create documents that do not exist yet (the loader has checked). `labels` are the
// tier's labels, taken from a fixed list in the code (TIER_LABELS), never from the file; a
// document no source places (tier unknown) has none beyond :Document.
:param rows => [{labels: ['SupportingDocument'], props: {id: 'demo-doc', title: '示例文件', tier: 'supporting', status: 'unknown', framework: 'demo', certainty: 'stated', sources: '[]'}}];
UNWIND $rows AS row
CREATE (d:Document:$(row.labels))
SET d = row.props
