/*
 * corpus.h: synthetic scanned ballots with known truth, for the scanner's
 * tests and benchmark (never linked into plenum itself).
 *
 * A page of a layout is drawn with cairo into a grey image at a given dpi
 * (fiducials, QR code, grid, box borders, names), then filled with
 * simulated pen marks from a seeded random ground truth: circles, crosses
 * and ticks in boxes, strokes through names (vn-strike-out), faint and
 * partial marks, stray marks outside the boxes and specks inside them.
 * The image is then degraded with leptonica: rotation, scaling, blur,
 * noise and a JPEG round trip.
 *
 * A "hard" page (PLENUM_CORPUS_HARD) is marked near the scanner's
 * thresholds instead: pale marks, short strokes and dots, marks drawn
 * beside their box, short strokes through names, more specks, some of them
 * on a box's border.
 *
 * The truth is what a careful person counting by hand would count.  The
 * rule:
 *   - a deliberate pen mark counts, however it is drawn: a circle, a
 *     cross or a tick, whole or partial (an open arc, one stroke of a
 *     cross, half a tick), faint (grey 0.42 to 0.55) or pale (grey 0.58 to
 *     0.74, about the scanner's "dark" limit);
 *   - so do a short stroke 1.5 to 3 mm long (PLENUM_PEN_DASH) and a
 *     filled dot 1 to 1.6 mm across (PLENUM_PEN_DOT) in a box: small, but
 *     a pen put there on purpose;
 *   - a circle or cross drawn beside its box (its centre 0.2 to 1.4 mm
 *     outside the box's left or right side, so most of it lies outside)
 *     counts for that box: it reaches over the box's border, and the next
 *     box is at least 16 mm away, so whom it is for is plain;
 *   - a line through a name (vn-strike-out) counts from 12 mm long, pale
 *     or not;
 *   - a speck (a dot under 0.6 mm across, inside a box or on its border)
 *     never counts, nor does a stray stroke, which keeps 2.5 mm from every
 *     box and 1.5 mm from a name zone of vn-strike-out, a fiducial and the
 *     QR code.
 * Ink lighter than grey 0.74, or a stroke under 1.5 mm or a dot under
 * 1 mm, is never drawn as a mark, so no case is left to taste.
 */
#ifndef PLENUM_CORPUS_H
#define PLENUM_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "layout.h"

/* How a page is degraded; all zero: a clean scan. */
struct plenum_corpus_degrade {
	double rotate_deg; /* -5 ... 5 */
	double scale;	   /* 0: 1 */
	int blur;	   /* half-width of the box blur, pixels; 0 none */
	double noise;	   /* share of pixels set to random grey */
	int jpeg_quality;  /* 0: PNG */
	bool upside_down;  /* turn by 180 degrees */
};

/* What was drawn in one box (or, strike-out, through one name). */
enum plenum_corpus_pen {
	PLENUM_PEN_NONE = 0,
	PLENUM_PEN_CIRCLE,
	PLENUM_PEN_CROSS,
	PLENUM_PEN_TICK,
	PLENUM_PEN_STRIKE, /* a line through a name */
	PLENUM_PEN_SPECK,  /* a dot under 0.6 mm: not a mark */
	PLENUM_PEN_DASH,   /* a stroke 1.5 to 3 mm long: a mark */
	PLENUM_PEN_DOT,	   /* a dot 1 to 1.6 mm across: a mark */
	PLENUM_PEN_COUNT
};

/* Which marks a page gets. */
enum plenum_corpus_mix {
	PLENUM_CORPUS_USUAL = 0, /* as plenum_corpus_page() draws them */
	PLENUM_CORPUS_HARD	 /* near the scanner's limits (above) */
};

/* The ground truth of one page: for every row of the page and each box
 * (strike-out: box 0, the name), what was drawn and whether it counts as
 * a mark by the rule above. */
struct plenum_corpus_truth {
	size_t page;
	size_t nrows;
	struct {
		enum plenum_corpus_pen pen[3];
		bool marked[3];
		bool faint[3], partial[3];
		bool pale[3];	 /* grey 0.58 to 0.74 */
		bool outside[3]; /* drawn beside the box, over its border */
		bool edge[3];	 /* a speck on or by the border */
	} rows[64];
	size_t strays;
	char line[65]; /* the page's expected line (scan.h) */
};

/*
 * Draws page `page` of l at dpi, marked from seed (density: the share of
 * rows that get marks; 0 gives an unmarked ballot), degraded by deg, and
 * encodes it (PNG, or JPEG when deg->jpeg_quality > 0).  Sets *img (the
 * caller frees it), *len and *truth.  Returns PLENUM_OK, PLENUM_EINPUT
 * (page out of range, a page of more than 64 rows) or PLENUM_ENOMEM.
 */
enum plenum_err plenum_corpus_page(const struct plenum_layout *l, size_t page,
				   double dpi, uint64_t seed, double density,
				   const struct plenum_corpus_degrade *deg,
				   unsigned char **img, size_t *len,
				   struct plenum_corpus_truth *truth);

/*
 * As plenum_corpus_page(), with the marks of mix.  PLENUM_CORPUS_USUAL
 * gives exactly what plenum_corpus_page() gives for the same arguments.
 */
enum plenum_err plenum_corpus_page_mix(const struct plenum_layout *l,
				       size_t page, double dpi, uint64_t seed,
				       double density,
				       enum plenum_corpus_mix mix,
				       const struct plenum_corpus_degrade *deg,
				       unsigned char **img, size_t *len,
				       struct plenum_corpus_truth *truth);

/*
 * Joins encoded page images (PNG or JPEG) into one multi-page TIFF.
 * Returns PLENUM_OK and sets *tiff (caller frees), or PLENUM_ENOMEM /
 * PLENUM_EINPUT (an image leptonica cannot read).
 */
enum plenum_err plenum_corpus_tiff(const unsigned char *const *imgs,
				   const size_t *lens, size_t n,
				   unsigned char **tiff, size_t *len);

/* The truth as JSON (page, line, pens per row), to keep beside an image. */
json_t *plenum_corpus_truth_json(const struct plenum_corpus_truth *t);

/* A random degradation from seed: rotation up to +-5 degrees, scale 0.9 to
 * 1.1, blur 0-1, noise up to 0.3%, JPEG quality 40-80 half the time. */
void plenum_corpus_random_degrade(uint64_t seed,
				  struct plenum_corpus_degrade *deg);

/* A heavier one: rotation up to +-5 degrees, scale 0.9 to 1.1, blur 0-2,
 * noise up to 1%, JPEG quality 15-30 for two pages in three, one page in
 * ten upside down. */
void plenum_corpus_hard_degrade(uint64_t seed,
				struct plenum_corpus_degrade *deg);

#endif
