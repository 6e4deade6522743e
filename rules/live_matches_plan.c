/*
 * live-matches-plan: where a change states `from`, the live RDATA is
 * exactly that.
 */
#include <stdlib.h>

#include "engine.h"
#include "model.h"
#include "rule.h"

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_model *m = ctx->model;
	struct dl_pos none = { 0, 0, NULL };
	size_t i, stated = 0;

	(void)set;
	for (i = 0; i < m->n_rrsets; i++) {
		const struct dl_rrset_model *r = &m->rrsets[i];
		const struct dl_change *c = r->change;
		char *want, *have;

		if (c->from == NULL)
			continue;
		stated++;
		if (r->live == NULL) {
			dl_sink_finding(sink, DL_UNKNOWN, r->subject,
			    c->from_pos, DL_NO_TIME, NULL,
			    "the live RRset could not be fetched");
			continue;
		}
		if (dl_rrset_rdata_equal(c->from, r->live)) {
			dl_sink_finding(sink, DL_PASS, r->subject, c->from_pos,
			    DL_NO_TIME, NULL, "live data is as the plan states");
			continue;
		}
		want = dl_rdata_text(c->from);
		have = dl_rdata_text(r->live);
		dl_sink_finding(sink, DL_FAIL, r->subject, c->from_pos,
		    DL_NO_TIME, "update the plan to the zone as it is served, "
		    "then review the change again",
		    "live data is '%s', the plan expects '%s'",
		    have ? have : "?", want ? want : "?");
		free(want);
		free(have);
	}
	if (stated == 0)
		dl_sink_finding(sink, DL_SKIP, ctx->plan->zone, none,
		    DL_NO_TIME, NULL, "no change states 'from'");
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_CHANGED, 0 },
};

const struct dl_rule dl_rule_live_matches_plan = {
	.id = "live-matches-plan",
	.severity = DL_SEV_ERROR,
	.summary = "where a change states 'from', the live data is exactly "
	    "that",
	.explain =
	"A plan is written against the zone as someone saw it, maybe weeks\n"
	"ago.  If the zone changed since, the plan may undo someone else's\n"
	"change or switch off an address that is still in use.  A change\n"
	"may state the RDATA it expects to find (from: [192.0.2.10]); this\n"
	"rule compares it with the live RRset as a set (order and case do\n"
	"not matter, TTLs are not compared) and fails on any difference.\n"
	"Changes without 'from' are not checked; when none states it, the\n"
	"rule is skipped.  In a Terraform plan, 'from' is what Terraform\n"
	"read (change.before): with a zone file or the servers, the rule\n"
	"finds drift between Terraform's state and what is served.\n"
	"\n"
	"Fix: look at what changed in the live zone, update the plan, and\n"
	"review the change again.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"  - { name: www, type: A, from: [192.0.2.10], "
	"to: [198.51.100.10] }   # live: 192.0.2.10\n",
	.bad =
	"  - { name: www, type: A, from: [192.0.2.10], "
	"to: [198.51.100.10] }   # live: 192.0.2.99\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.check = check,
};
