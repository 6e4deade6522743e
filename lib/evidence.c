/*
 * evidence.c - since when a low TTL has been low: SOA serials as dates
 * and the prior bound.
 */
#include <stdio.h>

#include <ldns/ldns.h>

#include "dtime.h"
#include "evidence.h"
#include "zone.h"

enum dl_serial_kind
dl_serial_evidence(uint32_t serial, int64_t now, int64_t *by)
{
	char text[32];
	int64_t day;
	unsigned y = serial / 1000000, m = serial / 10000 % 100,
	    d = serial / 100 % 100;

	/* dl_time_parse() checks the date: month 13, 30 February. */
	if (serial >= 1000000000u && y >= DL_SERIAL_YEAR_MIN) {
		snprintf(text, sizeof(text), "%04u-%02u-%02uT00:00:00Z", y, m,
		    d);
		if (dl_time_parse(text, now, &day) == 0 && day <= now) {
			*by = day + 86400 < now ? day + 86400 : now;
			return DL_SERIAL_DATE;
		}
	}
	if ((int64_t)serial >= DL_SERIAL_UNIX_MIN && (int64_t)serial <= now) {
		*by = serial;
		return DL_SERIAL_UNIX;
	}
	return DL_SERIAL_NONE;
}

uint32_t
dl_prior_bound(const struct dl_zone *live)
{
	struct dl_zone_rec ri;
	uint32_t most = DL_PRIOR_BOUND_MIN;
	size_t i, n = live != NULL ? dl_zone_kept_count(live) : 0;

	/* From the zone's index: no record is built. */
	for (i = 0; i < n; i++) {
		dl_zone_rec_info(live, dl_zone_kept_rec(live, i), &ri);
		if (ri.ttl > most)
			most = ri.ttl;
	}
	return most < DL_PRIOR_BOUND_MAX ? most : DL_PRIOR_BOUND_MAX;
}
