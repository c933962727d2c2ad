/*
 * assembly.c: an assembly as a log of events over store/db.
 *
 * Invariants:
 *  - apply() is the only code that changes a projection table, for live
 *    operations and for replay alike, so a verified log rebuilds exactly the
 *    tables it produced;
 *  - events are appended inside the write transaction that holds the lock,
 *    after reading the head, so seqs are contiguous and the chain cannot
 *    fork; every transaction that appends ends with a signed checkpoint of
 *    its last event, so the head of the log is always signed;
 *  - each event passes plenum_event_check_secrecy() before it is stored;
 *  - a failing operation rolls back: no event, no table change.
 */
#include "assembly.h"
#include "assembly_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "buf.h"
#include "db.h"
#include "names.h"
#include "tally.h"

struct plenum_assembly {
	struct plenum_db *db;
	struct plenum_event_key *key; /* NULL: read and verify only */
	struct plenum_assembly_info info;
	char id[64];
	char *name;
	char locale[16];
	plenum_assembly_clock clock;
	void *clock_ctx;
	int listening; /* LISTEN plenum_head has run */
};

/* ---- schema ---- */

static const char schema_v1[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE events (seq INTEGER PRIMARY KEY, time_us INTEGER NOT "
	"NULL, type TEXT NOT NULL, actor TEXT NOT NULL, encoding BLOB NOT "
	"NULL, hash BLOB NOT NULL);"
	"CREATE TABLE checkpoints (seq INTEGER PRIMARY KEY, signature BLOB "
	"NOT NULL);"
	"CREATE TABLE members (pos INTEGER NOT NULL UNIQUE, id TEXT PRIMARY "
	"KEY, name TEXT NOT NULL, unit TEXT NOT NULL, delegation TEXT NOT "
	"NULL, status TEXT NOT NULL, exclusion TEXT, present INTEGER NOT NULL "
	"DEFAULT 0);";

/* The log and its checkpoints are append-only on both backends. */
static const char append_only_sqlite[] =
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
	"SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
	"SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints "
	"BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;"
	"CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints "
	"BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;";

static const char append_only_pg[] =
	"CREATE FUNCTION plenum_append_only() RETURNS trigger LANGUAGE "
	"plpgsql AS $$ BEGIN RAISE EXCEPTION 'the event log is append-only' "
	"USING ERRCODE = 'integrity_constraint_violation'; END $$;"
	"CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
	"FOR EACH ROW EXECUTE FUNCTION plenum_append_only();"
	"CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
	"FOR EACH STATEMENT EXECUTE FUNCTION plenum_append_only();"
	"CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON "
	"checkpoints FOR EACH ROW EXECUTE FUNCTION plenum_append_only();"
	"CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON "
	"checkpoints FOR EACH STATEMENT EXECUTE FUNCTION "
	"plenum_append_only();";

/* Creates the tables of every module newer than version "after". */
static enum plenum_err
module_tables(struct plenum_db *db, int after, struct plenum_diag *diag)
{
	const struct plenum_store_module *const *m;
	enum plenum_err err;

	for (m = plenum_store_modules; *m != NULL; m++)
		if ((*m)->version > after &&
		    (err = plenum_db_ddl(db, (*m)->schema, diag)))
			return err;
	return PLENUM_OK;
}

/* ---- small helpers ---- */

static int64_t
wall_clock(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
to_hex(const unsigned char *p, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, p, n);
}

static int
from_hex(const char *hex, unsigned char *out, size_t n)
{
	size_t got = 0;

	if (hex == NULL || strlen(hex) != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) != 0 ||
	    got != n)
		return -1;
	return 0;
}

/* Runs one statement with up to three text parameters and no rows. */
static enum plenum_err
exec3(struct plenum_db *db, const char *sql, const char *a, const char *b,
      const char *c, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row, n = 0;

	if ((err = plenum_db_prepare(db, sql, &st, diag)))
		return err;
	if (a && !err)
		err = plenum_db_bind_text(st, ++n, a);
	if (b && !err)
		err = plenum_db_bind_text(st, ++n, b);
	if (c && !err)
		err = plenum_db_bind_text(st, ++n, c);
	if (!err)
		err = plenum_db_step(st, &row, diag);
	plenum_db_finalize(st);
	return err;
}

/* Reads meta[key] into a new string *out (NULL when absent). */
static enum plenum_err
meta_get(struct plenum_db *db, const char *key, char **out,
	 struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	*out = NULL;
	if ((err = plenum_db_prepare(db, "SELECT value FROM meta WHERE key = ?",
				     &st, diag)) ||
	    (err = plenum_db_bind_text(st, 1, key)) ||
	    (err = plenum_db_step(st, &row, diag)))
		goto out;
	if (row && (*out = strdup(plenum_db_column_text(st, 0))) == NULL)
		err = PLENUM_ENOMEM;
out:
	plenum_db_finalize(st);
	return err;
}

static enum plenum_err
meta_set(struct plenum_db *db, const char *key, const char *value,
	 struct plenum_diag *diag)
{
	return exec3(db,
		     "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT "
		     "(key) DO UPDATE SET value = excluded.value",
		     key, value, NULL, diag);
}

/* ---- the projections: the one place tables change ---- */

const char *
plenum_assembly_event_text(const struct plenum_event *ev, const char *key)
{
	struct plenum_event_value v;

	if (plenum_event_find(ev, key, &v) != PLENUM_OK ||
	    v.type != PLENUM_EVENT_STRING)
		return NULL;
	return (const char *)v.data;
}

enum plenum_err
plenum_assembly_bad_event(const struct plenum_event *ev, const char *what,
			  struct plenum_diag *diag)
{
	return plenum_diag_set(
		diag, PLENUM_EINPUT, 0, 0, "event %" PRIu64 " (%s): %s",
		plenum_event_seq(ev), plenum_event_type(ev), what);
}

int64_t
plenum_assembly_event_int(const struct plenum_event *ev, const char *key,
			  int64_t dflt)
{
	struct plenum_event_value v;

	if (plenum_event_find(ev, key, &v) != PLENUM_OK ||
	    (v.type != PLENUM_EVENT_INT && v.type != PLENUM_EVENT_BOOL))
		return dflt;
	return v.i;
}

bool
plenum_assembly_same_result(const char *recorded, const char *recounted)
{
	json_t *x = json_loads(recorded, 0, NULL),
	       *y = json_loads(recounted, 0, NULL);
	bool same = false;

	if (json_is_object(x) && json_is_object(y)) {
		json_object_del(x, "notes");
		json_object_del(x, "next");
		json_object_del(y, "notes");
		json_object_del(y, "next");
		same = json_equal(x, y);
	}
	json_decref(x);
	json_decref(y);
	return same;
}

struct plenum_db *
plenum_assembly_db(struct plenum_assembly *a)
{
	return a->db;
}

/* Applies one event to the tables of db.  Events of types this build does
 * not know are refused, so an old binary never misreads a newer log. */
static enum plenum_err
apply(struct plenum_db *db, const struct plenum_event *ev,
      struct plenum_diag *diag)
{
	const char *type = plenum_event_type(ev);
	struct plenum_stmt *st = NULL;
	enum plenum_err err = PLENUM_OK;
	const char *id = plenum_assembly_event_text(ev, "member");
	const struct plenum_store_module *const *m;
	int row;

	if (strcmp(type, "assembly.created") == 0) {
		const char *name = plenum_assembly_event_text(ev, "name"),
			   *rules = plenum_assembly_event_text(ev, "rules"),
			   *locale = plenum_assembly_event_text(ev, "locale");

		if (!name || !rules || !locale)
			return plenum_assembly_bad_event(
				ev, "needs name, rules and locale", diag);
		if ((err = meta_set(db, "name", name, diag)) ||
		    (err = meta_set(db, "rules", rules, diag)))
			return err;
		return meta_set(db, "locale", locale, diag);
	}
	if (strcmp(type, "member.added") == 0) {
		const char *name = plenum_assembly_event_text(ev, "name"),
			   *unit = plenum_assembly_event_text(ev, "unit"),
			   *delegation =
				   plenum_assembly_event_text(ev, "delegation"),
			   *status = plenum_assembly_event_text(ev, "status");

		if (!id || !name || !unit || !delegation || !status)
			return plenum_assembly_bad_event(
				ev,
				"needs member, name, unit, "
				"delegation and status",
				diag);
		if ((err = plenum_db_prepare(
			     db,
			     "INSERT INTO members (pos, id, name, unit, "
			     "delegation, status, exclusion, present) VALUES "
			     "((SELECT COALESCE(MAX(pos), 0) + 1 FROM "
			     "members), ?, ?, ?, ?, ?, ?, 0)",
			     &st, diag)) ||
		    (err = plenum_db_bind_text(st, 1, id)) ||
		    (err = plenum_db_bind_text(st, 2, name)) ||
		    (err = plenum_db_bind_text(st, 3, unit)) ||
		    (err = plenum_db_bind_text(st, 4, delegation)) ||
		    (err = plenum_db_bind_text(st, 5, status)) ||
		    (err = plenum_db_bind_text(
			     st, 6,
			     plenum_assembly_event_text(ev, "exclusion"))) ||
		    (err = plenum_db_step(st, &row, diag)))
			goto out;
		goto out;
	}
	if (strcmp(type, "member.excluded") == 0) {
		const char *reason = plenum_assembly_event_text(ev, "reason");

		if (!id)
			return plenum_assembly_bad_event(ev, "needs member",
							 diag);
		if ((err = plenum_db_prepare(db,
					     "UPDATE members SET exclusion = ? "
					     "WHERE id = ?",
					     &st, diag)) ||
		    (err = plenum_db_bind_text(
			     st, 1, reason && *reason ? reason : NULL)) ||
		    (err = plenum_db_bind_text(st, 2, id)) ||
		    (err = plenum_db_step(st, &row, diag)))
			goto out;
		goto changed_one;
	}
	if (strcmp(type, "member.checked_in") == 0 ||
	    strcmp(type, "member.checked_out") == 0) {
		if (!id)
			return plenum_assembly_bad_event(ev, "needs member",
							 diag);
		if ((err = plenum_db_prepare(db,
					     "UPDATE members SET present = ? "
					     "WHERE id = ?",
					     &st, diag)) ||
		    (err = plenum_db_bind_int(st, 1, type[15] == 'i')) ||
		    (err = plenum_db_bind_text(st, 2, id)) ||
		    (err = plenum_db_step(st, &row, diag)))
			goto out;
		goto changed_one;
	}
	if (strcmp(type, "schema.migrated") == 0)
		return PLENUM_OK; /* the tables came with the migration */
	for (m = plenum_store_modules; *m != NULL; m++)
		if (strncmp(type, (*m)->prefix, strlen((*m)->prefix)) == 0)
			return (*m)->apply(db, ev, diag);
	return plenum_assembly_bad_event(ev, "unknown event type", diag);
changed_one:
	if (plenum_db_changes(db) != 1)
		err = plenum_assembly_bad_event(ev, "no such member", diag);
out:
	plenum_db_finalize(st);
	return err;
}

/* ---- transactions that append ---- */

static void
genesis_of(const struct plenum_assembly *a, struct plenum_event_genesis *g)
{
	g->assembly_id = a->id;
	memcpy(g->public_key, a->info.public_key, sizeof(g->public_key));
}

enum plenum_err
plenum_assembly_txn_begin(struct plenum_assembly *a,
			  struct plenum_assembly_txn *t,
			  struct plenum_diag *diag)
{
	struct plenum_event_genesis g;
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	const void *h;
	size_t hlen;
	int row;

	memset(t, 0, sizeof(*t));
	t->a = a;
	if (a->key == NULL)
		return plenum_diag_set(diag, PLENUM_EREADONLY, 0, 0,
				       "no key for assembly \"%s\": it can be "
				       "read and verified, not changed",
				       a->info.name);
	if ((err = plenum_db_begin(a->db, diag)))
		return err;
	if ((err = plenum_db_prepare(a->db,
				     "SELECT seq, hash, time_us FROM events "
				     "ORDER BY seq DESC LIMIT 1",
				     &st, diag)) ||
	    (err = plenum_db_step(st, &row, diag)))
		goto out;
	if (row) {
		t->seq = (uint64_t)plenum_db_column_int(st, 0);
		h = plenum_db_column_blob(st, 1, &hlen);
		if (hlen != PLENUM_EVENT_HASH_LEN) {
			err = plenum_diag_set(diag, PLENUM_EDB, 0, 0,
					      "event %" PRIu64 " has a hash of "
					      "%zu bytes",
					      t->seq, hlen);
			goto out;
		}
		memcpy(t->hash, h, hlen);
		t->time = plenum_db_column_int(st, 2);
	} else {
		genesis_of(a, &g);
		err = plenum_event_genesis_hash(&g, t->hash);
		t->time = INT64_MIN;
	}
out:
	plenum_db_finalize(st);
	if (err != PLENUM_OK)
		plenum_db_rollback(a->db);
	return err;
}

/* A new event for the next seq; times never go backwards. */
enum plenum_err
plenum_assembly_txn_event(struct plenum_assembly_txn *t, const char *type,
			  const char *actor, struct plenum_event **out)
{
	int64_t now = t->a->clock(t->a->clock_ctx);

	if (now < t->time)
		now = t->time;
	return plenum_event_new(t->seq + 1, now, type, actor ? actor : "", out);
}

/* Stores ev (consumed) after the head and applies it. */
enum plenum_err
plenum_assembly_txn_append(struct plenum_assembly_txn *t,
			   struct plenum_event *ev, struct plenum_diag *diag)
{
	struct plenum_buf enc;
	struct plenum_stmt *st = NULL;
	unsigned char hash[PLENUM_EVENT_HASH_LEN];
	enum plenum_err err;
	int row;

	plenum_buf_init(&enc, PLENUM_EVENT_MAX_ENCODED);
	if ((err = plenum_event_check_secrecy(ev, diag)) ||
	    (err = plenum_event_encode(ev, &enc)))
		goto out;
	plenum_event_chain_step(t->hash, enc.data, enc.len, hash);
	if ((err = plenum_db_prepare(t->a->db,
				     "INSERT INTO events (seq, time_us, type, "
				     "actor, encoding, hash) VALUES (?, ?, ?, "
				     "?, ?, ?)",
				     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, (int64_t)plenum_event_seq(ev))) ||
	    (err = plenum_db_bind_int(st, 2, plenum_event_time(ev))) ||
	    (err = plenum_db_bind_text(st, 3, plenum_event_type(ev))) ||
	    (err = plenum_db_bind_text(st, 4, plenum_event_actor(ev))) ||
	    (err = plenum_db_bind_blob(st, 5, enc.data, enc.len)) ||
	    (err = plenum_db_bind_blob(st, 6, hash, sizeof(hash))) ||
	    (err = plenum_db_step(st, &row, diag)) ||
	    (err = apply(t->a->db, ev, diag)))
		goto out;
	t->seq = plenum_event_seq(ev);
	t->time = plenum_event_time(ev);
	memcpy(t->hash, hash, sizeof(hash));
	t->appended++;
out:
	plenum_db_finalize(st);
	plenum_buf_release(&enc);
	plenum_event_free(ev);
	return err;
}

/* Signs the new head and commits; rolls back on any failure. */
enum plenum_err
plenum_assembly_txn_commit(struct plenum_assembly_txn *t,
			   struct plenum_diag *diag)
{
	struct plenum_event_checkpoint cp;
	struct plenum_stmt *st = NULL;
	enum plenum_err err = PLENUM_OK;
	int row;

	if (t->appended > 0) {
		if ((err = plenum_event_checkpoint_sign(
			     t->a->key, t->a->id, t->seq, t->hash, &cp)) ||
		    (err = plenum_db_prepare(t->a->db,
					     "INSERT INTO checkpoints (seq, "
					     "signature) VALUES (?, ?)",
					     &st, diag)) ||
		    (err = plenum_db_bind_int(st, 1, (int64_t)cp.seq)) ||
		    (err = plenum_db_bind_blob(st, 2, cp.signature,
					       sizeof(cp.signature))) ||
		    (err = plenum_db_step(st, &row, diag)))
			goto out;
		/* PostgreSQL tells every listening server at the commit */
		if (plenum_db_kind(t->a->db) == PLENUM_DB_POSTGRES &&
		    (err = plenum_db_ddl(t->a->db, "NOTIFY plenum_head", diag)))
			goto out;
	}
	err = plenum_db_commit(t->a->db, diag);
out:
	plenum_db_finalize(st);
	if (err != PLENUM_OK)
		plenum_db_rollback(t->a->db);
	return err;
}

enum plenum_err
plenum_assembly_txn_finish(struct plenum_assembly_txn *t,
			   struct plenum_event *ev, enum plenum_err err,
			   struct plenum_diag *diag)
{
	if (err == PLENUM_OK && ev != NULL) {
		err = plenum_assembly_txn_append(t, ev, diag);
		ev = NULL;
	}
	plenum_event_free(ev);
	if (err != PLENUM_OK) {
		plenum_assembly_txn_abort(t);
		return err;
	}
	return plenum_assembly_txn_commit(t, diag);
}

enum plenum_err
plenum_assembly_txn_add(struct plenum_assembly_txn *t, const char *type,
			const char *actor, struct plenum_diag *diag,
			const char *keys, const char *types, ...)
{
	struct plenum_event *ev = NULL;
	char names[256], *key, *save;
	enum plenum_err err;
	va_list ap;
	int i = 0;

	if ((err = plenum_assembly_txn_event(t, type, actor, &ev)))
		return err;
	snprintf(names, sizeof(names), "%s", keys);
	va_start(ap, types);
	for (key = strtok_r(names, ",", &save); key != NULL && err == 0;
	     key = strtok_r(NULL, ",", &save), i++)
		err = types[i] == 'i'
			      ? plenum_event_add_int(ev, key,
						     va_arg(ap, int64_t))
			      : plenum_event_add_string(
					ev, key, va_arg(ap, const char *));
	va_end(ap);
	if (err) {
		plenum_event_free(ev);
		return err;
	}
	return plenum_assembly_txn_append(t, ev, diag);
}

void
plenum_assembly_txn_abort(struct plenum_assembly_txn *t)
{
	plenum_db_rollback(t->a->db);
}

/* ---- the key file ---- */

static enum plenum_err
key_write(const char *path, const struct plenum_event_key *key,
	  struct plenum_diag *diag)
{
	unsigned char seed[PLENUM_EVENT_SEED_LEN];
	char hex[2 * PLENUM_EVENT_SEED_LEN + 2];
	enum plenum_err err = PLENUM_OK;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return plenum_diag_set(
			diag, errno == EEXIST ? PLENUM_EINPUT : PLENUM_EIO, 0,
			0, "cannot create the key \"%s\": %s", path,
			strerror(errno));
	plenum_event_key_seed(key, seed);
	to_hex(seed, sizeof(seed), hex);
	strcat(hex, "\n");
	if (write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) ||
	    fsync(fd) != 0)
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "cannot write the key \"%s\": %s", path,
				      strerror(errno));
	if (close(fd) != 0 && err == PLENUM_OK)
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "cannot write the key \"%s\": %s", path,
				      strerror(errno));
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(hex, sizeof(hex));
	if (err != PLENUM_OK)
		unlink(path);
	return err;
}

static enum plenum_err
key_read(const char *path, struct plenum_event_key **out,
	 struct plenum_diag *diag)
{
	unsigned char seed[PLENUM_EVENT_SEED_LEN];
	char hex[2 * PLENUM_EVENT_SEED_LEN + 8];
	enum plenum_err err = PLENUM_OK;
	ssize_t got;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				       "cannot read the key \"%s\": %s", path,
				       strerror(errno));
	got = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (got < 0) {
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "cannot read the key \"%s\": %s", path,
				      strerror(errno));
		goto out;
	}
	hex[got] = '\0';
	hex[strcspn(hex, "\r\n")] = '\0';
	if (from_hex(hex, seed, sizeof(seed)) != 0) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" is not a plenum key", path);
		goto out;
	}
	err = plenum_event_key_from_seed(seed, out);
out:
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(hex, sizeof(hex));
	return err;
}

/* ---- create, open, close ---- */

static int
locale_ok(const char *l)
{
	return strcmp(l, "zh-Hans") == 0 || strcmp(l, "zh-Hant") == 0 ||
	       strcmp(l, "vi") == 0 || strcmp(l, "en") == 0;
}

/* Whether db already holds a plenum (or any) meta table. */
static enum plenum_err
has_meta(struct plenum_db *db, int *yes, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	err = plenum_db_prepare(
		db,
		plenum_db_kind(db) == PLENUM_DB_SQLITE
			? "SELECT COUNT(*) FROM sqlite_master WHERE name = "
			  "'meta'"
			: "SELECT COUNT(*) FROM information_schema.tables "
			  "WHERE "
			  "table_name = 'meta' AND table_schema = "
			  "current_schema()",
		&st, diag);
	if (err == PLENUM_OK && (err = plenum_db_step(st, &row, diag)) == 0)
		*yes = row && plenum_db_column_int(st, 0) > 0;
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_assembly_create(const char *url, const char *key_path, const char *name,
		       const char *preset, const char *locale,
		       const char *actor, struct plenum_diag *diag)
{
	struct plenum_assembly a;
	struct plenum_event *ev = NULL;
	enum plenum_preset p;
	unsigned char rnd[16];
	char pkhex[2 * PLENUM_EVENT_PUBLIC_LEN + 1], version[16];
	struct plenum_event_genesis g;
	struct plenum_assembly_txn t;
	enum plenum_err err;
	struct stat sb;
	int exists = 0, key_written = 0, is_sqlite;

	memset(&a, 0, sizeof(a));
	if ((err = plenum_event_init()))
		return plenum_diag_set(diag, err, 0, 0,
				       "cannot initialise libsodium");
	if (name == NULL || *name == '\0')
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the assembly needs a name");
	if (plenum_rules_preset_parse(preset, &p) != 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown rule preset \"%s\" (cn-basic, "
				       "cn-local, vn, ronr or yna)",
				       preset);
	if (!locale_ok(locale))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown locale \"%s\" (zh-Hans, "
				       "zh-Hant, vi or en)",
				       locale);
	is_sqlite = strncmp(url, "postgres", 8) != 0;
	if (is_sqlite && stat(url, &sb) == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "\"%s\" already exists", url);
	if ((err = plenum_db_open(url, PLENUM_DB_CREATE, &a.db, diag)))
		return err;
	if ((err = has_meta(a.db, &exists, diag)))
		goto out;
	if (exists) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" already holds an assembly", url);
		goto out;
	}
	if ((err = plenum_event_key_generate(&a.key)) ||
	    (err = key_write(key_path, a.key, diag)))
		goto out;
	key_written = 1;
	randombytes_buf(rnd, sizeof(rnd));
	to_hex(rnd, sizeof(rnd), a.id);
	plenum_event_key_public(a.key, a.info.public_key);
	to_hex(a.info.public_key, sizeof(a.info.public_key), pkhex);
	a.clock = wall_clock;
	a.info.name = name;

	/* schema, genesis and the first event in one transaction */
	if ((err = plenum_db_begin(a.db, diag)))
		goto out;
	snprintf(version, sizeof(version), "%d", PLENUM_SCHEMA_VERSION);
	if ((err = plenum_db_ddl(a.db, schema_v1, diag)) ||
	    (err = module_tables(a.db, 1, diag)) ||
	    (err = plenum_db_ddl(a.db,
				 plenum_db_kind(a.db) == PLENUM_DB_SQLITE
					 ? append_only_sqlite
					 : append_only_pg,
				 diag)) ||
	    (err = meta_set(a.db, "schema_version", version, diag)) ||
	    (err = meta_set(a.db, "assembly_id", a.id, diag)) ||
	    (err = meta_set(a.db, "public_key", pkhex, diag)))
		goto rollback;
	memset(&t, 0, sizeof(t));
	t.a = &a;
	t.time = INT64_MIN;
	genesis_of(&a, &g);
	if ((err = plenum_event_genesis_hash(&g, t.hash)) ||
	    (err = plenum_assembly_txn_event(&t, "assembly.created", actor,
					     &ev)) ||
	    (err = plenum_event_add_string(ev, "name", name)) ||
	    (err = plenum_event_add_string(ev, "rules", preset)) ||
	    (err = plenum_event_add_string(ev, "locale", locale)))
		goto rollback;
	err = plenum_assembly_txn_append(&t, ev, diag);
	ev = NULL;
	if (err != PLENUM_OK)
		goto rollback;
	err = plenum_assembly_txn_commit(&t, diag);
	goto out;
rollback:
	plenum_db_rollback(a.db);
out:
	plenum_event_free(ev);
	plenum_event_key_free(a.key);
	plenum_db_close(a.db);
	if (err != PLENUM_OK && key_written)
		unlink(key_path);
	if (err != PLENUM_OK && is_sqlite && !exists) {
		char side[4096];

		unlink(url);
		snprintf(side, sizeof(side), "%s-wal", url);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", url);
		unlink(side);
	}
	return err;
}

/* Brings an older database up to this build's schema in one transaction,
 * recorded as an event. */
static enum plenum_err
migrate(struct plenum_assembly *a, int from, struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	char version[16];
	enum plenum_err err;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	snprintf(version, sizeof(version), "%d", PLENUM_SCHEMA_VERSION);
	if ((err = module_tables(a->db, from, diag)) ||
	    (err = meta_set(a->db, "schema_version", version, diag)) ||
	    (err = plenum_assembly_txn_event(&t, "schema.migrated", NULL,
					     &ev)) ||
	    (err = plenum_event_add_int(ev, "from", from)) ||
	    (err = plenum_event_add_int(ev, "to", PLENUM_SCHEMA_VERSION))) {
		plenum_event_free(ev);
		plenum_assembly_txn_abort(&t);
		return err;
	}
	if ((err = plenum_assembly_txn_append(&t, ev, diag))) {
		plenum_assembly_txn_abort(&t);
		return err;
	}
	return plenum_assembly_txn_commit(&t, diag);
}

enum plenum_err
plenum_assembly_open(const char *url, const char *key_path, unsigned flags,
		     struct plenum_assembly **out, struct plenum_diag *diag)
{
	struct plenum_assembly *a;
	char *version = NULL, *id = NULL, *pk = NULL, *rules = NULL,
	     *locale = NULL;
	unsigned char kpk[PLENUM_EVENT_PUBLIC_LEN];
	enum plenum_err err;
	struct stat sb;
	int exists = 0;
	long v;

	*out = NULL;
	if ((err = plenum_event_init()))
		return plenum_diag_set(diag, err, 0, 0,
				       "cannot initialise libsodium");
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return PLENUM_ENOMEM;
	a->clock = wall_clock;
	err = plenum_db_open(
		url, flags & PLENUM_ASSEMBLY_READONLY ? PLENUM_DB_READONLY : 0,
		&a->db, diag);
	if (err != PLENUM_OK)
		goto out;
	if ((err = has_meta(a->db, &exists, diag)))
		goto out;
	if (!exists) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" is not a plenum assembly", url);
		goto out;
	}
	if ((err = meta_get(a->db, "schema_version", &version, diag)) ||
	    (err = meta_get(a->db, "assembly_id", &id, diag)) ||
	    (err = meta_get(a->db, "public_key", &pk, diag)) ||
	    (err = meta_get(a->db, "name", &a->name, diag)) ||
	    (err = meta_get(a->db, "rules", &rules, diag)) ||
	    (err = meta_get(a->db, "locale", &locale, diag)))
		goto out;
	v = version ? strtol(version, NULL, 10) : 0;
	if (v > PLENUM_SCHEMA_VERSION) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" has schema version %ld, newer "
				      "than this plenum's (%d): use a newer "
				      "plenum",
				      url, v, PLENUM_SCHEMA_VERSION);
		goto out;
	}
	if (v < 1 || !id || strlen(id) >= sizeof(a->id) || !a->name || !rules ||
	    !locale ||
	    from_hex(pk, a->info.public_key, sizeof(a->info.public_key)) ||
	    plenum_rules_preset_parse(rules, &a->info.preset) ||
	    strlen(locale) >= sizeof(a->locale)) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" is not a complete plenum "
				      "assembly",
				      url);
		goto out;
	}
	if (v < PLENUM_SCHEMA_VERSION && (flags & PLENUM_ASSEMBLY_READONLY)) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" has schema version %ld, older "
				      "than this plenum's (%d): open it once "
				      "with its key to upgrade it",
				      url, v, PLENUM_SCHEMA_VERSION);
		goto out;
	}
	snprintf(a->id, sizeof(a->id), "%s", id);
	snprintf(a->locale, sizeof(a->locale), "%s", locale);
	a->info.id = a->id;
	a->info.name = a->name;
	a->info.locale = a->locale;
	if (key_path != NULL &&
	    !((flags & PLENUM_ASSEMBLY_READONLY) && stat(key_path, &sb) != 0)) {
		if ((err = key_read(key_path, &a->key, diag)))
			goto out;
		plenum_event_key_public(a->key, kpk);
		if (sodium_memcmp(kpk, a->info.public_key, sizeof(kpk)) != 0) {
			err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					      "the key \"%s\" belongs to "
					      "another assembly",
					      key_path);
			goto out;
		}
	}
	if (v < PLENUM_SCHEMA_VERSION &&
	    (err = migrate(a, (int)v, diag)) != PLENUM_OK)
		goto out;
out:
	free(version);
	free(id);
	free(pk);
	free(rules);
	free(locale);
	if (err != PLENUM_OK) {
		plenum_assembly_close(a);
		return err;
	}
	*out = a;
	return PLENUM_OK;
}

void
plenum_assembly_close(struct plenum_assembly *a)
{
	if (a == NULL)
		return;
	plenum_event_key_free(a->key);
	plenum_db_close(a->db);
	free(a->name);
	free(a);
}

enum plenum_err
plenum_assembly_head(struct plenum_assembly *a, int64_t *seq,
		     struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	*seq = 0;
	if ((err = plenum_db_prepare(a->db,
				     "SELECT COALESCE(MAX(seq), 0) FROM events",
				     &st, diag)) == PLENUM_OK &&
	    (err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row)
		*seq = plenum_db_column_int(st, 0);
	plenum_db_finalize(st);
	return err;
}

const struct plenum_assembly_info *
plenum_assembly_info(const struct plenum_assembly *a)
{
	return &a->info;
}

void
plenum_assembly_set_clock(struct plenum_assembly *a,
			  plenum_assembly_clock clock, void *ctx)
{
	a->clock = clock ? clock : wall_clock;
	a->clock_ctx = ctx;
}

/* ---- the roll and attendance ---- */

/* Looks a member up: its name and presence; PLENUM_EINPUT when there is
 * no such member. */
static enum plenum_err
member_state(struct plenum_db *db, const char *id, int *present, char *name,
	     size_t n, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	if ((err = plenum_db_prepare(db,
				     "SELECT name, present FROM members WHERE "
				     "id = ?",
				     &st, diag)) ||
	    (err = plenum_db_bind_text(st, 1, id)) ||
	    (err = plenum_db_step(st, &row, diag)))
		goto out;
	if (!row) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "no member with id \"%s\"", id);
		goto out;
	}
	snprintf(name, n, "%s", plenum_db_column_text(st, 0));
	*present = (int)plenum_db_column_int(st, 1);
out:
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_assembly_roll_import(struct plenum_assembly *a,
			    const struct plenum_roll *roll, const char *actor,
			    struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_event *ev = NULL;
	struct plenum_assembly_txn t;
	enum plenum_err err;
	size_t i;
	int row;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = plenum_db_prepare(a->db, "SELECT COUNT(*) FROM members", &st,
				     diag)) ||
	    (err = plenum_db_step(st, &row, diag)))
		goto out;
	if (plenum_db_column_int(st, 0) > 0) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "the roll already has %" PRId64
				      " members; a roll is imported once, into "
				      "an empty assembly",
				      plenum_db_column_int(st, 0));
		goto out;
	}
	for (i = 0; i < plenum_roll_count(roll); i++) {
		const struct plenum_roll_member *m =
			plenum_roll_member(roll, i);

		if ((err = plenum_assembly_txn_event(&t, "member.added", actor,
						     &ev)) ||
		    (err = plenum_event_add_string(ev, "member", m->id)) ||
		    (err = plenum_event_add_string(ev, "name", m->name)) ||
		    (err = plenum_event_add_string(ev, "unit", m->unit)) ||
		    (err = plenum_event_add_string(ev, "delegation",
						   m->delegation)) ||
		    (err = plenum_event_add_string(
			     ev, "status",
			     plenum_roll_status_word(m->status))) ||
		    (m->exclusion &&
		     (err = plenum_event_add_string(ev, "exclusion",
						    m->exclusion))) ||
		    (err = plenum_event_add_int(ev, "line", (int64_t)m->line)))
			goto out;
		err = plenum_assembly_txn_append(&t, ev, diag);
		ev = NULL;
		if (err != PLENUM_OK)
			goto out;
	}
	plenum_db_finalize(st);
	return plenum_assembly_txn_commit(&t, diag);
out:
	plenum_db_finalize(st);
	plenum_event_free(ev);
	plenum_assembly_txn_abort(&t);
	return err;
}

enum plenum_err
plenum_assembly_exclude(struct plenum_assembly *a, const char *member_id,
			const char *reason, const char *actor,
			struct plenum_diag *diag)
{
	struct plenum_event *ev = NULL;
	struct plenum_assembly_txn t;
	char name[512];
	int present;
	enum plenum_err err;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if (!(err = member_state(a->db, member_id, &present, name, sizeof(name),
				 diag)) &&
	    !(err = plenum_assembly_txn_event(&t, "member.excluded", actor,
					      &ev)) &&
	    !(err = plenum_event_add_string(ev, "member", member_id)))
		err = plenum_event_add_string(ev, "reason",
					      reason ? reason : "");
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_assembly_checkin(struct plenum_assembly *a, const char *member_id,
			bool present, const char *actor,
			struct plenum_diag *diag)
{
	struct plenum_event *ev = NULL;
	struct plenum_assembly_txn t;
	char name[512];
	int now;
	enum plenum_err err;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = member_state(a->db, member_id, &now, name, sizeof(name),
				diag)))
		goto out;
	if (now == (int)present) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "%s (%s) is already checked %s", name,
				      member_id, present ? "in" : "out");
		goto out;
	}
	if (!(err = plenum_assembly_txn_event(
		      &t, present ? "member.checked_in" : "member.checked_out",
		      actor, &ev)))
		err = plenum_event_add_string(ev, "member", member_id);
out:
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_assembly_members(struct plenum_assembly *a, const char *query,
			int (*fn)(void *ctx,
				  const struct plenum_assembly_member *m),
			void *ctx, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_assembly_member m;
	char *q = NULL;
	enum plenum_err err;
	int row;

	if (query != NULL && *query != '\0' &&
	    (err = plenum_names_nfc(query, strlen(query), &q)) != PLENUM_OK)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the search is not valid UTF-8");
	if ((err = plenum_db_prepare(a->db,
				     "SELECT id, name, unit, delegation, "
				     "status, exclusion, present FROM members "
				     "ORDER BY pos",
				     &st, diag)))
		goto out;
	for (;;) {
		if ((err = plenum_db_step(st, &row, diag)) || !row)
			break;
		m.id = plenum_db_column_text(st, 0);
		m.name = plenum_db_column_text(st, 1);
		m.unit = plenum_db_column_text(st, 2);
		m.delegation = plenum_db_column_text(st, 3);
		m.exclusion = plenum_db_column_text(st, 5);
		m.present = plenum_db_column_int(st, 6) != 0;
		if (plenum_roll_status_parse(plenum_db_column_text(st, 4),
					     &m.status) != 0)
			m.status = PLENUM_ROLL_GUEST;
		if (q != NULL && *q != '\0' && strcmp(m.id, q) != 0 &&
		    strstr(m.name, q) == NULL)
			continue;
		if (fn(ctx, &m) != 0)
			break;
	}
out:
	plenum_db_finalize(st);
	free(q);
	return err;
}

enum plenum_err
plenum_assembly_quorum(struct plenum_assembly *a,
		       struct plenum_assembly_quorum *q,
		       struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_rules r;
	enum plenum_err err;
	int row;

	memset(q, 0, sizeof(*q));
	if ((err = plenum_db_prepare(
		     a->db,
		     "SELECT COUNT(*), "
		     "SUM(CASE WHEN status = 'full' THEN 1 ELSE 0 END), "
		     "SUM(CASE WHEN status = 'full' AND exclusion IS NOT NULL "
		     "THEN 1 ELSE 0 END), "
		     "SUM(CASE WHEN status = 'full' AND exclusion IS NULL AND "
		     "present = 1 THEN 1 ELSE 0 END), "
		     "SUM(CASE WHEN present = 1 THEN 1 ELSE 0 END) FROM "
		     "members",
		     &st, diag)) ||
	    (err = plenum_db_step(st, &row, diag)))
		goto out;
	q->members = plenum_db_column_int(st, 0);
	q->voting = plenum_db_column_int(st, 1);
	q->excluded = plenum_db_column_int(st, 2);
	q->present = plenum_db_column_int(st, 3);
	q->attending = plenum_db_column_int(st, 4);
	q->should_attend = q->voting - q->excluded;
	plenum_rules_defaults(a->info.preset, &r);
	q->applies = r.quorum_num > 0 && r.quorum_of != PLENUM_QUORUM_NONE;
	if (q->applies) {
		/* vn measures against everyone convened, cn against those
		 * who should attend after the allowed exclusions */
		q->required = plenum_tally_quorum_required(
			&r, r.quorum_of == PLENUM_QUORUM_CONVENED
				    ? q->voting
				    : q->should_attend);
		q->met = q->present >= q->required;
	} else {
		q->met = true;
	}
out:
	plenum_db_finalize(st);
	return err;
}

/* ---- verify and export ---- */

/* The stored events, in seq order, as an event source. */
struct stored {
	struct plenum_stmt *st;
	struct plenum_diag *diag;
};

static int
stored_next(void *ctx, struct plenum_event_item *item)
{
	struct stored *s = ctx;
	const void *h;
	size_t hlen;
	int row;

	if (plenum_db_step(s->st, &row, s->diag) != PLENUM_OK)
		return -1;
	if (!row)
		return 0;
	item->data = plenum_db_column_blob(s->st, 0, &item->len);
	h = plenum_db_column_blob(s->st, 1, &hlen);
	item->hash = hlen == PLENUM_EVENT_HASH_LEN ? h : NULL;
	return 1;
}

static enum plenum_err
load_checkpoints(struct plenum_db *db, struct plenum_event_checkpoint **out,
		 size_t *n, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_event_checkpoint *cps = NULL, *p;
	size_t alloc = 0;
	enum plenum_err err;
	const void *sig;
	size_t len;
	int row;

	*out = NULL;
	*n = 0;
	if ((err = plenum_db_prepare(db,
				     "SELECT seq, signature FROM checkpoints "
				     "ORDER BY seq",
				     &st, diag)))
		return err;
	for (;;) {
		if ((err = plenum_db_step(st, &row, diag)) || !row)
			break;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			if ((p = realloc(cps, alloc * sizeof(*p))) == NULL) {
				err = PLENUM_ENOMEM;
				break;
			}
			cps = p;
		}
		sig = plenum_db_column_blob(st, 1, &len);
		cps[*n].seq = (uint64_t)plenum_db_column_int(st, 0);
		memset(cps[*n].signature, 0, sizeof(cps[*n].signature));
		memcpy(cps[*n].signature, sig,
		       len < sizeof(cps[*n].signature)
			       ? len
			       : sizeof(cps[*n].signature));
		(*n)++;
	}
	plenum_db_finalize(st);
	if (err != PLENUM_OK) {
		free(cps);
		*n = 0;
		return err;
	}
	*out = cps;
	return PLENUM_OK;
}

/* Replay: each event applied to the replica; the first refusal is kept to
 * report. */
struct replay {
	struct plenum_db *db;
	struct plenum_diag diag;
};

static enum plenum_err
replay_one(void *ctx, const struct plenum_event *ev)
{
	struct replay *r = ctx;

	return apply(r->db, ev, &r->diag);
}

/* A fresh in-memory database with the projection tables. */
static enum plenum_err
replica_open(struct plenum_db **out, struct plenum_diag *diag)
{
	enum plenum_err err;

	if ((err = plenum_db_open(":memory:", PLENUM_DB_CREATE, out, diag)))
		return err;
	if ((err = plenum_db_ddl(*out, schema_v1, diag)) ||
	    (err = module_tables(*out, 1, diag))) {
		plenum_db_close(*out);
		*out = NULL;
	}
	return err;
}

/* Compares the rows of one query on two databases, as text. */
static enum plenum_err
same_rows(struct plenum_db *x, struct plenum_db *y, const char *what,
	  const char *sql, struct plenum_assembly_verify *out,
	  struct plenum_diag *diag)
{
	struct plenum_stmt *a = NULL, *b = NULL;
	enum plenum_err err;
	int ra, rb, c, n;
	long rows = 0;

	if ((err = plenum_db_prepare(x, sql, &a, diag)) ||
	    (err = plenum_db_prepare(y, sql, &b, diag)))
		goto out;
	for (;;) {
		if ((err = plenum_db_step(a, &ra, diag)) ||
		    (err = plenum_db_step(b, &rb, diag)))
			goto out;
		if (!ra || !rb)
			break;
		rows++;
		n = plenum_db_column_count(a);
		for (c = 0; c < n; c++) {
			const char *va = plenum_db_column_text(a, c),
				   *vb = plenum_db_column_text(b, c);

			if ((va == NULL) != (vb == NULL) ||
			    (va && strcmp(va, vb) != 0)) {
				snprintf(out->mismatch, sizeof(out->mismatch),
					 "%s: row %ld, column %d: stored "
					 "\"%.60s\", replayed \"%.60s\"",
					 what, rows, c + 1, va ? va : "NULL",
					 vb ? vb : "NULL");
				out->tables_match = false;
				goto out;
			}
		}
	}
	if (ra != rb) {
		snprintf(out->mismatch, sizeof(out->mismatch),
			 "%s: the stored table has %s rows than the log", what,
			 ra ? "more" : "fewer");
		out->tables_match = false;
	}
out:
	plenum_db_finalize(a);
	plenum_db_finalize(b);
	return err;
}

enum plenum_err
plenum_assembly_verify(struct plenum_assembly *a,
		       struct plenum_assembly_verify *out,
		       struct plenum_diag *diag)
{
	struct plenum_event_genesis g;
	struct plenum_event_verify_opts opts;
	struct plenum_event_source src;
	struct stored s = { NULL, diag };
	struct plenum_event_checkpoint *cps = NULL;
	struct plenum_db *replica = NULL;
	struct replay rp;
	const struct plenum_store_module *const *m;
	const char *const *q;
	size_t ncps = 0;
	enum plenum_err err;

	memset(out, 0, sizeof(*out));
	memset(&rp, 0, sizeof(rp));
	out->tables_match = true;
	genesis_of(a, &g);
	/* one snapshot: a writer committing meanwhile must not look like
	 * tampering */
	if ((err = plenum_db_begin_read(a->db, diag)))
		return err;
	if ((err = load_checkpoints(a->db, &cps, &ncps, diag)) ||
	    (err = replica_open(&replica, diag)) ||
	    (err = plenum_db_prepare(a->db,
				     "SELECT encoding, hash FROM events ORDER "
				     "BY seq",
				     &s.st, diag)))
		goto out;
	src.next = stored_next;
	src.ctx = &s;
	memset(&opts, 0, sizeof(opts));
	opts.checkpoints = cps;
	opts.ncheckpoints = ncps;
	rp.db = replica;
	opts.on_event = replay_one;
	opts.ctx = &rp;
	if ((err = plenum_event_verify(&g, &src, &opts, &out->chain, diag))) {
		if (rp.diag.message[0] != '\0')
			plenum_diag_set(diag, err, 0, 0, "%s", rp.diag.message);
		goto out;
	}
	if (!out->chain.head_signed) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "the last %" PRIu64 " events are not "
				      "covered by a signed checkpoint",
				      out->chain.nevents -
					      out->chain.signed_seq);
		goto out;
	}
	/* the tables must be exactly what the log makes of them */
	if ((err = same_rows(a->db, replica, "members",
			     "SELECT pos, id, name, unit, delegation, status, "
			     "exclusion, present FROM members ORDER BY pos",
			     out, diag)))
		goto out;
	if (out->tables_match &&
	    (err = same_rows(a->db, replica, "meta",
			     "SELECT key, value FROM meta WHERE key IN "
			     "('name', 'rules', 'locale') ORDER BY key",
			     out, diag)))
		goto out;
	for (m = plenum_store_modules; *m != NULL && out->tables_match; m++)
		for (q = (*m)->compare;
		     q != NULL && q[0] != NULL && out->tables_match; q += 2)
			if ((err = same_rows(a->db, replica, q[0], q[1], out,
					     diag)))
				goto out;
	if (!out->tables_match)
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "the tables differ from the log: %s",
				      out->mismatch);
out:
	plenum_db_finalize(s.st);
	plenum_db_rollback(a->db);
	plenum_db_close(replica);
	free(cps);
	return err;
}

enum plenum_err
plenum_assembly_verify_export(
	const void *data, size_t len,
	const unsigned char trusted_key[PLENUM_EVENT_PUBLIC_LEN],
	struct plenum_assembly_verify *out, char **name_out,
	struct plenum_diag *diag)
{
	struct plenum_event_log *log = NULL;
	struct plenum_event_genesis trusted;
	struct plenum_event_verify_opts opts;
	struct plenum_db *replica = NULL;
	struct replay rp;
	enum plenum_err err;

	memset(out, 0, sizeof(*out));
	out->tables_match = true;
	if (name_out != NULL)
		*name_out = NULL;
	if ((err = plenum_event_init()) ||
	    (err = plenum_event_export_read_mem(data, len, &log, diag)) ||
	    (err = replica_open(&replica, diag)))
		goto out;
	if (trusted_key != NULL) {
		trusted.assembly_id = log->genesis.assembly_id;
		memcpy(trusted.public_key, trusted_key,
		       sizeof(trusted.public_key));
	}
	memset(&opts, 0, sizeof(opts));
	memset(&rp, 0, sizeof(rp));
	rp.db = replica;
	opts.on_event = replay_one;
	opts.ctx = &rp;
	err = plenum_event_verify_log(log, trusted_key ? &trusted : NULL, &opts,
				      &out->chain, diag);
	if (err != PLENUM_OK && rp.diag.message[0] != '\0')
		plenum_diag_set(diag, err, 0, 0, "%s", rp.diag.message);
	if (err == PLENUM_EINPUT &&
	    out->chain.fault == PLENUM_EVENT_FAULT_NONE && trusted_key != NULL)
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "the file was signed with another key "
				      "than the one given");
	if (err != PLENUM_OK)
		goto out;
	if (!out->chain.head_signed) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "the last %" PRIu64 " events are not "
				      "covered by a signed checkpoint",
				      out->chain.nevents -
					      out->chain.signed_seq);
		goto out;
	}
	if (name_out != NULL)
		err = meta_get(replica, "name", name_out, diag);
out:
	plenum_db_close(replica);
	plenum_event_log_free(log);
	return err;
}

enum plenum_err
plenum_assembly_export(struct plenum_assembly *a,
		       const struct plenum_event_sink *sink,
		       struct plenum_diag *diag)
{
	struct plenum_event_genesis g;
	struct plenum_event_source src;
	struct stored s = { NULL, diag };
	struct plenum_event_checkpoint *cps = NULL;
	size_t ncps = 0;
	enum plenum_err err;

	genesis_of(a, &g);
	if ((err = plenum_db_begin_read(a->db, diag)))
		return err;
	if ((err = load_checkpoints(a->db, &cps, &ncps, diag)) ||
	    (err = plenum_db_prepare(a->db,
				     "SELECT encoding, hash FROM events ORDER "
				     "BY seq",
				     &s.st, diag)))
		goto out;
	src.next = stored_next;
	src.ctx = &s;
	err = plenum_event_export_write(&g, &src, cps, ncps, sink);
	if (err != PLENUM_OK && diag != NULL && diag->message[0] == '\0')
		plenum_diag_set(diag, err, 0, 0, "cannot write the export: %s",
				plenum_err_str(err));
out:
	plenum_db_finalize(s.st);
	plenum_db_rollback(a->db);
	free(cps);
	return err;
}

enum plenum_err
plenum_assembly_types_since(struct plenum_assembly *a, int64_t after,
			    int64_t upto, int max,
			    int (*fn)(void *ctx, const char *type), void *ctx,
			    struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	if ((err = plenum_db_prepare(a->db,
				     "SELECT DISTINCT type FROM events WHERE "
				     "seq > ? AND seq <= ? ORDER BY type "
				     "LIMIT ?",
				     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, after)) ||
	    (err = plenum_db_bind_int(st, 2, upto)) ||
	    (err = plenum_db_bind_int(st, 3, max)))
		goto out;
	while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row)
		if (fn(ctx, plenum_db_column_text(st, 0)) != 0)
			break;
out:
	plenum_db_finalize(st);
	return err;
}

bool
plenum_assembly_notifies(const struct plenum_assembly *a)
{
	return plenum_db_kind(a->db) == PLENUM_DB_POSTGRES;
}

enum plenum_err
plenum_assembly_wait_change(struct plenum_assembly *a, int timeout_ms, int *got,
			    struct plenum_diag *diag)
{
	enum plenum_err err;

	if (!a->listening && plenum_assembly_notifies(a)) {
		if ((err = plenum_db_listen(a->db, "plenum_head", diag)))
			return err;
		a->listening = 1;
	}
	return plenum_db_wait(a->db, timeout_ms, got, diag);
}

enum plenum_err
plenum_assembly_sql(struct plenum_db *db, const char *sql,
		    struct plenum_stmt **st, int *row, struct plenum_diag *diag,
		    const char *fmt, ...)
{
	struct plenum_stmt *s = NULL;
	enum plenum_err err;
	va_list ap;
	int i, dummy;

	if (row == NULL)
		row = &dummy;
	if (st != NULL)
		*st = NULL;
	if ((err = plenum_db_prepare(db, sql, &s, diag)))
		return err;
	va_start(ap, fmt);
	for (i = 0; err == PLENUM_OK && fmt[i]; i++)
		err = fmt[i] == 'i'
			      ? plenum_db_bind_int(s, i + 1,
						   va_arg(ap, int64_t))
			      : plenum_db_bind_text(s, i + 1,
						    va_arg(ap, const char *));
	va_end(ap);
	if (err == PLENUM_OK)
		err = plenum_db_step(s, row, diag);
	if (st != NULL && err == PLENUM_OK)
		*st = s;
	else
		plenum_db_finalize(s);
	return err;
}
