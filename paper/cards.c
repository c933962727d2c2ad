/*
 * cards.c: credential cards, a grid of ID-1 cards per page.
 *
 * The grid is centred on the page; every card is drawn at its cell's
 * origin from the same relative positions (micrometres), so cards cut from
 * any page look alike.  Text on the left, the QR codes on the right: the
 * check-in code on top, the sign-in code (if any) below it.
 */
#include "cards.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "words.h"

#define CARD_W	  85600
#define CARD_H	  54000
#define PAGE_EDGE 10000 /* the least margin around the grid */
#define PAD	  3500
#define QR	  20000
#define TEXT_W	  (CARD_W - 2 * PAD - QR - 2000)
#define CUT	  150

static const struct plenum_text_style st_assembly = {
	PLENUM_FACE_SANS, 7.5, 5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_WRAP, 0.25
};
static const struct plenum_text_style st_word = {
	PLENUM_FACE_BOLD, 11, 6, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_name = {
	PLENUM_FACE_BOLD, 17, 7, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_small = {
	PLENUM_FACE_SANS, 8, 5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0
};
static const struct plenum_text_style st_label = {
	PLENUM_FACE_SANS, 6.5, 4.5, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0.4
};
static const struct plenum_text_style st_qr_label = {
	PLENUM_FACE_SANS, 6.5, 4.5, PLENUM_ALIGN_CENTER, PLENUM_TEXT_MIDDLE, 0.4
};
static const struct plenum_text_style st_code = {
	PLENUM_FACE_MONO, 11, 6, PLENUM_ALIGN_LEFT, PLENUM_TEXT_MIDDLE, 0
};

static struct plenum_rect
rect(int32_t x, int32_t y, int32_t w, int32_t h)
{
	struct plenum_rect r = { x, y, w, h };

	return r;
}

static int
id_ok(const char *id)
{
	const char *p;

	if (!plenum_paper_text_ok(id, PLENUM_CARDS_MAX_ID))
		return 0;
	for (p = id; *p != '\0'; p++)
		if (*p == ' ')
			return 0;
	return 1;
}

static int
code_ok(const char *code)
{
	size_t n = strlen(code), i;

	if (n > PLENUM_CARDS_MAX_CODE)
		return 0;
	for (i = 0; i < n; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') ||
		      (code[i] >= '0' && code[i] <= '9') || code[i] == '-'))
			return 0;
	return 1;
}

static enum plenum_err
check(const struct plenum_cards_desc *desc, struct plenum_diag *diag)
{
	size_t i;

	if (!plenum_paper_locale_ok(desc->locale))
		return plenum_diag_set(
			diag, PLENUM_EINPUT, 0, 0, "unknown locale '%s'",
			desc->locale != NULL ? desc->locale : "");
	if (plenum_paper_width(desc->paper) == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown paper size %d",
				       (int)desc->paper);
	if (!plenum_paper_text_ok(desc->assembly, 1024))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the assembly's name is empty, too long "
				       "or not utf-8 text");
	if (desc->ncards == 0 || desc->cards == NULL ||
	    desc->ncards > PLENUM_CARDS_MAX)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%zu cards: 1 to %d", desc->ncards,
				       PLENUM_CARDS_MAX);
	for (i = 0; i < desc->ncards; i++) {
		const struct plenum_card *c = &desc->cards[i];

		if (!id_ok(c->id))
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "card %zu: id '%.64s' is empty, "
					       "too long or has spaces",
					       i + 1,
					       c->id != NULL ? c->id : "");
		if (!plenum_paper_text_ok(c->name, 1024))
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "card '%s': the name is empty "
					       "or not utf-8 text",
					       c->id);
		if (c->unit != NULL && c->unit[0] != '\0' &&
		    !plenum_paper_text_ok(c->unit, 1024))
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "card '%s': the unit is not "
					       "utf-8 text",
					       c->id);
		if (c->code != NULL && !code_ok(c->code))
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "card '%s': the sign-in code is "
					       "not A-Z 0-9 -",
					       c->id);
	}
	return PLENUM_OK;
}

static enum plenum_err
card(struct plenum_draw *d, const struct plenum_cards_desc *desc,
     const struct plenum_card *c, int32_t x, int32_t y, struct plenum_buf *b)
{
	const char *locale = desc->locale;
	int32_t qx = x + CARD_W - PAD - QR, ty = y + PAD;
	bool code = c->code != NULL && c->code[0] != '\0';
	enum plenum_err err;

	/* cutting lines */
	plenum_draw_line(d, x, y, x + CARD_W, y, CUT, true);
	plenum_draw_line(d, x, y + CARD_H, x + CARD_W, y + CARD_H, CUT, true);
	plenum_draw_line(d, x, y, x, y + CARD_H, CUT, true);
	plenum_draw_line(d, x + CARD_W, y, x + CARD_W, y + CARD_H, CUT, true);

	plenum_draw_text(d, desc->assembly, rect(x + PAD, ty, TEXT_W, 7000),
			 &st_assembly);
	plenum_draw_text(d, plenum_words_get(locale, PLENUM_W_CARD),
			 rect(x + PAD, ty + 7500, TEXT_W, 6000), &st_word);
	plenum_draw_text(d, c->name, rect(x + PAD, ty + 14000, TEXT_W, 9000),
			 &st_name);
	if (c->unit != NULL)
		plenum_draw_text(d, c->unit,
				 rect(x + PAD, ty + 23500, TEXT_W, 4500),
				 &st_small);
	plenum_buf_reset(b);
	err = plenum_buf_addf(
		b, "%s  %s", plenum_words_get(locale, PLENUM_W_CARD_ID), c->id);
	if (err != PLENUM_OK)
		return plenum_draw_fail(d, err, "out of memory");
	plenum_draw_text(d, plenum_buf_str(b),
			 rect(x + PAD, ty + 28500, TEXT_W, 4500), &st_small);

	plenum_buf_reset(b);
	if (plenum_buf_addf(b, "PM1:%s", c->id) != PLENUM_OK)
		return plenum_draw_fail(d, PLENUM_ENOMEM, "out of memory");
	plenum_draw_qr(d, plenum_buf_str(b), rect(qx, y + 2000, QR, QR));
	plenum_draw_text(d, plenum_words_get(locale, PLENUM_W_CARD_CHECKIN),
			 rect(qx, y + 2000 + QR, QR, 3000), &st_qr_label);
	if (code) {
		plenum_draw_text(
			d, plenum_words_get(locale, PLENUM_W_CARD_CODE),
			rect(x + PAD, ty + 36000, TEXT_W, 3500), &st_label);
		plenum_draw_text(d, c->code,
				 rect(x + PAD, ty + 39500, TEXT_W, 6500),
				 &st_code);
		plenum_buf_reset(b);
		if (plenum_buf_addf(b, "PLENUM-LOGIN:%s", c->code) != PLENUM_OK)
			return plenum_draw_fail(d, PLENUM_ENOMEM,
						"out of memory");
		plenum_draw_qr(d, plenum_buf_str(b),
			       rect(qx, y + 2000 + QR + 6000, QR, QR));
		plenum_draw_text(d,
				 plenum_words_get(locale, PLENUM_W_CARD_LOGIN),
				 rect(qx, y + 2000 + 2 * QR + 6000, QR, 3000),
				 &st_qr_label);
	}
	return plenum_draw_error(d);
}

enum plenum_err
plenum_cards_pdf(const struct plenum_cards_desc *desc,
		 const struct plenum_paper_sink *sink, struct plenum_diag *diag)
{
	struct plenum_draw *d = NULL;
	struct plenum_buf b;
	enum plenum_err err;
	int32_t w, h, x0, y0;
	size_t cols, rows, per_page, i;

	plenum_buf_init(&b, 4096);
	err = check(desc, diag);
	if (err != PLENUM_OK)
		goto out;
	w = plenum_paper_width(desc->paper);
	h = plenum_paper_height(desc->paper);
	cols = (size_t)((w - 2 * PAGE_EDGE) / CARD_W);
	rows = (size_t)((h - 2 * PAGE_EDGE) / CARD_H);
	per_page = cols * rows;
	x0 = (w - (int32_t)cols * CARD_W) / 2;
	y0 = (h - (int32_t)rows * CARD_H) / 2;
	err = plenum_draw_new(desc->locale, w, h,
			      plenum_words_get(desc->locale, PLENUM_W_CARD),
			      sink, &d, diag);
	if (err != PLENUM_OK)
		goto out;
	for (i = 0; i < desc->ncards; i++) {
		size_t k = i % per_page;

		if (card(d, desc, &desc->cards[i],
			 x0 + (int32_t)(k % cols) * CARD_W,
			 y0 + (int32_t)(k / cols) * CARD_H, &b) != PLENUM_OK)
			break;
		if (k == per_page - 1 || i + 1 == desc->ncards)
			plenum_draw_page(d);
	}
	err = plenum_draw_finish(d);
	if (err != PLENUM_OK && diag != NULL && plenum_draw_diag(d) != NULL)
		*diag = *plenum_draw_diag(d);
out:
	plenum_draw_free(d);
	plenum_buf_release(&b);
	return err;
}
