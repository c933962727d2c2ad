/*
 * scan.h: reading scanned ballot pages (optical mark recognition).
 *
 * A page image (PNG, TIFF or JPEG, 150-300 dpi, any page of a multi-page
 * TIFF) is decoded with leptonica, turned grey, and its four fiducial
 * squares are found near the image's corners.  They give an affine map
 * from the layout's micrometres to the image's pixels (rotation, skew,
 * scale, and a page turned upside down).  The QR code, found where the
 * layout puts it and read with zbar, names the layout; the caller looks it
 * up by digest.  Then every mark box of the page is sampled inside its
 * printed border and its ink measured; for vn-strike-out, the name zone of
 * every row is searched for a long stroke.  Each reading carries a
 * confidence, and anything unclear is flagged for a person to look at.
 *
 * This module never opens a file, a database or a socket: it reads bytes
 * the caller hands it.  Decoding untrusted images belongs in the worker
 * process of scanworker.h; plenum_scan_image() itself is also safe to
 * call in-process (it is what the fuzz harness drives).
 */
#ifndef PLENUM_SCAN_H
#define PLENUM_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "err.h"
#include "layout.h"

/* Caps on the input. */
#define PLENUM_SCAN_MAX_BYTES (64u << 20) /* one image file */
#define PLENUM_SCAN_MAX_SIDE  10000	  /* pixels, either side */
#define PLENUM_SCAN_MAX_PAGES 64	  /* pages of one TIFF */

enum plenum_scan_status {
	PLENUM_SCAN_OK = 0,    /* every mark read with confidence */
	PLENUM_SCAN_REVIEW,    /* read, but some mark needs a person */
	PLENUM_SCAN_UNREADABLE /* no reading: see reason */
};

/* The reading of one mark box, or of one strike-out name zone. */
struct plenum_scan_mark {
	size_t row;		   /* index into the layout's rows */
	size_t box;		   /* index into the row's boxes; 0 strike */
	enum plenum_box_kind kind; /* YES for a strike-out zone */
	bool marked;		   /* best guess (strike: struck) */
	bool review;		   /* unclear: a person must decide */
	double ink;		   /* share of dark pixels inside the box;
				      strike: longest stroke in mm */
	double confidence;	   /* 0 ... 1; below 0.5 when review */
};

/*
 * The reading of one page.  layout is borrowed from the caller's
 * find_layout and is NULL when the ballot was unreadable before the QR
 * code named it.  line holds one character per row of the page, in row
 * order (candidates, then write-in lines), in the alphabet of
 * docs/ballot-file.md: Y N A - B ?; for vn-strike-out Y kept, N struck,
 * ? unclear.  A marked write-in line always needs review (its name must be
 * read by a person).
 */
struct plenum_scan_result {
	enum plenum_scan_status status;
	char reason[160]; /* why review or unreadable; "" when ok */
	char payload[PLENUM_LAYOUT_PAYLOAD_MAX]; /* the QR text, or "" */
	struct plenum_ballot_qr qr;		 /* parsed payload */
	const struct plenum_layout *layout;
	size_t page;	    /* 0-based page of the layout */
	int width, height;  /* the image, pixels */
	double dpi;	    /* measured from the fiducials */
	int rotation;	    /* 0 or 180: how the page lay */
	double affine[6];   /* x' = a0 x + a1 y + a2, y' = a3 x + a4 y + a5,
			       millimetres to pixels */
	double residual_mm; /* worst fiducial misfit */
	size_t nmarks;
	struct plenum_scan_mark *marks; /* owned */
	size_t nreview;			/* marks flagged */
	char *line;			/* owned; NULL when unreadable */
};

/* Finds the layout a QR code names, or returns NULL (the page is then
 * unreadable, "unknown ballot").  The layout must outlive the result. */
typedef const struct plenum_layout *(*plenum_scan_find_layout)(
	void *ctx, const struct plenum_ballot_qr *qr);

/*
 * Reads page `page` (0-based; only TIFF has more than one) of the image in
 * data (len bytes).  Fills *out (initialised here; release it with
 * plenum_scan_result_release() whatever is returned).  A picture that is
 * not a ballot, or a file that is not an image, is not an error: it gives
 * PLENUM_OK with out->status PLENUM_SCAN_UNREADABLE and a reason.  Returns
 * PLENUM_OK, PLENUM_ELIMIT (more than PLENUM_SCAN_MAX_BYTES, or page past
 * the last one: status unreadable as well) or PLENUM_ENOMEM.  Never
 * prints (leptonica's messages are turned off).  diag may be NULL.
 */
enum plenum_err plenum_scan_image(const unsigned char *data, size_t len,
				  size_t page, plenum_scan_find_layout find,
				  void *ctx, struct plenum_scan_result *out,
				  struct plenum_diag *diag);

/* The number of pages of the image (TIFF: up to PLENUM_SCAN_MAX_PAGES;
 * others 1); 0 when it is no image leptonica knows. */
size_t plenum_scan_page_count(const unsigned char *data, size_t len);

/* Releases what a result owns and zeroes it.  NULL is a no-op. */
void plenum_scan_result_release(struct plenum_scan_result *r);

/*
 * The result as a plenum-scan/1 JSON object: status, reason, payload,
 * digest, page, dpi, rotation, residual, line and every mark with its ink
 * and confidence, for the audit record kept with the image.  Returns a new
 * reference, or NULL when out of memory.
 */
json_t *plenum_scan_result_json(const struct plenum_scan_result *r);

/*
 * Joins the lines of pages 1 ... n of one ballot, which must all have been
 * read (status ok or review) from layout l and be given in page order,
 * into the ballot's line of docs/ballot-file.md: one character per
 * candidate, then "\tw:Y:?" for each marked write-in line ("?": the name
 * is for a person to read).  lines[i] is the line of page i.  Returns
 * PLENUM_OK and sets *out (the caller frees it), PLENUM_EINPUT (wrong
 * number of pages or a line of the wrong length) or PLENUM_ENOMEM.
 */
enum plenum_err plenum_scan_ballot_line(const struct plenum_layout *l,
					const char *const *lines, size_t n,
					char **out, struct plenum_diag *diag);

/*
 * Decodes page `page` of the image and encodes it as an 8-bit grey PNG
 * whose longer side is at most max_side pixels (0: as scanned), for a
 * person to look at (a browser shows no TIFF).  *png (for free()) and
 * *png_len are set on success.  Returns PLENUM_OK, PLENUM_EINPUT (not an
 * image, or no such page: diag says why), PLENUM_ELIMIT or PLENUM_ENOMEM.
 * Decodes untrusted bytes: call it in the worker (scanworker.h).
 */
enum plenum_err plenum_scan_preview(const unsigned char *data, size_t len,
				    size_t page, int max_side,
				    unsigned char **png, size_t *png_len,
				    struct plenum_diag *diag);

#endif
