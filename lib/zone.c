/*
 * zone.c - streaming master-file loader.
 *
 * ldns's own loader spends most of a big zone in malloc, and even
 * ldns_rr_new_frm_str() costs about a microsecond a record, so this module
 * tokenizes the file itself and hands ldns only the records the filter
 * keeps.  Every record is still checked for structure, so a broken file is
 * an error whatever the filter says.
 *
 * Decisions (BIND's behaviour where it has one):
 * - TTL: an explicit TTL wins; else $TTL if one was seen; else the last
 *   explicitly stated TTL.  When the very first record has no TTL and no
 *   $TTL came before it, an SOA takes its MINIMUM field, which then acts
 *   as $TTL (BIND does this, with a warning); any other record is an error
 *   ("no TTL specified; zone rejected" in BIND).  $TTL stays in force
 *   across $INCLUDE and after it.  Other servers differ: NSD and Knot
 *   give a record without a TTL and no $TTL 3600, and go back after an
 *   $INCLUDE to the $TTL before it.  Where they differ, the largest TTL
 *   any of BIND, NSD and Knot would serve is read (caches may hold
 *   that), and dl_zone_ttl_note() says so.
 * - A TTL above 2147483647 is an error (ldns would wrap it silently).
 * - A record whose owner is not at or below the zone origin is an error,
 *   as in BIND; so is an SOA anywhere but the apex, and a second SOA that
 *   differs from the first (the same one again is merged).
 * - $INCLUDE FILE [ORIGIN]: FILE is relative to the including file's
 *   folder and must resolve (symbolic links followed) below that folder;
 *   absolute paths are refused; at most 4 levels of nesting.  The included
 *   file starts with ORIGIN (relative to the current origin) or the
 *   current origin, and the current owner; both are restored afterwards
 *   (RFC 1035 section 5.1).
 * - Quoted strings end at the end of the line, as in BIND; a quote only
 *   opens a string at the start of a token.
 * - Line numbers in errors and in dl_zone_*_line() are the first physical
 *   line of the record, in the file the record is in.
 *
 * mallopt(): ldns_rr_new_frm_str() allocates and frees large scratch
 * buffers per record, and glibc gives the top of the heap back each time.
 * Loading a whole 1M-record zone made 16,000 brk calls and took 2.7-4.2 s;
 * with M_TRIM_THRESHOLD 64 MiB and M_TOP_PAD 16 MiB it made 19 and took
 * 2.4-2.5 s.  A filtered load parses a handful of records and gains
 * nothing, so only whole-zone loads set it (once, for the process: this is
 * a short-lived command).
 */

#include <sys/mman.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "error.h"
#include "file.h"
#include "octodns.h"
#include "zone.h"

/* NSD's and Knot's TTL for a record without one and no $TTL. */
#define NSD_KNOT_TTL	3600
/* Why a TTL was raised to what other servers serve (loader ttl_why). */
#define TTL_NO_DTTL	0x1	/* no $TTL: BIND's rule, not 3600 */
#define TTL_INCLUDE	0x2	/* a $TTL set in an $INCLUDE file */

#define BUF_INIT	(256 * 1024)
#define LINE_MAX_LEN	65536		/* longest physical line */
#define REC_MAX		(1024 * 1024)	/* longest logical record */
#define INCLUDE_MAX	4		/* $INCLUDE nesting */
/*
 * $INCLUDE in all, per load: a few small files that each include the
 * next many times would otherwise make billions of records.
 */
#define INCLUDE_FILES_MAX 1000		/* files included */
#define INCLUDE_BYTES_MAX (256 * 1024 * 1024)	/* bytes read from them */
#define TTL_MAX		2147483647u
#define NAME_BUF	1100		/* presentation name with \DDD escapes */
#define SUBJECT_MAX	120		/* quoted record text in messages */
#define ZNONE		UINT32_MAX
#define SIG_BITS	16384		/* owner filter signature bitmap */
#define ARENA_MAX	(32 * 1024 * 1024)	/* largest arena chunk */
#define HUGE_PAGE	(2 * 1024 * 1024)

/* isdigit(3) is a call through the locale table: this is the hot path. */
#define DIGIT(c)	((unsigned)((unsigned char)(c) - '0') < 10)

/* Token flags. */
#define T_QUOTED	0x01
#define T_ESC		0x02

/* Character classes for the tokenizer. */
#define C_SPACE		0x01
#define C_DELIM		0x02		/* ends an unquoted token */
#define C_NAME		0x04		/* may continue a host name or address */
#define C_TSTOP		0x08		/* stops the scan of an unquoted token */
#define C_QSTOP		0x10		/* stops the scan of a quoted string */

struct tok {
	const char	*p;
	size_t		 len;
	int		 flags;
};

/* One open file, with its read buffer. */
struct src {
	const char	*path;		/* for messages */
	char		*dir;		/* folder that $INCLUDE is relative to */
	int		 fd;
	int		 eof;
	int		 depth;		/* $INCLUDE nesting, 0 for the zone file */
	char		*buf;
	size_t		 cap, pos, end;
	unsigned	 line;		/* line number at buf[pos] */
};

/* Kept records and owners, kept small: a whole zone has millions. */
struct zrec {
	ldns_rr		*rr;
	uint32_t	 next;		/* next kept record at that owner */
	uint32_t	 owner;		/* index into owners */
	unsigned	 line;
	uint16_t	 type;
	uint8_t		 in_arena;	/* rr lives in the arena: not freed */
	uint8_t		 first;		/* first of its RRset (mark_first()) */
};

struct zowner {
	const char	*name;		/* in the zone's string arena */
	uint32_t	 len;
	uint32_t	 hash;
	uint32_t	 first, last;	/* records at this owner, file order */
	ldns_rdf	*rdf;		/* the name, in the arena, once needed */
};

/* The hash is in the slot so a miss does not touch the owner. */
struct zslot {
	uint32_t	 idx;		/* owner index + 1; 0 is empty */
	uint32_t	 hash;
};

/* An RRset a partial zone has an answer for (possibly empty). */
struct zknown {
	char		*owner;
	uint16_t	 type;
};

struct chunk {
	struct chunk	*next;
	size_t		 used, cap;
	char		 data[];	/* 8-aligned: after two size_t */
};

struct dl_zone {
	char		*file;
	char		*origin;
	char		*ttl_note;	/* dl_zone_ttl_note() */
	int		 whole;
	size_t		 count;		/* every record in the file */
	struct zrec	*recs;
	size_t		 nrecs, caprecs;
	struct zowner	*owners;
	size_t		 nowners, capowners;
	struct zslot	*tab;
	size_t		 tabsize;	/* a power of two */
	struct chunk	*arena;
	uint32_t	 soa;		/* index into recs, ZNONE */
	int		 partial;	/* built from answers: see known */
	struct zknown	*known;		/* RRsets answered, when partial */
	size_t		 nknown, capknown;
	/* known by owner and type: open addressing, index + 1, 0 empty */
	size_t		*kidx;
	size_t		 kidx_size;	/* a power of two */
	uint32_t	 addidx;	/* dl_zone_add()'s owner cache */
	char		*addowner;
	/* A filtered load: the owners whose every record was kept, sorted. */
	size_t		 nmarked;	/* records mark_first() has seen */
	char		**kept;
	size_t		 nkept;
};

struct mention {
	char		*s;		/* lower case */
	size_t		 len;
	size_t		 core;		/* length without a trailing dot */
	int		 name;		/* absolute name: relative tokens may hit */
	int		 v6;
	unsigned char	 a6[16];
};

struct ownerset {
	char		**keys;		/* NULL is empty */
	size_t		*lens;
	uint64_t	*hashes;
	uint64_t	 sig[SIG_BITS / 64]; /* label_sig() of first labels */
	size_t		 size;		/* a power of two, or 0 */
};

struct tcache {
	char		 name[16];
	size_t		 len;
	uint16_t	 type;
};

struct loader {
	struct dl_zone	*z;
	struct dl_error	*err;
	const char	*zorigin;
	size_t		 zolen;
	int		 whole;
	struct ownerset	 owners;
	struct mention	*mentions;
	size_t		 nmentions;
	int		 any_v6;		/* an IPv6 address among them */

	char		 origin[NAME_BUF];	/* current $ORIGIN */
	size_t		 olen;
	ldns_rdf	*origin_rdf;		/* made when first needed */
	char		 owner[NAME_BUF];	/* current owner */
	size_t		 ownlen;
	int		 have_owner;
	/*
	 * Most owners are plain names relative to an origin inside the zone:
	 * such a record, when dropped, needs no absolute owner, so only its
	 * text is kept (raw) and owner[] is made when something needs it.
	 */
	int		 raw;
	char		 rawtxt[256];
	size_t		 rawlen;
	unsigned	 rawsig;		/* label_sig() of its first label */
	int		 origin_in_zone;
	int		 quiet;			/* no error messages */
	uint64_t	 ownhash;
	uint32_t	 ownidx;		/* interned owner or ZNONE */

	int		 have_dttl;		/* $TTL seen */
	uint32_t	 dttl;
	int		 have_lttl;		/* a TTL was stated */
	uint32_t	 lttl;
	/*
	 * Where servers differ on a record without a TTL (the BIND rule
	 * above is what dttl and lttl follow): dttl_soa, dttl is the SOA
	 * MINIMUM BIND took, NSD and Knot use 3600; have_outer, dttl came
	 * from an $INCLUDE file, NSD and Knot use outer_dttl (3600 when
	 * !outer_set) after it.
	 */
	int		 dttl_soa;
	int		 have_outer;
	int		 outer_set;
	uint32_t	 outer_dttl;
	size_t		 ttl_raised;		/* records read with another */
	unsigned	 ttl_raised_line;	/* the first's */
	char		*ttl_raised_file;	/* ... in this file */
	unsigned	 ttl_why;		/* TTL_NO_DTTL | TTL_INCLUDE */

	unsigned	 includes;		/* $INCLUDE files opened */
	const struct dl_zone_reader *reader;	/* NULL: the file system */
	uint64_t	 inc_bytes;		/* bytes read from them */

	int		 have_soa;
	unsigned	 soa_line;
	char		*soa_file;

	/* The record being looked at. */
	struct tok	*tok;
	size_t		 ntok, captok;
	unsigned	 first_line;
	int		 blank_owner;

	char		*line;			/* text handed to ldns */
	size_t		 linecap;
	struct tcache	 tcache[64];
};

static unsigned char ctab[256];
static unsigned char lc[256];
static unsigned char uc[256];
static unsigned char nametab[256];	/* for owner_fast() */
#define N_CHAR		1
#define N_DOT		2

/*
 * DNS case is ASCII only, whatever the locale.  Filled on first use; the
 * library is single-threaded and the writes are the same every time.
 */
static void
tables_init(void)
{
	static int done;
	int c;

	if (done)
		return;
	for (c = 0; c < 256; c++) {
		lc[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		uc[c] = (unsigned char)(c >= 'a' && c <= 'z' ? c - 32 : c);
		if (c > 0x20 && c < 0x7f && c != '"' && c != '\\')
			nametab[c] = c == '.' ? N_DOT : N_CHAR;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    DIGIT(c) || c == '-' || c == '_' || c == '*')
			ctab[c] |= C_NAME;
	}
	ctab[' '] = ctab['\t'] = ctab['\r'] = C_SPACE | C_DELIM;
	ctab['\n'] = ctab[';'] = ctab['('] = ctab[')'] = ctab['\0'] = C_DELIM;
	for (c = 0; c < 256; c++)
		if (ctab[c] & C_DELIM)
			ctab[c] |= C_TSTOP;
	ctab['\\'] |= C_TSTOP | C_QSTOP;
	ctab['"'] |= C_QSTOP;
	ctab['\n'] |= C_QSTOP;
	ctab['\0'] |= C_QSTOP;
	done = 1;
}

/* Eight bytes a step: a byte-wise hash was a quarter of a filtered load. */
static uint64_t
hash_str(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return h;
}

static int
ci_eq(const char *a, const char *lower, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lc[(unsigned char)a[i]] != (unsigned char)lower[i])
			return 0;
	return 1;
}

static void
lower_str(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)lc[(unsigned char)*s];
}

/*
 * The record as written, for messages: tokens joined by one space.  Here
 * and in tok_copy() every byte outside printable ASCII becomes '?': a
 * zone file may hold any bytes, and a terminal may obey some (C1 controls,
 * also UTF-8 encoded) that an error message prints.
 */
static void
subject(const struct loader *L, char *buf, size_t n)
{
	size_t i, j, o = 0;
	unsigned char c;

	for (i = 0; i < L->ntok && o + 1 < n; i++) {
		if (i > 0)
			buf[o++] = ' ';
		for (j = 0; j < L->tok[i].len && o + 1 < n; j++) {
			c = (unsigned char)L->tok[i].p[j];
			buf[o++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
		}
	}
	buf[o] = '\0';
	if (o + 1 >= n && n > 4)
		memcpy(buf + n - 4, "...", 4);
}

static void
tok_copy(const struct tok *t, char *buf, size_t n)
{
	size_t i, len = t->len < n - 1 ? t->len : n - 1;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)t->p[i];
		buf[i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	buf[len] = '\0';
	if (t->len > len && n > 4)
		memcpy(buf + n - 4, "...", 4);
}

/*
 * The zone's arena: owner names and the records built in it (fast_rr()),
 * never freed one by one.  Chunks double from 64 KiB to ARENA_MAX: a
 * filtered load keeps a few records, a whole one millions.  Blocks of
 * four huge pages and more (arena chunks, the owner table, the record
 * and owner arrays) are advised for huge pages: on a whole 1M-record
 * load, page faults were a quarter of the time and the owner table's
 * misses another third; with the advice the load went from 1.1 s to
 * 0.42-0.65 s.
 */
static void *
arena_chunk(size_t size)
{
	void *p;

	if (size < HUGE_PAGE * 4)
		return malloc(size);
	size = (size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	p = aligned_alloc(HUGE_PAGE, size);
#ifdef MADV_HUGEPAGE
	if (p != NULL)
		(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

/*
 * reallocarray() for the zone's big tables (records, owners): past a few
 * huge pages they move to memory advised for huge pages too.
 */
static void *
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

	len = (len + 7) & ~(size_t)7;
	if (c == NULL || c->cap - c->used < len) {
		cap = c == NULL ? 65536 - sizeof(*c) :
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

static const char *
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
zone_grow_tab(struct dl_zone *z)
{
	size_t size = z->tabsize ? z->tabsize * 2 : 1024, i, h;
	struct zslot *tab;

	if ((tab = arena_chunk(size * sizeof(*tab))) == NULL)
		return DL_ENOMEM;
	memset(tab, 0, size * sizeof(*tab));
	for (i = 0; i < z->nowners; i++) {
		h = z->owners[i].hash & (size - 1);
		while (tab[h].idx != 0)
			h = (h + 1) & (size - 1);
		tab[h].idx = (uint32_t)i + 1;
		tab[h].hash = z->owners[i].hash;
	}
	free(z->tab);
	z->tab = tab;
	z->tabsize = size;
	return 0;
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

static int
zone_add_owner(struct dl_zone *z, const char *name, size_t len,
    uint64_t hash, uint32_t *idx)
{
	struct zowner *o;
	size_t cap, h;
	int rc;

	if ((*idx = zone_find_owner(z, name, len, hash)) != ZNONE)
		return 0;
	if ((z->nowners + 1) * 2 > z->tabsize && (rc = zone_grow_tab(z)) != 0)
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
	o->rdf = NULL;
	h = o->hash & (z->tabsize - 1);
	while (z->tab[h].idx != 0)
		h = (h + 1) & (z->tabsize - 1);
	z->tab[h].idx = (uint32_t)z->nowners + 1;
	z->tab[h].hash = o->hash;
	*idx = (uint32_t)z->nowners++;
	return 0;
}

/*
 * A cheap signature of a first label (lower case), to skip most owner
 * lookups: its length and a few bytes, the last ones since generated
 * names (host0001, host0002) differ there.
 */
static unsigned
label_sig(const unsigned char *p, size_t n)
{
	unsigned h = (unsigned)n * 0x9e37u;

	h = (h ^ lc[p[0]]) * 0x2f0bu;
	h = (h ^ lc[p[n - 1]]) * 0x2f0bu;
	if (n > 1)
		h = (h ^ lc[p[n - 2]]) * 0x2f0bu;
	if (n > 2)
		h = (h ^ lc[p[n - 3]]) * 0x2f0bu;
	h = (h ^ lc[p[n / 2]]) * 0x2f0bu;
	return (h >> 8) % (SIG_BITS);
}

static int
ownerset_init(struct ownerset *os, const char *const *names, size_t n)
{
	size_t i, h, len, first, size = 64;
	unsigned sg;
	uint64_t hash;
	char *k;

	os->size = 0;
	os->keys = NULL;
	os->lens = NULL;
	os->hashes = NULL;
	if (n == 0)
		return 0;
	/* Sparse: most lookups miss and should stop at the first slot. */
	while (size < n * 4)
		size *= 2;
	os->keys = calloc(size, sizeof(*os->keys));
	os->lens = calloc(size, sizeof(*os->lens));
	os->hashes = calloc(size, sizeof(*os->hashes));
	if (os->keys == NULL || os->lens == NULL || os->hashes == NULL)
		return DL_ENOMEM;
	os->size = size;
	for (i = 0; i < n; i++) {
		if (names[i] == NULL)
			continue;
		len = strlen(names[i]);
		/* Be lenient with a missing trailing dot: it costs nothing. */
		if ((k = malloc(len + 2)) == NULL)
			return DL_ENOMEM;
		memcpy(k, names[i], len + 1);
		if (len == 0 || k[len - 1] != '.') {
			k[len++] = '.';
			k[len] = '\0';
		}
		lower_str(k);
		hash = hash_str(k, len);
		h = (size_t)hash & (size - 1);
		while (os->keys[h] != NULL && strcmp(os->keys[h], k) != 0)
			h = (h + 1) & (size - 1);
		if (os->keys[h] != NULL) {
			free(k);
			continue;
		}
		os->keys[h] = k;
		os->lens[h] = len;
		os->hashes[h] = hash;
		if ((first = strcspn(k, ".")) > 0) {
			sg = label_sig((const unsigned char *)k, first);
			os->sig[sg / 64] |= 1ULL << (sg % 64);
		}
	}
	return 0;
}

static int
ownerset_has(const struct ownerset *os, const char *s, size_t len,
    uint64_t hash)
{
	size_t h;

	if (os->size == 0)
		return 0;
	h = (size_t)hash & (os->size - 1);
	for (; os->keys[h] != NULL; h = (h + 1) & (os->size - 1))
		if (os->hashes[h] == hash && os->lens[h] == len &&
		    memcmp(os->keys[h], s, len) == 0)
			return 1;
	return 0;
}

static void
ownerset_free(struct ownerset *os)
{
	size_t i;

	for (i = 0; i < os->size; i++)
		free(os->keys[i]);
	free(os->keys);
	free(os->lens);
	free(os->hashes);
}

static int
mentions_init(struct loader *L, const char *const *names, size_t n)
{
	struct mention *m;
	size_t i;

	if (n == 0)
		return 0;
	if ((L->mentions = calloc(n, sizeof(*L->mentions))) == NULL)
		return DL_ENOMEM;
	for (i = 0; i < n; i++) {
		if (names[i] == NULL || names[i][0] == '\0')
			continue;
		m = &L->mentions[L->nmentions];
		if ((m->s = strdup(names[i])) == NULL)
			return DL_ENOMEM;
		L->nmentions++;
		lower_str(m->s);
		m->len = strlen(m->s);
		m->core = m->len;
		if (m->len > 1 && m->s[m->len - 1] == '.') {
			m->core--;
			m->name = 1;
		}
		if (strchr(m->s, ':') != NULL &&
		    inet_pton(AF_INET6, m->s, m->a6) == 1)
			m->v6 = L->any_v6 = 1;
	}
	return 0;
}

static int
fail(struct loader *L, const struct src *s, unsigned line, int rc,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
fail(struct loader *L, const struct src *s, unsigned line, int rc,
    const char *fmt, ...)
{
	char msg[sizeof(L->err->message)];
	va_list ap;

	if (L->quiet)
		return rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dl_error_set(L->err, s ? s->path : NULL, line, 0, "%s", msg);
	return rc;
}

static int
nomem(struct loader *L, const struct src *s)
{
	return fail(L, s, 0, DL_ENOMEM, "out of memory");
}

/* strerror(3) in lower case, for our messages. */
static const char *
errstr(int e, char *buf, size_t n)
{
	snprintf(buf, n, "%s", strerror(e));
	if (buf[0] != '\0')
		buf[0] = (char)lc[(unsigned char)buf[0]];
	return buf;
}

/*
 * Parse a TTL as BIND does: seconds, or units such as 1h30m or 1w2d.
 * Returns 0, -1 when malformed, -2 when above TTL_MAX.
 */
static int
parse_ttl(const char *p, size_t len, uint32_t *out)
{
	uint64_t total = 0, n, mult;
	size_t i = 0;
	int units = 0;

	if (len == 0)
		return -1;
	while (i < len) {
		if (!DIGIT(p[i]))
			return -1;
		for (n = 0; i < len && DIGIT(p[i]); i++) {
			n = n * 10 + (uint64_t)(p[i] - '0');
			if (n > (1ULL << 40))
				n = 1ULL << 40;
		}
		if (i == len) {
			if (units)
				return -1;	/* BIND: no bare number after units */
			total = n;
			break;
		}
		switch (p[i]) {
		case 'w': case 'W': mult = 604800; break;
		case 'd': case 'D': mult = 86400; break;
		case 'h': case 'H': mult = 3600; break;
		case 'm': case 'M': mult = 60; break;
		case 's': case 'S': mult = 1; break;
		default:
			return -1;
		}
		total += n * mult;
		if (total > (1ULL << 40))
			total = 1ULL << 40;
		units++;
		i++;
	}
	if (total > TTL_MAX)
		return -2;
	*out = (uint32_t)total;
	return 0;
}

static int
ttl_error(struct loader *L, const struct src *s, const struct tok *t,
    int r, const char *what)
{
	char v[64];

	tok_copy(t, v, sizeof(v));
	if (r == -2)
		return fail(L, s, L->first_line, DL_EINPUT,
		    "%s '%s' is larger than %u", what, v, TTL_MAX);
	return fail(L, s, L->first_line, DL_EINPUT,
	    "bad %s '%s': expected seconds or a duration like 1h or 1w2d",
	    what, v);
}

static int
name_fail(struct loader *L, const struct src *s, const struct tok *t,
    const char *why)
{
	char v[80];

	tok_copy(t, v, sizeof(v));
	return fail(L, s, L->first_line, DL_EINPUT, "bad name '%s': %s", v,
	    why);
}

/*
 * The absolute, lower-case presentation form of a name written as t,
 * relative to the current origin, into out (NAME_BUF bytes).  Plain names
 * are done by hand; names with escapes or odd bytes go through ldns so
 * they come out exactly as ldns prints them.
 */
static int
make_name(struct loader *L, const struct src *s, const struct tok *t,
    char *out, size_t *outlen)
{
	char tmp[NAME_BUF * 2], *str;
	size_t i, n = t->len, lab = 0, o;
	ldns_rdf *rdf = NULL;
	ldns_status st;
	int slow = 0, abs;
	unsigned char c;

	if (n == 1 && t->p[0] == '@') {
		memcpy(out, L->origin, L->olen + 1);
		*outlen = L->olen;
		return 0;
	}
	if (t->flags & T_QUOTED)
		return name_fail(L, s, t, "a name cannot be quoted");
	if (t->flags & T_ESC)
		slow = 1;
	for (i = 0; i < n && !slow; i++) {
		c = (unsigned char)t->p[i];
		if (c <= 0x20 || c >= 0x7f || c == '"')
			slow = 1;
	}
	if (slow) {
		if (n + L->olen + 2 > sizeof(tmp))
			return name_fail(L, s, t, "too long");
		memcpy(tmp, t->p, n);
		tmp[n] = '\0';
		if (!ldns_dname_str_absolute(tmp)) {
			if (L->olen > 1)
				tmp[n++] = '.';
			memcpy(tmp + n, L->origin, L->olen + 1);
		}
		st = ldns_str2rdf_dname(&rdf, tmp);
		if (st == LDNS_STATUS_MEM_ERR)
			return nomem(L, s);
		if (st != LDNS_STATUS_OK)
			return name_fail(L, s, t,
			    st == LDNS_STATUS_LABEL_OVERFLOW ?
			    "a label is longer than 63 characters" :
			    st == LDNS_STATUS_DOMAINNAME_OVERFLOW ?
			    "longer than 255 bytes" : "not a valid name");
		str = dl_name_str(rdf);
		ldns_rdf_deep_free(rdf);
		if (str == NULL)
			return nomem(L, s);
		o = strlen(str);
		if (o >= NAME_BUF) {
			free(str);
			return name_fail(L, s, t, "too long");
		}
		memcpy(out, str, o + 1);
		free(str);
		*outlen = o;
		return 0;
	}

	abs = t->p[n - 1] == '.';
	if (n == 1 && abs) {
		memcpy(out, ".", 2);
		*outlen = 1;
		return 0;
	}
	if ((abs ? n : L->olen > 1 ? n + 1 + L->olen : n + 1) > 254)
		return name_fail(L, s, t, "longer than 255 bytes");
	for (i = 0; i < n; i++) {
		c = (unsigned char)t->p[i];
		if (c == '.') {
			if (lab == 0)
				return name_fail(L, s, t, "empty label");
			lab = 0;
		} else if (++lab > 63)
			return name_fail(L, s, t,
			    "a label is longer than 63 characters");
		out[i] = (char)lc[c];
	}
	o = n;
	if (!abs) {
		if (L->olen > 1) {
			out[o++] = '.';
			memcpy(out + o, L->origin, L->olen);
			o += L->olen;
		} else
			out[o++] = '.';
	}
	out[o] = '\0';
	*outlen = o;
	return 0;
}

static int
grow_tok(struct loader *L)
{
	struct tok *t;
	size_t cap = L->captok ? L->captok * 2 : 64;

	if ((t = reallocarray(L->tok, cap, sizeof(*t))) == NULL)
		return DL_ENOMEM;
	L->tok = t;
	L->captok = cap;
	return 0;
}

static inline int
push_tok(struct loader *L, const char *p, size_t len, int flags)
{
	struct tok *t;

	if (L->ntok == L->captok && grow_tok(L) != 0)
		return DL_ENOMEM;
	t = &L->tok[L->ntok++];
	t->p = p;
	t->len = len;
	t->flags = flags;
	return 0;
}

/*
 * Make room after the unread part of the buffer and read more.  Returns 0
 * or a negative code.
 */
static int
refill(struct loader *L, struct src *s)
{
	size_t keep = s->end - s->pos, cap;
	ssize_t n;
	char *b, e[128];

	if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, keep);
		s->pos = 0;
		s->end = keep;
	}
	if (s->end == s->cap) {
		cap = s->cap * 2;
		if ((b = realloc(s->buf, cap + 1)) == NULL)
			return nomem(L, s);
		s->buf = b;
		s->cap = cap;
	}
	do
		n = s->fd < 0 ? 0 : read(s->fd, s->buf + s->end,
		    s->cap - s->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail(L, s, s->line, DL_EIO, "cannot read the file: %s",
		    errstr(errno, e, sizeof(e)));
	if (n == 0)
		s->eof = 1;
	if (s->depth > 0 && (L->inc_bytes += (uint64_t)n) > INCLUDE_BYTES_MAX)
		return fail(L, s, s->line, DL_EINPUT, "$INCLUDE files hold "
		    "more than %d MiB in all", INCLUDE_BYTES_MAX / 1024 / 1024);
	s->end += (size_t)n;
	s->buf[s->end] = '\0';
	return 0;
}

/*
 * Split the next logical record into L->tok: comments and parentheses
 * removed, physical lines joined while parentheses are open.  The tokens
 * point into the buffer and stay valid until the next call.  Returns 1
 * for a record (which may have no tokens: a blank or comment line), 0 at
 * end of file, or a negative code.
 *
 * The buffer always holds a NUL after its end: a NUL stops every inner
 * loop, so they need no bounds check; p == end tells the sentinel from a
 * NUL in the file.
 */
static int
scan_record(struct loader *L, struct src *s)
{
	const unsigned char *buf, *p, *end, *ls, *q;
	unsigned line, depth;
	int flags, inquote;

again:
	buf = (const unsigned char *)s->buf;
	p = buf + s->pos;
	end = buf + s->end;
	ls = p;
	line = s->line;
	depth = 0;
	inquote = 0;
	L->ntok = 0;
	L->first_line = line;
	if (p == end && !s->eof)
		goto more;
	L->blank_owner = *p == ' ' || *p == '\t';

	for (;;) {
		while (ctab[*p] & C_SPACE)
			p++;
		switch (*p) {
		case '\n':
			if ((size_t)(p - ls) > LINE_MAX_LEN)
				return fail(L, s, line, DL_EINPUT,
				    "line longer than %d bytes", LINE_MAX_LEN);
			line++;
			ls = ++p;
			if (depth == 0)
				goto done;
			continue;
		case ';':
			while (*p != '\n' && *p != '\0')
				p++;
			continue;
		case '(':
			depth++;
			p++;
			continue;
		case ')':
			if (depth == 0)
				return fail(L, s, L->first_line, DL_EINPUT,
				    "')' without a matching '('");
			depth--;
			p++;
			continue;
		case '\0':
			if (p == end)
				goto more;
			return fail(L, s, line, DL_EINPUT,
			    "NUL byte: not a text zone file");
		case '"':
			q = p++;
			inquote = 1;
			for (;;) {
				while (!(ctab[*p] & C_QSTOP))
					p++;
				if (*p == '"')
					break;
				if (*p == '\n')
					return fail(L, s, L->first_line,
					    DL_EINPUT,
					    "unterminated quoted string");
				if (*p == '\0') {
					if (p == end)
						goto more;
					return fail(L, s, line, DL_EINPUT,
					    "NUL byte: not a text zone file");
				}
				/* A backslash: take the next byte as is. */
				if (p + 1 >= end)
					goto more;
				if (p[1] == '\0')
					return fail(L, s, line, DL_EINPUT,
					    "NUL byte: not a text zone file");
				if (p[1] == '\n') {
					line++;
					ls = p + 2;
				}
				p += 2;
			}
			inquote = 0;
			p++;
			if (push_tok(L, (const char *)q, (size_t)(p - q),
			    T_QUOTED) != 0)
				return nomem(L, s);
			continue;
		default:
			q = p;
			flags = 0;
			for (;;) {
				while (!(ctab[*p] & C_TSTOP))
					p++;
				if (*p != '\\')
					break;
				if (p + 1 >= end) {
					if (!s->eof)
						goto more;
					p++;
					break;
				}
				if (p[1] == '\0')
					return fail(L, s, line, DL_EINPUT,
					    "NUL byte: not a text zone file");
				if (p[1] == '\n') {
					line++;
					ls = p + 2;
				}
				flags |= T_ESC;
				p += 2;
			}
			if (p == end && !s->eof)
				goto more;
			if (push_tok(L, (const char *)q, (size_t)(p - q),
			    flags) != 0)
				return nomem(L, s);
			continue;
		}
	}

more:
	if ((size_t)(end - ls) > LINE_MAX_LEN)
		return fail(L, s, line, DL_EINPUT, "line longer than %d bytes",
		    LINE_MAX_LEN);
	if (!s->eof) {
		int rc;

		if ((size_t)(end - (buf + s->pos)) >= REC_MAX)
			/* Only an open parenthesis makes a record this long. */
			return fail(L, s, L->first_line, DL_EINPUT,
			    "'(' without a matching ')'");
		if ((rc = refill(L, s)) != 0)
			return rc;
		goto again;
	}
	if (inquote)
		return fail(L, s, L->first_line, DL_EINPUT,
		    "unterminated quoted string");
	if (depth > 0)
		return fail(L, s, L->first_line, DL_EINPUT,
		    "'(' without a matching ')'");
	if (p == buf + s->pos)
		return 0;
done:
	s->pos = (size_t)(p - buf);
	s->line = line;
	return 1;
}

/* 1 for IN, -1 for another class, 0 when the token is not a class. */
static int
class_of(const struct tok *t)
{
	const char *p = t->p;
	size_t i;

	if (t->flags)
		return 0;
	if (t->len == 2) {
		if (ci_eq(p, "in", 2))
			return 1;
		if (ci_eq(p, "ch", 2) || ci_eq(p, "cs", 2) ||
		    ci_eq(p, "hs", 2))
			return -1;
		return 0;
	}
	if (t->len > 5 && ci_eq(p, "class", 5)) {
		for (i = 5; i < t->len; i++)
			if (!DIGIT(p[i]))
				return 0;
		return t->len == 6 && p[5] == '1' ? 1 : -1;
	}
	return 0;
}

/* The type a token names, 0 when none; a small cache spares ldns's scan. */
static uint16_t
type_of(struct loader *L, const struct tok *t)
{
	const unsigned char *p = (const unsigned char *)t->p;
	size_t i, n = t->len;
	struct tcache *c;

	if (t->flags || n == 0 || n >= sizeof(c->name))
		return 0;
	c = &L->tcache[(n * 31 + uc[p[0]] * 7 + uc[p[n - 1]]) & 63];
	if (c->len == n) {
		for (i = 0; i < n && (unsigned char)c->name[i] == uc[p[i]];
		    i++)
			;
		if (i == n)
			return c->type;
	}
	for (i = 0; i < n; i++)
		c->name[i] = (char)uc[p[i]];
	c->name[n] = '\0';
	c->len = n;
	c->type = (uint16_t)ldns_get_rr_type_by_name(c->name);
	return c->type;
}

/* Is s[i] escaped by an odd run of backslashes before it? */
static int
escaped(const char *s, size_t i)
{
	size_t n = 0;

	while (i > 0 && s[i - 1] == '\\') {
		n++;
		i--;
	}
	return n % 2;
}

/* Is the name n at or below the zone z (both absolute, lower case)? */
static int
under(const char *n, size_t nl, const char *z, size_t zl)
{
	if (zl == 1)
		return 1;
	if (nl < zl || memcmp(n + nl - zl, z, zl) != 0)
		return 0;
	return nl == zl || (n[nl - zl - 1] == '.' && !escaped(n, nl - zl - 1));
}

/*
 * Keep the owner token as text when that is enough: a plain relative name
 * (checked as make_name() would) under an origin inside the zone is in the
 * zone and is not the apex.  Returns 1 when kept, 0 for make_name().
 */
static int
owner_fast(struct loader *L, const struct tok *t)
{
	const unsigned char *p = (const unsigned char *)t->p;
	size_t n = t->len, i, lab = 0, first = 0;
	unsigned c;

	if (t->flags || n == 0 || n >= sizeof(L->rawtxt) ||
	    !L->origin_in_zone || (n == 1 && p[0] == '@') ||
	    (L->olen > 1 ? n + 1 + L->olen : n + 1) > 254)
		return 0;
	for (i = 0; i < n; i++) {
		c = nametab[p[i]];
		if (c == N_CHAR) {
			if (++lab > 63)
				return 0;
		} else if (c == N_DOT && lab > 0) {
			if (first == 0)
				first = i;
			lab = 0;
		} else
			return 0;
	}
	if (lab == 0)
		return 0;	/* absolute */
	if (first == 0)
		first = n;
	memcpy(L->rawtxt, p, n);
	L->rawlen = n;
	L->rawsig = label_sig(p, first);
	L->raw = 1;
	return 1;
}

/* Make owner[] from the text owner_fast() kept. */
static int
owner_full(struct loader *L, const struct src *s)
{
	struct tok t;
	size_t len;

	if (!L->raw)
		return 0;
	t.p = L->rawtxt;
	t.len = L->rawlen;
	t.flags = 0;
	/* Cannot fail: owner_fast() checked what make_name() checks. */
	if (make_name(L, s, &t, L->owner, &len) != 0)
		return DL_EINPUT;
	L->ownlen = len;
	L->raw = 0;
	return 0;
}

static int
origin_rdf(struct loader *L, const struct src *s)
{
	if (L->origin_rdf != NULL)
		return 0;
	if ((L->origin_rdf = ldns_dname_new_frm_str(L->origin)) == NULL)
		return nomem(L, s);
	return 0;
}

/* An owner kept as text was relative to the old origin: make it first. */
static int
set_origin(struct loader *L, const struct src *s, const char *name,
    size_t len)
{
	int rc;

	if ((rc = owner_full(L, s)) != 0)
		return rc;
	L->origin_in_zone = L->zorigin != NULL &&
	    under(name, len, L->zorigin, L->zolen);
	memcpy(L->origin, name, len + 1);
	L->olen = len;
	ldns_rdf_deep_free(L->origin_rdf);
	L->origin_rdf = NULL;
	return 0;
}

/* Does m occur in the token at word boundaries (SPF ip4:, SVCB hints)? */
static int
tok_contains(const struct tok *t, const struct mention *m)
{
	const char *p = t->p;
	size_t tl = t->len, i, e;
	unsigned char a;

	for (i = 0; i + m->core <= tl; i++) {
		if (lc[(unsigned char)p[i]] != (unsigned char)m->s[0] ||
		    !ci_eq(p + i, m->s, m->core))
			continue;
		if (i > 0) {
			a = (unsigned char)p[i - 1];
			if ((ctab[a] & C_NAME) || a == '.' || (m->v6 && a == ':'))
				continue;
		}
		e = i + m->core;
		if (e < tl) {
			a = (unsigned char)p[e];
			if ((ctab[a] & C_NAME) || (m->v6 && a == ':'))
				continue;
			/* A trailing dot ends a name; a dot and more does not. */
			if (a == '.' && e + 1 < tl &&
			    (ctab[(unsigned char)p[e + 1]] & C_NAME))
				continue;
		}
		return 1;
	}
	return 0;
}

/* Does the token mention m as a whole: case, trailing dot, origin? */
static int
tok_is(const struct loader *L, const struct tok *t, const struct mention *m)
{
	const char *p = t->p;
	size_t tl = t->len;

	if (tl == m->core && ci_eq(p, m->s, tl))
		return 1;
	if (tl == m->core + 1 && p[tl - 1] == '.' && ci_eq(p, m->s, m->core))
		return 1;
	if (!m->name)
		return 0;
	if (tl == 1 && p[0] == '@')
		return m->len == L->olen && memcmp(m->s, L->origin, L->olen) == 0;
	if (p[tl - 1] == '.' || tl >= m->len || m->s[tl] != '.' ||
	    !ci_eq(p, m->s, tl))
		return 0;
	if (L->olen == 1)
		return m->len == tl + 1;
	return m->len == tl + 1 + L->olen &&
	    memcmp(m->s + tl + 1, L->origin, L->olen) == 0;
}

/* Is one of the IPv6 mentions in the token, however it is spelt? */
static int
tok_has_v6(const struct loader *L, const struct tok *t)
{
	const char *p = t->p;
	size_t tl = t->len, i, e, j, k;
	unsigned char b6[16], c;
	char tmp[64];

	for (i = 0; i < tl; i = e + 1) {
		for (e = i, j = 0; e < tl; e++) {
			c = lc[(unsigned char)p[e]];
			if (c == ':')
				j++;
			else if (!DIGIT(c) && !(c >= 'a' && c <= 'f') &&
			    c != '.')
				break;
		}
		if (j < 2 || e - i >= sizeof(tmp))
			continue;
		memcpy(tmp, p + i, e - i);
		tmp[e - i] = '\0';
		if (inet_pton(AF_INET6, tmp, b6) != 1)
			continue;
		for (k = 0; k < L->nmentions; k++)
			if (L->mentions[k].v6 &&
			    memcmp(b6, L->mentions[k].a6, 16) == 0)
				return 1;
	}
	return 0;
}

/*
 * Does the rdata from token from on mention one of the filter's names or
 * addresses?  Whole tokens, with or without the trailing dot, relative to
 * the current origin, other spellings of IPv6 addresses, and inside quoted
 * strings and parameter lists at word boundaries.  Keeping an extra record
 * is harmless; missing one is not.
 */
static int
rdata_mentions(struct loader *L, size_t from)
{
	const struct tok *t;
	const struct mention *m;
	char name[NAME_BUF];
	size_t i, k, j, e;
	int special, colon, r;

	for (i = from; i < L->ntok; i++) {
		t = &L->tok[i];
		if (t->len == 0)
			continue;
		special = t->flags & T_QUOTED;
		colon = 0;
		for (j = 0; j < t->len; j++) {
			switch (t->p[j]) {
			case ':':
				colon = 1;
				/* FALLTHROUGH */
			case '=': case ',': case '/':
				special = 1;
				break;
			}
		}
		if (t->flags == T_ESC) {
			/* Rare: let ldns undo the escapes, compare whole. */
			L->quiet = 1;
			r = make_name(L, NULL, t, name, &e);
			L->quiet = 0;
			for (k = 0; r == 0 && k < L->nmentions; k++)
				if (e == L->mentions[k].len &&
				    memcmp(name, L->mentions[k].s, e) == 0)
					return 1;
			special = 1;
		}
		for (k = 0; k < L->nmentions; k++) {
			m = &L->mentions[k];
			if (!t->flags && tok_is(L, t, m))
				return 1;
			if (special && t->len > m->core && tok_contains(t, m))
				return 1;
		}
		if (colon && L->any_v6 && tok_has_v6(L, t))
			return 1;
	}
	return 0;
}

static const char *
field_desc(ldns_rdf_type t)
{
	switch (t) {
	case LDNS_RDF_TYPE_A:
		return "IPv4 address";
	case LDNS_RDF_TYPE_AAAA:
		return "IPv6 address";
	case LDNS_RDF_TYPE_DNAME:
		return "name";
	case LDNS_RDF_TYPE_INT8:
	case LDNS_RDF_TYPE_INT16:
	case LDNS_RDF_TYPE_INT32:
		return "number";
	case LDNS_RDF_TYPE_PERIOD:
		return "duration";
	default:
		return NULL;
	}
}

/*
 * Explain what is wrong with the rdata of a record ldns refused (st), or,
 * with st LDNS_STATUS_OK, check the number ranges ldns does not check
 * (it stores MX 70000 as 4464).  Only for types whose fields are each one
 * token; other types get ldns's own words.  Returns 1 when why was set.
 */
static int
rdata_problem(struct loader *L, uint16_t type, size_t from, ldns_status st,
    char *why, size_t n)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);
	size_t i, nf = L->ntok - from, min, max, k;
	const struct tok *t;
	ldns_rdf_type ft;
	ldns_rdf *rdf;
	char v[SUBJECT_MAX], tmp[256];
	unsigned long long lim, val;
	int simple = d != NULL && d->_variable == LDNS_RDF_TYPE_NONE;

	if (simple) {
		max = ldns_rr_descriptor_maximum(d);
		for (i = 0; i < max; i++)
			if (field_desc(ldns_rr_descriptor_field_type(d, i)) ==
			    NULL)
				simple = 0;
	}
	for (i = from; i < L->ntok && simple; i++)
		if (L->tok[i].flags || L->tok[i].len >= sizeof(tmp))
			simple = 0;
	if (simple) {
		min = ldns_rr_descriptor_minimum(d);
		max = ldns_rr_descriptor_maximum(d);
		if (nf < min && st != LDNS_STATUS_OK) {
			snprintf(why, n, "%s needs %zu rdata field%s, got %zu",
			    d->_name, min, min == 1 ? "" : "s", nf);
			return 1;
		}
		if (nf > max && st != LDNS_STATUS_OK) {
			snprintf(why, n, "%s takes %zu rdata field%s, got %zu",
			    d->_name, max, max == 1 ? "" : "s", nf);
			return 1;
		}
		for (k = 0; k < nf && k < max; k++) {
			t = &L->tok[from + k];
			ft = ldns_rr_descriptor_field_type(d, k);
			tok_copy(t, v, sizeof(v));
			memcpy(tmp, t->p, t->len);
			tmp[t->len] = '\0';
			lim = ft == LDNS_RDF_TYPE_INT8 ? 255 :
			    ft == LDNS_RDF_TYPE_INT16 ? 65535 :
			    ft == LDNS_RDF_TYPE_INT32 ? 4294967295ULL : 0;
			if (lim != 0) {
				val = 0;
				for (i = 0; i < t->len && val <= lim; i++) {
					if (!DIGIT(tmp[i]))
						break;
					val = val * 10 +
					    (unsigned)(tmp[i] - '0');
				}
				if (i < t->len || val > lim) {
					if (i < t->len && val <= lim)
						snprintf(why, n,
						    "bad number '%s'", v);
					else
						snprintf(why, n,
						    "number '%s' is out of "
						    "range (0 to %llu)", v,
						    lim);
					return 1;
				}
				continue;
			}
			if (st == LDNS_STATUS_OK ||
			    (ft == LDNS_RDF_TYPE_DNAME && t->len == 1 &&
			    tmp[0] == '@'))
				continue;
			if ((rdf = ldns_rdf_new_frm_str(ft, tmp)) != NULL) {
				ldns_rdf_deep_free(rdf);
				continue;
			}
			snprintf(why, n, "bad %s '%s'", field_desc(ft), v);
			return 1;
		}
	}
	if (st == LDNS_STATUS_OK)
		return 0;
	switch (st) {
	case LDNS_STATUS_SYNTAX_RDATA_ERR:
		snprintf(why, n, "could not parse the rdata");
		break;
	case LDNS_STATUS_SYNTAX_MISSING_VALUE_ERR:
		snprintf(why, n, "rdata missing");
		break;
	case LDNS_STATUS_SYNTAX_SUPERFLUOUS_TEXT_ERR:
		snprintf(why, n, "too many rdata fields");
		break;
	case LDNS_STATUS_LABEL_OVERFLOW:
		snprintf(why, n, "a label is longer than 63 characters");
		break;
	case LDNS_STATUS_DOMAINNAME_OVERFLOW:
		snprintf(why, n, "a name is longer than 255 bytes");
		break;
	default:
		snprintf(why, n, "%s", ldns_get_errorstr_by_id(st));
		for (i = 0; why[i] != '\0'; i++)
			why[i] = (char)lc[(unsigned char)why[i]];
		break;
	}
	return 1;
}

static int
append(struct loader *L, size_t *o, const char *p, size_t n)
{
	size_t cap;
	char *b;

	if (*o + n + 1 > L->linecap) {
		cap = L->linecap ? L->linecap : 1024;
		while (cap < *o + n + 1)
			cap *= 2;
		if ((b = realloc(L->line, cap)) == NULL)
			return DL_ENOMEM;
		L->line = b;
		L->linecap = cap;
	}
	memcpy(L->line + *o, p, n);
	*o += n;
	L->line[*o] = '\0';
	return 0;
}

/* An rdf in the arena, with room for size bytes of data. */
static ldns_rdf *
arena_rdf(struct dl_zone *z, ldns_rdf_type type, size_t size)
{
	ldns_rdf *rdf;

	if ((rdf = arena_alloc(z, sizeof(*rdf) + size)) == NULL)
		return NULL;
	rdf->_size = size;
	rdf->_type = type;
	rdf->_data = (uint8_t *)(rdf + 1);
	return rdf;
}

/*
 * The wire form of a presentation name with no escapes: relative names
 * (and "@") end in origin.  Returns the length, or 0 when the name is
 * irregular (escapes, empty or long labels): ldns then reads the record
 * and words any error.
 */
static size_t
wire_name(uint8_t *out, const char *s, size_t n, const char *origin,
    size_t olen)
{
	size_t o = 0, i, start;
	int pass;

	if (n == 1 && s[0] == '@')
		n = 0;
	for (pass = 0; pass < 2; pass++) {
		if (n == 1 && s[0] == '.')
			break;
		for (i = start = 0; i <= n; i++) {
			if (i < n && s[i] != '.') {
				if (s[i] == '\\')
					return 0;
				continue;
			}
			if (i == n && i == start)
				break;		/* absolute, or empty */
			if (i - start == 0 || i - start > 63 ||
			    o + 1 + (i - start) + 1 > LDNS_MAX_DOMAINLEN)
				return 0;
			out[o++] = (uint8_t)(i - start);
			memcpy(out + o, s + start, i - start);
			o += i - start;
			start = i + 1;
		}
		if (n > 0 && s[n - 1] == '.')
			break;
		s = origin;
		n = olen;
	}
	out[o++] = 0;
	return o;
}

/* A decimal 0-65535 as ldns reads it; -1 when anything else. */
static long
fast_u16(const struct tok *t)
{
	long v = 0;
	size_t i;

	if (t->flags || t->len == 0 || t->len > 5)
		return -1;
	for (i = 0; i < t->len; i++) {
		if (!DIGIT(t->p[i]))
			return -1;
		v = v * 10 + (t->p[i] - '0');
	}
	return v > 65535 ? -1 : v;
}

/* One rdata field of fast_rr() in the arena: NULL when irregular. */
static ldns_rdf *
fast_rdf(struct loader *L, ldns_rdf_type ft, const struct tok *t)
{
	uint8_t wire[LDNS_MAX_DOMAINLEN + 1], a[16];
	const char *p = t->p;
	char tmp[64];
	size_t len = t->len;
	ldns_rdf *rdf;
	long v;

	switch (ft) {
	case LDNS_RDF_TYPE_INT16:
		if ((v = fast_u16(t)) < 0 ||
		    (rdf = arena_rdf(L->z, ft, 2)) == NULL)
			return NULL;
		ldns_write_uint16(rdf->_data, (uint16_t)v);
		return rdf;
	case LDNS_RDF_TYPE_A:
	case LDNS_RDF_TYPE_AAAA:
		if (t->flags || len >= sizeof(tmp))
			return NULL;
		memcpy(tmp, p, len);
		tmp[len] = '\0';
		if (inet_pton(ft == LDNS_RDF_TYPE_A ? AF_INET : AF_INET6, tmp,
		    a) != 1 || (rdf = arena_rdf(L->z, ft,
		    ft == LDNS_RDF_TYPE_A ? 4 : 16)) == NULL)
			return NULL;
		memcpy(rdf->_data, a, rdf->_size);
		return rdf;
	case LDNS_RDF_TYPE_DNAME:
		if (t->flags || (len = wire_name(wire, p, len, L->origin,
		    L->olen)) == 0 || (rdf = arena_rdf(L->z, ft, len)) == NULL)
			return NULL;
		memcpy(rdf->_data, wire, len);
		return rdf;
	case LDNS_RDF_TYPE_STR:
		if (t->flags & T_ESC)
			return NULL;
		if (t->flags & T_QUOTED) {
			p++;
			len -= 2;
		}
		/* Escapes inside quotes, a quote inside a word: ldns. */
		if (len > 255 || memchr(p, '\\', len) != NULL ||
		    (!(t->flags & T_QUOTED) && memchr(p, '"', len) != NULL) ||
		    (rdf = arena_rdf(L->z, ft, len + 1)) == NULL)
			return NULL;
		((uint8_t *)rdf->_data)[0] = (uint8_t)len;
		memcpy((uint8_t *)rdf->_data + 1, p, len);
		return rdf;
	default:
		return NULL;
	}
}

/*
 * Build the commonest simple records in the zone's arena, sharing the
 * owner's name: ldns_rr_new_frm_str() makes five to ten allocations a
 * record and scratch buffers besides, which were most of a whole-zone
 * load.  NULL sends the record to ldns_rr_new_frm_str(), which also words
 * any error; so does running out of memory here.  The records are the
 * zone's: nothing may free or change them (zone.h).
 */
static ldns_rr *
fast_rr(struct loader *L, uint32_t ttl, uint16_t type, size_t ti)
{
	static const ldns_rdf_type srv[] = { LDNS_RDF_TYPE_INT16,
	    LDNS_RDF_TYPE_INT16, LDNS_RDF_TYPE_INT16, LDNS_RDF_TYPE_DNAME };
	static const ldns_rdf_type mx[] = { LDNS_RDF_TYPE_INT16,
	    LDNS_RDF_TYPE_DNAME };
	static const ldns_rdf_type a[] = { LDNS_RDF_TYPE_A };
	static const ldns_rdf_type aaaa[] = { LDNS_RDF_TYPE_AAAA };
	static const ldns_rdf_type name[] = { LDNS_RDF_TYPE_DNAME };
	struct zowner *o = &L->z->owners[L->ownidx];
	const ldns_rdf_type *ft;
	uint8_t wire[LDNS_MAX_DOMAINLEN + 1];
	size_t n = L->ntok - ti - 1, want, i, len;
	ldns_rr *rr;

	switch (type) {
	case LDNS_RR_TYPE_A:
		ft = a, want = 1;
		break;
	case LDNS_RR_TYPE_AAAA:
		ft = aaaa, want = 1;
		break;
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_PTR:
		ft = name, want = 1;
		break;
	case LDNS_RR_TYPE_MX:
		ft = mx, want = 2;
		break;
	case LDNS_RR_TYPE_SRV:
		ft = srv, want = 4;
		break;
	case LDNS_RR_TYPE_TXT:
		ft = NULL, want = n;
		break;
	default:
		return NULL;
	}
	if (n != want || n == 0)
		return NULL;
	if (o->rdf == NULL) {
		/* Owners are absolute: the origin is never appended. */
		if ((len = wire_name(wire, o->name, o->len, ".", 1)) == 0 ||
		    (o->rdf = arena_rdf(L->z, LDNS_RDF_TYPE_DNAME, len)) ==
		    NULL)
			return NULL;
		memcpy(o->rdf->_data, wire, len);
	}
	if ((rr = arena_alloc(L->z, sizeof(*rr) + n * sizeof(ldns_rdf *))) ==
	    NULL)
		return NULL;
	rr->_owner = o->rdf;
	rr->_ttl = ttl;
	rr->_rd_count = n;
	rr->_rr_type = type;
	rr->_rr_class = LDNS_RR_CLASS_IN;
	rr->_rdata_fields = (ldns_rdf **)(rr + 1);
	rr->_rr_question = false;
	for (i = 0; i < n; i++)
		if ((rr->_rdata_fields[i] = fast_rdf(L,
		    ft != NULL ? ft[i] : LDNS_RDF_TYPE_STR,
		    &L->tok[ti + 1 + i])) == NULL)
			return NULL;
	return rr;
}

/*
 * Append rr (handed over: freed here on failure) at owner (absolute, lower
 * case, len bytes, hash from hash_str()).  *ownidx caches the owner's
 * index between records of one owner: ZNONE when not known yet.
 */
static int
zone_store(struct dl_zone *z, ldns_rr *rr, int in_arena, const char *owner,
    size_t len, uint64_t hash, uint32_t *ownidx, unsigned line)
{
	struct zrec *r;
	size_t cap;

	if (z->nrecs == z->caprecs) {
		cap = z->caprecs ? z->caprecs * 2 : 64;
		if (cap > ZNONE ||
		    (r = grow_table(z->recs, z->nrecs, cap, sizeof(*r))) ==
		    NULL) {
			if (!in_arena)
				ldns_rr_free(rr);
			return DL_ENOMEM;
		}
		z->recs = r;
		z->caprecs = cap;
	}
	if (*ownidx == ZNONE &&
	    zone_add_owner(z, owner, len, hash, ownidx) != 0) {
		if (!in_arena)
			ldns_rr_free(rr);
		return DL_ENOMEM;
	}
	r = &z->recs[z->nrecs];
	r->rr = rr;
	r->in_arena = (uint8_t)in_arena;
	r->next = ZNONE;
	r->line = line;
	r->type = ldns_rr_get_type(rr);
	r->owner = *ownidx;
	if (z->owners[*ownidx].last == ZNONE)
		z->owners[*ownidx].first = (uint32_t)z->nrecs;
	else
		z->recs[z->owners[*ownidx].last].next = (uint32_t)z->nrecs;
	z->owners[*ownidx].last = (uint32_t)z->nrecs;
	if (r->type == LDNS_RR_TYPE_SOA && len == strlen(z->origin) &&
	    memcmp(owner, z->origin, len) == 0)
		z->soa = (uint32_t)z->nrecs;
	z->nrecs++;
	return 0;
}

/* Hand a kept record to ldns, with the owner and TTL we worked out. */
static int	text_rr(struct loader *, const struct src *, uint32_t, uint16_t,
		    size_t, ldns_rr **);

static int
keep_record(struct loader *L, const struct src *s, uint32_t ttl,
    uint16_t type, size_t ti)
{
	struct dl_zone *z = L->z;
	ldns_rr *rr = NULL;
	int rc, in_arena = 1;

	if ((rc = origin_rdf(L, s)) != 0)
		return rc;
	if (L->ownhash == 0)
		L->ownhash = hash_str(L->owner, L->ownlen);
	if (L->ownidx == ZNONE && zone_add_owner(z, L->owner, L->ownlen,
	    L->ownhash, &L->ownidx) != 0)
		return nomem(L, s);
	if ((rr = fast_rr(L, ttl, type, ti)) != NULL)
		goto store;
	in_arena = 0;
	if ((rc = text_rr(L, s, ttl, type, ti, &rr)) != 0)
		return rc;
store:
	if ((rc = zone_store(z, rr, in_arena, L->owner, L->ownlen, L->ownhash,
	    &L->ownidx, L->first_line)) != 0)
		return nomem(L, s);
	return 0;
}

/*
 * The record of the current line (its RDATA from token ti on) made by
 * ldns from its text, in *out (ldns_rr_free()); a bad record fails.
 */
static int
text_rr(struct loader *L, const struct src *s, uint32_t ttl, uint16_t type,
    size_t ti, ldns_rr **out)
{
	ldns_rr *rr = NULL;
	ldns_status st;
	char num[16], why[256], subj[SUBJECT_MAX + 4];
	size_t o = 0, i;
	int n;

	n = snprintf(num, sizeof(num), " %u IN ", ttl);
	/*
	 * ldns takes any owner that begins with '@' for the origin, but
	 * "@x" is a label (as in BIND): escape it so the record stays where
	 * it is filed.
	 */
	if ((L->owner[0] == '@' && append(L, &o, "\\", 1) != 0) ||
	    append(L, &o, L->owner, L->ownlen) != 0 ||
	    append(L, &o, num, (size_t)n) != 0)
		return nomem(L, s);
	for (i = ti; i < L->ntok; i++)
		if ((i > ti && append(L, &o, " ", 1) != 0) ||
		    append(L, &o, L->tok[i].p, L->tok[i].len) != 0)
			return nomem(L, s);
	st = ldns_rr_new_frm_str(&rr, L->line, 0, L->origin_rdf, NULL);
	if (st == LDNS_STATUS_MEM_ERR)
		return nomem(L, s);
	if (rdata_problem(L, type, ti + 1, st, why, sizeof(why))) {
		ldns_rr_free(rr);
		subject(L, subj, sizeof(subj));
		return fail(L, s, L->first_line, DL_EINPUT,
		    "bad record '%s': %s", subj, why);
	}
	if (rr == NULL)
		return nomem(L, s);
	*out = rr;
	return 0;
}

/*
 * A second SOA record: the same as the first (owner, TTL, RDATA) is one
 * record written twice, merged as servers merge duplicates (a zone
 * transfer's copy ends with its SOA again); another is an error.
 */
static int
second_soa(struct loader *L, struct src *s, uint32_t ttl, size_t ti)
{
	const ldns_rr *first = dl_zone_soa(L->z);
	ldns_rr *rr = NULL;
	int rc, same;

	if ((rc = origin_rdf(L, s)) != 0 ||
	    (rc = text_rr(L, s, ttl, LDNS_RR_TYPE_SOA, ti, &rr)) != 0)
		return rc;
	same = first != NULL && ldns_rr_ttl(first) == ldns_rr_ttl(rr) &&
	    ldns_rr_compare(first, rr) == 0;
	ldns_rr_free(rr);
	if (same)
		return 0;
	if (strcmp(L->soa_file, s->path) == 0)
		return fail(L, s, L->first_line, DL_EINPUT,
		    "second SOA record at '%s', the first is on line %u",
		    L->owner, L->soa_line);
	return fail(L, s, L->first_line, DL_EINPUT,
	    "second SOA record at '%s', the first is at %s:%u", L->owner,
	    L->soa_file, L->soa_line);
}

static int
do_record(struct loader *L, struct src *s)
{
	const struct tok *t;
	char v[80], subj[SUBJECT_MAX + 4];
	size_t i = 0, first, len;
	uint32_t ttl = 0, alt;
	uint16_t type;
	unsigned why;
	int have_ttl = 0, have_class = 0, k, r, keep, rc, soa_again = 0;

	if (L->blank_owner) {
		if (!L->have_owner)
			return fail(L, s, L->first_line, DL_EINPUT,
			    "the first record has no owner name (the line "
			    "starts with white space)");
	} else {
		if (!owner_fast(L, &L->tok[0])) {
			if ((rc = make_name(L, s, &L->tok[0], L->owner,
			    &len)) != 0)
				return rc;
			L->ownlen = len;
			L->raw = 0;
		}
		L->ownhash = 0;		/* computed when first needed */
		L->ownidx = ZNONE;
		L->have_owner = 1;
		i = 1;
	}
	for (first = i; i < L->ntok && i < first + 2; i++) {
		t = &L->tok[i];
		if (!t->flags && DIGIT(t->p[0])) {
			if (have_ttl)
				break;
			if ((r = parse_ttl(t->p, t->len, &ttl)) != 0)
				return ttl_error(L, s, t, r, "ttl");
			have_ttl = 1;
			continue;
		}
		if ((k = class_of(t)) != 0) {
			if (have_class)
				break;
			if (k < 0) {
				tok_copy(t, v, sizeof(v));
				return fail(L, s, L->first_line, DL_EINPUT,
				    "class '%s' is not supported, only IN", v);
			}
			have_class = 1;
			continue;
		}
		break;
	}
	if (i >= L->ntok) {
		subject(L, subj, sizeof(subj));
		return fail(L, s, L->first_line, DL_EINPUT,
		    "record '%s' has no type", subj);
	}
	t = &L->tok[i];
	if ((type = type_of(L, t)) == 0 &&
	    (class_of(t) != 0 || DIGIT(t->p[0]))) {
		/* A second class or TTL where the type should be. */
		tok_copy(t, v, sizeof(v));
		return fail(L, s, L->first_line, DL_EINPUT,
		    "expected a type, got '%s'", v);
	}
	if (type == 0) {
		tok_copy(t, v, sizeof(v));
		return fail(L, s, L->first_line, DL_EINPUT,
		    "unknown type '%s'", v);
	}
	if (type >= LDNS_RR_TYPE_IXFR && type <= LDNS_RR_TYPE_ANY) {
		tok_copy(t, v, sizeof(v));
		return fail(L, s, L->first_line, DL_EINPUT,
		    "type '%s' cannot appear in a zone file", v);
	}

	if (!L->raw && !under(L->owner, L->ownlen, L->zorigin, L->zolen))
		return fail(L, s, L->first_line, DL_EINPUT,
		    "'%s' is outside the zone '%s'", L->owner, L->zorigin);

	if (type == LDNS_RR_TYPE_SOA) {
		if ((rc = owner_full(L, s)) != 0)
			return rc;
		if (L->ownlen != L->zolen)
			return fail(L, s, L->first_line, DL_EINPUT,
			    "SOA record at '%s' is not at the zone origin "
			    "'%s'", L->owner, L->zorigin);
		if (!L->have_soa) {
			L->have_soa = 1;
			L->soa_line = L->first_line;
			if ((L->soa_file = strdup(s->path)) == NULL)
				return nomem(L, s);
		} else
			soa_again = 1;
	}

	alt = 0;
	why = 0;
	if (have_ttl) {
		L->lttl = ttl;
		L->have_lttl = 1;
	} else if (L->have_dttl) {
		ttl = L->dttl;
		if (L->dttl_soa) {
			alt = NSD_KNOT_TTL;
			why = TTL_NO_DTTL;
		} else if (L->have_outer) {
			alt = L->outer_set ? L->outer_dttl : NSD_KNOT_TTL;
			why = TTL_INCLUDE;
		}
	} else if (L->have_lttl) {
		ttl = L->lttl;
		alt = NSD_KNOT_TTL;
		why = TTL_NO_DTTL;
	} else if (type == LDNS_RR_TYPE_SOA) {
		/*
		 * BIND: an SOA first with no TTL known takes its MINIMUM, which
		 * then serves as $TTL would.
		 */
		if (L->ntok >= i + 8) {
			t = &L->tok[i + 7];
			if ((r = parse_ttl(t->p, t->len, &ttl)) != 0)
				return ttl_error(L, s, t, r, "SOA minimum");
			L->dttl = ttl;
			L->have_dttl = 1;
			L->dttl_soa = 1;
			alt = NSD_KNOT_TTL;
			why = TTL_NO_DTTL;
		}
	} else {
		if ((rc = owner_full(L, s)) != 0)
			return rc;
		return fail(L, s, L->first_line, DL_EINPUT,
		    "no ttl for '%s' and no $TTL before it", L->owner);
	}

	/* Where servers differ, the largest TTL any of them serves. */
	if (alt > ttl) {
		ttl = alt;
		L->ttl_why |= why;
		if (L->ttl_raised++ == 0) {
			L->ttl_raised_line = L->first_line;
			if ((L->ttl_raised_file = strdup(s->path)) == NULL)
				return nomem(L, s);
		}
	}

	if (soa_again)
		return second_soa(L, s, ttl, i);
	L->z->count++;
	keep = L->whole || (!L->raw && L->ownlen == L->zolen);
	if (!keep && L->owners.size > 0 && (!L->raw ||
	    (L->owners.sig[L->rawsig / 64] & 1ULL << (L->rawsig % 64)))) {
		if ((rc = owner_full(L, s)) != 0)
			return rc;
		if (L->ownhash == 0)
			L->ownhash = hash_str(L->owner, L->ownlen);
		keep = ownerset_has(&L->owners, L->owner, L->ownlen,
		    L->ownhash);
	}
	if (!keep && L->nmentions > 0)
		keep = rdata_mentions(L, i + 1);
	if (!keep)
		return 0;
	if ((rc = owner_full(L, s)) != 0)
		return rc;
	return keep_record(L, s, ttl, type, i);
}

static int	load_src(struct loader *, const char *, int);

/* Does the relative path climb out of its folder (textually)? */
static int
path_escapes(const char *p)
{
	int depth = 0;
	size_t n;

	while (*p != '\0') {
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return 1;
		} else if (n > 0 && !(n == 1 && p[0] == '.'))
			depth++;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

static int
do_include(struct loader *L, struct src *s)
{
	char file[PATH_MAX], path[PATH_MAX], rdir[PATH_MAX], rfile[PATH_MAX];
	char saved_origin[NAME_BUF], saved_owner[NAME_BUF], e[128];
	uint32_t saved_dttl;
	int saved_have_dttl, saved_soa, saved_outer;
	char name[NAME_BUF];
	const struct tok *t;
	size_t saved_olen, saved_ownlen, dl, len;
	int saved_have_owner, rc;

	if (L->ntok < 2 || L->ntok > 3)
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE takes a file name and an optional origin");
	t = &L->tok[1];
	if (t->len + 1 >= sizeof(file))
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE file name too long");
	if (t->flags & T_QUOTED) {
		memcpy(file, t->p + 1, t->len - 2);
		file[t->len - 2] = '\0';
	} else {
		memcpy(file, t->p, t->len);
		file[t->len] = '\0';
	}
	if (file[0] == '\0')
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE takes a file name and an optional origin");
	if (file[0] == '/')
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE '%s': absolute paths are not allowed", file);
	if (path_escapes(file))
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE '%s' points outside the folder '%s'", file,
		    s->dir);
	if (s->depth >= INCLUDE_MAX)
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE nested more than %d levels deep", INCLUDE_MAX);
	if (++L->includes > INCLUDE_FILES_MAX)
		return fail(L, s, L->first_line, DL_EINPUT,
		    "more than %d $INCLUDE files in all", INCLUDE_FILES_MAX);
	if (strcmp(s->dir, ".") == 0)
		rc = snprintf(path, sizeof(path), "%s", file);
	else
		rc = snprintf(path, sizeof(path), "%s/%s", s->dir, file);
	if (rc < 0 || (size_t)rc >= sizeof(path))
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE file name too long");
	/* A reader's paths name no file system: the text check holds. */
	if (L->reader != NULL)
		goto confined;
	if (realpath(path, rfile) == NULL)
		return fail(L, s, L->first_line, errno == ENOMEM ? DL_ENOMEM :
		    DL_EIO, "cannot open $INCLUDE '%s': %s", file,
		    errstr(errno, e, sizeof(e)));
	if (realpath(s->dir, rdir) == NULL)
		return fail(L, s, L->first_line, DL_EIO,
		    "cannot open $INCLUDE '%s': %s", file,
		    errstr(errno, e, sizeof(e)));
	/* Symbolic links may still lead out: check the real paths. */
	dl = strlen(rdir);
	if (!(strncmp(rfile, rdir, dl) == 0 &&
	    (rfile[dl] == '/' || (dl == 1 && rdir[0] == '/'))))
		return fail(L, s, L->first_line, DL_EINPUT,
		    "$INCLUDE '%s' points outside the folder '%s'", file,
		    s->dir);
confined:
	if ((rc = owner_full(L, s)) != 0)
		return rc;
	memcpy(saved_origin, L->origin, L->olen + 1);
	saved_olen = L->olen;
	memcpy(saved_owner, L->owner, L->ownlen + 1);
	saved_ownlen = L->ownlen;
	saved_have_owner = L->have_owner;
	if (L->ntok == 3) {
		if ((rc = make_name(L, s, &L->tok[2], name, &len)) != 0 ||
		    (rc = set_origin(L, s, name, len)) != 0)
			return rc;
	}
	saved_have_dttl = L->have_dttl;
	saved_dttl = L->dttl;
	saved_soa = L->dttl_soa;
	saved_outer = L->have_outer;
	if ((rc = load_src(L, path, s->depth + 1)) != 0)
		return rc;
	/*
	 * BIND keeps a $TTL the included file set; NSD and Knot go back to
	 * the one before the $INCLUDE (3600 when there was none).
	 */
	if (L->have_dttl != saved_have_dttl || L->dttl != saved_dttl ||
	    L->dttl_soa != saved_soa) {
		L->have_outer = 1;
		L->outer_set = saved_have_dttl && !saved_soa;
		L->outer_dttl = saved_dttl;
	} else
		L->have_outer = saved_outer;
	memcpy(L->owner, saved_owner, saved_ownlen + 1);
	L->ownlen = saved_ownlen;
	L->raw = 0;
	L->have_owner = saved_have_owner;
	L->ownhash = 0;
	L->ownidx = ZNONE;
	return set_origin(L, s, saved_origin, saved_olen);
}

static int
do_directive(struct loader *L, struct src *s)
{
	const struct tok *t = &L->tok[0];
	char name[NAME_BUF], v[80];
	size_t len;
	int r, rc;

	if (t->len == 7 && ci_eq(t->p, "$origin", 7)) {
		if (L->ntok != 2)
			return fail(L, s, L->first_line, DL_EINPUT,
			    "$ORIGIN takes exactly one name");
		if ((rc = make_name(L, s, &L->tok[1], name, &len)) != 0)
			return rc;
		return set_origin(L, s, name, len);
	}
	if (t->len == 4 && ci_eq(t->p, "$ttl", 4)) {
		if (L->ntok != 2)
			return fail(L, s, L->first_line, DL_EINPUT,
			    "$TTL takes exactly one value");
		t = &L->tok[1];
		r = t->flags ? -1 : parse_ttl(t->p, t->len, &L->dttl);
		if (r != 0)
			return ttl_error(L, s, t, r, "$TTL");
		L->have_dttl = 1;
		L->dttl_soa = 0;
		/* In the file that states it, every server agrees. */
		L->have_outer = 0;
		return 0;
	}
	if (t->len == 8 && ci_eq(t->p, "$include", 8))
		return do_include(L, s);
	tok_copy(t, v, sizeof(v));
	return fail(L, s, L->first_line, DL_EINPUT,
	    "directive '%s' is not supported", v);
}

/* Every record of s, whose buffer is set up. */
static int
scan_src(struct loader *L, struct src *s)
{
	int rc;

	while ((rc = scan_record(L, s)) > 0) {
		if (L->ntok == 0)
			continue;
		if (!L->blank_owner && L->tok[0].p[0] == '$' &&
		    !(L->tok[0].flags & T_QUOTED))
			rc = do_directive(L, s);
		else
			rc = do_record(L, s);
		if (rc != 0)
			break;
	}
	return rc;
}

/*
 * s->path through L->reader: the whole text at once, named in messages
 * with the reader's prefix.
 */
static int
load_reader_src(struct loader *L, struct src *s)
{
	const char *path = s->path;
	char *name = NULL;
	size_t len;
	int rc;

	s->fd = -1;
	s->eof = 1;
	if (asprintf(&name, "%s%s", L->reader->prefix, path) == -1)
		return nomem(L, NULL);
	s->path = name;
	if ((rc = L->reader->read(L->reader->arg, path, &s->buf, &len,
	    L->err)) != 0) {
		if (rc > 0)
			rc = fail(L, s, 0, DL_EIO, "no such file");
		goto out;
	}
	if (len == 0 && s->depth == 0) {
		rc = fail(L, s, 0, DL_EINPUT, "the file is empty");
		goto out;
	}
	if (s->depth > 0 && (L->inc_bytes += len) > INCLUDE_BYTES_MAX) {
		rc = fail(L, s, s->line, DL_EINPUT, "$INCLUDE files hold "
		    "more than %d MiB in all", INCLUDE_BYTES_MAX / 1024 / 1024);
		goto out;
	}
	s->cap = s->end = len;
	s->buf[len] = '\0';
	if ((s->dir = dl_path_dir(path)) == NULL) {
		rc = nomem(L, s);
		goto out;
	}
	rc = scan_src(L, s);
out:
	free(s->buf);
	free(s->dir);
	free(name);
	return rc;
}

static int
load_src(struct loader *L, const char *path, int depth)
{
	struct src s;
	struct stat st;
	char e[128];
	int rc;

	memset(&s, 0, sizeof(s));
	s.path = path;
	s.depth = depth;
	s.line = 1;
	if (L->reader != NULL)
		return load_reader_src(L, &s);
	if ((s.fd = dl_file_open(path, &st)) == DL_FILE_NOT_REGULAR)
		return fail(L, &s, 0, DL_EINPUT, "not a regular file but %s",
		    dl_file_kind(st.st_mode));
	if (s.fd == -1)
		return fail(L, &s, 0, errno == ENOMEM ? DL_ENOMEM : DL_EIO,
		    "cannot open the file: %s", errstr(errno, e, sizeof(e)));
	if (st.st_size == 0 && depth == 0) {
		rc = fail(L, &s, 0, DL_EINPUT, "the file is empty");
		goto out;
	}
	(void)posix_fadvise(s.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if ((s.dir = dl_path_dir(path)) == NULL ||
	    (s.buf = malloc(BUF_INIT + 1)) == NULL) {
		rc = nomem(L, &s);
		goto out;
	}
	s.cap = BUF_INIT;
	s.buf[0] = '\0';
	rc = scan_src(L, &s);
out:
	close(s.fd);
	free(s.buf);
	free(s.dir);
	return rc;
}

static void
malloc_tune(void)
{
#if defined(__GLIBC__)
	static int done;

	if (done)
		return;
	done = 1;
	(void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	(void)mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remember which owners a filtered load keeps whole: the filter's. */
static int
keep_owner_list(struct dl_zone *z, const struct dl_zone_filter *f)
{
	size_t i, n = f->owners != NULL ? f->n_owners : 0;

	if ((z->kept = calloc(n + 1, sizeof(*z->kept))) == NULL)
		return DL_ENOMEM;
	for (i = 0; i < n; i++)
		if ((z->kept[z->nkept++] = strdup(f->owners[i])) == NULL)
			return DL_ENOMEM;
	qsort(z->kept, z->nkept, sizeof(*z->kept), cmp_str);
	return 0;
}

/* An octoDNS zone file, from the file system or through reader. */
static int
load_octodns(const char *path, const char *origin,
    const struct dl_zone_reader *reader, struct dl_zone **out,
    struct dl_error *err)
{
	char *name = NULL, *buf = NULL;
	size_t len;
	int rc;

	if (reader == NULL)
		return dl_octodns_load(path, origin, out, err);
	if (asprintf(&name, "%s%s", reader->prefix, path) == -1)
		return DL_ENOMEM;
	if ((rc = reader->read(reader->arg, path, &buf, &len, err)) > 0) {
		dl_error_set(err, name, 0, 0, "no such file");
		rc = DL_EIO;
	}
	if (rc == 0)
		rc = dl_octodns_load_buffer(name, buf, len, origin, out, err);
	free(buf);
	free(name);
	return rc;
}

int
dl_zone_load_file(const char *path, const char *origin,
    const struct dl_zone_filter *filter, struct dl_zone **out,
    struct dl_error *err)
{
	return dl_zone_load_reader(path, origin, filter, NULL, out, err);
}

int
dl_zone_load_reader(const char *path, const char *origin,
    const struct dl_zone_filter *filter, const struct dl_zone_reader *reader,
    struct dl_zone **out, struct dl_error *err)
{
	struct loader *L;
	struct dl_zone *z;
	struct tok t;
	char name[NAME_BUF];
	size_t len;
	int rc;

	*out = NULL;
	if (dl_octodns_is_file(path))
		return load_octodns(path, origin, reader, out, err);
	tables_init();
	if ((L = calloc(1, sizeof(*L))) == NULL ||
	    (z = calloc(1, sizeof(*z))) == NULL) {
		free(L);
		dl_error_set(err, path, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	L->z = z;
	L->err = err;
	L->reader = reader;
	L->ownidx = ZNONE;
	z->soa = ZNONE;
	z->whole = L->whole = filter == NULL || filter->whole;
	if (L->whole)
		malloc_tune();
	if (reader != NULL ? asprintf(&z->file, "%s%s", reader->prefix,
	    path) == -1 : (z->file = strdup(path)) == NULL) {
		z->file = NULL;
		rc = nomem(L, NULL);
		goto out;
	}

	/* The zone origin, made absolute and lower case relative to ".". */
	L->origin[0] = '.';
	L->origin[1] = '\0';
	L->olen = 1;
	t.p = origin;
	t.len = strlen(origin);
	t.flags = strchr(origin, '\\') ? T_ESC : 0;
	if (t.len == 0 || (t.len == 1 && origin[0] == '@')) {
		rc = fail(L, NULL, 0, DL_EINPUT, "bad zone origin '%s'",
		    origin);
		goto out;
	}
	L->first_line = 0;
	if ((rc = make_name(L, NULL, &t, name, &len)) != 0)
		goto out;
	if ((z->origin = strdup(name)) == NULL) {
		rc = nomem(L, NULL);
		goto out;
	}
	L->zorigin = z->origin;
	L->zolen = len;
	(void)set_origin(L, NULL, name, len);

	if (!L->whole &&
	    ((rc = ownerset_init(&L->owners, filter->owners,
	    filter->owners ? filter->n_owners : 0)) != 0 ||
	    (rc = mentions_init(L, filter->mentions,
	    filter->mentions ? filter->n_mentions : 0)) != 0)) {
		rc = nomem(L, NULL);
		goto out;
	}

	if (!L->whole && (rc = keep_owner_list(z, filter)) != 0) {
		rc = nomem(L, NULL);
		goto out;
	}
	if ((rc = load_src(L, path, 0)) != 0)
		goto out;
	if (z->soa == ZNONE) {
		rc = DL_EINPUT;
		dl_error_set(err, path, 0, 0, "no SOA record at '%s'",
		    z->origin);
		goto out;
	}
	if (L->ttl_raised > 0 && asprintf(&z->ttl_note, "%zu record%s "
	    "without a TTL (the first at line %u%s%s) %s read with the "
	    "largest TTL BIND, NSD and Knot would serve: %s%s%s",
	    L->ttl_raised, L->ttl_raised == 1 ? "" : "s", L->ttl_raised_line,
	    strcmp(L->ttl_raised_file, z->file) == 0 ? "" : " of ",
	    strcmp(L->ttl_raised_file, z->file) == 0 ? "" : L->ttl_raised_file,
	    L->ttl_raised == 1 ? "is" : "are",
	    L->ttl_why & TTL_NO_DTTL ? "no $TTL before them" : "",
	    L->ttl_why == (TTL_NO_DTTL | TTL_INCLUDE) ? ", or " : "",
	    L->ttl_why & TTL_INCLUDE ? "a $TTL set in an $INCLUDE file" :
	    "") == -1) {
		z->ttl_note = NULL;
		rc = nomem(L, NULL);
		goto out;
	}
	*out = z;
	z = NULL;
out:
	ownerset_free(&L->owners);
	for (len = 0; len < L->nmentions; len++)
		free(L->mentions[len].s);
	free(L->mentions);
	ldns_rdf_deep_free(L->origin_rdf);
	free(L->soa_file);
	free(L->ttl_raised_file);
	free(L->tok);
	free(L->line);
	free(L);
	dl_zone_free(z);
	return rc;
}

void
dl_zone_free(struct dl_zone *z)
{
	struct chunk *c, *next;
	size_t i;

	if (z == NULL)
		return;
	for (i = 0; i < z->nrecs; i++)
		if (!z->recs[i].in_arena)
			ldns_rr_free(z->recs[i].rr);
	for (c = z->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	for (i = 0; i < z->nknown; i++)
		free(z->known[i].owner);
	free(z->known);
	free(z->kidx);
	free(z->addowner);
	for (i = 0; i < z->nkept; i++)
		free(z->kept[i]);
	free(z->kept);
	free(z->recs);
	free(z->owners);
	free(z->tab);
	free(z->file);
	free(z->origin);
	free(z->ttl_note);
	free(z);
}

static uint32_t
lookup(const struct dl_zone *z, const char *owner)
{
	size_t len;

	if (z == NULL || owner == NULL)
		return ZNONE;
	len = strlen(owner);
	return zone_find_owner(z, owner, len, hash_str(owner, len));
}

/* The records of owner index o in z of type, as a list; NULL: no memory. */
static ldns_rr_list *
owner_rrset(const struct dl_zone *z, uint32_t o, uint16_t type)
{
	ldns_rr_list *l;
	uint32_t i;

	if ((l = ldns_rr_list_new()) == NULL)
		return NULL;
	for (i = o == ZNONE ? ZNONE : z->owners[o].first; i != ZNONE;
	    i = z->recs[i].next)
		if (z->recs[i].type == type &&
		    !ldns_rr_list_push_rr(l, z->recs[i].rr)) {
			ldns_rr_list_free(l);
			return NULL;
		}
	return l;
}

ldns_rr_list *
dl_zone_rrset(const struct dl_zone *z, const char *owner, ldns_rr_type type)
{
	return owner_rrset(z, lookup(z, owner), type);
}

unsigned
dl_zone_rrset_line(const struct dl_zone *z, const char *owner,
    ldns_rr_type type)
{
	uint32_t o, i;

	if ((o = lookup(z, owner)) == ZNONE)
		return 0;
	for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next)
		if (z->recs[i].type == type)
			return z->recs[i].line;
	return 0;
}

int
dl_zone_has_name(const struct dl_zone *z, const char *owner)
{
	return lookup(z, owner) != ZNONE;
}

const ldns_rr *
dl_zone_soa(const struct dl_zone *z)
{
	return z->soa == ZNONE ? NULL : z->recs[z->soa].rr;
}

size_t
dl_zone_record_count(const struct dl_zone *z)
{
	return z->count;
}

size_t
dl_zone_kept_count(const struct dl_zone *z)
{
	return z->nrecs;
}

const ldns_rr *
dl_zone_kept(const struct dl_zone *z, size_t i)
{
	return i < z->nrecs ? z->recs[i].rr : NULL;
}

unsigned
dl_zone_kept_line(const struct dl_zone *z, size_t i)
{
	return i < z->nrecs ? z->recs[i].line : 0;
}

const char *
dl_zone_kept_owner(const struct dl_zone *z, size_t i)
{
	return z->owners[z->recs[i].owner].name;
}

/*
 * Mark the first record (in file order) of every RRset: one pass over
 * each owner's records with a bitmap of the types seen there.  Asking the
 * chain for each record instead was quadratic in an owner's records: a
 * diff of an apex with 40,000 TXT and 40,000 A records took 5.6 s.
 */
static void
mark_first(struct dl_zone *z)
{
	uint64_t seen[65536 / 64];
	size_t o;
	uint32_t i;
	uint16_t t;

	memset(seen, 0, sizeof(seen));
	for (o = 0; o < z->nowners; o++) {
		for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next) {
			t = z->recs[i].type;
			z->recs[i].first = !(seen[t / 64] >> (t % 64) & 1);
			seen[t / 64] |= (uint64_t)1 << (t % 64);
		}
		for (i = z->owners[o].first; i != ZNONE; i = z->recs[i].next)
			seen[z->recs[i].type / 64] = 0;
	}
	z->nmarked = z->nrecs;
}

int
dl_zone_kept_first(const struct dl_zone *z, size_t i)
{
	/* Worked out once, when first asked (records only ever grow). */
	if (z->nmarked != z->nrecs)
		mark_first((struct dl_zone *)z);
	return z->recs[i].first;
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
	const struct zowner *o = &z->owners[z->recs[i].owner], *n;
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

ldns_rr_list *
dl_zone_kept_rrset(const struct dl_zone *z, size_t i)
{
	return owner_rrset(z, z->recs[i].owner, z->recs[i].type);
}

int
dl_zone_rrset_compare(const struct dl_zone *z, size_t i,
    const struct dl_zone *other, uint32_t *hint)
{
	uint16_t type = z->recs[i].type;
	uint32_t o, a, b;
	ldns_rr_list *x, *y;
	int same;

	if ((o = find_near(z, i, other, hint)) == ZNONE)
		return DL_RRSET_ABSENT;
	/* In step, record for record: the same RRset written the same way. */
	a = z->owners[z->recs[i].owner].first;
	b = other->owners[o].first;
	for (;;) {
		while (a != ZNONE && z->recs[a].type != type)
			a = z->recs[a].next;
		while (b != ZNONE && other->recs[b].type != type)
			b = other->recs[b].next;
		if (a == ZNONE || b == ZNONE ||
		    !rr_identical(z->recs[a].rr, other->recs[b].rr))
			break;
		a = z->recs[a].next;
		b = other->recs[b].next;
	}
	if (a == ZNONE && b == ZNONE)
		return DL_RRSET_SAME;
	/* Otherwise as sets: order, duplicates and name case aside. */
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
	if (n == 0 || s[n - 1] != '.' || escaped(s, n - 1)) {
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

struct rdkey {
	uint16_t	 type;
	size_t		 len;
	uint8_t		*data;
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
		if ((b = ldns_buffer_new(256)) == NULL)
			goto fail;
		for (j = 0; j < ldns_rr_rd_count(rr); j++)
			(void)ldns_rdf2buffer_wire_canonical(b,
			    ldns_rr_rdf(rr, j));
		if (ldns_buffer_status(b) != LDNS_STATUS_OK) {
			ldns_buffer_free(b);
			goto fail;
		}
		k[i].type = (uint16_t)ldns_rr_get_type(rr);
		k[i].len = ldns_buffer_position(b);
		k[i].data = ldns_buffer_export(b);
		ldns_buffer_free(b);
		if (k[i].data == NULL)
			goto fail;
	}
	qsort(k, cnt, sizeof(*k), rdkey_cmp);
	return k;
fail:
	for (j = 0; j < i; j++)
		free(k[j].data);
	free(k);
	return NULL;
}

int
dl_rrset_rdata_equal(const ldns_rr_list *a, const ldns_rr_list *b)
{
	struct rdkey *ka, *kb;
	size_t na, nb, i = 0, j = 0;
	int eq = 1;

	ka = rdkeys(a, &na);
	kb = rdkeys(b, &nb);
	if (ka == NULL || kb == NULL)
		eq = 0;		/* cannot tell: "different" is the safe answer */
	while (eq && (i < na || j < nb)) {
		if (i == na || j == nb || rdkey_cmp(&ka[i], &kb[j]) != 0) {
			eq = 0;
			break;
		}
		/* Skip duplicates on both sides. */
		while (i + 1 < na && rdkey_cmp(&ka[i], &ka[i + 1]) == 0)
			i++;
		while (j + 1 < nb && rdkey_cmp(&kb[j], &kb[j + 1]) == 0)
			j++;
		i++;
		j++;
	}
	for (i = 0; ka != NULL && i < na; i++)
		free(ka[i].data);
	for (j = 0; kb != NULL && j < nb; j++)
		free(kb[j].data);
	free(ka);
	free(kb);
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
	return zone_store(z, rr, 0, z->addowner, len, hash_str(z->addowner, len),
	    &z->addidx, line);
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
	if (z->partial)
		return 0;
	if (z->whole || strcmp(owner, z->origin) == 0)
		return 1;
	return bsearch(&owner, z->kept, z->nkept, sizeof(*z->kept),
	    cmp_str) != NULL;
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
	return under(name, strlen(name), zone, strlen(zone));
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
	/* A file: whole, or filtered to owners kept with every record. */
	if (!z->partial)
		return dl_zone_owner_whole(z, owner);
	if (z->kidx_size == 0)
		return 0;
	return z->kidx[known_slot(z, owner, type)] != 0;
}
