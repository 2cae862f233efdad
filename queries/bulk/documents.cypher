// Bulk load: create documents that do not exist yet (the loader has checked). `label` is the
// tier's label, taken from a fixed list in the code (TIER_LABELS), never from the file.
:param rows => [{label: 'SupportingDocument', props: {id: 'demo-doc', title: '示例文件', tier: 'supporting', status: 'unknown', framework: 'demo'}}];
UNWIND $rows AS row
CREATE (d:Document:$(row.label))
SET d = row.props
