/*
 * ttl-lowered: every changed or deleted RRset had a TTL of at most max_ttl
 * for long enough before the cutover.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dtime.h"
#include "engine.h"
#include "model.h"
#include "rule.h"
#include "zone.h"

static const struct dl_threshold thresholds[] = {
	{ "max_ttl", DL_TH_SECONDS, 300, 1, DL_TTL_MAX,
	    "the TTL a changed RRset should have before the cutover" },
};

/* "safe to cut over from 2026-11-23 12:00Z (in 1d)" */
static void
safe_hint(char *buf, size_t n, const char *lead, int64_t t, int64_t now)
{
	char when[DL_TIME_LEN], rel[DL_SPAN_LEN];

	snprintf(buf, n, "%s %s (%s)", lead, dl_time_format_short(t, when),
	    dl_rel_format(t, now, rel));
}

/*
 * Is the zone signed (a DNSKEY at the apex), and how long do its NSEC
 * records live?  0: not signed (or not known); 1: *ttl is the apex NSEC
 * TTL (the zone's NSEC records share it); 2: signed, NSEC TTL not read
 * (NSEC3, or servers' answers): *ttl is the SOA MINIMUM min, which
 * signers before RFC 9077 gave them, at least what later ones give.
 */
static int
nsec_ttl(const struct dl_ctx *ctx, uint32_t min, uint32_t *ttl)
{
	const char *apex = ctx->plan->zone;
	ldns_rr_list *l;
	int signed_zone;

	if (!dl_zone_rrset_known(ctx->live, apex, LDNS_RR_TYPE_DNSKEY) ||
	    (l = dl_zone_rrset(ctx->live, apex, LDNS_RR_TYPE_DNSKEY)) == NULL)
		return 0;
	signed_zone = ldns_rr_list_rr_count(l) > 0;
	ldns_rr_list_free(l);
	if (!signed_zone)
		return 0;
	*ttl = min;
	if (!dl_zone_rrset_known(ctx->live, apex, LDNS_RR_TYPE_NSEC) ||
	    (l = dl_zone_rrset(ctx->live, apex, LDNS_RR_TYPE_NSEC)) == NULL)
		return 2;
	if (ldns_rr_list_rr_count(l) > 0) {
		*ttl = dl_rrset_ttl_max(l);
		ldns_rr_list_free(l);
		return 1;
	}
	ldns_rr_list_free(l);
	return 2;
}

/*
 * The negative-caching step for an RRset the change creates (RFC 2308).
 * Without an SOA (an octoDNS zone, or servers that did not give it) how
 * long resolvers hold the old "no such name" is not known.
 */
static void
new_rrset(const struct dl_ctx *ctx, const struct dl_rrset_model *r,
    struct dl_pos pos, struct dl_sink *sink)
{
	const ldns_rr *soa = NULL;
	uint32_t neg, min, nsec;
	int nsec_read;
	ldns_rdf *f;

	if (ctx->live != NULL)
		soa = dl_zone_soa(ctx->live);
	if (soa == NULL || ldns_rr_rd_count(soa) < 7) {
		dl_sink_finding(sink, DL_UNKNOWN, r->subject, pos, DL_NO_TIME,
		    "check against the servers (-s) to read their SOA",
		    "new RRset: how long resolvers cache the old negative "
		    "answer is not known: the live zone has no SOA (an "
		    "octoDNS zone has none: the provider writes it)");
		return;
	}
	dl_sink_finding(sink, DL_SKIP, r->subject, pos, DL_NO_TIME, NULL,
	    "new RRset: no cached data to wait for");
	f = ldns_rr_rdf(soa, 6);
	min = ldns_rdf2native_int32(f);
	neg = ldns_rr_ttl(soa) < min ? ldns_rr_ttl(soa) : min;
	/*
	 * A signed zone: validating resolvers that synthesise answers from
	 * cached NSEC records (RFC 8198) deny the name for the NSEC TTL,
	 * which only signers that follow RFC 9077 cap at neg.
	 */
	if ((nsec_read = nsec_ttl(ctx, min, &nsec)) != 0) {
		nsec_read = nsec_read == 1;
		dl_sink_step(sink, DL_STEP_VISIBLE, r->subject, ctx->cutover +
		    dl_ttl_floor(nsec > neg ? nsec : neg) + 1, DL_STEP_PENDING,
		    "%s visible everywhere (negative answers are cached up "
		    "to %us; the zone is signed: validating resolvers may "
		    "keep the %s that deny it %s%us%s, RFC 8198; +1s for "
		    "whole-second expiry)", r->subject, neg,
		    nsec_read ? "NSEC records" : "NSEC or NSEC3 records",
		    nsec_read ? "" : "up to ", nsec,
		    nsec_read ? "" : ", the SOA MINIMUM");
		return;
	}
	/* A resolver serves an entry through the second it expires in. */
	dl_sink_step(sink, DL_STEP_VISIBLE, r->subject,
	    ctx->cutover + dl_ttl_floor(neg) + 1, DL_STEP_PENDING,
	    "%s visible everywhere (negative answers are cached up to %us, "
	    "+1s for whole-second expiry)", r->subject, neg);
}

/*
 * " at commit 1a2b3c4d5e (2026-11-28 10:00Z)" when git's history gave
 * the lowering, else " at 2026-11-28 10:00Z" (at: the time, formatted).
 */
static const char *
lowered_when(const struct dl_rrset_model *r, const char *at, char *buf,
    size_t n)
{
	if (r->change->git.kind == DL_GIT_LOWERED &&
	    !r->change->lowered.has_to && r->lowered_at == r->change->git.time)
		snprintf(buf, n, " at commit %s (%s)", r->change->git.commit,
		    at);
	else
		snprintf(buf, n, " at %s", at);
	return buf;
}

/* Said of every time counted from a lowering commit. */
static const char *
git_counted(const struct dl_rrset_model *r)
{
	return r->change->git.kind == DL_GIT_LOWERED ? " (counted from the "
	    "commit: a deployment later than the commit moves it later)" : "";
}

/*
 * The three arguments of "%s%s%s" that say a new name is answered by a
 * wildcard today (its TTL is the one to lower), or say nothing.
 */
#define WILD(r) \
	(r)->wildcard != NULL ? " (the name is answered today by the " \
	"wildcard " : "", (r)->wildcard != NULL ? (r)->wildcard : "", \
	(r)->wildcard != NULL ? ")" : ""

/*
 * What dates a low TTL (r->evidence), for "low by T at the latest (...)":
 * "SOA serial 2026111501, the date of the zone's last change".
 */
static const char *
evidence(const struct dl_model *m, const struct dl_rrset_model *r,
    char *buf, size_t n)
{
	switch (r->evidence) {
	case DL_LOW_SERIAL:
		snprintf(buf, n, "SOA serial %u, the %s of the zone's last "
		    "change", m->serial, m->serial_kind == DL_SERIAL_DATE ?
		    "date" : "Unix time");
		break;
	case DL_LOW_WATCHED:
		snprintf(buf, n, "dnslint wait first saw it low then");
		break;
	default:
		snprintf(buf, n, "the live data shows it low now");
		break;
	}
	return buf;
}

/*
 * A low TTL the evidence dates (r->evidence, low by r->low_by at the
 * latest): proven when the cutover is a prior bound after that or later;
 * else unknown on the serial's word, a failure in dnslint wait.
 */
static void
dated(const struct dl_model *m, const struct dl_rrset_model *r,
    struct dl_pos pos, struct dl_sink *sink)
{
	char at[DL_TIME_LEN], gone[DL_TIME_LEN], ev[96], hint[256];
	enum dl_status st = DL_PASS;
	const char *lead = ",", *more = "";

	hint[0] = '\0';
	if (r->state == DL_TTL_LOW_RECENT) {
		st = DL_UNKNOWN;
		lead = ", but since when is not known:";
		safe_hint(hint, sizeof(hint), "state when it was lowered and "
		    "from what (a plan's ttl_lowered: {at: ..., from: ...}), "
		    "or cut over from", r->safe_from, m->now);
	} else if (r->state == DL_TTL_LOW_WATCHED) {
		st = DL_FAIL;
		more = ", and nothing older says since when";
		safe_hint(hint, sizeof(hint), "safe to cut over from",
		    r->safe_from, m->now);
	}
	dl_time_format_short(r->low_by, at);
	dl_time_format_short(r->low_by + m->prior_bound, gone);
	dl_sink_finding(sink, st, r->subject, pos, st == DL_FAIL ?
	    r->safe_from : DL_NO_TIME, hint[0] != '\0' ? hint : NULL,
	    "live TTL %u <= %u%s%s%s%s low by %s at the latest (%s)%s: what "
	    "caches held before is gone %us later, by %s, %s the cutover",
	    r->ttl, m->max_ttl, WILD(r), lead, at, evidence(m, r, ev,
	    sizeof(ev)), more, m->prior_bound, gone, st == DL_PASS ?
	    "no later than" : "after");
}

/*
 * A low TTL nothing dates: a pass on the assumption, said in the message
 * so that every report format shows it.
 */
static void
assumed(const struct dl_ctx *ctx, const struct dl_rrset_model *r,
    struct dl_pos pos, struct dl_sink *sink)
{
	const struct dl_model *m = ctx->model;
	char since[DL_TIME_LEN], serial[64];

	if (m->serial_kind != DL_SERIAL_NONE)
		serial[0] = '\0';	/* not reached: the serial dates it */
	else if (ctx->live != NULL && dl_zone_soa(ctx->live) != NULL)
		snprintf(serial, sizeof(serial), ", SOA serial %u is neither "
		    "a date nor a Unix time", m->serial);
	else
		snprintf(serial, sizeof(serial), ", no SOA serial");
	dl_time_format_short(m->cutover - m->prior_bound, since);
	dl_sink_assumption(sink, r->subject, pos, "state ttl_lowered: {at: "
	    "..., from: ...} if it was lowered later", "live TTL %u <= "
	    "%u%s%s%s, assumed low for at least %us before the cutover "
	    "(since %s): no history (no ttl_lowered in the plan%s)",
	    r->ttl, m->max_ttl, WILD(r), m->prior_bound, since, serial);
}

static void
steps(const struct dl_ctx *ctx, const struct dl_rrset_model *r,
    struct dl_sink *sink)
{
	const struct dl_model *m = ctx->model;
	/* A wildcard's TTL is lowered at the wildcard. */
	const char *ls = r->wildcard != NULL ? r->wildcard : r->subject;
	enum dl_step_state st;
	int64_t at;
	char *text;

	/* The parent's copy of an in-zone nameserver's address. */
	if (r->glue && r->change->to != NULL &&
	    r->state != DL_TTL_SAME_DATA && (text = dl_rdata_text(r->change->to)) != NULL) {
		dl_sink_step(sink, DL_STEP_CUTOVER, r->subject, ctx->cutover,
		    DL_STEP_PENDING, "update the glue of %s at the parent "
		    "(the registrar) to %s", r->change->owner, text);
		free(text);
	}
	switch (r->state) {
	case DL_TTL_NOT_LOWERED:
	case DL_TTL_CLAIMED:
		dl_sink_step(sink, DL_STEP_LOWER_TTL, r->subject, ctx->now,
		    DL_STEP_PENDING, "lower %s TTL %u -> %u", ls,
		    r->ttl, r->lowered_to);
		break;
	case DL_TTL_PARTLY_LOWERED:
		dl_sink_step(sink, DL_STEP_LOWER_TTL, r->subject, ctx->now,
		    DL_STEP_PENDING, "lower %s TTL %u -> %u", ls,
		    r->ttl, r->lowered_to <= m->max_ttl ? r->lowered_to :
		    m->max_ttl);
		break;
	case DL_TTL_PLANNED:
	case DL_TTL_PLANNED_LATE:
	case DL_TTL_PLANNED_TOO_HIGH:
		dl_sink_step(sink, DL_STEP_LOWER_TTL, r->subject,
		    r->lowered_at, DL_STEP_PENDING, "lower %s TTL %u -> %u",
		    ls, r->ttl, r->lowered_to);
		break;
	case DL_TTL_LOWERED:
	case DL_TTL_LOWERED_LATE:
		if (r->change->git.kind == DL_GIT_LOWERED)
			dl_sink_step(sink, DL_STEP_LOWER_TTL, r->subject,
			    r->lowered_at, DL_STEP_DONE, "lower %s TTL %u -> "
			    "%u (git commit %s)", ls, r->prior, r->ttl,
			    r->change->git.commit);
		else
			dl_sink_step(sink, DL_STEP_LOWER_TTL, r->subject,
			    r->lowered_at, DL_STEP_DONE, "lower %s TTL %u -> "
			    "%u", ls, r->prior, r->ttl);
		break;
	case DL_TTL_ALREADY_LOW:
		/* Done, but nobody knows when: no lower-ttl step. */
		break;
	default:
		return;
	}
	at = r->safe_from;
	st = at <= m->now && (r->state == DL_TTL_LOWERED ||
	    r->state == DL_TTL_LOWERED_LATE) ? DL_STEP_DONE : DL_STEP_PENDING;

	dl_sink_step(sink, DL_STEP_TTL_PROPAGATED, r->subject, at, st,
	    "lowered TTL of %s has reached every cache", r->subject);
	/*
	 * A change that publishes its own high TTL needs no restoring; nor
	 * does an RRset that was low before a plan-wide lowering: P was
	 * never known to be its TTL.
	 */
	if (r->state == DL_TTL_ALREADY_LOW && !r->change->lowered.set)
		return;
	if (r->prior > m->max_ttl && !r->change->delete &&
	    !(r->change->has_ttl && r->change->ttl > m->max_ttl))
		dl_sink_step(sink, DL_STEP_RESTORE_TTL, r->subject,
		    DL_NO_TIME, DL_STEP_PENDING,
		    "raise %s TTL back to %u", ls, r->prior);
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_model *m = ctx->model;
	char hint[256], at[DL_TIME_LEN], sf[DL_TIME_LEN], when[96];
	char raised[128], wp[DL_TIME_LEN];
	size_t i;

	(void)set;
	for (i = 0; i < m->n_rrsets; i++) {
		const struct dl_rrset_model *r = &m->rrsets[i];
		struct dl_pos pos = r->change->pos;

		at[0] = sf[0] = raised[0] = '\0';
		if (r->prior_raised != 0)
			snprintf(raised, sizeof(raised), " (the plan says from "
			    "%u, but the servers publish %u: caches hold that)",
			    r->prior_raised, r->prior);
		if (r->lowered_at != DL_NO_TIME)
			dl_time_format_short(r->lowered_at, at);
		if (r->safe_from != DL_NO_TIME)
			dl_time_format_short(r->safe_from, sf);
		switch (r->state) {
		case DL_TTL_UNKNOWN:
			if (r->why != NULL)
				dl_sink_finding(sink, DL_UNKNOWN, r->subject,
				    pos, DL_NO_TIME, NULL, "the %s is not known: "
				    "%s", r->why_live ? "live RRset" :
				    "new data", r->why);
			else
				dl_sink_finding(sink, DL_UNKNOWN, r->subject,
				    pos, DL_NO_TIME, NULL,
				    "the live RRset could not be fetched");
			break;
		case DL_TTL_NEW:
			new_rrset(ctx, r, pos, sink);
			break;
		case DL_TTL_SAME_DATA:
			dl_sink_finding(sink, DL_SKIP, r->subject, pos,
			    DL_NO_TIME, NULL, "only the TTL changes (%u -> %u): "
			    "cached answers stay right", r->ttl,
			    r->change->has_ttl ? r->change->ttl : r->ttl);
			break;
		case DL_TTL_HISTORY_UNKNOWN:
			dl_sink_finding(sink, DL_UNKNOWN, r->subject, pos,
			    DL_NO_TIME, NULL, "live TTL %u <= %u, but since "
			    "when is not known: %s; %s", r->ttl, m->max_ttl,
			    r->change->git.why, r->change->git.fix);
			break;
		case DL_TTL_ADDITIVE:
			dl_sink_finding(sink, DL_PASS, r->subject, pos,
			    DL_NO_TIME, NULL, "adds records and removes none: "
			    "every cached answer stays valid, no lowering "
			    "needed");
			break;
		case DL_TTL_LOW_ASSUMED:
			if (r->change->git.kind == DL_GIT_LOW_SINCE) {
				dl_time_format_short(r->change->git.time, at);
				dl_sink_finding(sink, DL_PASS, r->subject, pos,
				    DL_NO_TIME, NULL, "live TTL %u <= %u, and "
				    "git shows it no higher since commit %s "
				    "(%s), %s", r->ttl, m->max_ttl,
				    r->change->git.commit, at,
				    r->change->git.created ? "where the RRset "
				    "first appears" : "the file's first "
				    "version");
				break;
			}
			assumed(ctx, r, pos, sink);
			break;
		case DL_TTL_LOW_PROVEN:
		case DL_TTL_LOW_RECENT:
		case DL_TTL_LOW_WATCHED:
			dated(m, r, pos, sink);
			break;
		case DL_TTL_PRIOR_UNKNOWN:
			dl_sink_finding(sink, DL_UNKNOWN, r->subject, pos,
			    DL_NO_TIME, "state ttl_lowered.from, the TTL "
			    "before the lowering",
			    "the TTL was lowered at %s, but from what is not "
			    "known: the live TTL is the lowered one", at);
			break;
		case DL_TTL_PLANNED_TOO_HIGH:
			dl_sink_finding(sink, DL_FAIL, r->subject,
			    dl_plan_lowering(ctx->plan, r->change)->pos,
			    DL_NO_TIME, "lower it to the threshold or below",
			    "the planned lowering to %u is above %u",
			    r->lowered_to, m->max_ttl);
			break;
		case DL_TTL_LOWERED:
		case DL_TTL_PLANNED:
			lowered_when(r, at, when, sizeof(when));
			dl_sink_finding(sink, DL_PASS, r->subject, pos,
			    r->safe_from, NULL,
			    "TTL %u -> %u%s has reached every cache by "
			    "%s%s%s%s%s%s",
			    r->prior, r->state == DL_TTL_LOWERED ? r->ttl :
			    r->lowered_to, when, sf, raised, git_counted(r),
			    WILD(r));
			break;
		case DL_TTL_LOWERED_LATE:
		case DL_TTL_PLANNED_LATE:
			safe_hint(hint, sizeof(hint), "safe to cut over from",
			    r->safe_from, m->now);
			lowered_when(r, at, when, sizeof(when));
			dl_sink_finding(sink, DL_FAIL, r->subject, pos,
			    r->safe_from, hint,
			    "TTL %s%s, but caches may hold the old "
			    "TTL %u until %s, after the cutover%s%s",
			    r->state == DL_TTL_PLANNED_LATE ? "to be lowered" :
			    "lowered", when, r->prior, sf, raised,
			    git_counted(r));
			break;
		case DL_TTL_ALREADY_LOW:
			if (m->cutover >= r->safe_from) {
				dl_sink_finding(sink, DL_PASS, r->subject, pos,
				    r->safe_from, NULL, "the servers already "
				    "publish TTL %u, before the lowering planned "
				    "at %s: judged as lowered then from %u, it "
				    "has reached every cache by %s", r->ttl, at,
				    r->prior, sf);
				break;
			}
			safe_hint(hint, sizeof(hint), "state when it was "
			    "lowered (ttl_lowered.at), or cut over from",
			    r->safe_from, m->now);
			dl_sink_finding(sink, DL_FAIL, r->subject, pos,
			    r->safe_from, hint, "the servers already publish "
			    "TTL %u, before the lowering planned at %s: judged "
			    "as lowered then from %u, caches may hold the old "
			    "TTL until %s, after the cutover", r->ttl, at,
			    r->prior, sf);
			break;
		case DL_TTL_NOT_LOWERED:
			safe_hint(hint, sizeof(hint), "safe to cut over from",
			    r->safe_from, m->now);
			dl_sink_finding(sink, DL_FAIL, r->subject, pos,
			    r->safe_from, hint,
			    "live TTL %u is above %u: publish TTL %u now%s%s%s",
			    r->ttl, m->max_ttl, r->lowered_to, WILD(r));
			break;
		case DL_TTL_PARTLY_LOWERED:
			safe_hint(hint, sizeof(hint), "safe to cut over from",
			    r->safe_from, m->now);
			dl_sink_finding(sink, DL_FAIL, r->subject, pos,
			    r->safe_from, hint,
			    "the plan says the TTL was lowered %u -> %u at %s, "
			    "but the servers publish %u, above %u: lower it "
			    "now; what was cached before %s lives until %s",
			    r->prior, r->lowered_to, at, r->ttl, m->max_ttl,
			    at, dl_time_format_short(r->lowered_at +
			    dl_ttl_floor(r->prior), wp));
			break;
		case DL_TTL_CLAIMED:
			safe_hint(hint, sizeof(hint), "safe to cut over from",
			    r->safe_from, m->now);
			dl_sink_finding(sink, DL_FAIL, r->subject, pos,
			    r->safe_from, hint,
			    "the plan says the TTL was lowered at %s, but the "
			    "servers still publish %u: lower it now", at,
			    r->ttl);
			break;
		}
		steps(ctx, r, sink);
	}
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_SOA },
	{ DL_NEED_APEX, LDNS_RR_TYPE_DNSKEY },
	{ DL_NEED_CHANGED, 0 },
};

const struct dl_rule dl_rule_ttl_lowered = {
	.id = "ttl-lowered",
	.severity = DL_SEV_ERROR,
	.summary = "every changed or deleted RRset had a low TTL for long "
	    "enough before the cutover",
	.explain =
	"Resolvers keep an answer for as long as its TTL said when they\n"
	"fetched it.  If www.example.com. A has TTL 86400 and is switched to\n"
	"a new address, some resolvers keep sending users to the old address\n"
	"for up to a day.  The remedy is to lower the TTL first (to max_ttl,\n"
	"300 by default) and to cut over no earlier than one old TTL after\n"
	"the lowered TTL was published: by then every cache has fetched the\n"
	"lowered TTL.\n"
	"\n"
	"This rule checks every RRset the plan changes or deletes against\n"
	"the TTL the authoritative servers publish today (L):\n"
	"  L above max_ttl, no lowering in the plan: fail; safe from now + L.\n"
	"  ttl_lowered says when (at, W) and from what TTL (from, P): safe\n"
	"  from W + P; fail when the cutover is earlier.  A from below the\n"
	"  live TTL does not count: caches hold what the servers publish,\n"
	"  so P is at least L.\n"
	"  ttl_lowered.at in the past but the servers still publish L above\n"
	"  max_ttl: fail; the lowering was not done.  When L is below the\n"
	"  plan's from (lowered, but not far enough), what was cached before\n"
	"  W still lives until W + P: safe from the later of W + P and\n"
	"  now + L, and decommission-window holds targets for P when the\n"
	"  cutover is before W + P.\n"
	"  L at or below max_ttl and no history: judged by the evidence\n"
	"  there is, the earliest first: an SOA serial that is a date\n"
	"  (YYYYMMDDnn: the zone last changed by the end of that day) or a\n"
	"  Unix time, dnslint wait's first look at the low TTL, the live\n"
	"  data (low now).  Pass when the cutover is at least the prior\n"
	"  bound after it (the largest TTL in the live data, a day to a\n"
	"  week); else unknown when the serial is the evidence, a failure\n"
	"  counted from its first look in dnslint wait, and without any\n"
	"  evidence a pass that states its assumption in every format.\n"
	"  A new RRset: skipped, nothing is cached; resolvers may hold the\n"
	"  old negative answer for min(SOA TTL, SOA MINIMUM), which the\n"
	"  checklist shows; unknown when the live zone has no SOA (an\n"
	"  octoDNS zone: the provider writes it).  In a signed zone,\n"
	"  validating resolvers may deny the name for the TTL of the NSEC\n"
	"  records (RFC 8198), the SOA MINIMUM when it is not read.\n"
	"  L at or below max_ttl although the lowering is planned for\n"
	"  later: done early at a time nobody stated, or low before (a\n"
	"  plan-wide lowering); judged as if lowered at W (safe from\n"
	"  W + P), with no lowering step shown as done and, for a plan-wide\n"
	"  lowering, no step raising it to a TTL it may never have had.\n"
	"A change that only adds records (a nameserver, an address) and\n"
	"removes none passes whatever the TTL: every cached answer is part\n"
	"of the new one and stays valid, so nothing needs lowering.\n"
	"TTLs below 5 seconds count as 5: some resolvers never cache for\n"
	"less.  The checklist ends with raising lowered TTLs back.\n"
	"\n"
	"With --git-live REV the live zone is a version in git, and when\n"
	"the plan states no lowering the zone file's history gives it: the\n"
	"commit that lowered the TTL from above max_ttl counts as W (its\n"
	"commit time) and the TTL before it as P.  History git cannot give\n"
	"(a shallow clone, a rename it does not follow) is unknown.\n"
	"A Terraform plan's change.before is the live RRset and the apply is\n"
	"the cutover: a plan that lowers a TTL and moves the record in one\n"
	"apply fails; apply the lowered TTL first and the move one old TTL\n"
	"later.  Values known only after apply make the RRset unknown.\n"
	"\n"
	"Fix: publish the lowered TTL now and state it in the plan\n"
	"(ttl_lowered: {at: ..., from: 86400, to: 300}), or move the cutover\n"
	"to the time dnslint gives.\n"
	"\n"
	"References: RFC 1034 section 4.3.5, RFC 2181 section 8.",
	.thresholds = thresholds,
	.n_thresholds = sizeof(thresholds) / sizeof(thresholds[0]),
	.good =
	"cutover: 2026-12-01T10:00:00Z\n"
	"ttl_lowered: { at: 2026-11-28T10:00:00Z, from: 86400, to: 300 }\n",
	.bad =
	"cutover: 2026-12-01T10:00:00Z   # live TTL 86400, never lowered\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.model_input = DL_MODEL_MAX_TTL,
	.model_threshold = 0,
	.check = check,
};
