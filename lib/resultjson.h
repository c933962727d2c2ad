/*
 * resultjson.h: the plenum-result/1 object of election-format.md, built
 * with jansson.
 */
#ifndef PLENUM_RESULTJSON_H
#define PLENUM_RESULTJSON_H

#include <jansson.h>

#include "election.h"
#include "tally.h"

#define PLENUM_FORMAT_RESULT "plenum-result/1"

/*
 * Builds the result object; notes are rendered in locale (NULL: the
 * election's).  Returns a new reference the caller releases with
 * json_decref(), or NULL when out of memory.
 */
json_t *plenum_resultjson_build(const struct plenum_election *e,
				const struct plenum_tally *t,
				const char *locale);

#endif
