/*
 * docs.h: the documents printed from an election's data: the tally sheet
 * the scrutineers sign, the announcement of the result, and the counting
 * minutes (计票结果报告单 / biên bản kiểm phiếu).
 *
 * Each takes the ballot's layout (layout.h: the assembly's language, the
 * headings, the names in list order, the style) and writes one PDF to the
 * sink, on the layout's paper, in its locale.  Footers carry "page k of n"
 * and the layout digest (the minutes: the digest of their text), so a
 * printed sheet can be matched with its ballots and the audit log.
 */
#ifndef PLENUM_DOCS_H
#define PLENUM_DOCS_H

#include "err.h"
#include "layout.h"
#include "paper.h"
#include "result.h"

/*
 * The tally sheet: the ballots (present, issued, returned, valid, invalid),
 * each person's counts in the style's columns with the share of the base
 * and the decision, the base and the votes needed, then lines for the
 * tellers' and scrutineers' signatures.  With res NULL it is blank, for a
 * count by hand: the listed names, write-in lines and empty cells.  For a
 * motion the layout must hold one motion.  Returns PLENUM_OK, PLENUM_EINPUT
 * (a motion result for a layout of several motions, a glyph no font has,
 * text that cannot fit: diag says which), PLENUM_EIO (the sink failed),
 * PLENUM_ENOMEM or PLENUM_EINTERNAL (cairo failed).  diag may be NULL.
 */
enum plenum_err plenum_docs_tally_sheet(const struct plenum_layout *l,
					const struct plenum_result *res,
					const struct plenum_paper_sink *sink,
					struct plenum_diag *diag);

/*
 * The announcement: who is present, the ballots, the votes needed, then
 * the elected in list order with their votes and the alternates in order
 * (a motion: the votes and whether it was adopted); a round that did not
 * elect says why and what comes next; a line for the presiding officer.
 * res must not be NULL.  Returns as plenum_docs_tally_sheet().
 */
enum plenum_err plenum_docs_announcement(const struct plenum_layout *l,
					 const struct plenum_result *res,
					 const struct plenum_paper_sink *sink,
					 struct plenum_diag *diag);

/*
 * The counting minutes: report (NUL-terminated UTF-8, as
 * plenum_report_text() in lib/report.h writes it) set line by line in the
 * locale's monospaced font, so its columns stay aligned, with the SHA-256
 * of report in every footer.  Returns as plenum_docs_tally_sheet(), and
 * PLENUM_EINPUT when report is not UTF-8 text or longer than 1 MiB.
 */
enum plenum_err plenum_docs_minutes(const struct plenum_layout *l,
				    const char *report,
				    const struct plenum_paper_sink *sink,
				    struct plenum_diag *diag);

#endif
