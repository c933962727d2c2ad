/*
 * test_db.c: the store's SQL layer behaves the same on both backends.
 *
 * Usage: test_db [URL].  URL names the backend: a postgresql:// (or
 * postgres://) URL, or a SQLite path, which is the prefix of a fresh
 * directory PATH.XXXXXX holding every file the tests make (default
 * /tmp/plenum-test-db).  On PostgreSQL every run works in a fresh schema
 * test_<pid>, dropped at the end.  Each test makes its own tables.
 *
 * The cases are the contract of db.h: type mapping, value round trips
 * (int64 extremes, UTF-8, binary blobs, NULL), placeholders, RETURNING,
 * reuse, the error mapping (constraints, read-only, full disk, busy), the
 * transaction rules and the serialising of writers across connections.
 * A trigger that refuses UPDATE and DELETE (the append-only event log)
 * maps to PLENUM_ECONFLICT on both: SQLite's RAISE(ABORT, ...) is a
 * constraint error, and the PostgreSQL trigger function raises with
 * ERRCODE 'integrity_constraint_violation' (a plain RAISE EXCEPTION is
 * P0001 and would map to PLENUM_EDB).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "store_support.h"
#include "db_impl.h"

#define MIB (1024u * 1024u)

static const char *url;	    /* argv[1]: the backend */
static int pg;		    /* url names PostgreSQL */
static char dir[PATH_MAX];  /* SQLite: the fresh directory */
static char path[PATH_MAX]; /* SQLite: the main test database */
static char schema[64];	    /* PostgreSQL: the fresh schema */
static struct plenum_diag dg;

#define CHECK(e)                                                               \
	do {                                                                   \
		enum plenum_err e_;                                            \
		memset(&dg, 0, sizeof(dg));                                    \
		e_ = (e);                                                      \
		if (e_ != PLENUM_OK)                                           \
			fail_msg("%s: %s: %s", #e, plenum_err_str(e_),         \
				 dg.message);                                  \
	} while (0)

#define EXPECT(want, e)                                                        \
	do {                                                                   \
		enum plenum_err e_;                                            \
		memset(&dg, 0, sizeof(dg));                                    \
		e_ = (e);                                                      \
		if (e_ != (want))                                              \
			fail_msg("%s: want %s, got %s: %s", #e,                \
				 plenum_err_str(want), plenum_err_str(e_),     \
				 dg.message);                                  \
	} while (0)

/* Opens the main test database (SQLite: creating it unless read-only). */
static struct plenum_db *
open_db(unsigned flags)
{
	struct plenum_db *db = NULL;
	char sql[128];

	if (!pg) {
		if (!(flags & PLENUM_DB_READONLY))
			flags |= PLENUM_DB_CREATE;
		CHECK(plenum_db_open(path, flags, &db, &dg));
		return db;
	}
	CHECK(plenum_db_open(url, flags, &db, &dg));
	snprintf(sql, sizeof(sql), "SET search_path TO %s", schema);
	CHECK(plenum_db_ddl(db, sql, &dg));
	return db;
}

/* Runs a statement without parameters to its end; returns its error. */
static enum plenum_err
run(struct plenum_db *db, const char *sql)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row = 1;

	if ((err = plenum_db_prepare(db, sql, &st, &dg)) != PLENUM_OK)
		return err;
	while (row && (err = plenum_db_step(st, &row, &dg)) == PLENUM_OK)
		;
	plenum_db_finalize(st);
	return err;
}

/* The first column of the first row of sql, which must have one. */
static int64_t
query_int(struct plenum_db *db, const char *sql)
{
	struct plenum_stmt *st = NULL;
	int64_t v;
	int row = 0;

	CHECK(plenum_db_prepare(db, sql, &st, &dg));
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 1);
	v = plenum_db_column_int(st, 0);
	plenum_db_finalize(st);
	return v;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* out = dir/name; out has PATH_MAX bytes */
static void
join_path(char *out, const char *name)
{
	if (strlen(dir) + 1 + strlen(name) >= PATH_MAX)
		abort();
	strcpy(out, dir);
	strcat(out, "/");
	strcat(out, name);
}

static int
setup(void **state)
{
	struct plenum_db *db = NULL;
	char sql[256];

	(void)state;
	if (!pg) {
		if (snprintf(dir, sizeof(dir), "%s.XXXXXX", url) >=
			    (int)sizeof(dir) ||
		    mkdtemp(dir) == NULL) {
			fprintf(stderr, "test_db: cannot make %s.XXXXXX: %s\n",
				url, strerror(errno));
			return -1;
		}
		join_path(path, "test.sqlite");
		return 0;
	}
	snprintf(schema, sizeof(schema), "test_%ld", (long)getpid());
	snprintf(sql, sizeof(sql),
		 "DROP SCHEMA IF EXISTS %s CASCADE; "
		 "CREATE SCHEMA %s",
		 schema, schema);
	if (plenum_db_open(url, 0, &db, &dg) != PLENUM_OK ||
	    plenum_db_ddl(db, sql, &dg) != PLENUM_OK) {
		fprintf(stderr, "test_db: %s\n", dg.message);
		plenum_db_close(db);
		return -1;
	}
	plenum_db_close(db);
	return 0;
}

static int
teardown(void **state)
{
	struct plenum_db *db = NULL;
	char sql[128];

	(void)state;
	if (!pg) {
		store_support_rm_tree(dir);
		return 0;
	}
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
	if (plenum_db_open(url, 0, &db, &dg) != PLENUM_OK ||
	    plenum_db_ddl(db, sql, &dg) != PLENUM_OK) {
		fprintf(stderr, "test_db: %s\n", dg.message);
		plenum_db_close(db);
		return -1;
	}
	plenum_db_close(db);
	return 0;
}

/* The SQL rewriting for PostgreSQL, whatever the backend under test. */
static void
test_rewrite(void **state)
{
	static const struct {
		const char *in, *out;
		int n;
	} params[] = {
		{ "SELECT ?, '?', ? -- ?\n, \"?\" /* ? */ FROM t WHERE a = ?",
		  "SELECT $1, '?', $2 -- ?\n, \"?\" /* ? */ FROM t WHERE a = "
		  "$3",
		  3 },
		{ "VALUES ('it''s ?', ?)", "VALUES ('it''s ?', $1)", 1 },
		{ "E'\\'?' ?", "E'\\'?' $1", 1 },
		{ "ONE'?\\' ?", "ONE'?\\' $1", 1 },
		{ "$$ ? $$ ? $tag$ ? $$ ? $tag$ ?",
		  "$$ ? $$ $1 $tag$ ? $$ ? $tag$ $2", 2 },
		{ "a$b ? $1", "a$b $1 $1", 1 },
		{ "/* /* ? */ ? */ ?", "/* /* ? */ ? */ $1", 1 },
		{ "'unterminated ?", "'unterminated ?", 0 },
		{ "-- only ?", "-- only ?", 0 },
		{ "", "", 0 },
		{ "??", "$1$2", 2 },
		{ "x = '中文?' AND y = ?", "x = '中文?' AND y = $1", 1 },
	};
	static const struct {
		const char *in, *out;
	} types[] = {
		{ "CREATE TABLE t (a INTEGER, b blob, c TEXT, integers "
		  "INTEGER, "
		  "blob_x Blob, d TEXT DEFAULT 'INTEGER BLOB') -- INTEGER",
		  "CREATE TABLE t (a BIGINT, b BYTEA, c TEXT, integers BIGINT, "
		  "blob_x BYTEA, d TEXT DEFAULT 'INTEGER BLOB') -- INTEGER" },
		{ "\"INTEGER\" integer(INTEGER)BLOB;",
		  "\"INTEGER\" BIGINT(BIGINT)BYTEA;" },
		{ "$$ INTEGER $$ INTEGER", "$$ INTEGER $$ BIGINT" },
		{ "myINTEGER INTEGERS xBLOB", "myINTEGER INTEGERS xBLOB" },
	};
	size_t i;
	char *out;
	int n;

	(void)state;
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		CHECK(plenum_db_number_params(params[i].in, &out, &n));
		assert_string_equal(out, params[i].out);
		assert_int_equal(n, params[i].n);
		free(out);
	}
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		CHECK(plenum_db_map_types(types[i].in, &out));
		assert_string_equal(out, types[i].out);
		free(out);
	}
}

static void
test_open(void **state)
{
	struct plenum_db *db = (void *)1;
	char p[PATH_MAX];
	FILE *f;

	(void)state;
	db = open_db(0);
	assert_int_equal(plenum_db_kind(db),
			 pg ? PLENUM_DB_POSTGRES : PLENUM_DB_SQLITE);
	plenum_db_close(db);
	plenum_db_close(NULL);

	/* nothing listens on port 1: both URL spellings reach libpq */
	EXPECT(PLENUM_EIO,
	       plenum_db_open("postgresql://127.0.0.1:1/x?connect_timeout=5", 0,
			      &db, &dg));
	assert_null(db);
	assert_true(dg.message[0] != '\0');
	EXPECT(PLENUM_EIO,
	       plenum_db_open("postgres://127.0.0.1:1/x?connect_timeout=5", 0,
			      &db, &dg));
	if (pg)
		return;

	join_path(p, "missing.sqlite");
	EXPECT(PLENUM_EIO, plenum_db_open(p, 0, &db, &dg));
	assert_null(db);
	assert_non_null(strstr(dg.message, "no database at '"));
	assert_non_null(strstr(dg.message, p));
	EXPECT(PLENUM_EIO, plenum_db_open(p, PLENUM_DB_READONLY, &db, &dg));
	assert_int_equal(access(p, F_OK), -1);

	join_path(p, "garbage.sqlite");
	assert_non_null(f = fopen(p, "w"));
	fputs("This is no SQLite database, only a file of text that is "
	      "long enough to have a header.\n",
	      f);
	fclose(f);
	EXPECT(PLENUM_EDB, plenum_db_open(p, 0, &db, &dg));
	assert_non_null(strstr(dg.message, "not a database"));
	assert_null(db);
}

static void
test_ddl_types(void **state)
{
	static const char *const want_sqlite[] = { "INTEGER", "TEXT", "BLOB",
						   "TEXT" };
	static const char *const want_pg[] = { "bigint", "text", "bytea",
					       "text" };
	struct plenum_db *db = open_db(0);
	struct plenum_stmt *st = NULL;
	int row, i;

	(void)state;
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE ddl_t (\n"
			    "  i INTEGER NOT NULL, -- 64 bits: BIGINT\n"
			    "  t TEXT,\n"
			    "  b BLOB,\n"
			    "  d TEXT DEFAULT 'INTEGER BLOB'\n"
			    ");\n"
			    "CREATE INDEX ddl_t_i ON ddl_t (i);\n",
			    &dg));
	CHECK(plenum_db_prepare(
		db,
		pg ? "SELECT data_type FROM "
		     "information_schema.columns WHERE "
		     "table_schema = current_schema() AND "
		     "table_name = 'ddl_t' ORDER BY "
		     "ordinal_position"
		   : "SELECT type FROM pragma_table_info('ddl_t') "
		     "ORDER BY cid",
		&st, &dg));
	for (i = 0; i < 4; i++) {
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(row, 1);
		assert_string_equal(plenum_db_column_text(st, 0),
				    pg ? want_pg[i] : want_sqlite[i]);
	}
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 0);
	plenum_db_finalize(st);

	CHECK(plenum_db_prepare(db, "INSERT INTO ddl_t (i) VALUES (?)", &st,
				&dg));
	CHECK(plenum_db_bind_int(st, 1, INT64_MAX));
	CHECK(plenum_db_step(st, &row, &dg));
	plenum_db_finalize(st);
	CHECK(plenum_db_prepare(db, "SELECT i, d FROM ddl_t", &st, &dg));
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 1);
	assert_true(plenum_db_column_int(st, 0) == INT64_MAX);
	assert_string_equal(plenum_db_column_text(st, 1), "INTEGER BLOB");
	plenum_db_finalize(st);

	/* a syntax error is PLENUM_EDB with the backend's words */
	EXPECT(PLENUM_EDB, plenum_db_ddl(db, "CREATE TABLEX nope (a)", &dg));
	assert_non_null(strstr(dg.message, "syntax error"));
	if (!pg)
		assert_non_null(strstr(dg.message, path));
	plenum_db_close(db);
}

struct value_row {
	int64_t i;
	const char *t; /* NULL: SQL NULL */
	const unsigned char *b;
	size_t blen;
	int bnull;
};

static void
test_values(void **state)
{
	static const unsigned char bin[] = { 0x00, 0xff, 0x00, 'a',
					     0xff, 0x80, 0x00 };
	static const char zh[] = "中国共产党第二十次全国代表大会";
	static const char vi[] = "Đại hội đại biểu toàn quốc lần thứ XIII — "
				 "Nghị quyết";
	unsigned char *big = malloc(MIB);
	struct value_row rows[] = {
		{ INT64_MIN, zh, bin, sizeof(bin), 0 },
		{ INT64_MAX, vi, (const unsigned char *)"", 0, 0 },
		{ 0, "", NULL, 0, 1 },
		{ -1, NULL, big, MIB, 0 },
		{ 1, "plain ASCII", (const unsigned char *)"\xff", 1, 0 },
	};
	struct plenum_db *db = open_db(0);
	struct plenum_stmt *st = NULL;
	const unsigned char *b;
	const char *t;
	size_t i, len;
	char num[32];
	int row;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < MIB; i++)
		big[i] = (unsigned char)(i * 7 + (i >> 8));
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE vals (id INTEGER PRIMARY KEY, "
			    "i INTEGER, t TEXT, b BLOB)",
			    &dg));
	CHECK(plenum_db_prepare(db,
				"INSERT INTO vals (id, i, t, b) "
				"VALUES (?, ?, ?, ?)",
				&st, &dg));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CHECK(plenum_db_bind_int(st, 1, (int64_t)i + 1));
		CHECK(plenum_db_bind_int(st, 2, rows[i].i));
		CHECK(plenum_db_bind_text(st, 3, rows[i].t));
		if (rows[i].bnull)
			CHECK(plenum_db_bind_null(st, 4));
		else
			CHECK(plenum_db_bind_blob(st, 4, rows[i].b,
						  rows[i].blen));
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(row, 0);
		assert_int_equal(plenum_db_changes(db), 1);
		CHECK(plenum_db_reset(st));
	}
	/* an empty blob from a NULL pointer is still no SQL NULL */
	CHECK(plenum_db_bind_int(st, 1, 99));
	CHECK(plenum_db_bind_null(st, 2));
	CHECK(plenum_db_bind_null(st, 3));
	CHECK(plenum_db_bind_blob(st, 4, NULL, 0));
	CHECK(plenum_db_step(st, &row, &dg));
	plenum_db_finalize(st);

	CHECK(plenum_db_prepare(db, "SELECT i, t, b, i FROM vals ORDER BY id",
				&st, &dg));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(row, 1);
		assert_int_equal(plenum_db_column_count(st), 4);
		assert_true(plenum_db_column_int(st, 0) == rows[i].i);
		snprintf(num, sizeof(num), "%lld", (long long)rows[i].i);
		assert_string_equal(plenum_db_column_text(st, 3), num);
		t = plenum_db_column_text(st, 1);
		if (rows[i].t == NULL) {
			assert_null(t);
			assert_true(plenum_db_column_is_null(st, 1));
		} else {
			assert_string_equal(t, rows[i].t);
			assert_false(plenum_db_column_is_null(st, 1));
		}
		b = plenum_db_column_blob(st, 2, &len);
		assert_non_null(b);
		assert_int_equal(plenum_db_column_is_null(st, 2),
				 rows[i].bnull);
		assert_int_equal(len, rows[i].blen);
		if (len > 0)
			assert_memory_equal(b, rows[i].b, len);
		/* asking twice gives the same bytes */
		b = plenum_db_column_blob(st, 2, &len);
		assert_int_equal(len, rows[i].blen);
		if (len > 0)
			assert_memory_equal(b, rows[i].b, len);
		/* out of range reads as NULL */
		assert_true(plenum_db_column_is_null(st, 4));
		assert_null(plenum_db_column_text(st, -1));
	}
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 1);
	assert_true(plenum_db_column_is_null(st, 0));
	assert_int_equal(plenum_db_column_int(st, 0), 0);
	assert_false(plenum_db_column_is_null(st, 2));
	b = plenum_db_column_blob(st, 2, &len);
	assert_non_null(b);
	assert_int_equal(len, 0);
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 0);
	/* no row: getters read as NULL */
	assert_null(plenum_db_column_text(st, 0));
	b = plenum_db_column_blob(st, 2, &len);
	assert_int_equal(len, 0);
	plenum_db_finalize(st);

	/* the 1 MiB blob, by itself, in a WHERE on a blob */
	CHECK(plenum_db_prepare(db, "SELECT id FROM vals WHERE b = ?", &st,
				&dg));
	CHECK(plenum_db_bind_blob(st, 1, bin, sizeof(bin)));
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 1);
	assert_int_equal(plenum_db_column_int(st, 0), 1);
	plenum_db_finalize(st);
	plenum_db_close(db);
	free(big);
}

static void
test_placeholders(void **state)
{
	struct plenum_db *db = open_db(0);
	struct plenum_stmt *st = NULL;
	int row;

	(void)state;
	CHECK(plenum_db_ddl(db, "CREATE TABLE ph (a INTEGER, b TEXT, c TEXT)",
			    &dg));
	CHECK(plenum_db_prepare(db,
				"INSERT INTO ph (a, b, c) -- (?)\n"
				"VALUES (?, 'what? it''s ?', ?) /* ? */",
				&st, &dg));
	EXPECT(PLENUM_EINPUT, plenum_db_bind_int(st, 0, 1));
	EXPECT(PLENUM_EINPUT, plenum_db_bind_int(st, 3, 1));
	EXPECT(PLENUM_EINPUT, plenum_db_bind_text(st, -1, "x"));
	CHECK(plenum_db_bind_int(st, 1, 7));
	CHECK(plenum_db_bind_text(st, 2, "x?y"));
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 0);
	plenum_db_finalize(st);

	CHECK(plenum_db_prepare(db,
				"SELECT a, b, c FROM ph "
				"WHERE b = 'what? it''s ?' AND c = ? AND a = ?",
				&st, &dg));
	CHECK(plenum_db_bind_text(st, 1, "x?y"));
	CHECK(plenum_db_bind_int(st, 2, 7));
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 1);
	assert_int_equal(plenum_db_column_int(st, 0), 7);
	assert_string_equal(plenum_db_column_text(st, 1), "what? it's ?");
	assert_string_equal(plenum_db_column_text(st, 2), "x?y");
	CHECK(plenum_db_step(st, &row, &dg));
	assert_int_equal(row, 0);
	plenum_db_finalize(st);

	/* one statement per prepare; PostgreSQL says so when it runs */
	if (pg) {
		CHECK(plenum_db_prepare(db, "SELECT 1; SELECT 2", &st, &dg));
		EXPECT(PLENUM_EDB, plenum_db_step(st, &row, &dg));
		plenum_db_finalize(st);
	} else {
		EXPECT(PLENUM_EDB,
		       plenum_db_prepare(db, "SELECT 1; SELECT 2", &st, &dg));
		assert_null(st);
	}
	plenum_db_close(db);
}

static void
test_returning(void **state)
{
	struct plenum_db *db = open_db(0);
	struct plenum_stmt *st = NULL;
	int row, i;

	(void)state;
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE ret (id INTEGER PRIMARY KEY, "
			    "name TEXT NOT NULL)",
			    &dg));
	CHECK(plenum_db_prepare(db,
				"INSERT INTO ret (id, name) VALUES (?, ?) "
				"RETURNING id, name",
				&st, &dg));
	for (i = 1; i <= 3; i++) {
		CHECK(plenum_db_bind_int(st, 1, i * 10));
		CHECK(plenum_db_bind_text(st, 2, i == 2 ? "hai" : "một"));
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(row, 1);
		assert_int_equal(plenum_db_column_int(st, 0), i * 10);
		assert_string_equal(plenum_db_column_text(st, 1),
				    i == 2 ? "hai" : "một");
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(row, 0);
		assert_int_equal(plenum_db_changes(db), 1);
		CHECK(plenum_db_reset(st));
	}
	plenum_db_finalize(st);
	CHECK(plenum_db_prepare(
		db, "DELETE FROM ret WHERE id >= ? RETURNING id", &st, &dg));
	CHECK(plenum_db_bind_int(st, 1, 20));
	for (i = 0;; i++) {
		CHECK(plenum_db_step(st, &row, &dg));
		if (!row)
			break;
	}
	assert_int_equal(i, 2);
	assert_int_equal(plenum_db_changes(db), 2);
	plenum_db_finalize(st);
	plenum_db_close(db);
}

static void
test_reuse(void **state)
{
	struct plenum_db *db = open_db(0);
	struct plenum_stmt *st = NULL;
	int row, i;

	(void)state;
	CHECK(plenum_db_ddl(db, "CREATE TABLE reuse (n INTEGER, s TEXT)", &dg));
	CHECK(plenum_db_prepare(db, "INSERT INTO reuse (n, s) VALUES (?, ?)",
				&st, &dg));
	for (i = 0; i < 100; i++) {
		CHECK(plenum_db_bind_int(st, 1, i));
		CHECK(plenum_db_bind_text(st, 2, "ballot"));
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(row, 0);
		/* stepping a finished statement does not run it again */
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(row, 0);
		CHECK(plenum_db_reset(st));
	}
	/* reset keeps the bindings */
	CHECK(plenum_db_step(st, &row, &dg));
	CHECK(plenum_db_reset(st));
	CHECK(plenum_db_step(st, &row, &dg));
	/* binding after a run resets by itself */
	CHECK(plenum_db_bind_int(st, 1, 1000));
	CHECK(plenum_db_step(st, &row, &dg));
	plenum_db_finalize(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM reuse"), 103);
	assert_int_equal(query_int(db, "SELECT count(*) FROM reuse "
				       "WHERE n = 99"),
			 3);

	CHECK(run(db, "UPDATE reuse SET s = 'counted' WHERE n >= 50"));
	assert_int_equal(plenum_db_changes(db), 53);
	/* a SELECT leaves the count alone */
	assert_int_equal(query_int(db, "SELECT count(*) FROM reuse"), 103);
	assert_int_equal(plenum_db_changes(db), 53);

	/* a half-read query, reset and run again from the start */
	CHECK(plenum_db_prepare(db, "SELECT n FROM reuse ORDER BY n", &st,
				&dg));
	for (i = 0; i < 2; i++) {
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(plenum_db_column_int(st, 0), 0);
		CHECK(plenum_db_step(st, &row, &dg));
		assert_int_equal(plenum_db_column_int(st, 0), 1);
		CHECK(plenum_db_reset(st));
	}
	plenum_db_finalize(st);
	plenum_db_close(db);
}

static void
test_constraints(void **state)
{
	struct plenum_db *db = open_db(0);

	(void)state;
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE cparent (id INTEGER PRIMARY KEY);"
			    "CREATE TABLE c (id INTEGER PRIMARY KEY, "
			    "u TEXT UNIQUE NOT NULL, "
			    "n INTEGER CHECK (n >= 0), "
			    "p INTEGER REFERENCES cparent (id));"
			    "INSERT INTO cparent (id) VALUES (1);"
			    "INSERT INTO c (id, u, n, p) VALUES (1, 'a', 0, 1)",
			    &dg));
	EXPECT(PLENUM_ECONFLICT,
	       run(db, "INSERT INTO c (id, u) VALUES (1, 'b')"));
	assert_true(dg.message[0] != '\0');
	EXPECT(PLENUM_ECONFLICT,
	       run(db, "INSERT INTO c (id, u) VALUES (2, 'a')"));
	EXPECT(PLENUM_ECONFLICT,
	       run(db, "INSERT INTO c (id, u) VALUES (2, NULL)"));
	EXPECT(PLENUM_ECONFLICT,
	       run(db, "INSERT INTO c (id, u, n) VALUES (2, 'b', -1)"));
	EXPECT(PLENUM_ECONFLICT,
	       run(db, "INSERT INTO c (id, u, p) VALUES (2, 'b', 9)"));
	EXPECT(PLENUM_ECONFLICT, run(db, "DELETE FROM cparent"));
	/* outside a transaction the connection carries on */
	CHECK(run(db, "INSERT INTO c (id, u, p) VALUES (2, 'b', 1)"));
	assert_int_equal(query_int(db, "SELECT count(*) FROM c"), 2);
	plenum_db_close(db);
}

static void
test_transactions(void **state)
{
	struct plenum_db *db = open_db(0);
	struct plenum_stmt *st = NULL;
	int row;

	(void)state;
	CHECK(plenum_db_ddl(db, "CREATE TABLE tx (id INTEGER PRIMARY KEY)",
			    &dg));
	EXPECT(PLENUM_EDB, plenum_db_commit(db, &dg));
	plenum_db_rollback(db); /* nothing open: a no-op */

	CHECK(plenum_db_begin(db, &dg));
	EXPECT(PLENUM_EDB, plenum_db_begin(db, &dg));
	CHECK(run(db, "INSERT INTO tx (id) VALUES (1)"));
	plenum_db_rollback(db);
	assert_int_equal(query_int(db, "SELECT count(*) FROM tx"), 0);

	/* a failed statement poisons the transaction on both backends */
	CHECK(plenum_db_begin(db, &dg));
	CHECK(run(db, "INSERT INTO tx (id) VALUES (1)"));
	EXPECT(PLENUM_ECONFLICT, run(db, "INSERT INTO tx (id) VALUES (1)"));
	EXPECT(PLENUM_EDB, run(db, "INSERT INTO tx (id) VALUES (2)"));
	EXPECT(PLENUM_EDB, plenum_db_ddl(db, "CREATE TABLE tx2 (a)", &dg));
	EXPECT(PLENUM_EDB, plenum_db_commit(db, &dg));
	assert_non_null(strstr(dg.message, "rolled back"));
	assert_int_equal(query_int(db, "SELECT count(*) FROM tx"), 0);

	/* a statement prepared in one transaction runs in the next */
	CHECK(plenum_db_prepare(db, "INSERT INTO tx (id) VALUES (?)", &st,
				&dg));
	CHECK(plenum_db_begin(db, &dg));
	CHECK(plenum_db_bind_int(st, 1, 5));
	CHECK(plenum_db_step(st, &row, &dg));
	CHECK(plenum_db_commit(db, &dg));
	CHECK(plenum_db_begin(db, &dg));
	CHECK(plenum_db_bind_int(st, 1, 6));
	CHECK(plenum_db_step(st, &row, &dg));
	plenum_db_finalize(st);
	/* closing with a transaction open rolls it back */
	plenum_db_close(db);

	db = open_db(0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM tx"), 1);
	assert_int_equal(query_int(db, "SELECT id FROM tx"), 5);
	plenum_db_close(db);
}

static void
test_commit_reopen(void **state)
{
	struct plenum_db *db = open_db(0);
	struct plenum_stmt *st = NULL;
	int row, i;

	(void)state;
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE kept (seq INTEGER PRIMARY KEY, "
			    "body BLOB NOT NULL)",
			    &dg));
	CHECK(plenum_db_begin(db, &dg));
	CHECK(plenum_db_prepare(
		db, "INSERT INTO kept (seq, body) VALUES (?, ?)", &st, &dg));
	for (i = 1; i <= 3; i++) {
		CHECK(plenum_db_bind_int(st, 1, i));
		CHECK(plenum_db_bind_blob(st, 2, "\0\1\2", (size_t)i));
		CHECK(plenum_db_step(st, &row, &dg));
	}
	plenum_db_finalize(st);
	CHECK(plenum_db_commit(db, &dg));
	plenum_db_close(db);

	db = open_db(0);
	assert_int_equal(query_int(db, "SELECT sum(seq) FROM kept"), 6);
	assert_int_equal(query_int(db, "SELECT length(body) FROM kept "
				       "WHERE seq = 3"),
			 3);
	plenum_db_close(db);
	db = open_db(PLENUM_DB_READONLY);
	assert_int_equal(query_int(db, "SELECT count(*) FROM kept"), 3);
	plenum_db_close(db);
}

struct writer {
	struct plenum_db *db;
	const char *tag;
	pthread_mutex_t *mu;
	pthread_cond_t *cv;
	int *started;
	enum plenum_err err;
	char msg[512];
	double wait;	/* seconds begin() took */
	int64_t seen_a; /* rows of A seen after begin() */
};

/* Appends seq = last + 1 tagged w->tag. */
static enum plenum_err
append(struct writer *w, struct plenum_diag *d)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	err = plenum_db_prepare(w->db,
				"INSERT INTO w (seq, tag) SELECT "
				"coalesce(max(seq), 0) + 1, ? FROM w",
				&st, d);
	if (err == PLENUM_OK)
		err = plenum_db_bind_text(st, 1, w->tag);
	if (err == PLENUM_OK)
		err = plenum_db_step(st, &row, d);
	plenum_db_finalize(st);
	return err;
}

static void *
writer_a(void *arg)
{
	struct writer *w = arg;
	struct plenum_diag d = { 0 };

	w->err = plenum_db_begin(w->db, &d);
	pthread_mutex_lock(w->mu);
	*w->started = 1;
	pthread_cond_signal(w->cv);
	pthread_mutex_unlock(w->mu);
	if (w->err != PLENUM_OK)
		goto out;
	sleep_ms(200);
	if ((w->err = append(w, &d)) != PLENUM_OK) {
		plenum_db_rollback(w->db);
		goto out;
	}
	w->err = plenum_db_commit(w->db, &d);
out:
	snprintf(w->msg, sizeof(w->msg), "%s", d.message);
	return NULL;
}

static void *
writer_b(void *arg)
{
	struct writer *w = arg;
	struct plenum_diag d = { 0 };
	struct plenum_stmt *st = NULL;
	double t0;
	int row = 0;

	pthread_mutex_lock(w->mu);
	while (!*w->started)
		pthread_cond_wait(w->cv, w->mu);
	pthread_mutex_unlock(w->mu);
	t0 = now();
	if ((w->err = plenum_db_begin(w->db, &d)) != PLENUM_OK)
		goto out;
	w->wait = now() - t0;
	w->err = plenum_db_prepare(
		w->db, "SELECT count(*) FROM w WHERE tag = 'A'", &st, &d);
	if (w->err == PLENUM_OK)
		w->err = plenum_db_step(st, &row, &d);
	if (row)
		w->seen_a = plenum_db_column_int(st, 0);
	plenum_db_finalize(st);
	if (w->err == PLENUM_OK)
		w->err = append(w, &d);
	if (w->err != PLENUM_OK) {
		plenum_db_rollback(w->db);
		goto out;
	}
	w->err = plenum_db_commit(w->db, &d);
out:
	snprintf(w->msg, sizeof(w->msg), "%s", d.message);
	return NULL;
}

static void
test_writers_serialise(void **state)
{
	pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
	struct writer a = { 0 }, b = { 0 };
	pthread_t ta, tb;
	int started = 0;

	(void)state;
	a.db = open_db(0);
	b.db = open_db(0);
	CHECK(plenum_db_ddl(a.db,
			    "CREATE TABLE w (seq INTEGER PRIMARY KEY, "
			    "tag TEXT NOT NULL)",
			    &dg));
	a.tag = "A";
	b.tag = "B";
	a.mu = b.mu = &mu;
	a.cv = b.cv = &cv;
	a.started = b.started = &started;
	assert_int_equal(pthread_create(&ta, NULL, writer_a, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, writer_b, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	if (a.err != PLENUM_OK)
		fail_msg("writer A: %s: %s", plenum_err_str(a.err), a.msg);
	if (b.err != PLENUM_OK)
		fail_msg("writer B: %s: %s", plenum_err_str(b.err), b.msg);
	/* B's begin waited for A's commit, then saw A's row */
	assert_true(b.wait >= 0.15);
	assert_int_equal(b.seen_a, 1);
	assert_int_equal(query_int(a.db, "SELECT seq FROM w WHERE tag = 'A'"),
			 1);
	assert_int_equal(query_int(a.db, "SELECT seq FROM w WHERE tag = 'B'"),
			 2);
	plenum_db_close(a.db);
	plenum_db_close(b.db);
}

static void
test_busy(void **state)
{
	struct plenum_db *one = open_db(0), *two = open_db(0);
	double t0;

	(void)state;
	/* lower the wait for the lock (10 s by default) on two only */
	CHECK(run(two, pg ? "SET lock_timeout = '100ms'"
			  : "PRAGMA busy_timeout = 100"));
	CHECK(plenum_db_begin(one, &dg));
	t0 = now();
	EXPECT(PLENUM_EBUSY, plenum_db_begin(two, &dg));
	assert_true(now() - t0 >= 0.09);
	assert_non_null(strstr(dg.message, pg ? "lock timeout" : "locked"));
	CHECK(plenum_db_commit(one, &dg));
	CHECK(plenum_db_begin(two, &dg));
	EXPECT(PLENUM_EDB, plenum_db_begin(two, &dg));
	plenum_db_rollback(two);
	plenum_db_close(one);
	plenum_db_close(two);
}

static void
test_readonly(void **state)
{
	struct plenum_db *db = open_db(0);
	char p[PATH_MAX], sub[PATH_MAX];

	(void)state;
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE ro (x INTEGER); "
			    "INSERT INTO ro (x) VALUES (42)",
			    &dg));
	plenum_db_close(db);

	db = open_db(PLENUM_DB_READONLY);
	assert_int_equal(query_int(db, "SELECT x FROM ro"), 42);
	EXPECT(PLENUM_EREADONLY, run(db, "INSERT INTO ro (x) VALUES (1)"));
	assert_true(dg.message[0] != '\0');
	EXPECT(PLENUM_EREADONLY, run(db, "UPDATE ro SET x = 1"));
	EXPECT(PLENUM_EREADONLY,
	       plenum_db_ddl(db, "CREATE TABLE ro2 (x INTEGER)", &dg));
	EXPECT(PLENUM_EREADONLY, plenum_db_begin(db, &dg));
	assert_int_equal(query_int(db, "SELECT count(*) FROM ro"), 1);
	plenum_db_close(db);
	if (pg)
		return;

	/* file modes: root may write whatever the mode says */
	if (geteuid() == 0) {
		print_message("# file and directory modes not tested: "
			      "running as root\n");
		return;
	}
	join_path(sub, "rodir");
	assert_int_equal(mkdir(sub, 0700), 0);
	join_path(p, "rodir/ro.sqlite");
	CHECK(plenum_db_open(p, PLENUM_DB_CREATE, &db, &dg));
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE ro (x INTEGER); "
			    "INSERT INTO ro (x) VALUES (42)",
			    &dg));
	plenum_db_close(db);
	assert_int_equal(chmod(p, 0444), 0);
	/* a 0444 file opens read-only: writes say so */
	CHECK(plenum_db_open(p, 0, &db, &dg));
	assert_int_equal(query_int(db, "SELECT x FROM ro"), 42);
	EXPECT(PLENUM_EREADONLY, run(db, "INSERT INTO ro (x) VALUES (1)"));
	plenum_db_close(db);
	/* in a read-only directory too (no -wal or -shm can be made) */
	assert_int_equal(chmod(sub, 0555), 0);
	CHECK(plenum_db_open(p, PLENUM_DB_READONLY, &db, &dg));
	assert_int_equal(query_int(db, "SELECT x FROM ro"), 42);
	EXPECT(PLENUM_EREADONLY, run(db, "INSERT INTO ro (x) VALUES (1)"));
	plenum_db_close(db);
	assert_int_equal(chmod(sub, 0700), 0);
}

/* The child of test_full_disk: appends under a file size limit. */
static int
fill_disk(const char *p)
{
	struct plenum_db *db = NULL;
	struct plenum_stmt *st = NULL;
	struct plenum_diag d = { 0 };
	unsigned char blob[16384];
	struct rlimit rl = { 256 * 1024, 256 * 1024 };
	enum plenum_err err;
	int i, row;

	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 3;
	memset(blob, 0xab, sizeof(blob));
	if (plenum_db_open(p, 0, &db, &d) != PLENUM_OK)
		return 4;
	for (i = 0; i < 1000; i++) {
		if ((err = plenum_db_begin(db, &d)) != PLENUM_OK)
			break;
		err = plenum_db_prepare(db, "INSERT INTO f (b) VALUES (?)", &st,
					&d);
		if (err == PLENUM_OK)
			err = plenum_db_bind_blob(st, 1, blob, sizeof(blob));
		if (err == PLENUM_OK)
			err = plenum_db_step(st, &row, &d);
		plenum_db_finalize(st);
		st = NULL;
		if (err == PLENUM_OK)
			err = plenum_db_commit(db, &d);
		else
			plenum_db_rollback(db);
		if (err != PLENUM_OK)
			break;
	}
	if (err != PLENUM_EFULL) {
		fprintf(stderr, "fill_disk: after %d: %s: %s\n", i,
			plenum_err_str(err), d.message);
		return err == PLENUM_OK ? 5 : 6;
	}
	/* the connection is still usable for reading */
	err = plenum_db_prepare(db, "SELECT count(*) FROM f", &st, &d);
	if (err == PLENUM_OK)
		err = plenum_db_step(st, &row, &d);
	plenum_db_finalize(st);
	plenum_db_close(db);
	return err == PLENUM_OK ? 0 : 7;
}

static void
test_full_disk(void **state)
{
	struct plenum_db *db = NULL;
	struct plenum_stmt *st = NULL;
	char p[PATH_MAX];
	int status, row, i;
	pid_t pid;

	(void)state;
	join_path(p, "full.sqlite");
	CHECK(plenum_db_open(p, PLENUM_DB_CREATE, &db, &dg));
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE f (id INTEGER PRIMARY KEY, "
			    "b BLOB NOT NULL)",
			    &dg));
	CHECK(plenum_db_prepare(db, "INSERT INTO f (id, b) VALUES (?, ?)", &st,
				&dg));
	for (i = 1; i <= 3; i++) {
		CHECK(plenum_db_bind_int(st, 1, i));
		CHECK(plenum_db_bind_blob(st, 2, "\0\xff\0", 3));
		CHECK(plenum_db_step(st, &row, &dg));
		CHECK(plenum_db_reset(st));
	}
	plenum_db_finalize(st);
	plenum_db_close(db);

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fill_disk(p));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* what was committed is intact, and there is room again */
	CHECK(plenum_db_open(p, 0, &db, &dg));
	CHECK(plenum_db_prepare(db, "PRAGMA integrity_check", &st, &dg));
	CHECK(plenum_db_step(st, &row, &dg));
	assert_string_equal(plenum_db_column_text(st, 0), "ok");
	plenum_db_finalize(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM f WHERE id <= 3 "
				       "AND b = x'00ff00'"),
			 3);
	assert_true(query_int(db, "SELECT count(*) FROM f") > 3);
	CHECK(run(db, "INSERT INTO f (b) VALUES (x'01')"));
	plenum_db_close(db);
}

static void
test_append_only(void **state)
{
	struct plenum_db *db = open_db(0);

	(void)state;
	CHECK(plenum_db_ddl(db,
			    "CREATE TABLE ev (seq INTEGER PRIMARY KEY, "
			    "body TEXT NOT NULL)",
			    &dg));
	if (pg)
		CHECK(plenum_db_ddl(
			db,
			"CREATE FUNCTION ev_refuse() RETURNS trigger "
			"LANGUAGE plpgsql AS $$\n"
			"BEGIN\n"
			"  -- class 23, so that it reads as PLENUM_ECONFLICT\n"
			"  RAISE EXCEPTION 'events are append-only' USING\n"
			"    ERRCODE = 'integrity_constraint_violation';\n"
			"END $$;\n"
			"CREATE TRIGGER ev_no_change BEFORE UPDATE OR DELETE "
			"ON ev FOR EACH ROW EXECUTE FUNCTION ev_refuse();\n"
			"CREATE TRIGGER ev_no_truncate BEFORE TRUNCATE ON ev "
			"FOR EACH STATEMENT EXECUTE FUNCTION ev_refuse();",
			&dg));
	else
		CHECK(plenum_db_ddl(
			db,
			"CREATE TRIGGER ev_no_update BEFORE UPDATE ON ev\n"
			"BEGIN SELECT RAISE(ABORT, 'events are append-only'); "
			"END;\n"
			"CREATE TRIGGER ev_no_delete BEFORE DELETE ON ev\n"
			"BEGIN SELECT RAISE(ABORT, 'events are append-only'); "
			"END;",
			&dg));
	CHECK(run(db, "INSERT INTO ev (seq, body) VALUES (1, 'opened')"));
	EXPECT(PLENUM_ECONFLICT, run(db, "UPDATE ev SET body = 'forged'"));
	assert_non_null(strstr(dg.message, "append-only"));
	EXPECT(PLENUM_ECONFLICT, run(db, "DELETE FROM ev WHERE seq = 1"));
	assert_non_null(strstr(dg.message, "append-only"));
	if (pg)
		EXPECT(PLENUM_ECONFLICT, run(db, "TRUNCATE ev"));
	CHECK(run(db, "INSERT INTO ev (seq, body) VALUES (2, 'closed')"));
	assert_int_equal(query_int(db, "SELECT count(*) FROM ev WHERE "
				       "body IN ('opened', 'closed')"),
			 2);
	plenum_db_close(db);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_ddl_types),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_returning),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_commit_reopen),
		cmocka_unit_test(test_writers_serialise),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_readonly),
		cmocka_unit_test(test_append_only),
		/* SQLite only, so last */
		cmocka_unit_test(test_full_disk),
	};
	size_t n = sizeof(tests) / sizeof(tests[0]);

	url = argc > 1 ? argv[1] : "/tmp/plenum-test-db";
	pg = strncmp(url, "postgresql://", 13) == 0 ||
	     strncmp(url, "postgres://", 11) == 0;
	if (pg) {
		/* meson counts cmocka's "not ok # SKIP" as a failure */
		print_message("# test_full_disk: SQLite only (a server's disk "
			      "cannot be filled from here)\n");
		n--;
	}
	return _cmocka_run_group_tests(pg ? "db-postgresql" : "db-sqlite",
				       tests, n, setup, teardown);
}
