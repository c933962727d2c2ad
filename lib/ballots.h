/*
 * ballots.h: streaming ballots into a counter.
 *
 * Two forms: the "ballots" array of an election document, read again from
 * the offset the first pass noted, and the compact ballot file
 * (docs/ballot-file.md): a header line "#plenum-ballots/1", then one ballot
 * per line, the marks string optionally followed by tab-separated fields
 * "w:Y:name" / "w:-:name" (write-ins) and "d:defect".  Memory stays
 * constant whatever the number of ballots.
 */
#ifndef PLENUM_BALLOTS_H
#define PLENUM_BALLOTS_H

#include <stdint.h>

#include "count.h"
#include "election.h"
#include "err.h"
#include "jsonpull.h"

#define PLENUM_BALLOTS_HEADER "#plenum-ballots/1"
/* Longest line of a compact ballot file, in bytes. */
#define PLENUM_BALLOTS_MAX_LINE 65536

/*
 * Reads the JSON array of ballots.  src must be positioned at its '[', which
 * stands at offset and pos in the document.  Returns PLENUM_OK, or
 * PLENUM_EINPUT / PLENUM_ESYNTAX / PLENUM_ELIMIT / PLENUM_EIO / PLENUM_ENOMEM
 * with diag giving the line and column of the offending ballot.
 */
enum plenum_err plenum_ballots_read_json(struct plenum_counter *counter,
					 const struct plenum_json_source *src,
					 uint64_t offset, struct plenum_pos pos,
					 struct plenum_diag *diag);

/*
 * Reads a compact ballot file from src.  Returns as above; diag->line is
 * the file's line and diag->column the byte in that line.
 */
enum plenum_err plenum_ballots_read_lines(struct plenum_counter *counter,
					  const struct plenum_json_source *src,
					  struct plenum_diag *diag);

#endif
