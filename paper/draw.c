/*
 * draw.c: cairo, pango and libqrencode behind one small drawing context.
 *
 * Units: callers speak integer micrometres from the top-left corner; the
 * PDF's user space is points (1/72 inch), so every coordinate passes
 * through PT().  Pango runs at 72 dpi on a context of our own with hinting
 * off, so text measures the same on the PDF and on a recording, and a
 * font size in points is a size in user units.
 *
 * Fonts: each locale names fontconfig families explicitly (Han unification:
 * "Noto Sans CJK TC" for zh-Hant, "SC" for zh-Hans) and sets the pango
 * language (zh-Hans, zh-Hant, vi, en) so HarfBuzz applies the locale's
 * forms.  Symbols (○ ✕) come from Noto Sans Symbols2 after the main
 * family.  Glyphs are drawn by show_layout() rather than pango's own
 * renderer, through synthetic copies of pango's faces, so that cairo
 * embeds every font as a subset built from FreeType's outlines: see the
 * comment above synthetic_face() for the cairo 1.16 bug this avoids.  The
 * embedded fonts are then named CairoFont-N-M; the PDF's Keywords list the
 * fonts they came from.
 *
 * Reproducibility: the creation date is PLENUM_PAPER_DATE; cairo 1.16
 * writes no /ID and derives its subset tags from the glyphs, so the same
 * calls give the same bytes.
 *
 * Invariant: d->err is PLENUM_OK until the first failure and never goes
 * back; the drawing calls after it do nothing.
 */
#include "draw.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <qrencode.h>

#define PT(um) ((double)(um) * (72.0 / 25400.0))
#define UM(pt) ((int32_t)((pt) * (25400.0 / 72.0) + 0.5))

struct plenum_draw {
	char locale[8];
	cairo_surface_t *pdf;
	cairo_t *pdf_cr;
	cairo_t *cr;	      /* pdf_cr, or a recording's */
	cairo_surface_t *rec; /* the recording being drawn, or NULL */
	double w_pt, h_pt;
	PangoContext *pango;
	PangoLayout *layout;
	PangoFontDescription *faces[PLENUM_FACE_COUNT];
	struct face_pair {
		cairo_font_face_t *orig, *synth;
	} * faces_cache; /* pango's faces and our synthetic copies */
	size_t nfaces;
	char fonts_used[512]; /* "Noto Sans CJK TC Regular, ..." */
	const struct plenum_paper_sink *sink;
	bool sink_failed;
	enum plenum_err err;
	struct plenum_diag diag;
};

struct locale_fonts {
	const char *locale;
	const char *faces[PLENUM_FACE_COUNT];
};

static const struct locale_fonts fonts[] = {
	{ "zh-Hans",
	  { "Noto Sans CJK SC,Noto Sans Symbols2",
	    "Noto Sans CJK SC,Noto Sans Symbols2 Bold",
	    "Noto Serif CJK SC,Noto Sans Symbols2 Bold",
	    "Noto Sans Mono CJK SC,Noto Sans Symbols2" } },
	{ "zh-Hant",
	  { "Noto Sans CJK TC,Noto Sans Symbols2",
	    "Noto Sans CJK TC,Noto Sans Symbols2 Bold",
	    "Noto Serif CJK TC,Noto Sans Symbols2 Bold",
	    "Noto Sans Mono CJK TC,Noto Sans Symbols2" } },
	{ "vi",
	  { "Noto Sans,Noto Sans CJK SC,Noto Sans Symbols2",
	    "Noto Sans,Noto Sans CJK SC,Noto Sans Symbols2 Bold",
	    "Noto Serif,Noto Serif CJK SC,Noto Sans Symbols2 Bold",
	    "Noto Sans Mono CJK SC,Noto Sans Symbols2" } },
	{ "en",
	  { "Noto Sans,Noto Sans CJK SC,Noto Sans Symbols2",
	    "Noto Sans,Noto Sans CJK SC,Noto Sans Symbols2 Bold",
	    "Noto Serif,Noto Serif CJK SC,Noto Sans Symbols2 Bold",
	    "Noto Sans Mono CJK SC,Noto Sans Symbols2" } },
};

enum plenum_err
plenum_draw_fail(struct plenum_draw *d, enum plenum_err err, const char *fmt,
		 ...)
{
	va_list ap;

	if (d->err != PLENUM_OK)
		return d->err;
	va_start(ap, fmt);
	d->err = plenum_diag_setv(&d->diag, err, 0, 0, fmt, ap);
	va_end(ap);
	return d->err;
}

enum plenum_err
plenum_draw_error(const struct plenum_draw *d)
{
	return d->err;
}

const struct plenum_diag *
plenum_draw_diag(const struct plenum_draw *d)
{
	return d->err != PLENUM_OK ? &d->diag : NULL;
}

const char *
plenum_draw_locale(const struct plenum_draw *d)
{
	return d->locale;
}

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct plenum_draw *d = closure;

	if (d->sink_failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (d->sink->write(d->sink->ctx, data, length) != 0) {
		d->sink_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static enum plenum_err
cairo_err(struct plenum_draw *d, cairo_status_t st)
{
	if (d->sink_failed)
		return plenum_draw_fail(d, PLENUM_EIO,
					"writing the pdf failed");
	if (st == CAIRO_STATUS_NO_MEMORY)
		return plenum_draw_fail(d, PLENUM_ENOMEM, "out of memory");
	return plenum_draw_fail(d, PLENUM_EINTERNAL, "cairo: %s",
				cairo_status_to_string(st));
}

enum plenum_err
plenum_draw_new(const char *locale, int32_t w, int32_t h, const char *title,
		const struct plenum_paper_sink *sink, struct plenum_draw **out,
		struct plenum_diag *diag)
{
	struct plenum_draw *d;
	const struct locale_fonts *lf = &fonts[3];
	cairo_font_options_t *fo;
	enum plenum_err err = PLENUM_OK;
	size_t i;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++)
		if (locale != NULL && strcmp(locale, fonts[i].locale) == 0)
			lf = &fonts[i];
	snprintf(d->locale, sizeof(d->locale), "%s", lf->locale);
	d->sink = sink;
	d->w_pt = PT(w);
	d->h_pt = PT(h);
	d->pdf = cairo_pdf_surface_create_for_stream(sink_write, d, d->w_pt,
						     d->h_pt);
	if (cairo_surface_status(d->pdf) != CAIRO_STATUS_SUCCESS) {
		err = cairo_err(d, cairo_surface_status(d->pdf));
		goto out;
	}
	cairo_pdf_surface_restrict_to_version(d->pdf, CAIRO_PDF_VERSION_1_5);
	cairo_pdf_surface_set_metadata(d->pdf, CAIRO_PDF_METADATA_CREATE_DATE,
				       PLENUM_PAPER_DATE);
	cairo_pdf_surface_set_metadata(d->pdf, CAIRO_PDF_METADATA_CREATOR,
				       "plenum");
	if (title != NULL)
		cairo_pdf_surface_set_metadata(d->pdf, CAIRO_PDF_METADATA_TITLE,
					       title);
	d->pdf_cr = cairo_create(d->pdf);
	d->cr = d->pdf_cr;
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) {
		err = cairo_err(d, cairo_status(d->cr));
		goto out;
	}

	d->pango = pango_font_map_create_context(
		pango_cairo_font_map_get_default());
	if (d->pango == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	pango_cairo_context_set_resolution(d->pango, 72.0);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(d->pango, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(d->pango,
				   pango_language_from_string(lf->locale));
	d->layout = pango_layout_new(d->pango);
	if (d->layout == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	for (i = 0; i < PLENUM_FACE_COUNT; i++) {
		d->faces[i] = pango_font_description_from_string(lf->faces[i]);
		if (d->faces[i] == NULL) {
			err = PLENUM_ENOMEM;
			goto out;
		}
	}
out:
	if (err != PLENUM_OK) {
		if (diag != NULL && d->err != PLENUM_OK)
			*diag = d->diag;
		plenum_draw_free(d);
		return err;
	}
	*out = d;
	return PLENUM_OK;
}

void
plenum_draw_free(struct plenum_draw *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < PLENUM_FACE_COUNT; i++)
		if (d->faces[i] != NULL)
			pango_font_description_free(d->faces[i]);
	for (i = 0; i < d->nfaces; i++) {
		cairo_font_face_destroy(d->faces_cache[i].orig);
		cairo_font_face_destroy(d->faces_cache[i].synth);
	}
	free(d->faces_cache);
	if (d->layout != NULL)
		g_object_unref(d->layout);
	if (d->pango != NULL)
		g_object_unref(d->pango);
	if (d->rec != NULL) {
		cairo_destroy(d->cr);
		cairo_surface_destroy(d->rec);
	}
	if (d->pdf_cr != NULL)
		cairo_destroy(d->pdf_cr);
	if (d->pdf != NULL) {
		/* finishing writes: a freed, unfinished PDF writes nothing */
		d->sink_failed = true;
		cairo_surface_destroy(d->pdf);
	}
	free(d);
}

enum plenum_err
plenum_draw_finish(struct plenum_draw *d)
{
	cairo_status_t st;

	if (d->err != PLENUM_OK)
		return d->err;
	if (d->rec != NULL)
		return plenum_draw_fail(d, PLENUM_EINTERNAL,
					"a recording is still open");
	if (d->fonts_used[0] != '\0')
		cairo_pdf_surface_set_metadata(
			d->pdf, CAIRO_PDF_METADATA_KEYWORDS, d->fonts_used);
	cairo_destroy(d->pdf_cr);
	d->pdf_cr = NULL;
	d->cr = NULL;
	cairo_surface_finish(d->pdf);
	st = cairo_surface_status(d->pdf);
	cairo_surface_destroy(d->pdf);
	d->pdf = NULL;
	if (st != CAIRO_STATUS_SUCCESS || d->sink_failed)
		return cairo_err(d, st);
	return PLENUM_OK;
}

/* --- text ----------------------------------------------------------- */

/* Sets up d->layout for text in st at size pt; wraps at w_um when > 0. */
static void
prepare(struct plenum_draw *d, const char *text,
	const struct plenum_text_style *st, double size, int32_t w_um)
{
	PangoFontDescription *fd = d->faces[st->face];
	PangoAlignment al =
		st->align == PLENUM_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
		: st->align == PLENUM_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
						  : PANGO_ALIGN_LEFT;

	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
	pango_layout_set_font_description(d->layout, fd);
	pango_layout_set_alignment(d->layout, al);
	if (w_um > 0) {
		pango_layout_set_width(d->layout,
				       (int)(PT(w_um) * PANGO_SCALE));
		pango_layout_set_wrap(d->layout, PANGO_WRAP_WORD_CHAR);
	} else {
		pango_layout_set_width(d->layout, -1);
	}
	pango_layout_set_text(d->layout, text, -1);
}

/* The logical size of d->layout in micrometres. */
static void
extents(struct plenum_draw *d, int32_t *w, int32_t *h)
{
	PangoRectangle logical;

	pango_layout_get_extents(d->layout, NULL, &logical);
	*w = UM((double)logical.width / PANGO_SCALE);
	*h = UM((double)logical.height / PANGO_SCALE);
}

/* text cut to at most max bytes on a character boundary, with "…" when
 * cut, into buf (max + 4 bytes): messages quote what they refuse. */
static const char *
quote_cut(const char *text, size_t max, char *buf)
{
	size_t n = strlen(text);

	if (n <= max)
		return text;
	n = max;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	memcpy(buf, text, n);
	memcpy(buf + n, "\xe2\x80\xa6", 4);
	return buf;
}

static enum plenum_err
check_glyphs(struct plenum_draw *d, const char *text)
{
	char cut[84];

	int unknown = pango_layout_get_unknown_glyphs_count(d->layout);

	if (unknown > 0)
		return plenum_draw_fail(
			d, PLENUM_EINPUT,
			"no font has a glyph for %d character%s of '%s'",
			unknown, unknown == 1 ? "" : "s",
			quote_cut(text, 80, cut));
	return PLENUM_OK;
}

enum plenum_err
plenum_draw_measure(struct plenum_draw *d, const char *text, int32_t w,
		    const struct plenum_text_style *st, int32_t *h)
{
	int32_t tw;

	*h = 0;
	if (d->err != PLENUM_OK || text == NULL || text[0] == '\0')
		return d->err;
	prepare(d, text, st, st->size, w);
	if (check_glyphs(d, text) != PLENUM_OK)
		return d->err;
	extents(d, &tw, h);
	return PLENUM_OK;
}

/*
 * Glyphs are drawn here rather than by pango_cairo_show_layout() to work
 * around cairo 1.16's CFF subsetter (Debian 12): it marks the subroutines
 * a glyph uses by parsing its charstring, but skips a subroutine already
 * marked for an earlier glyph and so misses the stem hints declared in it;
 * the hintmask that follows is then misread and a subroutine the glyph
 * needs is written as a bare "return".  With Noto Sans CJK SC, 如 after
 * the glyphs of an ordinary sentence comes out as .notdef: blank in
 * poppler, a crossed box in Ghostscript.  A font face marked synthetic is
 * never subset from its CFF table: cairo embeds instead a CFF font it
 * builds from the glyph outlines FreeType gives (CIDFontType0C, still a
 * subset).  So each run is drawn with a copy of pango's face marked
 * oblique, whose font matrix carries the inverse of FreeType's oblique
 * shear (x += 0x0366A/0x10000 y), so that the outlines come out upright
 * and exactly as pango measured them.
 */
#define OBLIQUE_SHEAR (0x0366A / 65536.0)

/*
 * Adds the font's full name to the list the PDF's Keywords carry: the
 * embedded fonts are named CairoFont-N-M (see above), so the metadata says
 * which fonts they came from.  Names are added once; a full list is cut.
 */
static void
note_font(struct plenum_draw *d, FcPattern *pat)
{
	FcChar8 *name = NULL;
	size_t len = strlen(d->fonts_used);
	const char *p = d->fonts_used;

	if (FcPatternGetString(pat, FC_FULLNAME, 0, &name) != FcResultMatch &&
	    FcPatternGetString(pat, FC_FAMILY, 0, &name) != FcResultMatch)
		return;
	while ((p = strstr(p, (const char *)name)) != NULL) {
		size_t n = strlen((const char *)name);

		if ((p[n] == ',' || p[n] == '\0') &&
		    (p == d->fonts_used || p[-1] == ' '))
			return;
		p += n;
	}
	snprintf(d->fonts_used + len, sizeof(d->fonts_used) - len, "%s%s",
		 len > 0 ? ", " : "", (const char *)name);
}

static cairo_font_face_t *
synthetic_face(struct plenum_draw *d, PangoFont *font, cairo_font_face_t *orig)
{
	cairo_font_face_t *synth;
	struct face_pair *grown;
	FcPattern *pat = NULL;
	size_t i;

	for (i = 0; i < d->nfaces; i++)
		if (d->faces_cache[i].orig == orig)
			return d->faces_cache[i].synth;
	grown = realloc(d->faces_cache,
			(d->nfaces + 1) * sizeof(*d->faces_cache));
	if (grown == NULL)
		return NULL;
	d->faces_cache = grown;
	g_object_get(font, "pattern", &pat, NULL);
	if (pat == NULL)
		return NULL;
	synth = cairo_ft_font_face_create_for_pattern(pat);
	if (cairo_font_face_status(synth) != CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(synth);
		return NULL;
	}
	cairo_ft_font_face_set_synthesize(synth, CAIRO_FT_SYNTHESIZE_OBLIQUE);
	note_font(d, pat);
	d->faces_cache[d->nfaces].orig = cairo_font_face_reference(orig);
	d->faces_cache[d->nfaces].synth = synth;
	d->nfaces++;
	return synth;
}

/*
 * Groups the glyphs of a left-to-right run into cairo clusters, so that
 * the PDF's ToUnicode maps each glyph to the text it came from (a glyph
 * shared by two code points, like 大 and the Kangxi radical ⼤, would
 * otherwise read back as either).  Empty glyphs are dropped from the
 * count as show_run() drops them.  Returns the number of clusters, or -1
 * when the run is not one cairo can take this way (right to left, or
 * clusters out of order).
 */
static int
clusters(const PangoLayoutRun *run, cairo_text_cluster_t *c)
{
	const PangoGlyphString *gs = run->glyphs;
	int i = 0, n = 0;

	if (run->item->analysis.level % 2 != 0)
		return -1;
	while (i < gs->num_glyphs) {
		int start = gs->log_clusters[i], end, j = i;

		c[n].num_glyphs = 0;
		for (; j < gs->num_glyphs && gs->log_clusters[j] == start; j++)
			if (gs->glyphs[j].glyph != PANGO_GLYPH_EMPTY &&
			    !(gs->glyphs[j].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
				c[n].num_glyphs++;
		end = j < gs->num_glyphs ? gs->log_clusters[j]
					 : run->item->length;
		if (end <= start)
			return -1;
		c[n].num_bytes = end - start;
		n++;
		i = j;
	}
	return n;
}

/* Shows the glyphs of one run with its baseline at (x, y) points. */
static enum plenum_err
show_run(struct plenum_draw *d, PangoLayoutRun *run, double x, double y)
{
	PangoFont *font = run->item->analysis.font;
	PangoGlyphString *gs = run->glyphs;
	const char *text = pango_layout_get_text(d->layout) + run->item->offset;
	cairo_scaled_font_t *psf, *sf;
	cairo_font_face_t *face;
	cairo_font_options_t *fo;
	cairo_matrix_t fm, ctm, shear, m;
	cairo_glyph_t stack[64], *g = stack;
	cairo_text_cluster_t cstack[64], *c = cstack;
	int i, n = 0, nc;

	psf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (psf == NULL)
		return plenum_draw_fail(d, PLENUM_EINTERNAL,
					"pango gave no cairo font");
	face = synthetic_face(d, font, cairo_scaled_font_get_font_face(psf));
	if (face == NULL)
		return plenum_draw_fail(d, PLENUM_EINTERNAL,
					"cannot copy a font face");
	cairo_scaled_font_get_font_matrix(psf, &fm);
	cairo_scaled_font_get_ctm(psf, &ctm);
	cairo_matrix_init(&shear, 1, 0, -OBLIQUE_SHEAR, 1, 0, 0);
	cairo_matrix_multiply(&m, &shear, &fm);
	fo = cairo_font_options_create();
	cairo_scaled_font_get_font_options(psf, fo);
	sf = cairo_scaled_font_create(face, &m, &ctm, fo);
	cairo_font_options_destroy(fo);
	if (gs->num_glyphs > (int)(sizeof(stack) / sizeof(stack[0]))) {
		g = malloc((size_t)gs->num_glyphs * sizeof(*g));
		c = malloc((size_t)gs->num_glyphs * sizeof(*c));
		if (g == NULL || c == NULL) {
			free(g);
			free(c);
			cairo_scaled_font_destroy(sf);
			return plenum_draw_fail(d, PLENUM_ENOMEM,
						"out of memory");
		}
	}
	for (i = 0; i < gs->num_glyphs; i++) {
		PangoGlyphInfo *gi = &gs->glyphs[i];

		if (gi->glyph != PANGO_GLYPH_EMPTY &&
		    !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
			g[n].index = gi->glyph;
			g[n].x =
				x + (double)gi->geometry.x_offset / PANGO_SCALE;
			g[n].y =
				y + (double)gi->geometry.y_offset / PANGO_SCALE;
			n++;
		}
		x += (double)gi->geometry.width / PANGO_SCALE;
	}
	cairo_set_scaled_font(d->cr, sf);
	nc = clusters(run, c);
	if (nc > 0)
		cairo_show_text_glyphs(d->cr, text, run->item->length, g, n, c,
				       nc, 0);
	else
		cairo_show_glyphs(d->cr, g, n);
	cairo_scaled_font_destroy(sf);
	if (g != stack) {
		free(g);
		free(c);
	}
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
		return cairo_err(d, cairo_status(d->cr));
	return PLENUM_OK;
}

/* Shows d->layout with its top-left corner at (x, y) points. */
static enum plenum_err
show_layout(struct plenum_draw *d, double x, double y)
{
	PangoLayoutIter *it = pango_layout_get_iter(d->layout);
	enum plenum_err err = PLENUM_OK;

	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		PangoRectangle r;
		double base;

		if (run == NULL)
			continue;
		pango_layout_iter_get_run_extents(it, NULL, &r);
		base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		err = show_run(d, run, x + (double)r.x / PANGO_SCALE, y + base);
	} while (err == PLENUM_OK && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	return err;
}

enum plenum_err
plenum_draw_text(struct plenum_draw *d, const char *text,
		 struct plenum_rect box, const struct plenum_text_style *st)
{
	bool wrap = (st->flags & PLENUM_TEXT_WRAP) != 0;
	char cut[84];
	double size = st->size;
	double min = st->min_size > 0 && st->min_size < st->size ? st->min_size
								 : st->size;
	int32_t tw, th, x, y;
	int tries;

	if (d->err != PLENUM_OK || text == NULL || text[0] == '\0')
		return d->err;
	for (tries = 0;; tries++) {
		prepare(d, text, st, size, wrap ? box.w : 0);
		if (tries == 0 && check_glyphs(d, text) != PLENUM_OK)
			return d->err;
		extents(d, &tw, &th);
		if (tw <= box.w && th <= box.h)
			break;
		if (size <= min || tries == 40)
			return plenum_draw_fail(
				d, PLENUM_EINPUT,
				"text '%s' does not fit its %.1f x %.1f mm "
				"box",
				quote_cut(text, 80, cut), box.w / 1000.0,
				box.h / 1000.0);
		if (!wrap && tw > box.w)
			size = size * box.w / tw * 0.999;
		else
			size *= 0.92;
		if (size < min)
			size = min;
	}
	y = box.y;
	if (st->flags & PLENUM_TEXT_MIDDLE)
		y += (box.h - th) / 2;
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, st->grey, st->grey, st->grey);
	x = box.x;
	if (!wrap) {
		/* one line: align it ourselves (pango aligns within a
		 * width, and an unwrapped layout has none) */
		if (st->align == PLENUM_ALIGN_CENTER)
			x += (box.w - tw) / 2;
		else if (st->align == PLENUM_ALIGN_RIGHT)
			x += box.w - tw;
	}
	show_layout(d, PT(x), PT(y));
	cairo_restore(d->cr);
	return d->err;
}

/* --- shapes --------------------------------------------------------- */

void
plenum_draw_rect(struct plenum_draw *d, struct plenum_rect r, int32_t lw)
{
	if (d->err != PLENUM_OK)
		return;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, PT(lw));
	cairo_rectangle(d->cr, PT(r.x), PT(r.y), PT(r.w), PT(r.h));
	cairo_stroke(d->cr);
}

void
plenum_draw_fill(struct plenum_draw *d, struct plenum_rect r, double grey)
{
	if (d->err != PLENUM_OK)
		return;
	cairo_set_source_rgb(d->cr, grey, grey, grey);
	cairo_rectangle(d->cr, PT(r.x), PT(r.y), PT(r.w), PT(r.h));
	cairo_fill(d->cr);
}

void
plenum_draw_line(struct plenum_draw *d, int32_t x0, int32_t y0, int32_t x1,
		 int32_t y1, int32_t lw, bool dashed)
{
	static const double dash[] = { 2000 * 72.0 / 25400.0,
				       1500 * 72.0 / 25400.0 };

	if (d->err != PLENUM_OK)
		return;
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, PT(lw));
	if (dashed)
		cairo_set_dash(d->cr, dash, 2, 0);
	cairo_move_to(d->cr, PT(x0), PT(y0));
	cairo_line_to(d->cr, PT(x1), PT(y1));
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
}

enum plenum_err
plenum_draw_qr(struct plenum_draw *d, const char *payload, struct plenum_rect r)
{
	QRcode *qr;
	double m, x0, y0;
	int x, y, run;

	if (d->err != PLENUM_OK)
		return d->err;
	errno = 0;
	qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL)
		return plenum_draw_fail(
			d, errno == ERANGE ? PLENUM_ELIMIT : PLENUM_ENOMEM,
			"cannot encode '%.60s' as a qr code", payload);
	m = PT(r.w) / (qr->width + 8);
	x0 = PT(r.x) + 4 * m;
	y0 = PT(r.y) + 4 * m;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (y = 0; y < qr->width; y++)
		for (x = 0; x<qr->width; x += run> 0 ? run : 1) {
			const unsigned char *row = qr->data + y * qr->width;

			for (run = 0; x + run < qr->width && (row[x + run] & 1);
			     run++)
				;
			if (run > 0)
				cairo_rectangle(d->cr, x0 + x * m, y0 + y * m,
						run * m, m);
		}
	cairo_fill(d->cr);
	QRcode_free(qr);
	return PLENUM_OK;
}

/* --- pages and recordings ------------------------------------------- */

void
plenum_draw_page(struct plenum_draw *d)
{
	if (d->err != PLENUM_OK || d->rec != NULL)
		return;
	cairo_show_page(d->cr);
}

enum plenum_err
plenum_draw_record_begin(struct plenum_draw *d)
{
	cairo_rectangle_t ext = { 0, 0, d->w_pt, d->h_pt };

	if (d->err != PLENUM_OK)
		return d->err;
	if (d->rec != NULL)
		return plenum_draw_fail(d, PLENUM_EINTERNAL,
					"a recording is already open");
	d->rec =
		cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	d->cr = cairo_create(d->rec);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
		return cairo_err(d, cairo_status(d->cr));
	return PLENUM_OK;
}

enum plenum_err
plenum_draw_record_end(struct plenum_draw *d, cairo_surface_t **out)
{
	cairo_status_t st;

	*out = NULL;
	if (d->rec == NULL)
		return plenum_draw_fail(d, PLENUM_EINTERNAL,
					"no recording is open");
	st = cairo_status(d->cr);
	cairo_destroy(d->cr);
	d->cr = d->pdf_cr;
	if (d->err != PLENUM_OK || st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d->rec);
		d->rec = NULL;
		return d->err != PLENUM_OK ? d->err : cairo_err(d, st);
	}
	*out = d->rec;
	d->rec = NULL;
	return PLENUM_OK;
}

void
plenum_draw_paint(struct plenum_draw *d, cairo_surface_t *rec)
{
	if (d->err != PLENUM_OK)
		return;
	cairo_set_source_surface(d->cr, rec, 0, 0);
	cairo_paint(d->cr);
}
