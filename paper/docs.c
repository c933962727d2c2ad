/*
 * docs.c: tally sheet, announcement and counting minutes.
 *
 * All three flow down the page from a cursor: each page is drawn into a
 * recording (heading first, then blocks that move to a new page when they
 * do not fit), and only when every page is known are they painted into the
 * PDF with their footers, so a footer can say "page k of n".
 *
 * Invariants: the cursor y stays between the page's content top and
 * bottom; a block is drawn only after doc_room() made room for its height.
 */
#include "docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <sodium.h>

#include "buf.h"
#include "draw.h"
#include "words.h"

#define MARGIN_X   20000
#define MARGIN_Y   18000
#define FOOTER	   8000
#define HEADING	   32000
#define LINE	   300
#define PAD	   1500
#define MAX_PAGES  999
#define MAX_REPORT (1u << 20)

struct doc {
	struct plenum_draw *d;
	const struct plenum_layout *l;
	const char *locale;
	enum plenum_word name; /* the document's name in its heading */
	bool heading;	       /* pages carry the big heading */
	cairo_surface_t **pages;
	size_t npages;
	int32_t y, top, bottom, left, width;
	char footer_left[80];
	struct plenum_buf b;
};

static const struct plenum_text_style st_subtitle = {
	PLENUM_FACE_SANS, 11, 6, PLENUM_ALIGN_CENTER, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_title = { PLENUM_FACE_SERIF_BOLD,
						   15,
						   7,
						   PLENUM_ALIGN_CENTER,
						   PLENUM_TEXT_WRAP |
							   PLENUM_TEXT_MIDDLE,
						   0 };
static const struct plenum_text_style st_name = {
	PLENUM_FACE_SERIF_BOLD, 18, 8, PLENUM_ALIGN_CENTER,
	PLENUM_TEXT_MIDDLE,	0
};
static const struct plenum_text_style st_running = {
	PLENUM_FACE_SANS, 8, 5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0.4
};
static const struct plenum_text_style st_head = { PLENUM_FACE_BOLD,
						  9,
						  5,
						  PLENUM_ALIGN_CENTER,
						  PLENUM_TEXT_WRAP |
							  PLENUM_TEXT_MIDDLE,
						  0 };
static const struct plenum_text_style st_cell = {
	PLENUM_FACE_SANS, 10.5, 5.5, PLENUM_ALIGN_CENTER, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_cell_left = {
	PLENUM_FACE_SANS, 10.5, 5.5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_cell_wrap = {
	PLENUM_FACE_SANS,
	10,
	5.5,
	PLENUM_ALIGN_LEFT,
	PLENUM_TEXT_WRAP | PLENUM_TEXT_MIDDLE,
	0
};
static const struct plenum_text_style st_label = {
	PLENUM_FACE_SANS, 7.5, 5, PLENUM_ALIGN_LEFT, 0, 0.45
};
static const struct plenum_text_style st_para = {
	PLENUM_FACE_SANS, 12, 12, PLENUM_ALIGN_LEFT, PLENUM_TEXT_WRAP, 0
};
static const struct plenum_text_style st_para_bold = {
	PLENUM_FACE_BOLD, 12, 12, PLENUM_ALIGN_LEFT, PLENUM_TEXT_WRAP, 0
};
static const struct plenum_text_style st_sig = {
	PLENUM_FACE_SANS, 11, 6, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_date = {
	PLENUM_FACE_SANS, 11, 6, PLENUM_ALIGN_RIGHT, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_mono = {
	PLENUM_FACE_MONO, 9.5, 9.5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_WRAP, 0
};
static const struct plenum_text_style st_footer = {
	PLENUM_FACE_SANS, 9, 6, PLENUM_ALIGN_CENTER, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_digest = {
	PLENUM_FACE_MONO, 7, 5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0.45
};

static struct plenum_rect
rect(int32_t x, int32_t y, int32_t w, int32_t h)
{
	struct plenum_rect r = { x, y, w, h };

	return r;
}

static struct plenum_rect
inset(struct plenum_rect r, int32_t dx, int32_t dy)
{
	return rect(r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy);
}

static const char *
word(const struct doc *doc, enum plenum_word w)
{
	return plenum_words_get(doc->locale, w);
}

/* Fills the word into doc->b (reset first) and returns it as a string;
 * NULL (with the sticky error set) when out of memory. */
static const char *
fill(struct doc *doc, enum plenum_word w, const char *const *args, size_t nargs)
{
	enum plenum_err err;

	plenum_buf_reset(&doc->b);
	err = plenum_words_fill(&doc->b, doc->locale, w, args, nargs);
	if (err != PLENUM_OK) {
		plenum_draw_fail(doc->d, err, "out of memory");
		return NULL;
	}
	return plenum_buf_str(&doc->b);
}

/* --- pages ---------------------------------------------------------- */

static enum plenum_err
doc_heading(struct doc *doc)
{
	const struct plenum_ballot_desc *desc = &doc->l->desc;
	int32_t y = MARGIN_Y;
	char num[16];
	const char *arg = num;
	const char *s;
	struct plenum_buf b;
	enum plenum_err err;

	if (!doc->heading) {
		/* a running header: the assembly and the election */
		plenum_buf_init(&b, 4096);
		err = plenum_buf_addf(&b, "%s%s%s", desc->subtitle,
				      desc->subtitle[0] != '\0' ? "  ·  " : "",
				      desc->title);
		if (err != PLENUM_OK) {
			plenum_buf_release(&b);
			return plenum_draw_fail(doc->d, err, "out of memory");
		}
		plenum_draw_text(doc->d, plenum_buf_str(&b),
				 rect(doc->left, y, doc->width, 6000),
				 &st_running);
		plenum_buf_release(&b);
		plenum_draw_line(doc->d, doc->left, y + 7000,
				 doc->left + doc->width, y + 7000, LINE, false);
		doc->y = y + 10000;
		return plenum_draw_error(doc->d);
	}
	plenum_draw_text(doc->d, desc->subtitle,
			 rect(doc->left, y, doc->width, 8000), &st_subtitle);
	plenum_draw_text(doc->d, desc->title,
			 rect(doc->left, y + 8000, doc->width, 12000),
			 &st_title);
	plenum_buf_reset(&doc->b);
	err = plenum_buf_adds(&doc->b, word(doc, doc->name));
	if (err == PLENUM_OK && desc->round > 1) {
		snprintf(num, sizeof(num), "%u", desc->round);
		err = plenum_buf_adds(&doc->b, "  ");
		if (err == PLENUM_OK)
			err = plenum_words_fill(&doc->b, doc->locale,
						PLENUM_W_ROUND, &arg, 1);
	}
	if (err == PLENUM_OK && doc->npages > 0)
		err = plenum_words_fill(&doc->b, doc->locale,
					PLENUM_W_CONTINUED, NULL, 0);
	if (err != PLENUM_OK)
		return plenum_draw_fail(doc->d, err, "out of memory");
	s = plenum_buf_str(&doc->b);
	plenum_draw_text(
		doc->d, s,
		rect(doc->left, y + 20000, doc->width, HEADING - 20000),
		&st_name);
	doc->y = y + HEADING + 4000;
	return plenum_draw_error(doc->d);
}

static enum plenum_err
doc_begin_page(struct doc *doc)
{
	if (doc->npages == MAX_PAGES)
		return plenum_draw_fail(doc->d, PLENUM_ELIMIT,
					"the document needs more than %d pages",
					MAX_PAGES);
	if (plenum_draw_record_begin(doc->d) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	return doc_heading(doc);
}

static enum plenum_err
doc_end_page(struct doc *doc)
{
	cairo_surface_t *rec, **p;

	if (plenum_draw_record_end(doc->d, &rec) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	p = realloc(doc->pages, (doc->npages + 1) * sizeof(*p));
	if (p == NULL) {
		cairo_surface_destroy(rec);
		return plenum_draw_fail(doc->d, PLENUM_ENOMEM, "out of memory");
	}
	doc->pages = p;
	doc->pages[doc->npages++] = rec;
	return PLENUM_OK;
}

/* Makes room for h micrometres below the cursor, on a new page if need
 * be.  Returns the sticky error. */
static enum plenum_err
doc_room(struct doc *doc, int32_t h)
{
	if (plenum_draw_error(doc->d) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	if (doc->y + h <= doc->bottom)
		return PLENUM_OK;
	if (doc_end_page(doc) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	return doc_begin_page(doc);
}

static enum plenum_err
doc_open(struct doc *doc, const struct plenum_layout *l, enum plenum_word name,
	 bool heading, const struct plenum_paper_sink *sink,
	 struct plenum_diag *diag)
{
	enum plenum_err err;

	memset(doc, 0, sizeof(*doc));
	doc->l = l;
	doc->locale = l->desc.locale;
	doc->name = name;
	doc->heading = heading;
	doc->left = MARGIN_X;
	doc->width = l->page_w - 2 * MARGIN_X;
	doc->top = MARGIN_Y;
	doc->bottom = l->page_h - MARGIN_Y - FOOTER - 2000;
	snprintf(doc->footer_left, sizeof(doc->footer_left), "%.16s",
		 l->digest_hex);
	plenum_buf_init(&doc->b, 1 << 20);
	err = plenum_draw_new(doc->locale, l->page_w, l->page_h,
			      plenum_words_get(doc->locale, name), sink,
			      &doc->d, diag);
	if (err != PLENUM_OK)
		return err;
	return doc_begin_page(doc);
}

/*
 * Ends the last page, paints every page with its footer and finishes the
 * PDF.  Returns its error, with diag filled; when doc_open() failed before
 * there was a PDF, returns open_err.
 */
static enum plenum_err
doc_close(struct doc *doc, enum plenum_err open_err, struct plenum_diag *diag)
{
	enum plenum_err err;
	char a[24], n[24];
	const char *args[2] = { a, n };
	struct plenum_rect foot =
		rect(doc->left, doc->l->page_h - MARGIN_Y - FOOTER, doc->width,
		     FOOTER);
	struct plenum_rect left = rect(foot.x, foot.y, foot.w / 3, foot.h);
	size_t i;

	if (doc->d == NULL) {
		plenum_buf_release(&doc->b);
		return open_err;
	}
	if (plenum_draw_error(doc->d) == PLENUM_OK)
		doc_end_page(doc);
	for (i = 0; i < doc->npages && plenum_draw_error(doc->d) == PLENUM_OK;
	     i++) {
		const char *s;

		snprintf(a, sizeof(a), "%zu", i + 1);
		snprintf(n, sizeof(n), "%zu", doc->npages);
		plenum_draw_paint(doc->d, doc->pages[i]);
		s = fill(doc, PLENUM_W_PAGE, args, 2);
		plenum_draw_text(doc->d, s, foot, &st_footer);
		plenum_draw_text(doc->d, doc->footer_left, left, &st_digest);
		plenum_draw_page(doc->d);
	}
	err = plenum_draw_finish(doc->d);
	if (err != PLENUM_OK && diag != NULL &&
	    plenum_draw_diag(doc->d) != NULL)
		*diag = *plenum_draw_diag(doc->d);
	plenum_draw_free(doc->d);
	for (i = 0; i < doc->npages; i++)
		cairo_surface_destroy(doc->pages[i]);
	free(doc->pages);
	plenum_buf_release(&doc->b);
	return err;
}

/* A paragraph of wrapped text at the cursor. */
static enum plenum_err
doc_para(struct doc *doc, const char *text, const struct plenum_text_style *st,
	 int32_t after)
{
	int32_t h;

	if (text == NULL || text[0] == '\0')
		return plenum_draw_error(doc->d);
	if (plenum_draw_measure(doc->d, text, doc->width, st, &h) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	if (doc_room(doc, h) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	plenum_draw_text(doc->d, text, rect(doc->left, doc->y, doc->width, h),
			 st);
	doc->y += h + after;
	return plenum_draw_error(doc->d);
}

/* Signature lines: label, then a rule to the right edge; then the date. */
static enum plenum_err
doc_signatures(struct doc *doc, const enum plenum_word *labels, size_t n)
{
	size_t i, count = 0;
	int32_t y;

	for (i = 0; i < n; i++)
		if (word(doc, labels[i])[0] != '\0')
			count++;
	if (doc_room(doc, 8000 + (int32_t)count * 13000 + 12000) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	y = doc->y + 8000;
	for (i = 0; i < n; i++) {
		const char *s = word(doc, labels[i]);

		if (s[0] == '\0')
			continue;
		plenum_draw_text(doc->d, s, rect(doc->left, y, 55000, 9000),
				 &st_sig);
		plenum_draw_line(doc->d, doc->left + 57000, y + 8000,
				 doc->left + doc->width, y + 8000, LINE, false);
		y += 13000;
	}
	plenum_draw_text(doc->d, word(doc, PLENUM_W_DATE_LINE),
			 rect(doc->left, y + 2000, doc->width, 9000), &st_date);
	doc->y = y + 12000;
	return plenum_draw_error(doc->d);
}

/* --- tables --------------------------------------------------------- */

struct column {
	enum plenum_word head;
	int32_t w; /* 0: takes the rest */
	const struct plenum_text_style *st;
};

static void
place(struct doc *doc, const struct column *cols, size_t n, int32_t *x)
{
	int32_t fixed = 0, rest;
	size_t i;

	for (i = 0; i < n; i++)
		fixed += cols[i].w;
	rest = doc->width - fixed;
	x[0] = doc->left;
	for (i = 0; i < n; i++)
		x[i + 1] = x[i] + (cols[i].w > 0 ? cols[i].w : rest);
}

static void
table_head(struct doc *doc, const struct column *cols, size_t n,
	   const int32_t *x, int32_t h)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct plenum_rect c = rect(x[i], doc->y, x[i + 1] - x[i], h);

		plenum_draw_fill(doc->d, inset(c, LINE, LINE), 0.92);
		plenum_draw_rect(doc->d, c, LINE);
		plenum_draw_text(doc->d, word(doc, cols[i].head),
				 inset(c, 800, 500), &st_head);
	}
	doc->y += h;
}

/* One row of cells; texts[i] may be NULL (empty cell). */
static void
table_row(struct doc *doc, const struct column *cols, size_t n,
	  const int32_t *x, int32_t h, const char *const *texts)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct plenum_rect c = rect(x[i], doc->y, x[i + 1] - x[i], h);

		plenum_draw_rect(doc->d, c, LINE);
		if (texts[i] != NULL)
			plenum_draw_text(doc->d, texts[i], inset(c, PAD, 500),
					 cols[i].st);
	}
	doc->y += h;
}

/* Starts a table, or continues it on a new page, so that a row of height
 * row_h fits under its headings. */
static enum plenum_err
table_room(struct doc *doc, const struct column *cols, size_t n,
	   const int32_t *x, int32_t head_h, int32_t row_h, bool first)
{
	size_t before = doc->npages;

	if (doc_room(doc, (first ? head_h : 0) + row_h) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	if (first || doc->npages != before) {
		if (doc_room(doc, head_h + row_h) != PLENUM_OK)
			return plenum_draw_error(doc->d);
		table_head(doc, cols, n, x, head_h);
	}
	return plenum_draw_error(doc->d);
}

/* "12.34%" of yes over base, or NULL when there is no base. */
static const char *
percent(char *buf, size_t n, int64_t yes, int64_t base)
{
	int64_t p;

	if (base <= 0 || yes < 0)
		return NULL;
	p = (yes * 10000 + base / 2) / base;
	snprintf(buf, n, "%lld.%02lld%%", (long long)(p / 100),
		 (long long)(p % 100));
	return buf;
}

static enum plenum_word
decision_word(enum plenum_result_decision d)
{
	switch (d) {
	case PLENUM_RD_ELECTED:
		return PLENUM_W_DEC_ELECTED;
	case PLENUM_RD_ALTERNATE:
		return PLENUM_W_DEC_ALTERNATE;
	case PLENUM_RD_BELOW_THRESHOLD:
	case PLENUM_RD_OUTRANKED:
		return PLENUM_W_DEC_NOT_ELECTED;
	case PLENUM_RD_TIED:
		return PLENUM_W_DEC_TIED;
	case PLENUM_RD_PENDING:
		return PLENUM_W_DEC_PENDING;
	case PLENUM_RD_NOT_COUNTED:
		break;
	}
	return PLENUM_W_DEC_NOT_COUNTED;
}

/* The count columns of a style: which words head them and how many. */
static size_t
count_columns(enum plenum_ballot_style style, enum plenum_word *w)
{
	switch (style) {
	case PLENUM_STYLE_CN:
		w[0] = PLENUM_W_COL_FOR;
		w[1] = PLENUM_W_COL_AGAINST;
		w[2] = PLENUM_W_COL_ABSTAIN;
		return 3;
	case PLENUM_STYLE_VN_UNCONTESTED:
		w[0] = PLENUM_W_COL_AGREE;
		w[1] = PLENUM_W_COL_DISAGREE;
		return 2;
	case PLENUM_STYLE_VN_STRIKE_OUT:
	case PLENUM_STYLE_APPROVAL:
		w[0] = PLENUM_W_COL_VOTES;
		return 1;
	case PLENUM_STYLE_YNA:
	case PLENUM_STYLE_MOTION:
		break;
	}
	w[0] = PLENUM_W_COL_YES;
	w[1] = PLENUM_W_COL_NO;
	w[2] = PLENUM_W_COL_ABSTAIN;
	return 3;
}

/* --- the tally sheet ------------------------------------------------ */

static const char *
num(char *buf, size_t n, int64_t v)
{
	if (v < 0)
		return NULL;
	snprintf(buf, n, "%lld", (long long)v);
	return buf;
}

/* The ballots block: label and value pairs, two to a row. */
static enum plenum_err
ballots_block(struct doc *doc, const struct plenum_result *res)
{
	struct item {
		enum plenum_word w;
		int64_t v;
	} items[7];
	size_t n = 0, i;
	int32_t half = doc->width / 2, lw = half * 3 / 5, h = 8000;
	char buf[32];

	if (res == NULL || res->present >= 0)
		items[n++] = (struct item){ PLENUM_W_PRESENT,
					    res ? res->present : -1 };
	items[n++] = (struct item){ PLENUM_W_ISSUED, res ? res->issued : -1 };
	items[n++] =
		(struct item){ PLENUM_W_RETURNED, res ? res->returned : -1 };
	items[n++] = (struct item){ PLENUM_W_VALID, res ? res->valid : -1 };
	items[n++] = (struct item){ PLENUM_W_INVALID, res ? res->invalid : -1 };
	if (res == NULL || res->base >= 0) {
		items[n++] =
			(struct item){ PLENUM_W_BASE, res ? res->base : -1 };
		items[n++] = (struct item){ PLENUM_W_NEEDED,
					    res ? res->needed : -1 };
	}
	if (doc_room(doc, (int32_t)((n + 1) / 2) * h + 5000) != PLENUM_OK)
		return plenum_draw_error(doc->d);
	for (i = 0; i < n; i++) {
		int32_t x = doc->left + (int32_t)(i % 2) * half;
		int32_t y = doc->y + (int32_t)(i / 2) * h;
		struct plenum_rect lab = rect(x, y, lw, h);
		struct plenum_rect val = rect(x + lw, y, half - lw, h);

		plenum_draw_fill(doc->d, inset(lab, LINE, LINE), 0.92);
		plenum_draw_rect(doc->d, lab, LINE);
		plenum_draw_rect(doc->d, val, LINE);
		plenum_draw_text(doc->d, word(doc, items[i].w),
				 inset(lab, PAD, 500), &st_cell_left);
		plenum_draw_text(doc->d, num(buf, sizeof(buf), items[i].v),
				 inset(val, PAD, 500), &st_cell);
	}
	doc->y += (int32_t)((n + 1) / 2) * h + 5000;
	return plenum_draw_error(doc->d);
}

static enum plenum_err
sheet_table(struct doc *doc, const struct plenum_result *res)
{
	const struct plenum_layout *l = doc->l;
	const struct plenum_ballot_desc *desc = &l->desc;
	bool motion = desc->style == PLENUM_STYLE_MOTION;
	enum plenum_word heads[3];
	size_t ncounts = count_columns(desc->style, heads);
	struct column cols[7];
	int32_t x[8];
	size_t ncols = 0, rows, r, i;
	int32_t row_h = motion ? 16000 : res != NULL ? 8000 : 12000;
	char numbuf[24], counts[3][24], pct[24];
	const char *texts[7];
	struct plenum_buf name;
	enum plenum_err err = PLENUM_OK;

	cols[ncols++] = (struct column){ PLENUM_W_COL_NUMBER, 12000, &st_cell };
	cols[ncols++] =
		(struct column){ motion ? PLENUM_W_COL_MOTION
					: PLENUM_W_COL_NAME,
				 0, motion ? &st_cell_wrap : &st_cell_left };
	for (i = 0; i < ncounts; i++)
		cols[ncols++] =
			(struct column){ heads[i], res != NULL ? 20000 : 30000,
					 &st_cell };
	if (res != NULL && !motion) {
		cols[ncols++] = (struct column){ PLENUM_W_COL_PERCENT, 20000,
						 &st_cell };
		cols[ncols++] =
			(struct column){ PLENUM_W_COL_RESULT, 28000, &st_cell };
	}
	place(doc, cols, ncols, x);

	if (res != NULL && res->motion)
		rows = 1;
	else if (res != NULL)
		rows = res->npersons;
	else
		rows = desc->ncandidates + desc->write_ins;
	plenum_buf_init(&name, 8192);
	for (r = 0; r < rows && err == PLENUM_OK; r++) {
		const struct plenum_result_person *p = NULL;
		bool write_in;

		err = table_room(doc, cols, ncols, x, 10000, row_h, r == 0);
		if (err != PLENUM_OK)
			break;
		for (i = 0; i < ncols; i++)
			texts[i] = NULL;
		plenum_buf_reset(&name);
		if (res != NULL && res->motion) {
			write_in = false;
			texts[1] = desc->candidates[0];
			if (res->motion_counted) {
				texts[2] = num(counts[0], 24, res->motion_yes);
				texts[3] = num(counts[1], 24, res->motion_no);
				texts[4] =
					num(counts[2], 24, res->motion_abstain);
			}
		} else if (res != NULL) {
			int64_t base;

			p = &res->persons[r];
			write_in = p->write_in;
			err = plenum_buf_adds(&name, p->name);
			if (err == PLENUM_OK && write_in)
				err = plenum_buf_adds(
					&name,
					word(doc, PLENUM_W_WRITE_IN_MARK));
			texts[1] = plenum_buf_str(&name);
			texts[2] = num(counts[0], 24, p->yes);
			if (ncounts > 1)
				texts[3] = num(counts[1], 24, p->no);
			if (ncounts > 2)
				texts[4] = num(counts[2], 24, p->abstain);
			base = p->base >= 0 ? p->base : res->base;
			texts[2 + ncounts] =
				percent(pct, sizeof(pct), p->yes, base);
			texts[3 + ncounts] =
				word(doc, decision_word(p->decision));
		} else {
			write_in = r >= desc->ncandidates;
			texts[1] = write_in ? NULL : desc->candidates[r];
		}
		if (!write_in) {
			snprintf(numbuf, sizeof(numbuf), "%zu", r + 1);
			texts[0] = numbuf;
		} else {
			texts[0] = "+";
		}
		if (err != PLENUM_OK) {
			plenum_draw_fail(doc->d, err, "out of memory");
			break;
		}
		if (write_in && res == NULL)
			plenum_draw_text(doc->d, word(doc, PLENUM_W_WRITE_IN),
					 rect(x[1] + 1200, doc->y + 700,
					      x[2] - x[1] - 2400, 3500),
					 &st_label);
		table_row(doc, cols, ncols, x, row_h, texts);
		err = plenum_draw_error(doc->d);
	}
	plenum_buf_release(&name);
	doc->y += 4000;
	return plenum_draw_error(doc->d);
}

enum plenum_err
plenum_docs_tally_sheet(const struct plenum_layout *l,
			const struct plenum_result *res,
			const struct plenum_paper_sink *sink,
			struct plenum_diag *diag)
{
	static const enum plenum_word sigs[] = { PLENUM_W_SIG_1, PLENUM_W_SIG_2,
						 PLENUM_W_SIG_3 };
	struct doc doc;
	enum plenum_err err;

	if (res != NULL &&
	    res->motion != (l->desc.style == PLENUM_STYLE_MOTION))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the result is %s a motion, the ballot "
				       "%s",
				       res->motion ? "for" : "not for",
				       res->motion ? "is not" : "is");
	if (res != NULL && res->motion && l->desc.ncandidates != 1)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a motion's result is for one motion, "
				       "the ballot has %zu",
				       l->desc.ncandidates);
	err = doc_open(&doc, l, PLENUM_W_TALLY_SHEET, true, sink, diag);
	if (err == PLENUM_OK) {
		ballots_block(&doc, res);
		sheet_table(&doc, res);
		doc_signatures(&doc, sigs, 3);
	}
	return doc_close(&doc, err, diag);
}

/* --- the announcement ----------------------------------------------- */

static enum plenum_err
elected_table(struct doc *doc, const struct plenum_result *res,
	      const size_t *idx, size_t n)
{
	static const struct column cols[] = {
		{ PLENUM_W_COL_NUMBER, 14000, &st_cell },
		{ PLENUM_W_COL_NAME, 0, &st_cell_left },
		{ PLENUM_W_COL_VOTES, 36000, &st_cell },
	};
	int32_t x[4];
	size_t i;
	char a[24], votes[64];
	const char *arg = a;
	struct plenum_buf name;
	enum plenum_err err = PLENUM_OK;

	place(doc, cols, 3, x);
	plenum_buf_init(&name, 8192);
	for (i = 0; i < n && err == PLENUM_OK; i++) {
		const struct plenum_result_person *p = &res->persons[idx[i]];
		const char *texts[3];
		char nb[24];

		err = table_room(doc, cols, 3, x, 9000, 9000, i == 0);
		if (err != PLENUM_OK)
			break;
		snprintf(nb, sizeof(nb), "%zu", i + 1);
		snprintf(a, sizeof(a), "%lld", (long long)p->yes);
		texts[0] = nb;
		plenum_buf_reset(&name);
		err = plenum_buf_adds(&name, p->name);
		if (err == PLENUM_OK && p->write_in)
			err = plenum_buf_adds(
				&name, word(doc, PLENUM_W_WRITE_IN_MARK));
		texts[1] = plenum_buf_str(&name);
		texts[2] = fill(doc, PLENUM_W_ANN_VOTES, &arg, 1);
		snprintf(votes, sizeof(votes), "%s",
			 texts[2] != NULL ? texts[2] : "");
		texts[2] = votes;
		if (err != PLENUM_OK) {
			plenum_draw_fail(doc->d, err, "out of memory");
			break;
		}
		table_row(doc, cols, 3, x, 9000, texts);
		err = plenum_draw_error(doc->d);
	}
	plenum_buf_release(&name);
	doc->y += 5000;
	return plenum_draw_error(doc->d);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

enum plenum_err
plenum_docs_announcement(const struct plenum_layout *l,
			 const struct plenum_result *res,
			 const struct plenum_paper_sink *sink,
			 struct plenum_diag *diag)
{
	static const enum plenum_word sigs[] = { PLENUM_W_SIG_CHAIR };
	struct doc doc;
	enum plenum_err err;
	char v[4][24];
	const char *args[4] = { v[0], v[1], v[2], v[3] };
	size_t *order = NULL;
	enum plenum_word status = PLENUM_W_COUNT;

	if (res == NULL)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "an announcement needs a result");
	err = doc_open(&doc, l,
		       res->motion ? PLENUM_W_ANNOUNCEMENT_MOTION
				   : PLENUM_W_ANNOUNCEMENT,
		       true, sink, diag);
	if (err != PLENUM_OK)
		return doc_close(&doc, err, diag);
	if (res->present >= 0) {
		snprintf(v[0], 24, "%lld", (long long)res->present);
		doc_para(&doc, fill(&doc, PLENUM_W_ANN_PRESENT, args, 1),
			 &st_para, 2000);
	}
	snprintf(v[0], 24, "%lld", (long long)res->issued);
	snprintf(v[1], 24, "%lld", (long long)res->returned);
	snprintf(v[2], 24, "%lld", (long long)res->valid);
	snprintf(v[3], 24, "%lld", (long long)res->invalid);
	doc_para(&doc, fill(&doc, PLENUM_W_ANN_BALLOTS, args, 4), &st_para,
		 2000);
	if (res->base >= 0 && res->needed >= 0) {
		snprintf(v[0], 24, "%lld", (long long)res->base);
		snprintf(v[1], 24, "%lld", (long long)res->needed);
		doc_para(&doc, fill(&doc, PLENUM_W_ANN_THRESHOLD, args, 2),
			 &st_para, 2000);
	}
	switch (res->status) {
	case PLENUM_RESULT_ELECTED:
		break;
	case PLENUM_RESULT_INCOMPLETE:
		status = PLENUM_W_STATUS_INCOMPLETE;
		break;
	case PLENUM_RESULT_VOID:
		status = PLENUM_W_STATUS_VOID;
		break;
	case PLENUM_RESULT_NO_QUORUM:
		status = PLENUM_W_STATUS_NO_QUORUM;
		break;
	case PLENUM_RESULT_INVALID_LIST:
		status = PLENUM_W_STATUS_INVALID_LIST;
		break;
	}
	doc.y += 3000;
	if (res->motion) {
		if (res->motion_counted) {
			snprintf(v[0], 24, "%lld", (long long)res->motion_yes);
			snprintf(v[1], 24, "%lld", (long long)res->motion_no);
			snprintf(v[2], 24, "%lld",
				 (long long)res->motion_abstain);
			doc_para(&doc, l->desc.candidates[0], &st_para_bold,
				 2000);
			doc_para(&doc, fill(&doc, PLENUM_W_ANN_MOTION, args, 3),
				 &st_para, 2000);
			doc_para(&doc,
				 word(&doc, res->adopted ? PLENUM_W_ADOPTED
							 : PLENUM_W_REJECTED),
				 &st_para_bold, 4000);
		}
	} else if (res->nelected > 0) {
		/* the elected in list order, which is the body's order */
		order = malloc(res->nelected * sizeof(*order));
		if (order == NULL) {
			plenum_draw_fail(doc.d, PLENUM_ENOMEM, "out of memory");
		} else {
			memcpy(order, res->elected,
			       res->nelected * sizeof(*order));
			qsort(order, res->nelected, sizeof(*order), cmp_size);
			doc_para(&doc, word(&doc, PLENUM_W_ANN_ELECTED),
				 &st_para_bold, 3000);
			elected_table(&doc, res, order, res->nelected);
		}
	} else if (res->status == PLENUM_RESULT_ELECTED ||
		   res->status == PLENUM_RESULT_INCOMPLETE) {
		doc_para(&doc, word(&doc, PLENUM_W_ANN_NONE), &st_para_bold,
			 3000);
	}
	if (!res->motion && res->nalternates > 0) {
		doc_para(&doc, word(&doc, PLENUM_W_ANN_ALTERNATES),
			 &st_para_bold, 3000);
		elected_table(&doc, res, res->alternates, res->nalternates);
	}
	if (status != PLENUM_W_COUNT) {
		doc_para(&doc, word(&doc, status), &st_para_bold, 2000);
		doc_para(&doc, res->next, &st_para, 2000);
	}
	doc_signatures(&doc, sigs, 1);
	free(order);
	return doc_close(&doc, PLENUM_OK, diag);
}

/* --- the minutes ---------------------------------------------------- */

static enum plenum_err
check_report(const char *report, struct plenum_diag *diag)
{
	size_t len = report != NULL ? strlen(report) : 0, i;

	if (len == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the report is empty");
	if (len > MAX_REPORT)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the report is longer than %u bytes",
				       MAX_REPORT);
	if (!g_utf8_validate(report, (gssize)len, NULL))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the report is not utf-8 text");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)report[i];

		if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') ||
		    c == 0x7f)
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "the report holds a control "
					       "character at byte %zu",
					       i);
	}
	return PLENUM_OK;
}

enum plenum_err
plenum_docs_minutes(const struct plenum_layout *l, const char *report,
		    const struct plenum_paper_sink *sink,
		    struct plenum_diag *diag)
{
	unsigned char hash[32];
	struct plenum_buf line;
	struct doc doc;
	enum plenum_err err;
	const char *p, *args[1];
	char hex[17];
	size_t i;

	err = check_report(report, diag);
	if (err != PLENUM_OK)
		return err;
	crypto_hash_sha256(hash, (const unsigned char *)report, strlen(report));
	for (i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", hash[i]);
	err = doc_open(&doc, l, PLENUM_W_MINUTES, false, sink, diag);
	if (err != PLENUM_OK)
		return doc_close(&doc, err, diag);
	args[0] = hex;
	snprintf(doc.footer_left, sizeof(doc.footer_left), "%s",
		 fill(&doc, PLENUM_W_DIGEST, args, 1) != NULL
			 ? plenum_buf_str(&doc.b)
			 : "");
	plenum_buf_init(&line, MAX_REPORT + 1);
	for (p = report; *p != '\0' && plenum_draw_error(doc.d) == PLENUM_OK;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		int32_t h;

		plenum_buf_reset(&line);
		err = plenum_buf_add(&line, p, n);
		if (err == PLENUM_OK && line.len > 0 &&
		    line.data[line.len - 1] == '\r')
			line.data[--line.len] = '\0';
		if (err != PLENUM_OK) {
			plenum_draw_fail(doc.d, err, "out of memory");
			break;
		}
		if (line.len == 0) {
			if (doc_room(&doc, 4500) == PLENUM_OK)
				doc.y += 4500;
		} else if (plenum_draw_measure(doc.d, plenum_buf_str(&line),
					       doc.width, &st_mono,
					       &h) == PLENUM_OK &&
			   doc_room(&doc, h) == PLENUM_OK) {
			plenum_draw_text(doc.d, plenum_buf_str(&line),
					 rect(doc.left, doc.y, doc.width, h),
					 &st_mono);
			doc.y += h;
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	plenum_buf_release(&line);
	return doc_close(&doc, PLENUM_OK, diag);
}
