/*
 * election.h: one round of one vote, read from a plenum-election/1 document.
 *
 * Reading is in two passes so that ten million ballots never sit in memory.
 * plenum_election_parse() reads the whole document, checks its syntax
 * (ballots included) and every field, and notes where the "ballots" array
 * starts; the caller then reopens the source at that offset and streams the
 * ballots (ballots.h), or opens the compact file "ballots_file" names.
 */
#ifndef PLENUM_ELECTION_H
#define PLENUM_ELECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "count.h"
#include "err.h"
#include "jsonpull.h"
#include "rules.h"

#define PLENUM_FORMAT_ELECTION "plenum-election/1"
/* Largest count a document may give (people, ballots, votes): far above
 * any electorate, and small enough that the rules' products (quorum
 * fractions, per-mille shares) cannot overflow 64 bits. */
#define PLENUM_MAX_COUNT 1000000000000000LL
/* Most candidates on one list. */
#define PLENUM_MAX_CANDIDATES 10000

struct plenum_pos {
	unsigned long line, column; /* 0, 0: not in the document */
};

struct plenum_candidate {
	char *id;   /* owned */
	char *name; /* owned, NFC */
	struct plenum_pos pos;
};

/* Each field is -1 when the document does not give it. */
struct plenum_electorate {
	int64_t should_attend, present, convened, excluded, cast;
};

enum plenum_ballots_form {
	PLENUM_BALLOTS_NONE = 0, /* only with PLENUM_PARSE_LIST_ONLY */
	PLENUM_BALLOTS_INLINE,	 /* "ballots": stream from ballots_offset */
	PLENUM_BALLOTS_FILE,	 /* "ballots_file": a compact ballot file */
	PLENUM_BALLOTS_TOTALS	 /* "totals": counts already in totals */
};

struct plenum_election {
	char *title;	/* NULL when absent */
	char *locale;	/* "zh-Hans" when absent */
	char *question; /* motions */
	bool motion;
	struct plenum_rules rules;
	int64_t seats, alternate_seats;
	bool runoff;
	struct plenum_electorate electorate;
	int64_t ballots_issued;
	int64_t ballots_returned; /* -1 when absent */
	size_t ncandidates;
	struct plenum_candidate *candidates;
	const char **names; /* ncandidates borrowed candidate names */

	enum plenum_ballots_form form;
	uint64_t ballots_offset; /* INLINE: byte offset of the '[' */
	struct plenum_pos ballots_pos;
	char *ballots_file;	     /* FILE: as written in the document */
	struct plenum_counts totals; /* TOTALS */

	/* where fields stand, for messages about their consistency */
	struct plenum_pos pos_doc, pos_rules, pos_seats, pos_electorate,
		pos_issued, pos_returned, pos_candidates, pos_totals;
};

/* Flags for plenum_election_parse(). */
#define PLENUM_PARSE_LIST_ONLY 0x1u /* ballots and totals may be absent */

/*
 * Reads a document from src.  On success *out is a new election the caller
 * frees with plenum_election_free().  Returns PLENUM_OK, PLENUM_ESYNTAX
 * (malformed JSON), PLENUM_EINPUT (a field missing, of the wrong type, out of
 * range or inconsistent), PLENUM_ELIMIT, PLENUM_EIO or PLENUM_ENOMEM, with
 * diag (which may be NULL) giving the line, column and a message that names
 * the field.  *out is NULL on failure.
 */
enum plenum_err plenum_election_parse(const struct plenum_json_source *src,
				      unsigned flags,
				      struct plenum_election **out,
				      struct plenum_diag *diag);

/* Frees an election.  NULL is a no-op. */
void plenum_election_free(struct plenum_election *e);

/* The counter setup for this election; borrows from e. */
void plenum_election_count_setup(const struct plenum_election *e,
				 struct plenum_count_setup *setup);

#endif
