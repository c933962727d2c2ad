/*
 * paper.h: what every printed document of plenum shares: the paper sizes,
 * the byte sink a PDF is written to, and the languages paper prints in.
 *
 * The printing library (libplenum_paper: layout.h, ballot.h, docs.h,
 * cards.h) makes PDFs with cairo and pango, the Noto CJK and Noto core fonts
 * embedded as subsets.  It writes only to the sink its caller hands it,
 * never prints and never exits.  Its output is reproducible: the same input
 * gives the same bytes (the PDF's creation date is fixed and cairo 1.16
 * writes no file ID), so a PDF's hash can go into the audit log.
 */
#ifndef PLENUM_PAPER_H
#define PLENUM_PAPER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum plenum_paper_size {
	PLENUM_PAPER_A4 = 0, /* 210 x 297 mm, portrait */
	PLENUM_PAPER_A3	     /* 297 x 420 mm, portrait */
};

/* Parses "a4" or "A4", "a3" or "A3".  Returns 0 and sets *out, or -1. */
int plenum_paper_size_parse(const char *word, enum plenum_paper_size *out);

/* "A4" or "A3". */
const char *plenum_paper_size_word(enum plenum_paper_size size);

/* The page's width and height in micrometres; 0 for an unknown size. */
int32_t plenum_paper_width(enum plenum_paper_size size);
int32_t plenum_paper_height(enum plenum_paper_size size);

/*
 * The languages paper prints in: "zh-Hans", "zh-Hant", "vi" and "en",
 * spelled exactly so.  Returns 1 when locale is one of them, else 0 (also
 * for NULL).
 */
int plenum_paper_locale_ok(const char *locale);

/*
 * 1 when s is valid UTF-8 of 1 to max bytes without control characters
 * (C0, DEL, C1), else 0 (also for NULL).
 */
int plenum_paper_text_ok(const char *s, size_t max);

/*
 * Byte sink: write() takes all n bytes and returns 0, or -1 on error (the
 * document function then returns PLENUM_EIO).  A PDF is written from its
 * first byte to its last in order, in pieces of any size.
 */
struct plenum_paper_sink {
	int (*write)(void *ctx, const void *p, size_t n);
	void *ctx;
};

/* A sink writing to the stdio FILE * that ctx is (the caller opens and
 * closes it, so the library opens no file of its own). */
int plenum_paper_file_write(void *ctx, const void *p, size_t n);

/* A sink appending to the struct plenum_buf that ctx points to (its cap
 * bounds the PDF). */
int plenum_paper_buf_write(void *ctx, const void *p, size_t n);

/*
 * The creation date every PDF of plenum carries, ISO 8601.  Fixed, so that
 * the same input gives the same bytes; the audit log has the real time.
 */
#define PLENUM_PAPER_DATE "2000-01-01T00:00:00Z"

/*
 * Frees the process-wide caches that printing fills (pango's font map,
 * cairo's static data, fontconfig's configuration), for a process that
 * is done printing: nothing from paper may be used afterwards.  Leak
 * checkers otherwise report the caches.
 */
void plenum_paper_cleanup(void);

#endif
