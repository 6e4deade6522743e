/*
 * ns-consistency: all authoritative servers return the same SOA serial
 * and the same data and TTLs for every RRset the plan touches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "live.h"
#include "model.h"
#include "provider.h"
#include "rule.h"
#include "text.h"

/* "192.0.2.10, 192.0.2.11 TTL 300", "no records" (NODATA/NXDOMAIN). */
static void
said(const struct dl_dnsq_result *r, int soa, char *buf, size_t n)
{
	char *text;

	if (r->answer == NULL || ldns_rr_list_rr_count(r->answer) == 0) {
		snprintf(buf, n, "%s", r->outcome == DL_DNSQ_NXDOMAIN ?
		    "no such name" : "no records");
		return;
	}
	if (soa) {
		uint32_t serial;

		if (dl_soa_serial(ldns_rr_list_rr(r->answer, 0), &serial) == 0)
			snprintf(buf, n, "serial %u", serial);
		else
			snprintf(buf, n, "no SOA record");
		return;
	}
	text = dl_rdata_text(r->answer);
	snprintf(buf, n, "%s TTL %u", text ? text : "?",
	    dl_rrset_ttl(r->answer));
	free(text);
}

/* Do two authoritative answers agree (for the SOA: on the serial)? */
static int
same(const struct dl_dnsq_result *a, const struct dl_dnsq_result *b, int soa)
{
	/* No records: the name exists (NODATA) or not (NXDOMAIN). */
	if (a->answer == NULL || b->answer == NULL ||
	    ldns_rr_list_rr_count(a->answer) == 0 ||
	    ldns_rr_list_rr_count(b->answer) == 0)
		return a->outcome == b->outcome &&
		    (a->answer == NULL ||
		    ldns_rr_list_rr_count(a->answer) == 0) &&
		    (b->answer == NULL ||
		    ldns_rr_list_rr_count(b->answer) == 0);
	if (soa) {
		uint32_t x, y;

		/* An answer that is not an SOA (a CNAME) agrees with none. */
		return dl_soa_serial(ldns_rr_list_rr(a->answer, 0), &x) ==
		    0 && dl_soa_serial(ldns_rr_list_rr(b->answer, 0), &y) ==
		    0 && x == y;
	}
	if (!dl_rrset_rdata_equal(a->answer, b->answer))
		return 0;
	/* The smallest and the largest TTL: resolvers cache each. */
	return dl_rrset_ttl(a->answer) == dl_rrset_ttl(b->answer) &&
	    dl_rrset_ttl_max(a->answer) == dl_rrset_ttl_max(b->answer);
}

/*
 * The provider of current server s into out (size n): by the NS name it
 * was found under, else by an NS name with its address.  Returns 0, or
 * -1 when it is not known (a server named with -s at no NS address).
 */
static int
server_provider(const struct dl_ctx *ctx, size_t s, char *out, size_t n)
{
	const struct dl_dnsq_server *srv = dl_ctx_server(ctx, s);
	const struct dl_live_ns_addr *ns;
	size_t i, n_ns;

	if (srv->label[0] != '\0') {
		dl_provider_identify(ctx->config, srv->label, out, n);
		return 0;
	}
	ns = dl_ctx_nameservers(ctx, &n_ns);
	for (i = 0; i < n_ns; i++)
		if (strcmp(ns[i].addr, srv->text) == 0) {
			dl_provider_identify(ctx->config, ns[i].ns, out, n);
			return 0;
		}
	return -1;
}

/*
 * Do the servers' serials differ only between providers, each provider's
 * servers agreeing?  Providers number their serials independently (Route
 * 53 serves 1): across them the data is compared, RRset by RRset; within
 * one, servers fed by transfers must agree.  Any server whose provider is
 * not known makes it no.
 */
static int
serials_differ_by_provider(const struct dl_ctx *ctx, int q)
{
	size_t s, t, n = dl_ctx_servers(ctx);
	char a[128], b[128];

	for (s = 0; s < n; s++) {
		const struct dl_dnsq_result *x = dl_ctx_reply(ctx, s, q);

		if (!dl_live_usable(x))
			continue;
		if (server_provider(ctx, s, a, sizeof(a)) != 0)
			return 0;
		for (t = 0; t < s; t++) {
			const struct dl_dnsq_result *y = dl_ctx_reply(ctx, t,
			    q);

			if (!dl_live_usable(y) || same(x, y, 1))
				continue;
			if (server_provider(ctx, t, b, sizeof(b)) != 0 ||
			    strcmp(a, b) == 0)
				return 0;
		}
	}
	return 1;
}

/* Compare question q over every current server and report it. */
static void
compare(const struct dl_ctx *ctx, struct dl_sink *sink, int q,
    const char *subject, struct dl_pos pos)
{
	const struct dl_dnsq_result *first = NULL, *r;
	size_t s, n = dl_ctx_servers(ctx), agree = 0;
	int soa = dl_ctx_question_type(ctx, q) == LDNS_RR_TYPE_SOA;
	int differ = 0;
	const char *unasked = dl_ctx_unasked(ctx);
	char msg[1024], one[300];
	size_t len = 0;

	msg[0] = '\0';
	for (s = 0; s < n; s++) {
		r = dl_ctx_reply(ctx, s, q);
		if (dl_live_usable(r) && first == NULL)
			first = r;
		if (dl_live_usable(r) && !same(first, r, soa))
			differ = 1;
	}
	for (s = 0; s < n; s++) {
		const char *srv = dl_ctx_server(ctx, s)->text;

		r = dl_ctx_reply(ctx, s, q);
		if (dl_live_usable(r)) {
			agree++;
			said(r, soa, one, sizeof(one));
		} else
			snprintf(one, sizeof(one), "%s",
			    dl_dnsq_outcome_name(r->outcome));
		dl_catf(msg, sizeof(msg), &len, "%s%s: %s", len ? "; " : "",
		    srv, one);
	}
	if (n == 1 && agree == 1)
		dl_sink_finding(sink, DL_SKIP, subject, pos, DL_NO_TIME,
		    "name every server with -s, or let dnslint find them",
		    "only one server was asked: nothing to compare");
	else if (differ && soa && agree == n &&
	    serials_differ_by_provider(ctx, q))
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME, NULL,
		    "serials differ only between providers, which number them "
		    "independently (%s); the data is compared RRset by RRset",
		    msg);
	else if (differ)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "the servers serve different zones: sync them before the "
		    "change", "servers disagree: %s", msg);
	else if (agree < n)
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "not every server answered with authority: %s", msg);
	else if (unasked != NULL)
		/* A server nobody could find an address for was not asked. */
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "%s was not asked (no address found): %s",
		    unasked, msg);
	else if (soa) {
		said(first, 1, one, sizeof(one));
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME, NULL,
		    "%s at every server", one);
	} else
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME, NULL,
		    "every server serves the same data and TTLs");
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	struct dl_pos none = { 0, 0, NULL };
	char subject[300];
	size_t i;
	int q;

	(void)set;
	if (ctx->net == NULL) {
		dl_sink_finding(sink, DL_SKIP, p->zone, none, DL_NO_TIME,
		    dl_ctx_plan_only(ctx) ? DL_PLAN_ONLY_HINT :
		    "run without --zone-file to ask the servers",
		    "needs the authoritative servers, not a zone file");
		return;
	}
	snprintf(subject, sizeof(subject), "%s SOA", p->zone);
	if ((q = dl_ctx_question(ctx, p->zone, LDNS_RR_TYPE_SOA)) >= 0)
		compare(ctx, sink, q, subject, none);
	for (i = 0; i < m->n_rrsets; i++) {
		const struct dl_change *c = m->rrsets[i].change;

		if ((q = dl_ctx_question(ctx, c->owner, c->type)) >= 0)
			compare(ctx, sink, q, m->rrsets[i].subject, c->pos);
	}
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_SOA },
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_NAMESERVERS, 0 },
};

const struct dl_rule dl_rule_ns_consistency = {
	.id = "ns-consistency",
	.severity = DL_SEV_ERROR,
	.summary = "all authoritative servers agree on the SOA serial and on "
	    "every RRset the plan touches",
	.explain =
	"Resolvers pick any of a zone's servers.  When the servers disagree\n"
	"(a secondary that stopped transferring, a second provider fed by\n"
	"another pipeline), users see different answers, and a TTL lowered\n"
	"on one server is not lowered for the resolvers that ask another.\n"
	"This rule asks every authoritative server, recursion off, for the\n"
	"SOA and for every RRset the plan changes, and fails when two\n"
	"servers that answered with authority differ in the serial, in the\n"
	"data, or in any TTL; the message names each server and what it\n"
	"said.  A server that did not answer makes the RRset unknown.  It\n"
	"needs the servers: with --zone-file it is skipped.\n"
	"\n"
	"Serials are compared within each provider only (the provider of\n"
	"the NS name a server was found under, as ns-multi-provider\n"
	"identifies it): providers number their serials independently\n"
	"(Route 53 serves 1), so two providers that serve the same data\n"
	"with different serials pass, the data being compared RRset by\n"
	"RRset.  Servers of one provider fed by transfers must agree; a\n"
	"server whose provider is not known (named with -s at an address\n"
	"of no NS name) counts as one more server that must agree.\n"
	"\n"
	"Fix: find out why the servers differ (transfers, NOTIFY, a second\n"
	"provider's import) and bring them in line before the change.\n"
	"\n"
	"References: RFC 1996, RFC 2182 section 3.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good = "# every server: www A 192.0.2.10 TTL 300, serial 2026112201\n",
	.bad = "# one server: www A 192.0.2.10 TTL 86400, serial 2026112101\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.flags = DL_RULE_VERIFIES_ZONE,
	.check = check,
};
