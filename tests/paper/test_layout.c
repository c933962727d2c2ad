/*
 * test_layout.c: the arithmetic of ballot layouts (rows per page, pages,
 * boxes, fiducials on A4 and A3), the layout digest, the QR payload, the
 * layout JSON, the printed-word table and reading plenum-result/1.  No
 * drawing: see test_render.c.
 *
 * Usage: test_paper_layout DATADIR (tests/paper/data).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "layout.h"
#include "result.h"
#include "samples.h"
#include "words.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *datadir;

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

static int
inside(struct plenum_rect in, struct plenum_rect out)
{
	return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}

static int
overlap(struct plenum_rect a, struct plenum_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
	       b.y < a.y + a.h;
}

/* The invariants every layout keeps. */
static void
check_invariants(const struct plenum_layout *l)
{
	struct plenum_rect page = { 0, 0, l->page_w, l->page_h };
	size_t p, i, j, f, total = 0;

	assert_true(l->npages >= 1);
	for (f = 0; f < 4; f++) {
		assert_int_equal(l->fiducials[f].w, 6000);
		assert_int_equal(l->fiducials[f].h, 6000);
		assert_true(inside(l->fiducials[f], page));
	}
	/* fixed positions: 8 mm in from each corner */
	assert_int_equal(l->fiducials[0].x, 8000);
	assert_int_equal(l->fiducials[0].y, 8000);
	assert_int_equal(l->fiducials[3].x + 6000, l->page_w - 8000);
	assert_int_equal(l->fiducials[3].y + 6000, l->page_h - 8000);
	for (p = 0; p < l->npages; p++) {
		const struct plenum_layout_page *pg = &l->pages[p];

		assert_true(pg->nrows >= 1);
		assert_int_equal(pg->first_row, total);
		total += pg->nrows;
		assert_true(inside(pg->qr, page));
		assert_false(overlap(pg->qr, pg->heading));
		assert_false(overlap(pg->qr, pg->head_row));
		for (f = 0; f < 4; f++) {
			assert_false(overlap(l->fiducials[f], pg->qr));
			assert_false(overlap(l->fiducials[f], pg->footer));
		}
		if (pg->seal.w > 0)
			assert_false(overlap(pg->seal, pg->heading));
		assert_int_equal(pg->instr.w > 0, p == 0);
	}
	assert_int_equal(total, l->nrows);
	for (i = 0; i < l->nrows; i++) {
		const struct plenum_layout_row *r = &l->rows[i];
		const struct plenum_layout_page *pg = &l->pages[r->page];

		assert_true(inside(r->row, page));
		assert_true(inside(r->name, r->row));
		assert_true(r->row.y >= pg->head_row.y + pg->head_row.h);
		assert_true(r->row.y + r->row.h <= pg->footer.y);
		if (i > 0 && l->rows[i - 1].page == r->page)
			assert_int_equal(l->rows[i - 1].row.y + l->row_h,
					 r->row.y);
		assert_int_equal(r->write_in, i >= l->desc.ncandidates);
		for (j = 0; j < r->nboxes; j++) {
			assert_true(inside(r->boxes[j].r, r->row));
			assert_false(overlap(r->boxes[j].r, r->name));
			for (f = 0; f < 4; f++)
				assert_false(overlap(r->boxes[j].r,
						     l->fiducials[f]));
		}
	}
}

static void
pagination(enum plenum_paper_size paper, size_t n, size_t npages,
	   const size_t *rows)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	size_t p;

	sample_desc(SAMPLE_CN, &d);
	d.paper = paper;
	d.ncandidates = n;
	d.candidates = sample_many_names(n);
	l = make(&d);
	check_invariants(l);
	assert_int_equal(l->npages, npages);
	assert_int_equal(l->nrows, n + 3);
	for (p = 0; p < npages; p++)
		assert_int_equal(l->pages[p].nrows, rows[p]);
	/* the write-in lines come last, on the last page */
	assert_true(l->rows[l->nrows - 1].write_in);
	assert_int_equal(l->rows[l->nrows - 1].page, npages - 1);
	plenum_layout_free(l);
}

static void
test_rows_per_page(void **state)
{
	/* A4: 16 rows under the instructions, 18 on later pages */
	static const size_t a4_60[] = { 16, 18, 18, 11 };
	static const size_t a3_60[] = { 27, 29, 7 };
	static const size_t a4_13[] = { 16 };
	static const size_t a4_14[] = { 16, 1 };

	(void)state;
	pagination(PLENUM_PAPER_A4, 60, 4, a4_60);
	pagination(PLENUM_PAPER_A3, 60, 3, a3_60);
	pagination(PLENUM_PAPER_A4, 13, 1, a4_13);
	pagination(PLENUM_PAPER_A4, 14, 2, a4_14);
}

static void
test_a3_vs_a4(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *a4, *a3;

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	a4 = make(&d);
	d.paper = PLENUM_PAPER_A3;
	a3 = make(&d);
	assert_int_equal(a4->page_w, 210000);
	assert_int_equal(a4->page_h, 297000);
	assert_int_equal(a3->page_w, 297000);
	assert_int_equal(a3->page_h, 420000);
	/* the same row height and boxes, a wider name column */
	assert_int_equal(a3->row_h, a4->row_h);
	assert_int_equal(a3->columns[1].w - a4->columns[1].w, 87000);
	assert_int_equal(a3->rows[0].boxes[0].r.w, a4->rows[0].boxes[0].r.w);
	assert_string_not_equal(a3->digest_hex, a4->digest_hex);
	check_invariants(a3);
	check_invariants(a4);
	plenum_layout_free(a4);
	plenum_layout_free(a3);
}

static void
test_styles(void **state)
{
	static const struct {
		enum sample s;
		size_t boxes, writein_boxes, ncolumns;
		int seal;
	} want[] = {
		{ SAMPLE_CN, 3, 1, 5, 0 },
		{ SAMPLE_VN_STRIKE, 0, 0, 2, 1 },
		{ SAMPLE_VN_UNCONTESTED, 2, 0, 4, 1 },
		{ SAMPLE_YNA, 3, 1, 5, 0 },
		{ SAMPLE_APPROVAL, 1, 1, 3, 0 },
		{ SAMPLE_MOTION, 3, 0, 5, 0 },
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < LEN(want); i++) {
		struct plenum_ballot_desc d;
		struct plenum_layout *l;

		sample_desc(want[i].s, &d);
		l = make(&d);
		check_invariants(l);
		assert_int_equal(l->ncolumns, want[i].ncolumns);
		assert_int_equal(l->rows[0].nboxes, want[i].boxes);
		assert_int_equal(l->pages[0].seal.w > 0, want[i].seal);
		if (l->rows[0].nboxes > 0) {
			assert_int_equal(l->rows[0].boxes[0].kind,
					 PLENUM_BOX_YES);
			assert_int_equal(l->rows[0].boxes[0].r.w, 8000);
		}
		for (k = 0; k < l->nrows; k++)
			if (l->rows[k].write_in)
				assert_int_equal(l->rows[k].nboxes,
						 want[i].writein_boxes);
		plenum_layout_free(l);
	}
}

/* A layout's digest for d, as hex. */
static void
digest_of(const struct plenum_ballot_desc *d, char out[65])
{
	struct plenum_layout *l = make(d);

	memcpy(out, l->digest_hex, 65);
	plenum_layout_free(l);
}

static void
test_digest(void **state)
{
	/*
	 * The digest of the sample cn ballot.  It changes only when the
	 * layout does (a new position, a new field): then ballots printed
	 * before no longer match, and this constant is updated on purpose.
	 */
	static const char want[] = "6d3f5ba66028e292742cea658a706090c6e8cb31eaf"
				   "1651e21a0699e81804200";
	static const char *const vn_nfc[] = { "Nguyễn Văn An" };
	static const char *const vn_nfd[] = {
		"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An"
	};
	struct plenum_ballot_desc d;
	char a[65], b[65];

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	digest_of(&d, a);
	digest_of(&d, b);
	assert_string_equal(a, b);
	assert_string_equal(a, want);

	d.round = 2;
	digest_of(&d, b);
	assert_string_not_equal(a, b);
	sample_desc(SAMPLE_CN, &d);
	d.write_ins = 2;
	digest_of(&d, b);
	assert_string_not_equal(a, b);
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 8;
	digest_of(&d, b);
	assert_string_not_equal(a, b);
	sample_desc(SAMPLE_CN, &d);
	d.style = PLENUM_STYLE_YNA;
	digest_of(&d, b);
	assert_string_not_equal(a, b);
	sample_desc(SAMPLE_CN, &d);
	d.locale = "zh-Hant";
	digest_of(&d, b);
	assert_string_not_equal(a, b);

	/* names are normalised: precomposed and decomposed agree */
	sample_desc(SAMPLE_VN_STRIKE, &d);
	d.ncandidates = 1;
	d.seats = 1;
	d.candidates = vn_nfc;
	digest_of(&d, a);
	d.candidates = vn_nfd;
	digest_of(&d, b);
	assert_string_equal(a, b);
}

static void
test_payload(void **state)
{
	static const char *const bad[] = {
		"",
		"PLB1:",
		"PLB2:county-9:3:1:1/1:0123456789abcdef",
		"PLB1:county 9:3:1:1/1:0123456789abcdef",
		"PLB1:county-9:0:1:1/1:0123456789abcdef",
		"PLB1:county-9:3:1:2/1:0123456789abcdef",
		"PLB1:county-9:3:1:1/1:0123456789ABCDEF",
		"PLB1:county-9:3:1:1/1:0123456789abcde",
		"PLB1:county-9:3:1:1/1:0123456789abcdef0",
		"PLB1:county-9:3:x:1/1:0123456789abcdef",
		"PLB1:county-9:99999999999:1:1/1:0123456789abcdef",
	};
	struct plenum_ballot_desc d;
	struct plenum_ballot_qr qr;
	struct plenum_layout *l;
	char want[96];
	size_t i;

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 40;
	d.candidates = sample_many_names(40);
	l = make(&d);
	assert_int_equal(l->npages, 3);
	for (i = 0; i < l->npages; i++) {
		snprintf(want, sizeof(want), "PLB1:county-9:3:1:%zu/3:%.16s",
			 i + 1, l->digest_hex);
		assert_string_equal(l->pages[i].payload, want);
		assert_int_equal(plenum_layout_payload_parse(want, &qr),
				 PLENUM_OK);
		assert_string_equal(qr.assembly_id, "county-9");
		assert_int_equal(qr.election, 3);
		assert_int_equal(qr.round, 1);
		assert_int_equal(qr.page, i + 1);
		assert_int_equal(qr.pages, 3);
		assert_memory_equal(qr.digest16, l->digest_hex, 16);
	}
	plenum_layout_free(l);
	for (i = 0; i < LEN(bad); i++)
		if (plenum_layout_payload_parse(bad[i], &qr) != PLENUM_ESYNTAX)
			fail_msg("'%s' should not parse", bad[i]);
}

static void
test_json(void **state)
{
	struct plenum_ballot_desc d;
	struct plenum_layout *l;
	json_t *j, *pages, *row, *box;
	char *text;
	json_error_t jerr;

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	l = make(&d);
	j = plenum_layout_json(l);
	assert_non_null(j);
	/* it survives a round trip through text */
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(text);
	json_decref(j);
	j = json_loads(text, 0, &jerr);
	assert_non_null(j);
	free(text);
	assert_string_equal(json_string_value(json_object_get(j, "format")),
			    "plenum-ballot-layout/1");
	assert_string_equal(json_string_value(json_object_get(j, "digest")),
			    l->digest_hex);
	assert_string_equal(json_string_value(json_object_get(j, "units")),
			    "um");
	assert_int_equal(json_array_size(json_object_get(j, "fiducials")), 4);
	pages = json_object_get(j, "pages");
	assert_int_equal(json_array_size(pages), l->npages);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(pages, 0), "payload")),
			    l->pages[0].payload);
	row = json_array_get(json_object_get(json_array_get(pages, 0), "rows"),
			     0);
	assert_int_equal(json_integer_value(json_object_get(row, "candidate")),
			 0);
	box = json_array_get(json_object_get(row, "boxes"), 1);
	assert_string_equal(json_string_value(json_object_get(box, "mark")),
			    "no");
	assert_int_equal(json_integer_value(json_object_get(box, "x")),
			 l->rows[0].boxes[1].r.x);
	assert_int_equal(json_integer_value(json_object_get(box, "y")),
			 l->rows[0].boxes[1].r.y);
	/* a write-in line says which */
	row = json_array_get(json_object_get(json_array_get(pages, 0), "rows"),
			     9);
	assert_true(json_is_null(json_object_get(row, "candidate")));
	assert_int_equal(json_integer_value(json_object_get(row, "write_in")),
			 0);
	json_decref(j);
	plenum_layout_free(l);
}

static void
expect_input_error(const struct plenum_ballot_desc *d, const char *needle)
{
	struct plenum_layout *l = (struct plenum_layout *)1;
	struct plenum_diag diag = { 0 };

	assert_int_equal(plenum_layout_new(d, &l, &diag), PLENUM_EINPUT);
	assert_null(l);
	if (strstr(diag.message, needle) == NULL)
		fail_msg("'%s' lacks '%s'", diag.message, needle);
}

static void
test_bad_descriptions(void **state)
{
	static const char *const empty[] = { "王立新", "" };
	static const char *const control[] = { "王立\n新" };
	static const char *const notutf8[] = { "\xe7\x8e" };
	struct plenum_ballot_desc d;

	(void)state;
	sample_desc(SAMPLE_CN, &d);
	d.locale = "zh-CN";
	expect_input_error(&d, "unknown locale 'zh-CN'");
	sample_desc(SAMPLE_CN, &d);
	d.assembly_id = "a:b";
	expect_input_error(&d, "assembly id 'a:b'");
	sample_desc(SAMPLE_CN, &d);
	d.election = 0;
	expect_input_error(&d, "election number");
	sample_desc(SAMPLE_CN, &d);
	d.round = 0;
	expect_input_error(&d, "round");
	sample_desc(SAMPLE_CN, &d);
	d.seats = 0;
	expect_input_error(&d, "no seats");
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 0;
	expect_input_error(&d, "no candidates");
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = PLENUM_LAYOUT_MAX_NAMES + 1;
	expect_input_error(&d, "at most");
	sample_desc(SAMPLE_VN_STRIKE, &d);
	d.write_ins = 1;
	expect_input_error(&d, "no write-in lines");
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 2;
	d.candidates = empty;
	expect_input_error(&d, "candidate 2 is empty");
	d.ncandidates = 1;
	d.candidates = control;
	expect_input_error(&d, "control character");
	d.candidates = notutf8;
	expect_input_error(&d, "not valid UTF-8");
	sample_desc(SAMPLE_CN, &d);
	d.title = NULL;
	expect_input_error(&d, "title is empty");
	plenum_layout_free(NULL);
}

static void
test_words(void **state)
{
	/* simplified forms that Traditional text must not hold */
	static const char *const simplified[] = {
		"选", "说", "应", "张", "数", "为", "栏", "写", "权", "当",
		"计", "监", "总", "发", "议", "决", "项", "轮", "续", "页",
		"号", "签", "录", "证", "编", "码", "笔", "划", "对",
	};
	static const char *const locales[] = { "zh-Hans", "zh-Hant", "vi",
					       "en" };
	struct plenum_buf b;
	const char *args[2] = { "7", "9" };
	size_t w, i, k;

	(void)state;
	for (w = 0; w < PLENUM_W_COUNT; w++)
		for (i = 0; i < LEN(locales); i++) {
			const char *s = plenum_words_get(locales[i], w);

			if (s[0] == '\0' && !(w == PLENUM_W_SIG_2 && i == 2))
				fail_msg("word %zu is empty in %s", w,
					 locales[i]);
			if (i == 1)
				for (k = 0; k < LEN(simplified); k++)
					if (strstr(s, simplified[k]) != NULL)
						fail_msg("zh-Hant word %zu "
							 "holds %s: %s",
							 w, simplified[k], s);
		}
	/* an unknown locale prints English */
	assert_string_equal(plenum_words_get("fr", PLENUM_W_BALLOT), "BALLOT");
	plenum_buf_init(&b, 1024);
	assert_int_equal(plenum_words_fill(&b, "en", PLENUM_W_PAGE, args, 2),
			 PLENUM_OK);
	assert_string_equal(plenum_buf_str(&b), "Page 7 of 9");
	plenum_buf_reset(&b);
	assert_int_equal(
		plenum_words_fill(&b, "zh-Hans", PLENUM_W_PAGE, args, 1),
		PLENUM_OK);
	assert_string_equal(plenum_buf_str(&b), "第7页　共%2页");
	plenum_buf_release(&b);
}

static struct plenum_result *
load_result(const char *file)
{
	struct plenum_result *r = NULL;
	struct plenum_diag diag = { 0 };
	size_t len;
	char *text = sample_load(datadir, file, &len);
	enum plenum_err err;

	if (text == NULL)
		fail_msg("cannot read %s/%s", datadir, file);
	err = plenum_result_parse(text, len, &r, &diag);
	free(text);
	if (err != PLENUM_OK)
		fail_msg("%s: %s", file, diag.message);
	return r;
}

static void
test_result(void **state)
{
	static const struct {
		const char *text;
		enum plenum_err err;
		const char *needle;
	} bad[] = {
		{ "{", PLENUM_ESYNTAX, "not json" },
		{ "[]", PLENUM_EINPUT, "not a json object" },
		{ "{\"format\": \"plenum-election/1\"}", PLENUM_EINPUT,
		  "'format'" },
		{ "{\"format\": \"plenum-result/1\", \"status\": \"won\"}",
		  PLENUM_EINPUT, "'status'" },
		{ "{\"format\": \"plenum-result/1\", \"status\": \"elected\", "
		  "\"ballots\": {\"issued\": 1, \"returned\": -1, \"valid\": "
		  "1, "
		  "\"invalid\": 0}}",
		  PLENUM_EINPUT, "'ballots.returned'" },
		{ "{\"format\": \"plenum-result/1\", \"status\": \"elected\", "
		  "\"ballots\": {\"issued\": 1, \"returned\": 1, \"valid\": 1, "
		  "\"invalid\": 0}, \"candidates\": [{\"id\": \"a\", \"name\": "
		  "\"A\", \"yes\": 1, \"no\": 0, \"abstain\": 0}], "
		  "\"elected\": [\"b\"]}",
		  PLENUM_EINPUT, "'elected[0]'" },
	};
	struct plenum_result *r;
	size_t i;

	(void)state;
	r = load_result("congress.result.json");
	assert_int_equal(r->status, PLENUM_RESULT_ELECTED);
	assert_false(r->motion);
	assert_int_equal(r->present, 95);
	assert_int_equal(r->issued, 95);
	assert_int_equal(r->valid, 94);
	assert_int_equal(r->invalid, 1);
	assert_int_equal(r->base, 95);
	assert_int_equal(r->needed, 48);
	assert_int_equal(r->npersons, 10);
	assert_string_equal(r->persons[0].name, "王立新");
	assert_int_equal(r->persons[0].yes, 85);
	assert_int_equal(r->persons[0].decision, PLENUM_RD_ELECTED);
	assert_true(r->persons[9].write_in);
	assert_int_equal(r->persons[9].decision, PLENUM_RD_BELOW_THRESHOLD);
	assert_int_equal(r->nelected, 7);
	assert_int_equal(r->elected[2], 4); /* c5 has the third most votes */
	assert_non_null(r->next);
	plenum_result_free(r);

	r = load_result("vn-delegates.result.json");
	assert_int_equal(r->nalternates, 1);
	assert_int_equal(r->alternates[0], 7);
	assert_int_equal(r->persons[7].decision, PLENUM_RD_ALTERNATE);
	plenum_result_free(r);

	r = load_result("work-report-resolution.result.json");
	assert_true(r->motion);
	assert_true(r->motion_counted);
	assert_int_equal(r->motion_yes, 93);
	assert_int_equal(r->motion_abstain, 2);
	assert_true(r->adopted);
	plenum_result_free(r);

	for (i = 0; i < LEN(bad); i++) {
		struct plenum_diag diag = { 0 };

		r = (struct plenum_result *)1;
		assert_int_equal(plenum_result_parse(bad[i].text,
						     strlen(bad[i].text), &r,
						     &diag),
				 bad[i].err);
		assert_null(r);
		if (strstr(diag.message, bad[i].needle) == NULL)
			fail_msg("'%s' lacks '%s'", diag.message,
				 bad[i].needle);
	}
	plenum_result_free(NULL);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_per_page),
		cmocka_unit_test(test_a3_vs_a4),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_payload),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_bad_descriptions),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_result),
	};
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: test_paper_layout DATADIR\n");
		return 2;
	}
	datadir = argv[1];
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	sample_cleanup();
	return rc;
}
