/*
 * elections.c: elections inside an assembly (see elections.h).
 *
 * Invariants: apply() is the only code that changes these tables; a round
 * is counted by count_round(), which builds a plenum-election/1 document
 * from the stored round and streams the agreed ballot lines through the
 * engine's counter, both live and when a replay meets round_counted, so a
 * recorded result that the ballots do not give is refused; ballot lines
 * sit in batches with the teller who typed them, never with a voter.
 */
#include "elections.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assembly_impl.h"
#include "ballots.h"
#include "election.h"
#include "db.h"
#include "names.h"
#include "ops_impl.h"
#include "count.h"
#include "report.h"
#include "resultjson.h"
#include "tally.h"

#define MAX_BATCH (8u << 20) /* bytes of ballot lines in one batch */

static const char schema[] =
	"CREATE TABLE elections (n INTEGER PRIMARY KEY, title TEXT NOT NULL, "
	"rules TEXT NOT NULL, options TEXT NOT NULL, seats INTEGER NOT NULL, "
	"alternate_seats INTEGER NOT NULL);"
	"CREATE TABLE candidates (election INTEGER NOT NULL, pos INTEGER NOT "
	"NULL, id TEXT NOT NULL, name TEXT NOT NULL, member TEXT, PRIMARY KEY "
	"(election, id));"
	"CREATE TABLE officials (role TEXT NOT NULL, member TEXT NOT NULL, "
	"PRIMARY KEY (role, member));"
	"CREATE TABLE rounds (election INTEGER NOT NULL, n INTEGER NOT NULL, "
	"runoff INTEGER NOT NULL, seats INTEGER NOT NULL, alternate_seats "
	"INTEGER NOT NULL, list TEXT NOT NULL, should_attend INTEGER NOT "
	"NULL, present INTEGER NOT NULL, convened INTEGER NOT NULL, excluded "
	"INTEGER NOT NULL, decision TEXT, issued INTEGER, returned INTEGER, "
	"state TEXT NOT NULL, result TEXT, PRIMARY KEY (election, n));"
	"CREATE TABLE batches (election INTEGER NOT NULL, round INTEGER NOT "
	"NULL, batch INTEGER NOT NULL, entry INTEGER NOT NULL, teller TEXT NOT "
	"NULL, ballots TEXT NOT NULL, PRIMARY KEY (election, round, batch, "
	"entry));"
	"CREATE TABLE signoffs (election INTEGER NOT NULL, round INTEGER NOT "
	"NULL, member TEXT NOT NULL, PRIMARY KEY (election, round, member));";

static const char *const compare[] = {
	"elections",
	"SELECT n, title, rules, options, seats, alternate_seats FROM "
	"elections ORDER BY n",
	"candidates",
	"SELECT election, pos, id, name, member FROM candidates ORDER BY "
	"election, pos",
	"officials",
	"SELECT role, member FROM officials ORDER BY role, member",
	"rounds",
	"SELECT election, n, runoff, seats, alternate_seats, list, "
	"should_attend, present, convened, excluded, decision, issued, "
	"returned, state, result FROM rounds ORDER BY election, n",
	"batches",
	"SELECT election, round, batch, entry, teller, ballots FROM batches "
	"ORDER BY election, round, batch, entry",
	"signoffs",
	"SELECT election, round, member FROM signoffs ORDER BY election, "
	"round, member",
	NULL,
	NULL,
};

static const char *const role_words[] = { "chief-scrutineer", "scrutineer",
					  "chief-teller", "teller" };

const char *
plenum_elections_role_word(enum plenum_official_role role)
{
	return (unsigned)role < 4 ? role_words[role] : "unknown";
}

int
plenum_elections_role_parse(const char *word, enum plenum_official_role *out)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(word, role_words[i]) == 0) {
			*out = (enum plenum_official_role)i;
			return 0;
		}
	return -1;
}

/* ---- queries ---- */

/* Runs sql with int and text parameters given as a format: "i" binds an
 * int64_t, "t" a const char *.  Returns the statement stepped once (row
 * tells whether a row came), for the caller to read and finalize. */
static enum plenum_err
query(struct plenum_db *db, const char *sql, struct plenum_stmt **st, int *row,
      struct plenum_diag *diag, const char *types, ...)
{
	enum plenum_err err;
	va_list ap;
	int i;

	*st = NULL;
	if ((err = plenum_db_prepare(db, sql, st, diag)))
		return err;
	va_start(ap, types);
	for (i = 0; types[i] != '\0' && err == PLENUM_OK; i++)
		err = types[i] == 'i'
			      ? plenum_db_bind_int(*st, i + 1,
						   va_arg(ap, int64_t))
			      : plenum_db_bind_text(*st, i + 1,
						    va_arg(ap, const char *));
	va_end(ap);
	if (err == PLENUM_OK)
		err = plenum_db_step(*st, row, diag);
	if (err != PLENUM_OK) {
		plenum_db_finalize(*st);
		*st = NULL;
	}
	return err;
}

/* The last round of an election: *n (0 when none) and its state. */
static enum plenum_err
last_round(struct plenum_db *db, int64_t election, int64_t *n, char *state,
	   size_t len, struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	*n = 0;
	state[0] = '\0';
	err = query(db,
		    "SELECT n, state FROM rounds WHERE election = ? ORDER BY "
		    "n DESC LIMIT 1",
		    &st, &row, diag, "i", election);
	if (err != PLENUM_OK)
		return err;
	if (row) {
		*n = plenum_db_column_int(st, 0);
		snprintf(state, len, "%s", plenum_db_column_text(st, 1));
	}
	plenum_db_finalize(st);
	return PLENUM_OK;
}

static enum plenum_err
election_exists(struct plenum_db *db, int64_t election,
		struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	err = query(db, "SELECT 1 FROM elections WHERE n = ?", &st, &row, diag,
		    "i", election);
	if (err != PLENUM_OK)
		return err;
	plenum_db_finalize(st);
	return row ? PLENUM_OK
		   : plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				     "no election %" PRId64, election);
}

/* Whether member holds role (NULL role: any role). */
static enum plenum_err
is_official(struct plenum_db *db, const char *member, const char *role,
	    int *yes, struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	err = role ? query(db,
			   "SELECT 1 FROM officials WHERE member = ? AND role "
			   "= ?",
			   &st, &row, diag, "tt", member, role)
		   : query(db, "SELECT 1 FROM officials WHERE member = ?", &st,
			   &row, diag, "t", member);
	if (err != PLENUM_OK)
		return err;
	*yes = row;
	plenum_db_finalize(st);
	return PLENUM_OK;
}

/* ---- counting a stored round with the engine ---- */

struct memsrc {
	const char *data;
	size_t len, pos;
};

static long
mem_read(void *ctx, char *buf, size_t n)
{
	struct memsrc *m = ctx;

	if (n > m->len - m->pos)
		n = m->len - m->pos;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (long)n;
}

/* The round's document (list, seats, electorate, ballots) as JSON text. */
static enum plenum_err
round_document(struct plenum_db *db, int64_t election, int64_t round,
	       char **doc_out, int64_t *returned, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL, *cs = NULL;
	json_t *doc = NULL, *cands, *options, *el;
	json_error_t jerr;
	char *list = NULL, *tok, *save;
	enum plenum_err err;
	int row;

	*doc_out = NULL;
	err = query(db,
		    "SELECT e.title, e.rules, e.options, r.runoff, r.seats, "
		    "r.alternate_seats, r.list, r.should_attend, r.present, "
		    "r.convened, r.excluded, r.issued, r.returned FROM "
		    "elections e, rounds r WHERE e.n = r.election AND "
		    "r.election = ? AND r.n = ?",
		    &st, &row, diag, "ii", election, round);
	if (err != PLENUM_OK)
		return err;
	if (!row) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "no round %" PRId64 " of election "
				      "%" PRId64,
				      round, election);
		goto out;
	}
	options = json_loads(plenum_db_column_text(st, 2), 0, &jerr);
	el = json_pack("{s:I, s:I, s:I, s:I}", "should_attend",
		       (json_int_t)plenum_db_column_int(st, 7), "present",
		       (json_int_t)plenum_db_column_int(st, 8), "convened",
		       (json_int_t)plenum_db_column_int(st, 9), "excluded",
		       (json_int_t)plenum_db_column_int(st, 10));
	cands = json_array();
	doc = json_pack(
		"{s:s, s:s, s:s, s:o, s:I, s:I, s:b, s:o, s:I, s:o}", "format",
		"plenum-election/1", "title", plenum_db_column_text(st, 0),
		"rules", plenum_db_column_text(st, 1), "options",
		options ? options : json_object(), "seats",
		(json_int_t)plenum_db_column_int(st, 4), "alternate_seats",
		(json_int_t)plenum_db_column_int(st, 5), "runoff",
		(int)plenum_db_column_int(st, 3), "electorate", el,
		"ballots_issued",
		(json_int_t)(plenum_db_column_is_null(st, 11)
				     ? 0
				     : plenum_db_column_int(st, 11)),
		"candidates", cands);
	*returned = plenum_db_column_is_null(st, 12)
			    ? -1
			    : plenum_db_column_int(st, 12);
	list = strdup(plenum_db_column_text(st, 6));
	if (doc == NULL || list == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	/* the round's list, in the order of the printed list */
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		err = query(db,
			    "SELECT name FROM candidates WHERE election = ? "
			    "AND id = ?",
			    &cs, &row, diag, "it", election, tok);
		if (err != PLENUM_OK)
			goto out;
		if (row)
			json_array_append_new(
				cands,
				json_pack("{s:s, s:s}", "id", tok, "name",
					  plenum_db_column_text(cs, 0)));
		plenum_db_finalize(cs);
		cs = NULL;
	}
	if ((*doc_out = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		err = PLENUM_ENOMEM;
out:
	plenum_db_finalize(st);
	free(list);
	json_decref(doc);
	return err;
}

/* Joins entry 1 of every batch after checking entry 2 agrees. */
static enum plenum_err
agreed_ballots(struct plenum_db *db, int64_t election, int64_t round,
	       struct plenum_buf *out, int64_t *nballots,
	       struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	*nballots = 0;
	if ((err = plenum_buf_adds(out, "#plenum-ballots/1\n")))
		return err;
	err = plenum_db_prepare(
		db,
		"SELECT a.batch, a.ballots, b.ballots FROM batches a LEFT JOIN "
		"batches b ON b.election = a.election AND b.round = a.round "
		"AND b.batch = a.batch AND b.entry = 2 WHERE a.election = ? "
		"AND a.round = ? AND a.entry = 1 ORDER BY a.batch",
		&st, diag);
	if (err == PLENUM_OK && ((err = plenum_db_bind_int(st, 1, election)) ||
				 (err = plenum_db_bind_int(st, 2, round))))
		goto out;
	for (; err == PLENUM_OK;) {
		const char *x, *y, *p;

		if ((err = plenum_db_step(st, &row, diag)) || !row)
			break;
		x = plenum_db_column_text(st, 1);
		y = plenum_db_column_text(st, 2);
		if (y == NULL || strcmp(x, y) != 0) {
			err = plenum_diag_set(
				diag, PLENUM_ECONFLICT, 0, 0,
				"batch %" PRId64 " is not reconciled: its two "
				"entries %s",
				plenum_db_column_int(st, 0),
				y == NULL ? "are not both in" : "differ");
			break;
		}
		for (p = x; *p; p++)
			if (*p == '\n')
				(*nballots)++;
		err = plenum_buf_adds(out, x);
	}
out:
	plenum_db_finalize(st);
	return err;
}

/*
 * Counts a stored round.  Every output may be NULL.  The result JSON is
 * compact, in the engine's key order, notes in English, so that a replay
 * gives the same bytes.
 */
static enum plenum_err
count_round(struct plenum_db *db, int64_t election, int64_t round,
	    struct plenum_election **e_out, struct plenum_tally **t_out,
	    char **json_out, struct plenum_diag *diag)
{
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_counter *k = NULL;
	struct plenum_count_setup setup;
	struct plenum_buf lines;
	struct memsrc m;
	struct plenum_json_source src = { mem_read, &m };
	struct plenum_diag local;
	const struct plenum_counts *counts;
	char *doc = NULL;
	int64_t returned, entered;
	json_t *j = NULL;
	enum plenum_err err;

	plenum_buf_init(&lines, 1u << 30);
	if ((err = round_document(db, election, round, &doc, &returned, diag)))
		goto out;
	m.data = doc;
	m.len = strlen(doc);
	m.pos = 0;
	memset(&local, 0, sizeof(local));
	if ((err = plenum_election_parse(&src, PLENUM_PARSE_LIST_ONLY, &e,
					 &local))) {
		err = plenum_diag_set(diag, err, 0, 0,
				      "election %" PRId64 " cannot be counted: "
				      "%s",
				      election, local.message);
		goto out;
	}
	if ((err = agreed_ballots(db, election, round, &lines, &entered, diag)))
		goto out;
	if (returned < 0) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "record the ballots returned before the "
				      "count");
		goto out;
	}
	if (returned <= e->ballots_issued && entered != returned) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "%" PRId64 " ballots were returned but "
				      "%" PRId64 " are entered",
				      returned, entered);
		goto out;
	}
	plenum_election_count_setup(e, &setup);
	if ((k = plenum_counter_new(&setup)) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	m.data = lines.data;
	m.len = lines.len;
	m.pos = 0;
	if ((err = plenum_ballots_read_lines(k, &src, &local))) {
		err = plenum_diag_set(
			diag, err, 0, 0, "ballot %lu of the round: %s",
			local.line > 0 ? local.line - 1 : 0, local.message);
		goto out;
	}
	counts = plenum_counter_counts(k);
	/* a void round is not counted: its box held too many ballots */
	e->ballots_returned = returned;
	if ((err = plenum_tally_decide(e, counts, &t)))
		goto out;
	if (json_out != NULL) {
		j = plenum_resultjson_build(e, t, "en");
		if (j == NULL ||
		    (*json_out = json_dumps(
			     j, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
			err = PLENUM_ENOMEM;
			goto out;
		}
	}
out:
	json_decref(j);
	plenum_counter_free(k);
	plenum_buf_release(&lines);
	free(doc);
	if (err == PLENUM_OK && t_out != NULL) {
		*t_out = t;
		t = NULL;
	}
	if (err == PLENUM_OK && e_out != NULL) {
		*e_out = e;
		e = NULL;
	}
	plenum_tally_free(t);
	plenum_election_free(e);
	return err;
}

/* ---- the projections ---- */

#define TEXT(key) plenum_assembly_event_text(ev, key)
#define INT(key)  plenum_assembly_event_int(ev, key, -1)

static enum plenum_err
exec_event(struct plenum_db *db, const char *sql, struct plenum_diag *diag,
	   const char *types, ...)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	va_list ap;
	int i, row;

	if ((err = plenum_db_prepare(db, sql, &st, diag)))
		return err;
	va_start(ap, types);
	for (i = 0; types[i] != '\0' && err == PLENUM_OK; i++) {
		if (types[i] == 'i')
			err = plenum_db_bind_int(st, i + 1,
						 va_arg(ap, int64_t));
		else
			err = plenum_db_bind_text(st, i + 1,
						  va_arg(ap, const char *));
	}
	va_end(ap);
	if (err == PLENUM_OK)
		err = plenum_db_step(st, &row, diag);
	plenum_db_finalize(st);
	return err;
}

static enum plenum_err
apply(struct plenum_db *db, const struct plenum_event *ev,
      struct plenum_diag *diag)
{
	const char *type = plenum_event_type(ev) + strlen("election.");
	int64_t election = INT("election"), round = INT("round");
	enum plenum_err err;

	if (strcmp(type, "created") == 0) {
		if (!TEXT("title") || !TEXT("rules") || !TEXT("options"))
			return plenum_assembly_bad_event(ev, "incomplete",
							 diag);
		return exec_event(db,
				  "INSERT INTO elections (n, title, rules, "
				  "options, seats, alternate_seats) VALUES "
				  "(?, ?, ?, ?, ?, ?)",
				  diag, "itttii", election, TEXT("title"),
				  TEXT("rules"), TEXT("options"), INT("seats"),
				  INT("alternate_seats"));
	}
	if (strcmp(type, "candidate_added") == 0)
		return exec_event(db,
				  "INSERT INTO candidates (election, pos, id, "
				  "name, member) VALUES (?, (SELECT "
				  "COALESCE(MAX(pos), 0) + 1 FROM candidates "
				  "WHERE election = ?), ?, ?, ?)",
				  diag, "iittt", election, election, TEXT("id"),
				  TEXT("name"), TEXT("member"));
	if (strcmp(type, "official_appointed") == 0)
		return exec_event(db,
				  "INSERT INTO officials (role, member) VALUES "
				  "(?, ?)",
				  diag, "tt", TEXT("role"), TEXT("member"));
	if (strcmp(type, "round_opened") == 0)
		return exec_event(
			db,
			"INSERT INTO rounds (election, n, runoff, "
			"seats, alternate_seats, list, should_attend, "
			"present, convened, excluded, decision, "
			"state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			"?, 'open')",
			diag, "iiiiitiiiit", election, round, INT("runoff"),
			INT("seats"), INT("alternate_seats"), TEXT("list"),
			INT("should_attend"), INT("present"), INT("convened"),
			INT("excluded"), TEXT("decision"));
	if (strcmp(type, "ballots_issued") == 0 ||
	    strcmp(type, "ballots_returned") == 0)
		return exec_event(db,
				  type[8] == 'i'
					  ? "UPDATE rounds SET issued = ? "
					    "WHERE election = ? AND n = ?"
					  : "UPDATE rounds SET returned = ? "
					    "WHERE election = ? AND n = ?",
				  diag, "iii", INT("count"), election, round);
	if (strcmp(type, "batch_entered") == 0)
		return exec_event(db,
				  "INSERT INTO batches (election, round, "
				  "batch, entry, teller, ballots) VALUES (?, "
				  "?, ?, ?, ?, ?) ON CONFLICT (election, "
				  "round, batch, entry) DO UPDATE SET teller = "
				  "excluded.teller, ballots = excluded.ballots",
				  diag, "iiiitt", election, round, INT("batch"),
				  INT("entry"), TEXT("teller"),
				  TEXT("ballots"));
	if (strcmp(type, "round_counted") == 0) {
		char *json = NULL;
		const char *recorded = TEXT("result");

		/* the ballots must give what the log says they gave */
		if ((err = count_round(db, election, round, NULL, NULL, &json,
				       diag)))
			return err;
		if (recorded == NULL ||
		    !plenum_assembly_same_result(recorded, json)) {
			free(json);
			return plenum_assembly_bad_event(
				ev,
				"the recorded result is not what its ballots "
				"give",
				diag);
		}
		err = exec_event(db,
				 "UPDATE rounds SET result = ?, state = "
				 "'counted' WHERE election = ? AND n = ?",
				 diag, "tii", json, election, round);
		free(json);
		return err;
	}
	if (strcmp(type, "round_signed") == 0) {
		if ((err = exec_event(db,
				      "INSERT INTO signoffs (election, round, "
				      "member) VALUES (?, ?, ?)",
				      diag, "iit", election, round,
				      TEXT("scrutineer"))))
			return err;
		/* signed once every scrutineer has signed */
		return exec_event(
			db,
			"UPDATE rounds SET state = 'signed' WHERE election = "
			"? AND n = ? AND NOT EXISTS (SELECT 1 FROM officials "
			"o WHERE o.role IN ('scrutineer', 'chief-scrutineer') "
			"AND NOT EXISTS (SELECT 1 FROM signoffs s WHERE "
			"s.election = ? AND s.round = ? AND s.member = "
			"o.member))",
			diag, "iiii", election, round, election, round);
	}
	return plenum_assembly_bad_event(ev, "unknown event type", diag);
}

const struct plenum_store_module plenum_elections_module = {
	"elections", 3, "election.", schema, apply, compare,
};

/* ---- the list check ---- */

/* The election's whole list as a document the engine can check. */
static enum plenum_err
list_document(struct plenum_db *db, int64_t election,
	      struct plenum_election **out, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_diag local;
	json_t *doc = NULL, *cands;
	char *text = NULL;
	struct memsrc m;
	struct plenum_json_source src = { mem_read, &m };
	enum plenum_err err;
	int row;

	*out = NULL;
	if ((err = query(db,
			 "SELECT title, rules, options, seats, alternate_seats "
			 "FROM elections WHERE n = ?",
			 &st, &row, diag, "i", election)))
		return err;
	if (!row) {
		plenum_db_finalize(st);
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "no election %" PRId64, election);
	}
	cands = json_array();
	doc = json_pack("{s:s, s:s, s:s, s:o, s:I, s:I, s:{s:i, s:i, s:i}, "
			"s:i, s:o}",
			"format", "plenum-election/1", "title",
			plenum_db_column_text(st, 0), "rules",
			plenum_db_column_text(st, 1), "options",
			json_loads(plenum_db_column_text(st, 2), 0, NULL),
			"seats", (json_int_t)plenum_db_column_int(st, 3),
			"alternate_seats",
			(json_int_t)plenum_db_column_int(st, 4), "electorate",
			"should_attend", 1, "present", 1, "convened", 1,
			"ballots_issued", 0, "candidates", cands);
	plenum_db_finalize(st);
	st = NULL;
	if (doc == NULL)
		return PLENUM_ENOMEM;
	if ((err = plenum_db_prepare(db,
				     "SELECT id, name FROM candidates WHERE "
				     "election = ? ORDER BY pos",
				     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, election)))
		goto out;
	while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row)
		json_array_append_new(
			cands, json_pack("{s:s, s:s}", "id",
					 plenum_db_column_text(st, 0), "name",
					 plenum_db_column_text(st, 1)));
	if (err != PLENUM_OK)
		goto out;
	if (json_array_size(cands) == 0) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "election %" PRId64 " has no candidates",
				      election);
		goto out;
	}
	if ((text = json_dumps(doc, JSON_COMPACT)) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	m.data = text;
	m.len = strlen(text);
	m.pos = 0;
	memset(&local, 0, sizeof(local));
	if ((err = plenum_election_parse(&src, PLENUM_PARSE_LIST_ONLY, out,
					 &local)))
		err = plenum_diag_set(diag, err, 0, 0,
				      "election %" PRId64 ": %s", election,
				      local.message);
out:
	plenum_db_finalize(st);
	free(text);
	json_decref(doc);
	return err;
}

enum plenum_err
plenum_elections_check(struct plenum_assembly *a, int64_t election,
		       const char *locale, struct plenum_buf *out, int *ok,
		       struct plenum_diag *diag)
{
	struct plenum_election *e = NULL;
	struct plenum_list_check c;
	enum plenum_err err;

	*ok = 0;
	if ((err = list_document(plenum_assembly_db(a), election, &e, diag)))
		return err;
	if ((err = plenum_tally_check_list(e, &c)) == PLENUM_OK) {
		*ok = c.problem == PLENUM_LIST_OK;
		if (out != NULL)
			err = plenum_report_check(
				e, &c,
				locale ? locale
				       : plenum_assembly_info(a)->locale,
				out);
	}
	plenum_tally_list_release(&c);
	plenum_election_free(e);
	return err;
}

/* ---- operations ---- */

enum plenum_err
plenum_elections_add(struct plenum_assembly *a, const char *title,
		     int64_t seats, int64_t alternate_seats,
		     const char *options_json, const char *actor,
		     int64_t *n_out, struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	json_t *opts = NULL;
	json_error_t jerr;
	char *opts_text = NULL;
	enum plenum_err err;
	int row;

	if (title == NULL || *title == '\0' || seats < 1 || seats > 10000 ||
	    alternate_seats < 0 || alternate_seats > 10000)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "an election needs a title, 1 to 10000 "
				       "seats and 0 to 10000 alternates");
	opts = json_loads(options_json ? options_json : "{}", 0, &jerr);
	if (opts == NULL || !json_is_object(opts)) {
		json_decref(opts);
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "options must be a JSON object");
	}
	opts_text = json_dumps(opts, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(opts);
	if (opts_text == NULL)
		return PLENUM_ENOMEM;
	if ((err = plenum_assembly_txn_begin(a, &t, diag))) {
		free(opts_text);
		return err;
	}
	err = query(plenum_assembly_db(a),
		    "SELECT COALESCE(MAX(n), 0) + 1 FROM elections", &st, &row,
		    diag, "");
	if (err == PLENUM_OK) {
		*n_out = plenum_db_column_int(st, 0);
		plenum_db_finalize(st);
	}
	if (err == PLENUM_OK &&
	    !((err = plenum_assembly_txn_event(&t, "election.created", actor,
					       &ev)) ||
	      (err = plenum_event_add_int(ev, "election", *n_out)) ||
	      (err = plenum_event_add_string(ev, "title", title)) ||
	      (err = plenum_event_add_string(
		       ev, "rules",
		       plenum_rules_preset_name(
			       plenum_assembly_info(a)->preset))) ||
	      (err = plenum_event_add_string(ev, "options", opts_text)) ||
	      (err = plenum_event_add_int(ev, "seats", seats))))
		err = plenum_event_add_int(ev, "alternate_seats",
					   alternate_seats);
	free(opts_text);
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

struct match {
	const char *name;
	int n;
	char id[256];
};

static int
match_name(void *ctx, const struct plenum_assembly_member *m)
{
	struct match *x = ctx;

	if (strcmp(m->name, x->name) == 0 && ++x->n == 1)
		snprintf(x->id, sizeof(x->id), "%s", m->id);
	return 0;
}

enum plenum_err
plenum_elections_add_candidate(struct plenum_assembly *a, int64_t election,
			       const char *name, const char *id,
			       const char *member, const char *actor,
			       struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	struct match x = { NULL, 0, "" };
	char *nfc = NULL, idbuf[32], state[16];
	int64_t last;
	enum plenum_err err;
	int row, official = 0;

	if (name == NULL ||
	    plenum_names_nfc(name, strlen(name), &nfc) != PLENUM_OK ||
	    *nfc == '\0') {
		free(nfc);
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a candidate needs a name (UTF-8)");
	}
	if ((err = plenum_assembly_txn_begin(a, &t, diag))) {
		free(nfc);
		return err;
	}
	if ((err = election_exists(db, election, diag)) ||
	    (err = last_round(db, election, &last, state, sizeof(state), diag)))
		goto out;
	if (last > 0) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "election %" PRId64 " has opened its "
				      "first round: its list is final",
				      election);
		goto out;
	}
	if (member == NULL) {
		/* link to the one member of that name, if there is one */
		x.name = nfc;
		if ((err = plenum_assembly_members(a, NULL, match_name, &x,
						   diag)))
			goto out;
		if (x.n == 1)
			member = x.id;
	}
	if (member != NULL &&
	    (err = is_official(db, member, NULL, &official, diag)))
		goto out;
	if (official) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "%s (%s) is an official of the count and "
				      "cannot stand",
				      nfc, member);
		goto out;
	}
	if (id == NULL) {
		if ((err = query(db,
				 "SELECT COUNT(*) + 1 FROM candidates WHERE "
				 "election = ?",
				 &st, &row, diag, "i", election)))
			goto out;
		snprintf(idbuf, sizeof(idbuf), "c%" PRId64,
			 plenum_db_column_int(st, 0));
		plenum_db_finalize(st);
		id = idbuf;
	}
	if ((err = query(db,
			 "SELECT 1 FROM candidates WHERE election = ? AND id = "
			 "?",
			 &st, &row, diag, "it", election, id)))
		goto out;
	plenum_db_finalize(st);
	if (row || strchr(id, ',') != NULL) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "candidate id \"%s\" is taken or holds a "
				      "comma",
				      id);
		goto out;
	}
	if ((err = plenum_assembly_txn_event(&t, "election.candidate_added",
					     actor, &ev)) ||
	    (err = plenum_event_add_int(ev, "election", election)) ||
	    (err = plenum_event_add_string(ev, "id", id)) ||
	    (err = plenum_event_add_string(ev, "name", nfc)))
		goto out;
	if (member != NULL)
		err = plenum_event_add_string(ev, "member", member);
out:
	free(nfc);
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_elections_appoint(struct plenum_assembly *a,
			 enum plenum_official_role role, const char *member,
			 const char *actor, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	enum plenum_err err;
	int row, already;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = query(db, "SELECT name FROM members WHERE id = ?", &st, &row,
			 diag, "t", member)))
		goto out;
	plenum_db_finalize(st);
	if (!row) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "no member with id \"%s\"", member);
		goto out;
	}
	if ((err = query(db, "SELECT name FROM candidates WHERE member = ?",
			 &st, &row, diag, "t", member)))
		goto out;
	plenum_db_finalize(st);
	if (row) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "member \"%s\" is a candidate and cannot "
				      "be an official of the count",
				      member);
		goto out;
	}
	if ((err = is_official(db, member, plenum_elections_role_word(role),
			       &already, diag)))
		goto out;
	if (already) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "member \"%s\" is already a %s", member,
				      plenum_elections_role_word(role));
		goto out;
	}
	if ((err = plenum_assembly_txn_event(&t, "election.official_appointed",
					     actor, &ev)) ||
	    (err = plenum_event_add_string(ev, "role",
					   plenum_elections_role_word(role))))
		goto out;
	err = plenum_event_add_string(ev, "member", member);
out:
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

/* The open round of an election, or an error saying why there is none. */
static enum plenum_err
open_round(struct plenum_db *db, int64_t election, int64_t *round,
	   struct plenum_diag *diag)
{
	char state[16];
	enum plenum_err err;

	if ((err = election_exists(db, election, diag)) ||
	    (err = last_round(db, election, round, state, sizeof(state), diag)))
		return err;
	if (*round == 0 || strcmp(state, "open") != 0)
		return plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				       "election %" PRId64 " has no open "
				       "round",
				       election);
	return PLENUM_OK;
}

/* Ids of a JSON array of ids that are on the election's list, joined. */
static enum plenum_err
listed_ids(struct plenum_db *db, int64_t election, json_t *ids,
	   struct plenum_buf *out, struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	json_t *v;
	size_t i;
	int row;

	json_array_foreach(ids, i, v)
	{
		if (!json_is_string(v))
			continue;
		if ((err = query(db,
				 "SELECT 1 FROM candidates WHERE election = ? "
				 "AND id = ?",
				 &st, &row, diag, "it", election,
				 json_string_value(v))))
			return err;
		plenum_db_finalize(st);
		if (row && ((out->len && (err = plenum_buf_addc(out, ','))) ||
			    (err = plenum_buf_adds(out, json_string_value(v)))))
			return err;
	}
	return PLENUM_OK;
}

enum plenum_err
plenum_elections_open_round(struct plenum_assembly *a, int64_t election,
			    const struct plenum_round_setup *setup,
			    const char *actor, int64_t *round_out,
			    struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_assembly_quorum q;
	struct plenum_stmt *st = NULL;
	struct plenum_rules rules;
	struct plenum_buf list, list_text;
	json_t *prev = NULL, *pending;
	int list_ok = 0;
	char state[16];
	int64_t last, seats, alts, runoff = 0, should, present, convened,
				   excluded, required;
	const char *status;
	enum plenum_err err;
	int row;

	plenum_buf_init(&list, 1u << 20);
	plenum_buf_init(&list_text, 1u << 20);
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = election_exists(db, election, diag)) ||
	    (err = last_round(db, election, &last, state, sizeof(state), diag)))
		goto out;
	if (last > 0 && strcmp(state, "open") == 0) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "round %" PRId64 " of election %" PRId64
				      " is still open",
				      last, election);
		goto out;
	}
	if (last == 0) {
		if ((err = query(db,
				 "SELECT seats, alternate_seats FROM elections "
				 "WHERE n = ?",
				 &st, &row, diag, "i", election)))
			goto out;
		seats = plenum_db_column_int(st, 0);
		alts = plenum_db_column_int(st, 1);
		plenum_db_finalize(st);
		if ((err = plenum_db_prepare(db,
					     "SELECT id FROM candidates WHERE "
					     "election = ? ORDER BY pos",
					     &st, diag)) ||
		    (err = plenum_db_bind_int(st, 1, election)))
			goto out;
		while ((err = plenum_db_step(st, &row, diag)) == PLENUM_OK &&
		       row)
			if ((list.len && (err = plenum_buf_addc(&list, ','))) ||
			    (err = plenum_buf_adds(
				     &list, plenum_db_column_text(st, 0))))
				break;
		plenum_db_finalize(st);
		st = NULL;
		if (err != PLENUM_OK)
			goto out;
		if (list.len == 0) {
			err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					      "election %" PRId64 " has no "
					      "candidates",
					      election);
			goto out;
		}
		/* a list that breaks a hard rule is not voted on */
		if ((err = plenum_elections_check(a, election, "en", &list_text,
						  &list_ok, diag)))
			goto out;
		if (!list_ok) {
			err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
					      "the list of election %" PRId64
					      " breaks the rules: see plenum "
					      "election check %" PRId64,
					      election, election);
			goto out;
		}
	} else {
		/* the next step the last result prescribes */
		if ((err = query(db,
				 "SELECT result, runoff, seats, "
				 "alternate_seats, list FROM rounds WHERE "
				 "election = ? AND n = ?",
				 &st, &row, diag, "ii", election, last)))
			goto out;
		prev = json_loads(plenum_db_column_text(st, 0), 0, NULL);
		status = json_string_value(json_object_get(prev, "status"));
		pending = json_object_get(prev, "pending");
		seats = plenum_db_column_int(st, 2);
		alts = plenum_db_column_int(st, 3);
		runoff = plenum_db_column_int(st, 1);
		if (status && (strcmp(status, "void") == 0 ||
			       strcmp(status, "no-quorum") == 0)) {
			/* the same round again */
			err = plenum_buf_adds(&list,
					      plenum_db_column_text(st, 4));
		} else if (status && strcmp(status, "incomplete") == 0 &&
			   json_is_object(pending)) {
			const char *reason = json_string_value(
				json_object_get(pending, "reason"));

			seats = json_integer_value(
				json_object_get(pending, "seats"));
			alts = json_integer_value(
				json_object_get(pending, "alternate_seats"));
			if (reason && strcmp(reason, "tie") == 0) {
				runoff = 1;
				alts = 0;
			} else {
				runoff = 0;
				if (setup == NULL || setup->decision == NULL ||
				    *setup->decision == '\0') {
					err = plenum_diag_set(
						diag, PLENUM_EINPUT, 0, 0,
						"%" PRId64 " seat(s) remain "
						"open: record the presidium's "
						"decision to vote again",
						seats);
					goto out;
				}
			}
			if (seats == 0) { /* only alternate places open */
				seats = alts;
				alts = 0;
			}
			if (setup && setup->candidates && !runoff)
				err = plenum_buf_adds(&list, setup->candidates);
			else
				err = listed_ids(
					db, election,
					json_object_get(pending, "candidates"),
					&list, diag);
		} else {
			err = plenum_diag_set(
				diag, PLENUM_ECONFLICT, 0, 0,
				"round %" PRId64 " of election %" PRId64
				" left nothing to vote on (%s)",
				last, election, status ? status : "no result");
		}
		plenum_db_finalize(st);
		st = NULL;
		if (err != PLENUM_OK)
			goto out;
	}

	/* who is there now, or the electorate the caller names */
	if ((err = plenum_assembly_quorum(a, &q, diag)))
		goto out;
	should = q.should_attend;
	present = q.present;
	convened = q.voting;
	excluded = q.excluded;
	if (setup && setup->present >= 0) {
		should = setup->should_attend >= 0 ? setup->should_attend
						   : setup->present;
		present = setup->present;
		convened = should;
		excluded = 0;
	}
	plenum_rules_defaults(plenum_assembly_info(a)->preset, &rules);
	required = plenum_tally_quorum_required(
		&rules,
		rules.quorum_of == PLENUM_QUORUM_CONVENED ? convened : should);
	if (rules.quorum_num > 0 && present < required) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "no quorum: %" PRId64 " present, %" PRId64
				      " needed; the vote cannot open",
				      present, required);
		goto out;
	}
	*round_out = last + 1;
	if ((err = plenum_assembly_txn_event(&t, "election.round_opened", actor,
					     &ev)) ||
	    (err = plenum_event_add_int(ev, "election", election)) ||
	    (err = plenum_event_add_int(ev, "round", last + 1)) ||
	    (err = plenum_event_add_int(ev, "runoff", runoff)) ||
	    (err = plenum_event_add_int(ev, "seats", seats)) ||
	    (err = plenum_event_add_int(ev, "alternate_seats", alts)) ||
	    (err = plenum_event_add_string(ev, "list",
					   plenum_buf_str(&list))) ||
	    (err = plenum_event_add_int(ev, "should_attend", should)) ||
	    (err = plenum_event_add_int(ev, "present", present)) ||
	    (err = plenum_event_add_int(ev, "convened", convened)) ||
	    (err = plenum_event_add_int(ev, "excluded", excluded)))
		goto out;
	if (setup && setup->decision)
		err = plenum_event_add_string(ev, "decision", setup->decision);
out:
	plenum_db_finalize(st);
	json_decref(prev);
	plenum_buf_release(&list);
	plenum_buf_release(&list_text);
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_elections_ballots(struct plenum_assembly *a, int64_t election,
			 int issued, int64_t count, const char *actor,
			 struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	int64_t round;
	enum plenum_err err;

	if (count < 0 || count > PLENUM_MAX_COUNT)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a number of ballots is 0 or more");
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = open_round(plenum_assembly_db(a), election, &round, diag)) ||
	    (err = plenum_assembly_txn_event(
		     &t,
		     issued ? "election.ballots_issued"
			    : "election.ballots_returned",
		     actor, &ev)) ||
	    (err = plenum_event_add_int(ev, "election", election)) ||
	    (err = plenum_event_add_int(ev, "round", round)))
		goto out;
	err = plenum_event_add_int(ev, "count", count);
out:
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

/* Lines as stored: LF-ended, no CR, no blank lines at the end. */
static enum plenum_err
normalise_lines(const char *in, struct plenum_buf *out, int64_t *n)
{
	const char *p = in, *e;
	enum plenum_err err;

	*n = 0;
	while (*p != '\0') {
		size_t len;

		e = strchr(p, '\n');
		len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > 0) {
			if ((err = plenum_buf_add(out, p, len)) ||
			    (err = plenum_buf_addc(out, '\n')))
				return err;
			(*n)++;
		}
		p = e ? e + 1 : p + strlen(p);
	}
	return PLENUM_OK;
}

/* Reads lines with the round's counter so that a bad ballot is refused at
 * entry, with its line. */
static enum plenum_err
check_lines(struct plenum_db *db, int64_t election, int64_t round,
	    const char *lines, struct plenum_diag *diag)
{
	struct plenum_election *e = NULL;
	struct plenum_counter *k = NULL;
	struct plenum_count_setup setup;
	struct plenum_buf all;
	struct plenum_diag local;
	struct memsrc m;
	struct plenum_json_source src = { mem_read, &m };
	char *doc = NULL;
	int64_t returned;
	enum plenum_err err;

	plenum_buf_init(&all, MAX_BATCH + 64);
	memset(&local, 0, sizeof(local));
	if ((err = round_document(db, election, round, &doc, &returned, diag)))
		goto out;
	m.data = doc;
	m.len = strlen(doc);
	m.pos = 0;
	if ((err = plenum_election_parse(&src, PLENUM_PARSE_LIST_ONLY, &e,
					 &local))) {
		err = plenum_diag_set(diag, err, 0, 0, "%s", local.message);
		goto out;
	}
	plenum_election_count_setup(e, &setup);
	if ((k = plenum_counter_new(&setup)) == NULL ||
	    (err = plenum_buf_adds(&all, "#plenum-ballots/1\n")) ||
	    (err = plenum_buf_adds(&all, lines))) {
		err = err ? err : PLENUM_ENOMEM;
		goto out;
	}
	m.data = all.data;
	m.len = all.len;
	m.pos = 0;
	if ((err = plenum_ballots_read_lines(k, &src, &local)))
		err = plenum_diag_set(diag, err, local.line - 1, local.column,
				      "%s", local.message);
out:
	plenum_counter_free(k);
	plenum_election_free(e);
	plenum_buf_release(&all);
	free(doc);
	return err;
}

enum plenum_err
plenum_elections_enter(struct plenum_assembly *a, int64_t election,
		       int64_t batch, int entry, const char *teller,
		       const char *lines, const char *actor,
		       struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	struct plenum_buf norm;
	int64_t round, n;
	int row, teller_ok = 0, chief = 0;
	enum plenum_err err;

	plenum_buf_init(&norm, MAX_BATCH);
	if (batch < 1 || (entry != 1 && entry != 2))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "batches are numbered from 1; entries "
				       "are 1 and 2");
	if ((err = normalise_lines(lines ? lines : "", &norm, &n))) {
		plenum_buf_release(&norm);
		return plenum_diag_set(diag, err, 0, 0,
				       "a batch holds at most %u bytes",
				       MAX_BATCH);
	}
	if ((err = plenum_assembly_txn_begin(a, &t, diag))) {
		plenum_buf_release(&norm);
		return err;
	}
	if ((err = open_round(db, election, &round, diag)) ||
	    (err = is_official(db, teller, "teller", &teller_ok, diag)) ||
	    (err = is_official(db, teller, "chief-teller", &chief, diag)))
		goto out;
	if (!teller_ok && !chief) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" is not an appointed teller",
				      teller);
		goto out;
	}
	if ((err = query(db,
			 "SELECT teller FROM batches WHERE election = ? AND "
			 "round = ? AND batch = ? AND entry = ?",
			 &st, &row, diag, "iiii", election, round, batch,
			 (int64_t)(3 - entry))))
		goto out;
	if (row && strcmp(plenum_db_column_text(st, 0), teller) == 0) {
		plenum_db_finalize(st);
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "teller \"%s\" made the other entry of "
				      "batch %" PRId64 ": a second teller must "
				      "enter it",
				      teller, batch);
		goto out;
	}
	plenum_db_finalize(st);
	if ((err = check_lines(db, election, round, plenum_buf_str(&norm),
			       diag)))
		goto out;
	if ((err = plenum_assembly_txn_event(&t, "election.batch_entered",
					     actor, &ev)) ||
	    (err = plenum_event_add_int(ev, "election", election)) ||
	    (err = plenum_event_add_int(ev, "round", round)) ||
	    (err = plenum_event_add_int(ev, "batch", batch)) ||
	    (err = plenum_event_add_int(ev, "entry", entry)) ||
	    (err = plenum_event_add_string(ev, "teller", teller)))
		goto out;
	err = plenum_event_add_string(ev, "ballots", plenum_buf_str(&norm));
out:
	plenum_buf_release(&norm);
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_elections_reconcile(struct plenum_assembly *a, int64_t election,
			   struct plenum_buf *out, int64_t *differences,
			   struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_stmt *st = NULL;
	int64_t round;
	enum plenum_err err;
	int row;

	*differences = 0;
	if ((err = open_round(db, election, &round, diag)))
		return err;
	err = plenum_db_prepare(
		db,
		"SELECT COALESCE(a.batch, b.batch), a.ballots, b.ballots FROM "
		"(SELECT * FROM batches WHERE election = ? AND round = ? AND "
		"entry = 1) a FULL OUTER JOIN (SELECT * FROM batches WHERE "
		"election = ? AND round = ? AND entry = 2) b ON a.batch = "
		"b.batch ORDER BY 1",
		&st, diag);
	if (err == PLENUM_OK && ((err = plenum_db_bind_int(st, 1, election)) ||
				 (err = plenum_db_bind_int(st, 2, round)) ||
				 (err = plenum_db_bind_int(st, 3, election)) ||
				 (err = plenum_db_bind_int(st, 4, round))))
		goto out;
	while (err == PLENUM_OK &&
	       (err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row) {
		int64_t batch = plenum_db_column_int(st, 0);
		const char *x = plenum_db_column_text(st, 1),
			   *y = plenum_db_column_text(st, 2);
		int64_t line = 1;

		if (x == NULL || y == NULL) {
			(*differences)++;
			err = plenum_buf_addf(out,
					      "batch %" PRId64 ": entry %d is "
					      "missing\n",
					      batch, x == NULL ? 1 : 2);
			continue;
		}
		while (err == PLENUM_OK && (*x || *y)) {
			size_t lx = strcspn(x, "\n"), ly = strcspn(y, "\n");

			if (lx != ly || memcmp(x, y, lx) != 0) {
				(*differences)++;
				err = plenum_buf_addf(
					out,
					"batch %" PRId64 ", ballot %" PRId64
					": \"%.*s\" / \"%.*s\"\n",
					batch, line, (int)lx, x, (int)ly, y);
			}
			x += lx + (x[lx] == '\n');
			y += ly + (y[ly] == '\n');
			line++;
		}
	}
out:
	plenum_db_finalize(st);
	return err;
}

/* Scanned ballots of the round not yet entered (store/scans.c) would be
 * left out of the count: refuse, saying what to do. */
static enum plenum_err
scans_waiting(struct plenum_db *db, int64_t election, int64_t round,
	      struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int64_t waiting = 0, accepted = 0;
	int row;

	if ((err = query(db,
			 "SELECT COALESCE(SUM(CASE WHEN state IN ('waiting', "
			 "'decided') THEN 1 ELSE 0 END), 0), "
			 "COALESCE(SUM(CASE WHEN state IN ('accepted', "
			 "'confirmed') THEN 1 ELSE 0 END), 0) FROM "
			 "scan_ballots WHERE election = ? AND round = ?",
			 &st, &row, diag, "ii", election, round)))
		return err;
	if (row) {
		waiting = plenum_db_column_int(st, 0);
		accepted = plenum_db_column_int(st, 1);
	}
	plenum_db_finalize(st);
	if (waiting > 0)
		return plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				       "%" PRId64 " scanned ballots of round "
				       "%" PRId64 " wait for adjudication",
				       waiting, round);
	if (accepted > 0)
		return plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				       "%" PRId64 " scanned ballots of round "
				       "%" PRId64
				       " are not entered yet (plenum "
				       "scan enter)",
				       accepted, round);
	return PLENUM_OK;
}

enum plenum_err
plenum_elections_count(struct plenum_assembly *a, int64_t election,
		       const char *actor, char **result_out,
		       struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	int64_t round;
	char *json = NULL;
	enum plenum_err err;

	if (result_out != NULL)
		*result_out = NULL;
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = open_round(db, election, &round, diag)) ||
	    (err = scans_waiting(db, election, round, diag)) ||
	    (err = count_round(db, election, round, NULL, NULL, &json, diag)) ||
	    (err = plenum_assembly_txn_event(&t, "election.round_counted",
					     actor, &ev)) ||
	    (err = plenum_event_add_int(ev, "election", election)) ||
	    (err = plenum_event_add_int(ev, "round", round)))
		goto out;
	err = plenum_event_add_string(ev, "result", json);
out:
	err = plenum_assembly_txn_finish(&t, ev, err, diag);
	if (err == PLENUM_OK && result_out != NULL)
		*result_out = json;
	else
		free(json);
	return err;
}

enum plenum_err
plenum_elections_sign(struct plenum_assembly *a, int64_t election,
		      const char *scrutineer, const char *actor,
		      struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	int64_t round;
	char state[16];
	int row, s1 = 0, s2 = 0;
	enum plenum_err err;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = election_exists(db, election, diag)) ||
	    (err = last_round(db, election, &round, state, sizeof(state),
			      diag)))
		goto out;
	if (round == 0 || strcmp(state, "counted") != 0) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "election %" PRId64 " has no counted "
				      "round waiting for signatures",
				      election);
		goto out;
	}
	if ((err = is_official(db, scrutineer, "scrutineer", &s1, diag)) ||
	    (err = is_official(db, scrutineer, "chief-scrutineer", &s2, diag)))
		goto out;
	if (!s1 && !s2) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "\"%s\" is not an appointed scrutineer",
				      scrutineer);
		goto out;
	}
	if ((err = query(db,
			 "SELECT 1 FROM signoffs WHERE election = ? AND round "
			 "= ? AND member = ?",
			 &st, &row, diag, "iit", election, round, scrutineer)))
		goto out;
	plenum_db_finalize(st);
	if (row) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "\"%s\" has already signed", scrutineer);
		goto out;
	}
	if ((err = plenum_assembly_txn_event(&t, "election.round_signed", actor,
					     &ev)) ||
	    (err = plenum_event_add_int(ev, "election", election)) ||
	    (err = plenum_event_add_int(ev, "round", round)))
		goto out;
	err = plenum_event_add_string(ev, "scrutineer", scrutineer);
out:
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_elections_report(struct plenum_assembly *a, int64_t election,
			int64_t round, const char *locale,
			struct plenum_buf *out, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if (round == 0) {
		if ((err = query(db,
				 "SELECT MAX(n) FROM rounds WHERE election = ? "
				 "AND state IN ('counted', 'signed')",
				 &st, &row, diag, "i", election)))
			return err;
		round = plenum_db_column_int(st, 0);
		plenum_db_finalize(st);
		if (round == 0)
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "election %" PRId64 " has no "
					       "counted round",
					       election);
	}
	if ((err = count_round(db, election, round, &e, &t, NULL, diag)))
		return err;
	err = plenum_report_text(
		e, t, locale ? locale : plenum_assembly_info(a)->locale, out);
	plenum_tally_free(t);
	plenum_election_free(e);
	return err;
}

enum plenum_err
plenum_elections_list(struct plenum_assembly *a,
		      int (*fn)(void *ctx,
				const struct plenum_elections_summary *s),
		      void *ctx, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_elections_summary s;
	enum plenum_err err;
	int row;

	err = plenum_db_prepare(
		plenum_assembly_db(a),
		"SELECT e.n, e.title, e.seats, e.alternate_seats, (SELECT "
		"COUNT(*) FROM rounds r WHERE r.election = e.n), (SELECT "
		"r.state FROM rounds r WHERE r.election = e.n ORDER BY r.n "
		"DESC LIMIT 1), (SELECT r.result FROM rounds r WHERE "
		"r.election = e.n AND r.result IS NOT NULL ORDER BY r.n DESC "
		"LIMIT 1) FROM elections e ORDER BY e.n",
		&st, diag);
	while (err == PLENUM_OK &&
	       (err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row) {
		s.n = plenum_db_column_int(st, 0);
		s.title = plenum_db_column_text(st, 1);
		s.seats = plenum_db_column_int(st, 2);
		s.alternate_seats = plenum_db_column_int(st, 3);
		s.rounds = plenum_db_column_int(st, 4);
		s.state = plenum_db_column_is_null(st, 5)
				  ? ""
				  : plenum_db_column_text(st, 5);
		s.result = plenum_db_column_is_null(st, 6)
				   ? NULL
				   : plenum_db_column_text(st, 6);
		if (fn(ctx, &s) != 0)
			break;
	}
	plenum_db_finalize(st);
	return err;
}

/* ---- for the server and for devices ---- */

/* Largest batch of device ballots in one event (an event value holds at
 * most 64 KiB). */
#define DEVICE_BATCH 60000u

enum plenum_err
plenum_elections_txn_electronic(struct plenum_assembly_txn *t, int64_t election,
				const char *lines, int64_t issued,
				int64_t returned, const char *actor,
				char **result_out, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(t->a);
	struct plenum_stmt *st;
	int64_t round, batch = 0;
	const char *p = lines, *end;
	char *json = NULL, *chunk = NULL;
	enum plenum_err err;
	int row;

	if (result_out != NULL)
		*result_out = NULL;
	if ((err = open_round(db, election, &round, diag)) ||
	    (err = query(db,
			 "SELECT issued, (SELECT COUNT(*) FROM batches b WHERE "
			 "b.election = r.election AND b.round = r.n) FROM "
			 "rounds r WHERE r.election = ? AND r.n = ?",
			 &st, &row, diag, "ii", election, round)))
		return err;
	if (row && (!plenum_db_column_is_null(st, 0) ||
		    plenum_db_column_int(st, 1) > 0)) {
		plenum_db_finalize(st);
		return plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				       "round %" PRId64 " of election %" PRId64
				       " has paper ballots already",
				       round, election);
	}
	plenum_db_finalize(st);
	if ((chunk = malloc(DEVICE_BATCH + 1)) == NULL)
		return PLENUM_ENOMEM;
	/* whole lines, at most DEVICE_BATCH bytes a batch */
	while (*p != '\0' && err == PLENUM_OK) {
		size_t n = 0;

		for (end = p; *end != '\0';) {
			const char *nl = strchr(end, '\n');
			size_t len = nl ? (size_t)(nl - end) + 1 : strlen(end);

			if (n + len > DEVICE_BATCH && n > 0)
				break;
			if (len > DEVICE_BATCH) {
				err = plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
						      "a ballot is too long");
				break;
			}
			n += len;
			end += len;
		}
		if (err)
			break;
		memcpy(chunk, p, n);
		chunk[n] = '\0';
		p = end;
		batch++;
		if ((err = plenum_assembly_txn_add(
			     t, "election.batch_entered", actor, diag,
			     "election,round,batch,entry,teller,ballots",
			     "iiiitt", election, round, batch, (int64_t)1,
			     "devices", chunk)) == 0)
			err = plenum_assembly_txn_add(
				t, "election.batch_entered", actor, diag,
				"election,round,batch,entry,teller,"
				"ballots",
				"iiiitt", election, round, batch, (int64_t)2,
				"devices", chunk);
	}
	free(chunk);
	if (err ||
	    (err = plenum_assembly_txn_add(t, "election.ballots_issued", actor,
					   diag, "election,round,count", "iii",
					   election, round, issued)) ||
	    (err = plenum_assembly_txn_add(t, "election.ballots_returned",
					   actor, diag, "election,round,count",
					   "iii", election, round, returned)) ||
	    (err = count_round(db, election, round, NULL, NULL, &json, diag)))
		goto out;
	if ((err = plenum_assembly_txn_add(t, "election.round_counted", actor,
					   diag, "election,round,result", "iit",
					   election, round, json)) == 0 &&
	    result_out != NULL) {
		*result_out = json;
		json = NULL;
	}
out:
	free(json);
	return err;
}

enum plenum_err
plenum_elections_ballot_form(struct plenum_assembly *a, int64_t election,
			     char **json_out, struct plenum_diag *diag)
{
	return plenum_elections_round_form(a, election, 0, json_out, diag);
}

enum plenum_err
plenum_elections_round_form(struct plenum_assembly *a, int64_t election,
			    int64_t round, char **json_out,
			    struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_election *e = NULL;
	struct plenum_json_source src = { mem_read, NULL };
	struct memsrc m;
	char *doc = NULL;
	int64_t returned;
	json_t *j = NULL, *cands;
	enum plenum_err err;
	bool strike;
	size_t i;

	*json_out = NULL;
	if ((round < 1 && (err = open_round(db, election, &round, diag))) ||
	    (err = round_document(db, election, round, &doc, &returned, diag)))
		return err;
	m.data = doc;
	m.len = strlen(doc);
	m.pos = 0;
	src.ctx = &m;
	if ((err = plenum_election_parse(&src, PLENUM_PARSE_LIST_ONLY, &e,
					 diag)))
		goto out;
	strike = plenum_count_strike_out(&e->rules, e->ncandidates, e->seats,
					 e->alternate_seats);
	cands = json_array();
	for (i = 0; i < e->ncandidates; i++)
		json_array_append_new(cands,
				      json_pack("{s:s, s:s}", "id",
						e->candidates[i].id, "name",
						e->candidates[i].name));
	j = json_pack("{s:I, s:s, s:o, s:I, s:o}", "round", (json_int_t)round,
		      "form", strike ? "strike_out" : "per_candidate",
		      "choices",
		      strike ? json_pack("[s, s]", "Y", "N")
		      : e->rules.preset == PLENUM_PRESET_RONR
			      ? json_pack("[s, s]", "Y", "-")
			      : json_pack("[s, s, s]", "Y", "N", "A"),
		      "max_votes",
		      (json_int_t)plenum_count_max_votes(&e->rules, e->seats,
							 e->alternate_seats),
		      "candidates", cands);
	if (j == NULL ||
	    (*json_out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
		    NULL)
		err = PLENUM_ENOMEM;
out:
	json_decref(j);
	plenum_election_free(e);
	free(doc);
	return err;
}

/* Adds the rows of sql (one election and round bound) as objects. */
static enum plenum_err
detail_batches(struct plenum_db *db, int64_t election, int64_t round,
	       json_t *batches, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	json_t *b = NULL;
	int64_t last = -1;
	enum plenum_err err;
	int row;

	err = query(db,
		    "SELECT batch, entry, teller, ballots FROM batches WHERE "
		    "election = ? AND round = ? ORDER BY batch, entry",
		    &st, &row, diag, "ii", election, round);
	for (; err == PLENUM_OK && row; err = plenum_db_step(st, &row, diag)) {
		int64_t n = plenum_db_column_int(st, 0), lines = 0;
		const char *text = plenum_db_column_text(st, 3), *p;
		json_t *entries;

		for (p = text; *p; p++)
			lines += *p == '\n';
		if (n != last) {
			b = json_pack("{s:I, s:[], s:b}", "batch",
				      (json_int_t)n, "entries", "agree", 0);
			json_array_append_new(batches, b);
			last = n;
		}
		entries = json_object_get(b, "entries");
		if (json_array_size(entries) == 1 &&
		    plenum_db_column_int(st, 1) == 2) {
			/* the two agree when their text is the same */
			json_t *first = json_array_get(entries, 0);

			json_object_set_new(
				b, "agree",
				json_boolean(
					strcmp(json_string_value(
						       json_object_get(first,
								       "text")),
					       text) == 0));
		}
		json_array_append_new(
			entries,
			json_pack("{s:I, s:s, s:I, s:s}", "entry",
				  (json_int_t)plenum_db_column_int(st, 1),
				  "teller", plenum_db_column_text(st, 2),
				  "lines", (json_int_t)lines, "text", text));
	}
	plenum_db_finalize(st);
	/* the texts served to decide agreement only; ballots stay here */
	for (size_t i = 0; i < json_array_size(batches); i++) {
		json_t *entries =
			json_object_get(json_array_get(batches, i), "entries");

		for (size_t k = 0; k < json_array_size(entries); k++)
			json_object_del(json_array_get(entries, k), "text");
	}
	return err;
}

enum plenum_err
plenum_elections_detail(struct plenum_assembly *a, int64_t election,
			char **json_out, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_stmt *st = NULL;
	json_t *j = NULL, *cands, *rounds, *r, *list, *batches;
	json_error_t jerr;
	enum plenum_err err;
	int row;

	*json_out = NULL;
	if ((err = query(db,
			 "SELECT title, seats, alternate_seats FROM elections "
			 "WHERE n = ?",
			 &st, &row, diag, "i", election)))
		return err;
	if (!row) {
		plenum_db_finalize(st);
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "no election %" PRId64, election);
	}
	j = json_pack(
		"{s:I, s:s, s:I, s:I, s:[], s:[]}", "n", (json_int_t)election,
		"title", plenum_db_column_text(st, 0), "seats",
		(json_int_t)plenum_db_column_int(st, 1), "alternate_seats",
		(json_int_t)plenum_db_column_int(st, 2), "candidates",
		"rounds");
	plenum_db_finalize(st);
	if (j == NULL)
		return PLENUM_ENOMEM;
	cands = json_object_get(j, "candidates");
	rounds = json_object_get(j, "rounds");
	err = query(db,
		    "SELECT id, name, member FROM candidates WHERE election = "
		    "? ORDER BY pos",
		    &st, &row, diag, "i", election);
	for (; err == PLENUM_OK && row; err = plenum_db_step(st, &row, diag))
		json_array_append_new(
			cands,
			json_pack("{s:s, s:s, s:s?}", "id",
				  plenum_db_column_text(st, 0), "name",
				  plenum_db_column_text(st, 1), "member",
				  plenum_db_column_is_null(st, 2)
					  ? NULL
					  : plenum_db_column_text(st, 2)));
	plenum_db_finalize(st);
	st = NULL;
	if (err)
		goto out;
	err = query(db,
		    "SELECT n, state, issued, returned, should_attend, "
		    "present, list, result, runoff, seats, decision FROM "
		    "rounds WHERE election = ? ORDER BY n",
		    &st, &row, diag, "i", election);
	for (; err == PLENUM_OK && row; err = plenum_db_step(st, &row, diag)) {
		char *ids = strdup(plenum_db_column_text(st, 6)), *tok, *save;

		list = json_array();
		for (tok = ids ? strtok_r(ids, ",", &save) : NULL; tok;
		     tok = strtok_r(NULL, ",", &save))
			json_array_append_new(list, json_string(tok));
		free(ids);
		r = json_pack(
			"{s:I, s:s, s:o, s:o, s:I, s:I, s:b, s:I, s:s?, s:o, "
			"s:[], s:o}",
			"round", (json_int_t)plenum_db_column_int(st, 0),
			"state", plenum_db_column_text(st, 1), "issued",
			plenum_db_column_is_null(st, 2)
				? json_null()
				: json_integer(plenum_db_column_int(st, 2)),
			"returned",
			plenum_db_column_is_null(st, 3)
				? json_null()
				: json_integer(plenum_db_column_int(st, 3)),
			"should_attend",
			(json_int_t)plenum_db_column_int(st, 4), "present",
			(json_int_t)plenum_db_column_int(st, 5), "runoff",
			(int)plenum_db_column_int(st, 8), "seats",
			(json_int_t)plenum_db_column_int(st, 9), "decision",
			plenum_db_column_is_null(st, 10)
				? NULL
				: plenum_db_column_text(st, 10),
			"candidates", list, "batches", "result",
			plenum_db_column_is_null(st, 7)
				? json_null()
				: json_loads(plenum_db_column_text(st, 7), 0,
					     &jerr));
		if (r == NULL) {
			err = PLENUM_ENOMEM;
			break;
		}
		json_array_append_new(rounds, r);
	}
	plenum_db_finalize(st);
	for (size_t i = 0; err == PLENUM_OK && i < json_array_size(rounds);
	     i++) {
		r = json_array_get(rounds, i);
		batches = json_object_get(r, "batches");
		err = detail_batches(db, election,
				     (int64_t)json_integer_value(
					     json_object_get(r, "round")),
				     batches, diag);
	}
	if (err == PLENUM_OK &&
	    (*json_out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
		    NULL)
		err = PLENUM_ENOMEM;
out:
	json_decref(j);
	return err;
}

enum plenum_err
plenum_elections_officials(struct plenum_assembly *a,
			   int (*fn)(void *ctx, const char *role,
				     const char *member, const char *name),
			   void *ctx, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	err = query(plenum_assembly_db(a),
		    "SELECT o.role, o.member, COALESCE(m.name, '') FROM "
		    "officials o LEFT JOIN members m ON m.id = o.member ORDER "
		    "BY o.role, m.pos",
		    &st, &row, diag, "");
	for (; err == PLENUM_OK && row; err = plenum_db_step(st, &row, diag))
		if (fn(ctx, plenum_db_column_text(st, 0),
		       plenum_db_column_text(st, 1),
		       plenum_db_column_text(st, 2)) != 0)
			break;
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_elections_db_open_round(struct plenum_db *db, int64_t election,
			       int64_t *round, struct plenum_diag *diag)
{
	return open_round(db, election, round, diag);
}

enum plenum_err
plenum_elections_txn_check_lines(struct plenum_assembly_txn *t,
				 int64_t election, int64_t *round,
				 const char *lines, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(t->a);
	enum plenum_err err;

	if ((err = open_round(db, election, round, diag)))
		return err;
	return lines == NULL ? PLENUM_OK
			     : check_lines(db, election, *round, lines, diag);
}

enum plenum_err
plenum_elections_txn_scanned(struct plenum_assembly_txn *t, int64_t election,
			     const char *lines, const char *actor,
			     int64_t *batch_out, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(t->a);
	struct plenum_stmt *st;
	int64_t round, batch = 1;
	enum plenum_err err;
	int row, entry;

	*batch_out = 0;
	if (strlen(lines) > MAX_BATCH)
		return plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				       "a batch holds at most %u bytes",
				       MAX_BATCH);
	if ((err = open_round(db, election, &round, diag)) ||
	    (err = check_lines(db, election, round, lines, diag)) ||
	    (err = query(db,
			 "SELECT COALESCE(MAX(batch), 0) + 1 FROM batches "
			 "WHERE election = ? AND round = ?",
			 &st, &row, diag, "ii", election, round)))
		return err;
	if (row)
		batch = plenum_db_column_int(st, 0);
	plenum_db_finalize(st);
	for (entry = 1; entry <= 2; entry++)
		if ((err = plenum_assembly_txn_add(
			     t, "election.batch_entered", actor, diag,
			     "election,round,batch,entry,teller,ballots",
			     "iiiitt", election, round, batch, (int64_t)entry,
			     "scanner", lines)))
			return err;
	*batch_out = batch;
	return PLENUM_OK;
}
