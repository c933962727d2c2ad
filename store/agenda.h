/*
 * agenda.h: the assembly's agenda and its resolutions, a module of the
 * assembly store (assembly_impl.h).
 *
 * The agenda is a numbered list of items, each pending, current, done or
 * skipped; at most one is current, and making an item current makes the
 * one that was current done.  A resolution puts a question, optionally
 * under an item, and is decided once: by a show of hands or by ballot, with
 * the totals entered.  Deciding takes the live quorum of the roll at that
 * moment, builds a plenum-election/1 motion document with "totals" for the
 * assembly's rule preset and runs the counting engine (tally.h) on it; the
 * event records the inputs and the plenum-result/1 JSON, and replaying the
 * log recomputes that JSON from the inputs and refuses an event whose
 * recorded result differs, so plenum_assembly_verify() recomputes every
 * result.
 *
 * Every operation is one transaction of the assembly (assembly.h): it
 * needs the assembly's key (PLENUM_EREADONLY without it) and changes
 * nothing when it fails.  actor names who did it and may be NULL.  diag
 * may be NULL.  Names: plenum_agenda_*.
 *
 * Events (all fields always present unless said otherwise):
 *   agenda.item_added        item (int, the new number), title
 *   agenda.item_state        item, state ("pending", "current", "done",
 *                            "skipped")
 *   agenda.resolution_added  resolution (int, the new number), item (int,
 *                            0: none), question
 *   agenda.resolution_decided resolution, method ("hands", "ballot"), yes,
 *                            no, abstain, invalid, present, should_attend,
 *                            convened, excluded, issued (ints), result
 *                            (the plenum-result/1 JSON, compact), adopted
 *                            (bool)
 */
#ifndef PLENUM_AGENDA_H
#define PLENUM_AGENDA_H

#include <stdbool.h>
#include <stdint.h>

#include "assembly.h"
#include "err.h"

struct plenum_store_module;

/* The module descriptor, for the registry in modules.c. */
extern const struct plenum_store_module plenum_agenda_module;

/* ---- items ---- */

struct plenum_agenda_item {
	int64_t n;	   /* 1, 2, … in the order added */
	const char *title; /* borrowed for the call */
	const char *state; /* "pending", "current", "done" or "skipped" */
};

/*
 * Adds an item, pending, at the end of the agenda; *n_out (may be NULL)
 * receives its number.  Returns PLENUM_OK, PLENUM_EINPUT (empty title, not
 * UTF-8), PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_agenda_add_item(struct plenum_assembly *a,
				       const char *title, const char *actor,
				       int64_t *n_out,
				       struct plenum_diag *diag);

/*
 * Sets item n's state to state_word ("pending", "current", "done" or
 * "skipped").  Making an item current makes the one that was current done,
 * in the same event.  Returns PLENUM_OK, PLENUM_EINPUT (no item n, or an
 * unknown word: the message lists the valid ones), PLENUM_ECONFLICT (the
 * item is in that state already), PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_agenda_set_state(struct plenum_assembly *a, int64_t n,
					const char *state_word,
					const char *actor,
					struct plenum_diag *diag);

/*
 * Calls fn for each item in order.  fn's item is borrowed for the call; a
 * nonzero return from fn stops the walk.  Returns PLENUM_OK or a database
 * error.
 */
enum plenum_err
plenum_agenda_items(struct plenum_assembly *a,
		    int (*fn)(void *ctx, const struct plenum_agenda_item *item),
		    void *ctx, struct plenum_diag *diag);

/* ---- resolutions ---- */

/*
 * Adds a resolution putting question, under item item_n (0: under none);
 * *n_out (may be NULL) receives its number.  Returns PLENUM_OK,
 * PLENUM_EINPUT (empty question, not UTF-8, no item item_n),
 * PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_agenda_add_resolution(struct plenum_assembly *a,
					     int64_t item_n,
					     const char *question,
					     const char *actor, int64_t *n_out,
					     struct plenum_diag *diag);

/* What was counted. */
struct plenum_agenda_count {
	const char *method; /* "hands" or "ballot" */
	int64_t yes, no, abstain;
	int64_t invalid; /* ballot: invalid ballots; hands: must be 0 */
	int64_t issued;	 /* ballot: ballots issued, -1 for those present;
			    hands: -1 (those present) */
};

/*
 * Decides resolution n from count c, against the live quorum (see the top
 * of this file), and records the result.  A vote without a quorum is
 * recorded too, with the status "no-quorum" in its result and not adopted;
 * so is a ballot that came back with more papers than were issued
 * ("void").  When adopted is not NULL it receives whether the resolution
 * was adopted.  Returns PLENUM_OK, PLENUM_EINPUT (no resolution n, unknown
 * method, a negative count, yes + no + abstain (+ invalid) over those
 * present, more ballots issued than present, or counts the engine refuses:
 * the message says which), PLENUM_ECONFLICT (decided already),
 * PLENUM_EREADONLY, PLENUM_ENOMEM or a database error.
 */
enum plenum_err plenum_agenda_decide(struct plenum_assembly *a, int64_t n,
				     const struct plenum_agenda_count *c,
				     const char *actor, bool *adopted,
				     struct plenum_diag *diag);

struct plenum_agenda_resolution {
	int64_t n;
	int64_t item;	      /* 0: under no item */
	const char *question; /* borrowed for the call */
	bool decided;
	/* when decided (else NULL, -1 and false): */
	const char *method; /* "hands" or "ballot" */
	int64_t yes, no, abstain, present, should_attend;
	const char *result; /* plenum-result/1 JSON, compact */
	bool adopted;
};

/*
 * Calls fn for resolution n, or for every resolution in order when n is 0.
 * fn's resolution is borrowed for the call; a nonzero return from fn stops
 * the walk.  Returns PLENUM_OK, PLENUM_EINPUT when n is not 0 and there is
 * no resolution n, or a database error.
 */
enum plenum_err plenum_agenda_resolutions(
	struct plenum_assembly *a, int64_t n,
	int (*fn)(void *ctx, const struct plenum_agenda_resolution *r),
	void *ctx, struct plenum_diag *diag);

#endif
