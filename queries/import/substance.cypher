// The substance (title, status, effective dates) of the given documents as stored, so an
// import can tell which of them change and mark the links into those suspect.
:param ids => ['km-base-party-building'];
UNWIND $ids AS id
MATCH (d:Document {id: id})
RETURN d.id AS id, d {.title, .status, .effective_from, .effective_until} AS substance
