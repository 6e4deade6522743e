/*
 * ns-ttl: the apex NS TTL after the change is at most max_ttl.
 */
#include <stdio.h>

#include "dtime.h"
#include "engine.h"
#include "model.h"
#include "rule.h"

static const struct dl_threshold thresholds[] = {
	{ "max_ttl", DL_TH_SECONDS, 3600, 1, DL_TTL_MAX,
	    "the largest NS TTL that still allows a quick provider switch" },
};

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	uint32_t max = (uint32_t)set->value[0];
	char subject[300], span[DL_SPAN_LEN];
	struct dl_apex_ns ns;
	struct dl_pos pos = { 0, 0, NULL };
	int rc;

	snprintf(subject, sizeof(subject), "%s NS", p->zone);
	if ((rc = dl_model_apex_ns(p, ctx->live, &ns)) == -1) {
		dl_sink_ns_unknown(sink, ctx, subject, pos);
		return;
	}
	if (rc == DL_APEX_NS_PROVIDER)
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    DL_APEX_NS_PROVIDER_HINT, DL_APEX_NS_PROVIDER_MSG);
	if (rc != 0)
		return;
	ldns_rr_list_free(ns.rrs);
	if (ns.change != NULL)
		pos = ns.change->has_ttl ? ns.change->ttl_pos : ns.change->pos;
	if (!ns.has_ttl)
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    "state 'ttl' in the NS change",
		    "the NS TTL after the change is not known");
	else if (ns.ttl > max)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "lower the NS TTL well before you need to switch",
		    "TTL %u is above %u: an emergency provider switch would "
		    "take %s", ns.ttl, max, dl_span_format(ns.ttl, span));
	else
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME, NULL,
		    "TTL %u <= %u", ns.ttl, max);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_CHANGED, 0 },
};

const struct dl_rule dl_rule_ns_ttl = {
	.id = "ns-ttl",
	.severity = DL_SEV_ERROR,
	.summary = "the NS TTL after the change is at most 3600",
	.explain =
	"The NS TTL bounds how fast the zone can move away from a provider\n"
	"that is down: with NS TTLs of a day, an emergency switch takes a\n"
	"day for the resolvers that cached the old set.  This rule checks\n"
	"the apex NS TTL as it will be after the change (the plan's ttl for\n"
	"an NS change, else the live TTL) against max_ttl (3600).\n"
	"\n"
	"The parent's delegation TTL (often 172800 for gTLDs) is set by the\n"
	"registry and cannot be lowered by you; it is counted in\n"
	"decommission-window, not here.\n"
	"\n"
	"Fix: publish the NS RRset with a TTL of 3600 or less.\n"
	"\n"
	"References: RFC 1912 section 2.2, RFC 2182.",
	.thresholds = thresholds,
	.n_thresholds = sizeof(thresholds) / sizeof(thresholds[0]),
	.good =
	"  - { name: \"@\", type: NS, ttl: 3600,\n"
	"      to: [ns1.example-dns.net., ns-1.awsdns-01.org.] }\n",
	.bad =
	"  - { name: \"@\", type: NS, ttl: 86400,\n"
	"      to: [ns1.example-dns.net., ns-1.awsdns-01.org.] }\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.check = check,
};
