#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtime.h"
#include "engine.h"
#include "registry.h"

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

void
dl_sink_finding(struct dl_sink *sink, enum dl_status status,
    const char *subject, struct dl_pos pos, int64_t wait_until,
    const char *hint, const char *fmt, ...)
{
	struct dl_result *r = sink->result;
	struct dl_finding *f;
	va_list ap;

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
	va_start(ap, fmt);
	f->message = vformat(fmt, ap);
	va_end(ap);
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
	char *msg;

	va_start(ap, fmt);
	msg = vformat(fmt, ap);
	va_end(ap);
	if (msg == NULL) {
		sink->nomem = 1;
		return;
	}
	if (sink->severity > DL_SEV_WARNING)
		sink->severity = DL_SEV_WARNING;
	dl_sink_finding(sink, status, subject, pos, wait_until, hint, "%s",
	    msg);
	sink->severity = was;
	free(msg);
}

void
dl_sink_step(struct dl_sink *sink, enum dl_step_kind kind,
    const char *subject, int64_t at, enum dl_step_state state,
    const char *fmt, ...)
{
	struct dl_result *r = sink->result;
	struct dl_step *s;
	va_list ap;
	size_t slot;

	if (seen_grow(sink) != 0) {
		sink->nomem = 1;
		return;
	}
	slot = step_slot(sink, kind, subject);
	if (sink->seen[slot] != 0)
		return;		/* each step once */
	if (r->n_steps == sink->steps_cap) {
		s = reallocarray(r->steps, sink->steps_cap ?
		    sink->steps_cap * 2 : 64, sizeof(*s));
		if (s == NULL) {
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
	va_start(ap, fmt);
	s->text = vformat(fmt, ap);
	va_end(ap);
	s->subject = strdup(subject);
	if (s->text == NULL || s->subject == NULL) {
		free(s->text);
		free(s->subject);
		sink->nomem = 1;
		return;
	}
	sink->seen[slot] = ++r->n_steps;
}

/*
 * The RDATA field of a record of type that names a host whose records the
 * rules look at (glue of a nameserver, the target of a mail exchanger, a
 * service or an alias), or -1.
 */
static int
filter_target_field(ldns_rr_type type)
{
	switch (type) {
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
		return 0;
	case LDNS_RR_TYPE_MX:
		return 1;
	case LDNS_RR_TYPE_SRV:
		return 3;
	default:
		return -1;
	}
}

/*
 * The names strictly between the apex and owner, whose NS records would
 * make owner occluded (zone-integrity): suffixes of owner, stored in out
 * unless it is NULL.  Returns how many.
 */
static size_t
ancestors(const struct dl_plan *plan, const char *owner, const char **out)
{
	size_t n = 0, zlen = strlen(plan->zone);
	const char *a;

	if (!dl_name_in_zone(owner, plan->zone))
		return 0;
	for (a = strchr(owner, '.'); a != NULL && strlen(a + 1) > zlen;
	    a = strchr(a + 1, '.')) {
		if (out != NULL)
			out[n] = a + 1;
		n++;
	}
	return n;
}

int
dl_engine_filter(const struct dl_plan *plan, struct dl_plan_filter *pf)
{
	size_t i, j, k, n = 0, m, max = 1;
	int field;

	memset(pf, 0, sizeof(*pf));
	for (i = 0; i < plan->n_changes; i++) {
		/* The names between owner and apex, and a wildcard below
		   each of them and the apex. */
		max += 2 * (ancestors(plan, plan->changes[i].owner, NULL) +
		    1);
		max++;
		if (filter_target_field(plan->changes[i].type) != -1 &&
		    plan->changes[i].to != NULL)
			max += ldns_rr_list_rr_count(plan->changes[i].to);
	}
	pf->names = calloc(max * 2 + 2 * plan->n_decommission + 1,
	    sizeof(char *));
	pf->owned = calloc(max, sizeof(char *));
	if (pf->names == NULL || pf->owned == NULL)
		goto nomem;
	pf->names[n++] = plan->zone;
	for (i = 0; i < plan->n_changes; i++) {
		const struct dl_change *c = &plan->changes[i];

		pf->names[n++] = c->owner;
		k = ancestors(plan, c->owner, pf->names + n);
		/* The wildcards that may answer the owner today. */
		for (j = 0; j <= k && dl_name_in_zone(c->owner, plan->zone);
		    j++) {
			char *w;

			if (asprintf(&w, "*.%s", j < k ? pf->names[n + j] :
			    plan->zone) == -1)
				goto nomem;
			pf->owned[pf->n_owned++] = w;
			pf->names[n + k + j] = w;
		}
		n += k + (dl_name_in_zone(c->owner, plan->zone) ? k + 1 : 0);
		if ((field = filter_target_field(c->type)) == -1 ||
		    c->to == NULL)
			continue;
		for (j = 0; j < ldns_rr_list_rr_count(c->to); j++) {
			ldns_rr *rr = ldns_rr_list_rr(c->to, j);
			char *t;

			if ((size_t)field >= ldns_rr_rd_count(rr))
				continue;
			if ((t = dl_name_str(ldns_rr_rdf(rr, field))) == NULL)
				goto nomem;
			if (!dl_name_in_zone(t, plan->zone)) {
				free(t);
				continue;
			}
			pf->owned[pf->n_owned++] = t;
			pf->names[n++] = t;
		}
	}
	/* A host switched off takes its addresses with it: keep its A and
	   AAAA records (dl_decommission_hosts()). */
	for (i = 0; i < plan->n_decommission; i++)
		if (!plan->decommission[i].is_address &&
		    dl_name_in_zone(plan->decommission[i].target, plan->zone))
			pf->names[n++] = plan->decommission[i].target;
	m = n;
	for (i = 0; i < plan->n_decommission; i++)
		pf->names[m++] = plan->decommission[i].target;
	/*
	 * A name that becomes an alias breaks the NS and MX records that
	 * point at it (RFC 2181 10.3): keep them wherever they are, so that
	 * zone-integrity sees them.
	 */
	for (i = 0; i < plan->n_changes; i++)
		if (plan->changes[i].type == LDNS_RR_TYPE_CNAME &&
		    plan->changes[i].to != NULL)
			pf->names[m++] = plan->changes[i].owner;
	pf->filter.owners = pf->names;
	pf->filter.n_owners = n;
	pf->filter.mentions = pf->names + n;
	pf->filter.n_mentions = m - n;
	return 0;
nomem:
	dl_engine_filter_free(pf);
	return DL_ENOMEM;
}

void
dl_engine_filter_free(struct dl_plan_filter *pf)
{
	size_t i;

	for (i = 0; i < pf->n_owned; i++)
		free(pf->owned[i]);
	free(pf->owned);
	free(pf->names);
	memset(pf, 0, sizeof(*pf));
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

/* One line saying what the cutover publishes. */
static void
add_cutover_step(struct dl_sink *sink, const struct dl_ctx *ctx)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	enum dl_step_state state = DL_STEP_PENDING;
	size_t i;

	for (i = 0; i < m->n_rrsets; i++)
		if (m->rrsets[i].safe_from != DL_NO_TIME &&
		    m->rrsets[i].safe_from > ctx->cutover)
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
	if (p->n_changes == 1 && m->n_rrsets == 1) {
		const struct dl_change *c = &p->changes[0];

		dl_sink_step(sink, DL_STEP_CUTOVER, p->zone, ctx->cutover, state,
		    "cutover: %s %s", c->delete ? "delete" : "publish",
		    m->rrsets[0].subject);
	} else {
		dl_sink_step(sink, DL_STEP_CUTOVER, p->zone, ctx->cutover, state,
		    p->n_changes == 0 ? "cutover: the plan changes no record" :
		    "cutover: publish the %zu changes of the plan",
		    p->n_changes);
	}
}

static int
pos_cmp(const void *a, const void *b)
{
	const struct dl_change *x = *(const struct dl_change *const *)a;
	const struct dl_change *y = *(const struct dl_change *const *)b;

	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	return x->pos.column < y->pos.column ? -1 :
	    x->pos.column > y->pos.column;
}

/*
 * Name where a change comes from (a Terraform resource address) in the
 * messages of the findings at its place.  Sorted once, looked up by
 * bisection: linear-logarithmic in the changes.  Returns 0 or DL_ENOMEM.
 */
static int
add_addresses(struct dl_result *r, const struct dl_plan *plan)
{
	const struct dl_change **by_pos, *c, *key, *const *hit;
	struct dl_change key_c;
	size_t i, n = 0;
	char *m;

	for (i = 0; i < plan->n_changes; i++)
		n += plan->changes[i].address != NULL;
	if (n == 0)
		return 0;
	if ((by_pos = calloc(n, sizeof(*by_pos))) == NULL)
		return DL_ENOMEM;
	for (i = n = 0; i < plan->n_changes; i++)
		if (plan->changes[i].address != NULL)
			by_pos[n++] = &plan->changes[i];
	qsort(by_pos, n, sizeof(*by_pos), pos_cmp);
	for (i = 0; i < r->n_findings; i++) {
		struct dl_finding *f = &r->findings[i];

		if (f->file != NULL || f->pos.line == 0)
			continue;
		memset(&key_c, 0, sizeof(key_c));
		key_c.pos = f->pos;
		key = &key_c;
		if ((hit = bsearch(&key, by_pos, n, sizeof(*by_pos),
		    pos_cmp)) == NULL)
			continue;
		c = *hit;
		if (asprintf(&m, "%s (%s)", f->message, c->address) == -1) {
			free(by_pos);
			return DL_ENOMEM;
		}
		free(f->message);
		f->message = m;
	}
	free(by_pos);
	return 0;
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

int
dl_engine_run(const struct dl_plan *plan, const struct dl_zone *live,
    const struct dl_live *net, const char *source, const char *source_name,
    const struct dl_config *cfg,
    int64_t now, int64_t cutover, struct dl_result **out)
{
	struct dl_result *r;
	struct dl_model *m = NULL;
	struct dl_sink sink;
	struct dl_ctx ctx;
	size_t i;

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
	if (dl_model_build(plan, live, cfg, now, cutover, &m) != 0)
		goto nomem;
	if (net != NULL && net->parent_known)
		m->parent_ns_ttl = net->parent_ns_ttl;
	ctx.plan = plan;
	ctx.live = live;
	ctx.net = net;
	ctx.config = cfg;
	ctx.model = m;
	ctx.now = now;
	ctx.cutover = cutover;
	memset(&sink, 0, sizeof(sink));
	sink.result = r;
	for (i = 0; i < dl_rule_count; i++) {
		const struct dl_rule_settings *s = dl_config_rule(cfg, i);

		if (s->severity == DL_SEV_OFF)
			continue;
		sink.rule = dl_rules[i];
		sink.severity = s->severity;
		dl_rules[i]->check(&ctx, s, &sink);
	}
	sink.rule = NULL;
	add_cutover_step(&sink, &ctx);
	free(sink.seen);
	if (sink.nomem || add_addresses(r, plan) != 0)
		goto nomem;
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
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_findings; i++) {
		free(r->findings[i].subject);
		free(r->findings[i].message);
		free(r->findings[i].hint);
		free(r->findings[i].file);
	}
	for (i = 0; i < r->n_steps; i++) {
		free(r->steps[i].subject);
		free(r->steps[i].text);
	}
	free(r->findings);
	free(r->steps);
	free(r->file);
	free(r->zone);
	free(r->source);
	free(r->source_name);
	free(r);
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
	    "cutover", "visible", "decommission", "restore-ttl" };

	return names[k];
}

const char *
dl_step_state_name(enum dl_step_state s)
{
	static const char *const names[] = { "done", "pending", "blocked" };

	return names[s];
}
