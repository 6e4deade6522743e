/*
 * dtime.h - instants, durations and TTLs: parsing and printing.
 *
 * An instant is an int64_t count of seconds since the Unix epoch, UTC.
 * DL_NO_TIME stands for "no time applies" (printed as null in JSON).
 */
#ifndef DL_DTIME_H
#define DL_DTIME_H

#include <stddef.h>
#include <stdint.h>

#define DL_NO_TIME	INT64_MIN

/* Largest TTL dnslint accepts: 2^31 - 1 (RFC 2181 section 8). */
#define DL_TTL_MAX	2147483647

/* Buffer sizes for the formatting functions below, NUL included. */
#define DL_TIME_LEN	32
#define DL_SPAN_LEN	32

/*
 * Parse an instant: RFC 3339 with seconds and an offset or "Z"
 * ("2026-12-01T10:00:00Z", "2026-12-01T11:00:00+01:00"; fractional seconds
 * are accepted and dropped; a lower-case "t"/"z" or a space for "T" too),
 * "now", or "now" plus or minus a duration ("now+2h", "now-1d").  now is
 * the instant "now" stands for.  Returns 0 and sets *out, or -1 when text
 * is not an instant (a range check included: month 13, second 61, ...).
 */
int	dl_time_parse(const char *text, int64_t now, int64_t *out);

/*
 * Parse a duration or TTL: a plain number of seconds ("300") or one or
 * more number-unit pairs, units s, m, h, d, w in either case ("5m", "1d",
 * "1w2d3h", BIND's syntax; a unit may come again, "1h1h" is 2h, as in
 * zone files, which libzscanner reads the same way: zoneread.c).  Returns 0
 * and sets *out, or -1 when text is not a duration or the value exceeds
 * max.
 */
int	dl_duration_parse(const char *text, int64_t max, int64_t *out);

/* "2026-12-01T10:00:00Z".  Returns out. */
char	*dl_time_format(int64_t t, char out[DL_TIME_LEN]);

/*
 * The text format's shorter form: "2026-12-01 10:00Z", or
 * "2026-12-01 10:00:05Z" when the seconds are not zero.  Returns out.
 */
char	*dl_time_format_short(int64_t t, char out[DL_TIME_LEN]);

/*
 * A span of seconds for people, the two largest units: "1d 22h", "2h",
 * "10m", "45s", "0s".  Negative spans are printed by magnitude.
 * Returns out.
 */
char	*dl_span_format(int64_t secs, char out[DL_SPAN_LEN]);

/*
 * An instant relative to now: "in 8d 22h", "2h ago", "now".  Returns out.
 */
char	*dl_rel_format(int64_t t, int64_t now, char out[DL_SPAN_LEN]);

#endif
