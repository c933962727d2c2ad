/*
 * elections.h: elections inside an assembly: candidates, officials, rounds,
 * ballot entry by two tellers, the count by the engine, sign-off.
 *
 * A round freezes its list, its seats and the presence at its opening.
 * Ballots are entered in numbered batches of compact ballot lines
 * (docs/ballot-file.md), each batch twice, by two different tellers; the
 * count takes only batches whose two entries agree line for line, and
 * reads them with the same counter as plenum tally.  The stored result is
 * the engine's plenum-result/1, and replaying the log counts every round
 * again and refuses a recorded result that differs.  Ballot lines are
 * stored per batch with the teller who typed them, never with a voter.
 */
#ifndef PLENUM_ELECTIONS_H
#define PLENUM_ELECTIONS_H

#include <stdint.h>

#include "assembly.h"
#include "buf.h"

/* Official roles; a candidate can hold none of them. */
enum plenum_official_role {
	PLENUM_OFFICIAL_CHIEF_SCRUTINEER = 0, /* 总监票人, trưởng ban */
	PLENUM_OFFICIAL_SCRUTINEER,	      /* 监票人, thành viên ban */
	PLENUM_OFFICIAL_CHIEF_TELLER,	      /* 总计票人 */
	PLENUM_OFFICIAL_TELLER		      /* 计票人 */
};

/* "chief-scrutineer", "scrutineer", "chief-teller", "teller". */
const char *plenum_elections_role_word(enum plenum_official_role role);
int plenum_elections_role_parse(const char *word,
				enum plenum_official_role *out);

/*
 * Creates an election.  options_json is a JSON object of rule options (or
 * NULL for none), checked by the engine when the first round opens.  The
 * rules are the assembly's preset.  *n_out gets its number (1, 2, ...).
 */
enum plenum_err plenum_elections_add(struct plenum_assembly *a,
				     const char *title, int64_t seats,
				     int64_t alternate_seats,
				     const char *options_json,
				     const char *actor, int64_t *n_out,
				     struct plenum_diag *diag);

/*
 * Adds a candidate to the printed list, in list order.  id may be NULL
 * ("c1", "c2", ...).  member may be NULL: a candidate whose name is the
 * name of exactly one member is linked to that member.  A member who holds
 * an official role cannot stand (PLENUM_ECONFLICT).  Refused once a round
 * has opened.
 */
enum plenum_err plenum_elections_add_candidate(struct plenum_assembly *a,
					       int64_t election,
					       const char *name, const char *id,
					       const char *member,
					       const char *actor,
					       struct plenum_diag *diag);

/* Appoints a member to a role.  A candidate cannot be an official. */
enum plenum_err plenum_elections_appoint(struct plenum_assembly *a,
					 enum plenum_official_role role,
					 const char *member, const char *actor,
					 struct plenum_diag *diag);

/*
 * Checks the election's list against the preset's surplus rules and the
 * body's name order (as plenum check does); appends the check's report in
 * locale (NULL: the assembly's) to out (may be NULL).  *ok is 1 when no
 * hard rule is broken.  The first round refuses to open otherwise.
 */
enum plenum_err plenum_elections_check(struct plenum_assembly *a,
				       int64_t election, const char *locale,
				       struct plenum_buf *out, int *ok,
				       struct plenum_diag *diag);

/* How a round is opened. */
struct plenum_round_setup {
	/* the electorate, when it is not the assembly's (a plenary of the
	 * new committee): -1 takes the live quorum figures */
	int64_t should_attend, present;
	/* after a shortfall: the presidium's recorded decision (required),
	 * and optionally who stands (comma-separated ids; default: those the
	 * result named) */
	const char *decision;
	const char *candidates;
};

/*
 * Opens the next round of an election.  The first round takes the whole
 * list; after a tie the next is a run-off among the tied for the open
 * places; after a shortfall the next needs setup->decision.  Refused while
 * the previous round is not counted, or when it left nothing pending.
 * *round_out gets the round's number.
 */
enum plenum_err
plenum_elections_open_round(struct plenum_assembly *a, int64_t election,
			    const struct plenum_round_setup *setup,
			    const char *actor, int64_t *round_out,
			    struct plenum_diag *diag);

/* Records the ballots issued, or the ballots found in the box, for the
 * open round. */
enum plenum_err plenum_elections_ballots(struct plenum_assembly *a,
					 int64_t election, int issued,
					 int64_t count, const char *actor,
					 struct plenum_diag *diag);

/*
 * Records one teller's entry (1 or 2) of a batch: lines of ballot marks as
 * in a compact ballot file, without its header.  The teller must be
 * appointed, and the two entries of a batch come from different tellers.
 * A second entry by the same teller replaces the first (a correction).
 * Each line is checked against the round's list (number of marks, marks
 * of the ballot form) before it is stored: PLENUM_EINPUT names the line.
 */
enum plenum_err plenum_elections_enter(struct plenum_assembly *a,
				       int64_t election, int64_t batch,
				       int entry, const char *teller,
				       const char *lines, const char *actor,
				       struct plenum_diag *diag);

/*
 * Appends to out, one per line, where the two entries of the open round's
 * batches differ ("batch 3, ballot 17: \"YYN-\" / \"YYNN\"") or a batch
 * lacks an entry.  *differences gets the count (0: ready to count).
 */
enum plenum_err plenum_elections_reconcile(struct plenum_assembly *a,
					   int64_t election,
					   struct plenum_buf *out,
					   int64_t *differences,
					   struct plenum_diag *diag);

/*
 * Counts the open round: every batch must be reconciled and the returned
 * ballots recorded.  Stores the engine's result; *result_out (may be NULL)
 * gets a new copy of its JSON text for the caller to free().
 */
enum plenum_err plenum_elections_count(struct plenum_assembly *a,
				       int64_t election, const char *actor,
				       char **result_out,
				       struct plenum_diag *diag);

/* A scrutineer (or the chief scrutineer) signs the counted round.  When
 * every appointed scrutineer has signed, the round is signed. */
enum plenum_err plenum_elections_sign(struct plenum_assembly *a,
				      int64_t election, const char *scrutineer,
				      const char *actor,
				      struct plenum_diag *diag);

/*
 * Appends the tellers' report of round (0: the last counted) in locale
 * (NULL: the assembly's) to out, by counting the stored round again.
 */
enum plenum_err plenum_elections_report(struct plenum_assembly *a,
					int64_t election, int64_t round,
					const char *locale,
					struct plenum_buf *out,
					struct plenum_diag *diag);

/* An election and its latest counted round, for live views. */
struct plenum_elections_summary {
	int64_t n, seats, alternate_seats;
	const char *title;
	int64_t rounds;	    /* rounds opened */
	const char *state;  /* of the last round: open, counted, signed; ""
			       before the first */
	const char *result; /* plenum-result/1 of the last counted round, or
			       NULL */
};

/* Calls fn for each election in order; fn's summary is borrowed for the
 * call; a nonzero return stops the walk. */
enum plenum_err plenum_elections_list(
	struct plenum_assembly *a,
	int (*fn)(void *ctx, const struct plenum_elections_summary *s),
	void *ctx, struct plenum_diag *diag);

/*
 * Everything about one election as JSON (docs/api.md, GET
 * /api/elections/:n): candidates, and each round with its ballots issued
 * and returned, its batches (who entered each entry, how many lines,
 * whether the two agree) and its result.  *json_out is new, for free().
 * PLENUM_EINPUT when there is no such election.
 */
enum plenum_err plenum_elections_detail(struct plenum_assembly *a,
					int64_t election, char **json_out,
					struct plenum_diag *diag);

/*
 * The ballot of the election's open round, for voting on devices, as JSON:
 * {"round", "form": "per_candidate" | "strike_out", "choices": [marks],
 * "max_votes", "candidates": [{"id", "name"}]}.  *json_out is new, for
 * free().  PLENUM_ECONFLICT when no round is open.
 */
enum plenum_err plenum_elections_ballot_form(struct plenum_assembly *a,
					     int64_t election, char **json_out,
					     struct plenum_diag *diag);

/*
 * As plenum_elections_ballot_form(), for round `round` of the election
 * (0: the open round), counted or not: the ballot as it was printed.
 */
enum plenum_err plenum_elections_round_form(struct plenum_assembly *a,
					    int64_t election, int64_t round,
					    char **json_out,
					    struct plenum_diag *diag);

/* Calls fn for each official: role word, member id and name, by role. */
enum plenum_err
plenum_elections_officials(struct plenum_assembly *a,
			   int (*fn)(void *ctx, const char *role,
				     const char *member, const char *name),
			   void *ctx, struct plenum_diag *diag);

extern const struct plenum_store_module plenum_elections_module;

#endif
