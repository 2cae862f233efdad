// The titles and tiers of some documents, by id (a page of the critical documents).
:param ids => ['km-base-party-building'];
UNWIND $ids AS id
MATCH (d:Document {id: id})
RETURN d.id AS id, d.title AS title, d.tier AS tier
