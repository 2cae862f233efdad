// Set the derived properties of documents (records.document_derived: the parsed 发文字号, the
// period and provisional mark of the title, the days in force); null values remove a property.
// Returns how many documents it set.
:param rows => [{id: 'km-base-party-building', derived: {doc_number_key: null, provisional: false}}];
UNWIND $rows AS row
MATCH (d:Document {id: row.id})
SET d += row.derived
RETURN count(d) AS derived
