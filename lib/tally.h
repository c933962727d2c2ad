/*
 * tally.h: deciding a round from its counts.
 *
 * plenum_tally_decide() turns an election and its counts into a struct
 * plenum_tally: the quorum, the ballots, the base and the votes needed, each
 * person's counts and decision, who is elected, the alternates, and what is
 * still pending.  It never guesses: a tie across the last seat or too few
 * passing leaves seats pending for the next round the rules prescribe.
 * Structured notes explain every decision; report.h renders them.
 */
#ifndef PLENUM_TALLY_H
#define PLENUM_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"
#include "election.h"
#include "err.h"

enum plenum_status {
	PLENUM_STATUS_ELECTED = 0, /* every seat filled, or motion decided */
	PLENUM_STATUS_INCOMPLETE,  /* a tie or a shortfall leaves seats open */
	PLENUM_STATUS_VOID,	   /* the round must be held again */
	PLENUM_STATUS_NO_QUORUM,   /* too few present to vote */
	PLENUM_STATUS_INVALID_LIST /* the list breaks a hard rule */
};

/* The word the result format uses for a status. */
const char *plenum_status_word(enum plenum_status status);

enum plenum_pending_reason {
	PLENUM_PENDING_NONE = 0,
	PLENUM_PENDING_TIE,
	PLENUM_PENDING_SHORTFALL
};

/* Why a person was or was not elected. */
enum plenum_decision {
	PLENUM_DECISION_NOT_COUNTED = 0, /* no quorum, void round, bad list */
	PLENUM_DECISION_ELECTED,
	PLENUM_DECISION_ALTERNATE,
	PLENUM_DECISION_BELOW_THRESHOLD, /* fewer votes than needed */
	PLENUM_DECISION_OUTRANKED, /* passed; the seats went to more votes */
	PLENUM_DECISION_TIED,	   /* tied across the last seat: run-off */
	PLENUM_DECISION_PENDING	   /* passed, waits for a tie to resolve */
};

struct plenum_tally_person {
	char *id;	  /* owned: a candidate id, or "write-in:" + name */
	const char *name; /* borrowed from the election, or inside id */
	bool write_in;
	uint64_t yes, no, abstain, blank, unclear;
	int64_t base, needed; /* the threshold this person was measured on */
	bool passed, elected, alternate;
	enum plenum_decision decision;
};

enum plenum_list_problem {
	PLENUM_LIST_OK = 0,
	PLENUM_LIST_TOO_FEW,	   /* fewer candidates than places */
	PLENUM_LIST_NOT_CONTESTED, /* "list": "contested" but no surplus */
	PLENUM_LIST_SURPLUS_TOO_SMALL,
	PLENUM_LIST_SURPLUS_TOO_LARGE
};

/* The word the result format uses for a list problem ("surplus-too-small"). */
const char *plenum_tally_problem_word(enum plenum_list_problem problem);

struct plenum_list_check {
	bool contested;
	int64_t candidates, places; /* places: seats + alternate seats */
	int64_t extra, min_extra;   /* min_extra 0: no minimum */
	int64_t max_extra;	    /* -1: no maximum */
	enum plenum_list_problem problem;
	bool surplus_checked; /* false in a run-off round */
	/* advice, not hard rules */
	bool in_order;	      /* the list follows rules.name_order */
	size_t out_of_order;  /* first index that breaks the order */
	size_t *order;	      /* the list in the expected order (indexes) */
	bool duplicate_names; /* two listed persons share a name */
	size_t duplicate_a, duplicate_b;
};

enum plenum_note_code {
	PLENUM_NOTE_NO_QUORUM,		   /* a: present, b: required */
	PLENUM_NOTE_QUORUM_MET,		   /* a: present, b: required */
	PLENUM_NOTE_INVALID_LIST,	   /* see tally->list */
	PLENUM_NOTE_VOID_RETURNED,	   /* a: returned, b: issued */
	PLENUM_NOTE_VOID_RETURNED_PRESENT, /* a: returned, b: present */
	PLENUM_NOTE_ROUND_VALID,	   /* a: returned, b: issued */
	PLENUM_NOTE_THRESHOLD,		   /* a: base, b: needed */
	PLENUM_NOTE_THRESHOLD_PER_CANDIDATE,
	PLENUM_NOTE_RUNOFF_PLURALITY, /* run-off: most votes wins */
	PLENUM_NOTE_PERSON,	      /* person: see its decision */
	PLENUM_NOTE_TIE,	      /* a: open seats, b: tied persons */
	PLENUM_NOTE_ALTERNATE_TIE,    /* a: open alternate seats, b: tied */
	PLENUM_NOTE_SHORTFALL,	      /* a: open seats, b: open alternates */
	PLENUM_NOTE_ALTERNATE_ORDER,  /* equal votes ordered by name order */
	PLENUM_NOTE_MOTION	      /* see tally->motion */
};

struct plenum_note {
	enum plenum_note_code code;
	size_t person; /* PLENUM_NOTE_PERSON */
	int64_t a, b;
};

struct plenum_tally {
	enum plenum_status status;
	bool motion;
	struct {
		bool applies;
		int64_t present, required;
		bool met;
	} quorum;
	struct {
		int64_t issued;
		uint64_t returned, valid, invalid, illegal, blank;
	} ballots;
	struct {
		bool per_candidate; /* yna YN/YNA: see each person */
		enum plenum_base kind;
		int64_t base, needed;
		bool plurality; /* run-off without a threshold */
	} threshold;
	size_t npersons; /* listed candidates in list order, then write-ins
			  * by votes and name */
	struct plenum_tally_person *persons;
	size_t nelected, nalternates; /* indexes into persons */
	size_t *elected;	      /* most votes first, ties in list order */
	size_t *alternates;	      /* official order */
	struct {
		enum plenum_pending_reason reason;
		int64_t seats, alternate_seats;
		size_t n;
		size_t *persons; /* the tied, or the unelected by votes */
	} pending;
	struct {
		uint64_t yes, no, abstain;
		int64_t base, needed;
		bool adopted;
	} motion_result;
	struct plenum_list_check list;
	size_t nnotes;
	struct plenum_note *notes;
};

/*
 * Decides a round.  counts are the election's totals or what a counter
 * read; returned is the number of ballots found in the box (the document's
 * ballots_returned, or counts->returned).  On success *out is a new tally
 * the caller frees with plenum_tally_free().  Returns PLENUM_OK,
 * PLENUM_ENOMEM or PLENUM_EINTERNAL (ICU lacks a collation).
 */
enum plenum_err plenum_tally_decide(const struct plenum_election *e,
				    const struct plenum_counts *counts,
				    struct plenum_tally **out);

/*
 * Checks the candidate list against the preset's surplus rules and the
 * body's name order, without counting.  Fills *check, whose order array the
 * caller releases with plenum_tally_list_release().  Returns PLENUM_OK,
 * PLENUM_ENOMEM or PLENUM_EINTERNAL.
 */
enum plenum_err plenum_tally_check_list(const struct plenum_election *e,
					struct plenum_list_check *check);

/* Releases what a list check owns.  NULL is a no-op. */
void plenum_tally_list_release(struct plenum_list_check *check);

/* Frees a tally.  NULL is a no-op. */
void plenum_tally_free(struct plenum_tally *t);

/* The smallest number present that makes a quorum of "of" (those who
 * should attend, or those convened) under rules; 0 when no quorum is set. */
int64_t plenum_tally_quorum_required(const struct plenum_rules *rules,
				     int64_t of);

/* The smallest yes count that passes on base under rules (for motions and
 * candidates alike); 0 when nothing can pass (base 0). */
int64_t plenum_tally_needed(const struct plenum_rules *rules, int64_t base);

#endif
