/*
 * source.h: election files on disk, for the plenum command and its tests.
 *
 * Opens an election document (a path, or "-" for standard input, which is
 * spooled to a temporary file so that it can be read twice), reads it with
 * the library and streams its ballots, from the document itself or from the
 * compact ballot file it names (a path relative to the document's folder).
 */
#ifndef PLENUM_SOURCE_H
#define PLENUM_SOURCE_H

#include "election.h"
#include "err.h"
#include "tally.h"

/*
 * Reads the election at path and, unless flags hold
 * PLENUM_PARSE_LIST_ONLY, counts its ballots and decides the round.
 * On success *election (and *tally when counted; NULL otherwise) are new
 * objects the caller frees.  On failure returns the error with diag filled:
 * diag->file names the file at fault (the document or its ballot file;
 * it points into storage that lives until the next call).
 */
enum plenum_err plenum_source_tally(const char *path, unsigned flags,
				    struct plenum_election **election,
				    struct plenum_tally **tally,
				    struct plenum_diag *diag);

#endif
