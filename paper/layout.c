/*
 * layout.c: the geometry of a ballot, its digest and its JSON.
 *
 * Every page has the same frame: four 6 mm fiducial squares 8 mm in from
 * the corners, a 32 mm heading band at the top (the QR code at the right,
 * the seal box at the left for Vietnamese styles, the heading between
 * them), a footer, and between them a table: a row of column headings,
 * then candidate rows of a fixed height.  The first page also carries the
 * instructions above the table, so it holds fewer rows.  Write-in lines
 * follow the candidates.  Columns: number, name, then the style's mark
 * columns; each mark box is an 8 mm square centred in its cell.
 *
 * Invariants: every position is an integer number of micrometres; rows are
 * in list order and each page holds at least one; the digest covers every
 * field of the description and every rectangle, and nothing else (the QR
 * payloads, which contain it, are outside it).
 */
#include "layout.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "names.h"

/* The frame, in micrometres. */
#define MARGIN_X  20000 /* left and right */
#define MARGIN_Y  18000 /* top and bottom */
#define FID	  6000
#define FID_INSET 8000
#define QR_SIZE	  26000
#define SEAL_W	  40000
#define SEAL_H	  30000
#define HEAD	  32000
#define GAP	  3000
#define HEAD_ROW  10000
#define FOOTER	  8000
#define BOX	  8000
#define NUMBER_W  14000
#define MAX_PAGES 999

struct style_geometry {
	const char *word;
	int32_t row_h;
	int32_t instr_h;
	size_t nmarks;
	int32_t mark_w;
	enum plenum_box_kind marks[3];
	bool seal, write_ins;
};

static const struct style_geometry styles[] = {
	[PLENUM_STYLE_CN] = { "cn",
			      11000,
			      26000,
			      3,
			      24000,
			      { PLENUM_BOX_YES, PLENUM_BOX_NO,
				PLENUM_BOX_ABSTAIN },
			      false,
			      true },
	[PLENUM_STYLE_VN_STRIKE_OUT] = { "vn-strike-out",
					 11000,
					 18000,
					 0,
					 0,
					 { 0 },
					 true,
					 false },
	[PLENUM_STYLE_VN_UNCONTESTED] = { "vn-uncontested",
					  11000,
					  14000,
					  2,
					  30000,
					  { PLENUM_BOX_YES, PLENUM_BOX_NO },
					  true,
					  false },
	[PLENUM_STYLE_YNA] = { "yna",
			       11000,
			       14000,
			       3,
			       24000,
			       { PLENUM_BOX_YES, PLENUM_BOX_NO,
				 PLENUM_BOX_ABSTAIN },
			       false,
			       true },
	[PLENUM_STYLE_APPROVAL] = { "approval",
				    11000,
				    14000,
				    1,
				    30000,
				    { PLENUM_BOX_YES },
				    false,
				    true },
	[PLENUM_STYLE_MOTION] = { "motion",
				  25000,
				  12000,
				  3,
				  24000,
				  { PLENUM_BOX_YES, PLENUM_BOX_NO,
				    PLENUM_BOX_ABSTAIN },
				  false,
				  false },
};

#define NSTYLES (sizeof(styles) / sizeof(styles[0]))

const char *
plenum_layout_style_word(enum plenum_ballot_style style)
{
	if ((size_t)style >= NSTYLES)
		return "?";
	return styles[style].word;
}

int
plenum_layout_style_parse(const char *word, enum plenum_ballot_style *out)
{
	size_t i;

	if (word == NULL)
		return -1;
	for (i = 0; i < NSTYLES; i++)
		if (strcmp(word, styles[i].word) == 0) {
			*out = (enum plenum_ballot_style)i;
			return 0;
		}
	return -1;
}

const char *
plenum_layout_box_word(enum plenum_box_kind kind)
{
	switch (kind) {
	case PLENUM_BOX_YES:
		return "yes";
	case PLENUM_BOX_NO:
		return "no";
	case PLENUM_BOX_ABSTAIN:
		return "abstain";
	}
	return "?";
}

static const char *
column_word(enum plenum_column_kind kind)
{
	switch (kind) {
	case PLENUM_COL_NUMBER:
		return "number";
	case PLENUM_COL_NAME:
		return "name";
	case PLENUM_COL_YES:
		return "yes";
	case PLENUM_COL_NO:
		return "no";
	case PLENUM_COL_ABSTAIN:
		return "abstain";
	}
	return "?";
}

/* --- checking and copying the description ------------------------- */

/* 1 when s holds a C0 or C1 control character or DEL. */
static int
has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 1;
		/* U+0080..U+009F are C2 80..C2 9F in UTF-8 */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;
	}
	return 0;
}

/*
 * Copies s to *out in NFC after checking it.  what names the field for the
 * message; optional allows NULL or "" (copied as "").
 */
static enum plenum_err
copy_text(const char *what, const char *s, bool optional, char **out,
	  struct plenum_diag *diag)
{
	enum plenum_err err;
	size_t len = s != NULL ? strlen(s) : 0;

	*out = NULL;
	if (len == 0) {
		if (!optional)
			return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					       "%s is empty", what);
		*out = strdup("");
		return *out != NULL ? PLENUM_OK : PLENUM_ENOMEM;
	}
	if (len > PLENUM_LAYOUT_MAX_TEXT)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%s is longer than %d bytes", what,
				       PLENUM_LAYOUT_MAX_TEXT);
	if (has_control(s))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%s '%.40s' holds a control character",
				       what, s);
	err = plenum_names_nfc(s, len, out);
	if (err == PLENUM_ESYNTAX)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%s is not valid UTF-8 text", what);
	if (err == PLENUM_ELIMIT)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%s is longer than %d bytes in NFC",
				       what, PLENUM_NAME_MAX);
	if (err == PLENUM_OK && (*out)[0] == '\0' && !optional) {
		free(*out);
		*out = NULL;
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0, "%s is empty",
				       what);
	}
	return err;
}

static int
id_ok(const char *id)
{
	size_t i, n;

	if (id == NULL)
		return 0;
	n = strlen(id);
	if (n == 0 || n > PLENUM_LAYOUT_MAX_ID)
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

static enum plenum_err
check_desc(const struct plenum_ballot_desc *d, struct plenum_diag *diag)
{
	const struct style_geometry *g;

	if (!plenum_paper_locale_ok(d->locale))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown locale '%s'",
				       d->locale != NULL ? d->locale : "");
	if ((size_t)d->style >= NSTYLES)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown ballot style %d",
				       (int)d->style);
	if (plenum_paper_width(d->paper) == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown paper size %d", (int)d->paper);
	if (!id_ok(d->assembly_id))
		return plenum_diag_set(
			diag, PLENUM_EINPUT, 0, 0,
			"assembly id '%.60s' is not 1-%d of A-Z a-z 0-9 . _ -",
			d->assembly_id != NULL ? d->assembly_id : "",
			PLENUM_LAYOUT_MAX_ID);
	if (d->election == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "election number is 0");
	if (d->round == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0, "round is 0");
	g = &styles[d->style];
	if (d->style != PLENUM_STYLE_MOTION && d->seats == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "no seats to elect");
	if (d->ncandidates == 0 || d->candidates == NULL)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "no candidates");
	if (d->ncandidates > PLENUM_LAYOUT_MAX_NAMES)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%zu candidates: at most %d",
				       d->ncandidates, PLENUM_LAYOUT_MAX_NAMES);
	if (d->write_ins > 0 && !g->write_ins)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "style '%s' has no write-in lines",
				       g->word);
	if (d->write_ins > PLENUM_LAYOUT_MAX_WRITEIN)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%u write-in lines: at most %d",
				       d->write_ins, PLENUM_LAYOUT_MAX_WRITEIN);
	return PLENUM_OK;
}

static enum plenum_err
copy_desc(struct plenum_layout *l, const struct plenum_ballot_desc *d,
	  struct plenum_diag *diag)
{
	enum plenum_err err;
	char **names;
	size_t i;
	char what[64];

	l->desc = *d;
	l->desc.locale = NULL;
	l->desc.title = NULL;
	l->desc.subtitle = NULL;
	l->desc.assembly_id = NULL;
	l->desc.candidates = NULL;
	if (l->desc.max_votes == 0)
		l->desc.max_votes = d->seats;
	if (d->style == PLENUM_STYLE_MOTION) {
		l->desc.seats = 0;
		l->desc.max_votes = 0;
	}
	names = calloc(d->ncandidates, sizeof(*names));
	if (names == NULL)
		return PLENUM_ENOMEM;
	l->desc.candidates = (const char *const *)names;
	if ((l->desc.locale = strdup(d->locale)) == NULL ||
	    (l->desc.assembly_id = strdup(d->assembly_id)) == NULL)
		return PLENUM_ENOMEM;
	err = copy_text("title", d->title, false, (char **)&l->desc.title,
			diag);
	if (err == PLENUM_OK)
		err = copy_text("subtitle", d->subtitle, true,
				(char **)&l->desc.subtitle, diag);
	for (i = 0; err == PLENUM_OK && i < d->ncandidates; i++) {
		snprintf(what, sizeof(what), "%s %zu",
			 d->style == PLENUM_STYLE_MOTION ? "motion"
							 : "candidate",
			 i + 1);
		err = copy_text(what, d->candidates[i], false, &names[i], diag);
	}
	return err;
}

void
plenum_layout_free(struct plenum_layout *l)
{
	size_t i;

	if (l == NULL)
		return;
	if (l->desc.candidates != NULL) {
		for (i = 0; i < l->desc.ncandidates; i++)
			free((char *)l->desc.candidates[i]);
		free((void *)l->desc.candidates);
	}
	free((char *)l->desc.locale);
	free((char *)l->desc.title);
	free((char *)l->desc.subtitle);
	free((char *)l->desc.assembly_id);
	free(l->pages);
	free(l->rows);
	free(l);
}

/* --- geometry ------------------------------------------------------- */

static struct plenum_rect
rect(int32_t x, int32_t y, int32_t w, int32_t h)
{
	struct plenum_rect r = { x, y, w, h };

	return r;
}

static void
place_columns(struct plenum_layout *l, const struct style_geometry *g)
{
	int32_t left = MARGIN_X, width = l->page_w - 2 * MARGIN_X;
	int32_t name_w = width - NUMBER_W - (int32_t)g->nmarks * g->mark_w;
	int32_t x;
	size_t i;

	l->columns[0].kind = PLENUM_COL_NUMBER;
	l->columns[0].x = left;
	l->columns[0].w = NUMBER_W;
	l->columns[1].kind = PLENUM_COL_NAME;
	l->columns[1].x = left + NUMBER_W;
	l->columns[1].w = name_w;
	x = left + NUMBER_W + name_w;
	for (i = 0; i < g->nmarks; i++) {
		l->columns[2 + i].kind =
			g->marks[i] == PLENUM_BOX_YES  ? PLENUM_COL_YES
			: g->marks[i] == PLENUM_BOX_NO ? PLENUM_COL_NO
						       : PLENUM_COL_ABSTAIN;
		l->columns[2 + i].x = x;
		l->columns[2 + i].w = g->mark_w;
		x += g->mark_w;
	}
	l->ncolumns = 2 + g->nmarks;
}

/* The top of the column-heading row on a first (or a later) page. */
static int32_t
table_top(const struct style_geometry *g, bool first)
{
	int32_t y = MARGIN_Y + HEAD;

	if (first)
		y += 2000 + g->instr_h;
	return y + GAP;
}

/* How many rows fit on a first (or a later) page of height page_h. */
static size_t
rows_fit(const struct style_geometry *g, int32_t page_h, bool first)
{
	int32_t top = table_top(g, first) + HEAD_ROW;
	int32_t bottom = page_h - MARGIN_Y - FOOTER - 2000;

	return bottom > top ? (size_t)((bottom - top) / g->row_h) : 0;
}

static void
frame_page(struct plenum_layout *l, const struct style_geometry *g, size_t p)
{
	struct plenum_layout_page *pg = &l->pages[p];
	int32_t left = MARGIN_X, right = l->page_w - MARGIN_X;
	int32_t side = (g->seal ? SEAL_W : QR_SIZE) + 4000;
	int32_t top = table_top(g, p == 0);

	pg->qr = rect(right - QR_SIZE, MARGIN_Y, QR_SIZE, QR_SIZE);
	pg->seal = g->seal ? rect(left, MARGIN_Y, SEAL_W, SEAL_H)
			   : rect(0, 0, 0, 0);
	pg->heading =
		rect(left + side, MARGIN_Y, right - left - 2 * side, HEAD);
	pg->instr = p == 0 ? rect(left, MARGIN_Y + HEAD + 2000, right - left,
				  g->instr_h)
			   : rect(0, 0, 0, 0);
	pg->head_row = rect(left, top, right - left, HEAD_ROW);
	pg->footer =
		rect(left, l->page_h - MARGIN_Y - FOOTER, right - left, FOOTER);
}

static void
place_row(struct plenum_layout *l, const struct style_geometry *g,
	  struct plenum_layout_row *r, size_t page, size_t slot)
{
	int32_t y =
		l->pages[page].head_row.y + HEAD_ROW + (int32_t)slot * g->row_h;
	size_t i, n;

	r->page = page;
	r->row = rect(MARGIN_X, y, l->page_w - 2 * MARGIN_X, g->row_h);
	r->number = rect(l->columns[0].x, y, l->columns[0].w, g->row_h);
	r->name = rect(l->columns[1].x, y, l->columns[1].w, g->row_h);
	/* a write-in line is a vote for someone: only its Yes box */
	n = r->write_in && g->nmarks > 0 ? 1 : g->nmarks;
	for (i = 0; i < n; i++) {
		const struct plenum_layout_column *c = &l->columns[2 + i];

		r->boxes[i].kind = g->marks[i];
		r->boxes[i].r = rect(c->x + (c->w - BOX) / 2,
				     y + (g->row_h - BOX) / 2, BOX, BOX);
	}
	r->nboxes = n;
}

/* --- digest ------------------------------------------------------- */

static enum plenum_err
ser_str(struct plenum_buf *b, const char *key, const char *s)
{
	return plenum_buf_addf(b, "%s=%zu:%s\n", key, strlen(s), s);
}

static enum plenum_err
ser_int(struct plenum_buf *b, const char *key, long long v)
{
	return plenum_buf_addf(b, "%s=%lld\n", key, v);
}

static enum plenum_err
ser_rect(struct plenum_buf *b, const char *key, struct plenum_rect r)
{
	return plenum_buf_addf(
		b, "%s=%" PRId32 ",%" PRId32 ",%" PRId32 ",%" PRId32 "\n", key,
		r.x, r.y, r.w, r.h);
}

/* The canonical serialisation: "key=value\n" lines in a fixed order,
 * strings length-prefixed. */
static enum plenum_err
serialise(const struct plenum_layout *l, struct plenum_buf *b)
{
	const struct plenum_ballot_desc *d = &l->desc;
	enum plenum_err err;
	size_t i, j;

	err = plenum_buf_adds(b, "plenum-ballot-layout/1\n");
#define DO(x)                                                                  \
	do {                                                                   \
		if (err == PLENUM_OK)                                          \
			err = (x);                                             \
	} while (0)
	DO(ser_str(b, "locale", d->locale));
	DO(ser_str(b, "style", styles[d->style].word));
	DO(ser_str(b, "paper", plenum_paper_size_word(d->paper)));
	DO(ser_str(b, "title", d->title));
	DO(ser_str(b, "subtitle", d->subtitle));
	DO(ser_str(b, "assembly", d->assembly_id));
	DO(ser_int(b, "election", d->election));
	DO(ser_int(b, "round", d->round));
	DO(ser_int(b, "seats", d->seats));
	DO(ser_int(b, "max_votes", d->max_votes));
	DO(ser_int(b, "write_ins", d->write_ins));
	DO(ser_int(b, "candidates", (long long)d->ncandidates));
	for (i = 0; i < d->ncandidates; i++)
		DO(ser_str(b, "name", d->candidates[i]));
	DO(ser_rect(b, "page", rect(0, 0, l->page_w, l->page_h)));
	for (i = 0; i < 4; i++)
		DO(ser_rect(b, "fiducial", l->fiducials[i]));
	DO(ser_int(b, "row_h", l->row_h));
	for (i = 0; i < l->ncolumns; i++)
		DO(ser_rect(b, column_word(l->columns[i].kind),
			    rect(l->columns[i].x, 0, l->columns[i].w, 0)));
	DO(ser_int(b, "pages", (long long)l->npages));
	for (i = 0; i < l->npages; i++) {
		const struct plenum_layout_page *pg = &l->pages[i];

		DO(ser_int(b, "rows", (long long)pg->nrows));
		DO(ser_rect(b, "qr", pg->qr));
		DO(ser_rect(b, "seal", pg->seal));
		DO(ser_rect(b, "heading", pg->heading));
		DO(ser_rect(b, "instr", pg->instr));
		DO(ser_rect(b, "head_row", pg->head_row));
		DO(ser_rect(b, "footer", pg->footer));
	}
	for (i = 0; i < l->nrows; i++) {
		const struct plenum_layout_row *r = &l->rows[i];

		DO(ser_int(b, r->write_in ? "write_in" : "candidate",
			   (long long)r->candidate));
		DO(ser_int(b, "page", (long long)r->page));
		DO(ser_rect(b, "row", r->row));
		DO(ser_rect(b, "name", r->name));
		for (j = 0; j < r->nboxes; j++)
			DO(ser_rect(b, plenum_layout_box_word(r->boxes[j].kind),
				    r->boxes[j].r));
	}
#undef DO
	return err;
}

static enum plenum_err
digest(struct plenum_layout *l)
{
	struct plenum_buf b;
	enum plenum_err err;
	static const char hex[] = "0123456789abcdef";
	size_t i;

	plenum_buf_init(&b, (size_t)64 << 20);
	err = serialise(l, &b);
	if (err != PLENUM_OK)
		goto out;
	crypto_hash_sha256(l->digest, (const unsigned char *)b.data, b.len);
	for (i = 0; i < 32; i++) {
		l->digest_hex[2 * i] = hex[l->digest[i] >> 4];
		l->digest_hex[2 * i + 1] = hex[l->digest[i] & 15];
	}
	l->digest_hex[64] = '\0';
out:
	plenum_buf_release(&b);
	return err;
}

/* --- the whole ------------------------------------------------------ */

enum plenum_err
plenum_layout_new(const struct plenum_ballot_desc *desc,
		  struct plenum_layout **out, struct plenum_diag *diag)
{
	struct plenum_layout *l = NULL;
	const struct style_geometry *g;
	enum plenum_err err;
	size_t first, later, nrows, npages, i, p, slot;
	int32_t w, h;

	*out = NULL;
	err = check_desc(desc, diag);
	if (err != PLENUM_OK)
		goto out;
	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	err = copy_desc(l, desc, diag);
	if (err != PLENUM_OK)
		goto out;
	g = &styles[desc->style];
	l->page_w = w = plenum_paper_width(desc->paper);
	l->page_h = h = plenum_paper_height(desc->paper);
	l->fiducials[0] = rect(FID_INSET, FID_INSET, FID, FID);
	l->fiducials[1] = rect(w - FID_INSET - FID, FID_INSET, FID, FID);
	l->fiducials[2] = rect(FID_INSET, h - FID_INSET - FID, FID, FID);
	l->fiducials[3] =
		rect(w - FID_INSET - FID, h - FID_INSET - FID, FID, FID);
	l->row_h = g->row_h;
	place_columns(l, g);

	nrows = desc->ncandidates + desc->write_ins;
	first = rows_fit(g, h, true);
	later = rows_fit(g, h, false);
	if (first == 0 || later == 0) {
		err = PLENUM_EINTERNAL;
		goto out;
	}
	npages = nrows <= first ? 1 : 1 + (nrows - first + later - 1) / later;
	if (npages > MAX_PAGES) {
		err = plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				      "the ballot needs %zu pages: at most %d",
				      npages, MAX_PAGES);
		goto out;
	}
	l->npages = npages;
	l->nrows = nrows;
	l->pages = calloc(npages, sizeof(*l->pages));
	l->rows = calloc(nrows, sizeof(*l->rows));
	if (l->pages == NULL || l->rows == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	for (p = 0; p < npages; p++)
		frame_page(l, g, p);
	p = 0;
	slot = 0;
	for (i = 0; i < nrows; i++) {
		struct plenum_layout_row *r = &l->rows[i];

		if (slot == (p == 0 ? first : later)) {
			p++;
			slot = 0;
		}
		if (slot == 0)
			l->pages[p].first_row = i;
		l->pages[p].nrows++;
		r->write_in = i >= desc->ncandidates;
		r->candidate = r->write_in ? i - desc->ncandidates : i;
		place_row(l, g, r, p, slot);
		slot++;
	}
	err = digest(l);
	if (err != PLENUM_OK)
		goto out;
	for (p = 0; p < npages; p++)
		snprintf(l->pages[p].payload, sizeof(l->pages[p].payload),
			 "PLB1:%s:%u:%u:%zu/%zu:%.16s", l->desc.assembly_id,
			 l->desc.election, l->desc.round, p + 1, npages,
			 l->digest_hex);
	*out = l;
	l = NULL;
out:
	plenum_layout_free(l);
	return err;
}

/* --- JSON ----------------------------------------------------------- */

static json_t *
rect_json(struct plenum_rect r)
{
	if (r.w == 0 && r.h == 0)
		return json_null();
	return json_pack("{s:i, s:i, s:i, s:i}", "x", (json_int_t)r.x, "y",
			 (json_int_t)r.y, "w", (json_int_t)r.w, "h",
			 (json_int_t)r.h);
}

/* Appends value to arr (stealing it); 0, or -1 when value is NULL or the
 * append fails. */
static int
push(json_t *arr, json_t *value)
{
	return value != NULL ? json_array_append_new(arr, value) : -1;
}

static json_t *
row_json(const struct plenum_layout_row *r)
{
	json_t *o, *boxes;
	size_t j;

	boxes = json_array();
	if (boxes == NULL)
		return NULL;
	for (j = 0; j < r->nboxes; j++) {
		json_t *b = rect_json(r->boxes[j].r);

		if (b == NULL ||
		    json_object_set_new(b, "mark",
					json_string(plenum_layout_box_word(
						r->boxes[j].kind))) != 0 ||
		    push(boxes, b) != 0) {
			json_decref(boxes);
			return NULL;
		}
	}
	o = json_pack("{s:o, s:o, s:o, s:o, s:o}", "candidate",
		      r->write_in ? json_null()
				  : json_integer((json_int_t)r->candidate),
		      "write_in",
		      r->write_in ? json_integer((json_int_t)r->candidate)
				  : json_null(),
		      "row", rect_json(r->row), "name", rect_json(r->name),
		      "boxes", boxes);
	return o;
}

static json_t *
page_json(const struct plenum_layout *l, size_t p)
{
	const struct plenum_layout_page *pg = &l->pages[p];
	json_t *rows, *o;
	size_t i;

	rows = json_array();
	if (rows == NULL)
		return NULL;
	for (i = 0; i < pg->nrows; i++)
		if (push(rows, row_json(&l->rows[pg->first_row + i])) != 0) {
			json_decref(rows);
			return NULL;
		}
	o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "payload",
		      pg->payload, "qr", rect_json(pg->qr), "seal",
		      rect_json(pg->seal), "heading", rect_json(pg->heading),
		      "instructions", rect_json(pg->instr), "head_row",
		      rect_json(pg->head_row), "footer", rect_json(pg->footer),
		      "rows", rows);
	return o;
}

json_t *
plenum_layout_json(const struct plenum_layout *l)
{
	const struct plenum_ballot_desc *d = &l->desc;
	json_t *root = NULL, *names, *fids, *cols, *pages;
	size_t i;

	names = json_array();
	fids = json_array();
	cols = json_array();
	pages = json_array();
	if (names == NULL || fids == NULL || cols == NULL || pages == NULL)
		goto fail;
	for (i = 0; i < d->ncandidates; i++)
		if (push(names, json_string(d->candidates[i])) != 0)
			goto fail;
	for (i = 0; i < 4; i++)
		if (push(fids, rect_json(l->fiducials[i])) != 0)
			goto fail;
	for (i = 0; i < l->ncolumns; i++)
		if (push(cols, json_pack("{s:s, s:i, s:i}", "kind",
					 column_word(l->columns[i].kind), "x",
					 (json_int_t)l->columns[i].x, "w",
					 (json_int_t)l->columns[i].w)) != 0)
			goto fail;
	for (i = 0; i < l->npages; i++)
		if (push(pages, page_json(l, i)) != 0)
			goto fail;
	root = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, "
			 "s:i, s:i, s:i, s:i, s:o, s:i, s:i, s:o, s:i, s:o, "
			 "s:o}",
			 "format", "plenum-ballot-layout/1", "digest",
			 l->digest_hex, "units", "um", "locale", d->locale,
			 "style", styles[d->style].word, "paper",
			 plenum_paper_size_word(d->paper), "title", d->title,
			 "subtitle", d->subtitle, "assembly_id", d->assembly_id,
			 "election", (json_int_t)d->election, "round",
			 (json_int_t)d->round, "seats", (json_int_t)d->seats,
			 "max_votes", (json_int_t)d->max_votes, "write_ins",
			 (json_int_t)d->write_ins, "candidates", names,
			 "page_width", (json_int_t)l->page_w, "page_height",
			 (json_int_t)l->page_h, "fiducials", fids, "row_height",
			 (json_int_t)l->row_h, "columns", cols, "pages", pages);
	return root;
fail:
	json_decref(names);
	json_decref(fids);
	json_decref(cols);
	json_decref(pages);
	return NULL;
}

/* --- back from JSON ------------------------------------------------ */

static int
get_uint(const json_t *j, const char *key, unsigned *out)
{
	json_t *v = json_object_get(j, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 1000000000)
		return -1;
	*out = (unsigned)json_integer_value(v);
	return 0;
}

enum plenum_err
plenum_layout_from_json(const json_t *j, struct plenum_layout **out,
			struct plenum_diag *diag)
{
	struct plenum_ballot_desc d = { 0 };
	const char **names = NULL;
	const char *style, *paper, *digest;
	json_t *cands, *sub;
	enum plenum_err err;
	size_t i, n;

	*out = NULL;
	cands = json_object_get(j, "candidates");
	sub = json_object_get(j, "subtitle");
	style = json_string_value(json_object_get(j, "style"));
	paper = json_string_value(json_object_get(j, "paper"));
	digest = json_string_value(json_object_get(j, "digest"));
	d.locale = json_string_value(json_object_get(j, "locale"));
	d.title = json_string_value(json_object_get(j, "title"));
	d.assembly_id = json_string_value(json_object_get(j, "assembly_id"));
	d.subtitle = json_string_value(sub);
	if (!json_is_object(j) ||
	    !json_is_string(json_object_get(j, "format")) ||
	    strcmp(json_string_value(json_object_get(j, "format")),
		   "plenum-ballot-layout/1") != 0 ||
	    style == NULL || paper == NULL || digest == NULL ||
	    d.locale == NULL || d.title == NULL || d.assembly_id == NULL ||
	    (sub != NULL && !json_is_null(sub) && d.subtitle == NULL) ||
	    !json_is_array(cands) || get_uint(j, "election", &d.election) ||
	    get_uint(j, "round", &d.round) || get_uint(j, "seats", &d.seats) ||
	    get_uint(j, "max_votes", &d.max_votes) ||
	    get_uint(j, "write_ins", &d.write_ins))
		return plenum_diag_set(diag, PLENUM_ESYNTAX, 0, 0,
				       "not a plenum-ballot-layout/1 document");
	if (plenum_layout_style_parse(style, &d.style) != 0 ||
	    plenum_paper_size_parse(paper, &d.paper) != 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown style '%.40s' or paper '%.40s'",
				       style, paper);
	n = json_array_size(cands);
	if (n == 0 || n > PLENUM_LAYOUT_MAX_NAMES)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "%zu candidates", n);
	names = calloc(n, sizeof(*names));
	if (names == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < n; i++)
		if ((names[i] = json_string_value(json_array_get(cands, i))) ==
		    NULL) {
			err = plenum_diag_set(diag, PLENUM_ESYNTAX, 0, 0,
					      "candidate %zu is no string",
					      i + 1);
			goto out;
		}
	d.ncandidates = n;
	d.candidates = names;
	err = plenum_layout_new(&d, out, diag);
	if (err != PLENUM_OK)
		goto out;
	if (strcmp((*out)->digest_hex, digest) != 0) {
		plenum_layout_free(*out);
		*out = NULL;
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "layout digest differs from '%.16s'",
				      digest);
	}
out:
	free(names);
	return err;
}

/* --- the QR payload ------------------------------------------------ */

/* Reads a decimal number of 1-10 digits ending at sep; advances *p. */
static int
read_uint(const char **p, char sep, unsigned *out)
{
	const char *s = *p;
	unsigned long long v = 0;
	size_t n = 0;

	while (*s >= '0' && *s <= '9' && n < 10) {
		v = v * 10 + (unsigned)(*s - '0');
		s++;
		n++;
	}
	if (n == 0 || *s != sep || v > 0xffffffffULL)
		return -1;
	*out = (unsigned)v;
	*p = s + 1;
	return 0;
}

enum plenum_err
plenum_layout_payload_parse(const char *text, struct plenum_ballot_qr *qr)
{
	const char *p, *colon;
	size_t n, i;

	memset(qr, 0, sizeof(*qr));
	if (text == NULL || strncmp(text, "PLB1:", 5) != 0)
		return PLENUM_ESYNTAX;
	p = text + 5;
	colon = strchr(p, ':');
	if (colon == NULL)
		return PLENUM_ESYNTAX;
	n = (size_t)(colon - p);
	if (n == 0 || n > PLENUM_LAYOUT_MAX_ID)
		return PLENUM_ESYNTAX;
	memcpy(qr->assembly_id, p, n);
	qr->assembly_id[n] = '\0';
	if (!id_ok(qr->assembly_id))
		return PLENUM_ESYNTAX;
	p = colon + 1;
	if (read_uint(&p, ':', &qr->election) != 0 ||
	    read_uint(&p, ':', &qr->round) != 0 ||
	    read_uint(&p, '/', &qr->page) != 0 ||
	    read_uint(&p, ':', &qr->pages) != 0)
		return PLENUM_ESYNTAX;
	if (qr->election == 0 || qr->round == 0 || qr->page == 0 ||
	    qr->page > qr->pages)
		return PLENUM_ESYNTAX;
	if (strlen(p) != 16)
		return PLENUM_ESYNTAX;
	for (i = 0; i < 16; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		      (p[i] >= 'a' && p[i] <= 'f')))
			return PLENUM_ESYNTAX;
	memcpy(qr->digest16, p, 17);
	return PLENUM_OK;
}
