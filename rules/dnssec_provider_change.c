/*
 * dnssec-provider-change: an NS change of a signed zone states how
 * signing moves (dnssec_strategy: multi-signer or unsign-first).
 */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "model.h"
#include "rule.h"

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_change *c;
	struct dl_pos none = { 0, 0, NULL };
	char subject[300];
	ldns_rr_list *keys;
	size_t n;

	(void)set;
	snprintf(subject, sizeof(subject), "%s NS", p->zone);
	if ((c = dl_ctx_ns_change(ctx)) == NULL) {
		dl_sink_finding(sink, DL_SKIP, subject, none, DL_NO_TIME, NULL,
		    "the plan does not change the nameservers");
		return;
	}
	if (ctx->live == NULL ||
	    !dl_zone_rrset_known(ctx->live, p->zone, LDNS_RR_TYPE_DNSKEY)) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, c->pos, DL_NO_TIME,
		    NULL, "the apex DNSKEY RRset could not be fetched: is the "
		    "zone signed?");
		return;
	}
	if ((keys = dl_zone_rrset(ctx->live, p->zone,
	    LDNS_RR_TYPE_DNSKEY)) == NULL) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, c->pos, DL_NO_TIME,
		    NULL, "out of memory");
		return;
	}
	n = ldns_rr_list_rr_count(keys);
	ldns_rr_list_free(keys);
	if (n == 0)
		dl_sink_finding(sink, DL_SKIP, subject, c->pos, DL_NO_TIME,
		    NULL, "the zone is not signed (no DNSKEY at the apex)");
	else if (p->dnssec_strategy == DL_STRATEGY_MULTI_SIGNER)
		dl_sink_finding(sink, DL_PASS, subject, p->dnssec_strategy_pos,
		    DL_NO_TIME, NULL, "the zone is signed; the plan moves it "
		    "as multi-signer (RFC 8901)");
	else if (p->dnssec_strategy == DL_STRATEGY_UNSIGN_FIRST)
		dl_sink_finding(sink, DL_PASS, subject, p->dnssec_strategy_pos,
		    DL_NO_TIME, NULL, "the zone is signed; the plan unsigns it "
		    "first");
	else
		dl_sink_finding(sink, DL_FAIL, subject, c->pos, DL_NO_TIME,
		    "state dnssec_strategy: multi-signer (RFC 8901) or "
		    "unsign-first, and follow it",
		    "the zone is signed (%zu DNSKEY record%s) and the plan "
		    "changes its nameservers without a 'dnssec_strategy'", n,
		    n == 1 ? "" : "s");
}

const struct dl_rule dl_rule_dnssec_provider_change = {
	.id = "dnssec-provider-change",
	.severity = DL_SEV_ERROR,
	.summary = "an NS change of a signed zone states how signing moves",
	.explain =
	"Moving a signed zone to other nameservers moves its signing too.\n"
	"The new provider signs with its own keys; resolvers that validate\n"
	"check its answers against the DS record at the parent, which still\n"
	"names the old keys.  Done without a plan, every validating resolver\n"
	"(a large share of the Internet) answers SERVFAIL for the whole zone\n"
	"until the DS and the keys agree again, which takes the DS TTL at\n"
	"the parent (often a day) after the fix.\n"
	"\n"
	"There are two safe ways.  Multi-signer (RFC 8901): both providers\n"
	"publish each other's keys (DNSKEY, and CDS/CDNSKEY) for the whole\n"
	"time both serve the zone, and the DS at the parent covers both.\n"
	"Unsign first: remove the DS at the parent, wait out its TTL, move\n"
	"the unsigned zone, sign it at the new provider and publish the new\n"
	"DS.  The plan states which one it follows:\n"
	"\n"
	"  dnssec_strategy: multi-signer     # or unsign-first\n"
	"\n"
	"This rule fails when the plan changes the apex NS set (its names,\n"
	"not only its TTL) of a zone that has a DNSKEY RRset at the apex\n"
	"(asked from the servers, or read from the zone file) and states no\n"
	"strategy.  It is skipped when the plan does not change the\n"
	"nameservers or the zone has no DNSKEY, and unknown when the DNSKEY\n"
	"RRset could not be fetched.  The DS at the parent is not fetched:\n"
	"a zone with a DS but no DNSKEY (already broken, or unsigned without\n"
	"removing the DS) is not seen.  dnslint checks that a strategy is\n"
	"stated, not that it is carried out.\n"
	"\n"
	"Fix: choose a strategy with both providers, carry it out, and state\n"
	"it in the plan.\n"
	"\n"
	"References: RFC 8901; RFC 6781 section 4.3.5; RFC 7344.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"dnssec_strategy: multi-signer\n"
	"changes:\n"
	"  - { name: \"@\", type: NS,\n"
	"      to: [ns1.old-dns.net., ns1.new-dns.org.] }\n",
	.bad =
	"changes:   # the zone has DNSKEY records\n"
	"  - { name: \"@\", type: NS,\n"
	"      to: [ns1.old-dns.net., ns1.new-dns.org.] }\n",
	.check = check,
};
