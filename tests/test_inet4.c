/*
 * test_inet4.c - unit tests for lib/inet4.c: IPv4 text is read exactly as
 * the C library's inet_pton(3) reads it (every string of a small alphabet
 * up to seven characters, every dotted quad of chosen numbers, a million
 * random ones), other families are the C library's, and libzscanner's
 * A records agree.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libzscanner/scanner.h>

#include "inet4.h"

/* src read by both: the same answer, and the same address when taken. */
static void
same(const char *src)
{
	unsigned char a[16], b[16];
	int x, y;

	memset(a, 0xaa, sizeof(a));
	memset(b, 0xaa, sizeof(b));
	x = dl_inet4_pton(src, a);
	y = __real_inet_pton(AF_INET, src, b);
	if (x != y || memcmp(a, b, sizeof(a)) != 0)
		fail_msg("'%s': dl_inet4_pton %d, inet_pton %d", src, x, y);
}

static void
test_inet4_named(void **state)
{
	static const char *const cases[] = { "", ".", "0.0.0.0",
	    "255.255.255.255", "256.1.1.1", "1.2.3.256", "1.2.3.4",
	    "01.2.3.4", "1.2.3.04", "1.2.3.00", "00.0.0.0", "1.2.3",
	    "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5", "1.2.3.4 ",
	    " 1.2.3.4", "1.2.3.-4", "1.2.3.+4", "1.2.3.4x", "0x1.2.3.4",
	    "1.2.3.1000", "1.2.3.2555", "192.0.2.300", "4294967296.0.0.0",
	    "1.2.3.4\n", "1,2,3,4", "1.2.3.4/24", "::1", "1.2.3.４" };
	unsigned char a[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		same(cases[i]);
	assert_int_equal(dl_inet4_pton("192.0.2.10", a), 1);
	assert_memory_equal(a, "\xc0\x00\x02\x0a", 4);
	assert_int_equal(dl_inet4_pton("01.2.3.4", a), 0);
}

/* Every string of the alphabet up to 7 characters. */
static void
test_inet4_every_short_string(void **state)
{
	static const char alpha[] = "0125.9a";
	const size_t na = sizeof(alpha) - 1;
	char s[8];
	size_t len, k, i, n, total;

	(void)state;
	for (len = 0; len <= 7; len++) {
		for (total = 1, k = 0; k < len; k++)
			total *= na;
		for (n = 0; n < total; n++) {
			for (i = 0, k = n; i < len; i++, k /= na)
				s[i] = alpha[k % na];
			s[len] = '\0';
			same(s);
		}
	}
}

/* Dotted quads of numbers near every boundary, leading zeros too. */
static void
test_inet4_every_quad(void **state)
{
	static const char *const nums[] = { "0", "1", "9", "10", "99", "100",
	    "199", "200", "249", "250", "255", "256", "300", "999", "00",
	    "01", "010", "0255", "" };
	const size_t nn = sizeof(nums) / sizeof(nums[0]);
	char s[64];
	size_t a, b, c, d;

	(void)state;
	for (a = 0; a < nn; a++)
		for (b = 0; b < nn; b++)
			for (c = 0; c < nn; c++)
				for (d = 0; d < nn; d++) {
					snprintf(s, sizeof(s), "%s.%s.%s.%s",
					    nums[a], nums[b], nums[c],
					    nums[d]);
					same(s);
				}
}

/* A million random strings of digits and dots (a fixed seed). */
static void
test_inet4_random(void **state)
{
	static const char alpha[] = "0123456789.....";
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	char s[24];
	size_t i, k, len;

	(void)state;
	for (i = 0; i < 1000000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = 7 + (size_t)(x % 13);
		for (k = 0; k < len; k++)
			s[k] = alpha[(x >> (8 + 4 * (k % 12))) % 15 ^
			    (k * 7 % 15)];
		s[len] = '\0';
		same(s);
	}
}

/* Other families: the C library's answer, its errors included. */
static void
test_inet4_other_families(void **state)
{
	unsigned char a[16], b[16];

	(void)state;
	assert_int_equal(__wrap_inet_pton(AF_INET6, "2001:db8::1", a), 1);
	assert_int_equal(__real_inet_pton(AF_INET6, "2001:db8::1", b), 1);
	assert_memory_equal(a, b, 16);
	assert_int_equal(__wrap_inet_pton(AF_INET6, "2001:db8::g", a), 0);
	errno = 0;
	assert_int_equal(__wrap_inet_pton(12345, "1.2.3.4", a), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
}

/*
 * libzscanner's A records (its inet_pton(3) calls: the wrapper's when it
 * is linked in, tests/link-test.sh) take and refuse what dl_inet4_pton()
 * does, with the same address.
 */
static void
test_inet4_libzscanner_a_records(void **state)
{
	static const char text[] = "$ORIGIN example.\n$TTL 300\n"
	    "a A 192.0.2.1\nb A 192.0.2.01\nc A 192.0.2.255\n"
	    "d A 192.0.2.256\ne A 0.0.0.0\n";
	static const int ok[] = { 1, 0, 1, 0, 1 };
	zs_scanner_t zs;
	unsigned char want[4];
	const char *addr[] = { "192.0.2.1", "192.0.2.01", "192.0.2.255",
	    "192.0.2.256", "0.0.0.0" };
	int i = 0;

	(void)state;
	assert_int_equal(zs_init(&zs, "example.", 1, 300), 0);
	assert_int_equal(zs_set_input_string(&zs, text, sizeof(text) - 1),
	    0);
	while (i < 5 && zs_parse_record(&zs) == 0 &&
	    zs.state != ZS_STATE_EOF) {
		if (zs.state == ZS_STATE_DATA) {
			assert_true(ok[i]);
			assert_int_equal(dl_inet4_pton(addr[i], want), 1);
			assert_int_equal(zs.r_data_length, 4);
			assert_memory_equal(zs.r_data, want, 4);
			i++;
		} else if (zs.state == ZS_STATE_ERROR) {
			assert_false(ok[i]);
			assert_int_equal(zs.error.code, ZS_BAD_IPV4);
			i++;
		}
	}
	assert_int_equal(i, 5);
	zs_deinit(&zs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inet4_named),
		cmocka_unit_test(test_inet4_every_short_string),
		cmocka_unit_test(test_inet4_every_quad),
		cmocka_unit_test(test_inet4_random),
		cmocka_unit_test(test_inet4_other_families),
		cmocka_unit_test(test_inet4_libzscanner_a_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
