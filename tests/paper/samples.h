/*
 * samples.h: the sample ballots, results and cards that the paper tests
 * and paper-demo print, and small helpers around them.
 */
#ifndef PLENUM_TEST_SAMPLES_H
#define PLENUM_TEST_SAMPLES_H

#include <stddef.h>

#include "buf.h"
#include "cards.h"
#include "err.h"
#include "layout.h"
#include "paper.h"

enum sample {
	SAMPLE_CN = 0,	  /* zh-Hans, the demo congress: 9 for 7 seats */
	SAMPLE_CN_TC,	  /* the same in zh-Hant, round 2 */
	SAMPLE_VN_STRIKE, /* vi, 9 names for 7 seats, strike-out */
	SAMPLE_VN_UNCONTESTED,
	SAMPLE_YNA,	 /* en */
	SAMPLE_APPROVAL, /* en, A3 */
	SAMPLE_MOTION,	 /* zh-Hans, the work-report resolution */
	SAMPLE_COUNT
};

/* A short name for file names: "cn", "cn-tc", "vn-strike-out"... */
const char *sample_name(enum sample s);

/* Fills *d with sample s (static strings). */
void sample_desc(enum sample s, struct plenum_ballot_desc *d);

/* The result file (in the data directory) that goes with a sample, or
 * NULL when none does. */
const char *sample_result_file(enum sample s);

/* n generated Chinese names ("候选人1"...), static until the next call. */
const char *const *sample_many_names(size_t n);

/* Sample credential cards: three delegates, two with sign-in codes. */
void sample_cards(struct plenum_cards_desc *d);

/* Reads dir/name whole and NUL-terminates it; NULL on failure. */
char *sample_load(const char *dir, const char *name, size_t *len);

/* A sink into a plenum_buf of up to 512 MiB (b initialised here). */
void sample_buf_sink(struct plenum_buf *b, struct plenum_paper_sink *sink);

/*
 * Drops the caches of pango, cairo and fontconfig, which live as long as
 * the process, so that LeakSanitizer reports only real leaks.  Call last.
 */
void sample_cleanup(void);

/* Writes len bytes to path; 0 or -1. */
int sample_save(const char *path, const void *data, size_t len);

#endif
