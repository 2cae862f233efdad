// 一条记录及其邻居（a record and its neighbours）: the document, pillar, department, topic or
// framework whose id (a pillar: its key) is `key`, with the links around it. The audit report
// links here: it opens the Browser with this query in the editor, after a :param line naming the
// record.
:param key => 'km-base-party-building';
CALL () {
  MATCH (n:Document {id: $key}) RETURN n
  UNION
  MATCH (n:Pillar {key: $key}) RETURN n
  UNION
  MATCH (n:Department {id: $key}) RETURN n
  UNION
  MATCH (n:Topic {id: $key}) RETURN n
  UNION
  MATCH (n:Framework {id: $key}) RETURN n
}
OPTIONAL MATCH link = (n)-[]-()
RETURN n, link LIMIT 100
