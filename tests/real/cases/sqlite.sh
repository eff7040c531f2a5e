# sqlite3: a file database, recursive CTEs, aggregates, JSON functions, an index, a transaction.
set -u
sqlite3 t.db <<'SQL'
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v REAL);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5000)
INSERT INTO t(name, v) SELECT 'n' || (i % 37), i * 0.5 FROM c;
CREATE INDEX t_name ON t(name);
SQL
sqlite3 t.db 'SELECT count(*), sum(v), min(name), max(id) FROM t;'
sqlite3 -separator ' ' t.db "SELECT name, count(*), round(avg(v), 2) FROM t GROUP BY name ORDER BY 2 DESC, 1 LIMIT 4;"
sqlite3 t.db "BEGIN; DELETE FROM t WHERE id % 2 = 0; ROLLBACK; SELECT count(*) FROM t;"
sqlite3 t.db "UPDATE t SET v = -v WHERE id <= 10; SELECT sum(v) FROM t WHERE id <= 20;"
sqlite3 t.db "SELECT json_object('a', 1, 'b', json_array(1, 2, 'x'));"
sqlite3 t.db "SELECT json_extract('{\"k\":{\"z\":[10,20,30]}}', '\$.k.z[1]');"
sqlite3 t.db "EXPLAIN QUERY PLAN SELECT * FROM t WHERE name = 'n3';" | grep -c 't_name'
sqlite3 :memory: "SELECT printf('%.3f', 22.0 / 7), hex('qelt'), upper('riscv'), 7 / 2, 7 % 3, typeof(1.0);"
sqlite3 t.db 'PRAGMA integrity_check;'
sqlite3 -csv t.db 'SELECT id, name FROM t ORDER BY id LIMIT 3;'
