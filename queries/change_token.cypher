// The token of the last write through policygraph (null before the first): new with every write.
OPTIONAL MATCH (log:ChangeLog {id: 'policygraph'})
RETURN log.token AS token
