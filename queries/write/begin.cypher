// Every write starts here: it takes the change log's lock (writes run one at a time, so
// checks such as "would this close a cycle?" cannot race) and the change's sequence number.
MERGE (log:ChangeLog {id: 'policygraph'})
SET log.seq = coalesce(log.seq, 0) + 1
RETURN log.seq AS seq
