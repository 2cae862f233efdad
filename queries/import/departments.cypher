// Create or replace departments: each row is the department's full property map.
:param rows => [{id: 'demo-dept', name: '示例部门', framework: 'demo'}];
UNWIND $rows AS row
MERGE (dep:Department {id: row.id})
SET dep = row
