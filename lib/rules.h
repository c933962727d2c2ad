/*
 * rules.h: the rule presets (cn-basic, cn-local, vn, ronr, yna) and their
 * options.
 *
 * A preset fills a struct plenum_rules with the defaults of the binding
 * Defaults table in election-rules.md; the election file's "options" object
 * then overrides single fields by name.  Every choice the texts leave open is
 * one of these options; docs/rules.md lists them with each preset's default.
 */
#ifndef PLENUM_RULES_H
#define PLENUM_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "jsonpull.h"
#include "names.h"

enum plenum_preset {
	PLENUM_PRESET_CN_BASIC = 0,
	PLENUM_PRESET_CN_LOCAL,
	PLENUM_PRESET_VN,
	PLENUM_PRESET_RONR,
	PLENUM_PRESET_YNA
};

/* Whose presence the quorum is measured against. */
enum plenum_quorum_of {
	PLENUM_QUORUM_NONE = 0,
	PLENUM_QUORUM_SHOULD_ATTEND,
	PLENUM_QUORUM_CONVENED
};

/* The number a candidate's (or motion's) yes votes are measured against. */
enum plenum_base {
	PLENUM_BASE_PRESENT = 0,   /* voters present */
	PLENUM_BASE_SHOULD_ATTEND, /* voters who should attend */
	PLENUM_BASE_CONVENED,	   /* convened - excluded (vn) */
	PLENUM_BASE_CAST,	   /* ronr: ballots with a vote, illegal
				      included; yna: every ballot returned */
	PLENUM_BASE_YN,		   /* per candidate: yes + no */
	PLENUM_BASE_YNA,	   /* per candidate: yes + no + abstain */
	PLENUM_BASE_VALID,	   /* valid ballots */
	PLENUM_BASE_ENTITLED	   /* entitled voters (should_attend) */
};

enum plenum_majority {
	PLENUM_MAJORITY_SIMPLE = 0, /* 2*Y > B */
	PLENUM_MAJORITY_TWO_THIRDS, /* 3*Y >= 2*B (or > when not inclusive) */
	PLENUM_MAJORITY_THREE_QUARTERS
};

/* What a recorded defect or an unclear mark does to a ballot. */
enum plenum_action {
	PLENUM_ACT_IGNORE = 0, /* the marks are still read */
	PLENUM_ACT_NAME,       /* only that name is not counted */
	PLENUM_ACT_INVALID,    /* the whole ballot is invalid */
	PLENUM_ACT_ILLEGAL     /* ronr: one illegal vote, in the base */
};

enum plenum_write_ins {
	PLENUM_WRITE_INS_MARKED = 0, /* count when marked Y, else ignore */
	PLENUM_WRITE_INS_ALL,	     /* every written name is a vote */
	PLENUM_WRITE_INS_INVALID     /* a written name voids the ballot */
};

enum plenum_ballot_form {
	PLENUM_FORM_AUTO = 0,	   /* vn: strike-out when contested */
	PLENUM_FORM_PER_CANDIDATE, /* Y/N/A (or a single vote mark) per name */
	PLENUM_FORM_STRIKE_OUT	   /* keep (Y) or strike (N) every name */
};

enum plenum_list_mode {
	PLENUM_LIST_AUTO = 0, /* contested when candidates > seats */
	PLENUM_LIST_CONTESTED,
	PLENUM_LIST_UNCONTESTED
};

struct plenum_rules {
	enum plenum_preset preset;

	/* quorum: present * den > num * of (strict) or >= (not strict) */
	enum plenum_quorum_of quorum_of;
	int64_t quorum_num, quorum_den;
	bool quorum_strict;

	/* the round is void when more ballots come back than this */
	bool returned_limit_present; /* false: ballots issued; true: present */

	/* ballot validity */
	enum plenum_action identifying, extra_marks, unclear, folded;
	enum plenum_action over_votes; /* more votes than max_votes */
	enum plenum_write_ins write_ins;
	enum plenum_ballot_form ballot_form;
	int64_t max_votes;	     /* 0: seats + alternate_seats (cn, vn), or
					seats (ronr, yna) */
	bool blank_is_abstain;	     /* '-' is an abstention (cn 弃权) */
	bool single_name_needs_mark; /* vn: one name, exactly one box */

	/* thresholds */
	enum plenum_base base, motion_base;
	enum plenum_majority majority;
	bool majority_inclusive; /* two_thirds/three_quarters use >= */
	bool runoff_needs_majority;

	/* candidate list */
	enum plenum_list_mode list;
	int64_t surplus_min_percent;	  /* 0: no minimum */
	int64_t surplus_max_percent;	  /* -1: no maximum */
	bool small_committee_surplus_one; /* vn: 3-5 seats may have 1 extra */

	/* ordering */
	enum plenum_name_order name_order;	   /* for announcements */
	enum plenum_name_order alternate_tiebreak; /* equal votes */
};

/* Parses a preset name.  Returns 0 and sets *out, or -1. */
int plenum_rules_preset_parse(const char *name, enum plenum_preset *out);

/* The preset's name, as parsed. */
const char *plenum_rules_preset_name(enum plenum_preset preset);

/* Fills *rules with the defaults of preset. */
void plenum_rules_defaults(enum plenum_preset preset,
			   struct plenum_rules *rules);

/*
 * Applies one option, key = value, where value is the scalar token that
 * followed the key in the options object.  Returns PLENUM_OK, or
 * PLENUM_EINPUT with diag naming the option (unknown name, wrong type, value
 * out of range) at the value's position.
 */
enum plenum_err plenum_rules_set(struct plenum_rules *rules, const char *key,
				 const struct plenum_json_token *value,
				 struct plenum_diag *diag);

/*
 * The option's value as text, as it would be written in "options" ("4/5",
 * "true", "YN"…).  Writes into buf of size n and returns buf, or NULL for an
 * unknown key.
 */
const char *plenum_rules_get(const struct plenum_rules *rules, const char *key,
			     char *buf, size_t n);

/* Option names in documentation order, NULL-terminated. */
extern const char *const plenum_rules_option_names[];

/* Words for enums, as options spell them. */
const char *plenum_rules_base_word(enum plenum_base base);

#endif
