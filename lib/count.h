/*
 * count.h: reading ballots into counts, by the rules of a preset.
 *
 * A counter takes one ballot at a time, decides whether it is valid, invalid
 * or (ronr) an illegal vote, and adds what it says to the counts.  Its memory
 * does not grow with the number of ballots, only with the number of distinct
 * written-in names (capped).  The counts are all that the decision needs, so
 * the totals form of an election fills the same struct directly.
 */
#ifndef PLENUM_COUNT_H
#define PLENUM_COUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "rules.h"

/* How a valid ballot marked one person. */
enum plenum_mark {
	PLENUM_MARK_YES = 0, /* 'Y' (and a write-in counted as a vote) */
	PLENUM_MARK_NO,	     /* 'N' */
	PLENUM_MARK_ABSTAIN, /* 'A' */
	PLENUM_MARK_BLANK,   /* '-' */
	PLENUM_MARK_BOTH,    /* 'B' */
	PLENUM_MARK_UNREAD,  /* '?' */
	PLENUM_NMARKS
};

/* Returns the mark for a marks-string character, or -1. */
int plenum_mark_parse(char c);

/* The marks-string character of a mark. */
char plenum_mark_char(enum plenum_mark mark);

/* Defects tellers record on a ballot (a bit set). */
#define PLENUM_DEFECT_UNOFFICIAL  0x01u
#define PLENUM_DEFECT_IDENTIFYING 0x02u
#define PLENUM_DEFECT_EXTRA_MARKS 0x04u
#define PLENUM_DEFECT_TORN	  0x08u
#define PLENUM_DEFECT_FOLDED	  0x10u

/* Parses a defect word.  Returns its bit, or 0 for an unknown word. */
unsigned plenum_defect_parse(const char *word);

/* Most distinct written-in names one count keeps. */
#define PLENUM_MAX_WRITE_INS 100000
/* Most write-ins on one ballot. */
#define PLENUM_MAX_BALLOT_WRITE_INS 256

struct plenum_write_in {
	const char *name; /* NFC, trimmed, non-empty; borrowed */
	char mark;	  /* 'Y' or '-' */
};

struct plenum_ballot {
	const char *marks; /* one mark character per listed candidate */
	size_t len;
	const struct plenum_write_in *write_ins;
	size_t nwrite_ins;
	unsigned defects; /* PLENUM_DEFECT_* */
};

/* What the rules made of a ballot. */
enum plenum_verdict {
	PLENUM_BALLOT_VALID = 0,
	PLENUM_BALLOT_BLANK,   /* ronr: valid but voted for nobody */
	PLENUM_BALLOT_INVALID, /* void: not counted, not in a vote base */
	PLENUM_BALLOT_ILLEGAL  /* ronr: counted in the base, for nobody */
};

struct plenum_person_counts {
	char *name; /* write-ins only: owned */
	uint64_t marks[PLENUM_NMARKS];
};

/* For a motion the counts have one row, the question. */
struct plenum_counts {
	size_t ncandidates;
	struct plenum_person_counts *candidates; /* ncandidates entries */
	size_t nwrite_ins;
	struct plenum_person_counts *write_ins; /* in order of first vote */
	uint64_t returned;			/* ballots read */
	uint64_t valid;	  /* valid ballots, blank ones included */
	uint64_t invalid; /* invalid ballots, illegal ones included */
	uint64_t illegal; /* ronr: of the invalid, those in the base */
	uint64_t blank;	  /* ronr: of the valid, those with no vote */
	/* write-in name index: open addressing, private to count.c */
	size_t *slots;
	size_t nslots;
};

/* What the counter needs to know of the election. */
struct plenum_count_setup {
	const struct plenum_rules *rules;
	size_t ncandidates;
	const char *const *names; /* NFC names of the listed candidates */
	int64_t seats, alternate_seats;
	bool motion;
};

struct plenum_counter;

/* Creates a counter.  setup and what it points to are borrowed and must
 * outlive the counter.  Returns NULL when out of memory. */
struct plenum_counter *plenum_counter_new(const struct plenum_count_setup *s);

/* Frees a counter.  NULL is a no-op. */
void plenum_counter_free(struct plenum_counter *counter);

/*
 * Reads one ballot.  Returns PLENUM_OK (the verdict, if verdict is not NULL,
 * says what became of it), PLENUM_EINPUT when the ballot cannot be read at
 * all (wrong number of marks, a mark the ballot form does not have), with
 * diag->message set and line/column left to the caller, PLENUM_ELIMIT when
 * too many distinct names were written in, or PLENUM_ENOMEM.  On error the
 * counts are unchanged.
 */
enum plenum_err plenum_counter_add(struct plenum_counter *counter,
				   const struct plenum_ballot *ballot,
				   enum plenum_verdict *verdict,
				   struct plenum_diag *diag);

/* The counts so far; borrowed from the counter. */
const struct plenum_counts *
plenum_counter_counts(const struct plenum_counter *counter);

/* Whether a contested vn list uses strike-out ballots for this setup. */
bool plenum_count_strike_out(const struct plenum_rules *rules,
			     size_t ncandidates, int64_t seats,
			     int64_t alternate_seats);

/* The most votes (Y marks and counted write-ins) a valid ballot may carry. */
int64_t plenum_count_max_votes(const struct plenum_rules *rules, int64_t seats,
			       int64_t alternate_seats);

/* ---- plain counts, for the totals form ---- */

/* Initialises empty counts for n listed candidates.  Returns PLENUM_OK or
 * PLENUM_ENOMEM. */
enum plenum_err plenum_counts_init(struct plenum_counts *c, size_t n);

/* Releases what counts own.  NULL is a no-op. */
void plenum_counts_release(struct plenum_counts *c);

/* Finds the write-in entry for an NFC name, adding it when absent.
 * Returns its index in *index, PLENUM_ELIMIT past PLENUM_MAX_WRITE_INS, or
 * PLENUM_ENOMEM. */
enum plenum_err plenum_counts_write_in(struct plenum_counts *c,
				       const char *name, size_t *index);

#endif
