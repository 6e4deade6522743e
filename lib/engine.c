#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "dtime.h"
#include "engine.h"
#include "par.h"
#include "registry.h"
#include "text.h"

/*
 * Heap a change takes in a run (its findings, steps and texts), about:
 * room made at once on huge pages (dl_bigmem_heap()) when the changes
 * are thousands.  Room not written costs nothing.
 */
#define HEAP_PER_CHANGE	4096

/* The sink a rule reports through: the result being built. */
struct dl_sink {
	struct dl_result	*result;
	const struct dl_rule	*rule;
	enum dl_severity	severity;
	int			nomem;
	size_t			findings_cap, steps_cap;
	/*
	 * The steps by kind and subject, so that each is added once in
	 * constant time (a plan of 100,000 changes has 300,000 steps):
	 * open addressing, step index + 1, 0 empty; size a power of two.
	 */
	size_t			*seen;
	size_t			seen_size;
};

/*
 * The slot of the step of kind and subject in sink->seen: where it is,
 * or the empty slot where it would go.
 */
static size_t
step_slot(const struct dl_sink *sink, enum dl_step_kind kind,
    const char *subject)
{
	const struct dl_step *s;
	size_t mask = sink->seen_size - 1, j;

	j = (size_t)dl_hash((uint64_t)kind, subject, strlen(subject)) & mask;
	for (; sink->seen[j] != 0; j = (j + 1) & mask) {
		s = &sink->result->steps[sink->seen[j] - 1];
		if (s->kind == kind && strcmp(s->subject, subject) == 0)
			break;
	}
	return j;
}

/* Make room in sink->seen for one more step.  Returns 0 or -1. */
static int
seen_grow(struct dl_sink *sink)
{
	const struct dl_result *r = sink->result;
	size_t size, i;

	if ((r->n_steps + 1) * 2 <= sink->seen_size)
		return 0;
	size = sink->seen_size ? sink->seen_size * 2 : 64;
	free(sink->seen);
	if ((sink->seen = calloc(size, sizeof(*sink->seen))) == NULL) {
		sink->seen_size = 0;
		return -1;
	}
	sink->seen_size = size;
	for (i = 0; i < r->n_steps; i++)
		sink->seen[step_slot(sink, r->steps[i].kind,
		    r->steps[i].subject)] = i + 1;
	return 0;
}

static char *vformat(const char *, va_list)
    __attribute__((format(printf, 1, 0)));

static char *
vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) == -1)
		return NULL;
	return s;
}

static void vfinding(struct dl_sink *, enum dl_status, const char *,
    struct dl_pos, int64_t, const char *, const char *, va_list)
    __attribute__((format(printf, 7, 0)));

void
dl_sink_finding(struct dl_sink *sink, enum dl_status status,
    const char *subject, struct dl_pos pos, int64_t wait_until,
    const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfinding(sink, status, subject, pos, wait_until, hint, fmt, ap);
	va_end(ap);
}

/* dl_sink_finding() with the arguments of fmt in ap. */
static void
vfinding(struct dl_sink *sink, enum dl_status status, const char *subject,
    struct dl_pos pos, int64_t wait_until, const char *hint, const char *fmt,
    va_list ap)
{
	struct dl_result *r = sink->result;
	struct dl_finding *f;

	if (r->n_findings == sink->findings_cap) {
		/* Doubling: appending one at a time is quadratic. */
		f = reallocarray(r->findings, sink->findings_cap ?
		    sink->findings_cap * 2 : 64, sizeof(*f));
		if (f == NULL) {
			sink->nomem = 1;
			return;
		}
		r->findings = f;
		sink->findings_cap = sink->findings_cap ?
		    sink->findings_cap * 2 : 64;
	}
	f = &r->findings[r->n_findings];
	memset(f, 0, sizeof(*f));
	f->rule = sink->rule;
	f->severity = sink->severity;
	f->status = status;
	f->pos = pos;
	f->wait_until = wait_until;
	f->message = vformat(fmt, ap);
	f->subject = strdup(subject);
	f->hint = hint ? strdup(hint) : NULL;
	f->file = pos.file ? strdup(pos.file) : NULL;
	f->pos.file = NULL;
	if (f->message == NULL || f->subject == NULL ||
	    (hint != NULL && f->hint == NULL) ||
	    (pos.file != NULL && f->file == NULL)) {
		free(f->message);
		free(f->subject);
		free(f->hint);
		free(f->file);
		sink->nomem = 1;
		return;
	}
	r->n_findings++;
}

void
dl_sink_suspicion(struct dl_sink *sink, enum dl_status status,
    const char *subject, struct dl_pos pos, int64_t wait_until,
    const char *hint, const char *fmt, ...)
{
	enum dl_severity was = sink->severity;
	va_list ap;

	if (sink->severity > DL_SEV_WARNING)
		sink->severity = DL_SEV_WARNING;
	va_start(ap, fmt);
	vfinding(sink, status, subject, pos, wait_until, hint, fmt, ap);
	va_end(ap);
	sink->severity = was;
}

void
dl_sink_assumption(struct dl_sink *sink, const char *subject,
    struct dl_pos pos, const char *hint, const char *fmt, ...)
{
	size_t n = sink->result->n_findings;
	va_list ap;

	va_start(ap, fmt);
	vfinding(sink, DL_PASS, subject, pos, DL_NO_TIME, hint, fmt, ap);
	va_end(ap);
	if (sink->result->n_findings > n)
		sink->result->findings[n].assumed = 1;
}

/*
 * Add the step of kind and subject unless the sink has it: text (taken
 * over, freed when not kept) says what it is.
 */
static void
step_put(struct dl_sink *sink, enum dl_step_kind kind, const char *subject,
    int64_t at, enum dl_step_state state, char *text)
{
	struct dl_result *r = sink->result;
	struct dl_step *s;
	size_t slot;

	if (text == NULL || seen_grow(sink) != 0) {
		free(text);
		sink->nomem = 1;
		return;
	}
	slot = step_slot(sink, kind, subject);
	if (sink->seen[slot] != 0) {
		free(text);
		return;		/* each step once */
	}
	if (r->n_steps == sink->steps_cap) {
		s = reallocarray(r->steps, sink->steps_cap ?
		    sink->steps_cap * 2 : 64, sizeof(*s));
		if (s == NULL) {
			free(text);
			sink->nomem = 1;
			return;
		}
		r->steps = s;
		sink->steps_cap = sink->steps_cap ? sink->steps_cap * 2 : 64;
	}
	s = &r->steps[r->n_steps];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->at = at;
	s->state = state;
	s->text = text;
	if ((s->subject = strdup(subject)) == NULL) {
		free(s->text);
		sink->nomem = 1;
		return;
	}
	sink->seen[slot] = ++r->n_steps;
}

void
dl_sink_step(struct dl_sink *sink, enum dl_step_kind kind,
    const char *subject, int64_t at, enum dl_step_state state,
    const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = vformat(fmt, ap);
	va_end(ap);
	step_put(sink, kind, subject, at, state, text);
}

size_t
dl_ctx_servers(const struct dl_ctx *ctx)
{
	return ctx->net != NULL && ctx->net->batch != NULL ?
	    dl_dnsq_batch_servers(ctx->net->batch) : 0;
}

const struct dl_dnsq_server *
dl_ctx_server(const struct dl_ctx *ctx, size_t s)
{
	return dl_dnsq_batch_server(ctx->net->batch, s);
}

int
dl_ctx_question(const struct dl_ctx *ctx, const char *owner,
    ldns_rr_type type)
{
	return ctx->net != NULL ? dl_live_question(ctx->net, owner, type) : -1;
}

ldns_rr_type
dl_ctx_question_type(const struct dl_ctx *ctx, int q)
{
	return ctx->net->q_type[q];
}

const struct dl_dnsq_result *
dl_ctx_reply(const struct dl_ctx *ctx, size_t s, int q)
{
	return dl_dnsq_batch_result(ctx->net->batch, s, (size_t)q);
}

const char *
dl_ctx_unasked(const struct dl_ctx *ctx)
{
	const struct dl_live *l = ctx->net;

	return l != NULL && l->disc != NULL && l->disc->n_unresolved > 0 ?
	    l->disc->unresolved[0] : NULL;
}

int
dl_ctx_ns_known(const struct dl_ctx *ctx)
{
	return ctx->net != NULL && ctx->net->ns_known;
}

const struct dl_live_ns_addr *
dl_ctx_nameservers(const struct dl_ctx *ctx, size_t *n)
{
	*n = ctx->net != NULL ? ctx->net->n_ns : 0;
	return *n > 0 ? ctx->net->ns : NULL;
}

char *const *
dl_ctx_ns_unresolved(const struct dl_ctx *ctx, size_t *n)
{
	*n = ctx->net != NULL ? ctx->net->n_unresolved : 0;
	return *n > 0 ? ctx->net->unresolved : NULL;
}

size_t
dl_ctx_move_questions(const struct dl_ctx *ctx)
{
	return ctx->net != NULL ? ctx->net->n_move : 0;
}

const char *
dl_ctx_move_question(const struct dl_ctx *ctx, size_t q, ldns_rr_type *type)
{
	*type = ctx->net->move_type[q];
	return ctx->net->move_owner[q];
}

size_t
dl_ctx_move_total(const struct dl_ctx *ctx)
{
	return ctx->net != NULL ? ctx->net->move_total : 0;
}

int
dl_ctx_move_whole(const struct dl_ctx *ctx)
{
	return ctx->net != NULL && ctx->net->move_whole;
}

size_t
dl_ctx_move_servers(const struct dl_ctx *ctx)
{
	return ctx->net != NULL && ctx->net->move_batch != NULL ?
	    dl_dnsq_batch_servers(ctx->net->move_batch) : 0;
}

const struct dl_dnsq_server *
dl_ctx_move_server(const struct dl_ctx *ctx, size_t s)
{
	return dl_dnsq_batch_server(ctx->net->move_batch, s);
}

const struct dl_dnsq_result *
dl_ctx_move_reply(const struct dl_ctx *ctx, size_t s, size_t q)
{
	return dl_dnsq_batch_result(ctx->net->move_batch, s, q);
}

int
dl_ctx_parent_ds(const struct dl_ctx *ctx, size_t *n)
{
	int known = ctx->net != NULL && ctx->net->parent_ds_known;

	*n = known ? ctx->net->n_parent_ds : 0;
	return known;
}

void
dl_engine_model_params(const struct dl_config *cfg,
    struct dl_model_params *out)
{
	const struct dl_rule_settings *set;
	const struct dl_rule *r;
	int64_t v;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < dl_rule_count; i++) {
		r = dl_rules[i];
		if (r->model_input == DL_MODEL_NONE ||
		    r->model_threshold >= r->n_thresholds)
			continue;
		set = cfg != NULL ? dl_config_rule(cfg, i) : NULL;
		v = set != NULL ? set->value[r->model_threshold] :
		    r->thresholds[r->model_threshold].def;
		if (r->model_input == DL_MODEL_MAX_TTL)
			out->max_ttl = (uint32_t)v;
		else
			out->factor = (uint32_t)v;
	}
}

int
dl_engine_filter(const struct dl_plan *plan, struct dl_plan_filter *pf)
{
	struct dl_needs nd;

	dl_needs_all(&nd);
	return dl_needs_filter(&nd, plan, pf);
}

void
dl_engine_filter_free(struct dl_plan_filter *pf)
{
	dl_needs_filter_free(pf);
}

int
dl_ctx_plan_only(const struct dl_ctx *ctx)
{
	return ctx->net == NULL && ctx->live != NULL &&
	    ctx->live == ctx->plan->before;
}

void
dl_sink_ns_unknown(struct dl_sink *sink, const struct dl_ctx *ctx,
    const char *subject, struct dl_pos pos)
{
	const struct dl_plan *p = ctx->plan;
	size_t i;

	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(p->changes[i].owner, p->zone) == 0 &&
		    p->changes[i].unknown != NULL) {
			dl_sink_finding(sink, DL_UNKNOWN, subject, pos,
			    DL_NO_TIME, NULL, "the NS RRset after the change "
			    "is not known: %s", p->changes[i].unknown);
			return;
		}
	if (dl_ctx_plan_only(ctx))
		dl_sink_finding(sink, DL_SKIP, subject, pos, DL_NO_TIME,
		    DL_PLAN_ONLY_HINT, "the plan does not change the NS "
		    "RRset and does not hold it");
	else
		dl_sink_finding(sink, DL_UNKNOWN, subject, pos, DL_NO_TIME,
		    NULL, "the live NS RRset could not be fetched");
}

int
dl_sink_after_unknown(struct dl_sink *sink, const struct dl_ctx *ctx)
{
	const struct dl_change *c = dl_plan_unknown_change(ctx->plan);
	struct dl_pos none = { 0, 0, NULL };
	char *subject;

	if (c == NULL)
		return 0;
	if ((subject = dl_rrset_subject(c->owner, c->type)) == NULL) {
		sink->nomem = 1;
		return 1;
	}
	dl_sink_finding(sink, DL_UNKNOWN, ctx->plan->zone, none, DL_NO_TIME,
	    NULL, "the zone after the change is not known: %s: %s", subject,
	    c->unknown);
	free(subject);
	return 1;
}

const struct dl_change *
dl_ctx_ns_change(const struct dl_ctx *ctx)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_change *c = NULL;
	ldns_rr_list *cur;
	size_t i;
	int same;

	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(p->changes[i].owner, p->zone) == 0)
			c = &p->changes[i];
	if (c == NULL || c->to == NULL || ctx->live == NULL ||
	    !dl_zone_rrset_known(ctx->live, p->zone, LDNS_RR_TYPE_NS))
		return c;
	/* Out of memory: taken as a change, the side that asks more. */
	if ((cur = dl_zone_rrset(ctx->live, p->zone, LDNS_RR_TYPE_NS)) == NULL)
		return c;
	same = dl_rrset_rdata_equal(c->to, cur);
	ldns_rr_list_free(cur);
	return same ? NULL : c;
}

int
dl_ns_list_has(const ldns_rr_list *rrs, const char *name)
{
	size_t i;
	char *t;
	int hit = 0;

	for (i = 0; rrs != NULL && i < ldns_rr_list_rr_count(rrs) && !hit;
	    i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS ||
		    ldns_rr_rd_count(rr) < 1 ||
		    (t = dl_name_str(ldns_rr_rdf(rr, 0))) == NULL)
			continue;
		hit = strcmp(t, name) == 0;
		free(t);
	}
	return hit;
}

int
dl_ns_only_in(const ldns_rr_list *a, const ldns_rr_list *b,
    ldns_rr_list *out)
{
	size_t i;
	int count = 0, miss;
	char *t;

	for (i = 0; a != NULL && i < ldns_rr_list_rr_count(a); i++) {
		ldns_rr *rr = ldns_rr_list_rr(a, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS ||
		    ldns_rr_rd_count(rr) < 1)
			continue;
		if ((t = dl_name_str(ldns_rr_rdf(rr, 0))) == NULL)
			return -1;
		miss = !dl_ns_list_has(b, t);
		free(t);
		if (!miss)
			continue;
		if (out != NULL && !ldns_rr_list_push_rr(out, rr))
			return -1;
		count++;
	}
	return count;
}

/*
 * The names of the NS records of a, ", "-separated, into buf (size n; cut
 * with "..." when longer).
 */
static void
ns_names(const ldns_rr_list *a, char *buf, size_t n)
{
	size_t i, len = 0;
	char *t;

	buf[0] = '\0';
	for (i = 0; a != NULL && i < ldns_rr_list_rr_count(a); i++) {
		if (ldns_rr_rd_count(ldns_rr_list_rr(a, i)) < 1 ||
		    (t = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(a, i), 0))) ==
		    NULL)
			continue;
		dl_catf(buf, n, &len, "%s%s", len ? ", " : "", t);
		free(t);
	}
	if (len >= n && n > 4)
		memcpy(buf + n - 4, "...", 4);
}

/* Does finding f come from a rule with flag (DL_RULE_*)? */
static int
from_rule(const struct dl_finding *f, unsigned flag)
{
	return f->rule != NULL && (f->rule->flags & flag) != 0;
}

/*
 * How the new nameservers did in the live checks of the rules that
 * verify them (DL_RULE_VERIFIES_NS, DL_RULE_VERIFIES_ZONE): DL_STEP_DONE
 * when every one was asked and passed, DL_STEP_BLOCKED when one failed,
 * else DL_STEP_PENDING.
 */
static enum dl_step_state
verified(const struct dl_result *r, const ldns_rr_list *added)
{
	enum dl_step_state st = DL_STEP_DONE;
	size_t i, j, passed;
	char *t;

	for (i = 0; i < r->n_findings; i++)
		if (from_rule(&r->findings[i], DL_RULE_VERIFIES_ZONE) &&
		    r->findings[i].status == DL_FAIL)
			return DL_STEP_BLOCKED;
	for (i = 0; i < ldns_rr_list_rr_count(added); i++) {
		ldns_rr *rr = ldns_rr_list_rr(added, i);

		if ((t = dl_name_str(ldns_rr_rdf(rr, 0))) == NULL)
			return DL_STEP_PENDING;
		passed = 0;
		for (j = 0; j < r->n_findings; j++) {
			const struct dl_finding *f = &r->findings[j];

			if (!from_rule(f, DL_RULE_VERIFIES_NS) ||
			    strcmp(f->subject, t) != 0)
				continue;
			if (f->status == DL_FAIL) {
				free(t);
				return DL_STEP_BLOCKED;
			}
			passed = f->status == DL_PASS;
		}
		free(t);
		if (!passed)
			st = DL_STEP_PENDING;
	}
	return st;
}

/* Did a rule that gates the delegation find the plan's NS change too
   early? */
static int
dnssec_too_early(const struct dl_result *r)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++)
		if (from_rule(&r->findings[i], DL_RULE_GATES_DELEGATION) &&
		    r->findings[i].status == DL_FAIL &&
		    r->findings[i].wait_until != DL_NO_TIME)
			return 1;
	return 0;
}

/*
 * "not yet (see A and B)": the rules that verify new nameservers, those
 * that ask each one first.
 */
static void
verifiers(char *buf, size_t n)
{
	static const unsigned order[] = { DL_RULE_VERIFIES_NS,
	    DL_RULE_VERIFIES_ZONE };
	const char *ids[16];
	size_t i, j, k = 0, len;

	for (j = 0; j < 2; j++)
		for (i = 0; i < dl_rule_count && k < 16; i++)
			if ((dl_rules[i]->flags & order[j]) != 0)
				ids[k++] = dl_rules[i]->id;
	len = 0;
	dl_catf(buf, n, &len, "not yet (see");
	for (i = 0; i < k; i++)
		dl_catf(buf, n, &len, "%s%s",
		    i == 0 ? " " : i + 1 == k ? " and " : ", ", ids[i]);
	dl_catf(buf, n, &len, ")");
}

/* The state of the step of kind already added, or -1. */
static int
step_state(const struct dl_sink *sink, enum dl_step_kind kind)
{
	size_t i;

	for (i = 0; i < sink->result->n_steps; i++)
		if (sink->result->steps[i].kind == kind)
			return (int)sink->result->steps[i].state;
	return -1;
}

/*
 * The first step of a provider move (DESIGN.md "NS changes"): the
 * nameservers new in the NS set are proven to serve the zone before
 * anyone is sent to them.
 */
static void
add_verify_step(struct dl_sink *sink, const struct dl_ctx *ctx)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_change *c;
	const ldns_rr_list *live;
	enum dl_step_state st;
	ldns_rr_list *added;
	char names[512], cmd[600], see[256];
	int64_t at;
	size_t n;

	if ((c = dl_ctx_ns_change(ctx)) == NULL || c->to == NULL ||
	    c->unknown != NULL)
		return;
	live = ctx->model->rrsets[c - p->changes].live;
	if ((added = ldns_rr_list_new()) == NULL ||
	    dl_ns_only_in(c->to, live, added) < 0) {
		ldns_rr_list_free(added);
		sink->nomem = 1;
		return;
	}
	n = ldns_rr_list_rr_count(added);
	ns_names(added, names, sizeof(names));
	at = ctx->now;
	if (ctx->cutover < at)
		at = ctx->cutover;
	if (ctx->model->delegation < at)
		at = ctx->model->delegation;
	st = n == 0 ? DL_STEP_DONE : ctx->net == NULL ? DL_STEP_PENDING :
	    verified(sink->result, added);
	verifiers(see, sizeof(see));
	/* The command that asks them: the plan without a zone file. */
	snprintf(cmd, sizeof(cmd), "run 'dnslint %s' (without --zone-file) "
	    "to ask them", p->file);
	ldns_rr_list_free(added);
	if (n == 0)
		dl_sink_step(sink, DL_STEP_VERIFY_PROVIDER, p->zone, at, st,
		    "verify-provider: the plan adds no nameserver");
	else
		dl_sink_step(sink, DL_STEP_VERIFY_PROVIDER, p->zone, at, st,
		    "verify-provider: %s must answer for %s with authority, "
		    "the SOA serial and the data of the other servers: %s",
		    names, p->zone, ctx->net == NULL ? cmd :
		    st == DL_STEP_DONE ? "verified" :
		    st == DL_STEP_BLOCKED ? see :
		    "not every one could be asked");
}

/*
 * The steps of a provider move after the cutover: the delegation changed
 * at the parent, each old nameserver switched off once no cache can hold
 * it.
 */
static void
add_ns_steps(struct dl_sink *sink, const struct dl_ctx *ctx)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	const struct dl_rrset_model *r;
	const struct dl_change *c;
	ldns_rr_list *old;
	char names[512];
	int64_t gone;
	size_t i;
	int by_parent, blocked;

	if ((c = dl_ctx_ns_change(ctx)) == NULL || c->to == NULL ||
	    c->unknown != NULL)
		return;
	r = &m->rrsets[c - p->changes];
	ns_names(c->to, names, sizeof(names));
	/* Never before the new servers are proven, nor with the cutover
	   blocked. */
	blocked = step_state(sink, DL_STEP_VERIFY_PROVIDER) ==
	    DL_STEP_BLOCKED || step_state(sink, DL_STEP_CUTOVER) ==
	    DL_STEP_BLOCKED || dnssec_too_early(sink->result);
	dl_sink_step(sink, DL_STEP_DELEGATION, p->zone, m->delegation,
	    blocked ? DL_STEP_BLOCKED : DL_STEP_PENDING,
	    "delegation: set the NS of %s at the parent (the registrar) to "
	    "%s, with glue for any in the zone", p->zone, names);
	/* Old nameservers: only when the TTLs resolvers hold are known. */
	if (r->live == NULL || r->state == DL_TTL_UNKNOWN ||
	    r->state == DL_TTL_PRIOR_UNKNOWN ||
	    r->state == DL_TTL_HISTORY_UNKNOWN)
		return;
	gone = dl_model_ns_expiry(m, r, &by_parent);
	if ((old = ldns_rr_list_new()) == NULL ||
	    dl_ns_only_in(r->live, c->to, old) < 0) {
		ldns_rr_list_free(old);
		sink->nomem = 1;
		return;
	}
	for (i = 0; i < ldns_rr_list_rr_count(old); i++) {
		char *t;

		if ((t = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(old, i),
		    0))) == NULL) {
			sink->nomem = 1;
			break;
		}
		dl_sink_step(sink, DL_STEP_DECOMMISSION, t, gone,
		    DL_STEP_PENDING, "%s may be switched off (no cache holds "
		    "the old NS set: %s + %u x %us)", t, by_parent ?
		    "delegation" : "cutover", m->factor, by_parent ?
		    dl_ttl_floor(m->parent_ns_ttl) : r->held);
		free(t);
	}
	ldns_rr_list_free(old);
}

/* One line saying what the cutover publishes. */
static void
add_cutover_step(struct dl_sink *sink, const struct dl_ctx *ctx)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	const struct dl_result *r = sink->result;
	enum dl_step_state state = DL_STEP_PENDING;
	char list[1024] = "";
	size_t i, len = 0;

	if (r->n_changes != p->n_changes)
		return;		/* out of memory: said by the caller */
	for (i = 0; i < m->n_rrsets; i++)
		if (m->rrsets[i].safe_from != DL_NO_TIME &&
		    m->rrsets[i].safe_from > ctx->cutover)
			state = DL_STEP_BLOCKED;
	if (step_state(sink, DL_STEP_VERIFY_PROVIDER) == DL_STEP_BLOCKED ||
	    dnssec_too_early(sink->result))
		state = DL_STEP_BLOCKED;
	/* A cutover in the past that the servers do not show. */
	for (i = 0; i < m->n_rrsets; i++)
		if (m->rrsets[i].unpublished) {
			dl_sink_step(sink, DL_STEP_CUTOVER, p->zone,
			    ctx->cutover, DL_STEP_BLOCKED, "cutover: has not "
			    "happened, the servers still publish the old %s",
			    m->rrsets[i].subject);
			return;
		}
	if (p->n_changes == 1 && m->n_rrsets == 1 &&
	    dl_ctx_ns_change(ctx) != NULL) {
		dl_sink_step(sink, DL_STEP_CUTOVER, p->zone, ctx->cutover, state,
		    "cutover: publish the new %s RRset at every provider, "
		    "old and new: %s", m->rrsets[0].subject, r->changes[0]);
	} else if (p->n_changes == 1 && m->n_rrsets == 1) {
		const struct dl_change *c = &p->changes[0];

		dl_sink_step(sink, DL_STEP_CUTOVER, p->zone, ctx->cutover, state,
		    "cutover: %s %s", c->delete ? "delete" : "publish",
		    r->changes[0]);
	} else if (p->n_changes == 0) {
		dl_sink_step(sink, DL_STEP_CUTOVER, p->zone, ctx->cutover, state,
		    "cutover: the plan changes no record");
	} else {
		/* The first few; the JSON report lists every one. */
		for (i = 0; i < r->n_changes && i < 3; i++)
			dl_catf(list, sizeof(list), &len, "%s%s",
			    i ? "; " : ": ", r->changes[i]);
		if (len >= sizeof(list))
			memcpy(list + sizeof(list) - 4, "...", 4);
		dl_sink_step(sink, DL_STEP_CUTOVER, p->zone, ctx->cutover, state,
		    "cutover: publish the %zu changes of the plan%s%s",
		    p->n_changes, list, r->n_changes > 3 ? "; ..." : "");
	}
}

static int
pos_cmp(const void *a, const void *b)
{
	const struct dl_change *x = *(const struct dl_change *const *)a;
	const struct dl_change *y = *(const struct dl_change *const *)b;

	return dl_pos_cmp(&x->pos, &y->pos);
}

/*
 * What a change does, for people: "www.example.com. A 192.0.2.10 ->
 * 198.51.100.10", with the TTLs when they change, "(none)" for a new or a
 * deleted RRset, "?" for data that is not known.  Fills from and to (the
 * RDATA texts, NULL when not known).  Returns the line (free(3)), or NULL
 * when out of memory.
 */
static char *
change_text(const struct dl_rrset_model *r, char **from, char **to)
{
	const struct dl_change *c = r->change;
	char *s, tf[24] = "", tt[24] = "";

	*from = *to = NULL;
	if (r->live != NULL && (*from = dl_rdata_text(r->live)) == NULL)
		return NULL;
	if (c->unknown == NULL && (*to = dl_rdata_text(c->to)) == NULL) {
		free(*from);
		*from = NULL;
		return NULL;
	}
	if (r->live != NULL && ldns_rr_list_rr_count(r->live) > 0 &&
	    c->has_ttl && c->to != NULL && dl_rrset_ttl(r->live) != c->ttl) {
		snprintf(tf, sizeof(tf), " (TTL %u)", dl_rrset_ttl(r->live));
		snprintf(tt, sizeof(tt), " (TTL %u)", c->ttl);
	}
	if (asprintf(&s, "%s %s%s -> %s%s", r->subject, *from ? *from : "?",
	    tf, *to ? *to : "?", tt) == -1) {
		free(*from);
		free(*to);
		*from = *to = NULL;
		return NULL;
	}
	return s;
}

/*
 * What each change of the plan does: its text (r->changes) and the RDATA
 * before and after (from, to: each change's, for the findings at it).
 */
struct texts {
	char	**from;
	char	**to;
	size_t	  n;
};

static void
texts_free(struct texts *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->from[i]);
		free(t->to[i]);
	}
	free(t->from);
	free(t->to);
}

/* Fill r->changes and t: 0 or DL_ENOMEM (t then holds what was made). */
static int
describe_changes(struct dl_result *r, const struct dl_plan *plan,
    const struct dl_model *m, struct texts *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	if (plan->n_changes == 0)
		return 0;
	if ((r->changes = calloc(plan->n_changes, sizeof(char *))) == NULL ||
	    (t->from = calloc(plan->n_changes, sizeof(char *))) == NULL ||
	    (t->to = calloc(plan->n_changes, sizeof(char *))) == NULL)
		return DL_ENOMEM;
	for (i = 0; i < plan->n_changes; i++) {
		if ((r->changes[i] = change_text(&m->rrsets[i], &t->from[i],
		    &t->to[i])) == NULL)
			return DL_ENOMEM;
		r->n_changes = t->n = i + 1;
	}
	return 0;
}

/* A copy of s, or of NULL; 0, or -1 out of memory. */
static int
dup_or_null(char **out, const char *s)
{
	return (*out = s != NULL ? strdup(s) : NULL) == NULL && s != NULL ?
	    -1 : 0;
}

/*
 * Name the change at a finding's place in it: what the change does
 * (describe_changes()' texts, in the finding's change fields, which the
 * reports show) and, for a Terraform plan, where it comes from (the
 * resource address, added to the message).
 * Sorted once, looked up by bisection: linear-logarithmic in the changes.
 * Returns 0 or DL_ENOMEM.
 */
static int
add_changes(struct dl_result *r, const struct dl_plan *plan,
    const struct texts *t)
{
	const struct dl_change **by_pos, *c, *key, *const *hit;
	struct dl_change key_c;
	size_t i, k, n = plan->n_changes;
	char *msg;

	if (n == 0)
		return 0;
	if ((by_pos = calloc(n, sizeof(*by_pos))) == NULL)
		return DL_ENOMEM;
	for (i = 0; i < n; i++)
		by_pos[i] = &plan->changes[i];
	qsort(by_pos, n, sizeof(*by_pos), pos_cmp);
	for (i = 0; i < r->n_findings; i++) {
		struct dl_finding *f = &r->findings[i];

		if (f->pos.line == 0)
			continue;
		memset(&key_c, 0, sizeof(key_c));
		key_c.pos = f->pos;
		key_c.pos.file = f->file;
		key = &key_c;
		if ((hit = bsearch(&key, by_pos, n, sizeof(*by_pos),
		    pos_cmp)) == NULL)
			continue;
		c = *hit;
		k = (size_t)(c - plan->changes);
		if (dup_or_null(&f->change, r->changes[k]) != 0 ||
		    dup_or_null(&f->change_from, t->from[k]) != 0 ||
		    dup_or_null(&f->change_to, t->to[k]) != 0)
			goto nomem;
		if (c->address == NULL)
			continue;
		if (asprintf(&msg, "%s (%s)", f->message, c->address) == -1)
			goto nomem;
		free(f->message);
		f->message = msg;
	}
	free(by_pos);
	return 0;
nomem:
	free(by_pos);
	return DL_ENOMEM;
}

static int
step_cmp(const void *a, const void *b)
{
	const struct dl_step *x = a, *y = b;

	if (x->at != y->at) {
		if (x->at == DL_NO_TIME)
			return 1;
		if (y->at == DL_NO_TIME)
			return -1;
		return x->at < y->at ? -1 : 1;
	}
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->subject, y->subject);
}

/*
 * Rules that read no model (DL_RULE_NO_MODEL) run beside the model and
 * the other rules, on a thread of their own when the process may use a
 * second processor (par.h): on a desired zone of a million records, zone-integrity's walks
 * took as long as the model's build and every other rule together.
 * They report into a sink and result of their own (struct side), which
 * join the plan's result in rule order once both are done: the output is
 * the same whichever ran first.
 */
static void result_clear(struct dl_result *);

struct side {
	struct dl_ctx		 ctx;		/* no model */
	const struct dl_config	*cfg;
	struct dl_result	 result;	/* findings and steps only */
	struct dl_sink		 sink;
	struct dl_par		 par;
};

/* Run the enabled rules whose DL_RULE_NO_MODEL flag is no_model. */
static void
run_rules(const struct dl_ctx *ctx, const struct dl_config *cfg,
    struct dl_sink *sink, int no_model)
{
	size_t i;

	for (i = 0; i < dl_rule_count; i++) {
		const struct dl_rule_settings *s = dl_config_rule(cfg, i);

		if (s->severity == DL_SEV_OFF ||
		    !(dl_rules[i]->flags & DL_RULE_NO_MODEL) != !no_model)
			continue;
		sink->rule = dl_rules[i];
		sink->severity = s->severity;
		dl_rules[i]->check(ctx, s, sink);
	}
	sink->rule = NULL;
}

static void
side_run(void *arg)
{
	struct side *sd = arg;

	run_rules(&sd->ctx, sd->cfg, &sd->sink, 1);
}

/* Start the rules that read no model; ctx has none yet. */
static void
side_start(struct side *sd, const struct dl_ctx *ctx,
    const struct dl_config *cfg)
{
	memset(sd, 0, sizeof(*sd));
	sd->ctx = *ctx;
	sd->ctx.model = NULL;
	sd->cfg = cfg;
	sd->sink.result = &sd->result;
	/* As long as the zone: the rules that read it whole. */
	dl_par_start_n(&sd->par, side_run, sd,
	    ctx->live != NULL ? dl_zone_record_count(ctx->live) : 0);
}

/* A rule's place in dl_rules: findings are listed in that order. */
static size_t
rule_index(const struct dl_rule *r)
{
	size_t i;

	for (i = 0; i < dl_rule_count && dl_rules[i] != r; i++)
		;
	return i;
}

/*
 * Wait for the side's rules (or run them here, without a thread) and move
 * what they found into sink: the findings merged in rule order (each
 * sink's are in that order already), the steps added as dl_sink_step()
 * adds them.
 */
static void
side_join(struct side *sd, struct dl_sink *sink)
{
	struct dl_result *r = sink->result, *o = &sd->result;
	struct dl_finding *f;
	size_t i = 0, j = 0, k, n;

	dl_par_join(&sd->par);
	n = r->n_findings + o->n_findings;
	if (sd->sink.nomem)
		sink->nomem = 1;
	if (o->n_findings > 0 && (f = reallocarray(NULL, n,
	    sizeof(*f))) != NULL) {
		for (k = 0; k < n; k++)
			f[k] = j == o->n_findings || (i < r->n_findings &&
			    rule_index(r->findings[i].rule) <=
			    rule_index(o->findings[j].rule)) ?
			    r->findings[i++] : o->findings[j++];
		free(r->findings);
		r->findings = f;
		r->n_findings = sink->findings_cap = n;
		o->n_findings = 0;
	} else if (o->n_findings > 0)
		sink->nomem = 1;
	for (k = 0; k < o->n_steps; k++) {
		step_put(sink, o->steps[k].kind, o->steps[k].subject,
		    o->steps[k].at, o->steps[k].state, o->steps[k].text);
		free(o->steps[k].subject);
	}
	o->n_steps = 0;
	result_clear(o);
	free(sd->sink.seen);
}

int
dl_engine_run(const struct dl_plan *plan, const struct dl_zone *live,
    const struct dl_live *net, const char *source, const char *source_name,
    const struct dl_config *cfg,
    int64_t now, int64_t cutover, struct dl_result **out)
{
	struct dl_result *r;
	struct dl_model *m = NULL;
	struct dl_sink sink;
	struct dl_model_params params;
	struct dl_ctx ctx;
	struct side side;
	struct texts texts;

	/* Before the rules' threads: the main thread's heap. */
	dl_bigmem_heap(plan->n_changes * HEAP_PER_CHANGE);
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return DL_ENOMEM;
	r->now = now;
	r->cutover = cutover;
	r->file = strdup(plan->file);
	r->zone = strdup(plan->zone);
	r->source = strdup(source);
	r->source_name = strdup(source_name ? source_name : "");
	if (r->file == NULL || r->zone == NULL || r->source == NULL ||
	    r->source_name == NULL)
		goto nomem;
	ctx.plan = plan;
	ctx.live = live;
	ctx.net = net;
	ctx.config = cfg;
	ctx.model = NULL;
	ctx.now = now;
	ctx.cutover = cutover;
	memset(&sink, 0, sizeof(sink));
	memset(&texts, 0, sizeof(texts));
	sink.result = r;
	side_start(&side, &ctx, cfg);
	dl_engine_model_params(cfg, &params);
	if (dl_model_build(plan, live, &params, cfg, now, cutover, &m) == 0) {
		dl_model_child_live(m, net);
		if (net != NULL && net->parent_known)
			m->parent_ns_ttl = net->parent_ns_ttl;
		if (net != NULL && net->parent_ds_known &&
		    net->n_parent_ds > 0)
			m->parent_ds_ttl = net->parent_ds_ttl;
		ctx.model = m;
		run_rules(&ctx, cfg, &sink, 0);
		/* What each change does, while the side's rules run. */
		if (describe_changes(r, plan, m, &texts) != 0)
			sink.nomem = 1;
	} else
		sink.nomem = 1;
	side_join(&side, &sink);
	if (!sink.nomem) {
		add_verify_step(&sink, &ctx);
		add_cutover_step(&sink, &ctx);
		add_ns_steps(&sink, &ctx);
	}
	free(sink.seen);
	if (sink.nomem || add_changes(r, plan, &texts) != 0) {
		texts_free(&texts);
		goto nomem;
	}
	texts_free(&texts);
	if (r->n_steps > 1)
		qsort(r->steps, r->n_steps, sizeof(*r->steps), step_cmp);
	dl_model_free(m);
	*out = r;
	return 0;
nomem:
	dl_model_free(m);
	dl_result_free(r);
	return DL_ENOMEM;
}

void
dl_result_free(struct dl_result *r)
{
	if (r == NULL)
		return;
	result_clear(r);
	free(r);
}

/* Free what r holds, not r. */
static void
result_clear(struct dl_result *r)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++) {
		free(r->findings[i].subject);
		free(r->findings[i].message);
		free(r->findings[i].hint);
		free(r->findings[i].file);
		free(r->findings[i].change);
		free(r->findings[i].change_from);
		free(r->findings[i].change_to);
	}
	for (i = 0; i < r->n_steps; i++) {
		free(r->steps[i].subject);
		free(r->steps[i].text);
	}
	for (i = 0; i < r->n_changes; i++)
		free(r->changes[i]);
	free(r->changes);
	free(r->findings);
	free(r->steps);
	free(r->file);
	free(r->zone);
	free(r->source);
	free(r->source_name);
}

void
dl_totals_add(struct dl_totals *t, const struct dl_result *r,
    enum dl_severity fail_on)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++) {
		const struct dl_finding *f = &r->findings[i];

		switch (f->status) {
		case DL_PASS:
			t->pass++;
			break;
		case DL_FAIL:
			if (f->severity >= fail_on)
				t->fail++;
			else
				t->failed_below++;
			break;
		case DL_SKIP:
			t->skip++;
			break;
		case DL_UNKNOWN:
			t->unknown++;
			break;
		}
	}
}

int
dl_totals_status(const struct dl_totals *t)
{
	if (t->fail > 0)
		return 1;
	if (t->unknown > 0)
		return 3;
	return 0;
}

const char *
dl_status_name(enum dl_status s)
{
	static const char *const names[] = { "pass", "fail", "skip",
	    "unknown" };

	return names[s];
}

const char *
dl_step_kind_name(enum dl_step_kind k)
{
	static const char *const names[] = { "lower-ttl", "ttl-propagated",
	    "verify-provider", "ds-remove", "unsign", "cutover", "visible",
	    "delegation", "sign", "dnskey-add", "ds-add", "decommission",
	    "dnskey-remove", "restore-ttl" };

	return names[k];
}

const char *
dl_step_state_name(enum dl_step_state s)
{
	static const char *const names[] = { "done", "pending", "blocked" };

	return names[s];
}
