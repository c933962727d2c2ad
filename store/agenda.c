/*
 * agenda.c: the agenda and its resolutions (agenda.h), a module of the
 * assembly store.
 *
 * Invariants:
 *  - apply() is the only code that changes agenda_items and resolutions,
 *    live and in replay;
 *  - numbers are given by the operation, recorded in the event, and apply()
 *    refuses any but the next one, so replay numbers alike on both
 *    backends;
 *  - a decided resolution's result is what the counting engine makes of the
 *    inputs its event records: apply() recomputes it (result_json(), the
 *    same code the operation ran) and refuses the event when the recorded
 *    JSON or adopted flag differs, and stores the recomputed text.
 */
#include "agenda.h"
#include "assembly_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "ops_impl.h"
#include "election.h"
#include "resultjson.h"
#include "rules.h"
#include "tally.h"

static const char schema[] =
	"CREATE TABLE agenda_items (n INTEGER PRIMARY KEY, title TEXT NOT "
	"NULL, state TEXT NOT NULL);"
	"CREATE TABLE resolutions (n INTEGER PRIMARY KEY, item INTEGER, "
	"question TEXT NOT NULL, method TEXT, yes INTEGER, no INTEGER, "
	"abstain INTEGER, present INTEGER, should_attend INTEGER, result "
	"TEXT, adopted INTEGER);";

static const char *const compare[] = {
	"agenda_items",
	"SELECT n, title, state FROM agenda_items ORDER BY n",
	"resolutions",
	"SELECT n, item, question, method, yes, no, abstain, present, "
	"should_attend, result, adopted FROM resolutions ORDER BY n",
	NULL,
	NULL,
};

static const char *const state_words[] = { "pending", "current", "done",
					   "skipped", NULL };

static int
state_ok(const char *w)
{
	size_t i;

	for (i = 0; w != NULL && state_words[i] != NULL; i++)
		if (strcmp(w, state_words[i]) == 0)
			return 1;
	return 0;
}

/* ---- the result, from the inputs ---- */

/* What a decision is computed from, as its event records it. */
struct inputs {
	const char *method;
	int64_t yes, no, abstain, invalid;
	int64_t present, should_attend, convened, excluded, issued;
};

/* Checks the inputs; on failure writes why into why and returns -1. */
static int
inputs_check(const struct inputs *in, char *why, size_t n)
{
	const int64_t *v[] = { &in->yes,      &in->no,	     &in->abstain,
			       &in->invalid,  &in->present,  &in->should_attend,
			       &in->convened, &in->excluded, &in->issued };
	static const char *const names[] = { "yes",	      "no",
					     "abstain",	      "invalid",
					     "present",	      "should_attend",
					     "convened",      "excluded",
					     "ballots issued" };
	int hands;
	size_t i;

	if (in->method == NULL || (strcmp(in->method, "hands") != 0 &&
				   strcmp(in->method, "ballot") != 0 &&
				   strcmp(in->method, "electronic") != 0)) {
		snprintf(why, n,
			 "unknown method \"%s\" (hands, ballot or "
			 "electronic)",
			 in->method ? in->method : "");
		return -1;
	}
	hands = strcmp(in->method, "hands") == 0;
	for (i = 0; i < sizeof(v) / sizeof(*v); i++)
		if (*v[i] < 0 || *v[i] > PLENUM_MAX_COUNT) {
			snprintf(why, n, "%s (%" PRId64 ") is out of range",
				 names[i], *v[i]);
			return -1;
		}
	if (hands && in->invalid != 0) {
		snprintf(why, n, "a show of hands has no invalid votes");
		return -1;
	}
	if (hands && in->issued != in->present) {
		snprintf(why, n,
			 "a show of hands counts those present (%" PRId64
			 "), not %" PRId64,
			 in->present, in->issued);
		return -1;
	}
	if (in->issued > in->present) {
		snprintf(why, n,
			 "%" PRId64 " ballots issued, but only %" PRId64
			 " present",
			 in->issued, in->present);
		return -1;
	}
	if (in->yes + in->no + in->abstain > in->present) {
		snprintf(why, n,
			 "yes %" PRId64 " + no %" PRId64 " + abstain %" PRId64
			 " is more than the %" PRId64 " present",
			 in->yes, in->no, in->abstain, in->present);
		return -1;
	}
	return 0;
}

struct mem {
	const char *p;
	size_t len, off;
};

static long
mem_read(void *ctx, char *buf, size_t n)
{
	struct mem *m = ctx;

	if (n > m->len - m->off)
		n = m->len - m->off;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (long)n;
}

/* Adds key = value to obj; value is stolen.  Returns 0 or -1. */
static int
put(json_t *obj, const char *key, json_t *value)
{
	return value != NULL && json_object_set_new(obj, key, value) == 0 ? 0
									  : -1;
}

/* A new empty object set as obj[key], borrowed from obj; NULL when out of
 * memory. */
static json_t *
child(json_t *obj, const char *key)
{
	json_t *c = json_object();

	return put(obj, key, c) == 0 ? c : NULL;
}

/* The plenum-election/1 motion document for the inputs, as text (new,
 * free()); NULL when out of memory. */
static char *
motion_document(enum plenum_preset preset, const char *question,
		const struct inputs *in)
{
	json_t *doc = json_object(), *el, *totals, *votes;
	char *text = NULL;
	int bad;

	bad = doc == NULL ||
	      put(doc, "format", json_string(PLENUM_FORMAT_ELECTION)) ||
	      put(doc, "type", json_string("motion")) ||
	      put(doc, "locale", json_string("en")) ||
	      put(doc, "rules",
		  json_string(plenum_rules_preset_name(preset))) ||
	      put(doc, "question", json_string(question)) ||
	      (el = child(doc, "electorate")) == NULL;
	if (!bad) {
		/* what the preset's quorum and vote base read */
		switch (preset) {
		case PLENUM_PRESET_CN_BASIC:
		case PLENUM_PRESET_CN_LOCAL:
			bad = put(el, "should_attend",
				  json_integer(in->should_attend)) ||
			      put(el, "present", json_integer(in->present));
			break;
		case PLENUM_PRESET_VN:
			bad = put(el, "convened", json_integer(in->convened)) ||
			      put(el, "excluded", json_integer(in->excluded)) ||
			      put(el, "present", json_integer(in->present));
			break;
		case PLENUM_PRESET_RONR:
		case PLENUM_PRESET_YNA:
			bad = put(el, "present", json_integer(in->present));
			break;
		}
	}
	bad = bad || put(doc, "ballots_issued", json_integer(in->issued)) ||
	      (totals = child(doc, "totals")) == NULL ||
	      put(totals, "valid",
		  json_integer(in->yes + in->no + in->abstain)) ||
	      put(totals, "invalid", json_integer(in->invalid)) ||
	      (votes = child(totals, "votes")) == NULL ||
	      put(votes, "Y", json_integer(in->yes)) ||
	      put(votes, "N", json_integer(in->no)) ||
	      put(votes, "A", json_integer(in->abstain));
	if (!bad)
		text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return text;
}

/*
 * Runs the engine on the inputs: *json (new, free()) is the compact
 * plenum-result/1 text with English notes, *adopted whether the motion was
 * adopted.  Returns PLENUM_OK, PLENUM_EINPUT (the engine refuses the
 * document: diag says why), PLENUM_ENOMEM or PLENUM_EINTERNAL.
 */
static enum plenum_err
result_json(enum plenum_preset preset, const char *question,
	    const struct inputs *in, char **json, bool *adopted,
	    struct plenum_diag *diag)
{
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_diag pd = { 0 };
	struct plenum_json_source src;
	struct mem m;
	json_t *r = NULL;
	char *doc;
	enum plenum_err err;

	*json = NULL;
	*adopted = false;
	if ((doc = motion_document(preset, question, in)) == NULL)
		return plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				       "out of memory");
	m.p = doc;
	m.len = strlen(doc);
	m.off = 0;
	src.read = mem_read;
	src.ctx = &m;
	if ((err = plenum_election_parse(&src, 0, &e, &pd)) != PLENUM_OK) {
		err = plenum_diag_set(
			diag, err == PLENUM_ENOMEM ? err : PLENUM_EINPUT, 0, 0,
			"the counts make no valid vote: %s", pd.message);
		goto out;
	}
	if ((err = plenum_tally_decide(e, &e->totals, &t)) != PLENUM_OK) {
		err = plenum_diag_set(diag, err, 0, 0, "cannot count: %s",
				      plenum_err_str(err));
		goto out;
	}
	if ((r = plenum_resultjson_build(e, t, "en")) == NULL ||
	    (*json = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
		    NULL) {
		err = plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				      "out of memory");
		goto out;
	}
	*adopted =
		t->status == PLENUM_STATUS_ELECTED && t->motion_result.adopted;
out:
	json_decref(r);
	plenum_tally_free(t);
	plenum_election_free(e);
	free(doc);
	return err;
}

/* ---- reading the tables ---- */

/* The next free number of table ("agenda_items" or "resolutions"). */
static enum plenum_err
next_number(struct plenum_db *db, int items, int64_t *out,
	    struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	*out = 1;
	if ((err = plenum_db_prepare(
		     db,
		     items ? "SELECT COALESCE(MAX(n), 0) + 1 FROM agenda_items"
			   : "SELECT COALESCE(MAX(n), 0) + 1 FROM resolutions",
		     &st, diag)) == PLENUM_OK &&
	    (err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row)
		*out = plenum_db_column_int(st, 0);
	plenum_db_finalize(st);
	return err;
}

/* Item n's state into state (empty when there is no item n). */
static enum plenum_err
item_state(struct plenum_db *db, int64_t n, char *state, size_t size,
	   struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	state[0] = '\0';
	if ((err = plenum_db_prepare(db,
				     "SELECT state FROM agenda_items WHERE n "
				     "= ?",
				     &st, diag)) == PLENUM_OK &&
	    (err = plenum_db_bind_int(st, 1, n)) == PLENUM_OK &&
	    (err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row)
		snprintf(state, size, "%s", plenum_db_column_text(st, 0));
	plenum_db_finalize(st);
	return err;
}

/* Resolution n: *found, *decided and its question (new, free()). */
static enum plenum_err
resolution_state(struct plenum_db *db, int64_t n, int *found, int *decided,
		 char **question, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	*found = *decided = 0;
	*question = NULL;
	if ((err = plenum_db_prepare(db,
				     "SELECT question, method FROM resolutions "
				     "WHERE n = ?",
				     &st, diag)) ||
	    (err = plenum_db_bind_int(st, 1, n)) ||
	    (err = plenum_db_step(st, &row, diag)) || !row)
		goto out;
	*found = 1;
	*decided = !plenum_db_column_is_null(st, 1);
	if ((*question = strdup(plenum_db_column_text(st, 0))) == NULL)
		err = plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				      "out of memory");
out:
	plenum_db_finalize(st);
	return err;
}

/* The preset the assembly was created with (meta, as assembly.created
 * applied it). */
static enum plenum_err
stored_preset(struct plenum_db *db, const struct plenum_event *ev,
	      enum plenum_preset *out, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row, ok = 0;

	if ((err = plenum_db_prepare(db,
				     "SELECT value FROM meta WHERE key = "
				     "'rules'",
				     &st, diag)) == PLENUM_OK &&
	    (err = plenum_db_step(st, &row, diag)) == PLENUM_OK && row)
		ok = plenum_rules_preset_parse(plenum_db_column_text(st, 0),
					       out) == 0;
	plenum_db_finalize(st);
	if (err == PLENUM_OK && !ok)
		err = plenum_assembly_bad_event(ev, "the assembly has no rules",
						diag);
	return err;
}

/* Runs one statement whose parameters are already bound, expecting it to
 * change exactly one row. */
static enum plenum_err
step_one(struct plenum_db *db, struct plenum_stmt *st,
	 const struct plenum_event *ev, const char *what,
	 struct plenum_diag *diag)
{
	enum plenum_err err;
	int row;

	if ((err = plenum_db_step(st, &row, diag)))
		return err;
	if (plenum_db_changes(db) != 1)
		return plenum_assembly_bad_event(ev, what, diag);
	return PLENUM_OK;
}

/* ---- apply: the one place the module's tables change ---- */

static enum plenum_err
apply_item_added(struct plenum_db *db, const struct plenum_event *ev,
		 struct plenum_diag *diag)
{
	const char *title = plenum_assembly_event_text(ev, "title");
	int64_t n = plenum_assembly_event_int(ev, "item", -1), next;
	struct plenum_stmt *st = NULL;
	enum plenum_err err;

	if (title == NULL || *title == '\0')
		return plenum_assembly_bad_event(ev, "needs item and title",
						 diag);
	if ((err = next_number(db, 1, &next, diag)))
		return err;
	if (n != next)
		return plenum_assembly_bad_event(ev, "the item is not the next",
						 diag);
	if ((err = plenum_db_prepare(db,
				     "INSERT INTO agenda_items (n, title, "
				     "state) VALUES (?, ?, 'pending')",
				     &st, diag)) == PLENUM_OK &&
	    (err = plenum_db_bind_int(st, 1, n)) == PLENUM_OK &&
	    (err = plenum_db_bind_text(st, 2, title)) == PLENUM_OK)
		err = step_one(db, st, ev, "the item was not added", diag);
	plenum_db_finalize(st);
	return err;
}

static enum plenum_err
apply_item_state(struct plenum_db *db, const struct plenum_event *ev,
		 struct plenum_diag *diag)
{
	const char *state = plenum_assembly_event_text(ev, "state");
	int64_t n = plenum_assembly_event_int(ev, "item", -1);
	struct plenum_stmt *st = NULL;
	enum plenum_err err = PLENUM_OK;
	int row;

	if (!state_ok(state))
		return plenum_assembly_bad_event(
			ev, "needs item and a state word", diag);
	/* one current item at a time: the previous one is done */
	if (strcmp(state, "current") == 0 &&
	    ((err = plenum_db_prepare(db,
				      "UPDATE agenda_items SET state = 'done' "
				      "WHERE state = 'current' AND n <> ?",
				      &st, diag)) ||
	     (err = plenum_db_bind_int(st, 1, n)) ||
	     (err = plenum_db_step(st, &row, diag))))
		goto out;
	plenum_db_finalize(st);
	st = NULL;
	if ((err = plenum_db_prepare(db,
				     "UPDATE agenda_items SET state = ? WHERE "
				     "n = ?",
				     &st, diag)) == PLENUM_OK &&
	    (err = plenum_db_bind_text(st, 1, state)) == PLENUM_OK &&
	    (err = plenum_db_bind_int(st, 2, n)) == PLENUM_OK)
		err = step_one(db, st, ev, "no such item", diag);
out:
	plenum_db_finalize(st);
	return err;
}

static enum plenum_err
apply_resolution_added(struct plenum_db *db, const struct plenum_event *ev,
		       struct plenum_diag *diag)
{
	const char *question = plenum_assembly_event_text(ev, "question");
	int64_t n = plenum_assembly_event_int(ev, "resolution", -1),
		item = plenum_assembly_event_int(ev, "item", -1), next;
	struct plenum_stmt *st = NULL;
	char state[16];
	enum plenum_err err;

	if (question == NULL || *question == '\0' || item < 0)
		return plenum_assembly_bad_event(
			ev, "needs resolution, item and question", diag);
	if ((err = next_number(db, 0, &next, diag)))
		return err;
	if (n != next)
		return plenum_assembly_bad_event(
			ev, "the resolution is not the next", diag);
	if (item > 0) {
		if ((err = item_state(db, item, state, sizeof(state), diag)))
			return err;
		if (state[0] == '\0')
			return plenum_assembly_bad_event(ev, "no such item",
							 diag);
	}
	if ((err = plenum_db_prepare(db,
				     "INSERT INTO resolutions (n, item, "
				     "question) VALUES (?, ?, ?)",
				     &st, diag)) == PLENUM_OK &&
	    (err = plenum_db_bind_int(st, 1, n)) == PLENUM_OK &&
	    (err = item > 0 ? plenum_db_bind_int(st, 2, item)
			    : plenum_db_bind_null(st, 2)) == PLENUM_OK &&
	    (err = plenum_db_bind_text(st, 3, question)) == PLENUM_OK)
		err = step_one(db, st, ev, "the resolution was not added",
			       diag);
	plenum_db_finalize(st);
	return err;
}

static enum plenum_err
apply_resolution_decided(struct plenum_db *db, const struct plenum_event *ev,
			 struct plenum_diag *diag)
{
	const char *recorded = plenum_assembly_event_text(ev, "result");
	int64_t n = plenum_assembly_event_int(ev, "resolution", -1),
		adopted = plenum_assembly_event_int(ev, "adopted", -1);
	struct inputs in;
	struct plenum_stmt *st = NULL;
	struct plenum_diag local = { 0 };
	enum plenum_preset preset;
	char *question = NULL, *json = NULL, why[300];
	enum plenum_err err;
	int found, decided;
	bool now_adopted;

	in.method = plenum_assembly_event_text(ev, "method");
	in.yes = plenum_assembly_event_int(ev, "yes", -1);
	in.no = plenum_assembly_event_int(ev, "no", -1);
	in.abstain = plenum_assembly_event_int(ev, "abstain", -1);
	in.invalid = plenum_assembly_event_int(ev, "invalid", -1);
	in.present = plenum_assembly_event_int(ev, "present", -1);
	in.should_attend = plenum_assembly_event_int(ev, "should_attend", -1);
	in.convened = plenum_assembly_event_int(ev, "convened", -1);
	in.excluded = plenum_assembly_event_int(ev, "excluded", -1);
	in.issued = plenum_assembly_event_int(ev, "issued", -1);
	if (recorded == NULL || adopted < 0)
		return plenum_assembly_bad_event(
			ev, "needs resolution, result and adopted", diag);
	if (inputs_check(&in, why, sizeof(why)) != 0)
		return plenum_assembly_bad_event(ev, why, diag);
	if ((err = resolution_state(db, n, &found, &decided, &question, diag)))
		goto out;
	if (!found || decided) {
		err = plenum_assembly_bad_event(
			ev, found ? "decided already" : "no such resolution",
			diag);
		goto out;
	}
	if ((err = stored_preset(db, ev, &preset, diag)))
		goto out;
	/* the result is what the engine makes of the inputs, nothing else */
	if ((err = result_json(preset, question, &in, &json, &now_adopted,
			       &local))) {
		if (err == PLENUM_EINPUT) {
			err = plenum_assembly_bad_event(ev, local.message,
							diag);
		} else {
			plenum_diag_set(diag, err, 0, 0, "%s", local.message);
		}
		goto out;
	}
	if (!plenum_assembly_same_result(recorded, json) ||
	    (adopted != 0) != now_adopted) {
		err = plenum_assembly_bad_event(
			ev,
			"the recorded result is not what the counts give; "
			"recounted",
			diag);
		goto out;
	}
	if ((err = plenum_db_prepare(db,
				     "UPDATE resolutions SET method = ?, yes = "
				     "?, no = ?, abstain = ?, present = ?, "
				     "should_attend = ?, result = ?, adopted = "
				     "? WHERE n = ? AND method IS NULL",
				     &st, diag)) ||
	    (err = plenum_db_bind_text(st, 1, in.method)) ||
	    (err = plenum_db_bind_int(st, 2, in.yes)) ||
	    (err = plenum_db_bind_int(st, 3, in.no)) ||
	    (err = plenum_db_bind_int(st, 4, in.abstain)) ||
	    (err = plenum_db_bind_int(st, 5, in.present)) ||
	    (err = plenum_db_bind_int(st, 6, in.should_attend)) ||
	    (err = plenum_db_bind_text(st, 7, json)) ||
	    (err = plenum_db_bind_int(st, 8, now_adopted)) ||
	    (err = plenum_db_bind_int(st, 9, n)))
		goto out;
	err = step_one(db, st, ev, "the resolution was not decided", diag);
out:
	plenum_db_finalize(st);
	free(question);
	free(json);
	return err;
}

static enum plenum_err
apply(struct plenum_db *db, const struct plenum_event *ev,
      struct plenum_diag *diag)
{
	const char *type = plenum_event_type(ev);

	if (strcmp(type, "agenda.item_added") == 0)
		return apply_item_added(db, ev, diag);
	if (strcmp(type, "agenda.item_state") == 0)
		return apply_item_state(db, ev, diag);
	if (strcmp(type, "agenda.resolution_added") == 0)
		return apply_resolution_added(db, ev, diag);
	if (strcmp(type, "agenda.resolution_decided") == 0)
		return apply_resolution_decided(db, ev, diag);
	return plenum_assembly_bad_event(ev, "unknown event type", diag);
}

const struct plenum_store_module plenum_agenda_module = {
	.name = "agenda",
	.version = 2,
	.prefix = "agenda.",
	.schema = schema,
	.apply = apply,
	.compare = compare,
};

/* ---- operations ---- */

/* A string field; names it when it is not valid UTF-8. */
static enum plenum_err
add_text(struct plenum_event *ev, const char *key, const char *what,
	 const char *s, struct plenum_diag *diag)
{
	enum plenum_err err = plenum_event_add_string(ev, key, s);

	if (err == PLENUM_EINPUT)
		return plenum_diag_set(diag, err, 0, 0,
				       "the %s is not valid UTF-8", what);
	if (err == PLENUM_ELIMIT)
		return plenum_diag_set(diag, err, 0, 0, "the %s is too long",
				       what);
	return err;
}

enum plenum_err
plenum_agenda_add_item(struct plenum_assembly *a, const char *title,
		       const char *actor, int64_t *n_out,
		       struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	enum plenum_err err;
	int64_t n = 0;

	if (title == NULL || *title == '\0')
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "an agenda item needs a title");
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = next_number(plenum_assembly_db(a), 1, &n, diag)) == 0 &&
	    (err = plenum_assembly_txn_event(&t, "agenda.item_added", actor,
					     &ev)) == 0 &&
	    (err = plenum_event_add_int(ev, "item", n)) == 0)
		err = add_text(ev, "title", "title", title, diag);
	if ((err = plenum_assembly_txn_finish(&t, ev, err, diag)) ==
		    PLENUM_OK &&
	    n_out != NULL)
		*n_out = n;
	return err;
}

enum plenum_err
plenum_agenda_set_state(struct plenum_assembly *a, int64_t n,
			const char *state_word, const char *actor,
			struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	char state[16];
	enum plenum_err err;

	if (!state_ok(state_word))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown item state \"%s\" (pending, "
				       "current, done or skipped)",
				       state_word ? state_word : "");
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = item_state(plenum_assembly_db(a), n, state, sizeof(state),
			      diag)))
		return plenum_assembly_txn_finish(&t, NULL, err, diag);
	if (state[0] == '\0')
		return plenum_assembly_txn_finish(
			&t, NULL,
			plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					"no agenda item %" PRId64, n),
			diag);
	if (strcmp(state, state_word) == 0)
		return plenum_assembly_txn_finish(
			&t, NULL,
			plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
					"agenda item %" PRId64 " is %s already",
					n, state),
			diag);
	if ((err = plenum_assembly_txn_event(&t, "agenda.item_state", actor,
					     &ev)) == 0 &&
	    (err = plenum_event_add_int(ev, "item", n)) == 0)
		err = plenum_event_add_string(ev, "state", state_word);
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_agenda_items(struct plenum_assembly *a,
		    int (*fn)(void *ctx, const struct plenum_agenda_item *item),
		    void *ctx, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_agenda_item it;
	enum plenum_err err;
	int row;

	if ((err = plenum_db_prepare(plenum_assembly_db(a),
				     "SELECT n, title, state FROM "
				     "agenda_items ORDER BY n",
				     &st, diag)))
		return err;
	for (;;) {
		if ((err = plenum_db_step(st, &row, diag)) || !row)
			break;
		it.n = plenum_db_column_int(st, 0);
		it.title = plenum_db_column_text(st, 1);
		it.state = plenum_db_column_text(st, 2);
		if (fn(ctx, &it) != 0)
			break;
	}
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_agenda_add_resolution(struct plenum_assembly *a, int64_t item_n,
			     const char *question, const char *actor,
			     int64_t *n_out, struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	char state[16];
	enum plenum_err err;
	int64_t n = 0;

	if (question == NULL || *question == '\0')
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a resolution needs a question");
	if (item_n < 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "no agenda item %" PRId64, item_n);
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if (item_n > 0) {
		if ((err = item_state(plenum_assembly_db(a), item_n, state,
				      sizeof(state), diag)))
			return plenum_assembly_txn_finish(&t, NULL, err, diag);
		if (state[0] == '\0')
			return plenum_assembly_txn_finish(
				&t, NULL,
				plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
						"no agenda item %" PRId64,
						item_n),
				diag);
	}
	if ((err = next_number(plenum_assembly_db(a), 0, &n, diag)) == 0 &&
	    (err = plenum_assembly_txn_event(&t, "agenda.resolution_added",
					     actor, &ev)) == 0 &&
	    (err = plenum_event_add_int(ev, "resolution", n)) == 0 &&
	    (err = plenum_event_add_int(ev, "item", item_n)) == 0)
		err = add_text(ev, "question", "question", question, diag);
	if ((err = plenum_assembly_txn_finish(&t, ev, err, diag)) ==
		    PLENUM_OK &&
	    n_out != NULL)
		*n_out = n;
	return err;
}

enum plenum_err
plenum_agenda_txn_decide(struct plenum_assembly_txn *t, int64_t n,
			 const struct plenum_agenda_count *c,
			 const struct plenum_presence *at, const char *actor,
			 bool *adopted, struct plenum_diag *diag)
{
	struct plenum_assembly *a = t->a;
	struct plenum_assembly_quorum q;
	struct plenum_event *ev = NULL;
	struct inputs in;
	char *question = NULL, *json = NULL, why[300];
	enum plenum_err err;
	int found, decided;
	bool ok = false;

	if (adopted != NULL)
		*adopted = false;
	if ((err = resolution_state(plenum_assembly_db(a), n, &found, &decided,
				    &question, diag)))
		goto out;
	if (!found) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "no resolution %" PRId64, n);
		goto out;
	}
	if (decided) {
		err = plenum_diag_set(
			diag, PLENUM_ECONFLICT, 0, 0,
			"resolution %" PRId64 " is decided already", n);
		goto out;
	}
	/* the quorum as it stands at this moment, under the lock, unless
	 * the vote was taken on a presence frozen earlier */
	if (at == NULL) {
		if ((err = plenum_assembly_quorum(a, &q, diag)))
			goto out;
		in.present = q.present;
		in.should_attend = q.should_attend;
		in.convened = q.voting;
		in.excluded = q.excluded;
	} else {
		in.present = at->present;
		in.should_attend = at->should_attend;
		in.convened = at->convened;
		in.excluded = at->excluded;
	}
	in.method = c->method;
	in.yes = c->yes;
	in.no = c->no;
	in.abstain = c->abstain;
	in.invalid = c->invalid;
	in.issued = c->issued < 0 ? in.present : c->issued;
	if (inputs_check(&in, why, sizeof(why)) != 0) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "resolution %" PRId64 ": %s", n, why);
		goto out;
	}
	if ((err = result_json(plenum_assembly_info(a)->preset, question, &in,
			       &json, &ok, diag)))
		goto out;
	if ((err = plenum_assembly_txn_event(t, "agenda.resolution_decided",
					     actor, &ev)) ||
	    (err = plenum_event_add_int(ev, "resolution", n)) ||
	    (err = plenum_event_add_string(ev, "method", in.method)) ||
	    (err = plenum_event_add_int(ev, "yes", in.yes)) ||
	    (err = plenum_event_add_int(ev, "no", in.no)) ||
	    (err = plenum_event_add_int(ev, "abstain", in.abstain)) ||
	    (err = plenum_event_add_int(ev, "invalid", in.invalid)) ||
	    (err = plenum_event_add_int(ev, "present", in.present)) ||
	    (err = plenum_event_add_int(ev, "should_attend",
					in.should_attend)) ||
	    (err = plenum_event_add_int(ev, "convened", in.convened)) ||
	    (err = plenum_event_add_int(ev, "excluded", in.excluded)) ||
	    (err = plenum_event_add_int(ev, "issued", in.issued)) ||
	    (err = plenum_event_add_string(ev, "result", json)) ||
	    (err = plenum_event_add_bool(ev, "adopted", ok)))
		goto out;
	err = plenum_assembly_txn_append(t, ev, diag);
	ev = NULL;
	if (err == PLENUM_OK && adopted != NULL)
		*adopted = ok;
out:
	plenum_event_free(ev);
	free(question);
	free(json);
	return err;
}

enum plenum_err
plenum_agenda_decide(struct plenum_assembly *a, int64_t n,
		     const struct plenum_agenda_count *c, const char *actor,
		     bool *adopted, struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	enum plenum_err err;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	err = plenum_agenda_txn_decide(&t, n, c, NULL, actor, adopted, diag);
	if ((err = plenum_assembly_txn_finish(&t, NULL, err, diag)) &&
	    adopted != NULL)
		*adopted = false;
	return err;
}

enum plenum_err
plenum_agenda_resolutions(struct plenum_assembly *a, int64_t n,
			  int (*fn)(void *ctx,
				    const struct plenum_agenda_resolution *r),
			  void *ctx, struct plenum_diag *diag)
{
	struct plenum_stmt *st = NULL;
	struct plenum_agenda_resolution r;
	enum plenum_err err;
	int row, any = 0;

	if ((err = plenum_db_prepare(
		     plenum_assembly_db(a),
		     n > 0 ? "SELECT n, item, question, method, yes, no, "
			     "abstain, present, should_attend, result, adopted "
			     "FROM resolutions WHERE n = ?"
			   : "SELECT n, item, question, method, yes, no, "
			     "abstain, present, should_attend, result, adopted "
			     "FROM resolutions ORDER BY n",
		     &st, diag)) ||
	    (n > 0 && (err = plenum_db_bind_int(st, 1, n))))
		goto out;
	for (;;) {
		if ((err = plenum_db_step(st, &row, diag)) || !row)
			break;
		any = 1;
		memset(&r, 0, sizeof(r));
		r.n = plenum_db_column_int(st, 0);
		r.item = plenum_db_column_int(st, 1);
		r.question = plenum_db_column_text(st, 2);
		r.decided = !plenum_db_column_is_null(st, 3);
		r.yes = r.no = r.abstain = r.present = r.should_attend = -1;
		if (r.decided) {
			r.method = plenum_db_column_text(st, 3);
			r.yes = plenum_db_column_int(st, 4);
			r.no = plenum_db_column_int(st, 5);
			r.abstain = plenum_db_column_int(st, 6);
			r.present = plenum_db_column_int(st, 7);
			r.should_attend = plenum_db_column_int(st, 8);
			r.result = plenum_db_column_text(st, 9);
			r.adopted = plenum_db_column_int(st, 10) != 0;
		}
		if (fn(ctx, &r) != 0)
			break;
	}
	if (err == PLENUM_OK && n > 0 && !any)
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "no resolution %" PRId64, n);
out:
	plenum_db_finalize(st);
	return err;
}
