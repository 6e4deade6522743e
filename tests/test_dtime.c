/*
 * test_dtime.c - unit tests for lib/dtime.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dtime.h"

#define T_CUTOVER	INT64_C(1796119200)	/* 2026-12-01T10:00:00Z */
#define T_NOW		INT64_C(1795348800)	/* 2026-11-22T12:00:00Z */
#define UNTOUCHED	INT64_C(-424242)

static int64_t
parse_ok(const char *text, int64_t now)
{
	int64_t t = UNTOUCHED;

	if (dl_time_parse(text, now, &t) != 0)
		fail_msg("dl_time_parse rejected '%s'", text);
	return t;
}

static void
parse_bad(const char *text, int64_t now)
{
	int64_t t = UNTOUCHED;

	if (dl_time_parse(text, now, &t) != -1)
		fail_msg("dl_time_parse accepted '%s'", text);
	assert_int_equal(t, UNTOUCHED);
}

static int64_t
dur_ok(const char *text, int64_t max)
{
	int64_t d = UNTOUCHED;

	if (dl_duration_parse(text, max, &d) != 0)
		fail_msg("dl_duration_parse rejected '%s'", text);
	return d;
}

static void
dur_bad(const char *text, int64_t max)
{
	int64_t d = UNTOUCHED;

	if (dl_duration_parse(text, max, &d) != -1)
		fail_msg("dl_duration_parse accepted '%s'", text);
	assert_int_equal(d, UNTOUCHED);
}

static void
test_dl_time_parse_utc(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-12-01T10:00:00Z", 0), T_CUTOVER);
	assert_int_equal(parse_ok("2026-11-22T12:00:00Z", 0), T_NOW);
	assert_int_equal(parse_ok("2038-01-19T03:14:08Z", 0),
	    INT64_C(2147483648));
	assert_int_equal(parse_ok("2026-12-31T23:59:59Z", 0),
	    INT64_C(1798761599));
}

static void
test_dl_time_parse_lower_case_and_space(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-12-01t10:00:00z", 0), T_CUTOVER);
	assert_int_equal(parse_ok("2026-12-01 10:00:00Z", 0), T_CUTOVER);
	assert_int_equal(parse_ok("2026-12-01 10:00:00+00:00", 0), T_CUTOVER);
}

static void
test_dl_time_parse_fraction_dropped(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-12-01T10:00:00.0Z", 0), T_CUTOVER);
	assert_int_equal(parse_ok("2026-12-01T10:00:00.999999999Z", 0),
	    T_CUTOVER);
	assert_int_equal(parse_ok("2026-12-01T11:00:00.5+01:00", 0),
	    T_CUTOVER);
	parse_bad("2026-12-01T10:00:00.Z", 0);
	parse_bad("2026-12-01T10:00:00,5Z", 0);
	parse_bad("2026-12-01T10:00:00.5", 0);
}

static void
test_dl_time_parse_offsets(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-12-01T15:30:00+05:30", 0), T_CUTOVER);
	assert_int_equal(parse_ok("2026-12-01T02:00:00-08:00", 0), T_CUTOVER);
	assert_int_equal(parse_ok("2026-12-01T10:00:00+00:00", 0), T_CUTOVER);
	assert_int_equal(parse_ok("2026-12-01T10:00:00-00:00", 0), T_CUTOVER);
	/* The offset moves the instant across midnight and a month end. */
	assert_int_equal(parse_ok("2026-12-01T00:30:00+01:00", 0),
	    parse_ok("2026-11-30T23:30:00Z", 0));
	assert_int_equal(parse_ok("2026-12-31T20:00:00-04:00", 0),
	    parse_ok("2027-01-01T00:00:00Z", 0));
	assert_int_equal(parse_ok("2026-12-01T10:00:00+23:59", 0),
	    T_CUTOVER - 23 * 3600 - 59 * 60);
	parse_bad("2026-12-01T10:00:00+24:00", 0);
	parse_bad("2026-12-01T10:00:00+05:60", 0);
	parse_bad("2026-12-01T10:00:00+0530", 0);
	parse_bad("2026-12-01T10:00:00+05", 0);
	parse_bad("2026-12-01T10:00:00+5:30", 0);
	parse_bad("2026-12-01T10:00:00 +05:30", 0);
}

static void
test_dl_time_parse_leap_years(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2024-02-29T00:00:00Z", 0),
	    INT64_C(1709164800));
	assert_int_equal(parse_ok("2000-02-29T12:00:00Z", 0),
	    INT64_C(951825600));
	assert_int_equal(parse_ok("2026-02-28T00:00:00Z", 0),
	    parse_ok("2026-03-01T00:00:00Z", 0) - 86400);
	assert_int_equal(parse_ok("1900-03-01T00:00:00Z", 0),
	    INT64_C(-2203891200));
	parse_bad("2026-02-29T00:00:00Z", 0);
	parse_bad("1900-02-29T00:00:00Z", 0);
	parse_bad("2100-02-29T00:00:00Z", 0);
	parse_bad("2024-02-30T00:00:00Z", 0);
}

static void
test_dl_time_parse_day_of_month(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-04-30T00:00:00Z", 0),
	    parse_ok("2026-05-01T00:00:00Z", 0) - 86400);
	assert_int_equal(parse_ok("2026-01-31T00:00:00Z", 0),
	    parse_ok("2026-02-01T00:00:00Z", 0) - 86400);
	parse_bad("2026-04-31T00:00:00Z", 0);
	parse_bad("2026-06-31T00:00:00Z", 0);
	parse_bad("2026-09-31T00:00:00Z", 0);
	parse_bad("2026-11-31T00:00:00Z", 0);
	parse_bad("2026-12-32T00:00:00Z", 0);
	parse_bad("2026-12-00T00:00:00Z", 0);
	parse_bad("2026-00-01T00:00:00Z", 0);
	parse_bad("2026-13-01T00:00:00Z", 0);
}

static void
test_dl_time_parse_time_of_day(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-12-01T23:59:59Z", 0),
	    parse_ok("2026-12-02T00:00:00Z", 0) - 1);
	parse_bad("2026-12-01T24:00:00Z", 0);
	parse_bad("2026-12-01T10:60:00Z", 0);
	/* Second 60 (a leap second) is rejected on purpose, see dtime.c. */
	parse_bad("2026-12-31T23:59:60Z", 0);
	parse_bad("2026-12-01T10:00:61Z", 0);
}

static void
test_dl_time_parse_range_ends(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1970-01-01T00:00:00Z", 0), 0);
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z", 0), -1);
	assert_int_equal(parse_ok("0000-01-01T00:00:00Z", 0),
	    INT64_C(-62167219200));
	assert_int_equal(parse_ok("0000-01-01T00:00:00+23:59", 0),
	    INT64_C(-62167219200) - 23 * 3600 - 59 * 60);
	assert_int_equal(parse_ok("9999-12-31T23:59:59Z", 0),
	    INT64_C(253402300799));
	assert_int_equal(parse_ok("9999-12-31T23:59:59-23:59", 0),
	    INT64_C(253402300799) + 23 * 3600 + 59 * 60);
	assert_int_equal(parse_ok("0000-02-29T00:00:00Z", 0),
	    INT64_C(-62167219200) + 59 * 86400);
}

static void
test_dl_time_parse_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-13-01T00:00:00Z",
		"2026-12-01",
		"2026-12-01T10:00Z",
		"2026-12-01T10:00:00",
		"2026-12-01T10Z",
		"tomorrow",
		"now+",
		"now-",
		"now+5x",
		"now+-5m",
		"now++5m",
		"now+5m ",
		"now 5m",
		"nowish",
		"NOW",
		"Now",
		" now",
		"now ",
		" 2026-12-01T10:00:00Z",
		"2026-12-01T10:00:00Z ",
		"2026-12-01T10:00:00Z\n",
		"2026-12-01  10:00:00Z",
		"2026-12-01_10:00:00Z",
		"2026-12-01X10:00:00Z",
		"2026-12-01T10:00:00ZZ",
		"2026-12-01T10:00:00UTC",
		"26-12-01T10:00:00Z",
		"02026-12-01T10:00:00Z",
		"+2026-12-01T10:00:00Z",
		"-2026-12-01T10:00:00Z",
		"2026-1-01T10:00:00Z",
		"2026-12-1T10:00:00Z",
		"2026-12-01T1:00:00Z",
		"2026-12-01T10:0:00Z",
		"2026-12-01T10:00:0Z",
		"2026/12/01T10:00:00Z",
		"2026-12-01T10-00-00Z",
		"2026-12-0aT10:00:00Z",
		"1796119200",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_bad(bad[i], T_NOW);
	parse_bad(NULL, T_NOW);
}

static void
test_dl_time_parse_now(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("now", T_NOW), T_NOW);
	assert_int_equal(parse_ok("now+2h", T_NOW), T_NOW + 7200);
	assert_int_equal(parse_ok("now-1d", T_NOW), T_NOW - 86400);
	assert_int_equal(parse_ok("now+300", T_NOW), T_NOW + 300);
	assert_int_equal(parse_ok("now+0", T_NOW), T_NOW);
	assert_int_equal(parse_ok("now-0s", T_NOW), T_NOW);
	assert_int_equal(parse_ok("now+1w2d3h", T_NOW), T_NOW + 788400);
	assert_int_equal(parse_ok("now+8d22h", T_NOW), T_CUTOVER);
	assert_int_equal(parse_ok("now-5m", 0), -300);
	/* "now" needs an instant to stand for. */
	parse_bad("now", DL_NO_TIME);
	parse_bad("now+1s", DL_NO_TIME);
}

static void
test_dl_time_parse_now_overflow(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("now+10s", INT64_MAX - 10), INT64_MAX);
	parse_bad("now+11s", INT64_MAX - 10);
	parse_bad("now+1w", INT64_MAX - 10);
	/* INT64_MIN is DL_NO_TIME: reaching it is overflow as well. */
	assert_int_equal(parse_ok("now-9s", INT64_MIN + 10), INT64_MIN + 1);
	parse_bad("now-10s", INT64_MIN + 10);
	parse_bad("now+99999999999999999999", 0);
	parse_bad("now+9223372036854775808", 0);
	assert_int_equal(parse_ok("now+9223372036854775807", 0), INT64_MAX);
	parse_bad("now+9223372036854775807", 1);
	parse_bad("now+15250284452472w", 0);
	assert_int_equal(parse_ok("now-9223372036854775807", 0),
	    INT64_MIN + 1);
	parse_bad("now-9223372036854775807", -1);
}

static void
test_dl_duration_parse_ok(void **state)
{
	(void)state;
	assert_int_equal(dur_ok("300", DL_TTL_MAX), 300);
	assert_int_equal(dur_ok("0", DL_TTL_MAX), 0);
	assert_int_equal(dur_ok("0s", DL_TTL_MAX), 0);
	assert_int_equal(dur_ok("007", DL_TTL_MAX), 7);
	assert_int_equal(dur_ok("45s", DL_TTL_MAX), 45);
	assert_int_equal(dur_ok("5m", DL_TTL_MAX), 300);
	assert_int_equal(dur_ok("2h", DL_TTL_MAX), 7200);
	assert_int_equal(dur_ok("1d", DL_TTL_MAX), 86400);
	assert_int_equal(dur_ok("1w", DL_TTL_MAX), 604800);
	assert_int_equal(dur_ok("1w2d3h", DL_TTL_MAX), 788400);
	assert_int_equal(dur_ok("1w2d3h4m5s", DL_TTL_MAX), 788645);
	assert_int_equal(dur_ok("1h30m", DL_TTL_MAX), 5400);
	assert_int_equal(dur_ok("30m1h", DL_TTL_MAX), 5400);
	assert_int_equal(dur_ok("90m", DL_TTL_MAX), 5400);
}

static void
test_dl_duration_parse_upper_case(void **state)
{
	(void)state;
	assert_int_equal(dur_ok("1W", DL_TTL_MAX), 604800);
	assert_int_equal(dur_ok("5M", DL_TTL_MAX), 300);
	assert_int_equal(dur_ok("2H", DL_TTL_MAX), 7200);
	assert_int_equal(dur_ok("1D", DL_TTL_MAX), 86400);
	assert_int_equal(dur_ok("9S", DL_TTL_MAX), 9);
	assert_int_equal(dur_ok("1W2d3H", DL_TTL_MAX), 788400);
	/* A unit again adds, as in zone files (BIND, libzscanner). */
	assert_int_equal(dur_ok("1h1h", DL_TTL_MAX), 7200);
	assert_int_equal(dur_ok("1H1h30m", DL_TTL_MAX), 9000);
}

static void
test_dl_duration_parse_bad(void **state)
{
	static const char *const bad[] = {
		"", "5m5", "m5", "m", "-5", "+5", "1.5h", "5mm", "5 m", " 5", "5 ", "5\n", "5x", "1y", "5min", "0x10",
		"1h 30m", "1h,30m", "5m-1s", "ms", "\t300",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		dur_bad(bad[i], DL_TTL_MAX);
	dur_bad(NULL, DL_TTL_MAX);
}

static void
test_dl_duration_parse_max(void **state)
{
	(void)state;
	assert_int_equal(dur_ok("2147483647", DL_TTL_MAX), DL_TTL_MAX);
	dur_bad("2147483648", DL_TTL_MAX);
	dur_bad("99999999999999999999999", DL_TTL_MAX);
	assert_int_equal(dur_ok("3550w", DL_TTL_MAX), INT64_C(2147040000));
	dur_bad("3551w", DL_TTL_MAX);
	assert_int_equal(dur_ok("3550w5d", DL_TTL_MAX), INT64_C(2147472000));
	dur_bad("3550w6d", DL_TTL_MAX);
	assert_int_equal(dur_ok("5m", 300), 300);
	dur_bad("301", 300);
	dur_bad("5m1s", 300);
	dur_bad("1s5m", 300);
	assert_int_equal(dur_ok("0", 0), 0);
	dur_bad("1", 0);
	dur_bad("9", 0);
	dur_bad("10", 9);
	assert_int_equal(dur_ok("9", 9), 9);
	dur_bad("1s", 0);
	dur_bad("0", -1);
}

static void
test_dl_duration_parse_overflow(void **state)
{
	(void)state;
	assert_int_equal(dur_ok("9223372036854775807", INT64_MAX), INT64_MAX);
	dur_bad("9223372036854775808", INT64_MAX);
	dur_bad("18446744073709551616", INT64_MAX);
	assert_int_equal(dur_ok("15250284452471w", INT64_MAX),
	    INT64_C(9223372036854460800));
	dur_bad("15250284452472w", INT64_MAX);
	assert_int_equal(dur_ok("15250284452471w3d", INT64_MAX),
	    INT64_C(9223372036854460800) + 3 * 86400);
	dur_bad("15250284452471w4d", INT64_MAX);
	assert_int_equal(dur_ok("15250284452471w315007s", INT64_MAX),
	    INT64_MAX);
	dur_bad("15250284452471w315008s", INT64_MAX);
	dur_bad("99999999999999999999w", INT64_MAX);
}

static void
test_dl_time_format_values(void **state)
{
	char buf[DL_TIME_LEN];

	(void)state;
	assert_ptr_equal(dl_time_format(T_CUTOVER, buf), buf);
	assert_string_equal(buf, "2026-12-01T10:00:00Z");
	assert_string_equal(dl_time_format(0, buf), "1970-01-01T00:00:00Z");
	assert_string_equal(dl_time_format(-1, buf), "1969-12-31T23:59:59Z");
	assert_string_equal(dl_time_format(INT64_C(951825600), buf),
	    "2000-02-29T12:00:00Z");
	assert_string_equal(dl_time_format(INT64_C(1709164800), buf),
	    "2024-02-29T00:00:00Z");
	assert_string_equal(dl_time_format(INT64_C(2147483648), buf),
	    "2038-01-19T03:14:08Z");
	assert_string_equal(dl_time_format(INT64_C(-2203891200), buf),
	    "1900-03-01T00:00:00Z");
	assert_string_equal(dl_time_format(INT64_C(-62167219200), buf),
	    "0000-01-01T00:00:00Z");
	assert_string_equal(dl_time_format(INT64_C(253402300799), buf),
	    "9999-12-31T23:59:59Z");
}

static void
test_dl_time_format_out_of_range(void **state)
{
	char buf[DL_TIME_LEN];

	(void)state;
	assert_string_equal(dl_time_format(INT64_C(253402300800), buf),
	    "+10000-01-01T00:00:00Z");
	assert_string_equal(dl_time_format(INT64_C(-62167219201), buf),
	    "-0001-12-31T23:59:59Z");
	assert_string_equal(dl_time_format(INT64_MAX, buf),
	    "+292277026596-12-04T15:30:07Z");
	assert_string_equal(dl_time_format(INT64_MIN, buf),
	    "-292277022657-01-27T08:29:52Z");
}

static void
test_dl_time_format_short_values(void **state)
{
	char buf[DL_TIME_LEN];

	(void)state;
	assert_ptr_equal(dl_time_format_short(T_CUTOVER, buf), buf);
	assert_string_equal(buf, "2026-12-01 10:00Z");
	assert_string_equal(dl_time_format_short(T_CUTOVER + 5, buf),
	    "2026-12-01 10:00:05Z");
	assert_string_equal(dl_time_format_short(T_CUTOVER + 59, buf),
	    "2026-12-01 10:00:59Z");
	assert_string_equal(dl_time_format_short(T_CUTOVER + 600, buf),
	    "2026-12-01 10:10Z");
	assert_string_equal(dl_time_format_short(T_NOW, buf),
	    "2026-11-22 12:00Z");
	assert_string_equal(dl_time_format_short(-1, buf),
	    "1969-12-31 23:59:59Z");
	assert_string_equal(dl_time_format_short(INT64_MAX, buf),
	    "+292277026596-12-04 15:30:07Z");
	assert_string_equal(dl_time_format_short(INT64_MIN, buf),
	    "-292277022657-01-27 08:29:52Z");
}

/* Format, parse back, compare, over the whole range parsing accepts. */
static void
test_dl_time_format_round_trip(void **state)
{
	char buf[DL_TIME_LEN];
	int64_t t, back;
	const int64_t lo = INT64_C(-62167219200), hi = INT64_C(253402300799);

	(void)state;
	for (t = lo; t <= hi; t += INT64_C(86400) * 97 + 3599) {
		dl_time_format(t, buf);
		back = UNTOUCHED;
		assert_int_equal(dl_time_parse(buf, 0, &back), 0);
		assert_int_equal(back, t);
	}
	/* Every day of 1899..2101 at a time with seconds. */
	for (t = parse_ok("1899-01-01T23:59:59Z", 0);
	    t < parse_ok("2102-01-01T00:00:00Z", 0); t += 86400) {
		dl_time_format(t, buf);
		assert_int_equal(dl_time_parse(buf, 0, &back), 0);
		assert_int_equal(back, t);
		/* With seconds, the short form is RFC 3339 too. */
		dl_time_format_short(t, buf);
		assert_int_equal(dl_time_parse(buf, 0, &back), 0);
		assert_int_equal(back, t);
	}
	dl_time_format(hi, buf);
	assert_int_equal(dl_time_parse(buf, 0, &back), 0);
	assert_int_equal(back, hi);
}

static void
test_dl_span_format_values(void **state)
{
	char buf[DL_SPAN_LEN];

	(void)state;
	assert_ptr_equal(dl_span_format(90061, buf), buf);
	assert_string_equal(buf, "1d 1h");
	assert_string_equal(dl_span_format(86400, buf), "1d");
	assert_string_equal(dl_span_format(93600, buf), "1d 2h");
	assert_string_equal(dl_span_format(600, buf), "10m");
	assert_string_equal(dl_span_format(45, buf), "45s");
	assert_string_equal(dl_span_format(0, buf), "0s");
	assert_string_equal(dl_span_format(1, buf), "1s");
	assert_string_equal(dl_span_format(59, buf), "59s");
	assert_string_equal(dl_span_format(60, buf), "1m");
	assert_string_equal(dl_span_format(61, buf), "1m 1s");
	assert_string_equal(dl_span_format(3599, buf), "59m 59s");
	assert_string_equal(dl_span_format(3600, buf), "1h");
	assert_string_equal(dl_span_format(3605, buf), "1h");
	assert_string_equal(dl_span_format(3665, buf), "1h 1m");
	assert_string_equal(dl_span_format(86399, buf), "23h 59m");
	assert_string_equal(dl_span_format(86405, buf), "1d");
	assert_string_equal(dl_span_format(89999, buf), "1d");
	assert_string_equal(dl_span_format(770400, buf), "8d 22h");
	assert_string_equal(dl_span_format(172800, buf), "2d");
	/* Weeks are not used. */
	assert_string_equal(dl_span_format(1209600, buf), "14d");
}

static void
test_dl_span_format_negative(void **state)
{
	char buf[DL_SPAN_LEN];

	(void)state;
	assert_string_equal(dl_span_format(-7200, buf), "2h");
	assert_string_equal(dl_span_format(-90061, buf), "1d 1h");
	assert_string_equal(dl_span_format(-1, buf), "1s");
	assert_string_equal(dl_span_format(INT64_MIN, buf),
	    "106751991167300d 15h");
	assert_string_equal(dl_span_format(INT64_MAX, buf),
	    "106751991167300d 15h");
}

static void
test_dl_rel_format_values(void **state)
{
	char buf[DL_SPAN_LEN];

	(void)state;
	assert_ptr_equal(dl_rel_format(T_CUTOVER, T_NOW, buf), buf);
	assert_string_equal(buf, "in 8d 22h");
	assert_string_equal(dl_rel_format(T_NOW - 7200, T_NOW, buf),
	    "2h ago");
	assert_string_equal(dl_rel_format(T_NOW, T_NOW, buf), "now");
	assert_string_equal(dl_rel_format(T_NOW + 86400, T_NOW, buf),
	    "in 1d");
	assert_string_equal(dl_rel_format(T_NOW + 1, T_NOW, buf), "in 1s");
	assert_string_equal(dl_rel_format(T_NOW - 1, T_NOW, buf), "1s ago");
	assert_string_equal(dl_rel_format(T_NOW - 3665, T_NOW, buf),
	    "1h 1m ago");
}

static void
test_dl_rel_format_extremes(void **state)
{
	char buf[DL_SPAN_LEN];

	(void)state;
	assert_string_equal(dl_rel_format(INT64_MAX, INT64_MIN, buf),
	    "in 213503982334601d 7h");
	assert_string_equal(dl_rel_format(INT64_MIN, INT64_MAX, buf),
	    "213503982334601d 7h ago");
	assert_string_equal(dl_rel_format(INT64_MIN, INT64_MIN, buf), "now");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_time_parse_utc),
		cmocka_unit_test(test_dl_time_parse_lower_case_and_space),
		cmocka_unit_test(test_dl_time_parse_fraction_dropped),
		cmocka_unit_test(test_dl_time_parse_offsets),
		cmocka_unit_test(test_dl_time_parse_leap_years),
		cmocka_unit_test(test_dl_time_parse_day_of_month),
		cmocka_unit_test(test_dl_time_parse_time_of_day),
		cmocka_unit_test(test_dl_time_parse_range_ends),
		cmocka_unit_test(test_dl_time_parse_bad),
		cmocka_unit_test(test_dl_time_parse_now),
		cmocka_unit_test(test_dl_time_parse_now_overflow),
		cmocka_unit_test(test_dl_duration_parse_ok),
		cmocka_unit_test(test_dl_duration_parse_upper_case),
		cmocka_unit_test(test_dl_duration_parse_bad),
		cmocka_unit_test(test_dl_duration_parse_max),
		cmocka_unit_test(test_dl_duration_parse_overflow),
		cmocka_unit_test(test_dl_time_format_values),
		cmocka_unit_test(test_dl_time_format_out_of_range),
		cmocka_unit_test(test_dl_time_format_short_values),
		cmocka_unit_test(test_dl_time_format_round_trip),
		cmocka_unit_test(test_dl_span_format_values),
		cmocka_unit_test(test_dl_span_format_negative),
		cmocka_unit_test(test_dl_rel_format_values),
		cmocka_unit_test(test_dl_rel_format_extremes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
