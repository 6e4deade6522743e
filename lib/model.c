#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dtime.h"
#include "model.h"
#include "octodns.h"

uint32_t
dl_ttl_floor(uint32_t ttl)
{
	return ttl < DL_TTL_FLOOR ? DL_TTL_FLOOR : ttl;
}

char *
dl_rrset_subject(const char *owner, ldns_rr_type type)
{
	char *t, *s;

	if ((t = ldns_rr_type2str(type)) == NULL)
		return NULL;
	if (asprintf(&s, "%s %s", owner, t) == -1)
		s = NULL;
	free(t);
	return s;
}

int
dl_rr_target_field(ldns_rr_type type)
{
	size_t off;

	if ((unsigned)type == DL_RR_TYPE_ALIAS)	/* octoDNS's, not ldns's */
		return 0;
	return dl_rr_name_field((uint16_t)type, &off);
}

/*
 * The last target asked about, parsed: walks over a whole zone ask about
 * the same few targets millions of times.  Kept until exit.
 */
static struct {
	char		*text;
	int		 family;	/* 4, 6, or 0 for a name */
	unsigned char	 addr[16];
	ldns_rdf	*name;
} target_cache;

static int
target_parse(const char *target)
{
	if (target_cache.text != NULL && strcmp(target_cache.text,
	    target) == 0)
		return 0;
	free(target_cache.text);
	ldns_rdf_deep_free(target_cache.name);
	memset(&target_cache, 0, sizeof(target_cache));
	if (inet_pton(AF_INET, target, target_cache.addr) == 1)
		target_cache.family = 4;
	else if (inet_pton(AF_INET6, target, target_cache.addr) == 1)
		target_cache.family = 6;
	else if ((target_cache.name = ldns_dname_new_frm_str(target)) ==
	    NULL)
		return -1;
	if ((target_cache.text = strdup(target)) == NULL) {
		ldns_rdf_deep_free(target_cache.name);
		target_cache.name = NULL;
		return -1;
	}
	return 0;
}

/* SvcParamKeys of the address hints (RFC 9460 section 14.3.2). */
#define SVC_IPV4HINT	4
#define SVC_IPV6HINT	6

/*
 * Does the SvcParams field f (wire form: key, length, value, in key
 * order) hold the parsed target address in its ipv4hint or ipv6hint?
 */
static int
hints_mention(const ldns_rdf *f)
{
	const uint8_t *d = ldns_rdf_data(f);
	size_t n = ldns_rdf_size(f), i = 0, j, len, alen;
	unsigned key;

	if (target_cache.family == 0)
		return 0;
	alen = target_cache.family == 4 ? 4 : 16;
	while (i + 4 <= n) {
		key = (unsigned)d[i] << 8 | d[i + 1];
		len = (size_t)d[i + 2] << 8 | d[i + 3];
		i += 4;
		if (len > n - i)
			return 0;
		if ((key == SVC_IPV4HINT && alen == 4) ||
		    (key == SVC_IPV6HINT && alen == 16))
			for (j = 0; j + alen <= len; j += alen)
				if (memcmp(d + i + j, target_cache.addr,
				    alen) == 0)
					return 1;
		i += len;
	}
	return 0;
}

/* The RDATA field of rr that names an address or a host, or -1. */
static int
mention_field(const ldns_rr *rr)
{
	ldns_rr_type type = ldns_rr_get_type(rr);
	int field;

	if (type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_AAAA)
		field = 0;
	else if ((field = dl_rr_target_field(type)) == -1)
		return -1;
	return (size_t)field < ldns_rr_rd_count(rr) ? field : -1;
}

int
dl_rr_mentions(const ldns_rr *rr, const char *target)
{
	ldns_rr_type type = ldns_rr_get_type(rr);
	ldns_rdf *f;
	int field;

	if ((field = mention_field(rr)) == -1 || target_parse(target) != 0)
		return 0;
	/* HTTPS and SVCB name addresses in their hints too. */
	if ((type == LDNS_RR_TYPE_HTTPS || type == LDNS_RR_TYPE_SVCB) &&
	    ldns_rr_rd_count(rr) > 2 &&
	    ldns_rdf_get_type(ldns_rr_rdf(rr, 2)) == LDNS_RDF_TYPE_SVCPARAMS &&
	    hints_mention(ldns_rr_rdf(rr, 2)))
		return 1;
	f = ldns_rr_rdf(rr, field);
	switch (ldns_rdf_get_type(f)) {
	case LDNS_RDF_TYPE_A:
		return target_cache.family == 4 && ldns_rdf_size(f) == 4 &&
		    memcmp(ldns_rdf_data(f), target_cache.addr, 4) == 0;
	case LDNS_RDF_TYPE_AAAA:
		return target_cache.family == 6 && ldns_rdf_size(f) == 16 &&
		    memcmp(ldns_rdf_data(f), target_cache.addr, 16) == 0;
	case LDNS_RDF_TYPE_DNAME:
		return target_cache.name != NULL &&
		    ldns_dname_compare(f, target_cache.name) == 0;
	default:
		return 0;
	}
}

int
dl_view_mentions(const struct dl_rview *v, const char *target)
{
	const uint8_t *t, *d;
	uint8_t addr[16];
	size_t off, i, n;
	int len;

	/* Built records, and the hints of HTTPS and SVCB: as ldns sees them. */
	if (v->rd == NULL || v->type == LDNS_RR_TYPE_HTTPS ||
	    v->type == LDNS_RR_TYPE_SVCB)
		return dl_rview_rr(v) != NULL &&
		    dl_rr_mentions(dl_rview_rr(v), target);
	if (target_parse(target) != 0)
		return 0;
	if ((len = dl_rview_address(v, addr)) != 0)
		return target_cache.family == (len == 4 ? 4 : 6) &&
		    memcmp(addr, target_cache.addr, (size_t)len) == 0;
	if (target_cache.name == NULL ||
	    dl_rr_name_field(v->type, &off) == -1)
		return 0;
	/* Wire names, label lengths and all, case aside. */
	t = ldns_rdf_data(target_cache.name);
	n = ldns_rdf_size(target_cache.name);
	if (off > v->rdlen || v->rdlen - off < n)
		return 0;
	d = v->rd + off;
	for (i = 0; i < n; i++)
		if (tolower(d[i]) != tolower(t[i]))
			return 0;
	return 1;
}

/*
 * The key of what rr's RDATA names, as dl_rr_mentions() compares it: '4'
 * or '6' and the address bytes, or 'n' and the name in presentation form,
 * lower case.  Returns 1 and a new key, 0 when it names nothing, -1 when
 * out of memory.
 */
static int
rr_key(const ldns_rr *rr, char **key, size_t *len)
{
	ldns_rdf *f;
	char *name;
	int field;

	if ((field = mention_field(rr)) == -1)
		return 0;
	f = ldns_rr_rdf(rr, field);
	switch (ldns_rdf_get_type(f)) {
	case LDNS_RDF_TYPE_A:
	case LDNS_RDF_TYPE_AAAA:
		*len = ldns_rdf_size(f) + 1;
		if ((*key = malloc(*len)) == NULL)
			return -1;
		(*key)[0] = ldns_rdf_get_type(f) == LDNS_RDF_TYPE_A ? '4' :
		    '6';
		memcpy(*key + 1, ldns_rdf_data(f), ldns_rdf_size(f));
		return 1;
	case LDNS_RDF_TYPE_DNAME:
		if ((name = dl_name_str(f)) == NULL)
			return -1;
		*len = strlen(name) + 1;
		if ((*key = malloc(*len)) != NULL) {
			(*key)[0] = 'n';
			memcpy(*key + 1, name, *len - 1);
		}
		free(name);
		return *key == NULL ? -1 : 1;
	default:
		return 0;
	}
}

/* The key of a decommission target; 0, or -1 when out of memory. */
static int
target_key(const char *target, char *key, size_t size, size_t *len)
{
	unsigned char a[16];
	ldns_rdf *d;
	char *name;

	if (inet_pton(AF_INET, target, a) == 1) {
		key[0] = '4';
		memcpy(key + 1, a, 4);
		*len = 5;
		return 0;
	}
	if (inet_pton(AF_INET6, target, a) == 1) {
		key[0] = '6';
		memcpy(key + 1, a, 16);
		*len = 17;
		return 0;
	}
	*len = 0;
	if ((d = ldns_dname_new_frm_str(target)) == NULL)
		return 0;	/* names nothing a record can name */
	name = dl_name_str(d);
	ldns_rdf_deep_free(d);
	if (name == NULL)
		return -1;
	if (strlen(name) + 2 <= size) {
		key[0] = 'n';
		memcpy(key + 1, name, strlen(name));
		*len = strlen(name) + 1;
	}
	free(name);
	return 0;
}

static int
mention_cmp(const void *a, const void *b)
{
	const struct dl_mention *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if ((c = memcmp(x->key, y->key, n)) != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Append key (len bytes, taken over) for idx to *ix.  0 or DL_ENOMEM. */
static int
index_push(struct dl_mention **ix, size_t *n, size_t *cap, char *key,
    size_t len, size_t idx)
{
	struct dl_mention *t;

	if (*n == *cap) {
		if ((t = reallocarray(*ix, *cap ? *cap * 2 : 64,
		    sizeof(*t))) == NULL) {
			free(key);
			return DL_ENOMEM;
		}
		*ix = t;
		*cap = *cap ? *cap * 2 : 64;
	}
	(*ix)[*n].key = key;
	(*ix)[*n].len = len;
	(*ix)[(*n)++].idx = idx;
	return 0;
}

/*
 * Index the addresses in the ipv4hint and ipv6hint of an HTTPS or SVCB
 * record, as dl_rr_mentions() finds them.  0 or DL_ENOMEM.
 */
static int
index_hints(struct dl_mention **ix, size_t *n, size_t *cap,
    const ldns_rr *rr, size_t idx)
{
	ldns_rr_type type = ldns_rr_get_type(rr);
	const uint8_t *d;
	size_t sz, i = 0, j, len, alen;
	unsigned key;
	char *k;

	if ((type != LDNS_RR_TYPE_HTTPS && type != LDNS_RR_TYPE_SVCB) ||
	    ldns_rr_rd_count(rr) <= 2 || ldns_rdf_get_type(ldns_rr_rdf(rr,
	    2)) != LDNS_RDF_TYPE_SVCPARAMS)
		return 0;
	d = ldns_rdf_data(ldns_rr_rdf(rr, 2));
	sz = ldns_rdf_size(ldns_rr_rdf(rr, 2));
	while (i + 4 <= sz) {
		key = (unsigned)d[i] << 8 | d[i + 1];
		len = (size_t)d[i + 2] << 8 | d[i + 3];
		i += 4;
		if (len > sz - i)
			return 0;
		alen = key == SVC_IPV4HINT ? 4 : key == SVC_IPV6HINT ? 16 : 0;
		for (j = 0; alen != 0 && j + alen <= len; j += alen) {
			if ((k = malloc(alen + 1)) == NULL)
				return DL_ENOMEM;
			k[0] = alen == 4 ? '4' : '6';
			memcpy(k + 1, d + i + j, alen);
			if (index_push(ix, n, cap, k, alen + 1, idx) != 0)
				return DL_ENOMEM;
		}
		i += len;
	}
	return 0;
}

/* Add what the records of list name to *ix, for idx.  0 or DL_ENOMEM. */
static int
index_list(struct dl_mention **ix, size_t *n, size_t *cap,
    const ldns_rr_list *list, size_t idx)
{
	const ldns_rr *rr;
	size_t j, len;
	char *key;
	int rc;

	for (j = 0; list != NULL && j < ldns_rr_list_rr_count(list); j++) {
		rr = ldns_rr_list_rr(list, j);
		if ((rc = rr_key(rr, &key, &len)) == -1)
			return DL_ENOMEM;
		if (rc == 1 && index_push(ix, n, cap, key, len, idx) != 0)
			return DL_ENOMEM;
		if (index_hints(ix, n, cap, rr, idx) != 0)
			return DL_ENOMEM;
	}
	return 0;
}

/* The live and new data indexes of m (see model.h). */
static int
build_index(struct dl_model *m, const struct dl_plan *plan)
{
	size_t i, cap_l = 0, cap_n = 0;

	for (i = 0; i < m->n_rrsets; i++) {
		if (m->rrsets[i].state == DL_TTL_UNKNOWN)
			m->n_unknown++;
		if (index_list(&m->live_ix, &m->n_live_ix, &cap_l,
		    m->rrsets[i].live, i) != 0 ||
		    index_list(&m->new_ix, &m->n_new_ix, &cap_n,
		    plan->changes[i].to, i) != 0)
			return DL_ENOMEM;
	}
	if (m->n_live_ix > 1)
		qsort(m->live_ix, m->n_live_ix, sizeof(*m->live_ix),
		    mention_cmp);
	if (m->n_new_ix > 1)
		qsort(m->new_ix, m->n_new_ix, sizeof(*m->new_ix), mention_cmp);
	return 0;
}

/* The first entry of ix (n entries) with key, or n. */
static size_t
index_first(const struct dl_mention *ix, size_t n, const char *key,
    size_t len)
{
	struct dl_mention k = { (char *)key, len, 0 };
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (mention_cmp(&ix[mid], &k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ix[lo].len == len &&
	    memcmp(ix[lo].key, key, len) == 0 ? lo : n;
}

const struct dl_change *
dl_model_published(const struct dl_model *m, const struct dl_plan *plan,
    const char *target)
{
	char key[300];
	size_t len, i;

	if (target_key(target, key, sizeof(key), &len) != 0 || len == 0)
		return NULL;
	i = index_first(m->new_ix, m->n_new_ix, key, len);
	return i < m->n_new_ix ? &plan->changes[m->new_ix[i].idx] : NULL;
}

/*
 * Is every RDATA of a also in b?  Compared as dl_rrset_rdata_equal()
 * does: b and a together hold the same RDATA as b alone.  Returns 1, 0,
 * or -1 when out of memory.
 */
static int
rdata_subset(const ldns_rr_list *a, const ldns_rr_list *b)
{
	ldns_rr_list *both;
	size_t i;
	int rc = -1;

	if ((both = ldns_rr_list_new()) == NULL)
		return -1;
	for (i = 0; i < ldns_rr_list_rr_count(b); i++)
		if (!ldns_rr_list_push_rr(both, ldns_rr_list_rr(b, i)))
			goto out;
	for (i = 0; i < ldns_rr_list_rr_count(a); i++)
		if (!ldns_rr_list_push_rr(both, ldns_rr_list_rr(a, i)))
			goto out;
	rc = dl_rrset_rdata_equal(both, b);
out:
	ldns_rr_list_free(both);
	return rc;
}

/*
 * A low TTL that neither the plan nor git dates: the earliest instant by
 * which the evidence shows it low (the SOA serial, then dnslint wait's
 * first sight of it, then the live data itself, which shows it low now)
 * plus the prior bound is when whatever caches held before is gone.
 * Without evidence older than now it is assumed low long enough, as
 * before, unless the serial or wait's watch says otherwise.
 */
static void
judge_low(struct dl_rrset_model *r, const struct dl_model *m)
{
	const struct dl_change *c = r->change;
	int64_t safe;

	/* The earliest wins; on a tie, the first in this order. */
	r->evidence = DL_LOW_NOW;
	r->low_by = m->now;
	if (c->has_seen_low && c->seen_low <= r->low_by) {
		r->evidence = DL_LOW_WATCHED;
		r->low_by = c->seen_low;
	}
	if (m->serial_kind != DL_SERIAL_NONE && m->serial_by <= r->low_by) {
		r->evidence = DL_LOW_SERIAL;
		r->low_by = m->serial_by;
	}
	safe = r->low_by + m->prior_bound;
	if (m->cutover >= safe) {
		r->state = DL_TTL_LOW_PROVEN;
		return;
	}
	r->held = m->prior_bound;
	r->safe_from = safe;
	if (c->has_seen_low) {
		r->state = DL_TTL_LOW_WATCHED;
	} else if (r->evidence == DL_LOW_SERIAL) {
		r->state = DL_TTL_LOW_RECENT;
	} else {
		/* Nothing but now: the assumption of old. */
		r->state = DL_TTL_LOW_ASSUMED;
		r->held = dl_ttl_floor(r->ttl);
		r->safe_from = DL_NO_TIME;
	}
}

/*
 * Apply the design's formulas to one RRset whose live TTL is known.
 *
 * Two places where DESIGN.md is silent or too kind, decided on the side of
 * the outage: a lowering planned too late holds the old TTL P at the
 * cutover (as a done lowering that is too late does), not the lowered one;
 * and a lowering already done with no stated P cannot default P to the
 * live TTL (that is the lowered TTL), so the RRset is unknown.
 */
static void
judge(struct dl_rrset_model *r, const struct dl_lowering *lw,
    const struct dl_model *m)
{
	uint32_t l = r->ttl;

	r->prior = l;
	r->lowered_to = m->max_ttl;
	if (lw->set) {
		r->lowered_at = lw->at;
		/*
		 * Caches hold what the servers published: a "from" below
		 * the live TTL cannot shorten that, P = max(P, L).
		 */
		if (lw->has_from && lw->from > l)
			r->prior = lw->from;
		else if (lw->has_from && lw->from < l)
			r->prior_raised = lw->from;
		if (lw->has_to)
			r->lowered_to = lw->to;
	}
	if (l > m->max_ttl) {
		if (!lw->set) {
			r->state = DL_TTL_NOT_LOWERED;
			r->safe_from = m->now + dl_ttl_floor(l);
			r->held = dl_ttl_floor(l);
		} else if (lw->at > m->now) {
			r->safe_from = lw->at + dl_ttl_floor(r->prior);
			if (m->cutover >= r->safe_from) {
				r->state = DL_TTL_PLANNED;
				r->held = dl_ttl_floor(r->lowered_to);
			} else {
				r->state = DL_TTL_PLANNED_LATE;
				r->held = dl_ttl_floor(r->prior);
			}
			if (r->lowered_to > m->max_ttl)
				r->state = DL_TTL_PLANNED_TOO_HIGH;
		} else if (r->prior > l) {
			/*
			 * Lowered, but not far enough: what was cached
			 * before W lives until W + P, and once TTL Tmax is
			 * published now, what was cached since lives until
			 * N + L.
			 */
			r->state = DL_TTL_PARTLY_LOWERED;
			r->safe_from = lw->at + dl_ttl_floor(r->prior);
			if (m->now + dl_ttl_floor(l) > r->safe_from)
				r->safe_from = m->now + dl_ttl_floor(l);
			r->held = m->cutover >= lw->at +
			    dl_ttl_floor(r->prior) ? dl_ttl_floor(l) :
			    dl_ttl_floor(r->prior);
		} else {
			r->state = DL_TTL_CLAIMED;
			r->safe_from = m->now + dl_ttl_floor(l);
			r->held = dl_ttl_floor(l);
		}
		return;
	}
	if (!lw->set) {
		r->safe_from = DL_NO_TIME;
		r->held = dl_ttl_floor(l);
		if (r->change->git.kind == DL_GIT_LOW_SINCE) {
			r->state = DL_TTL_LOW_ASSUMED;
			return;
		}
		judge_low(r, m);
		/* History git could not read: only a proof will do. */
		if (r->change->git.kind == DL_GIT_UNKNOWN &&
		    r->state != DL_TTL_LOW_PROVEN) {
			r->state = DL_TTL_HISTORY_UNKNOWN;
			r->evidence = DL_LOW_NONE;
			r->safe_from = DL_NO_TIME;
			r->held = dl_ttl_floor(l);
		}
		return;
	}
	/*
	 * A lowering planned for later is already on the servers: done
	 * earlier than the plan says (at an unknown time before now, so W +
	 * P is late enough), or, for a plan-wide lowering, this RRset was
	 * low before; which of the two, nobody knows.
	 */
	if (lw->at > m->now) {
		r->state = DL_TTL_ALREADY_LOW;
		r->safe_from = lw->at + dl_ttl_floor(r->prior);
		r->held = m->cutover >= r->safe_from ? dl_ttl_floor(l) :
		    dl_ttl_floor(r->prior);
		return;
	}
	if (lw->at <= m->now && !lw->has_from) {
		r->state = DL_TTL_PRIOR_UNKNOWN;
		r->held = dl_ttl_floor(l);
		return;
	}
	r->safe_from = lw->at + dl_ttl_floor(r->prior);
	if (m->cutover >= r->safe_from) {
		r->state = DL_TTL_LOWERED;
		r->held = dl_ttl_floor(l);
	} else {
		r->state = DL_TTL_LOWERED_LATE;
		r->held = dl_ttl_floor(r->prior);
	}
}

/*
 * Does name a (absolute) exist in live for the closest-encloser walk?  A
 * name with a wildcard just below it does, as an empty non-terminal at
 * least: new.apps is answered by *.apps, never by a wildcard above it.
 */
static int
encloses(const struct dl_zone *live, const char *a)
{
	char w[1100];

	if (dl_zone_has_name(live, a))
		return 1;
	return (size_t)snprintf(w, sizeof(w), "*.%s", a) < sizeof(w) &&
	    dl_zone_has_name(live, w);
}

/*
 * A change's owner that is not in the live zone is answered today by the
 * wildcard at its closest encloser, if there is one (RFC 4592 section
 * 3.3.1): set r->live to the wildcard's records of the type (or its
 * CNAME) and r->wildcard to its subject.  A name that exists, or a
 * wildcard whose records are not known (the servers' answers: they
 * already hold what the wildcard made), is left alone.  An empty
 * non-terminal is not seen in a filtered zone file: the wildcard is then
 * taken to answer, which only makes the wait longer.  Returns 0 or
 * DL_ENOMEM.
 */
static int
wildcard_answer(struct dl_rrset_model *r, const struct dl_plan *plan,
    const struct dl_zone *live)
{
	const struct dl_change *c = r->change;
	const char *a;
	ldns_rr_list *l;
	ldns_rr_type t;
	char *w;
	size_t zlen = strlen(plan->zone);

	if (!dl_name_in_zone(c->owner, plan->zone) ||
	    strlen(c->owner) <= zlen || encloses(live, c->owner))
		return 0;
	for (a = strchr(c->owner, '.') + 1; strlen(a) > zlen &&
	    !encloses(live, a); a = strchr(a, '.') + 1)
		;
	if (asprintf(&w, "*.%s", a) == -1)
		return DL_ENOMEM;
	for (t = c->type; ; t = LDNS_RR_TYPE_CNAME) {
		if (!dl_zone_rrset_known(live, w, t))
			break;
		if ((l = dl_zone_rrset(live, w, t)) == NULL) {
			free(w);
			return DL_ENOMEM;
		}
		if (ldns_rr_list_rr_count(l) > 0) {
			ldns_rr_list_free(r->live);
			r->live = l;
			r->wildcard = dl_rrset_subject(w, t);
			free(w);
			return r->wildcard == NULL ? DL_ENOMEM : 0;
		}
		ldns_rr_list_free(l);
		if (t == LDNS_RR_TYPE_CNAME)
			break;
	}
	free(w);
	return 0;
}

int
dl_ns_names(const ldns_rr_list *rrs, const char *owner)
{
	size_t i;
	char *t;
	int hit = 0;

	for (i = 0; !hit && rrs != NULL && i < ldns_rr_list_rr_count(rrs);
	    i++) {
		if (ldns_rr_rd_count(ldns_rr_list_rr(rrs, i)) < 1 ||
		    (t = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(rrs, i), 0))) ==
		    NULL)
			continue;
		hit = strcmp(t, owner) == 0;
		free(t);
	}
	return hit;
}

/* The names of the apex nameservers, the plan's and the live ones. */
struct ns_names {
	char	**v;
	size_t	  n;
};

static void
ns_names_free(struct ns_names *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* Add the targets of NS RRset rrs (NULL: none) to ns.  0 or DL_ENOMEM. */
static int
ns_names_add(struct ns_names *ns, const ldns_rr_list *rrs)
{
	size_t i, n = rrs != NULL ? ldns_rr_list_rr_count(rrs) : 0;
	char **v;

	if (n == 0)
		return 0;
	if ((v = reallocarray(ns->v, ns->n + n, sizeof(*v))) == NULL)
		return DL_ENOMEM;
	ns->v = v;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(rrs, i);

		if (ldns_rr_rd_count(rr) < 1)
			continue;
		if ((ns->v[ns->n] = dl_name_str(ldns_rr_rdf(rr, 0))) == NULL)
			return DL_ENOMEM;
		ns->n++;
	}
	return 0;
}

/*
 * Is change c an A or AAAA RRset of an in-zone apex nameserver (one of
 * ns, made once: a plan of 10,000 changes asked 20,000 times)?
 */
static int
is_glue(const struct dl_plan *plan, const struct ns_names *ns,
    const struct dl_change *c)
{
	size_t i;

	if ((c->type != LDNS_RR_TYPE_A && c->type != LDNS_RR_TYPE_AAAA) ||
	    !dl_name_in_zone(c->owner, plan->zone) ||
	    strcmp(c->owner, plan->zone) == 0)
		return 0;
	for (i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], c->owner) == 0)
			return 1;
	return 0;
}

/* A delegation below the apex: mark it, with the plan's child TTL. */
static void
child_from_plan(struct dl_rrset_model *r, const struct dl_plan *plan)
{
	const struct dl_change *c = r->change;

	if (c->type != LDNS_RR_TYPE_NS || strcmp(c->owner, plan->zone) == 0 ||
	    !dl_name_in_zone(c->owner, plan->zone))
		return;
	r->child = 1;
	r->child_known = c->has_child_ns_ttl;
	r->child_ns_ttl = c->child_ns_ttl;
	if (!r->child_known)
		r->child_why = "the child zone's own NS TTL is not known "
		    "offline";
}

void
dl_model_child_live(struct dl_model *m, const struct dl_live *net)
{
	const struct dl_live_child *lc;
	size_t i;

	for (i = 0; net != NULL && i < m->n_rrsets; i++) {
		struct dl_rrset_model *r = &m->rrsets[i];

		if (!r->child || r->change->has_child_ns_ttl)
			continue;
		if ((lc = dl_live_child_get(net, r->change->owner)) == NULL)
			r->child_why = "the child zone's servers were not asked";
		else if (lc->known) {
			r->child_known = 1;
			r->child_ns_ttl = lc->ns_ttl;
		} else
			r->child_why = lc->why;
	}
}

const struct dl_rrset_model *
dl_model_child_unknown(const struct dl_model *m, const char *target)
{
	size_t i, j;

	for (i = 0; i < m->n_rrsets; i++) {
		const struct dl_rrset_model *r = &m->rrsets[i];

		if (!r->child || r->child_known || r->live == NULL)
			continue;
		for (j = 0; j < ldns_rr_list_rr_count(r->live); j++)
			if (dl_rr_mentions(ldns_rr_list_rr(r->live, j), target))
				return r;
	}
	return NULL;
}

int
dl_model_build(const struct dl_plan *plan, const struct dl_zone *live,
    const struct dl_model_params *params, const struct dl_config *cfg,
    int64_t now, int64_t cutover, struct dl_model **out)
{
	const struct dl_change *ns;
	ldns_rr_list *live_ns = NULL;
	struct ns_names names;
	struct dl_model *m;
	size_t i;

	memset(&names, 0, sizeof(names));
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return DL_ENOMEM;
	/* The apex NS RRsets, once: is_glue() looks at them per change. */
	ns = dl_model_change(plan, plan->zone, LDNS_RR_TYPE_NS);
	if (live != NULL &&
	    dl_zone_rrset_known(live, plan->zone, LDNS_RR_TYPE_NS) &&
	    (live_ns = dl_zone_rrset(live, plan->zone, LDNS_RR_TYPE_NS)) ==
	    NULL)
		goto nomem;
	if (ns_names_add(&names, ns != NULL ? ns->to : NULL) != 0 ||
	    ns_names_add(&names, live_ns) != 0)
		goto nomem;
	m->now = now;
	m->cutover = cutover;
	m->max_ttl = params->max_ttl;
	m->factor = params->factor;
	m->parent_ns_ttl = cfg->parent_ns_ttl;
	m->parent_ds_ttl = cfg->parent_ds_ttl;
	m->delegation = plan->has_delegation_at ? plan->delegation_at :
	    cutover;
	m->prior_bound = dl_prior_bound(live);
	if (live != NULL && dl_zone_soa(live) != NULL &&
	    dl_soa_serial(dl_zone_soa(live), &m->serial) == 0)
		m->serial_kind = dl_serial_evidence(m->serial, now,
		    &m->serial_by);
	if (plan->n_changes > 0 && (m->rrsets = calloc(plan->n_changes,
	    sizeof(*m->rrsets))) == NULL)
		goto nomem;
	m->n_rrsets = plan->n_changes;
	for (i = 0; i < plan->n_changes; i++) {
		struct dl_rrset_model *r = &m->rrsets[i];
		const struct dl_change *c = &plan->changes[i];

		r->change = c;
		r->glue = is_glue(plan, &names, c);
		r->lowered_at = DL_NO_TIME;
		r->safe_from = DL_NO_TIME;
		child_from_plan(r, plan);
		if ((r->subject = dl_rrset_subject(c->owner, c->type)) == NULL)
			goto nomem;
		if (live == NULL ||
		    !dl_zone_rrset_known(live, c->owner, c->type)) {
			r->state = DL_TTL_UNKNOWN;
			if (live != NULL && live == plan->before) {
				r->why = c->live_unknown;
				r->why_live = 1;
			}
			continue;
		}
		if ((r->live = dl_zone_rrset(live, c->owner, c->type)) == NULL)
			goto nomem;
		/* Whether cached answers go stale depends on the new data. */
		if (c->unknown != NULL) {
			r->state = DL_TTL_UNKNOWN;
			r->why = c->unknown;
			r->ttl = dl_rrset_ttl_max(r->live);
			continue;
		}
		/*
		 * The cutover is past, yet the servers do not publish the
		 * new data: it has not happened, whatever the plan says.
		 */
		if (cutover < now && !(c->to != NULL ?
		    dl_rrset_rdata_equal(c->to, r->live) :
		    ldns_rr_list_rr_count(r->live) == 0)) {
			r->unpublished = 1;
			m->n_unpublished++;
		}
		if (ldns_rr_list_rr_count(r->live) == 0 &&
		    wildcard_answer(r, plan, live) != 0)
			goto nomem;
		if (ldns_rr_list_rr_count(r->live) == 0) {
			r->state = DL_TTL_NEW;
			continue;
		}
		/* Records of mixed TTLs: caches may hold the largest. */
		r->ttl = dl_rrset_ttl_max(r->live);
		judge(r, dl_plan_lowering(plan, c), m);
		/* A TTL-only change leaves every cached answer right. */
		if (c->to != NULL && dl_rrset_rdata_equal(c->to, r->live) &&
		    r->state != DL_TTL_UNKNOWN) {
			r->state = DL_TTL_SAME_DATA;
			r->safe_from = DL_NO_TIME;
			continue;
		}
		/*
		 * Records added and none removed: a cached answer is a
		 * part of the new one and stays valid, whatever its TTL.
		 */
		if (c->to != NULL && !c->delete) {
			int sub = rdata_subset(r->live, c->to);

			if (sub < 0)
				goto nomem;
			if (sub) {
				r->state = DL_TTL_ADDITIVE;
				r->safe_from = DL_NO_TIME;
			}
		}
	}
	if (build_index(m, plan) != 0)
		goto nomem;
	if (live_ns != NULL)
		ldns_rr_list_free(live_ns);
	ns_names_free(&names);
	*out = m;
	return 0;
nomem:
	if (live_ns != NULL)
		ldns_rr_list_free(live_ns);
	ns_names_free(&names);
	dl_model_free(m);
	return DL_ENOMEM;
}

void
dl_model_free(struct dl_model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n_rrsets; i++) {
		free(m->rrsets[i].subject);
		free(m->rrsets[i].wildcard);
		if (m->rrsets[i].live != NULL)
			ldns_rr_list_free(m->rrsets[i].live);
	}
	free(m->rrsets);
	for (i = 0; i < m->n_live_ix; i++)
		free(m->live_ix[i].key);
	for (i = 0; i < m->n_new_ix; i++)
		free(m->new_ix[i].key);
	free(m->live_ix);
	free(m->new_ix);
	free(m);
}

int
dl_model_target_held(const struct dl_model *m, const char *plan_zone,
    const char *target, uint32_t *held, const struct dl_rrset_model **rrset)
{
	const struct dl_rrset_model *best = NULL;
	uint32_t most = 0;
	int unknown = m->n_unknown > 0;
	char key[300];
	size_t i, len;

	if (target_key(target, key, sizeof(key), &len) != 0 || len == 0)
		return unknown ? -1 : 0;
	/* The RRsets whose live data names it, in plan order. */
	for (i = index_first(m->live_ix, m->n_live_ix, key, len);
	    i < m->n_live_ix && m->live_ix[i].len == len &&
	    memcmp(m->live_ix[i].key, key, len) == 0; i++) {
		const struct dl_rrset_model *r = &m->rrsets[m->live_ix[i].idx];
		uint32_t e = r->held;

		if (r->state == DL_TTL_PRIOR_UNKNOWN ||
		    r->state == DL_TTL_HISTORY_UNKNOWN) {
			unknown = 1;
			continue;
		}
		/* A delegation: the child's own NS RRset is cached too. */
		if (r->child && !r->child_known) {
			unknown = 1;
			continue;
		}
		if (r->child && dl_ttl_floor(r->child_ns_ttl) > e)
			e = dl_ttl_floor(r->child_ns_ttl);
		/* An old nameserver, or its address (glue), stays in
		   caches through the parent too. */
		if (((r->change->type == LDNS_RR_TYPE_NS &&
		    strcmp(r->change->owner, plan_zone) == 0) || r->glue) &&
		    dl_ttl_floor(m->parent_ns_ttl) > e)
			e = dl_ttl_floor(m->parent_ns_ttl);
		if (best == NULL || e > most) {
			best = r;
			most = e;
		}
	}
	/* An RRset we could not judge may hold it longer: fail closed. */
	if (unknown)
		return -1;
	if (best == NULL)
		return 0;
	*held = most;
	if (rrset != NULL)
		*rrset = best;
	return 1;
}

int64_t
dl_model_ns_expiry(const struct dl_model *m, const struct dl_rrset_model *ns,
    int *by_parent)
{
	int64_t child, parent;

	child = m->cutover + (int64_t)m->factor * ns->held;
	parent = m->delegation + (int64_t)m->factor *
	    dl_ttl_floor(m->parent_ns_ttl);
	*by_parent = parent > child;
	return parent > child ? parent : child;
}

const struct dl_rrset_model *
dl_model_target_unpublished(const struct dl_model *m, const char *target)
{
	char key[300];
	size_t i, len;

	if (m->n_unpublished == 0 ||
	    target_key(target, key, sizeof(key), &len) != 0 || len == 0)
		return NULL;
	/* The RRsets whose live data names it, in plan order. */
	for (i = index_first(m->live_ix, m->n_live_ix, key, len);
	    i < m->n_live_ix && m->live_ix[i].len == len &&
	    memcmp(m->live_ix[i].key, key, len) == 0; i++) {
		const struct dl_rrset_model *r = &m->rrsets[m->live_ix[i].idx];

		if (r->unpublished && r->live != NULL)
			return r;
	}
	return NULL;
}

char *
dl_rdata_text(const ldns_rr_list *given)
{
	size_t i, j, len = 0, cap = 64;
	ldns_rr_list *rrs = NULL;
	char *out, *s;

	/* Canonical order: servers may send an RRset in any order. */
	if (given != NULL && (rrs = ldns_rr_list_clone(given)) == NULL)
		return NULL;
	if (rrs != NULL)
		ldns_rr_list_sort(rrs);
	if ((out = malloc(cap)) == NULL) {
		ldns_rr_list_deep_free(rrs);
		return NULL;
	}
	out[0] = '\0';
	for (i = 0; rrs != NULL && i < ldns_rr_list_rr_count(rrs); i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);

		for (j = 0; j < ldns_rr_rd_count(rr); j++) {
			size_t n;
			char *grown;

			if ((s = ldns_rdf2str(ldns_rr_rdf(rr, j))) == NULL)
				goto nomem;
			n = strlen(s);
			if (len + n + 3 > cap) {
				cap = (len + n + 3) * 2;
				if ((grown = realloc(out, cap)) == NULL) {
					free(s);
					goto nomem;
				}
				out = grown;
			}
			if (j > 0)
				out[len++] = ' ';
			else if (i > 0) {
				out[len++] = ',';
				out[len++] = ' ';
			}
			memcpy(out + len, s, n + 1);
			len += n;
			free(s);
		}
	}
	ldns_rr_list_deep_free(rrs);
	if (len == 0) {
		free(out);
		return strdup("(none)");
	}
	return out;
nomem:
	ldns_rr_list_deep_free(rrs);
	free(out);
	return NULL;
}

int
dl_model_apex_ns(const struct dl_plan *plan, const struct dl_zone *live,
    struct dl_apex_ns *ns)
{
	ldns_rr_list *cur = NULL;
	size_t i;

	memset(ns, 0, sizeof(*ns));
	for (i = 0; i < plan->n_changes; i++)
		if (plan->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(plan->changes[i].owner, plan->zone) == 0)
			ns->change = &plan->changes[i];
	if (live != NULL &&
	    dl_zone_rrset_known(live, plan->zone, LDNS_RR_TYPE_NS) &&
	    (cur = dl_zone_rrset(live, plan->zone, LDNS_RR_TYPE_NS)) == NULL)
		return DL_ENOMEM;
	if (ns->change != NULL && ns->change->unknown != NULL) {
		if (cur != NULL)
			ldns_rr_list_free(cur);
		return -1;
	}
	if (ns->change == NULL) {
		if (cur == NULL)
			return -1;
		/* An octoDNS zone leaves the apex NS to its provider. */
		if (ldns_rr_list_rr_count(cur) == 0 && dl_zone_soa(live) ==
		    NULL) {
			ldns_rr_list_free(cur);
			return DL_APEX_NS_PROVIDER;
		}
		ns->rrs = cur;
		ns->has_ttl = ldns_rr_list_rr_count(cur) > 0;
		ns->ttl = dl_rrset_ttl_max(cur);
		return 0;
	}
	if (ns->change->has_ttl) {
		ns->has_ttl = 1;
		ns->ttl = ns->change->ttl;
	} else if (cur != NULL && ldns_rr_list_rr_count(cur) > 0) {
		ns->has_ttl = 1;
		ns->ttl = dl_rrset_ttl_max(cur);
	}
	if (cur != NULL)
		ldns_rr_list_free(cur);
	if ((ns->rrs = ldns_rr_list_new()) == NULL)
		return DL_ENOMEM;
	for (i = 0; ns->change->to != NULL &&
	    i < ldns_rr_list_rr_count(ns->change->to); i++)
		if (!ldns_rr_list_push_rr(ns->rrs,
		    ldns_rr_list_rr(ns->change->to, i))) {
			ldns_rr_list_free(ns->rrs);
			ns->rrs = NULL;
			return DL_ENOMEM;
		}
	return 0;
}

const struct dl_change *
dl_plan_unknown_change(const struct dl_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n_changes; i++)
		if (plan->changes[i].unknown != NULL)
			return &plan->changes[i];
	return NULL;
}

int
dl_soa_serial(const ldns_rr *rr, uint32_t *serial)
{
	if (rr == NULL || ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA ||
	    ldns_rr_rd_count(rr) < 3 || ldns_rr_rdf(rr, 2) == NULL ||
	    ldns_rdf_size(ldns_rr_rdf(rr, 2)) != 4)
		return -1;
	*serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
	return 0;
}

int
dl_serial_gt(uint32_t a, uint32_t b)
{
	return (a < b && b - a > 0x80000000u) ||
	    (a > b && a - b < 0x80000000u);
}

const struct dl_change *
dl_model_change(const struct dl_plan *p, const char *owner,
    ldns_rr_type type)
{
	size_t i;

	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == type &&
		    strcmp(p->changes[i].owner, owner) == 0)
			return &p->changes[i];
	return NULL;
}

ldns_rr_list *
dl_after_rrset(const struct dl_plan *plan, const struct dl_zone *live,
    const char *owner, ldns_rr_type type, int *known)
{
	const struct dl_change *c = dl_model_change(plan, owner, type);
	ldns_rr_list *l;
	size_t i;

	*known = c == NULL || c->unknown == NULL;
	if (c != NULL) {
		if ((l = ldns_rr_list_new()) == NULL)
			return NULL;
		for (i = 0; c->to != NULL && i < ldns_rr_list_rr_count(c->to);
		    i++)
			if (!ldns_rr_list_push_rr(l, ldns_rr_list_rr(c->to,
			    i))) {
				ldns_rr_list_free(l);
				return NULL;
			}
		return l;
	}
	if (live == NULL || !dl_zone_rrset_known(live, owner, type)) {
		*known = 0;
		return ldns_rr_list_new();
	}
	return dl_zone_rrset(live, owner, type);
}

/*
 * The plan's changed RRsets as a hash set of "owner type", for walks over
 * a whole zone: a desired-zone plan may change thousands of RRsets.
 */
struct changeset {
	const struct dl_change	**slot;
	size_t			size;	/* a power of two */
	/*
	 * The live zone's owners that a change is at (by owner index, a
	 * bit each): a walk asks the table only at those.
	 */
	uint8_t			*owners;
};

/*
 * An owner's hash mixed with a type: the walk hashes each owner once for
 * all the records at it.
 */
static uint64_t
change_hash(uint64_t owner_hash, ldns_rr_type type)
{
	return (owner_hash ^ (uint64_t)type) * 0x9e3779b97f4a7c15ULL >> 16;
}

static uint64_t
owner_hash(const char *owner)
{
	return dl_hash(0, owner, strlen(owner));
}

static int
changeset_init(struct changeset *cs, const struct dl_plan *p,
    const struct dl_zone *live)
{
	size_t i, h, n = live != NULL ? dl_zone_owner_count(live) : 0;
	uint32_t o;

	for (cs->size = 16; cs->size < p->n_changes * 2; cs->size *= 2)
		;
	if ((cs->slot = calloc(cs->size, sizeof(*cs->slot))) == NULL)
		return DL_ENOMEM;
	if ((cs->owners = calloc(n / 8 + 1, 1)) == NULL) {
		free(cs->slot);
		return DL_ENOMEM;
	}
	for (i = 0; i < p->n_changes; i++) {
		const struct dl_change *c = &p->changes[i];

		if (live != NULL && (o = dl_zone_owner_index(live,
		    c->owner)) != DL_ZONE_NONE)
			cs->owners[o / 8] |= (uint8_t)(1u << (o % 8));
		h = change_hash(owner_hash(c->owner), c->type) &
		    (cs->size - 1);
		while (cs->slot[h] != NULL)
			h = (h + 1) & (cs->size - 1);
		cs->slot[h] = c;
	}
	return 0;
}

/* Does the plan change owner (whose owner_hash() is oh) / type? */
static int
changeset_has(const struct changeset *cs, const char *owner, uint64_t oh,
    ldns_rr_type type)
{
	size_t h = change_hash(oh, type) & (cs->size - 1);

	for (; cs->slot[h] != NULL; h = (h + 1) & (cs->size - 1))
		if (cs->slot[h]->type == type &&
		    strcmp(cs->slot[h]->owner, owner) == 0)
			return 1;
	return 0;
}

int
dl_after_view(const struct dl_plan *plan, const struct dl_zone *live,
    int (*fn)(const struct dl_rview *v, struct dl_pos pos, void *arg),
    void *arg)
{
	struct changeset cs;
	struct dl_pos pos = { 0, 0, NULL };
	struct dl_rview v;
	const char *last = NULL;
	uint64_t oh = 0;
	size_t i, j, n;
	int rc = 0;

	if (changeset_init(&cs, plan, live) != 0)
		return DL_ENOMEM;
	n = live != NULL ? dl_zone_kept_count(live) : 0;
	for (i = 0; i < n && rc == 0; i++) {
		dl_zone_rec_view(live, dl_zone_kept_rec(live, i), &v);
		/* Only at an owner a change is at: the hash, once for all
		   its records (a zone's owner names are one pointer each). */
		if (cs.owners[v.owner_idx / 8] & (1u << (v.owner_idx % 8))) {
			if (v.owner != last) {
				last = v.owner;
				oh = owner_hash(v.owner);
			}
			if (changeset_has(&cs, v.owner, oh, v.type))
				continue;
		}
		/* A record from a transfer or an answer has no line, and
		   its zone's "file" is a server: no place. */
		pos.line = v.line;
		pos.file = pos.line > 0 ? dl_zone_rec_file(live, v.rec) : NULL;
		rc = fn(&v, pos, arg);
	}
	for (i = 0; i < plan->n_changes && rc == 0; i++) {
		const struct dl_change *c = &plan->changes[i];

		for (j = 0; c->to != NULL && j < ldns_rr_list_rr_count(c->to) &&
		    rc == 0; j++) {
			dl_rview_of_rr(ldns_rr_list_rr(c->to, j), c->owner, &v);
			rc = fn(&v, c->pos, arg);
		}
	}
	free(cs.slot);
	free(cs.owners);
	return rc;
}

/*
 * text ("192.0.2.1", "0:0::1@5300") in canonical form: the address as
 * inet_ntop(3) writes it, and the port when one is given.  Newly
 * allocated; NULL when it is no address or out of memory.
 */
static char *
addr_canon(const char *text)
{
	char host[INET6_ADDRSTRLEN + 1], out[INET6_ADDRSTRLEN];
	unsigned char b[16];
	const char *port;
	size_t len;
	int af;
	char *s;

	len = strcspn(text, "@%");
	if (len >= sizeof(host))
		return NULL;
	memcpy(host, text, len);
	host[len] = '\0';
	if (inet_pton(AF_INET, host, b) == 1)
		af = AF_INET;
	else if (inet_pton(AF_INET6, host, b) == 1)
		af = AF_INET6;
	else
		return NULL;
	if (inet_ntop(af, b, out, sizeof(out)) == NULL)
		return NULL;
	port = text[len] == '@' ? text + len : "";
	if (asprintf(&s, "%s%s", out, port) == -1)
		return NULL;
	return s;
}

/* Add address text to h once.  Returns 0 or DL_ENOMEM; no address: 0. */
static int
host_add(struct dl_ns_host *h, const char *text)
{
	char **grown, *a;
	size_t i;

	if ((a = addr_canon(text)) == NULL)
		return 0;
	for (i = 0; i < h->n_addrs; i++)
		if (strcmp(h->addrs[i], a) == 0) {
			free(a);
			return 0;
		}
	if ((grown = reallocarray(h->addrs, h->n_addrs + 1,
	    sizeof(*grown))) == NULL) {
		free(a);
		return DL_ENOMEM;
	}
	h->addrs = grown;
	h->addrs[h->n_addrs++] = a;
	return 0;
}

/* The host called name in hs, added (complete) when new; NULL: no memory. */
static struct dl_ns_host *
host_of(struct dl_ns_hosts *hs, const char *name)
{
	struct dl_ns_host *grown;
	size_t i;

	for (i = 0; i < hs->n; i++)
		if (strcasecmp(hs->h[i].name, name) == 0)
			return &hs->h[i];
	if ((grown = reallocarray(hs->h, hs->n + 1, sizeof(*grown))) == NULL)
		return NULL;
	hs->h = grown;
	memset(&hs->h[hs->n], 0, sizeof(hs->h[0]));
	if ((hs->h[hs->n].name = strdup(name)) == NULL)
		return NULL;
	hs->h[hs->n].complete = 1;
	return &hs->h[hs->n++];
}

/* The addresses of in-zone names from the zone after the change. */
static int
hosts_from_zone(const struct dl_plan *p, const struct dl_zone *live,
    struct dl_ns_hosts *hs)
{
	static const ldns_rr_type types[] = { LDNS_RR_TYPE_A,
	    LDNS_RR_TYPE_AAAA };
	struct dl_apex_ns ns;
	struct dl_ns_host *h;
	size_t i, j, t;
	int rc, known;

	if ((rc = dl_model_apex_ns(p, live, &ns)) != 0)
		return rc;
	for (i = 0; rc == 0 && i < ldns_rr_list_rr_count(ns.rrs); i++) {
		char *name = dl_name_str(ldns_rr_rdf(ldns_rr_list_rr(ns.rrs,
		    i), 0));

		if (name == NULL || (h = host_of(hs, name)) == NULL) {
			free(name);
			rc = DL_ENOMEM;
			break;
		}
		/* Outside the zone, a zone file knows none of its addresses. */
		if (!dl_name_in_zone(name, p->zone))
			h->complete = 0;
		for (t = 0; rc == 0 && t < 2 && dl_name_in_zone(name,
		    p->zone); t++) {
			ldns_rr_list *l = dl_after_rrset(p, live, name,
			    types[t], &known);

			if (l == NULL) {
				rc = DL_ENOMEM;
				break;
			}
			/* A filtered file knows only the owners it kept. */
			if (!known)
				h->complete = 0;
			for (j = 0; rc == 0 && j < ldns_rr_list_rr_count(l);
			    j++) {
				char *a = ldns_rdf2str(ldns_rr_rdf(
				    ldns_rr_list_rr(l, j), 0));

				rc = a == NULL ? DL_ENOMEM : host_add(h, a);
				free(a);
			}
			ldns_rr_list_free(l);
		}
		free(name);
	}
	ldns_rr_list_free(ns.rrs);
	return rc;
}

int
dl_ns_hosts_get(const struct dl_plan *plan, const struct dl_zone *live,
    const struct dl_live *net, struct dl_ns_hosts *out)
{
	struct dl_ns_host *h;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (net == NULL)
		rc = hosts_from_zone(plan, live, out);
	else if (!net->ns_known)
		rc = -1;
	for (i = 0; net != NULL && rc == 0 && i < net->n_ns; i++) {
		if ((h = host_of(out, net->ns[i].ns)) == NULL)
			rc = DL_ENOMEM;
		else if (net->ns[i].partial)
			h->complete = 0;
		if (rc == 0)
			rc = host_add(h, net->ns[i].addr);
	}
	for (i = 0; net != NULL && rc == 0 && i < net->n_unresolved; i++) {
		if ((h = host_of(out, net->unresolved[i])) == NULL)
			rc = DL_ENOMEM;
		else
			h->complete = 0;
	}
	if (rc != 0)
		dl_ns_hosts_free(out);
	return rc;
}

void
dl_ns_hosts_free(struct dl_ns_hosts *hs)
{
	size_t i, j;

	for (i = 0; i < hs->n; i++) {
		for (j = 0; j < hs->h[i].n_addrs; j++)
			free(hs->h[i].addrs[j]);
		free(hs->h[i].addrs);
		free(hs->h[i].name);
	}
	free(hs->h);
	memset(hs, 0, sizeof(*hs));
}

/* Is target a decommission target of plan already? */
static int
is_target(const struct dl_plan *plan, const char *target)
{
	size_t i;

	for (i = 0; i < plan->n_decommission; i++)
		if (strcmp(plan->decommission[i].target, target) == 0)
			return 1;
	return 0;
}

int
dl_decommission_hosts(struct dl_plan *plan, const struct dl_zone *live,
    size_t *added)
{
	static const ldns_rr_type types[] = { LDNS_RR_TYPE_A,
	    LDNS_RR_TYPE_AAAA };
	struct dl_decommission *grown;
	ldns_rr_list *rrs;
	size_t i, j, t, n = plan->n_decommission;
	char *a;

	*added = 0;
	for (i = 0; live != NULL && i < n; i++) {
		if (plan->decommission[i].is_address ||
		    plan->decommission[i].at == DL_NO_TIME ||
		    !dl_name_in_zone(plan->decommission[i].target, plan->zone))
			continue;
		for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			if ((rrs = dl_zone_rrset(live,
			    plan->decommission[i].target, types[t])) == NULL)
				return DL_ENOMEM;
			for (j = 0; j < ldns_rr_list_rr_count(rrs); j++) {
				ldns_rr *rr = ldns_rr_list_rr(rrs, j);

				if (ldns_rr_rd_count(rr) < 1)
					continue;
				if ((a = ldns_rdf2str(ldns_rr_rdf(rr, 0))) ==
				    NULL)
					goto nomem;
				if (is_target(plan, a)) {
					free(a);
					continue;
				}
				if ((grown = reallocarray(plan->decommission,
				    plan->n_decommission + 1,
				    sizeof(*grown))) == NULL) {
					free(a);
					goto nomem;
				}
				plan->decommission = grown;
				grown[plan->n_decommission] = grown[i];
				grown[plan->n_decommission].target = a;
				grown[plan->n_decommission].is_address = 1;
				grown[plan->n_decommission].via =
				    grown[i].target;
				plan->n_decommission++;
				(*added)++;
			}
			ldns_rr_list_free(rrs);
		}
	}
	return 0;
nomem:
	ldns_rr_list_free(rrs);
	return DL_ENOMEM;
}

const char *
dl_decommission_note(const struct dl_decommission *d, char *buf, size_t n)
{
	if (d->via != NULL && d->plan_file != NULL)
		snprintf(buf, n, " (an address of %s, switched off by plan "
		    "%s)", d->via, d->plan_file);
	else if (d->via != NULL)
		snprintf(buf, n, " (an address of %s)", d->via);
	else if (d->plan_file != NULL)
		snprintf(buf, n, " (switched off by plan %s)", d->plan_file);
	else if (n > 0)
		buf[0] = '\0';
	return buf;
}
