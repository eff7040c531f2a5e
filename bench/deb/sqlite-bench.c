/* SQLite benchmark driver (the amalgamation is generated from Debian's sqlite3 source package by
 * its own build, see build_deb_sqlite3 in bench/build.sh): an in-memory database, integer and
 * text columns only, with bulk inserts through a prepared statement, an index, joins, GROUP BY,
 * ORDER BY, UPDATE and DELETE. Size = thousands of rows. Every query result feeds a checksum.
 * Stresses the bytecode VM, B-tree pages, the parser/planner and memory allocation. */
#include "bench.h"
#include "sqlite3.h"

static sqlite3 *db;
static uint64_t h = MIX_INIT;

static void die(const char *what)
{
    fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void exec(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s: %s\n", sql, err);
        exit(1);
    }
}

/* Runs a query and folds every column of every row into the checksum; returns the row count. */
static long query(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql);
    long rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            if (sqlite3_column_type(st, c) == SQLITE_TEXT) {
                const unsigned char *t = sqlite3_column_text(st, c);
                while (*t)
                    h = mix64(h, *t++);
            } else {
                h = mix64(h, (uint64_t)sqlite3_column_int64(st, c));
            }
        }
    }
    if (rc != SQLITE_DONE)
        die(sql);
    sqlite3_finalize(st);
    h = mix64(h, (uint64_t)rows);
    return rows;
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 100) * 1000;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        die("open");
    exec("CREATE TABLE item(id INTEGER PRIMARY KEY, cat INTEGER, qty INTEGER, price INTEGER, name TEXT);"
         "CREATE TABLE cat(id INTEGER PRIMARY KEY, label TEXT, weight INTEGER);");
    rng_t g;
    rng_seed(&g, 555);
    static const char *const syl[8] = {"ra", "mo", "ki", "tes", "lu", "no", "va", "pi"};
    exec("BEGIN");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db, "INSERT INTO item(cat, qty, price, name) VALUES(?, ?, ?, ?)", -1, &ins, NULL))
        die("prepare insert");
    for (long i = 0; i < n; i++) {
        char name[32];
        int len = 0;
        for (int k = 0; k < 3; k++)
            len += snprintf(name + len, sizeof name - (size_t)len, "%s", syl[rng_below(&g, 8)]);
        sqlite3_bind_int(ins, 1, (int)rng_below(&g, 200));
        sqlite3_bind_int(ins, 2, (int)rng_below(&g, 1000));
        sqlite3_bind_int64(ins, 3, (sqlite3_int64)rng_below(&g, 100000));
        sqlite3_bind_text(ins, 4, name, len, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert");
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    for (int c = 0; c < 200; c++) {
        char sql[128];
        snprintf(sql, sizeof sql, "INSERT INTO cat VALUES(%d, 'cat%03d', %d)", c, (c * 37) % 200, c % 7 + 1);
        exec(sql);
    }
    exec("COMMIT");
    exec("CREATE INDEX item_cat ON item(cat, price)");
    long r = 0;
    r += query("SELECT count(*), sum(qty), sum(price), max(price), min(qty) FROM item");
    r += query("SELECT cat, count(*), sum(qty * price) % 1000000007 FROM item GROUP BY cat ORDER BY cat");
    r += query("SELECT c.label, count(*), sum(i.qty * c.weight) FROM item i JOIN cat c ON i.cat = c.id "
               "WHERE i.price BETWEEN 20000 AND 30000 GROUP BY c.label ORDER BY 3 DESC, 1 LIMIT 20");
    r += query("SELECT name, count(*) AS k FROM item GROUP BY name ORDER BY k DESC, name LIMIT 30");
    r += query("SELECT id, price FROM item WHERE cat = 17 ORDER BY price DESC, id LIMIT 50");
    for (int k = 0; k < 40; k++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*), sum(qty) FROM item WHERE cat = %d AND price < %d", k * 5,
                 k * 2500);
        r += query(sql);
    }
    exec("UPDATE item SET qty = qty + 1 WHERE price % 3 = 0");
    exec("DELETE FROM item WHERE qty % 10 = 0");
    r += query("SELECT count(*), sum(qty), total_changes() FROM item");
    r += query("SELECT substr(name, 2, 3) AS s, count(*) FROM item GROUP BY s ORDER BY s");
    sqlite3_close(db);
    printf("sqlite %s rows=%ld results=%ld hash=%016llx\n", sqlite3_libversion(), n, r, (unsigned long long)h);
    return 0;
}
