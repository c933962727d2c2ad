/*
 * tally.c: from counts to a decision.
 *
 * Invariants: integer arithmetic only; a seat is never filled below the
 * threshold (outside a plurality run-off); a tie across the last seat and a
 * shortfall always end in "pending", never in a choice made by plenum; a
 * round that is void, without quorum or with an invalid list elects nobody.
 * Order of checks: quorum, then list, then returned against issued, then the
 * count, as the hall does them.
 */
#include "tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

const char *
plenum_status_word(enum plenum_status status)
{
	static const char *const words[] = {
		[PLENUM_STATUS_ELECTED] = "elected",
		[PLENUM_STATUS_INCOMPLETE] = "incomplete",
		[PLENUM_STATUS_VOID] = "void",
		[PLENUM_STATUS_NO_QUORUM] = "no-quorum",
		[PLENUM_STATUS_INVALID_LIST] = "invalid-list",
	};

	return words[status];
}

const char *
plenum_tally_problem_word(enum plenum_list_problem p)
{
	switch (p) {
	case PLENUM_LIST_OK:
		return "ok";
	case PLENUM_LIST_TOO_FEW:
		return "too-few";
	case PLENUM_LIST_NOT_CONTESTED:
		return "not-contested";
	case PLENUM_LIST_SURPLUS_TOO_SMALL:
		return "surplus-too-small";
	case PLENUM_LIST_SURPLUS_TOO_LARGE:
		return "surplus-too-large";
	}
	return "";
}

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

int64_t
plenum_tally_quorum_required(const struct plenum_rules *r, int64_t of)
{
	if (r->quorum_num <= 0)
		return 0;
	return r->quorum_strict ? r->quorum_num * of / r->quorum_den + 1
				: ceil_div(r->quorum_num * of, r->quorum_den);
}

int64_t
plenum_tally_needed(const struct plenum_rules *r, int64_t base)
{
	if (base <= 0)
		return 0;
	switch (r->majority) {
	case PLENUM_MAJORITY_SIMPLE:
		return base / 2 + 1;
	case PLENUM_MAJORITY_TWO_THIRDS:
		return r->majority_inclusive ? ceil_div(2 * base, 3)
					     : 2 * base / 3 + 1;
	case PLENUM_MAJORITY_THREE_QUARTERS:
		return r->majority_inclusive ? ceil_div(3 * base, 4)
					     : 3 * base / 4 + 1;
	}
	return base / 2 + 1;
}

static bool
passes(int64_t needed, uint64_t yes)
{
	return needed > 0 && yes >= (uint64_t)needed;
}

static enum plenum_err
note(struct plenum_tally *t, enum plenum_note_code code, size_t person,
     int64_t a, int64_t b)
{
	struct plenum_note *n;

	/* one note per person plus a dozen: grow by doubling */
	if ((t->nnotes & (t->nnotes - 1)) == 0) {
		size_t alloc = t->nnotes ? t->nnotes * 2 : 16;

		n = realloc(t->notes, alloc * sizeof(*n));
		if (n == NULL)
			return PLENUM_ENOMEM;
		t->notes = n;
	}
	n = &t->notes[t->nnotes++];
	n->code = code;
	n->person = person;
	n->a = a;
	n->b = b;
	return PLENUM_OK;
}

/* ---- the list ---- */

void
plenum_tally_list_release(struct plenum_list_check *c)
{
	if (c == NULL)
		return;
	free(c->order);
	c->order = NULL;
}

enum plenum_err
plenum_tally_check_list(const struct plenum_election *e,
			struct plenum_list_check *c)
{
	const struct plenum_rules *r = &e->rules;
	struct plenum_collator *coll = NULL;
	enum plenum_err err = PLENUM_OK;
	bool hard_minimum;
	size_t i, j;

	memset(c, 0, sizeof(*c));
	c->in_order = true;
	c->max_extra = -1;
	if (e->motion)
		return PLENUM_OK;
	c->candidates = (int64_t)e->ncandidates;
	c->places = e->seats + e->alternate_seats;
	c->extra = c->candidates - c->places;
	c->contested = r->list == PLENUM_LIST_CONTESTED ||
		       (r->list == PLENUM_LIST_AUTO && c->extra > 0);
	c->surplus_checked = !e->runoff;
	/* cn and vn print the whole list; ronr and yna may leave seats open */
	hard_minimum = r->preset != PLENUM_PRESET_RONR &&
		       r->preset != PLENUM_PRESET_YNA;
	if (c->contested && r->surplus_min_percent > 0)
		c->min_extra =
			ceil_div(r->surplus_min_percent * c->places, 100);
	if (c->contested && r->surplus_max_percent >= 0) {
		c->max_extra = r->surplus_max_percent * c->places / 100;
		if (r->small_committee_surplus_one && c->places >= 3 &&
		    c->places <= 5 && c->max_extra < 1)
			c->max_extra = 1;
	}
	if (c->extra < 0 && hard_minimum)
		c->problem = PLENUM_LIST_TOO_FEW;
	else if (!c->surplus_checked)
		c->problem = PLENUM_LIST_OK;
	else if (r->list == PLENUM_LIST_CONTESTED && c->extra <= 0)
		c->problem = PLENUM_LIST_NOT_CONTESTED;
	else if (c->contested && c->extra < c->min_extra)
		c->problem = PLENUM_LIST_SURPLUS_TOO_SMALL;
	else if (c->contested && c->max_extra >= 0 && c->extra > c->max_extra)
		c->problem = PLENUM_LIST_SURPLUS_TOO_LARGE;

	for (i = 0; i < e->ncandidates && !c->duplicate_names; i++)
		for (j = i + 1; j < e->ncandidates; j++)
			if (strcmp(e->names[i], e->names[j]) == 0) {
				c->duplicate_names = true;
				c->duplicate_a = i;
				c->duplicate_b = j;
				break;
			}

	c->order = malloc((e->ncandidates ? e->ncandidates : 1) *
			  sizeof(*c->order));
	if (c->order == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < e->ncandidates; i++)
		c->order[i] = i;
	if (r->name_order == PLENUM_ORDER_BALLOT)
		return PLENUM_OK;
	if ((err = plenum_names_collator_new(r->name_order, &coll)))
		goto out;
	if ((err = plenum_names_sort(coll, e->names, c->order, e->ncandidates)))
		goto out;
	for (i = 0; i < e->ncandidates; i++) {
		if (c->order[i] != i) {
			c->in_order = false;
			c->out_of_order = i;
			break;
		}
	}
out:
	plenum_names_collator_free(coll);
	return err;
}

/* ---- the decision ---- */

/* Sorts indexes by yes votes, most first; equal votes keep their order
 * (list order, then write-ins).  Insertion sort: stable, and lists are short
 * (write-ins are at most PLENUM_MAX_WRITE_INS, sorted once). */
static void
rank_by_votes(const struct plenum_tally *t, size_t *idx, size_t n)
{
	size_t i, j, v;

	if (n > 64) {
		/* merge sort for long lists of write-ins */
		size_t *tmp = malloc(n * sizeof(*tmp)), width, lo;

		if (tmp != NULL) {
			for (width = 1; width < n; width *= 2) {
				for (lo = 0; lo < n; lo += 2 * width) {
					size_t mid =
						lo + width < n ? lo + width : n;
					size_t hi = lo + 2 * width < n
							    ? lo + 2 * width
							    : n;
					size_t a = lo, b = mid, k = lo;

					while (a < mid && b < hi)
						tmp[k++] =
							t->persons[idx[b]].yes >
									t->persons[idx[a]]
										.yes
								? idx[b++]
								: idx[a++];
					while (a < mid)
						tmp[k++] = idx[a++];
					while (b < hi)
						tmp[k++] = idx[b++];
				}
				memcpy(idx, tmp, n * sizeof(*idx));
			}
			free(tmp);
			return;
		}
	}
	for (i = 1; i < n; i++) {
		v = idx[i];
		for (j = i;
		     j > 0 && t->persons[idx[j - 1]].yes < t->persons[v].yes;
		     j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

static int64_t
base_for(const struct plenum_election *e, const struct plenum_counts *k,
	 enum plenum_base kind, uint64_t returned)
{
	const struct plenum_electorate *el = &e->electorate;

	switch (kind) {
	case PLENUM_BASE_PRESENT:
		return el->present;
	case PLENUM_BASE_SHOULD_ATTEND:
	case PLENUM_BASE_ENTITLED:
		return el->should_attend;
	case PLENUM_BASE_CONVENED:
		return el->convened - (el->excluded > 0 ? el->excluded : 0);
	case PLENUM_BASE_VALID:
		return (int64_t)k->valid;
	case PLENUM_BASE_CAST:
		if (e->rules.preset == PLENUM_PRESET_RONR) {
			if (e->form == PLENUM_BALLOTS_TOTALS && el->cast >= 0)
				return el->cast;
			return (int64_t)(k->valid - k->blank + k->illegal);
		}
		return (int64_t)returned;
	case PLENUM_BASE_YN:
	case PLENUM_BASE_YNA:
		return -1; /* per person */
	}
	return -1;
}

/* Write-ins by votes, then by name: the order must not depend on which
 * ballot happened to name a person first. */
static int
write_in_order(const void *a, const void *b)
{
	const struct plenum_person_counts *x = *(const void *const *)a,
					  *y = *(const void *const *)b;

	if (x->marks[PLENUM_MARK_YES] != y->marks[PLENUM_MARK_YES])
		return x->marks[PLENUM_MARK_YES] > y->marks[PLENUM_MARK_YES]
			       ? -1
			       : 1;
	return strcmp(x->name, y->name);
}

static enum plenum_err
fill_persons(struct plenum_tally *t, const struct plenum_election *e,
	     const struct plenum_counts *k)
{
	bool fold = e->rules.blank_is_abstain;
	size_t i, n = e->motion ? 0 : k->ncandidates + k->nwrite_ins;
	const struct plenum_person_counts **wi;

	t->persons = calloc(n ? n : 1, sizeof(*t->persons));
	wi = malloc((k->nwrite_ins ? k->nwrite_ins : 1) * sizeof(*wi));
	if (t->persons == NULL || wi == NULL) {
		free(wi);
		return PLENUM_ENOMEM;
	}
	for (i = 0; i < k->nwrite_ins; i++)
		wi[i] = &k->write_ins[i];
	qsort(wi, k->nwrite_ins, sizeof(*wi), write_in_order);
	for (i = 0; i < n; i++) {
		struct plenum_tally_person *p = &t->persons[i];
		const struct plenum_person_counts *pc;

		t->npersons++;
		if (i < k->ncandidates) {
			pc = &k->candidates[i];
			p->id = strdup(e->candidates[i].id);
			p->name = e->candidates[i].name;
		} else {
			pc = wi[i - k->ncandidates];
			p->write_in = true;
			p->id = malloc(strlen(pc->name) + 10);
			if (p->id == NULL)
				break;
			sprintf(p->id, "write-in:%s", pc->name);
			/* the tally outlives the counts it was made from */
			p->name = p->id + 9;
		}
		if (p->id == NULL)
			break;
		p->yes = pc->marks[PLENUM_MARK_YES];
		p->no = pc->marks[PLENUM_MARK_NO];
		p->abstain = pc->marks[PLENUM_MARK_ABSTAIN] +
			     (fold ? pc->marks[PLENUM_MARK_BLANK] : 0);
		p->blank = fold ? 0 : pc->marks[PLENUM_MARK_BLANK];
		p->unclear = pc->marks[PLENUM_MARK_BOTH] +
			     pc->marks[PLENUM_MARK_UNREAD];
	}
	free(wi);
	return i == n ? PLENUM_OK : PLENUM_ENOMEM;
}

static enum plenum_err
decide_motion(struct plenum_tally *t, const struct plenum_election *e,
	      const struct plenum_counts *k)
{
	const uint64_t *m = k->candidates[0].marks;
	int64_t base;

	t->motion_result.yes = m[PLENUM_MARK_YES];
	t->motion_result.no = m[PLENUM_MARK_NO];
	t->motion_result.abstain =
		m[PLENUM_MARK_ABSTAIN] +
		(e->rules.blank_is_abstain ? m[PLENUM_MARK_BLANK] : 0);
	switch (e->rules.motion_base) {
	case PLENUM_BASE_YN:
		base = (int64_t)(t->motion_result.yes + t->motion_result.no);
		break;
	case PLENUM_BASE_YNA:
		base = (int64_t)(t->motion_result.yes + t->motion_result.no +
				 t->motion_result.abstain);
		break;
	default:
		base = base_for(e, k, e->rules.motion_base,
				t->ballots.returned);
		break;
	}
	t->motion_result.base = base;
	t->motion_result.needed = plenum_tally_needed(&e->rules, base);
	t->motion_result.adopted =
		passes(t->motion_result.needed, t->motion_result.yes);
	t->threshold.kind = e->rules.motion_base;
	t->threshold.base = base;
	t->threshold.needed = t->motion_result.needed;
	return note(t, PLENUM_NOTE_MOTION, 0, 0, 0);
}

/* Seats, then alternates, from the passers ranked by votes. */
static enum plenum_err
decide_seats(struct plenum_tally *t, const struct plenum_election *e)
{
	size_t n = t->npersons, npass = 0, i, above, tied, rest;
	size_t *ranked = NULL, *pass = NULL;
	int64_t seats = e->seats, alts = e->alternate_seats;
	uint64_t last;
	enum plenum_err err = PLENUM_ENOMEM;

	ranked = malloc((n ? n : 1) * sizeof(*ranked));
	pass = malloc((n ? n : 1) * sizeof(*pass));
	t->elected = malloc((n ? n : 1) * sizeof(*t->elected));
	t->alternates = malloc((n ? n : 1) * sizeof(*t->alternates));
	t->pending.persons = malloc((n ? n : 1) * sizeof(*t->pending.persons));
	if (!ranked || !pass || !t->elected || !t->alternates ||
	    !t->pending.persons)
		goto out;
	for (i = 0; i < n; i++)
		ranked[i] = i;
	rank_by_votes(t, ranked, n);
	for (i = 0; i < n; i++) {
		struct plenum_tally_person *p = &t->persons[ranked[i]];

		if (p->passed)
			pass[npass++] = ranked[i];
		else
			p->decision = PLENUM_DECISION_BELOW_THRESHOLD;
	}

	/* the seats */
	if ((int64_t)npass >= seats) {
		last = t->persons[pass[seats - 1]].yes;
		if ((int64_t)npass > seats &&
		    t->persons[pass[seats]].yes == last) {
			for (above = 0; t->persons[pass[above]].yes > last;
			     above++)
				;
			for (tied = above;
			     tied < npass && t->persons[pass[tied]].yes == last;
			     tied++)
				;
			t->pending.reason = PLENUM_PENDING_TIE;
			t->pending.seats = seats - (int64_t)above;
			t->pending.alternate_seats = alts;
			for (i = above; i < tied; i++) {
				t->pending.persons[t->pending.n++] = pass[i];
				t->persons[pass[i]].decision =
					PLENUM_DECISION_TIED;
			}
			for (i = tied; i < npass; i++)
				t->persons[pass[i]].decision =
					alts > 0 ? PLENUM_DECISION_PENDING
						 : PLENUM_DECISION_OUTRANKED;
			seats = (int64_t)above;
		}
	}
	rest = (size_t)seats < npass ? (size_t)seats : npass;
	for (i = 0; i < rest; i++) {
		t->elected[t->nelected++] = pass[i];
		t->persons[pass[i]].elected = true;
		t->persons[pass[i]].decision = PLENUM_DECISION_ELECTED;
	}
	if (t->pending.reason == PLENUM_PENDING_TIE) {
		err = note(t, PLENUM_NOTE_TIE, 0, t->pending.seats,
			   (int64_t)t->pending.n);
		goto out;
	}

	/* the alternates, from the passers left after the seats */
	if ((int64_t)npass < e->seats) {
		t->pending.reason = PLENUM_PENDING_SHORTFALL;
		t->pending.seats = e->seats - (int64_t)npass;
		t->pending.alternate_seats = alts;
	} else if (alts > 0) {
		size_t *left = pass + rest, nleft = npass - rest;

		if ((int64_t)nleft > alts &&
		    t->persons[left[alts - 1]].yes ==
			    t->persons[left[alts]].yes) {
			last = t->persons[left[alts - 1]].yes;
			for (above = 0; t->persons[left[above]].yes > last;
			     above++)
				;
			for (tied = above;
			     tied < nleft && t->persons[left[tied]].yes == last;
			     tied++)
				;
			t->pending.reason = PLENUM_PENDING_TIE;
			t->pending.alternate_seats = alts - (int64_t)above;
			for (i = above; i < tied; i++) {
				t->pending.persons[t->pending.n++] = left[i];
				t->persons[left[i]].decision =
					PLENUM_DECISION_TIED;
			}
			for (i = tied; i < nleft; i++)
				t->persons[left[i]].decision =
					PLENUM_DECISION_OUTRANKED;
			nleft = above;
		} else {
			for (i = (size_t)alts; i < nleft; i++)
				t->persons[left[i]].decision =
					PLENUM_DECISION_OUTRANKED;
			if ((int64_t)nleft > alts)
				nleft = (size_t)alts;
		}
		for (i = 0; i < nleft; i++) {
			t->alternates[t->nalternates++] = left[i];
			t->persons[left[i]].alternate = true;
			t->persons[left[i]].decision =
				PLENUM_DECISION_ALTERNATE;
		}
		if (t->pending.reason == PLENUM_PENDING_NONE &&
		    (int64_t)nleft < alts) {
			t->pending.reason = PLENUM_PENDING_SHORTFALL;
			t->pending.alternate_seats = alts - (int64_t)nleft;
		}
	} else {
		for (i = rest; i < npass; i++)
			t->persons[pass[i]].decision =
				PLENUM_DECISION_OUTRANKED;
	}
	if (t->pending.reason == PLENUM_PENDING_SHORTFALL) {
		/* who may stand next: everyone not elected, by votes */
		for (i = 0; i < n; i++)
			if (!t->persons[ranked[i]].elected &&
			    !t->persons[ranked[i]].alternate &&
			    (!t->persons[ranked[i]].write_in ||
			     t->persons[ranked[i]].yes > 0))
				t->pending.persons[t->pending.n++] = ranked[i];
		err = note(t, PLENUM_NOTE_SHORTFALL, 0, t->pending.seats,
			   t->pending.alternate_seats);
		if (err != PLENUM_OK)
			goto out;
	}
	if (t->pending.reason == PLENUM_PENDING_TIE)
		err = note(t, PLENUM_NOTE_ALTERNATE_TIE, 0,
			   t->pending.alternate_seats, (int64_t)t->pending.n);
	else
		err = PLENUM_OK;
out:
	free(ranked);
	free(pass);
	return err;
}

/* Orders alternates with equal votes by the tie-break name order. */
static enum plenum_err
order_alternates(struct plenum_tally *t, const struct plenum_election *e)
{
	struct plenum_collator *coll = NULL;
	const char **names = NULL;
	size_t i, j;
	bool reordered = false;
	enum plenum_err err = PLENUM_OK;

	if (e->rules.alternate_tiebreak == PLENUM_ORDER_BALLOT ||
	    t->nalternates < 2)
		return PLENUM_OK;
	names = malloc(t->npersons * sizeof(*names));
	if (names == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < t->npersons; i++)
		names[i] = t->persons[i].name;
	if ((err = plenum_names_collator_new(e->rules.alternate_tiebreak,
					     &coll)))
		goto out;
	for (i = 0; i < t->nalternates; i = j) {
		for (j = i + 1; j < t->nalternates &&
				t->persons[t->alternates[j]].yes ==
					t->persons[t->alternates[i]].yes;
		     j++)
			;
		if (j - i < 2)
			continue;
		if ((err = plenum_names_sort(coll, names, t->alternates + i,
					     j - i)))
			goto out;
		reordered = true;
	}
	if (reordered)
		err = note(t, PLENUM_NOTE_ALTERNATE_ORDER, 0, 0, 0);
out:
	plenum_names_collator_free(coll);
	free(names);
	return err;
}

enum plenum_err
plenum_tally_decide(const struct plenum_election *e,
		    const struct plenum_counts *k, struct plenum_tally **out)
{
	const struct plenum_rules *r = &e->rules;
	struct plenum_tally *t;
	enum plenum_err err;
	size_t i;
	int64_t of, limit;

	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return PLENUM_ENOMEM;
	t->motion = e->motion;
	t->ballots.issued = e->ballots_issued;
	t->ballots.returned = e->ballots_returned >= 0
				      ? (uint64_t)e->ballots_returned
				      : k->returned;
	t->ballots.valid = k->valid;
	t->ballots.invalid = k->invalid;
	t->ballots.illegal = k->illegal;
	t->ballots.blank = k->blank;
	if ((err = fill_persons(t, e, k)) != PLENUM_OK)
		goto out;
	if ((err = plenum_tally_check_list(e, &t->list)) != PLENUM_OK)
		goto out;

	/* 1. quorum: no quorum, no vote */
	if (r->quorum_num > 0 && r->quorum_of != PLENUM_QUORUM_NONE) {
		of = r->quorum_of == PLENUM_QUORUM_CONVENED
			     ? e->electorate.convened
			     : e->electorate.should_attend;
		t->quorum.applies = true;
		t->quorum.present = e->electorate.present;
		t->quorum.required = plenum_tally_quorum_required(r, of);
		t->quorum.met = t->quorum.present >= t->quorum.required;
		err = note(t,
			   t->quorum.met ? PLENUM_NOTE_QUORUM_MET
					 : PLENUM_NOTE_NO_QUORUM,
			   0, t->quorum.present, t->quorum.required);
		if (err != PLENUM_OK)
			goto out;
		if (!t->quorum.met) {
			t->status = PLENUM_STATUS_NO_QUORUM;
			goto out;
		}
	} else {
		t->quorum.present = e->electorate.present;
		t->quorum.met = true;
	}

	/* 2. the list */
	if (!e->motion && t->list.problem != PLENUM_LIST_OK) {
		t->status = PLENUM_STATUS_INVALID_LIST;
		err = note(t, PLENUM_NOTE_INVALID_LIST, 0, 0, 0);
		goto out;
	}

	/* 3. returned against issued (or, by option, those present) */
	limit = e->ballots_issued;
	if (r->returned_limit_present && e->electorate.present >= 0)
		limit = e->electorate.present;
	if (t->ballots.returned > (uint64_t)limit) {
		t->status = PLENUM_STATUS_VOID;
		err = note(t,
			   limit == e->ballots_issued
				   ? PLENUM_NOTE_VOID_RETURNED
				   : PLENUM_NOTE_VOID_RETURNED_PRESENT,
			   0, (int64_t)t->ballots.returned, limit);
		goto out;
	}
	if ((err = note(t, PLENUM_NOTE_ROUND_VALID, 0,
			(int64_t)t->ballots.returned, e->ballots_issued)))
		goto out;

	/* 4. the count */
	if (e->motion) {
		err = decide_motion(t, e, k);
		goto out;
	}
	t->threshold.kind = r->base;
	t->threshold.base = base_for(e, k, r->base, t->ballots.returned);
	t->threshold.per_candidate = t->threshold.base < 0;
	t->threshold.plurality = e->runoff && !r->runoff_needs_majority;
	if (t->threshold.plurality) {
		t->threshold.needed = 1;
		err = note(t, PLENUM_NOTE_RUNOFF_PLURALITY, 0, 0, 0);
	} else if (t->threshold.per_candidate) {
		t->threshold.needed = -1;
		err = note(t, PLENUM_NOTE_THRESHOLD_PER_CANDIDATE, 0, 0, 0);
	} else {
		t->threshold.needed = plenum_tally_needed(r, t->threshold.base);
		err = note(t, PLENUM_NOTE_THRESHOLD, 0, t->threshold.base,
			   t->threshold.needed);
	}
	if (err != PLENUM_OK)
		goto out;
	for (i = 0; i < t->npersons; i++) {
		struct plenum_tally_person *p = &t->persons[i];

		if (t->threshold.per_candidate) {
			p->base = (int64_t)(p->yes + p->no);
			if (r->base == PLENUM_BASE_YNA)
				p->base += (int64_t)p->abstain;
			p->needed = plenum_tally_needed(r, p->base);
		} else {
			p->base = t->threshold.base;
			p->needed = t->threshold.needed;
		}
		p->passed = passes(p->needed, p->yes);
	}
	if ((err = decide_seats(t, e)) != PLENUM_OK)
		goto out;
	if ((err = order_alternates(t, e)) != PLENUM_OK)
		goto out;
	for (i = 0; i < t->npersons; i++)
		if ((err = note(t, PLENUM_NOTE_PERSON, i, 0, 0)))
			goto out;
	t->status = t->pending.reason == PLENUM_PENDING_NONE
			    ? PLENUM_STATUS_ELECTED
			    : PLENUM_STATUS_INCOMPLETE;
out:
	if (err != PLENUM_OK) {
		plenum_tally_free(t);
		return err;
	}
	*out = t;
	return PLENUM_OK;
}

void
plenum_tally_free(struct plenum_tally *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->npersons; i++)
		free(t->persons[i].id);
	free(t->persons);
	free(t->elected);
	free(t->alternates);
	free(t->pending.persons);
	free(t->notes);
	plenum_tally_list_release(&t->list);
	free(t);
}
