/*
 * needs.c - the one walk from the rules' declared needs and a plan to
 * the names a zone file load keeps and the questions to the servers.
 *
 * walk() calls want() for every (name, type) the rules read: type 0 for
 * "every record at the name" (a zone file can give that, servers asked
 * by name and type cannot), a mention for "every record whose RDATA names
 * it".  dl_needs_filter() keeps the names, dl_needs_questions() asks the
 * typed ones: the two cannot disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "needs.h"
#include "registry.h"

static void
add_type(uint16_t *v, size_t *n, uint16_t type)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (v[i] == type)
			return;
	if (*n < DL_NEEDS_MAX_TYPES)
		v[(*n)++] = type;
}

void
dl_needs_of(const struct dl_rule *const *rules, size_t n,
    struct dl_needs *out)
{
	const struct dl_need *d;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
		for (j = 0; j < rules[i]->n_needs; j++) {
			d = &rules[i]->needs[j];
			out->kinds |= 1u << d->kind;
			if (d->kind == DL_NEED_APEX)
				add_type(out->apex, &out->n_apex, d->type);
			else if (d->kind == DL_NEED_TARGETS)
				add_type(out->targets, &out->n_targets,
				    d->type);
			else if (d->kind == DL_NEED_TARGET_ADDRESSES)
				add_type(out->target_addrs,
				    &out->n_target_addrs, d->type);
		}
}

void
dl_needs_all(struct dl_needs *out)
{
	dl_needs_of(dl_rules, dl_rule_count, out);
}

int
dl_needs_has(const struct dl_needs *nd, enum dl_need_kind kind)
{
	return (nd->kinds & 1u << kind) != 0;
}

static int
has_type(const uint16_t *v, size_t n, uint16_t type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == type)
			return 1;
	return 0;
}

/*
 * The RDATA field of a record of type that names a host (the target of a
 * nameserver, mail exchanger, service or alias), or -1.
 */
static int
target_field(ldns_rr_type type)
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

enum use { USE_OWNER, USE_MENTION };

struct walker {
	const struct dl_needs	*nd;
	const struct dl_plan	*plan;
	/* name: absolute, lower case, borrowed for the call */
	int			(*want)(void *arg, const char *name,
				    enum use use, ldns_rr_type type);
	void			*arg;
};

/* The A and AAAA RRsets at name. */
static int
want_addresses(struct walker *w, const char *name)
{
	int rc;

	if ((rc = w->want(w->arg, name, USE_OWNER, LDNS_RR_TYPE_A)) != 0)
		return rc;
	return w->want(w->arg, name, USE_OWNER, LDNS_RR_TYPE_AAAA);
}

/*
 * The names strictly between the apex and owner, whose NS records would
 * make owner occluded, and a wildcard below each of them and below the
 * apex, which may answer owner today.
 */
static int
walk_enclosers(struct walker *w, const char *owner)
{
	const char *zone = w->plan->zone, *a;
	size_t zlen = strlen(zone);
	char *wc;
	int rc;

	if (!dl_name_in_zone(owner, zone))
		return 0;
	for (a = strchr(owner, '.'); a != NULL && strlen(a + 1) > zlen;
	    a = strchr(a + 1, '.'))
		if ((rc = w->want(w->arg, a + 1, USE_OWNER, 0)) != 0)
			return rc;
	for (a = strchr(owner, '.'); a != NULL && strlen(a + 1) > zlen;
	    a = strchr(a + 1, '.')) {
		if (asprintf(&wc, "*.%s", a + 1) == -1)
			return DL_ENOMEM;
		rc = w->want(w->arg, wc, USE_OWNER, 0);
		free(wc);
		if (rc != 0)
			return rc;
	}
	/* The root's wildcard is "*.", not "*..". */
	if (asprintf(&wc, "*.%s", strcmp(zone, ".") == 0 ? "" : zone) == -1)
		return DL_ENOMEM;
	rc = w->want(w->arg, wc, USE_OWNER, 0);
	free(wc);
	return rc;
}

/* The in-zone targets of change c's new records. */
static int
walk_targets(struct walker *w, const struct dl_change *c)
{
	const struct dl_needs *nd = w->nd;
	int field, records, addrs, rc = 0;
	size_t j;

	records = dl_needs_has(nd, DL_NEED_TARGETS) &&
	    has_type(nd->targets, nd->n_targets, (uint16_t)c->type);
	addrs = dl_needs_has(nd, DL_NEED_TARGET_ADDRESSES) &&
	    has_type(nd->target_addrs, nd->n_target_addrs, (uint16_t)c->type);
	if ((!records && !addrs) || (field = target_field(c->type)) == -1 ||
	    c->to == NULL)
		return 0;
	for (j = 0; rc == 0 && j < ldns_rr_list_rr_count(c->to); j++) {
		ldns_rr *rr = ldns_rr_list_rr(c->to, j);
		char *t;

		if ((size_t)field >= ldns_rr_rd_count(rr))
			continue;
		if ((t = dl_name_str(ldns_rr_rdf(rr, field))) == NULL)
			return DL_ENOMEM;
		if (dl_name_in_zone(t, w->plan->zone)) {
			if (records)
				rc = w->want(w->arg, t, USE_OWNER, 0);
			if (rc == 0 && addrs)
				rc = want_addresses(w, t);
		}
		free(t);
	}
	return rc;
}

static int
walk(struct walker *w)
{
	const struct dl_needs *nd = w->nd;
	const struct dl_plan *p = w->plan;
	size_t i;
	int rc;

	/* The apex: a zone file load keeps its records in any case. */
	if ((rc = w->want(w->arg, p->zone, USE_OWNER, 0)) != 0)
		return rc;
	for (i = 0; i < nd->n_apex; i++)
		if ((rc = w->want(w->arg, p->zone, USE_OWNER,
		    nd->apex[i])) != 0)
			return rc;
	/* A host switched off takes its addresses with it
	   (dl_decommission_hosts()). */
	for (i = 0; dl_needs_has(nd, DL_NEED_DECOMMISSIONED) &&
	    i < p->n_decommission; i++)
		if (!p->decommission[i].is_address &&
		    dl_name_in_zone(p->decommission[i].target, p->zone) &&
		    (rc = want_addresses(w, p->decommission[i].target)) != 0)
			return rc;
	for (i = 0; i < p->n_changes; i++) {
		const struct dl_change *c = &p->changes[i];

		if (dl_needs_has(nd, DL_NEED_CHANGED) &&
		    (rc = w->want(w->arg, c->owner, USE_OWNER, c->type)) != 0)
			return rc;
		if (dl_needs_has(nd, DL_NEED_OTHER_FAMILY) &&
		    (c->type == LDNS_RR_TYPE_A || c->type == LDNS_RR_TYPE_AAAA) &&
		    (rc = w->want(w->arg, c->owner, USE_OWNER,
		    c->type == LDNS_RR_TYPE_A ? LDNS_RR_TYPE_AAAA :
		    LDNS_RR_TYPE_A)) != 0)
			return rc;
		if (dl_needs_has(nd, DL_NEED_ENCLOSERS) &&
		    (rc = walk_enclosers(w, c->owner)) != 0)
			return rc;
		if ((rc = walk_targets(w, c)) != 0)
			return rc;
	}
	for (i = 0; dl_needs_has(nd, DL_NEED_DECOMMISSION_MENTIONS) &&
	    i < p->n_decommission; i++)
		if ((rc = w->want(w->arg, p->decommission[i].target,
		    USE_MENTION, 0)) != 0)
			return rc;
	/*
	 * A name that becomes an alias breaks the NS and MX records that
	 * point at it (RFC 2181 10.3).
	 */
	for (i = 0; dl_needs_has(nd, DL_NEED_ALIAS_MENTIONS) &&
	    i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_CNAME &&
		    p->changes[i].to != NULL &&
		    (rc = w->want(w->arg, p->changes[i].owner, USE_MENTION,
		    0)) != 0)
			return rc;
	return 0;
}

/* A growing list of owned names, each once (a hash set of indexes). */
struct names {
	char	**v;
	size_t	n, cap;
	size_t	*tab;		/* index + 1, or 0: free */
	size_t	tabsize;	/* a power of two, at least 2 * n */
};

static size_t
name_hash(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The slot of name in l->tab: where it is, or the free one it goes in. */
static size_t
names_slot(const struct names *l, const char *name)
{
	size_t h = name_hash(name) & (l->tabsize - 1);

	while (l->tab[h] != 0 && strcmp(l->v[l->tab[h] - 1], name) != 0)
		h = (h + 1) & (l->tabsize - 1);
	return h;
}

static int
names_grow(struct names *l)
{
	size_t i, size = l->tabsize ? l->tabsize * 2 : 64, *old = l->tab;

	if ((l->tab = calloc(size, sizeof(*l->tab))) == NULL) {
		l->tab = old;
		return DL_ENOMEM;
	}
	l->tabsize = size;
	for (i = 0; i < l->n; i++)
		l->tab[names_slot(l, l->v[i])] = i + 1;
	free(old);
	return 0;
}

/* Add a copy of name unless l has it; 0 or DL_ENOMEM. */
static int
names_push(struct names *l, const char *name)
{
	char **v;
	size_t h;

	if ((l->n + 1) * 2 > l->tabsize && names_grow(l) != 0)
		return DL_ENOMEM;
	if (l->tab[h = names_slot(l, name)] != 0)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		if ((v = reallocarray(l->v, l->cap, sizeof(*v))) == NULL)
			return DL_ENOMEM;
		l->v = v;
	}
	if ((l->v[l->n] = strdup(name)) == NULL)
		return DL_ENOMEM;
	l->tab[h] = ++l->n;
	return 0;
}

static void
names_free(struct names *l)
{
	while (l->n > 0)
		free(l->v[--l->n]);
	free(l->v);
	free(l->tab);
}

struct filter_acc {
	struct names	owners, mentions;
};

static int
filter_want(void *arg, const char *name, enum use use, ldns_rr_type type)
{
	struct filter_acc *a = arg;
	struct names *l = use == USE_OWNER ? &a->owners : &a->mentions;

	(void)type;
	return names_push(l, name);
}

int
dl_needs_filter(const struct dl_needs *nd, const struct dl_plan *plan,
    struct dl_plan_filter *pf)
{
	struct filter_acc a;
	struct walker w = { nd, plan, filter_want, &a };
	size_t i;
	int rc;

	memset(pf, 0, sizeof(*pf));
	memset(&a, 0, sizeof(a));
	if ((rc = walk(&w)) != 0)
		goto fail;
	rc = DL_ENOMEM;
	if ((pf->owned = calloc(a.owners.n + a.mentions.n + 1,
	    sizeof(char *))) == NULL ||
	    (pf->names = calloc(a.owners.n + a.mentions.n + 1,
	    sizeof(char *))) == NULL)
		goto fail;
	for (i = 0; i < a.owners.n; i++)
		pf->owned[pf->n_owned++] = a.owners.v[i];
	for (i = 0; i < a.mentions.n; i++)
		pf->owned[pf->n_owned++] = a.mentions.v[i];
	for (i = 0; i < pf->n_owned; i++)
		pf->names[i] = pf->owned[i];
	free(a.owners.v);
	free(a.owners.tab);
	free(a.mentions.v);
	free(a.mentions.tab);
	pf->filter.whole = dl_needs_has(nd, DL_NEED_WHOLE_ZONE);
	pf->filter.owners = pf->names;
	pf->filter.n_owners = a.owners.n;
	pf->filter.mentions = pf->names + a.owners.n;
	pf->filter.n_mentions = a.mentions.n;
	return 0;
fail:
	names_free(&a.owners);
	names_free(&a.mentions);
	dl_needs_filter_free(pf);
	return rc;
}

void
dl_needs_filter_free(struct dl_plan_filter *pf)
{
	size_t i;

	for (i = 0; i < pf->n_owned; i++)
		free(pf->owned[i]);
	free(pf->owned);
	free(pf->names);
	memset(pf, 0, sizeof(*pf));
}

int
dl_questions_find(const struct dl_questions *q, const char *owner,
    ldns_rr_type type)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->type[i] == type && strcmp(q->owner[i], owner) == 0)
			return (int)i;
	return -1;
}

static int
question_want(void *arg, const char *name, enum use use, ldns_rr_type type)
{
	struct dl_questions *q = arg;
	char **o;
	ldns_rr_type *t;

	if (use != USE_OWNER || type == 0 ||
	    dl_questions_find(q, name, type) >= 0)
		return 0;
	if ((o = reallocarray(q->owner, q->n + 1, sizeof(*o))) == NULL)
		return DL_ENOMEM;
	q->owner = o;
	if ((t = reallocarray(q->type, q->n + 1, sizeof(*t))) == NULL)
		return DL_ENOMEM;
	q->type = t;
	if ((o[q->n] = strdup(name)) == NULL)
		return DL_ENOMEM;
	t[q->n++] = type;
	return 0;
}

int
dl_needs_questions(const struct dl_needs *nd, const struct dl_plan *plan,
    struct dl_questions *q)
{
	struct walker w = { nd, plan, question_want, q };
	int rc;

	memset(q, 0, sizeof(*q));
	if ((rc = walk(&w)) != 0)
		dl_questions_free(q);
	return rc;
}

void
dl_questions_free(struct dl_questions *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		free(q->owner[i]);
	free(q->owner);
	free(q->type);
	memset(q, 0, sizeof(*q));
}
