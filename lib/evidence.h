/*
 * evidence.h - since when a low TTL has been low when no plan says so:
 * what the live zone's SOA serial tells of its last change, and how long
 * caches may have held the RRset before it was low.
 *
 * A low TTL (at most ttl-lowered's max_ttl) that no plan, git history or
 * observation dates may have been lowered a minute ago.  A serial written
 * as a date (YYYYMMDDnn, RFC 1912 section 2.2) or as a Unix time says
 * when the zone last changed at the latest, so when any lowering in it
 * was published at the latest: from then on, resolvers fetch the low TTL
 * once what they held before has expired, within the prior bound.
 */
#ifndef DL_EVIDENCE_H
#define DL_EVIDENCE_H

#include <stdint.h>

struct dl_zone;

enum dl_serial_kind {
	DL_SERIAL_NONE = 0,	/* neither a date nor a time: no evidence */
	DL_SERIAL_DATE,		/* YYYYMMDDnn */
	DL_SERIAL_UNIX		/* seconds since 1970-01-01T00:00:00Z */
};

/* Unix-time serials are taken from 2000-01-01T00:00:00Z on. */
#define DL_SERIAL_UNIX_MIN	INT64_C(946684800)
/* Date serials are taken from the year 1990 on. */
#define DL_SERIAL_YEAR_MIN	1990

/*
 * The prior bound: the longest a resolver may have cached the RRset
 * before its TTL was lowered, when no plan states the TTL before (P).
 * The largest TTL in the live zone data, kept between a day
 * and a week (BIND's max-cache-ttl, the most any common resolver caches).
 * A day: what Unbound (cache-max-ttl) and PowerDNS Recursor
 * (max-cache-ttl) cache at most by default.
 */
#define DL_PRIOR_BOUND_MIN	86400
#define DL_PRIOR_BOUND_MAX	604800

/*
 * What SOA serial says, at now, of when the zone last changed:
 *   DL_SERIAL_DATE  YYYYMMDDnn with a valid date of year
 *       DL_SERIAL_YEAR_MIN or later that has begun by now: *by is the end
 *       of that day (the next midnight UTC), or now when that is earlier;
 *   DL_SERIAL_UNIX  from DL_SERIAL_UNIX_MIN to now: *by is serial;
 *   DL_SERIAL_NONE  anything else (a counter, a date in the future):
 *       *by is left alone.
 * A date-shaped serial is read as a date first: the two readings do not
 * meet before 2033, when Unix time reaches 1990000000.
 */
enum dl_serial_kind dl_serial_evidence(uint32_t serial, int64_t now,
	    int64_t *by);

/*
 * The prior bound for live (NULL: nothing known): the largest TTL of the
 * records it holds (a zone file, or what the servers were asked), at
 * least DL_PRIOR_BOUND_MIN and at most DL_PRIOR_BOUND_MAX.
 */
uint32_t dl_prior_bound(const struct dl_zone *live);

#endif
