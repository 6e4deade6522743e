/*
 * ns-serves-zone: every nameserver the zone has after the change answers
 * authoritatively for it, with the SOA serial of the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "live.h"
#include "model.h"
#include "provider.h"
#include "rule.h"

/* The NS change's place in the plan, if the plan changes the NS set. */
static struct dl_pos
ns_pos(const struct dl_plan *p)
{
	struct dl_pos none = { 0, 0, NULL };
	size_t i;

	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(p->changes[i].owner, p->zone) == 0)
			return p->changes[i].pos;
	return none;
}

/* The serial of an authoritative SOA answer: 0, or -1 when there is none. */
static int
answer_serial(const struct dl_dnsq_result *r, uint32_t *serial)
{
	if (r == NULL || r->outcome != DL_DNSQ_ANSWER || r->answer == NULL ||
	    ldns_rr_list_rr_count(r->answer) == 0)
		return -1;
	return dl_soa_serial(ldns_rr_list_rr(r->answer, 0), serial);
}

/* Why an address does not serve the zone, or NULL when it does. */
static const char *
problem(const struct dl_dnsq_result *r, enum dl_status *status)
{
	uint32_t serial;

	*status = DL_FAIL;
	if (r == NULL) {
		*status = DL_UNKNOWN;
		return "was not asked";
	}
	switch (r->outcome) {
	case DL_DNSQ_ANSWER:
		return answer_serial(r, &serial) == 0 ? NULL :
		    "answers without the zone's SOA";
	case DL_DNSQ_NODATA:
	case DL_DNSQ_NXDOMAIN:
		return "answers that the zone has no SOA";
	case DL_DNSQ_NOT_AUTH:
		return "answers without authority (AA clear): it does not "
		    "serve the zone";
	case DL_DNSQ_REFUSED:
		return "refuses queries for the zone: it does not serve it";
	case DL_DNSQ_SERVFAIL:
		return "answers SERVFAIL: the zone is broken there";
	case DL_DNSQ_RCODE:
	case DL_DNSQ_MALFORMED:
		return "sends unusable replies";
	default:
		*status = DL_UNKNOWN;
		return "did not answer";
	}
}

/*
 * The newest serial the nameservers of name's provider serve (RFC 1982):
 * providers number their serials independently (Route 53 serves 1), so
 * a server catches up only with its own provider's.  Returns 1 and sets
 * *serial, or 0 when none of them answered with one.
 */
static int
newest_serial(const struct dl_ctx *ctx, const char *name, uint32_t *serial)
{
	const struct dl_live_ns_addr *ns;
	char mine[128], theirs[128];
	uint32_t one;
	size_t i, n_ns;
	int have = 0;

	dl_provider_identify(ctx->config, name, mine, sizeof(mine));
	ns = dl_ctx_nameservers(ctx, &n_ns);
	for (i = 0; i < n_ns; i++) {
		if (answer_serial(ns[i].soa, &one) != 0)
			continue;
		dl_provider_identify(ctx->config, ns[i].ns, theirs,
		    sizeof(theirs));
		if (strcmp(mine, theirs) == 0 && (!have ||
		    dl_serial_gt(one, *serial))) {
			*serial = one;
			have = 1;
		}
	}
	return have;
}

/*
 * Was every nameserver of the NS set after the change asked?  The servers
 * are asked before a desired zone's changes are known (--desired with
 * --axfr): a name the change adds was then never asked, and is unknown.
 */
static void
not_asked(const struct dl_ctx *ctx, struct dl_sink *sink, struct dl_pos pos)
{
	const struct dl_live_ns_addr *ns;
	char *const *unresolved;
	struct dl_apex_ns after;
	size_t i, j, n_ns, n_unresolved;
	char *name;
	int asked;

	if (dl_model_apex_ns(ctx->plan, ctx->live, &after) != 0)
		return;		/* unknown NS set: ns_known said so above */
	ns = dl_ctx_nameservers(ctx, &n_ns);
	unresolved = dl_ctx_ns_unresolved(ctx, &n_unresolved);
	for (i = 0; i < ldns_rr_list_rr_count(after.rrs); i++) {
		if ((name = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(after.rrs,
		    i), 0))) == NULL)
			break;
		asked = 0;
		for (j = 0; j < n_ns && !asked; j++)
			asked = strcmp(ns[j].ns, name) == 0;
		for (j = 0; j < n_unresolved && !asked; j++)
			asked = strcmp(unresolved[j], name) == 0;
		if (!asked)
			dl_sink_finding(sink, DL_UNKNOWN, name, pos,
			    DL_NO_TIME, NULL, "was not asked");
		free(name);
	}
	ldns_rr_list_free(after.rrs);
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_live_ns_addr *ns;
	char *const *unresolved;
	struct dl_pos pos = ns_pos(ctx->plan);
	uint32_t serial = 0, one;
	size_t i, j, n_ns, n_unresolved;

	(void)set;
	if (ctx->net == NULL) {
		dl_sink_finding(sink, DL_SKIP, ctx->plan->zone, pos,
		    DL_NO_TIME, dl_ctx_plan_only(ctx) ? DL_PLAN_ONLY_HINT :
		    "run without --zone-file to ask the servers",
		    "needs the nameservers themselves, not a zone file");
		return;
	}
	if (!dl_ctx_ns_known(ctx)) {
		dl_sink_finding(sink, DL_UNKNOWN, ctx->plan->zone, pos,
		    DL_NO_TIME, NULL, "the live NS RRset could not be fetched");
		return;
	}
	ns = dl_ctx_nameservers(ctx, &n_ns);
	unresolved = dl_ctx_ns_unresolved(ctx, &n_unresolved);
	for (i = 0; i < n_unresolved; i++)
		dl_sink_finding(sink, DL_UNKNOWN, unresolved[i], pos,
		    DL_NO_TIME, NULL, "no address found for the nameserver");
	for (i = 0; i < n_ns; i++) {
		const char *name = ns[i].ns;
		enum dl_status st, worst = DL_PASS;
		char what[512];
		size_t len = 0;

		/* One finding per name, over all its addresses. */
		if (i > 0 && strcmp(ns[i - 1].ns, name) == 0)
			continue;
		/* The newest serial of its provider: it must catch up. */
		serial = 0;
		(void)newest_serial(ctx, name, &serial);
		what[0] = '\0';
		for (j = i; j < n_ns && strcmp(ns[j].ns, name) == 0;
		    j++) {
			const struct dl_dnsq_result *r = ns[j].soa;
			const char *why = problem(r, &st);
			char buf[256];

			/* No problem: an SOA answer, so one is set. */
			if (why == NULL && answer_serial(r, &one) == 0 &&
			    one == serial)
				continue;
			if (why == NULL) {
				snprintf(buf, sizeof(buf), "%s serves serial "
				    "%u, others %u", ns[j].addr, one,
				    serial);
				st = DL_FAIL;
			} else
				snprintf(buf, sizeof(buf), "%s %s",
				    ns[j].addr, why);
			if (st == DL_FAIL || worst == DL_PASS)
				worst = st;
			len += snprintf(what + len, len < sizeof(what) ?
			    sizeof(what) - len : 0, "%s%s", len ? "; " : "",
			    buf);
		}
		/* Only what answered was asked: not every address of it. */
		if (ns[i].partial && worst == DL_PASS) {
			worst = DL_UNKNOWN;
			snprintf(what, sizeof(what), "not every address of it "
			    "could be looked up; those that were answer with "
			    "authority, serial %u", serial);
		}
		if (worst == DL_PASS)
			dl_sink_finding(sink, DL_PASS, name, pos, DL_NO_TIME,
			    NULL, "answers with authority, serial %u", serial);
		else
			dl_sink_finding(sink, worst, name, pos, DL_NO_TIME,
			    worst == DL_FAIL ? "a nameserver that does not "
			    "serve the zone is no failover: fix it before the "
			    "cutover" : NULL, "%s", what);
	}
	not_asked(ctx, sink, pos);
	if (n_ns == 0 && n_unresolved == 0)
		dl_sink_finding(sink, DL_FAIL, ctx->plan->zone, pos,
		    DL_NO_TIME, NULL, "no nameservers after the change");
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_CHANGED, 0 },
	{ DL_NEED_NAMESERVERS, 0 },
};

const struct dl_rule dl_rule_ns_serves_zone = {
	.id = "ns-serves-zone",
	.severity = DL_SEV_ERROR,
	.summary = "every nameserver after the change answers "
	    "authoritatively for the zone, with its provider's SOA serial",
	.explain =
	"A second provider that is named in the NS set but does not serve\n"
	"the zone is the failover that fails when it is needed; a new\n"
	"provider that is not loaded yet turns a provider migration into an\n"
	"outage for every resolver that picks it.  This rule asks every\n"
	"address of every nameserver the zone has after the change (the\n"
	"plan's new NS set, or the live one) for the zone's SOA, recursion\n"
	"off, and requires an authoritative answer (AA) carrying the same\n"
	"serial as the newest any nameserver of the same provider serves\n"
	"(RFC 1982 comparison; providers number serials independently, as\n"
	"Route 53's 1 shows, so serials are compared within a provider).\n"
	"REFUSED, a non-authoritative answer, SERVFAIL or an older serial\n"
	"fail; a server that does not answer, a name without addresses, or\n"
	"one that was not asked (a nameserver a desired zone adds, with\n"
	"--axfr) is unknown.  It needs the servers: with --zone-file it is\n"
	"skipped.\n"
	"\n"
	"Fix: load the zone at the new provider (and let transfers catch up)\n"
	"before the NS change is published.\n"
	"\n"
	"References: RFC 1034 section 4.2, RFC 2182 section 3, RFC 1982.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"  - { name: \"@\", type: NS,\n"
	"      to: [ns1.old-dns.net., ns1.new-dns.org.] }  # both serve it\n",
	.bad =
	"  - { name: \"@\", type: NS,\n"
	"      to: [ns1.old-dns.net., ns1.new-dns.org.] }  # new: REFUSED\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.flags = DL_RULE_VERIFIES_NS,
	.check = check,
};
