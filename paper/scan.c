/*
 * scan.c: optical mark recognition of one ballot page.
 *
 * The steps, each of which may end the reading with a reason:
 *   1. decode (leptonica), after checking the header's dimensions against
 *      the caps, and make a plain 8-bit grey copy;
 *   2. the paper's white level (a high percentile of a sample), refused
 *      when the page is too dark or nearly blank;
 *   3. the fiducials: in each corner region of the image, the connected
 *      dark component that is a solid square of plausible size, nearest
 *      the corner; their area gives the scale and their spacing the paper;
 *   4. an affine map from layout millimetres to pixels, least squares over
 *      the four centres, for the page upright and, failing the QR code,
 *      turned by 180 degrees; its worst misfit is kept;
 *   5. the QR code (zbar) inside the rectangle the layout gives it; the
 *      payload must parse and name a layout the caller knows whose page
 *      count, digest and paper agree;
 *   6. every box: ink inside the printed border, shrunk by INNER mm, at
 *      two thresholds (dark and light), and the border itself, which must
 *      be found where the map puts it; vn-strike-out: the longest straight
 *      near-horizontal dark run through the name zone.
 *
 * Invariants: the library never prints (leptonica's messages are off) and
 * every allocation is bounded by the caps in scan.h; a mark is reported
 * read (review false) only when its measure lies outside the band between
 * the thresholds and the geometry checks held, so an error the scanner can
 * see is always flagged, never silently resolved.
 */
#include "scan.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <zbar.h>

#include "buf.h"

/* Geometry, millimetres. */
#define FID_MM	     6.0
#define FID_CENTRE   11.0 /* a fiducial's centre from the page's edges */
#define INNER	     0.9  /* box border to the sampled interior */
#define BORDER_SLACK 0.7  /* how far off its place a border may be */
#define MAX_RESIDUAL 0.6  /* fiducial misfit that makes a page doubtful */
#define BAD_RESIDUAL 2.0  /* ... and unreadable */
#define MIN_PPMM     3.5  /* pixels per mm: about 90 dpi */
#define MAX_PPMM     16.0 /* about 400 dpi */

/* Mark thresholds: shares of the sampled interior. */
#define DARK_HI	 0.05  /* at or above: marked */
#define DARK_LO	 0.012 /* at or below (and light too): empty */
#define LIGHT_LO 0.025

/* Beside a box read empty: the strips left and right of it, BESIDE_IN to
 * BESIDE_OUT mm off its border, where a mark drawn beside the box crosses.
 * Dark at or above BESIDE_DARK in either: flagged. */
#define BESIDE_IN   0.5
#define BESIDE_OUT  1.3
#define BESIDE_DARK 0.025

/* Strike-out: lengths of the longest stroke in millimetres. */
#define STRIKE_YES   20.0 /* at or above: struck */
#define STRIKE_NO    9.0  /* dark below this and light below STRIKE_LIGHT */
#define STRIKE_LIGHT 12.0
#define STRIKE_GAP   0.25 /* a gap a stroke may have */

struct grey {
	unsigned char *p;
	int w, h;
	int white, t_dark, t_light;
};

struct fid {
	double x, y; /* centre, pixels */
	double side; /* sqrt of the area, pixels */
};

/* --- helpers -------------------------------------------------------- */

static void reason(struct plenum_scan_result *r, enum plenum_scan_status s,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
reason(struct plenum_scan_result *r, enum plenum_scan_status s, const char *fmt,
       ...)
{
	va_list ap;

	if (s < r->status)
		return;
	if (s > r->status || r->reason[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
		va_end(ap);
	}
	r->status = s;
}

/* Leptonica writes to stderr beyond its severity setting (e.g. "Bad
 * file: amount too big"); the library must not print, so its stderr
 * handler drops everything. */
static void
drop_message(const char *msg)
{
	(void)msg;
}

static void
quiet(void)
{
	static int done;

	if (!done) {
		setMsgSeverity(L_SEVERITY_NONE);
		leptSetStderrHandler(drop_message);
		done = 1;
	}
}

static void
map(const double a[6], double x, double y, double *u, double *v)
{
	*u = a[0] * x + a[1] * y + a[2];
	*v = a[3] * x + a[4] * y + a[5];
}

/* The grey value at (x, y) mm; white outside the image (*out set). */
static int
at(const struct grey *g, const double a[6], double x, double y, bool *out)
{
	double u, v;
	int iu, iv;

	map(a, x, y, &u, &v);
	iu = (int)lrint(u);
	iv = (int)lrint(v);
	if (iu < 0 || iv < 0 || iu >= g->w || iv >= g->h) {
		if (out != NULL)
			*out = true;
		return 255;
	}
	return g->p[(size_t)iv * (size_t)g->w + (size_t)iu];
}

/* --- decoding ------------------------------------------------------- */

size_t
plenum_scan_page_count(const unsigned char *data, size_t len)
{
	l_int32 format = IFF_UNKNOWN;
	size_t n = 0;

	quiet();
	if (data == NULL || len < 8 || len > PLENUM_SCAN_MAX_BYTES ||
	    findFileFormatBuffer(data, &format) != 0 || format == IFF_UNKNOWN)
		return 0;
	if (format != IFF_TIFF && format != IFF_TIFF_PACKBITS &&
	    format != IFF_TIFF_RLE && format != IFF_TIFF_G3 &&
	    format != IFF_TIFF_G4 && format != IFF_TIFF_LZW &&
	    format != IFF_TIFF_ZIP && format != IFF_TIFF_JPEG)
		return 1;
	/* walk the directory chain without decoding: the header of each */
	do {
		l_int32 w, h, bps, spp, res, cmap, fmt;

		if (n == 0) {
			if (readHeaderMemTiff(data, len, 0, &w, &h, &bps, &spp,
					      &res, &cmap, &fmt) != 0)
				return 0;
			n = 1;
			continue;
		}
		if (readHeaderMemTiff(data, len, (l_int32)n, &w, &h, &bps, &spp,
				      &res, &cmap, &fmt) != 0)
			break;
		n++;
	} while (n < PLENUM_SCAN_MAX_PAGES);
	return n;
}

/* Decodes page `page` into an 8-bit grey Pix, or sets a reason. */
static PIX *
decode(const unsigned char *data, size_t len, size_t page,
       struct plenum_scan_result *r)
{
	l_int32 format = IFF_UNKNOWN, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
	PIX *pix = NULL, *g = NULL;
	bool tiff;

	if (len < 8 || findFileFormatBuffer(data, &format) != 0 ||
	    format == IFF_UNKNOWN) {
		reason(r, PLENUM_SCAN_UNREADABLE, "not an image");
		return NULL;
	}
	tiff = format == IFF_TIFF || format == IFF_TIFF_PACKBITS ||
	       format == IFF_TIFF_RLE || format == IFF_TIFF_G3 ||
	       format == IFF_TIFF_G4 || format == IFF_TIFF_LZW ||
	       format == IFF_TIFF_ZIP || format == IFF_TIFF_JPEG;
	if (format != IFF_PNG && format != IFF_JFIF_JPEG && !tiff) {
		reason(r, PLENUM_SCAN_UNREADABLE,
		       "not a png, tiff or jpeg image");
		return NULL;
	}
	if (page > 0 && !tiff) {
		reason(r, PLENUM_SCAN_UNREADABLE, "no page %zu", page + 1);
		return NULL;
	}
	if (tiff) {
		l_int32 res, fmt;

		if (page >= PLENUM_SCAN_MAX_PAGES ||
		    readHeaderMemTiff(data, len, (l_int32)page, &w, &h, &bps,
				      &spp, &res, &cmap, &fmt) != 0) {
			reason(r, PLENUM_SCAN_UNREADABLE, "no page %zu",
			       page + 1);
			return NULL;
		}
	} else if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp,
				    &cmap) != 0) {
		reason(r, PLENUM_SCAN_UNREADABLE, "unreadable image header");
		return NULL;
	}
	if (w < 64 || h < 64 || w > PLENUM_SCAN_MAX_SIDE ||
	    h > PLENUM_SCAN_MAX_SIDE || bps < 1 || bps > 16 || spp < 1 ||
	    spp > 4) {
		reason(r, PLENUM_SCAN_UNREADABLE,
		       "image of %dx%d pixels, %d bits, %d samples: outside "
		       "64 to %d pixels a side",
		       (int)w, (int)h, (int)bps, (int)spp,
		       PLENUM_SCAN_MAX_SIDE);
		return NULL;
	}
	pix = tiff ? pixReadMemTiff(data, len, (l_int32)page)
		   : pixReadMem(data, len);
	if (pix == NULL) {
		reason(r, PLENUM_SCAN_UNREADABLE, "image data damaged");
		return NULL;
	}
	/* the header may have lied */
	if (pixGetWidth(pix) != w || pixGetHeight(pix) != h) {
		pixDestroy(&pix);
		reason(r, PLENUM_SCAN_UNREADABLE, "image size changed");
		return NULL;
	}
	g = pixConvertTo8(pix, FALSE);
	pixDestroy(&pix);
	if (g == NULL)
		reason(r, PLENUM_SCAN_UNREADABLE, "image cannot be made grey");
	return g;
}

/* Copies an 8-bit Pix into g->p; 0 or -1 (out of memory). */
static int
plain(PIX *pix, struct grey *g)
{
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix), x, y;

	g->w = pixGetWidth(pix);
	g->h = pixGetHeight(pix);
	g->p = malloc((size_t)g->w * (size_t)g->h);
	if (g->p == NULL)
		return -1;
	for (y = 0; y < g->h; y++) {
		l_uint32 *line = data + (size_t)y * (size_t)wpl;
		unsigned char *o = g->p + (size_t)y * (size_t)g->w;

		for (x = 0; x < g->w; x++)
			o[x] = (unsigned char)GET_DATA_BYTE(line, x);
	}
	return 0;
}

/* The paper's white: the 90th percentile of a sample of pixels. */
static int
white_level(struct grey *g, double *dark_share)
{
	size_t hist[256] = { 0 }, n = 0, acc = 0, dark = 0;
	size_t i, step, total = (size_t)g->w * (size_t)g->h;
	int v;

	step = total / 200000 + 1;
	for (i = 0; i < total; i += step, n++)
		hist[g->p[i]]++;
	for (v = 255; v >= 0; v--) {
		acc += hist[v];
		if (acc * 10 >= n)
			break;
	}
	for (i = 0; i < (size_t)(v / 2); i++)
		dark += hist[i];
	*dark_share = n ? (double)dark / (double)n : 0;
	return v;
}

/* --- fiducials ------------------------------------------------------ */

/*
 * Finds in region [x0, x1) x [y0, y1) the solid square nearest (cx, cy).
 * mark is a scratch byte map of the whole image, cleared by the caller;
 * stack holds up to region-size points.  Returns 0 or -1 (none).
 */
static int
find_fid(const struct grey *g, int x0, int y0, int x1, int y1, int cx, int cy,
	 unsigned char *mark, int32_t *stack, struct fid *out)
{
	int minside = (int)(0.008 * (g->w > g->h ? g->w : g->h)) + 4;
	int maxside = (int)(0.045 * (g->w > g->h ? g->w : g->h)) + 4;
	double best = -1;
	int x, y;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++) {
			size_t i = (size_t)y * (size_t)g->w + (size_t)x;
			int bx0 = x, bx1 = x, by0 = y, by1 = y;
			size_t n = 0, sp = 0;
			double sx = 0, sy = 0, bw, bh, fill, d;

			if (mark[i] || g->p[i] >= g->t_dark)
				continue;
			mark[i] = 1;
			stack[sp++] = (int32_t)(i);
			while (sp > 0) {
				int32_t j = stack[--sp];
				int px = (int)(j % g->w), py = (int)(j / g->w);
				int dx, dy;

				n++;
				sx += px;
				sy += py;
				bx0 = px < bx0 ? px : bx0;
				bx1 = px > bx1 ? px : bx1;
				by0 = py < by0 ? py : by0;
				by1 = py > by1 ? py : by1;
				for (dy = -1; dy <= 1; dy++)
					for (dx = -1; dx <= 1; dx++) {
						int qx = px + dx, qy = py + dy;
						size_t k;

						if (qx < x0 || qy < y0 ||
						    qx >= x1 || qy >= y1)
							continue;
						k = (size_t)qy * (size_t)g->w +
						    (size_t)qx;
						if (mark[k] ||
						    g->p[k] >= g->t_dark)
							continue;
						mark[k] = 1;
						stack[sp++] = (int32_t)k;
					}
			}
			bw = bx1 - bx0 + 1;
			bh = by1 - by0 + 1;
			if (bw < minside || bh < minside || bw > maxside ||
			    bh > maxside || bw > 1.4 * bh || bh > 1.4 * bw)
				continue;
			fill = (double)n / (bw * bh);
			if (fill < 0.7)
				continue;
			sx /= (double)n;
			sy /= (double)n;
			d = hypot(sx - cx, sy - cy);
			if (best < 0 || d < best) {
				best = d;
				out->x = sx;
				out->y = sy;
				out->side = sqrt((double)n);
			}
		}
	return best < 0 ? -1 : 0;
}

static int
find_fids(const struct grey *g, struct fid f[4])
{
	int rw = g->w / 5, rh = g->h * 3 / 20, k, rc = -1;
	unsigned char *mark = calloc((size_t)g->w * (size_t)g->h, 1);
	int32_t *stack = malloc((size_t)rw * (size_t)rh * sizeof(*stack));

	if (mark == NULL || stack == NULL)
		goto out;
	for (k = 0; k < 4; k++) {
		int x0 = k & 1 ? g->w - rw : 0, y0 = k & 2 ? g->h - rh : 0;

		if (find_fid(g, x0, y0, x0 + rw, y0 + rh, k & 1 ? g->w : 0,
			     k & 2 ? g->h : 0, mark, stack, &f[k]) != 0)
			goto out;
	}
	rc = 0;
out:
	free(mark);
	free(stack);
	return rc;
}

/* Least-squares affine map from the points s (mm) to d (pixels). */
static int
fit(const double s[4][2], const struct fid *d[4], double a[6], double *worst)
{
	double m[3][3] = { { 0 } }, bx[3] = { 0 }, by[3] = { 0 }, det;
	double inv[3][3];
	int i, j, k;

	for (k = 0; k < 4; k++) {
		double row[3] = { s[k][0], s[k][1], 1 };

		for (i = 0; i < 3; i++) {
			for (j = 0; j < 3; j++)
				m[i][j] += row[i] * row[j];
			bx[i] += row[i] * d[k]->x;
			by[i] += row[i] * d[k]->y;
		}
	}
	det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
	      m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
	      m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
	if (fabs(det) < 1e-9)
		return -1;
	inv[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
	inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
	inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
	inv[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
	inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
	inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
	inv[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
	inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
	inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
	for (i = 0; i < 3; i++) {
		a[i] = inv[i][0] * bx[0] + inv[i][1] * bx[1] +
		       inv[i][2] * bx[2];
		a[3 + i] = inv[i][0] * by[0] + inv[i][1] * by[1] +
			   inv[i][2] * by[2];
	}
	*worst = 0;
	for (k = 0; k < 4; k++) {
		double u, v, e;

		map(a, s[k][0], s[k][1], &u, &v);
		e = hypot(u - d[k]->x, v - d[k]->y);
		if (e > *worst)
			*worst = e;
	}
	return 0;
}

/* Pixels per millimetre of an affine map (the root of its area scale). */
static double
ppmm(const double a[6])
{
	return sqrt(fabs(a[0] * a[4] - a[1] * a[3]));
}

/* --- the QR code ---------------------------------------------------- */

/* Reads a QR code inside rect (mm) into text; 0 or -1. */
static int
read_qr(const struct grey *g, const double a[6], struct plenum_rect qr,
	char *text, size_t size)
{
	double xs[2] = { qr.x / 1000.0 - 3, (qr.x + qr.w) / 1000.0 + 3 };
	double ys[2] = { qr.y / 1000.0 - 3, (qr.y + qr.h) / 1000.0 + 3 };
	double u0 = 1e18, v0 = 1e18, u1 = -1e18, v1 = -1e18;
	zbar_image_scanner_t *sc = NULL;
	zbar_image_t *img = NULL;
	unsigned char *crop = NULL;
	int i, j, x0, y0, cw, ch, rc = -1;
	const zbar_symbol_t *sym;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++) {
			double u, v;

			map(a, xs[i], ys[j], &u, &v);
			u0 = fmin(u0, u);
			v0 = fmin(v0, v);
			u1 = fmax(u1, u);
			v1 = fmax(v1, v);
		}
	x0 = (int)fmax(0, floor(u0));
	y0 = (int)fmax(0, floor(v0));
	cw = (int)fmin(g->w, ceil(u1)) - x0;
	ch = (int)fmin(g->h, ceil(v1)) - y0;
	if (cw < 16 || ch < 16)
		return -1;
	crop = malloc((size_t)cw * (size_t)ch);
	sc = zbar_image_scanner_create();
	img = zbar_image_create();
	if (crop == NULL || sc == NULL || img == NULL)
		goto out;
	for (j = 0; j < ch; j++)
		memcpy(crop + (size_t)j * (size_t)cw,
		       g->p + (size_t)(y0 + j) * (size_t)g->w + (size_t)x0,
		       (size_t)cw);
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)cw, (unsigned)ch);
	zbar_image_set_data(img, crop, (unsigned long)cw * (unsigned long)ch,
			    NULL);
	if (zbar_scan_image(sc, img) <= 0)
		goto out;
	for (sym = zbar_image_first_symbol(img); sym != NULL;
	     sym = zbar_symbol_next(sym)) {
		unsigned n = zbar_symbol_get_data_length(sym);

		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE || n == 0 ||
		    n >= size)
			continue;
		memcpy(text, zbar_symbol_get_data(sym), n);
		text[n] = '\0';
		if (strlen(text) == n) {
			rc = 0;
			break;
		}
	}
out:
	if (img != NULL)
		zbar_image_destroy(img);
	if (sc != NULL)
		zbar_image_scanner_destroy(sc);
	free(crop);
	return rc;
}

/* --- marks ---------------------------------------------------------- */

static double
clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Whether the printed border of box (mm) lies where the map says. */
static bool
border_found(const struct grey *g, const double a[6], double x, double y,
	     double side, double step)
{
	int hits = 0, total = 0, s, k;

	for (s = 0; s < 4; s++)
		for (k = 1; k <= 8; k++) {
			double t = side * k / 9.0, o;
			int best = 255;

			for (o = -BORDER_SLACK; o <= BORDER_SLACK; o += step) {
				double px, py;
				int v;

				switch (s) {
				case 0:
					px = x + t, py = y + o;
					break;
				case 1:
					px = x + t, py = y + side + o;
					break;
				case 2:
					px = x + o, py = y + t;
					break;
				default:
					px = x + side + o, py = y + t;
					break;
				}
				v = at(g, a, px, py, NULL);
				best = v < best ? v : best;
			}
			total++;
			if (best < g->t_light)
				hits++;
		}
	return hits * 5 >= total * 4;
}

/* The larger dark share of the strips left and right of a box (mm). */
static double
beside(const struct grey *g, const double a[6], double x0, double y0,
       double side, double step)
{
	double worst = 0, x, y;
	int s;

	for (s = 0; s < 2; s++) {
		double xa = s ? x0 + side + BESIDE_IN : x0 - BESIDE_OUT;
		size_t n = 0, dark = 0;

		for (y = y0; y < y0 + side; y += step)
			for (x = xa; x < xa + BESIDE_OUT - BESIDE_IN;
			     x += step) {
				n++;
				dark += at(g, a, x, y, NULL) < g->t_dark;
			}
		if (n > 0)
			worst = fmax(worst, (double)dark / (double)n);
	}
	return worst;
}

static void
read_box(const struct grey *g, const double a[6], struct plenum_rect r,
	 struct plenum_scan_mark *m)
{
	double step = 1.0 / ppmm(a), x0 = r.x / 1000.0, y0 = r.y / 1000.0;
	double side = r.w / 1000.0, x, y, dark_r, light_r, mid;
	size_t n = 0, dark = 0, light = 0;
	bool out = false;

	for (y = y0 + INNER; y < y0 + side - INNER; y += step)
		for (x = x0 + INNER; x < x0 + side - INNER; x += step) {
			int v = at(g, a, x, y, &out);

			n++;
			dark += v < g->t_dark;
			light += v < g->t_light;
		}
	dark_r = n ? (double)dark / (double)n : 0;
	light_r = n ? (double)light / (double)n : 0;
	m->ink = dark_r;
	mid = (DARK_LO + DARK_HI) / 2;
	if (out || n == 0) {
		m->marked = false;
		m->review = true;
		m->confidence = 0;
	} else if (dark_r >= DARK_HI) {
		m->marked = true;
		m->confidence =
			clamp01(0.5 + 0.5 * (dark_r - DARK_HI) / DARK_HI);
	} else if (dark_r <= DARK_LO && light_r <= LIGHT_LO) {
		m->marked = false;
		m->confidence = clamp01(
			1 - 0.5 * fmax(dark_r / DARK_LO, light_r / LIGHT_LO));
	} else {
		m->marked = dark_r >= mid;
		m->review = true;
		m->confidence = 0.49 * clamp01(fabs(dark_r - mid) /
					       ((DARK_HI - DARK_LO) / 2));
	}
	if (!m->review && !border_found(g, a, x0, y0, side, step)) {
		m->review = true;
		m->confidence = fmin(m->confidence, 0.3);
	}
	/* empty inside, but ink crossing beside it: a mark drawn next to
	 * the box, which a person may count */
	if (!m->review && !m->marked &&
	    beside(g, a, x0, y0, side, step) >= BESIDE_DARK) {
		m->review = true;
		m->confidence = fmin(m->confidence, 0.3);
	}
}

/* The longest straight run (mm) of pixels darker than t in zone r. */
static void
strike_runs(const struct grey *g, const double a[6], struct plenum_rect r,
	    double *dark_mm, double *light_mm)
{
	static const double slopes[] = { 0,    -0.035, 0.035, -0.07,
					 0.07, -0.105, 0.105 };
	double step = 1.0 / ppmm(a), x0 = r.x / 1000.0 + 1.0;
	double x1 = (r.x + r.w) / 1000.0 - 1.0, ytop = r.y / 1000.0 + 1.5;
	double ybot = (r.y + r.h) / 1000.0 - 1.5, xc = (x0 + x1) / 2;
	double yy, x, best_d = 0, best_l = 0;
	size_t s;

	for (s = 0; s < sizeof(slopes) / sizeof(slopes[0]); s++)
		for (yy = ytop; yy <= ybot; yy += step) {
			double run_d = 0, gap_d = 0, run_l = 0, gap_l = 0;

			for (x = x0; x <= x1; x += step) {
				double y = yy + (x - xc) * slopes[s];
				int v;

				if (y < ytop - 1 || y > ybot + 1)
					continue;
				v = at(g, a, x, y, NULL);
				if (v < g->t_dark) {
					run_d += step + gap_d;
					gap_d = 0;
				} else if (run_d > 0 &&
					   (gap_d += step) > STRIKE_GAP) {
					run_d = gap_d = 0;
				}
				if (v < g->t_light) {
					run_l += step + gap_l;
					gap_l = 0;
				} else if (run_l > 0 &&
					   (gap_l += step) > STRIKE_GAP) {
					run_l = gap_l = 0;
				}
				best_d = fmax(best_d, run_d);
				best_l = fmax(best_l, run_l);
			}
		}
	*dark_mm = best_d;
	*light_mm = best_l;
}

static void
read_strike(const struct grey *g, const double a[6], struct plenum_rect r,
	    struct plenum_scan_mark *m)
{
	double d, l;

	strike_runs(g, a, r, &d, &l);
	m->ink = d;
	if (d >= STRIKE_YES) {
		m->marked = true;
		m->confidence = clamp01(0.5 + 0.5 * (d - STRIKE_YES) / 20);
	} else if (d < STRIKE_NO && l < STRIKE_LIGHT) {
		m->confidence = clamp01(
			1 - 0.5 * fmax(d / STRIKE_NO, l / STRIKE_LIGHT));
	} else {
		m->marked = d >= (STRIKE_NO + STRIKE_YES) / 2;
		m->review = true;
		m->confidence = 0.3;
	}
}

/* The line character of row i of the page from its marks. */
static char
row_char(const struct plenum_layout *l, const struct plenum_scan_mark *m,
	 size_t n)
{
	static const char kinds[] = { 'Y', 'N', 'A' };
	size_t k, marked = 0;
	char c = '-';

	if (l->desc.style == PLENUM_STYLE_VN_STRIKE_OUT)
		return n == 1 && !m[0].review ? (m[0].marked ? 'N' : 'Y') : '?';
	for (k = 0; k < n; k++) {
		if (m[k].review)
			return '?';
		if (m[k].marked) {
			marked++;
			c = kinds[m[k].kind];
		}
	}
	return marked > 1 ? 'B' : c;
}

static enum plenum_err
read_marks(const struct grey *g, struct plenum_scan_result *r)
{
	const struct plenum_layout *l = r->layout;
	const struct plenum_layout_page *pg = &l->pages[r->page];
	bool strike = l->desc.style == PLENUM_STYLE_VN_STRIKE_OUT;
	size_t i, k, n = 0;

	for (i = 0; i < pg->nrows; i++)
		n += strike ? 1 : l->rows[pg->first_row + i].nboxes;
	r->marks = calloc(n ? n : 1, sizeof(*r->marks));
	r->line = calloc(pg->nrows + 1, 1);
	if (r->marks == NULL || r->line == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < pg->nrows; i++) {
		const struct plenum_layout_row *row =
			&l->rows[pg->first_row + i];
		struct plenum_scan_mark *first = r->marks + r->nmarks;
		size_t nb = strike ? 1 : row->nboxes;

		for (k = 0; k < nb; k++) {
			struct plenum_scan_mark *m = &r->marks[r->nmarks++];

			m->row = pg->first_row + i;
			m->box = k;
			if (strike) {
				m->kind = PLENUM_BOX_YES;
				read_strike(g, r->affine, row->name, m);
			} else {
				m->kind = row->boxes[k].kind;
				read_box(g, r->affine, row->boxes[k].r, m);
			}
			r->nreview += m->review;
		}
		r->line[i] = row_char(l, first, nb);
		if (row->write_in && r->line[i] == 'Y')
			reason(r, PLENUM_SCAN_REVIEW,
			       "write-in line %zu marked: the name is for a "
			       "person to read",
			       row->candidate + 1);
	}
	if (r->nreview > 0)
		reason(r, PLENUM_SCAN_REVIEW, "%zu unclear mark%s", r->nreview,
		       r->nreview == 1 ? "" : "s");
	return PLENUM_OK;
}

/* --- the page ------------------------------------------------------- */

/* Checks that layout l fits what the QR code and the page say. */
static const char *
layout_mismatch(const struct plenum_layout *l,
		const struct plenum_ballot_qr *qr, double page_w_mm)
{
	if (l->npages != qr->pages || qr->page < 1 || qr->page > l->npages)
		return "page count differs from the layout";
	if (strncmp(l->digest_hex, qr->digest16, 16) != 0)
		return "layout digest differs";
	if (fabs(l->page_w / 1000.0 - page_w_mm) > 30)
		return "paper size differs from the layout";
	return NULL;
}

static void
centres(double w, double h, double s[4][2])
{
	s[0][0] = FID_CENTRE, s[0][1] = FID_CENTRE;
	s[1][0] = w - FID_CENTRE, s[1][1] = FID_CENTRE;
	s[2][0] = FID_CENTRE, s[2][1] = h - FID_CENTRE;
	s[3][0] = w - FID_CENTRE, s[3][1] = h - FID_CENTRE;
}

static enum plenum_err
recognise(const struct grey *g, plenum_scan_find_layout find, void *ctx,
	  struct plenum_scan_result *r)
{
	static const int perms[2][4] = { { 0, 1, 2, 3 }, { 3, 2, 1, 0 } };
	struct fid f[4];
	const struct fid *d[4];
	double s[4][2], side = 0, pw, ph, span, worst, px;
	const struct plenum_layout *l;
	int k, p;
	const char *why;

	if (find_fids(g, f) != 0) {
		reason(r, PLENUM_SCAN_UNREADABLE, "fiducials not found");
		return PLENUM_OK;
	}
	for (k = 0; k < 4; k++)
		side += f[k].side / 4;
	for (k = 0; k < 4; k++)
		if (fabs(f[k].side - side) > 0.25 * side) {
			reason(r, PLENUM_SCAN_UNREADABLE,
			       "fiducials of unequal size");
			return PLENUM_OK;
		}
	/* the paper from the fiducials' spacing in fiducial sides */
	px = side / FID_MM;
	span = (hypot(f[1].x - f[0].x, f[1].y - f[0].y) +
		hypot(f[3].x - f[2].x, f[3].y - f[2].y)) /
	       2 / px;
	pw = span + 2 * FID_CENTRE < 253.5 ? 210 : 297;
	ph = pw == 210 ? 297 : 420;
	centres(pw, ph, s);
	for (p = 0; p < 2; p++) {
		for (k = 0; k < 4; k++)
			d[k] = &f[perms[p][k]];
		if (fit(s, d, r->affine, &worst) != 0)
			continue;
		px = ppmm(r->affine);
		if (px < MIN_PPMM || px > MAX_PPMM)
			continue;
		if (read_qr(g, r->affine,
			    (struct plenum_rect){ (int32_t)(pw * 1000) - 46000,
						  18000, 26000, 26000 },
			    r->payload, sizeof(r->payload)) == 0) {
			r->rotation = p ? 180 : 0;
			break;
		}
	}
	if (p == 2) {
		reason(r, PLENUM_SCAN_UNREADABLE, "qr code not read");
		return PLENUM_OK;
	}
	r->dpi = ppmm(r->affine) * 25.4;
	r->residual_mm = worst / ppmm(r->affine);
	if (plenum_layout_payload_parse(r->payload, &r->qr) != PLENUM_OK) {
		reason(r, PLENUM_SCAN_UNREADABLE,
		       "qr code is not a ballot's: '%.60s'", r->payload);
		return PLENUM_OK;
	}
	l = find != NULL ? find(ctx, &r->qr) : NULL;
	if (l == NULL) {
		reason(r, PLENUM_SCAN_UNREADABLE, "unknown ballot '%.16s'",
		       r->qr.digest16);
		return PLENUM_OK;
	}
	if ((why = layout_mismatch(l, &r->qr, pw)) != NULL) {
		reason(r, PLENUM_SCAN_UNREADABLE, "%s", why);
		return PLENUM_OK;
	}
	r->layout = l;
	r->page = r->qr.page - 1;
	if (l->page_w != (int32_t)(pw * 1000) ||
	    l->page_h != (int32_t)(ph * 1000)) {
		/* the layout's own frame, should it ever differ */
		for (k = 0; k < 4; k++) {
			s[k][0] = (l->fiducials[k].x + l->fiducials[k].w / 2) /
				  1000.0;
			s[k][1] = (l->fiducials[k].y + l->fiducials[k].h / 2) /
				  1000.0;
		}
		if (fit(s, d, r->affine, &worst) != 0) {
			reason(r, PLENUM_SCAN_UNREADABLE, "degenerate page");
			return PLENUM_OK;
		}
		r->residual_mm = worst / ppmm(r->affine);
	}
	if (r->residual_mm > BAD_RESIDUAL) {
		reason(r, PLENUM_SCAN_UNREADABLE,
		       "fiducials misplaced by %.1f mm", r->residual_mm);
		return PLENUM_OK;
	}
	if (read_marks(g, r) != PLENUM_OK)
		return PLENUM_ENOMEM;
	if (r->residual_mm > MAX_RESIDUAL) {
		size_t i;

		/* a warped page: nothing on it is read without a person */
		for (i = 0; i < r->nmarks; i++)
			if (!r->marks[i].review) {
				r->marks[i].review = true;
				r->marks[i].confidence =
					fmin(r->marks[i].confidence, 0.3);
				r->nreview++;
			}
		memset(r->line, '?', strlen(r->line));
		reason(r, PLENUM_SCAN_REVIEW,
		       "page warped: fiducials misplaced by %.1f mm",
		       r->residual_mm);
	}
	return PLENUM_OK;
}

enum plenum_err
plenum_scan_image(const unsigned char *data, size_t len, size_t page,
		  plenum_scan_find_layout find, void *ctx,
		  struct plenum_scan_result *out, struct plenum_diag *diag)
{
	struct grey g = { 0 };
	enum plenum_err err = PLENUM_OK;
	double dark_share;
	PIX *pix = NULL;

	quiet();
	memset(out, 0, sizeof(*out));
	if (data == NULL || len > PLENUM_SCAN_MAX_BYTES) {
		reason(out, PLENUM_SCAN_UNREADABLE, "image of %zu bytes", len);
		err = plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				      "image of %zu bytes: at most %u", len,
				      PLENUM_SCAN_MAX_BYTES);
		goto out;
	}
	pix = decode(data, len, page, out);
	if (pix == NULL)
		goto out;
	if (plain(pix, &g) != 0) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	out->width = g.w;
	out->height = g.h;
	g.white = white_level(&g, &dark_share);
	if (g.white < 100) {
		reason(out, PLENUM_SCAN_UNREADABLE, "page too dark");
		goto out;
	}
	g.t_dark = g.white * 66 / 100;
	g.t_light = g.white * 86 / 100;
	err = recognise(&g, find, ctx, out);
out:
	if (err == PLENUM_ENOMEM) {
		reason(out, PLENUM_SCAN_UNREADABLE, "out of memory");
		plenum_diag_set(diag, err, 0, 0, "out of memory");
	}
	if (out->status == PLENUM_SCAN_UNREADABLE) {
		free(out->line);
		out->line = NULL;
	}
	pixDestroy(&pix);
	free(g.p);
	return err;
}

void
plenum_scan_result_release(struct plenum_scan_result *r)
{
	if (r == NULL)
		return;
	free(r->marks);
	free(r->line);
	memset(r, 0, sizeof(*r));
}

static const char *
status_word(enum plenum_scan_status s)
{
	return s == PLENUM_SCAN_OK	 ? "ok"
	       : s == PLENUM_SCAN_REVIEW ? "review"
					 : "unreadable";
}

json_t *
plenum_scan_result_json(const struct plenum_scan_result *r)
{
	json_t *o = NULL, *marks;
	size_t i;

	marks = json_array();
	if (marks == NULL)
		return NULL;
	for (i = 0; i < r->nmarks; i++) {
		const struct plenum_scan_mark *m = &r->marks[i];
		json_t *j = json_pack(
			"{s:I, s:I, s:s, s:b, s:b, s:f, s:f}", "row",
			(json_int_t)m->row, "box", (json_int_t)m->box, "kind",
			plenum_layout_box_word(m->kind), "marked", m->marked,
			"review", m->review, "ink", round(m->ink * 1e4) / 1e4,
			"confidence", round(m->confidence * 1e3) / 1e3);

		if (j == NULL || json_array_append_new(marks, j) != 0) {
			json_decref(marks);
			return NULL;
		}
	}
	o = json_pack(
		"{s:s, s:s, s:s, s:s, s:s?, s:I, s:i, s:i, s:f, s:i, "
		"s:f, s:s?, s:I, s:o}",
		"format", "plenum-scan/1", "status", status_word(r->status),
		"reason", r->reason, "payload", r->payload, "digest",
		r->layout != NULL ? r->layout->digest_hex : NULL, "page",
		(json_int_t)(r->layout != NULL ? r->page + 1 : 0), "width",
		r->width, "height", r->height, "dpi", round(r->dpi * 10) / 10,
		"rotation", r->rotation, "residual_mm",
		round(r->residual_mm * 1000) / 1000, "line", r->line, "review",
		(json_int_t)r->nreview, "marks", marks);
	return o;
}

enum plenum_err
plenum_scan_ballot_line(const struct plenum_layout *l, const char *const *lines,
			size_t n, char **out, struct plenum_diag *diag)
{
	struct plenum_buf b;
	enum plenum_err err = PLENUM_OK;
	size_t p, i;

	*out = NULL;
	plenum_buf_init(&b, 1 << 20);
	if (n != l->npages) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "%zu pages for a ballot of %zu", n,
				      l->npages);
		goto out;
	}
	for (p = 0; p < n; p++)
		if (lines[p] == NULL || strlen(lines[p]) != l->pages[p].nrows) {
			err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					      "page %zu: line of the wrong "
					      "length",
					      p + 1);
			goto out;
		}
	for (p = 0; p < n && err == PLENUM_OK; p++)
		for (i = 0; i < l->pages[p].nrows && err == PLENUM_OK; i++)
			if (!l->rows[l->pages[p].first_row + i].write_in)
				err = plenum_buf_addc(&b, lines[p][i]);
	for (p = 0; p < n && err == PLENUM_OK; p++)
		for (i = 0; i < l->pages[p].nrows && err == PLENUM_OK; i++)
			if (l->rows[l->pages[p].first_row + i].write_in &&
			    lines[p][i] == 'Y')
				err = plenum_buf_adds(&b, "\tw:Y:?");
	if (err != PLENUM_OK)
		goto out;
	*out = plenum_buf_detach(&b);
	if (*out == NULL)
		err = PLENUM_ENOMEM;
out:
	plenum_buf_release(&b);
	return err;
}

enum plenum_err
plenum_scan_preview(const unsigned char *data, size_t len, size_t page,
		    int max_side, unsigned char **png, size_t *png_len,
		    struct plenum_diag *diag)
{
	struct plenum_scan_result r;
	PIX *g, *s = NULL;
	l_uint8 *out = NULL;
	size_t n = 0;
	float f;
	int side;

	*png = NULL;
	*png_len = 0;
	memset(&r, 0, sizeof(r));
	if (len > PLENUM_SCAN_MAX_BYTES)
		return plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				       "image of %zu bytes: at most %u", len,
				       PLENUM_SCAN_MAX_BYTES);
	if ((g = decode(data, len, page, &r)) == NULL)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0, "%s",
				       r.reason);
	side = pixGetWidth(g) > pixGetHeight(g) ? pixGetWidth(g)
						: pixGetHeight(g);
	f = max_side > 0 && side > max_side ? (float)max_side / (float)side
					    : 1.0f;
	s = f < 1.0f ? pixScaleGrayLI(g, f, f) : pixClone(g);
	pixDestroy(&g);
	if (s == NULL || pixWriteMemPng(&out, &n, s, 0.0f) != 0 || n == 0) {
		pixDestroy(&s);
		free(out);
		return PLENUM_ENOMEM;
	}
	pixDestroy(&s);
	*png = out;
	*png_len = n;
	return PLENUM_OK;
}
