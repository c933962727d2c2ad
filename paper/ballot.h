/*
 * ballot.h: ballot papers as PDF, drawn from a layout (layout.h).
 *
 * Every page carries the four fiducial squares, the page's QR code
 * (election, round, page and layout digest: never anything about a voter),
 * the heading in the assembly's language, the table of names in list order
 * with the style's mark boxes, and "page k of n".  The first page adds the
 * instructions; Vietnamese styles add the box for the seal.  All copies
 * are the same, so each page is drawn once and repeated.
 */
#ifndef PLENUM_BALLOT_H
#define PLENUM_BALLOT_H

#include <stddef.h>

#include "err.h"
#include "layout.h"
#include "paper.h"

/* The most copies one call prints. */
#define PLENUM_BALLOT_MAX_COPIES 100000

/*
 * Writes copies (1 ... PLENUM_BALLOT_MAX_COPIES) of the ballot l, one after
 * another (pages 1..n of the first copy, then of the second ...), as one
 * PDF to sink.  Returns PLENUM_OK; PLENUM_EINPUT for a bad number of
 * copies, a name no font has glyphs for, or text that cannot fit its box
 * (diag quotes it); PLENUM_EIO when the sink fails; PLENUM_ENOMEM; or
 * PLENUM_EINTERNAL when cairo fails.  On failure the sink may have taken
 * part of a PDF, which the caller discards.  diag may be NULL.
 */
enum plenum_err plenum_ballot_pdf(const struct plenum_layout *l, size_t copies,
				  const struct plenum_paper_sink *sink,
				  struct plenum_diag *diag);

#endif
