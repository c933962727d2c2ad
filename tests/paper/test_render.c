/*
 * test_render.c: prints every kind of document and checks the PDFs as a
 * reader would: each page rasterised at 150 dpi with pdftoppm, the QR
 * codes read back with zbarimg, the fiducials and mark boxes found where
 * the layout says, every glyph of every printed word inked (no missing
 * glyphs), every font embedded as a subset (pdffonts), and the same input
 * giving the same bytes.
 *
 * Usage: test_paper_render DATADIR OUTDIR PDFTOPPM ZBARIMG PDFFONTS, the
 * programs given as paths, or "" when missing: the tests that need one
 * are then skipped.  The PDFs and images are left in OUTDIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "ballot.h"
#include "cards.h"
#include "docs.h"
#include "layout.h"
#include "result.h"
#include "samples.h"
#include "words.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define DPI    150

static const char *datadir, *outdir, *pdftoppm, *zbarimg, *pdffonts;

/* --- helpers -------------------------------------------------------- */

/* Where needle (n bytes) first occurs in hay (len bytes), or NULL. */
static const char *
find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; n <= len && i <= len - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static struct plenum_layout *
make(const struct plenum_ballot_desc *d)
{
	struct plenum_layout *l = NULL;
	struct plenum_diag diag = { 0 };
	enum plenum_err err = plenum_layout_new(d, &l, &diag);

	if (err != PLENUM_OK)
		fail_msg("layout: %s: %s", plenum_err_str(err), diag.message);
	return l;
}

static void
check_pdf(const struct plenum_buf *b)
{
	assert_true(b->len > 100);
	assert_memory_equal(b->data, "%PDF-1.5", 8);
	assert_memory_equal(b->data + b->len - 6, "%%EOF\n", 6);
}

/* Prints copies of l into b (initialised here). */
static void
ballot(const struct plenum_layout *l, size_t copies, struct plenum_buf *b)
{
	struct plenum_paper_sink sink;
	struct plenum_diag diag = { 0 };
	enum plenum_err err;

	sample_buf_sink(b, &sink);
	err = plenum_ballot_pdf(l, copies, &sink, &diag);
	if (err != PLENUM_OK)
		fail_msg("ballot: %s: %s", plenum_err_str(err), diag.message);
	check_pdf(b);
}

static void
save(const char *name, const struct plenum_buf *b, char *path, size_t n)
{
	snprintf(path, n, "%s/%s", outdir, name);
	if (sample_save(path, b->data, b->len) != 0)
		fail_msg("cannot write %s", path);
}

/* Runs a shell command; its standard output (at most n - 1 bytes) goes
 * to out.  Returns the exit status. */
static int
run(char *out, size_t n, const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	FILE *p;
	size_t got = 0, r;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (p == NULL)
		fail_msg("cannot run %s", cmd);
	while (out != NULL && got + 1 < n &&
	       (r = fread(out + got, 1, n - 1 - got, p)) > 0)
		got += r;
	if (out != NULL)
		out[got] = '\0';
	else
		while (fgetc(p) != EOF)
			;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Rasterises page (from 1) of pdf at DPI into OUTDIR/stem.png or .pgm
 * (gray); returns the image's path in path. */
static void
rasterise(const char *pdf, int page, bool gray, const char *stem, char *path,
	  size_t n)
{
	char prefix[3000];

	snprintf(prefix, sizeof(prefix), "%s/%s", outdir, stem);
	if (run(NULL, 0, "'%s' -r %d -f %d -l %d -singlefile %s '%s' '%s'",
		pdftoppm, DPI, page, page, gray ? "-gray" : "-png", pdf,
		prefix) != 0)
		fail_msg("pdftoppm failed on %s", pdf);
	snprintf(path, n, "%s.%s", prefix, gray ? "pgm" : "png");
}

struct image {
	int w, h;
	unsigned char *px;
};

static void
load_pgm(const char *path, struct image *im)
{
	size_t len, i = 0;
	char *data = sample_load("/", path, &len);
	int vals[3], k;

	if (data == NULL)
		fail_msg("cannot read %s", path);
	if (len < 2 || data[0] != 'P' || data[1] != '5')
		fail_msg("%s is not a binary pgm", path);
	i = 2;
	for (k = 0; k < 3; k++) {
		while (i < len && (data[i] == ' ' || data[i] == '\n' ||
				   data[i] == '\r' || data[i] == '\t'))
			i++;
		vals[k] = 0;
		while (i < len && data[i] >= '0' && data[i] <= '9')
			vals[k] = vals[k] * 10 + (data[i++] - '0');
	}
	i++; /* the one white space after maxval */
	im->w = vals[0];
	im->h = vals[1];
	if (vals[2] != 255 || len - i < (size_t)im->w * (size_t)im->h)
		fail_msg("%s: unexpected pgm", path);
	im->px = malloc((size_t)im->w * (size_t)im->h);
	assert_non_null(im->px);
	memcpy(im->px, data + i, (size_t)im->w * (size_t)im->h);
	free(data);
}

static int
px(int32_t um)
{
	return (int)((double)um * DPI / 25400.0 + 0.5);
}

static unsigned char
at(const struct image *im, int32_t x_um, int32_t y_um)
{
	int x = px(x_um), y = px(y_um);

	assert_true(x >= 0 && x < im->w && y >= 0 && y < im->h);
	return im->px[(size_t)y * (size_t)im->w + (size_t)x];
}

/* Dark pixels inside r (micrometres). */
static long
ink(const struct image *im, struct plenum_rect r)
{
	long n = 0;
	int x, y;

	for (y = px(r.y); y < px(r.y + r.h) && y < im->h; y++)
		for (x = px(r.x); x < px(r.x + r.w) && x < im->w; x++)
			if (im->px[(size_t)y * (size_t)im->w + (size_t)x] < 160)
				n++;
	return n;
}

/* The QR codes zbarimg reads in a PNG, one per line, sorted. */
static void
qr_read(const char *png, char *out, size_t n)
{
	/* zbarimg's image reader chats on stderr about D-Bus */
	if (run(out, n, "'%s' --raw -q '%s' 2>/dev/null | sort", zbarimg,
		png) != 0)
		fail_msg("zbarimg read no code in %s", png);
}

/* --- the tests ------------------------------------------------------ */

static void
test_styles_render(void **state)
{
	struct plenum_cards_desc cards;
	struct plenum_paper_sink sink;
	struct plenum_buf cb;
	char cpath[4096];
	int s;

	(void)state;
	sample_cards(&cards);
	sample_buf_sink(&cb, &sink);
	assert_int_equal(plenum_cards_pdf(&cards, &sink, NULL), PLENUM_OK);
	check_pdf(&cb);
	save("cards.pdf", &cb, cpath, sizeof(cpath));
	plenum_buf_release(&cb);
	for (s = 0; s < SAMPLE_COUNT; s++) {
		struct plenum_ballot_desc d;
		struct plenum_layout *l;
		struct plenum_buf b;
		char name[64], path[4096];

		sample_desc((enum sample)s, &d);
		l = make(&d);
		ballot(l, 1, &b);
		snprintf(name, sizeof(name), "ballot-%s.pdf",
			 sample_name((enum sample)s));
		save(name, &b, path, sizeof(path));
		plenum_buf_release(&b);
		plenum_layout_free(l);
	}
}

/* Counts the page objects of a PDF. */
static size_t
count_pages(const struct plenum_buf *b)
{
	const char *p = b->data, *end = b->data + b->len;
	size_t n = 0;

	while ((p = find(p, (size_t)(end - p), "/Type /Page")) != NULL) {
		p += 11;
		if (p < end && *p != 's')
			n++;
	}
	return n;
}

static void
test_copies_and_pages(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_buf b;

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 60;
	d.candidates = sample_many_names(60);
	l = make(&d);
	assert_int_equal(l->npages, 4);
	ballot(l, 5, &b);
	assert_int_equal(count_pages(&b), 20);
	plenum_buf_release(&b);
	plenum_layout_free(l);
}

static void
test_reproducible(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_buf a, b;
	struct plenum_paper_sink sa, sb;
	struct plenum_cards_desc cards;
	size_t len;
	char *report;

	(void)state;
	sample_desc(SAMPLE_CN_TC, &d);
	l = make(&d);
	ballot(l, 3, &a);
	ballot(l, 3, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	plenum_buf_release(&a);
	plenum_buf_release(&b);

	report = sample_load(datadir, "congress.report.zh-Hant.txt", &len);
	assert_non_null(report);
	sample_buf_sink(&a, &sa);
	sample_buf_sink(&b, &sb);
	assert_int_equal(plenum_docs_minutes(l, report, &sa, NULL), PLENUM_OK);
	assert_int_equal(plenum_docs_minutes(l, report, &sb, NULL), PLENUM_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	plenum_buf_release(&a);
	plenum_buf_release(&b);
	free(report);
	plenum_layout_free(l);

	sample_cards(&cards);
	sample_buf_sink(&a, &sa);
	sample_buf_sink(&b, &sb);
	assert_int_equal(plenum_cards_pdf(&cards, &sa, NULL), PLENUM_OK);
	assert_int_equal(plenum_cards_pdf(&cards, &sb, NULL), PLENUM_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	plenum_buf_release(&a);
	plenum_buf_release(&b);
}

static void
test_qr_codes(void **state)
{
	static const enum sample samples[] = { SAMPLE_CN, SAMPLE_CN_TC,
					       SAMPLE_VN_STRIKE,
					       SAMPLE_APPROVAL, SAMPLE_MOTION };
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_buf b;
	struct plenum_cards_desc cards;
	struct plenum_paper_sink sink;
	char pdf[4096], png[4096], got[4096], want[256], stem[64];
	size_t i, p;

	(void)state;
	if (pdftoppm[0] == '\0' || zbarimg[0] == '\0')
		skip();
	for (i = 0; i < LEN(samples); i++) {
		sample_desc(samples[i], &d);
		l = make(&d);
		ballot(l, 1, &b);
		snprintf(stem, sizeof(stem), "qr-%s", sample_name(samples[i]));
		snprintf(want, sizeof(want), "%s.pdf", stem);
		save(want, &b, pdf, sizeof(pdf));
		rasterise(pdf, 1, false, stem, png, sizeof(png));
		qr_read(png, got, sizeof(got));
		snprintf(want, sizeof(want), "%s\n", l->pages[0].payload);
		assert_string_equal(got, want);
		plenum_buf_release(&b);
		plenum_layout_free(l);
	}

	/* every page of a long ballot says which page it is */
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 40;
	d.candidates = sample_many_names(40);
	l = make(&d);
	ballot(l, 1, &b);
	save("qr-40.pdf", &b, pdf, sizeof(pdf));
	for (p = 0; p < l->npages; p++) {
		struct plenum_ballot_qr qr;

		snprintf(stem, sizeof(stem), "qr-40-%zu", p + 1);
		rasterise(pdf, (int)p + 1, false, stem, png, sizeof(png));
		qr_read(png, got, sizeof(got));
		snprintf(want, sizeof(want), "%s\n", l->pages[p].payload);
		assert_string_equal(got, want);
		got[strlen(got) - 1] = '\0';
		assert_int_equal(plenum_layout_payload_parse(got, &qr),
				 PLENUM_OK);
		assert_int_equal(qr.page, p + 1);
		assert_int_equal(qr.pages, l->npages);
	}
	plenum_buf_release(&b);
	plenum_layout_free(l);

	/* credential cards: check-in and sign-in codes */
	sample_cards(&cards);
	sample_buf_sink(&b, &sink);
	assert_int_equal(plenum_cards_pdf(&cards, &sink, NULL), PLENUM_OK);
	check_pdf(&b);
	save("cards.pdf", &b, pdf, sizeof(pdf));
	rasterise(pdf, 1, false, "qr-cards", png, sizeof(png));
	qr_read(png, got, sizeof(got));
	assert_string_equal(got, "PLENUM-LOGIN:ABCDE-FGHJK\n"
				 "PLENUM-LOGIN:MNPQR-STUVW\n"
				 "PM1:D001\n"
				 "PM1:D002\n"
				 "PM1:D003\n");
	plenum_buf_release(&b);
}

static void
test_boxes_where_the_layout_says(void **state)
{
	static const enum sample samples[] = { SAMPLE_CN, SAMPLE_VN_UNCONTESTED,
					       SAMPLE_APPROVAL };
	size_t s, i, k;

	(void)state;
	if (pdftoppm[0] == '\0')
		skip();
	for (s = 0; s < LEN(samples); s++) {
		struct plenum_ballot_desc d;
		struct plenum_layout *l;
		struct plenum_buf b;
		struct image im;
		char pdf[4096], pgm[4096], stem[64], name[80];

		sample_desc(samples[s], &d);
		l = make(&d);
		ballot(l, 1, &b);
		snprintf(stem, sizeof(stem), "boxes-%s",
			 sample_name(samples[s]));
		snprintf(name, sizeof(name), "%s.pdf", stem);
		save(name, &b, pdf, sizeof(pdf));
		rasterise(pdf, 1, true, stem, pgm, sizeof(pgm));
		load_pgm(pgm, &im);
		/* pdftoppm rounds the page up to whole pixels */
		assert_true(im.w - px(l->page_w) >= 0 &&
			    im.w - px(l->page_w) <= 1);
		for (k = 0; k < 4; k++) {
			struct plenum_rect f = l->fiducials[k];

			assert_true(at(&im, f.x + f.w / 2, f.y + f.h / 2) < 60);
			/* and white just outside */
			assert_true(at(&im, f.x - 1500, f.y + f.h / 2) > 200);
		}
		for (i = 0; i < l->nrows; i++)
			for (k = 0; k < l->rows[i].nboxes; k++) {
				struct plenum_rect r = l->rows[i].boxes[k].r;

				/* the box's left edge is inked, its
				 * inside blank for the voter's mark */
				assert_true(ink(&im, (struct plenum_rect){
							     r.x - 300,
							     r.y + r.h / 2, 600,
							     200 }) > 0);
				assert_int_equal(
					ink(&im,
					    (struct plenum_rect){
						    r.x + 1000, r.y + 1000,
						    r.w - 2000, r.h - 2000 }),
					0);
			}
		assert_true(ink(&im, l->pages[0].qr) > 1000);
		free(im.px);
		plenum_buf_release(&b);
		plenum_layout_free(l);
	}
}

/* Adds each character of s (not white space) to set, once. */
static void
add_chars(char (*set)[8], size_t *n, size_t max, const char *s)
{
	while (*s != '\0') {
		size_t len = 1, i;
		unsigned char c = (unsigned char)*s;

		if (c >= 0xf0)
			len = 4;
		else if (c >= 0xe0)
			len = 3;
		else if (c >= 0xc0)
			len = 2;
		if (c > ' ' && strncmp(s, "　", 3) != 0) {
			for (i = 0; i < *n; i++)
				if (strncmp(set[i], s, len) == 0 &&
				    set[i][len] == '\0')
					break;
			if (i == *n && *n < max) {
				memcpy(set[*n], s, len);
				set[*n][len] = '\0';
				(*n)++;
			}
		}
		s += len;
	}
}

/*
 * Prints every character that paper prints in a locale (its words and the
 * sample names) as a name of its own on a ballot, and checks that each
 * name cell is inked: a glyph that a font lacks, or that a broken font
 * subset lost, prints blank.
 */
static void
census(const char *locale, enum sample sample)
{
	static char set[1500][8];
	const char *names[1500];
	struct plenum_ballot_desc d, s;
	struct plenum_layout *l;
	struct plenum_buf b;
	size_t n = 0, i, w;
	char pdf[4096], pgm[4096], stem[64], name[80];
	struct image im = { 0, 0, NULL };
	size_t page = (size_t)-1;
	int blank = 0;

	for (w = 0; w < PLENUM_W_COUNT; w++)
		add_chars(set, &n, LEN(set), plenum_words_get(locale, w));
	sample_desc(sample, &s);
	add_chars(set, &n, LEN(set), s.title);
	add_chars(set, &n, LEN(set), s.subtitle);
	for (i = 0; i < s.ncandidates; i++)
		add_chars(set, &n, LEN(set), s.candidates[i]);
	add_chars(set, &n, LEN(set), "0123456789");
	for (i = 0; i < n; i++)
		names[i] = set[i];
	d = s;
	d.style = PLENUM_STYLE_VN_STRIKE_OUT;
	d.write_ins = 0;
	d.seats = 1;
	d.ncandidates = n;
	d.candidates = names;
	l = make(&d);
	ballot(l, 1, &b);
	snprintf(stem, sizeof(stem), "census-%s", locale);
	snprintf(name, sizeof(name), "%s.pdf", stem);
	save(name, &b, pdf, sizeof(pdf));
	for (i = 0; i < l->nrows; i++) {
		const struct plenum_layout_row *r = &l->rows[i];
		struct plenum_rect cell = { r->name.x + 1000, r->name.y + 1000,
					    r->name.w - 2000,
					    r->name.h - 2000 };

		if (r->page != page) {
			free(im.px);
			page = r->page;
			snprintf(stem, sizeof(stem), "census-%s-%zu", locale,
				 page + 1);
			rasterise(pdf, (int)page + 1, true, stem, pgm,
				  sizeof(pgm));
			load_pgm(pgm, &im);
		}
		if (ink(&im, cell) == 0) {
			print_message("# %s: '%s' printed blank\n", locale,
				      names[r->candidate]);
			blank++;
		}
	}
	free(im.px);
	plenum_buf_release(&b);
	plenum_layout_free(l);
	assert_int_equal(blank, 0);
}

static void
test_every_glyph_inked(void **state)
{
	(void)state;
	if (pdftoppm[0] == '\0')
		skip();
	census("zh-Hans", SAMPLE_CN);
	census("zh-Hant", SAMPLE_CN_TC);
	census("vi", SAMPLE_VN_STRIKE);
	census("en", SAMPLE_YNA);
}

static void
test_missing_glyph_refused(void **state)
{
	/* U+0378 is unassigned: no font has a glyph for it */
	static const char *const names[] = { "王立新", "王\xcd\xb8新" };
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_buf b;
	struct plenum_paper_sink sink;
	struct plenum_diag diag = { 0 };

	(void)state;
	sample_desc(SAMPLE_CN_TC, &d);
	d.ncandidates = 2;
	d.candidates = names;
	l = make(&d);
	sample_buf_sink(&b, &sink);
	assert_int_equal(plenum_ballot_pdf(l, 1, &sink, &diag), PLENUM_EINPUT);
	assert_non_null(strstr(diag.message, "no font has a glyph"));
	assert_non_null(strstr(diag.message, "王\xcd\xb8新"));
	plenum_buf_release(&b);
	sample_buf_sink(&b, &sink);
	assert_int_equal(plenum_docs_minutes(l, "a\xcd\xb8", &sink, &diag),
			 PLENUM_EINPUT);
	plenum_buf_release(&b);
	plenum_layout_free(l);
}

/* Prints a document of sample s into OUTDIR/name. */
static void
doc(const char *name, enum sample s, const char *data, int kind)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_result *res = NULL;
	struct plenum_buf b;
	struct plenum_paper_sink sink;
	struct plenum_diag diag = { 0 };
	enum plenum_err err;
	char path[4096];
	char *text = NULL;
	size_t len = 0;

	sample_desc(s, &d);
	l = make(&d);
	if (data != NULL) {
		text = sample_load(datadir, data, &len);
		assert_non_null(text);
		if (kind != 2)
			assert_int_equal(
				plenum_result_parse(text, len, &res, &diag),
				PLENUM_OK);
	}
	sample_buf_sink(&b, &sink);
	err = kind == 0	  ? plenum_docs_tally_sheet(l, res, &sink, &diag)
	      : kind == 1 ? plenum_docs_announcement(l, res, &sink, &diag)
			  : plenum_docs_minutes(l, text, &sink, &diag);
	if (err != PLENUM_OK)
		fail_msg("%s: %s: %s", name, plenum_err_str(err), diag.message);
	check_pdf(&b);
	save(name, &b, path, sizeof(path));
	plenum_buf_release(&b);
	plenum_result_free(res);
	plenum_layout_free(l);
	free(text);
}

static void
test_documents(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_result *res = NULL;
	struct plenum_buf b;
	struct plenum_paper_sink sink;
	struct plenum_diag diag = { 0 };
	char *text;
	size_t len;

	(void)state;
	doc("doc-sheet-cn.pdf", SAMPLE_CN, "congress.result.json", 0);
	doc("doc-sheet-blank.pdf", SAMPLE_CN, NULL, 0);
	doc("doc-sheet-vn.pdf", SAMPLE_VN_STRIKE, "vn-delegates.result.json",
	    0);
	doc("doc-sheet-motion.pdf", SAMPLE_MOTION,
	    "work-report-resolution.result.json", 0);
	doc("doc-announce-cn.pdf", SAMPLE_CN, "congress.result.json", 1);
	doc("doc-announce-tc.pdf", SAMPLE_CN_TC, "congress.result.zh-Hant.json",
	    1);
	doc("doc-announce-vn.pdf", SAMPLE_VN_STRIKE, "vn-delegates.result.json",
	    1);
	doc("doc-announce-motion.pdf", SAMPLE_MOTION,
	    "work-report-resolution.result.json", 1);
	doc("doc-minutes-cn.pdf", SAMPLE_CN, "congress.report.txt", 2);
	doc("doc-minutes-tc.pdf", SAMPLE_CN_TC, "congress.report.zh-Hant.txt",
	    2);
	doc("doc-minutes-vn.pdf", SAMPLE_VN_STRIKE, "vn-delegates.report.txt",
	    2);
	doc("doc-minutes-en.pdf", SAMPLE_YNA, "congress.report.en.txt", 2);

	/* a motion's result does not go with an election's ballot */
	sample_desc(SAMPLE_CN, &d);
	l = make(&d);
	text = sample_load(datadir, "work-report-resolution.result.json", &len);
	assert_non_null(text);
	assert_int_equal(plenum_result_parse(text, len, &res, NULL), PLENUM_OK);
	sample_buf_sink(&b, &sink);
	assert_int_equal(plenum_docs_tally_sheet(l, res, &sink, &diag),
			 PLENUM_EINPUT);
	assert_int_equal(plenum_docs_announcement(l, NULL, &sink, &diag),
			 PLENUM_EINPUT);
	assert_int_equal(plenum_docs_minutes(l, "", &sink, &diag),
			 PLENUM_EINPUT);
	assert_int_equal(plenum_docs_minutes(l, "\xff", &sink, &diag),
			 PLENUM_EINPUT);
	assert_int_equal(b.len, 0);
	plenum_buf_release(&b);
	plenum_result_free(res);
	plenum_layout_free(l);
	free(text);
}

static int
failing_write(void *ctx, const void *p, size_t n)
{
	size_t *calls = ctx;

	(void)p;
	(void)n;
	return ++*calls > 1 ? -1 : 0;
}

static void
test_errors(void **state)
{
	static const struct plenum_card bad_id[] = { { "D 1", "王", NULL,
						       NULL } };
	static const struct plenum_card bad_code[] = { { "D1", "王", NULL,
							 "abc" } };
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_cards_desc cards;
	size_t calls = 0;
	struct plenum_paper_sink sink = { failing_write, &calls };
	struct plenum_diag diag = { 0 };

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	l = make(&d);
	assert_int_equal(plenum_ballot_pdf(l, 3, &sink, &diag), PLENUM_EIO);
	assert_int_equal(plenum_ballot_pdf(l, 0, &sink, &diag), PLENUM_EINPUT);
	calls = 0;
	assert_int_equal(plenum_docs_tally_sheet(l, NULL, &sink, &diag),
			 PLENUM_EIO);
	plenum_layout_free(l);

	sample_cards(&cards);
	cards.cards = bad_id;
	cards.ncards = 1;
	assert_int_equal(plenum_cards_pdf(&cards, &sink, &diag), PLENUM_EINPUT);
	assert_non_null(strstr(diag.message, "'D 1'"));
	cards.cards = bad_code;
	assert_int_equal(plenum_cards_pdf(&cards, &sink, &diag), PLENUM_EINPUT);
	cards.locale = "de";
	assert_int_equal(plenum_cards_pdf(&cards, &sink, &diag), PLENUM_EINPUT);
}

static void
test_fonts_embedded(void **state)
{
	static const char *const files[] = {
		"ballot-cn.pdf",
		"ballot-cn-tc.pdf",
		"ballot-vn-strike-out.pdf",
		"ballot-vn-uncontested.pdf",
		"ballot-yna.pdf",
		"ballot-approval.pdf",
		"ballot-motion.pdf",
		"doc-sheet-cn.pdf",
		"doc-sheet-blank.pdf",
		"doc-announce-tc.pdf",
		"doc-announce-vn.pdf",
		"doc-minutes-cn.pdf",
		"doc-minutes-vn.pdf",
		"doc-minutes-en.pdf",
		"cards.pdf",
	};
	static char out[65536];
	size_t i, len;
	char *pdf;

	(void)state;
	/* the PDFs the tests before left in OUTDIR */
	for (i = 0; i < LEN(files); i++) {
		char *line, *save_ptr = NULL;
		int fonts = 0, past_header = 0;
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", outdir, files[i]);
		pdf = sample_load("/", path, &len);
		if (pdf == NULL)
			fail_msg("%s is missing: run the whole test", path);
		/* the metadata names the fonts the glyphs came from */
		if (strcmp(files[i], "ballot-cn-tc.pdf") == 0) {
			assert_non_null(find(pdf, len, "Noto Sans CJK TC"));
			assert_null(find(pdf, len, "CJK SC"));
		}
		if (strcmp(files[i], "ballot-cn.pdf") == 0) {
			assert_non_null(find(pdf, len, "Noto Sans CJK SC"));
			assert_null(find(pdf, len, "CJK TC"));
		}
		if (strcmp(files[i], "ballot-vn-strike-out.pdf") == 0)
			assert_non_null(find(pdf, len, "Noto Sans Regular"));
		free(pdf);
		if (pdffonts[0] == '\0')
			continue;
		if (run(out, sizeof(out), "'%s' '%s'", pdffonts, path) != 0)
			fail_msg("pdffonts failed on %s", path);
		for (line = strtok_r(out, "\n", &save_ptr); line != NULL;
		     line = strtok_r(NULL, "\n", &save_ptr)) {
			char *tok[32];
			int n = 0;
			char *t, *sp = NULL;

			if (strncmp(line, "-----", 5) == 0) {
				past_header = 1;
				continue;
			}
			if (!past_header)
				continue;
			for (t = strtok_r(line, " ", &sp); t != NULL && n < 32;
			     t = strtok_r(NULL, " ", &sp))
				tok[n++] = t;
			/* ... emb sub uni object-number generation */
			if (n < 6)
				fail_msg("%s: odd pdffonts line", files[i]);
			if (strcmp(tok[n - 5], "yes") != 0 ||
			    strcmp(tok[n - 4], "yes") != 0)
				fail_msg("%s: font %s is not an embedded "
					 "subset",
					 files[i], tok[0]);
			fonts++;
		}
		if (fonts == 0)
			fail_msg("%s: no fonts", files[i]);
	}
	if (pdffonts[0] == '\0')
		skip();
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_styles_render),
		cmocka_unit_test(test_copies_and_pages),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_qr_codes),
		cmocka_unit_test(test_boxes_where_the_layout_says),
		cmocka_unit_test(test_every_glyph_inked),
		cmocka_unit_test(test_missing_glyph_refused),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_fonts_embedded),
	};
	int rc;

	if (argc != 6) {
		fprintf(stderr, "usage: test_paper_render DATADIR OUTDIR "
				"PDFTOPPM ZBARIMG PDFFONTS\n");
		return 2;
	}
	datadir = argv[1];
	outdir = argv[2];
	pdftoppm = argv[3];
	zbarimg = argv[4];
	pdffonts = argv[5];
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	sample_cleanup();
	return rc;
}
