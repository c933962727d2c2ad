/*
 * test_buf.c: the capped buffer keeps its cap and its contents on failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void
test_grow_and_cap(void **state)
{
	struct plenum_buf b;
	size_t i;
	char *p;

	(void)state;
	plenum_buf_init(&b, 100);
	assert_string_equal(plenum_buf_str(&b), "");
	for (i = 0; i < 10; i++)
		assert_int_equal(plenum_buf_adds(&b, "0123456789"), PLENUM_OK);
	assert_int_equal(b.len, 100);
	assert_int_equal(plenum_buf_addc(&b, 'x'), PLENUM_ELIMIT);
	assert_int_equal(plenum_buf_addf(&b, "%d", 7), PLENUM_ELIMIT);
	assert_int_equal(b.len, 100);
	assert_int_equal(b.data[100], '\0');
	plenum_buf_reset(&b);
	assert_int_equal(plenum_buf_addf(&b, "%s-%d", "a", 42), PLENUM_OK);
	assert_string_equal(plenum_buf_str(&b), "a-42");
	p = plenum_buf_detach(&b);
	assert_string_equal(p, "a-42");
	assert_null(b.data);
	free(p);
	p = plenum_buf_detach(&b);
	assert_string_equal(p, "");
	free(p);
	plenum_buf_release(&b);
	plenum_buf_release(NULL);
}

static void
test_binary(void **state)
{
	struct plenum_buf b;

	(void)state;
	plenum_buf_init(&b, 8);
	assert_int_equal(plenum_buf_add(&b, "a\0b", 3), PLENUM_OK);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	assert_int_equal(plenum_buf_add(&b, "123456", 6), PLENUM_ELIMIT);
	assert_int_equal(b.len, 3);
	plenum_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_and_cap),
		cmocka_unit_test(test_binary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
