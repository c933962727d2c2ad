/*
 * report.c: tellers' reports and explanations in four languages.
 *
 * Every sentence is an English msgid marked with T_(); po/ holds the
 * translations.  Numbers are printed as integers or as per-mille rounded
 * half up, never through floating point, so a report always agrees with the
 * JSON result.  Columns are padded by display width (East Asian wide
 * characters take two cells), so Chinese and Vietnamese names line up.
 */
#include "report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "names.h"

typedef unsigned long long ull;
typedef long long sll;

/* ---- layout helpers ---- */

static size_t
display_width(const char *s)
{
	int32_t i = 0, len = (int32_t)strlen(s);
	size_t w = 0;
	UChar32 c;

	while (i < len) {
		U8_NEXT(s, i, len, c);
		if (c < 0) {
			w++;
			continue;
		}
		if (u_charType(c) == U_NON_SPACING_MARK ||
		    u_charType(c) == U_ENCLOSING_MARK)
			continue;
		switch (u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH)) {
		case U_EA_WIDE:
		case U_EA_FULLWIDTH:
			w += 2;
			break;
		default:
			w++;
		}
	}
	return w;
}

/* Appends s padded with spaces to width cells, left or right aligned. */
static enum plenum_err
cell(struct plenum_buf *b, const char *s, size_t width, bool right)
{
	size_t w = display_width(s);
	enum plenum_err err = PLENUM_OK;

	for (; right && w < width && !err; w++)
		err = plenum_buf_addc(b, ' ');
	if (!err)
		err = plenum_buf_adds(b, s);
	for (; !right && w < width && !err; w++)
		err = plenum_buf_addc(b, ' ');
	return err;
}

/* "label ....... value" rows of the summary blocks. */
static enum plenum_err
row(struct plenum_buf *b, const char *label, const char *value)
{
	enum plenum_err err;

	if ((err = plenum_buf_adds(b, "  ")) ||
	    (err = cell(b, label, 34, false)))
		return err;
	if ((err = plenum_buf_adds(b, value)))
		return err;
	return plenum_buf_addc(b, '\n');
}

static enum plenum_err
row_num(struct plenum_buf *b, const char *label, sll n)
{
	char v[32];

	snprintf(v, sizeof(v), "%lld", n);
	return row(b, label, v);
}

static enum plenum_err
heading(struct plenum_buf *b, const char *text)
{
	enum plenum_err err;

	if ((err = plenum_buf_addc(b, '\n')) ||
	    (err = plenum_buf_adds(b, text)))
		return err;
	return plenum_buf_addc(b, '\n');
}

/* yes as a percentage of base, to one decimal, rounded half up. */
static void
percent(char *out, size_t n, uint64_t yes, int64_t base)
{
	uint64_t permille;

	if (base <= 0) {
		snprintf(out, n, "-");
		return;
	}
	permille = (yes * 1000 + (uint64_t)base / 2) / (uint64_t)base;
	snprintf(out, n, "%llu.%llu%%", (ull)(permille / 10),
		 (ull)(permille % 10));
}

/* The name as the report shows it: write-ins are marked. */
static enum plenum_err
person_name(const struct plenum_tally_person *p,
	    const struct plenum_catalog *cat, struct plenum_buf *b)
{
	if (!p->write_in)
		return plenum_buf_adds(b, p->name);
	return plenum_buf_addf(b, T_(cat, "%s (written in)"), p->name);
}

static const char *
base_words(enum plenum_base kind, enum plenum_preset preset,
	   const struct plenum_catalog *cat)
{
	switch (kind) {
	case PLENUM_BASE_PRESENT:
		return T_(cat, "voters present");
	case PLENUM_BASE_SHOULD_ATTEND:
		return T_(cat, "voters who should attend");
	case PLENUM_BASE_CONVENED:
		return T_(cat, "convened, less those excluded");
	case PLENUM_BASE_CAST:
		return preset == PLENUM_PRESET_RONR
			       ? T_(cat, "ballots with a vote for this office, "
					 "illegal votes included")
			       : T_(cat, "ballots cast");
	case PLENUM_BASE_YN:
		return T_(cat, "for + against");
	case PLENUM_BASE_YNA:
		return T_(cat, "for + against + abstain");
	case PLENUM_BASE_VALID:
		return T_(cat, "valid ballots");
	case PLENUM_BASE_ENTITLED:
		return T_(cat, "entitled voters");
	}
	return "";
}

static const char *
majority_words(const struct plenum_rules *r, const struct plenum_catalog *cat)
{
	switch (r->majority) {
	case PLENUM_MAJORITY_SIMPLE:
		break;
	case PLENUM_MAJORITY_TWO_THIRDS:
		return r->majority_inclusive
			       ? T_(cat, "at least two thirds of the base")
			       : T_(cat, "more than two thirds of the base");
	case PLENUM_MAJORITY_THREE_QUARTERS:
		return r->majority_inclusive
			       ? T_(cat, "at least three quarters of the base")
			       : T_(cat, "more than three quarters of the "
					 "base");
	}
	return T_(cat, "more than half of the base");
}

static const char *
decision_words(enum plenum_decision d, const struct plenum_catalog *cat)
{
	switch (d) {
	case PLENUM_DECISION_NOT_COUNTED:
		return T_(cat, "not counted");
	case PLENUM_DECISION_ELECTED:
		return T_(cat, "elected");
	case PLENUM_DECISION_ALTERNATE:
		return T_(cat, "alternate");
	case PLENUM_DECISION_BELOW_THRESHOLD:
		return T_(cat, "not elected: too few votes");
	case PLENUM_DECISION_OUTRANKED:
		return T_(cat, "not elected: seats filled by more votes");
	case PLENUM_DECISION_TIED:
		return T_(cat, "tied: run-off");
	case PLENUM_DECISION_PENDING:
		return T_(cat, "waits for the run-off");
	}
	return "";
}

static const char *
order_words(enum plenum_name_order o, const struct plenum_catalog *cat)
{
	switch (o) {
	case PLENUM_ORDER_STROKE:
		return T_(cat, "surname stroke order");
	case PLENUM_ORDER_VIETNAMESE:
		return T_(cat, "Vietnamese alphabetical order");
	case PLENUM_ORDER_ALPHABETICAL:
		return T_(cat, "alphabetical order");
	case PLENUM_ORDER_BALLOT:
		break;
	}
	return T_(cat, "ballot order");
}

/* ---- notes ---- */

static enum plenum_err
person_note(const struct plenum_election *e, const struct plenum_tally *t,
	    size_t i, const struct plenum_catalog *cat, struct plenum_buf *b)
{
	const struct plenum_tally_person *p = &t->persons[i];
	struct plenum_buf name;
	enum plenum_err err;
	size_t k;

	plenum_buf_init(&name, 4 * PLENUM_NAME_MAX);
	if ((err = person_name(p, cat, &name)) != PLENUM_OK)
		goto out;
	switch (p->decision) {
	case PLENUM_DECISION_NOT_COUNTED:
		break;
	case PLENUM_DECISION_ELECTED:
		err = t->threshold.plurality
			      ? plenum_buf_addf(
					b,
					T_(cat, "%s is elected: %llu for, "
						"the most in the "
						"run-off."),
					plenum_buf_str(&name), (ull)p->yes)
			      : plenum_buf_addf(b,
						T_(cat,
						   "%s is elected: %llu for, "
						   "%lld needed."),
						plenum_buf_str(&name),
						(ull)p->yes, (sll)p->needed);
		break;
	case PLENUM_DECISION_ALTERNATE:
		for (k = 0; k < t->nalternates && t->alternates[k] != i; k++)
			;
		err = plenum_buf_addf(b,
				      T_(cat, "%s is alternate no. %zu: %llu "
					      "for."),
				      plenum_buf_str(&name), k + 1,
				      (ull)p->yes);
		break;
	case PLENUM_DECISION_BELOW_THRESHOLD:
		err = t->threshold.plurality
			      ? plenum_buf_addf(b,
						T_(cat, "%s is not elected: no "
							"votes in the "
							"run-off."),
						plenum_buf_str(&name))
			      : plenum_buf_addf(
					b,
					T_(cat, "%s is not elected: %llu "
						"for, %lld needed "
						"(base %lld)."),
					plenum_buf_str(&name), (ull)p->yes,
					(sll)p->needed, (sll)p->base);
		break;
	case PLENUM_DECISION_OUTRANKED:
		err = plenum_buf_addf(b,
				      T_(cat,
					 "%s is not elected: %llu votes for "
					 "pass the threshold, but the "
					 "places went to candidates with "
					 "more votes."),
				      plenum_buf_str(&name), (ull)p->yes);
		break;
	case PLENUM_DECISION_TIED:
		err = plenum_buf_addf(b,
				      T_(cat,
					 "%s is tied with %llu votes for "
					 "across the last open place; plenum "
					 "does not choose: a run-off decides."),
				      plenum_buf_str(&name), (ull)p->yes);
		break;
	case PLENUM_DECISION_PENDING:
		err = plenum_buf_addf(b,
				      T_(cat,
					 "%s passes with %llu for; "
					 "whether they become an alternate "
					 "is decided after the run-off."),
				      plenum_buf_str(&name), (ull)p->yes);
		break;
	}
out:
	plenum_buf_release(&name);
	(void)e;
	return err;
}

static enum plenum_err
list_note(const struct plenum_list_check *c, const struct plenum_catalog *cat,
	  struct plenum_buf *b)
{
	switch (c->problem) {
	case PLENUM_LIST_OK:
		return plenum_buf_addf(b,
				       T_(cat, "The list has %lld candidates "
					       "for %lld places: it meets the "
					       "rules."),
				       (sll)c->candidates, (sll)c->places);
	case PLENUM_LIST_TOO_FEW:
		return plenum_buf_addf(b,
				       T_(cat, "The list has %lld candidates "
					       "for %lld places: too few."),
				       (sll)c->candidates, (sll)c->places);
	case PLENUM_LIST_NOT_CONTESTED:
		return plenum_buf_addf(b,
				       T_(cat, "The vote must be contested, "
					       "but the list has %lld "
					       "candidates for %lld places."),
				       (sll)c->candidates, (sll)c->places);
	case PLENUM_LIST_SURPLUS_TOO_SMALL:
		return plenum_buf_addf(b,
				       T_(cat,
					  "The list has %lld candidates "
					  "for %lld places, %lld more than "
					  "places; the rules require at "
					  "least %lld more."),
				       (sll)c->candidates, (sll)c->places,
				       (sll)c->extra, (sll)c->min_extra);
	case PLENUM_LIST_SURPLUS_TOO_LARGE:
		return plenum_buf_addf(b,
				       T_(cat,
					  "The list has %lld candidates "
					  "for %lld places, %lld more than "
					  "places; the rules allow at most "
					  "%lld more. The congress must "
					  "decide which names stay on the "
					  "list."),
				       (sll)c->candidates, (sll)c->places,
				       (sll)c->extra, (sll)c->max_extra);
	}
	return PLENUM_OK;
}

static enum plenum_err
motion_note(const struct plenum_election *e, const struct plenum_tally *t,
	    const struct plenum_catalog *cat, struct plenum_buf *b)
{
	char pct[32];

	percent(pct, sizeof(pct), t->motion_result.yes, t->motion_result.base);
	return plenum_buf_addf(
		b,
		t->motion_result.adopted
			? T_(cat, "The motion is adopted: %llu for (%s of a "
				  "base of %lld, %s), %lld needed.")
			: T_(cat, "The motion is not adopted: %llu for (%s of "
				  "a base of %lld, %s), %lld needed."),
		(ull)t->motion_result.yes, pct, (sll)t->motion_result.base,
		base_words(e->rules.motion_base, e->rules.preset, cat),
		(sll)t->motion_result.needed);
}

enum plenum_err
plenum_report_note(const struct plenum_election *e,
		   const struct plenum_tally *t, const struct plenum_note *n,
		   const struct plenum_catalog *cat, struct plenum_buf *b)
{
	switch (n->code) {
	case PLENUM_NOTE_NO_QUORUM:
		return plenum_buf_addf(b,
				       T_(cat, "No quorum: %lld present, %lld "
					       "needed. The vote cannot be "
					       "held."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_QUORUM_MET:
		return plenum_buf_addf(b,
				       T_(cat, "Quorum met: %lld present, "
					       "%lld needed."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_INVALID_LIST:
		return list_note(&t->list, cat, b);
	case PLENUM_NOTE_VOID_RETURNED:
		return plenum_buf_addf(b,
				       T_(cat, "%lld ballots were returned but "
					       "only %lld were issued: the "
					       "round is void and must be held "
					       "again."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_VOID_RETURNED_PRESENT:
		return plenum_buf_addf(b,
				       T_(cat, "%lld ballots were returned but "
					       "only %lld voters were present: "
					       "the round is void and must be "
					       "held again."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_ROUND_VALID:
		return plenum_buf_addf(b,
				       T_(cat, "%lld ballots returned, %lld "
					       "issued: the round is valid."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_THRESHOLD:
		return plenum_buf_addf(
			b,
			T_(cat, "The base is %lld (%s); a "
				"candidate needs %lld votes "
				"(%s)."),
			(sll)n->a,
			base_words(t->threshold.kind, e->rules.preset, cat),
			(sll)n->b, majority_words(&e->rules, cat));
	case PLENUM_NOTE_THRESHOLD_PER_CANDIDATE:
		return plenum_buf_addf(
			b,
			T_(cat, "Each candidate is measured on "
				"their own base (%s) and needs "
				"%s."),
			base_words(t->threshold.kind, e->rules.preset, cat),
			majority_words(&e->rules, cat));
	case PLENUM_NOTE_RUNOFF_PLURALITY:
		return plenum_buf_adds(b, T_(cat, "Run-off: the most votes win "
						  "the open places; no "
						  "threshold applies."));
	case PLENUM_NOTE_PERSON:
		return person_note(e, t, n->person, cat, b);
	case PLENUM_NOTE_TIE:
		return plenum_buf_addf(b,
				       T_(cat, "%lld seat(s) remain open: %lld "
					       "candidates are tied for them "
					       "with equal votes."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_ALTERNATE_TIE:
		return plenum_buf_addf(b,
				       T_(cat, "%lld alternate place(s) remain "
					       "open: %lld candidates are tied "
					       "for them with equal votes."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_SHORTFALL:
		if (e->alternate_seats == 0)
			return plenum_buf_addf(b,
					       T_(cat, "Too few candidates "
						       "reached the threshold: "
						       "%lld seat(s) remain "
						       "open. No seat is "
						       "filled below the "
						       "threshold."),
					       (sll)n->a);
		return plenum_buf_addf(b,
				       T_(cat, "Too few candidates reached the "
					       "threshold: %lld seat(s) and "
					       "%lld alternate place(s) remain "
					       "open. No place is filled below "
					       "the threshold."),
				       (sll)n->a, (sll)n->b);
	case PLENUM_NOTE_ALTERNATE_ORDER:
		return plenum_buf_addf(
			b,
			T_(cat, "Alternates with equal votes are "
				"listed in %s."),
			order_words(e->rules.alternate_tiebreak, cat));
	case PLENUM_NOTE_MOTION:
		return motion_note(e, t, cat, b);
	}
	return PLENUM_OK;
}

enum plenum_err
plenum_report_next(const struct plenum_election *e,
		   const struct plenum_tally *t,
		   const struct plenum_catalog *cat, struct plenum_buf *b)
{
	enum plenum_preset preset = e->rules.preset;
	bool cn = preset == PLENUM_PRESET_CN_BASIC ||
		  preset == PLENUM_PRESET_CN_LOCAL;

	switch (t->status) {
	case PLENUM_STATUS_NO_QUORUM:
		return plenum_buf_addf(
			b,
			T_(cat, "Do not vote. The vote can be "
				"held when %lld more voters are "
				"present."),
			(sll)(t->quorum.required - t->quorum.present));
	case PLENUM_STATUS_INVALID_LIST:
		return plenum_buf_adds(b, T_(cat, "Do not vote on this list. "
						  "Correct the candidate list, "
						  "or have the congress decide "
						  "on it, then vote."));
	case PLENUM_STATUS_VOID:
		return plenum_buf_adds(b, T_(cat, "Hold the round again with "
						  "new ballots."));
	case PLENUM_STATUS_INCOMPLETE:
		break;
	case PLENUM_STATUS_ELECTED:
		if (e->motion)
			return plenum_buf_adds(
				b, T_(cat, "The chair announces the decision "
					   "on the motion."));
		if (cn || preset == PLENUM_PRESET_VN)
			return plenum_buf_adds(
				b,
				T_(cat, "The scrutineers sign this report "
					"and the presiding officer announces "
					"the result, which goes to the "
					"higher organisation for "
					"approval."));
		return plenum_buf_adds(b, T_(cat, "The tellers sign this "
						  "report and the chair "
						  "declares the result."));
	}
	if (t->pending.reason == PLENUM_PENDING_TIE &&
	    t->pending.alternate_seats == 0)
		return plenum_buf_addf(
			b,
			T_(cat, "Hold a run-off among the %zu tied candidates "
				"for %lld seat(s). In the election file of the "
				"run-off set \"runoff\": true and list only "
				"the tied."),
			t->pending.n, (sll)t->pending.seats);
	if (t->pending.reason == PLENUM_PENDING_TIE)
		return plenum_buf_addf(
			b,
			T_(cat, "Hold a run-off among the %zu tied candidates "
				"for %lld seat(s) and %lld alternate "
				"place(s). In the election file of the run-off "
				"set \"runoff\": true and list only the "
				"tied."),
			t->pending.n, (sll)t->pending.seats,
			(sll)t->pending.alternate_seats);
	if (cn && t->pending.alternate_seats == 0)
		return plenum_buf_addf(
			b,
			T_(cat, "The presidium decides, and the decision is "
				"recorded: either a further round (另行选举) "
				"for %lld seat(s) among the candidates not "
				"elected, or, with the consent of more than "
				"half of the electors, fewer seats."),
			(sll)t->pending.seats);
	if (preset == PLENUM_PRESET_VN && t->pending.alternate_seats == 0)
		return plenum_buf_addf(b,
				       T_(cat, "The congress decides whether "
					       "to vote again for %lld "
					       "seat(s)."),
				       (sll)t->pending.seats);
	if (cn)
		return plenum_buf_addf(
			b,
			T_(cat,
			   "The presidium decides, and the decision is "
			   "recorded: either a further round (另行选举) "
			   "for %lld seat(s) and %lld alternate place(s) "
			   "among the candidates not elected, or, with the "
			   "consent of more than half of the electors, "
			   "fewer seats."),
			(sll)t->pending.seats, (sll)t->pending.alternate_seats);
	if (preset == PLENUM_PRESET_VN)
		return plenum_buf_addf(
			b,
			T_(cat, "The congress decides whether to vote again "
				"for %lld seat(s) and %lld alternate "
				"place(s)."),
			(sll)t->pending.seats, (sll)t->pending.alternate_seats);
	if (preset == PLENUM_PRESET_RONR)
		return plenum_buf_addf(b,
				       T_(cat, "Take another ballot for %lld "
					       "seat(s); no candidate is "
					       "dropped."),
				       (sll)t->pending.seats);
	return plenum_buf_addf(b, T_(cat, "Hold a new poll for %lld seat(s)."),
			       (sll)t->pending.seats);
}

/* ---- the whole report ---- */

static const char *
report_title(const struct plenum_election *e, const struct plenum_catalog *cat)
{
	switch (e->rules.preset) {
	case PLENUM_PRESET_CN_BASIC:
	case PLENUM_PRESET_CN_LOCAL:
	case PLENUM_PRESET_VN:
		return e->motion ? T_(cat, "Record of the vote on a motion")
				 : T_(cat, "Tellers' report of the election");
	default:
		return e->motion ? T_(cat, "Record of the vote on a motion")
				 : T_(cat, "Tellers' report");
	}
}

static enum plenum_err
summary(const struct plenum_election *e, const struct plenum_tally *t,
	const struct plenum_catalog *cat, struct plenum_buf *b)
{
	const struct plenum_electorate *el = &e->electorate;
	enum plenum_err err = PLENUM_OK;
	char v[128];

	if ((err = heading(b, T_(cat, "Electorate and quorum"))))
		return err;
	if (el->should_attend >= 0 &&
	    (err = row_num(b, T_(cat, "Voters who should attend"),
			   el->should_attend)))
		return err;
	if (el->convened >= 0 &&
	    (err = row_num(b, T_(cat, "Convened"), el->convened)))
		return err;
	if (el->convened >= 0 &&
	    (err = row_num(b, T_(cat, "Excluded from the base"), el->excluded)))
		return err;
	if (el->present >= 0 &&
	    (err = row_num(b, T_(cat, "Voters present"), el->present)))
		return err;
	if (t->quorum.applies) {
		snprintf(v, sizeof(v), "%lld", (sll)t->quorum.required);
		if ((err = row(b, T_(cat, "Quorum requires present"), v)))
			return err;
		if ((err = row(b, T_(cat, "Quorum"),
			       t->quorum.met ? T_(cat, "met")
					     : T_(cat, "not met"))))
			return err;
	} else if ((err = row(b, T_(cat, "Quorum"),
			      T_(cat, "none set by the rules")))) {
		return err;
	}

	if ((err = heading(b, T_(cat, "Ballots"))) ||
	    (err = row_num(b, T_(cat, "Issued"), t->ballots.issued)) ||
	    (err = row_num(b, T_(cat, "Returned"), (sll)t->ballots.returned)))
		return err;
	if (t->status == PLENUM_STATUS_NO_QUORUM)
		return PLENUM_OK;
	if ((err = row_num(b, T_(cat, "Valid"), (sll)t->ballots.valid)) ||
	    (err = row_num(b, T_(cat, "Invalid"), (sll)t->ballots.invalid)))
		return err;
	if (e->rules.preset == PLENUM_PRESET_RONR &&
	    ((err = row_num(b, T_(cat, "Illegal votes (in the base)"),
			    (sll)t->ballots.illegal)) ||
	     (err = row_num(b, T_(cat, "Blank (not in the base)"),
			    (sll)t->ballots.blank))))
		return err;
	if (t->status != PLENUM_STATUS_ELECTED &&
	    t->status != PLENUM_STATUS_INCOMPLETE)
		return PLENUM_OK;

	if ((err = heading(b, T_(cat, "Threshold"))))
		return err;
	if (t->threshold.per_candidate) {
		snprintf(v, sizeof(v), "%s",
			 base_words(t->threshold.kind, e->rules.preset, cat));
		if ((err = row(b, T_(cat, "Base (per candidate)"), v)))
			return err;
	} else {
		snprintf(v, sizeof(v), "%lld (%s)", (sll)t->threshold.base,
			 base_words(t->threshold.kind, e->rules.preset, cat));
		if ((err = row(b, T_(cat, "Base"), v)))
			return err;
	}
	if (t->threshold.plurality)
		return row(b, T_(cat, "Votes needed"),
			   T_(cat, "none: run-off, most votes win"));
	if (t->threshold.per_candidate)
		return row(b, T_(cat, "Votes needed"),
			   majority_words(&e->rules, cat));
	snprintf(v, sizeof(v), "%lld (%s)", (sll)t->threshold.needed,
		 majority_words(&e->rules, cat));
	return row(b, T_(cat, "Votes needed"), v);
}

static enum plenum_err
table(const struct plenum_election *e, const struct plenum_tally *t,
      const struct plenum_catalog *cat, struct plenum_buf *b)
{
	const char *head[] = { T_(cat, "No."), T_(cat, "Name"), T_(cat, "For"),
			       T_(cat, "Against"), T_(cat, "Abstain"),
			       T_(cat, "Other"),
			       /* xgettext:no-c-format */
			       T_(cat, "% of base"), T_(cat, "Decision") };
	size_t w[8], i, c;
	struct plenum_buf name;
	enum plenum_err err = PLENUM_OK;
	char num[6][32];

	plenum_buf_init(&name, 4 * PLENUM_NAME_MAX);
	for (c = 0; c < 8; c++)
		w[c] = display_width(head[c]);
	if (w[0] < 4)
		w[0] = 4;
	for (i = 0; i < t->npersons; i++) {
		plenum_buf_reset(&name);
		if ((err = person_name(&t->persons[i], cat, &name)))
			goto out;
		if (display_width(plenum_buf_str(&name)) > w[1])
			w[1] = display_width(plenum_buf_str(&name));
	}
	for (c = 2; c < 7; c++)
		if (w[c] < 7)
			w[c] = 7;
	if ((err = heading(b, T_(cat, "Candidates"))))
		goto out;
	if ((err = plenum_buf_adds(b, "  ")))
		goto out;
	for (c = 0; c < 8 && !err; c++) {
		err = cell(b, head[c], w[c], c != 1 && c != 7);
		if (!err && c < 7)
			err = plenum_buf_adds(b, "  ");
	}
	if (err || (err = plenum_buf_addc(b, '\n')))
		goto out;
	for (i = 0; i < t->npersons; i++) {
		const struct plenum_tally_person *p = &t->persons[i];

		plenum_buf_reset(&name);
		if ((err = person_name(p, cat, &name)))
			goto out;
		if (p->write_in)
			snprintf(num[0], sizeof(num[0]), "+");
		else
			snprintf(num[0], sizeof(num[0]), "%zu", i + 1);
		snprintf(num[1], sizeof(num[1]), "%llu", (ull)p->yes);
		snprintf(num[2], sizeof(num[2]), "%llu", (ull)p->no);
		snprintf(num[3], sizeof(num[3]), "%llu", (ull)p->abstain);
		snprintf(num[4], sizeof(num[4]), "%llu",
			 (ull)(p->blank + p->unclear));
		percent(num[5], sizeof(num[5]), p->yes, p->base);
		if ((err = plenum_buf_adds(b, "  ")) ||
		    (err = cell(b, num[0], w[0], true)) ||
		    (err = plenum_buf_adds(b, "  ")) ||
		    (err = cell(b, plenum_buf_str(&name), w[1], false)))
			goto out;
		for (c = 1; c < 6 && !err; c++) {
			err = plenum_buf_adds(b, "  ");
			if (!err)
				err = cell(b, num[c], w[c + 1], true);
		}
		if (err || (err = plenum_buf_adds(b, "  ")) ||
		    (err = plenum_buf_adds(b,
					   decision_words(p->decision, cat))) ||
		    (err = plenum_buf_addc(b, '\n')))
			goto out;
	}
out:
	plenum_buf_release(&name);
	return err;
}

/* Names of idx[0..n) joined, sorted by the body's order when sort. */
static enum plenum_err
name_list(const struct plenum_election *e, const struct plenum_tally *t,
	  const size_t *idx, size_t n, bool sort,
	  const struct plenum_catalog *cat, struct plenum_buf *b)
{
	struct plenum_collator *coll = NULL;
	const char **names = NULL;
	size_t *order = NULL, i;
	enum plenum_err err = PLENUM_ENOMEM;

	names = malloc((t->npersons ? t->npersons : 1) * sizeof(*names));
	order = malloc((n ? n : 1) * sizeof(*order));
	if (names == NULL || order == NULL)
		goto out;
	for (i = 0; i < t->npersons; i++)
		names[i] = t->persons[i].name;
	memcpy(order, idx, n * sizeof(*order));
	if (sort && e->rules.name_order != PLENUM_ORDER_BALLOT) {
		if ((err = plenum_names_collator_new(e->rules.name_order,
						     &coll)))
			goto out;
		if ((err = plenum_names_sort(coll, names, order, n)))
			goto out;
	}
	err = PLENUM_OK;
	for (i = 0; i < n && !err; i++) {
		if (i > 0)
			err = plenum_buf_adds(b, T_(cat, ", "));
		if (!err)
			err = person_name(&t->persons[order[i]], cat, b);
	}
out:
	plenum_names_collator_free(coll);
	free(names);
	free(order);
	return err;
}

static enum plenum_err
outcome(const struct plenum_election *e, const struct plenum_tally *t,
	const struct plenum_catalog *cat, struct plenum_buf *b)
{
	enum plenum_err err;

	if ((err = heading(b, T_(cat, "Result"))))
		return err;
	if (e->motion) {
		char line[64];

		if ((err = row_num(b, T_(cat, "For"),
				   (sll)t->motion_result.yes)) ||
		    (err = row_num(b, T_(cat, "Against"),
				   (sll)t->motion_result.no)) ||
		    (err = row_num(b, T_(cat, "Abstain"),
				   (sll)t->motion_result.abstain)))
			return err;
		percent(line, sizeof(line), t->motion_result.yes,
			(int64_t)e->electorate.present);
		if (e->electorate.present > 0 &&
		    (err = row(b, T_(cat, "For, as a share of those present"),
			       line)))
			return err;
		return row(b, T_(cat, "Decision"),
			   t->motion_result.adopted ? T_(cat, "adopted")
						    : T_(cat, "not adopted"));
	}
	if ((err = plenum_buf_adds(b, "  ")) ||
	    (err = plenum_buf_addf(b, T_(cat, "Elected (%zu of %lld, in %s): "),
				   t->nelected, (sll)e->seats,
				   order_words(e->rules.name_order, cat))) ||
	    (err = name_list(e, t, t->elected, t->nelected, true, cat, b)) ||
	    (err = plenum_buf_addc(b, '\n')))
		return err;
	if (e->alternate_seats > 0 &&
	    ((err = plenum_buf_adds(b, "  ")) ||
	     (err = plenum_buf_addf(b,
				    T_(cat, "Alternates (%zu of %lld, in "
					    "order): "),
				    t->nalternates, (sll)e->alternate_seats)) ||
	     (err = name_list(e, t, t->alternates, t->nalternates, false, cat,
			      b)) ||
	     (err = plenum_buf_addc(b, '\n'))))
		return err;
	if (t->pending.reason != PLENUM_PENDING_NONE &&
	    ((err = plenum_buf_adds(b, "  ")) ||
	     (err = plenum_buf_adds(b, t->pending.reason == PLENUM_PENDING_TIE
					       ? T_(cat, "Tied: ")
					       : T_(cat, "May stand in the "
							 "next round: "))) ||
	     (err = name_list(e, t, t->pending.persons, t->pending.n, false,
			      cat, b)) ||
	     (err = plenum_buf_addc(b, '\n'))))
		return err;
	return PLENUM_OK;
}

enum plenum_err
plenum_report_text(const struct plenum_election *e,
		   const struct plenum_tally *t, const char *locale,
		   struct plenum_buf *b)
{
	const struct plenum_catalog *cat =
		plenum_i18n_catalog(locale ? locale : e->locale);
	enum plenum_err err;
	size_t i;

	if ((err = plenum_buf_adds(b, report_title(e, cat))) ||
	    (err = plenum_buf_addc(b, '\n')))
		return err;
	if (e->title != NULL && ((err = plenum_buf_adds(b, e->title)) ||
				 (err = plenum_buf_addc(b, '\n'))))
		return err;
	if (e->question != NULL &&
	    ((err = plenum_buf_addf(b, T_(cat, "Question: %s"), e->question)) ||
	     (err = plenum_buf_addc(b, '\n'))))
		return err;
	if ((err = plenum_buf_addf(b, T_(cat, "Rules: %s"),
				   plenum_rules_preset_name(e->rules.preset))))
		return err;
	if (e->runoff && (err = plenum_buf_adds(b, T_(cat, " (run-off)"))))
		return err;
	if (!e->motion && (err = plenum_buf_addf(b, T_(cat, "; %lld seat(s)"),
						 (sll)e->seats)))
		return err;
	if (e->alternate_seats > 0 &&
	    (err = plenum_buf_addf(b, T_(cat, " and %lld alternate(s)"),
				   (sll)e->alternate_seats)))
		return err;
	if ((err = plenum_buf_addc(b, '\n')))
		return err;
	if ((err = summary(e, t, cat, b)))
		return err;
	if (!e->motion &&
	    (t->status == PLENUM_STATUS_ELECTED ||
	     t->status == PLENUM_STATUS_INCOMPLETE) &&
	    (err = table(e, t, cat, b)))
		return err;
	if ((t->status == PLENUM_STATUS_ELECTED ||
	     t->status == PLENUM_STATUS_INCOMPLETE) &&
	    (err = outcome(e, t, cat, b)))
		return err;
	if ((err = heading(b, T_(cat, "Notes"))))
		return err;
	for (i = 0; i < t->nnotes; i++) {
		if ((err = plenum_buf_adds(b, "  - ")) ||
		    (err = plenum_report_note(e, t, &t->notes[i], cat, b)) ||
		    (err = plenum_buf_addc(b, '\n')))
			return err;
	}
	if ((err = heading(b, T_(cat, "Next step"))) ||
	    (err = plenum_buf_adds(b, "  ")) ||
	    (err = plenum_report_next(e, t, cat, b)) ||
	    (err = plenum_buf_addc(b, '\n')))
		return err;
	return plenum_buf_adds(b, T_(cat, "\nTellers: ____________    "
					  "Scrutineers: ____________    "
					  "Chief scrutineer: ____________\n"));
}

enum plenum_err
plenum_report_check(const struct plenum_election *e,
		    const struct plenum_list_check *c, const char *locale,
		    struct plenum_buf *b)
{
	const struct plenum_catalog *cat =
		plenum_i18n_catalog(locale ? locale : e->locale);
	enum plenum_err err;
	size_t i;
	char v[64];

	if ((err = plenum_buf_adds(b, T_(cat, "Candidate list check"))) ||
	    (err = plenum_buf_addc(b, '\n')))
		return err;
	if (e->title != NULL && ((err = plenum_buf_adds(b, e->title)) ||
				 (err = plenum_buf_addc(b, '\n'))))
		return err;
	if ((err = plenum_buf_addf(
		     b, T_(cat, "Rules: %s"),
		     plenum_rules_preset_name(e->rules.preset))) ||
	    (err = plenum_buf_adds(b, "\n\n")))
		return err;
	if (e->motion)
		return plenum_buf_adds(b, T_(cat, "A motion has no candidate "
						  "list.\n"));
	if ((err = row_num(b, T_(cat, "Candidates"), c->candidates)) ||
	    (err = row_num(b, T_(cat, "Places (seats and alternates)"),
			   c->places)) ||
	    (err = row(b, T_(cat, "Kind of list"),
		       c->contested ? T_(cat, "contested (more candidates "
					      "than places)")
				    : T_(cat, "uncontested (one candidate "
					      "per place)"))))
		return err;
	if (c->contested && c->surplus_checked) {
		snprintf(v, sizeof(v), "%lld", (sll)c->extra);
		if ((err = row(b, T_(cat, "Surplus"), v)))
			return err;
		if (c->min_extra > 0 &&
		    (err = row_num(b, T_(cat, "Least surplus allowed"),
				   c->min_extra)))
			return err;
		if (c->max_extra >= 0 &&
		    (err = row_num(b, T_(cat, "Greatest surplus allowed"),
				   c->max_extra)))
			return err;
	}
	if ((err = plenum_buf_adds(b, "\n  ")) ||
	    (err = list_note(c, cat, b)) || (err = plenum_buf_addc(b, '\n')))
		return err;
	if (c->duplicate_names &&
	    (err = plenum_buf_addf(b,
				   T_(cat, "  Warning: candidates %zu and %zu "
					   "have the same name, %s; the "
					   "ballot must tell them apart.\n"),
				   c->duplicate_a + 1, c->duplicate_b + 1,
				   e->names[c->duplicate_a])))
		return err;
	if (e->rules.name_order != PLENUM_ORDER_BALLOT && !c->in_order) {
		if ((err = plenum_buf_addf(
			     b,
			     T_(cat, "  Warning: the list is not "
				     "in %s (first out of order: no. "
				     "%zu). "
				     "In that order it reads:\n"),
			     order_words(e->rules.name_order, cat),
			     c->out_of_order + 1)))
			return err;
		for (i = 0; i < e->ncandidates; i++)
			if ((err = plenum_buf_addf(b, "    %zu. %s\n", i + 1,
						   e->names[c->order[i]])))
				return err;
	} else if (e->rules.name_order != PLENUM_ORDER_BALLOT &&
		   (err = plenum_buf_addf(
			    b, T_(cat, "  The list is in %s.\n"),
			    order_words(e->rules.name_order, cat)))) {
		return err;
	}
	return PLENUM_OK;
}
