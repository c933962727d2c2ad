/*
 * db_pg.c: the PostgreSQL backend of db.h, over libpq.
 *
 * A connection speaks UTF-8 (client_encoding), prints nothing (libpq's
 * default notice processor would write to stderr), waits at most
 * LOCK_TIMEOUT for a lock, as SQLite's busy timeout does, and with
 * PLENUM_DB_READONLY has default_transaction_read_only on.  A statement is
 * its SQL text with "$n" parameter markers (db.c numbered them) and its copied
 * parameters; the first step runs it with PQexecParams and keeps the whole
 * result, later steps walk its rows.  Parameters go as text, except blobs,
 * which go in binary as bytea; results come as text, and a bytea column is
 * decoded from its hex form when read as a blob.
 *
 * Invariants:
 * - p->res is NULL until the statement ran successfully; then p->row is
 *   the current row, 0 <= p->row <= PQntuples(p->res).
 * - p->decoded[c] is NULL or the decoded bytes of column c of the current
 *   row, freed (PQfreemem) on the next step, reset or finalize.
 * - params[i] describes parameter marker $(i + 1); value NULL binds SQL NULL,
 *   and an empty blob has a non-NULL value.
 * - Every PGresult is cleared on every path.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db_impl.h"

#define LOCK_TIMEOUT	   "10s"
#define WRITE_LOCK_KEY	   "7208110311"
#define BYTEAOID	   17
#define SQLSTATE_READONLY  "25006" /* read_only_sql_transaction */
#define SQLSTATE_DISK_FULL "53100"

static const char empty[1] = "";

struct pg_param {
	char *value; /* owned, except when it is num or empty */
	int len;
	int format; /* 0 text, 1 binary */
	Oid type;   /* 0: the server infers it */
	char num[24];
};

struct plenum_pg_stmt {
	char *sql;
	struct pg_param *params;
	PGresult *res;
	int row;
	int ncols;
	unsigned char **decoded;
	size_t *decoded_len;
};

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum plenum_err
map_sqlstate(const char *state)
{
	if (state == NULL)
		return PLENUM_EDB;
	if (strncmp(state, "23", 2) == 0)
		return PLENUM_ECONFLICT;
	if (strcmp(state, SQLSTATE_READONLY) == 0)
		return PLENUM_EREADONLY;
	if (strcmp(state, SQLSTATE_DISK_FULL) == 0)
		return PLENUM_EFULL;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return PLENUM_EBUSY;
	return PLENUM_EDB;
}

/* Sets diag to msg without its trailing new lines. */
static enum plenum_err
fail_msg(struct plenum_diag *diag, enum plenum_err err, const char *msg)
{
	size_t n = strlen(msg);

	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	if (n == 0)
		return plenum_diag_set(diag, err, 0, 0, "PostgreSQL failed");
	return plenum_diag_set(diag, err, 0, 0, "%.*s",
			       n > INT_MAX ? INT_MAX : (int)n, msg);
}

/*
 * Fails with res's error (NULL: the connection's) and clears res.  The
 * message is the server's primary text and its detail on one line; libpq's
 * full text (PQresultErrorMessage) spans lines, with a copy of the query
 * and a caret, so it is only the fallback.
 */
static enum plenum_err
fail_res(struct plenum_db *db, PGresult *res, struct plenum_diag *diag)
{
	const char *primary, *detail;
	enum plenum_err err;

	if (res == NULL)
		return fail_msg(diag, PLENUM_EDB, PQerrorMessage(db->pg));
	err = map_sqlstate(PQresultErrorField(res, PG_DIAG_SQLSTATE));
	primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	if (primary == NULL)
		err = fail_msg(diag, err, PQresultErrorMessage(res));
	else if (detail == NULL)
		err = plenum_diag_set(diag, err, 0, 0, "%s", primary);
	else
		err = plenum_diag_set(diag, err, 0, 0, "%s (%s)", primary,
				      detail);
	PQclear(res);
	return err;
}

/* Runs sql, which returns no rows or rows to ignore. */
static enum plenum_err
pg_exec(struct plenum_db *db, const char *sql, struct plenum_diag *diag)
{
	PGresult *res = PQexec(db->pg, sql);
	ExecStatusType s =
		res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
	    s != PGRES_EMPTY_QUERY)
		return fail_res(db, res, diag);
	PQclear(res);
	return PLENUM_OK;
}

static enum plenum_err
pg_open(struct plenum_db *db, const char *url, struct plenum_diag *diag)
{
	enum plenum_err err;

	if ((db->pg = PQconnectdb(url)) == NULL)
		return plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				       "out of memory");
	if (PQstatus(db->pg) != CONNECTION_OK) {
		err = fail_msg(diag, PLENUM_EIO, PQerrorMessage(db->pg));
		goto out;
	}
	PQsetNoticeProcessor(db->pg, quiet, NULL);
	if (PQsetClientEncoding(db->pg, "UTF8") != 0) {
		err = fail_msg(diag, PLENUM_EDB, PQerrorMessage(db->pg));
		goto out;
	}
	err = pg_exec(db, "SET lock_timeout = '" LOCK_TIMEOUT "'", diag);
	if (err == PLENUM_OK && (db->flags & PLENUM_DB_READONLY))
		err = pg_exec(db, "SET default_transaction_read_only = on",
			      diag);
out:
	if (err != PLENUM_OK) {
		PQfinish(db->pg);
		db->pg = NULL;
	}
	return err;
}

static void
pg_close(struct plenum_db *db)
{
	PQfinish(db->pg);
	db->pg = NULL;
}

static void
pg_rollback(struct plenum_db *db)
{
	PQclear(PQexec(db->pg, "ROLLBACK"));
}

static enum plenum_err
pg_begin(struct plenum_db *db, struct plenum_diag *diag)
{
	enum plenum_err err;

	err = pg_exec(db,
		      "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")",
		      diag);
	if (err != PLENUM_OK)
		pg_rollback(db);
	return err;
}

static enum plenum_err
pg_commit(struct plenum_db *db, struct plenum_diag *diag)
{
	PGresult *res = PQexec(db->pg, "COMMIT");
	enum plenum_err err = PLENUM_OK;

	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail_res(db, res, diag);
	/* COMMIT of a failed transaction succeeds, saying ROLLBACK */
	if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		err = plenum_diag_set(diag, PLENUM_EDB, 0, 0,
				      "the transaction was rolled back");
	PQclear(res);
	return err;
}

static enum plenum_err
pg_prepare(struct plenum_stmt *st, const char *sql, int nparams,
	   struct plenum_diag *diag)
{
	struct plenum_pg_stmt *p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		goto nomem;
	if ((p->sql = strdup(sql)) == NULL)
		goto nomem;
	if (nparams > 0 &&
	    (p->params = calloc((size_t)nparams, sizeof(*p->params))) == NULL)
		goto nomem;
	st->pg = p;
	st->nparams = nparams;
	return PLENUM_OK;
nomem:
	if (p != NULL) {
		free(p->sql);
		free(p);
	}
	return plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0, "out of memory");
}

static void
param_clear(struct pg_param *pa)
{
	if (pa->value != pa->num && pa->value != empty)
		free(pa->value);
	memset(pa, 0, sizeof(*pa));
}

static enum plenum_err
pg_bind_int(struct plenum_stmt *st, int idx, int64_t value)
{
	struct pg_param *pa = &st->pg->params[idx - 1];

	param_clear(pa);
	snprintf(pa->num, sizeof(pa->num), "%lld", (long long)value);
	pa->value = pa->num;
	return PLENUM_OK;
}

static enum plenum_err
pg_bind_text(struct plenum_stmt *st, int idx, const char *text)
{
	struct pg_param *pa = &st->pg->params[idx - 1];
	char *copy;

	if ((copy = strdup(text)) == NULL)
		return PLENUM_ENOMEM;
	param_clear(pa);
	pa->value = copy;
	return PLENUM_OK;
}

static enum plenum_err
pg_bind_blob(struct plenum_stmt *st, int idx, const void *data, size_t len)
{
	struct pg_param *pa = &st->pg->params[idx - 1];
	char *copy = (char *)empty;

	if (len > INT_MAX)
		return PLENUM_ELIMIT;
	if (len > 0) {
		if ((copy = malloc(len)) == NULL)
			return PLENUM_ENOMEM;
		memcpy(copy, data, len);
	}
	param_clear(pa);
	pa->value = copy;
	pa->len = (int)len;
	pa->format = 1;
	pa->type = BYTEAOID;
	return PLENUM_OK;
}

static enum plenum_err
pg_bind_null(struct plenum_stmt *st, int idx)
{
	param_clear(&st->pg->params[idx - 1]);
	return PLENUM_OK;
}

/* Frees the decoded blobs of the current row. */
static void
drop_decoded(struct plenum_pg_stmt *p)
{
	int c;

	for (c = 0; c < p->ncols && p->decoded != NULL; c++) {
		if (p->decoded[c] != NULL)
			PQfreemem(p->decoded[c]);
		p->decoded[c] = NULL;
	}
}

static void
drop_result(struct plenum_pg_stmt *p)
{
	drop_decoded(p);
	free(p->decoded);
	free(p->decoded_len);
	p->decoded = NULL;
	p->decoded_len = NULL;
	PQclear(p->res);
	p->res = NULL;
	p->row = 0;
	p->ncols = 0;
}

static int
counts_changes(const char *status)
{
	return strncmp(status, "INSERT ", 7) == 0 ||
	       strncmp(status, "UPDATE ", 7) == 0 ||
	       strncmp(status, "DELETE ", 7) == 0 ||
	       strncmp(status, "MERGE ", 6) == 0;
}

/* Runs the statement; keeps its result in p->res. */
static enum plenum_err
run(struct plenum_stmt *st, struct plenum_diag *diag)
{
	struct plenum_pg_stmt *p = st->pg;
	struct plenum_db *db = st->db;
	const char **values = NULL;
	int *lengths = NULL, *formats = NULL, n = st->nparams, i;
	Oid *types = NULL;
	enum plenum_err err = PLENUM_OK;
	ExecStatusType s;
	PGresult *res;

	if (n > 0) {
		values = calloc((size_t)n, sizeof(*values));
		lengths = calloc((size_t)n, sizeof(*lengths));
		formats = calloc((size_t)n, sizeof(*formats));
		types = calloc((size_t)n, sizeof(*types));
		if (!values || !lengths || !formats || !types) {
			err = plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
					      "out of memory");
			goto out;
		}
		for (i = 0; i < n; i++) {
			values[i] = p->params[i].value;
			lengths[i] = p->params[i].len;
			formats[i] = p->params[i].format;
			types[i] = p->params[i].type;
		}
	}
	res = PQexecParams(db->pg, p->sql, n, types, values, lengths, formats,
			   0);
	s = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK &&
	    s != PGRES_EMPTY_QUERY) {
		err = fail_res(db, res, diag);
		goto out;
	}
	if (counts_changes(PQcmdStatus(res)))
		db->changes = strtoll(PQcmdTuples(res), NULL, 10);
	p->res = res;
	p->row = 0;
	p->ncols = PQnfields(res);
	if (p->ncols > 0) {
		p->decoded = calloc((size_t)p->ncols, sizeof(*p->decoded));
		p->decoded_len =
			calloc((size_t)p->ncols, sizeof(*p->decoded_len));
		if (p->decoded == NULL || p->decoded_len == NULL) {
			drop_result(p);
			err = plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
					      "out of memory");
		}
	}
out:
	free(values);
	free(lengths);
	free(formats);
	free(types);
	return err;
}

static enum plenum_err
pg_step(struct plenum_stmt *st, int *row, struct plenum_diag *diag)
{
	struct plenum_pg_stmt *p = st->pg;
	enum plenum_err err;

	if (p->res == NULL) {
		if ((err = run(st, diag)) != PLENUM_OK)
			return err;
	} else {
		drop_decoded(p);
		if (p->row < PQntuples(p->res))
			p->row++;
	}
	*row = p->row < PQntuples(p->res);
	return PLENUM_OK;
}

static int
pg_column_count(struct plenum_stmt *st)
{
	return st->pg->ncols;
}

static int
pg_column_is_null(struct plenum_stmt *st, int col)
{
	return PQgetisnull(st->pg->res, st->pg->row, col);
}

static int64_t
pg_column_int(struct plenum_stmt *st, int col)
{
	struct plenum_pg_stmt *p = st->pg;
	const char *v;

	if (PQgetisnull(p->res, p->row, col))
		return 0;
	v = PQgetvalue(p->res, p->row, col);
	/* booleans, which SQLite has as integers */
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *
pg_column_text(struct plenum_stmt *st, int col)
{
	struct plenum_pg_stmt *p = st->pg;

	if (PQgetisnull(p->res, p->row, col))
		return NULL;
	return PQgetvalue(p->res, p->row, col);
}

static const void *
pg_column_blob(struct plenum_stmt *st, int col, size_t *len)
{
	struct plenum_pg_stmt *p = st->pg;
	const char *v;

	*len = 0;
	if (PQgetisnull(p->res, p->row, col))
		return empty;
	v = PQgetvalue(p->res, p->row, col);
	if (PQftype(p->res, col) != BYTEAOID) {
		*len = (size_t)PQgetlength(p->res, p->row, col);
		return v;
	}
	if (p->decoded[col] == NULL) {
		p->decoded[col] = PQunescapeBytea((const unsigned char *)v,
						  &p->decoded_len[col]);
		if (p->decoded[col] == NULL)
			return NULL;
	}
	*len = p->decoded_len[col];
	return *len > 0 ? (const void *)p->decoded[col] : empty;
}

static void
pg_reset(struct plenum_stmt *st)
{
	drop_result(st->pg);
}

static void
pg_finalize(struct plenum_stmt *st)
{
	struct plenum_pg_stmt *p = st->pg;
	int i;

	if (p == NULL)
		return;
	drop_result(p);
	for (i = 0; i < st->nparams; i++)
		param_clear(&p->params[i]);
	free(p->params);
	free(p->sql);
	free(p);
	st->pg = NULL;
}

static int64_t
pg_changes(struct plenum_db *db)
{
	return db->changes;
}

const struct plenum_db_ops plenum_db_pg_ops = {
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_is_null = pg_column_is_null,
	.column_int = pg_column_int,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.changes = pg_changes,
};
