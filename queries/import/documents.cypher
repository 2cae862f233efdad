// Create or replace documents: each row's `props` is the full property map; the tier label
// (:GuidingDocument, :BaseDocument, :SupportingDocument) follows `tier`, from a fixed list.
:param rows => [{props: {id: 'demo-doc', title: '示例文件', tier: 'supporting', status: 'unknown', framework: 'demo'}}];
UNWIND $rows AS row
MERGE (d:Document {id: row.props.id})
SET d = row.props
REMOVE d:GuidingDocument:BaseDocument:SupportingDocument
FOREACH (_ IN CASE WHEN row.props.tier = 'guiding' THEN [1] ELSE [] END | SET d:GuidingDocument)
FOREACH (_ IN CASE WHEN row.props.tier = 'base' THEN [1] ELSE [] END | SET d:BaseDocument)
FOREACH (_ IN CASE WHEN row.props.tier = 'supporting' THEN [1] ELSE [] END | SET d:SupportingDocument)
