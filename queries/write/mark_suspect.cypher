// Documents changed in substance (title, status, effective dates): every BASED_ON link into
// each becomes suspect until the dependent document is reviewed. Returns the dependents.
:param seq => 1;
:param rows => [{id: 'km-base-party-building', reason: "status changed from 'unknown' to 'repealed'"}];
UNWIND $rows AS row
MATCH (dependent:Document)-[link:BASED_ON]->(:Document {id: row.id})
SET link.suspect = true, link.suspect_change = $seq, link.suspect_reason = row.reason
RETURN collect(DISTINCT dependent.id) AS dependents
