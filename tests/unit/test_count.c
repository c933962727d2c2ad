/*
 * test_count.c: ballot validity by preset, one table row per rule of the
 * Defaults table in election-rules.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "count.h"
#include "rules.h"

static const char *const names[] = { "甲", "乙", "丙", "丁", "戊" };

struct row {
	const char *what;
	enum plenum_preset preset;
	int64_t seats, alternates;
	size_t ncandidates;
	const char *marks;
	const char *write_in; /* NULL: none */
	char write_in_mark;
	unsigned defects;
	const char *option, *value; /* one option word, or NULL */
	enum plenum_verdict verdict;
	int64_t yes0; /* yes votes counted for the first candidate */
};

#define V    PLENUM_BALLOT_VALID
#define I    PLENUM_BALLOT_INVALID
#define L    PLENUM_BALLOT_ILLEGAL
#define K    PLENUM_BALLOT_BLANK
#define CNB  PLENUM_PRESET_CN_BASIC
#define CNL  PLENUM_PRESET_CN_LOCAL
#define VN   PLENUM_PRESET_VN
#define RONR PLENUM_PRESET_RONR
#define YNA  PLENUM_PRESET_YNA

static const struct row rows[] = {
	/* cn */
	{ "cn valid", CNB, 2, 0, 3, "YN-", NULL, 0, 0, NULL, NULL, V, 1 },
	{ "cn blank ballot valid", CNB, 2, 0, 3, "---", NULL, 0, 0, NULL, NULL,
	  V, 0 },
	{ "cn over-vote", CNB, 2, 0, 3, "YYY", NULL, 0, 0, NULL, NULL, I, 0 },
	{ "cn over-vote by write-in", CNB, 2, 0, 3, "YY-", "张三", 'Y', 0, NULL,
	  NULL, I, 0 },
	{ "cn unmarked write-in ignored", CNB, 2, 0, 3, "YY-", "张三", '-', 0,
	  NULL, NULL, V, 1 },
	{ "cn alternates widen the limit", CNL, 2, 1, 4, "YYY-", NULL, 0, 0,
	  NULL, NULL, V, 1 },
	{ "cn unreadable name only", CNB, 2, 0, 3, "?Y-", NULL, 0, 0, NULL,
	  NULL, V, 0 },
	{ "cn double mark name only", CNB, 2, 0, 3, "BY-", NULL, 0, 0, NULL,
	  NULL, V, 0 },
	{ "cn unofficial", CNB, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_UNOFFICIAL, NULL, NULL, I, 0 },
	{ "cn torn", CNB, 2, 0, 3, "Y--", NULL, 0, PLENUM_DEFECT_TORN, NULL,
	  NULL, I, 0 },
	{ "cn identifying", CNB, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_IDENTIFYING, NULL, NULL, I, 0 },
	{ "cn extra marks ignored", CNB, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_EXTRA_MARKS, NULL, NULL, V, 1 },
	{ "cn extra marks as option", CNB, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_EXTRA_MARKS, "extra_marks", "invalid", I, 0 },
	{ "cn unclear voids by option", CNB, 2, 0, 3, "?Y-", NULL, 0, 0,
	  "unclear", "invalid", I, 0 },
	{ "cn write-in of a listed name", CNB, 2, 0, 3, "N--", "甲", 'Y', 0,
	  NULL, NULL, V, 1 },
	{ "cn write-in repeats a kept name", CNB, 1, 0, 3, "Y--", "甲", 'Y', 0,
	  NULL, NULL, V, 1 },
	/* vn contested: strike-out */
	{ "vn kept within seats", VN, 2, 0, 3, "YYN", NULL, 0, 0, NULL, NULL, V,
	  1 },
	{ "vn kept over seats", VN, 2, 0, 3, "YYY", NULL, 0, 0, NULL, NULL, I,
	  0 },
	{ "vn all struck", VN, 2, 0, 3, "NNN", NULL, 0, 0, NULL, NULL, I, 0 },
	{ "vn one kept", VN, 2, 0, 3, "YNN", NULL, 0, 0, NULL, NULL, V, 1 },
	{ "vn unclear strike", VN, 2, 0, 3, "Y?N", NULL, 0, 0, NULL, NULL, I,
	  0 },
	{ "vn write-in", VN, 2, 0, 3, "YNN", "Trần Văn Tư", 'Y', 0, NULL, NULL,
	  I, 0 },
	{ "vn unmarked write-in", VN, 2, 0, 3, "YNN", "Trần Văn Tư", '-', 0,
	  NULL, NULL, I, 0 },
	{ "vn extra marks", VN, 2, 0, 3, "YNN", NULL, 0,
	  PLENUM_DEFECT_EXTRA_MARKS, NULL, NULL, I, 0 },
	{ "vn no seal", VN, 2, 0, 3, "YNN", NULL, 0, PLENUM_DEFECT_UNOFFICIAL,
	  NULL, NULL, I, 0 },
	/* vn uncontested: per candidate */
	{ "vn uncontested both boxes", VN, 3, 0, 3, "YBY", NULL, 0, 0, NULL,
	  NULL, V, 1 },
	{ "vn uncontested no box", VN, 3, 0, 3, "-YN", NULL, 0, 0, NULL, NULL,
	  V, 0 },
	{ "vn single name no box", VN, 1, 0, 1, "-", NULL, 0, 0, NULL, NULL, I,
	  0 },
	{ "vn single name both", VN, 1, 0, 1, "B", NULL, 0, 0, NULL, NULL, I,
	  0 },
	{ "vn single name yes", VN, 1, 0, 1, "Y", NULL, 0, 0, NULL, NULL, V,
	  1 },
	{ "vn single name no", VN, 1, 0, 1, "N", NULL, 0, 0, NULL, NULL, V, 0 },
	/* ronr */
	{ "ronr vote", RONR, 2, 0, 3, "Y--", NULL, 0, 0, NULL, NULL, V, 1 },
	{ "ronr blank", RONR, 2, 0, 3, "---", NULL, 0, 0, NULL, NULL, K, 0 },
	{ "ronr over-vote illegal", RONR, 2, 0, 3, "YYY", NULL, 0, 0, NULL,
	  NULL, L, 0 },
	{ "ronr unintelligible illegal", RONR, 2, 0, 3, "?--", NULL, 0, 0, NULL,
	  NULL, L, 0 },
	{ "ronr identifying illegal", RONR, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_IDENTIFYING, NULL, NULL, L, 0 },
	{ "ronr folded illegal", RONR, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_FOLDED, NULL, NULL, L, 0 },
	{ "ronr unofficial invalid", RONR, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_UNOFFICIAL, NULL, NULL, I, 0 },
	{ "ronr write-in counts unmarked", RONR, 2, 0, 3, "---", "Smith", '-',
	  0, NULL, NULL, V, 0 },
	{ "ronr write-in over-vote", RONR, 1, 0, 3, "Y--", "Smith", '-', 0,
	  NULL, NULL, L, 0 },
	/* yna */
	{ "yna valid", YNA, 2, 0, 3, "YNA", NULL, 0, 0, NULL, NULL, V, 1 },
	{ "yna over max", YNA, 2, 0, 3, "YYY", NULL, 0, 0, NULL, NULL, I, 0 },
	{ "yna max_votes option", YNA, 2, 0, 3, "YY-", NULL, 0, 0, "max_votes",
	  "1", I, 0 },
	{ "yna write-in", YNA, 2, 0, 3, "Y--", "Smith", 'Y', 0, NULL, NULL, I,
	  0 },
	{ "yna unclear name only", YNA, 2, 0, 3, "Y?-", NULL, 0, 0, NULL, NULL,
	  V, 1 },
	{ "yna identifying", YNA, 2, 0, 3, "Y--", NULL, 0,
	  PLENUM_DEFECT_IDENTIFYING, NULL, NULL, I, 0 },
};

static void
set_option(struct plenum_rules *r, const char *key, const char *value)
{
	struct plenum_json_token t;

	memset(&t, 0, sizeof(t));
	t.text = value;
	t.len = strlen(value);
	t.type = value[0] >= '0' && value[0] <= '9' ? PLENUM_JSON_NUMBER
						    : PLENUM_JSON_STRING;
	assert_int_equal(plenum_rules_set(r, key, &t, NULL), PLENUM_OK);
}

static void
test_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *w = &rows[i];
		struct plenum_rules r;
		struct plenum_count_setup s = {
			&r,	  w->ncandidates, names,
			w->seats, w->alternates,  false
		};
		struct plenum_write_in wi = { w->write_in, w->write_in_mark };
		struct plenum_ballot b = { w->marks, strlen(w->marks), &wi,
					   w->write_in ? 1 : 0, w->defects };
		struct plenum_counter *k;
		enum plenum_verdict v = (enum plenum_verdict) - 1;
		struct plenum_diag diag = { 0 };
		const struct plenum_counts *c;

		plenum_rules_defaults(w->preset, &r);
		if (w->option)
			set_option(&r, w->option, w->value);
		k = plenum_counter_new(&s);
		assert_non_null(k);
		if (plenum_counter_add(k, &b, &v, &diag) != PLENUM_OK)
			fail_msg("%s: %s", w->what, diag.message);
		if (v != w->verdict)
			fail_msg("%s: verdict %d, expected %d", w->what, v,
				 w->verdict);
		c = plenum_counter_counts(k);
		if ((int64_t)c->candidates[0].marks[PLENUM_MARK_YES] != w->yes0)
			fail_msg("%s: %llu yes for the first, expected %lld",
				 w->what,
				 (unsigned long long)c->candidates[0]
					 .marks[PLENUM_MARK_YES],
				 (long long)w->yes0);
		assert_int_equal(c->returned, 1);
		assert_int_equal(c->valid + c->invalid, 1);
		assert_int_equal(c->illegal, v == L);
		plenum_counter_free(k);
	}
}

/* Marks a ballot form does not have are input errors, not verdicts. */
static void
test_bad_marks(void **state)
{
	static const struct {
		enum plenum_preset preset;
		int64_t seats;
		const char *marks;
	} bad[] = {
		{ CNB, 2, "YX-" },  { CNB, 2, "YN" },  { CNB, 2, "YN--" },
		{ VN, 2, "Y-N" },   { VN, 2, "YAN" },  { RONR, 2, "YN-" },
		{ RONR, 2, "A--" }, { YNA, 2, "y--" }, { CNB, 2, "Y\x01-" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct plenum_rules r;
		struct plenum_count_setup s = { &r,	      3, names,
						bad[i].seats, 0, false };
		struct plenum_ballot b = { bad[i].marks, strlen(bad[i].marks),
					   NULL, 0, 0 };
		struct plenum_diag diag = { 0 };
		struct plenum_counter *k;

		plenum_rules_defaults(bad[i].preset, &r);
		k = plenum_counter_new(&s);
		assert_int_equal(plenum_counter_add(k, &b, NULL, &diag),
				 PLENUM_EINPUT);
		assert_true(strlen(diag.message) > 0);
		assert_int_equal(plenum_counter_counts(k)->returned, 0);
		plenum_counter_free(k);
	}
}

/* Motions: one mark; a blank is an abstention for cn, void for vn. */
static void
test_motion(void **state)
{
	struct plenum_rules r;
	struct plenum_count_setup s = { &r, 0, NULL, 0, 0, true };
	struct plenum_ballot b = { "-", 1, NULL, 0, 0 };
	enum plenum_verdict v;
	struct plenum_counter *k;

	(void)state;
	plenum_rules_defaults(CNB, &r);
	k = plenum_counter_new(&s);
	assert_int_equal(plenum_counter_add(k, &b, &v, NULL), PLENUM_OK);
	assert_int_equal(v, V);
	assert_int_equal(plenum_counter_counts(k)
				 ->candidates[0]
				 .marks[PLENUM_MARK_BLANK],
			 1);
	plenum_counter_free(k);

	plenum_rules_defaults(VN, &r);
	k = plenum_counter_new(&s);
	assert_int_equal(plenum_counter_add(k, &b, &v, NULL), PLENUM_OK);
	assert_int_equal(v, I);
	b.marks = "?";
	assert_int_equal(plenum_counter_add(k, &b, &v, NULL), PLENUM_OK);
	assert_int_equal(v, I);
	b.marks = "YN";
	b.len = 2;
	assert_int_equal(plenum_counter_add(k, &b, &v, NULL), PLENUM_EINPUT);
	plenum_counter_free(k);
}

/* The write-in index grows past its first table and keeps every name. */
static void
test_write_in_index(void **state)
{
	struct plenum_counts c;
	char name[32];
	size_t i, idx;

	(void)state;
	assert_int_equal(plenum_counts_init(&c, 1), PLENUM_OK);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "名%zu", i);
		assert_int_equal(plenum_counts_write_in(&c, name, &idx),
				 PLENUM_OK);
		assert_int_equal(idx, i);
	}
	for (i = 0; i < 5000; i += 7) {
		snprintf(name, sizeof(name), "名%zu", i);
		assert_int_equal(plenum_counts_write_in(&c, name, &idx),
				 PLENUM_OK);
		assert_int_equal(idx, i);
	}
	assert_int_equal(c.nwrite_ins, 5000);
	plenum_counts_release(&c);
	plenum_counts_release(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_bad_marks),
		cmocka_unit_test(test_motion),
		cmocka_unit_test(test_write_in_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
