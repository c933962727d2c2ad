/*
 * support.c: see support.h.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ballots.h"
#include "count.h"

long
support_mem_read(void *ctx, char *buf, size_t n)
{
	struct support_mem *m = ctx;
	size_t left = m->len - m->pos;

	if (m->chunk > 0 && n > m->chunk)
		n = m->chunk;
	if (n > left)
		n = left;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (long)n;
}

enum plenum_err
support_tally_text(const char *text, size_t chunk, struct plenum_election **e,
		   struct plenum_tally **t, struct plenum_diag *diag)
{
	struct support_mem mem = { text, strlen(text), 0, chunk };
	struct plenum_json_source src = { support_mem_read, &mem };
	struct plenum_counter *counter = NULL;
	struct plenum_count_setup setup;
	const struct plenum_counts *counts;
	enum plenum_err err;

	*e = NULL;
	*t = NULL;
	memset(diag, 0, sizeof(*diag));
	if ((err = plenum_election_parse(&src, 0, e, diag)) != PLENUM_OK)
		return err;
	if ((*e)->form == PLENUM_BALLOTS_TOTALS) {
		counts = &(*e)->totals;
	} else if ((*e)->form == PLENUM_BALLOTS_INLINE) {
		plenum_election_count_setup(*e, &setup);
		if ((counter = plenum_counter_new(&setup)) == NULL) {
			err = PLENUM_ENOMEM;
			goto out;
		}
		mem.pos = (size_t)(*e)->ballots_offset;
		err = plenum_ballots_read_json(counter, &src,
					       (*e)->ballots_offset,
					       (*e)->ballots_pos, diag);
		if (err != PLENUM_OK)
			goto out;
		counts = plenum_counter_counts(counter);
	} else {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "support: no ballots file in memory");
		goto out;
	}
	err = plenum_tally_decide(*e, counts, t);
out:
	plenum_counter_free(counter);
	if (err != PLENUM_OK) {
		plenum_election_free(*e);
		*e = NULL;
	}
	return err;
}

static int
matches(json_t *exp, json_t *got, const char *path, int top, char *why,
	size_t n)
{
	char sub[512];
	const char *key;
	json_t *ev, *gv;
	size_t i, j;

	if (json_is_object(exp) && json_is_array(got) &&
	    strcmp(path, ".candidates") == 0) {
		json_object_foreach(exp, key, ev)
		{
			gv = NULL;
			json_array_foreach(got, i, gv)
			{
				json_t *id = json_object_get(gv, "id");

				if (id &&
				    strcmp(json_string_value(id), key) == 0)
					break;
				gv = NULL;
			}
			snprintf(sub, sizeof(sub), "%s[id=%s]", path, key);
			if (gv == NULL) {
				snprintf(why, n, "%s: no such candidate", sub);
				return 0;
			}
			if (!matches(ev, gv, sub, 0, why, n))
				return 0;
		}
		return 1;
	}
	if (json_is_object(exp)) {
		if (!json_is_object(got)) {
			snprintf(why, n, "%s: expected an object", path);
			return 0;
		}
		json_object_foreach(exp, key, ev)
		{
			snprintf(sub, sizeof(sub), "%s.%s", path, key);
			gv = json_object_get(got, key);
			if (gv == NULL) {
				snprintf(why, n, "%s: missing", sub);
				return 0;
			}
			if (top && strcmp(key, "elected") == 0 &&
			    json_is_array(ev) && json_is_array(gv)) {
				if (json_array_size(ev) != json_array_size(gv))
					goto set_differs;
				for (i = 0; i < json_array_size(ev); i++) {
					for (j = 0; j < json_array_size(gv);
					     j++)
						if (json_equal(json_array_get(
								       ev, i),
							       json_array_get(
								       gv, j)))
							break;
					if (j == json_array_size(gv))
						goto set_differs;
				}
				continue;
			set_differs : {
				char *a = json_dumps(ev, JSON_COMPACT),
				     *b = json_dumps(gv, JSON_COMPACT);

				snprintf(why, n, "%s: expected %s, got %s", sub,
					 a ? a : "?", b ? b : "?");
				free(a);
				free(b);
				return 0;
			}
			}
			if (!matches(ev, gv, sub, 0, why, n))
				return 0;
		}
		return 1;
	}
	if (!json_equal(exp, got)) {
		char *a = json_dumps(exp, JSON_COMPACT | JSON_ENCODE_ANY),
		     *b = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);

		snprintf(why, n, "%s: expected %s, got %s", path, a ? a : "?",
			 b ? b : "?");
		free(a);
		free(b);
		return 0;
	}
	return 1;
}

int
support_json_matches(json_t *expected, json_t *got, char *why, size_t n)
{
	return matches(expected, got, "", 1, why, n);
}
