// Review a document: its suspect BASED_ON links are cleared. Returns what was cleared.
:param id => 'km-party-led-property-services-opinion';
MATCH (doc:Document {id: $id})
OPTIONAL MATCH (doc)-[link:BASED_ON]->(basis:Document)
WHERE link.suspect
WITH doc, link, basis ORDER BY basis.id
WITH doc, collect(link) AS links,
     collect({basis: basis.id, change: link.suspect_change, reason: link.suspect_reason}) AS cleared
FOREACH (link IN links | REMOVE link.suspect, link.suspect_change, link.suspect_reason)
RETURN doc.framework AS framework, [c IN cleared WHERE c.basis IS NOT NULL] AS cleared
