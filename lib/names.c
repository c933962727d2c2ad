/*
 * names.c: people's names: NFC normalisation and collation, through ICU's C
 * API.
 *
 * Invariants: plenum_names_nfc() only ever returns well-formed NFC UTF-8 of
 * at most PLENUM_NAME_MAX bytes, with no NUL and no leading or trailing
 * White_Space.  A collator's ucol is NULL exactly for PLENUM_ORDER_BALLOT.
 * plenum_names_compare() returns 0 only for byte-identical names (or for
 * the ballot order), so sorting by it is deterministic.
 *
 * The stroke order counts strokes with our own table (strokes.h, the
 * mainland GB counts) before asking ICU: ICU counts by the traditional
 * forms, which puts 陈 (7) after 周 (8) and 黄 (11) after 曾 (12).
 */
#include "names.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "strokes.h"

struct plenum_collator {
	enum plenum_name_order order;
	UCollator *ucol;
};

static const char *const order_words[] = {
	[PLENUM_ORDER_BALLOT] = "ballot",
	[PLENUM_ORDER_STROKE] = "stroke",
	[PLENUM_ORDER_VIETNAMESE] = "vietnamese",
	[PLENUM_ORDER_ALPHABETICAL] = "alphabetical",
};

#define N_ORDERS (sizeof(order_words) / sizeof(order_words[0]))

static enum plenum_err
icu_err(UErrorCode st)
{
	if (st == U_MEMORY_ALLOCATION_ERROR)
		return PLENUM_ENOMEM;
	if (st == U_INVALID_CHAR_FOUND || st == U_ILLEGAL_CHAR_FOUND)
		return PLENUM_ESYNTAX;
	return PLENUM_EINTERNAL;
}

/* NFC can grow a string; UAX #15 bounds it at 3x in UTF-16, but ask ICU for
 * the exact length rather than trust that. */
static enum plenum_err
normalize(const UChar *src, int32_t n, UChar **out, int32_t *outn)
{
	enum plenum_err err;
	const UNormalizer2 *nfc;
	UErrorCode st = U_ZERO_ERROR;
	UChar *dst = NULL, *p;
	int32_t cap = 3 * n + 1, len;

	nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return icu_err(st);
	for (;;) {
		p = realloc(dst, (size_t)cap * sizeof(*dst));
		if (p == NULL) {
			err = PLENUM_ENOMEM;
			goto out;
		}
		dst = p;
		st = U_ZERO_ERROR;
		len = unorm2_normalize(nfc, src, n, dst, cap, &st);
		if (st != U_BUFFER_OVERFLOW_ERROR)
			break;
		cap = len + 1;
	}
	if (U_FAILURE(st)) {
		err = icu_err(st);
		goto out;
	}
	*out = dst;
	*outn = len;
	dst = NULL;
	err = PLENUM_OK;
out:
	free(dst);
	return err;
}

enum plenum_err
plenum_names_nfc(const char *s, size_t len, char **out)
{
	enum plenum_err err;
	UErrorCode st = U_ZERO_ERROR;
	UChar *u16 = NULL, *norm = NULL;
	int32_t n16, nn, start, end, i, n8;
	UChar32 c;
	char *res = NULL;

	*out = NULL;
	if (len > PLENUM_NAME_MAX)
		return PLENUM_ELIMIT;
	if (len > 0 && s == NULL)
		return PLENUM_EINTERNAL;
	/* ICU would stop at or pass through a NUL; a name never holds one. */
	if (len > 0 && memchr(s, '\0', len) != NULL)
		return PLENUM_ESYNTAX;

	/* UTF-16 never needs more units than UTF-8 has bytes. */
	u16 = malloc((len + 1) * sizeof(*u16));
	if (u16 == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	/* u_strFromUTF8 fails on any ill-formed sequence: overlong forms,
	 * surrogates, stray or missing continuation bytes. */
	u_strFromUTF8(u16, (int32_t)len + 1, &n16, len > 0 ? s : "",
		      (int32_t)len, &st);
	if (U_FAILURE(st)) {
		err = icu_err(st);
		goto out;
	}
	err = normalize(u16, n16, &norm, &nn);
	if (err != PLENUM_OK)
		goto out;

	/* Trim after normalising: only whole code points are White_Space. */
	for (start = 0; start < nn; start = i) {
		i = start;
		U16_NEXT(norm, i, nn, c);
		if (!u_isUWhiteSpace(c))
			break;
	}
	for (end = nn; end > start; end = i) {
		i = end;
		U16_PREV(norm, start, i, c);
		if (!u_isUWhiteSpace(c))
			break;
	}

	/* Normalisation can lengthen a name, so cap the output too. */
	st = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &n8, norm + start, end - start, &st);
	if (U_FAILURE(st) && st != U_BUFFER_OVERFLOW_ERROR) {
		err = icu_err(st);
		goto out;
	}
	if (n8 > PLENUM_NAME_MAX) {
		err = PLENUM_ELIMIT;
		goto out;
	}
	res = malloc((size_t)n8 + 1);
	if (res == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	st = U_ZERO_ERROR;
	u_strToUTF8(res, n8 + 1, NULL, norm + start, end - start, &st);
	if (U_FAILURE(st)) {
		err = icu_err(st);
		goto out;
	}
	*out = res;
	res = NULL;
	err = PLENUM_OK;
out:
	free(res);
	free(norm);
	free(u16);
	return err;
}

int
plenum_names_order_parse(const char *word, enum plenum_name_order *out)
{
	size_t i;

	if (word == NULL)
		return -1;
	for (i = 0; i < N_ORDERS; i++) {
		if (strcmp(word, order_words[i]) == 0) {
			*out = (enum plenum_name_order)i;
			return 0;
		}
	}
	return -1;
}

const char *
plenum_names_order_word(enum plenum_name_order order)
{
	/* "unknown" (which does not parse) rather than NULL for printf. */
	if ((size_t)order >= N_ORDERS)
		return "unknown";
	return order_words[order];
}

enum plenum_err
plenum_names_collator_new(enum plenum_name_order order,
			  struct plenum_collator **out)
{
	struct plenum_collator *coll;
	const char *locale;
	UErrorCode st = U_ZERO_ERROR;

	*out = NULL;
	switch (order) {
	case PLENUM_ORDER_BALLOT:
		locale = NULL;
		break;
	case PLENUM_ORDER_STROKE:
		locale = "zh@collation=stroke";
		break;
	case PLENUM_ORDER_VIETNAMESE:
		locale = "vi";
		break;
	case PLENUM_ORDER_ALPHABETICAL:
		locale = "root";
		break;
	default:
		return PLENUM_EINTERNAL;
	}
	coll = malloc(sizeof(*coll));
	if (coll == NULL)
		return PLENUM_ENOMEM;
	coll->order = order;
	coll->ucol = NULL;
	if (locale != NULL) {
		coll->ucol = ucol_open(locale, &st);
		/* ICU falls back silently (to root, or to zh's pinyin) and
		 * says so only with this warning; that is not our order. */
		if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING) {
			plenum_names_collator_free(coll);
			return U_FAILURE(st) ? icu_err(st) : PLENUM_EINTERNAL;
		}
	}
	*out = coll;
	return PLENUM_OK;
}

void
plenum_names_collator_free(struct plenum_collator *coll)
{
	if (coll == NULL)
		return;
	if (coll->ucol != NULL)
		ucol_close(coll->ucol);
	free(coll);
}

/* The given name is the last word: Vietnamese lists sort on it first. */
static const char *
given_name(const char *s)
{
	const char *word = s;
	size_t slen = strlen(s);
	int32_t i = 0, at, len;
	bool space = true;
	UChar32 c;

	len = slen > INT32_MAX ? INT32_MAX : (int32_t)slen;
	while (i < len) {
		at = i;
		U8_NEXT(s, i, len, c);
		if (c >= 0 && u_isUWhiteSpace(c)) {
			space = true;
		} else {
			if (space)
				word = s + at;
			space = false;
		}
	}
	return word;
}

/* next_strokes() at a character without a count: after every count, as
 * ICU's stroke collation puts Latin and other scripts after Han. */
#define STROKES_UNKNOWN INT_MAX

/*
 * The zh-Hans stroke count of the next character of s[*i, len) that counts:
 * -1 at the end, STROKES_UNKNOWN for a character the table lacks (non-Han,
 * or ill-formed UTF-8).  White space and punctuation are skipped, so that
 * the · of 买买提·艾力 and the U+3000 that pads 王　五 to three characters
 * do not stop the count.
 */
static int
next_strokes(const char *s, int32_t *i, int32_t len)
{
	UChar32 c;
	int n;

	while (*i < len) {
		U8_NEXT(s, *i, len, c);
		if (c < 0)
			return STROKES_UNKNOWN;
		if (u_isUWhiteSpace(c) || u_ispunct(c))
			continue;
		n = plenum_strokes_count((uint32_t)c, 0);
		return n < 0 ? STROKES_UNKNOWN : n;
	}
	return -1;
}

/*
 * 姓氏笔画: compares stroke counts character by character, so the surname's
 * count decides first, then the given name's.  A name's key is its counts,
 * closed by its end (lowest, so 王 comes before 王五) or by its first
 * unknown character (highest).  Equal keys return 0 and leave the rest
 * (unknown characters, characters of equal count) to ICU.  Comparing whole
 * keys, rather than handing over to ICU as soon as either name has an unknown
 * character, keeps the order transitive.
 */
static int
compare_strokes(const char *a, const char *b)
{
	size_t alen = strlen(a), blen = strlen(b);
	int32_t i = 0, j = 0, la, lb;
	int ca, cb;

	la = alen > INT32_MAX ? INT32_MAX : (int32_t)alen;
	lb = blen > INT32_MAX ? INT32_MAX : (int32_t)blen;
	do {
		ca = next_strokes(a, &i, la);
		cb = next_strokes(b, &j, lb);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	} while (ca >= 0 && ca != STROKES_UNKNOWN);
	return 0;
}

static int
collate(const UCollator *ucol, const char *a, const char *b)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r;

	r = ucol_strcollUTF8(ucol, a, -1, b, -1, &st);
	/* On failure let the byte order decide rather than report. */
	if (U_FAILURE(st))
		return 0;
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

int
plenum_names_compare(struct plenum_collator *coll, const char *a, const char *b)
{
	int r = 0;

	if (coll->ucol == NULL)
		return 0;
	if (coll->order == PLENUM_ORDER_STROKE)
		r = compare_strokes(a, b);
	if (coll->order == PLENUM_ORDER_VIETNAMESE)
		r = collate(coll->ucol, given_name(a), given_name(b));
	if (r == 0)
		r = collate(coll->ucol, a, b);
	if (r == 0)
		r = strcmp(a, b);
	return r;
}

/* Merges src[lo, mid) and src[mid, hi) into dst; ties take the left run,
 * which keeps the sort stable. */
static void
merge(struct plenum_collator *coll, const char *const *names, const size_t *src,
      size_t *dst, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi) {
		if (plenum_names_compare(coll, names[src[j]], names[src[i]]) <
		    0)
			dst[k++] = src[j++];
		else
			dst[k++] = src[i++];
	}
	while (i < mid)
		dst[k++] = src[i++];
	while (j < hi)
		dst[k++] = src[j++];
}

enum plenum_err
plenum_names_sort(struct plenum_collator *coll, const char *const *names,
		  size_t *idx, size_t n)
{
	size_t *tmp, *src, *dst, *swap, width, lo, mid, hi;

	if (coll->ucol == NULL || n < 2)
		return PLENUM_OK;
	if (n > SIZE_MAX / sizeof(*tmp))
		return PLENUM_ENOMEM;
	tmp = malloc(n * sizeof(*tmp));
	if (tmp == NULL)
		return PLENUM_ENOMEM;

	/* Bottom-up merge sort, ping-ponging between idx and tmp. */
	src = idx;
	dst = tmp;
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			mid = width < n - lo ? lo + width : n;
			hi = 2 * width < n - lo ? lo + 2 * width : n;
			merge(coll, names, src, dst, lo, mid, hi);
		}
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != idx)
		memcpy(idx, src, n * sizeof(*idx));
	free(tmp);
	return PLENUM_OK;
}
