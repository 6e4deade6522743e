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

static const struct dl_threshold thresholds[] = {
	{ "min_providers", DL_TH_COUNT, 2, 1, 16,
	    "how many distinct DNS providers the NS set must span" },
};

#define MAX_PROVIDERS	32

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	size_t min = (size_t)set->value[0];
	char subject[300], names[MAX_PROVIDERS][128], list[1024];
	struct dl_apex_ns ns;
	struct dl_pos pos = { 0, 0, NULL };
	size_t i, j, n, np = 0;
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
	if (ns.change != NULL)
		pos = ns.change->pos;
	n = ldns_rr_list_rr_count(ns.rrs);
	for (i = 0; i < n; i++) {
		char *host, who[128];

		host = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(ns.rrs, i), 0));
		if (host == NULL)
			continue;
		dl_provider_identify(ctx->config, host, who, sizeof(who));
		free(host);
		for (j = 0; j < np; j++)
			if (strcmp(names[j], who) == 0)
				break;
		if (j == np && np < MAX_PROVIDERS)
			snprintf(names[np++], sizeof(names[0]), "%s", who);
	}
	ldns_rr_list_free(ns.rrs);
	list[0] = '\0';
	for (j = 0; j < np; j++) {
		size_t len = strlen(list);

		snprintf(list + len, sizeof(list) - len, "%s%s",
		    j > 0 ? ", " : "", names[j]);
	}
	if (n == 0)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME, NULL,
		    "no NS records after the change");
	else if (n < 2)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers at a second provider",
		    "only 1 nameserver (%s): its outage is your outage", list);
	else if (np < min && np == 1)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers at a second provider",
		    "all %zu nameservers are at one provider (%s): its outage "
		    "is your outage", n, list);
	else if (np < min)
		dl_sink_finding(sink, DL_FAIL, subject, pos, DL_NO_TIME,
		    "add nameservers at another provider",
		    "%zu nameservers at %zu providers (%s), fewer than %zu",
		    n, np, list, min);
	else
		dl_sink_finding(sink, DL_PASS, subject, pos, DL_NO_TIME, NULL,
		    "%zu nameservers at %zu providers (%s)", n, np, list);
}

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
	.check = check,
};
