/*
 * ns-address-diversity: the nameservers' addresses after the change are
 * not all in one IPv4 /24 and one IPv6 /48.
 *
 * Addresses come from the servers when they were asked (every address of
 * every nameserver after the change), else from the zone after the change
 * (the A and AAAA records of in-zone nameserver names).  A nameserver
 * whose addresses are not known cannot be in another network as far as
 * anyone knows: the rule then passes only when the known addresses
 * already span two networks.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "live.h"
#include "model.h"
#include "rule.h"
#include "text.h"

#define MAX_ADDRS	256

struct addr {
	int		v6;
	unsigned char	b[16];
};

struct addrs {
	struct addr	a[MAX_ADDRS];
	size_t		n;
	char		missing[512];	/* names without known addresses */
	size_t		n_missing;
};

/* Add an address in presentation form ("192.0.2.1", "::1@5300"). */
static void
add_text(struct addrs *s, const char *text)
{
	char host[INET6_ADDRSTRLEN + 1];
	struct addr x;
	size_t len, i;

	len = strcspn(text, "@%");
	if (len >= sizeof(host))
		return;
	memcpy(host, text, len);
	host[len] = '\0';
	memset(&x, 0, sizeof(x));
	if (inet_pton(AF_INET, host, x.b) == 1)
		x.v6 = 0;
	else if (inet_pton(AF_INET6, host, x.b) == 1)
		x.v6 = 1;
	else
		return;
	for (i = 0; i < s->n; i++)
		if (s->a[i].v6 == x.v6 && memcmp(s->a[i].b, x.b, 16) == 0)
			return;
	if (s->n < MAX_ADDRS)
		s->a[s->n++] = x;
}

static void
add_missing(struct addrs *s, const char *name)
{
	size_t len = strlen(s->missing);

	dl_catf(s->missing, sizeof(s->missing), &len, "%s%s",
	    s->n_missing > 0 ? ", " : "", name);
	s->n_missing++;
}

/* Do all IPv4 addresses share a /24 and all IPv6 ones a /48? */
static int
one_network(const struct addrs *s)
{
	const struct addr *v4 = NULL, *v6 = NULL;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct addr *x = &s->a[i];
		const struct addr **first = x->v6 ? &v6 : &v4;

		if (*first == NULL)
			*first = x;
		else if (memcmp((*first)->b, x->b, x->v6 ? 6 : 3) != 0)
			return 0;
	}
	return 1;
}

/* "192.0.2.0/24, 2001:db8:1::/48": the networks, each once, joined by
   sep. */
static void
networks(const struct addrs *s, const char *sep, char *buf, size_t n,
    size_t *count)
{
	size_t i, j, len = 0;

	buf[0] = '\0';
	*count = 0;
	for (i = 0; i < s->n; i++) {
		const struct addr *x = &s->a[i];
		unsigned char net[16];
		char text[INET6_ADDRSTRLEN];
		size_t plen = x->v6 ? 6 : 3;

		for (j = 0; j < i; j++)
			if (s->a[j].v6 == x->v6 &&
			    memcmp(s->a[j].b, x->b, plen) == 0)
				break;
		if (j < i)
			continue;
		memset(net, 0, sizeof(net));
		memcpy(net, x->b, plen);
		inet_ntop(x->v6 ? AF_INET6 : AF_INET, net, text, sizeof(text));
		(*count)++;
		dl_catf(buf, n, &len, "%s%s/%s", len > 0 ? sep : "", text,
		    x->v6 ? "48" : "24");
	}
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_live *l = ctx->net;
	struct dl_pos pos = { 0, 0, NULL };
	char subject[300], nets[512], one[INET6_ADDRSTRLEN];
	struct dl_ns_hosts hs;
	struct addrs *s;
	size_t i, j, n_nets;
	int rc;

	(void)set;
	snprintf(subject, sizeof(subject), "%s NS", p->zone);
	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(p->changes[i].owner, p->zone) == 0)
			pos = p->changes[i].pos;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "out of memory");
		return;
	}
	if ((rc = dl_ns_hosts_get(p, ctx->live, l, &hs)) == 0) {
		for (i = 0; i < hs.n; i++) {
			for (j = 0; j < hs.h[i].n_addrs; j++)
				add_text(s, hs.h[i].addrs[j]);
			if (!hs.h[i].complete)
				add_missing(s, hs.h[i].name);
		}
		dl_ns_hosts_free(&hs);
	}
	if (rc == DL_APEX_NS_PROVIDER)
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    DL_APEX_NS_PROVIDER_HINT, DL_APEX_NS_PROVIDER_MSG);
	else if (rc == -1)
		dl_sink_ns_unknown(sink, ctx, subject, pos);
	else if (rc != 0)
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "out of memory");
	else if (s->n > 0 && !one_network(s)) {
		networks(s, ", ", nets, sizeof(nets), &n_nets);
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME, NULL,
		    "%zu addresses in %zu networks (%s)", s->n, n_nets, nets);
	} else if (s->n_missing > 0 && l == NULL && ctx->live != NULL)
		dl_sink_finding(sink, DL_SKIP, subject, pos, DL_NO_TIME,
		    "run without --zone-file to ask for their addresses",
		    "the zone file does not hold the addresses of %s",
		    s->missing);
	else if (s->n_missing > 0)
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "no address known for %s", s->missing);
	else if (s->n == 0)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME, NULL,
		    "no nameserver addresses after the change");
	else if (s->n == 1) {
		inet_ntop(s->a[0].v6 ? AF_INET6 : AF_INET, s->a[0].b, one,
		    sizeof(one));
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers in other networks",
		    "one nameserver address only (%s)", one);
	} else {
		networks(s, " and ", nets, sizeof(nets), &n_nets);
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add a nameserver in another network, ideally at another "
		    "provider", "all %zu nameserver addresses are in %s: one "
		    "routing or network failure takes them all", s->n, nets);
	}
	free(s);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_CHANGED, 0 },
	{ DL_NEED_TARGET_ADDRESSES, LDNS_RR_TYPE_NS },
	{ DL_NEED_NAMESERVERS, 0 },
};

const struct dl_rule dl_rule_ns_address_diversity = {
	.id = "ns-address-diversity",
	.severity = DL_SEV_WARNING,
	.summary = "the nameserver addresses are not all in one IPv4 /24 "
	    "and one IPv6 /48",
	.explain =
	"Nameservers whose addresses all sit in one network share its\n"
	"routing, its upstream links and its DDoS exposure: one route leak,\n"
	"one misconfigured router or one attack on the prefix takes every\n"
	"one of them off the Internet, however many names the NS set has.\n"
	"A /24 is the smallest IPv4 prefix routed across the Internet and a\n"
	"/48 the smallest IPv6 one, so addresses inside one of them are one\n"
	"network to the rest of the world.\n"
	"\n"
	"The rule takes the nameservers after the change (the plan's new\n"
	"apex NS set, else the live one) and their addresses: when the\n"
	"servers were asked, every address each name resolves to; from a\n"
	"zone file, the A and AAAA records of nameservers inside the zone\n"
	"(their glue).  It fails when every IPv4 address is in one /24 and\n"
	"every IPv6 address in one /48 (one address alone fails too), and\n"
	"passes when they span two networks or more.  Names outside the\n"
	"zone have no addresses in a zone file: the rule is then skipped\n"
	"unless the known addresses already span two networks.  When the\n"
	"servers were asked and a name had no address, it is unknown.\n"
	"Anycast hides many sites behind one prefix; the prefix is still one\n"
	"route, so anycast from one provider does not pass by itself.\n"
	"\n"
	"The default severity is warning: a single network is a weakness,\n"
	"not a mistake in the change.\n"
	"\n"
	"Fix: add a nameserver in another network, ideally at another\n"
	"provider (see ns-multi-provider).\n"
	"\n"
	"References: RFC 2182 section 3.1; RFC 1034 section 4.1.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"ns1.example.com.  A  192.0.2.1\n"
	"ns2.example.com.  A  198.51.100.1\n",
	.bad =
	"ns1.example.com.  A  192.0.2.1\n"
	"ns2.example.com.  A  192.0.2.2\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.check = check,
};
