/*
 * zone.c - a zone kept in wire form: its records, owners and names, and
 * the questions the rules ask of it.
 *
 * A zone is read from a master file by zoneread.c (a large one in two
 * halves, zonesplit.c; a lean load's facts, zonefacts.c), or built from
 * answers and plans by dl_zone_new() and dl_zone_add().  Its insides are
 * in zone_impl.h.
 */

#include "zone_impl.h"

unsigned char zone_lc[256];
unsigned char zone_plain[256];

/* Is record i the first (in file order) of its RRset?  After mark_first(). */
static int
rec_first(const struct dl_zone *z, uint32_t i)
{
	return (int)(z->firsts[i / 64] >> (i % 64) & 1);
}

/* Entry i of t, or NULL when it was never set. */
static void *
lazy_get(const struct lazy *t, size_t i)
{
	return i < t->cap && (t->set[i / 64] >> (i % 64) & 1) ? t->v[i] : NULL;
}

/*
 * Set entry i of t to p, growing t to at least need entries.  0, or -1
 * out of memory (t unchanged).
 */
static int
lazy_put(struct lazy *t, size_t i, size_t need, void *p)
{
	size_t c = t->cap ? t->cap : 64, vlen;
	uint64_t *set;
	void **v;

	if (i >= t->cap) {
		while (c < need || c <= i)
			c *= 2;
		/*
		 * Large tables map zero pages: only entries set cost.  Those
		 * of a zone of millions (a few thousand entries set here and
		 * there) on huge pages: a page fault per entry set, else.
		 */
		if ((v = dl_bigmem_table(c, sizeof(*v), &vlen)) == NULL)
			return -1;
		if ((set = calloc(c / 64, sizeof(*set))) == NULL) {
			dl_bigmem_free(v, vlen);
			return -1;
		}
		if (t->cap > 0) {
			memcpy(v, t->v, t->cap * sizeof(*v));
			memcpy(set, t->set, t->cap / 64 * sizeof(*set));
		}
		dl_bigmem_free(t->v, t->vlen);
		free(t->set);
		t->v = v;
		t->vlen = vlen;
		t->set = set;
		t->cap = c;
	}
	t->v[i] = p;
	t->set[i / 64] |= (uint64_t)1 << (i % 64);
	return 0;
}

/* The first index from i on that was set, or t->cap. */
static size_t
lazy_next(const struct lazy *t, size_t i)
{
	uint64_t w;

	while (i < t->cap) {
		if ((w = t->set[i / 64] >> (i % 64)) != 0)
			return i + (size_t)__builtin_ctzll(w);
		i = (i / 64 + 1) * 64;
	}
	return t->cap;
}

static void
lazy_free(struct lazy *t)
{
	dl_bigmem_free(t->v, t->vlen);
	free(t->set);
}

/*
 * DNS case is ASCII only, whatever the locale.  Filled on first use.
 */
static void
tables_fill(void)
{
	int c;

	for (c = 0; c < 256; c++) {
		zone_lc[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		zone_plain[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '*' || c == '/';
	}
	dl_bigmem_zone_heap();
}

void
tables_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	(void)pthread_once(&once, tables_fill);
}


/*
 * The zone's arena: owner names, unaligned, never freed one by one.
 * Chunks double from 64 KiB to ARENA_MAX (a whole load's first is
 * reserved from the file's size, zone_reserve()): a filtered load keeps
 * a few records, a whole one millions.  Blocks of
 * four huge pages and more (arena chunks, the owner table, the record
 * and owner arrays) are advised for huge pages: on a whole 1M-record
 * load, page faults were a quarter of the time and the owner table's
 * misses another third; with the advice the load went from 1.1 s to
 * 0.42-0.65 s.
 */
static void *
arena_chunk(size_t size)
{
	return size < HUGE_PAGE * 4 ? malloc(size) : dl_bigmem_alloc(size);
}

void *
grow_table(void *old, size_t n, size_t cap, size_t size)
{
	void *p;

	if (cap > SIZE_MAX / size)
		return NULL;
	if (cap * size < HUGE_PAGE * 4)
		return realloc(old, cap * size);
	if ((p = arena_chunk(cap * size)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, old, n * size);
	free(old);
	return p;
}

static void *
arena_alloc(struct dl_zone *z, size_t len)
{
	struct chunk *c = z->arena;
	size_t cap;
	void *p;

	if (c == NULL || c->cap - c->used < len) {
		cap = c == NULL ? (z->arena_first > 65536 ? z->arena_first :
		    65536) - sizeof(*c) :
		    c->cap < ARENA_MAX / 2 ? (c->cap + sizeof(*c)) * 2 - sizeof(*c) :
		    c->cap;
		if (cap < len)
			cap = len;
		if ((c = arena_chunk(sizeof(*c) + cap)) == NULL)
			return NULL;
		c->next = z->arena;
		c->used = 0;
		c->cap = cap;
		z->arena = c;
	}
	p = c->data + c->used;
	c->used += len;
	return p;
}

const char *
arena_dup(struct dl_zone *z, const char *s, size_t len)
{
	char *p;

	if ((p = arena_alloc(z, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static int
zone_grow_tab(struct dl_zone *z, size_t want)
{
	size_t size = z->tabsize ? z->tabsize * 2 : 1024, i, h, len;
	struct zslot *tab;

	while (size < want)
		size *= 2;
	/*
	 * Zeroed by the kernel, not written twice by memset(); one of
	 * DL_BIGMEM_SMALL or more (on huge pages when large) faulted in at
	 * once: a lookup comes before each insert, and a read of a page not
	 * yet written maps the zero page, which the insert then copies,
	 * stopping the other processor (busy reading the other zone) to
	 * flush its TLB.  On a whole 1M-owner load that was 4,096 copies
	 * and flushes.
	 */
	if ((tab = dl_bigmem_table(size, sizeof(*tab), &len)) == NULL)
		return DL_ENOMEM;
	if (len > 0)
		dl_bigmem_prefault(tab, size * sizeof(*tab));
	for (i = 0; i < z->nowners; i++) {
		h = z->owners[i].hash & (size - 1);
		while (tab[h].idx != 0)
			h = (h + 1) & (size - 1);
		tab[h].idx = (uint32_t)i + 1;
		tab[h].hash = z->owners[i].hash;
	}
	dl_bigmem_free(z->tab, z->tablen);
	z->tab = tab;
	z->tablen = len;
	z->tabsize = size;
	return 0;
}

int
table_reserve(void **t, size_t n, size_t *cap, size_t want, size_t size)
{
	void *p;

	if (*cap >= want)
		return 0;
	if ((p = grow_table(*t, n, want, size)) == NULL)
		return DL_ENOMEM;
	*t = p;
	*cap = want;
	return 0;
}

int
bytes_grow(void **buf, size_t used, size_t *cap, size_t need, size_t max)
{
	size_t c;
	void *p;

	for (c = *cap ? *cap : 65536; c - used < need; c *= 2)
		;
	if (c > max || (p = grow_table(*buf, used, c, 1)) == NULL)
		return DL_ENOMEM;
	*buf = p;
	*cap = c;
	return 0;
}

int
zone_reserve(struct dl_zone *z, size_t len, int owners_too)
{
	size_t recs = len / 24 + 64, owners = len / 48 + 64, rd = len / 3 + 64;

	if (recs > ZNONE || rd > UINT32_MAX)
		return 0;	/* too large to guess: grown as read */
	if (table_reserve((void **)&z->recs, z->nrecs, &z->caprecs, recs,
	    sizeof(*z->recs)) != 0 ||
	    table_reserve((void **)&z->rdata, z->nrdata, &z->caprdata, rd,
	    1) != 0)
		return DL_ENOMEM;
	if (!owners_too)
		return 0;
	/*
	 * Owner names: chunks doubled from 64 KiB were on small pages up to
	 * 8 MiB (a page fault each 4 KiB: 4,000 on two 1M-record zones).
	 */
	z->arena_first = len / 2 < ARENA_MAX ? len / 2 : ARENA_MAX;
	if (table_reserve((void **)&z->owners, z->nowners, &z->capowners,
	    recs, sizeof(*z->owners)) != 0)
		return DL_ENOMEM;
	return z->tabsize / 2 < owners ? zone_grow_tab(z, owners * 2) : 0;
}

static uint32_t
zone_find_owner(const struct dl_zone *z, const char *name, size_t len,
    uint64_t hash64)
{
	uint32_t i, hash = (uint32_t)hash64;
	size_t h;

	if (z->tabsize == 0)
		return ZNONE;
	h = hash & (z->tabsize - 1);
	for (; (i = z->tab[h].idx) != 0; h = (h + 1) & (z->tabsize - 1)) {
		if (z->tab[h].hash != hash)
			continue;
		i--;
		if (z->owners[i].len == len &&
		    memcmp(z->owners[i].name, name, len) == 0)
			return i;
	}
	return ZNONE;
}

int
zone_add_owner(struct dl_zone *z, const char *name, size_t len,
    uint64_t hash, uint32_t *idx)
{
	struct zowner *o;
	size_t cap, h;
	int rc;

	if ((*idx = zone_find_owner(z, name, len, hash)) != ZNONE)
		return 0;
	if ((z->nowners + 1) * 2 > z->tabsize && (rc = zone_grow_tab(z, 0)) != 0)
		return rc;
	if (z->nowners == z->capowners) {
		cap = z->capowners ? z->capowners * 2 : 256;
		if ((o = grow_table(z->owners, z->nowners, cap, sizeof(*o))) ==
		    NULL)
			return DL_ENOMEM;
		z->owners = o;
		z->capowners = cap;
	}
	o = &z->owners[z->nowners];
	if ((o->name = arena_dup(z, name, len)) == NULL)
		return DL_ENOMEM;
	o->len = (uint32_t)len;
	o->hash = (uint32_t)hash;
	o->first = o->last = ZNONE;
	h = o->hash & (z->tabsize - 1);
	while (z->tab[h].idx != 0)
		h = (h + 1) & (z->tabsize - 1);
	z->tab[h].idx = (uint32_t)z->nowners + 1;
	z->tab[h].hash = o->hash;
	*idx = (uint32_t)z->nowners++;
	return 0;
}

size_t
str_wire(const char *s, size_t n, uint8_t *out)
{
	size_t i = 0, o = 1, lab = 0;
	unsigned v;
	int c;

	if (n == 1 && s[0] == '.') {
		out[0] = 0;
		return 1;
	}
	while (i < n) {
		if (s[i] == '.') {
			if (o == lab + 1)
				return 0;	/* an empty label */
			out[lab] = (uint8_t)(o - lab - 1);
			lab = o++;
			i++;
			continue;
		}
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' &&
		    s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
		    s[i + 3] >= '0' && s[i + 3] <= '9') {
			v = (unsigned)(s[i + 1] - '0') * 100 +
			    (unsigned)(s[i + 2] - '0') * 10 +
			    (unsigned)(s[i + 3] - '0');
			if (v > 255)
				return 0;
			c = (int)v;
			i += 4;
		} else if (s[i] == '\\' && i + 1 < n) {
			c = (unsigned char)s[i + 1];
			i += 2;
		} else if (s[i] == '\\')
			return 0;
		else
			c = (unsigned char)s[i++];
		if (o - lab > 63 || o >= 255)
			return 0;
		out[o++] = zone_lc[c];
	}
	if (o > lab + 1) {	/* no trailing dot */
		if (o >= 255)
			return 0;
		out[lab] = (uint8_t)(o - lab - 1);
		lab = o++;
	}
	out[lab] = 0;
	return o;
}

size_t
wire_name_str(const uint8_t *w, size_t wl, char *out)
{
	ldns_rdf *r;
	char *s;
	size_t o = 0, i, n, k;

	if (wl <= 1) {
		out[0] = '.';
		out[1] = '\0';
		return 1;
	}
	for (i = 0; i < wl && w[i] != 0; i += n + 1) {
		n = w[i];
		if (i + n >= wl)
			goto slow;
		for (k = 1; k <= n; k++) {
			if (!zone_plain[w[i + k]])
				goto slow;
			out[o++] = (char)zone_lc[w[i + k]];
		}
		out[o++] = '.';
	}
	out[o] = '\0';
	return o;
slow:
	if ((r = ldns_dname_new_frm_data((uint16_t)wl, w)) == NULL)
		return 0;
	s = dl_name_str(r);
	ldns_rdf_deep_free(r);
	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n >= NAME_BUF)
		n = NAME_BUF - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	free(s);
	return n;
}

unsigned
dl_nt_bit(uint16_t type)
{
	switch (type) {
	case LDNS_RR_TYPE_A:
		return DL_NT_A;
	case LDNS_RR_TYPE_AAAA:
		return DL_NT_AAAA;
	case LDNS_RR_TYPE_CNAME:
		return DL_NT_CNAME;
	case LDNS_RR_TYPE_DNAME:
		return DL_NT_DNAME;
	case LDNS_RR_TYPE_NS:
		return DL_NT_NS;
	default:
		return 0;
	}
}

void
dl_zone_free(struct dl_zone *z)
{
	struct chunk *c, *next;
	size_t i;

	if (z == NULL)
		return;
	for (i = lazy_next(&z->rrs, 0); i < z->rrs.cap;
	    i = lazy_next(&z->rrs, i + 1))
		ldns_rr_free(z->rrs.v[i]);
	for (i = lazy_next(&z->ordf, 0); i < z->ordf.cap;
	    i = lazy_next(&z->ordf, i + 1))
		ldns_rdf_deep_free(z->ordf.v[i]);
	lazy_free(&z->rrs);
	lazy_free(&z->ordf);
	free(z->firsts);
	free(z->rdata);
	for (c = z->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	for (i = 0; i < z->nknown; i++)
		free(z->known[i].owner);
	free(z->known);
	free(z->kidx);
	free(z->addowner);
	free(z->walk);
	free(z->segs);
	free(z->recs);
	free(z->owners);
	dl_bigmem_free(z->tab, z->tablen);
	free(z->file);
	free(z->origin);
	free(z->ttl_note);
	free(z->path);
	free(z->tlog[0]);
	free(z->tlog[1]);
	facts_free(z->facts);
	(void)pthread_mutex_destroy(&z->cache_lock);
	free(z);
}

uint32_t
zone_lookup(const struct dl_zone *z, const char *owner)
{
	size_t len;

	if (z == NULL || owner == NULL)
		return ZNONE;
	len = strlen(owner);
	return zone_find_owner(z, owner, len, hash_str(owner, len));
}

/* Record r as a new ldns_rr, its owner's wire form in ordf; NULL: no memory. */
static ldns_rr *
rec_rr_build(const struct dl_zone *z, const struct zrec *r,
    const ldns_rdf *ordf)
{
	uint8_t *w;
	size_t n, pos = 0;
	ldns_rr *rr = NULL;
	ldns_rdf *rdf;

	n = ldns_rdf_size(ordf);
	if ((w = malloc(n + 10 + r->rdlen)) == NULL)
		return NULL;
	memcpy(w, ldns_rdf_data(ordf), n);
	ldns_write_uint16(w + n, r->type);
	ldns_write_uint16(w + n + 2, LDNS_RR_CLASS_IN);
	ldns_write_uint32(w + n + 4, r->ttl);
	ldns_write_uint16(w + n + 8, r->rdlen);
	if (r->rdlen > 0)
		memcpy(w + n + 10, rec_rd(z, r), r->rdlen);
	if (ldns_wire2rr(&rr, w, n + 10 + r->rdlen, &pos,
	    LDNS_SECTION_ANSWER) != LDNS_STATUS_OK) {
		/*
		 * RDATA libzscanner checked that ldns cannot split into
		 * fields (a newer type's rules): one opaque field.
		 */
		rr = NULL;
		if ((rr = ldns_rr_new()) == NULL ||
		    (rdf = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_UNKNOWN,
		    r->rdlen, rec_rd(z, r))) == NULL) {
			ldns_rr_free(rr);
			free(w);
			return NULL;
		}
		ldns_rr_set_owner(rr, ldns_rdf_clone(ordf));
		ldns_rr_set_type(rr, r->type);
		ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
		ldns_rr_set_ttl(rr, r->ttl);
		(void)ldns_rr_push_rdf(rr, rdf);
	}
	free(w);
	return rr;
}

/*
 * Owner o of z (loaded) as an ldns dname, built when first asked for and
 * kept.  NULL when out of memory.
 */
static const ldns_rdf *
owner_rdf(struct dl_zone *z, uint32_t o)
{
	ldns_rdf *ordf;

	(void)pthread_mutex_lock(&z->cache_lock);
	if ((ordf = lazy_get(&z->ordf, o)) == NULL &&
	    ldns_str2rdf_dname(&ordf, z->owners[o].name) == LDNS_STATUS_OK &&
	    lazy_put(&z->ordf, o, z->nowners, ordf) != 0) {
		ldns_rdf_deep_free(ordf);
		ordf = NULL;
	}
	(void)pthread_mutex_unlock(&z->cache_lock);
	return ordf;
}

/* Record i of z as a new ldns_rr (a built zone's: a copy).  NULL: no memory. */
static ldns_rr *
rec_rr_new(const struct dl_zone *cz, uint32_t i)
{
	struct dl_zone *z = (struct dl_zone *)cz;
	const ldns_rdf *ordf;
	const ldns_rr *rr;

	if (!z->loaded) {
		(void)pthread_mutex_lock(&z->cache_lock);
		rr = lazy_get(&z->rrs, i);
		(void)pthread_mutex_unlock(&z->cache_lock);
		return rr != NULL ? ldns_rr_clone(rr) : NULL;
	}
	if ((ordf = owner_rdf(z, z->recs[i].owner)) == NULL)
		return NULL;
	return rec_rr_build(z, &z->recs[i], ordf);
}

/*
 * Record i of z as an ldns_rr, built from its wire form when first asked
 * for and kept (the zone is const to callers: the cache is not part of
 * what they see).  NULL when out of memory.  The lock is held to read
 * and fill the cache, not while building; of two threads that built the
 * same record, the first to put it wins.
 */
static ldns_rr *
rec_rr(const struct dl_zone *cz, uint32_t i)
{
	struct dl_zone *z = (struct dl_zone *)cz;
	ldns_rr *rr, *had;

	(void)pthread_mutex_lock(&z->cache_lock);
	rr = lazy_get(&z->rrs, i);
	(void)pthread_mutex_unlock(&z->cache_lock);
	if (rr != NULL || !z->loaded || (rr = rec_rr_new(z, i)) == NULL)
		return rr;
	(void)pthread_mutex_lock(&z->cache_lock);
	if ((had = lazy_get(&z->rrs, i)) != NULL) {
		ldns_rr_free(rr);
		rr = had;
	} else if (lazy_put(&z->rrs, i, z->nrecs, rr) != 0) {
		ldns_rr_free(rr);
		rr = NULL;
	}
	(void)pthread_mutex_unlock(&z->cache_lock);
	return rr;
}

/* The records of owner index o in z of type, as a list; NULL: no memory. */
static ldns_rr_list *
owner_rrset(const struct dl_zone *z, uint32_t o, uint16_t type)
{
	ldns_rr_list *l;
	ldns_rr *rr;
	uint32_t i;

	if ((l = ldns_rr_list_new()) == NULL)
		return NULL;
	for (i = o == ZNONE ? ZNONE : z->owners[o].first; i != ZNONE;
	    i = z->recs[i].next)
		if (z->recs[i].type == type &&
		    ((rr = rec_rr(z, i)) == NULL ||
		    !ldns_rr_list_push_rr(l, rr))) {
			ldns_rr_list_free(l);
			return NULL;
		}
	return l;
}

/*
 * owner's index, or ZNONE; in a lean zone, an owner of the file that
 * was not stored is noted (dl_zone_lean_missed()).
 */
static uint32_t
lookup_whole(const struct dl_zone *z, const char *owner)
{
	uint32_t o = zone_lookup(z, owner);

	if (o == ZNONE && z != NULL && owner != NULL && z->facts != NULL &&
	    facts_get(z->facts, owner, strlen(owner)) != 0)
		dl_zone_lean_miss(z);
	return o;
}

ldns_rr_list *
dl_zone_rrset(const struct dl_zone *z, const char *owner, ldns_rr_type type)
{
	return owner_rrset(z, lookup_whole(z, owner), type);
}

unsigned
dl_zone_rrset_line(const struct dl_zone *z, const char *owner,
    ldns_rr_type type)
{
	uint32_t o, i;

	if ((o = lookup_whole(z, owner)) == ZNONE)
		return 0;
	for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next)
		if (z->recs[i].type == type)
			return z->recs[i].line;
	return 0;
}

int
dl_zone_has_name(const struct dl_zone *z, const char *owner)
{
	return zone_lookup(z, owner) != ZNONE || (z != NULL && owner != NULL &&
	    z->facts != NULL && facts_get(z->facts, owner, strlen(owner)) != 0);
}

unsigned
dl_zone_name_types(const struct dl_zone *z, const char *name)
{
	uint32_t o = zone_lookup(z, name);

	if (o == ZNONE)
		return z != NULL && name != NULL && z->facts != NULL ?
		    facts_get(z->facts, name, strlen(name)) & FT_NT : 0;
	return dl_zone_owner_types(z, o);
}

void
dl_zone_names_types(const struct dl_zone *z, const char *const *names,
    size_t n, uint32_t *o, unsigned *t)
{
	enum { AHEAD = 8 };
	uint64_t h[AHEAD], key[AHEAD];
	uint8_t w[256];
	size_t len[AHEAD], i, k, wl;

	for (i = 0; i < n + AHEAD; i++) {
		/* Name i - AHEAD is looked up, and name i fetched. */
		k = i % AHEAD;
		if (i >= AHEAD) {
			o[i - AHEAD] = zone_find_owner(z, names[i - AHEAD],
			    len[k], h[k]);
			t[i - AHEAD] = o[i - AHEAD] != ZNONE ?
			    dl_zone_owner_types(z, o[i - AHEAD]) :
			    z->facts != NULL && key[k] != 0 ? facts_find(
			    z->facts, key[k]) & FT_NT : 0;
		}
		if (i < n) {
			len[k] = strlen(names[i]);
			h[k] = hash_str(names[i], len[k]);
			if (z->tabsize > 0)
				__builtin_prefetch(&z->tab[h[k] &
				    (z->tabsize - 1)]);
			key[k] = 0;
			if (z->facts != NULL && (wl = str_wire(names[i],
			    len[k], w)) != 0) {
				key[k] = name_key(w, wl);
				__builtin_prefetch(&z->facts->slot[fact_slot(
				    z->facts, key[k])]);
			}
		}
	}
}

unsigned
dl_zone_owner_types(const struct dl_zone *z, uint32_t o)
{
	unsigned bits = 0;
	uint32_t i;

	for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next)
		bits |= DL_NT_ANY | dl_nt_bit(z->recs[i].type);
	return bits;
}

int
dl_zone_lean_missed(const struct dl_zone *z)
{
	return atomic_load(&z->missed);
}

void
dl_zone_lean_miss(const struct dl_zone *z)
{
	struct dl_zone *w = (struct dl_zone *)(uintptr_t)z;

	if (z->facts != NULL)
		atomic_store(&w->missed, 1);
}

int
dl_zone_is_lean(const struct dl_zone *z)
{
	return z->facts != NULL;
}

const ldns_rr *
dl_zone_soa(const struct dl_zone *z)
{
	return z->soa == ZNONE ? NULL : rec_rr(z, z->soa);
}

size_t
dl_zone_record_count(const struct dl_zone *z)
{
	return z->count;
}

/* Kept record i's index in recs: all of them, or the filter's. */
static uint32_t
walk_rec(const struct dl_zone *z, size_t i)
{
	return z->whole || z->walk == NULL ? (uint32_t)i : z->walk[i];
}

size_t
dl_zone_kept_count(const struct dl_zone *z)
{
	return z->whole || !z->loaded ? z->nrecs : z->nwalk;
}

const ldns_rr *
dl_zone_kept(const struct dl_zone *z, size_t i)
{
	return i < dl_zone_kept_count(z) ? rec_rr(z, walk_rec(z, i)) : NULL;
}

unsigned
dl_zone_kept_line(const struct dl_zone *z, size_t i)
{
	return i < dl_zone_kept_count(z) ? z->recs[walk_rec(z, i)].line : 0;
}

const char *
dl_zone_kept_owner(const struct dl_zone *z, size_t i)
{
	return z->owners[z->recs[walk_rec(z, i)].owner].name;
}

/*
 * Mark the first record (in file order) of every RRset: one pass over
 * each owner's records with a bitmap of the types seen there.  Asking the
 * chain for each record instead was quadratic in an owner's records: a
 * diff of an apex with 40,000 TXT and 40,000 A records took 5.6 s.
 */
static int
mark_first(struct dl_zone *z)
{
	uint64_t seen[65536 / 64], *f;
	size_t o;
	uint32_t i;
	uint16_t t;

	free(z->firsts);
	if ((f = z->firsts = calloc(z->nrecs / 64 + 1, sizeof(*f))) == NULL)
		return DL_ENOMEM;
	memset(seen, 0, sizeof(seen));
	for (o = 0; o < z->nowners; o++) {
		for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next) {
			t = z->recs[i].type;
			if (!(seen[t / 64] >> (t % 64) & 1))
				f[i / 64] |= (uint64_t)1 << (i % 64);
			seen[t / 64] |= (uint64_t)1 << (t % 64);
		}
		for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next)
			seen[z->recs[i].type / 64] = 0;
	}
	__atomic_store_n(&z->nmarked, z->nrecs, __ATOMIC_RELEASE);
	return 0;
}

int
dl_zone_kept_first(const struct dl_zone *cz, size_t i)
{
	struct dl_zone *z = (struct dl_zone *)cz;
	int rc = 0;

	/* Worked out once, when first asked (records only ever grow). */
	if (__atomic_load_n(&z->nmarked, __ATOMIC_ACQUIRE) != z->nrecs) {
		(void)pthread_mutex_lock(&z->cache_lock);
		if (z->nmarked != z->nrecs)
			rc = mark_first(z);
		(void)pthread_mutex_unlock(&z->cache_lock);
	}
	if (rc != 0)
		return 1;	/* out of memory: every record a first */
	return rec_first(z, walk_rec(z, i));
}

/*
 * The owner of z's kept record i in other, by index.  Zones compared are
 * mostly in the same order, so the owner after *hint is tried before the
 * hash table: walking both in step touches memory in order.
 */
static uint32_t
find_near(const struct dl_zone *z, size_t i, const struct dl_zone *other,
    uint32_t *hint)
{
	const struct zowner *o = &z->owners[z->recs[walk_rec(z, i)].owner], *n;
	uint32_t j = *hint + 1;

	if (*hint != ZNONE && j < other->nowners) {
		n = &other->owners[j];
		if (n->hash == o->hash && n->len == o->len &&
		    memcmp(n->name, o->name, o->len) == 0)
			return *hint = j;
	}
	if ((j = zone_find_owner(other, o->name, o->len, o->hash)) != ZNONE)
		*hint = j;
	return j;
}

/* Two records' TTL and RDATA, byte for byte. */
static int
rr_identical(const ldns_rr *a, const ldns_rr *b)
{
	size_t k;

	if (a == NULL || b == NULL)
		return 0;
	if (ldns_rr_ttl(a) != ldns_rr_ttl(b) ||
	    ldns_rr_rd_count(a) != ldns_rr_rd_count(b))
		return 0;
	for (k = 0; k < ldns_rr_rd_count(a); k++) {
		const ldns_rdf *x = ldns_rr_rdf(a, k), *y = ldns_rr_rdf(b, k);

		if (ldns_rdf_get_type(x) != ldns_rdf_get_type(y) ||
		    ldns_rdf_size(x) != ldns_rdf_size(y) ||
		    (ldns_rdf_size(x) > 0 && /* empty: data may be NULL */
		    memcmp(ldns_rdf_data(x), ldns_rdf_data(y),
		    ldns_rdf_size(x)) != 0))
			return 0;
	}
	return 1;
}

/*
 * Does type's RDATA hold a domain name?  Only types known to hold none
 * (an address, strings) answer no: their RDATA in wire form is already
 * what dl_rrset_rdata_equal() compares (no name to put in lower case).
 */
static int
rdata_has_name(uint16_t type)
{
	return type != LDNS_RR_TYPE_A && type != LDNS_RR_TYPE_AAAA &&
	    type != LDNS_RR_TYPE_TXT;
}

/*
 * A record's RDATA as compared in a set: its type and canonical wire
 * form (names in lower case), made (or borrowed) by rdkeys() or
 * wire_set().
 */
struct rdkey {
	uint16_t	 type;
	size_t		 len;
	uint8_t		*data;
	int		 borrowed;	/* the record's own: not freed */
};

static int
rdkey_cmp(const void *a, const void *b)
{
	const struct rdkey *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (n > 0 && (c = memcmp(x->data, y->data, n)) != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static void
rdkeys_free(struct rdkey *k, size_t n)
{
	size_t i;

	for (i = 0; k != NULL && i < n; i++)
		if (!k[i].borrowed)
			free(k[i].data);
	free(k);
}

/*
 * Are the sorted keys ka (na) and kb (nb) the same set: duplicates aside?
 */
static int
rdkeys_same(const struct rdkey *ka, size_t na, const struct rdkey *kb,
    size_t nb)
{
	size_t i = 0, j = 0;

	while (i < na || j < nb) {
		if (i == na || j == nb || rdkey_cmp(&ka[i], &kb[j]) != 0)
			return 0;
		while (i + 1 < na && rdkey_cmp(&ka[i], &ka[i + 1]) == 0)
			i++;
		while (j + 1 < nb && rdkey_cmp(&kb[j], &kb[j + 1]) == 0)
			j++;
		i++;
		j++;
	}
	return 1;
}

/*
 * The records of type (rdata_has_name() no) at owner o of z, loaded from
 * a file, as sorted keys borrowing z's RDATA (*out; free(3) it),
 * with their smallest and largest TTL.  The count, or -1 out of memory.
 */
static ssize_t
wire_set(const struct dl_zone *z, uint32_t o, uint16_t type,
    struct rdkey **out, uint32_t *min, uint32_t *max)
{
	struct rdkey *k = NULL, *grown;
	size_t n = 0, cap = 0;
	uint32_t i;

	for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next) {
		if (z->recs[i].type != type)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((grown = reallocarray(k, cap, sizeof(*k))) ==
			    NULL) {
				free(k);
				return -1;
			}
			k = grown;
		}
		k[n].type = type;
		k[n].len = z->recs[i].rdlen;
		k[n].data = (uint8_t *)(uintptr_t)rec_rd(z, &z->recs[i]);
		k[n].borrowed = 1;
		if (n == 0 || z->recs[i].ttl < *min)
			*min = z->recs[i].ttl;
		if (n == 0 || z->recs[i].ttl > *max)
			*max = z->recs[i].ttl;
		n++;
	}
	if (n > 1)
		qsort(k, n, sizeof(*k), rdkey_cmp);
	*out = k;
	return (ssize_t)n;
}

/*
 * RRsets of type (rdata_has_name() no) at owner a of z and b of y, both
 * loaded from files: what dl_zone_rrset_compare() answers, from the wire
 * form, without an ldns record: the same smallest and largest TTL and
 * the same RDATA as sets.
 */
static int
wire_sets_compare(const struct dl_zone *z, uint32_t a,
    const struct dl_zone *y, uint32_t b, uint16_t type)
{
	struct rdkey *ka = NULL, *kb = NULL;
	uint32_t amin = 0, amax = 0, bmin = 0, bmax = 0;
	ssize_t na, nb = 0;
	int rc;

	if ((na = wire_set(z, a, type, &ka, &amin, &amax)) < 0 ||
	    (nb = wire_set(y, b, type, &kb, &bmin, &bmax)) < 0)
		rc = DL_ENOMEM;
	else if (nb == 0)
		rc = DL_RRSET_ABSENT;
	else
		rc = amin == bmin && amax == bmax && rdkeys_same(ka,
		    (size_t)na, kb, (size_t)nb) ? DL_RRSET_SAME :
		    DL_RRSET_DIFFERS;
	free(ka);
	free(kb);
	return rc;
}

/* Records a of z and b of y: TTL and wire RDATA byte for byte. */
static int
rec_identical(const struct dl_zone *z, uint32_t a, const struct dl_zone *y,
    uint32_t b)
{
	const struct zrec *x = &z->recs[a], *w = &y->recs[b];

	if (z->loaded && y->loaded)
		return x->ttl == w->ttl && x->rdlen == w->rdlen &&
		    (x->rdlen == 0 || memcmp(rec_rd(z, x), rec_rd(y, w),
		    x->rdlen) == 0);
	return rr_identical(rec_rr(z, a), rec_rr(y, b));
}

ldns_rr_list *
dl_zone_kept_rrset(const struct dl_zone *z, size_t i)
{
	ldns_rr_list *l;
	ldns_rr *rr;
	uint32_t k;
	uint16_t type;

	i = walk_rec(z, i);
	type = z->recs[i].type;
	if ((l = ldns_rr_list_new()) == NULL)
		return NULL;
	for (k = z->owners[z->recs[i].owner].first; k != ZNONE;
	    k = z->recs[k].next)
		if (z->recs[k].type == type &&
		    ((rr = rec_rr_new(z, k)) == NULL ||
		    !ldns_rr_list_push_rr(l, rr))) {
			ldns_rr_free(rr);
			ldns_rr_list_deep_free(l);
			return NULL;
		}
	return l;
}

int
dl_zone_rrset_compare(const struct dl_zone *z, size_t i,
    const struct dl_zone *other, uint32_t *hint)
{
	uint16_t type;
	uint32_t o, a, b;
	ldns_rr_list *x, *y;
	int same;

	if ((o = find_near(z, i, other, hint)) == ZNONE)
		return DL_RRSET_ABSENT;
	i = walk_rec(z, i);
	type = z->recs[i].type;
	/* In step, record for record: the same RRset written the same way. */
	a = z->owners[z->recs[i].owner].first;
	b = other->owners[o].first;
	for (;;) {
		while (a != ZNONE && z->recs[a].type != type)
			a = z->recs[a].next;
		while (b != ZNONE && other->recs[b].type != type)
			b = other->recs[b].next;
		if (a == ZNONE || b == ZNONE ||
		    !rec_identical(z, a, other, b))
			break;
		a = z->recs[a].next;
		b = other->recs[b].next;
	}
	if (a == ZNONE && b == ZNONE)
		return DL_RRSET_SAME;
	/* Otherwise as sets: order, duplicates and name case aside. */
	if (z->loaded && other->loaded && !rdata_has_name(type))
		return wire_sets_compare(z, z->recs[i].owner, other, o, type);
	if ((x = owner_rrset(z, z->recs[i].owner, type)) == NULL ||
	    (y = owner_rrset(other, o, type)) == NULL) {
		ldns_rr_list_free(x);
		return DL_ENOMEM;
	}
	if (ldns_rr_list_rr_count(y) == 0)
		same = DL_RRSET_ABSENT;
	else
		same = dl_rrset_ttl(x) == dl_rrset_ttl(y) &&
		    dl_rrset_ttl_max(x) == dl_rrset_ttl_max(y) &&
		    dl_rrset_rdata_equal(x, y) ? DL_RRSET_SAME :
		    DL_RRSET_DIFFERS;
	ldns_rr_list_free(x);
	ldns_rr_list_free(y);
	return same;
}

size_t
dl_zone_owner_count(const struct dl_zone *z)
{
	return z->nowners;
}

const char *
dl_zone_owner_name(const struct dl_zone *z, uint32_t o)
{
	return z->owners[o].name;
}

uint32_t
dl_zone_owner_index(const struct dl_zone *z, const char *owner)
{
	return zone_lookup(z, owner);
}

uint32_t
dl_zone_owner_first(const struct dl_zone *z, uint32_t o)
{
	return z->owners[o].first;
}

uint32_t
dl_zone_rec_next(const struct dl_zone *z, uint32_t r)
{
	return z->recs[r].next;
}

static uint16_t	rec_covered(const struct dl_zone *, uint32_t);

void
dl_zone_rec_info(const struct dl_zone *z, uint32_t r, struct dl_zone_rec *out)
{
	const struct zrec *rec = &z->recs[r];

	out->type = rec->type;
	out->ttl = rec->ttl;
	out->line = rec->line;
	out->covered = rec_covered(z, r);
}

int
dl_zone_rec_target(const struct dl_zone *z, uint32_t r, char *buf)
{
	struct dl_rview v;

	dl_zone_rec_view(z, r, &v);
	if (v.type != LDNS_RR_TYPE_NS && v.type != LDNS_RR_TYPE_MX)
		return 0;
	return dl_rview_target(&v, buf);
}

const ldns_rr *
dl_zone_rec_rr(const struct dl_zone *z, uint32_t r)
{
	return rec_rr(z, r);
}

int
dl_zone_is_whole(const struct dl_zone *z)
{
	return z->whole;
}

const char *
dl_zone_origin(const struct dl_zone *z)
{
	return z->origin;
}

const char *
dl_zone_ttl_note(const struct dl_zone *z)
{
	return z->ttl_note;
}

const char *
dl_zone_file(const struct dl_zone *z)
{
	return z->file;
}

const char *
dl_zone_rec_file(const struct dl_zone *z, uint32_t r)
{
	size_t lo = 0, hi = z->nsegs, mid;

	/* The last run that begins at or before r. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (z->segs[mid].first <= r)
			lo = mid;
		else
			hi = mid;
	}
	return z->nsegs > 0 && z->segs[lo].file != NULL ? z->segs[lo].file :
	    z->file;
}

char *
dl_name_str(const ldns_rdf *name)
{
	char *s, *t;
	size_t n;

	if ((s = ldns_rdf2str(name)) == NULL)
		return NULL;
	for (t = s; *t != '\0'; t++)
		if (*t >= 'A' && *t <= 'Z')
			*t = (char)(*t - 'A' + 'a');
	n = (size_t)(t - s);
	if (n == 0 || s[n - 1] != '.' || name_escaped(s, n - 1)) {
		if ((t = realloc(s, n + 2)) == NULL) {
			free(s);
			return NULL;
		}
		s = t;
		s[n] = '.';
		s[n + 1] = '\0';
	}
	return s;
}

/* Canonical (names lower case) wire rdata of each record, sorted. */
static struct rdkey *
rdkeys(const ldns_rr_list *l, size_t *n)
{
	struct rdkey *k;
	ldns_buffer *b;
	const ldns_rr *rr;
	size_t i, j, cnt = l ? ldns_rr_list_rr_count(l) : 0;

	*n = cnt;
	if ((k = calloc(cnt + 1, sizeof(*k))) == NULL)
		return NULL;
	for (i = 0; i < cnt; i++) {
		rr = ldns_rr_list_rr(l, i);
		k[i].type = (uint16_t)ldns_rr_get_type(rr);
		/* One field and no name in it: its wire form as it is. */
		if (ldns_rr_rd_count(rr) == 1 && !rdata_has_name(k[i].type)) {
			k[i].len = ldns_rdf_size(ldns_rr_rdf(rr, 0));
			k[i].data = ldns_rdf_data(ldns_rr_rdf(rr, 0));
			k[i].borrowed = 1;
			continue;
		}
		if ((b = ldns_buffer_new(256)) == NULL)
			goto fail;
		for (j = 0; j < ldns_rr_rd_count(rr); j++)
			(void)ldns_rdf2buffer_wire_canonical(b,
			    ldns_rr_rdf(rr, j));
		if (ldns_buffer_status(b) != LDNS_STATUS_OK) {
			ldns_buffer_free(b);
			goto fail;
		}
		k[i].len = ldns_buffer_position(b);
		k[i].data = ldns_buffer_export(b);
		ldns_buffer_free(b);
		if (k[i].data == NULL)
			goto fail;
	}
	qsort(k, cnt, sizeof(*k), rdkey_cmp);
	return k;
fail:
	rdkeys_free(k, i);
	return NULL;
}

int
dl_rrset_rdata_equal(const ldns_rr_list *a, const ldns_rr_list *b)
{
	struct rdkey *ka, *kb;
	size_t na, nb;
	int eq;

	ka = rdkeys(a, &na);
	kb = rdkeys(b, &nb);
	/* Cannot tell: "different" is the safe answer. */
	eq = ka != NULL && kb != NULL && rdkeys_same(ka, na, kb, nb);
	rdkeys_free(ka, na);
	rdkeys_free(kb, nb);
	return eq;
}

uint32_t
dl_rrset_ttl(const ldns_rr_list *rrs)
{
	size_t i, n = rrs ? ldns_rr_list_rr_count(rrs) : 0;
	uint32_t t, min = 0;

	for (i = 0; i < n; i++) {
		t = ldns_rr_ttl(ldns_rr_list_rr(rrs, i));
		if (i == 0 || t < min)
			min = t;
	}
	return min;
}

struct dl_zone *
dl_zone_new(const char *origin, const char *source, int partial)
{
	struct dl_zone *z;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		return NULL;
	(void)pthread_mutex_init(&z->cache_lock, NULL);
	z->soa = ZNONE;
	z->addidx = ZNONE;
	z->partial = partial;
	z->whole = !partial;
	if ((z->origin = strdup(origin)) == NULL ||
	    (z->file = strdup(source)) == NULL) {
		dl_zone_free(z);
		return NULL;
	}
	return z;
}

/*
 * Append rr (handed over: freed here on failure) at owner (absolute, lower
 * case, len bytes).  *ownidx caches the owner's index between records of
 * one owner: ZNONE when not known yet.
 */
static int
zone_store(struct dl_zone *z, ldns_rr *rr, const char *owner, size_t len,
    uint32_t *ownidx, unsigned line)
{
	struct zrec *r;
	size_t cap;

	if (z->nrecs == z->caprecs) {
		cap = z->caprecs ? z->caprecs * 2 : 64;
		if (cap > ZNONE ||
		    (r = grow_table(z->recs, z->nrecs, cap, sizeof(*r))) ==
		    NULL) {
			ldns_rr_free(rr);
			return DL_ENOMEM;
		}
		z->recs = r;
		z->caprecs = cap;
	}
	if (*ownidx == ZNONE &&
	    zone_add_owner(z, owner, len, hash_str(owner, len), ownidx) != 0) {
		ldns_rr_free(rr);
		return DL_ENOMEM;
	}
	if (lazy_put(&z->rrs, z->nrecs, z->nrecs + 1, rr) != 0) {
		ldns_rr_free(rr);
		return DL_ENOMEM;
	}
	r = &z->recs[z->nrecs];
	memset(r, 0, sizeof(*r));
	r->next = ZNONE;
	r->line = line;
	r->type = (uint16_t)ldns_rr_get_type(rr);
	r->ttl = ldns_rr_ttl(rr);
	r->owner = *ownidx;
	if (z->owners[*ownidx].last == ZNONE)
		z->owners[*ownidx].first = (uint32_t)z->nrecs;
	else
		z->recs[z->owners[*ownidx].last].next = (uint32_t)z->nrecs;
	z->owners[*ownidx].last = (uint32_t)z->nrecs;
	if (r->type == LDNS_RR_TYPE_SOA && strcmp(owner, z->origin) == 0)
		z->soa = (uint32_t)z->nrecs;
	z->nrecs++;
	return 0;
}

int
dl_zone_add(struct dl_zone *z, ldns_rr *rr)
{
	return dl_zone_add_line(z, rr, NULL, 0);
}

int
dl_zone_add_line(struct dl_zone *z, ldns_rr *rr, const char *owner,
    unsigned line)
{
	char *own;
	size_t len;

	/* Records of one owner usually come together: keep its index. */
	if (z->addowner == NULL || owner == NULL ||
	    strcmp(z->addowner, owner) != 0) {
		if ((own = owner != NULL ? strdup(owner) :
		    dl_name_str(ldns_rr_owner(rr))) == NULL) {
			ldns_rr_free(rr);
			return DL_ENOMEM;
		}
		if (z->addowner == NULL || strcmp(z->addowner, own) != 0) {
			free(z->addowner);
			z->addowner = own;
			z->addidx = ZNONE;
		} else
			free(own);
	}
	len = strlen(z->addowner);
	z->count++;
	return zone_store(z, rr, z->addowner, len, &z->addidx, line);
}

/*
 * The slot of owner/type in z->kidx: where it is, or the empty slot where
 * it would go.  Constant time: a plan of 10,000 RRsets marks and asks
 * 10,000 times.
 */
static size_t
known_slot(const struct dl_zone *z, const char *owner, ldns_rr_type type)
{
	size_t mask = z->kidx_size - 1, j;
	const struct zknown *k;

	j = (size_t)dl_hash(type, owner, strlen(owner)) & mask;
	for (; z->kidx[j] != 0; j = (j + 1) & mask) {
		k = &z->known[z->kidx[j] - 1];
		if (k->type == type && strcmp(k->owner, owner) == 0)
			break;
	}
	return j;
}

static int
known_grow(struct dl_zone *z)
{
	size_t size, i;

	if ((z->nknown + 1) * 2 <= z->kidx_size)
		return 0;
	size = z->kidx_size ? z->kidx_size * 2 : 64;
	free(z->kidx);
	if ((z->kidx = calloc(size, sizeof(*z->kidx))) == NULL) {
		z->kidx_size = 0;
		return DL_ENOMEM;
	}
	z->kidx_size = size;
	for (i = 0; i < z->nknown; i++)
		z->kidx[known_slot(z, z->known[i].owner,
		    z->known[i].type)] = i + 1;
	return 0;
}

int
dl_zone_mark_known(struct dl_zone *z, const char *owner, ldns_rr_type type)
{
	struct zknown *k;
	size_t cap;

	if (dl_zone_rrset_known(z, owner, type))
		return 0;
	if (known_grow(z) != 0)
		return DL_ENOMEM;
	if (z->nknown == z->capknown) {
		cap = z->capknown ? z->capknown * 2 : 32;
		if ((k = reallocarray(z->known, cap, sizeof(*k))) == NULL)
			return DL_ENOMEM;
		z->known = k;
		z->capknown = cap;
	}
	if ((z->known[z->nknown].owner = strdup(owner)) == NULL)
		return DL_ENOMEM;
	z->known[z->nknown].type = type;
	z->kidx[known_slot(z, owner, type)] = ++z->nknown;
	return 0;
}

int
dl_zone_owner_whole(const struct dl_zone *z, const char *owner)
{
	/* A file is read whole, whatever the filter kept for walks; a lean
	   load holds the owners it stored whole, and knows the others. */
	if (z->facts != NULL)
		(void)lookup_whole(z, owner);
	return !z->partial;
}

uint64_t
dl_hash(uint64_t seed, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ seed;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

int
dl_name_in_zone(const char *name, const char *zone)
{
	return name_under(name, strlen(name), zone, strlen(zone));
}

uint32_t
dl_rrset_ttl_max(const ldns_rr_list *rrs)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; rrs != NULL && i < ldns_rr_list_rr_count(rrs); i++)
		if (ldns_rr_ttl(ldns_rr_list_rr(rrs, i)) > m)
			m = ldns_rr_ttl(ldns_rr_list_rr(rrs, i));
	return m;
}

int
dl_zone_rrset_known(const struct dl_zone *z, const char *owner,
    ldns_rr_type type)
{
	/* A file: every record is read and indexed. */
	if (!z->partial)
		return dl_zone_owner_whole(z, owner);
	if (z->kidx_size == 0)
		return 0;
	return z->kidx[known_slot(z, owner, type)] != 0;
}

/*
 * Record views: a record's owner, type, TTL and RDATA read where the zone
 * keeps them, for walks over whole zones that build no ldns_rr.  These
 * read the record table only through rec_at() and rec_view_fill(); the
 * rest goes through the views.
 */

/* Record r of z: the zone's table entry. */
static const struct zrec *
rec_at(const struct dl_zone *z, uint32_t r)
{
	return &z->recs[r];
}

/* The type an RRSIG covers: from wire RDATA, or from the built rr. */
static uint16_t
rr_covered(const ldns_rr *rr)
{
	const ldns_rdf *c;

	if (rr == NULL || ldns_rr_get_type(rr) != LDNS_RR_TYPE_RRSIG ||
	    (c = ldns_rr_rrsig_typecovered(rr)) == NULL ||
	    ldns_rdf_get_type(c) != LDNS_RDF_TYPE_TYPE ||
	    ldns_rdf_size(c) != 2)
		return 0;
	return (uint16_t)ldns_rdf2rr_type(c);
}

/* A built zone's record r (NULL when none: a loaded zone's not built). */
static const ldns_rr *
rec_built(const struct dl_zone *z, uint32_t r)
{
	return z->loaded ? NULL : lazy_get(&z->rrs, r);
}

/* The type the RRSIG record r covers, else 0. */
static uint16_t
rec_covered(const struct dl_zone *z, uint32_t r)
{
	const struct zrec *rec = rec_at(z, r);

	if (rec->type != LDNS_RR_TYPE_RRSIG)
		return 0;
	if (z->loaded)
		return rec->rdlen >= 2 ? ldns_read_uint16(rec_rd(z, rec)) : 0;
	return rr_covered(rec_built(z, r));
}

static void
rec_view_fill(const struct dl_zone *z, uint32_t r, struct dl_rview *v)
{
	const struct zrec *rec = rec_at(z, r);

	memset(v, 0, sizeof(*v));
	v->owner = z->owners[rec->owner].name;
	v->type = rec->type;
	v->ttl = rec->ttl;
	v->line = rec->line;
	v->zone = z;
	v->rec = r;
	v->owner_idx = rec->owner;
	v->covered = rec_covered(z, r);
	if (z->loaded) {
		v->rd = rec_rd(z, rec);
		v->rdlen = rec->rdlen;
	} else
		v->rr = rec_built(z, r);
}

int
dl_zone_rrset_present(const struct dl_zone *z, size_t i,
    const struct dl_zone *other, uint32_t *hint)
{
	uint16_t type = rec_at(z, walk_rec(z, i))->type;
	uint32_t o, r;

	if ((o = find_near(z, i, other, hint)) == ZNONE)
		return 0;
	for (r = other->owners[o].first; r != ZNONE; r = rec_at(other, r)->next)
		if (rec_at(other, r)->type == type)
			return 1;
	return 0;
}

void *
dl_table_grow(void *old, size_t n, size_t cap, size_t size)
{
	return grow_table(old, n, cap, size);
}

uint32_t
dl_zone_kept_rec(const struct dl_zone *z, size_t i)
{
	return walk_rec(z, i);
}

void
dl_zone_rec_view(const struct dl_zone *z, uint32_t r, struct dl_rview *v)
{
	rec_view_fill(z, r, v);
}

void
dl_rview_of_rr(const ldns_rr *rr, const char *owner, struct dl_rview *v)
{
	memset(v, 0, sizeof(*v));
	v->owner = owner;
	v->type = (uint16_t)ldns_rr_get_type(rr);
	v->covered = rr_covered(rr);
	v->ttl = ldns_rr_ttl(rr);
	v->rr = rr;
	v->rec = DL_ZONE_NONE;
	v->owner_idx = DL_ZONE_NONE;
}

const ldns_rr *
dl_rview_rr(const struct dl_rview *v)
{
	if (v->rr != NULL)
		return v->rr;
	return v->zone != NULL ? rec_rr(v->zone, v->rec) : NULL;
}

int
dl_rr_name_field(uint16_t type, size_t *offset)
{
	switch (type) {
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_DNAME:
	case LDNS_RR_TYPE_PTR:
		*offset = 0;
		return 0;
	case LDNS_RR_TYPE_MX:
	case LDNS_RR_TYPE_SVCB:
	case LDNS_RR_TYPE_HTTPS:
		*offset = 2;		/* preference, priority */
		return 1;
	case LDNS_RR_TYPE_SRV:
		*offset = 6;		/* priority, weight, port */
		return 3;
	default:
		return -1;
	}
}

int
dl_rview_target(const struct dl_rview *v, char *buf)
{
	const ldns_rdf *t;
	size_t off, i;
	char *s;
	int field;

	if ((field = dl_rr_name_field(v->type, &off)) == -1)
		return 0;
	if (v->rr == NULL) {
		if (v->rd == NULL)
			return 0;
		/* libzscanner writes names uncompressed: check the labels. */
		for (i = off; i < v->rdlen && v->rd[i] != 0;
		    i += (size_t)v->rd[i] + 1)
			;
		if (i >= v->rdlen || i + 1 - off > 255)
			return 0;
		return wire_name_str(v->rd + off, i + 1 - off, buf) > 0;
	}
	if (ldns_rr_rd_count(v->rr) <= (size_t)field ||
	    ldns_rdf_get_type(t = ldns_rr_rdf(v->rr, (size_t)field)) !=
	    LDNS_RDF_TYPE_DNAME || (s = dl_name_str(t)) == NULL)
		return 0;
	snprintf(buf, DL_ZONE_NAME_BUF, "%s", s);
	free(s);
	return 1;
}

int
dl_rview_address(const struct dl_rview *v, uint8_t addr[16])
{
	const ldns_rdf *f;
	size_t n;

	if (v->type == LDNS_RR_TYPE_A)
		n = 4;
	else if (v->type == LDNS_RR_TYPE_AAAA)
		n = 16;
	else
		return 0;
	if (v->rr == NULL) {
		if (v->rd == NULL || v->rdlen != n)
			return 0;
		memcpy(addr, v->rd, n);
		return (int)n;
	}
	if (ldns_rr_rd_count(v->rr) < 1 ||
	    ldns_rdf_size(f = ldns_rr_rdf(v->rr, 0)) != n ||
	    ldns_rdf_get_type(f) != (n == 4 ? LDNS_RDF_TYPE_A :
	    LDNS_RDF_TYPE_AAAA))
		return 0;
	memcpy(addr, ldns_rdf_data(f), n);
	return (int)n;
}

