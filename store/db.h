/*
 * db.h: one SQL interface over SQLite (the embedded default) and
 * PostgreSQL 15 (multi-instance deployments).
 *
 * The assembly store writes its SQL once, with "?" parameter markers, and runs
 * it on either backend; the PostgreSQL backend numbers the parameter markers
 * ($1, $2, ...) itself.  Three rules keep the two identical:
 *  - schema text uses the types INTEGER (64-bit), TEXT and BLOB, which the
 *    PostgreSQL backend maps to BIGINT, TEXT and BYTEA in plenum_db_ddl();
 *  - writers serialise: plenum_db_begin() takes the write lock at once
 *    (SQLite BEGIN IMMEDIATE with a busy timeout; PostgreSQL a transaction
 *    holding pg_advisory_xact_lock on a fixed key), so reading the last
 *    sequence number and appending after it cannot race;
 *  - errors map to the same codes: PLENUM_EREADONLY, PLENUM_EFULL,
 *    PLENUM_EBUSY, PLENUM_ECONFLICT (constraints), PLENUM_EDB otherwise,
 *    with the backend's message in the diagnostic.  A trigger that refuses
 *    a change is a constraint: SQLite's RAISE(ABORT, ...) is one by
 *    itself; a PostgreSQL trigger function must raise with an SQLSTATE of
 *    class 23 (USING ERRCODE = 'integrity_constraint_violation'), as a
 *    plain RAISE EXCEPTION (P0001) reads as PLENUM_EDB.
 * Where the two differ, the SQL must not lean on either: SQLite's INTEGER
 * PRIMARY KEY numbers rows itself, PostgreSQL's BIGINT PRIMARY KEY does
 * not; SQLite stores 'abc' in an INTEGER column, PostgreSQL refuses it; a
 * parameter's type on PostgreSQL comes from where it stands (blobs are
 * always bytea), so write CAST(? AS BIGINT) where nothing says; DML casts
 * should name BIGINT, which SQLite reads as INTEGER; and '?' cannot be the
 * PostgreSQL jsonb operator.
 * Durability: SQLite runs in WAL mode with synchronous=FULL, so a commit
 * that returned has reached the disk; PostgreSQL commits synchronously.
 *
 * Not thread-safe: one connection per thread.  Names: plenum_db_*.
 */
#ifndef PLENUM_DB_H
#define PLENUM_DB_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum plenum_db_kind { PLENUM_DB_SQLITE = 0, PLENUM_DB_POSTGRES };

/* Flags for plenum_db_open(). */
#define PLENUM_DB_CREATE   0x1u /* SQLite: create the file if absent */
#define PLENUM_DB_READONLY 0x2u /* open for reading only */

struct plenum_db;
struct plenum_stmt;

/*
 * Opens url: "postgresql://..." or "postgres://..." (a libpq connection
 * URI) with PostgreSQL, anything else as the path of a SQLite file (never
 * as a "file:" URI).  A PostgreSQL connection speaks UTF-8, prints no
 * notices and with PLENUM_DB_READONLY sets default_transaction_read_only.
 * On
 * success *out is a new connection for plenum_db_close().  Returns
 * PLENUM_OK, PLENUM_EIO (cannot open or connect, or a SQLite file is
 * missing without PLENUM_DB_CREATE; the diagnostic says why), PLENUM_EDB or
 * PLENUM_ENOMEM.  *out is NULL on failure.  diag may be NULL.
 */
enum plenum_err plenum_db_open(const char *url, unsigned flags,
			       struct plenum_db **out,
			       struct plenum_diag *diag);

/* Closes a connection, rolling back an open transaction.  NULL ok. */
void plenum_db_close(struct plenum_db *db);

enum plenum_db_kind plenum_db_kind(const struct plenum_db *db);

/*
 * Runs schema text (one or more statements separated by ";", no
 * parameters, no rows), after mapping INTEGER/BLOB for PostgreSQL as the
 * header comment says.  Returns PLENUM_OK or an error as above.
 */
enum plenum_err plenum_db_ddl(struct plenum_db *db, const char *sql,
			      struct plenum_diag *diag);

/*
 * Begins a write transaction holding the write lock (see above), waiting
 * up to 10 s for another writer (SQLite's busy timeout, PostgreSQL's
 * lock_timeout), then PLENUM_EBUSY.  PLENUM_EREADONLY on a read-only
 * connection, PLENUM_EDB when a transaction is already open.  PostgreSQL
 * runs it at the default READ COMMITTED level, so that statements after
 * begin() see what the previous writer committed.
 *
 * Once a statement fails inside the transaction, nothing more runs in it
 * (PLENUM_EDB) until plenum_db_rollback(), and plenum_db_commit() rolls it
 * back and returns PLENUM_EDB: PostgreSQL has it so, and SQLite is made to.
 */
enum plenum_err plenum_db_begin(struct plenum_db *db, struct plenum_diag *diag);

/*
 * Begins a read-only transaction: every read until plenum_db_rollback()
 * sees one snapshot, whatever other connections commit meanwhile (SQLite:
 * a deferred BEGIN, which WAL keeps on one snapshot; PostgreSQL: REPEATABLE
 * READ READ ONLY).  Allowed on read-only connections; takes no lock.
 */
enum plenum_err plenum_db_begin_read(struct plenum_db *db,
				     struct plenum_diag *diag);

/* Commits; on failure the transaction is rolled back.  PLENUM_EDB when
 * none is open. */
enum plenum_err plenum_db_commit(struct plenum_db *db,
				 struct plenum_diag *diag);

/* Rolls back the open transaction, if any.  Never fails. */
void plenum_db_rollback(struct plenum_db *db);

/*
 * Prepares one statement with "?" parameter markers (bare: no ?NNN, :name or
 * $n).  A '?' inside a quoted string, a quoted name or a comment is no
 * parameter marker.  On success *out is a new statement for
 * plenum_db_finalize().  The statement belongs to db and must be finalized
 * before db is closed.  SQLite checks the SQL here; PostgreSQL only at the
 * first step, so errors in it (and more than one statement) show there.
 */
enum plenum_err plenum_db_prepare(struct plenum_db *db, const char *sql,
				  struct plenum_stmt **out,
				  struct plenum_diag *diag);

/*
 * Binds parameter idx (1-based).  Text must be UTF-8 (NULL binds SQL
 * NULL); text and blobs are copied; a blob of length 0 (data may be NULL)
 * is an empty blob, not SQL NULL.  Binding a statement that has run
 * resets it first, keeping its other bindings.  Returns PLENUM_OK,
 * PLENUM_EINPUT for an index out of range, PLENUM_ELIMIT for a value the
 * backend cannot take (over 2 GiB; SQLite's limit is 1 GB) or
 * PLENUM_ENOMEM.
 */
enum plenum_err plenum_db_bind_int(struct plenum_stmt *st, int idx,
				   int64_t value);
enum plenum_err plenum_db_bind_text(struct plenum_stmt *st, int idx,
				    const char *text);
enum plenum_err plenum_db_bind_blob(struct plenum_stmt *st, int idx,
				    const void *data, size_t len);
enum plenum_err plenum_db_bind_null(struct plenum_stmt *st, int idx);

/*
 * Runs the statement (first call) or moves to its next row.  *row is 1
 * when a row is ready, 0 when there are no more; once it was 0, or after
 * an error, further steps give 0 without running the statement again
 * until plenum_db_reset().  Returns PLENUM_OK or an error as above.
 * PostgreSQL fetches all rows of a query at the first step.
 */
enum plenum_err plenum_db_step(struct plenum_stmt *st, int *row,
			       struct plenum_diag *diag);

/*
 * Column getters for the current row (col is 0-based).  Text and blobs
 * are borrowed until the next step, reset or finalize; NULL reads as 0,
 * NULL text and an empty blob, and so does a column out of range or no
 * current row.  The column count is 0 before the first step on
 * PostgreSQL.  A PostgreSQL boolean reads as 1 or 0 from
 * plenum_db_column_int(), as SQLite has it; read bytea columns as blobs,
 * since their text is the hex form.  plenum_db_column_blob() returns NULL
 * only when memory runs out.
 */
int plenum_db_column_count(struct plenum_stmt *st);
int plenum_db_column_is_null(struct plenum_stmt *st, int col);
int64_t plenum_db_column_int(struct plenum_stmt *st, int col);
const char *plenum_db_column_text(struct plenum_stmt *st, int col);
const void *plenum_db_column_blob(struct plenum_stmt *st, int col, size_t *len);

/* Makes the statement ready to run again, keeping its bindings. */
enum plenum_err plenum_db_reset(struct plenum_stmt *st);

/* Frees a statement.  NULL is a no-op. */
void plenum_db_finalize(struct plenum_stmt *st);

/* Rows changed by the last INSERT, UPDATE or DELETE statement stepped. */
int64_t plenum_db_changes(struct plenum_db *db);

/*
 * Live notice of commits.  PostgreSQL: plenum_db_listen() runs LISTEN
 * channel on db (a connection of its own, outside transactions), and
 * plenum_db_wait() waits up to timeout_ms for a NOTIFY on it, setting *got
 * when one or more came.  SQLite has no such thing: listen does nothing
 * and wait sleeps timeout_ms with *got 0, so callers poll.
 */
enum plenum_err plenum_db_listen(struct plenum_db *db, const char *channel,
				 struct plenum_diag *diag);
enum plenum_err plenum_db_wait(struct plenum_db *db, int timeout_ms, int *got,
			       struct plenum_diag *diag);

#endif
