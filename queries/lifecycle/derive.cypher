// Set the derived properties of documents (records.document_derived: the parsed 发文字号, the
// period and provisional mark of the title, the days in force); null values remove a property.
:param rows => [{id: 'km-base-party-building', derived: {doc_number_key: null, provisional: false}}];
UNWIND $rows AS row
MATCH (d:Document {id: row.id})
SET d += row.derived
