/*
 * report.h: the tellers' report (计票结果报告单 / biên bản kiểm phiếu) as
 * text, the explanation of each decision, and the list check, in zh-Hans,
 * zh-Hant, vi or en.
 */
#ifndef PLENUM_REPORT_H
#define PLENUM_REPORT_H

#include "buf.h"
#include "election.h"
#include "err.h"
#include "i18n.h"
#include "tally.h"

/*
 * Appends the text of one note (one sentence or two, no newline) to out.
 * cat may be NULL (English).  Returns PLENUM_OK, PLENUM_ENOMEM or
 * PLENUM_ELIMIT.
 */
enum plenum_err plenum_report_note(const struct plenum_election *e,
				   const struct plenum_tally *t,
				   const struct plenum_note *note,
				   const struct plenum_catalog *cat,
				   struct plenum_buf *out);

/*
 * Appends the whole tellers' report in locale (NULL: the election's) to
 * out: the electorate and quorum, the ballots, the base and the votes
 * needed, every person's counts and decision, the notes, what happens next
 * and the lines for signatures.  Returns PLENUM_OK, PLENUM_ENOMEM,
 * PLENUM_ELIMIT or PLENUM_EINTERNAL (a collation is missing).
 */
enum plenum_err plenum_report_text(const struct plenum_election *e,
				   const struct plenum_tally *t,
				   const char *locale, struct plenum_buf *out);

/*
 * Appends the report of a list check (plenum check) to out.  Returns as
 * plenum_report_text().
 */
enum plenum_err plenum_report_check(const struct plenum_election *e,
				    const struct plenum_list_check *check,
				    const char *locale, struct plenum_buf *out);

/* What the next step is, in one or two sentences; appended to out. */
enum plenum_err plenum_report_next(const struct plenum_election *e,
				   const struct plenum_tally *t,
				   const struct plenum_catalog *cat,
				   struct plenum_buf *out);

#endif
