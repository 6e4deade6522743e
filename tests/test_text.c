/*
 * test_text.c - unit tests for lib/text.c: text appended to a buffer of
 * fixed size is cut there, never written past it, and counted whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

static void
test_dl_catf_fits(void **state)
{
	char buf[16];
	size_t len = 0;

	(void)state;
	dl_catf(buf, sizeof(buf), &len, "%s", "ns1");
	dl_catf(buf, sizeof(buf), &len, "%s%u", ", ns", 2u);
	assert_string_equal(buf, "ns1, ns2");
	assert_int_equal(len, 8);
}

static void
test_dl_catf_cut(void **state)
{
	char buf[12 + 4];
	size_t len = 0;

	(void)state;
	memset(buf, 'x', sizeof(buf));
	/* The last byte of 12 is the NUL; the 4 after it stay as they were. */
	dl_catf(buf, 12, &len, "%s", "192.0.2.1; 192.0.2.2");
	assert_string_equal(buf, "192.0.2.1; ");
	assert_int_equal(len, 20);
	assert_memory_equal(buf + 12, "xxxx", 4);
	/* Past the end: counted, not written. */
	dl_catf(buf, 12, &len, "; %s", "198.51.100.1");
	assert_int_equal(len, 34);
	assert_string_equal(buf, "192.0.2.1; ");
	assert_memory_equal(buf + 12, "xxxx", 4);
}

static void
test_dl_catf_exactly_full(void **state)
{
	char buf[4];
	size_t len = 0;

	(void)state;
	dl_catf(buf, sizeof(buf), &len, "abc");
	assert_string_equal(buf, "abc");
	assert_int_equal(len, 3);
	dl_catf(buf, sizeof(buf), &len, "d");
	assert_string_equal(buf, "abc");
	assert_int_equal(len, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_catf_fits),
		cmocka_unit_test(test_dl_catf_cut),
		cmocka_unit_test(test_dl_catf_exactly_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
