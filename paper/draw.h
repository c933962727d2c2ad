/*
 * draw.h: the drawing layer the printed documents share (private to
 * paper/): a cairo PDF surface writing to the caller's sink, pango text in
 * the locale's fonts fitted into boxes, rectangles and lines in
 * micrometres, QR codes from libqrencode, and recorded pages that can be
 * painted many times.
 *
 * Text is refused, not printed, when a font lacks a glyph for it (pango's
 * unknown-glyph count) or when it cannot be made to fit its box: a ballot
 * with a missing-glyph box or a cut-off name never leaves the library.
 * The first error sticks: every later call returns it, so callers may draw
 * a page and check once.
 */
#ifndef PLENUM_DRAW_H
#define PLENUM_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "err.h"
#include "layout.h"
#include "paper.h"

struct plenum_draw;

enum plenum_face {
	PLENUM_FACE_SANS = 0,
	PLENUM_FACE_BOLD,
	PLENUM_FACE_SERIF_BOLD,
	PLENUM_FACE_MONO,
	PLENUM_FACE_COUNT
};

enum plenum_align {
	PLENUM_ALIGN_LEFT = 0,
	PLENUM_ALIGN_CENTER,
	PLENUM_ALIGN_RIGHT
};

#define PLENUM_TEXT_WRAP   1u /* wrap lines at the box's width */
#define PLENUM_TEXT_MIDDLE 2u /* centre vertically (else top) */

struct plenum_text_style {
	enum plenum_face face;
	double size;	 /* points */
	double min_size; /* shrink down to this to fit; 0: size */
	enum plenum_align align;
	unsigned flags;
	double grey; /* 0 black ... 1 white */
};

/*
 * Starts a PDF of pages w x h micrometres written to sink, with title in
 * its metadata.  Returns PLENUM_OK, PLENUM_ENOMEM or PLENUM_EINTERNAL
 * (cairo failed; diag says how).  *out is NULL on failure.
 */
enum plenum_err plenum_draw_new(const char *locale, int32_t w, int32_t h,
				const char *title,
				const struct plenum_paper_sink *sink,
				struct plenum_draw **out,
				struct plenum_diag *diag);

/*
 * Writes the rest of the PDF to the sink.  Returns the sticky error, or
 * PLENUM_EIO when the sink failed, PLENUM_EINTERNAL when cairo did.
 */
enum plenum_err plenum_draw_finish(struct plenum_draw *d);

/* Frees d without finishing (what was written stays written).  NULL ok. */
void plenum_draw_free(struct plenum_draw *d);

/* The sticky error, PLENUM_OK while there is none. */
enum plenum_err plenum_draw_error(const struct plenum_draw *d);

/* The locale d prints in. */
const char *plenum_draw_locale(const struct plenum_draw *d);

/*
 * Draws text in box: one line (shrunk to fit its width) or, with
 * PLENUM_TEXT_WRAP, lines wrapped at the width and shrunk until they fit
 * the height.  NULL or "" draws nothing.  Returns PLENUM_OK or the sticky
 * error: PLENUM_EINPUT when a glyph is missing or the text does not fit
 * at min_size (diag quotes the text).
 */
enum plenum_err plenum_draw_text(struct plenum_draw *d, const char *text,
				 struct plenum_rect box,
				 const struct plenum_text_style *st);

/*
 * The height in micrometres text takes wrapped at width w in style st (at
 * its size, never shrunk), in *h.  Returns as plenum_draw_text().
 */
enum plenum_err plenum_draw_measure(struct plenum_draw *d, const char *text,
				    int32_t w,
				    const struct plenum_text_style *st,
				    int32_t *h);

/* A rectangle's outline of line width lw (micrometres); or filled with
 * grey (0 black ... 1 white). */
void plenum_draw_rect(struct plenum_draw *d, struct plenum_rect r, int32_t lw);
void plenum_draw_fill(struct plenum_draw *d, struct plenum_rect r, double grey);

/* A line; dashed draws 2 mm dashes. */
void plenum_draw_line(struct plenum_draw *d, int32_t x0, int32_t y0, int32_t x1,
		      int32_t y1, int32_t lw, bool dashed);

/*
 * A QR code of payload (error correction M) filling the square r, its
 * 4-module quiet zone included, as vector rectangles.  Returns PLENUM_OK,
 * PLENUM_ELIMIT (too long for a QR code) or PLENUM_ENOMEM.
 */
enum plenum_err plenum_draw_qr(struct plenum_draw *d, const char *payload,
			       struct plenum_rect r);

/* Ends the current page of the PDF. */
void plenum_draw_page(struct plenum_draw *d);

/*
 * Draws into a recording instead of the PDF until
 * plenum_draw_record_end(), which hands the recorded page to the caller
 * (cairo_surface_destroy() it).  Recordings are painted with
 * plenum_draw_paint().  Returns PLENUM_OK or the sticky error; *out is
 * NULL on failure.
 */
enum plenum_err plenum_draw_record_begin(struct plenum_draw *d);
enum plenum_err plenum_draw_record_end(struct plenum_draw *d,
				       cairo_surface_t **out);
void plenum_draw_paint(struct plenum_draw *d, cairo_surface_t *rec);

/* Sets the sticky error with a message (lower case, subject quoted) and
 * returns it. */
enum plenum_err plenum_draw_fail(struct plenum_draw *d, enum plenum_err err,
				 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The diagnostic of the sticky error; NULL while there is none. */
const struct plenum_diag *plenum_draw_diag(const struct plenum_draw *d);

#endif
