/*
 * names.h: people's names: Unicode normalisation and the orders bodies expect.
 *
 * Chinese lists are ordered by surname stroke count (姓氏笔画): mainland (GB)
 * stroke counts per character from Unihan (strokes.h), then ICU
 * zh@collation=stroke.  Vietnamese lists are alphabetical by given name (the
 * last word), then by the full name, in ICU's Vietnamese collation.
 */
#ifndef PLENUM_NAMES_H
#define PLENUM_NAMES_H

#include <stddef.h>

#include "err.h"

/* Longest name accepted, in bytes of UTF-8. */
#define PLENUM_NAME_MAX 1024

/*
 * Normalises len bytes of s to NFC and trims leading and trailing white
 * space (Unicode White_Space).  On success *out is a new NUL-terminated
 * string the caller frees.  Returns PLENUM_OK, PLENUM_ESYNTAX for invalid
 * UTF-8 or an embedded NUL, PLENUM_ELIMIT when longer than PLENUM_NAME_MAX,
 * or PLENUM_ENOMEM.  *out is NULL on failure.  s may be NULL only when len is
 * 0.
 */
enum plenum_err plenum_names_nfc(const char *s, size_t len, char **out);

enum plenum_name_order {
	PLENUM_ORDER_BALLOT = 0, /* keep the order given */
	PLENUM_ORDER_STROKE, /* GB stroke counts, then zh@collation=stroke */
	PLENUM_ORDER_VIETNAMESE,  /* ICU vi: given name, then full name */
	PLENUM_ORDER_ALPHABETICAL /* ICU root collation on the full name */
};

/* Parses "ballot", "stroke", "vietnamese" or "alphabetical".  Returns 0 and
 * sets *out, or -1 for an unknown word. */
int plenum_names_order_parse(const char *word, enum plenum_name_order *out);

/* The word for an order, as plenum_names_order_parse() reads it. */
const char *plenum_names_order_word(enum plenum_name_order order);

struct plenum_collator;

/* Opens a collator for order.  Returns PLENUM_OK, PLENUM_ENOMEM, or
 * PLENUM_EINTERNAL when ICU lacks the collation.  *out is NULL on
 * failure. */
enum plenum_err plenum_names_collator_new(enum plenum_name_order order,
					  struct plenum_collator **out);

/* Frees a collator.  NULL is a no-op. */
void plenum_names_collator_free(struct plenum_collator *coll);

/* Compares two NFC UTF-8 names: < 0, 0 or > 0.  Equal-collating names are
 * ordered by their bytes, so the order is total.  For PLENUM_ORDER_BALLOT it
 * returns 0 (callers keep their own order). */
int plenum_names_compare(struct plenum_collator *coll, const char *a,
			 const char *b);

/*
 * Sorts n indexes idx[] by the names they select (names[idx[i]]), stably.
 * Returns PLENUM_OK or PLENUM_ENOMEM.
 */
enum plenum_err plenum_names_sort(struct plenum_collator *coll,
				  const char *const *names, size_t *idx,
				  size_t n);

#endif
