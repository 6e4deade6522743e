#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axfr.h"
#include "live.h"
#include "model.h"
#include "tsigkey.h"

void
dl_live_options_init(struct dl_live_options *o)
{
	memset(o, 0, sizeof(*o));
	o->port = 53;
	o->timeout_ms = 3000;
	o->retries = 2;
}

int
dl_live_usable(const struct dl_dnsq_result *r)
{
	return r != NULL && (r->outcome == DL_DNSQ_ANSWER ||
	    r->outcome == DL_DNSQ_NODATA || r->outcome == DL_DNSQ_NXDOMAIN);
}

/* Append the question owner/type to *owners and *types; 0 or DL_ENOMEM. */
static int
push_question(char ***owners, ldns_rr_type **types, size_t *n,
    const char *owner, ldns_rr_type type)
{
	char **o;
	ldns_rr_type *t;

	if ((o = reallocarray(*owners, *n + 1, sizeof(*o))) == NULL)
		return DL_ENOMEM;
	*owners = o;
	if ((t = reallocarray(*types, *n + 1, sizeof(*t))) == NULL)
		return DL_ENOMEM;
	*types = t;
	if ((o[*n] = strdup(owner)) == NULL)
		return DL_ENOMEM;
	t[(*n)++] = type;
	return 0;
}

int
dl_live_question(const struct dl_live *l, const char *owner,
    ldns_rr_type type)
{
	const struct dl_questions q = { l->q_owner, l->q_type, l->n_q };

	return dl_questions_find(&q, owner, type);
}

/*
 * The NS names of the apex after the change: the plan's, else live.
 * *known is 0 when neither is known.
 */
static char **
ns_after(const struct dl_plan *p, const struct dl_zone *z, size_t *n,
    int *known)
{
	const ldns_rr_list *set = NULL;
	ldns_rr_list *cur = NULL;
	char **names;
	size_t i, k = 0;

	*n = 0;
	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(p->changes[i].owner, p->zone) == 0)
			set = p->changes[i].to;
	if (set == NULL && z != NULL &&
	    dl_zone_rrset_known(z, p->zone, LDNS_RR_TYPE_NS))
		set = cur = dl_zone_rrset(z, p->zone, LDNS_RR_TYPE_NS);
	*known = set != NULL;
	if (set == NULL || ldns_rr_list_rr_count(set) == 0) {
		if (cur != NULL)
			ldns_rr_list_free(cur);
		return calloc(1, sizeof(char *));
	}
	names = calloc(ldns_rr_list_rr_count(set) + 1, sizeof(char *));
	for (i = 0; names != NULL && i < ldns_rr_list_rr_count(set); i++)
		names[k++] = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(set, i),
		    0));
	if (cur != NULL)
		ldns_rr_list_free(cur);
	for (i = 0; names != NULL && i < k; i++)
		if (names[i] == NULL) {
			while (k > 0)
				free(names[--k]);
			free(names);
			return NULL;
		}
	*n = k;
	return names;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
}

/* The questions the rules' needs call for (needs.h). */
static int
questions(struct dl_live *l, const struct dl_plan *p,
    const struct dl_needs *nd)
{
	struct dl_questions q;
	int rc;

	if ((rc = dl_needs_questions(nd, p, &q)) != 0)
		return rc;
	l->q_owner = q.owner;
	l->q_type = q.type;
	l->n_q = q.n;
	return 0;
}

static struct dl_dnsq_batch *
run_batch(const struct dl_dnsq_server *servers, size_t n, char **owners,
    const ldns_rr_type *types, size_t nq, const struct dl_dnsq_options *opts,
    struct dl_error *err, int *rc)
{
	struct dl_dnsq_batch *b;
	ldns_rdf *name;
	size_t i;

	if ((b = dl_dnsq_batch_new(servers, n, opts)) == NULL) {
		*rc = DL_ENOMEM;
		return NULL;
	}
	for (i = 0; i < nq; i++) {
		if ((name = ldns_dname_new_frm_str(owners[i])) == NULL) {
			*rc = DL_ENOMEM;
			goto fail;
		}
		*rc = dl_dnsq_batch_add(b, name, types[i]);
		ldns_rdf_deep_free(name);
		if (*rc < 0)
			goto fail;
	}
	if ((*rc = dl_dnsq_batch_run(b, err)) == 0)
		return b;
fail:
	dl_dnsq_batch_free(b);
	return NULL;
}

/*
 * The zone as the current servers serve it: for each question, the answer
 * of the server whose RRset has the largest TTL (the longest any cache may
 * hold it), among those that answered with authority.  A question no
 * server answered with authority stays unknown.
 */
static int
consensus(struct dl_live *l, const char *origin)
{
	size_t q, s, i, ns = dl_dnsq_batch_servers(l->batch);

	if ((l->zone = dl_zone_new(origin, l->source_name, 1)) == NULL)
		return DL_ENOMEM;
	for (q = 0; q < l->n_q; q++) {
		const struct dl_dnsq_result *best = NULL, *r;

		for (s = 0; s < ns; s++) {
			r = dl_dnsq_batch_result(l->batch, s, q);
			if (!dl_live_usable(r))
				continue;
			if (best == NULL || (r->answer != NULL &&
			    (best->answer == NULL ||
			    dl_rrset_ttl(r->answer) > dl_rrset_ttl(best->answer))))
				best = r;
		}
		if (best == NULL)
			continue;
		for (i = 0; best->answer != NULL &&
		    i < ldns_rr_list_rr_count(best->answer); i++) {
			ldns_rr *rr = ldns_rr_list_rr(best->answer, i), *c;

			/* An alias answers for every type: add it once. */
			if (ldns_rr_get_type(rr) != l->q_type[q] &&
			    dl_zone_rrset_known(l->zone, l->q_owner[q],
			    ldns_rr_get_type(rr)))
				continue;
			if ((c = ldns_rr_clone(rr)) == NULL ||
			    dl_zone_add(l->zone, c) != 0)
				return DL_ENOMEM;
		}
		for (i = 0; best->answer != NULL &&
		    i < ldns_rr_list_rr_count(best->answer); i++)
			if (dl_zone_mark_known(l->zone, l->q_owner[q],
			    ldns_rr_get_type(ldns_rr_list_rr(best->answer,
			    i))) != 0)
				return DL_ENOMEM;
		if (dl_zone_mark_known(l->zone, l->q_owner[q],
		    l->q_type[q]) != 0)
			return DL_ENOMEM;
	}
	return 0;
}

/* The zone by transfer from the first server. */
static int
transfer(struct dl_live *l, const struct dl_plan *p,
    const struct dl_live_options *o, const struct dl_dnsq_tsig *key,
    struct dl_error *err)
{
	const struct dl_dnsq_server *srv = dl_dnsq_batch_server(l->batch, 0);
	ldns_rr_list *rrs = NULL;
	char name[DL_DNSQ_SERVER_LEN + 16];
	size_t i;
	int rc;

	rc = dl_dnsq_axfr(srv, p->zone, key, o->timeout_ms, 0, &rrs, NULL,
	    err);
	if (rc != 0)
		return rc;
	dl_zone_free(l->zone);
	snprintf(name, sizeof(name), "%s", srv->text);
	if ((l->zone = dl_zone_new(p->zone, name, 0)) == NULL) {
		ldns_rr_list_deep_free(rrs);
		return DL_ENOMEM;
	}
	rc = 0;
	for (i = 0; i < ldns_rr_list_rr_count(rrs); i++)
		if (rc == 0)
			rc = dl_zone_add(l->zone, ldns_rr_list_rr(rrs, i));
		else
			ldns_rr_free(ldns_rr_list_rr(rrs, i));
	ldns_rr_list_free(rrs);
	free(l->source_name);
	if ((l->source_name = strdup(name)) == NULL)
		return DL_ENOMEM;
	l->source = "axfr";
	return rc;
}

static int
resolver_of(const struct dl_live_options *o, struct dl_dnsq_server *out,
    struct dl_error *err)
{
	if (o->resolver != NULL)
		return dl_dnsq_server_parse(o->resolver, out, err);
	return dl_dnsq_server_resolv_conf(NULL, out, err);
}

/* Append a server; 0 or DL_ENOMEM. */
static int
push_server(struct dl_dnsq_server **v, size_t *n,
    const struct dl_dnsq_server *s)
{
	struct dl_dnsq_server *g;

	if ((g = reallocarray(*v, *n + 1, sizeof(*g))) == NULL)
		return DL_ENOMEM;
	g[(*n)++] = *s;
	*v = g;
	return 0;
}

/*
 * Addresses of name: a current server found under it, else the zone's
 * own address records (the glue of in-zone nameservers), else none: the
 * caller asks the resolver for all such names in one batch.  Returns how
 * many were appended.
 */
static size_t
known_addresses(const struct dl_live *l, const char *name, uint16_t port,
    struct dl_dnsq_server **v, size_t *n, int *rc)
{
	static const ldns_rr_type types[] = { LDNS_RR_TYPE_A,
	    LDNS_RR_TYPE_AAAA };
	size_t s, i, t, before = *n;

	/* Discovery found every current name's addresses. */
	for (s = 0; l->disc != NULL && s < l->disc->n_servers; s++) {
		const struct dl_dnsq_server *srv = &l->disc->servers[s];

		if (strcasecmp(srv->label, name) == 0 &&
		    (*rc = push_server(v, n, srv)) != 0)
			return 0;
	}
	if (*n > before)
		return *n - before;
	for (t = 0; t < 2; t++) {
		ldns_rr_list *glue;
		struct dl_dnsq_server srv;

		if (!dl_zone_rrset_known(l->zone, name, types[t]))
			continue;
		glue = dl_zone_rrset(l->zone, name, types[t]);
		for (i = 0; glue != NULL && i < ldns_rr_list_rr_count(glue);
		    i++)
			if (dl_dnsq_server_set(&srv, ldns_rr_rdf(
			    ldns_rr_list_rr(glue, i), 0), port, name) == 0 &&
			    (*rc = push_server(v, n, &srv)) != 0)
				break;
		if (glue != NULL)
			ldns_rr_list_free(glue);
	}
	return *n - before;
}

/*
 * The nameservers after the change: their addresses, and their answer to
 * "zone SOA".  Current servers' answers are reused, so a dead server costs
 * one timeout in all.
 */
static int
nameservers(struct dl_live *l, const struct dl_plan *p,
    const struct dl_live_options *o, const struct dl_dnsq_options *qo,
    struct dl_error *err)
{
	struct dl_dnsq_server *addrs = NULL, *ask_v = NULL, resolver;
	struct dl_dnsq_batch *rb = NULL;
	size_t n_names, i, j, n_addrs = 0, n_ask = 0, *first, *count;
	int *partial;
	char **names, **todo = NULL;
	ldns_rr_type *tt = NULL;
	struct dl_error ignored;
	int rc = 0, soa_q = dl_live_question(l, p->zone, LDNS_RR_TYPE_SOA);
	size_t n_todo = 0;

	if ((names = ns_after(p, l->zone, &n_names, &l->ns_known)) == NULL)
		return DL_ENOMEM;
	first = calloc(n_names + 1, sizeof(*first));
	count = calloc(n_names + 1, sizeof(*count));
	todo = calloc(2 * n_names + 1, sizeof(*todo));
	tt = calloc(2 * n_names + 1, sizeof(*tt));
	partial = calloc(n_names + 1, sizeof(*partial));
	if (first == NULL || count == NULL || todo == NULL || tt == NULL ||
	    partial == NULL) {
		rc = DL_ENOMEM;
		goto out;
	}
	for (i = 0; i < n_names && rc == 0; i++) {
		first[i] = n_addrs;
		count[i] = known_addresses(l, names[i], o->port, &addrs,
		    &n_addrs, &rc);
		if (count[i] == 0) {
			todo[n_todo] = names[i];
			tt[n_todo++] = LDNS_RR_TYPE_A;
			todo[n_todo] = names[i];
			tt[n_todo++] = LDNS_RR_TYPE_AAAA;
		}
	}
	if (rc != 0)
		goto out;
	/* The rest through the resolver, recursion on, all at once. */
	if (n_todo > 0 && resolver_of(o, &resolver, &ignored) == 0) {
		struct dl_dnsq_options ro = *qo;

		ro.recursive = true;
		rb = run_batch(&resolver, 1, todo, tt, n_todo, &ro, &ignored,
		    &rc);
		if (rc == DL_ENOMEM)
			goto out;
		rc = 0;
	}
	for (i = 0; i < n_names; i++) {
		if (count[i] > 0 || rb == NULL)
			continue;
		first[i] = n_addrs;
		for (j = 0; j < n_todo; j++) {
			const struct dl_dnsq_result *r;
			size_t k;

			if (todo[j] != names[i])
				continue;
			r = dl_dnsq_batch_result(rb, 0, j);
			/* A timeout or an error: addresses may be missing. */
			if (r->outcome != DL_DNSQ_ANSWER &&
			    r->outcome != DL_DNSQ_NODATA &&
			    r->outcome != DL_DNSQ_NXDOMAIN)
				partial[i] = 1;
			for (k = 0; r->answer != NULL &&
			    k < ldns_rr_list_rr_count(r->answer); k++) {
				ldns_rr *rr = ldns_rr_list_rr(r->answer, k);
				struct dl_dnsq_server srv;

				if (ldns_rr_get_type(rr) != tt[j] ||
				    dl_dnsq_server_set(&srv, ldns_rr_rdf(rr, 0),
				    o->port, names[i]) != 0)
					continue;
				if ((rc = push_server(&addrs, &n_addrs,
				    &srv)) != 0)
					goto out;
				count[i]++;
			}
		}
	}
	/* Ask "zone SOA" where no current server's answer can serve. */
	for (i = 0; i < n_addrs; i++) {
		for (j = 0; j < dl_dnsq_batch_servers(l->batch); j++)
			if (strcmp(dl_dnsq_batch_server(l->batch, j)->text,
			    addrs[i].text) == 0)
				break;
		if (j == dl_dnsq_batch_servers(l->batch) &&
		    (rc = push_server(&ask_v, &n_ask, &addrs[i])) != 0)
			goto out;
	}
	if (n_ask > 0) {
		char *zone = p->zone;
		ldns_rr_type soa = LDNS_RR_TYPE_SOA;

		l->ns_batch = run_batch(ask_v, n_ask, &zone, &soa, 1, qo, err,
		    &rc);
		if (rc != 0)
			goto out;
	}
	if ((l->ns = calloc(n_addrs + 1, sizeof(*l->ns))) == NULL ||
	    (l->unresolved = calloc(n_names + 1, sizeof(char *))) == NULL) {
		rc = DL_ENOMEM;
		goto out;
	}
	for (i = 0; i < n_names; i++) {
		if (count[i] == 0) {
			l->unresolved[l->n_unresolved++] = names[i];
			names[i] = NULL;
			continue;
		}
		for (j = first[i]; j < first[i] + count[i]; j++) {
			struct dl_live_ns_addr *a = &l->ns[l->n_ns];
			size_t s;

			a->soa = NULL;
			a->partial = partial[i];
			for (s = 0; s < dl_dnsq_batch_servers(l->batch); s++)
				if (strcmp(dl_dnsq_batch_server(l->batch,
				    s)->text, addrs[j].text) == 0 && soa_q >= 0)
					a->soa = dl_dnsq_batch_result(l->batch,
					    s, (size_t)soa_q);
			for (s = 0; a->soa == NULL && l->ns_batch != NULL &&
			    s < dl_dnsq_batch_servers(l->ns_batch); s++)
				if (strcmp(dl_dnsq_batch_server(l->ns_batch,
				    s)->text, addrs[j].text) == 0)
					a->soa = dl_dnsq_batch_result(
					    l->ns_batch, s, 0);
			if ((a->ns = strdup(names[i])) == NULL ||
			    (a->addr = strdup(addrs[j].text)) == NULL) {
				free((char *)a->ns);
				rc = DL_ENOMEM;
				goto out;
			}
			l->n_ns++;
		}
	}
out:
	dl_dnsq_batch_free(rb);
	free_names(names, n_names);
	free(partial);
	free(first);
	free(count);
	free(todo);
	free(tt);
	free(addrs);
	free(ask_v);
	return rc;
}

/*
 * The DS RRset at the parent from one of its servers' answers (the parent
 * is authoritative for it): its largest TTL and how many records.
 */
static void
parent_ds(struct dl_live *l, const struct dl_plan *p,
    const struct dl_dnsq_result *r)
{
	ldns_rr_list *ans;
	size_t i, n = 0;
	uint32_t ttl = 0;

	if (r == NULL || r->pkt == NULL || !ldns_pkt_aa(r->pkt) ||
	    ldns_pkt_get_rcode(r->pkt) != LDNS_RCODE_NOERROR)
		return;
	ans = ldns_pkt_answer(r->pkt);
	for (i = 0; ans != NULL && i < ldns_rr_list_rr_count(ans); i++) {
		ldns_rr *rr = ldns_rr_list_rr(ans, i);
		char *owner;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DS ||
		    (owner = dl_name_str(ldns_rr_owner(rr))) == NULL)
			continue;
		if (strcmp(owner, p->zone) == 0) {
			n++;
			if (ldns_rr_ttl(rr) > ttl)
				ttl = ldns_rr_ttl(rr);
		}
		free(owner);
	}
	l->parent_ds_known = 1;
	if (n > l->n_parent_ds)
		l->n_parent_ds = n;
	if (ttl > l->parent_ds_ttl)
		l->parent_ds_ttl = ttl;
}

/*
 * The delegation's TTL at the parent: find the parent zone's servers
 * through the resolver (walking up until a name has NS records), and ask
 * them, recursion off, for the zone's NS: the referral's TTL is what
 * resolvers cache from the parent.  Best effort: when anything fails the
 * configured value stays in use.
 */
static void
parent(struct dl_live *l, const struct dl_plan *p,
    const struct dl_live_options *o, const struct dl_dnsq_options *qo)
{
	struct dl_dnsq_discovery *d = NULL;
	struct dl_dnsq_server resolver;
	struct dl_dnsq_batch *b;
	struct dl_error ignored;
	const char *up = strchr(p->zone, '.');
	char *zones[2] = { p->zone, p->zone };
	ldns_rr_type types[2] = { LDNS_RR_TYPE_NS, LDNS_RR_TYPE_DS };
	size_t s, i;
	int rc;

	if (strcmp(p->zone, ".") == 0 || resolver_of(o, &resolver,
	    &ignored) != 0)
		return;
	while (up != NULL && up[1] != '\0') {
		up++;
		if (dl_dnsq_discover(&resolver, up, o->port, qo, &d,
		    &ignored) == 0 && d->n_servers > 0)
			break;
		dl_dnsq_discovery_free(d);
		d = NULL;
		up = strchr(up, '.');
	}
	if (d == NULL)
		return;
	b = run_batch(d->servers, d->n_servers, zones, types, 2, qo, &ignored,
	    &rc);
	dl_dnsq_discovery_free(d);
	if (b == NULL)
		return;
	for (s = 0; s < dl_dnsq_batch_servers(b); s++) {
		const struct dl_dnsq_result *r = dl_dnsq_batch_result(b, s, 0);
		ldns_rr_list *auth;

		if (r->pkt == NULL || ldns_pkt_get_rcode(r->pkt) !=
		    LDNS_RCODE_NOERROR)
			continue;
		auth = ldns_pkt_authority(r->pkt);
		for (i = 0; auth != NULL && i < ldns_rr_list_rr_count(auth);
		    i++) {
			ldns_rr *rr = ldns_rr_list_rr(auth, i);
			char *owner;

			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS)
				continue;
			if ((owner = dl_name_str(ldns_rr_owner(rr))) == NULL)
				continue;
			if (strcmp(owner, p->zone) == 0 &&
			    (!l->parent_known ||
			    ldns_rr_ttl(rr) > l->parent_ns_ttl)) {
				l->parent_known = 1;
				l->parent_ns_ttl = ldns_rr_ttl(rr);
			}
			free(owner);
		}
		parent_ds(l, p, dl_dnsq_batch_result(b, s, 1));
	}
	dl_dnsq_batch_free(b);
}

static char *
servers_text(const struct dl_dnsq_batch *b)
{
	size_t i, len = 0, n = dl_dnsq_batch_servers(b);
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(dl_dnsq_batch_server(b, i)->text) + 2;
	if ((s = calloc(1, len + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ", ");
		strcat(s, dl_dnsq_batch_server(b, i)->text);
	}
	return s;
}

/*
 * The delegation's NS RRset in a referral: the NS records owned by owner
 * in the authority section of a NOERROR reply without AA (a parent's
 * servers answer a question at a zone cut so, RFC 1034 section 4.3.2).
 * A new list of borrowed records, or NULL when r is no such referral (or
 * out of memory).
 */
ldns_rr_list *
dl_live_referral_ns(const struct dl_dnsq_result *r, const char *owner)
{
	ldns_rr_list *auth, *out;
	size_t i;
	char *o;

	if (r == NULL || r->outcome != DL_DNSQ_NOT_AUTH || r->pkt == NULL ||
	    ldns_pkt_get_rcode(r->pkt) != LDNS_RCODE_NOERROR ||
	    (auth = ldns_pkt_authority(r->pkt)) == NULL ||
	    (out = ldns_rr_list_new()) == NULL)
		return NULL;
	for (i = 0; i < ldns_rr_list_rr_count(auth); i++) {
		ldns_rr *rr = ldns_rr_list_rr(auth, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS ||
		    (o = dl_name_str(ldns_rr_owner(rr))) == NULL)
			continue;
		if (strcmp(o, owner) == 0)
			ldns_rr_list_push_rr(out, rr);
		free(o);
	}
	if (ldns_rr_list_rr_count(out) == 0) {
		ldns_rr_list_free(out);
		return NULL;
	}
	return out;
}

/* Is the question owner/type the NS RRset of a delegation below origin? */
static int
is_cut(const char *owner, ldns_rr_type type, const char *origin)
{
	return type == LDNS_RR_TYPE_NS && strcmp(owner, origin) != 0 &&
	    dl_name_in_zone(owner, origin);
}

/*
 * The NS RRsets of delegations no server answered with authority: the
 * parent side of a zone cut is a referral (RFC 1034 section 4.3.2), its
 * NS records in the authority section.  The referral with the largest
 * TTL counts, as consensus() takes answers.
 */
static int
consensus_cuts(struct dl_live *l, const char *origin)
{
	size_t q, s, i, ns = dl_dnsq_batch_servers(l->batch);

	for (q = 0; q < l->n_q; q++) {
		ldns_rr_list *best = NULL, *one;

		if (!is_cut(l->q_owner[q], l->q_type[q], origin) ||
		    dl_zone_rrset_known(l->zone, l->q_owner[q], l->q_type[q]))
			continue;
		for (s = 0; s < ns; s++) {
			one = dl_live_referral_ns(dl_dnsq_batch_result(l->batch,
			    s, q), l->q_owner[q]);
			if (one == NULL)
				continue;
			if (best == NULL ||
			    dl_rrset_ttl(one) > dl_rrset_ttl(best)) {
				if (best != NULL)
					ldns_rr_list_free(best);
				best = one;
			} else
				ldns_rr_list_free(one);
		}
		if (best == NULL)
			continue;
		for (i = 0; i < ldns_rr_list_rr_count(best); i++) {
			ldns_rr *c = ldns_rr_clone(ldns_rr_list_rr(best, i));

			if (c == NULL || dl_zone_add(l->zone, c) != 0) {
				ldns_rr_list_free(best);
				return DL_ENOMEM;
			}
		}
		ldns_rr_list_free(best);
		if (dl_zone_mark_known(l->zone, l->q_owner[q],
		    l->q_type[q]) != 0)
			return DL_ENOMEM;
	}
	return 0;
}

const struct dl_live_child *
dl_live_child_get(const struct dl_live *l, const char *owner)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n_child; i++)
		if (strcmp(l->child[i].owner, owner) == 0)
			return &l->child[i];
	return NULL;
}

/*
 * The addresses of the child's nameservers names: the glue in the zone
 * (the transfer's, or the referrals' additional sections, which the
 * current servers sent), else through the resolver (the first 16 names
 * without glue).  Appends to *v.
 */
static int
child_addresses(const struct dl_live *l, ldns_rr_list *names,
    const struct dl_live_options *o, const struct dl_dnsq_options *qo,
    struct dl_dnsq_server **v, size_t *n)
{
	static const ldns_rr_type types[] = { LDNS_RR_TYPE_A,
	    LDNS_RR_TYPE_AAAA };
	struct dl_dnsq_server srv, resolver;
	struct dl_dnsq_batch *rb;
	struct dl_error ignored;
	size_t i, j, t, s, nq = 0;
	char *todo[2 * 16];
	ldns_rr_type tt[2 * 16];
	int rc = 0;

	for (i = 0; i < ldns_rr_list_rr_count(names); i++) {
		char *name = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(names, i),
		    0));
		size_t before = *n;

		if (name == NULL)
			return DL_ENOMEM;
		/* Glue: in the referrals the current servers sent. */
		for (s = 0; s < dl_dnsq_batch_servers(l->batch); s++)
			for (j = 0; j < l->n_q; j++) {
				const struct dl_dnsq_result *r =
				    dl_dnsq_batch_result(l->batch, s, j);
				ldns_rr_list *add;
				size_t k;

				if (r->pkt == NULL || (add =
				    ldns_pkt_additional(r->pkt)) == NULL)
					continue;
				for (k = 0; k < ldns_rr_list_rr_count(add);
				    k++) {
					ldns_rr *rr = ldns_rr_list_rr(add, k);
					char *ow;

					if ((ldns_rr_get_type(rr) !=
					    LDNS_RR_TYPE_A &&
					    ldns_rr_get_type(rr) !=
					    LDNS_RR_TYPE_AAAA) ||
					    (ow = dl_name_str(ldns_rr_owner(
					    rr))) == NULL)
						continue;
					if (strcmp(ow, name) == 0 &&
					    dl_dnsq_server_set(&srv,
					    ldns_rr_rdf(rr, 0), o->port,
					    name) == 0 && (rc = push_server(v,
					    n, &srv)) != 0) {
						free(ow);
						free(name);
						return rc;
					}
					free(ow);
				}
			}
		/* Glue: in a transferred zone. */
		for (t = 0; *n == before && t < 2; t++) {
			ldns_rr_list *glue;

			if (!dl_zone_is_whole(l->zone))
				break;
			if ((glue = dl_zone_rrset(l->zone, name, types[t])) ==
			    NULL) {
				free(name);
				return DL_ENOMEM;
			}
			for (j = 0; j < ldns_rr_list_rr_count(glue); j++)
				if (dl_dnsq_server_set(&srv, ldns_rr_rdf(
				    ldns_rr_list_rr(glue, j), 0), o->port,
				    name) == 0 && (rc = push_server(v, n,
				    &srv)) != 0)
					break;
			ldns_rr_list_free(glue);
			if (rc != 0) {
				free(name);
				return rc;
			}
		}
		if (*n > before || nq + 2 > sizeof(todo) / sizeof(todo[0])) {
			free(name);
			continue;
		}
		todo[nq] = name;
		tt[nq++] = LDNS_RR_TYPE_A;
		todo[nq] = name;
		tt[nq++] = LDNS_RR_TYPE_AAAA;
	}
	/* The rest through the resolver, recursion on, all at once. */
	if (nq > 0 && resolver_of(o, &resolver, &ignored) == 0) {
		struct dl_dnsq_options ro = *qo;

		ro.recursive = true;
		rb = run_batch(&resolver, 1, todo, tt, nq, &ro, &ignored, &rc);
		for (j = 0; rb != NULL && j < nq; j++) {
			const struct dl_dnsq_result *r =
			    dl_dnsq_batch_result(rb, 0, j);
			size_t k;

			for (k = 0; r->answer != NULL &&
			    k < ldns_rr_list_rr_count(r->answer); k++) {
				ldns_rr *rr = ldns_rr_list_rr(r->answer, k);

				if (ldns_rr_get_type(rr) == tt[j] &&
				    dl_dnsq_server_set(&srv, ldns_rr_rdf(rr,
				    0), o->port, todo[j]) == 0 &&
				    (rc = push_server(v, n, &srv)) != 0)
					break;
			}
		}
		dl_dnsq_batch_free(rb);
		if (rc != DL_ENOMEM)
			rc = 0;
	}
	for (j = 0; j < nq; j += 2)
		free(todo[j]);
	return rc;
}

/*
 * One delegation the plan changes: ask the child zone's current servers
 * (the delegation's live NS set) for the child's NS, recursion off.
 * Resolvers replace the parent's referral NS with the child's own
 * authoritative NS RRset (RFC 2181 section 5.4.1), so that TTL counts
 * too.
 */
static int
child_one(struct dl_live *l, struct dl_live_child *c,
    const struct dl_live_options *o, const struct dl_dnsq_options *qo)
{
	struct dl_dnsq_server *addrs = NULL;
	struct dl_dnsq_batch *b;
	struct dl_error ignored;
	ldns_rr_list *names;
	ldns_rr_type ns = LDNS_RR_TYPE_NS;
	size_t n = 0, s, i;
	int rc;

	if (!dl_zone_rrset_known(l->zone, c->owner, LDNS_RR_TYPE_NS)) {
		c->why = strdup("the delegation's NS RRset could not be "
		    "fetched from the zone's servers");
		return c->why == NULL ? DL_ENOMEM : 0;
	}
	if ((names = dl_zone_rrset(l->zone, c->owner, LDNS_RR_TYPE_NS)) ==
	    NULL)
		return DL_ENOMEM;
	rc = child_addresses(l, names, o, qo, &addrs, &n);
	ldns_rr_list_free(names);
	if (rc != 0) {
		free(addrs);
		return rc;
	}
	if (n == 0) {
		free(addrs);
		c->why = strdup("no address found for the child zone's "
		    "nameservers");
		return c->why == NULL ? DL_ENOMEM : 0;
	}
	b = run_batch(addrs, n, &c->owner, &ns, 1, qo, &ignored, &rc);
	free(addrs);
	if (rc == DL_ENOMEM)
		return rc;
	for (s = 0; b != NULL && s < dl_dnsq_batch_servers(b); s++) {
		const struct dl_dnsq_result *r = dl_dnsq_batch_result(b, s, 0);

		if (r->outcome != DL_DNSQ_ANSWER || r->answer == NULL)
			continue;
		for (i = 0; i < ldns_rr_list_rr_count(r->answer); i++) {
			ldns_rr *rr = ldns_rr_list_rr(r->answer, i);

			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS)
				continue;
			if (!c->known || ldns_rr_ttl(rr) > c->ns_ttl)
				c->ns_ttl = ldns_rr_ttl(rr);
			c->known = 1;
		}
	}
	if (!c->known) {
		char *list = b != NULL ? servers_text(b) : NULL;

		if (asprintf(&c->why, "none of the child zone's servers (%s) "
		    "answered for its NS with authority",
		    list != NULL ? list : "?") < 0)
			c->why = NULL;
		free(list);
		if (c->why == NULL) {
			dl_dnsq_batch_free(b);
			return DL_ENOMEM;
		}
	}
	dl_dnsq_batch_free(b);
	return 0;
}

/* Every delegation below the apex that the plan changes. */
static int
children(struct dl_live *l, const struct dl_plan *p,
    const struct dl_live_options *o, const struct dl_dnsq_options *qo)
{
	struct dl_live_child *g;
	size_t i;
	int rc;

	for (i = 0; i < p->n_changes; i++) {
		const struct dl_change *c = &p->changes[i];

		if (!is_cut(c->owner, c->type, p->zone) ||
		    dl_live_child_get(l, c->owner) != NULL)
			continue;
		if ((g = reallocarray(l->child, l->n_child + 1,
		    sizeof(*g))) == NULL)
			return DL_ENOMEM;
		l->child = g;
		g = &l->child[l->n_child];
		memset(g, 0, sizeof(*g));
		if ((g->owner = strdup(c->owner)) == NULL)
			return DL_ENOMEM;
		l->n_child++;
		if ((rc = child_one(l, g, o, qo)) != 0)
			return rc;
	}
	return 0;
}

/*
 * Types a provider move does not compare: the SOA (serials are each
 * provider's own; ns-serves-zone reads it) and what a signer makes
 * (each provider signs with its own keys, dnssec-provider-change orders
 * that).
 */
static int
move_skips(ldns_rr_type t)
{
	return t == LDNS_RR_TYPE_SOA || t == LDNS_RR_TYPE_RRSIG ||
	    t == LDNS_RR_TYPE_NSEC || t == LDNS_RR_TYPE_NSEC3 ||
	    t == LDNS_RR_TYPE_NSEC3PARAM || t == LDNS_RR_TYPE_DNSKEY ||
	    t == LDNS_RR_TYPE_CDS || t == LDNS_RR_TYPE_CDNSKEY;
}

/* Is owner strictly below a delegation of the transferred zone? */
static int
below_cut(const struct dl_zone *z, const char *owner, const char *origin)
{
	const char *up = owner;

	while ((up = strchr(up, '.')) != NULL && up[1] != '\0') {
		up++;
		if (!dl_name_in_zone(up, origin) || strcmp(up, origin) == 0)
			return 0;
		if (dl_zone_has_name(z, up)) {
			ldns_rr_list *ns = dl_zone_rrset(z, up,
			    LDNS_RR_TYPE_NS);
			int cut = ns != NULL && ldns_rr_list_rr_count(ns) > 0;

			if (ns != NULL)
				ldns_rr_list_free(ns);
			if (cut)
				return 1;
		}
	}
	return 0;
}

/* Add a provider move question; 0 or DL_ENOMEM. */
static int
move_ask(struct dl_live *l, const char *owner, ldns_rr_type type)
{
	l->move_total++;
	if (l->n_move >= DL_LIVE_MOVE_MAX)
		return 0;
	return push_question(&l->move_owner, &l->move_type, &l->n_move,
	    owner, type);
}

/*
 * A provider move: ask every address of the nameservers the plan adds
 * (that is not a current server, whose answers are the zone) for the
 * zone's RRsets, all at once: the whole zone after a transfer (at most
 * DL_LIVE_MOVE_MAX RRsets), else the questions the rules asked.
 */
static int
move(struct dl_live *l, const struct dl_plan *p,
    const struct dl_dnsq_options *qo, struct dl_error *err)
{
	const struct dl_change *c = NULL;
	struct dl_dnsq_server *v = NULL, srv;
	ldns_rr_list *cur;
	size_t i, j, n = 0;
	int rc = 0, added;

	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(p->changes[i].owner, p->zone) == 0)
			c = &p->changes[i];
	if (c == NULL || c->to == NULL || c->unknown != NULL ||
	    !dl_zone_rrset_known(l->zone, p->zone, LDNS_RR_TYPE_NS))
		return 0;
	if ((cur = dl_zone_rrset(l->zone, p->zone, LDNS_RR_TYPE_NS)) == NULL)
		return DL_ENOMEM;
	for (i = 0; i < l->n_ns && rc == 0; i++) {
		added = !dl_ns_names(cur, l->ns[i].ns);
		for (j = 0; added && j < dl_dnsq_batch_servers(l->batch); j++)
			if (strcmp(dl_dnsq_batch_server(l->batch, j)->text,
			    l->ns[i].addr) == 0)
				added = 0;
		for (j = 0; added && j < n; j++)
			if (strcmp(v[j].text, l->ns[i].addr) == 0)
				added = 0;
		if (added && (rc = dl_dnsq_server_parse(l->ns[i].addr, &srv,
		    err)) == 0) {
			snprintf(srv.label, sizeof(srv.label), "%s",
			    l->ns[i].ns);
			rc = push_server(&v, &n, &srv);
		}
	}
	ldns_rr_list_free(cur);
	if (rc != 0 || n == 0) {
		free(v);
		return rc;
	}
	l->move_whole = dl_zone_is_whole(l->zone);
	if (l->move_whole) {
		for (i = 0; rc == 0 && i < dl_zone_kept_count(l->zone); i++) {
			const ldns_rr *rr = dl_zone_kept(l->zone, i);
			const char *owner = dl_zone_kept_owner(l->zone, i);

			if (!dl_zone_kept_first(l->zone, i) ||
			    move_skips(ldns_rr_get_type(rr)) ||
			    below_cut(l->zone, owner, p->zone))
				continue;
			rc = move_ask(l, owner, ldns_rr_get_type(rr));
		}
	} else
		for (i = 0; rc == 0 && i < l->n_q; i++)
			if (!move_skips(l->q_type[i]))
				rc = move_ask(l, l->q_owner[i], l->q_type[i]);
	if (rc == 0 && l->n_move > 0)
		l->move_batch = run_batch(v, n, l->move_owner, l->move_type,
		    l->n_move, qo, err, &rc);
	free(v);
	return rc;
}

int
dl_live_load(const struct dl_plan *p, const struct dl_live_options *o,
    struct dl_live **out, struct dl_error *err)
{
	struct dl_dnsq_server *servers = NULL, resolver;
	struct dl_dnsq_tsig *key = NULL;
	struct dl_dnsq_options qo;
	struct dl_needs all;
	const struct dl_needs *nd;
	struct dl_live *l;
	size_t i, n = 0, answered = 0;
	int rc;

	*out = NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return DL_ENOMEM;
	l->source = "query";
	/* A bad key file is bad input: say so before asking anyone. */
	if (o->axfr && o->tsig_file != NULL &&
	    (rc = dl_dnsq_tsig_load(o->tsig_file, &key, err)) != 0) {
		/* The key file is the user's input: unreadable is exit 2. */
		dl_live_free(l);
		return rc;
	}
	dl_dnsq_options_init(&qo);
	qo.timeout_ms = o->timeout_ms;
	qo.retries = o->retries;
	if (o->n_servers > 0) {
		if ((servers = calloc(o->n_servers, sizeof(*servers))) == NULL) {
			rc = DL_ENOMEM;
			goto fail;
		}
		for (n = 0; n < o->n_servers; n++)
			if ((rc = dl_dnsq_server_parse(o->servers[n],
			    &servers[n], err)) != 0)
				goto fail;
	} else {
		if ((rc = resolver_of(o, &resolver, err)) != 0)
			goto fail;
		if ((rc = dl_dnsq_discover(&resolver, p->zone, o->port, &qo,
		    &l->disc, err)) != 0)
			goto fail;
		if (l->disc->n_servers == 0) {
			dl_error_set(err, NULL, 0, 0, "no address found for "
			    "any nameserver of '%s'", p->zone);
			rc = DL_EUNAVAIL;
			goto fail;
		}
	}
	if (o->needs == NULL)
		dl_needs_all(&all);
	nd = o->needs != NULL ? o->needs : &all;
	if ((rc = questions(l, p, nd)) != 0)
		goto fail;
	/* Two NS names may share an address: ask each address once. */
	if (servers == NULL) {
		for (i = 0; i < l->disc->n_servers; i++) {
			size_t j;

			for (j = 0; j < n; j++)
				if (strcmp(servers[j].text,
				    l->disc->servers[i].text) == 0)
					break;
			if (j == n && (rc = push_server(&servers, &n,
			    &l->disc->servers[i])) != 0)
				goto fail;
		}
	}
	l->batch = run_batch(servers, n, l->q_owner, l->q_type, l->n_q,
	    &qo, err, &rc);
	if (l->batch == NULL)
		goto fail;
	for (i = 0; i < dl_dnsq_batch_servers(l->batch); i++)
		if (!dl_dnsq_batch_unreachable(l->batch, i))
			answered++;
	if ((l->source_name = servers_text(l->batch)) == NULL) {
		rc = DL_ENOMEM;
		goto fail;
	}
	if (answered == 0) {
		dl_error_set(err, NULL, 0, 0, "no server answered for '%s': "
		    "%s", p->zone, l->source_name);
		rc = DL_EUNAVAIL;
		goto fail;
	}
	if ((rc = consensus(l, p->zone)) != 0 ||
	    (rc = consensus_cuts(l, p->zone)) != 0)
		goto fail;
	if (o->axfr && (rc = transfer(l, p, o, key, err)) != 0)
		goto fail;
	if ((dl_needs_has(nd, DL_NEED_NAMESERVERS) &&
	    (rc = nameservers(l, p, o, &qo, err)) != 0) ||
	    (rc = children(l, p, o, &qo)) != 0 ||
	    (rc = move(l, p, &qo, err)) != 0)
		goto fail;
	if (o->n_servers == 0 && dl_needs_has(nd, DL_NEED_PARENT))
		parent(l, p, o, &qo);
	dl_dnsq_tsig_free(key);
	free(servers);
	*out = l;
	return 0;
fail:
	if (rc == DL_ENOMEM)
		dl_error_set(err, NULL, 0, 0, "out of memory");
	/* No resolv.conf, a failed poll(2): the live data is out of reach. */
	if (rc == DL_EIO)
		rc = DL_EUNAVAIL;
	dl_dnsq_tsig_free(key);
	free(servers);
	dl_live_free(l);
	return rc;
}

char *
dl_live_stats(const struct dl_live *l, char *buf, size_t n)
{
	const struct dl_dnsq_batch *b[3] = { l->batch, l->ns_batch,
	    l->move_batch };
	unsigned udp = 0, tcp = 0, rep = 0, ign = 0, dead = 0;
	double wall = 0;
	size_t i;

	for (i = 0; i < 3; i++) {
		const struct dl_dnsq_stats *s;

		if (b[i] == NULL)
			continue;
		s = dl_dnsq_batch_stats(b[i]);
		udp += s->udp_sent;
		tcp += s->tcp_sent;
		rep += s->replies;
		ign += s->ignored;
		dead += s->unreachable;
		wall += s->wall;
	}
	snprintf(buf, n, "%s: %zu server%s x %zu questions: %u UDP and %u "
	    "TCP queries, %u replies, %u ignored, %u not answering, %.1f ms "
	    "(the resolver, the parent, child zones and a transfer not "
	    "counted)",
	    l->source, dl_dnsq_batch_servers(l->batch),
	    dl_dnsq_batch_servers(l->batch) == 1 ? "" : "s", l->n_q, udp, tcp,
	    rep, ign, dead, wall * 1000);
	return buf;
}

void
dl_live_free(struct dl_live *l)
{
	size_t i;

	if (l == NULL)
		return;
	dl_zone_free(l->zone);
	dl_dnsq_batch_free(l->batch);
	dl_dnsq_batch_free(l->ns_batch);
	dl_dnsq_discovery_free(l->disc);
	for (i = 0; i < l->n_q; i++)
		free(l->q_owner[i]);
	free(l->q_owner);
	free(l->q_type);
	for (i = 0; i < l->n_ns; i++) {
		free((char *)l->ns[i].ns);
		free((char *)l->ns[i].addr);
	}
	free(l->ns);
	for (i = 0; i < l->n_child; i++) {
		free(l->child[i].owner);
		free(l->child[i].why);
	}
	free(l->child);
	dl_dnsq_batch_free(l->move_batch);
	free_names(l->move_owner, l->n_move);
	free(l->move_type);
	free_names(l->unresolved, l->n_unresolved);
	free(l->source_name);
	free(l);
}
