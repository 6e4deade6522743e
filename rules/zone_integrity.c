/*
 * zone-integrity: the zone after the change has no CNAME beside other
 * data or at the apex, at most one CNAME and one DNAME per name, nothing
 * below a DNAME, no NS or MX target that is a CNAME, glue for its in-zone
 * nameservers (of the apex and of every delegation: deleg_glue(),
 * untouched_glue()), and one TTL per RRset (the RRSIGs at a name are one RRset
 * per type they cover, RFC 4035 section 2.2); and no change of the plan
 * is occluded by a delegation.
 *
 * How much can be checked depends on where the live zone came from:
 * - a whole zone (a desired-zone plan, a transfer): everything;
 * - a zone file loaded for a hand-written plan: everything too.  The
 *   names the plan touches, whose records the load keeps whole
 *   (dl_engine_filter(): the apex, the changes' owners, the in-zone
 *   targets of new NS, MX, SRV and CNAME records), are walked as the
 *   change leaves them; every other name the plan leaves as it is, and
 *   untouched() reads it from the zone's index of every record (owner,
 *   type, TTL, wire RDATA), building an ldns_rr only to report one.  A
 *   problem there is the zone's today, not the plan's, and says so;
 * - the servers' answers: the RRsets that were asked; a problem seen
 *   there is reported, the rest is skipped.
 *
 * Two walks over the zone after the change (dl_after_view(): record
 * views, no ldns_rr built): the first gathers, per name and per RRset,
 * what is there; the second, only when the first found a problem,
 * reports each at the record that shows it, in zone-file order.  Names
 * are the zone's and the plan's owner strings (absolute, lower case) and
 * targets are read from wire RDATA, so nothing is allocated per record on
 * a whole zone but the tables.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "model.h"
#include "rule.h"

enum mode {
	M_WHOLE = 0,	/* every record of the zone */
	M_FILE,		/* a filtered zone file: F_LOADED names are whole */
	M_PARTIAL	/* answers: only the RRsets asked */
};

/* Flags of a name entry (type 0) and of an RRset entry. */
#define F_CNAME		0x01	/* the name has a CNAME */
#define F_OTHER		0x02	/* ... and data other than RRSIG, NSEC */
#define F_ADDR		0x04	/* ... and an A or AAAA record */
#define F_LOADED	0x08	/* every record at the name was kept */
#define F_SEEN		0x10	/* a record at the name was checked */
#define F_REPORTED	0x20	/* its problem was reported */
#define F_MULTI		0x40	/* a CNAME or DNAME RRset of several records */
#define F_DNAME		0x80	/* the name has a DNAME */
#define F_UNDER		0x100	/* ... is below such a name (reported once) */
#define F_DATA		0x200	/* ... has data beside NSEC3 and RRSIG */
#define F_MAPPED	0x400	/* a live zone's owner: in map, not slot */
#define F_ONE		0x800	/* one record yet: its key, TTL in the name */
#define F_NS		0x1000	/* ... has an NS record */

#define MAP_ONE		0x80000000u	/* in map: a record, no entry */

/* Is e in slot (a name the live zone does not have)? */
#define IN_SLOT(e)	((e)->type == 0 && !((e)->flags & F_MAPPED))

/*
 * A name (type 0), or an RRset of the name entry at index name: its type,
 * and for RRSIG the type covered.  An RRset's key (set_key()) is both.
 * A name's RRsets are a list from the name's entry (sets, next): a name
 * has few, and they are made next to it.
 */
struct ent {
	const char	*owner;		/* borrowed from a view, or owned */
	union {
		uint32_t hash;		/* a name in slot */
		uint32_t next;		/* an RRset: the name's next + 1 */
	};
	union {
		uint32_t name;		/* an RRset's name entry */
		uint32_t sets;		/* a name's first RRset + 1 */
	};
	uint16_t	type;		/* 0: the name itself */
	uint16_t	covered;	/* RRSIG: the type covered */
	uint16_t	flags;
	uint16_t	other;		/* a name's first type beside CNAME */
	uint32_t	ttl_min;	/* an RRset's TTLs; F_ONE: the key ... */
	uint32_t	ttl_max;	/* ... and TTL of the name's record */
};

struct ictx {
	const struct dl_ctx *ctx;
	struct dl_sink	*sink;
	enum mode	mode;
	const char	*apex;		/* the plan's zone */
	struct ent	*e;		/* entries, dense */
	size_t		n, cap;
	uint32_t	*slot;		/* index + 1; 0: empty */
	size_t		size;		/* a power of two */
	char		**owned;	/* names made for F_LOADED */
	size_t		n_owned;
	/* NS and MX records: the live zone's by index, the plan's views. */
	uint32_t	*tlive;
	size_t		n_tlive, cap_tlive;
	struct dl_rview	*tplan;
	size_t		n_tplan, cap_tplan;
	size_t		records;	/* records checked */
	size_t		problems;
	int		dry;		/* count problems, report nothing */
	int		nomem;
	int		dnames;		/* a name has a DNAME */
	int		untouched;	/* reporting at names the plan leaves */
	/*
	 * The name entries of the live zone's owners, by the zone's owner
	 * index (index + 1; 0: none yet): the zone has looked every owner
	 * up once already.  Other names and the RRsets are in slot.  Outside
	 * a filtered load, a name of one record so far has no entry but
	 * MAP_ONE | the record's index: the record says all the entry would
	 * (see gather()), and most names of a zone hold one record.
	 */
	uint32_t	*map;
	size_t		n_map;
	/*
	 * A bit per name_hash() of the names with a CNAME (F_CNAME): most
	 * NS and MX targets of a whole zone are no CNAME, and a clear bit
	 * says so without looking the name up in a table of millions.
	 */
	uint64_t	*cn;		/* CN_BITS bits, or NULL: none yet */
	uint8_t		*loaded;	/* M_FILE: owners kept whole (loaded_map()) */
	const char	**above;	/* names with names below (above_map()) */
	size_t		n_above, size_above;
	int		above_made;
	/*
	 * after_has()'s last name, its index in the live zone and its types
	 * there: a target is asked of several types in a row, and each
	 * look-up in a zone of millions misses the cache.
	 */
	char		last[DL_ZONE_NAME_BUF];
	uint32_t	last_o;
	unsigned	last_t;
};

#define CN_BITS		(1u << 22)	/* 512 KiB: stays in the cache */

/* Names are absolute and lower case (zone.h, plan.h). */
static uint32_t
name_hash(const char *name)
{
	return (uint32_t)dl_hash(0, name, strlen(name));
}

static int
name_eq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Note that name has a CNAME: 0, or -1 when out of memory. */
static int
cn_add(struct ictx *x, const char *name)
{
	uint32_t h = name_hash(name) & (CN_BITS - 1);

	if (x->cn == NULL && (x->cn = calloc(CN_BITS / 64,
	    sizeof(*x->cn))) == NULL)
		return -1;
	x->cn[h / 64] |= (uint64_t)1 << (h % 64);
	return 0;
}

/* May name have a CNAME?  0: it has none; 1: look it up. */
static int
cn_maybe(const struct ictx *x, const char *name)
{
	uint32_t h;

	if (x->cn == NULL)
		return 0;
	h = name_hash(name) & (CN_BITS - 1);
	return (x->cn[h / 64] >> (h % 64)) & 1;
}

/* Room for at least want entries without growing. */
static int
reserve(struct ictx *x, size_t want)
{
	struct ent *e;
	uint32_t *slot;
	size_t size, i, h;

	if (want > UINT32_MAX / 4)
		return -1;
	if (want > x->cap) {
		if ((e = dl_table_grow(x->e, x->n, want, sizeof(*e))) == NULL)
			return -1;
		x->e = e;
		x->cap = want;
	}
	for (size = x->size ? x->size : 1024; size < want * 2; size *= 2)
		;
	if (size == x->size)
		return 0;
	if ((slot = calloc(size, sizeof(*slot))) == NULL)
		return -1;
	for (i = 0; i < x->n; i++) {
		if (!IN_SLOT(&x->e[i]))
			continue;
		for (h = x->e[i].hash & (size - 1); slot[h] != 0;
		    h = (h + 1) & (size - 1))
			;
		slot[h] = (uint32_t)(i + 1);
	}
	free(x->slot);
	x->slot = slot;
	x->size = size;
	return 0;
}

/* Room for one more entry: 0, or -1 (nomem set). */
static int
room(struct ictx *x)
{
	if ((x->n == x->cap || (x->n + 1) * 2 > x->size) &&
	    reserve(x, x->n < 512 ? 1024 : x->n * 2) != 0) {
		x->nomem = 1;
		return -1;
	}
	return 0;
}

/*
 * The entry of the name owner, one the live zone does not have (see
 * find()); made when create is set (NULL and nomem set when that fails).
 * Entries move when the table grows: hold indexes, not pointers, across
 * a call that creates.
 */
static struct ent *
lookup(struct ictx *x, const char *owner, int create)
{
	uint32_t hash = name_hash(owner);
	struct ent *e;
	size_t h;

	for (h = x->size ? hash & (x->size - 1) : 0; x->size &&
	    x->slot[h] != 0; h = (h + 1) & (x->size - 1)) {
		e = &x->e[x->slot[h] - 1];
		if (e->hash == hash && name_eq(e->owner, owner))
			return e;
	}
	if (!create || room(x) != 0)
		return NULL;
	for (h = hash & (x->size - 1); x->slot[h] != 0;
	    h = (h + 1) & (x->size - 1))
		;
	e = &x->e[x->n];
	memset(e, 0, sizeof(*e));
	e->owner = owner;
	e->hash = hash;
	x->slot[h] = (uint32_t)(++x->n);
	return e;
}

/* The RRset whose key (set_key()) is key at the name entry name, as
   lookup(). */
static struct ent *
set_find(struct ictx *x, uint32_t name, uint32_t key, int create)
{
	uint16_t type = (uint16_t)(key & 0xffff), covered = (uint16_t)(key >> 16);
	struct ent *e;
	uint32_t i;

	for (i = x->e[name].sets; i != 0; i = x->e[i - 1].next) {
		e = &x->e[i - 1];
		if (e->type == type && e->covered == covered)
			return e;
	}
	if (!create || room(x) != 0)
		return NULL;
	e = &x->e[x->n];
	memset(e, 0, sizeof(*e));
	e->owner = x->e[name].owner;
	e->name = name;
	e->type = type;
	e->covered = covered;
	e->next = x->e[name].sets;
	x->e[name].sets = (uint32_t)(++x->n);
	return e;
}

/*
 * The key of v's RRset: its type, and for an RRSIG the type it covers in
 * the upper half.  A signed zone's SOA, DNSKEY and NSEC records may have
 * different TTLs, and so then do their signatures.
 */
static uint32_t
set_key(const struct dl_rview *v)
{
	return (uint32_t)v->type | (uint32_t)v->covered << 16;
}

/* Flag the name entry name for a record of type (gather()). */
static void
name_flags(struct ent *name, uint16_t type)
{
	name->flags |= F_SEEN;
	if (type == LDNS_RR_TYPE_CNAME)
		name->flags |= F_CNAME;
	else if (type != LDNS_RR_TYPE_RRSIG && type != LDNS_RR_TYPE_NSEC) {
		if (!(name->flags & F_OTHER))
			name->other = type;
		name->flags |= F_OTHER;
	}
	if (type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_AAAA)
		name->flags |= F_ADDR;
	if (type == LDNS_RR_TYPE_NS)
		name->flags |= F_NS;
	if (type == LDNS_RR_TYPE_DNAME)
		name->flags |= F_DNAME;
	if (type != LDNS_RR_TYPE_NSEC3 && type != LDNS_RR_TYPE_RRSIG)
		name->flags |= F_DATA;
}

/*
 * The name entry of the live zone's owner o, as find().  A name of one
 * record (MAP_ONE) gets its entry now, as gather() would have made it:
 * check() reserves room for an entry per name and one per RRset, so
 * this never moves the entries.
 */
static struct ent *
find_mapped(struct ictx *x, uint32_t o, int create)
{
	uint32_t m = x->map[o];
	struct dl_rview v;
	struct ent *e;

	if (m != 0 && !(m & MAP_ONE))
		return &x->e[m - 1];
	if (m == 0 && !create)
		return NULL;
	if (room(x) != 0)
		return NULL;
	e = &x->e[x->n];
	memset(e, 0, sizeof(*e));
	e->owner = dl_zone_owner_name(x->ctx->live, o);
	e->flags = F_MAPPED;
	if (m & MAP_ONE) {
		dl_zone_rec_view(x->ctx->live, m & ~MAP_ONE, &v);
		name_flags(e, v.type);
		e->flags |= F_ONE;
		e->ttl_min = (uint32_t)v.type | (uint32_t)v.covered << 16;
		e->ttl_max = v.ttl;
	}
	x->map[o] = (uint32_t)(++x->n);
	return e;
}

/*
 * The entry of the name owner; made when create is set (NULL and nomem
 * set when that fails).  As lookup(): hold indexes across a call that
 * creates.
 */
static struct ent *
find(struct ictx *x, const char *owner, int create)
{
	uint32_t o = dl_zone_owner_index(x->ctx->live, owner);

	if (o != DL_ZONE_NONE)
		return find_mapped(x, o, create);
	return lookup(x, owner, create);
}

/* The name entry of v's owner, as find(), without looking it up. */
static struct ent *
find_owner(struct ictx *x, const struct dl_rview *v, int create)
{
	if (v->zone == x->ctx->live && v->owner_idx != DL_ZONE_NONE)
		return find_mapped(x, v->owner_idx, create);
	return find(x, v->owner, create);
}

/* Is the record at owner one this run checks (see the modes)? */
static struct ent *
included(struct ictx *x, const struct dl_rview *v)
{
	struct ent *name;

	if (x->mode == M_FILE) {
		name = find_owner(x, v, 0);
		return name != NULL && (name->flags & F_LOADED) ? name : NULL;
	}
	return find_owner(x, v, 1);
}

/*
 * a (of *cap entries of size bytes, n used) with room for one more: a,
 * or where it moved; NULL when out of memory (a is kept).
 */
static void *
room_for(void *a, size_t n, size_t *cap, size_t size)
{
	void *grown;
	size_t c;

	if (n < *cap)
		return a;
	c = *cap ? *cap * 2 : 64;
	if ((grown = dl_table_grow(a, n, c, size)) != NULL)
		*cap = c;
	return grown;
}

/* Remember an NS or MX record whose target any_problem() checks. */
static int
add_target(struct ictx *x, const struct dl_rview *v)
{
	uint32_t *l;
	struct dl_rview *p;

	if (v->zone == x->ctx->live && v->rec != DL_ZONE_NONE) {
		if ((l = room_for(x->tlive, x->n_tlive, &x->cap_tlive,
		    sizeof(*l))) == NULL)
			return -1;
		x->tlive = l;
		x->tlive[x->n_tlive++] = v->rec;
		return 0;
	}
	if ((p = room_for(x->tplan, x->n_tplan, &x->cap_tplan,
	    sizeof(*p))) == NULL)
		return -1;
	x->tplan = p;
	x->tplan[x->n_tplan++] = *v;
	return 0;
}

/* A record of RRset key (set_key()) and TTL at the name entry name:
   0, or -1 when out of memory. */
static int
set_add(struct ictx *x, uint32_t name, uint32_t key, uint32_t ttl)
{
	uint16_t type = (uint16_t)(key & 0xffff);
	struct ent *set;

	if ((set = set_find(x, name, key, 1)) == NULL)
		return -1;
	if ((set->flags & F_SEEN) && (type == LDNS_RR_TYPE_CNAME ||
	    type == LDNS_RR_TYPE_DNAME))
		set->flags |= F_MULTI;
	if (!(set->flags & F_SEEN) || ttl < set->ttl_min)
		set->ttl_min = ttl;
	if (!(set->flags & F_SEEN) || ttl > set->ttl_max)
		set->ttl_max = ttl;
	set->flags |= F_SEEN;
	return 0;
}

/*
 * What the zone holds beside the name entries, for the record v: the
 * names with a CNAME (new_cname: v's name has none yet), whether any has
 * a DNAME, the NS and MX targets.  0, or nomem.
 */
static int
noted(struct ictx *x, const struct dl_rview *v, int new_cname)
{
	if (new_cname && cn_add(x, v->owner) != 0)
		return (x->nomem = 1);
	if (v->type == LDNS_RR_TYPE_DNAME)
		x->dnames = 1;
	if ((v->type == LDNS_RR_TYPE_NS || v->type == LDNS_RR_TYPE_MX) &&
	    add_target(x, v) != 0)
		return (x->nomem = 1);
	x->records++;
	return 0;
}

static int
gather(const struct dl_rview *v, struct dl_pos pos, void *arg)
{
	struct ictx *x = arg;
	ldns_rr_type type = (ldns_rr_type)v->type;
	struct ent *name;
	uint32_t ni;
	int cname;

	(void)pos;
	/* The first record of a live zone's name: the map holds it. */
	if (x->mode != M_FILE && type != 0 && v->zone == x->ctx->live &&
	    v->owner_idx != DL_ZONE_NONE && v->rec < MAP_ONE &&
	    x->map[v->owner_idx] == 0) {
		x->map[v->owner_idx] = MAP_ONE | v->rec;
		return noted(x, v, type == LDNS_RR_TYPE_CNAME);
	}
	/* A record the load kept for its target (a name the plan makes
	   an alias) is at a name untouched() walks. */
	if ((name = included(x, v)) == NULL)
		return x->nomem;
	/* The name entry may move when the table grows: flag it first. */
	cname = type == LDNS_RR_TYPE_CNAME && !(name->flags & F_CNAME);
	name_flags(name, (uint16_t)type);
	if (noted(x, v, cname) != 0)
		return x->nomem;
	/* Type 0 (reserved) has no RRset entry: key 0 is the name's. */
	if (type == 0)
		return 0;
	/*
	 * Most names hold one record, which cannot be an RRset with a
	 * problem: it waits in the name's entry (F_ONE) until a second
	 * comes, and only then do the two get RRset entries.
	 */
	if (!(name->flags & F_ONE) && name->sets == 0) {
		name->flags |= F_ONE;
		name->ttl_min = set_key(v);
		name->ttl_max = v->ttl;
		return 0;
	}
	/* set_add() may move the entries: the name by its index. */
	ni = (uint32_t)(name - x->e);
	if (name->flags & F_ONE) {
		name->flags &= (uint16_t)~F_ONE;
		if (set_add(x, ni, name->ttl_min, name->ttl_max) != 0)
			return x->nomem;
	}
	return set_add(x, ni, set_key(v), v->ttl) != 0 ? x->nomem : 0;
}

/* Does the plan change owner/type? */
static int
plan_changes(const struct dl_plan *p, const char *owner, ldns_rr_type type)
{
	size_t i;

	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == type &&
		    strcmp(p->changes[i].owner, owner) == 0)
			return 1;
	return 0;
}

/* Is all of owner/type after the change known?  -1: out of memory. */
static int
complete(struct ictx *x, const char *owner, ldns_rr_type type)
{
	struct ent *name;

	if (x->mode == M_WHOLE)
		return 1;
	if (x->mode == M_FILE) {
		name = find(x, owner, 0);
		return name != NULL && (name->flags & F_LOADED);
	}
	return plan_changes(x->ctx->plan, owner, type) ||
	    dl_zone_rrset_known(x->ctx->live, owner, type);
}

/* Is name the apex or below it? */
static int
in_zone(struct ictx *x, const char *name)
{
	return dl_name_in_zone(name, x->apex);
}

/* One problem, at the record v that shows it: msg is the message. */
static void
report(struct ictx *x, const struct dl_rview *v, struct dl_pos pos,
    const char *hint, const char *msg)
{
	char *subject;

	if (x->dry) {
		x->problems++;
		return;
	}
	if ((subject = dl_rrset_subject(v->owner, (ldns_rr_type)v->type)) ==
	    NULL) {
		x->nomem = 1;
		return;
	}
	dl_sink_finding(x->sink, DL_FAIL, subject, pos, DL_NO_TIME, hint,
	    "%s%s", msg, x->untouched ? " (already in the live zone, not "
	    "the plan's doing: the plan does not touch this name)" : "");
	free(subject);
	x->problems++;
}

/* An NS or MX record v whose in-zone target ts is a CNAME. */
static void
target_cname(struct ictx *x, const struct dl_rview *v, struct dl_pos pos,
    const char *ts)
{
	char msg[1400];

	snprintf(msg, sizeof(msg), "%s target %s is a CNAME",
	    v->type == LDNS_RR_TYPE_MX ? "MX" : "NS", ts);
	report(x, v, pos, "point it at the canonical name: resolvers "
	    "and mail servers need not follow the alias (RFC 2181 "
	    "section 10.3)", msg);
}

static int	deleg_glue(struct ictx *, const struct dl_rview *,
		    struct dl_pos, const char *);

/* An NS or MX record v: is its in-zone target a CNAME, has an apex NS
   glue, has a delegation's nameserver an address?  0, or -1 when out of
   memory. */
static int
check_target(struct ictx *x, const struct dl_rview *v, struct dl_pos pos)
{
	struct ent *name;
	char msg[DL_ZONE_NAME_BUF + 100], ts[DL_ZONE_NAME_BUF];
	int cname, a = 0, aaaa = 0, glue;

	if (!dl_rview_target(v, ts) || !in_zone(x, ts))
		return 0;
	glue = v->type == LDNS_RR_TYPE_NS && name_eq(v->owner, x->apex);
	/* Outside a filtered load, a target that is no CNAME and no glue
	   needs no look-up. */
	name = x->mode == M_FILE || glue || cn_maybe(x, ts) ?
	    find(x, ts, 0) : NULL;
	if (x->mode == M_FILE && (name == NULL ||
	    !(name->flags & F_LOADED))) {
		/* A name the walk did not hold: the zone knows its types. */
		unsigned t = dl_zone_name_types(x->ctx->live, ts);

		cname = (t & DL_NT_CNAME) != 0;
		a = !(t & DL_NT_A);
		aaaa = !(t & DL_NT_AAAA);
	} else {
		cname = name != NULL && (name->flags & F_CNAME);
		if (glue && (name == NULL || !(name->flags & F_ADDR))) {
			a = complete(x, ts, LDNS_RR_TYPE_A);
			aaaa = complete(x, ts, LDNS_RR_TYPE_AAAA);
		}
	}
	if (cname == -1 || a == -1 || aaaa == -1)
		return -1;
	if (cname)
		target_cname(x, v, pos, ts);
	if (v->type == LDNS_RR_TYPE_NS && !glue &&
	    deleg_glue(x, v, pos, ts) != 0)
		return -1;
	/* a and aaaa: known to be absent after the change. */
	if (glue && a && aaaa) {
		snprintf(msg, sizeof(msg), "no address (A or AAAA) for "
		    "the in-zone nameserver %s", ts);
		report(x, v, pos, "add its A or AAAA records: without "
		    "them no resolver can reach it", msg);
	}
	return 0;
}

/*
 * The name after the first label of name (after its first unescaped
 * dot): "example.com." for "www.example.com.", "" for "com.", NULL for
 * the root "." and "".
 */
static const char *
next_label(const char *name)
{
	const char *p;

	if (name[0] == '\0' || strcmp(name, ".") == 0)
		return NULL;
	for (p = name; *p != '\0' && *p != '.'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	return *p == '.' ? p + 1 : NULL;
}

/*
 * The highest name strictly above owner, at or below the apex, that has a
 * DNAME, or NULL (also when out of memory: x->nomem).  Only asked when the
 * zone has a DNAME.
 */
static struct ent *
dname_above(struct ictx *x, const char *owner)
{
	size_t z = strlen(x->apex);
	const char *a;
	struct ent *e, *found = NULL;

	if (!in_zone(x, owner))
		return NULL;
	/* The suffixes of owner are names too: each one's entry. */
	for (a = next_label(owner); a != NULL && strlen(a) >= z;
	    a = next_label(a))
		if ((e = find(x, a, 0)) != NULL && (e->flags & F_DNAME))
			found = e;
	return found;
}

/*
 * A record below a DNAME (RFC 6672 section 2.3: none may be there):
 * resolvers are redirected at the DNAME and never see it.  Once per name;
 * names of NSEC3 records (and their RRSIGs) only are the zone's own.
 */
/* Record v at o is below the DNAME at t. */
static void
under_dname(struct ictx *x, const struct dl_rview *v, struct dl_pos pos,
    const char *o, const char *t)
{
	char msg[2400];

	snprintf(msg, sizeof(msg), "%s is below the DNAME at %s: "
	    "resolvers are redirected there and never see it", o, t);
	report(x, v, pos, "remove the records below the DNAME, or "
	    "the DNAME (RFC 6672 section 2.3)", msg);
}

static void
below_dname(struct ictx *x, struct ent *name, const struct dl_rview *v,
    struct dl_pos pos)
{
	struct ent *d;

	if ((name->flags & F_UNDER) || !(name->flags & F_DATA) ||
	    (d = dname_above(x, v->owner)) == NULL)
		return;
	name->flags |= F_UNDER;
	under_dname(x, v, pos, v->owner, d->owner);
}

/*
 * A CNAME or DNAME RRset of several records (F_MULTI), at its first: a
 * name is an alias of one name (RFC 1034 section 3.6.2; RFC 2181 section
 * 10.1.1), and a DNAME redirects to one (RFC 6672 section 2.4).  Records
 * that are the same (as the set merges them: case aside) are one.
 */
static void
several(struct ictx *x, struct ent *set, const struct dl_rview *v,
    struct dl_pos pos)
{
	ldns_rr_type type = (ldns_rr_type)v->type;
	const char *o = v->owner;
	ldns_rr_list *l;
	char *t, msg[600];
	size_t i;
	int known;

	set->flags |= F_REPORTED;
	l = dl_after_rrset(x->ctx->plan, x->ctx->live, o, type, &known);
	if (l == NULL) {
		x->nomem = 1;
		return;
	}
	for (i = 1; i < ldns_rr_list_rr_count(l); i++)
		if (ldns_rr_rd_count(ldns_rr_list_rr(l, i)) != 1 ||
		    ldns_rr_rd_count(ldns_rr_list_rr(l, 0)) != 1 ||
		    ldns_dname_compare(ldns_rr_rdf(ldns_rr_list_rr(l, i), 0),
		    ldns_rr_rdf(ldns_rr_list_rr(l, 0), 0)) != 0)
			break;
	if (i < ldns_rr_list_rr_count(l)) {
		if ((t = dl_rdata_text(l)) == NULL)
			x->nomem = 1;
		else {
			snprintf(msg, sizeof(msg), "%s has %zu %s records (%s)",
			    o, ldns_rr_list_rr_count(l), type ==
			    LDNS_RR_TYPE_CNAME ? "CNAME" : "DNAME", t);
			report(x, v, pos, type == LDNS_RR_TYPE_CNAME ?
			    "keep one: a name is an alias of exactly one "
			    "other name (RFC 1034 section 3.6.2)" :
			    "keep one: a name redirects its subtree to "
			    "exactly one other (RFC 6672 section 2.4)", msg);
		}
		free(t);
	}
	ldns_rr_list_free(l);
}

/* The CNAME v shares its name with data of type other. */
static void
cname_other(struct ictx *x, const struct dl_rview *v, struct dl_pos pos,
    uint16_t other)
{
	char msg[1400], *t;

	t = ldns_rr_type2str(other);
	if (t != NULL) {
		snprintf(msg, sizeof(msg), "%s has a CNAME and other data (%s)",
		    v->owner, t);
		report(x, v, pos, "a CNAME must be alone at its name (RFC "
		    "1034 section 3.6.2): keep the alias or the other records, "
		    "not both", msg);
	} else
		x->nomem = 1;
	free(t);
}

/* The RRset of v has TTLs from min to max. */
static void
mixed_ttl(struct ictx *x, const struct dl_rview *v, struct dl_pos pos,
    uint32_t min,
    uint32_t max)
{
	char msg[100];

	snprintf(msg, sizeof(msg), "its records have different TTLs (%u to %u)",
	    min, max);
	report(x, v, pos, "give every record of the RRset the same TTL (RFC "
	    "2181 section 5.2)", msg);
}

static int
verify(const struct dl_rview *v, struct dl_pos pos, void *arg)
{
	struct ictx *x = arg;
	ldns_rr_type type = (ldns_rr_type)v->type;
	struct ent *name, *set;

	if (x->mode == M_FILE) {
		if ((name = included(x, v)) == NULL)
			return x->nomem;
	} else if ((name = find_owner(x, v, 0)) == NULL)
		return 0;
	if (type == LDNS_RR_TYPE_CNAME && !(name->flags & F_REPORTED) &&
	    name_eq(v->owner, x->apex)) {
		name->flags |= F_REPORTED;
		report(x, v, pos, "the apex needs its SOA and NS records: "
		    "use A and AAAA records there (or the provider's ALIAS)",
		    "CNAME at the zone apex, beside the SOA and NS records");
	} else if (type == LDNS_RR_TYPE_CNAME &&
	    !(name->flags & F_REPORTED) && (name->flags & F_OTHER)) {
		name->flags |= F_REPORTED;
		cname_other(x, v, pos, name->other);
	}
	if ((type == LDNS_RR_TYPE_NS || type == LDNS_RR_TYPE_MX) &&
	    check_target(x, v, pos) != 0)
		x->nomem = 1;
	if (x->dnames)
		below_dname(x, name, v, pos);
	set = type == 0 ? NULL : set_find(x, (uint32_t)(name - x->e),
	    set_key(v), 0);
	if (set != NULL && (set->flags & F_MULTI) && !(set->flags & F_REPORTED))
		several(x, set, v, pos);
	if (set != NULL && set->ttl_min != set->ttl_max &&
	    !(set->flags & F_REPORTED)) {
		set->flags |= F_REPORTED;
		mixed_ttl(x, v, pos, set->ttl_min, set->ttl_max);
	}
	return x->nomem;
}

/*
 * After the first walk: is there any problem to report?  A clean zone, the
 * common case, then needs no second walk.  Returns 1, 0, or -1 when out
 * of memory.
 */
static int
any_problem(struct ictx *x)
{
	struct dl_pos none = { 0, 0, NULL };
	struct dl_rview v;
	struct ent *one;
	size_t i;

	x->dry = 1;
	for (i = 0; i < x->n && x->problems == 0; i++) {
		const struct ent *e = &x->e[i];

		if (e->type == 0 && (e->flags & F_CNAME) &&
		    ((e->flags & F_OTHER) || name_eq(e->owner, x->apex)))
			x->problems++;
		else if (e->type != 0 && (e->ttl_min != e->ttl_max ||
		    (e->flags & F_MULTI)))
			x->problems++;
		else if (x->dnames && e->type == 0 && (e->flags & F_SEEN) &&
		    (e->flags & F_DATA) && dname_above(x, e->owner) != NULL)
			x->problems++;
	}
	/* The names of one record: below a DNAME? */
	for (i = 0; x->dnames && i < x->n_map && x->problems == 0 &&
	    !x->nomem; i++)
		if ((x->map[i] & MAP_ONE) && (one = find_mapped(x,
		    (uint32_t)i, 0)) != NULL && (one->flags & F_DATA) &&
		    dname_above(x, one->owner) != NULL)
			x->problems++;
	if (x->nomem) {
		x->dry = 0;
		return -1;
	}
	for (i = 0; i < x->n_tlive + x->n_tplan && x->problems == 0; i++) {
		if (i < x->n_tlive)
			dl_zone_rec_view(x->ctx->live, x->tlive[i], &v);
		if (check_target(x, i < x->n_tlive ? &v :
		    &x->tplan[i - x->n_tlive], none) != 0) {
			x->dry = 0;
			return -1;
		}
	}
	x->dry = 0;
	i = x->problems;
	x->problems = 0;
	return i > 0;
}

/* A record at a name the plan leaves: untouched() sorts them by RRset. */
struct urec {
	uint32_t	r;		/* index in the live zone */
	uint32_t	key;		/* type | covered << 16, as set_key() */
	uint32_t	ttl;
	unsigned	line;
};

static int
urec_cmp(const void *a, const void *b)
{
	const struct urec *p = a, *q = b;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return p->r < q->r ? -1 : p->r > q->r;
}

/* Record r of the live zone as a view, and where it is. */
static const struct dl_rview *
urec_view(struct ictx *x, const struct urec *u, struct dl_rview *v,
    struct dl_pos *pos)
{
	pos->line = u->line;
	pos->column = 0;
	pos->file = u->line > 0 ? dl_zone_rec_file(x->ctx->live, u->r) :
	    NULL;
	dl_zone_rec_view(x->ctx->live, u->r, v);
	return v;
}

static int
is_loaded(const uint8_t *loaded, uint32_t o)
{
	return o != DL_ZONE_NONE && (loaded[o / 8] & (1u << (o % 8)));
}

/*
 * Does the plan touch name (one the first walk holds whole, or one only
 * the plan makes)?  A problem that comes from such a name may be the
 * plan's doing.
 */
static int
touches(struct ictx *x, const uint8_t *loaded, const char *name)
{
	uint32_t o = dl_zone_owner_index(x->ctx->live, name);

	return is_loaded(loaded, o) || (o == DL_ZONE_NONE &&
	    !dl_zone_has_name(x->ctx->live, name));
}

/*
 * Has name type after the change?  At a name the plan touches (or one
 * only the plan makes) the first walk's entry says, and in a whole zone
 * at every name; else the live zone's index, which the plan leaves as it
 * is.  -1: out of memory.
 */
static int
after_has(struct ictx *x, const uint8_t *loaded, const char *name,
    uint16_t flag, uint16_t type)
{
	const struct dl_zone *z = x->ctx->live;
	struct ent *e;
	uint32_t o;
	unsigned t;

	/* touches() and find(), without looking the name up twice. */
	if (x->mode == M_WHOLE) {
		o = dl_zone_owner_index(z, name);
		t = 0;
	} else if (strcmp(name, x->last) == 0) {
		o = x->last_o;
		t = x->last_t;
	} else {
		o = dl_zone_owner_index(z, name);
		t = o != DL_ZONE_NONE ? dl_zone_owner_types(z, o) :
		    dl_zone_name_types(z, name);
		if (strlen(name) < sizeof(x->last)) {
			memcpy(x->last, name, strlen(name) + 1);
			x->last_o = o;
			x->last_t = t;
		}
	}
	if (t != 0 && !is_loaded(loaded, o))
		return (t & dl_nt_bit(type)) != 0;
	e = o != DL_ZONE_NONE ? find_mapped(x, o, 0) : lookup(x, name, 0);
	return e != NULL && (e->flags & flag);
}

/*
 * The highest name strictly above name, at or below the apex, with a
 * DNAME after the change, into out; 0 when none, -1 when out of memory.
 */
static int
untouched_dname(struct ictx *x, const uint8_t *loaded, const char *name,
    char *out, size_t size)
{
	const char *origin = x->ctx->plan->zone, *a = name, *p;
	int found = 0, h;

	while (strcmp(a, origin) != 0 && (p = strchr(a, '.')) != NULL) {
		a = p[1] != '\0' ? p + 1 : ".";
		if (!dl_name_in_zone(a, origin))
			break;
		if ((h = after_has(x, loaded, a, F_DNAME,
		    LDNS_RR_TYPE_DNAME)) == -1)
			return -1;
		if (h) {
			snprintf(out, size, "%s", a);
			found = 1;
		}
	}
	return found;
}

/*
 * The owners a filtered zone-file load kept whole (the names the plan
 * touches), as a bitmap over the zone's owners: made once, freed with
 * the context.  NULL when out of memory.
 */
static const uint8_t *
loaded_map(struct ictx *x)
{
	const struct dl_zone *z = x->ctx->live;
	uint32_t o;
	size_t i;

	if (x->loaded != NULL)
		return x->loaded;
	if ((x->loaded = calloc(dl_zone_owner_count(z) / 8 + 1, 1)) == NULL)
		return NULL;
	for (i = 0; i < x->n_owned; i++)
		if ((o = dl_zone_owner_index(z, x->owned[i])) != DL_ZONE_NONE)
			x->loaded[o / 8] |= (uint8_t)(1u << (o % 8));
	return x->loaded;
}

/*
 * The name one label above name (absolute, presentation form; an escaped
 * dot is no label end), or NULL above the root.
 */
static const char *
label_up(const char *name)
{
	const char *p;

	if (strcmp(name, ".") == 0)
		return NULL;
	for (p = name; *p != '\0' && *p != '.'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	if (*p == '\0')
		return NULL;
	return p[1] != '\0' ? p + 1 : ".";
}

/*
 * Must the nameserver t of the NS RRset at d, a name below the apex, have
 * an address (A or AAAA) in the zone after the change?  As kzonecheck's
 * semantic check has it (and RFC 9471): not when d is below a zone cut
 * itself (its NS records are occluded, no delegation), when t is outside
 * the zone, or when t is at or below another delegation (its address is
 * that child zone's; sibling glue is optional, RFC 9471 section 2.2);
 * yes when t is at or below d (*below set: only glue leads there) or is
 * a name this zone answers for (an empty one too).  An address a
 * wildcard would give does not count.  1, 0, or -1 when out of memory.
 */
static int
needs_glue(struct ictx *x, const uint8_t *loaded, const char *d,
    const char *t, int *below)
{
	const char *origin = x->ctx->plan->zone, *a, *cut = NULL;
	int h;

	*below = 0;
	if (!dl_name_in_zone(t, origin))
		return 0;
	for (a = label_up(d); a != NULL && strcmp(a, origin) != 0 &&
	    dl_name_in_zone(a, origin); a = label_up(a))
		if ((h = after_has(x, loaded, a, F_NS, LDNS_RR_TYPE_NS)) != 0)
			return h == 1 ? 0 : -1;
	/* The highest cut at or above t (d is one: the callers' NS record
	   is there after the change). */
	for (a = t; a != NULL && strcmp(a, origin) != 0; a = label_up(a)) {
		if ((h = strcmp(a, d) == 0 ? 1 : after_has(x, loaded, a, F_NS,
		    LDNS_RR_TYPE_NS)) == -1)
			return -1;
		if (h)
			cut = a;
	}
	if (cut == NULL)
		return 1;
	*below = strcmp(cut, d) == 0;
	return *below;
}

/* Has t an A or AAAA record after the change?  1, 0 or -1. */
static int
has_address(struct ictx *x, const uint8_t *loaded, const char *t)
{
	int h;

	if ((h = after_has(x, loaded, t, F_ADDR, LDNS_RR_TYPE_A)) != 0)
		return h;
	return after_has(x, loaded, t, F_ADDR, LDNS_RR_TYPE_AAAA);
}

/* The slot of name in tab (size a power of two), or the empty one. */
static size_t
above_slot(const char **tab, size_t size, const char *name)
{
	size_t h = (size_t)dl_hash(0, name, strlen(name));

	for (h &= size - 1; tab[h] != NULL && strcmp(tab[h], name) != 0;
	    h = (h + 1) & (size - 1))
		;
	return h;
}

/*
 * Add the names above name, below the apex, to the set: up to the first
 * already there.  0, or -1 when out of memory.
 */
static int
above_add(struct ictx *x, const char *name)
{
	const char *origin = x->ctx->plan->zone, *a, **grow;
	size_t i, size;

	for (a = label_up(name); a != NULL && strcmp(a, origin) != 0 &&
	    dl_name_in_zone(a, origin); a = label_up(a)) {
		if (x->above[above_slot(x->above, x->size_above, a)] != NULL)
			break;
		if ((x->n_above + 1) * 2 > x->size_above) {
			size = x->size_above * 2;
			if ((grow = calloc(size, sizeof(*grow))) == NULL)
				return -1;
			for (i = 0; i < x->size_above; i++)
				if (x->above[i] != NULL)
					grow[above_slot(grow, size,
					    x->above[i])] = x->above[i];
			free(x->above);
			x->above = grow;
			x->size_above = size;
		}
		x->above[above_slot(x->above, x->size_above, a)] = a;
		x->n_above++;
	}
	return 0;
}

/*
 * Is name, which has no records, a name with names below it (an empty
 * non-terminal) in the zone after the change?  The set is made once, of
 * the names above every owner of the file and of the plan (names are
 * borrowed from the zone and the plan).  1, 0, or -1 when out of memory.
 */
static int
above_map(struct ictx *x, const char *name)
{
	const struct dl_zone *z = x->ctx->live;
	const struct dl_plan *p = x->ctx->plan;
	size_t i;

	/* A lean load holds some owners of the file: not the names above
	   the others (the check is run again on the whole index). */
	dl_zone_lean_miss(z);
	if (!x->above_made) {
		x->above_made = 1;
		x->size_above = 64;
		if ((x->above = calloc(x->size_above,
		    sizeof(*x->above))) == NULL)
			return -1;
		for (i = 0; i < dl_zone_owner_count(z); i++)
			if (above_add(x, dl_zone_owner_name(z,
			    (uint32_t)i)) != 0)
				return -1;
		for (i = 0; i < p->n_changes; i++)
			if (p->changes[i].to != NULL &&
			    above_add(x, p->changes[i].owner) != 0)
				return -1;
	}
	if (x->above == NULL)
		return -1;
	return x->above[above_slot(x->above, x->size_above, name)] != NULL;
}

/* Does name exist after the change (records, or names below)?  1, 0, -1. */
static int
exists(struct ictx *x, const uint8_t *loaded, const char *name)
{
	uint32_t o = dl_zone_owner_index(x->ctx->live, name);
	struct ent *e;

	if (x->mode != M_WHOLE && ((o != DL_ZONE_NONE &&
	    !is_loaded(loaded, o)) || (o == DL_ZONE_NONE &&
	    dl_zone_has_name(x->ctx->live, name))))
		return 1;
	e = o != DL_ZONE_NONE ? find_mapped(x, o, 0) : lookup(x, name, 0);
	if (e != NULL && (e->flags & F_SEEN))
		return 1;
	return above_map(x, name);
}

/*
 * Can a resolver find an address for t in the zone after the change: an
 * A or AAAA record at t, or, when t does not exist, at the wildcard of
 * its closest encloser (RFC 4592; kzonecheck counts that too).  1, 0,
 * or -1 when out of memory.
 */
static int
addressed(struct ictx *x, const uint8_t *loaded, const char *t)
{
	char w[DL_ZONE_NAME_BUF + 2];
	const char *a;
	int h;

	if ((h = has_address(x, loaded, t)) != 0)
		return h;
	if ((h = exists(x, loaded, t)) != 0)
		return h == 1 ? 0 : -1;
	for (a = label_up(t); a != NULL &&
	    dl_name_in_zone(a, x->ctx->plan->zone); a = label_up(a)) {
		snprintf(w, sizeof(w), "*.%s", a);
		if ((h = exists(x, loaded, w)) == 1)
			return has_address(x, loaded, w);
		if (h == -1 || (h = exists(x, loaded, a)) != 0)
			return h == 1 ? 0 : -1;
	}
	return 0;
}

/*
 * Is record r of the live zone (DL_ZONE_NONE: the plan's) the first NS
 * record at d that names t?  The same record written twice (in two
 * $INCLUDEd files) is one, and is reported once.
 */
static int
first_naming(struct ictx *x, const char *d, const char *t, uint32_t r)
{
	const struct dl_zone *z = x->ctx->live;
	char buf[DL_ZONE_NAME_BUF];
	struct dl_zone_rec ri;
	uint32_t o, i;

	/* The plan's own records: its RRset is not the file's. */
	if (plan_changes(x->ctx->plan, d, LDNS_RR_TYPE_NS) ||
	    (o = dl_zone_owner_index(z, d)) == DL_ZONE_NONE)
		return 1;
	for (i = dl_zone_owner_first(z, o); i != DL_ZONE_NONE;
	    i = dl_zone_rec_next(z, i)) {
		dl_zone_rec_info(z, i, &ri);
		if (ri.type == LDNS_RR_TYPE_NS && dl_zone_rec_target(z, i, buf) &&
		    strcmp(buf, t) == 0)
			return r == DL_ZONE_NONE || i == r;
	}
	return 1;
}

/*
 * The NS record v of the delegation d names t, which needs an address
 * and has none (needs_glue()).
 */
static void
glue_missing(struct ictx *x, const struct dl_rview *v, struct dl_pos pos,
    const char *d, const char *t, int below)
{
	char msg[2400], hint[1400];

	if (!x->dry && !first_naming(x, d, t, v->rec))
		return;
	if (below) {
		snprintf(msg, sizeof(msg), "the delegation %s has no glue: no "
		    "address (A or AAAA) for its nameserver %s, which is at "
		    "or below the zone cut", d, t);
		snprintf(hint, sizeof(hint), "add A or AAAA records for %s: "
		    "resolvers can reach it only through the addresses the "
		    "referral carries (RFC 9471)", t);
	} else {
		snprintf(msg, sizeof(msg), "the delegation %s names the "
		    "in-zone nameserver %s, which has no address (A or AAAA)",
		    d, t);
		snprintf(hint, sizeof(hint), "add A or AAAA records for %s, "
		    "or name a nameserver that has them: without them no "
		    "resolver can reach it", t);
	}
	report(x, v, pos, hint, msg);
}

/*
 * The NS record v (at a name below the apex, which the walks hold) and
 * its target ts: report missing glue.  0, or -1 when out of memory.
 */
static int
deleg_glue(struct ictx *x, const struct dl_rview *v, struct dl_pos pos,
    const char *ts)
{
	const uint8_t *loaded = NULL;
	int need, below, h = 1;

	/* Servers' answers: the addresses were not all asked. */
	if (x->mode == M_PARTIAL)
		return 0;
	if (x->mode == M_FILE && (loaded = loaded_map(x)) == NULL)
		return -1;
	if ((need = needs_glue(x, loaded, v->owner, ts, &below)) == 1 &&
	    (h = addressed(x, loaded, ts)) == 0)
		glue_missing(x, v, pos, v->owner, ts, below);
	return need == -1 || h == -1 ? -1 : 0;
}

/*
 * The NS record u at d, a name the plan does not touch (untouched()):
 * report missing glue, as the plan's doing when it touches the target.
 * 0, or -1 when out of memory.
 */
static int
untouched_glue(struct ictx *x, const uint8_t *loaded, const struct urec *u,
    const char *d)
{
	const struct dl_plan *p = x->ctx->plan;
	char ts[DL_ZONE_NAME_BUF];
	struct dl_rview view;
	struct dl_pos pos;
	uint32_t o;
	size_t i;
	int need, below, h, doing = 0;

	if (strcmp(d, p->zone) == 0 ||
	    !dl_zone_rec_target(x->ctx->live, u->r, ts))
		return 0;
	if ((need = needs_glue(x, loaded, d, ts, &below)) != 1)
		return need;
	if ((h = addressed(x, loaded, ts)) != 0)
		return h == 1 ? 0 : -1;
	(void)urec_view(x, u, &view, &pos);
	/* The plan's doing when it touches the target (a name of the
	   file, or one only the plan names). */
	if ((o = dl_zone_owner_index(x->ctx->live, ts)) != DL_ZONE_NONE)
		doing = is_loaded(loaded, o);
	for (i = 0; o == DL_ZONE_NONE && i < p->n_changes && !doing; i++)
		doing = strcmp(p->changes[i].owner, ts) == 0;
	x->untouched = !doing;
	glue_missing(x, &view, pos, d, ts, below);
	x->untouched = 1;
	return x->nomem ? -1 : 0;
}

/*
 * The in-zone targets of the NS and MX records at the names untouched()
 * walks, in its order, looked up in the live zone at once
 * (dl_zone_names_types()): untouched() then finds each in after_has()'s
 * memory.  names point into buf (offsets while it grows).
 */
struct targets {
	char		*buf;
	size_t		 used, cap;
	size_t		*at;
	const char	**names;
	uint32_t	*o;
	unsigned	*t;
	size_t		 n, cap_n, next;
};

static void
targets_free(struct targets *tg)
{
	free(tg->buf);
	free(tg->at);
	free(tg->names);
	free(tg->o);
	free(tg->t);
}

/* Fill tg (zeroed); 0, or -1 when out of memory. */
static int
targets_get(struct ictx *x, const uint8_t *loaded, struct targets *tg)
{
	const struct dl_zone *z = x->ctx->live;
	char ts[DL_ZONE_NAME_BUF];
	size_t no = dl_zone_owner_count(z), len, i;
	uint32_t o, r;
	void *p;

	for (o = 0; o < no; o++) {
		if (is_loaded(loaded, o))
			continue;
		for (r = dl_zone_owner_first(z, o); r != DL_ZONE_NONE;
		    r = dl_zone_rec_next(z, r)) {
			if (!dl_zone_rec_target(z, r, ts) ||
			    !dl_name_in_zone(ts, x->ctx->plan->zone))
				continue;
			len = strlen(ts) + 1;
			if (tg->cap - tg->used < len) {
				while (tg->cap - tg->used < len)
					tg->cap = tg->cap ? tg->cap * 2 : 65536;
				if ((p = realloc(tg->buf, tg->cap)) == NULL)
					return -1;
				tg->buf = p;
			}
			if ((p = room_for(tg->at, tg->n, &tg->cap_n,
			    sizeof(*tg->at))) == NULL)
				return -1;
			tg->at = p;
			memcpy(tg->buf + tg->used, ts, len);
			tg->at[tg->n++] = tg->used;
			tg->used += len;
		}
	}
	if ((tg->names = calloc(tg->n + 1, sizeof(*tg->names))) == NULL ||
	    (tg->o = calloc(tg->n + 1, sizeof(*tg->o))) == NULL ||
	    (tg->t = calloc(tg->n + 1, sizeof(*tg->t))) == NULL)
		return -1;
	for (i = 0; i < tg->n; i++)
		tg->names[i] = tg->buf + tg->at[i];
	dl_zone_names_types(z, tg->names, tg->n, tg->o, tg->t);
	return 0;
}

/* The next target, ts, into after_has()'s memory.  Returns 1. */
static int
targets_next(struct ictx *x, struct targets *tg, const char *ts)
{
	if (tg->next < tg->n && strcmp(tg->names[tg->next], ts) == 0) {
		memcpy(x->last, ts, strlen(ts) + 1);
		x->last_o = tg->o[tg->next];
		x->last_t = tg->t[tg->next];
	}
	tg->next++;
	return 1;
}

/*
 * A lean load's NS and MX records at the owners it did not store
 * (dl_zone_lean_targets()): the checks untouched() makes of such a
 * record, answered from what the zone knows of every name.  A problem
 * is left to the check run again on the whole index
 * (dl_zone_lean_miss()): the record is not here to show.  0, or -1 when
 * out of memory.
 */
static int
lean_targets(struct ictx *x, const uint8_t *loaded)
{
	enum { BATCH = 256 };
	const struct dl_zone *z = x->ctx->live;
	struct dl_zone_tinfo ti[BATCH];
	struct dl_zone_target *t;
	size_t at = 0, n, i;
	int h = 0, below;

	if ((t = malloc(sizeof(*t))) == NULL)
		return -1;
	while (h == 0 && (n = dl_zone_lean_batch(z, at, ti, BATCH, &at)) > 0)
		for (i = 0; i < n && h == 0; i++) {
			/*
			 * A target the plan leaves, no CNAME, with an address:
			 * nothing to find, whatever glue it needs.
			 */
			if (!is_loaded(loaded, ti[i].o) && (ti[i].types &
			    (DL_NT_A | DL_NT_AAAA)) != 0 && (ti[i].types &
			    DL_NT_CNAME) == 0)
				continue;
			(void)dl_zone_lean_targets(z, ti[i].at, t);
			if (strlen(t->target) < sizeof(x->last)) {
				memcpy(x->last, t->target,
				    strlen(t->target) + 1);
				x->last_o = ti[i].o;
				x->last_t = ti[i].types;
			}
			/* An NS or MX target that is a CNAME; missing glue. */
			if ((h = after_has(x, loaded, t->target, F_CNAME,
			    LDNS_RR_TYPE_CNAME)) != 0 ||
			    t->type != LDNS_RR_TYPE_NS)
				continue;
			if ((h = needs_glue(x, loaded, t->owner, t->target,
			    &below)) == 1 && (h = addressed(x, loaded,
			    t->target)) != -1)
				h = !h;
		}
	free(t);
	if (h == 1)
		dl_zone_lean_miss(z);
	return h == -1 ? -1 : 0;
}

/*
 * The names of a zone file the plan does not touch (a filtered load):
 * the plan leaves them as they are, so the zone's index of every record
 * is what they hold after the change.  Read from the index (owner,
 * type, TTL), building a record only to report it.  A problem there is
 * the zone's today, and its message says the plan does not touch it.
 * Returns 0 or -1 when out of memory.
 */
static int
untouched(struct ictx *x)
{
	const struct dl_zone *z = x->ctx->live;
	const char *origin = x->ctx->plan->zone;
	size_t no = dl_zone_owner_count(z), n, cap = 0, i, j;
	struct urec *u = NULL, *grow;
	struct dl_zone_rec ri;
	struct dl_pos pos;
	struct ent dummy;
	struct dl_rview view;
	const struct dl_rview *rr;
	const uint8_t *loaded;
	uint32_t o, r, lo, hi;
	uint16_t other;
	char ts[DL_ZONE_NAME_BUF];
	size_t cname, data;
	int dnames = x->dnames, h, multi;
	struct targets tg;

	memset(&tg, 0, sizeof(tg));
	if ((loaded = loaded_map(x)) == NULL || targets_get(x, loaded,
	    &tg) != 0 || lean_targets(x, loaded) != 0) {
		targets_free(&tg);
		return -1;
	}
	x->untouched = 1;
	for (o = 0; o < no && !x->nomem; o++) {
		if (is_loaded(loaded, o))
			continue;
		n = 0;
		cname = data = SIZE_MAX;
		other = 0;
		for (r = dl_zone_owner_first(z, o); r != DL_ZONE_NONE &&
		    !x->nomem; r = dl_zone_rec_next(z, r)) {
			dl_zone_rec_info(z, r, &ri);
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((grow = reallocarray(u, cap,
				    sizeof(*u))) == NULL) {
					x->nomem = 1;
					break;
				}
				u = grow;
			}
			u[n].r = r;
			u[n].key = ri.type | (uint32_t)ri.covered << 16;
			u[n].ttl = ri.ttl;
			u[n].line = ri.line;
			if (ri.type == LDNS_RR_TYPE_CNAME && cname == SIZE_MAX)
				cname = n;
			else if (ri.type != LDNS_RR_TYPE_CNAME &&
			    ri.type != LDNS_RR_TYPE_RRSIG &&
			    ri.type != LDNS_RR_TYPE_NSEC && other == 0)
				other = ri.type;
			if (ri.type == LDNS_RR_TYPE_DNAME)
				dnames = 1;
			if (ri.type != LDNS_RR_TYPE_NSEC3 &&
			    ri.type != LDNS_RR_TYPE_RRSIG && data == SIZE_MAX)
				data = n;
			/* NS and MX targets, in file order (looked up). */
			if (dl_zone_rec_target(z, r, ts) &&
			    dl_name_in_zone(ts, origin) &&
			    targets_next(x, &tg, ts) &&
			    (h = after_has(x, loaded, ts, F_CNAME,
			    LDNS_RR_TYPE_CNAME)) != 0) {
				if (h == -1)
					x->nomem = 1;
				else {
					x->untouched = !touches(x, loaded, ts);
					target_cname(x, urec_view(x, &u[n],
					    &view, &pos), pos, ts);
					x->untouched = 1;
				}
			}
			if (ri.type == LDNS_RR_TYPE_NS &&
			    untouched_glue(x, loaded, &u[n],
			    dl_zone_owner_name(z, o)) != 0)
				x->nomem = 1;
			n++;
		}
		if (x->nomem)
			break;
		if (cname != SIZE_MAX && other != 0)
			cname_other(x, urec_view(x, &u[cname], &view, &pos),
			    pos, other);
		if (n > 1)
			qsort(u, n, sizeof(*u), urec_cmp);
		for (i = 0; i < n && !x->nomem; i = j) {
			lo = hi = u[i].ttl;
			for (j = i + 1; j < n && u[j].key == u[i].key; j++) {
				lo = u[j].ttl < lo ? u[j].ttl : lo;
				hi = u[j].ttl > hi ? u[j].ttl : hi;
			}
			multi = j - i > 1 && (u[i].key == LDNS_RR_TYPE_CNAME ||
			    u[i].key == LDNS_RR_TYPE_DNAME);
			/* Type 0 (reserved) is no RRset (see gather()). */
			if (u[i].key == 0 || (!multi && lo == hi))
				continue;
			rr = urec_view(x, &u[i], &view, &pos);
			if (multi) {
				memset(&dummy, 0, sizeof(dummy));
				several(x, &dummy, rr, pos);
			}
			if (lo != hi)
				mixed_ttl(x, rr, pos, lo, hi);
		}
	}
	/* Below a DNAME: only a zone with one has anything there; a lean
	   load has none, and walks only the owners it stored. */
	if (dnames)
		dl_zone_lean_miss(z);
	for (o = 0; dnames && o < no && !x->nomem; o++) {
		if (is_loaded(loaded, o))
			continue;
		for (r = dl_zone_owner_first(z, o); r != DL_ZONE_NONE;
		    r = dl_zone_rec_next(z, r)) {
			dl_zone_rec_info(z, r, &ri);
			if (ri.type != LDNS_RR_TYPE_NSEC3 &&
			    ri.type != LDNS_RR_TYPE_RRSIG)
				break;
		}
		if (r == DL_ZONE_NONE)
			continue;
		h = untouched_dname(x, loaded, dl_zone_owner_name(z, o), ts,
		    sizeof(ts));
		if (h == -1)
			x->nomem = 1;
		else if (h == 1) {
			struct urec one = { r, ri.type, ri.ttl, ri.line };

			/* A DNAME the plan adds: the plan's doing. */
			x->untouched = !touches(x, loaded, ts);
			under_dname(x, urec_view(x, &one, &view, &pos), pos,
			    dl_zone_owner_name(z, o), ts);
			x->untouched = 1;
		}
	}
	x->untouched = 0;
	free(u);
	targets_free(&tg);
	return x->nomem ? -1 : 0;
}

/* Mark the names a filtered zone-file load kept whole. */
static int
mark_loaded(struct ictx *x)
{
	struct dl_plan_filter pf;
	struct ent *e;
	size_t i, n;

	if (dl_engine_filter(x->ctx->plan, &pf) != 0)
		return -1;
	if ((x->owned = calloc(pf.filter.n_owners + 1,
	    sizeof(*x->owned))) == NULL) {
		dl_engine_filter_free(&pf);
		return -1;
	}
	for (i = 0; i < pf.filter.n_owners; i++) {
		char *r = strdup(pf.filter.owners[i]);

		if (r == NULL)
			break;
		x->owned[x->n_owned++] = r;
		if ((e = find(x, r, 1)) == NULL)
			break;
		e->flags |= F_LOADED;
	}
	n = pf.filter.n_owners;
	dl_engine_filter_free(&pf);
	return i == n ? 0 : -1;
}

/*
 * The NS RRset at a (below the apex) after the change, as a new list
 * (ldns_rr_list_free()); empty when none or not known; NULL when out of
 * memory.  nsc are the plan's NS changes below the apex: few, so a walk
 * over them stays linear in the plan where dl_after_rrset() would not.
 */
static ldns_rr_list *
ns_after(struct ictx *x, const struct dl_change **nsc, size_t n_nsc,
    const char *a)
{
	const struct dl_zone *live = x->ctx->live;
	ldns_rr_list *l;
	size_t i, j;

	for (i = 0; i < n_nsc; i++) {
		if (strcmp(nsc[i]->owner, a) != 0)
			continue;
		if ((l = ldns_rr_list_new()) == NULL)
			return NULL;
		for (j = 0; nsc[i]->to != NULL &&
		    j < ldns_rr_list_rr_count(nsc[i]->to); j++)
			if (!ldns_rr_list_push_rr(l,
			    ldns_rr_list_rr(nsc[i]->to, j))) {
				ldns_rr_list_free(l);
				return NULL;
			}
		return l;
	}
	if (!dl_zone_rrset_known(live, a, LDNS_RR_TYPE_NS))
		return ldns_rr_list_new();
	return dl_zone_rrset(live, a, LDNS_RR_TYPE_NS);
}

/*
 * A change at or below a delegation of the zone after the change (an NS
 * RRset at a name below the apex) is occluded (RFC 2181 section 6):
 * resolvers get a referral there and never see it.  The delegation's own
 * NS, DS, RRSIG and NSEC records and the glue its NS records name are
 * the parent's.  The highest cut is named.  The ancestors' records are
 * loaded whole (dl_engine_filter()); an NS RRset not known (servers'
 * answers) is no cut.  Reports each; returns how many, or -1 when out of
 * memory.
 */
static int
occluded(struct ictx *x)
{
	const struct dl_plan *p = x->ctx->plan;
	const struct dl_change **nsc;
	size_t i, n_nsc = 0, zlen = strlen(p->zone);
	int n = 0;

	if ((nsc = calloc(p->n_changes + 1, sizeof(*nsc))) == NULL)
		return -1;
	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == LDNS_RR_TYPE_NS &&
		    strcmp(p->changes[i].owner, p->zone) != 0)
			nsc[n_nsc++] = &p->changes[i];
	for (i = 0; i < p->n_changes && n >= 0; i++) {
		const struct dl_change *c = &p->changes[i];
		const char *a, *cut = NULL;
		ldns_rr_list *ns = NULL, *l;
		char *subj, *text, *hint;

		/* Removing occluded data is cleaning up, not a change. */
		if (c->delete)
			continue;
		for (a = c->owner; strlen(a) > zlen &&
		    dl_name_in_zone(a, p->zone); a = strchr(a, '.') + 1) {
			if (a == c->owner && (c->type == LDNS_RR_TYPE_NS ||
			    c->type == LDNS_RR_TYPE_DS ||
			    c->type == LDNS_RR_TYPE_RRSIG ||
			    c->type == LDNS_RR_TYPE_NSEC))
				continue;
			if ((l = ns_after(x, nsc, n_nsc, a)) == NULL) {
				n = -1;
				break;
			}
			if (ldns_rr_list_rr_count(l) == 0) {
				ldns_rr_list_free(l);
				continue;
			}
			ldns_rr_list_free(ns);
			ns = l;
			cut = a;
		}
		if (n < 0 || cut == NULL) {
			ldns_rr_list_free(ns);
			continue;
		}
		if ((c->type == LDNS_RR_TYPE_A ||
		    c->type == LDNS_RR_TYPE_AAAA) && dl_ns_names(ns, c->owner)) {
			ldns_rr_list_free(ns);
			continue;
		}
		subj = dl_rrset_subject(c->owner, c->type);
		text = dl_rdata_text(ns);
		ldns_rr_list_free(ns);
		if (subj == NULL || text == NULL || asprintf(&hint, "make the "
		    "change in the zone %s on its own servers, or remove the "
		    "delegation in the same plan", cut) == -1) {
			free(subj);
			free(text);
			n = -1;
			break;
		}
		dl_sink_finding(x->sink, DL_FAIL, subj, c->pos, DL_NO_TIME,
		    hint, "the change is %s the zone cut at %s (NS %s): "
		    "resolvers ask the child zone's servers and never see it",
		    cut == c->owner ? "at" : "below", cut, text);
		free(hint);
		free(subj);
		free(text);
		n++;
	}
	free(nsc);
	return n;
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	struct dl_pos none = { 0, 0, NULL };
	struct ictx x;
	size_t i, n, names = 0;
	int rc, found, occ;

	(void)set;
	if (ctx->live == NULL) {
		dl_sink_finding(sink, DL_UNKNOWN, p->zone, none, DL_NO_TIME,
		    NULL, "the live zone could not be loaded");
		return;
	}
	if (dl_sink_after_unknown(sink, ctx))
		return;
	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.sink = sink;
	if (dl_zone_is_whole(ctx->live))
		x.mode = M_WHOLE;
	else
		x.mode = ctx->net != NULL || dl_ctx_plan_only(ctx) ?
		    M_PARTIAL : M_FILE;
	/* About a name and an RRset per record: grow once, not a thousand
	   times, on a whole zone. */
	n = dl_zone_kept_count(ctx->live) + 16;
	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].to != NULL)
			n += ldns_rr_list_rr_count(p->changes[i].to);
	occ = occluded(&x);
	rc = -1;
	if (occ >= 0 && reserve(&x, n * 2) == 0 &&
	    (x.map = dl_table_grow(NULL, 0, (x.n_map =
	    dl_zone_owner_count(ctx->live)) + 1, sizeof(*x.map))) != NULL &&
	    memset(x.map, 0, (x.n_map + 1) * sizeof(*x.map)) != NULL &&
	    (x.apex = p->zone) != NULL &&
	    (x.mode != M_FILE || mark_loaded(&x) == 0) &&
	    dl_after_view(p, ctx->live, gather, &x) == 0 && !x.nomem &&
	    (found = any_problem(&x)) != -1 &&
	    (found == 0 || (dl_after_view(p, ctx->live, verify, &x) == 0 &&
	    !x.nomem)) && (x.mode != M_FILE || untouched(&x) == 0))
		rc = 0;
	if (occ > 0)
		x.problems += (size_t)occ;
	for (i = 0; i < x.n; i++)
		if (x.e[i].type == 0 && (x.e[i].flags & F_SEEN))
			names++;
	if (rc != 0)
		dl_sink_finding(sink, DL_UNKNOWN, p->zone, none, DL_NO_TIME,
		    NULL, "out of memory");
	else if (x.mode == M_PARTIAL)
		dl_sink_finding(sink, DL_SKIP, p->zone, none, DL_NO_TIME,
		    dl_ctx_plan_only(ctx) ? DL_PLAN_ONLY_HINT :
		    "use --zone-file or --axfr", "needs the whole zone: only "
		    "the %zu records fetched were checked", x.records);
	else if (x.problems > 0)
		;
	else if (x.mode == M_WHOLE)
		dl_sink_finding(sink, DL_PASS, p->zone, none, DL_NO_TIME, NULL,
		    "%zu records checked: no CNAME conflict, NS or MX target "
		    "that is a CNAME, missing glue or mixed TTLs", x.records);
	else
		/* The other names were read from the zone's index. */
		dl_sink_finding(sink, DL_PASS, p->zone, none, DL_NO_TIME, NULL,
		    "%zu records checked, the %zu names the plan touches as "
		    "the change leaves them: no CNAME conflict, NS or MX "
		    "target that is a CNAME, missing glue or mixed TTLs",
		    dl_zone_record_count(ctx->live), names);
	for (i = 0; i < x.n_owned; i++)
		free(x.owned[i]);
	free(x.owned);
	free(x.loaded);
	free(x.above);
	free(x.map);
	free(x.cn);
	free(x.tlive);
	free(x.tplan);
	free(x.e);
	free(x.slot);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_NS },
	{ DL_NEED_CHANGED, 0 },
	{ DL_NEED_ENCLOSERS, 0 },
	{ DL_NEED_TARGETS, LDNS_RR_TYPE_NS },
	{ DL_NEED_TARGETS, LDNS_RR_TYPE_MX },
	{ DL_NEED_TARGETS, LDNS_RR_TYPE_SRV },
	{ DL_NEED_TARGETS, LDNS_RR_TYPE_CNAME },
	{ DL_NEED_ALIAS_MENTIONS, 0 },
};

const struct dl_rule dl_rule_zone_integrity = {
	.id = "zone-integrity",
	.severity = DL_SEV_ERROR,
	.summary = "the zone after the change has no CNAME conflict, NS or "
	    "MX target that is a CNAME, missing glue or mixed TTLs",
	.explain =
	"Some zones are broken before the change, and some changes break\n"
	"them; either way the zone after the change must be one that\n"
	"servers load and resolvers use as meant.  This rule checks it for:\n"
	"\n"
	"  - a CNAME beside other data at the same name (RRSIG and NSEC\n"
	"    aside): servers refuse the zone or answer one or the other\n"
	"    (RFC 1034 section 3.6.2, RFC 2181 section 10.1);\n"
	"  - a CNAME at the zone apex, which always has SOA and NS records;\n"
	"  - more than one CNAME or DNAME record at a name: a name is an\n"
	"    alias of one name (RFC 1034 section 3.6.2) and redirects its\n"
	"    subtree to one (RFC 6672 section 2.4); the same record written\n"
	"    twice is one;\n"
	"  - a record below a DNAME (RFC 6672 section 2.3): resolvers are\n"
	"    redirected at the DNAME and never see it (NSEC3 records, the\n"
	"    zone's own, aside);\n"
	"  - an NS or MX record whose in-zone target is a CNAME (RFC 2181\n"
	"    section 10.3, RFC 5321 section 5.1);\n"
	"  - an in-zone nameserver of the apex NS set without an A or AAAA\n"
	"    record (its glue): nobody can reach it;\n"
	"  - a delegation (an NS RRset below the apex) whose nameserver is\n"
	"    at or below the zone cut without glue, or is another name of\n"
	"    the zone without an A or AAAA record (RFC 9471; the rule\n"
	"    kzonecheck applies).  A nameserver outside the zone, or at or\n"
	"    below another delegation, needs none here; the address of a\n"
	"    wildcard counts for a name that does not exist;\n"
	"  - an RRset whose records have different TTLs (RFC 2181 section\n"
	"    5.2): resolvers treat the lowest as the TTL of all.  The\n"
	"    RRSIGs at a name are one RRset per type they cover (RFC 4035\n"
	"    section 2.2): a signed zone's SOA, DNSKEY and NSEC records\n"
	"    may have different TTLs, and so their signatures;\n"
	"  - a change at or below a delegation of the zone (an NS RRset\n"
	"    below the apex): resolvers get a referral there and never\n"
	"    see it (RFC 2181 section 6).  The delegation's NS and DS\n"
	"    records and the glue its NS records name are not occluded.\n"
	"\n"
	"One finding per problem, at the record that shows it.  A whole zone\n"
	"(a desired-zone plan, a zone transfer, a zone file read for a\n"
	"hand-written plan) is checked throughout: the names the plan\n"
	"touches as the change leaves them, every other name as it is.  A\n"
	"problem at a name the plan does not touch fails too (the zone as\n"
	"it is is broken there), and its message says so.  With the\n"
	"servers' answers only the RRsets fetched are checked, problems\n"
	"there are reported, and the rest is skipped.\n"
	"\n"
	"Fix: remove the conflicting records, point NS and MX records at\n"
	"canonical names, add the nameservers' addresses, give each RRset\n"
	"one TTL.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"  - { name: www, type: CNAME, to: [lb.example.net.] }  "
	"# www has no other data\n",
	.bad =
	"  - { name: www, type: CNAME, to: [lb.example.net.] }  "
	"# www still has an A record\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.flags = DL_RULE_NO_MODEL,
	.check = check,
};
