/*
 * election.c: reading a plenum-election/1 document (pass one).
 *
 * Invariants: unknown fields are errors everywhere except under "x", so a
 * typo never passes silently; every error names the field and the position
 * of the offending value; the ballots array is syntax-checked and skipped,
 * never held; names are NFC from here on.  Options are applied after the
 * whole document was read, since "options" may come before "rules".
 */
#include "election.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

#define MAX_OPTIONS 64

struct pending_opt {
	char *key;
	struct plenum_json_token value; /* text owned */
};

/* A count in "totals" whose target is resolved after the document. */
struct pending_total {
	char *id;
	struct plenum_pos pos;
	uint64_t marks[PLENUM_NMARKS];
};

struct parser {
	struct plenum_json *json;
	struct plenum_diag *diag;
	struct plenum_election *e;
	unsigned flags;
	bool have_type, have_format, have_rules, have_seats, have_electorate,
		have_alt, have_runoff, have_candidates, have_question,
		have_totals, have_locale;
	enum plenum_preset preset;
	struct pending_opt opts[MAX_OPTIONS];
	size_t nopts;
	/* totals, resolved at the end */
	int64_t t_valid, t_invalid, t_illegal, t_blank;
	struct plenum_pos pos_t_valid;
	bool t_have_votes, t_have_candidates;
	struct pending_total *t_cands;
	size_t nt_cands;
	struct pending_total t_votes;
	struct pending_total *t_wi;
	size_t nt_wi;
};

static enum plenum_err
json_fail(struct parser *p, enum plenum_err err)
{
	unsigned long line = 0, col = 0;
	const char *msg;

	if (err == PLENUM_ENOMEM)
		return err;
	msg = plenum_json_error(p->json, &line, &col);
	return plenum_diag_set(p->diag, err, line, col, "%s", msg);
}

static enum plenum_err
next(struct parser *p, struct plenum_json_token *t)
{
	enum plenum_err err = plenum_json_next(p->json, t);

	return err == PLENUM_OK ? PLENUM_OK : json_fail(p, err);
}

static enum plenum_err
skip(struct parser *p, const struct plenum_json_token *t)
{
	enum plenum_err err = plenum_json_skip(p->json, t);

	return err == PLENUM_OK ? PLENUM_OK : json_fail(p, err);
}

static enum plenum_err fail(struct parser *p, const struct plenum_json_token *t,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum plenum_err
fail(struct parser *p, const struct plenum_json_token *t, const char *fmt, ...)
{
	enum plenum_err err;
	va_list ap;

	va_start(ap, fmt);
	err = plenum_diag_setv(p->diag, PLENUM_EINPUT, t->line, t->column, fmt,
			       ap);
	va_end(ap);
	return err;
}

static struct plenum_pos
pos_of(const struct plenum_json_token *t)
{
	struct plenum_pos pos = { t->line, t->column };

	return pos;
}

static enum plenum_err
want_int(struct parser *p, const char *field, int64_t min, int64_t *out)
{
	struct plenum_json_token t;
	enum plenum_err err;

	if ((err = next(p, &t)) != PLENUM_OK)
		return err;
	if (plenum_json_int(&t, out) != PLENUM_OK || *out < min ||
	    *out > PLENUM_MAX_COUNT)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, t.line, t.column,
				       "\"%s\": expected a whole number from "
				       "%" PRId64 " to 10^15",
				       field, min);
	return PLENUM_OK;
}

/* Reads a string value; *out is a new copy (NFC for names). */
static enum plenum_err
want_string(struct parser *p, const char *field, bool nfc, char **out,
	    struct plenum_json_token *where)
{
	struct plenum_json_token t;
	enum plenum_err err;

	if ((err = next(p, &t)) != PLENUM_OK)
		return err;
	if (where != NULL)
		*where = t;
	if (t.type != PLENUM_JSON_STRING)
		return fail(p, &t, "\"%s\": expected a string", field);
	free(*out);
	*out = NULL;
	if (nfc) {
		err = plenum_names_nfc(t.text, t.len, out);
		if (err == PLENUM_ENOMEM)
			return err;
		if (err != PLENUM_OK)
			return fail(p, &t,
				    "\"%s\": not a valid name (bad UTF-8 or "
				    "too long)",
				    field);
		if ((*out)[0] == '\0')
			return fail(p, &t, "\"%s\": must not be empty", field);
		return PLENUM_OK;
	}
	*out = strdup(t.text);
	return *out != NULL ? PLENUM_OK : PLENUM_ENOMEM;
}

static enum plenum_err
want_bool(struct parser *p, const char *field, bool *out)
{
	struct plenum_json_token t;
	enum plenum_err err;

	if ((err = next(p, &t)) != PLENUM_OK)
		return err;
	if (t.type != PLENUM_JSON_TRUE && t.type != PLENUM_JSON_FALSE)
		return fail(p, &t, "\"%s\": expected true or false", field);
	*out = t.type == PLENUM_JSON_TRUE;
	return PLENUM_OK;
}

static enum plenum_err
want_begin(struct parser *p, enum plenum_json_type type, const char *field,
	   struct plenum_json_token *t)
{
	enum plenum_err err;

	if ((err = next(p, t)) != PLENUM_OK)
		return err;
	if (t->type != type)
		return fail(p, t,
			    type == PLENUM_JSON_OBJECT_BEGIN
				    ? "\"%s\": expected an object"
				    : "\"%s\": expected an array",
			    field);
	return PLENUM_OK;
}

/* Checks a key against those already seen in this object (a small list). */
static enum plenum_err
once(struct parser *p, const struct plenum_json_token *key, bool *seen)
{
	if (*seen)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, key->line,
				       key->column, "duplicate field \"%s\"",
				       key->text);
	*seen = true;
	return PLENUM_OK;
}

static enum plenum_err
unknown(struct parser *p, const struct plenum_json_token *key,
	const char *where)
{
	return plenum_diag_set(p->diag, PLENUM_EINPUT, key->line, key->column,
			       "unknown field \"%s\"%s%s%s", key->text,
			       where ? " in \"" : "", where ? where : "",
			       where ? "\"" : "");
}

/* ---- electorate ---- */

static enum plenum_err
parse_electorate(struct parser *p)
{
	static const char *const names[] = { "should_attend", "present",
					     "convened", "excluded", "cast" };
	struct plenum_electorate *el = &p->e->electorate;
	int64_t *fields[] = { &el->should_attend, &el->present, &el->convened,
			      &el->excluded, &el->cast };
	struct plenum_json_token t;
	char path[64];
	enum plenum_err err;
	size_t i;

	if ((err = want_begin(p, PLENUM_JSON_OBJECT_BEGIN, "electorate", &t)))
		return err;
	p->e->pos_electorate = pos_of(&t);
	for (;;) {
		if ((err = next(p, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_OBJECT_END)
			return PLENUM_OK;
		for (i = 0; i < 5; i++)
			if (strcmp(t.text, names[i]) == 0)
				break;
		if (i == 5) {
			if (strcmp(t.text, "x") == 0) {
				if ((err = next(p, &t)) || (err = skip(p, &t)))
					return err;
				continue;
			}
			return unknown(p, &t, "electorate");
		}
		if (*fields[i] >= 0)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, t.line, t.column,
				"duplicate field \"%s\"", t.text);
		snprintf(path, sizeof(path), "electorate.%s", names[i]);
		if ((err = want_int(p, path, 0, fields[i])) != PLENUM_OK)
			return err;
	}
}

/* ---- candidates ---- */

static enum plenum_err
parse_candidate(struct parser *p, struct plenum_candidate *c, size_t n,
		const struct plenum_json_token *first)
{
	struct plenum_json_token t, v;
	char field[64];
	enum plenum_err err;

	c->pos = pos_of(first);
	snprintf(field, sizeof(field), "candidates[%zu]", n);
	if (first->type != PLENUM_JSON_OBJECT_BEGIN)
		return fail(p, first,
			    "\"%s\": expected an object with \"id\" and "
			    "\"name\"",
			    field);
	for (;;) {
		if ((err = next(p, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_OBJECT_END)
			break;
		if (strcmp(t.text, "id") == 0) {
			snprintf(field, sizeof(field), "candidates[%zu].id", n);
			if (c->id != NULL)
				return once(p, &t, &(bool){ true });
			if ((err = want_string(p, field, false, &c->id, &v)))
				return err;
			if (c->id[0] == '\0' ||
			    strncmp(c->id, "write-in:", 9) == 0)
				return fail(p, &v,
					    "\"%s\": must be non-empty and not "
					    "start with \"write-in:\"",
					    field);
		} else if (strcmp(t.text, "name") == 0) {
			snprintf(field, sizeof(field), "candidates[%zu].name",
				 n);
			if (c->name != NULL)
				return once(p, &t, &(bool){ true });
			if ((err = want_string(p, field, true, &c->name, NULL)))
				return err;
		} else if (strcmp(t.text, "x") == 0) {
			if ((err = next(p, &v)) || (err = skip(p, &v)))
				return err;
		} else {
			return unknown(p, &t, "candidates");
		}
	}
	if (c->id == NULL || c->name == NULL)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, c->pos.line,
				       c->pos.column,
				       "\"candidates[%zu]\": needs both \"id\" "
				       "and \"name\"",
				       n);
	return PLENUM_OK;
}

static enum plenum_err
parse_candidates(struct parser *p)
{
	struct plenum_election *e = p->e;
	struct plenum_json_token t;
	enum plenum_err err;
	size_t alloc = 0, i;

	if ((err = want_begin(p, PLENUM_JSON_ARRAY_BEGIN, "candidates", &t)))
		return err;
	e->pos_candidates = pos_of(&t);
	for (;;) {
		struct plenum_candidate *c;

		if ((err = next(p, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_ARRAY_END)
			return PLENUM_OK;
		if (e->ncandidates == PLENUM_MAX_CANDIDATES)
			return plenum_diag_set(p->diag, PLENUM_ELIMIT, t.line,
					       t.column,
					       "\"candidates\": more than %d",
					       PLENUM_MAX_CANDIDATES);
		if (e->ncandidates == alloc) {
			size_t n = alloc ? alloc * 2 : 16;

			c = realloc(e->candidates, n * sizeof(*c));
			if (c == NULL)
				return PLENUM_ENOMEM;
			e->candidates = c;
			alloc = n;
		}
		c = &e->candidates[e->ncandidates];
		memset(c, 0, sizeof(*c));
		/* counted before parsing, so that free releases a half-read
		 * candidate too */
		e->ncandidates++;
		if ((err = parse_candidate(p, c, e->ncandidates - 1, &t)))
			return err;
		for (i = 0; i + 1 < e->ncandidates; i++)
			if (strcmp(e->candidates[i].id, c->id) == 0)
				return plenum_diag_set(
					p->diag, PLENUM_EINPUT, c->pos.line,
					c->pos.column,
					"\"candidates[%zu].id\": \"%s\" is "
					"already the id of candidates[%zu]",
					e->ncandidates - 1, c->id, i);
	}
}

/* ---- options ---- */

static enum plenum_err
parse_options(struct parser *p)
{
	struct plenum_json_token t, v;
	enum plenum_err err;
	size_t i;

	if ((err = want_begin(p, PLENUM_JSON_OBJECT_BEGIN, "options", &t)))
		return err;
	for (;;) {
		struct pending_opt *o;

		if ((err = next(p, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_OBJECT_END)
			return PLENUM_OK;
		for (i = 0; i < p->nopts; i++)
			if (strcmp(p->opts[i].key, t.text) == 0)
				return once(p, &t, &(bool){ true });
		if (p->nopts == MAX_OPTIONS)
			return plenum_diag_set(
				p->diag, PLENUM_ELIMIT, t.line, t.column,
				"\"options\": more than %d", MAX_OPTIONS);
		o = &p->opts[p->nopts];
		if ((o->key = strdup(t.text)) == NULL)
			return PLENUM_ENOMEM;
		p->nopts++;
		if ((err = next(p, &v)) != PLENUM_OK)
			return err;
		o->value = v;
		o->value.text = NULL;
		if (v.type == PLENUM_JSON_OBJECT_BEGIN ||
		    v.type == PLENUM_JSON_ARRAY_BEGIN)
			return plenum_diag_set(p->diag, PLENUM_EINPUT, v.line,
					       v.column,
					       "option \"%s\": expected a "
					       "string, number or boolean",
					       o->key);
		if ((o->value.text = strdup(v.text ? v.text : "")) == NULL)
			return PLENUM_ENOMEM;
	}
}

/* ---- totals ---- */

/* Reads {"Y": n, …} after its '{' (first); write-ins also carry "name". */
static enum plenum_err
parse_marks_body(struct parser *p, const char *field, struct pending_total *pt,
		 bool name_allowed, const struct plenum_json_token *first)
{
	struct plenum_json_token t;
	bool seen[PLENUM_NMARKS] = { false };
	char path[200];
	enum plenum_err err;
	int64_t n;
	int m;

	pt->pos = pos_of(first);
	for (;;) {
		if ((err = next(p, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_OBJECT_END)
			break;
		if (name_allowed && strcmp(t.text, "name") == 0) {
			snprintf(path, sizeof(path), "%s.name", field);
			if (pt->id != NULL)
				return once(p, &t, &(bool){ true });
			if ((err = want_string(p, path, true, &pt->id, NULL)))
				return err;
			continue;
		}
		m = t.len == 1 ? plenum_mark_parse(t.text[0]) : -1;
		if (m < 0)
			return plenum_diag_set(p->diag, PLENUM_EINPUT, t.line,
					       t.column,
					       "\"%s\": unknown mark \"%s\" "
					       "(expected Y, N, A, -, B or ?)",
					       field, t.text);
		if ((err = once(p, &t, &seen[m])) != PLENUM_OK)
			return err;
		snprintf(path, sizeof(path), "%s.%c", field, t.text[0]);
		if ((err = want_int(p, path, 0, &n)) != PLENUM_OK)
			return err;
		pt->marks[m] = (uint64_t)n;
	}
	if (name_allowed && pt->id == NULL)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, pt->pos.line,
				       pt->pos.column,
				       "\"%s\": needs a \"name\"", field);
	return PLENUM_OK;
}

static enum plenum_err
parse_marks(struct parser *p, const char *field, struct pending_total *pt)
{
	struct plenum_json_token t;
	enum plenum_err err;

	if ((err = want_begin(p, PLENUM_JSON_OBJECT_BEGIN, field, &t)))
		return err;
	return parse_marks_body(p, field, pt, false, &t);
}

static enum plenum_err
parse_totals(struct parser *p)
{
	struct plenum_json_token t, v;
	bool seen_valid = false, seen_invalid = false, seen_illegal = false,
	     seen_blank = false, seen_wi = false;
	char field[200];
	enum plenum_err err;

	if ((err = want_begin(p, PLENUM_JSON_OBJECT_BEGIN, "totals", &t)))
		return err;
	p->e->pos_totals = pos_of(&t);
	for (;;) {
		if ((err = next(p, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_OBJECT_END)
			return PLENUM_OK;
		if (strcmp(t.text, "valid") == 0) {
			p->pos_t_valid = pos_of(&t);
			if ((err = once(p, &t, &seen_valid)) ||
			    (err = want_int(p, "totals.valid", 0, &p->t_valid)))
				return err;
		} else if (strcmp(t.text, "invalid") == 0) {
			if ((err = once(p, &t, &seen_invalid)) ||
			    (err = want_int(p, "totals.invalid", 0,
					    &p->t_invalid)))
				return err;
		} else if (strcmp(t.text, "illegal") == 0) {
			if ((err = once(p, &t, &seen_illegal)) ||
			    (err = want_int(p, "totals.illegal", 0,
					    &p->t_illegal)))
				return err;
		} else if (strcmp(t.text, "blank") == 0) {
			if ((err = once(p, &t, &seen_blank)) ||
			    (err = want_int(p, "totals.blank", 0, &p->t_blank)))
				return err;
		} else if (strcmp(t.text, "votes") == 0) {
			if ((err = once(p, &t, &p->t_have_votes)) ||
			    (err = parse_marks(p, "totals.votes", &p->t_votes)))
				return err;
		} else if (strcmp(t.text, "candidates") == 0) {
			if ((err = once(p, &t, &p->t_have_candidates)) ||
			    (err = want_begin(p, PLENUM_JSON_OBJECT_BEGIN,
					      "totals.candidates", &v)))
				return err;
			for (;;) {
				struct pending_total *pt;

				if ((err = next(p, &v)) != PLENUM_OK)
					return err;
				if (v.type == PLENUM_JSON_OBJECT_END)
					break;
				if (p->nt_cands == PLENUM_MAX_CANDIDATES)
					return plenum_diag_set(
						p->diag, PLENUM_ELIMIT, v.line,
						v.column,
						"\"totals.candidates\": more "
						"than %d",
						PLENUM_MAX_CANDIDATES);
				pt = realloc(p->t_cands,
					     (p->nt_cands + 1) * sizeof(*pt));
				if (pt == NULL)
					return PLENUM_ENOMEM;
				p->t_cands = pt;
				pt = &p->t_cands[p->nt_cands++];
				memset(pt, 0, sizeof(*pt));
				if ((pt->id = strdup(v.text)) == NULL)
					return PLENUM_ENOMEM;
				snprintf(field, sizeof(field),
					 "totals.candidates.%.100s", v.text);
				if ((err = parse_marks(p, field, pt)))
					return err;
				pt->pos = pos_of(&v);
			}
		} else if (strcmp(t.text, "write_ins") == 0) {
			if ((err = once(p, &t, &seen_wi)) ||
			    (err = want_begin(p, PLENUM_JSON_ARRAY_BEGIN,
					      "totals.write_ins", &v)))
				return err;
			for (;;) {
				struct pending_total *pt;
				struct plenum_json_token peek;

				if ((err = next(p, &peek)) != PLENUM_OK)
					return err;
				if (peek.type == PLENUM_JSON_ARRAY_END)
					break;
				if (peek.type != PLENUM_JSON_OBJECT_BEGIN)
					return fail(p, &peek,
						    "\"%s\": expected an "
						    "object",
						    "totals.write_ins[]");
				if (p->nt_wi == PLENUM_MAX_WRITE_INS)
					return plenum_diag_set(
						p->diag, PLENUM_ELIMIT,
						peek.line, peek.column,
						"\"totals.write_ins\": more "
						"than %d",
						PLENUM_MAX_WRITE_INS);
				pt = realloc(p->t_wi,
					     (p->nt_wi + 1) * sizeof(*pt));
				if (pt == NULL)
					return PLENUM_ENOMEM;
				p->t_wi = pt;
				pt = &p->t_wi[p->nt_wi++];
				memset(pt, 0, sizeof(*pt));
				snprintf(field, sizeof(field),
					 "totals.write_ins[%zu]", p->nt_wi - 1);
				if ((err = parse_marks_body(p, field, pt, true,
							    &peek)))
					return err;
			}
		} else if (strcmp(t.text, "x") == 0) {
			if ((err = next(p, &v)) || (err = skip(p, &v)))
				return err;
		} else {
			return unknown(p, &t, "totals");
		}
	}
}

static enum plenum_err
resolve_totals(struct parser *p)
{
	struct plenum_election *e = p->e;
	struct plenum_counts *c = &e->totals;
	size_t i, j, idx;
	uint64_t sum;
	int m;
	enum plenum_err err;

	if ((err = plenum_counts_init(c, e->motion ? 1 : e->ncandidates)))
		return err;
	if (e->motion && p->t_have_candidates)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_totals.line, e->pos_totals.column,
				       "\"totals\": a motion gives \"votes\", "
				       "not \"candidates\"");
	if (!e->motion && p->t_have_votes)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_totals.line, e->pos_totals.column,
				       "\"totals\": an election gives "
				       "\"candidates\", not \"votes\"");
	if (e->motion && p->nt_wi > 0)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_totals.line, e->pos_totals.column,
				       "\"totals\": a motion has no write-ins");
	c->valid = (uint64_t)p->t_valid;
	c->invalid = (uint64_t)p->t_invalid;
	c->returned = c->valid + c->invalid;
	if (p->t_illegal > p->t_invalid)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_totals.line, e->pos_totals.column,
				       "\"totals.illegal\" (%" PRId64
				       ") exceeds \"totals.invalid\" (%" PRId64
				       "): illegal votes are counted among "
				       "the invalid",
				       p->t_illegal, p->t_invalid);
	if (p->t_blank > p->t_valid)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_totals.line, e->pos_totals.column,
				       "\"totals.blank\" (%" PRId64
				       ") exceeds \"totals.valid\" (%" PRId64
				       ")",
				       p->t_blank, p->t_valid);
	c->illegal = (uint64_t)p->t_illegal;
	c->blank = (uint64_t)p->t_blank;

	if (e->motion) {
		memcpy(c->candidates[0].marks, p->t_votes.marks,
		       sizeof(p->t_votes.marks));
		for (sum = 0, m = 0; m < PLENUM_NMARKS; m++)
			sum += p->t_votes.marks[m];
		if (sum > c->valid)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, p->t_votes.pos.line,
				p->t_votes.pos.column,
				"\"totals.votes\": %" PRIu64
				" marks counted but only %" PRIu64
				" valid ballots",
				sum, c->valid);
		return PLENUM_OK;
	}
	for (i = 0; i < p->nt_cands; i++) {
		struct pending_total *pt = &p->t_cands[i];

		for (j = 0; j < e->ncandidates; j++)
			if (strcmp(e->candidates[j].id, pt->id) == 0)
				break;
		if (j == e->ncandidates)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, pt->pos.line,
				pt->pos.column,
				"\"totals.candidates\": \"%s\" is "
				"not the id of a listed "
				"candidate",
				pt->id);
		for (idx = 0; idx < i; idx++)
			if (strcmp(p->t_cands[idx].id, pt->id) == 0)
				return plenum_diag_set(
					p->diag, PLENUM_EINPUT, pt->pos.line,
					pt->pos.column,
					"duplicate field \"%s\" in "
					"\"totals.candidates\"",
					pt->id);
		for (sum = 0, m = 0; m < PLENUM_NMARKS; m++)
			sum += pt->marks[m];
		if (sum > c->valid)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, pt->pos.line,
				pt->pos.column,
				"\"totals.candidates.%s\": %" PRIu64
				" marks counted but only %" PRIu64
				" valid ballots",
				pt->id, sum, c->valid);
		memcpy(c->candidates[j].marks, pt->marks, sizeof(pt->marks));
	}
	for (i = 0; i < p->nt_wi; i++) {
		struct pending_total *pt = &p->t_wi[i];

		for (j = 0; j < e->ncandidates; j++)
			if (strcmp(e->candidates[j].name, pt->id) == 0)
				return plenum_diag_set(
					p->diag, PLENUM_EINPUT, pt->pos.line,
					pt->pos.column,
					"\"totals.write_ins[%zu]\": \"%s\" is "
					"on the list; count those votes under "
					"\"totals.candidates\"",
					i, pt->id);
		if (pt->marks[PLENUM_MARK_YES] > c->valid)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, pt->pos.line,
				pt->pos.column,
				"\"totals.write_ins[%zu]\": %" PRIu64
				" votes but only %" PRIu64 " valid ballots",
				i, pt->marks[PLENUM_MARK_YES], c->valid);
		err = plenum_counts_write_in(c, pt->id, &idx);
		if (err != PLENUM_OK)
			return err;
		if (idx != c->nwrite_ins - 1)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, pt->pos.line,
				pt->pos.column,
				"\"totals.write_ins[%zu]\": \"%s\" "
				"is written in twice",
				i, pt->id);
		memcpy(c->write_ins[idx].marks, pt->marks, sizeof(pt->marks));
	}
	return PLENUM_OK;
}

/* Requires an electorate field the rules read. */
static enum plenum_err
need(struct parser *p, int64_t value, const char *field, const char *why)
{
	struct plenum_pos pos = p->e->pos_electorate;

	if (value >= 0)
		return PLENUM_OK;
	return plenum_diag_set(p->diag, PLENUM_EINPUT, pos.line, pos.column,
			       "\"electorate.%s\" is missing: rules \"%s\" "
			       "need it for %s",
			       field, plenum_rules_preset_name(p->preset), why);
}

static enum plenum_err
need_base(struct parser *p, enum plenum_base base, const char *why)
{
	const struct plenum_electorate *el = &p->e->electorate;

	switch (base) {
	case PLENUM_BASE_PRESENT:
		return need(p, el->present, "present", why);
	case PLENUM_BASE_SHOULD_ATTEND:
	case PLENUM_BASE_ENTITLED:
		return need(p, el->should_attend, "should_attend", why);
	case PLENUM_BASE_CONVENED:
		return need(p, el->convened, "convened", why);
	default:
		return PLENUM_OK;
	}
}

static enum plenum_err
finish(struct parser *p)
{
	struct plenum_election *e = p->e;
	struct plenum_electorate *el = &e->electorate;
	struct plenum_pos d = e->pos_doc;
	enum plenum_err err;
	size_t i;

	if (!p->have_format)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line, d.column,
				       "missing field \"format\" (\"%s\")",
				       PLENUM_FORMAT_ELECTION);
	if (!p->have_rules)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line, d.column,
				       "missing field \"rules\" (cn-basic, "
				       "cn-local, vn, ronr or yna)");
	plenum_rules_defaults(p->preset, &e->rules);
	for (i = 0; i < p->nopts; i++)
		if ((err = plenum_rules_set(&e->rules, p->opts[i].key,
					    &p->opts[i].value, p->diag)))
			return err;

	if (e->motion) {
		if (!p->have_question)
			return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line,
					       d.column,
					       "missing field \"question\": a "
					       "motion puts a question");
		if (p->have_seats || p->have_candidates || p->have_alt)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, d.line, d.column,
				"a motion has no \"seats\", "
				"\"alternate_seats\" or \"candidates\"");
	} else {
		if (!p->have_seats)
			return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line,
					       d.column,
					       "missing field \"seats\"");
		if (!p->have_candidates || e->ncandidates == 0)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT,
				p->have_candidates ? e->pos_candidates.line
						   : d.line,
				p->have_candidates ? e->pos_candidates.column
						   : d.column,
				"\"candidates\": at least one candidate is "
				"needed");
		if (p->have_question)
			return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line,
					       d.column,
					       "an election has no "
					       "\"question\"; use \"type\": "
					       "\"motion\"");
	}

	if (!p->have_electorate)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line, d.column,
				       "missing field \"electorate\"");
	if (e->rules.quorum_num > 0) {
		if ((err = need(p, el->present, "present", "the quorum")))
			return err;
		if (e->rules.quorum_of == PLENUM_QUORUM_SHOULD_ATTEND &&
		    (err = need(p, el->should_attend, "should_attend",
				"the quorum")))
			return err;
		if (e->rules.quorum_of == PLENUM_QUORUM_CONVENED &&
		    (err = need(p, el->convened, "convened", "the quorum")))
			return err;
	}
	if ((err = need_base(p,
			     e->motion ? e->rules.motion_base : e->rules.base,
			     "the vote base")))
		return err;
	if (el->convened >= 0 && el->excluded < 0)
		el->excluded = 0;
	if (el->excluded > 0 && el->convened < 0)
		return need(p, el->convened, "convened",
			    "\"excluded\" to deduct from");
	if (el->convened >= 0 && el->excluded > el->convened)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_electorate.line,
				       e->pos_electorate.column,
				       "\"electorate.excluded\" (%" PRId64
				       ") exceeds \"electorate.convened\" "
				       "(%" PRId64 ")",
				       el->excluded, el->convened);
	if (el->present >= 0 && el->should_attend >= 0 &&
	    el->present > el->should_attend)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_electorate.line,
				       e->pos_electorate.column,
				       "\"electorate.present\" (%" PRId64
				       ") exceeds \"electorate.should_attend\" "
				       "(%" PRId64 ")",
				       el->present, el->should_attend);
	if (el->present >= 0 && el->convened >= 0 && el->present > el->convened)
		return plenum_diag_set(p->diag, PLENUM_EINPUT,
				       e->pos_electorate.line,
				       e->pos_electorate.column,
				       "\"electorate.present\" (%" PRId64
				       ") exceeds \"electorate.convened\" "
				       "(%" PRId64 ")",
				       el->present, el->convened);
	if (e->ballots_issued < 0)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line, d.column,
				       "missing field \"ballots_issued\"");
	if (e->form == PLENUM_BALLOTS_NONE &&
	    !(p->flags & PLENUM_PARSE_LIST_ONLY))
		return plenum_diag_set(p->diag, PLENUM_EINPUT, d.line, d.column,
				       "no ballots: give \"ballots\", "
				       "\"ballots_file\" or \"totals\"");
	if (e->form == PLENUM_BALLOTS_TOTALS) {
		if ((err = resolve_totals(p)) != PLENUM_OK)
			return err;
		if (e->ballots_returned >= 0 &&
		    (uint64_t)e->ballots_returned != e->totals.returned)
			return plenum_diag_set(
				p->diag, PLENUM_EINPUT, e->pos_returned.line,
				e->pos_returned.column,
				"\"ballots_returned\" is %" PRId64
				" but \"totals\" counts %" PRIu64
				" valid and %" PRIu64 " invalid",
				e->ballots_returned, e->totals.valid,
				e->totals.invalid);
	}
	e->names =
		calloc(e->ncandidates ? e->ncandidates : 1, sizeof(*e->names));
	if (e->names == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < e->ncandidates; i++)
		e->names[i] = e->candidates[i].name;
	return PLENUM_OK;
}

static enum plenum_err
set_form(struct parser *p, const struct plenum_json_token *key,
	 enum plenum_ballots_form form)
{
	if (p->e->form != PLENUM_BALLOTS_NONE)
		return plenum_diag_set(p->diag, PLENUM_EINPUT, key->line,
				       key->column,
				       "\"%s\": give only one of \"ballots\", "
				       "\"ballots_file\" and \"totals\"",
				       key->text);
	p->e->form = form;
	return PLENUM_OK;
}

static enum plenum_err
parse_field(struct parser *p, const struct plenum_json_token *key)
{
	struct plenum_election *e = p->e;
	struct plenum_json_token v;
	char *s = NULL, k[32];
	enum plenum_err err;

	/* the key's text lives only until the next token is read, and the
	 * messages below name the field after reading its value */
	snprintf(k, sizeof(k), "%s", key->text);
	if (strcmp(k, "format") == 0) {
		if ((err = once(p, key, &p->have_format)) ||
		    (err = want_string(p, k, false, &s, &v)))
			goto out;
		if (strcmp(s, PLENUM_FORMAT_ELECTION) != 0)
			err = plenum_diag_set(p->diag, PLENUM_EINPUT, v.line,
					      v.column,
					      "\"format\": \"%s\" is not "
					      "\"%s\"",
					      s, PLENUM_FORMAT_ELECTION);
	} else if (strcmp(k, "title") == 0) {
		if (e->title != NULL)
			return once(p, key, &(bool){ true });
		err = want_string(p, k, true, &e->title, NULL);
	} else if (strcmp(k, "locale") == 0) {
		if ((err = once(p, key, &p->have_locale)) ||
		    (err = want_string(p, k, false, &e->locale, &v)))
			goto out;
		if (strcmp(e->locale, "zh-Hans") != 0 &&
		    strcmp(e->locale, "zh-Hant") != 0 &&
		    strcmp(e->locale, "vi") != 0 &&
		    strcmp(e->locale, "en") != 0)
			err = fail(p, &v,
				   "\"%s\": expected \"zh-Hans\", \"zh-Hant\", "
				   "\"vi\" or \"en\"",
				   k);
	} else if (strcmp(k, "type") == 0) {
		if ((err = once(p, key, &p->have_type)) ||
		    (err = want_string(p, k, false, &s, &v)))
			goto out;
		if (strcmp(s, "motion") == 0)
			e->motion = true;
		else if (strcmp(s, "election") != 0)
			err = fail(p, &v,
				   "\"%s\": expected \"election\" or "
				   "\"motion\"",
				   k);
	} else if (strcmp(k, "rules") == 0) {
		if ((err = once(p, key, &p->have_rules)) ||
		    (err = want_string(p, k, false, &s, &v)))
			goto out;
		e->pos_rules = pos_of(&v);
		if (plenum_rules_preset_parse(s, &p->preset) != 0)
			err = plenum_diag_set(p->diag, PLENUM_EINPUT, v.line,
					      v.column,
					      "\"rules\": unknown rule preset "
					      "\"%s\" (expected cn-basic, "
					      "cn-local, vn, ronr or yna)",
					      s);
	} else if (strcmp(k, "options") == 0) {
		if (p->nopts > 0)
			return once(p, key, &(bool){ true });
		err = parse_options(p);
	} else if (strcmp(k, "seats") == 0) {
		e->pos_seats = pos_of(key);
		if ((err = once(p, key, &p->have_seats)) == PLENUM_OK)
			err = want_int(p, k, 1, &e->seats);
	} else if (strcmp(k, "alternate_seats") == 0) {
		if ((err = once(p, key, &p->have_alt)) == PLENUM_OK)
			err = want_int(p, k, 0, &e->alternate_seats);
	} else if (strcmp(k, "runoff") == 0) {
		if ((err = once(p, key, &p->have_runoff)) == PLENUM_OK)
			err = want_bool(p, k, &e->runoff);
	} else if (strcmp(k, "electorate") == 0) {
		if ((err = once(p, key, &p->have_electorate)) == PLENUM_OK)
			err = parse_electorate(p);
	} else if (strcmp(k, "ballots_issued") == 0) {
		e->pos_issued = pos_of(key);
		if (e->ballots_issued >= 0)
			return once(p, key, &(bool){ true });
		err = want_int(p, k, 0, &e->ballots_issued);
	} else if (strcmp(k, "ballots_returned") == 0) {
		e->pos_returned = pos_of(key);
		if (e->ballots_returned >= 0)
			return once(p, key, &(bool){ true });
		err = want_int(p, k, 0, &e->ballots_returned);
	} else if (strcmp(k, "candidates") == 0) {
		if ((err = once(p, key, &p->have_candidates)) == PLENUM_OK)
			err = parse_candidates(p);
	} else if (strcmp(k, "question") == 0) {
		if ((err = once(p, key, &p->have_question)) == PLENUM_OK)
			err = want_string(p, k, true, &e->question, NULL);
	} else if (strcmp(k, "ballots") == 0) {
		if ((err = set_form(p, key, PLENUM_BALLOTS_INLINE)) ||
		    (err = want_begin(p, PLENUM_JSON_ARRAY_BEGIN, k, &v)))
			goto out;
		e->ballots_offset = v.offset;
		e->ballots_pos = pos_of(&v);
		err = skip(p, &v);
	} else if (strcmp(k, "ballots_file") == 0) {
		if ((err = set_form(p, key, PLENUM_BALLOTS_FILE)) ||
		    (err = want_string(p, k, false, &e->ballots_file, &v)))
			goto out;
		e->ballots_pos = pos_of(&v);
		if (e->ballots_file[0] == '\0')
			err = fail(p, &v, "\"%s\": must not be empty", k);
	} else if (strcmp(k, "totals") == 0) {
		if ((err = set_form(p, key, PLENUM_BALLOTS_TOTALS)) ||
		    (err = parse_totals(p)))
			goto out;
	} else if (strcmp(k, "x") == 0) {
		if ((err = next(p, &v)) == PLENUM_OK)
			err = skip(p, &v);
	} else {
		err = unknown(p, key, NULL);
	}
out:
	free(s);
	return err;
}

enum plenum_err
plenum_election_parse(const struct plenum_json_source *src, unsigned flags,
		      struct plenum_election **out, struct plenum_diag *diag)
{
	struct parser p;
	struct plenum_election *e = NULL;
	struct plenum_json_token t;
	enum plenum_err err;
	size_t i;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.diag = diag;
	p.flags = flags;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return PLENUM_ENOMEM;
	p.e = e;
	e->electorate.should_attend = e->electorate.present = -1;
	e->electorate.convened = e->electorate.excluded = -1;
	e->electorate.cast = -1;
	e->ballots_issued = e->ballots_returned = -1;
	if ((p.json = plenum_json_new(src, 0, 1, 1, 0)) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	if ((err = next(&p, &t)) != PLENUM_OK)
		goto out;
	e->pos_doc = pos_of(&t);
	if (t.type != PLENUM_JSON_OBJECT_BEGIN) {
		err = fail(&p, &t, "%s document must be a JSON object",
			   PLENUM_FORMAT_ELECTION);
		goto out;
	}
	for (;;) {
		if ((err = next(&p, &t)) != PLENUM_OK)
			goto out;
		if (t.type == PLENUM_JSON_OBJECT_END)
			break;
		if ((err = parse_field(&p, &t)) != PLENUM_OK)
			goto out;
	}
	if ((err = next(&p, &t)) != PLENUM_OK)
		goto out;
	if (e->locale == NULL && (e->locale = strdup("zh-Hans")) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	err = finish(&p);
out:
	for (i = 0; i < p.nopts; i++) {
		free(p.opts[i].key);
		free((char *)p.opts[i].value.text);
	}
	for (i = 0; i < p.nt_cands; i++)
		free(p.t_cands[i].id);
	free(p.t_cands);
	for (i = 0; i < p.nt_wi; i++)
		free(p.t_wi[i].id);
	free(p.t_wi);
	plenum_json_free(p.json);
	if (err != PLENUM_OK) {
		if (err == PLENUM_ENOMEM && diag != NULL)
			plenum_diag_set(diag, err, 0, 0, "out of memory");
		plenum_election_free(e);
		return err;
	}
	*out = e;
	return PLENUM_OK;
}

void
plenum_election_free(struct plenum_election *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->ncandidates; i++) {
		free(e->candidates[i].id);
		free(e->candidates[i].name);
	}
	free(e->candidates);
	free(e->names);
	free(e->title);
	free(e->locale);
	free(e->question);
	free(e->ballots_file);
	plenum_counts_release(&e->totals);
	free(e);
}

void
plenum_election_count_setup(const struct plenum_election *e,
			    struct plenum_count_setup *s)
{
	s->rules = &e->rules;
	s->ncandidates = e->ncandidates;
	s->names = e->names;
	s->seats = e->seats;
	s->alternate_seats = e->alternate_seats;
	s->motion = e->motion;
}
