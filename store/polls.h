/*
 * polls.h: voting on delegates' own devices, a module of the assembly
 * store (assembly_impl.h).
 *
 * A poll puts a resolution, or the open round of an election, to the
 * devices.  Those who may vote are fixed when it opens: the full members
 * present and not excluded.  Each votes once; the check and the record are
 * one transaction, so two phones of one member cannot both vote.
 *
 * Named mode records in the log who voted how (poll.named_vote).  Secret
 * mode records in the log only that a member voted (poll.voted); the
 * ballot goes into the table ballot_box, whose rows carry the poll and the
 * ballot under a random key — no member, no time, no order.  Closing the
 * poll takes every ballot out of the box, sorted, into the record (the
 * election's batches, or the resolution's totals) and empties the box, in
 * one transaction with the decision: counting the round or deciding the
 * resolution.  Until then the box is outside the log, like a sealed ballot
 * box; see docs/assembly.md, "Secret ballots on devices", for what an
 * administrator with the database file could still learn while a poll is
 * open.
 *
 * Events:
 *   poll.opened      poll, kind ("resolution", "election"), target, round
 *                    (0 for resolutions), mode ("secret", "named"),
 *                    eligible, present, should_attend, convened, excluded
 *   poll.voted       poll, member                     (secret mode)
 *   poll.named_vote  poll, member, vote               (named mode)
 *   poll.closed      poll, voted, yes, no, abstain (resolutions; else 0)
 */
#ifndef PLENUM_POLLS_H
#define PLENUM_POLLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assembly.h"
#include "err.h"

/*
 * Opens a poll on resolution target (kind "resolution": undecided) or on
 * the open round of election target (kind "election": a round without
 * paper ballots).  mode is "secret" or "named".  *n_out gets the poll's
 * number.  Returns PLENUM_OK, PLENUM_EINPUT (bad kind or mode, no such
 * target), PLENUM_ECONFLICT (decided, no open round, a poll on it is
 * open), PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_polls_open(struct plenum_assembly *a, const char *kind,
				  int64_t target, const char *mode,
				  const char *actor, int64_t *n_out,
				  struct plenum_diag *diag);

/* One vote, and what became of it. */
struct plenum_vote {
	int64_t poll;
	const char *member; /* who votes: borrowed */
	const char *vote;   /* "yes", "no", "abstain", or the marks */
	/* out: */
	enum plenum_err err; /* PLENUM_OK: recorded */
	char message[160];   /* why not */
	int64_t seq;	     /* the event recording that the member voted */
};

/*
 * Records votes, each checked on its own (the poll open, the member
 * eligible and not yet voted, the vote well formed for the poll), all in
 * one transaction: one disk flush for the lot.  A refused vote does not
 * stop the others (its err: PLENUM_EINPUT or PLENUM_ECONFLICT, with
 * message).  Returns PLENUM_OK when the transaction committed (even if
 * every vote was refused), or the error that undid all of them.
 */
enum plenum_err plenum_polls_vote(struct plenum_assembly *a,
				  struct plenum_vote *votes, size_t n,
				  struct plenum_diag *diag);

/*
 * Closes poll n and decides: the resolution (method "electronic", on the
 * presence frozen at opening) or the election's round (its ballots
 * entered, issued = eligible, returned = voted, counted).  *result_out
 * (may be NULL) gets a copy of the plenum-result/1 JSON for free().
 */
enum plenum_err plenum_polls_close(struct plenum_assembly *a, int64_t n,
				   const char *actor, char **result_out,
				   struct plenum_diag *diag);

struct plenum_poll {
	int64_t n;
	const char *kind, *mode, *state; /* state "open" or "closed" */
	int64_t target, round;
	int64_t eligible, voted;
	const char *result; /* when closed, else NULL */
};

/* Calls fn for poll n, or every poll when n is 0 (newest first). */
enum plenum_err plenum_polls_list(struct plenum_assembly *a, int64_t n,
				  int (*fn)(void *ctx,
					    const struct plenum_poll *p),
				  void *ctx, struct plenum_diag *diag);

/*
 * Calls fn for each member who may vote in poll n: whether they voted,
 * and their id and name, in roll order.  A nonzero return stops.
 */
enum plenum_err plenum_polls_voters(struct plenum_assembly *a, int64_t n,
				    int (*fn)(void *ctx, const char *member,
					      const char *name, bool voted),
				    void *ctx, struct plenum_diag *diag);

/* Whether member may vote in poll n (*eligible) and has (*voted). */
enum plenum_err plenum_polls_member(struct plenum_assembly *a, int64_t n,
				    const char *member, bool *eligible,
				    bool *voted, struct plenum_diag *diag);

extern const struct plenum_store_module plenum_polls_module;

#endif
