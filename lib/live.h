/*
 * live.h - the live zone as its authoritative servers serve it.
 *
 * Finds the servers (the zone's NS through a resolver, or the ones named
 * with -s), asks every one of them, all at once and with recursion off,
 * for every RRset the plan's rules need, and builds a partial zone from
 * the answers (or the whole zone from a transfer).  It also asks the
 * nameservers the zone will have after the change for its SOA, and the
 * parent's servers for the delegation's TTL.  What the servers said is
 * kept per server for ns-consistency and ns-serves-zone.
 *
 * Everything fetched is untrusted; nothing that was not answered is ever
 * taken as absent (see dl_zone_rrset_known()).
 */
#ifndef DL_LIVE_H
#define DL_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "discover.h"
#include "dnsq.h"
#include "needs.h"
#include "plan.h"
#include "zone.h"

struct dl_live_options {
	const char	*const *servers;	/* -s ADDR[@PORT]; none: discover */
	size_t		n_servers;
	const char	*resolver;	/* ADDR[@PORT] for discovery; NULL:
					   the first nameserver in
					   /etc/resolv.conf */
	uint16_t	port;		/* port of servers found by discovery */
	unsigned	timeout_ms;	/* per try */
	unsigned	retries;
	int		axfr;		/* load the zone by transfer */
	const char	*tsig_file;	/* key for the transfer, or NULL */
	/* what to ask (needs.h); NULL: what every registered rule reads */
	const struct dl_needs *needs;
};

/* Fill o with the defaults: discovery, port 53, 3 s, 2 retries. */
void	dl_live_options_init(struct dl_live_options *o);

/* One address of a nameserver the zone has after the change. */
struct dl_live_ns_addr {
	const char		*ns;	/* the NS name, absolute, lower case */
	const char		*addr;	/* "192.0.2.1", "127.0.0.1@5300" */
	/* its answer to "zone SOA", owned by the live data */
	const struct dl_dnsq_result *soa;
	int			partial; /* a lookup of the name's addresses
					   got no answer: some may be missing */
};

/*
 * The most RRsets a provider move asks of each new server: a big zone
 * means many queries, and the new provider's servers are not ours to
 * load.  Beyond it the rest is reported unknown, never passed.
 */
#define DL_LIVE_MOVE_MAX	2000

/* A delegation the plan changes, and its child zone's own NS TTL. */
struct dl_live_child {
	char		*owner;		/* the delegation, absolute, lower */
	int		known;		/* a child server answered with AA */
	uint32_t	ns_ttl;		/* the largest TTL of its answers */
	char		*why;		/* !known: why (no servers, no answer) */
};

struct dl_live {
	struct dl_zone	*zone;		/* partial for queries, whole for
					   a transfer */
	const char	*source;	/* "query" or "axfr" */
	char		*source_name;	/* the servers asked */
	/* The zone's current servers and what each said to each question. */
	struct dl_dnsq_batch *batch;
	char		**q_owner;	/* question i: owner, absolute, lower */
	ldns_rr_type	*q_type;
	size_t		n_q;
	/* The nameservers after the change, every address, and their SOA;
	   ns_known is 0 when the NS set itself could not be fetched. */
	int		ns_known;
	struct dl_live_ns_addr *ns;
	size_t		n_ns;
	char		**unresolved;	/* NS names without any address */
	size_t		n_unresolved;
	/* The delegation's NS TTL at the parent, when it could be asked. */
	int		parent_known;
	uint32_t	parent_ns_ttl;
	/* The DS RRset at the parent, when a parent server answered with
	   authority: how many records (0: the delegation is insecure) and
	   their largest TTL. */
	int		parent_ds_known;
	size_t		n_parent_ds;
	uint32_t	parent_ds_ttl;
	/*
	 * Delegations inside the zone that the plan changes (an NS change
	 * below the apex): the child zone's own NS TTL, asked of the
	 * child's current servers (dl_live_child).
	 */
	struct dl_live_child *child;
	size_t		n_child;
	/*
	 * A provider move (the plan's NS change adds nameservers): the
	 * zone's RRsets asked of every address of the new nameservers
	 * that is not a current server.  move_owner/move_type are the
	 * questions (the whole zone after a transfer, at most
	 * DL_LIVE_MOVE_MAX RRsets; else the questions above);
	 * move_total is how many RRsets there were to ask (more than
	 * n_move when capped), move_whole is 1 when they are every RRset
	 * of the zone.  move_batch is NULL when there was nothing to ask.
	 */
	struct dl_dnsq_batch *move_batch;
	char		**move_owner;
	ldns_rr_type	*move_type;
	size_t		n_move;
	size_t		move_total;
	int		move_whole;
	/* Private: the second batch and the discovery behind the above. */
	struct dl_dnsq_batch *ns_batch;
	struct dl_dnsq_discovery *disc;
};

/*
 * One line for people about what loading cost: servers, questions, queries
 * sent over UDP and TCP, replies, ignored replies, servers given up, wall
 * time (a provider move's questions to the new servers included).  Written into buf (size n); returns buf.
 */
char	*dl_live_stats(const struct dl_live *l, char *buf, size_t n);

/*
 * Load the live zone for plan.  Returns 0 and sets *out (free with
 * dl_live_free()); DL_EINPUT for bad options (a bad -s address, a bad key
 * file), DL_EUNAVAIL when no server could be found or none answered, or
 * the transfer failed; DL_ENOMEM.  err says what happened; the TSIG
 * secret never appears in it.
 */
int	dl_live_load(const struct dl_plan *plan, const struct dl_live_options *o,
	    struct dl_live **out, struct dl_error *err);

/* The index of the question owner/type, or -1 when it was not asked. */
int	dl_live_question(const struct dl_live *l, const char *owner,
	    ldns_rr_type type);

/*
 * The NS records of a referral for owner (absolute, lower case): those
 * owned by it in the authority section of a NOERROR reply without AA,
 * as a parent's servers answer at a zone cut.  A new list of borrowed
 * records (free with ldns_rr_list_free()), or NULL when r is none.
 */
ldns_rr_list *dl_live_referral_ns(const struct dl_dnsq_result *r,
	    const char *owner);

/* The child of the delegation owner, or NULL when it was not asked. */
const struct dl_live_child *dl_live_child_get(const struct dl_live *l,
	    const char *owner);

/* Did result r come from the zone's authority: an answer, NODATA or
 * NXDOMAIN with AA? */
int	dl_live_usable(const struct dl_dnsq_result *r);

void	dl_live_free(struct dl_live *l);

#endif
