/*
 * scans.c: printed documents and scanned ballots (scans.h), a module of
 * the assembly store.
 *
 * Invariants:
 *  - apply() alone changes printed, scan_ballots and scan_pages; a
 *    ballot's state moves waiting -> decided -> confirmed | rejected, or
 *    accepted (read ok), and accepted | confirmed -> entered; any state
 *    but entered may be decided again;
 *  - scan_images is written in the transaction of the paper.scanned event
 *    that names the image, and never changed: an image's key is its
 *    SHA-256, so the log vouches for its bytes; it is outside the log and
 *    never compared after a replay;
 *  - a ballot line is stored with the ballot's number and the teller who
 *    decided it, never with a member: a sheet carries nothing that names
 *    a voter;
 *  - the line of an accepted or confirmed ballot has been checked against
 *    its round's list, so entering it cannot fail on its content.
 */
#include "scans.h"
#include "assembly_impl.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "buf.h"
#include "db.h"
#include "elections.h"
#include "event.h"
#include "ops_impl.h"

static const char schema[] =
	"CREATE TABLE printed (n INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
	"election INTEGER NOT NULL, round INTEGER NOT NULL, copies INTEGER "
	"NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, digest TEXT "
	"NOT NULL, layout TEXT NOT NULL);"
	"CREATE TABLE scan_ballots (election INTEGER NOT NULL, n INTEGER NOT "
	"NULL, round INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT NOT "
	"NULL, line TEXT NOT NULL, state TEXT NOT NULL, decision TEXT, teller "
	"TEXT, note TEXT, scrutineer TEXT, batch INTEGER, PRIMARY KEY "
	"(election, n));"
	"CREATE TABLE scan_pages (election INTEGER NOT NULL, ballot INTEGER "
	"NOT NULL, page INTEGER NOT NULL, sha256 TEXT NOT NULL, frame INTEGER "
	"NOT NULL, preview TEXT NOT NULL, media_type TEXT NOT NULL, source "
	"TEXT NOT NULL, reading "
	"TEXT NOT NULL, PRIMARY "
	"KEY (election, ballot, page));"
	"CREATE INDEX scan_pages_image ON scan_pages (sha256);"
	"CREATE TABLE scan_images (sha256 TEXT PRIMARY KEY, media_type TEXT "
	"NOT NULL, bytes BLOB NOT NULL);";

static const char *const compare[] = {
	"printed",
	"SELECT n, kind, election, round, copies, bytes, sha256, digest, "
	"layout FROM printed ORDER BY n",
	"scan_ballots",
	"SELECT election, n, round, status, reason, line, state, decision, "
	"teller, note, scrutineer, batch FROM scan_ballots ORDER BY "
	"election, n",
	"scan_pages",
	"SELECT election, ballot, page, sha256, frame, preview, media_type, "
	"source, reading FROM scan_pages ORDER BY election, ballot, page",
	NULL,
	NULL,
};

/* Bytes of ballot lines in one entered batch: an event value holds at
 * most PLENUM_EVENT_MAX_VALUE. */
#define SCAN_BATCH 60000u

/* The fields of a layout a scanner rebuilds it from (layout.h,
 * plenum_layout_from_json()); the rest follows from them. */
static const char *const layout_keys[] = {
	"format", "digest",    "locale",      "style",	    "paper",
	"title",  "subtitle",  "assembly_id", "election",   "round",
	"seats",  "max_votes", "write_ins",   "candidates", NULL,
};

static const char *const media_types[] = {
	"image/png",
	"image/tiff",
	"image/jpeg",
	NULL,
};

#define INT(k)	plenum_assembly_event_int(ev, k, -1)
#define TEXT(k) plenum_assembly_event_text(ev, k)

/* ---- apply ---- */

static enum plenum_err
apply_printed(struct plenum_db *db, const struct plenum_event *ev,
	      struct plenum_diag *diag)
{
	const char *layout = TEXT("layout");
	json_t *j = NULL;
	const char *digest = "";
	enum plenum_err err;

	if (!TEXT("kind") || !TEXT("sha256") || layout == NULL)
		return plenum_assembly_bad_event(ev, "incomplete", diag);
	if (*layout != '\0') {
		j = json_loads(layout, 0, NULL);
		digest = json_string_value(json_object_get(j, "digest"));
		if (digest == NULL) {
			json_decref(j);
			return plenum_assembly_bad_event(ev,
							 "layout has no "
							 "digest",
							 diag);
		}
	}
	err = plenum_assembly_sql(
		db,
		"INSERT INTO printed (n, kind, election, round, copies, bytes, "
		"sha256, digest, layout) VALUES ((SELECT COALESCE(MAX(n), 0) + "
		"1 FROM printed), ?, ?, ?, ?, ?, ?, ?, ?)",
		NULL, NULL, diag, "tiiiittt", TEXT("kind"), INT("election"),
		INT("round"), INT("copies"), INT("bytes"), TEXT("sha256"),
		digest, layout);
	json_decref(j);
	return err;
}

static enum plenum_err
apply_scanned(struct plenum_db *db, const struct plenum_event *ev,
	      struct plenum_diag *diag)
{
	int64_t election = INT("election"), n = INT("ballot");
	const char *status = TEXT("status");
	json_t *pages = NULL, *p;
	struct plenum_stmt *st;
	enum plenum_err err;
	size_t i;
	int row;

	if (!status || !TEXT("pages") || !TEXT("reason") || !TEXT("ballots") ||
	    election < 1 || n < 1 || INT("round") < 1)
		return plenum_assembly_bad_event(ev, "incomplete", diag);
	if ((err = plenum_assembly_sql(db,
				       "SELECT COALESCE(MAX(n), 0) + 1 FROM "
				       "scan_ballots WHERE election = ?",
				       &st, &row, diag, "i", election)))
		return err;
	row = row && plenum_db_column_int(st, 0) == n;
	plenum_db_finalize(st);
	if (!row)
		return plenum_assembly_bad_event(ev, "ballots out of order",
						 diag);
	pages = json_loads(TEXT("pages"), 0, NULL);
	if (!json_is_array(pages) || json_array_size(pages) == 0) {
		json_decref(pages);
		return plenum_assembly_bad_event(ev, "no pages", diag);
	}
	err = plenum_assembly_sql(
		db,
		"INSERT INTO scan_ballots (election, n, round, status, reason, "
		"line, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
		NULL, NULL, diag, "iiitttt", election, n, INT("round"), status,
		TEXT("reason"), TEXT("ballots"),
		strcmp(status, "ok") == 0 ? "accepted" : "waiting");
	json_array_foreach(pages, i, p)
	{
		char *reading;
		const char *sha =
			json_string_value(json_object_get(p, "sha256"));
		const char *mt =
			json_string_value(json_object_get(p, "media_type"));
		const char *src =
			json_string_value(json_object_get(p, "source"));

		if (err)
			break;
		if (!sha || !mt || !src ||
		    !json_is_integer(json_object_get(p, "frame")) ||
		    !json_is_string(json_object_get(p, "preview")) ||
		    !json_is_object(json_object_get(p, "reading"))) {
			err = plenum_assembly_bad_event(ev, "bad page", diag);
			break;
		}
		reading = json_dumps(json_object_get(p, "reading"),
				     JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (reading == NULL) {
			err = PLENUM_ENOMEM;
			break;
		}
		err = plenum_assembly_sql(
			db,
			"INSERT INTO scan_pages (election, ballot, page, "
			"sha256, frame, preview, media_type, source, reading) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			NULL, NULL, diag, "iiititttt", election, n,
			(int64_t)i + 1, sha,
			(int64_t)json_integer_value(
				json_object_get(p, "frame")),
			json_string_value(json_object_get(p, "preview")), mt,
			src, reading);
		free(reading);
	}
	json_decref(pages);
	return err;
}

static enum plenum_err
apply(struct plenum_db *db, const struct plenum_event *ev,
      struct plenum_diag *diag)
{
	const char *type = plenum_event_type(ev) + strlen("paper.");
	int64_t election = INT("election"), n = INT("ballot");

	if (strcmp(type, "printed") == 0)
		return apply_printed(db, ev, diag);
	if (strcmp(type, "scanned") == 0)
		return apply_scanned(db, ev, diag);
	if (strcmp(type, "decided") == 0) {
		if (!TEXT("teller") || !TEXT("ballots") || !TEXT("note"))
			return plenum_assembly_bad_event(ev, "incomplete",
							 diag);
		return plenum_assembly_sql(
			db,
			"UPDATE scan_ballots SET state = 'decided', decision "
			"= ?, teller = ?, note = ?, scrutineer = NULL WHERE "
			"election = ? AND n = ? AND state <> 'entered'",
			NULL, NULL, diag, "tttii", TEXT("ballots"),
			TEXT("teller"), TEXT("note"), election, n);
	}
	if (strcmp(type, "confirmed") == 0) {
		if (!TEXT("scrutineer"))
			return plenum_assembly_bad_event(ev, "incomplete",
							 diag);
		return plenum_assembly_sql(
			db,
			"UPDATE scan_ballots SET scrutineer = ?, state = CASE "
			"WHEN decision = '' THEN 'rejected' ELSE 'confirmed' "
			"END WHERE election = ? AND n = ? AND state = "
			"'decided'",
			NULL, NULL, diag, "tii", TEXT("scrutineer"), election,
			n);
	}
	if (strcmp(type, "entered") == 0) {
		enum plenum_err err = plenum_assembly_sql(
			db,
			"UPDATE scan_ballots SET state = 'entered', batch = ? "
			"WHERE election = ? AND round = ? AND n BETWEEN ? AND "
			"? AND state IN ('accepted', 'confirmed')",
			NULL, NULL, diag, "iiiii", INT("batch"), election,
			INT("round"), INT("first"), INT("last"));

		if (err == PLENUM_OK && plenum_db_changes(db) != INT("count"))
			return plenum_assembly_bad_event(
				ev, "entered ballots do not match", diag);
		return err;
	}
	return plenum_assembly_bad_event(ev, "unknown event type", diag);
}

const struct plenum_store_module plenum_scans_module = {
	"scans", 6, "paper.", schema, apply, compare,
};

/* ---- helpers ---- */

static int
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

static void
sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* Whether member holds one of the two roles. */
static enum plenum_err
holds(struct plenum_db *db, const char *member, const char *role1,
      const char *role2, int *yes, struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;

	*yes = 0;
	if ((err = plenum_assembly_sql(db,
				       "SELECT 1 FROM officials WHERE member "
				       "= ? AND role IN (?, ?)",
				       &st, yes, diag, "ttt", member, role1,
				       role2)))
		return err;
	plenum_db_finalize(st);
	return PLENUM_OK;
}

/* A ballot's round and state, or PLENUM_EINPUT when there is none. */
static enum plenum_err
ballot_state(struct plenum_db *db, int64_t election, int64_t n, int64_t *round,
	     char *state, size_t statesz, char *teller, size_t tellersz,
	     struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if ((err = plenum_assembly_sql(db,
				       "SELECT round, state, COALESCE(teller, "
				       "'') FROM scan_ballots WHERE election "
				       "= ? AND n = ?",
				       &st, &row, diag, "ii", election, n)))
		return err;
	if (!row) {
		plenum_db_finalize(st);
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "election %" PRId64 " has no scanned "
				       "ballot %" PRId64,
				       election, n);
	}
	*round = plenum_db_column_int(st, 0);
	snprintf(state, statesz, "%s", plenum_db_column_text(st, 1));
	if (teller != NULL)
		snprintf(teller, tellersz, "%s", plenum_db_column_text(st, 2));
	plenum_db_finalize(st);
	return PLENUM_OK;
}

/* ---- printing ---- */

static int
print_kind_ok(const char *kind)
{
	static const char *const kinds[] = {
		"ballots", "cards",  "tally-sheet", "announcement",
		"minutes", "motion", NULL,
	};
	size_t i;

	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

/* The description part of a layout document, as compact JSON. */
static enum plenum_err
layout_description(const char *layout, int64_t election, int64_t round,
		   char **out, struct plenum_diag *diag)
{
	json_t *j = json_loads(layout, 0, NULL), *d = json_object();
	enum plenum_err err = PLENUM_OK;
	size_t i;

	*out = NULL;
	if (d == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	if (!json_is_object(j) ||
	    !json_is_string(json_object_get(j, "digest")) ||
	    json_integer_value(json_object_get(j, "election")) != election ||
	    json_integer_value(json_object_get(j, "round")) != round) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "the layout is not a layout of election "
				      "%" PRId64 ", round %" PRId64,
				      election, round);
		goto out;
	}
	for (i = 0; layout_keys[i] != NULL; i++) {
		json_t *v = json_object_get(j, layout_keys[i]);

		if (v != NULL && json_object_set(d, layout_keys[i], v) != 0) {
			err = PLENUM_ENOMEM;
			goto out;
		}
	}
	if ((*out = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		err = PLENUM_ENOMEM;
	else if (strlen(*out) > PLENUM_EVENT_MAX_VALUE) {
		free(*out);
		*out = NULL;
		err = plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				      "the ballot's layout is too long for "
				      "the record");
	}
out:
	json_decref(j);
	json_decref(d);
	return err;
}

enum plenum_err
plenum_scans_printed(struct plenum_assembly *a,
		     const struct plenum_scans_print *p, const char *actor,
		     struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	char *layout = NULL;
	enum plenum_err err;
	int ballots;

	if (p->kind == NULL || !print_kind_ok(p->kind) || p->sha256 == NULL ||
	    !is_hex64(p->sha256) || p->copies < 1 || p->bytes < 0 ||
	    p->election < 0 || p->round < 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a printed document needs a kind, its "
				       "SHA-256 in hex and copies");
	ballots = strcmp(p->kind, "ballots") == 0;
	if (ballots != (p->layout != NULL))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "ballots, and only ballots, have a "
				       "layout");
	if (ballots && (err = layout_description(p->layout, p->election,
						 p->round, &layout, diag)))
		return err;
	if ((err = plenum_assembly_txn_begin(a, &t, diag))) {
		free(layout);
		return err;
	}
	err = plenum_assembly_txn_add(
		&t, "paper.printed", actor, diag,
		"kind,election,round,copies,bytes,sha256,layout", "tiiiitt",
		p->kind, p->election, p->round, p->copies, p->bytes, p->sha256,
		layout ? layout : "");
	free(layout);
	return plenum_assembly_txn_finish(&t, NULL, err, diag);
}

enum plenum_err
plenum_scans_layouts(struct plenum_assembly *a, int64_t election, int64_t round,
		     int64_t *round_out, char **json_out,
		     struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_stmt *st = NULL;
	json_t *arr = json_array();
	enum plenum_err err;
	int row;

	*json_out = NULL;
	if (arr == NULL)
		return PLENUM_ENOMEM;
	if ((round < 1 && (err = plenum_elections_db_open_round(
				   db, election, &round, diag))) ||
	    (err = plenum_db_prepare(db,
				     "SELECT layout FROM printed WHERE kind = "
				     "'ballots' AND election = ? AND round = ? "
				     "AND n IN (SELECT MIN(n) FROM printed "
				     "WHERE kind = 'ballots' GROUP BY digest) "
				     "ORDER BY n",
				     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, election)) ||
	    (err = plenum_db_bind_int(st, 2, round)))
		goto out;
	while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row) {
		json_t *l = json_loads(plenum_db_column_text(st, 0), 0, NULL);

		if (l == NULL || json_array_append_new(arr, l) != 0) {
			err = PLENUM_ENOMEM;
			break;
		}
	}
	if (err)
		goto out;
	if (json_array_size(arr) == 0) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "no ballots of election %" PRId64
				      ", round %" PRId64 " were printed with "
				      "plenum print",
				      election, round);
		goto out;
	}
	if ((*json_out = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		err = PLENUM_ENOMEM;
	else if (round_out != NULL)
		*round_out = round;
out:
	plenum_db_finalize(st);
	json_decref(arr);
	return err;
}

/* ---- scanning ---- */

static int
media_ok(const char *mt)
{
	size_t i;

	for (i = 0; mt != NULL && media_types[i] != NULL; i++)
		if (strcmp(mt, media_types[i]) == 0)
			return 1;
	return 0;
}

static enum plenum_err
refuse(struct plenum_scans_ballot *b, enum plenum_err err, const char *fmt, ...)
{
	va_list ap;

	b->err = err;
	va_start(ap, fmt);
	vsnprintf(b->message, sizeof(b->message), fmt, ap);
	va_end(ap);
	return PLENUM_OK;
}

/* Records one ballot in t, or sets b->err and b->message and records
 * nothing.  Returns only the errors that must undo the transaction. */
static enum plenum_err
add_one(struct plenum_assembly_txn *t, int64_t election, int64_t round,
	struct plenum_scans_ballot *b, const char *actor,
	struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(t->a);
	struct plenum_stmt *st = NULL;
	struct plenum_diag local;
	struct plenum_buf line;
	const char *status = b->status ? b->status : "";
	char reason[240], hex[PLENUM_SCANS_MAX_PAGES][65];
	char pre[PLENUM_SCANS_MAX_PAGES][65];
	char *pages_text = NULL;
	json_t *pages = NULL;
	int64_t r, n = 1;
	enum plenum_err err = PLENUM_OK;
	size_t i, k;
	int row;

	b->n = 0;
	b->err = PLENUM_OK;
	b->message[0] = '\0';
	plenum_buf_init(&line, 1u << 20);
	snprintf(reason, sizeof(reason), "%s", b->reason ? b->reason : "");
	if (b->npages < 1 || b->npages > PLENUM_SCANS_MAX_PAGES)
		return refuse(b, PLENUM_EINPUT, "a ballot has 1 to %d pages",
			      PLENUM_SCANS_MAX_PAGES);
	if (strcmp(status, "ok") != 0 && strcmp(status, "review") != 0 &&
	    strcmp(status, "unreadable") != 0)
		return refuse(b, PLENUM_EINPUT,
			      "status '%.20s' is not ok, review or unreadable",
			      status);
	if ((pages = json_array()) == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < b->npages; i++) {
		const struct plenum_scans_page *p = &b->pages[i];
		json_t *reading;

		if (p->image == NULL || p->len == 0 ||
		    p->len > PLENUM_SCANS_MAX_IMAGE ||
		    !media_ok(p->media_type)) {
			refuse(b, PLENUM_EINPUT,
			       "page %zu: an image of 1 byte to %u MiB, PNG, "
			       "TIFF or JPEG",
			       i + 1, PLENUM_SCANS_MAX_IMAGE >> 20);
			goto out;
		}
		reading = p->reading ? json_loads(p->reading, 0, NULL) : NULL;
		if (!json_is_object(reading)) {
			json_decref(reading);
			refuse(b, PLENUM_EINPUT,
			       "page %zu: the reading is no JSON object",
			       i + 1);
			goto out;
		}
		sha256_hex(p->image, p->len, hex[i]);
		pre[i][0] = '\0';
		if (p->preview != NULL && p->preview_len > 0)
			sha256_hex(p->preview, p->preview_len, pre[i]);
		for (k = 0; k < i; k++)
			if (strcmp(hex[k], hex[i]) == 0 &&
			    b->pages[k].frame == p->frame)
				break;
		if (k < i) {
			json_decref(reading);
			refuse(b, PLENUM_ECONFLICT,
			       "pages %zu and %zu are the same image", k + 1,
			       i + 1);
			goto out;
		}
		if ((err = plenum_assembly_sql(db,
					       "SELECT ballot FROM scan_pages "
					       "WHERE election = ? AND sha256 "
					       "= ? AND frame = ?",
					       &st, &row, diag, "iti", election,
					       hex[i], (int64_t)p->frame))) {
			json_decref(reading);
			goto out;
		}
		if (row) {
			refuse(b, PLENUM_ECONFLICT,
			       "the image of page %zu (%.60s) was scanned "
			       "before, as ballot %" PRId64,
			       i + 1, p->source ? p->source : "",
			       plenum_db_column_int(st, 0));
			plenum_db_finalize(st);
			json_decref(reading);
			goto out;
		}
		plenum_db_finalize(st);
		if (json_array_append_new(
			    pages,
			    json_pack("{s:s, s:I, s:s, s:s, s:s, s:o}",
				      "sha256", hex[i], "frame",
				      (json_int_t)p->frame, "preview", pre[i],
				      "media_type", p->media_type, "source",
				      p->source ? p->source : "", "reading",
				      reading)) != 0) {
			err = PLENUM_ENOMEM;
			goto out;
		}
	}
	if (strcmp(status, "unreadable") != 0) {
		if (b->line == NULL || *b->line == '\0' ||
		    strchr(b->line, '\n') != NULL) {
			refuse(b, PLENUM_EINPUT,
			       "a ballot that was read needs its line, "
			       "without line breaks");
			goto out;
		}
		if (strcmp(status, "ok") == 0 && strchr(b->line, '?') != NULL) {
			status = "review";
			snprintf(reason, sizeof(reason), "a mark is unclear");
		}
		memset(&local, 0, sizeof(local));
		if ((err = plenum_buf_adds(&line, b->line)) ||
		    (err = plenum_buf_addc(&line, '\n')))
			goto out;
		err = plenum_elections_txn_check_lines(
			t, election, &r, plenum_buf_str(&line), &local);
		if (err == PLENUM_EINPUT) {
			/* a person reads it; the machine's line is kept */
			snprintf(reason, sizeof(reason),
				 "the reading does not fit the list: %.180s",
				 local.message);
			status = "review";
		} else if (err) {
			plenum_diag_set(diag, err, 0, 0, "%s", local.message);
			goto out;
		}
		err = PLENUM_OK;
	}
	pages_text = json_dumps(pages, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (pages_text == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	if (strlen(pages_text) > PLENUM_EVENT_MAX_VALUE ||
	    strlen(b->line ? b->line : "") > PLENUM_EVENT_MAX_VALUE / 2) {
		refuse(b, PLENUM_ELIMIT,
		       "the ballot's reading is too long for the record");
		goto out;
	}
	if ((err = plenum_assembly_sql(db,
				       "SELECT COALESCE(MAX(n), 0) + 1 FROM "
				       "scan_ballots WHERE election = ?",
				       &st, &row, diag, "i", election)))
		goto out;
	if (row)
		n = plenum_db_column_int(st, 0);
	plenum_db_finalize(st);
	if ((err = plenum_assembly_txn_add(
		     t, "paper.scanned", actor, diag,
		     "election,round,ballot,pages,status,reason,ballots",
		     "iiitttt", election, round, n, pages_text, status, reason,
		     strcmp(status, "unreadable") == 0 ? "" : b->line)))
		goto out;
	for (i = 0; i < 2 * b->npages && err == PLENUM_OK; i++) {
		const struct plenum_scans_page *p = &b->pages[i / 2];
		int second = i % 2;

		if (second && pre[i / 2][0] == '\0')
			continue;
		if ((err = plenum_db_prepare(
			     db,
			     "INSERT INTO scan_images (sha256, media_type, "
			     "bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO "
			     "NOTHING",
			     &st, diag)) ||
		    (err = plenum_db_bind_text(
			     st, 1, second ? pre[i / 2] : hex[i / 2])) ||
		    (err = plenum_db_bind_text(
			     st, 2, second ? "image/png" : p->media_type)) ||
		    (err = plenum_db_bind_blob(
			     st, 3, second ? p->preview : p->image,
			     second ? p->preview_len : p->len)) ||
		    (err = plenum_db_step(st, &row, diag))) {
			/* err stops the loop */
		}
		plenum_db_finalize(st);
		st = NULL;
	}
	if (err == PLENUM_OK) {
		b->n = n;
		if (strcmp(status, b->status) != 0)
			snprintf(b->message, sizeof(b->message), "%.190s",
				 reason);
	}
out:
	free(pages_text);
	json_decref(pages);
	plenum_buf_release(&line);
	return err;
}

enum plenum_err
plenum_scans_add(struct plenum_assembly *a, int64_t election,
		 struct plenum_scans_ballot *ballots, size_t n,
		 const char *actor, struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	enum plenum_err err;
	int64_t round;
	size_t i, added = 0;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = plenum_elections_db_open_round(plenum_assembly_db(a),
						  election, &round, diag)))
		goto out;
	for (i = 0; i < n && err == PLENUM_OK; i++) {
		err = add_one(&t, election, round, &ballots[i], actor, diag);
		added += err == PLENUM_OK && ballots[i].n > 0;
	}
out:
	if (err == PLENUM_OK && added == 0) {
		plenum_assembly_txn_abort(&t);
		return PLENUM_OK;
	}
	return plenum_assembly_txn_finish(&t, NULL, err, diag);
}

/* ---- adjudication ---- */

enum plenum_err
plenum_scans_decide(struct plenum_assembly *a, int64_t election, int64_t n,
		    const char *teller, const char *line, const char *note,
		    const char *actor, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_buf norm;
	char state[16];
	int64_t round, open;
	size_t len;
	enum plenum_err err;
	int ok;

	plenum_buf_init(&norm, 1u << 20);
	line = line ? line : "";
	len = strlen(line);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (memchr(line, '\n', len) != NULL || len > PLENUM_EVENT_MAX_VALUE / 2)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a decision is one ballot line");
	if (teller == NULL || *teller == '\0')
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "name the teller who decides");
	if ((err = plenum_buf_add(&norm, line, len)))
		return err;
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		goto done;
	if ((err = ballot_state(db, election, n, &round, state, sizeof(state),
				NULL, 0, diag)) ||
	    (err = holds(db, teller, "teller", "chief-teller", &ok, diag)))
		goto out;
	if (!ok) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" is not an appointed teller",
				      teller);
		goto out;
	}
	if (strcmp(state, "entered") == 0) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "scanned ballot %" PRId64 " is entered "
				      "already",
				      n);
		goto out;
	}
	if ((err = plenum_elections_txn_check_lines(&t, election, &open, NULL,
						    diag)))
		goto out;
	if (open != round) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "scanned ballot %" PRId64 " belongs to "
				      "round %" PRId64 ", which is closed",
				      n, round);
		goto out;
	}
	if (len > 0) {
		if ((err = plenum_buf_addc(&norm, '\n')) ||
		    (err = plenum_elections_txn_check_lines(
			     &t, election, &open, plenum_buf_str(&norm), diag)))
			goto out;
		norm.len--;
		norm.data[norm.len] = '\0';
	}
	err = plenum_assembly_txn_add(
		&t, "paper.decided", actor, diag,
		"election,round,ballot,teller,ballots,note", "iiittt", election,
		round, n, teller, plenum_buf_str(&norm), note ? note : "");
out:
	err = plenum_assembly_txn_finish(&t, NULL, err, diag);
done:
	plenum_buf_release(&norm);
	return err;
}

enum plenum_err
plenum_scans_confirm(struct plenum_assembly *a, int64_t election, int64_t n,
		     const char *scrutineer, const char *actor,
		     struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	char state[16], teller[256];
	int64_t round;
	enum plenum_err err;
	int ok;

	if (scrutineer == NULL || *scrutineer == '\0')
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "name the scrutineer who confirms");
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = ballot_state(db, election, n, &round, state, sizeof(state),
				teller, sizeof(teller), diag)) ||
	    (err = holds(db, scrutineer, "scrutineer", "chief-scrutineer", &ok,
			 diag)))
		goto out;
	if (!ok)
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" is not an appointed scrutineer",
				      scrutineer);
	else if (strcmp(state, "decided") != 0)
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "scanned ballot %" PRId64 " has no "
				      "decision to confirm (it is %s)",
				      n, state);
	else if (strcmp(teller, scrutineer) == 0)
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "\"%s\" decided scanned ballot %" PRId64
				      ": another official must confirm it",
				      scrutineer, n);
	else
		err = plenum_assembly_txn_add(
			&t, "paper.confirmed", actor, diag,
			"election,round,ballot,scrutineer", "iiit", election,
			round, n, scrutineer);
out:
	return plenum_assembly_txn_finish(&t, NULL, err, diag);
}

/* Enters one chunk of lines as a batch, and records which ballots. */
static enum plenum_err
enter_chunk(struct plenum_assembly_txn *t, int64_t election, int64_t round,
	    struct plenum_buf *lines, int64_t first, int64_t last,
	    int64_t count, const char *actor, int64_t *batch,
	    struct plenum_diag *diag)
{
	enum plenum_err err;

	if ((err = plenum_elections_txn_scanned(
		     t, election, plenum_buf_str(lines), actor, batch, diag)))
		return err;
	plenum_buf_reset(lines);
	return plenum_assembly_txn_add(t, "paper.entered", actor, diag,
				       "election,round,batch,count,first,last",
				       "iiiiii", election, round, *batch, count,
				       first, last);
}

enum plenum_err
plenum_scans_enter(struct plenum_assembly *a, int64_t election,
		   const char *actor, int64_t *batch_out, int64_t *count_out,
		   struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_stmt *st = NULL;
	struct plenum_buf lines;
	int64_t round, first = 0, last = 0, count = 0, total = 0, batch = 0;
	enum plenum_err err;
	int row;

	if (batch_out != NULL)
		*batch_out = 0;
	if (count_out != NULL)
		*count_out = 0;
	plenum_buf_init(&lines, SCAN_BATCH + 1);
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		goto done;
	if ((err = plenum_elections_db_open_round(db, election, &round,
						  diag)) ||
	    (err = plenum_db_prepare(db,
				     "SELECT n, CASE WHEN state = 'accepted' "
				     "THEN line ELSE decision END FROM "
				     "scan_ballots WHERE election = ? AND "
				     "round = ? AND state IN ('accepted', "
				     "'confirmed') ORDER BY n",
				     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, election)) ||
	    (err = plenum_db_bind_int(st, 2, round)))
		goto out;
	/* read them all first: entering writes the same table */
	{
		struct plenum_buf all;
		const char *p;

		plenum_buf_init(&all, 1u << 30);
		while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK &&
		       row) {
			char num[24];

			snprintf(num, sizeof(num), "%" PRId64 "\t",
				 plenum_db_column_int(st, 0));
			if ((err = plenum_buf_adds(&all, num)) ||
			    (err = plenum_buf_adds(
				     &all, plenum_db_column_text(st, 1))) ||
			    (err = plenum_buf_addc(&all, '\n')))
				break;
		}
		plenum_db_finalize(st);
		st = NULL;
		for (p = plenum_buf_str(&all); err == PLENUM_OK && *p;) {
			char *tab;
			int64_t n = strtoll(p, &tab, 10);
			const char *nl = strchr(tab + 1, '\n');
			size_t len = (size_t)(nl - tab);

			if (lines.len + len > SCAN_BATCH && count > 0) {
				err = enter_chunk(&t, election, round, &lines,
						  first, last, count, actor,
						  &batch, diag);
				total += count;
				count = 0;
				if (err)
					break;
			}
			if (count == 0)
				first = n;
			last = n;
			count++;
			if ((err = plenum_buf_add(&lines, tab + 1, len)))
				break;
			p = nl + 1;
		}
		plenum_buf_release(&all);
	}
	if (err == PLENUM_OK && count > 0) {
		err = enter_chunk(&t, election, round, &lines, first, last,
				  count, actor, &batch, diag);
		total += count;
	}
out:
	plenum_db_finalize(st);
	if (err == PLENUM_OK && total == 0)
		plenum_assembly_txn_abort(&t);
	else
		err = plenum_assembly_txn_finish(&t, NULL, err, diag);
	if (err == PLENUM_OK) {
		if (batch_out != NULL)
			*batch_out = batch;
		if (count_out != NULL)
			*count_out = total;
	}
done:
	plenum_buf_release(&lines);
	return err;
}

/* ---- reading ---- */

static json_t *
text_or_null(struct plenum_stmt *st, int col)
{
	return plenum_db_column_is_null(st, col)
		       ? json_null()
		       : json_string(plenum_db_column_text(st, col));
}

/* Adds each ballot's pages (with readings when asked) to the ballots of
 * arr, which are in n order. */
static enum plenum_err
list_pages(struct plenum_db *db, int64_t election, int64_t which, json_t *arr,
	   struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	size_t at = 0;
	int row;

	if ((err = plenum_db_prepare(
		     db,
		     which == PLENUM_SCANS_ALL
			     ? "SELECT p.ballot, p.sha256, p.media_type, "
			       "p.source, '', p.frame, p.preview FROM "
			       "scan_pages p "
			       "WHERE "
			       "p.election = ? AND ? = ? ORDER BY p.ballot, "
			       "p.page"
			     : "SELECT p.ballot, p.sha256, p.media_type, "
			       "p.source, p.reading, p.frame, p.preview FROM "
			       "scan_pages p "
			       "JOIN "
			       "scan_ballots b ON b.election = p.election AND "
			       "b.n = p.ballot WHERE p.election = ? AND (b.n = "
			       "? OR (? = -1 AND b.state IN ('waiting', "
			       "'decided'))) ORDER BY p.ballot, p.page",
		     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, election)) ||
	    (err = plenum_db_bind_int(st, 2, which)) ||
	    (err = plenum_db_bind_int(st, 3, which)))
		goto out;
	while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row) {
		int64_t n = plenum_db_column_int(st, 0);
		json_t *b, *page;

		while (at < json_array_size(arr) &&
		       json_integer_value(json_object_get(
			       json_array_get(arr, at), "n")) < n)
			at++;
		b = json_array_get(arr, at);
		if (b == NULL ||
		    json_integer_value(json_object_get(b, "n")) != n)
			continue;
		page = json_pack("{s:s, s:I, s:s, s:s, s:s}", "sha256",
				 plenum_db_column_text(st, 1), "frame",
				 (json_int_t)plenum_db_column_int(st, 5),
				 "preview", plenum_db_column_text(st, 6),
				 "media_type", plenum_db_column_text(st, 2),
				 "source", plenum_db_column_text(st, 3));
		if (page != NULL && which != PLENUM_SCANS_ALL)
			json_object_set_new(
				page, "reading",
				json_loads(plenum_db_column_text(st, 4), 0,
					   NULL));
		if (page == NULL ||
		    json_array_append_new(json_object_get(b, "pages"), page)) {
			err = PLENUM_ENOMEM;
			break;
		}
	}
out:
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_scans_list(struct plenum_assembly *a, int64_t election, int64_t which,
		  char **json_out, struct plenum_diag *diag)
{
	static const char *const states[] = {
		"accepted", "waiting", "decided", "confirmed",
		"rejected", "entered", NULL,
	};
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_stmt *st = NULL;
	json_t *j = NULL, *arr, *counts;
	int64_t round = 0, scanned = 0;
	enum plenum_err err;
	size_t i;
	int row;

	*json_out = NULL;
	if ((err = plenum_assembly_sql(db,
				       "SELECT COALESCE(MAX(n), 0) FROM rounds "
				       "WHERE election = ?",
				       &st, &row, diag, "i", election)))
		return err;
	round = row ? plenum_db_column_int(st, 0) : 0;
	plenum_db_finalize(st);
	st = NULL;
	arr = json_array();
	counts = json_object();
	j = json_pack("{s:I, s:I, s:o, s:o}", "election", (json_int_t)election,
		      "round", (json_int_t)round, "counts", counts, "ballots",
		      arr);
	if (j == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; states[i] != NULL; i++)
		json_object_set_new(counts, states[i], json_integer(0));
	/* the ballot's form, for a person deciding a line */
	if (round > 0) {
		char *form = NULL;
		json_t *f;

		if (plenum_elections_round_form(a, election, round, &form,
						NULL) == PLENUM_OK &&
		    (f = json_loads(form, 0, NULL)) != NULL) {
			json_object_set(j, "form", json_object_get(f, "form"));
			json_object_set(j, "choices",
					json_object_get(f, "choices"));
			json_decref(f);
		}
		free(form);
	}
	if ((err = plenum_db_prepare(
		     db,
		     "SELECT n, round, state, status, reason, line, decision, "
		     "teller, note, scrutineer, batch FROM scan_ballots WHERE "
		     "election = ? ORDER BY n",
		     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, election)))
		goto out;
	while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row) {
		int64_t n = plenum_db_column_int(st, 0);
		const char *state = plenum_db_column_text(st, 2);
		json_t *c = json_object_get(counts, state), *b;

		scanned++;
		if (c != NULL)
			json_integer_set(c, json_integer_value(c) + 1);
		if ((which == PLENUM_SCANS_QUEUE &&
		     strcmp(state, "waiting") != 0 &&
		     strcmp(state, "decided") != 0) ||
		    (which > 0 && n != which))
			continue;
		b = json_pack(
			"{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, "
			"s:o, s:[]}",
			"n", (json_int_t)n, "round",
			(json_int_t)plenum_db_column_int(st, 1), "state", state,
			"status", plenum_db_column_text(st, 3), "reason",
			plenum_db_column_text(st, 4), "line",
			plenum_db_column_text(st, 5), "decision",
			text_or_null(st, 6), "teller", text_or_null(st, 7),
			"note", text_or_null(st, 8), "scrutineer",
			text_or_null(st, 9), "batch",
			plenum_db_column_is_null(st, 10)
				? json_null()
				: json_integer(plenum_db_column_int(st, 10)),
			"pages");
		if (b == NULL || json_array_append_new(arr, b) != 0) {
			err = PLENUM_ENOMEM;
			goto out;
		}
	}
	if (err)
		goto out;
	plenum_db_finalize(st);
	st = NULL;
	json_object_set_new(counts, "scanned", json_integer(scanned));
	if (which > 0 && json_array_size(arr) == 0) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "election %" PRId64 " has no scanned "
				      "ballot %" PRId64,
				      election, which);
		goto out;
	}
	if ((err = list_pages(db, election, which, arr, diag)))
		goto out;
	if ((*json_out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		err = PLENUM_ENOMEM;
out:
	plenum_db_finalize(st);
	json_decref(j);
	return err;
}

enum plenum_err
plenum_scans_image(struct plenum_assembly *a, const char *sha256,
		   unsigned char **data, size_t *len, char *mt,
		   struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	const void *p;
	enum plenum_err err;
	int row;

	*data = NULL;
	*len = 0;
	if (sha256 == NULL || !is_hex64(sha256))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "an image is named by its SHA-256");
	if ((err = plenum_assembly_sql(plenum_assembly_db(a),
				       "SELECT media_type, bytes FROM "
				       "scan_images WHERE sha256 = ?",
				       &st, &row, diag, "t", sha256)))
		return err;
	if (!row) {
		plenum_db_finalize(st);
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "no image \"%s\"", sha256);
	}
	if (mt != NULL)
		snprintf(mt, 32, "%s", plenum_db_column_text(st, 0));
	p = plenum_db_column_blob(st, 1, len);
	if ((*data = malloc(*len ? *len : 1)) == NULL)
		err = PLENUM_ENOMEM;
	else if (*len > 0)
		memcpy(*data, p, *len);
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_scans_check_images(struct plenum_assembly *a,
			  struct plenum_buf *problems, int64_t *checked,
			  int64_t *bad, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	*checked = *bad = 0;
	if ((err = plenum_db_prepare(
		     plenum_assembly_db(a),
		     "SELECT p.election, p.ballot, p.page, p.sha256, "
		     "i.sha256, i.bytes FROM scan_pages p LEFT JOIN "
		     "scan_images i ON i.sha256 = p.sha256 UNION ALL SELECT "
		     "p.election, p.ballot, p.page, p.preview, i.sha256, "
		     "i.bytes FROM scan_pages p LEFT JOIN scan_images i ON "
		     "i.sha256 = p.preview WHERE p.preview <> '' ORDER BY 1, "
		     "2, 3",
		     &st, diag)))
		return err;
	while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row) {
		const char *want = plenum_db_column_text(st, 3);
		char hex[65];
		const void *p;
		size_t len;

		(*checked)++;
		if (plenum_db_column_is_null(st, 4)) {
			hex[0] = '\0';
		} else {
			p = plenum_db_column_blob(st, 5, &len);
			sha256_hex(p ? p : (const void *)"", p ? len : 0, hex);
		}
		if (strcmp(hex, want) == 0)
			continue;
		(*bad)++;
		if (problems != NULL &&
		    (err = plenum_buf_addf(
			     problems,
			     "election %" PRId64 ", scanned ballot %" PRId64
			     ", page %" PRId64 ": image %s is %s\n",
			     plenum_db_column_int(st, 0),
			     plenum_db_column_int(st, 1),
			     plenum_db_column_int(st, 2), want,
			     hex[0] ? "altered" : "missing")))
			break;
	}
	plenum_db_finalize(st);
	return err;
}
