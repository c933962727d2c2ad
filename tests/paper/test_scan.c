/*
 * test_scan.c: ballot scanning (paper/scan.h, paper/scanworker.h) against
 * synthetic scans with known truth (paper/corpus.h).
 *
 *   - clean scans of every style at 150, 200 and 300 dpi: every line
 *     right, no mark flagged;
 *   - a degraded corpus (rotation up to 5 degrees, scaling, blur, noise,
 *     JPEG, some pages upside down): no silent misread (every wrong mark
 *     is flagged or its page unreadable) and at least 99% of marks read
 *     without a person;
 *   - a hard corpus (PLENUM_CORPUS_HARD: pale marks, short strokes and
 *     dots, marks beside their box, specks on borders; JPEG quality 15 to
 *     30, blur up to 2, noise up to 1%, mostly 150 dpi, second pages of a
 *     two-page ballot): no silent misread at all, and some marks flagged,
 *     so that the review path is tested; the rate read without a person
 *     is reported, not required;
 *   - a two-page ballot as one multi-page TIFF, joined into a ballot line;
 *   - inputs that are no ballot give a clean "unreadable";
 *   - the worker process: results, a killed worker, a refused layout;
 *   - the real PDF rasterised by pdftoppm, when it is there;
 *   - the seeds of tests/fuzz/fuzz_scan.c: ballot pages of the harness's
 *     layout at 90 dpi (PNG, JPEG, two-page TIFF), made here and left in
 *     OUTDIR/fuzz-scan, and the committed ones in SEEDDIR must still read
 *     as ballots (not "unreadable"), so that fuzzing reaches the marks.
 *
 * Usage: test_paper_scan OUTDIR PDFTOPPM ("" when missing) [SEEDDIR].  A
 * sample of images with their truth JSON is left in OUTDIR.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <jansson.h>
#include <leptonica/allheaders.h>

#include "ballot.h"
#include "corpus.h"
#include "layout.h"
#include "samples.h"
#include "scan.h"
#include "scanworker.h"

static const char *outdir, *pdftoppm, *seeddir;

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

static const struct plenum_layout *
find_one(void *ctx, const struct plenum_ballot_qr *qr)
{
	const struct plenum_layout *l = ctx;

	return strncmp(l->digest_hex, qr->digest16, 16) == 0 ? l : NULL;
}

/* Counts over a corpus. */
struct tally {
	size_t pages, unreadable, marks, auto_read, flagged, wrong_flagged,
		silent;
	size_t hard, hard_flagged; /* marks of the hard kinds (hard_kind) */
};

/* Whether a box holds one of the hard mix's kinds of ink. */
static bool
hard_kind(const struct plenum_corpus_truth *t, size_t row, size_t box)
{
	return t->rows[row].pale[box] || t->rows[row].outside[box] ||
	       t->rows[row].edge[box] ||
	       t->rows[row].pen[box] == PLENUM_PEN_DASH ||
	       t->rows[row].pen[box] == PLENUM_PEN_DOT ||
	       (t->rows[row].pen[box] == PLENUM_PEN_STRIKE &&
		t->rows[row].partial[box]);
}

/* What was drawn in a box, for a message. */
static const char *
pen_word(const struct plenum_corpus_truth *t, size_t row, size_t box, char *w,
	 size_t size)
{
	static const char *const pens[] = {
		"none",	  "circle", "cross", "tick",
		"strike", "speck",  "dash",  "dot"
	};

	snprintf(w, size, "%s%s%s%s%s%s", pens[t->rows[row].pen[box]],
		 t->rows[row].faint[box] ? "/faint" : "",
		 t->rows[row].pale[box] ? "/pale" : "",
		 t->rows[row].partial[box] ? "/partial" : "",
		 t->rows[row].outside[box] ? "/outside" : "",
		 t->rows[row].edge[box] ? "/edge" : "");
	return w;
}

/* Reads one generated page and compares it with its truth. */
static void
check_page(const struct plenum_layout *l, const unsigned char *img, size_t len,
	   size_t page, const struct plenum_corpus_truth *t, struct tally *k,
	   const char *what)
{
	struct plenum_scan_result r;
	bool strike = l->desc.style == PLENUM_STYLE_VN_STRIKE_OUT;
	size_t i;

	assert_int_equal(plenum_scan_image(img, len, page, find_one, (void *)l,
					   &r, NULL),
			 PLENUM_OK);
	k->pages++;
	if (r.status == PLENUM_SCAN_UNREADABLE) {
		k->unreadable++;
		for (i = 0; i < t->nrows; i++)
			k->marks +=
				strike ? 1
				       : l->rows[l->pages[t->page].first_row +
						 i]
						 .nboxes;
		plenum_scan_result_release(&r);
		return;
	}
	assert_ptr_equal(r.layout, l);
	assert_int_equal(r.page, t->page);
	for (i = 0; i < r.nmarks; i++) {
		const struct plenum_scan_mark *m = &r.marks[i];
		size_t row = m->row - l->pages[t->page].first_row;
		bool truth = t->rows[row].marked[m->box];

		k->marks++;
		k->hard += hard_kind(t, row, m->box);
		if (m->review) {
			k->flagged++;
			k->wrong_flagged += m->marked != truth;
			k->hard_flagged += hard_kind(t, row, m->box);
		} else {
			k->auto_read++;
			if (m->marked != truth) {
				char w[64];

				k->silent++;
				print_message(
					"# silent misread: %s row %zu "
					"box %zu ink %.3f truth %d "
					"(%s)\n",
					what, row, m->box, m->ink, truth,
					pen_word(t, row, m->box, w, sizeof(w)));
			}
		}
	}
	/* rows with no flagged mark give the true character */
	for (i = 0; i < t->nrows; i++)
		if (r.line[i] != '?' && r.line[i] != t->line[i]) {
			k->silent++;
			print_message("# line %s: %s, truth %s\n", what, r.line,
				      t->line);
		}
	plenum_scan_result_release(&r);
}

static void
gen(const struct plenum_layout *l, size_t page, double dpi, uint64_t seed,
    double density, const struct plenum_corpus_degrade *deg,
    unsigned char **img, size_t *len, struct plenum_corpus_truth *t)
{
	assert_int_equal(plenum_corpus_page(l, page, dpi, seed, density, deg,
					    img, len, t),
			 PLENUM_OK);
}

/* Keeps an image and its truth in OUTDIR. */
static void
keep(const char *name, const unsigned char *img, size_t len,
     const struct plenum_corpus_truth *t, bool jpeg)
{
	char path[512];
	json_t *j = plenum_corpus_truth_json(t);
	char *s = json_dumps(j, JSON_INDENT(1));

	snprintf(path, sizeof(path), "%s/%s.%s", outdir, name,
		 jpeg ? "jpg" : "png");
	sample_save(path, img, len);
	snprintf(path, sizeof(path), "%s/%s.truth.json", outdir, name);
	sample_save(path, s, strlen(s));
	free(s);
	json_decref(j);
}

/* --- clean ------------------------------------------------------------ */

static void
test_clean(void **state)
{
	static const double dpis[] = { 150, 200, 300 };
	struct tally k = { 0 };
	int s;
	size_t i;

	(void)state;
	for (s = 0; s < SAMPLE_COUNT; s++) {
		struct plenum_ballot_desc d;
		struct plenum_layout *l;

		sample_desc((enum sample)s, &d);
		l = make(&d);
		for (i = 0; i < 3; i++) {
			struct plenum_corpus_truth t;
			unsigned char *img;
			size_t len;
			char what[64];

			snprintf(what, sizeof(what), "clean-%s-%.0f",
				 sample_name((enum sample)s), dpis[i]);
			gen(l, 0, dpis[i], 100 + (uint64_t)s * 10 + i, 0.7,
			    NULL, &img, &len, &t);
			if (i == 1)
				keep(what, img, len, &t, false);
			check_page(l, img, len, 0, &t, &k, what);
			free(img);
		}
		plenum_layout_free(l);
	}
	print_message("# clean: %zu pages, %zu marks, %zu flagged, %zu "
		      "silent\n",
		      k.pages, k.marks, k.flagged, k.silent);
	assert_int_equal(k.unreadable, 0);
	assert_int_equal(k.flagged, 0);
	assert_int_equal(k.silent, 0);
	assert_int_equal(k.auto_read, k.marks);
}

/* --- degraded --------------------------------------------------------- */

static void
test_degraded(void **state)
{
	static const double dpis[] = { 150, 200, 250 };
	struct plenum_layout *ls[SAMPLE_COUNT];
	struct tally k = { 0 };
	size_t n = 200, i;
	const char *env = getenv("SCAN_CORPUS");
	int s;

	(void)state;
	if (env != NULL)
		n = strtoul(env, NULL, 10);
	for (s = 0; s < SAMPLE_COUNT; s++) {
		struct plenum_ballot_desc d;

		sample_desc((enum sample)s, &d);
		ls[s] = make(&d);
	}
	for (i = 0; i < n; i++) {
		const struct plenum_layout *l = ls[i % SAMPLE_COUNT];
		struct plenum_corpus_degrade deg;
		struct plenum_corpus_truth t;
		unsigned char *img;
		size_t len;
		char what[64];

		plenum_corpus_random_degrade(7000 + i, &deg);
		snprintf(what, sizeof(what), "degraded-%zu-%s", i,
			 sample_name((enum sample)(i % SAMPLE_COUNT)));
		gen(l, 0, dpis[i % 3], 5000 + i, 0.7, &deg, &img, &len, &t);
		if (i < SAMPLE_COUNT)
			keep(what, img, len, &t, deg.jpeg_quality > 0);
		check_page(l, img, len, 0, &t, &k, what);
		free(img);
	}
	print_message("# degraded: %zu pages (%zu unreadable), %zu marks, "
		      "%zu read automatically (%.2f%%), %zu flagged (%zu of "
		      "them guessed wrong), %zu silent misreads\n",
		      k.pages, k.unreadable, k.marks, k.auto_read,
		      100.0 * (double)k.auto_read / (double)k.marks, k.flagged,
		      k.wrong_flagged, k.silent);
	assert_int_equal(k.silent, 0);
	assert_true(k.auto_read * 100 >= k.marks * 99);
	for (s = 0; s < SAMPLE_COUNT; s++)
		plenum_layout_free(ls[s]);
}

/* --- hard ------------------------------------------------------------ */

/*
 * Marks near the scanner's limits on heavily degraded pages: the seven
 * samples and both pages of a two-page cn ballot, two pages in three at
 * 150 dpi, the others at 200.  Nothing may be misread without a flag;
 * the share read without a person is only reported.  SCAN_HARD=N changes
 * the number of pages (160).
 */
static void
test_hard(void **state)
{
	struct plenum_layout *ls[SAMPLE_COUNT + 1];
	struct plenum_ballot_desc d;
	struct tally k = { 0 };
	size_t n = 160, i, nl = SAMPLE_COUNT + 1;
	const char *env = getenv("SCAN_HARD");
	int s;

	(void)state;
	if (env != NULL)
		n = strtoul(env, NULL, 10);
	for (s = 0; s < SAMPLE_COUNT; s++) {
		sample_desc((enum sample)s, &d);
		ls[s] = make(&d);
	}
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 20;
	d.candidates = sample_many_names(20);
	ls[SAMPLE_COUNT] = make(&d);
	assert_int_equal(ls[SAMPLE_COUNT]->npages, 2);
	for (i = 0; i < n; i++) {
		const struct plenum_layout *l = ls[i % nl];
		size_t page = i % nl == SAMPLE_COUNT ? (i / nl) % 2 : 0;
		struct plenum_corpus_degrade deg;
		struct plenum_corpus_truth t;
		unsigned char *img;
		size_t len;
		char what[64];

		plenum_corpus_hard_degrade(11000 + i, &deg);
		snprintf(what, sizeof(what), "hard-%zu-%s-p%zu", i,
			 i % nl == SAMPLE_COUNT
				 ? "cn20"
				 : sample_name((enum sample)(i % nl)),
			 page + 1);
		assert_int_equal(plenum_corpus_page_mix(
					 l, page, i % 3 == 2 ? 200 : 150,
					 9000 + i, 0.7, PLENUM_CORPUS_HARD,
					 &deg, &img, &len, &t),
				 PLENUM_OK);
		if (i < nl)
			keep(what, img, len, &t, deg.jpeg_quality > 0);
		/* a page of its own: page 0 of the image, whichever of the
		 * ballot */
		check_page(l, img, len, 0, &t, &k, what);
		free(img);
	}
	print_message("# hard: %zu pages (%zu unreadable), %zu marks, %zu "
		      "read automatically (%.2f%%), %zu flagged (%zu of them "
		      "guessed wrong), %zu silent misreads; %zu boxes of the "
		      "hard kinds, %zu of them flagged\n",
		      k.pages, k.unreadable, k.marks, k.auto_read,
		      100.0 * (double)k.auto_read / (double)k.marks, k.flagged,
		      k.wrong_flagged, k.silent, k.hard, k.hard_flagged);
	assert_int_equal(k.silent, 0);
	/* the set is there to reach the review band */
	if (n >= 20)
		assert_true(k.flagged > 0);
	for (s = 0; s <= SAMPLE_COUNT; s++)
		plenum_layout_free(ls[s]);
}

/* --- two pages in one TIFF ------------------------------------------- */

static void
test_tiff(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_corpus_truth t[2];
	struct plenum_corpus_degrade deg = { 2.5, 1, 1, 0.001, 0, false };
	unsigned char *img[2], *tiff;
	size_t len[2], tlen, p;
	char *lines[2], *line = NULL, *expect;
	struct tally k = { 0 };

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 20;
	d.candidates = sample_many_names(20);
	l = make(&d);
	assert_int_equal(l->npages, 2);
	for (p = 0; p < 2; p++)
		gen(l, p, 200, 900 + p, 0.7, &deg, &img[p], &len[p], &t[p]);
	assert_int_equal(plenum_corpus_tiff((const unsigned char *const *)img,
					    len, 2, &tiff, &tlen),
			 PLENUM_OK);
	assert_int_equal(plenum_scan_page_count(tiff, tlen), 2);
	assert_int_equal(plenum_scan_page_count(img[0], len[0]), 1);
	for (p = 0; p < 2; p++) {
		struct plenum_scan_result r;

		check_page(l, tiff, tlen, p, &t[p], &k, "tiff");
		plenum_scan_image(tiff, tlen, p, find_one, l, &r, NULL);
		assert_int_not_equal(r.status, PLENUM_SCAN_UNREADABLE);
		assert_int_equal(r.qr.page, p + 1);
		assert_int_equal(r.qr.pages, 2);
		lines[p] = strdup(r.line);
		plenum_scan_result_release(&r);
	}
	assert_int_equal(k.silent, 0);
	assert_int_equal(k.flagged, 0);
	assert_int_equal(plenum_scan_ballot_line(l, (const char *const *)lines,
						 2, &line, NULL),
			 PLENUM_OK);
	/* 20 candidates, then a "w:Y:?" for each marked write-in line */
	assert_true(strlen(line) >= 20);
	expect = calloc(64, 1);
	memcpy(expect, t[0].line, 16);
	memcpy(expect + 16, t[1].line, 4);
	assert_memory_equal(line, expect, 20);
	{
		char *short_line = NULL;

		assert_int_equal(
			plenum_scan_ballot_line(l, (const char *const *)lines,
						1, &short_line, NULL),
			PLENUM_EINPUT);
		assert_null(short_line);
	}
	/* a page past the last */
	{
		struct plenum_scan_result r;

		plenum_scan_image(tiff, tlen, 2, find_one, l, &r, NULL);
		assert_int_equal(r.status, PLENUM_SCAN_UNREADABLE);
		plenum_scan_result_release(&r);
	}
	free(expect);
	free(line);
	free(lines[0]);
	free(lines[1]);
	free(tiff);
	free(img[0]);
	free(img[1]);
	plenum_layout_free(l);
}

/* --- unreadable -------------------------------------------------------- */

static void
expect_unreadable(const struct plenum_layout *l, const unsigned char *img,
		  size_t len, const char *why)
{
	struct plenum_scan_result r;
	enum plenum_err err =
		plenum_scan_image(img, len, 0, find_one, (void *)l, &r, NULL);

	assert_true(err == PLENUM_OK || err == PLENUM_ELIMIT);
	assert_int_equal(r.status, PLENUM_SCAN_UNREADABLE);
	assert_null(r.line);
	assert_true(r.reason[0] != '\0');
	print_message("# %s: %s\n", why, r.reason);
	plenum_scan_result_release(&r);
}

static void
test_unreadable(void **state)
{
	struct plenum_ballot_desc d, d2;
	struct plenum_layout *l, *other;
	struct plenum_corpus_truth t;
	unsigned char junk[4096], *img, *p;
	size_t len, i;
	uint32_t x = 12345;
	PIX *pix;

	(void)state;
	sample_desc(SAMPLE_YNA, &d);
	l = make(&d);
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)((x = x * 1103515245 + 12345) >> 16);
	expect_unreadable(l, junk, sizeof(junk), "random bytes");
	expect_unreadable(l, junk, 0, "nothing");
	memcpy(junk, "\x89PNG\r\n\x1a\n", 8);
	expect_unreadable(l, junk, sizeof(junk), "png signature, junk");
	/* a blank page */
	pix = pixCreate(1654, 2339, 8);
	pixSetAll(pix);
	pixSetAllArbitrary(pix, 250);
	pixWriteMemPng(&p, &len, pix, 0);
	expect_unreadable(l, p, len, "blank page");
	free(p);
	pixDestroy(&pix);
	/* a ballot with its corners cut off: no fiducials */
	gen(l, 0, 200, 1, 0.5, NULL, &img, &len, &t);
	pix = pixReadMem(img, len);
	free(img);
	{
		BOX *box = boxCreate(0, 0, 200, 200);

		pixSetInRectArbitrary(pix, box, 255);
		boxDestroy(&box);
	}
	pixWriteMemPng(&p, &len, pix, 0);
	expect_unreadable(l, p, len, "no fiducials");
	free(p);
	pixDestroy(&pix);
	/* truncated */
	gen(l, 0, 200, 2, 0.5, NULL, &img, &len, &t);
	expect_unreadable(l, img, len / 3, "truncated png");
	/* a ballot nobody knows */
	sample_desc(SAMPLE_APPROVAL, &d2);
	other = make(&d2);
	expect_unreadable(other, img, len, "unknown layout");
	free(img);
	/* a header claiming a huge image */
	pix = pixCreate(100, 100, 8);
	pixWriteMemPng(&p, &len, pix, 0);
	pixDestroy(&pix);
	p[16] = 0, p[17] = 1, p[18] = 0, p[19] = 0; /* width 65536 */
	expect_unreadable(l, p, len, "huge png");
	free(p);
	plenum_layout_free(other);
	plenum_layout_free(l);
}

/* --- the worker -------------------------------------------------------- */

static void
test_worker(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l, *back = NULL;
	struct plenum_scan_worker *w = NULL;
	struct plenum_corpus_truth t;
	struct plenum_diag diag = { 0 };
	unsigned char *img, junk[512] = { 0 };
	size_t len;
	json_t *lj, *res = NULL, *bad;
	pid_t pid;

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	l = make(&d);
	lj = plenum_layout_json(l);
	assert_int_equal(plenum_layout_from_json(lj, &back, NULL), PLENUM_OK);
	assert_string_equal(back->digest_hex, l->digest_hex);
	plenum_layout_free(back);
	gen(l, 0, 200, 77, 0.7, NULL, &img, &len, &t);

	assert_int_equal(plenum_scan_spawn(lj, NULL, &w, &diag), PLENUM_OK);
	assert_int_equal(plenum_scan_worker_scan(w, img, len, 0, &res, &diag),
			 PLENUM_OK);
	assert_string_equal(json_string_value(json_object_get(res, "line")),
			    t.line);
	assert_string_equal(json_string_value(json_object_get(res, "digest")),
			    l->digest_hex);
	json_decref(res);
	/* junk: a clean "unreadable" from a live worker */
	assert_int_equal(
		plenum_scan_worker_scan(w, junk, sizeof(junk), 0, &res, &diag),
		PLENUM_OK);
	assert_string_equal(json_string_value(json_object_get(res, "status")),
			    "unreadable");
	json_decref(res);
	/* the worker killed mid-way: a clean error, then a fresh worker */
	pid = plenum_scan_worker_pid(w);
	assert_true(pid > 0);
	kill(pid, SIGKILL);
	assert_int_equal(plenum_scan_worker_scan(w, img, len, 0, &res, &diag),
			 PLENUM_EIO);
	assert_null(res);
	print_message("# killed worker: %s\n", diag.message);
	assert_int_equal(plenum_scan_worker_pid(w), -1);
	assert_int_equal(plenum_scan_worker_scan(w, img, len, 0, &res, &diag),
			 PLENUM_OK);
	assert_true(plenum_scan_worker_pid(w) != pid);
	assert_string_equal(json_string_value(json_object_get(res, "line")),
			    t.line);
	json_decref(res);
	plenum_scan_worker_free(w);

	/* a layout whose digest does not match its description */
	bad = json_deep_copy(lj);
	json_object_set_new(bad, "digest", json_string("00"));
	assert_int_equal(plenum_scan_spawn(bad, NULL, &w, &diag),
			 PLENUM_EINPUT);
	assert_null(w);
	print_message("# bad layout: %s\n", diag.message);
	json_decref(bad);
	plenum_scan_worker_free(NULL);
	json_decref(lj);
	free(img);
	plenum_layout_free(l);
}

/* --- through the real PDF --------------------------------------------- */

static void
test_pdf(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	struct plenum_paper_sink sink;
	struct plenum_buf b;
	struct plenum_scan_result r;
	char pdf[512], png[512], cmd[1600];
	unsigned char *img;
	size_t len;
	int s;

	(void)state;
	if (pdftoppm == NULL || *pdftoppm == '\0')
		skip();
	for (s = 0; s < SAMPLE_COUNT; s++) {
		sample_desc((enum sample)s, &d);
		l = make(&d);
		sample_buf_sink(&b, &sink);
		assert_int_equal(plenum_ballot_pdf(l, 1, &sink, NULL),
				 PLENUM_OK);
		snprintf(pdf, sizeof(pdf), "%s/pdf-%s.pdf", outdir,
			 sample_name((enum sample)s));
		assert_int_equal(sample_save(pdf, b.data, b.len), 0);
		plenum_buf_release(&b);
		snprintf(png, sizeof(png), "%s/pdf-%s", outdir,
			 sample_name((enum sample)s));
		snprintf(cmd, sizeof(cmd),
			 "'%s' -r 200 -gray -png -singlefile '%s' '%s'",
			 pdftoppm, pdf, png);
		assert_int_equal(system(cmd), 0);
		strcat(png, ".png");
		img = (unsigned char *)sample_load("", png, &len);
		assert_non_null(img);
		assert_int_equal(
			plenum_scan_image(img, len, 0, find_one, l, &r, NULL),
			PLENUM_OK);
		print_message("# real pdf %s: %s %s %s\n",
			      sample_name((enum sample)s),
			      r.status == PLENUM_SCAN_OK ? "ok" : "not ok",
			      r.line ? r.line : "-", r.reason);
		assert_int_equal(r.status, PLENUM_SCAN_OK);
		/* nothing is marked on a fresh ballot */
		assert_int_equal(
			strspn(r.line, d.style == PLENUM_STYLE_VN_STRIKE_OUT
					       ? "Y"
					       : "-"),
			strlen(r.line));
		plenum_scan_result_release(&r);
		free(img);
		plenum_layout_free(l);
	}
}

/* --- seeds for the fuzz harness --------------------------------------- */

/* The layout tests/fuzz/fuzz_scan.c builds: keep the two the same. */
static struct plenum_layout *
fuzz_layout(void)
{
	static const char *const names[] = { "甲", "乙", "丙" };
	struct plenum_ballot_desc d = { "en",
					"Fuzz",
					NULL,
					"fuzz",
					1,
					1,
					PLENUM_STYLE_YNA,
					PLENUM_PAPER_A4,
					2,
					2,
					1,
					3,
					names };

	return make(&d);
}

/* Reads a seed as the harness does (byte 0: the page, then the image)
 * and checks that it is a ballot of l; returns its status. */
static enum plenum_scan_status
read_seed(const struct plenum_layout *l, const unsigned char *seed, size_t n,
	  const char *name)
{
	struct plenum_scan_result r;
	enum plenum_scan_status st;

	assert_true(n > 1);
	assert_true(n <= 65536); /* run_fuzz.sh's -max_len for fuzz_scan */
	assert_int_equal(plenum_scan_image(seed + 1, n - 1, seed[0] % 4,
					   find_one, (void *)l, &r, NULL),
			 PLENUM_OK);
	print_message("# fuzz seed %s: %zu bytes, %s %s\n", name, n,
		      r.status == PLENUM_SCAN_OK ? "ok" : "not ok",
		      r.line != NULL ? r.line : r.reason);
	assert_int_not_equal(r.status, PLENUM_SCAN_UNREADABLE);
	assert_ptr_equal(r.layout, l);
	st = r.status;
	plenum_scan_result_release(&r);
	return st;
}

/* Writes page byte + image to OUTDIR/fuzz-scan/name and checks it. */
static enum plenum_scan_status
seed_out(const struct plenum_layout *l, const char *name, unsigned char page,
	 const unsigned char *img, size_t len)
{
	char path[512];
	unsigned char *seed = malloc(len + 1);
	enum plenum_scan_status st;

	assert_non_null(seed);
	seed[0] = page;
	memcpy(seed + 1, img, len);
	st = read_seed(l, seed, len + 1, name);
	snprintf(path, sizeof(path), "%s/fuzz-scan/%s", outdir, name);
	assert_int_equal(sample_save(path, seed, len + 1), 0);
	free(seed);
	return st;
}

/*
 * The seeds, at 90 dpi (the least the scanner takes) so that they stay
 * small: ballot.png, the page thresholded to 1 bit; ballot-2pages.tif,
 * that page twice in a zip-compressed TIFF, read at page 2; ballot.jpg, a
 * page of hard marks, grey, JPEG quality 10, which needs review.
 */
static void
test_fuzz_seeds(void **state)
{
	struct plenum_layout *l = fuzz_layout();
	struct plenum_corpus_truth t;
	unsigned char *img, *one;
	l_uint8 *enc = NULL;
	size_t len, n = 0;
	char path[512];
	PIX *pix, *bw;
	DIR *dir;
	struct dirent *e;
	int seen = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/fuzz-scan", outdir);
	mkdir(path, 0777);
	gen(l, 0, 90, 1, 0.9, NULL, &img, &len, &t);
	pix = pixReadMem(img, len);
	free(img);
	assert_non_null(pix);
	bw = pixThresholdToBinary(pix, 160);
	pixDestroy(&pix);
	assert_non_null(bw);
	assert_int_equal(pixWriteMemPng(&enc, &n, bw, 0), 0);
	assert_int_equal(seed_out(l, "ballot.png", 0, enc, n), PLENUM_SCAN_OK);
	free(enc);
	/* leptonica writes a multi-page TIFF only to a file */
	snprintf(path, sizeof(path), "%s/fuzz-scan/2pages.tif.tmp", outdir);
	assert_int_equal(pixWriteTiff(path, bw, IFF_TIFF_ZIP, "w"), 0);
	assert_int_equal(pixWriteTiff(path, bw, IFF_TIFF_ZIP, "a"), 0);
	pixDestroy(&bw);
	one = (unsigned char *)sample_load("", path, &len);
	assert_non_null(one);
	remove(path);
	assert_int_equal(plenum_scan_page_count(one, len), 2);
	assert_int_equal(seed_out(l, "ballot-2pages.tif", 1, one, len),
			 PLENUM_SCAN_OK);
	free(one);
	assert_int_equal(plenum_corpus_page_mix(l, 0, 90, 5, 1.0,
						PLENUM_CORPUS_HARD, NULL, &img,
						&len, &t),
			 PLENUM_OK);
	pix = pixReadMem(img, len);
	free(img);
	assert_non_null(pix);
	assert_int_equal(pixWriteMemJpeg(&enc, &n, pix, 10, 0), 0);
	pixDestroy(&pix);
	assert_int_equal(seed_out(l, "ballot.jpg", 0, enc, n),
			 PLENUM_SCAN_REVIEW);
	free(enc);

	/* the committed seeds */
	if (seeddir != NULL && *seeddir != '\0') {
		dir = opendir(seeddir);
		assert_non_null(dir);
		while ((e = readdir(dir)) != NULL) {
			if (strncmp(e->d_name, "ballot", 6) != 0)
				continue;
			one = (unsigned char *)sample_load(seeddir, e->d_name,
							   &len);
			assert_non_null(one);
			read_seed(l, one, len, e->d_name);
			free(one);
			seen++;
		}
		closedir(dir);
		assert_true(seen >= 3);
	}
	plenum_layout_free(l);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_tiff),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_worker),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_degraded),
		cmocka_unit_test(test_hard),
		cmocka_unit_test(test_fuzz_seeds),
	};
	int rc;

	if (argc < 3) {
		fprintf(stderr,
			"usage: test_paper_scan OUTDIR PDFTOPPM [SEEDDIR]\n");
		return 2;
	}
	outdir = argv[1];
	pdftoppm = argv[2];
	seeddir = argc > 3 ? argv[3] : NULL;
	mkdir(outdir, 0777);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	sample_cleanup();
	return rc;
}
