/*
 * corpus.c: synthetic scanned ballots for testing the scanner.
 *
 * The page is drawn in millimetres on a cairo RGB24 surface scaled to the
 * dpi, the way paper/ballot.c lays it out (the fonts differ: names are
 * set with cairo's toy text API), then marked, converted to an 8-bit
 * leptonica image and degraded.  Everything random comes from a
 * splitmix64 stream seeded by the caller, so a seed always gives the same
 * image and truth.
 *
 * Invariants: a mark counts (truth marked) exactly when it was drawn
 * with PLENUM_PEN_CIRCLE, _CROSS, _TICK, _STRIKE, _DASH or _DOT, faint,
 * pale, partial or beside its box or not (the rule of corpus.h); specks
 * and stray marks never count, and stray marks never touch a mark box, a
 * fiducial or the QR code (the hull of a stray's curve keeps 1.5 mm from
 * them, 2.5 mm from a box).  The usual mix draws no pale mark, dash, dot,
 * mark beside its box or speck on a border.
 */
#include "corpus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <qrencode.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct rng {
	uint64_t s;
};

static uint64_t
next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [a, b). */
static double
uni(struct rng *r, double a, double b)
{
	return a + (b - a) * (double)(next(r) >> 11) / 9007199254740992.0;
}

static double
mm(int32_t um)
{
	return um / 1000.0;
}

static void
rect_path(cairo_t *cr, struct plenum_rect r)
{
	cairo_rectangle(cr, mm(r.x), mm(r.y), mm(r.w), mm(r.h));
}

static void
draw_qr(cairo_t *cr, const char *payload, struct plenum_rect r)
{
	QRcode *qr =
		QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m, x0, y0;
	int x, y;

	if (qr == NULL)
		return;
	m = mm(r.w) / (qr->width + 8);
	x0 = mm(r.x) + 4 * m;
	y0 = mm(r.y) + 4 * m;
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				cairo_rectangle(cr, x0 + x * m, y0 + y * m, m,
						m);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_fill(cr);
	QRcode_free(qr);
}

/* Text at (x, y) mm, made smaller when it is wider than w mm (0: any
 * width), as paper/ballot.c fits a name into its cell. */
static void
text(cairo_t *cr, const char *s, double x, double y, double size, double w)
{
	cairo_text_extents_t e;

	cairo_select_font_face(cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL,
			       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	if (w > 0) {
		cairo_text_extents(cr, s, &e);
		if (e.x_advance > w)
			cairo_set_font_size(cr, size * w / e.x_advance);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

/* The blank page, as paper/ballot.c draws it (fonts aside). */
static void
blank(cairo_t *cr, const struct plenum_layout *l, size_t p)
{
	const struct plenum_layout_page *pg = &l->pages[p];
	double top = mm(pg->head_row.y), left = mm(pg->head_row.x);
	double bottom =
		top + mm(pg->head_row.h) + (double)pg->nrows * mm(l->row_h);
	double right = left + mm(pg->head_row.w), y;
	size_t i, k;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (i = 0; i < 4; i++)
		rect_path(cr, l->fiducials[i]);
	cairo_fill(cr);
	draw_qr(cr, pg->payload, pg->qr);
	text(cr, l->desc.title, mm(pg->heading.x) + 4, mm(pg->heading.y) + 14,
	     5.5, 0);
	if (pg->instr.w > 0)
		for (k = 0; k < 3; k++)
			text(cr,
			     "Mark a circle or a cross in one box per row; "
			     "do not mark outside the boxes.",
			     mm(pg->instr.x), mm(pg->instr.y) + 4 + 5.0 * k,
			     3.3, 0);
	cairo_set_line_width(cr, 0.3);
	for (i = 1; i < l->ncolumns; i++) {
		cairo_move_to(cr, mm(l->columns[i].x), top);
		cairo_line_to(cr, mm(l->columns[i].x), bottom);
	}
	for (y = top + mm(pg->head_row.h); y < bottom - 0.01;
	     y += mm(l->row_h)) {
		cairo_move_to(cr, left, y);
		cairo_line_to(cr, right, y);
	}
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, left, top, right - left, bottom - top);
	cairo_stroke(cr);
	text(cr, "No.   Name", left + 2, top + 6, 3.5, 0);
	for (i = 0; i < pg->nrows; i++) {
		const struct plenum_layout_row *r = &l->rows[pg->first_row + i];
		char num[24];
		double by = mm(r->row.y) + mm(r->row.h) / 2 + 1.6;

		snprintf(num, sizeof(num), "%zu", r->candidate + 1);
		text(cr, r->write_in ? "" : num, mm(r->number.x) + 4, by, 4, 0);
		text(cr,
		     r->write_in ? "(write in)"
				 : l->desc.candidates[r->candidate],
		     mm(r->name.x) + 2, by, 4.2, mm(r->name.w) - 4);
		cairo_set_line_width(cr, 0.35);
		for (k = 0; k < r->nboxes; k++)
			rect_path(cr, r->boxes[k].r);
		cairo_stroke(cr);
	}
	text(cr, l->digest_hex, mm(pg->footer.x), mm(pg->footer.y) + 5, 3, 0);
}

/* How dark a mark is drawn. */
enum shade { INK, FAINT, PALE };

/* One pen mark in box b (mm), its centre moved ox mm to the right; grey 0
 * black ... 1 white. */
static void
pen(cairo_t *cr, struct rng *g, enum plenum_corpus_pen kind, double bx,
    double by, double ox, enum shade shade, bool partial)
{
	double cx = bx + 4 + ox + uni(g, -0.6, 0.6);
	double cy = by + 4 + uni(g, -0.6, 0.6);
	double grey = shade == PALE    ? uni(g, 0.58, 0.74)
		      : shade == FAINT ? uni(g, 0.42, 0.55)
				       : uni(g, 0, 0.25),
	       d;

	cairo_set_source_rgb(cr, grey, grey, grey * 0.9 + 0.1);
	cairo_set_line_width(cr, uni(g, 0.45, 0.85));
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	switch (kind) {
	case PLENUM_PEN_CIRCLE: {
		double a0 = uni(g, 0, 2 * M_PI);

		cairo_save(cr);
		cairo_translate(cr, cx, cy);
		cairo_scale(cr, uni(g, 0.85, 1.15), uni(g, 0.85, 1.15));
		cairo_new_sub_path(cr);
		cairo_arc(cr, 0, 0, uni(g, 2.2, 3.1), a0,
			  a0 + 2 * M_PI * (partial ? uni(g, 0.5, 0.7) : 1.05));
		cairo_restore(cr);
		break;
	}
	case PLENUM_PEN_CROSS:
		d = uni(g, 2, 2.9);
		cairo_move_to(cr, cx - d, cy - d + uni(g, -0.4, 0.4));
		cairo_line_to(cr, cx + d, cy + d);
		if (!partial) {
			cairo_move_to(cr, cx + d + uni(g, -0.4, 0.4), cy - d);
			cairo_line_to(cr, cx - d, cy + d);
		}
		break;
	case PLENUM_PEN_TICK:
		if (!partial) {
			cairo_move_to(cr, cx - 2.6, cy + uni(g, -0.3, 0.3));
			cairo_line_to(cr, cx - 0.8, cy + 2.2);
		} else
			cairo_move_to(cr, cx - 0.8, cy + 2.2);
		cairo_line_to(cr, cx + uni(g, 2.2, 3), cy - uni(g, 2.2, 3));
		break;
	case PLENUM_PEN_SPECK:
		cairo_arc(cr, cx + uni(g, -1.5, 1.5), cy + uni(g, -1.5, 1.5),
			  uni(g, 0.15, 0.3), 0, 2 * M_PI);
		cairo_fill(cr);
		return;
	case PLENUM_PEN_DASH: {
		double a = uni(g, 0, M_PI), h = uni(g, 1.5, 3) / 2;

		cx += uni(g, -1, 1);
		cy += uni(g, -1, 1);
		cairo_set_line_width(cr, uni(g, 0.5, 0.8));
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
		cairo_move_to(cr, cx - h * cos(a), cy - h * sin(a));
		cairo_line_to(cr, cx + h * cos(a), cy + h * sin(a));
		break;
	}
	case PLENUM_PEN_DOT:
		cairo_arc(cr, cx + uni(g, -1, 1), cy + uni(g, -1, 1),
			  uni(g, 0.5, 0.8), 0, 2 * M_PI);
		cairo_fill(cr);
		return;
	default:
		return;
	}
	cairo_stroke(cr);
}

/* A speck (under 0.6 mm) on or just inside a side of box b. */
static void
edge_speck(cairo_t *cr, struct rng *g, double bx, double by)
{
	double t = uni(g, 0.5, 7.5), in = uni(g, -0.2, 1.0), x, y;
	double grey = uni(g, 0, 0.3);

	switch (next(g) % 4) {
	case 0:
		x = bx + t, y = by + in;
		break;
	case 1:
		x = bx + t, y = by + 8 - in;
		break;
	case 2:
		x = bx + in, y = by + t;
		break;
	default:
		x = bx + 8 - in, y = by + t;
		break;
	}
	cairo_set_source_rgb(cr, grey, grey, grey);
	cairo_arc(cr, x, y, uni(g, 0.15, 0.3), 0, 2 * M_PI);
	cairo_fill(cr);
}

/* A line through a name: len_lo to len_hi mm long (0: as partial says). */
static void
strike(cairo_t *cr, struct rng *g, struct plenum_rect name, enum shade shade,
       bool partial, double len_lo, double len_hi)
{
	double x0 = mm(name.x) + uni(g, 0.5, 4);
	double len = len_hi > 0 ? uni(g, len_lo, len_hi)
		     : partial	? uni(g, 24, 30)
				: uni(g, 35, 90);
	double y = mm(name.y) + mm(name.h) / 2 + uni(g, -1.2, 1.2);
	double slope = uni(g, -0.035, 0.035);
	double grey = shade == PALE    ? uni(g, 0.58, 0.74)
		      : shade == FAINT ? uni(g, 0.42, 0.55)
				       : uni(g, 0, 0.25);

	cairo_set_source_rgb(cr, grey, grey, grey);
	cairo_set_line_width(cr, uni(g, 0.5, 0.9));
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x0 + len, y + len * slope);
	cairo_stroke(cr);
}

/* Whether the box [x0, x1] x [y0, y1] comes within m mm of r. */
static bool
hits(struct plenum_rect r, double x0, double y0, double x1, double y1, double m)
{
	return fmax(x0, x1) > mm(r.x) - m && fmin(x0, x1) < mm(r.x + r.w) + m &&
	       fmax(y0, y1) > mm(r.y) - m && fmin(y0, y1) < mm(r.y + r.h) + m;
}

/*
 * A stray stroke somewhere that touches no box, fiducial or QR code.  The
 * curve lies inside the hull of its control points, which must keep 1.5
 * mm from those and, beside a box, the scanner's strips (2.5 mm from a
 * box): a stroke that close to a box might be a mark beside it.
 */
static bool
stray(cairo_t *cr, struct rng *g, const struct plenum_layout *l, size_t p)
{
	const struct plenum_layout_page *pg = &l->pages[p];
	int tries;
	size_t i, k;

	for (tries = 0; tries < 20; tries++) {
		double x0 = uni(g, 16, mm(l->page_w) - 16);
		double y0 = uni(g, 16, mm(l->page_h) - 16);
		double a = uni(g, 0, 2 * M_PI), len = uni(g, 2, 9);
		double x1 = x0 + len * cos(a), y1 = y0 + len * sin(a);
		double c[4] = { x0 + uni(g, -2, 2), y0 + uni(g, -2, 2),
				x1 + uni(g, -2, 2), y1 + uni(g, -2, 2) };
		double hx0 = fmin(fmin(x0, x1), fmin(c[0], c[2]));
		double hx1 = fmax(fmax(x0, x1), fmax(c[0], c[2]));
		double hy0 = fmin(fmin(y0, y1), fmin(c[1], c[3]));
		double hy1 = fmax(fmax(y0, y1), fmax(c[1], c[3]));
		bool bad = hits(pg->qr, hx0, hy0, hx1, hy1, 1.5);

		for (i = 0; i < 4; i++)
			bad = bad ||
			      hits(l->fiducials[i], hx0, hy0, hx1, hy1, 1.5);
		for (i = 0; i < pg->nrows && !bad; i++) {
			const struct plenum_layout_row *r =
				&l->rows[pg->first_row + i];

			for (k = 0; k < r->nboxes; k++)
				bad = bad || hits(r->boxes[k].r, hx0, hy0, hx1,
						  hy1, 2.5);
			if (l->desc.style == PLENUM_STYLE_VN_STRIKE_OUT)
				bad = bad ||
				      hits(r->name, hx0, hy0, hx1, hy1, 1.5);
		}
		if (bad)
			continue;
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.2);
		cairo_set_line_width(cr, uni(g, 0.4, 0.8));
		cairo_move_to(cr, x0, y0);
		cairo_curve_to(cr, c[0], c[1], c[2], c[3], x1, y1);
		cairo_stroke(cr);
		return true;
	}
	return false;
}

static enum plenum_corpus_pen
pick_pen(struct rng *g)
{
	return (enum plenum_corpus_pen)(PLENUM_PEN_CIRCLE + next(g) % 3);
}

/* One mark of the hard mix in box b of row r (strike-out: through its
 * name), page row i of t.  Every one counts (corpus.h). */
static void
hard_mark(cairo_t *cr, struct rng *g, const struct plenum_layout_row *r,
	  size_t b, bool strike_style, struct plenum_corpus_truth *t, size_t i)
{
	double u = uni(g, 0, 1), bx, by, side;

	t->rows[i].marked[b] = true;
	if (strike_style) {
		t->rows[i].pen[b] = PLENUM_PEN_STRIKE;
		if (u < 0.4) {
			/* as usual, faint or partial more often */
			t->rows[i].faint[b] = uni(g, 0, 1) < 0.15;
			t->rows[i].partial[b] = uni(g, 0, 1) < 0.15;
			strike(cr, g, r->name,
			       t->rows[i].faint[b] ? FAINT : INK,
			       t->rows[i].partial[b], 0, 0);
		} else if (u < 0.65) {
			t->rows[i].pale[b] = true;
			strike(cr, g, r->name, PALE, false, 0, 0);
		} else if (u < 0.85) {
			/* a short line, 12 to 19 mm */
			t->rows[i].partial[b] = true;
			t->rows[i].faint[b] = uni(g, 0, 1) < 0.25;
			strike(cr, g, r->name,
			       t->rows[i].faint[b] ? FAINT : INK, true, 12, 19);
		} else {
			t->rows[i].pale[b] = t->rows[i].partial[b] = true;
			strike(cr, g, r->name, PALE, true, 0, 0);
		}
		return;
	}
	bx = mm(r->boxes[b].r.x);
	by = mm(r->boxes[b].r.y);
	if (u < 0.35) {
		t->rows[i].faint[b] = uni(g, 0, 1) < 0.15;
		t->rows[i].partial[b] = uni(g, 0, 1) < 0.15;
		t->rows[i].pen[b] = pick_pen(g);
		pen(cr, g, t->rows[i].pen[b], bx, by, 0,
		    t->rows[i].faint[b] ? FAINT : INK, t->rows[i].partial[b]);
	} else if (u < 0.5) {
		t->rows[i].pale[b] = true;
		t->rows[i].partial[b] = uni(g, 0, 1) < 0.2;
		t->rows[i].pen[b] = pick_pen(g);
		pen(cr, g, t->rows[i].pen[b], bx, by, 0, PALE,
		    t->rows[i].partial[b]);
	} else if (u < 0.8) {
		t->rows[i].pen[b] = u < 0.65 ? PLENUM_PEN_DASH : PLENUM_PEN_DOT;
		t->rows[i].faint[b] = uni(g, 0, 1) < 0.25;
		pen(cr, g, t->rows[i].pen[b], bx, by, 0,
		    t->rows[i].faint[b] ? FAINT : INK, false);
	} else {
		/* beside the box, left or right: the centre 4.2 to 5.4 mm
		 * from the box's (0.2 to 1.4 mm outside it); a circle of
		 * radius 1.9 or more, or a cross of half-side 2 or more,
		 * still reaches over the border */
		t->rows[i].outside[b] = true;
		t->rows[i].faint[b] = uni(g, 0, 1) < 0.15;
		side = next(g) % 2 ? 4.8 : -4.8;
		t->rows[i].pen[b] =
			next(g) % 2 ? PLENUM_PEN_CIRCLE : PLENUM_PEN_CROSS;
		pen(cr, g, t->rows[i].pen[b], bx, by, side,
		    t->rows[i].faint[b] ? FAINT : INK, false);
	}
}

/* Marks the page and fills the truth. */
static void
mark(cairo_t *cr, struct rng *g, const struct plenum_layout *l, size_t p,
     double density, enum plenum_corpus_mix mix, struct plenum_corpus_truth *t)
{
	bool hard = mix == PLENUM_CORPUS_HARD;
	static const char kinds[] = { 'Y', 'N', 'A' };
	const struct plenum_layout_page *pg = &l->pages[p];
	bool strike_style = l->desc.style == PLENUM_STYLE_VN_STRIKE_OUT;
	size_t i, k, n;

	for (i = 0; i < pg->nrows; i++) {
		const struct plenum_layout_row *r = &l->rows[pg->first_row + i];
		size_t nb = strike_style ? 1 : r->nboxes, marked = 0;
		char c = '-';

		double dens = r->write_in ? density / 10 : density;

		for (k = 0; k < nb && uni(g, 0, 1) < dens; k++) {
			/* one box per row, sometimes two */
			size_t b = (size_t)(next(g) % nb);

			if (t->rows[i].pen[b] != PLENUM_PEN_NONE)
				continue;
			if (hard) {
				hard_mark(cr, g, r, b, strike_style, t, i);
				if (uni(g, 0, 1) > 0.04)
					break;
				continue;
			}
			t->rows[i].faint[b] = uni(g, 0, 1) < 0.06;
			t->rows[i].partial[b] = uni(g, 0, 1) < 0.06;
			t->rows[i].marked[b] = true;
			if (strike_style) {
				t->rows[i].pen[b] = PLENUM_PEN_STRIKE;
				strike(cr, g, r->name,
				       t->rows[i].faint[b] ? FAINT : INK,
				       t->rows[i].partial[b], 0, 0);
			} else {
				t->rows[i].pen[b] = pick_pen(g);
				pen(cr, g, t->rows[i].pen[b],
				    mm(r->boxes[b].r.x), mm(r->boxes[b].r.y), 0,
				    t->rows[i].faint[b] ? FAINT : INK,
				    t->rows[i].partial[b]);
			}
			if (uni(g, 0, 1) > 0.04)
				break;
		}
		/* a speck in an empty box now and then (hard: more often,
		 * half of them on the border) */
		for (k = 0; k < nb && !strike_style; k++)
			if (t->rows[i].pen[k] == PLENUM_PEN_NONE &&
			    uni(g, 0, 1) < (hard ? 0.12 : 0.02)) {
				t->rows[i].pen[k] = PLENUM_PEN_SPECK;
				if (hard && next(g) % 2) {
					t->rows[i].edge[k] = true;
					edge_speck(cr, g, mm(r->boxes[k].r.x),
						   mm(r->boxes[k].r.y));
				} else
					pen(cr, g, PLENUM_PEN_SPECK,
					    mm(r->boxes[k].r.x),
					    mm(r->boxes[k].r.y), 0, INK, false);
			}
		for (k = 0; k < nb; k++)
			if (t->rows[i].marked[k]) {
				marked++;
				c = strike_style ? 'N'
						 : kinds[r->boxes[k].kind];
			}
		t->line[i] = strike_style ? (marked ? 'N' : 'Y')
			     : marked > 1 ? 'B'
					  : c;
	}
	t->line[pg->nrows] = '\0';
	n = density > 0 ? (size_t)(next(g) % 4) : 0;
	for (i = 0; i < n; i++)
		t->strays += stray(cr, g, l, p);
}

/* The RGB24 surface's green channel as an 8-bit Pix. */
static PIX *
to_pix(cairo_surface_t *s)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s), x, y, wpl;
	const unsigned char *d = cairo_image_surface_get_data(s);
	PIX *pix = pixCreate(w, h, 8);
	l_uint32 *pd;

	if (pix == NULL)
		return NULL;
	pd = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = 0; y < h; y++) {
		const uint32_t *row =
			(const uint32_t *)(d + (size_t)y * (size_t)stride);
		l_uint32 *line = pd + (size_t)y * (size_t)wpl;

		for (x = 0; x < w; x++)
			SET_DATA_BYTE(line, x, (row[x] >> 8) & 0xff);
	}
	return pix;
}

/* Replaces *pix by f's result, when f gave one. */
static int
swap(PIX **pix, PIX *n)
{
	if (n == NULL)
		return -1;
	pixDestroy(pix);
	*pix = n;
	return 0;
}

static int
degrade(PIX **pix, struct rng *g, const struct plenum_corpus_degrade *d)
{
	if (d->rotate_deg != 0 &&
	    swap(pix, pixRotate(*pix, d->rotate_deg * M_PI / 180,
				L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
				pixGetWidth(*pix), pixGetHeight(*pix))) != 0)
		return -1;
	if (d->scale > 0 && d->scale != 1 &&
	    swap(pix,
		 pixScale(*pix, (l_float32)d->scale, (l_float32)d->scale)) != 0)
		return -1;
	if (d->blur > 0 && swap(pix, pixBlockconv(*pix, d->blur, d->blur)) != 0)
		return -1;
	if (d->upside_down && swap(pix, pixRotate180(NULL, *pix)) != 0)
		return -1;
	if (d->noise > 0) {
		size_t n = (size_t)(d->noise * pixGetWidth(*pix) *
				    pixGetHeight(*pix)),
		       i;

		for (i = 0; i < n; i++)
			pixSetPixel(*pix,
				    (l_int32)(next(g) %
					      (uint64_t)pixGetWidth(*pix)),
				    (l_int32)(next(g) %
					      (uint64_t)pixGetHeight(*pix)),
				    (l_uint32)(next(g) % 200));
	}
	return 0;
}

enum plenum_err
plenum_corpus_page(const struct plenum_layout *l, size_t page, double dpi,
		   uint64_t seed, double density,
		   const struct plenum_corpus_degrade *deg, unsigned char **img,
		   size_t *len, struct plenum_corpus_truth *truth)
{
	return plenum_corpus_page_mix(l, page, dpi, seed, density,
				      PLENUM_CORPUS_USUAL, deg, img, len,
				      truth);
}

enum plenum_err
plenum_corpus_page_mix(const struct plenum_layout *l, size_t page, double dpi,
		       uint64_t seed, double density,
		       enum plenum_corpus_mix mix,
		       const struct plenum_corpus_degrade *deg,
		       unsigned char **img, size_t *len,
		       struct plenum_corpus_truth *truth)
{
	static const struct plenum_corpus_degrade none = { 0 };
	struct rng g = { seed * 0x2545f4914f6cdd1dULL + 1 };
	double k = dpi / 25.4;
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	PIX *pix = NULL;
	enum plenum_err err = PLENUM_ENOMEM;
	l_uint8 *data = NULL;
	size_t size = 0;

	*img = NULL;
	*len = 0;
	memset(truth, 0, sizeof(*truth));
	if (deg == NULL)
		deg = &none;
	if (page >= l->npages || l->pages[page].nrows > 64)
		return PLENUM_EINPUT;
	truth->page = page;
	truth->nrows = l->pages[page].nrows;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
				       (int)lrint(mm(l->page_w) * k),
				       (int)lrint(mm(l->page_h) * k));
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		goto out;
	cr = cairo_create(s);
	cairo_scale(cr, k, k);
	blank(cr, l, page);
	mark(cr, &g, l, page, density, mix, truth);
	cairo_surface_flush(s);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	pix = to_pix(s);
	if (pix == NULL || degrade(&pix, &g, deg) != 0)
		goto out;
	if (deg->jpeg_quality > 0
		    ? pixWriteMemJpeg(&data, &size, pix, deg->jpeg_quality, 0)
		    : pixWriteMemPng(&data, &size, pix, 0))
		goto out;
	*img = data;
	*len = size;
	err = PLENUM_OK;
out:
	pixDestroy(&pix);
	if (cr != NULL)
		cairo_destroy(cr);
	cairo_surface_destroy(s);
	return err;
}

enum plenum_err
plenum_corpus_tiff(const unsigned char *const *imgs, const size_t *lens,
		   size_t n, unsigned char **tiff, size_t *len)
{
	PIXA *pixa = pixaCreate((l_int32)n);
	enum plenum_err err = PLENUM_ENOMEM;
	l_uint8 *data = NULL;
	size_t i, size = 0;

	*tiff = NULL;
	*len = 0;
	if (pixa == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < n; i++) {
		PIX *p = pixReadMem(imgs[i], lens[i]);

		if (p == NULL) {
			err = PLENUM_EINPUT;
			goto out;
		}
		pixaAddPix(pixa, p, L_INSERT);
	}
	if (pixaWriteMemMultipageTiff(&data, &size, pixa) != 0)
		goto out;
	*tiff = data;
	*len = size;
	err = PLENUM_OK;
out:
	pixaDestroy(&pixa);
	return err;
}

json_t *
plenum_corpus_truth_json(const struct plenum_corpus_truth *t)
{
	static const char *const pens[] = {
		"none",	  "circle", "cross", "tick",
		"strike", "speck",  "dash",  "dot"
	};
	json_t *rows = json_array(), *o;
	size_t i, k;

	if (rows == NULL)
		return NULL;
	for (i = 0; i < t->nrows; i++) {
		json_t *r = json_array();

		for (k = 0; k < 3 && r != NULL; k++) {
			char w[64];

			snprintf(w, sizeof(w), "%s%s%s%s%s%s",
				 pens[t->rows[i].pen[k]],
				 t->rows[i].faint[k] ? "/faint" : "",
				 t->rows[i].pale[k] ? "/pale" : "",
				 t->rows[i].partial[k] ? "/partial" : "",
				 t->rows[i].outside[k] ? "/outside" : "",
				 t->rows[i].edge[k] ? "/edge" : "");
			json_array_append_new(r, json_string(w));
		}
		if (r == NULL || json_array_append_new(rows, r) != 0) {
			json_decref(rows);
			return NULL;
		}
	}
	o = json_pack("{s:s, s:I, s:s, s:I, s:o}", "format",
		      "plenum-scan-truth/1", "page", (json_int_t)t->page + 1,
		      "line", t->line, "strays", (json_int_t)t->strays, "pens",
		      rows);
	return o;
}

void
plenum_corpus_random_degrade(uint64_t seed, struct plenum_corpus_degrade *d)
{
	struct rng g = { seed ^ 0x5bd1e995u };

	memset(d, 0, sizeof(*d));
	d->rotate_deg = uni(&g, -5, 5);
	d->scale = uni(&g, 0.9, 1.1);
	d->blur = (int)(next(&g) % 2);
	d->noise = uni(&g, 0, 0.003);
	d->jpeg_quality = next(&g) % 2 ? (int)uni(&g, 40, 80) : 0;
	d->upside_down = next(&g) % 10 == 0;
}

void
plenum_corpus_hard_degrade(uint64_t seed, struct plenum_corpus_degrade *d)
{
	struct rng g = { seed ^ 0x9e3779b9u };

	memset(d, 0, sizeof(*d));
	d->rotate_deg = uni(&g, -5, 5);
	d->scale = uni(&g, 0.9, 1.1);
	d->blur = (int)(next(&g) % 3);
	d->noise = uni(&g, 0, 0.01);
	d->jpeg_quality = next(&g) % 3 ? (int)uni(&g, 15, 31) : 0;
	d->upside_down = next(&g) % 10 == 0;
}
