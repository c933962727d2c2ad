/*
 * resultjson.c: the result as JSON.
 *
 * The fields of election-format.md keep their meaning forever; fields added
 * here beyond the spec ("rules", "decision", "blank", "unclear", "list",
 * "alternate_seats", ballot "illegal" and "blank") are extensions a reader
 * may ignore.  Invariant: when the round was not counted (void, no quorum,
 * invalid list) nobody is elected and "elected" is empty.
 */
#include "resultjson.h"

#include <stdbool.h>

#include "buf.h"
#include "i18n.h"
#include "report.h"

static const char *
decision_word(enum plenum_decision d)
{
	switch (d) {
	case PLENUM_DECISION_NOT_COUNTED:
		return "not-counted";
	case PLENUM_DECISION_ELECTED:
		return "elected";
	case PLENUM_DECISION_ALTERNATE:
		return "alternate";
	case PLENUM_DECISION_BELOW_THRESHOLD:
		return "below-threshold";
	case PLENUM_DECISION_OUTRANKED:
		return "outranked";
	case PLENUM_DECISION_TIED:
		return "tied";
	case PLENUM_DECISION_PENDING:
		return "pending";
	}
	return "";
}

/* json_integer of a count, or null when the field is absent (-1). */
static json_t *
int_or_null(int64_t v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

/* Adds key = value and reports failure; value is stolen. */
static bool
put(json_t *obj, const char *key, json_t *value)
{
	return value != NULL && json_object_set_new(obj, key, value) == 0;
}

static bool
add_id(json_t *arr, const struct plenum_tally *t, size_t i)
{
	return json_array_append_new(arr, json_string(t->persons[i].id)) == 0;
}

static json_t *
ids(const struct plenum_tally *t, const size_t *idx, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < n; i++) {
		if (!add_id(arr, t, idx[i])) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *
person(const struct plenum_tally *t, size_t i)
{
	const struct plenum_tally_person *p = &t->persons[i];
	json_t *o = json_object();
	bool ok;

	if (o == NULL)
		return NULL;
	ok = put(o, "id", json_string(p->id)) &&
	     put(o, "name", json_string(p->name)) &&
	     put(o, "yes", json_integer((json_int_t)p->yes)) &&
	     put(o, "no", json_integer((json_int_t)p->no)) &&
	     put(o, "abstain", json_integer((json_int_t)p->abstain)) &&
	     put(o, "blank", json_integer((json_int_t)p->blank)) &&
	     put(o, "unclear", json_integer((json_int_t)p->unclear)) &&
	     put(o, "passed", json_boolean(p->passed)) &&
	     put(o, "elected", json_boolean(p->elected)) &&
	     put(o, "alternate", json_boolean(p->alternate)) &&
	     put(o, "decision", json_string(decision_word(p->decision)));
	if (ok && t->threshold.per_candidate &&
	    p->decision != PLENUM_DECISION_NOT_COUNTED)
		ok = put(o, "base", json_integer(p->base)) &&
		     put(o, "votes_needed", json_integer(p->needed));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
list_check(const struct plenum_list_check *c)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (!put(o, "contested", json_boolean(c->contested)) ||
	    !put(o, "candidates", json_integer(c->candidates)) ||
	    !put(o, "places", json_integer(c->places)) ||
	    !put(o, "extra", json_integer(c->extra)) ||
	    !put(o, "min_extra", json_integer(c->min_extra)) ||
	    !put(o, "max_extra", int_or_null(c->max_extra)) ||
	    !put(o, "problem",
		 json_string(plenum_tally_problem_word(c->problem))) ||
	    !put(o, "in_order", json_boolean(c->in_order))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
plenum_resultjson_build(const struct plenum_election *e,
			const struct plenum_tally *t, const char *locale)
{
	const struct plenum_catalog *cat =
		plenum_i18n_catalog(locale ? locale : e->locale);
	bool counted = t->status == PLENUM_STATUS_ELECTED ||
		       t->status == PLENUM_STATUS_INCOMPLETE;
	json_t *r = json_object(), *o, *arr;
	struct plenum_buf text;
	size_t i;

	plenum_buf_init(&text, 1u << 16);
	if (r == NULL)
		goto fail;
	if (!put(r, "format", json_string(PLENUM_FORMAT_RESULT)) ||
	    !put(r, "status", json_string(plenum_status_word(t->status))) ||
	    !put(r, "rules",
		 json_string(plenum_rules_preset_name(e->rules.preset))))
		goto fail;

	o = json_object();
	if (!put(r, "quorum", o) ||
	    !put(o, "present", int_or_null(e->electorate.present)) ||
	    !put(o, "required",
		 json_integer(t->quorum.applies ? t->quorum.required : 0)) ||
	    !put(o, "met", json_boolean(t->quorum.met)))
		goto fail;

	o = json_object();
	if (!put(r, "ballots", o) ||
	    !put(o, "issued", json_integer(t->ballots.issued)) ||
	    !put(o, "returned",
		 json_integer((json_int_t)t->ballots.returned)) ||
	    !put(o, "valid", json_integer((json_int_t)t->ballots.valid)) ||
	    !put(o, "invalid", json_integer((json_int_t)t->ballots.invalid)))
		goto fail;
	if (e->rules.preset == PLENUM_PRESET_RONR &&
	    (!put(o, "illegal", json_integer((json_int_t)t->ballots.illegal)) ||
	     !put(o, "blank", json_integer((json_int_t)t->ballots.blank))))
		goto fail;

	o = json_object();
	if (!put(r, "threshold", o))
		goto fail;
	if (counted && !t->threshold.per_candidate) {
		if (!put(o, "base", json_integer(t->threshold.base)) ||
		    !put(o, "votes_needed", json_integer(t->threshold.needed)))
			goto fail;
	} else if (!put(o, "base", json_null()) ||
		   !put(o, "votes_needed", json_null())) {
		goto fail;
	}
	if (counted &&
	    (!put(o, "kind",
		  json_string(plenum_rules_base_word(t->threshold.kind))) ||
	     !put(o, "per_candidate",
		  json_boolean(t->threshold.per_candidate)) ||
	     !put(o, "runoff_plurality", json_boolean(t->threshold.plurality))))
		goto fail;

	if (!e->motion) {
		arr = json_array();
		if (!put(r, "candidates", arr))
			goto fail;
		for (i = 0; i < t->npersons; i++)
			if (json_array_append_new(arr, person(t, i)) != 0)
				goto fail;
		if (!put(r, "elected", ids(t, t->elected, t->nelected)) ||
		    !put(r, "alternates",
			 ids(t, t->alternates, t->nalternates)) ||
		    !put(r, "list", list_check(&t->list)))
			goto fail;
		if (t->pending.reason == PLENUM_PENDING_NONE) {
			if (!put(r, "pending", json_null()))
				goto fail;
		} else {
			o = json_object();
			if (!put(r, "pending", o) ||
			    !put(o, "reason",
				 json_string(t->pending.reason ==
							     PLENUM_PENDING_TIE
						     ? "tie"
						     : "shortfall")) ||
			    !put(o, "seats", json_integer(t->pending.seats)) ||
			    !put(o, "alternate_seats",
				 json_integer(t->pending.alternate_seats)) ||
			    !put(o, "candidates",
				 ids(t, t->pending.persons, t->pending.n)))
				goto fail;
		}
	} else {
		if (!put(r, "elected", json_array()) ||
		    !put(r, "pending", json_null()))
			goto fail;
		if (counted) {
			o = json_object();
			if (!put(r, "motion", o) ||
			    !put(o, "yes",
				 json_integer(
					 (json_int_t)t->motion_result.yes)) ||
			    !put(o, "no",
				 json_integer(
					 (json_int_t)t->motion_result.no)) ||
			    !put(o, "abstain",
				 json_integer((json_int_t)t->motion_result
						      .abstain)) ||
			    !put(o, "adopted",
				 json_boolean(t->motion_result.adopted)) ||
			    !put(o, "base",
				 json_integer(t->motion_result.base)) ||
			    !put(o, "votes_needed",
				 json_integer(t->motion_result.needed)))
				goto fail;
		} else if (!put(r, "motion", json_null())) {
			goto fail;
		}
	}

	arr = json_array();
	if (!put(r, "notes", arr))
		goto fail;
	for (i = 0; i < t->nnotes; i++) {
		plenum_buf_reset(&text);
		if (plenum_report_note(e, t, &t->notes[i], cat, &text) !=
			    PLENUM_OK ||
		    json_array_append_new(arr,
					  json_string(plenum_buf_str(&text))))
			goto fail;
	}
	plenum_buf_reset(&text);
	if (plenum_report_next(e, t, cat, &text) != PLENUM_OK ||
	    !put(r, "next", json_string(plenum_buf_str(&text))))
		goto fail;
	plenum_buf_release(&text);
	return r;
fail:
	plenum_buf_release(&text);
	json_decref(r);
	return NULL;
}
