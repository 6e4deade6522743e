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
#include "text.h"

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

/* The zone's TTL of owner/type (0 when it has none). */
static uint32_t
move_zone_ttl(const struct dl_ctx *ctx, const char *owner, ldns_rr_type type)
{
	ldns_rr_list *rrs = dl_zone_rrset(ctx->live, owner, type);
	uint32_t ttl = dl_rrset_ttl(rrs);

	if (rrs != NULL)
		ldns_rr_list_free(rrs);
	return ttl;
}

/* How many differing RRsets a provider move names per server. */
#define MOVE_NAMED	5

/*
 * Does got (a new server's RRset, maybe empty) hold the zone's data at
 * owner/type: the live RRset (RDATA and TTL), or the plan's new data
 * (and its TTL when the plan states one)?  1 yes, 0 no, -1 when the live
 * RRset is not known.  *want is the live data as text (free(3)).
 */
static int
move_same(const struct dl_ctx *ctx, const char *owner, ldns_rr_type type,
    const ldns_rr_list *got, char **want)
{
	const struct dl_change *c = dl_model_change(ctx->plan, owner, type);
	ldns_rr_list *live;
	int same;

	*want = NULL;
	if (!dl_zone_rrset_known(ctx->live, owner, type))
		return -1;
	if ((live = dl_zone_rrset(ctx->live, owner, type)) == NULL)
		return -1;
	same = dl_rrset_rdata_equal(live, got) &&
	    (ldns_rr_list_rr_count(got) == 0 ||
	    dl_rrset_ttl(live) == dl_rrset_ttl(got));
	if (!same && c != NULL && c->unknown == NULL)
		same = c->to == NULL ? ldns_rr_list_rr_count(got) == 0 :
		    dl_rrset_rdata_equal(c->to, got) && (!c->has_ttl ||
		    c->ttl == dl_rrset_ttl(got));
	if (!same)
		*want = dl_rdata_text(live);
	ldns_rr_list_free(live);
	return same;
}

/*
 * What a new server serves at owner/type: its records (a referral's NS
 * at a zone cut), into *got (a new list of borrowed records).  0, or -1
 * and *why when it did not answer with the zone's data.
 */
static int
move_got(const struct dl_dnsq_result *r, const char *zone, const char *owner,
    ldns_rr_type type, ldns_rr_list **got, const char **why)
{
	size_t i;

	*got = NULL;
	if (r->outcome == DL_DNSQ_NOT_AUTH && type == LDNS_RR_TYPE_NS &&
	    strcmp(owner, zone) != 0 &&
	    (*got = dl_live_referral_ns(r, owner)) != NULL)
		return 0;
	if (r->outcome != DL_DNSQ_ANSWER && r->outcome != DL_DNSQ_NODATA &&
	    r->outcome != DL_DNSQ_NXDOMAIN) {
		*why = dl_dnsq_outcome_name(r->outcome);
		return -1;
	}
	if ((*got = ldns_rr_list_new()) == NULL) {
		*why = "out of memory";
		return -1;
	}
	for (i = 0; r->answer != NULL && i < ldns_rr_list_rr_count(r->answer);
	    i++)
		if (ldns_rr_get_type(ldns_rr_list_rr(r->answer, i)) == type)
			ldns_rr_list_push_rr(*got, ldns_rr_list_rr(r->answer,
			    i));
	/* An alias where the zone has other data differs. */
	if (ldns_rr_list_rr_count(*got) == 0 && r->answer != NULL &&
	    ldns_rr_list_rr_count(r->answer) > 0)
		ldns_rr_list_push_rr(*got, ldns_rr_list_rr(r->answer, 0));
	return 0;
}

/* The RRsets a provider move asked, the first few: into buf; buf. */
static const char *
move_asked(const struct dl_ctx *ctx, char *buf, size_t n)
{
	size_t i, len = 0, n_move = dl_ctx_move_questions(ctx);
	ldns_rr_type type;
	const char *owner;
	char *subject;

	buf[0] = '\0';
	for (i = 0; i < n_move && i < MOVE_NAMED; i++) {
		owner = dl_ctx_move_question(ctx, i, &type);
		if ((subject = dl_rrset_subject(owner, type)) == NULL)
			break;
		dl_catf(buf, n, &len, "%s%s", i > 0 ? ", " : "", subject);
		free(subject);
	}
	if (n_move > i)
		dl_catf(buf, n, &len, " and %zu more", n_move - i);
	return buf;
}

/* Name an RRset a new server serves otherwise than the zone. */
static void
move_differs(struct dl_sink *sink, struct dl_pos pos,
    const struct dl_dnsq_server *srv, const char *owner, ldns_rr_type type,
    const ldns_rr_list *got, const char *want, uint32_t ttl)
{
	static const char hint[] = "load the zone completely at the new "
	    "provider before the delegation points at it";
	char *subject = dl_rrset_subject(owner, type);
	char *have = dl_rdata_text(got);

	/* The server is the subject: verify-provider reads it so. */
	if (ldns_rr_list_rr_count(got) == 0)
		dl_sink_finding(sink, DL_FAIL, srv->label, pos, DL_NO_TIME,
		    hint, "%s does not serve %s; the zone has '%s' (TTL %u)",
		    srv->text, subject ? subject : owner, want ? want : "?",
		    ttl);
	else
		dl_sink_finding(sink, DL_FAIL, srv->label, pos, DL_NO_TIME,
		    hint, "%s serves %s as '%s' (TTL %u); the zone has '%s' "
		    "(TTL %u)", srv->text, subject ? subject : owner,
		    have ? have : "?", dl_rrset_ttl(got), want ? want : "?",
		    ttl);
	free(subject);
	free(have);
}

/*
 * A provider move: every RRset asked of a new server (dl_live's move
 * questions) against the zone.  One failure per differing RRset (the
 * first MOVE_NAMED of a server, then how many more), and per server a
 * pass when every RRset of the whole zone matched, else unknown saying
 * what was not compared.
 */
static void
move_data(const struct dl_ctx *ctx, struct dl_sink *sink, struct dl_pos pos)
{
	const struct dl_live_ns_addr *ns;
	size_t s, i, q, n_ns, n_move = dl_ctx_move_questions(ctx);
	enum dl_status st;

	ns = dl_ctx_nameservers(ctx, &n_ns);
	for (s = 0; s < dl_ctx_move_servers(ctx); s++) {
		const struct dl_dnsq_server *srv = dl_ctx_move_server(ctx, s);
		size_t differ = 0, unknown = 0, same = 0;
		const char *first_why = NULL, *why;
		char *want, asked[512];

		/* A server that does not serve the zone failed above. */
		for (i = 0; i < n_ns; i++)
			if (strcmp(ns[i].addr, srv->text) == 0)
				break;
		if (i == n_ns || problem(ns[i].soa, &st) != NULL)
			continue;
		for (q = 0; q < n_move; q++) {
			ldns_rr_type type;
			const char *owner = dl_ctx_move_question(ctx, q, &type);
			ldns_rr_list *got;
			int m;

			if (move_got(dl_ctx_move_reply(ctx, s, q),
			    ctx->plan->zone, owner, type, &got, &why) != 0) {
				if (unknown++ == 0)
					first_why = why;
				continue;
			}
			m = move_same(ctx, owner, type, got, &want);
			if (m < 0) {
				if (unknown++ == 0)
					first_why = "not known at the current "
					    "servers";
			} else if (m > 0)
				same++;
			else if (++differ <= MOVE_NAMED) {
				move_differs(sink, pos, srv, owner, type,
				    got, want, move_zone_ttl(ctx, owner, type));
			}
			free(want);
			ldns_rr_list_free(got);
		}
		if (differ > MOVE_NAMED)
			dl_sink_finding(sink, DL_FAIL, srv->label, pos,
			    DL_NO_TIME, NULL, "%s: %zu more RRsets differ from "
			    "the zone", srv->text, differ - MOVE_NAMED);
		if (differ > 0)
			continue;
		if (unknown > 0)
			dl_sink_finding(sink, DL_UNKNOWN, srv->label, pos,
			    DL_NO_TIME, NULL, "%s: %zu of %zu RRsets could not "
			    "be compared (%s); %zu match the zone", srv->text,
			    unknown, n_move, first_why, same);
		else if (!dl_ctx_move_whole(ctx))
			dl_sink_finding(sink, DL_UNKNOWN, srv->label, pos,
			    DL_NO_TIME, "give --axfr to compare every RRset "
			    "of the zone (a zone file alone asks no server)",
			    "%s serves the zone's data for the %zu RRsets the "
			    "rules asked for (%s); the rest of the zone was not "
			    "compared", srv->text, same, move_asked(ctx, asked,
			    sizeof(asked)));
		else if (n_move < dl_ctx_move_total(ctx))
			dl_sink_finding(sink, DL_UNKNOWN, srv->label, pos,
			    DL_NO_TIME, NULL, "%s serves the zone's data for "
			    "the first %zu of %zu RRsets; the rest was not "
			    "asked (at most %d per server)", srv->text, same,
			    dl_ctx_move_total(ctx), DL_LIVE_MOVE_MAX);
		else
			dl_sink_finding(sink, DL_PASS, srv->label, pos,
			    DL_NO_TIME, NULL, "%s serves the zone's data: "
			    "all %zu RRsets of the transfer match", srv->text,
			    same);
	}
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
			dl_catf(what, sizeof(what), &len, "%s%s",
			    len ? "; " : "", buf);
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
	move_data(ctx, sink, pos);
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
	"In a provider move it also asks every address of each new\n"
	"nameserver for the zone's RRsets (with --axfr every RRset of the\n"
	"transfer but the SOA and what a signer makes, at most 2000; else\n"
	"the RRsets the rules asked for) and fails for each RRset served\n"
	"otherwise than the zone (or the plan's new data) has it, naming\n"
	"the server: an import that lost the MX.  What was not compared is\n"
	"unknown, never a pass.\n"
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
