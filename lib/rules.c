/*
 * rules.c: rule presets and the options that override them.
 *
 * The defaults here are the binding Defaults table of election-rules.md.
 * Options are described by one static table, so that parsing, printing and
 * the documentation list cannot drift apart.  Invariant: every enum-valued
 * option's word list covers exactly the values its field can hold.
 */
#include "rules.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char *const preset_names[] = {
	[PLENUM_PRESET_CN_BASIC] = "cn-basic",
	[PLENUM_PRESET_CN_LOCAL] = "cn-local",
	[PLENUM_PRESET_VN] = "vn",
	[PLENUM_PRESET_RONR] = "ronr",
	[PLENUM_PRESET_YNA] = "yna",
};

int
plenum_rules_preset_parse(const char *name, enum plenum_preset *out)
{
	size_t i;

	for (i = 0; i < sizeof(preset_names) / sizeof(preset_names[0]); i++) {
		if (strcmp(name, preset_names[i]) == 0) {
			*out = (enum plenum_preset)i;
			return 0;
		}
	}
	return -1;
}

const char *
plenum_rules_preset_name(enum plenum_preset preset)
{
	return preset_names[preset];
}

void
plenum_rules_defaults(enum plenum_preset preset, struct plenum_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->preset = preset;
	r->quorum_of = PLENUM_QUORUM_SHOULD_ATTEND;
	r->quorum_num = 0;
	r->quorum_den = 1;
	r->quorum_strict = true;
	r->identifying = PLENUM_ACT_INVALID;
	r->extra_marks = PLENUM_ACT_IGNORE;
	r->unclear = PLENUM_ACT_NAME;
	r->folded = PLENUM_ACT_INVALID;
	r->over_votes = PLENUM_ACT_INVALID;
	r->write_ins = PLENUM_WRITE_INS_MARKED;
	r->ballot_form = PLENUM_FORM_PER_CANDIDATE;
	r->max_votes = 0;
	r->base = PLENUM_BASE_PRESENT;
	r->motion_base = PLENUM_BASE_PRESENT;
	r->majority = PLENUM_MAJORITY_SIMPLE;
	r->majority_inclusive = true;
	r->runoff_needs_majority = false;
	r->list = PLENUM_LIST_AUTO;
	r->surplus_min_percent = 0;
	r->surplus_max_percent = -1;
	r->name_order = PLENUM_ORDER_BALLOT;
	r->alternate_tiebreak = PLENUM_ORDER_BALLOT;

	switch (preset) {
	case PLENUM_PRESET_CN_BASIC:
	case PLENUM_PRESET_CN_LOCAL:
		r->quorum_num = 4;
		r->quorum_den = 5;
		r->blank_is_abstain = true;
		r->surplus_min_percent = 20;
		r->name_order = PLENUM_ORDER_STROKE;
		r->alternate_tiebreak = PLENUM_ORDER_STROKE;
		if (preset == PLENUM_PRESET_CN_LOCAL) {
			r->quorum_num = 1;
			r->quorum_den = 2;
			r->base = PLENUM_BASE_SHOULD_ATTEND;
			r->motion_base = PLENUM_BASE_SHOULD_ATTEND;
			r->surplus_min_percent = 10;
		}
		break;
	case PLENUM_PRESET_VN:
		r->quorum_of = PLENUM_QUORUM_CONVENED;
		r->quorum_num = 2;
		r->quorum_den = 3;
		r->quorum_strict = false;
		r->extra_marks = PLENUM_ACT_INVALID;
		r->write_ins = PLENUM_WRITE_INS_INVALID;
		r->ballot_form = PLENUM_FORM_AUTO;
		r->single_name_needs_mark = true;
		r->base = PLENUM_BASE_CONVENED;
		r->motion_base = PLENUM_BASE_CONVENED;
		r->surplus_max_percent = 30;
		r->small_committee_surplus_one = true;
		r->name_order = PLENUM_ORDER_VIETNAMESE;
		break;
	case PLENUM_PRESET_RONR:
		r->identifying = PLENUM_ACT_ILLEGAL;
		r->unclear = PLENUM_ACT_ILLEGAL;
		r->folded = PLENUM_ACT_ILLEGAL;
		r->over_votes = PLENUM_ACT_ILLEGAL;
		r->write_ins = PLENUM_WRITE_INS_ALL;
		r->base = PLENUM_BASE_CAST;
		r->motion_base = PLENUM_BASE_YN;
		r->runoff_needs_majority = true;
		break;
	case PLENUM_PRESET_YNA:
		r->write_ins = PLENUM_WRITE_INS_INVALID;
		r->base = PLENUM_BASE_YN;
		r->motion_base = PLENUM_BASE_YN;
		r->runoff_needs_majority = true;
		break;
	}
}

/* ---- the option table ---- */

enum opt_kind {
	OPT_BOOL,
	OPT_BOOL_WORDS, /* a bool spelt as one of two words */
	OPT_ENUM,
	OPT_INT,
	OPT_QUORUM,
	OPT_PERCENT
};

struct opt {
	const char *name;
	enum opt_kind kind;
	size_t offset;
	const char *const
		*words; /* OPT_ENUM: word for each value, NULL-ended */
	int64_t min;	/* OPT_INT */
};

static const char *const quorum_of_words[] = { "none", "should_attend",
					       "convened", NULL };
static const char *const returned_words[] = { "issued", "present", NULL };
static const char *const action_words[] = { "ignore", "name", "invalid",
					    "illegal", NULL };
static const char *const write_ins_words[] = { "marked", "all", "invalid",
					       NULL };
static const char *const form_words[] = { "auto", "per_candidate", "strike_out",
					  NULL };
static const char *const base_words[] = {
	"present", "should_attend", "convened", "cast", "YN",
	"YNA",	   "valid",	    "entitled", NULL
};
static const char *const majority_words[] = { "simple", "two_thirds",
					      "three_quarters", NULL };
static const char *const list_words[] = { "auto", "contested", "uncontested",
					  NULL };
static const char *const order_words[] = { "ballot", "stroke", "vietnamese",
					   "alphabetical", NULL };

#define OFF(f) offsetof(struct plenum_rules, f)

static const struct opt opts[] = {
	{ "quorum", OPT_QUORUM, 0, NULL, 0 },
	{ "quorum_strict", OPT_BOOL, OFF(quorum_strict), NULL, 0 },
	{ "quorum_of", OPT_ENUM, OFF(quorum_of), quorum_of_words, 0 },
	{ "returned_limit", OPT_BOOL_WORDS, OFF(returned_limit_present),
	  returned_words, 0 },
	{ "identifying", OPT_ENUM, OFF(identifying), action_words, 0 },
	{ "extra_marks", OPT_ENUM, OFF(extra_marks), action_words, 0 },
	{ "folded", OPT_ENUM, OFF(folded), action_words, 0 },
	{ "unclear", OPT_ENUM, OFF(unclear), action_words, 0 },
	{ "over_votes", OPT_ENUM, OFF(over_votes), action_words, 0 },
	{ "write_ins", OPT_ENUM, OFF(write_ins), write_ins_words, 0 },
	{ "ballot_form", OPT_ENUM, OFF(ballot_form), form_words, 0 },
	{ "max_votes", OPT_INT, OFF(max_votes), NULL, 0 },
	{ "blank_is_abstain", OPT_BOOL, OFF(blank_is_abstain), NULL, 0 },
	{ "single_name_needs_mark", OPT_BOOL, OFF(single_name_needs_mark), NULL,
	  0 },
	{ "base", OPT_ENUM, OFF(base), base_words, 0 },
	{ "motion_base", OPT_ENUM, OFF(motion_base), base_words, 0 },
	{ "majority", OPT_ENUM, OFF(majority), majority_words, 0 },
	{ "majority_inclusive", OPT_BOOL, OFF(majority_inclusive), NULL, 0 },
	{ "runoff_needs_majority", OPT_BOOL, OFF(runoff_needs_majority), NULL,
	  0 },
	{ "list", OPT_ENUM, OFF(list), list_words, 0 },
	{ "surplus_min", OPT_PERCENT, OFF(surplus_min_percent), NULL, 0 },
	{ "surplus_max", OPT_PERCENT, OFF(surplus_max_percent), NULL, 0 },
	{ "small_committee_surplus_one", OPT_BOOL,
	  OFF(small_committee_surplus_one), NULL, 0 },
	{ "name_order", OPT_ENUM, OFF(name_order), order_words, 0 },
	{ "alternate_tiebreak", OPT_ENUM, OFF(alternate_tiebreak), order_words,
	  0 },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

const char *const plenum_rules_option_names[] = {
	"quorum",
	"quorum_strict",
	"quorum_of",
	"returned_limit",
	"identifying",
	"extra_marks",
	"folded",
	"unclear",
	"over_votes",
	"write_ins",
	"ballot_form",
	"max_votes",
	"blank_is_abstain",
	"single_name_needs_mark",
	"base",
	"motion_base",
	"majority",
	"majority_inclusive",
	"runoff_needs_majority",
	"list",
	"surplus_min",
	"surplus_max",
	"small_committee_surplus_one",
	"name_order",
	"alternate_tiebreak",
	NULL,
};

const char *
plenum_rules_base_word(enum plenum_base base)
{
	return base_words[base];
}

static const struct opt *
find_opt(const char *key)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (strcmp(opts[i].name, key) == 0)
			return &opts[i];
	return NULL;
}

static char *
field(struct plenum_rules *r, const struct opt *o)
{
	return (char *)r + o->offset;
}

static const char *
cfield(const struct plenum_rules *r, const struct opt *o)
{
	return (const char *)r + o->offset;
}

static enum plenum_err
bad(struct plenum_diag *diag, const struct plenum_json_token *v,
    const char *key, const char *want)
{
	return plenum_diag_set(diag, PLENUM_EINPUT, v->line, v->column,
			       "option \"%s\": expected %s", key, want);
}

/* Parses "N/D" with 0 <= N <= D, 1 <= D <= 1000. */
static int
parse_fraction(const char *s, int64_t *num, int64_t *den)
{
	long n, d;
	char tail;

	if (sscanf(s, "%ld/%ld%c", &n, &d, &tail) != 2)
		return -1;
	if (d < 1 || d > 1000 || n < 0 || n > d)
		return -1;
	*num = n;
	*den = d;
	return 0;
}

enum plenum_err
plenum_rules_set(struct plenum_rules *r, const char *key,
		 const struct plenum_json_token *v, struct plenum_diag *diag)
{
	const struct opt *o = find_opt(key);
	int64_t n;
	size_t i;

	if (o == NULL)
		return plenum_diag_set(diag, PLENUM_EINPUT, v->line, v->column,
				       "unknown option \"%s\" for rules \"%s\"",
				       key, preset_names[r->preset]);
	switch (o->kind) {
	case OPT_BOOL:
		if (v->type != PLENUM_JSON_TRUE && v->type != PLENUM_JSON_FALSE)
			return bad(diag, v, key, "true or false");
		*(bool *)field(r, o) = v->type == PLENUM_JSON_TRUE;
		return PLENUM_OK;
	case OPT_INT:
		if (plenum_json_int(v, &n) != PLENUM_OK || n < o->min ||
		    n > INT32_MAX)
			return bad(diag, v, key, "a whole number >= 0");
		*(int64_t *)field(r, o) = n;
		return PLENUM_OK;
	case OPT_PERCENT:
		if (v->type == PLENUM_JSON_STRING &&
		    strcmp(v->text, "none") == 0 &&
		    o->offset == OFF(surplus_max_percent)) {
			*(int64_t *)field(r, o) = -1;
			return PLENUM_OK;
		}
		if (plenum_json_int(v, &n) != PLENUM_OK || n < 0 || n > 1000)
			return bad(diag, v, key,
				   o->offset == OFF(surplus_max_percent)
					   ? "a percentage 0-1000 or \"none\""
					   : "a percentage 0-1000");
		*(int64_t *)field(r, o) = n;
		return PLENUM_OK;
	case OPT_QUORUM:
		if (v->type != PLENUM_JSON_STRING)
			return bad(diag, v, key,
				   "\"none\" or a fraction \"N/D\"");
		if (strcmp(v->text, "none") == 0) {
			r->quorum_num = 0;
			r->quorum_den = 1;
			return PLENUM_OK;
		}
		if (parse_fraction(v->text, &r->quorum_num, &r->quorum_den) !=
		    0)
			return bad(
				diag, v, key,
				"\"none\" or a fraction \"N/D\" with N <= D");
		return PLENUM_OK;
	case OPT_ENUM:
	case OPT_BOOL_WORDS:
		if (v->type != PLENUM_JSON_STRING)
			break;
		for (i = 0; o->words[i] != NULL; i++) {
			if (strcmp(o->words[i], v->text) != 0)
				continue;
			if (o->kind == OPT_BOOL_WORDS)
				*(bool *)field(r, o) = i == 1;
			else /* enums are int-sized on every ABI we build */
				*(int *)field(r, o) = (int)i;
			return PLENUM_OK;
		}
		break;
	}
	{
		char want[256];
		size_t off = 0;

		for (i = 0; o->words[i] != NULL && off < sizeof(want); i++)
			off += (size_t)snprintf(want + off, sizeof(want) - off,
						"%s\"%s\"", i ? ", " : "",
						o->words[i]);
		return bad(diag, v, key, want);
	}
}

const char *
plenum_rules_get(const struct plenum_rules *r, const char *key, char *buf,
		 size_t n)
{
	const struct opt *o = find_opt(key);
	int64_t v;

	if (o == NULL)
		return NULL;
	switch (o->kind) {
	case OPT_BOOL:
		snprintf(buf, n, "%s",
			 *(const bool *)cfield(r, o) ? "true" : "false");
		break;
	case OPT_INT:
	case OPT_PERCENT:
		v = *(const int64_t *)cfield(r, o);
		if (v < 0)
			snprintf(buf, n, "none");
		else
			snprintf(buf, n, "%" PRId64, v);
		break;
	case OPT_QUORUM:
		if (r->quorum_num == 0)
			snprintf(buf, n, "none");
		else
			snprintf(buf, n, "%" PRId64 "/%" PRId64, r->quorum_num,
				 r->quorum_den);
		break;
	case OPT_ENUM:
		snprintf(buf, n, "%s", o->words[*(const int *)cfield(r, o)]);
		break;
	case OPT_BOOL_WORDS:
		snprintf(buf, n, "%s", o->words[*(const bool *)cfield(r, o)]);
		break;
	}
	return buf;
}
