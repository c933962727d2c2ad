/*
 * result.h: the plenum-result/1 object (election-format.md) as the result
 * documents print it, read from its JSON text with jansson.
 *
 * The counting engine writes the object (lib/resultjson.h, `plenum tally
 * FILE --json`); paper only reads it, so a result can be printed by a
 * process that never counted.
 */
#ifndef PLENUM_RESULT_H
#define PLENUM_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Bounds of what is read. */
#define PLENUM_RESULT_MAX_TEXT	  (16u << 20)
#define PLENUM_RESULT_MAX_PERSONS 10000

enum plenum_result_status {
	PLENUM_RESULT_ELECTED = 0, /* every seat filled, or motion decided */
	PLENUM_RESULT_INCOMPLETE,
	PLENUM_RESULT_VOID,
	PLENUM_RESULT_NO_QUORUM,
	PLENUM_RESULT_INVALID_LIST
};

enum plenum_result_decision {
	PLENUM_RD_NOT_COUNTED = 0,
	PLENUM_RD_ELECTED,
	PLENUM_RD_ALTERNATE,
	PLENUM_RD_BELOW_THRESHOLD,
	PLENUM_RD_OUTRANKED,
	PLENUM_RD_TIED,
	PLENUM_RD_PENDING
};

struct plenum_result_person {
	char *id;   /* owned; a write-in's is "write-in:" + name */
	char *name; /* owned */
	bool write_in;
	int64_t yes, no, abstain;
	bool elected, alternate;
	enum plenum_result_decision decision;
	int64_t base, needed; /* per-candidate thresholds, -1 if none */
};

struct plenum_result {
	enum plenum_result_status status;
	bool motion;	 /* a motion: see the motion_* fields */
	int64_t present; /* -1 when not given */
	int64_t issued, returned, valid, invalid;
	int64_t base, needed; /* -1 when null (not counted, per candidate) */
	size_t npersons;      /* listed candidates in list order, then
				 write-ins */
	struct plenum_result_person *persons;
	size_t nelected, nalternates; /* indexes into persons */
	size_t *elected;	      /* most votes first */
	size_t *alternates;	      /* official order */
	bool motion_counted;
	int64_t motion_yes, motion_no, motion_abstain;
	bool adopted;
	char *next; /* owned; what happens next, NULL when absent */
};

/*
 * Reads a plenum-result/1 object from len bytes of text.  On success *out
 * is a new result the caller frees with plenum_result_free().  Returns
 * PLENUM_OK, PLENUM_ESYNTAX (not JSON: diag has the line and column),
 * PLENUM_EINPUT (not a plenum-result/1 object, or a field missing or of the
 * wrong type: diag names it), PLENUM_ELIMIT (over PLENUM_RESULT_MAX_TEXT
 * bytes or PLENUM_RESULT_MAX_PERSONS persons) or PLENUM_ENOMEM.  *out is
 * NULL on failure; diag may be NULL.
 */
enum plenum_err plenum_result_parse(const char *text, size_t len,
				    struct plenum_result **out,
				    struct plenum_diag *diag);

/* Frees a result.  NULL is a no-op. */
void plenum_result_free(struct plenum_result *r);

#endif
