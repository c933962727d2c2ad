/*
 * db_sqlite.c: the SQLite backend of db.h.
 *
 * A connection is one sqlite3 handle opened without URI names, in WAL mode
 * with synchronous=FULL (a read-only connection leaves the journal mode as
 * the file has it), foreign keys on and a busy timeout, so that BEGIN
 * IMMEDIATE waits for another writer instead of failing at once.
 *
 * Invariants:
 * - Every failure is mapped from the connection's extended error code at
 *   the moment it happened, and the diagnostic names the file:
 *   "FILE": message.
 * - A write error whose errno says the disk, the quota or the file size
 *   limit is full maps to PLENUM_EFULL even when SQLite reports it as an
 *   I/O error (it only says SQLITE_FULL for ENOSPC from write()); so every
 *   call that can fail clears errno first and reads it at once after.
 * - A statement's bindings are copied (SQLITE_TRANSIENT).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "db_impl.h"

#define BUSY_TIMEOUT_MS 10000

static const char empty[1] = "";

static int
is_full_errno(int e)
{
#ifdef EDQUOT
	if (e == EDQUOT)
		return 1;
#endif
	return e == ENOSPC || e == EFBIG;
}

/*
 * Maps an extended result code.  sys is errno as the failing call left
 * it: SQLite reports a write that fails with EFBIG or EDQUOT (or ENOSPC
 * outside write()) as SQLITE_IOERR_*, and its sqlite3_system_errno() is
 * often 0 by then, while errno still holds the cause.
 */
static enum plenum_err
map_code(sqlite3 *sq, int code, int sys)
{
	switch (code & 0xff) {
	case SQLITE_READONLY:
		return PLENUM_EREADONLY;
	case SQLITE_FULL:
		return PLENUM_EFULL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return PLENUM_EBUSY;
	case SQLITE_CONSTRAINT:
		return PLENUM_ECONFLICT;
	case SQLITE_IOERR:
		if (is_full_errno(sys) ||
		    (sq != NULL && is_full_errno(sqlite3_system_errno(sq))))
			return PLENUM_EFULL;
		return PLENUM_EDB;
	default:
		return PLENUM_EDB;
	}
}

/* Fails with the connection's last error; sys is errno after the call. */
static enum plenum_err
fail(struct plenum_db *db, int sys, struct plenum_diag *diag)
{
	int code = sqlite3_extended_errcode(db->sq);
	enum plenum_err err = map_code(db->sq, code, sys);

	if (err == PLENUM_EFULL && (code & 0xff) == SQLITE_IOERR &&
	    is_full_errno(sys))
		return plenum_diag_set(diag, err, 0, 0, "\"%s\": %s (%s)",
				       db->name, sqlite3_errmsg(db->sq),
				       strerror(sys));
	return plenum_diag_set(diag, err, 0, 0, "\"%s\": %s", db->name,
			       sqlite3_errmsg(db->sq));
}

static enum plenum_err
bind_result(int rc)
{
	switch (rc) {
	case SQLITE_OK:
		return PLENUM_OK;
	case SQLITE_RANGE:
		return PLENUM_EINPUT;
	case SQLITE_TOOBIG:
		return PLENUM_ELIMIT;
	default:
		return PLENUM_ENOMEM;
	}
}

static enum plenum_err
sq_exec(struct plenum_db *db, const char *sql, struct plenum_diag *diag)
{
	errno = 0;
	if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, errno, diag);
	return PLENUM_OK;
}

static enum plenum_err
sq_open(struct plenum_db *db, const char *path, struct plenum_diag *diag)
{
	enum plenum_err err;
	struct stat sb;
	int flags, rc;

	if ((db->name = strdup(path)) == NULL)
		return plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				       "out of memory");
	if (db->flags & PLENUM_DB_READONLY)
		flags = SQLITE_OPEN_READONLY;
	else if (db->flags & PLENUM_DB_CREATE)
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	else
		flags = SQLITE_OPEN_READWRITE;
	if (!(flags & SQLITE_OPEN_CREATE) && stat(path, &sb) != 0 &&
	    errno == ENOENT)
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				       "no database at '%s'", path);
	rc = sqlite3_open_v2(path, &db->sq, flags, NULL);
	if (rc != SQLITE_OK) {
		if (db->sq == NULL) {
			err = plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
					      "out of memory");
			goto out;
		}
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "cannot open \"%s\": %s", path,
				      sqlite3_errmsg(db->sq));
		goto out;
	}
	sqlite3_extended_result_codes(db->sq, 1);
	if (sqlite3_busy_timeout(db->sq, BUSY_TIMEOUT_MS) != SQLITE_OK) {
		err = fail(db, 0, diag);
		goto out;
	}
	/* reads the header, so that a file that is no database fails here */
	if ((err = sq_exec(db, "PRAGMA schema_version", diag)) != PLENUM_OK)
		goto out;
	if (!(db->flags & PLENUM_DB_READONLY)) {
		err = sq_exec(db, "PRAGMA journal_mode = WAL", diag);
		if (err != PLENUM_OK)
			goto out;
	}
	err = sq_exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
		      diag);
out:
	if (err != PLENUM_OK) {
		sqlite3_close_v2(db->sq);
		db->sq = NULL;
	}
	return err;
}

static void
sq_close(struct plenum_db *db)
{
	sqlite3_close_v2(db->sq);
	db->sq = NULL;
}

static enum plenum_err
sq_begin(struct plenum_db *db, struct plenum_diag *diag)
{
	return sq_exec(db, "BEGIN IMMEDIATE", diag);
}

static void
sq_rollback(struct plenum_db *db)
{
	/* SQLite rolls back by itself after some errors (full, I/O) */
	if (!sqlite3_get_autocommit(db->sq))
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}

static enum plenum_err
sq_commit(struct plenum_db *db, struct plenum_diag *diag)
{
	enum plenum_err err;

	if ((err = sq_exec(db, "COMMIT", diag)) != PLENUM_OK)
		sq_rollback(db);
	return err;
}

/* Whether the rest of a statement's text is only blanks and ';'. */
static int
blank_tail(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n\f\v;")] == '\0';
}

static enum plenum_err
sq_prepare(struct plenum_stmt *st, const char *sql, int nparams,
	   struct plenum_diag *diag)
{
	struct plenum_db *db = st->db;
	const char *tail = NULL, *why;

	(void)nparams;
	errno = 0;
	if (sqlite3_prepare_v2(db->sq, sql, -1, &st->sq, &tail) != SQLITE_OK)
		return fail(db, errno, diag);
	if (st->sq == NULL || !blank_tail(tail)) {
		why = st->sq == NULL ? "no statement to prepare"
				     : "more than one statement";
		sqlite3_finalize(st->sq);
		st->sq = NULL;
		return plenum_diag_set(diag, PLENUM_EDB, 0, 0, "\"%s\": %s",
				       db->name, why);
	}
	st->nparams = sqlite3_bind_parameter_count(st->sq);
	return PLENUM_OK;
}

static enum plenum_err
sq_bind_int(struct plenum_stmt *st, int idx, int64_t value)
{
	return bind_result(sqlite3_bind_int64(st->sq, idx, value));
}

static enum plenum_err
sq_bind_text(struct plenum_stmt *st, int idx, const char *text)
{
	size_t len = strlen(text);

	if (len > INT_MAX)
		return PLENUM_ELIMIT;
	return bind_result(sqlite3_bind_text(st->sq, idx, text, (int)len,
					     SQLITE_TRANSIENT));
}

static enum plenum_err
sq_bind_blob(struct plenum_stmt *st, int idx, const void *data, size_t len)
{
	/* a NULL pointer would bind SQL NULL; db.c passes "" for empty */
	return bind_result(
		sqlite3_bind_blob64(st->sq, idx, data, len, SQLITE_TRANSIENT));
}

static enum plenum_err
sq_bind_null(struct plenum_stmt *st, int idx)
{
	return bind_result(sqlite3_bind_null(st->sq, idx));
}

static enum plenum_err
sq_step(struct plenum_stmt *st, int *row, struct plenum_diag *diag)
{
	errno = 0;
	switch (sqlite3_step(st->sq)) {
	case SQLITE_ROW:
		*row = 1;
		return PLENUM_OK;
	case SQLITE_DONE:
		*row = 0;
		return PLENUM_OK;
	default:
		*row = 0;
		return fail(st->db, errno, diag);
	}
}

static int
sq_column_count(struct plenum_stmt *st)
{
	return sqlite3_column_count(st->sq);
}

static int
sq_column_is_null(struct plenum_stmt *st, int col)
{
	return sqlite3_column_type(st->sq, col) == SQLITE_NULL;
}

static int64_t
sq_column_int(struct plenum_stmt *st, int col)
{
	return sqlite3_column_int64(st->sq, col);
}

static const char *
sq_column_text(struct plenum_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->sq, col);
}

static const void *
sq_column_blob(struct plenum_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->sq, col);
	int n = sqlite3_column_bytes(st->sq, col);

	if (p == NULL) {
		*len = 0;
		/* NULL with no bytes is an empty value, unless memory ran out
		 * converting one */
		if (n == 0 && sqlite3_errcode(st->db->sq) != SQLITE_NOMEM)
			return empty;
		return NULL;
	}
	*len = (size_t)n;
	return p;
}

static void
sq_reset(struct plenum_stmt *st)
{
	/* returns the last step's error again, already reported */
	sqlite3_reset(st->sq);
}

static void
sq_finalize(struct plenum_stmt *st)
{
	sqlite3_finalize(st->sq);
	st->sq = NULL;
}

static int64_t
sq_changes(struct plenum_db *db)
{
	return sqlite3_changes64(db->sq);
}

const struct plenum_db_ops plenum_db_sqlite_ops = {
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_is_null = sq_column_is_null,
	.column_int = sq_column_int,
	.column_text = sq_column_text,
	.column_blob = sq_column_blob,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.changes = sq_changes,
};
