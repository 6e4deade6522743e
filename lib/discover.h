/*
 * discover.h - finding a zone's nameservers and their addresses through
 * a recursive resolver, with one batch of the query engine (dnsq.h).
 *
 * Nothing here prints or exits.  Errors are the negative codes of
 * error.h with a struct dl_error.
 */
#ifndef DL_DISCOVER_H
#define DL_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dnsq.h"
#include "error.h"

/* A zone's nameservers as a recursive resolver sees them. */
struct dl_dnsq_discovery {
	/* the zone's NS records as the resolver gave them: its TTLs are a
	 * cache's, not the zone's */
	ldns_rr_list		*ns;
	/* one per address (A, then AAAA) of each NS name, label the NS
	 * name, port as asked; an address under two names comes twice */
	struct dl_dnsq_server	*servers;
	size_t			 n_servers;
	/* NS names the resolver gave no address for, absolute */
	char			**unresolved;
	size_t			 n_unresolved;
};

/*
 * Ask resolver (RD=1, with opts' timeout and retries; opts NULL: the
 * defaults) for zone's NS records, then for the A and AAAA records of
 * every NS name, all at once.  Servers found get port (53 normally; the
 * tests' servers listen elsewhere).  Returns 0 and sets *out (free with
 * dl_dnsq_discovery_free), or DL_EINPUT (zone is not a name), DL_ENOMEM,
 * DL_EUNAVAIL when the resolver gave no NS records: it did not answer,
 * the zone does not exist, or the name is not a zone.
 */
int	dl_dnsq_discover(const struct dl_dnsq_server *resolver,
	    const char *zone, uint16_t port, const struct dl_dnsq_options *opts,
	    struct dl_dnsq_discovery **out, struct dl_error *err);

void	dl_dnsq_discovery_free(struct dl_dnsq_discovery *d);

#endif
