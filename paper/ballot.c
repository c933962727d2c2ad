/*
 * ballot.c: draws the pages of a layout and repeats them for each copy.
 *
 * Each page is drawn once into a cairo recording, which is then painted
 * onto as many PDF pages as there are copies: 3,000 ballots cost one
 * drawing and 3,000 cheap replays.  Text goes through draw.c, so a missing
 * glyph or a name too long for its cell fails the whole PDF.
 *
 * Everything printed comes from the layout: positions from its rectangles,
 * words from words.c in the layout's locale.
 */
#include "ballot.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "draw.h"
#include "words.h"

#define LINE	   300 /* grid lines, micrometres */
#define LINE_OUTER 500
#define LINE_BOX   350
#define PAD	   2000 /* text inside a cell */

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
static const struct plenum_text_style st_word = {
	PLENUM_FACE_SERIF_BOLD, 18, 8, PLENUM_ALIGN_CENTER,
	PLENUM_TEXT_MIDDLE,	0
};
static const struct plenum_text_style st_instr = {
	PLENUM_FACE_SANS, 9.5, 5.5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_WRAP, 0
};
static const struct plenum_text_style st_colhead = { PLENUM_FACE_BOLD,
						     10,
						     5.5,
						     PLENUM_ALIGN_CENTER,
						     PLENUM_TEXT_WRAP |
							     PLENUM_TEXT_MIDDLE,
						     0 };
static const struct plenum_text_style st_number = {
	PLENUM_FACE_SANS, 11, 6, PLENUM_ALIGN_CENTER, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_name = {
	PLENUM_FACE_SANS, 14, 6, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_motion = { PLENUM_FACE_SANS,
						    11,
						    5.5,
						    PLENUM_ALIGN_LEFT,
						    PLENUM_TEXT_WRAP |
							    PLENUM_TEXT_MIDDLE,
						    0 };
static const struct plenum_text_style st_label = {
	PLENUM_FACE_SANS, 7.5, 5, PLENUM_ALIGN_LEFT, 0, 0.45
};
static const struct plenum_text_style st_seal = {
	PLENUM_FACE_SANS, 8, 5, PLENUM_ALIGN_CENTER, PLENUM_TEXT_MIDDLE, 0.55
};
static const struct plenum_text_style st_footer = {
	PLENUM_FACE_SANS, 9, 6, PLENUM_ALIGN_CENTER, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_digest = {
	PLENUM_FACE_MONO, 7, 5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0.45
};

static struct plenum_rect
inset(struct plenum_rect r, int32_t dx, int32_t dy)
{
	struct plenum_rect o = { r.x + dx, r.y + dy, r.w - 2 * dx,
				 r.h - 2 * dy };

	return o;
}

static enum plenum_word
column_word(enum plenum_ballot_style style, enum plenum_column_kind kind)
{
	switch (kind) {
	case PLENUM_COL_NUMBER:
		return PLENUM_W_COL_NUMBER;
	case PLENUM_COL_NAME:
		return style == PLENUM_STYLE_MOTION ? PLENUM_W_COL_MOTION
						    : PLENUM_W_COL_NAME;
	case PLENUM_COL_YES:
		switch (style) {
		case PLENUM_STYLE_CN:
			return PLENUM_W_COL_FOR;
		case PLENUM_STYLE_VN_UNCONTESTED:
			return PLENUM_W_COL_AGREE;
		case PLENUM_STYLE_APPROVAL:
			return PLENUM_W_COL_VOTE;
		default:
			return PLENUM_W_COL_YES;
		}
	case PLENUM_COL_NO:
		switch (style) {
		case PLENUM_STYLE_CN:
			return PLENUM_W_COL_AGAINST;
		case PLENUM_STYLE_VN_UNCONTESTED:
			return PLENUM_W_COL_DISAGREE;
		default:
			return PLENUM_W_COL_NO;
		}
	case PLENUM_COL_ABSTAIN:
		return PLENUM_W_COL_ABSTAIN;
	}
	return PLENUM_W_COL_NAME;
}

static enum plenum_word
instructions(enum plenum_ballot_style style)
{
	switch (style) {
	case PLENUM_STYLE_CN:
		return PLENUM_W_INSTR_CN;
	case PLENUM_STYLE_VN_STRIKE_OUT:
		return PLENUM_W_INSTR_VN_STRIKE_OUT;
	case PLENUM_STYLE_VN_UNCONTESTED:
		return PLENUM_W_INSTR_VN_UNCONTESTED;
	case PLENUM_STYLE_YNA:
		return PLENUM_W_INSTR_YNA;
	case PLENUM_STYLE_APPROVAL:
		return PLENUM_W_INSTR_APPROVAL;
	case PLENUM_STYLE_MOTION:
		return PLENUM_W_INSTR_MOTION;
	}
	return PLENUM_W_INSTR_YNA;
}

static enum plenum_err
heading(struct plenum_draw *d, const struct plenum_layout *l, size_t p,
	struct plenum_buf *b)
{
	const struct plenum_ballot_desc *desc = &l->desc;
	const struct plenum_layout_page *pg = &l->pages[p];
	struct plenum_rect h = pg->heading;
	struct plenum_rect r1 = { h.x, h.y, h.w, 8000 };
	struct plenum_rect r2 = { h.x, h.y + 8000, h.w, 13000 };
	struct plenum_rect r3 = { h.x, h.y + 21000, h.w, h.h - 21000 };
	enum plenum_err err;
	char num[16];
	const char *arg = num;

	plenum_draw_text(d, desc->subtitle, r1, &st_subtitle);
	plenum_draw_text(d, desc->title, r2, &st_title);
	plenum_buf_reset(b);
	err = plenum_buf_adds(
		b, plenum_words_get(desc->locale,
				    desc->style == PLENUM_STYLE_MOTION
					    ? PLENUM_W_BALLOT_MOTION
					    : PLENUM_W_BALLOT));
	if (err == PLENUM_OK && desc->round > 1) {
		snprintf(num, sizeof(num), "%u", desc->round);
		err = plenum_buf_adds(b, "  ");
		if (err == PLENUM_OK)
			err = plenum_words_fill(b, desc->locale, PLENUM_W_ROUND,
						&arg, 1);
	}
	if (err == PLENUM_OK && p > 0)
		err = plenum_words_fill(b, desc->locale, PLENUM_W_CONTINUED,
					NULL, 0);
	if (err != PLENUM_OK)
		return plenum_draw_fail(d, err, "out of memory");
	return plenum_draw_text(d, plenum_buf_str(b), r3, &st_word);
}

static enum plenum_err
instructions_text(const struct plenum_layout *l, struct plenum_buf *b)
{
	const struct plenum_ballot_desc *desc = &l->desc;
	char seats[16], max[16], n[24];
	const char *args[3] = { seats, max, n };

	snprintf(seats, sizeof(seats), "%u", desc->seats);
	snprintf(max, sizeof(max), "%u", desc->max_votes);
	snprintf(n, sizeof(n), "%zu", desc->ncandidates);
	plenum_buf_reset(b);
	return plenum_words_fill(b, desc->locale, instructions(desc->style),
				 args, 3);
}

static void
grid(struct plenum_draw *d, const struct plenum_layout *l,
     const struct plenum_layout_page *pg)
{
	int32_t top = pg->head_row.y;
	int32_t bottom =
		pg->head_row.y + pg->head_row.h + (int32_t)pg->nrows * l->row_h;
	int32_t left = pg->head_row.x, right = left + pg->head_row.w;
	struct plenum_rect outer = { left, top, right - left, bottom - top };
	size_t i;
	int32_t y;

	for (i = 1; i < l->ncolumns; i++)
		plenum_draw_line(d, l->columns[i].x, top, l->columns[i].x,
				 bottom, LINE, false);
	for (y = top + pg->head_row.h; y < bottom; y += l->row_h)
		plenum_draw_line(d, left, y, right, y, LINE, false);
	plenum_draw_rect(d, outer, LINE_OUTER);
}

static enum plenum_err
row(struct plenum_draw *d, const struct plenum_layout *l,
    const struct plenum_layout_row *r)
{
	const struct plenum_ballot_desc *desc = &l->desc;
	char num[24];
	size_t i;

	if (r->write_in) {
		struct plenum_rect lab = { r->name.x + 1500, r->name.y + 800,
					   r->name.w - 3000, 3500 };

		plenum_draw_text(
			d, plenum_words_get(desc->locale, PLENUM_W_WRITE_IN),
			lab, &st_label);
		/* the cells of the marks a write-in line cannot take */
		for (i = 2 + r->nboxes; i < l->ncolumns; i++) {
			struct plenum_rect c = { l->columns[i].x, r->row.y,
						 l->columns[i].w, r->row.h };

			plenum_draw_fill(d, inset(c, LINE, LINE), 0.85);
		}
	} else {
		snprintf(num, sizeof(num), "%zu", r->candidate + 1);
		plenum_draw_text(d, num, inset(r->number, 1000, 500),
				 &st_number);
		plenum_draw_text(d, desc->candidates[r->candidate],
				 inset(r->name, PAD, 500),
				 desc->style == PLENUM_STYLE_MOTION ? &st_motion
								    : &st_name);
	}
	for (i = 0; i < r->nboxes; i++)
		plenum_draw_rect(d, r->boxes[i].r, LINE_BOX);
	return plenum_draw_error(d);
}

static enum plenum_err
page(struct plenum_draw *d, const struct plenum_layout *l, size_t p,
     struct plenum_buf *b)
{
	const struct plenum_ballot_desc *desc = &l->desc;
	const struct plenum_layout_page *pg = &l->pages[p];
	struct plenum_rect foot = pg->footer;
	enum plenum_err err;
	char a[24], n[24];
	const char *args[2] = { a, n };
	size_t i;

	for (i = 0; i < 4; i++)
		plenum_draw_fill(d, l->fiducials[i], 0);
	plenum_draw_qr(d, pg->payload, pg->qr);
	if (pg->seal.w > 0) {
		struct plenum_rect s = pg->seal;

		plenum_draw_line(d, s.x, s.y, s.x + s.w, s.y, LINE, true);
		plenum_draw_line(d, s.x, s.y + s.h, s.x + s.w, s.y + s.h, LINE,
				 true);
		plenum_draw_line(d, s.x, s.y, s.x, s.y + s.h, LINE, true);
		plenum_draw_line(d, s.x + s.w, s.y, s.x + s.w, s.y + s.h, LINE,
				 true);
		plenum_draw_text(d,
				 plenum_words_get(desc->locale, PLENUM_W_SEAL),
				 inset(s, 2000, 2000), &st_seal);
	}
	heading(d, l, p, b);
	if (pg->instr.w > 0) {
		err = instructions_text(l, b);
		if (err != PLENUM_OK)
			return plenum_draw_fail(d, err, "out of memory");
		plenum_draw_text(d, plenum_buf_str(b), pg->instr, &st_instr);
	}
	for (i = 0; i < l->ncolumns; i++) {
		struct plenum_rect c = { l->columns[i].x, pg->head_row.y,
					 l->columns[i].w, pg->head_row.h };

		plenum_draw_text(
			d,
			plenum_words_get(
				desc->locale,
				column_word(desc->style, l->columns[i].kind)),
			inset(c, 1000, 500), &st_colhead);
	}
	grid(d, l, pg);
	for (i = 0; i < pg->nrows; i++)
		row(d, l, &l->rows[pg->first_row + i]);

	snprintf(a, sizeof(a), "%zu", p + 1);
	snprintf(n, sizeof(n), "%zu", l->npages);
	plenum_buf_reset(b);
	err = plenum_words_fill(b, desc->locale, PLENUM_W_PAGE, args, 2);
	if (err != PLENUM_OK)
		return plenum_draw_fail(d, err, "out of memory");
	plenum_draw_text(d, plenum_buf_str(b), foot, &st_footer);
	snprintf(a, sizeof(a), "%.16s", l->digest_hex);
	foot.w /= 3;
	return plenum_draw_text(d, a, foot, &st_digest);
}

enum plenum_err
plenum_ballot_pdf(const struct plenum_layout *l, size_t copies,
		  const struct plenum_paper_sink *sink,
		  struct plenum_diag *diag)
{
	struct plenum_draw *d = NULL;
	cairo_surface_t **recs = NULL;
	struct plenum_buf b;
	enum plenum_err err;
	size_t p, c;

	plenum_buf_init(&b, 1 << 16);
	if (copies == 0 || copies > PLENUM_BALLOT_MAX_COPIES) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "%zu copies: 1 to %d", copies,
				      PLENUM_BALLOT_MAX_COPIES);
		goto out;
	}
	recs = calloc(l->npages, sizeof(*recs));
	if (recs == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	err = plenum_draw_new(l->desc.locale, l->page_w, l->page_h,
			      l->desc.title, sink, &d, diag);
	if (err != PLENUM_OK)
		goto out;
	for (p = 0; p < l->npages; p++) {
		if (plenum_draw_record_begin(d) != PLENUM_OK)
			break;
		page(d, l, p, &b);
		if (plenum_draw_record_end(d, &recs[p]) != PLENUM_OK)
			break;
	}
	for (c = 0; c < copies && plenum_draw_error(d) == PLENUM_OK; c++)
		for (p = 0; p < l->npages; p++) {
			plenum_draw_paint(d, recs[p]);
			plenum_draw_page(d);
		}
	err = plenum_draw_finish(d);
	if (err != PLENUM_OK && diag != NULL && plenum_draw_diag(d) != NULL)
		*diag = *plenum_draw_diag(d);
out:
	plenum_draw_free(d);
	if (recs != NULL)
		for (p = 0; p < l->npages; p++)
			if (recs[p] != NULL)
				cairo_surface_destroy(recs[p]);
	free(recs);
	plenum_buf_release(&b);
	return err;
}
