/*
 * test_names.c: unit tests for names.c: NFC normalisation, trimming, UTF-8
 * validation, and the stroke, Vietnamese, alphabetical and ballot orders;
 * also the generated stroke table (strokes.h) the stroke order uses.
 *
 * Expected strings are written precomposed (NFC); decomposed inputs are
 * spelled out as escapes so that no editor can silently recompose them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "strokes.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
/* A string literal and its length, which may cover embedded NULs. */
#define S(lit) lit, sizeof(lit) - 1

static struct plenum_collator *
open_coll(enum plenum_name_order order)
{
	struct plenum_collator *coll = NULL;

	assert_int_equal(plenum_names_collator_new(order, &coll), PLENUM_OK);
	assert_non_null(coll);
	return coll;
}

/* Each pair must sort strictly first-before-second, both ways round. */
static void
assert_pairs(enum plenum_name_order order, const char *const (*before)[2],
	     size_t n)
{
	struct plenum_collator *coll = open_coll(order);
	size_t i;

	for (i = 0; i < n; i++) {
		if (plenum_names_compare(coll, before[i][0], before[i][1]) >= 0)
			fail_msg("%s should sort before %s", before[i][0],
				 before[i][1]);
		if (plenum_names_compare(coll, before[i][1], before[i][0]) <= 0)
			fail_msg("%s should sort after %s", before[i][1],
				 before[i][0]);
	}
	plenum_names_collator_free(coll);
}

/* Sorts names[perm[i]] and checks that the result is want[]. */
static void
check_sorted(enum plenum_name_order order, const char *const *want,
	     const size_t *perm, size_t n)
{
	struct plenum_collator *coll = open_coll(order);
	const char **names = calloc(n, sizeof(*names));
	size_t *idx = calloc(n, sizeof(*idx));
	size_t i;

	assert_non_null(names);
	assert_non_null(idx);
	for (i = 0; i < n; i++) {
		names[i] = want[perm[i]];
		idx[i] = i;
	}
	assert_int_equal(plenum_names_sort(coll, names, idx, n), PLENUM_OK);
	for (i = 0; i < n; i++)
		assert_string_equal(names[idx[i]], want[i]);
	free(idx);
	free(names);
	plenum_names_collator_free(coll);
}

/* --- plenum_names_nfc ---------------------------------------------- */

static const struct {
	const char *in;
	size_t len;
	const char *want;
} nfc_ok[] = {
	/* Vietnamese, decomposed (NFD) and with marks in either order. */
	{ S("Nguye\xCC\x82\xCC\x83n"), "Nguyễn" },
	{ S("Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An"), "Nguyễn Văn An" },
	{ S("Tra\xCC\x82\xCC\x80n Thi\xCC\xA3 Bi\xCC\x80nh"), "Trần Thị Bình" },
	{ S("Le\xCC\x82 Va\xCC\x86n Cu\xCC\x9Bo\xCC\x9B\xCC\x80ng"),
	  "Lê Văn Cường" },
	{ S("\xC4\x90\x61\xCC\xA3\xCC\x86ng Va\xCC\x86n Ha\xCC\x89i"),
	  "Đặng Văn Hải" },
	{ S("Vie\xCC\xA3\xCC\x82t"), "Việt" },
	{ S("Vie\xCC\x82\xCC\xA3t"), "Việt" },
	/* Already NFC: unchanged. */
	{ S("Nguyễn Văn An"), "Nguyễn Văn An" },
	{ S("王小明"), "王小明" },
	/* Trimming: ASCII, tabs, newlines, U+3000, NBSP; inner space kept. */
	{ S("  Lê Văn Cường  "), "Lê Văn Cường" },
	{ S("\t王五\n"), "王五" },
	{ S("\xE3\x80\x80王五\xE3\x80\x80"), "王五" },
	{ S("\xC2\xA0"
	    "An\xC2\xA0"),
	  "An" },
	{ S(" \t\xE3\x80\x80 Ngô Văn Minh\r\n\xE3\x80\x80"), "Ngô Văn Minh" },
	{ S("王 五"), "王 五" },
	{ S("\xE3\x80\x80\t \n"), "" },
	{ S(""), "" },
	/* len, not the NUL, ends the input. */
	{ "Nguyễn", 4, "Nguy" },
};

static void
test_nfc_ok(void **state)
{
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < LEN(nfc_ok); i++) {
		out = NULL;
		assert_int_equal(
			plenum_names_nfc(nfc_ok[i].in, nfc_ok[i].len, &out),
			PLENUM_OK);
		assert_non_null(out);
		assert_string_equal(out, nfc_ok[i].want);
		free(out);
	}
}

static void
test_nfc_null_empty(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(plenum_names_nfc(NULL, 0, &out), PLENUM_OK);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
}

static const struct {
	const char *what;
	const char *in;
	size_t len;
} nfc_bad[] = {
	{ "overlong NUL", S("\xC0\x80") },
	{ "overlong 2-byte", S("\xC1\xBF") },
	{ "overlong 3-byte", S("\xE0\x80\xAF") },
	{ "overlong 4-byte", S("\xF0\x80\x80\xAF") },
	{ "lone continuation", S("\x80") },
	{ "stray continuation", S("An\xBF"
				  "Binh") },
	{ "truncated at end", S("\xE4\xB8") },
	{ "truncated in middle", S("\xE4\xB8 An") },
	{ "truncated by len", "Nguyễn", 5 },
	{ "high surrogate", S("\xED\xA0\x80") },
	{ "low surrogate", S("\xED\xBF\xBF") },
	{ "CESU-8 pair", S("\xED\xA0\xBD\xED\xB8\x80") },
	{ "above U+10FFFF", S("\xF4\x90\x80\x80") },
	{ "byte FE", S("\xFE") },
	{ "byte FF", S("A\xFF") },
	{ "embedded NUL", S("An\0Binh") },
	{ "only NUL", S("\0") },
	{ "trailing NUL", S("An\0") },
};

static void
test_nfc_bad(void **state)
{
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < LEN(nfc_bad); i++) {
		out = (char *)"sentinel";
		if (plenum_names_nfc(nfc_bad[i].in, nfc_bad[i].len, &out) !=
		    PLENUM_ESYNTAX)
			fail_msg("%s: not rejected", nfc_bad[i].what);
		assert_null(out);
	}
}

static void
test_nfc_limit(void **state)
{
	char buf[PLENUM_NAME_MAX + 2];
	char *out;
	size_t i;

	(void)state;
	/* Exactly the cap is accepted. */
	memset(buf, 'a', sizeof(buf));
	out = NULL;
	assert_int_equal(plenum_names_nfc(buf, PLENUM_NAME_MAX, &out),
			 PLENUM_OK);
	assert_int_equal(strlen(out), PLENUM_NAME_MAX);
	free(out);

	/* One byte over is refused, even if trimming would shorten it. */
	out = (char *)"sentinel";
	assert_int_equal(plenum_names_nfc(buf, PLENUM_NAME_MAX + 1, &out),
			 PLENUM_ELIMIT);
	assert_null(out);
	memset(buf, ' ', sizeof(buf));
	buf[0] = 'a';
	out = (char *)"sentinel";
	assert_int_equal(plenum_names_nfc(buf, PLENUM_NAME_MAX + 1, &out),
			 PLENUM_ELIMIT);
	assert_null(out);

	/* A cap of white space trims to nothing. */
	out = NULL;
	assert_int_equal(plenum_names_nfc(buf + 1, PLENUM_NAME_MAX, &out),
			 PLENUM_OK);
	assert_string_equal(out, "");
	free(out);

	/* U+0958 is a composition exclusion: NFC turns its 3 bytes into 6
	 * (U+0915 U+093C), so 341 of them outgrow the cap. */
	for (i = 0; i + 3 <= PLENUM_NAME_MAX; i += 3)
		memcpy(buf + i, "\xE0\xA5\x98", 3);
	out = (char *)"sentinel";
	assert_int_equal(plenum_names_nfc(buf, i, &out), PLENUM_ELIMIT);
	assert_null(out);
	/* ...while 170 of them (1020 bytes out) fit. */
	out = NULL;
	assert_int_equal(plenum_names_nfc(buf, 170 * 3, &out), PLENUM_OK);
	assert_int_equal(strlen(out), 170 * 6);
	free(out);
}

/* --- stroke order (姓氏笔画) ---------------------------------------- */

/*
 * Surnames with their mainland (GB, zh-Hans) stroke counts, as 姓氏笔画为序
 * lists count them.  Several differ from ICU's stroke collation, which
 * counts the traditional forms: 陈 (阝 as 3) and 郑, 邓 likewise; 黄 as 黃
 * (12); 范, 萧, 蒋 with 艹 as 4.  Within one count the order is ICU's
 * (by radical, not by first stroke 横竖撇点折), so only the order between
 * different counts is asserted.
 */
static const struct {
	const char *name;
	int strokes;
} surnames[] = {
	{ "丁", 2 },  { "王", 4 },  { "邓", 4 },  { "叶", 5 },	{ "孙", 6 },
	{ "李", 7 },  { "吴", 7 },  { "张", 7 },  { "何", 7 },	{ "陈", 7 },
	{ "周", 8 },  { "林", 8 },  { "郑", 8 },  { "范", 8 },	{ "赵", 9 },
	{ "胡", 9 },  { "钱", 10 }, { "徐", 10 }, { "黄", 11 }, { "萧", 11 },
	{ "曾", 12 }, { "蒋", 12 }, { "董", 12 }, { "蔡", 14 },
};

static void
test_stroke_surnames(void **state)
{
	struct plenum_collator *coll = open_coll(PLENUM_ORDER_STROKE);
	const char *names[LEN(surnames)];
	size_t idx[LEN(surnames)];
	size_t i, j, n = LEN(surnames);
	int r;

	(void)state;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			if (surnames[i].strokes == surnames[j].strokes)
				continue;
			r = plenum_names_compare(coll, surnames[i].name,
						 surnames[j].name);
			if ((r < 0) !=
			    (surnames[i].strokes < surnames[j].strokes))
				fail_msg("%s (%d) vs %s (%d): %d",
					 surnames[i].name, surnames[i].strokes,
					 surnames[j].name, surnames[j].strokes,
					 r);
		}

	/* Sorting the list reversed gives non-decreasing stroke counts. */
	for (i = 0; i < n; i++) {
		names[i] = surnames[n - 1 - i].name;
		idx[i] = i;
	}
	assert_int_equal(plenum_names_sort(coll, names, idx, n), PLENUM_OK);
	for (i = 1; i < n; i++)
		assert_true(surnames[n - 1 - idx[i - 1]].strokes <=
			    surnames[n - 1 - idx[i]].strokes);
	plenum_names_collator_free(coll);
}

/*
 * The pairs ICU's stroke collation gets backwards for mainland lists, in
 * both directions, and the table's counts behind them.
 */
static void
test_stroke_mainland_counts(void **state)
{
	static const char *const before[][2] = {
		{ "陈", "周" }, /* 7 < 8 */
		{ "郑", "赵" }, /* 8 < 9 */
		{ "黄", "曾" }, /* 11 < 12 */
		{ "邓", "叶" }, /* 4 < 5 */
		{ "范", "赵" }, /* 8 < 9 */
		{ "陈明", "周一" },
	};
	static const struct {
		uint32_t cp;
		int hans, hant;
	} counts[] = {
		{ 0x9648, 7, 7 },    /* 陈 */
		{ 0x5468, 8, 8 },    /* 周 */
		{ 0x90D1, 8, 8 },    /* 郑 */
		{ 0x8D75, 9, 9 },    /* 赵 */
		{ 0x9EC4, 11, 11 },  /* 黄 */
		{ 0x9EC3, 12, 12 },  /* 黃 */
		{ 0x66FE, 12, 12 },  /* 曾 */
		{ 0x9093, 4, 4 },    /* 邓 */
		{ 0x53F6, 5, 5 },    /* 叶 */
		{ 0x4E00, 1, 1 },    /* 一 */
		{ 0x8303, 8, 9 },    /* 范: Unihan gives G 8, T 9 */
		{ 0x2A6A5, 64, 64 }, /* 𪚥, plane 2 */
		{ 0x41, -1, -1 },    /* A */
		{ 0x3000, -1, -1 },  /* ideographic space */
		{ 0x2F00, -1, -1 },  /* Kangxi radical one */
		{ 0x10FFFF, -1, -1 },	{ 0x110000, -1, -1 },
		{ UINT32_MAX, -1, -1 },
	};
	struct plenum_collator *coll = open_coll(PLENUM_ORDER_STROKE);
	size_t i;

	(void)state;
	for (i = 0; i < LEN(counts); i++) {
		if (plenum_strokes_count(counts[i].cp, 0) != counts[i].hans ||
		    plenum_strokes_count(counts[i].cp, 1) != counts[i].hant)
			fail_msg("U+%04lX: %d/%d, want %d/%d",
				 (unsigned long)counts[i].cp,
				 plenum_strokes_count(counts[i].cp, 0),
				 plenum_strokes_count(counts[i].cp, 1),
				 counts[i].hans, counts[i].hant);
	}
	for (i = 0; i < LEN(before); i++) {
		if (plenum_names_compare(coll, before[i][0], before[i][1]) >= 0)
			fail_msg("%s should sort before %s", before[i][0],
				 before[i][1]);
		if (plenum_names_compare(coll, before[i][1], before[i][0]) <= 0)
			fail_msg("%s should sort after %s", before[i][1],
				 before[i][0]);
	}
	plenum_names_collator_free(coll);
}

static void
test_stroke_full_names(void **state)
{
	/* Same surname: the next character's strokes decide (二2 小3 五4
	 * 丽7); a bare surname comes first; then the next surname. */
	static const char *const want[] = {
		"丁一", "王", "王二", "王小明", "王五", "王丽", "李四",
	};
	static const size_t perm[] = { 4, 6, 1, 3, 0, 5, 2 };

	(void)state;
	check_sorted(PLENUM_ORDER_STROKE, want, perm, LEN(want));
}

static void
test_stroke_given_names(void **state)
{
	/*
	 * One surname: the given name's first character decides by its
	 * mainland count (小3 丹4 华6 芳7 明8 勇9 莉10 静14; ICU counts 芳's
	 * 艹 as 4 and puts it after 明).  Where that ties the next character
	 * decides (明 alone, then 明华 6, then 建国 8), and the surname always
	 * comes first: 陈 (7) before 周 (8) whatever follows.
	 */
	static const char *const want[] = {
		"王小红", "王丹丹", "王华", "王芳", "王明", "王明华", "王建国",
		"王勇",	  "王莉",   "王静", "陈一", "陈静", "周一",
	};
	static const size_t perm[] = {
		12, 3, 7, 0, 10, 5, 1, 11, 8, 2, 6, 4, 9
	};
	static const size_t reversed[] = { 12, 11, 10, 9, 8, 7, 6,
					   5,  4,  3,  2, 1, 0 };

	(void)state;
	check_sorted(PLENUM_ORDER_STROKE, want, perm, LEN(want));
	check_sorted(PLENUM_ORDER_STROKE, want, reversed, LEN(want));
}

/*
 * Characters the table lacks: a name's stroke key stops there and sorts
 * after every count, as ICU puts other scripts after Han; ICU orders what
 * the counts leave tied.  White space and punctuation are skipped.
 */
static void
test_stroke_unknown_and_separators(void **state)
{
	static const char *const before[][2] = {
		/* 艾5 < 吐6 across the ·; ICU reads 艾 as 6 and puts it
		 * after. */
		{ "买买提·艾力", "买买提·吐尔逊" },
		/* A padding U+3000 is not a character: 王　五 is 王五. */
		{ "王二", "王\xE3\x80\x80五" },
		{ "王\xE3\x80\x80五", "王丽" },
		/* Other scripts come after Han, as in ICU. */
		{ "王", "Zoë" },
		{ "黄", "Anna" },
		{ "王五", "王A" },
		{ "王", "王A" },
		/* Tied counts: ICU decides. */
		{ "王A", "王B" },
		{ "Anna", "Zoë" },
	};
	(void)state;
	assert_pairs(PLENUM_ORDER_STROKE, before, LEN(before));
}

/*
 * Mixing stroke counts with ICU must still be a total order: checks
 * antisymmetry and transitivity over every triple of names chosen so that
 * counts, ends of names, unknown characters and ICU all take part.  Were
 * the end of a name to hand over to ICU, 张 < 张四陈 (ICU) < 吴四周 (7 < 8)
 * < 张 (ICU: 吴 before 张) would be a cycle.
 */
static void
test_stroke_transitive(void **state)
{
	static const char *const names[] = {
		"李",	       "张",	 "吴",	   "李四",
		"张四陈",      "吴四周", "陈",	   "周",
		"王",	       "王A",	 "王五",   "王\xE3\x80\x80五",
		"Zoë",	       "Anna",	 "黄",	   "曾",
		"买买提·艾力", "买买提", "王\xFF", "王芳",
		"王杰",
	};
	struct plenum_collator *coll = open_coll(PLENUM_ORDER_STROKE);
	size_t i, j, k, n = LEN(names);
	int ij, jk, ik;

	(void)state;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			ij = plenum_names_compare(coll, names[i], names[j]);
			if ((ij == 0) != (i == j) ||
			    (ij < 0) != (plenum_names_compare(coll, names[j],
							      names[i]) > 0))
				fail_msg("%s vs %s: not antisymmetric",
					 names[i], names[j]);
			for (k = 0; k < n; k++) {
				jk = plenum_names_compare(coll, names[j],
							  names[k]);
				ik = plenum_names_compare(coll, names[i],
							  names[k]);
				if (ij < 0 && jk < 0 && ik >= 0)
					fail_msg("%s < %s < %s but not %s < %s",
						 names[i], names[j], names[k],
						 names[i], names[k]);
			}
		}
	plenum_names_collator_free(coll);
}

/* --- Vietnamese order ------------------------------------------------ */

/* In Vietnamese order: by given name, Đ after D, ư after u. */
static const char *const vn_names[] = {
	"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
	"Hoàng Văn Đức", "Vũ Thị Hà",	  "Đặng Văn Hải", "Bùi Thị Hoa",
	"Đỗ Văn Hùng",	 "Hồ Thị Lan",	  "Ngô Văn Minh",
};

static void
test_vietnamese_sort(void **state)
{
	static const size_t shuffled[] = { 7, 2, 10, 0, 5, 9, 3, 1, 8, 4, 6 };
	static const size_t reversed[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const size_t identity[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

	(void)state;
	check_sorted(PLENUM_ORDER_VIETNAMESE, vn_names, shuffled,
		     LEN(vn_names));
	check_sorted(PLENUM_ORDER_VIETNAMESE, vn_names, reversed,
		     LEN(vn_names));
	check_sorted(PLENUM_ORDER_VIETNAMESE, vn_names, identity,
		     LEN(vn_names));
}

static void
test_vietnamese_pairs(void **state)
{
	static const char *const before[][2] = {
		/* Given name first, whatever the surname. */
		{ "Trần Thị Bình", "Lê Văn Cường" },
		{ "Phạm Thị Dung", "Hoàng Văn Đức" },
		{ "Vũ Thị Hà", "Đặng Văn Hải" },
		{ "Đỗ Văn Hùng", "Bùi Thị Lan" },
		/* Đ is a letter after D; ư after u; ơ after o. */
		{ "Dung", "Đức" },
		{ "Duy", "Đào" },
		{ "Hùng", "Hưng" },
		{ "Lo", "Lơ" },
		/* Same given name: the full name decides. */
		{ "Lê Văn An", "Nguyễn Văn An" },
		{ "Nguyễn Thị An", "Nguyễn Văn An" },
		/* A one-word name is its own given name. */
		{ "An", "Nguyễn Văn Bình" },
	};
	(void)state;
	assert_pairs(PLENUM_ORDER_VIETNAMESE, before, LEN(before));
}

/* Names that arrive decomposed sort like their NFC form once normalised. */
static void
test_vietnamese_nfd_input(void **state)
{
	static const char *const nfd[] = {
		"Le\xCC\x82 Va\xCC\x86n Cu\xCC\x9Bo\xCC\x9B\xCC\x80ng",
		"Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An",
		"\xC4\x90\x61\xCC\xA3\xCC\x86ng Va\xCC\x86n Ha\xCC\x89i",
		"Tra\xCC\x82\xCC\x80n Thi\xCC\xA3 Bi\xCC\x80nh",
	};
	static const char *const want[] = {
		"Nguyễn Văn An",
		"Trần Thị Bình",
		"Lê Văn Cường",
		"Đặng Văn Hải",
	};
	struct plenum_collator *coll = open_coll(PLENUM_ORDER_VIETNAMESE);
	char *names[LEN(nfd)];
	size_t idx[LEN(nfd)];
	size_t i;

	(void)state;
	for (i = 0; i < LEN(nfd); i++) {
		assert_int_equal(
			plenum_names_nfc(nfd[i], strlen(nfd[i]), &names[i]),
			PLENUM_OK);
		idx[i] = i;
	}
	assert_int_equal(plenum_names_sort(coll, (const char *const *)names,
					   idx, LEN(nfd)),
			 PLENUM_OK);
	for (i = 0; i < LEN(nfd); i++)
		assert_string_equal(names[idx[i]], want[i]);
	for (i = 0; i < LEN(nfd); i++)
		free(names[i]);
	plenum_names_collator_free(coll);
}

/* --- alphabetical (root) order -------------------------------------- */

static void
test_alphabetical(void **state)
{
	static const char *const want[] = {
		"apple", "Banana", "cherry", "Đức", "Dung", "Zoë",
	};
	static const size_t perm[] = { 5, 3, 1, 4, 0, 2 };
	struct plenum_collator *vi = open_coll(PLENUM_ORDER_VIETNAMESE);

	(void)state;
	/* Root treats Đ as a D with a stroke, so "Đức" < "Dung" here, the
	 * reverse of the Vietnamese order. */
	check_sorted(PLENUM_ORDER_ALPHABETICAL, want, perm, LEN(want));
	assert_true(plenum_names_compare(vi, "Dung", "Đức") < 0);
	plenum_names_collator_free(vi);
}

/* Enough names for several merge passes over a length that is not a power
 * of two. */
static void
test_sort_many(void **state)
{
	enum { N = 37 };
	char bufs[N][8];
	const char *want[N];
	size_t perm[N];
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "n%02zu", i);
		want[i] = bufs[i];
		perm[i] = (i * 17) % N;
	}
	check_sorted(PLENUM_ORDER_ALPHABETICAL, want, perm, N);
	check_sorted(PLENUM_ORDER_STROKE, want, perm, N);
	check_sorted(PLENUM_ORDER_VIETNAMESE, want, perm, N);
}

/* --- ballot order, stability and totality ---------------------------- */

static void
test_ballot(void **state)
{
	static const char *const names[] = { "王五", "丁一", "Zoë", "An" };
	size_t idx[] = { 2, 0, 3, 1 };
	struct plenum_collator *coll = open_coll(PLENUM_ORDER_BALLOT);

	(void)state;
	assert_int_equal(plenum_names_compare(coll, "王五", "丁一"), 0);
	assert_int_equal(plenum_names_compare(coll, "a", "b"), 0);
	assert_int_equal(plenum_names_sort(coll, names, idx, LEN(idx)),
			 PLENUM_OK);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 0);
	assert_int_equal(idx[2], 3);
	assert_int_equal(idx[3], 1);
	plenum_names_collator_free(coll);
}

static void
test_stable_equal_names(void **state)
{
	static const char *const zh[] = {
		"王五", "李四", "王五", "丁一", "王五", "李四",
	};
	static const size_t zh_want[] = { 3, 0, 2, 4, 1, 5 };
	static const char *const vi[] = {
		"Lê Văn An",	 "Trần Thị Bình", "Lê Văn An",
		"Nguyễn Văn An", "Trần Thị Bình",
	};
	static const size_t vi_want[] = { 0, 2, 3, 1, 4 };
	struct plenum_collator *coll;
	size_t idx[6];
	size_t i;

	(void)state;
	coll = open_coll(PLENUM_ORDER_STROKE);
	for (i = 0; i < LEN(zh); i++)
		idx[i] = i;
	assert_int_equal(plenum_names_sort(coll, zh, idx, LEN(zh)), PLENUM_OK);
	for (i = 0; i < LEN(zh); i++)
		assert_int_equal(idx[i], zh_want[i]);
	assert_int_equal(plenum_names_compare(coll, "王五", "王五"), 0);
	plenum_names_collator_free(coll);

	coll = open_coll(PLENUM_ORDER_VIETNAMESE);
	for (i = 0; i < LEN(vi); i++)
		idx[i] = i;
	assert_int_equal(plenum_names_sort(coll, vi, idx, LEN(vi)), PLENUM_OK);
	for (i = 0; i < LEN(vi); i++)
		assert_int_equal(idx[i], vi_want[i]);
	plenum_names_collator_free(coll);
}

/* Canonically equivalent strings collate equal; the bytes break the tie. */
static void
test_total_order(void **state)
{
	static const char nfc[] = "Zoë";
	static const char nfd[] = "Zoe\xCC\x88";
	enum plenum_name_order o;
	struct plenum_collator *coll;
	int ab, ba;

	(void)state;
	for (o = PLENUM_ORDER_STROKE; o <= PLENUM_ORDER_ALPHABETICAL; o++) {
		coll = open_coll(o);
		ab = plenum_names_compare(coll, nfc, nfd);
		ba = plenum_names_compare(coll, nfd, nfc);
		assert_true(ab != 0);
		assert_true((ab < 0) == (ba > 0));
		assert_true((ab < 0) == (strcmp(nfc, nfd) < 0));
		assert_int_equal(plenum_names_compare(coll, nfc, nfc), 0);
		plenum_names_collator_free(coll);
	}
}

static void
test_sort_trivial(void **state)
{
	static const char *const names[] = { "王五" };
	size_t idx[] = { 0 };
	struct plenum_collator *coll = open_coll(PLENUM_ORDER_STROKE);

	(void)state;
	assert_int_equal(plenum_names_sort(coll, names, NULL, 0), PLENUM_OK);
	assert_int_equal(plenum_names_sort(coll, names, idx, 1), PLENUM_OK);
	assert_int_equal(idx[0], 0);
	plenum_names_collator_free(coll);
}

/* --- order words and collator lifetime ------------------------------ */

static void
test_order_words(void **state)
{
	static const struct {
		const char *word;
		enum plenum_name_order order;
	} words[] = {
		{ "ballot", PLENUM_ORDER_BALLOT },
		{ "stroke", PLENUM_ORDER_STROKE },
		{ "vietnamese", PLENUM_ORDER_VIETNAMESE },
		{ "alphabetical", PLENUM_ORDER_ALPHABETICAL },
	};
	static const char *const unknown[] = {
		"", "Stroke", "pinyin", "ballot ", "vi", "unknown",
	};
	enum plenum_name_order o;
	size_t i;

	(void)state;
	for (i = 0; i < LEN(words); i++) {
		o = (enum plenum_name_order)99;
		assert_int_equal(plenum_names_order_parse(words[i].word, &o),
				 0);
		assert_int_equal(o, words[i].order);
		assert_string_equal(plenum_names_order_word(o), words[i].word);
	}
	for (i = 0; i < LEN(unknown); i++) {
		o = PLENUM_ORDER_STROKE;
		assert_int_equal(plenum_names_order_parse(unknown[i], &o), -1);
		assert_int_equal(o, PLENUM_ORDER_STROKE);
	}
	assert_int_equal(plenum_names_order_parse(NULL, &o), -1);
	assert_string_equal(plenum_names_order_word((enum plenum_name_order)99),
			    "unknown");
}

static void
test_collator_lifetime(void **state)
{
	static char sentinel;
	struct plenum_collator *coll =
		(struct plenum_collator *)(void *)&sentinel;
	enum plenum_name_order o;

	(void)state;
	for (o = PLENUM_ORDER_BALLOT; o <= PLENUM_ORDER_ALPHABETICAL; o++)
		plenum_names_collator_free(open_coll(o));
	assert_int_equal(
		plenum_names_collator_new((enum plenum_name_order)99, &coll),
		PLENUM_EINTERNAL);
	assert_null(coll);
	plenum_names_collator_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc_ok),
		cmocka_unit_test(test_nfc_null_empty),
		cmocka_unit_test(test_nfc_bad),
		cmocka_unit_test(test_nfc_limit),
		cmocka_unit_test(test_stroke_surnames),
		cmocka_unit_test(test_stroke_mainland_counts),
		cmocka_unit_test(test_stroke_full_names),
		cmocka_unit_test(test_stroke_given_names),
		cmocka_unit_test(test_stroke_unknown_and_separators),
		cmocka_unit_test(test_stroke_transitive),
		cmocka_unit_test(test_vietnamese_sort),
		cmocka_unit_test(test_vietnamese_pairs),
		cmocka_unit_test(test_vietnamese_nfd_input),
		cmocka_unit_test(test_alphabetical),
		cmocka_unit_test(test_sort_many),
		cmocka_unit_test(test_ballot),
		cmocka_unit_test(test_stable_equal_names),
		cmocka_unit_test(test_total_order),
		cmocka_unit_test(test_sort_trivial),
		cmocka_unit_test(test_order_words),
		cmocka_unit_test(test_collator_lifetime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
