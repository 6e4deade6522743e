/*
 * dnssec-provider-change: an NS change of a signed zone states how
 * signing moves (dnssec_strategy: multi-signer or unsign-first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtime.h"

#include "engine.h"
#include "model.h"
#include "rule.h"

/* The times of a strategy's steps (DL_NO_TIME: not a step of it). */
struct timeline {
	int64_t		ds_remove, unsign, sign, dnskey_add, ds_add;
	int64_t		old_ds_remove, dnskey_remove;
	int64_t		safe;		/* earliest cutover and delegation */
	const char	*first;		/* "the DS removal", ... */
	int64_t		first_at;
	int		stated;		/* first_at is the plan's */
	struct dl_pos	first_pos;
};

static int64_t
later(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/*
 * The strategy's steps, each k x the TTL resolvers may hold after the one
 * before (RFC 6781 section 4.3.5.2, going insecure; RFC 8901 section 8,
 * model 2).  dk and ds are the DNSKEY and DS TTLs, floored; gone is when
 * the old NS set has left every cache (DL_NO_TIME: not known); removes:
 * the change takes nameservers out.
 */
static void
timeline(const struct dl_ctx *ctx, uint32_t dk, uint32_t ds, int64_t gone,
    int removes, struct timeline *t)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	int64_t k = m->factor, after;

	memset(t, 0, sizeof(*t));
	t->ds_remove = t->unsign = t->sign = t->dnskey_add = t->ds_add =
	    t->old_ds_remove = t->dnskey_remove = DL_NO_TIME;
	after = later(m->cutover, m->delegation);
	if (p->dnssec_strategy == DL_STRATEGY_UNSIGN_FIRST) {
		t->first = "the DS removal at the parent";
		t->stated = p->has_ds_remove_at;
		t->first_pos = p->ds_remove_at_pos;
		t->first_at = t->stated ? p->ds_remove_at :
		    later(m->cutover - k * ds, m->now);
		t->ds_remove = t->first_at;
		t->safe = t->unsign = t->ds_remove + k * ds;
		/* Signed again only once the new servers alone serve it. */
		t->sign = t->dnskey_add = later(after, t->safe);
		if (gone != DL_NO_TIME)
			t->ds_add = later(t->dnskey_add + k * dk, gone);
		return;
	}
	t->first = "the key exchange (each provider's keys in the other's "
	    "DNSKEY RRset)";
	t->stated = p->has_dnskey_add_at;
	t->first_pos = p->dnskey_add_at_pos;
	t->first_at = t->stated ? p->dnskey_add_at :
	    later(m->cutover - k * ds - k * dk, m->now);
	t->dnskey_add = t->first_at;
	t->ds_add = t->dnskey_add + k * dk;
	t->safe = t->ds_add + k * ds;
	/* The old provider leaves in the reverse order. */
	if (removes && gone != DL_NO_TIME) {
		t->old_ds_remove = later(gone, t->safe);
		t->dnskey_remove = t->old_ds_remove + k * ds;
	}
}

static void
add_steps(struct dl_sink *sink, const struct dl_ctx *ctx,
    const struct timeline *t, uint32_t dk, uint32_t ds)
{
	const char *z = ctx->plan->zone;
	uint32_t k = ctx->model->factor;

	if (ctx->plan->dnssec_strategy == DL_STRATEGY_UNSIGN_FIRST) {
		dl_sink_step(sink, DL_STEP_DS_REMOVE, z, t->ds_remove,
		    DL_STEP_PENDING, "ds-remove: remove the DS RRset of %s at "
		    "the parent (the zone goes insecure)", z);
		dl_sink_step(sink, DL_STEP_UNSIGN, z, t->unsign,
		    DL_STEP_PENDING, "unsign: the old provider stops signing "
		    "%s (ds-remove + %u x %us DS TTL)", z, k, ds);
		dl_sink_step(sink, DL_STEP_SIGN, z, t->sign, DL_STEP_PENDING,
		    "sign: the new provider signs %s", z);
		dl_sink_step(sink, DL_STEP_DNSKEY_ADD, z, t->dnskey_add,
		    DL_STEP_PENDING, "dnskey-add: the new provider publishes "
		    "its DNSKEY RRset");
		if (t->ds_add != DL_NO_TIME)
			dl_sink_step(sink, DL_STEP_DS_ADD, z, t->ds_add,
			    DL_STEP_PENDING, "ds-add: publish the new DS at "
			    "the parent (the new DNSKEY RRset is in every "
			    "cache, %u x %us, and the old delegation has "
			    "expired)", k, dk);
		return;
	}
	dl_sink_step(sink, DL_STEP_DNSKEY_ADD, z, t->dnskey_add,
	    DL_STEP_PENDING, "dnskey-add: each provider publishes the other's "
	    "ZSK (and the new KSK) in its DNSKEY RRset");
	dl_sink_step(sink, DL_STEP_DS_ADD, z, t->ds_add, DL_STEP_PENDING,
	    "ds-add: add the DS of the new provider's KSK at the parent "
	    "(dnskey-add + %u x %us DNSKEY TTL)", k, dk);
	if (t->old_ds_remove != DL_NO_TIME) {
		dl_sink_step(sink, DL_STEP_DS_REMOVE, z, t->old_ds_remove,
		    DL_STEP_PENDING, "ds-remove: remove the DS of the old "
		    "provider's KSK at the parent (the old NS set has "
		    "expired)");
		dl_sink_step(sink, DL_STEP_DNSKEY_REMOVE, z, t->dnskey_remove,
		    DL_STEP_PENDING, "dnskey-remove: withdraw the old "
		    "provider's keys from the DNSKEY RRset (ds-remove + %u x "
		    "%us DS TTL)", k, ds);
	}
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	const struct dl_rrset_model *r;
	const struct dl_change *c;
	struct dl_pos none = { 0, 0, NULL };
	struct timeline t;
	char subject[300], a[DL_TIME_LEN], b[DL_TIME_LEN], hint[300];
	ldns_rr_list *keys;
	uint32_t dk, ds;
	int64_t gone = DL_NO_TIME;
	size_t n, n_ds;
	int by_parent, removes = 0, ds_only = 0;

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
	dk = dl_ttl_floor(n > 0 ? dl_rrset_ttl_max(keys) : 0);
	ldns_rr_list_free(keys);
	/* A DS at the parent signs the delegation, keys or none. */
	if (n == 0 && dl_ctx_parent_ds(ctx, &n_ds) && n_ds > 0)
		ds_only = 1;
	if (n == 0 && !ds_only) {
		dl_sink_finding(sink, DL_SKIP, subject, c->pos, DL_NO_TIME,
		    NULL, "the zone is not signed (no DNSKEY at the apex)");
		return;
	}
	if (p->dnssec_strategy == DL_STRATEGY_UNSET) {
		dl_sink_finding(sink, DL_FAIL, subject, c->pos, DL_NO_TIME,
		    "state dnssec_strategy: multi-signer (RFC 8901) or "
		    "unsign-first, and follow it",
		    "the zone is signed (%zu %s record%s) and the plan "
		    "changes its nameservers without a 'dnssec_strategy'",
		    ds_only ? n_ds : n,
		    ds_only ? "DS" : "DNSKEY",
		    (ds_only ? n_ds : n) == 1 ? "" : "s");
		return;
	}
	ds = dl_ttl_floor(m->parent_ds_ttl);
	r = &m->rrsets[c - p->changes];
	if (r->live != NULL && r->state != DL_TTL_UNKNOWN &&
	    r->state != DL_TTL_PRIOR_UNKNOWN &&
	    r->state != DL_TTL_HISTORY_UNKNOWN)
		gone = dl_model_ns_expiry(m, r, &by_parent);
	removes = c->to != NULL && dl_ns_only_in(r->live, c->to, NULL) != 0;
	timeline(ctx, dk, ds, gone, removes, &t);
	add_steps(sink, ctx, &t, dk, ds);
	dl_time_format_short(t.first_at, a);
	dl_time_format_short(t.safe, b);
	snprintf(hint, sizeof(hint), "cut over and change the delegation "
	    "from %s, or do %s earlier (%s)", b, t.first,
	    p->dnssec_strategy == DL_STRATEGY_UNSIGN_FIRST ? "ds_remove_at" :
	    "dnskey_add_at");
	if (m->cutover < t.safe) {
		dl_sink_finding(sink, DL_FAIL, subject, p->has_cutover ?
		    p->cutover_pos : c->pos, t.safe, hint, "the cutover comes "
		    "before %s allows: with %s at %s%s it is safe from %s",
		    p->dnssec_strategy == DL_STRATEGY_UNSIGN_FIRST ?
		    "unsign-first" : "multi-signer", t.first, a,
		    t.stated ? "" : " (now, at the earliest)", b);
		return;
	}
	if (m->delegation < t.safe) {
		dl_sink_finding(sink, DL_FAIL, subject, p->delegation_at_pos,
		    t.safe, hint, "the delegation changes before %s allows: "
		    "with %s at %s it is safe from %s",
		    p->dnssec_strategy == DL_STRATEGY_UNSIGN_FIRST ?
		    "unsign-first" : "multi-signer", t.first, a, b);
		return;
	}
	if (gone == DL_NO_TIME && p->dnssec_strategy ==
	    DL_STRATEGY_UNSIGN_FIRST) {
		dl_sink_finding(sink, DL_UNKNOWN, subject,
		    p->dnssec_strategy_pos, DL_NO_TIME, NULL, "the TTL the "
		    "old NS set is held for is not known: no time for the "
		    "new DS");
		return;
	}
	if (p->dnssec_strategy == DL_STRATEGY_MULTI_SIGNER)
		dl_sink_finding(sink, DL_PASS, subject, p->dnssec_strategy_pos,
		    t.safe, NULL, "the zone is signed; multi-signer (RFC "
		    "8901): keys exchanged at %s, new DS after %u x %us, "
		    "cutover from %s", a, m->factor, dk, b);
	else
		dl_sink_finding(sink, DL_PASS, subject, p->dnssec_strategy_pos,
		    t.safe, NULL, "the zone is signed; unsign-first: DS "
		    "removed at %s, cutover from %s (%u x %us DS TTL)", a, b,
		    m->factor, ds);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_APEX, LDNS_RR_TYPE_DNSKEY },
	{ DL_NEED_CHANGED, 0 },
	{ DL_NEED_PARENT, 0 },
};

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
	"The strategy orders the steps, each after factor (decommission-\n"
	"window's, 2 by default) x the TTL resolvers may hold; the DS TTL is\n"
	"parent_ds_ttl (86400 by default).  unsign-first (RFC 6781 section\n"
	"4.3.5.2, going insecure): ds-remove at the parent (ds_remove_at:);\n"
	"unsign and the NS cutover from ds-remove + factor x DS TTL; after\n"
	"the move sign and dnskey-add at the new provider, and ds-add only\n"
	"once the new DNSKEY RRset is in every cache (factor x DNSKEY TTL)\n"
	"and the old delegation has expired everywhere.  multi-signer (RFC\n"
	"8901 section 8, model 2): dnskey-add, each provider's keys in the\n"
	"other's DNSKEY RRset (dnskey_add_at:); ds-add of the new KSK after\n"
	"factor x DNSKEY TTL; the NS cutover and the delegation after factor\n"
	"x DS TTL; then the old provider leaves in the reverse order: its NS\n"
	"and delegation (the plan's change), ds-remove once the old NS set\n"
	"has expired, dnskey-remove factor x DS TTL later.  A step the plan\n"
	"does not time is put at the latest time that keeps the cutover\n"
	"(never before now).\n"
	"\n"
	"This rule fails when the plan changes the apex NS set (its names,\n"
	"not only its TTL) of a zone that has a DNSKEY RRset at the apex\n"
	"(asked from the servers, or read from the zone file) and states no\n"
	"strategy, and, with wait_until, when its cutover or delegation_at\n"
	"comes before the strategy allows.  It is skipped when the plan does\n"
	"not change the nameservers or the zone has no DNSKEY, and unknown\n"
	"when the DNSKEY RRset could not be fetched.  When dnslint asks the\n"
	"servers it asks the parent for the DS RRset too: a DS there makes\n"
	"the zone signed even without a DNSKEY, and its TTL replaces\n"
	"parent_ds_ttl.\n"
	"\n"
	"Fix: choose a strategy with both providers, carry it out, and state\n"
	"it in the plan.\n"
	"\n"
	"References: RFC 8901 section 8; RFC 6781 section 4.3.5; RFC 7344.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"cutover: 2026-12-01T10:00:00Z\n"
	"dnssec_strategy: multi-signer\n"
	"dnskey_add_at: 2026-11-29T08:00:00Z   # DNSKEY TTL 3600\n"
	"changes:\n"
	"  - { name: \"@\", type: NS,\n"
	"      to: [ns1.old-dns.net., ns1.new-dns.org.] }\n",
	.bad =
	"changes:   # the zone has DNSKEY records\n"
	"  - { name: \"@\", type: NS,\n"
	"      to: [ns1.old-dns.net., ns1.new-dns.org.] }\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.flags = DL_RULE_GATES_DELEGATION,
	.check = check,
};
