/*
 * words.h: every word paper prints, in zh-Hans, zh-Hant, vi and en.
 *
 * Printed paper keeps its own table rather than po/: a ballot's words are
 * part of its layout (a change of wording is a new ballot), and each
 * locale's text is checked for missing glyphs by the tests that render it.
 * Templates hold %1 ... %9 for their arguments, in any order.
 */
#ifndef PLENUM_WORDS_H
#define PLENUM_WORDS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum plenum_word {
	/* ballots */
	PLENUM_W_BALLOT = 0,
	PLENUM_W_BALLOT_MOTION,
	PLENUM_W_ROUND,	    /* %1: the round, shown from round 2 on */
	PLENUM_W_CONTINUED, /* after the heading of pages 2... */
	PLENUM_W_PAGE,	    /* %1: page, %2: pages */
	PLENUM_W_COL_NUMBER,
	PLENUM_W_COL_NAME,
	PLENUM_W_COL_MOTION,
	PLENUM_W_COL_FOR, /* the cn style's three columns */
	PLENUM_W_COL_AGAINST,
	PLENUM_W_COL_ABSTAIN,
	PLENUM_W_COL_AGREE, /* the vn uncontested style's two */
	PLENUM_W_COL_DISAGREE,
	PLENUM_W_COL_YES, /* yna and motions (with COL_ABSTAIN) */
	PLENUM_W_COL_NO,
	PLENUM_W_COL_VOTE, /* approval */
	PLENUM_W_WRITE_IN,
	PLENUM_W_SEAL,
	/* instructions: %1 seats, %2 most votes, %3 candidates */
	PLENUM_W_INSTR_CN,
	PLENUM_W_INSTR_VN_STRIKE_OUT,
	PLENUM_W_INSTR_VN_UNCONTESTED,
	PLENUM_W_INSTR_YNA,
	PLENUM_W_INSTR_APPROVAL,
	PLENUM_W_INSTR_MOTION,
	/* result documents */
	PLENUM_W_TALLY_SHEET,
	PLENUM_W_ANNOUNCEMENT,
	PLENUM_W_ANNOUNCEMENT_MOTION,
	PLENUM_W_MINUTES,
	PLENUM_W_ISSUED,
	PLENUM_W_RETURNED,
	PLENUM_W_VALID,
	PLENUM_W_INVALID,
	PLENUM_W_PRESENT,
	PLENUM_W_BASE,
	PLENUM_W_NEEDED,
	PLENUM_W_COL_VOTES,	/* a count of votes for (tally sheet) */
	PLENUM_W_WRITE_IN_MARK, /* after a written-in name */
	PLENUM_W_COL_PERCENT,
	PLENUM_W_COL_RESULT,
	PLENUM_W_DEC_ELECTED,
	PLENUM_W_DEC_ALTERNATE,
	PLENUM_W_DEC_NOT_ELECTED,
	PLENUM_W_DEC_TIED,
	PLENUM_W_DEC_PENDING,
	PLENUM_W_DEC_NOT_COUNTED,
	PLENUM_W_ADOPTED,
	PLENUM_W_REJECTED,
	PLENUM_W_SIG_1, /* signature lines of the tally sheet; "" skips */
	PLENUM_W_SIG_2,
	PLENUM_W_SIG_3,
	PLENUM_W_SIG_CHAIR,
	PLENUM_W_DATE_LINE,
	PLENUM_W_ANN_PRESENT, /* %1 */
	PLENUM_W_ANN_BALLOTS, /* %1 issued, %2 returned, %3 valid, %4 invalid */
	PLENUM_W_ANN_THRESHOLD, /* %1 base, %2 needed */
	PLENUM_W_ANN_ELECTED,
	PLENUM_W_ANN_ALTERNATES,
	PLENUM_W_ANN_NONE,
	PLENUM_W_ANN_VOTES,  /* %1 */
	PLENUM_W_ANN_MOTION, /* %1 yes, %2 no, %3 abstain */
	PLENUM_W_STATUS_INCOMPLETE,
	PLENUM_W_STATUS_VOID,
	PLENUM_W_STATUS_NO_QUORUM,
	PLENUM_W_STATUS_INVALID_LIST,
	PLENUM_W_DIGEST, /* %1: hex */
	/* credential cards */
	PLENUM_W_CARD,
	PLENUM_W_CARD_ID,
	PLENUM_W_CARD_CHECKIN,
	PLENUM_W_CARD_LOGIN,
	PLENUM_W_CARD_CODE,
	PLENUM_W_COUNT
};

/*
 * The word w in locale (one of plenum_paper_locale_ok()'s; any other gives
 * English).  Never NULL; static storage.
 */
const char *plenum_words_get(const char *locale, enum plenum_word w);

/*
 * Appends word w of locale to out with %1 ... %9 replaced by args[0] ...
 * args[8] (a digit past nargs is kept as written).  Returns PLENUM_OK,
 * PLENUM_ENOMEM or PLENUM_ELIMIT.
 */
enum plenum_err plenum_words_fill(struct plenum_buf *out, const char *locale,
				  enum plenum_word w, const char *const *args,
				  size_t nargs);

#endif
