/*
 * cards.h: delegates' credential cards as PDF, ID-1 size (85.6 x 54 mm),
 * as many to a page as fit, with dashed cutting lines.
 *
 * Each card shows the assembly, the card's name in its language, the
 * delegate's name, unit and roll id, and the check-in QR code PM1:<id>
 * that `plenum checkin` and POST /api/checkin read.  A card given a
 * one-time sign-in code also prints the code as text and a second QR code,
 * PLENUM-LOGIN:<code>, for signing in from a phone; that code is a secret
 * until spent, so print such cards only for handing out.
 */
#ifndef PLENUM_CARDS_H
#define PLENUM_CARDS_H

#include <stddef.h>

#include "err.h"
#include "paper.h"

#define PLENUM_CARDS_MAX      10000
#define PLENUM_CARDS_MAX_ID   64 /* bytes of a member id */
#define PLENUM_CARDS_MAX_CODE 32 /* bytes of a sign-in code */

struct plenum_card {
	const char *id;	  /* the member's roll id, UTF-8, no spaces */
	const char *name; /* the member's name */
	const char *unit; /* unit or delegation; NULL or "" for none */
	const char *code; /* one-time sign-in code (A-Z 0-9 -); NULL or ""
			     for none */
};

struct plenum_cards_desc {
	const char *locale;   /* "zh-Hans", "zh-Hant", "vi" or "en" */
	const char *assembly; /* the assembly's name, on every card */
	enum plenum_paper_size paper;
	size_t ncards; /* 1 ... PLENUM_CARDS_MAX */
	const struct plenum_card *cards;
};

/*
 * Writes the cards of desc, in order, as one PDF to sink.  Strings are
 * borrowed for the call.  Returns PLENUM_OK, PLENUM_EINPUT (unknown locale,
 * no cards or too many, a card without id or name, an id with spaces or
 * control characters, a bad code, text that is not UTF-8 or has a glyph no
 * font has: diag says which card), PLENUM_EIO (the sink failed),
 * PLENUM_ENOMEM or PLENUM_EINTERNAL.  diag may be NULL.
 */
enum plenum_err plenum_cards_pdf(const struct plenum_cards_desc *desc,
				 const struct plenum_paper_sink *sink,
				 struct plenum_diag *diag);

#endif
