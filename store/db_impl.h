/*
 * db_impl.h: the private side of db.h, shared by db.c (the dispatch and the
 * SQL text rewriting) and the two backends, db_sqlite.c and db_pg.c.
 *
 * Each backend fills one table of operations.  db.c does everything the two
 * have in common before it calls them:
 *  - it checks bind indexes against st->nparams, so backends need not;
 *  - it calls the column getters only when a row is ready and col is within
 *    the row, so backends need not check either;
 *  - it keeps the transaction state (in_tx, tx_failed), so that a
 *    transaction in which a statement failed behaves the same on both: no
 *    further statement runs and commit rolls it back (PostgreSQL refuses
 *    them itself; SQLite would carry on);
 *  - it rewrites SQL for PostgreSQL: the backend's prepare gets "$n"
 *    parameter markers and its exec gets BIGINT and BYTEA.
 * Not for use outside store/.
 */
#ifndef PLENUM_DB_IMPL_H
#define PLENUM_DB_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct sqlite3;
struct sqlite3_stmt;
struct pg_conn;
struct plenum_pg_stmt;

struct plenum_db_ops;

/* Statements a SQLite connection keeps prepared. */
#define PLENUM_DB_CACHE 64

struct plenum_db {
	const struct plenum_db_ops *ops;
	enum plenum_db_kind kind;
	unsigned flags;
	int in_tx;     /* begin() succeeded; no commit() or rollback() since */
	int tx_failed; /* a statement failed inside the open transaction */
	char *name;    /* for diagnostics: the SQLite path; owned */
	struct sqlite3 *sq;
	struct pg_conn *pg;
	int64_t changes; /* PostgreSQL: of the last INSERT/UPDATE/DELETE */
	/* SQLite: prepared statements kept for their next use, by SQL text
	 * (db.c, plenum_db_prepare) */
	struct plenum_db_cached {
		char *sql;
		struct plenum_stmt *st;
		int busy;
	} cache[PLENUM_DB_CACHE];
	int ncache;
};

enum plenum_stmt_state {
	PLENUM_STMT_FRESH = 0, /* prepared or reset: the next step runs it */
	PLENUM_STMT_ROW,       /* a row is ready */
	PLENUM_STMT_DONE       /* no more rows, or the run failed */
};

struct plenum_stmt {
	struct plenum_db *db;
	int cached; /* kept in db->cache: finalize resets it instead */
	enum plenum_stmt_state state;
	int nparams; /* set by the backend's prepare */
	struct sqlite3_stmt *sq;
	struct plenum_pg_stmt *pg;
};

/*
 * A backend.  open() fills db->sq or db->pg (db is zeroed, kind and flags
 * set); close() releases them.  exec() runs parameterless SQL, possibly
 * several statements.  begin() leaves no transaction open when it fails;
 * commit() leaves none open whatever it returns.  step() sets *row.
 * Errors carry the backend's message in diag.
 */
struct plenum_db_ops {
	enum plenum_err (*open)(struct plenum_db *db, const char *url,
				struct plenum_diag *diag);
	void (*close)(struct plenum_db *db);
	enum plenum_err (*exec)(struct plenum_db *db, const char *sql,
				struct plenum_diag *diag);
	enum plenum_err (*begin)(struct plenum_db *db,
				 struct plenum_diag *diag);
	enum plenum_err (*commit)(struct plenum_db *db,
				  struct plenum_diag *diag);
	void (*rollback)(struct plenum_db *db);
	enum plenum_err (*prepare)(struct plenum_stmt *st, const char *sql,
				   int nparams, struct plenum_diag *diag);
	enum plenum_err (*bind_int)(struct plenum_stmt *st, int idx,
				    int64_t value);
	enum plenum_err (*bind_text)(struct plenum_stmt *st, int idx,
				     const char *text);
	enum plenum_err (*bind_blob)(struct plenum_stmt *st, int idx,
				     const void *data, size_t len);
	enum plenum_err (*bind_null)(struct plenum_stmt *st, int idx);
	enum plenum_err (*step)(struct plenum_stmt *st, int *row,
				struct plenum_diag *diag);
	int (*column_count)(struct plenum_stmt *st);
	int (*column_is_null)(struct plenum_stmt *st, int col);
	int64_t (*column_int)(struct plenum_stmt *st, int col);
	const char *(*column_text)(struct plenum_stmt *st, int col);
	/* never NULL for an empty value; NULL only when out of memory */
	const void *(*column_blob)(struct plenum_stmt *st, int col,
				   size_t *len);
	void (*reset)(struct plenum_stmt *st);
	void (*finalize)(struct plenum_stmt *st);
	int64_t (*changes)(struct plenum_db *db);
};

extern const struct plenum_db_ops plenum_db_sqlite_ops;
extern const struct plenum_db_ops plenum_db_pg_ops;

/*
 * Numbers the "?" parameter markers of sql as $1, $2, ... for PostgreSQL,
 * leaving alone every '?' inside a quoted string ('...', E'...', "..."),
 * a dollar-quoted string, a "--" comment or a block comment.  *out is a
 * new string for free(), *nparams the count.  Returns PLENUM_OK,
 * PLENUM_ENOMEM or PLENUM_ELIMIT (a result over INT_MAX bytes, or more
 * than INT_MAX parameter markers).
 */
enum plenum_err plenum_db_number_params(const char *sql, char **out,
					int *nparams);

/*
 * Rewrites the words INTEGER and BLOB (any case, whole words, outside the
 * quoted strings and comments above) as BIGINT and BYTEA.  *out is a new
 * string for free().  Returns PLENUM_OK, PLENUM_ENOMEM or PLENUM_ELIMIT.
 */
enum plenum_err plenum_db_map_types(const char *sql, char **out);

#endif
