/*
 * ns-multi-provider: the NS set after the change spans at least
 * min_providers providers and at least two names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "model.h"
#include "provider.h"
#include "rule.h"
#include "text.h"

static const struct dl_threshold thresholds[] = {
	{ "min_providers", DL_TH_COUNT, 2, 1, 16,
	    "how many distinct DNS providers the NS set must span" },
};

#define MAX_NS		64

/* Union-find over at most MAX_NS items. */
static size_t
find(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static void
unite(size_t *up, size_t a, size_t b)
{
	up[find(up, a)] = find(up, b);
}

/* The address a and b have in common, or NULL. */
static const char *
shared(const struct dl_ns_host *a, const struct dl_ns_host *b)
{
	size_t i, j;

	for (i = 0; a != NULL && b != NULL && i < a->n_addrs; i++)
		for (j = 0; j < b->n_addrs; j++)
			if (strcmp(a->addrs[i], b->addrs[j]) == 0)
				return a->addrs[i];
	return NULL;
}

/* The host called name in hs, or NULL. */
static const struct dl_ns_host *
host_named(const struct dl_ns_hosts *hs, const char *name)
{
	size_t i;

	for (i = 0; i < hs->n; i++)
		if (strcmp(hs->h[i].name, name) == 0)
			return &hs->h[i];
	return NULL;
}

/*
 * What the NS set after the change is made of: n names, the providers
 * they belong to (prov[i] for name i, by name), the servers (names with
 * an address in common are one server) and the providers once names on
 * one server join their providers.  known_* count the same over the
 * names whose addresses are all known.
 */
struct count {
	size_t	n;
	char	host[MAX_NS][300];
	char	prov[MAX_NS][128];
	const struct dl_ns_host *addr[MAX_NS];	/* NULL: none known */
	size_t	servers, providers, known_servers, known_providers;
	char	list[1024];		/* providers, joined ones with " + " */
	char	unknown[512];		/* names whose addresses are not known */
	char	note[512];		/* "a. and b. share 192.0.2.53" */
};

/* Count servers and providers over the names for which use[i] is set. */
static void
tally(const struct count *c, const int *use, size_t *servers,
    size_t *providers)
{
	size_t srv[MAX_NS], prv[MAX_NS], i, j;

	for (i = 0; i < c->n; i++)
		srv[i] = prv[i] = i;
	for (i = 0; i < c->n; i++)
		for (j = 0; j < c->n; j++) {
			if (!use[i] || !use[j])
				continue;
			if (strcmp(c->prov[i], c->prov[j]) == 0)
				unite(prv, i, j);
			if (i != j && shared(c->addr[i], c->addr[j]) != NULL) {
				unite(srv, i, j);
				unite(prv, i, j);
			}
		}
	*servers = *providers = 0;
	for (i = 0; i < c->n; i++) {
		if (!use[i])
			continue;
		if (find(srv, i) == i)
			(*servers)++;
		if (find(prv, i) == i)
			(*providers)++;
	}
}

static void
append(char *buf, size_t n, const char *sep, const char *s)
{
	size_t len = strlen(buf);

	dl_catf(buf, n, &len, "%s%s", len > 0 ? sep : "", s);
}

/* The provider list: providers joined by a shared address with " + ". */
static void
provider_list(struct count *c)
{
	size_t prv[MAX_NS], i, j, k;
	char group[512];

	for (i = 0; i < c->n; i++)
		prv[i] = i;
	for (i = 0; i < c->n; i++)
		for (j = 0; j < c->n; j++)
			if (strcmp(c->prov[i], c->prov[j]) == 0 ||
			    (i != j && shared(c->addr[i], c->addr[j]) != NULL))
				unite(prv, i, j);
	for (i = 0; i < c->n; i++) {
		if (find(prv, i) != i)
			continue;
		group[0] = '\0';
		/* Each provider of the group once, in NS order. */
		for (j = 0; j < c->n; j++) {
			if (find(prv, j) != i)
				continue;
			for (k = 0; k < j; k++)
				if (find(prv, k) == i &&
				    strcmp(c->prov[k], c->prov[j]) == 0)
					break;
			if (k == j)
				append(group, sizeof(group), " + ",
				    c->prov[j]);
		}
		append(c->list, sizeof(c->list), ", ", group);
	}
}

/*
 * Fill c from the apex NS set after the change.  Returns 0, -1 when the
 * NS set is not known, DL_ENOMEM.
 */
static int
count_ns(const struct dl_ctx *ctx, struct dl_apex_ns *ns,
    struct dl_ns_hosts *hs, struct count *c)
{
	int use[MAX_NS], rc;
	size_t i, j;

	if ((rc = dl_model_apex_ns(ctx->plan, ctx->live, ns)) != 0)
		return rc;
	/* Without addresses every name is a server of its own: stated. */
	if (dl_ns_hosts_get(ctx->plan, ctx->live, ctx->net, hs) != 0)
		memset(hs, 0, sizeof(*hs));
	for (i = 0; i < ldns_rr_list_rr_count(ns->rrs) && c->n < MAX_NS;
	    i++) {
		char *host;
		const struct dl_ns_host *h;

		host = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(ns->rrs, i), 0));
		if (host == NULL)
			return DL_ENOMEM;
		snprintf(c->host[c->n], sizeof(c->host[0]), "%s", host);
		dl_provider_identify(ctx->config, host, c->prov[c->n],
		    sizeof(c->prov[0]));
		h = host_named(hs, host);
		c->addr[c->n] = h != NULL && h->n_addrs > 0 ? h : NULL;
		if (h == NULL || !h->complete)
			append(c->unknown, sizeof(c->unknown), ", ", host);
		free(host);
		c->n++;
	}
	for (i = 0; i < c->n; i++)
		use[i] = 1;
	tally(c, use, &c->servers, &c->providers);
	for (i = 0; i < c->n; i++) {
		const struct dl_ns_host *h = host_named(hs, c->host[i]);

		use[i] = h != NULL && h->complete && h->n_addrs > 0;
	}
	tally(c, use, &c->known_servers, &c->known_providers);
	provider_list(c);
	for (i = 0; i < c->n && c->note[0] == '\0'; i++)
		for (j = i + 1; j < c->n && c->note[0] == '\0'; j++) {
			const char *a = shared(c->addr[i], c->addr[j]);

			if (a != NULL)
				snprintf(c->note, sizeof(c->note), "%s and %s "
				    "share the address %s",
				    c->host[i], c->host[j], a);
		}
	return 0;
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	size_t min = (size_t)set->value[0];
	char subject[300], why[1200];
	struct dl_apex_ns ns;
	struct dl_ns_hosts hs;
	struct dl_pos pos = { 0, 0, NULL };
	struct count *c;
	int rc;

	snprintf(subject, sizeof(subject), "%s NS", p->zone);
	memset(&hs, 0, sizeof(hs));
	memset(&ns, 0, sizeof(ns));
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "out of memory");
		return;
	}
	if ((rc = count_ns(ctx, &ns, &hs, c)) == -1) {
		dl_sink_ns_unknown(sink, ctx, subject, pos);
		goto out;
	}
	if (rc == DL_APEX_NS_PROVIDER) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    DL_APEX_NS_PROVIDER_HINT, DL_APEX_NS_PROVIDER_MSG);
		goto out;
	}
	if (rc != 0) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "out of memory");
		goto out;
	}
	if (ns.change != NULL)
		pos = ns.change->pos;
	why[0] = '\0';
	if (c->note[0] != '\0')
		snprintf(why, sizeof(why), "; %s", c->note);
	if (c->n == 0)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME, NULL,
		    "no NS records after the change");
	else if (c->n < 2)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers at a second provider",
		    "only 1 nameserver (%s): its outage is your outage",
		    c->list);
	else if (c->servers < 2)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers on other addresses at a second provider",
		    "all %zu nameserver names are one server (%s%s): its "
		    "outage is your outage", c->n, c->list, why);
	else if (c->providers < min && c->providers == 1)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers at a second provider",
		    "all %zu nameservers are at one provider (%s%s): its "
		    "outage is your outage", c->n, c->list, why);
	else if (c->providers < min)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers at another provider",
		    "%zu nameservers at %zu providers (%s%s), fewer than %zu",
		    c->n, c->providers, c->list, why, min);
	else if (c->known_providers >= min && c->known_servers >= 2)
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME, NULL,
		    "%zu nameservers at %zu providers (%s%s)", c->n,
		    c->providers, c->list, why);
	else {
		/*
		 * The count rests on names whose addresses are not known:
		 * two of them could be one server.  Passed, saying so, as
		 * ttl-lowered states a TTL assumed low.
		 */
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME,
		    "ask the servers (without --zone-file), or give in-zone "
		    "nameservers their glue", "%zu nameservers at %zu "
		    "providers (%s%s), assumed on separate servers: no "
		    "address known for %s", c->n, c->providers, c->list, why,
		    c->unknown);
	}
out:
	if (ns.rrs != NULL)
		ldns_rr_list_free(ns.rrs);
	dl_ns_hosts_free(&hs);
	free(c);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_CHANGED, 0 },
};

const struct dl_rule dl_rule_ns_multi_provider = {
	.id = "ns-multi-provider",
	.severity = DL_SEV_ERROR,
	.summary = "the NS set after the change spans at least two providers",
	.explain =
	"When every nameserver of a zone is run by one DNS provider, an\n"
	"outage or attack at that provider takes the zone off the Internet\n"
	"(Dyn, October 2016, and many since).  This rule takes the apex NS\n"
	"set as it will be after the change, identifies the provider of each\n"
	"nameserver (a built-in table of DNS hosting providers, so the four\n"
	"awsdns-NN domains of Route 53 count as one provider; then the\n"
	"configured providers; then the registered domain of the name), and\n"
	"fails when fewer than min_providers (2) providers or fewer than two\n"
	"names remain.\n"
	"\n"
	"Two nameserver names on one address are one server: they count as\n"
	"one, and their providers as one provider (the finding names the\n"
	"shared address).  Addresses come from the servers when they were\n"
	"asked, else from the glue of in-zone nameservers in the zone file.\n"
	"When the count rests on names whose addresses are not known, the\n"
	"rule passes and says so: it assumes no two of those names share an\n"
	"address.  A zone file holds no addresses of names outside the\n"
	"zone; run against the servers to check them.\n"
	"\n"
	"Fix: add nameservers at a second provider, and make sure it serves\n"
	"the same zone data before you rely on it.  Nameservers of your own\n"
	"under several registered domains can be described as one provider\n"
	"in the configuration's providers list (the built-in table is\n"
	"matched first and cannot be overridden).\n"
	"\n"
	"References: RFC 2182 section 3, RFC 8901.",
	.thresholds = thresholds,
	.n_thresholds = sizeof(thresholds) / sizeof(thresholds[0]),
	.good =
	"  - name: \"@\"\n"
	"    type: NS\n"
	"    to: [ns-1.awsdns-01.org., ns1.example-dns.net.]\n",
	.bad =
	"  - name: \"@\"\n"
	"    type: NS\n"
	"    to: [ns-1.awsdns-01.org., ns-2.awsdns-02.com.]\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.check = check,
};
