/*
 * axfr.h - zone transfers (AXFR over TCP, RFC 5936) from one server,
 * optionally signed with a TSIG key, every message checked.
 *
 * Nothing here prints or exits.  Errors are the negative codes of
 * error.h with a struct dl_error.
 */
#ifndef DL_AXFR_H
#define DL_AXFR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dnsq.h"
#include "error.h"
#include "tsigkey.h"

/* What a zone transfer brought, for reports and statistics. */
struct dl_dnsq_axfr_info {
	uint32_t	serial;		/* of the zone's SOA */
	unsigned	messages;	/* DNS messages received */
	size_t		bytes;		/* their size */
	size_t		records;	/* in the returned list */
	bool		tsig;		/* signed, every signature verified */
	double		wall;		/* seconds */
};

/*
 * Transfer zone (a domain name as text, trailing dot optional) from srv
 * over TCP, signed with key when key is not NULL.  timeout_ms (0: 3000)
 * bounds the connection and every wait for more data; limit_ms (0:
 * 600000) bounds the whole transfer, so one that never ends ends there
 * (also when the server sends without a pause), and a transfer of more
 * than 5,000,000 records is refused as well.
 *
 * Checked: every message's id, flags, rcode and question; the first
 * record is the zone's SOA and the transfer ends with the same SOA; every
 * record is in the zone and of class IN; with a key, the first and last
 * messages are signed, at most 99 unsigned ones run in a row, and every
 * signature verifies with a signing time within its fudge.
 *
 * Returns 0 and sets *out to the zone's records in the order received,
 * the SOA first, the closing SOA left out: free with
 * ldns_rr_list_deep_free.  info may be NULL.  Errors: DL_EINPUT (zone is
 * not a name), DL_ENOMEM, DL_EUNAVAIL for everything the server or the
 * network did, e.g. "zone transfer refused by 127.0.0.1@5353 (NOTAUTH):
 * wrong TSIG key?".  *out is untouched on error.
 */
int	dl_dnsq_axfr(const struct dl_dnsq_server *srv, const char *zone,
	    const struct dl_dnsq_tsig *key, unsigned timeout_ms,
	    unsigned limit_ms, ldns_rr_list **out,
	    struct dl_dnsq_axfr_info *info, struct dl_error *err);

/*
 * The checks of a zone transfer, without the network, for tests and
 * fuzzing: how dl_dnsq_axfr() takes stream (len bytes, any content: what
 * srv sent over TCP, each message after its 2-byte length, then the end
 * of the connection) in reply to its request for zone with id.  With key,
 * the request was signed with key and its MAC was request_mac (mac_len
 * bytes, at most 65535), and signing times are checked against now
 * (seconds since the epoch) instead of the clock.  Returns and sets what
 * dl_dnsq_axfr() does (the same errors, "the connection closed ..." for a
 * stream that ends too soon).
 */
int	dl_dnsq_axfr_check(const struct dl_dnsq_server *srv, const char *zone,
	    const struct dl_dnsq_tsig *key, uint16_t id,
	    const uint8_t *request_mac, size_t mac_len, int64_t now,
	    const uint8_t *stream, size_t len, ldns_rr_list **out,
	    struct dl_dnsq_axfr_info *info, struct dl_error *err);

#endif
