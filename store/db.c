/*
 * db.c: the backend-independent half of db.h: choosing the backend from
 * the URL, the checks and transaction bookkeeping both share, and the SQL
 * text rewriting PostgreSQL needs ("?" to "$n", INTEGER and BLOB to BIGINT
 * and BYTEA).
 *
 * Invariants:
 * - db->ops is the backend's table for the connection's whole life.
 * - A backend getter is called only when st->state is PLENUM_STMT_ROW and
 *   0 <= col < the column count, and a bind only with 1 <= idx <= nparams
 *   and st->state == PLENUM_STMT_FRESH.
 * - db->tx_failed implies db->in_tx; while it is set, step() and ddl()
 *   refuse and commit() rolls back.
 * - The rewriting scanner never looks inside a literal or a comment: every
 *   byte from where one starts to where it ends is copied verbatim.
 */
#include "db.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_impl.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#define SQL_CAP ((size_t)INT_MAX) /* longest rewritten SQL text */

static const char empty[1] = "";

static int
is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

static int
is_ident_start(char c)
{
	return is_ident(c) && c != '$' && !(c >= '0' && c <= '9');
}

/* The end of a quoted run that opens at s[i] with q and doubles q to hold
 * it; backslash escapes a byte when esc is set (E'...'). */
static size_t
skip_quoted(const char *s, size_t i, char q, int esc)
{
	for (i++; s[i] != '\0'; i++) {
		if (esc && s[i] == '\\' && s[i + 1] != '\0') {
			i++;
		} else if (s[i] == q) {
			if (s[i + 1] != q)
				return i + 1;
			i++;
		}
	}
	return i;
}

/* PostgreSQL nests block comments; SQLite does not, but then a nested
 * comment is a syntax error there anyway. */
static size_t
skip_block_comment(const char *s, size_t i)
{
	unsigned long depth = 0;

	while (s[i] != '\0') {
		if (s[i] == '/' && s[i + 1] == '*') {
			depth++;
			i += 2;
		} else if (s[i] == '*' && s[i + 1] == '/') {
			i += 2;
			if (--depth == 0)
				return i;
		} else {
			i++;
		}
	}
	return i;
}

/* A dollar quote ($$...$$ or $tag$...$tag$) opening at s[i], or i. */
static size_t
skip_dollar(const char *s, size_t i)
{
	size_t j = i + 1, taglen;
	const char *end;

	if (s[j] != '$') {
		if (!is_ident_start(s[j]))
			return i;
		while (is_ident(s[j]) && s[j] != '$')
			j++;
		if (s[j] != '$')
			return i;
	}
	taglen = j + 1 - i;
	for (end = s + j + 1; (end = strchr(end, '$')) != NULL; end++) {
		if (strncmp(end, s + i, taglen) == 0)
			return (size_t)(end - s) + taglen;
	}
	return strlen(s);
}

/*
 * If a literal or a comment starts at s[i], returns the index just past
 * its end (the end of s when it is unterminated); otherwise returns i.
 */
static size_t
skip_literal(const char *s, size_t i)
{
	int after_ident = i > 0 && is_ident(s[i - 1]);

	switch (s[i]) {
	case '\'':
		return skip_quoted(s, i, '\'', 0);
	case '"':
		return skip_quoted(s, i, '"', 0);
	case 'E':
	case 'e':
		if (s[i + 1] == '\'' && !after_ident)
			return skip_quoted(s, i + 1, '\'', 1);
		return i;
	case '-':
		if (s[i + 1] == '-')
			return i + 2 + strcspn(s + i + 2, "\n");
		return i;
	case '/':
		if (s[i + 1] == '*')
			return skip_block_comment(s, i);
		return i;
	case '$':
		return after_ident ? i : skip_dollar(s, i);
	default:
		return i;
	}
}

enum plenum_err
plenum_db_number_params(const char *sql, char **out, int *nparams)
{
	struct plenum_buf b;
	enum plenum_err err = PLENUM_OK;
	size_t i = 0, j;
	int n = 0;

	*out = NULL;
	*nparams = 0;
	plenum_buf_init(&b, SQL_CAP);
	while (sql[i] != '\0') {
		if ((j = skip_literal(sql, i)) != i) {
			err = plenum_buf_add(&b, sql + i, j - i);
			i = j;
		} else if (sql[i] == '?') {
			if (n == INT_MAX) {
				err = PLENUM_ELIMIT;
				goto out;
			}
			err = plenum_buf_addf(&b, "$%d", ++n);
			i++;
		} else if (is_ident(sql[i])) {
			/* whole words, so that E in ONE'x' opens nothing */
			for (j = i + 1; is_ident(sql[j]); j++)
				;
			err = plenum_buf_add(&b, sql + i, j - i);
			i = j;
		} else {
			err = plenum_buf_addc(&b, sql[i++]);
		}
		if (err != PLENUM_OK)
			goto out;
	}
	if ((*out = plenum_buf_detach(&b)) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	*nparams = n;
out:
	plenum_buf_release(&b);
	return err;
}

static int
word_is(const char *s, size_t len, const char *word)
{
	size_t i;

	if (strlen(word) != len)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != word[i])
			return 0;
	}
	return 1;
}

enum plenum_err
plenum_db_map_types(const char *sql, char **out)
{
	struct plenum_buf b;
	enum plenum_err err = PLENUM_OK;
	size_t i = 0, j;

	*out = NULL;
	plenum_buf_init(&b, SQL_CAP);
	while (sql[i] != '\0') {
		if ((j = skip_literal(sql, i)) != i) {
			err = plenum_buf_add(&b, sql + i, j - i);
			i = j;
		} else if (is_ident(sql[i])) {
			for (j = i + 1; is_ident(sql[j]); j++)
				;
			if (word_is(sql + i, j - i, "INTEGER"))
				err = plenum_buf_adds(&b, "BIGINT");
			else if (word_is(sql + i, j - i, "BLOB"))
				err = plenum_buf_adds(&b, "BYTEA");
			else
				err = plenum_buf_add(&b, sql + i, j - i);
			i = j;
		} else {
			err = plenum_buf_addc(&b, sql[i++]);
		}
		if (err != PLENUM_OK)
			goto out;
	}
	if ((*out = plenum_buf_detach(&b)) == NULL)
		err = PLENUM_ENOMEM;
out:
	plenum_buf_release(&b);
	return err;
}

static int
is_pg_url(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 ||
	       strncmp(url, "postgres://", 11) == 0;
}

enum plenum_err
plenum_db_open(const char *url, unsigned flags, struct plenum_db **out,
	       struct plenum_diag *diag)
{
	struct plenum_db *db;
	enum plenum_err err;

	*out = NULL;
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				       "out of memory");
	db->flags = flags;
	if (is_pg_url(url)) {
		db->kind = PLENUM_DB_POSTGRES;
		db->ops = &plenum_db_pg_ops;
	} else {
		db->kind = PLENUM_DB_SQLITE;
		db->ops = &plenum_db_sqlite_ops;
	}
	if ((err = db->ops->open(db, url, diag)) != PLENUM_OK) {
		free(db->name);
		free(db);
		return err;
	}
	*out = db;
	return PLENUM_OK;
}

void
plenum_db_close(struct plenum_db *db)
{
	int i;

	if (db == NULL)
		return;
	if (db->in_tx)
		db->ops->rollback(db);
	for (i = 0; i < db->ncache; i++) {
		db->ops->finalize(db->cache[i].st);
		free(db->cache[i].st);
		free(db->cache[i].sql);
	}
	db->ops->close(db);
	free(db->name);
	free(db);
}

enum plenum_db_kind
plenum_db_kind(const struct plenum_db *db)
{
	return db->kind;
}

static enum plenum_err
refuse_failed_tx(struct plenum_diag *diag)
{
	return plenum_diag_set(diag, PLENUM_EDB, 0, 0,
			       "a statement failed in this transaction; "
			       "it must be rolled back");
}

/* Notes a failure inside an open transaction; returns err. */
static enum plenum_err
tx_note(struct plenum_db *db, enum plenum_err err)
{
	if (err != PLENUM_OK && db->in_tx)
		db->tx_failed = 1;
	return err;
}

enum plenum_err
plenum_db_ddl(struct plenum_db *db, const char *sql, struct plenum_diag *diag)
{
	enum plenum_err err;
	char *mapped;

	if (db->tx_failed)
		return refuse_failed_tx(diag);
	if (db->kind == PLENUM_DB_SQLITE)
		return tx_note(db, db->ops->exec(db, sql, diag));
	if ((err = plenum_db_map_types(sql, &mapped)) != PLENUM_OK)
		return plenum_diag_set(diag, err, 0, 0,
				       "cannot map the column types");
	err = db->ops->exec(db, mapped, diag);
	free(mapped);
	return tx_note(db, err);
}

enum plenum_err
plenum_db_begin(struct plenum_db *db, struct plenum_diag *diag)
{
	enum plenum_err err;

	if (db->in_tx)
		return plenum_diag_set(diag, PLENUM_EDB, 0, 0,
				       "a transaction is already open");
	if (db->flags & PLENUM_DB_READONLY)
		return plenum_diag_set(diag, PLENUM_EREADONLY, 0, 0,
				       "the database was opened read-only");
	if ((err = db->ops->begin(db, diag)) != PLENUM_OK)
		return err;
	db->in_tx = 1;
	db->tx_failed = 0;
	return PLENUM_OK;
}

enum plenum_err
plenum_db_begin_read(struct plenum_db *db, struct plenum_diag *diag)
{
	enum plenum_err err;

	if (db->in_tx)
		return plenum_diag_set(diag, PLENUM_EDB, 0, 0,
				       "a transaction is already open");
	err = db->ops->exec(db,
			    db->kind == PLENUM_DB_SQLITE
				    ? "BEGIN"
				    : "BEGIN ISOLATION LEVEL REPEATABLE READ "
				      "READ ONLY",
			    diag);
	if (err != PLENUM_OK)
		return err;
	db->in_tx = 1;
	db->tx_failed = 0;
	return PLENUM_OK;
}

enum plenum_err
plenum_db_commit(struct plenum_db *db, struct plenum_diag *diag)
{
	if (!db->in_tx)
		return plenum_diag_set(diag, PLENUM_EDB, 0, 0,
				       "no transaction is open");
	if (db->tx_failed) {
		plenum_db_rollback(db);
		return plenum_diag_set(
			diag, PLENUM_EDB, 0, 0,
			"a statement failed in this transaction; "
			"it was rolled back");
	}
	db->in_tx = 0;
	return db->ops->commit(db, diag);
}

void
plenum_db_rollback(struct plenum_db *db)
{
	if (!db->in_tx)
		return;
	db->ops->rollback(db);
	db->in_tx = 0;
	db->tx_failed = 0;
}

enum plenum_err
plenum_db_prepare(struct plenum_db *db, const char *sql,
		  struct plenum_stmt **out, struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	char *numbered = NULL;
	int n = 0;

	*out = NULL;
	/* SQLite: a statement prepared before and not in use is reused;
	 * preparing costs more than running most of ours */
	if (db->kind == PLENUM_DB_SQLITE) {
		int i;

		for (i = 0; i < db->ncache; i++)
			if (!db->cache[i].busy &&
			    strcmp(db->cache[i].sql, sql) == 0) {
				db->cache[i].busy = 1;
				sqlite3_clear_bindings(db->cache[i].st->sq);
				*out = db->cache[i].st;
				return PLENUM_OK;
			}
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		err = plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				      "out of memory");
		goto out;
	}
	st->db = db;
	if (db->kind == PLENUM_DB_POSTGRES) {
		err = plenum_db_number_params(sql, &numbered, &n);
		if (err != PLENUM_OK) {
			err = plenum_diag_set(
				diag, err, 0, 0,
				"cannot number the parameter markers");
			goto out;
		}
		sql = numbered;
	}
	if ((err = db->ops->prepare(st, sql, n, diag)) != PLENUM_OK)
		goto out;
	if (db->kind == PLENUM_DB_SQLITE && db->ncache < PLENUM_DB_CACHE &&
	    (db->cache[db->ncache].sql = strdup(sql)) != NULL) {
		db->cache[db->ncache].st = st;
		db->cache[db->ncache].busy = 1;
		db->ncache++;
		st->cached = 1;
	}
	*out = st;
	st = NULL;
out:
	free(numbered);
	free(st);
	return err;
}

/* Checks idx and makes st ready for a bind. */
static enum plenum_err
bindable(struct plenum_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams)
		return PLENUM_EINPUT;
	if (st->state != PLENUM_STMT_FRESH)
		plenum_db_reset(st);
	return PLENUM_OK;
}

enum plenum_err
plenum_db_bind_int(struct plenum_stmt *st, int idx, int64_t value)
{
	enum plenum_err err;

	if ((err = bindable(st, idx)) != PLENUM_OK)
		return err;
	return st->db->ops->bind_int(st, idx, value);
}

enum plenum_err
plenum_db_bind_text(struct plenum_stmt *st, int idx, const char *text)
{
	enum plenum_err err;

	if ((err = bindable(st, idx)) != PLENUM_OK)
		return err;
	if (text == NULL)
		return st->db->ops->bind_null(st, idx);
	return st->db->ops->bind_text(st, idx, text);
}

enum plenum_err
plenum_db_bind_blob(struct plenum_stmt *st, int idx, const void *data,
		    size_t len)
{
	enum plenum_err err;

	if ((err = bindable(st, idx)) != PLENUM_OK)
		return err;
	return st->db->ops->bind_blob(st, idx, len > 0 ? data : empty, len);
}

enum plenum_err
plenum_db_bind_null(struct plenum_stmt *st, int idx)
{
	enum plenum_err err;

	if ((err = bindable(st, idx)) != PLENUM_OK)
		return err;
	return st->db->ops->bind_null(st, idx);
}

enum plenum_err
plenum_db_step(struct plenum_stmt *st, int *row, struct plenum_diag *diag)
{
	struct plenum_db *db = st->db;
	enum plenum_err err;

	*row = 0;
	if (st->state == PLENUM_STMT_DONE)
		return PLENUM_OK;
	if (db->tx_failed)
		return refuse_failed_tx(diag);
	err = db->ops->step(st, row, diag);
	if (err != PLENUM_OK) {
		*row = 0;
		st->state = PLENUM_STMT_DONE;
		return tx_note(db, err);
	}
	st->state = *row ? PLENUM_STMT_ROW : PLENUM_STMT_DONE;
	return PLENUM_OK;
}

int
plenum_db_column_count(struct plenum_stmt *st)
{
	return st->db->ops->column_count(st);
}

/* Whether col of the current row can be read. */
static int
readable(struct plenum_stmt *st, int col)
{
	return st->state == PLENUM_STMT_ROW && col >= 0 &&
	       col < st->db->ops->column_count(st);
}

int
plenum_db_column_is_null(struct plenum_stmt *st, int col)
{
	if (!readable(st, col))
		return 1;
	return st->db->ops->column_is_null(st, col);
}

int64_t
plenum_db_column_int(struct plenum_stmt *st, int col)
{
	if (!readable(st, col))
		return 0;
	return st->db->ops->column_int(st, col);
}

const char *
plenum_db_column_text(struct plenum_stmt *st, int col)
{
	if (!readable(st, col))
		return NULL;
	return st->db->ops->column_text(st, col);
}

const void *
plenum_db_column_blob(struct plenum_stmt *st, int col, size_t *len)
{
	*len = 0;
	if (!readable(st, col))
		return empty;
	return st->db->ops->column_blob(st, col, len);
}

enum plenum_err
plenum_db_reset(struct plenum_stmt *st)
{
	st->db->ops->reset(st);
	st->state = PLENUM_STMT_FRESH;
	return PLENUM_OK;
}

void
plenum_db_finalize(struct plenum_stmt *st)
{
	int i;

	if (st == NULL)
		return;
	if (st->cached) {
		plenum_db_reset(st);
		for (i = 0; i < st->db->ncache; i++)
			if (st->db->cache[i].st == st)
				st->db->cache[i].busy = 0;
		return;
	}
	st->db->ops->finalize(st);
	free(st);
}
int64_t
plenum_db_changes(struct plenum_db *db)
{
	return db->ops->changes(db);
}

enum plenum_err
plenum_db_listen(struct plenum_db *db, const char *channel,
		 struct plenum_diag *diag)
{
	char sql[128];

	if (db->kind != PLENUM_DB_POSTGRES)
		return PLENUM_OK;
	snprintf(sql, sizeof(sql), "LISTEN %s", channel);
	return plenum_db_ddl(db, sql, diag);
}

enum plenum_err
plenum_db_wait(struct plenum_db *db, int timeout_ms, int *got,
	       struct plenum_diag *diag)
{
	PGconn *pg = (PGconn *)db->pg;
	struct pollfd pfd;
	PGnotify *n;

	*got = 0;
	if (db->kind != PLENUM_DB_POSTGRES) {
		struct timespec pause = {
			timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L
		};

		nanosleep(&pause, NULL);
		return PLENUM_OK;
	}
	pfd.fd = PQsocket(pg);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pfd.fd < 0)
		return plenum_diag_set(diag, PLENUM_EDB, 0, 0,
				       "the PostgreSQL connection is closed");
	if (poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR)
		return plenum_diag_set(diag, PLENUM_EDB, 0, 0,
				       "cannot wait for PostgreSQL");
	if (PQconsumeInput(pg) == 0)
		return plenum_diag_set(diag, PLENUM_EDB, 0, 0, "postgresql: %s",
				       PQerrorMessage(pg));
	while ((n = PQnotifies(pg)) != NULL) {
		*got = 1;
		PQfreemem(n);
	}
	return PLENUM_OK;
}
