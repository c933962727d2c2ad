/*
 * count.c: ballot validity and counting.
 *
 * Invariants: counts change only when a ballot was fully read, so an input
 * error leaves them as they were; returned == valid + invalid; only valid
 * ballots add marks; a ballot gives any one person at most one vote, however
 * often the person is written in.  The hot path (a marks string with no
 * write-ins or defects) makes two passes over the marks and no allocation.
 */
#include "count.h"

#include <stdlib.h>
#include <string.h>

static const char mark_chars[PLENUM_NMARKS] = { 'Y', 'N', 'A', '-', 'B', '?' };

int
plenum_mark_parse(char c)
{
	switch (c) {
	case 'Y':
		return PLENUM_MARK_YES;
	case 'N':
		return PLENUM_MARK_NO;
	case 'A':
		return PLENUM_MARK_ABSTAIN;
	case '-':
		return PLENUM_MARK_BLANK;
	case 'B':
		return PLENUM_MARK_BOTH;
	case '?':
		return PLENUM_MARK_UNREAD;
	}
	return -1;
}

char
plenum_mark_char(enum plenum_mark mark)
{
	return mark_chars[mark];
}

unsigned
plenum_defect_parse(const char *word)
{
	static const struct {
		const char *word;
		unsigned bit;
	} defects[] = {
		{ "unofficial", PLENUM_DEFECT_UNOFFICIAL },
		{ "identifying", PLENUM_DEFECT_IDENTIFYING },
		{ "extra_marks", PLENUM_DEFECT_EXTRA_MARKS },
		{ "torn", PLENUM_DEFECT_TORN },
		{ "folded", PLENUM_DEFECT_FOLDED },
	};
	size_t i;

	for (i = 0; i < sizeof(defects) / sizeof(defects[0]); i++)
		if (strcmp(word, defects[i].word) == 0)
			return defects[i].bit;
	return 0;
}

bool
plenum_count_strike_out(const struct plenum_rules *r, size_t ncandidates,
			int64_t seats, int64_t alternate_seats)
{
	switch (r->ballot_form) {
	case PLENUM_FORM_STRIKE_OUT:
		return true;
	case PLENUM_FORM_PER_CANDIDATE:
		return false;
	case PLENUM_FORM_AUTO:
		break;
	}
	if (r->list == PLENUM_LIST_CONTESTED)
		return true;
	if (r->list == PLENUM_LIST_UNCONTESTED)
		return false;
	return (int64_t)ncandidates > seats + alternate_seats;
}

int64_t
plenum_count_max_votes(const struct plenum_rules *r, int64_t seats,
		       int64_t alternate_seats)
{
	if (r->max_votes > 0)
		return r->max_votes;
	if (r->preset == PLENUM_PRESET_RONR || r->preset == PLENUM_PRESET_YNA)
		return seats;
	return seats + alternate_seats;
}

/* ---- counts and the write-in index ---- */

enum plenum_err
plenum_counts_init(struct plenum_counts *c, size_t n)
{
	memset(c, 0, sizeof(*c));
	c->ncandidates = n;
	c->candidates = calloc(n ? n : 1, sizeof(*c->candidates));
	return c->candidates != NULL ? PLENUM_OK : PLENUM_ENOMEM;
}

void
plenum_counts_release(struct plenum_counts *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nwrite_ins; i++)
		free(c->write_ins[i].name);
	free(c->write_ins);
	free(c->candidates);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}

static uint64_t
hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Rebuilds the slot table at twice the size.  slots hold index + 1. */
static enum plenum_err
rehash(struct plenum_counts *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 64, i, j;
	size_t *slots = calloc(n, sizeof(*slots));

	if (slots == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < c->nwrite_ins; i++) {
		j = hash_name(c->write_ins[i].name) & (n - 1);
		while (slots[j] != 0)
			j = (j + 1) & (n - 1);
		slots[j] = i + 1;
	}
	free(c->slots);
	c->slots = slots;
	c->nslots = n;
	return PLENUM_OK;
}

enum plenum_err
plenum_counts_write_in(struct plenum_counts *c, const char *name, size_t *index)
{
	struct plenum_person_counts *p;
	enum plenum_err err;
	size_t j;

	if (c->nslots == 0 && (err = rehash(c)) != PLENUM_OK)
		return err;
	j = hash_name(name) & (c->nslots - 1);
	while (c->slots[j] != 0) {
		if (strcmp(c->write_ins[c->slots[j] - 1].name, name) == 0) {
			*index = c->slots[j] - 1;
			return PLENUM_OK;
		}
		j = (j + 1) & (c->nslots - 1);
	}
	if (c->nwrite_ins >= PLENUM_MAX_WRITE_INS)
		return PLENUM_ELIMIT;
	/* keep the load under one half, so that probes stay short */
	if (2 * (c->nwrite_ins + 1) > c->nslots) {
		if ((err = rehash(c)) != PLENUM_OK)
			return err;
		return plenum_counts_write_in(c, name, index);
	}
	if ((c->nwrite_ins & (c->nwrite_ins - 1)) == 0) {
		size_t n = c->nwrite_ins ? c->nwrite_ins * 2 : 4;

		p = realloc(c->write_ins, n * sizeof(*p));
		if (p == NULL)
			return PLENUM_ENOMEM;
		c->write_ins = p;
	}
	p = &c->write_ins[c->nwrite_ins];
	memset(p, 0, sizeof(*p));
	if ((p->name = strdup(name)) == NULL)
		return PLENUM_ENOMEM;
	c->slots[j] = ++c->nwrite_ins;
	*index = c->nwrite_ins - 1;
	return PLENUM_OK;
}

/* ---- the counter ---- */

/*
 * The hot loop classifies a ballot's marks by adding one word per mark:
 * three 21-bit fields count yes marks, unclear marks (? and B) and marks the
 * form does not have.  A list has at most PLENUM_MAX_CANDIDATES < 2^21
 * names, so no field carries into the next, and a register sum avoids the
 * store-to-load chain of counting into an array.
 */
#define PACK_YES	      1ULL
#define PACK_UNCLEAR	      (1ULL << 21)
#define PACK_BAD	      (1ULL << 42)
#define PACK_FIELD(sum, unit) (((sum) / (unit)) & ((1ULL << 21) - 1))

struct plenum_counter {
	struct plenum_count_setup s;
	struct plenum_counts counts;
	bool strike_out;
	int64_t max_votes;
	signed char mark_of[256]; /* -1: not a mark this ballot form has */
	uint64_t packed[256];	  /* a mark's class, as packed counters */
	/* per ballot scratch for write-ins: listed index, or ncandidates +
	 * k for the k-th distinct new name of this ballot */
	size_t wi_target[PLENUM_MAX_BALLOT_WRITE_INS];
};

struct plenum_counter *
plenum_counter_new(const struct plenum_count_setup *s)
{
	struct plenum_counter *k = calloc(1, sizeof(*k));
	const char *allowed;
	size_t i;

	if (k == NULL)
		return NULL;
	k->s = *s;
	if (plenum_counts_init(&k->counts, s->motion ? 1 : s->ncandidates) !=
	    PLENUM_OK) {
		free(k);
		return NULL;
	}
	k->strike_out = !s->motion &&
			plenum_count_strike_out(s->rules, s->ncandidates,
						s->seats, s->alternate_seats);
	k->max_votes = s->motion ? 1
				 : plenum_count_max_votes(s->rules, s->seats,
							  s->alternate_seats);
	if (k->strike_out)
		allowed = "YN?";
	else if (s->rules->preset == PLENUM_PRESET_RONR && !s->motion)
		allowed = "Y-?B";
	else
		allowed = "YNA-B?";
	memset(k->mark_of, -1, sizeof(k->mark_of));
	for (i = 0; i < 256; i++)
		k->packed[i] = PACK_BAD;
	for (i = 0; allowed[i] != '\0'; i++) {
		int m = plenum_mark_parse(allowed[i]);

		k->mark_of[(unsigned char)allowed[i]] = (signed char)m;
		k->packed[(unsigned char)allowed[i]] =
			m == PLENUM_MARK_YES ? PACK_YES
			: m == PLENUM_MARK_UNREAD || m == PLENUM_MARK_BOTH
				? PACK_UNCLEAR
				: 0;
	}
	return k;
}

void
plenum_counter_free(struct plenum_counter *k)
{
	if (k == NULL)
		return;
	plenum_counts_release(&k->counts);
	free(k);
}

const struct plenum_counts *
plenum_counter_counts(const struct plenum_counter *k)
{
	return &k->counts;
}

static enum plenum_verdict
worst(enum plenum_verdict a, enum plenum_action act)
{
	if (act == PLENUM_ACT_INVALID)
		return PLENUM_BALLOT_INVALID;
	if (act == PLENUM_ACT_ILLEGAL && a != PLENUM_BALLOT_INVALID)
		return PLENUM_BALLOT_ILLEGAL;
	return a;
}

static enum plenum_err
bad_mark(struct plenum_counter *k, const struct plenum_ballot *b, size_t i,
	 struct plenum_diag *diag)
{
	const char *form;

	if (k->strike_out)
		form = "a strike-out ballot keeps (Y) or strikes (N) each "
		       "name, "
		       "or records it as unclear (?)";
	else if (k->mark_of['N'] < 0)
		form = "a ronr ballot marks a vote (Y), no vote (-), or an "
		       "unclear (?) or double (B) mark";
	else
		form = "marks are Y, N, A, -, B and ?";
	if ((unsigned char)b->marks[i] < 0x20 ||
	    (unsigned char)b->marks[i] >= 0x7f)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "mark %zu is byte 0x%02x: %s", i + 1,
				       (unsigned char)b->marks[i], form);
	return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
			       "mark %zu is '%c': %s", i + 1, b->marks[i],
			       form);
}

enum plenum_err
plenum_counter_add(struct plenum_counter *k, const struct plenum_ballot *b,
		   enum plenum_verdict *verdict_out, struct plenum_diag *diag)
{
	const struct plenum_rules *r = k->s.rules;
	struct plenum_counts *c = &k->counts;
	size_t want = k->s.motion ? 1 : k->s.ncandidates;
	uint64_t sum = 0;
	size_t yes, unclear;
	enum plenum_verdict v = PLENUM_BALLOT_VALID;
	size_t i, j, new_names = 0;
	int64_t votes;
	enum plenum_err err;

	if (b->len != want)
		return plenum_diag_set(
			diag, PLENUM_EINPUT, 0, 0,
			"ballot has %zu mark%s, expected %zu (one per %s)",
			b->len, b->len == 1 ? "" : "s", want,
			k->s.motion ? "motion" : "listed candidate");
	for (i = 0; i < b->len; i++)
		sum += k->packed[(unsigned char)b->marks[i]];
	if (PACK_FIELD(sum, PACK_BAD) != 0) {
		for (i = 0; k->mark_of[(unsigned char)b->marks[i]] >= 0; i++)
			;
		return bad_mark(k, b, i, diag);
	}
	yes = PACK_FIELD(sum, PACK_YES);
	unclear = PACK_FIELD(sum, PACK_UNCLEAR);
	if (b->nwrite_ins > PLENUM_MAX_BALLOT_WRITE_INS)
		return plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				       "ballot has %zu write-ins, at most %d "
				       "are read",
				       b->nwrite_ins,
				       PLENUM_MAX_BALLOT_WRITE_INS);
	if (b->nwrite_ins > 0 && k->s.motion)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a motion ballot has no write-ins");

	/* physical defects */
	if (b->defects & (PLENUM_DEFECT_UNOFFICIAL | PLENUM_DEFECT_TORN))
		v = PLENUM_BALLOT_INVALID;
	if (b->defects & PLENUM_DEFECT_IDENTIFYING)
		v = worst(v, r->identifying);
	if (b->defects & PLENUM_DEFECT_EXTRA_MARKS)
		v = worst(v, r->extra_marks);
	if (b->defects & PLENUM_DEFECT_FOLDED)
		v = worst(v, r->folded);

	/* write-ins: resolve each counted name to a listed candidate or a new
	 * person, once per ballot */
	votes = (int64_t)yes;
	for (i = 0; i < b->nwrite_ins; i++) {
		const struct plenum_write_in *w = &b->write_ins[i];
		size_t t = (size_t)-1;

		if (w->mark != 'Y' && w->mark != '-')
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "write-in %zu: mark must be "
					       "\"Y\" or \"-\"",
					       i + 1);
		if (w->name == NULL || w->name[0] == '\0')
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "write-in %zu: empty name",
					       i + 1);
		if (r->write_ins == PLENUM_WRITE_INS_INVALID)
			v = PLENUM_BALLOT_INVALID;
		k->wi_target[i] = (size_t)-1;
		if (r->write_ins == PLENUM_WRITE_INS_MARKED && w->mark != 'Y')
			continue;
		for (j = 0; j < k->s.ncandidates; j++)
			if (strcmp(k->s.names[j], w->name) == 0)
				break;
		if (j < k->s.ncandidates) {
			if (b->marks[j] == 'Y')
				continue; /* already a vote for this person */
			t = j;
		} else {
			t = k->s.ncandidates + new_names;
		}
		for (j = 0; j < i; j++)
			if (k->wi_target[j] != (size_t)-1 &&
			    (k->wi_target[j] == t ||
			     (t >= k->s.ncandidates &&
			      k->wi_target[j] >= k->s.ncandidates &&
			      strcmp(b->write_ins[j].name, w->name) == 0)))
				break;
		if (j < i)
			continue; /* the same person written twice */
		if (t >= k->s.ncandidates)
			new_names++;
		k->wi_target[i] = t;
		votes++;
	}

	if (k->s.motion) {
		char m = b->marks[0];

		if (m == '?' || m == 'B')
			v = worst(v, r->unclear == PLENUM_ACT_ILLEGAL
					     ? PLENUM_ACT_ILLEGAL
					     : PLENUM_ACT_INVALID);
		else if (m == '-' && r->single_name_needs_mark)
			v = PLENUM_BALLOT_INVALID;
		else if (m == '-' && r->preset == PLENUM_PRESET_RONR &&
			 v == PLENUM_BALLOT_VALID)
			v = PLENUM_BALLOT_BLANK;
	} else if (k->strike_out) {
		if (unclear > 0 || yes == 0)
			v = PLENUM_BALLOT_INVALID;
	} else {
		if (unclear > 0)
			v = worst(v, r->unclear);
		if (r->single_name_needs_mark && k->s.ncandidates == 1 &&
		    b->marks[0] != 'Y' && b->marks[0] != 'N')
			v = PLENUM_BALLOT_INVALID;
	}
	if (!k->s.motion && votes > k->max_votes)
		v = worst(v, r->over_votes);
	if (!k->s.motion && votes == 0 && v == PLENUM_BALLOT_VALID &&
	    r->preset == PLENUM_PRESET_RONR)
		v = PLENUM_BALLOT_BLANK;

	/* write-in names enter the index only from ballots that count them */
	if (v == PLENUM_BALLOT_VALID) {
		for (i = 0; i < b->nwrite_ins; i++) {
			size_t idx;

			if (k->wi_target[i] == (size_t)-1 ||
			    k->wi_target[i] < k->s.ncandidates)
				continue;
			err = plenum_counts_write_in(c, b->write_ins[i].name,
						     &idx);
			if (err == PLENUM_ELIMIT)
				return plenum_diag_set(
					diag, err, 0, 0,
					"more than %d different names written "
					"in",
					PLENUM_MAX_WRITE_INS);
			if (err != PLENUM_OK)
				return err;
			k->wi_target[i] = k->s.ncandidates + idx;
		}
	}

	c->returned++;
	switch (v) {
	case PLENUM_BALLOT_VALID:
	case PLENUM_BALLOT_BLANK:
		c->valid++;
		if (v == PLENUM_BALLOT_BLANK)
			c->blank++;
		/* a motion's one mark goes in the one row its counts have */
		for (i = 0; i < b->len; i++)
			c->candidates[i].marks
				[k->mark_of[(unsigned char)b->marks[i]]]++;
		for (i = 0; v == PLENUM_BALLOT_VALID && i < b->nwrite_ins;
		     i++) {
			size_t t = k->wi_target[i];

			if (t == (size_t)-1)
				continue;
			if (t < k->s.ncandidates) {
				/* a listed person written in: the vote
				 * replaces the mark beside the name */
				c->candidates[t].marks
					[k->mark_of[(unsigned char)
							    b->marks[t]]]--;
				c->candidates[t].marks[PLENUM_MARK_YES]++;
			} else {
				c->write_ins[t - k->s.ncandidates]
					.marks[PLENUM_MARK_YES]++;
			}
		}
		break;
	case PLENUM_BALLOT_ILLEGAL:
		c->illegal++;
		/* fall through */
	case PLENUM_BALLOT_INVALID:
		c->invalid++;
		break;
	}
	if (verdict_out != NULL)
		*verdict_out = v;
	return PLENUM_OK;
}
