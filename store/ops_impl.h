/*
 * ops_impl.h: operations of one module that another runs inside its own
 * transaction, so that a poll's closing and the decision it makes are one
 * change of the record.  Private to store/.
 */
#ifndef PLENUM_OPS_IMPL_H
#define PLENUM_OPS_IMPL_H

#include "agenda.h"
#include "assembly_impl.h"

/* The presence a vote was taken on (frozen when a poll opened). */
struct plenum_presence {
	int64_t present, should_attend, convened, excluded;
};

/*
 * As plenum_agenda_decide(), inside t.  When at is not NULL the vote is
 * decided on that presence rather than the live quorum (a poll on
 * devices).  Method "electronic" counts like "ballot".
 */
enum plenum_err plenum_agenda_txn_decide(struct plenum_assembly_txn *t,
					 int64_t n,
					 const struct plenum_agenda_count *c,
					 const struct plenum_presence *at,
					 const char *actor, bool *adopted,
					 struct plenum_diag *diag);

/*
 * Enters the ballots cast on devices (lines: sorted ballot lines, LF
 * ended) as the open round's batches, entered by "devices" and agreeing by
 * construction; records issued and returned; counts the round.  Refused
 * (PLENUM_ECONFLICT) when the round already has paper batches or ballots
 * issued.  *result_out (may be NULL) gets a copy of the result JSON.
 */
enum plenum_err
plenum_elections_txn_electronic(struct plenum_assembly_txn *t, int64_t election,
				const char *lines, int64_t issued,
				int64_t returned, const char *actor,
				char **result_out, struct plenum_diag *diag);

/* The open round of the election, or PLENUM_ECONFLICT saying why there
 * is none. */
enum plenum_err plenum_elections_db_open_round(struct plenum_db *db,
					       int64_t election, int64_t *round,
					       struct plenum_diag *diag);

/*
 * The open round of the election in *round; with lines not NULL, checks
 * them as plenum_elections_enter() does (PLENUM_EINPUT names the line).
 */
enum plenum_err plenum_elections_txn_check_lines(struct plenum_assembly_txn *t,
						 int64_t election,
						 int64_t *round,
						 const char *lines,
						 struct plenum_diag *diag);

/*
 * Enters scanned ballot lines (LF ended, at most one batch's bytes) as the
 * open round's next batch, both entries by "scanner"; *batch_out gets its
 * number.
 */
enum plenum_err
plenum_elections_txn_scanned(struct plenum_assembly_txn *t, int64_t election,
			     const char *lines, const char *actor,
			     int64_t *batch_out, struct plenum_diag *diag);

#endif
