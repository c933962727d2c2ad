/*
 * result.c: reads plenum-result/1 for printing.
 *
 * Strict where printing depends on a field (format, status, the ballot
 * counts, each person's counts, the ids in "elected" and "alternates"),
 * lenient with fields it does not print (notes, list, pending) and with
 * fields the format adds later.  Invariant: every index in elected and
 * alternates is < npersons.
 */
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define FORMAT "plenum-result/1"

static const char *const status_words[] = {
	[PLENUM_RESULT_ELECTED] = "elected",
	[PLENUM_RESULT_INCOMPLETE] = "incomplete",
	[PLENUM_RESULT_VOID] = "void",
	[PLENUM_RESULT_NO_QUORUM] = "no-quorum",
	[PLENUM_RESULT_INVALID_LIST] = "invalid-list",
};

static const char *const decision_words[] = {
	[PLENUM_RD_NOT_COUNTED] = "not-counted",
	[PLENUM_RD_ELECTED] = "elected",
	[PLENUM_RD_ALTERNATE] = "alternate",
	[PLENUM_RD_BELOW_THRESHOLD] = "below-threshold",
	[PLENUM_RD_OUTRANKED] = "outranked",
	[PLENUM_RD_TIED] = "tied",
	[PLENUM_RD_PENDING] = "pending",
};

static int
word_index(const char *const *words, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w != NULL && i < n; i++)
		if (strcmp(words[i], w) == 0)
			return (int)i;
	return -1;
}

void
plenum_result_free(struct plenum_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->npersons; i++) {
		free(r->persons[i].id);
		free(r->persons[i].name);
	}
	free(r->persons);
	free(r->elected);
	free(r->alternates);
	free(r->next);
	free(r);
}

/* A non-negative integer member; -1 when missing or null and optional. */
static enum plenum_err
get_count(json_t *obj, const char *where, const char *key, bool optional,
	  int64_t *out, struct plenum_diag *diag)
{
	json_t *v = json_object_get(obj, key);

	*out = -1;
	if ((v == NULL || json_is_null(v)) && optional)
		return PLENUM_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'%s.%s' is not a count", where, key);
	*out = json_integer_value(v);
	return PLENUM_OK;
}

static enum plenum_err
get_text(json_t *obj, const char *where, const char *key, char **out,
	 struct plenum_diag *diag)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!json_is_string(v))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'%s.%s' is not a string", where, key);
	*out = strdup(json_string_value(v));
	return *out != NULL ? PLENUM_OK : PLENUM_ENOMEM;
}

static enum plenum_err
read_person(json_t *o, size_t i, struct plenum_result_person *p,
	    struct plenum_diag *diag)
{
	enum plenum_err err;
	char where[40];
	int k;

	snprintf(where, sizeof(where), "candidates[%zu]", i);
	if (!json_is_object(o))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'%s' is not an object", where);
	p->base = p->needed = -1;
	err = get_text(o, where, "id", &p->id, diag);
	if (err == PLENUM_OK)
		err = get_text(o, where, "name", &p->name, diag);
	if (err == PLENUM_OK)
		err = get_count(o, where, "yes", false, &p->yes, diag);
	if (err == PLENUM_OK)
		err = get_count(o, where, "no", false, &p->no, diag);
	if (err == PLENUM_OK)
		err = get_count(o, where, "abstain", false, &p->abstain, diag);
	if (err == PLENUM_OK)
		err = get_count(o, where, "base", true, &p->base, diag);
	if (err == PLENUM_OK)
		err = get_count(o, where, "votes_needed", true, &p->needed,
				diag);
	if (err != PLENUM_OK)
		return err;
	p->write_in = strncmp(p->id, "write-in:", 9) == 0;
	p->elected = json_is_true(json_object_get(o, "elected"));
	p->alternate = json_is_true(json_object_get(o, "alternate"));
	k = word_index(decision_words,
		       sizeof(decision_words) / sizeof(decision_words[0]),
		       json_string_value(json_object_get(o, "decision")));
	if (k >= 0)
		p->decision = (enum plenum_result_decision)k;
	else
		p->decision = p->elected     ? PLENUM_RD_ELECTED
			      : p->alternate ? PLENUM_RD_ALTERNATE
					     : PLENUM_RD_BELOW_THRESHOLD;
	return PLENUM_OK;
}

/* Resolves an array of ids to person indexes. */
static enum plenum_err
read_ids(json_t *root, const char *key, const struct plenum_result *r,
	 size_t **out, size_t *n, struct plenum_diag *diag)
{
	json_t *arr = json_object_get(root, key), *v;
	size_t i, j;

	*out = NULL;
	*n = 0;
	if (arr == NULL || json_is_null(arr))
		return PLENUM_OK;
	if (!json_is_array(arr))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'%s' is not an array", key);
	if (json_array_size(arr) == 0)
		return PLENUM_OK;
	if (json_array_size(arr) > r->npersons)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'%s' names more persons than there are",
				       key);
	*out = calloc(json_array_size(arr), sizeof(**out));
	if (*out == NULL)
		return PLENUM_ENOMEM;
	json_array_foreach(arr, i, v)
	{
		const char *id = json_string_value(v);

		for (j = 0; id != NULL && j < r->npersons; j++)
			if (strcmp(r->persons[j].id, id) == 0)
				break;
		if (id == NULL || j == r->npersons)
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "'%s[%zu]' is not a candidate's "
					       "id",
					       key, i);
		(*out)[(*n)++] = j;
	}
	return PLENUM_OK;
}

static enum plenum_err
read_result(json_t *root, struct plenum_result *r, struct plenum_diag *diag)
{
	json_t *v, *o;
	enum plenum_err err;
	size_t i;
	int k;

	if (!json_is_object(root))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the result is not a json object");
	v = json_object_get(root, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), FORMAT) != 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'format' is not '" FORMAT "'");
	k = word_index(status_words,
		       sizeof(status_words) / sizeof(status_words[0]),
		       json_string_value(json_object_get(root, "status")));
	if (k < 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'status' is not a result status");
	r->status = (enum plenum_result_status)k;

	r->present = -1;
	o = json_object_get(root, "quorum");
	if (json_is_object(o)) {
		err = get_count(o, "quorum", "present", true, &r->present,
				diag);
		if (err != PLENUM_OK)
			return err;
	}
	o = json_object_get(root, "ballots");
	if (!json_is_object(o))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'ballots' is not an object");
	if ((err = get_count(o, "ballots", "issued", false, &r->issued,
			     diag)) != PLENUM_OK ||
	    (err = get_count(o, "ballots", "returned", false, &r->returned,
			     diag)) != PLENUM_OK ||
	    (err = get_count(o, "ballots", "valid", false, &r->valid, diag)) !=
		    PLENUM_OK ||
	    (err = get_count(o, "ballots", "invalid", false, &r->invalid,
			     diag)) != PLENUM_OK)
		return err;
	r->base = r->needed = -1;
	o = json_object_get(root, "threshold");
	if (json_is_object(o) &&
	    ((err = get_count(o, "threshold", "base", true, &r->base, diag)) !=
		     PLENUM_OK ||
	     (err = get_count(o, "threshold", "votes_needed", true, &r->needed,
			      diag)) != PLENUM_OK))
		return err;

	v = json_object_get(root, "next");
	if (json_is_string(v) &&
	    (r->next = strdup(json_string_value(v))) == NULL)
		return PLENUM_ENOMEM;

	o = json_object_get(root, "motion");
	v = json_object_get(root, "candidates");
	if (v == NULL || json_is_null(v)) {
		r->motion = true;
		if (json_is_object(o)) {
			r->motion_counted = true;
			r->adopted =
				json_is_true(json_object_get(o, "adopted"));
			if ((err = get_count(o, "motion", "yes", false,
					     &r->motion_yes, diag)) !=
				    PLENUM_OK ||
			    (err = get_count(o, "motion", "no", false,
					     &r->motion_no, diag)) !=
				    PLENUM_OK ||
			    (err = get_count(o, "motion", "abstain", false,
					     &r->motion_abstain, diag)) !=
				    PLENUM_OK)
				return err;
		}
		return PLENUM_OK;
	}
	if (!json_is_array(v))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "'candidates' is not an array");
	if (json_array_size(v) > PLENUM_RESULT_MAX_PERSONS)
		return plenum_diag_set(
			diag, PLENUM_ELIMIT, 0, 0, "%zu candidates: at most %d",
			json_array_size(v), PLENUM_RESULT_MAX_PERSONS);
	if (json_array_size(v) > 0) {
		r->persons = calloc(json_array_size(v), sizeof(*r->persons));
		if (r->persons == NULL)
			return PLENUM_ENOMEM;
	}
	json_array_foreach(v, i, o)
	{
		r->npersons = i + 1;
		err = read_person(o, i, &r->persons[i], diag);
		if (err != PLENUM_OK)
			return err;
	}
	err = read_ids(root, "elected", r, &r->elected, &r->nelected, diag);
	if (err == PLENUM_OK)
		err = read_ids(root, "alternates", r, &r->alternates,
			       &r->nalternates, diag);
	return err;
}

enum plenum_err
plenum_result_parse(const char *text, size_t len, struct plenum_result **out,
		    struct plenum_diag *diag)
{
	struct plenum_result *r = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	enum plenum_err err;

	*out = NULL;
	if (len > PLENUM_RESULT_MAX_TEXT) {
		err = plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				      "the result is longer than %u bytes",
				      PLENUM_RESULT_MAX_TEXT);
		goto out;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		err = plenum_diag_set(
			diag, PLENUM_ESYNTAX,
			(unsigned long)(jerr.line > 0 ? jerr.line : 0),
			(unsigned long)(jerr.column > 0 ? jerr.column : 0),
			"the result is not json: %s", jerr.text);
		goto out;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	err = read_result(root, r, diag);
	if (err != PLENUM_OK)
		goto out;
	*out = r;
	r = NULL;
out:
	plenum_result_free(r);
	json_decref(root);
	return err;
}
