/*
 * decommission-window: every decommissioned target keeps serving until
 * cutover + factor x the TTL resolvers may hold it for.
 */
#include <stdio.h>
#include <string.h>

#include "dtime.h"
#include "engine.h"
#include "model.h"
#include "rule.h"

static const struct dl_threshold thresholds[] = {
	{ "factor", DL_TH_COUNT, 2, 1, 100,
	    "how many TTLs after the cutover an old target keeps serving" },
};

/*
 * An old server of a delegation inside the zone whose child zone's own
 * NS TTL is not known: unknown, saying how to get it.  1 when reported.
 */
static int
child_unknown(const struct dl_model *m, const struct dl_decommission *d,
    struct dl_sink *sink)
{
	const struct dl_rrset_model *r = dl_model_child_unknown(m, d->target);

	if (r == NULL)
		return 0;
	dl_sink_finding(sink, DL_UNKNOWN, d->target, d->pos, DL_NO_TIME,
	    "ask the child's servers (run without --zone-file, or with -s), "
	    "or state the child's NS TTL as child_ns_ttl: in the change",
	    "resolvers cache the child zone's own NS RRset of %s too: %s",
	    r->change->owner, r->child_why ? r->child_why : "not known");
	return 1;
}

/* Does the child zone's own NS TTL decide how long r is held? */
static int
child_decides(const struct dl_rrset_model *r, uint32_t held)
{
	return r->child && r->child_known &&
	    held == dl_ttl_floor(r->child_ns_ttl) && held > r->held;
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	uint32_t k = (uint32_t)set->value[0];
	size_t i;

	for (i = 0; i < p->n_decommission; i++) {
		const struct dl_decommission *d = &p->decommission[i];
		const struct dl_rrset_model *by = NULL;
		const struct dl_change *c;
		char hint[256], why[160], when[DL_TIME_LEN], rel[DL_SPAN_LEN];
		char span[DL_SPAN_LEN], planned[DL_TIME_LEN], of[300];
		const char *base;
		int64_t earliest;
		uint32_t held = 0;
		int found, by_parent;

		/* Never a time derived from a cutover that did not happen. */
		if ((by = dl_model_target_unpublished(m, d->target)) != NULL) {
			dl_sink_finding(sink, DL_FAIL, d->target, d->pos,
			    DL_NO_TIME, "publish the change, then keep the "
			    "target serving for the time dnslint gives with "
			    "the real cutover (--cutover)", "the cutover at "
			    "%s has not happened: the servers still publish "
			    "the old data of %s, which holds '%s'",
			    dl_time_format_short(m->cutover, planned),
			    by->subject, d->target);
			continue;
		}
		by = NULL;
		found = dl_model_target_held(m, p->zone, d->target, &held, &by);
		if (found < 0 && child_unknown(m, d, sink))
			continue;
		if (found < 0) {
			dl_sink_finding(sink, DL_UNKNOWN, d->target, d->pos,
			    DL_NO_TIME, NULL, "the live data of the changed "
			    "RRsets could not be fetched");
			continue;
		}
		/* Terraform's before said it, the live zone does not. */
		if (found == 0 && d->at == DL_NO_TIME) {
			dl_sink_finding(sink, DL_SKIP, d->target, d->pos,
			    DL_NO_TIME, NULL, "no live RRset the plan changes "
			    "holds it: nothing cached to wait for");
			continue;
		}
		/* An address of a host switched off, or a target of another
		   plan: the host's or the plan's own finding says what
		   moves off it. */
		if (found == 0 && (d->via != NULL || d->plan_file != NULL))
			continue;
		if (found == 0) {
			dl_sink_finding(sink, DL_FAIL, d->target, d->pos,
			    DL_NO_TIME, "check the target, or add the change "
			    "that moves traffic off it",
			    "no RRset the plan changes publishes '%s' today: "
			    "the plan moves nothing off it", d->target);
			continue;
		}
		if ((c = dl_model_published(m, p, d->target)) != NULL) {
			dl_sink_finding(sink, DL_FAIL, d->target, d->pos,
			    DL_NO_TIME, NULL, "'%s' is still in the new data "
			    "of %s: it cannot be switched off", d->target,
			    m->rrsets[c - p->changes].subject);
			continue;
		}
		earliest = m->cutover + (int64_t)k * held;
		base = "cutover";
		snprintf(why, sizeof(why), "TTL of %s", by->subject);
		/*
		 * An old nameserver: cached from the zone since the cutover,
		 * and from the parent since the delegation changed.
		 */
		if (by->change->type == LDNS_RR_TYPE_NS &&
		    strcmp(by->change->owner, p->zone) == 0) {
			earliest = dl_model_ns_expiry(m, by, &by_parent);
			if (by_parent) {
				held = dl_ttl_floor(m->parent_ns_ttl);
				snprintf(why, sizeof(why), "the parent's "
				    "delegation TTL");
				if (m->delegation != m->cutover)
					base = "delegation";
			} else
				held = by->held;
		}
		else if (child_decides(by, held))
			snprintf(why, sizeof(why), "the child zone's own NS "
			    "TTL: %s NS %s", by->change->owner,
			    by->change->has_child_ns_ttl ? "as child_ns_ttl "
			    "states it" : "at its servers");
		else if (by->glue &&
		    held == dl_ttl_floor(m->parent_ns_ttl) && held > by->held)
			snprintf(why, sizeof(why), "the parent's delegation "
			    "TTL: glue of %s", by->change->owner);
		dl_time_format_short(earliest, when);
		snprintf(hint, sizeof(hint), "keep it serving until %s (%s, "
		    "%s + %u x %us)", when,
		    dl_rel_format(earliest, m->now, rel), base, k, held);
		/* A Terraform plan takes it out of the zone, no time said. */
		if (d->at == DL_NO_TIME) {
			dl_sink_step(sink, DL_STEP_DECOMMISSION, d->target,
			    earliest, DL_STEP_PENDING, "%s may be switched off",
			    d->target);
			dl_sink_finding(sink, DL_SKIP, d->target, d->pos,
			    earliest, NULL, "leaves the zone, no switch-off "
			    "time stated: keep it serving until %s (%s + "
			    "%u x %us, %s)", when, base, k, held, why);
			continue;
		}
		if (d->at >= earliest)
			dl_sink_step(sink, DL_STEP_DECOMMISSION, d->target,
			    earliest, DL_STEP_PENDING, "%s may be switched off",
			    d->target);
		else
			dl_sink_step(sink, DL_STEP_DECOMMISSION, d->target,
			    earliest, DL_STEP_BLOCKED, "%s may be switched off "
			    "(the plan says %s: too early)", d->target,
			    dl_time_format_short(d->at, planned));
		dl_decommission_note(d, of, sizeof(of));
		if (d->at >= earliest) {
			dl_sink_finding(sink, DL_PASS, d->target, d->pos,
			    earliest, NULL, "keeps serving until %s + "
			    "%u x %us (%s)%s", base, k, held, why, of);
			continue;
		}
		if (strcmp(base, "delegation") == 0 && d->at >= m->cutover)
			dl_sink_finding(sink, DL_FAIL, d->target, d->pos,
			    earliest, hint, "switched off before delegation + "
			    "%u x %us: resolvers may hold the parent's "
			    "delegation %us", k, held, held);
		else if (d->at >= m->cutover)
			dl_sink_finding(sink, DL_FAIL, d->target, d->pos,
			    earliest, hint, "switched off %s after cutover, "
			    "but resolvers may hold it %us (%s)%s",
			    dl_span_format(d->at - m->cutover, span), held,
			    why, of);
		else
			dl_sink_finding(sink, DL_FAIL, d->target, d->pos,
			    earliest, hint, "switched off %s before cutover, "
			    "while it still serves the zone%s",
			    dl_span_format(m->cutover - d->at, span), of);
	}
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_SOA },
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_CHANGED, 0 },
	{ DL_NEED_DECOMMISSIONED, 0 },
	{ DL_NEED_PARENT, 0 },
};

const struct dl_rule dl_rule_decommission_window = {
	.id = "decommission-window",
	.severity = DL_SEV_ERROR,
	.summary = "every decommissioned address or server keeps serving "
	    "until cutover + factor x TTL",
	.explain =
	"After a cutover, resolvers that fetched the old data just before it\n"
	"keep using it for up to its TTL (E).  An old address or nameserver\n"
	"switched off too early is a dead address for those users.  This\n"
	"rule finds, for each decommission target, the changed RRsets whose\n"
	"live data holds it, takes the largest TTL resolvers may hold at the\n"
	"cutover (E: the live TTL, or the lowered TTL when the lowering had\n"
	"time to spread), and requires the target to keep serving until\n"
	"cutover + factor x E (factor 2 by default: one TTL for caches, one\n"
	"for clients and stub resolvers that cache too).  An old nameserver\n"
	"is cached from the zone since the cutover and from the parent since\n"
	"the delegation changed (the plan's delegation_at, default the\n"
	"cutover): it keeps serving until max(cutover + factor x E,\n"
	"delegation + factor x the parent's NS TTL), the parent's TTL asked\n"
	"from the parent's servers when live, else parent_ns_ttl (172800 by\n"
	"default).  An old server of a delegation inside the zone (a sub NS\n"
	"change) is held for the larger of the parent-side NS TTL and the\n"
	"child zone's own NS TTL, which resolvers cache once they ask the\n"
	"child: asked of the child's servers when live, else the change's\n"
	"child_ns_ttl, else unknown.\n"
	"\n"
	"A Terraform plan has no decommission list: every address it takes\n"
	"out of the zone's RRsets is a target with no time, reported as\n"
	"skip with the time it may be switched off, and that step in the\n"
	"checklist.\n"
	"When the cutover is in the past but the servers still publish the\n"
	"old data that holds the target, the change was not published: the\n"
	"rule fails saying so and gives no time, since none can be derived\n"
	"from a cutover that did not happen.\n"
	"\n"
	"It also fails when the target is still in the new data, and when no\n"
	"RRset the plan changes publishes the target (a typo, or a missing\n"
	"change).  With 86400 never lowered the wait is 48 hours; with 300\n"
	"it is 10 minutes.\n"
	"\n"
	"Fix: move the decommission to the time dnslint gives, or lower the\n"
	"TTL well before the cutover (see ttl-lowered).\n"
	"\n"
	"References: RFC 1034 section 4.3.5; RFC 8767 (serve-stale).",
	.thresholds = thresholds,
	.n_thresholds = sizeof(thresholds) / sizeof(thresholds[0]),
	.good =
	"cutover: 2026-12-01T10:00:00Z   # TTL 300 for long enough\n"
	"decommission:\n"
	"  - { target: 192.0.2.10, at: 2026-12-01T10:10:00Z }\n",
	.bad =
	"cutover: 2026-12-01T10:00:00Z   # TTL 86400\n"
	"decommission:\n"
	"  - { target: 192.0.2.10, at: 2026-12-01T12:00:00Z }\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.model_input = DL_MODEL_FACTOR,
	.model_threshold = 0,
	.flags = DL_RULE_AFTER_CUTOVER,
	.check = check,
};
