/*
 * support.h: helpers shared by the unit tests: election documents held in
 * memory and read in the library's two passes, and the partial comparison
 * of results that tests/scenarios/README.md defines.
 */
#ifndef PLENUM_TEST_SUPPORT_H
#define PLENUM_TEST_SUPPORT_H

#include <stddef.h>

#include <jansson.h>

#include "election.h"
#include "err.h"
#include "jsonpull.h"
#include "tally.h"

/* A byte source over memory; chunk > 0 limits each read (to test seams). */
struct support_mem {
	const char *data;
	size_t len, pos, chunk;
};

long support_mem_read(void *ctx, char *buf, size_t n);

/*
 * Reads the document text (NUL-terminated) in two passes like the command:
 * parse, then stream its inline ballots (or take its totals), then decide.
 * *e and *t are new on success.  Returns the library's error, diag filled.
 */
enum plenum_err support_tally_text(const char *text, size_t chunk,
				   struct plenum_election **e,
				   struct plenum_tally **t,
				   struct plenum_diag *diag);

/*
 * Compares expected with got as the scenarios README says: objects key by
 * key, recursively; arrays exactly, except the top-level "elected", as a
 * set.  One extension: an expected "candidates" object (not array) matches
 * result candidates by id.  Returns 1 when equal, else 0 with why (of size
 * n) naming the first difference.
 */
int support_json_matches(json_t *expected, json_t *got, char *why, size_t n);

#endif
