/*
 * zonefacts.c - a lean load's facts: every owner of the file and what
 * its records are, and the answers to the questions it did not store.
 */

#include "zone_impl.h"

struct facts *
facts_new(size_t len, size_t parts)
{
	struct facts *f;

	if ((f = aligned_alloc(64, sizeof(*f))) == NULL)
		return NULL;
	memset(f, 0, sizeof(*f));
	f->parts = parts < 1 ? 1 : parts > FACT_PARTS ? FACT_PARTS :
	    (unsigned)parts;
	if (parts > 0)
		return f;
	f->direct = 1;
	f->size = f->base[1] = len / 20 + 1024;
	if ((f->slot = dl_bigmem_table(f->size, sizeof(*f->slot),
	    &f->maplen)) == NULL) {
		free(f);
		return NULL;
	}
	/*
	 * A small one (not on huge pages) is written all over by a file a
	 * few times its size: faulted in by one call rather than page by
	 * page.
	 */
	if (f->size * sizeof(*f->slot) < DL_BIGMEM_TABLE)
		dl_bigmem_prefault(f->slot, f->size * sizeof(*f->slot));
	return f;
}

void
facts_free(struct facts *f)
{
	if (f != NULL) {
		dl_bigmem_free(f->slot, f->maplen);
		free(f);
	}
}

uint32_t
facts_find(const struct facts *f, uint64_t h)
{
	uint64_t tag = fact_tag(h), cur;
	unsigned p = fact_part(f, h);
	size_t i = fact_slot(f, h), k, len = f->base[p + 1] - f->base[p];

	for (k = 0; k < len && (cur = f->slot[i]) != 0; k++) {
		if (fact_tag(cur) == tag)
			return (uint32_t)(cur & FT_BITS);
		i = i + 1 == f->base[p + 1] ? f->base[p] : i + 1;
	}
	return 0;
}

struct ownlog *
ownlog_new(size_t len)
{
	struct ownlog *g;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->capchunks = len / 16 / (OWNLOG_CHUNK - 1) + FACT_PARTS + 1;
	if ((g->w = grow_table(NULL, 0, g->capchunks * OWNLOG_CHUNK,
	    sizeof(*g->w))) == NULL) {
		free(g);
		return NULL;
	}
	return g;
}

void
ownlog_free(struct ownlog *g)
{
	struct ownlog *next;

	for (; g != NULL; g = next) {
		next = g->next;
		free(g->w);
		free(g);
	}
}

int
ownlog_chunk(struct ownlog *g, unsigned p)
{
	uint64_t *c;
	size_t cap;

	if (g->nchunks == g->capchunks) {
		cap = g->capchunks * 2;
		if ((c = grow_table(g->w, g->nchunks * OWNLOG_CHUNK,
		    cap * OWNLOG_CHUNK, sizeof(*c))) == NULL)
			return -1;
		g->w = c;
		g->capchunks = cap;
	}
	c = g->w + g->nchunks * OWNLOG_CHUNK;
	c[0] = g->head[p];
	g->head[p] = (uint32_t)++g->nchunks;
	g->n[p] = 0;
	return 0;
}

/*
 * The words of part p in log g (not those after it), a chunk at a time,
 * the part's last first: *at 0 for the first; *n gets how many.  NULL
 * after the last.
 */
static const uint64_t *
ownlog_next(const struct ownlog *g, unsigned p, uint32_t *at, size_t *n)
{
	uint32_t ci = *at == 0 ? g->head[p] :
	    (uint32_t)g->w[(size_t)(*at - 1) * OWNLOG_CHUNK];

	if (ci == 0)
		return NULL;
	*n = *at == 0 ? g->n[p] : OWNLOG_CHUNK - 1;
	*at = ci;
	return g->w + (size_t)(ci - 1) * OWNLOG_CHUNK + 1;
}

int
ownlog_has(const struct ownlog *g, const struct facts *f, uint64_t h)
{
	const uint64_t *w;
	unsigned p = fact_part(f, h);
	uint32_t at = 0;
	size_t n, k;

	while ((w = ownlog_next(g, p, &at, &n)) != NULL)
		for (k = 0; k < n; k++)
			if (fact_tag(w[k]) == fact_tag(h))
				return 1;
	return 0;
}

/*
 * The owner's word w into the table at slot i or after (within the
 * region lo to end of its part, b's alone).  An owner met before (in
 * another run) is known whole when all its runs are stored, or none is
 * and they share no RRset (a TTL to compare) and no CNAME has data beside
 * it: what zone-integrity checks at a name.
 */
static void
fact_put(struct fbuild *b, uint64_t w, size_t i, size_t lo, size_t end)
{
	uint64_t *slot = b->f->slot, cur;
	uint32_t old, bits = (uint32_t)(w & FT_BITS);
	size_t k;

	for (k = 0; k < end - lo && k < FACT_PROBE; k++) {
		if ((cur = slot[i]) == 0) {
			slot[i] = w;
			return;
		}
		if (fact_tag(cur) == fact_tag(w)) {
			slot[i] = cur | bits;
			old = (uint32_t)(cur & FT_BITS);
			b->scattered = 1;
			if ((old & bits & FT_STORED) == 0 &&
			    ((old | bits) & FT_STORED ||
			    (old & bits & FT_SETS) != 0 ||
			    ((old | bits) & DL_NT_CNAME &&
			    (old | bits) & FT_OTHER)))
				b->again = 1;
			return;
		}
		if (++i == end)
			i = lo;
	}
	b->again = 1;
}

/*
 * The words w[0] to w[n - 1] of owners of the part lo to end put in the
 * table, FACT_BATCH at a time, their slots fetched first (a region's
 * first writes miss the cache).
 */
static void
fact_put_all(struct fbuild *b, const uint64_t *w, size_t n, size_t lo,
    size_t end)
{
	size_t at[FACT_BATCH], k, i, m;

	for (k = 0; k < n; k += m, w += m) {
		m = n - k < FACT_BATCH ? n - k : FACT_BATCH;
		for (i = 0; i < m; i++) {
			at[i] = fact_slot(b->f, w[i]);
			__builtin_prefetch(&b->f->slot[at[i]], 1);
		}
		for (i = 0; i < m; i++)
			fact_put(b, w[i], at[i], lo, end);
	}
}

/*
 * The table's parts of b's share built from the logs (dl_par_start()),
 * their slots faulted in first by one call (a slot read before it is
 * written maps the zero page, and the write after it faults again).
 */
static void
facts_build_parts(void *arg)
{
	struct fbuild *b = arg;
	const struct facts *f = b->f;
	const struct ownlog *g;
	const uint64_t *w;
	unsigned p;
	uint32_t at;
	size_t n;

	dl_bigmem_prefault(f->slot + f->base[b->first],
	    (f->base[b->end] - f->base[b->first]) * sizeof(*f->slot));
	for (p = b->first; p < b->end && !b->again; p++)
		for (g = b->logs; g != NULL; g = g->next)
			for (at = 0; (w = ownlog_next(g, p, &at, &n)) != NULL;)
				fact_put_all(b, w, n, f->base[p],
				    f->base[p + 1]);
}

/* A small file's queued owners put in its table.  0, or LEAN_AGAIN. */
static int
fact_flush(struct loader *L)
{
	fact_put_all(&L->fput, L->fq, L->nfq, 0, L->facts->size);
	L->nfq = 0;
	return L->fput.again ? LEAN_AGAIN : 0;
}

int
fact_queue(struct loader *L, uint64_t w)
{
	__builtin_prefetch(&L->facts->slot[fact_slot(L->facts, w)], 1);
	L->fq[L->nfq++] = w;
	return L->nfq < FACT_BATCH ? 0 : fact_flush(L);
}

int
facts_build(struct loader *L)
{
	struct facts *f = L->facts;
	struct fbuild b[2];
	struct dl_par par;
	const struct ownlog *g;
	size_t n, total = 0;
	unsigned p;

	if (f->direct) {
		if (fact_flush(L) != 0)
			return LEAN_AGAIN;
		if (L->fput.scattered)
			atomic_store(&f->scattered, 1);
		return L->fput.again || atomic_load(&f->bad) ? LEAN_AGAIN : 0;
	}
	for (p = 0; p < f->parts; p++) {
		for (n = 0, g = L->own; g != NULL; g = g->next)
			n += g->count[p];
		f->base[p] = total;
		total += n + n / 2 + 8;
	}
	f->base[f->parts] = total;
	f->size = total;
	if ((f->slot = dl_bigmem_table(total, sizeof(*f->slot),
	    &f->maplen)) == NULL)
		return load_nomem(L, NULL);
	memset(b, 0, sizeof(b));
	b[0].f = b[1].f = f;
	b[0].logs = b[1].logs = L->own;
	/* Each processor half the parts, and their half of the table. */
	b[0].end = b[1].first = f->parts / 2;
	b[1].end = f->parts;
	memset(&par, 0, sizeof(par));
	dl_par_start_n(&par, facts_build_parts, &b[1], f->parts > 1 ? total :
	    0);
	facts_build_parts(&b[0]);
	dl_par_join(&par);
	ownlog_free(L->own);
	L->own = NULL;
	if (b[0].scattered || b[1].scattered)
		atomic_store(&f->scattered, 1);
	return b[0].again || b[1].again || atomic_load(&f->bad) ?
	    LEAN_AGAIN : 0;
}

uint32_t
facts_get(const struct facts *f, const char *name, size_t len)
{
	uint8_t w[256];
	size_t wl;

	if ((wl = str_wire(name, len, w)) == 0)
		return 0;
	return facts_find(f, name_key(w, wl));
}

/* The name rel (n bytes of a wire name, the zone's left off) into out. */
static void
rel_name_str(const struct dl_zone *z, const uint8_t *rel, size_t n,
    char *out)
{
	uint8_t w[512];

	memcpy(w, rel, n);
	memcpy(w + n, z->owire, z->owlen);
	if (n + z->owlen > 255 || wire_name_str(w, n + z->owlen, out) == 0)
		out[0] = '\0';		/* no memory: no such name */
}

/* An entry of a lean load's log (tlog_add()), read. */
struct tent {
	uint8_t		 type;
	int		 known;		/* bits filled: tlog_answer(),
					   tlog_resolve() */
	uint8_t		 bits;		/* the target's facts: FT_BITS & 0xff */
	const uint8_t	*owner, *target;	/* without the zone's name */
	size_t		 ol, tl;
	size_t		 size;		/* of the entry */
};

static const uint8_t *
tent_read(const uint8_t *p, struct tent *e)
{
	e->type = p[0] & ~TLOG_KNOWN;
	e->known = (p[0] & TLOG_KNOWN) != 0;
	e->bits = p[1];
	e->ol = p[2];
	e->owner = p + 3;
	e->tl = p[3 + e->ol];
	e->target = p + 4 + e->ol;
	e->size = 4 + e->ol + e->tl;
	return p;
}

/* The log's entry at, read: at runs on into the second log. */
static const uint8_t *
tlog_at(const struct dl_zone *z, size_t at, struct tent *e)
{
	int k = at >= z->ntlog[0];

	return tent_read((const uint8_t *)z->tlog[k] + (k ? at - z->ntlog[0] :
	    at), e);
}

/* The key of an entry's target (name_key()). */
static uint64_t
tent_key(const struct dl_zone *z, const struct tent *e)
{
	uint8_t w[512];

	memcpy(w, e->target, e->tl);
	memcpy(w + e->tl, z->owire, z->owlen);
	return name_key(w, e->tl + z->owlen);
}

size_t
dl_zone_lean_targets(const struct dl_zone *z, size_t at,
    struct dl_zone_target *t)
{
	struct tent e;

	if (at >= z->ntlog[0] + z->ntlog[1])
		return 0;
	(void)tlog_at(z, at, &e);
	t->type = e.type;
	rel_name_str(z, e.owner, e.ol, t->owner);
	rel_name_str(z, e.target, e.tl, t->target);
	return at + e.size;
}

/* Part of a log whose entries' targets tlog_resolve() looks up. */
struct tpart {
	const struct dl_zone *z;
	uint8_t		*log;
	size_t		 n;
	int		 again;	/* those answered as it was read too */
};

/*
 * The facts of each target in a part of a log, into its entry: a batch
 * of lookups at a time, each slot fetched a few entries ahead.
 */
static void
tlog_resolve(void *arg)
{
	enum { AHEAD = 8 };
	const struct tpart *tp = arg;
	uint8_t *at[AHEAD], *p = tp->log, *end = tp->log + tp->n;
	uint64_t key[AHEAD];
	struct tent e;
	size_t i, k, n;

	for (i = 0, n = 0; i < n + AHEAD; i++) {
		k = i % AHEAD;
		if (i >= AHEAD) {
			at[k][1] = (uint8_t)facts_find(tp->z->facts, key[k]);
			at[k][0] |= TLOG_KNOWN;
		}
		/* The next entry not answered as the file was read. */
		while (p < end && tent_read(p, &e) != NULL && e.known &&
		    !tp->again)
			p += e.size;
		if (p < end) {
			at[k] = p;
			key[k] = tent_key(tp->z, &e);
			__builtin_prefetch(&tp->z->facts->slot[fact_slot(
			    tp->z->facts, key[k])]);
			p += e.size;
			n++;
		}
	}
}

/*
 * The targets of a lean load's log not answered as it was read looked up
 * once, the first time they are asked for (all of them when an owner is
 * in two runs): on both processors (each log, or each half of one).
 */
static void
lean_resolve(struct dl_zone *z)
{
	struct tpart a[2];
	struct dl_par par;
	struct tent e;
	size_t at = 0;
	uint8_t *p;

	memset(&par, 0, sizeof(par));
	a[0].z = a[1].z = z;
	/* An owner in two runs: an answer given as it was read may be
	   part of its owner's. */
	a[0].again = a[1].again = atomic_load(&z->facts->scattered);
	if (z->ntlog[1] > 0) {
		a[0].log = (uint8_t *)z->tlog[0];
		a[0].n = z->ntlog[0];
		a[1].log = (uint8_t *)z->tlog[1];
		a[1].n = z->ntlog[1];
	} else {
		/* One log: split at the entry past its middle. */
		p = (uint8_t *)z->tlog[0];
		while (at < z->ntlog[0] / 2) {
			(void)tent_read(p + at, &e);
			at += e.size;
		}
		a[0].log = p;
		a[0].n = at;
		a[1].log = p + at;
		a[1].n = z->ntlog[0] - at;
	}
	/* The log holds an entry a record at most. */
	dl_par_start_n(&par, tlog_resolve, &a[1], dl_zone_record_count(z));
	tlog_resolve(&a[0]);
	dl_par_join(&par);
}

size_t
dl_zone_lean_batch(const struct dl_zone *cz, size_t at,
    struct dl_zone_tinfo *ti, size_t max, size_t *next)
{
	struct dl_zone *z = (struct dl_zone *)(uintptr_t)cz;
	size_t n, end = z->ntlog[0] + z->ntlog[1];
	char name[NAME_BUF];
	struct tent e;

	*next = at;
	if (at >= end)
		return 0;	/* none left; none at all but in a lean load */
	(void)pthread_mutex_lock(&z->cache_lock);
	if (!z->tresolved && (z->topen > 0 ||
	    atomic_load(&z->facts->scattered)))
		lean_resolve(z);
	z->tresolved = 1;
	(void)pthread_mutex_unlock(&z->cache_lock);
	for (n = 0; n < max && at < end; n++, at += e.size) {
		(void)tlog_at(z, at, &e);
		/* Not answered as the file was read nor since: looked up. */
		if (!e.known)
			e.bits = (uint8_t)facts_find(z->facts, tent_key(z, &e));
		ti[n].at = at;
		ti[n].type = e.type;
		ti[n].o = ZNONE;
		ti[n].types = e.bits & FT_NT;
		/* A stored owner: its records are the answer. */
		if (e.bits & FT_STORED) {
			rel_name_str(z, e.target, e.tl, name);
			if ((ti[n].o = zone_lookup(z, name)) != ZNONE)
				ti[n].types = dl_zone_owner_types(z, ti[n].o);
		}
	}
	*next = at;
	return n;
}

