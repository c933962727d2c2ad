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
	PLENUM_PEN_SPECK,  /* a small dot: not a mark */
	PLENUM_PEN_COUNT
};

/* The ground truth of one page: for every row of the page and each box
 * (strike-out: box 0, the name), what was drawn and whether it counts as
 * a mark; faint and partial marks still count. */
struct plenum_corpus_truth {
	size_t page;
	size_t nrows;
	struct {
		enum plenum_corpus_pen pen[3];
		bool marked[3];
		bool faint[3], partial[3];
	} rows[64];
	size_t strays;
	char line[65]; /* the page's expected line (scan.h) */
};

/*
 * Draws page `page` of l at dpi, marked from seed (density: the share of
 * rows that get marks; 0 gives an unmarked ballot), degraded by deg, and
 * encodes it (PNG, or JPEG when deg->jpeg_quality > 0).  Sets *png (the
 * caller frees it), *len and *truth.  Returns PLENUM_OK, PLENUM_EINPUT
 * (page out of range, a page of more than 64 rows) or PLENUM_ENOMEM.
 */
enum plenum_err plenum_corpus_page(const struct plenum_layout *l, size_t page,
				   double dpi, uint64_t seed, double density,
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

#endif
