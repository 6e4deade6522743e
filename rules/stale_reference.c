/*
 * stale-reference: after the change, no record of the zone still points
 * at a target the plan decommissions.
 *
 * A zone file is loaded filtered, but the filter keeps every record whose
 * RDATA mentions a decommissioned target (dl_engine_filter()), so the walk
 * over the zone after the change sees every record this rule cares about.
 * A zone built from answers holds only what was asked: unknown, since a
 * forgotten record is not ruled out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "model.h"
#include "rule.h"

/* A record that still points at decommission target d after the change. */
struct stale {
	size_t		d;
	char		*text;		/* the record, see record_text() */
	struct dl_pos	pos;
};

/* One walk over the zone for every target: a whole zone is big. */
struct walk {
	const struct dl_plan *plan;
	struct stale	*found;
	size_t		n, cap;
	int		nomem;
};

/*
 * "mail.example.com. MX 10 old-mx.example.net.": the record without TTL
 * and class.  Newly allocated (free(3)); NULL when out of memory.
 */
static char *
record_text(const ldns_rr *rr)
{
	char *owner, *type, *field, *s, *t;
	size_t i;

	owner = dl_name_str(ldns_rr_owner(rr));
	type = ldns_rr_type2str(ldns_rr_get_type(rr));
	if (owner == NULL || type == NULL ||
	    asprintf(&s, "%s %s", owner, type) == -1)
		s = NULL;
	free(owner);
	free(type);
	for (i = 0; s != NULL && i < ldns_rr_rd_count(rr); i++) {
		if ((field = ldns_rdf2str(ldns_rr_rdf(rr, i))) == NULL ||
		    asprintf(&t, "%s %s", s, field) == -1)
			t = NULL;
		free(field);
		free(s);
		s = t;
	}
	return s;
}

/*
 * Can a record of type point at an address (A, AAAA, and the address
 * hints of HTTPS and SVCB) or a name?
 */
static int
may_point(ldns_rr_type type, int is_address)
{
	if (type == LDNS_RR_TYPE_HTTPS || type == LDNS_RR_TYPE_SVCB)
		return 1;
	if (is_address)
		return type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_AAAA;
	return type != LDNS_RR_TYPE_A && type != LDNS_RR_TYPE_AAAA;
}

static int
visit(const struct dl_rview *v, struct dl_pos pos, void *arg)
{
	struct walk *w = arg;
	const struct dl_decommission *d;
	struct stale *grown;
	const ldns_rr *rr;
	size_t i;

	for (i = 0; i < w->plan->n_decommission; i++) {
		d = &w->plan->decommission[i];
		if (!may_point(v->type, d->is_address) ||
		    !dl_view_mentions(v, d->target))
			continue;
		/* A host switched off: its own addresses go with it. */
		if (d->via != NULL && strcasecmp(v->owner, d->via) == 0)
			continue;
		if (w->n == w->cap) {
			size_t cap = w->cap ? w->cap * 2 : 16;

			if ((grown = reallocarray(w->found, cap,
			    sizeof(*grown))) == NULL)
				return (w->nomem = 1);
			w->found = grown;
			w->cap = cap;
		}
		/* Built only now: the record the finding quotes. */
		if ((rr = dl_rview_rr(v)) == NULL ||
		    (w->found[w->n].text = record_text(rr)) == NULL)
			return (w->nomem = 1);
		w->found[w->n].d = i;
		w->found[w->n].pos = pos;
		w->n++;
	}
	return 0;
}

/* Does any record of rrs mention target? */
static int
any_mentions(const ldns_rr_list *rrs, const char *target)
{
	size_t i;

	for (i = 0; rrs != NULL && i < ldns_rr_list_rr_count(rrs); i++)
		if (dl_rr_mentions(ldns_rr_list_rr(rrs, i), target))
			return 1;
	return 0;
}

/*
 * Dual stack: a change that moves a name's A off a decommissioned
 * address while the plan leaves the same name's AAAA alone (or the
 * reverse).  The other family's address is likely on the server being
 * switched off; dnslint cannot know, so it is a warning at most.
 */
static void
dual_stack(const struct dl_ctx *ctx, struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	size_t i, j;

	for (i = 0; i < m->n_rrsets; i++) {
		const struct dl_rrset_model *r = &m->rrsets[i];
		const struct dl_change *c = r->change;
		ldns_rr_type other;
		ldns_rr_list *rrs;
		char *subj, *text;

		if (c->type != LDNS_RR_TYPE_A && c->type != LDNS_RR_TYPE_AAAA)
			continue;
		other = c->type == LDNS_RR_TYPE_A ? LDNS_RR_TYPE_AAAA :
		    LDNS_RR_TYPE_A;
		for (j = 0; j < p->n_decommission; j++)
			if (p->decommission[j].is_address &&
			    any_mentions(r->live, p->decommission[j].target) &&
			    !any_mentions(c->to, p->decommission[j].target))
				break;
		if (j == p->n_decommission ||
		    dl_model_change(p, c->owner, other) != NULL)
			continue;
		if ((subj = dl_rrset_subject(c->owner, other)) == NULL) {
			dl_sink_finding(sink, DL_UNKNOWN, p->zone, c->pos,
			    DL_NO_TIME, NULL, "out of memory");
			return;
		}
		if (!dl_zone_rrset_known(ctx->live, c->owner, other)) {
			dl_sink_suspicion(sink, DL_UNKNOWN, subj, c->pos,
			    DL_NO_TIME, NULL, "%s moves off %s, and %s could "
			    "not be fetched: it may stay on the old server",
			    r->subject, p->decommission[j].target, subj);
			free(subj);
			continue;
		}
		if ((rrs = dl_zone_rrset(ctx->live, c->owner, other)) == NULL ||
		    (text = dl_rdata_text(rrs)) == NULL) {
			if (rrs != NULL)
				ldns_rr_list_free(rrs);
			free(subj);
			dl_sink_finding(sink, DL_UNKNOWN, p->zone, c->pos,
			    DL_NO_TIME, NULL, "out of memory");
			return;
		}
		if (ldns_rr_list_rr_count(rrs) > 0)
			dl_sink_suspicion(sink, DL_FAIL, subj, c->pos,
			    DL_NO_TIME, "change it in the same plan (and "
			    "decommission its old address), or make sure it is "
			    "not on the server being switched off",
			    "%s moves off %s, but the plan leaves %s at %s: "
			    "if that is the same server, clients of the other "
			    "address family lose it when %s is switched off",
			    r->subject, p->decommission[j].target, subj, text,
			    p->decommission[j].target);
		free(text);
		ldns_rr_list_free(rrs);
		free(subj);
	}
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	struct dl_pos none = { 0, 0, NULL };
	struct walk w;
	char note[600];
	size_t i, j, hits;

	(void)set;
	/* Targets a Terraform plan only takes out of an RRset may still
	   serve elsewhere: only stated decommissions count. */
	for (i = hits = 0; i < p->n_decommission; i++)
		hits += p->decommission[i].at != DL_NO_TIME;
	if (hits == 0) {
		dl_sink_finding(sink, DL_SKIP, p->zone, none, DL_NO_TIME, NULL,
		    "the plan decommissions nothing");
		return;
	}
	if (ctx->live == NULL) {
		dl_sink_finding(sink, DL_UNKNOWN, p->zone, none, DL_NO_TIME,
		    NULL, "the live zone could not be loaded");
		return;
	}
	dual_stack(ctx, sink);
	if (dl_ctx_plan_only(ctx)) {
		dl_sink_finding(sink, DL_SKIP, p->zone, none, DL_NO_TIME,
		    DL_PLAN_ONLY_HINT, "needs the whole zone; the plan holds "
		    "only the RRsets it changes");
		return;
	}
	if (ctx->net != NULL && !dl_zone_is_whole(ctx->live)) {
		/* A forgotten record on the target is not ruled out. */
		dl_sink_finding(sink, DL_UNKNOWN, p->zone, none, DL_NO_TIME,
		    "load the whole zone with --axfr or -z FILE", "needs the "
		    "whole zone; the servers' answers hold only the records "
		    "that were asked");
		return;
	}
	if (dl_sink_after_unknown(sink, ctx))
		return;
	memset(&w, 0, sizeof(w));
	w.plan = p;
	if (dl_after_view(p, ctx->live, visit, &w) != 0 || w.nomem) {
		dl_sink_finding(sink, DL_UNKNOWN, p->zone, none, DL_NO_TIME,
		    NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < p->n_decommission; i++) {
		const struct dl_decommission *d = &p->decommission[i];

		if (d->at == DL_NO_TIME)
			continue;
		dl_decommission_note(d, note, sizeof(note));
		for (j = hits = 0; j < w.n; j++) {
			if (w.found[j].d != i)
				continue;
			dl_sink_finding(sink, DL_FAIL, d->target,
			    w.found[j].pos, DL_NO_TIME, "change or delete the "
			    "record, or keep the target serving", "%s still "
			    "points at it after the change%s", w.found[j].text,
			    note);
			hits++;
		}
		if (hits == 0)
			dl_sink_finding(sink, DL_PASS, d->target, d->pos,
			    DL_NO_TIME, NULL, "no record points at %s after "
			    "the change%s", d->target, note);
	}
out:
	for (j = 0; j < w.n; j++)
		free(w.found[j].text);
	free(w.found);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_CHANGED, 0 },
	{ DL_NEED_OTHER_FAMILY, 0 },
	{ DL_NEED_DECOMMISSIONED, 0 },
	{ DL_NEED_DECOMMISSION_MENTIONS, 0 },
};

const struct dl_rule dl_rule_stale_reference = {
	.id = "stale-reference",
	.severity = DL_SEV_ERROR,
	.summary = "no record left after the change points at a "
	    "decommissioned target",
	.explain =
	"A migration moves the records it knows about; the ones it forgets\n"
	"keep pointing at the old server.  When the old address or host is\n"
	"switched off, those names break: the forgotten MX of a second\n"
	"domain, an SRV record, a CNAME to the old load balancer, an NS\n"
	"record of a delegated subzone.  This rule walks the zone as it will\n"
	"be after the change (live records the plan does not change, and the\n"
	"plan's new records) and fails for every record that still points at\n"
	"a decommissioned target: A and AAAA records by address; CNAME,\n"
	"DNAME, NS, MX, SRV, PTR, HTTPS and SVCB records by target name;\n"
	"HTTPS and SVCB records also by the addresses of their ipv4hint and\n"
	"ipv6hint (clients connect to those before they resolve A/AAAA).\n"
	"Each finding names the record and its line.  Text that merely\n"
	"contains the target (TXT, SPF) is not a reference.\n"
	"\n"
	"It needs every record of the zone: a zone file (which dnslint reads\n"
	"in one pass, keeping the records that mention a target) or a zone\n"
	"transfer.  With the servers' answers alone it is unknown (a\n"
	"forgotten record on the target is not ruled out): load the whole\n"
	"zone with --axfr or -z.  A plan that decommissions nothing skips it.\n"
	"\n"
	"Dual stack: when the plan moves a name's A records off a\n"
	"decommissioned address and leaves the same name's AAAA records\n"
	"alone (or the reverse), the rule warns, naming the records left:\n"
	"they are likely on the server being switched off, but dnslint\n"
	"cannot know, so this finding is a warning at most whatever the\n"
	"rule's severity.  It needs only the name's records, so it is\n"
	"checked with the servers' answers too.\n"
	"\n"
	"Fix: add changes for the records found, or keep the target serving\n"
	"until they are gone.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"changes:\n"
	"  - { name: www, type: A, to: [198.51.100.10] }\n"
	"  - { name: api, type: A, to: [198.51.100.10] }\n"
	"decommission:\n"
	"  - { target: 192.0.2.10, at: 2026-12-03T10:00:00Z }\n",
	.bad =
	"changes:   # api.example.com. A 192.0.2.10 is forgotten\n"
	"  - { name: www, type: A, to: [198.51.100.10] }\n"
	"decommission:\n"
	"  - { target: 192.0.2.10, at: 2026-12-03T10:00:00Z }\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.flags = DL_RULE_AFTER_CUTOVER,
	.check = check,
};
