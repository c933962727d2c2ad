/*
 * test_rules.c: preset defaults follow the Defaults table, and options
 * override them, with errors naming the option.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "rules.h"
#include "tally.h"

static struct plenum_json_token
tok(enum plenum_json_type type, const char *text)
{
	struct plenum_json_token t;

	memset(&t, 0, sizeof(t));
	t.type = type;
	t.text = text;
	t.len = text ? strlen(text) : 0;
	t.line = 3;
	t.column = 9;
	return t;
}

static void
test_defaults(void **state)
{
	static const struct {
		const char *preset, *key, *value;
	} rows[] = {
		{ "cn-basic", "quorum", "4/5" },
		{ "cn-basic", "quorum_strict", "true" },
		{ "cn-basic", "base", "present" },
		{ "cn-basic", "extra_marks", "ignore" },
		{ "cn-basic", "write_ins", "marked" },
		{ "cn-basic", "surplus_min", "20" },
		{ "cn-basic", "name_order", "stroke" },
		{ "cn-local", "quorum", "1/2" },
		{ "cn-local", "base", "should_attend" },
		{ "cn-local", "motion_base", "should_attend" },
		{ "cn-local", "surplus_min", "10" },
		{ "vn", "quorum", "2/3" },
		{ "vn", "quorum_strict", "false" },
		{ "vn", "quorum_of", "convened" },
		{ "vn", "base", "convened" },
		{ "vn", "extra_marks", "invalid" },
		{ "vn", "write_ins", "invalid" },
		{ "vn", "surplus_max", "30" },
		{ "vn", "name_order", "vietnamese" },
		{ "ronr", "quorum", "none" },
		{ "ronr", "base", "cast" },
		{ "ronr", "identifying", "illegal" },
		{ "ronr", "over_votes", "illegal" },
		{ "ronr", "write_ins", "all" },
		{ "ronr", "motion_base", "YN" },
		{ "yna", "base", "YN" },
		{ "yna", "majority", "simple" },
		{ "yna", "majority_inclusive", "true" },
		{ "yna", "write_ins", "invalid" },
		{ "yna", "runoff_needs_majority", "true" },
		{ "cn-basic", "runoff_needs_majority", "false" },
	};
	struct plenum_rules r;
	enum plenum_preset p;
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(plenum_rules_preset_parse(rows[i].preset, &p),
				 0);
		plenum_rules_defaults(p, &r);
		assert_non_null(
			plenum_rules_get(&r, rows[i].key, buf, sizeof(buf)));
		if (strcmp(buf, rows[i].value) != 0)
			fail_msg("%s %s: %s, expected %s", rows[i].preset,
				 rows[i].key, buf, rows[i].value);
	}
	assert_int_equal(plenum_rules_preset_parse("cn", &p), -1);
}

static void
test_set(void **state)
{
	struct plenum_rules r;
	struct plenum_json_token t;
	struct plenum_diag d;
	char buf[64];

	(void)state;
	plenum_rules_defaults(PLENUM_PRESET_YNA, &r);
	t = tok(PLENUM_JSON_STRING, "two_thirds");
	assert_int_equal(plenum_rules_set(&r, "majority", &t, &d), PLENUM_OK);
	assert_int_equal(r.majority, PLENUM_MAJORITY_TWO_THIRDS);
	t = tok(PLENUM_JSON_STRING, "2/3");
	assert_int_equal(plenum_rules_set(&r, "quorum", &t, &d), PLENUM_OK);
	assert_string_equal(plenum_rules_get(&r, "quorum", buf, sizeof(buf)),
			    "2/3");
	t = tok(PLENUM_JSON_FALSE, NULL);
	assert_int_equal(plenum_rules_set(&r, "majority_inclusive", &t, &d),
			 PLENUM_OK);
	assert_false(r.majority_inclusive);
	t = tok(PLENUM_JSON_NUMBER, "3");
	assert_int_equal(plenum_rules_set(&r, "max_votes", &t, &d), PLENUM_OK);
	assert_int_equal(r.max_votes, 3);

	t = tok(PLENUM_JSON_STRING, "most");
	assert_int_equal(plenum_rules_set(&r, "majority", &t, &d),
			 PLENUM_EINPUT);
	assert_int_equal(d.line, 3);
	assert_int_equal(d.column, 9);
	assert_non_null(strstr(d.message, "option \"majority\""));
	assert_non_null(strstr(d.message, "\"three_quarters\""));
	t = tok(PLENUM_JSON_STRING, "3/2");
	assert_int_equal(plenum_rules_set(&r, "quorum", &t, &d), PLENUM_EINPUT);
	t = tok(PLENUM_JSON_STRING, "1/0");
	assert_int_equal(plenum_rules_set(&r, "quorum", &t, &d), PLENUM_EINPUT);
	t = tok(PLENUM_JSON_NUMBER, "1.5");
	assert_int_equal(plenum_rules_set(&r, "max_votes", &t, &d),
			 PLENUM_EINPUT);
	t = tok(PLENUM_JSON_TRUE, NULL);
	assert_int_equal(plenum_rules_set(&r, "nonsense", &t, &d),
			 PLENUM_EINPUT);
	assert_non_null(strstr(d.message, "unknown option \"nonsense\""));
	assert_null(plenum_rules_get(&r, "nonsense", buf, sizeof(buf)));
}

/* Every documented option name can be read back. */
static void
test_option_names(void **state)
{
	struct plenum_rules r;
	char buf[64];
	size_t i;

	(void)state;
	plenum_rules_defaults(PLENUM_PRESET_CN_BASIC, &r);
	for (i = 0; plenum_rules_option_names[i] != NULL; i++)
		assert_non_null(plenum_rules_get(
			&r, plenum_rules_option_names[i], buf, sizeof(buf)));
	assert_true(i >= 20);
}

/* The integer thresholds of the spec's arithmetic section. */
static void
test_needed(void **state)
{
	struct plenum_rules r;

	(void)state;
	plenum_rules_defaults(PLENUM_PRESET_YNA, &r);
	assert_int_equal(plenum_tally_needed(&r, 95), 48);
	assert_int_equal(plenum_tally_needed(&r, 96), 49);
	assert_int_equal(plenum_tally_needed(&r, 0), 0);
	assert_int_equal(plenum_tally_needed(&r, 1), 1);
	r.majority = PLENUM_MAJORITY_TWO_THIRDS;
	assert_int_equal(plenum_tally_needed(&r, 90), 60);
	assert_int_equal(plenum_tally_needed(&r, 91), 61);
	r.majority_inclusive = false;
	assert_int_equal(plenum_tally_needed(&r, 90), 61);
	r.majority = PLENUM_MAJORITY_THREE_QUARTERS;
	assert_int_equal(plenum_tally_needed(&r, 100), 76);
	r.majority_inclusive = true;
	assert_int_equal(plenum_tally_needed(&r, 100), 75);
	assert_int_equal(plenum_tally_needed(&r, 101), 76);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_option_names),
		cmocka_unit_test(test_needed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
