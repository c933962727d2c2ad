/*
 * polls.c: voting on devices (polls.h), a module of the assembly store.
 *
 * Invariants:
 *  - apply() alone changes polls, poll_voters and poll_named; the ballot
 *    box is written by plenum_polls_vote() in the transaction of the
 *    poll.voted event and emptied by plenum_polls_close() in the
 *    transaction that records its ballots, so it never holds a ballot the
 *    log does not account for, and is never compared after a replay;
 *  - a ballot box row has a random integer key (the SQLite rowid itself),
 *    the poll and the ballot: nothing that orders or names it;
 *  - the eligible are fixed by poll.opened's apply from the roll as it
 *    stands, so a replay fixes the same members, and the event's count is
 *    checked against them.
 */
#include "polls.h"
#include "assembly_impl.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "db.h"
#include "elections.h"
#include "ops_impl.h"

static const char schema[] =
	"CREATE TABLE polls (n INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
	"target INTEGER NOT NULL, round INTEGER NOT NULL, mode TEXT NOT "
	"NULL, state TEXT NOT NULL, width INTEGER NOT NULL, choices TEXT NOT "
	"NULL, eligible INTEGER NOT NULL, voted INTEGER NOT NULL, present "
	"INTEGER NOT NULL, should_attend INTEGER NOT NULL, convened INTEGER "
	"NOT NULL, excluded INTEGER NOT NULL, result TEXT);"
	"CREATE TABLE poll_voters (poll INTEGER NOT NULL, member TEXT NOT "
	"NULL, voted INTEGER NOT NULL, PRIMARY KEY (poll, member));"
	"CREATE TABLE poll_named (poll INTEGER NOT NULL, member TEXT NOT "
	"NULL, vote TEXT NOT NULL, PRIMARY KEY (poll, member));"
	"CREATE TABLE ballot_box (id INTEGER PRIMARY KEY, poll INTEGER NOT "
	"NULL, vote TEXT NOT NULL);";

static const char *const compare[] = {
	"polls",
	"SELECT n, kind, target, round, mode, state, width, choices, "
	"eligible, voted, present, should_attend, convened, excluded, result "
	"FROM polls ORDER BY n",
	"poll_voters",
	"SELECT poll, member, voted FROM poll_voters ORDER BY poll, member",
	"poll_named",
	"SELECT poll, member, vote FROM poll_named ORDER BY poll, member",
	NULL,
	NULL,
};

/* Most marks on a device ballot (candidates of one round). */
#define MAX_WIDTH 10000

#define INT(k)	plenum_assembly_event_int(ev, k, -1)
#define TEXT(k) plenum_assembly_event_text(ev, k)

/* ---- apply ---- */

static enum plenum_err
apply_opened(struct plenum_db *db, const struct plenum_event *ev,
	     struct plenum_diag *diag)
{
	int64_t poll = INT("poll");
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if (!TEXT("kind") || !TEXT("mode") || !TEXT("choices") || poll < 1)
		return plenum_assembly_bad_event(ev, "incomplete", diag);
	if ((err = plenum_assembly_sql(
		     db, "SELECT COALESCE(MAX(n), 0) + 1 FROM polls", &st, &row,
		     diag, "")))
		return err;
	row = plenum_db_column_int(st, 0) == poll;
	plenum_db_finalize(st);
	if (!row)
		return plenum_assembly_bad_event(ev, "not the next poll", diag);
	if ((err = plenum_assembly_sql(
		     db,
		     "INSERT INTO polls (n, kind, target, round, mode, "
		     "state, width, choices, eligible, voted, present, "
		     "should_attend, convened, excluded) VALUES (?, ?, ?, "
		     "?, ?, 'open', ?, ?, ?, 0, ?, ?, ?, ?)",
		     NULL, NULL, diag, "itiititiiiii", poll, TEXT("kind"),
		     INT("target"), INT("round"), TEXT("mode"), INT("width"),
		     TEXT("choices"), INT("eligible"), INT("present"),
		     INT("should_attend"), INT("convened"), INT("excluded"))) ||
	    (err = plenum_assembly_sql(
		     db,
		     "INSERT INTO poll_voters (poll, member, voted) SELECT "
		     "?, id, 0 FROM members WHERE status = 'full' AND "
		     "exclusion IS NULL AND present = 1",
		     NULL, NULL, diag, "i", poll)))
		return err;
	if (plenum_db_changes(db) != INT("eligible"))
		return plenum_assembly_bad_event(
			ev, "the eligible are not those present", diag);
	return PLENUM_OK;
}

static enum plenum_err
apply_voted(struct plenum_db *db, const struct plenum_event *ev, int named,
	    struct plenum_diag *diag)
{
	int64_t poll = INT("poll");
	const char *member = TEXT("member");
	enum plenum_err err;

	if (member == NULL || (named && TEXT("vote") == NULL))
		return plenum_assembly_bad_event(ev, "incomplete", diag);
	if ((err = plenum_assembly_sql(
		     db,
		     "UPDATE poll_voters SET voted = 1 WHERE poll = ? AND "
		     "member = ? AND voted = 0 AND EXISTS (SELECT 1 FROM "
		     "polls WHERE n = ? AND state = 'open' AND mode = ?)",
		     NULL, NULL, diag, "itit", poll, member, poll,
		     named ? "named" : "secret")))
		return err;
	if (plenum_db_changes(db) != 1)
		return plenum_assembly_bad_event(
			ev, "the member may not vote (again) in this poll",
			diag);
	if (named &&
	    (err = plenum_assembly_sql(
		     db,
		     "INSERT INTO poll_named (poll, member, vote) "
		     "VALUES (?, ?, ?)",
		     NULL, NULL, diag, "itt", poll, member, TEXT("vote"))))
		return err;
	return plenum_assembly_sql(
		db, "UPDATE polls SET voted = voted + 1 WHERE n = ?", NULL,
		NULL, diag, "i", poll);
}

static enum plenum_err
apply_closed(struct plenum_db *db, const struct plenum_event *ev,
	     struct plenum_diag *diag)
{
	int64_t poll = INT("poll");
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if ((err = plenum_assembly_sql(
		     db,
		     "SELECT voted FROM polls WHERE n = ? AND state = "
		     "'open'",
		     &st, &row, diag, "i", poll)))
		return err;
	row = row && plenum_db_column_int(st, 0) == INT("voted");
	plenum_db_finalize(st);
	if (!row)
		return plenum_assembly_bad_event(
			ev, "no such open poll, or another number voted", diag);
	return plenum_assembly_sql(
		db, "UPDATE polls SET state = 'closed', result = ? WHERE n = ?",
		NULL, NULL, diag, "ti", TEXT("result") ? TEXT("result") : "",
		poll);
}

static enum plenum_err
apply(struct plenum_db *db, const struct plenum_event *ev,
      struct plenum_diag *diag)
{
	const char *type = plenum_event_type(ev);

	if (strcmp(type, "poll.opened") == 0)
		return apply_opened(db, ev, diag);
	if (strcmp(type, "poll.voted") == 0)
		return apply_voted(db, ev, 0, diag);
	if (strcmp(type, "poll.named_vote") == 0)
		return apply_voted(db, ev, 1, diag);
	if (strcmp(type, "poll.closed") == 0)
		return apply_closed(db, ev, diag);
	return plenum_assembly_bad_event(ev, "unknown event type", diag);
}

const struct plenum_store_module plenum_polls_module = {
	.name = "polls",
	.version = 5,
	.prefix = "poll.",
	.schema = schema,
	.apply = apply,
	.compare = compare,
};

/* ---- operations ---- */

/* Reads the choices and width of an election's open round. */
static enum plenum_err
election_form(struct plenum_assembly *a, int64_t election, int64_t *round,
	      char *choices, size_t size, int64_t *width,
	      struct plenum_diag *diag)
{
	json_error_t jerr;
	json_t *j, *c;
	char *text = NULL;
	enum plenum_err err;
	size_t i, k = 0;

	if ((err = plenum_elections_ballot_form(a, election, &text, diag)))
		return err;
	j = json_loads(text, 0, &jerr);
	free(text);
	if (j == NULL)
		return PLENUM_EINTERNAL;
	*round = json_integer_value(json_object_get(j, "round"));
	*width = (int64_t)json_array_size(json_object_get(j, "candidates"));
	c = json_object_get(j, "choices");
	for (i = 0; i < json_array_size(c) && k + 1 < size; i++)
		choices[k++] = json_string_value(json_array_get(c, i))[0];
	choices[k] = '\0';
	json_decref(j);
	return PLENUM_OK;
}

enum plenum_err
plenum_polls_open(struct plenum_assembly *a, const char *kind, int64_t target,
		  const char *mode, const char *actor, int64_t *n_out,
		  struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_quorum q;
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	char choices[8] = "";
	int64_t n = 0, round = 0, width = 0;
	int election, row;
	enum plenum_err err;

	if (kind == NULL ||
	    (strcmp(kind, "resolution") != 0 && strcmp(kind, "election") != 0))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a poll is on a \"resolution\" or an "
				       "\"election\"");
	if (mode == NULL ||
	    (strcmp(mode, "secret") != 0 && strcmp(mode, "named") != 0))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a poll is \"secret\" or \"named\"");
	election = kind[0] == 'e';
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if (election) {
		if ((err = election_form(a, target, &round, choices,
					 sizeof(choices), &width, diag)))
			goto out;
	} else {
		if ((err = plenum_assembly_sql(
			     db, "SELECT method FROM resolutions WHERE n = ?",
			     &st, &row, diag, "i", target)))
			goto out;
		if (!row)
			err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					      "no resolution %" PRId64, target);
		else if (!plenum_db_column_is_null(st, 0))
			err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
					      "resolution %" PRId64
					      " is decided already",
					      target);
		plenum_db_finalize(st);
		if (err)
			goto out;
		strcpy(choices, "yna");
	}
	if ((err = plenum_assembly_sql(
		     db,
		     "SELECT 1 FROM polls WHERE kind = ? AND target = ? AND "
		     "state = 'open'",
		     &st, &row, diag, "ti", kind, target)))
		goto out;
	plenum_db_finalize(st);
	if (row) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "a poll on %s %" PRId64
				      " is open already",
				      kind, target);
		goto out;
	}
	if ((err = plenum_assembly_quorum(a, &q, diag)) ||
	    (err = plenum_assembly_sql(
		     db, "SELECT COALESCE(MAX(n), 0) + 1 FROM polls", &st, &row,
		     diag, "")))
		goto out;
	n = plenum_db_column_int(st, 0);
	plenum_db_finalize(st);
	if (q.present == 0 || (q.applies && !q.met)) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "no quorum: %" PRId64 " present, %" PRId64
				      " needed",
				      q.present, q.applies ? q.required : 1);
		goto out;
	}
	if ((err = plenum_assembly_txn_event(&t, "poll.opened", actor, &ev)) ||
	    (err = plenum_event_add_int(ev, "poll", n)) ||
	    (err = plenum_event_add_string(ev, "kind", kind)) ||
	    (err = plenum_event_add_int(ev, "target", target)) ||
	    (err = plenum_event_add_int(ev, "round", round)) ||
	    (err = plenum_event_add_string(ev, "mode", mode)) ||
	    (err = plenum_event_add_int(ev, "width", width)) ||
	    (err = plenum_event_add_string(ev, "choices", choices)) ||
	    (err = plenum_event_add_int(ev, "eligible", q.present)) ||
	    (err = plenum_event_add_int(ev, "present", q.present)) ||
	    (err = plenum_event_add_int(ev, "should_attend",
					q.should_attend)) ||
	    (err = plenum_event_add_int(ev, "convened", q.voting)))
		goto out;
	err = plenum_event_add_int(ev, "excluded", q.excluded);
out:
	if ((err = plenum_assembly_txn_finish(&t, ev, err, diag)) == 0 &&
	    n_out != NULL)
		*n_out = n;
	return err;
}

/* What a poll needs to check a vote. */
struct poll_row {
	int64_t n;
	int open, named, election;
	int64_t width;
	char choices[8];
};

static enum plenum_err
poll_row(struct plenum_db *db, int64_t n, struct poll_row *p, int *found,
	 struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;

	if ((err = plenum_assembly_sql(
		     db,
		     "SELECT state, mode, kind, width, choices FROM polls "
		     "WHERE n = ?",
		     &st, found, diag, "i", n)))
		return err;
	if (*found) {
		p->n = n;
		p->open = strcmp(plenum_db_column_text(st, 0), "open") == 0;
		p->named = strcmp(plenum_db_column_text(st, 1), "named") == 0;
		p->election =
			strcmp(plenum_db_column_text(st, 2), "election") == 0;
		p->width = plenum_db_column_int(st, 3);
		snprintf(p->choices, sizeof(p->choices), "%s",
			 plenum_db_column_text(st, 4));
	}
	plenum_db_finalize(st);
	return PLENUM_OK;
}

/* Whether v is a well-formed vote for p; the canonical text in out. */
static int
vote_ok(const struct poll_row *p, const char *v, char *out, size_t size)
{
	size_t i, n;

	if (v == NULL)
		return 0;
	if (!p->election) {
		if (strcmp(v, "yes") && strcmp(v, "no") && strcmp(v, "abstain"))
			return 0;
		snprintf(out, size, "%s", v);
		return 1;
	}
	n = strlen(v);
	if ((int64_t)n != p->width || n + 1 > size)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr(p->choices, v[i]) == NULL || v[i] == '\0')
			return 0;
	memcpy(out, v, n + 1);
	return 1;
}

static void
refuse(struct plenum_vote *v, enum plenum_err err, const char *fmt, ...)
{
	va_list ap;

	v->err = err;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
}

/* Checks and records one vote inside t.  Returns a database error only;
 * a refusal goes into v. */
static enum plenum_err
vote_one(struct plenum_assembly_txn *t, struct plenum_vote *v,
	 struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(t->a);
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	struct poll_row p;
	char *canon = NULL;
	int found, row;
	enum plenum_err err;

	v->err = PLENUM_OK;
	v->message[0] = '\0';
	v->seq = 0;
	if ((err = poll_row(db, v->poll, &p, &found, diag)))
		return err;
	if (!found) {
		refuse(v, PLENUM_EINPUT, "no poll %" PRId64, v->poll);
		return PLENUM_OK;
	}
	if (!p.open) {
		refuse(v, PLENUM_ECONFLICT, "poll %" PRId64 " is closed",
		       v->poll);
		return PLENUM_OK;
	}
	if ((canon = malloc(MAX_WIDTH + 16)) == NULL)
		return PLENUM_ENOMEM;
	if (!vote_ok(&p, v->vote, canon, MAX_WIDTH + 16)) {
		refuse(v, PLENUM_EINPUT,
		       p.election ? "a ballot has %" PRId64
				    " marks, each one of \"%s\""
				  : "a vote is yes, no or abstain",
		       p.width, p.choices);
		goto out;
	}
	if ((err = plenum_assembly_sql(
		     db,
		     "SELECT voted FROM poll_voters WHERE poll = ? AND "
		     "member = ?",
		     &st, &row, diag, "it", v->poll,
		     v->member ? v->member : "")))
		goto out;
	found = row ? 1 + (int)plenum_db_column_int(st, 0) : 0;
	plenum_db_finalize(st);
	if (found != 1) {
		refuse(v, PLENUM_ECONFLICT,
		       found ? "you have voted in this poll already"
			     : "you may not vote in this poll (not checked in "
			       "as a voting member when it opened)");
		goto out;
	}
	if ((err = plenum_assembly_txn_event(
		     t, p.named ? "poll.named_vote" : "poll.voted", NULL,
		     &ev)) ||
	    (err = plenum_event_add_int(ev, "poll", v->poll)) ||
	    (err = plenum_event_add_string(ev, "member", v->member)) ||
	    (p.named && (err = plenum_event_add_string(ev, "vote", canon))))
		goto out;
	v->seq = (int64_t)plenum_event_seq(ev);
	err = plenum_assembly_txn_append(t, ev, diag);
	ev = NULL;
	if (err == PLENUM_OK && !p.named) {
		int64_t key;

		/* a random key: the box keeps no order of arrival */
		randombytes_buf(&key, sizeof(key));
		key = (int64_t)((uint64_t)key >> 2) + 1;
		err = plenum_assembly_sql(
			db,
			"INSERT INTO ballot_box (id, poll, vote) VALUES (?, "
			"?, ?)",
			NULL, NULL, diag, "iit", key, v->poll, canon);
	}
out:
	plenum_event_free(ev);
	free(canon);
	return err;
}

enum plenum_err
plenum_polls_vote(struct plenum_assembly *a, struct plenum_vote *votes,
		  size_t n, struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	enum plenum_err err;
	size_t i, recorded = 0;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	for (i = 0; i < n && err == PLENUM_OK; i++) {
		err = vote_one(&t, &votes[i], diag);
		recorded += err == PLENUM_OK && votes[i].err == PLENUM_OK;
	}
	if (err == PLENUM_OK && recorded == 0) {
		plenum_assembly_txn_abort(&t);
		return PLENUM_OK;
	}
	return plenum_assembly_txn_finish(&t, NULL, err, diag);
}

/* Appends sql's single text column, one line per row, to out. */
static enum plenum_err
collect(struct plenum_db *db, const char *sql, int64_t poll,
	struct plenum_buf *out, int64_t counts[3], struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if ((err = plenum_assembly_sql(db, sql, &st, &row, diag, "i", poll)))
		return err;
	for (; err == PLENUM_OK && row; err = plenum_db_step(st, &row, diag)) {
		const char *v = plenum_db_column_text(st, 0);

		if (strcmp(v, "yes") == 0)
			counts[0]++;
		else if (strcmp(v, "no") == 0)
			counts[1]++;
		else if (strcmp(v, "abstain") == 0)
			counts[2]++;
		if ((err = plenum_buf_adds(out, v)) == PLENUM_OK)
			err = plenum_buf_add(out, "\n", 1);
	}
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_polls_close(struct plenum_assembly *a, int64_t n, const char *actor,
		   char **result_out, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_presence at;
	struct plenum_agenda_count c;
	struct plenum_buf lines;
	struct plenum_stmt *st;
	int64_t counts[3] = { 0, 0, 0 }, target = 0, eligible = 0, voted = 0;
	char *result = NULL;
	struct poll_row p;
	int found, row;
	enum plenum_err err;

	if (result_out != NULL)
		*result_out = NULL;
	plenum_buf_init(&lines, 64u << 20);
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		goto done;
	if ((err = poll_row(db, n, &p, &found, diag)))
		goto out;
	if (!found || !p.open) {
		err = plenum_diag_set(
			diag, found ? PLENUM_ECONFLICT : PLENUM_EINPUT, 0, 0,
			found ? "poll %" PRId64 " is closed"
			      : "no poll %" PRId64,
			n);
		goto out;
	}
	if ((err = plenum_assembly_sql(
		     db,
		     "SELECT target, eligible, voted, present, "
		     "should_attend, convened, excluded FROM polls WHERE n "
		     "= ?",
		     &st, &row, diag, "i", n)))
		goto out;
	target = plenum_db_column_int(st, 0);
	eligible = plenum_db_column_int(st, 1);
	voted = plenum_db_column_int(st, 2);
	at.present = plenum_db_column_int(st, 3);
	at.should_attend = plenum_db_column_int(st, 4);
	at.convened = plenum_db_column_int(st, 5);
	at.excluded = plenum_db_column_int(st, 6);
	plenum_db_finalize(st);
	/* every ballot, sorted: the order of arrival is gone */
	if ((err = collect(db,
			   p.named ? "SELECT vote FROM poll_named WHERE poll "
				     "= ? ORDER BY vote"
				   : "SELECT vote FROM ballot_box WHERE poll = "
				     "? ORDER BY vote",
			   n, &lines, counts, diag)))
		goto out;
	if (p.election) {
		err = plenum_elections_txn_electronic(
			&t, target, plenum_buf_str(&lines), eligible, voted,
			actor, &result, diag);
	} else {
		bool adopted;

		c.method = "electronic";
		c.yes = counts[0];
		c.no = counts[1];
		c.abstain = counts[2];
		c.invalid = 0;
		c.issued = eligible;
		err = plenum_agenda_txn_decide(&t, target, &c, &at, actor,
					       &adopted, diag);
		if (err == PLENUM_OK &&
		    (err = plenum_assembly_sql(
			     db, "SELECT result FROM resolutions WHERE n = ?",
			     &st, &row, diag, "i", target)) == PLENUM_OK) {
			if (row &&
			    (result = strdup(plenum_db_column_text(st, 0))) ==
				    NULL)
				err = PLENUM_ENOMEM;
			plenum_db_finalize(st);
		}
	}
	if (err ||
	    (err = plenum_assembly_txn_event(&t, "poll.closed", actor, &ev)) ||
	    (err = plenum_event_add_int(ev, "poll", n)) ||
	    (err = plenum_event_add_int(ev, "voted", voted)) ||
	    (err = plenum_event_add_int(ev, "yes", counts[0])) ||
	    (err = plenum_event_add_int(ev, "no", counts[1])) ||
	    (err = plenum_event_add_int(ev, "abstain", counts[2])) ||
	    (err = plenum_event_add_string(ev, "result", result ? result : "")))
		goto out;
	if (!p.named)
		err = plenum_assembly_sql(
			db, "DELETE FROM ballot_box WHERE poll = ?", NULL, NULL,
			diag, "i", n);
out:
	err = plenum_assembly_txn_finish(&t, ev, err, diag);
done:
	plenum_buf_release(&lines);
	if (err == PLENUM_OK && result_out != NULL)
		*result_out = result;
	else
		free(result);
	return err;
}

enum plenum_err
plenum_polls_list(struct plenum_assembly *a, int64_t n,
		  int (*fn)(void *ctx, const struct plenum_poll *p), void *ctx,
		  struct plenum_diag *diag)
{
	static const char cols[] = "SELECT n, kind, mode, state, target, "
				   "round, eligible, voted, result FROM polls";
	struct plenum_stmt *st;
	struct plenum_poll p;
	char sql[256];
	enum plenum_err err;
	int row;

	snprintf(sql, sizeof(sql), "%s %s", cols,
		 n > 0 ? "WHERE n = ?" : "WHERE n > ? ORDER BY n DESC");
	if ((err = plenum_assembly_sql(plenum_assembly_db(a), sql, &st, &row,
				       diag, "i", n)))
		return err;
	if (!row && n > 0)
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "no poll %" PRId64, n);
	for (; err == PLENUM_OK && row; err = plenum_db_step(st, &row, diag)) {
		p.n = plenum_db_column_int(st, 0);
		p.kind = plenum_db_column_text(st, 1);
		p.mode = plenum_db_column_text(st, 2);
		p.state = plenum_db_column_text(st, 3);
		p.target = plenum_db_column_int(st, 4);
		p.round = plenum_db_column_int(st, 5);
		p.eligible = plenum_db_column_int(st, 6);
		p.voted = plenum_db_column_int(st, 7);
		p.result = plenum_db_column_is_null(st, 8) ||
					   *plenum_db_column_text(st, 8) == '\0'
				   ? NULL
				   : plenum_db_column_text(st, 8);
		if (fn(ctx, &p) != 0)
			break;
	}
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_polls_voters(struct plenum_assembly *a, int64_t n,
		    int (*fn)(void *ctx, const char *member, const char *name,
			      bool voted),
		    void *ctx, struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if ((err = plenum_assembly_sql(
		     plenum_assembly_db(a),
		     "SELECT v.member, m.name, v.voted FROM poll_voters v "
		     "JOIN members m ON m.id = v.member WHERE v.poll = ? "
		     "ORDER BY m.pos",
		     &st, &row, diag, "i", n)))
		return err;
	for (; err == PLENUM_OK && row; err = plenum_db_step(st, &row, diag))
		if (fn(ctx, plenum_db_column_text(st, 0),
		       plenum_db_column_text(st, 1),
		       plenum_db_column_int(st, 2) != 0) != 0)
			break;
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_polls_member(struct plenum_assembly *a, int64_t n, const char *member,
		    bool *eligible, bool *voted, struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	*eligible = *voted = false;
	if ((err = plenum_assembly_sql(
		     plenum_assembly_db(a),
		     "SELECT voted FROM poll_voters WHERE poll = ? AND "
		     "member = ?",
		     &st, &row, diag, "it", n, member ? member : "")))
		return err;
	if (row) {
		*eligible = true;
		*voted = plenum_db_column_int(st, 0) != 0;
	}
	plenum_db_finalize(st);
	return PLENUM_OK;
}
