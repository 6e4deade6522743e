/*
 * dtime.c - instants, durations and TTLs: parsing and printing.
 *
 * Calendar arithmetic is done here, in int64_t, with the proleptic
 * Gregorian calendar (H. Hinnant's days_from_civil and civil_from_days), so
 * that nothing depends on TZ, timegm(3) or the width of time_t.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dtime.h"

#define SECS_PER_DAY	86400

/* Days since 1970-01-01 of the date y-m-d (m 1..12, d 1..31). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;				/* 0..399 */
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;	/* 0..365 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */
	return era * 146097 + doe - 719468;
}

/* The date of day z since 1970-01-01; the inverse of days_from_civil(). */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;				/* 0..146096 */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* 0..365 */
	mp = (5 * doy + 2) / 153;			/* 0..11 */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Read exactly n decimal digits at *p into *v and advance *p.  Returns 0,
 * or -1 when fewer than n digits are there.
 */
static int
digits(const char **p, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return -1;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

static int
expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

static int
parse_rfc3339(const char *p, int64_t *out)
{
	int y, mo, d, h, mi, s, oh = 0, om = 0, sign = 0;
	int64_t t;

	if (digits(&p, 4, &y) == -1 || expect(&p, '-') == -1 ||
	    digits(&p, 2, &mo) == -1 || expect(&p, '-') == -1 ||
	    digits(&p, 2, &d) == -1)
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &h) == -1 || expect(&p, ':') == -1 ||
	    digits(&p, 2, &mi) == -1 || expect(&p, ':') == -1 ||
	    digits(&p, 2, &s) == -1)
		return -1;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return -1;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		p++;
		if (digits(&p, 2, &oh) == -1 || expect(&p, ':') == -1 ||
		    digits(&p, 2, &om) == -1)
			return -1;
	} else
		return -1;
	if (*p != '\0')
		return -1;

	/*
	 * Second 60 is rejected although RFC 3339 allows it at a leap
	 * second: Unix time has no name for it, no leap second has been
	 * inserted since 2016 and none will be after 2035, so in a plan it
	 * is a typo far more often than an intended instant.
	 */
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59)
		return -1;

	/* Years 0000..9999 keep every term far from overflow. */
	t = days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60 + s;
	t -= sign * (oh * 3600 + om * 60);
	*out = t;
	return 0;
}

int
dl_time_parse(const char *text, int64_t now, int64_t *out)
{
	int64_t d, t;

	if (text == NULL)
		return -1;
	if (strncmp(text, "now", 3) == 0) {
		if (now == DL_NO_TIME)
			return -1;
		if (text[3] == '\0') {
			*out = now;
			return 0;
		}
		if (text[3] != '+' && text[3] != '-')
			return -1;
		if (dl_duration_parse(text + 4, INT64_MAX, &d) == -1)
			return -1;
		if (text[3] == '+') {
			if (now > INT64_MAX - d)
				return -1;
			t = now + d;
		} else {
			/* Reaching DL_NO_TIME (INT64_MIN) is overflow too. */
			if (now <= INT64_MIN + d)
				return -1;
			t = now - d;
		}
		*out = t;
		return 0;
	}
	return parse_rfc3339(text, out);
}

/* Units in the order of unit_secs[]; lower case (input may be either). */
static const char units_lc[] = "smhdw";
static const int64_t unit_secs[] = {
	1, 60, 3600, SECS_PER_DAY, 7 * SECS_PER_DAY
};

int
dl_duration_parse(const char *text, int64_t max, int64_t *out)
{
	const char *p = text, *u;
	int64_t total = 0, n, unit;
	unsigned seen = 0, bit;
	char c;

	if (text == NULL || *text == '\0' || max < 0)
		return -1;
	while (*p != '\0') {
		if (!is_digit(*p))
			return -1;
		/* Every partial value is kept <= max, so nothing overflows. */
		n = 0;
		while (is_digit(*p)) {
			if (max - (*p - '0') < 0 ||
			    n > (max - (*p - '0')) / 10)
				return -1;
			n = n * 10 + (*p - '0');
			p++;
		}
		if (*p == '\0') {
			/* A bare number is seconds, but only on its own. */
			if (seen != 0)
				return -1;
			total = n;
			break;
		}
		c = *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p;
		if ((u = strchr(units_lc, c)) == NULL)
			return -1;
		/*
		 * A unit may come again ("1h1h" is 2h), as in BIND and in
		 * libzscanner, which reads zone files (zoneread.c): one syntax
		 * for plans, configurations and zones.
		 */
		bit = 1u << (u - units_lc);
		seen |= bit;
		unit = unit_secs[u - units_lc];
		p++;
		if (n > (max - total) / unit)
			return -1;
		total += n * unit;
	}
	*out = total;
	return 0;
}

/*
 * Split t into a date and a time of day.  Floor division, so instants
 * before 1970 and the whole int64_t range work without overflow.
 */
static void
split(int64_t t, int64_t *y, int *mo, int *d, int *h, int *mi, int *s)
{
	int64_t days, rem;

	days = t / SECS_PER_DAY;
	rem = t % SECS_PER_DAY;
	if (rem < 0) {
		rem += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, y, mo, d);
	*h = (int)(rem / 3600);
	*mi = (int)(rem / 60 % 60);
	*s = (int)(rem % 60);
}

/*
 * snprintf(3) through a va_list: every caller's output provably fits
 * (years have at most 12 digits, spans at most 15 + 2 digits), but the
 * compiler cannot see the ranges and would warn of truncation.
 */
static void
put(char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
put(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, n, fmt, ap);
	va_end(ap);
}

/*
 * The year as RFC 3339 writes it (four digits) for 0000..9999, and beyond
 * that as ISO 8601's expanded form with a sign ("+10000", "-0001").
 */
static void
format_year(int64_t y, char *buf, size_t n)
{
	if (y >= 0 && y <= 9999)
		put(buf, n, "%04" PRId64, y);
	else if (y > 9999)
		put(buf, n, "+%" PRId64, y);
	else
		put(buf, n, "-%04" PRIu64, -(uint64_t)y);
}

char *
dl_time_format(int64_t t, char out[DL_TIME_LEN])
{
	char ybuf[24];
	int64_t y;
	int mo, d, h, mi, s;

	split(t, &y, &mo, &d, &h, &mi, &s);
	format_year(y, ybuf, sizeof(ybuf));
	put(out, DL_TIME_LEN, "%s-%02d-%02dT%02d:%02d:%02dZ",
	    ybuf, mo, d, h, mi, s);
	return out;
}

char *
dl_time_format_short(int64_t t, char out[DL_TIME_LEN])
{
	char ybuf[24];
	int64_t y;
	int mo, d, h, mi, s;

	split(t, &y, &mo, &d, &h, &mi, &s);
	format_year(y, ybuf, sizeof(ybuf));
	if (s == 0)
		put(out, DL_TIME_LEN, "%s-%02d-%02d %02d:%02dZ",
		    ybuf, mo, d, h, mi);
	else
		put(out, DL_TIME_LEN, "%s-%02d-%02d %02d:%02d:%02dZ",
		    ybuf, mo, d, h, mi, s);
	return out;
}

/*
 * The largest non-zero unit and, when it is not zero, the next smaller
 * one: 90061 is "1d 1h", 3605 is "1h" (the minutes are 0; seconds are
 * not reached for).  Smaller units are dropped, not rounded, so a wait is
 * never shown longer than it is.
 */
static void
span_format(uint64_t u, char *out, size_t n)
{
	static const struct {
		uint64_t	secs;
		char		name;
	} units[] = {
		{ SECS_PER_DAY, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' }
	};
	size_t i, nunits = sizeof(units) / sizeof(units[0]);
	uint64_t a, b;

	for (i = 0; i + 1 < nunits && u < units[i].secs; i++)
		continue;
	a = u / units[i].secs;
	if (i + 1 < nunits &&
	    (b = u % units[i].secs / units[i + 1].secs) != 0)
		put(out, n, "%" PRIu64 "%c %" PRIu64 "%c",
		    a, units[i].name, b, units[i + 1].name);
	else
		put(out, n, "%" PRIu64 "%c", a, units[i].name);
}

char *
dl_span_format(int64_t secs, char out[DL_SPAN_LEN])
{
	/* By magnitude; the unsigned negation is exact even for INT64_MIN. */
	span_format(secs < 0 ? -(uint64_t)secs : (uint64_t)secs, out,
	    DL_SPAN_LEN);
	return out;
}

char *
dl_rel_format(int64_t t, int64_t now, char out[DL_SPAN_LEN])
{
	char span[DL_SPAN_LEN];

	/* The unsigned difference is exact where the signed one overflows. */
	if (t > now) {
		span_format((uint64_t)t - (uint64_t)now, span, sizeof(span));
		put(out, DL_SPAN_LEN, "in %s", span);
	} else if (t < now) {
		span_format((uint64_t)now - (uint64_t)t, span, sizeof(span));
		put(out, DL_SPAN_LEN, "%s ago", span);
	} else
		put(out, DL_SPAN_LEN, "now");
	return out;
}
