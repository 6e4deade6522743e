/*
 * zone.c - master files read by Knot DNS's libzscanner, kept in wire form.
 *
 * Every record of every file (the zone file and each $INCLUDE) is parsed
 * and checked by libzscanner, whatever the filter asks for: a record that
 * is out of range (MX 70000, A 192.0.2.300) is an error at any name.  Each
 * record is kept as wire RDATA (in the zone's RDATA buffer) with its
 * owner index, type, TTL and line; an ldns_rr is built (ldns_wire2rr())
 * only when a caller asks for one, and cached.  The filter does not
 * decide what is read but what dl_zone_kept() walks: the whole zone is
 * indexed, so every RRset of a file is known (dl_zone_rrset_known()).
 * A lean load (struct dl_zone_filter) stores only the runs of records
 * at owners a check reads (run_close()) and keeps the others' types as
 * facts; what it cannot vouch for sends it back here (LEAN_AGAIN).
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
 *   that), and dl_zone_ttl_note() says so.  libzscanner fills in its own
 *   default TTL, so the scanner's default is set to TTL_UNSET before each
 *   record: a record still carrying it had no TTL, and a default that is
 *   no longer TTL_UNSET was set by a $TTL.  (An explicit TTL of
 *   4294967295 cannot be told from none; it is above TTL_MAX anyway.)
 * - The TTL syntax is libzscanner's, which is dl_duration_parse()'s
 *   (dtime.h): seconds or number-unit pairs, "1h1h" included.
 * - A TTL above 2147483647 is an error (RFC 2181 section 8).
 * - A record whose owner is not at or below the zone origin is an error,
 *   as in BIND; so is an SOA anywhere but the apex, and a second SOA that
 *   differs from the first (the same one again is merged).
 * - $INCLUDE FILE [ORIGIN]: libzscanner hands the directive back; FILE is
 *   relative to the including file's folder and must resolve (symbolic
 *   links followed) below that folder; absolute paths are refused; at
 *   most 4 levels of nesting, 1,000 files and 256 MiB.  The included file
 *   starts with ORIGIN (absolute, as libzscanner requires) or the current
 *   origin, and the current owner; both are restored afterwards (RFC 1035
 *   section 5.1).
 * - Line numbers in errors and in dl_zone_*_line() are the first physical
 *   line of the record, in the file the record is in.
 */

#include <sys/mman.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <ldns/ldns.h>
#include <libzscanner/scanner.h>

#include "bigmem.h"
#include "error.h"
#include "file.h"
#include "octodns.h"
#include "par.h"
#include "zone.h"

/* NSD's and Knot's TTL for a record without one and no $TTL. */
#define NSD_KNOT_TTL	3600
/* Why a TTL was raised to what other servers serve (loader ttl_why). */
#define TTL_NO_DTTL	0x1	/* no $TTL: BIND's rule, not 3600 */
#define TTL_INCLUDE	0x2	/* a $TTL set in an $INCLUDE file */
#define TTL_UNSET	UINT32_MAX	/* the scanner's default: no TTL */

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
#define HUGE_PAGE	DL_BIGMEM_PAGE
#define PEND_MAX	16		/* loader pend */
#define LEAN_FROM	(16 * 1024)	/* a lean load's smallest file */
#define LEAN_AGAIN	(-100)		/* a lean load must read again */
#define TEXT_AGAIN	(-101)		/* read again, the text checked first */
#define TEXT_NUL	1		/* text_flags() */
#define TEXT_COPY	2
#define LOAD_LEAN	1u		/* load_zone(): a lean load */
#define LOAD_EAGER	2u		/* ... the text checked before the scan */
#define RUN_SETS	16		/* RRsets a lean run tells apart */
#define NS_LEAN		64		/* apex nameservers a lean load stores */
#define SPLIT_MIN	(4 * 1024 * 1024)	/* a file read in two halves */
#define SPLIT_AFTER	64		/* records read before the split */
#define SPLIT_SEEK	(1024 * 1024)	/* to find a line to split at */
#define STEAL_MIN	(1024 * 1024)	/* split_steal(): smallest part */
#define STEAL_AHEAD	(512 * 1024)	/* ... its distance from the worker */
#define SAY_STEP	(64 * 1024)	/* a half says how far it is */
#define DROP_STEP	(4 * 1024 * 1024)	/* drop_read() */
#define DROP_KEEP	(64 * 1024)
#define READ_AHEAD	(1024 * 1024)	/* read_ahead() */

/* One text being scanned, and where its last record ended. */
struct src {
	const char	*path;		/* for messages */
	char		*dir;		/* folder that $INCLUDE is relative to */
	int		 depth;		/* $INCLUDE nesting, 0 for the zone file */
	const char	*text;
	size_t		 len;
	const char	*mark;		/* end of the last record */
	unsigned	 mark_line;	/* the line mark is on */
	/*
	 * text is a file mapped: the pages read so far up to dropped are
	 * given back (drop_read()), and those up to ahead are mapped
	 * (read_ahead()); both NULL when text is not mapped.
	 */
	const char	*dropped;
	const char	*ahead;
	/*
	 * A large file checked as it is read (text_upto()): the bytes before
	 * checked are; NULL when the whole text was before the scan.
	 */
	const char	*checked;
};

/*
 * Records and owners, kept small: a whole zone has millions (24 bytes a
 * record, 24 an owner, its name and its RDATA).  A record read from a
 * file is its wire RDATA (at rd in the zone's rdata buffer) and its
 * ldns_rr is built when first asked for (rrs, allocated then); one added
 * with dl_zone_add() is its rr.  A zone is one or the other: loaded.
 */
struct zrec {
	uint32_t	 rd;		/* offset of the wire RDATA in rdata */
	uint32_t	 next;		/* next record at that owner */
	uint32_t	 owner;		/* index into owners */
	uint32_t	 ttl;
	unsigned	 line;
	uint16_t	 type;
	uint16_t	 rdlen;
};

struct zowner {
	const char	*name;		/* in the zone's string arena */
	uint32_t	 len;
	uint32_t	 hash;
	uint32_t	 first, last;	/* records at this owner, file order */
};

/* The hash is in the slot so a miss does not touch the owner. */
struct zslot {
	uint32_t	 idx;		/* owner index + 1; 0 is empty */
	uint32_t	 hash;
};

/*
 * A lean load's facts (struct dl_zone_filter): every owner of the file,
 * a word each: 48 bits of name_key() of its name above 16 bits of what
 * its records are (the DL_NT_* types, FT_OTHER, FT_STORED, and FT_SETS:
 * a bit for its RRsets' keys, so two runs of records at one name can be
 * told to share none).  The table is in parts, each a region of its own
 * sized for the owners it holds; open addressing within the region from
 * fact_slot() (the key's high bits: a name is taken for another only
 * when both their tags and their places agree).
 *
 * As the file is read, each loader (the first half, each part a worker
 * read) writes its owners' words to a log of its own, by the part of the
 * table they belong to (struct ownlog); once the file is read the table
 * is built a part at a time on both processors (facts_build()).  Putting
 * each owner straight into a table of millions was a cache and TLB miss
 * per owner that no prefetch hid while libzscanner read on (a fifth of
 * a 1M-record lean load), and a compare-and-swap, the halves sharing it.
 * A file too small to be read in halves has a small table, one part,
 * sized from its length: its loader puts each owner in as it is read,
 * as its log's pages would cost more than the table's misses.  A search
 * longer than FACT_PROBE slots (such a table near full, or names that
 * share a place) sends the load back to the whole index.
 */
#define FT_NT		0x3fu		/* the DL_NT_* bits */
#define FT_OTHER	0x40u		/* data beside a CNAME (not RRSIG, NSEC) */
#define FT_STORED	0x80u		/* the owner's records are stored */
#define FT_SETS		0xff00u
#define FT_BITS		0xffffu
#define FACT_PARTS	64		/* the table's parts, at most */
#define FACT_PART_TEXT	(512 * 1024)	/* ... one per this much text */
#define OWNLOG_CHUNK	512		/* words: a link, then owners */
#define BAD_EVERY	4096		/* owners between looks at bad */
#define FACT_BATCH	16		/* owners put at once (facts_build()) */
#define FACT_PROBE	256

struct facts {
	uint64_t	*slot;		/* 0: empty; NULL until built */
	size_t		 size;
	size_t		 maplen;	/* slot's for dl_bigmem_free() */
	int		 direct;	/* a small file's, put in as read */
	unsigned	 parts;
	size_t		 base[FACT_PARTS + 1];	/* part p: base[p] on */
	/* A half found the load can't be lean: read by both, set once. */
	_Alignas(64) atomic_int bad;
	/* An owner was read in two runs (facts_build()). */
	atomic_int	 scattered;
};

/*
 * A loader's owners for the facts, by the table's part: chunks of
 * OWNLOG_CHUNK words in one table, each a link (the part's chunk before
 * it, + 1; 0: none) and words; head: the part's last chunk, + 1.  Those
 * of the parts a worker read follow the first half's (next).
 */
struct ownlog {
	uint64_t	*w;
	size_t		 nchunks, capchunks;
	uint32_t	 head[FACT_PARTS];
	uint32_t	 n[FACT_PARTS];		/* words in the last chunk */
	size_t		 count[FACT_PARTS];	/* in all */
	struct ownlog	*next;
};

/*
 * Owners put in the table: one processor's share of its parts
 * (facts_build()), or a small file's loader's, as it reads.
 */
struct fbuild {
	struct facts	*f;
	const struct ownlog *logs;
	unsigned	 first, end;	/* its parts: first to end */
	int		 again;		/* the load can't be lean */
	int		 scattered;	/* an owner in two runs */
};

/*
 * A lean load answers the log's entries as it reads where it can
 * (run_close()): the last owners read, and the entries still waiting
 * for an owner, in RECENT places each by a few bits of the key.  Such an
 * answer is the owner's whole when no owner of the file is in two runs;
 * else every entry is looked up once the file is read (lean_resolve()).
 */
#define RECENT		64
#define TLOG_KNOWN	0x80u	/* in a log entry's type byte: answered */
#define RECENT_AT(key)	((size_t)((key) >> 40) & (RECENT - 1))
#define RECENT_TAG(key)	(fact_tag(key) | 1)	/* 0: a place empty */

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

/*
 * A table of pointers by index, allocated when the first is set, with a
 * bit per entry that says whether it was.  Entries never set are never
 * read: on calloc(3)'s zero pages, a read maps the shared zero page and
 * the write after it copies the page and flushes the other processors'
 * TLBs; on a diff read on two threads that was a tenth of the time.
 */
struct lazy {
	void		**v;
	uint64_t	*set;
	size_t		 cap;
	size_t		 vlen;	/* v's for dl_bigmem_free() */
};

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

struct dl_zone {
	char		*file;
	char		*origin;
	char		*ttl_note;	/* dl_zone_ttl_note() */
	int		 whole;		/* every record kept (walked) */
	int		 loaded;	/* read from a file: every RRset known */
	size_t		 count;		/* every record in the file */
	struct zrec	*recs;
	size_t		 nrecs, caprecs;
	/* A filtered load: the records dl_zone_kept() walks. */
	uint32_t	*walk;
	size_t		 nwalk, capwalk;
	struct zowner	*owners;
	size_t		 nowners, capowners;
	struct zslot	*tab;
	size_t		 tablen;	/* tab's for dl_bigmem_free() */
	size_t		 tabsize;	/* a power of two */
	struct chunk	*arena;
	uint8_t		*rdata;		/* wire RDATA of a loaded zone */
	size_t		 nrdata, caprdata;
	/* The arena's first chunk (zone_reserve()); 0: the smallest. */
	size_t		 arena_first;
	/*
	 * Each record's ldns_rr, by index: a built zone's records, or those
	 * of a loaded zone built so far (allocated when the first is).
	 */
	struct lazy	 rrs;
	struct lazy	 ordf;		/* owner names as rdfs, once built */
	uint64_t	*firsts;	/* bit per record: first of its RRset */
	uint32_t	 soa;		/* index into recs, ZNONE */
	int		 partial;	/* built from answers: see known */
	struct zknown	*known;		/* RRsets answered, when partial */
	size_t		 nknown, capknown;
	/* known by owner and type: open addressing, index + 1, 0 empty */
	size_t		*kidx;
	size_t		 kidx_size;	/* a power of two */
	uint32_t	 addidx;	/* dl_zone_add()'s owner cache */
	char		*addowner;
	size_t		 nmarked;	/* records mark_first() has seen */
	/*
	 * The file each record was read from, as runs of records: from
	 * record first on, file (NULL: the zone's own file).  Only zones with
	 * $INCLUDEd files have more than one.
	 */
	struct zseg {
		uint32_t	 first;
		const char	*file;
	}		*segs;
	size_t		 nsegs, capsegs;
	/*
	 * The caches above (rrs, ordf, firsts) are filled when first asked
	 * for, by whichever thread asks (the engine runs rules on two):
	 * under this lock.
	 */
	pthread_mutex_t	 cache_lock;
	/*
	 * A lean load (struct dl_zone_filter): the facts of every owner, and
	 * whether a question went past what was stored; how to read the file
	 * again (dl_zone_reload()).
	 */
	struct facts	*facts;
	atomic_int	 missed;
	/*
	 * Its NS and MX records at owners not stored (tlog_add()):
	 * dl_zone_lean_targets().  Two logs when the file was read in two
	 * halves, the first half's first.  owire: the origin in wire form.
	 */
	char		*tlog[2];
	size_t		 ntlog[2];
	int		 tresolved;	/* lean_resolve() done */
	size_t		 topen;		/* entries it has to look up */
	uint8_t		 owire[256];
	size_t		 owlen;
	char		*path;
	const struct dl_zone_reader *reader;
};

/* Record r's wire RDATA (a loaded zone's). */
static const uint8_t *
rec_rd(const struct dl_zone *z, const struct zrec *r)
{
	return z->rdata + r->rd;
}

/* Is record i the first (in file order) of its RRset?  After mark_first(). */
static int
rec_first(const struct dl_zone *z, uint32_t i)
{
	return (int)(z->firsts[i / 64] >> (i % 64) & 1);
}

/*
 * What a record without a TTL gets, as a reading of the file goes: the
 * TTL decisions at the top of this file.
 */
struct ttlstate {
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
};

/* A name or address the filter's records must mention. */
struct mention {
	char		*s;		/* lower case, no trailing dot */
	size_t		 len;
	uint8_t		 wire[256];	/* a name: lower case wire form */
	size_t		 wlen;		/* 0: not a name */
	int		 af;		/* AF_INET, AF_INET6 or 0 */
	uint8_t		 addr[16];
};

struct ownerset {
	char		**keys;		/* NULL is empty */
	size_t		*lens;
	uint64_t	*hashes;
	uint64_t	*wkeys;		/* name_key()s, 0 is empty */
	uint64_t	 sig[SIG_BITS / 64]; /* label_sig() of first labels */
	size_t		 size;		/* a power of two, or 0 */
};

struct loader {
	struct dl_zone	*z;
	struct dl_error	*err;
	const char	*zorigin;
	size_t		 zolen;
	uint8_t		 zwire[256];	/* the zone origin, lower case wire */
	size_t		 zwlen;
	int		 whole;
	struct ownerset	 owners;
	struct mention	*mentions;
	size_t		 nmentions;

	/*
	 * The owner of the last record, to skip the conversion: in wire
	 * form, lower case, in one of wbuf, the next owner read into the
	 * other (do_record()).
	 */
	uint8_t		*lastwire;
	size_t		 lastwlen;
	uint8_t		 wbuf[2][256];
	char		 lastname[NAME_BUF];
	int		 lastkeep;	/* the owner alone keeps its records */
	/*
	 * Records whose owner is not interned yet (intern_flush()): a
	 * lookup in the owner table of a large zone is a cache miss, so
	 * the slot is fetched ahead and the lookups are done a few records
	 * later, together.  len 0: the owner of the record before.
	 */
	struct {
		uint32_t	 rec;
		uint32_t	 len;
		uint64_t	 hash;
	}		 pend[PEND_MAX];
	size_t		 npend;
	char		 pnames[PEND_MAX][NAME_BUF];
	uint32_t	 curown;	/* the last interned owner */
	/*
	 * The second half of a split file (struct split): owners are not
	 * interned but kept, for the first half's loader to intern after
	 * its own: for each record in order, in dnames, two bytes of
	 * length and the name with its NUL (length 0: the owner of the
	 * record before, no name).
	 */
	int		 worker;
	char		*dnames;
	size_t		 ndnames, capdnames;

	struct ttlstate	 ts;
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
	const struct src *seg_src;	/* the file of the last record read */

	/*
	 * A lean load: the run of records at one owner being read (stored
	 * only when wanted: run_open(), do_record(), run_close()), and the
	 * apex nameservers, whose addresses are stored.
	 */
	int		 lean;
	int		 eager;		/* check the text before the scan */
	struct facts	*facts;		/* shared with a split's worker */
	int		 split_seen;	/* a worker reads the second half */
	uint32_t	 run_first;	/* its first record, when stored */
	uint32_t	 run_recs;	/* records in it; 0: none open */
	uint32_t	 run_gone;	/* of them not stored (do_record()) */
	int		 run_store;
	uint32_t	 run_bits;	/* DL_NT_*, FT_OTHER, FT_SETS */
	char		 run_name[NAME_BUF];	/* run_owner() */
	size_t		 run_len;	/* 0: not written out yet */
	uint64_t	 run_key;	/* name_key() */
	struct {
		uint32_t	 key;	/* type | covered << 16 */
		uint32_t	 ttl;
		uint32_t	 n;
	}		 run_sets[RUN_SETS];
	int		 run_nsets;
	uint64_t	 ns_hash[NS_LEAN];
	int		 n_ns;
	/*
	 * Owners for the facts (struct ownlog), and how many so far; or
	 * those of a small file put in as read (fput), a batch at a time
	 * (fq: their slots fetched first, fact_queue()).
	 */
	struct ownlog	*own;
	size_t		 nown;
	struct fbuild	 fput;
	uint64_t	 fq[FACT_BATCH];
	size_t		 nfq;
	/*
	 * The run's log entries' targets: two words each, the name_key()
	 * and the entry's offset (tlog_add()); and what run_close() answers
	 * them from (RECENT).
	 */
	uint64_t	*run_ask;
	size_t		 nrun_ask, caprun_ask;	/* caprun_ask: bytes */
	struct {
		uint64_t	 tag;
		uint64_t	 w;	/* recent: the word; waiting: offset */
	}		 recent[RECENT], waiting[RECENT];
	size_t		 nopen;		/* entries not answered so far */
	/*
	 * NS and MX records at owners not stored (tlog_add()), as the zone
	 * keeps them (struct dl_zone's tlog); run_tlog: where the run's
	 * began.  tlog2: a split's second half's, when joined.
	 */
	char		*tlog, *tlog2;
	size_t		 ntlog, captlog, run_tlog, ntlog2;
};

static unsigned char lc[256];
/* A lean load's smallest file (dl_zone_set_lean_from()). */
static size_t lean_from = LEAN_FROM;
/* Bytes a label may hold that ldns prints as they are: no escape. */
static unsigned char plain[256];

/*
 * DNS case is ASCII only, whatever the locale.  Filled on first use.
 */
static void
tables_fill(void)
{
	int c;

	for (c = 0; c < 256; c++) {
		lc[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		plain[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '*' || c == '/';
	}
#if defined(__GLIBC__)
	/* Few trims of the heap while millions of records come and go. */
	(void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	(void)mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

/* Once per process, whichever thread loads a zone first. */
static void
tables_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	(void)pthread_once(&once, tables_fill);
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

static void
lower_str(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)lc[(unsigned char)*s];
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

/* Room for want entries of size bytes in *t (n used, *cap there). */
static int
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

/*
 * Room for need more bytes in *buf (used of *cap there): doubled from
 * 64 KiB, up to max bytes, through grow_table().  0, or DL_ENOMEM (*buf
 * kept).
 */
static int
bytes_room(void **buf, size_t used, size_t *cap, size_t need, size_t max)
{
	size_t c;
	void *p;

	if (*cap - used >= need)
		return 0;
	for (c = *cap ? *cap : 65536; c - used < need; c *= 2)
		;
	if (c > max || (p = grow_table(*buf, used, c, 1)) == NULL)
		return DL_ENOMEM;
	*buf = p;
	*cap = c;
	return 0;
}

/*
 * Room for a file of len bytes, taken at once: growing the tables by
 * doubling copies them, and the copy and the old one are held together.
 * The guesses (a record in 24 bytes of text, an owner in 48 for the
 * owner table, RDATA a third of the text, owner names half) only
 * reserve: pages not written cost nothing.  The owner array takes as
 * many as records: a zone of one short record an owner outgrew a guess
 * of 48 and was copied at 800k.
 * owners_too: the owners and their table too (not for a split's
 * second half, which interns none).
 */
static int
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

static int
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

/*
 * The wire form of presentation name s (n bytes; absolute, the trailing
 * dot taken as read), lower case, into out (256 bytes): its length, or 0
 * when s is no name.  \DDD and \X escapes are read as ldns reads them.
 */
static size_t
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
		out[o++] = lc[c];
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

/* The 128-bit product of a and b, its halves folded. */
static uint64_t
mul_fold(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 m = (unsigned __int128)a * b;

	return (uint64_t)m ^ (uint64_t)(m >> 64);
#else
	uint64_t lo = (uint32_t)a * (uint64_t)(uint32_t)b,
	    m1 = (a >> 32) * (uint64_t)(uint32_t)b,
	    m2 = (uint32_t)a * (b >> 32), hi = (a >> 32) * (b >> 32),
	    mid = (lo >> 32) + (uint32_t)m1 + (uint32_t)m2;

	return ((lo & 0xffffffffu) | mid << 32) ^ (hi + (m1 >> 32) +
	    (m2 >> 32) + (mid >> 32));
#endif
}

/*
 * The key of a name in a lean load's facts: a hash of its wire form (w,
 * wl bytes, lower case), which the loader has for every record without
 * writing the name out.  Sixteen bytes a multiplication (wyhash's way):
 * a million owners' keys were a twentieth of a lean load.
 */
static uint64_t
name_key(const uint8_t *w, size_t wl)
{
	const uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL,
	    k2 = 0x8ebc6af09c88c6e3ULL;
	uint64_t h = k0 ^ wl, x, y;
	size_t i = 0;

	for (; i + 16 <= wl; i += 16) {
		memcpy(&x, w + i, 8);
		memcpy(&y, w + i + 8, 8);
		h = mul_fold(x ^ k1, y ^ h);
	}
	/* The rest: eight bytes that end at the end, over those before. */
	x = y = 0;
	if (wl - i > 8) {
		memcpy(&x, w + i, 8);
		memcpy(&y, w + wl - 8, 8);
	} else if (wl >= 8)
		memcpy(&x, w + wl - 8, 8);
	else
		for (; i < wl; i++)
			x |= (uint64_t)w[i] << (8 * i);
	h = mul_fold(x ^ k1, y ^ h ^ k2);
	return mul_fold(h ^ k2, wl ^ k1);
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
	size_t i, h, len, first, size = 64, wl;
	uint8_t w[256];
	unsigned sg;
	uint64_t hash, wk;
	char *k;

	os->size = 0;
	os->keys = NULL;
	os->lens = NULL;
	os->hashes = NULL;
	os->wkeys = NULL;
	if (n == 0)
		return 0;
	/* Sparse: most lookups miss and should stop at the first slot. */
	while (size < n * 4)
		size *= 2;
	os->keys = calloc(size, sizeof(*os->keys));
	os->lens = calloc(size, sizeof(*os->lens));
	os->hashes = calloc(size, sizeof(*os->hashes));
	os->wkeys = calloc(size, sizeof(*os->wkeys));
	if (os->keys == NULL || os->lens == NULL || os->hashes == NULL ||
	    os->wkeys == NULL)
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
		if ((wl = str_wire(k, len, w)) > 0) {
			wk = name_key(w, wl) | 1;
			for (h = (size_t)wk & (size - 1); os->wkeys[h] != 0;
			    h = (h + 1) & (size - 1))
				;
			os->wkeys[h] = wk;
		}
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

/*
 * Might the name of name_key() key be in the set?  A lean load asks
 * before it writes the name out for ownerset_has().
 */
static int
ownerset_may(const struct ownerset *os, uint64_t key)
{
	size_t h;

	if (os->size == 0)
		return 0;
	key |= 1;
	for (h = (size_t)key & (os->size - 1); os->wkeys[h] != 0;
	    h = (h + 1) & (os->size - 1))
		if (os->wkeys[h] == key)
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
	free(os->wkeys);
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

/*
 * The presentation form of wire name w (lower case, absolute) into out
 * (NAME_BUF bytes), as dl_name_str() writes it.  Plain labels are done
 * here; a name with any other byte goes through ldns so escapes match.
 * Returns the length, or 0 when out of memory.
 */
static size_t
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
			if (!plain[w[i + k]])
				goto slow;
			out[o++] = (char)lc[w[i + k]];
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

/*
 * Lower-case copy of wire name w; its length.  Eight bytes a step: an
 * upper-case letter gets 0x20; label lengths (below 64) and bytes above
 * 127 stay as they are.
 */
static size_t
wire_lower(const uint8_t *w, size_t wl, uint8_t *out)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t x, low7, ge_a, gt_z;
	size_t i = 0;

	for (; i + 8 <= wl; i += 8) {
		memcpy(&x, w + i, 8);
		low7 = x & ~high;
		ge_a = low7 + (0x80 - 'A') * ones;
		gt_z = low7 + (0x80 - 'Z' - 1) * ones;
		x |= (ge_a & ~gt_z & ~x & high) >> 2;
		memcpy(out + i, &x, 8);
	}
	for (; i < wl; i++)
		out[i] = lc[w[i]];
	return wl;
}

/* Are wire names a and b (n bytes each) the same, byte for byte? */
static int
wire_same(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint64_t x, y;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Is wire name n (lower case) at or below wire name zone (lower case)? */
static int
wire_under(const uint8_t *n, size_t nl, const uint8_t *zone, size_t zl)
{
	size_t i = 0;

	while (nl - i > zl) {
		if (n[i] == 0)
			return 0;
		i += (size_t)n[i] + 1;
	}
	return nl - i == zl && memcmp(n + i, zone, zl) == 0;
}

/* Case-insensitive search for needle (lower case) in hay. */
static int
ci_find(const uint8_t *hay, size_t hl, const uint8_t *needle, size_t nl,
    int text)
{
	size_t i, j;
	unsigned char a;

	if (nl == 0 || hl < nl)
		return 0;
	for (i = 0; i + nl <= hl; i++) {
		if (lc[hay[i]] != needle[0])
			continue;
		for (j = 1; j < nl && lc[hay[i + j]] == needle[j]; j++)
			;
		if (j < nl)
			continue;
		if (!text)
			return 1;
		/* In text, at word boundaries: "ip4:192.0.2.1", "a.b." */
		if (i > 0) {
			a = lc[hay[i - 1]];
			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') ||
			    a == '-' || a == '_' || a == '.')
				continue;
		}
		if (i + nl < hl) {
			a = lc[hay[i + nl]];
			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') ||
			    a == '-' || a == '_')
				continue;
			if (a == '.' && i + nl + 1 < hl &&
			    ((lc[hay[i + nl + 1]] >= 'a' &&
			    lc[hay[i + nl + 1]] <= 'z') ||
			    (hay[i + nl + 1] >= '0' && hay[i + nl + 1] <= '9')))
				continue;
		}
		return 1;
	}
	return 0;
}

static int
mentions_init(struct loader *L, const char *const *names, size_t n)
{
	struct mention *m;
	ldns_rdf *r;
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
		if (m->len > 1 && m->s[m->len - 1] == '.')
			m->s[--m->len] = '\0';
		if (inet_pton(AF_INET, m->s, m->addr) == 1)
			m->af = AF_INET;
		else if (inet_pton(AF_INET6, m->s, m->addr) == 1)
			m->af = AF_INET6;
		else if (ldns_str2rdf_dname(&r, names[i]) ==
		    LDNS_STATUS_OK) {
			if (ldns_rdf_size(r) <= sizeof(m->wire))
				m->wlen = wire_lower(ldns_rdf_data(r),
				    ldns_rdf_size(r), m->wire);
			ldns_rdf_deep_free(r);
		}
	}
	return 0;
}

/* Types whose RDATA holds text where a name or address may be written. */
static int
text_type(uint16_t t)
{
	switch (t) {
	case LDNS_RR_TYPE_TXT: case LDNS_RR_TYPE_SPF: case LDNS_RR_TYPE_HINFO:
	case LDNS_RR_TYPE_NAPTR: case LDNS_RR_TYPE_CAA: case LDNS_RR_TYPE_URI:
	case LDNS_RR_TYPE_SVCB: case LDNS_RR_TYPE_HTTPS:
		return 1;
	}
	return 0;
}

/*
 * Where the RDATA of a type starts with a host name (NS, CNAME, MX, SRV,
 * ...): its offset, or -1 for types without one there.
 */
static int
name_offset(uint16_t t)
{
	switch (t) {
	case LDNS_RR_TYPE_NS: case LDNS_RR_TYPE_CNAME: case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_DNAME: case LDNS_RR_TYPE_SOA:
		return 0;
	case LDNS_RR_TYPE_MX: case LDNS_RR_TYPE_KX: case LDNS_RR_TYPE_AFSDB:
	case LDNS_RR_TYPE_RT:
		return 2;
	case LDNS_RR_TYPE_SRV:
		return 6;
	}
	return -1;
}

/*
 * Does the wire name at rd (len bytes left) begin with the labels of
 * wire name m (lower case, mlen bytes with the root)?  That is the name
 * itself, or the name written without its trailing dot and so made
 * relative to an origin.
 */
static int
name_starts(const uint8_t *rd, size_t len, const uint8_t *m, size_t mlen)
{
	size_t i;

	if (mlen == 0 || len < mlen)
		return 0;
	for (i = 0; i + 1 < mlen; i++)
		if (lc[rd[i]] != m[i])
			return 0;
	return 1;
}

/*
 * Does the RDATA mention one of the filter's names or addresses: a host
 * name field that is the name (or starts with it: written without the
 * trailing dot), the name in wire form anywhere else, an address as the
 * whole RDATA of an A or AAAA record or inside SVCB hints, either as
 * text in TXT-like records at word
 * boundaries?  Keeping an extra record is harmless; missing one is not.
 */
static int
rdata_mentions(const struct loader *L, uint16_t type, const uint8_t *rd,
    size_t len)
{
	const struct mention *m;
	size_t k;
	int text = text_type(type), off = name_offset(type);

	for (k = 0; k < L->nmentions; k++) {
		m = &L->mentions[k];
		if (m->af == AF_INET && (type == LDNS_RR_TYPE_A ||
		    type == LDNS_RR_TYPE_SVCB || type == LDNS_RR_TYPE_HTTPS) &&
		    len >= 4 && memmem(rd, len, m->addr, 4) != NULL)
			return 1;
		if (m->af == AF_INET6 && (type == LDNS_RR_TYPE_AAAA ||
		    type == LDNS_RR_TYPE_SVCB || type == LDNS_RR_TYPE_HTTPS) &&
		    len >= 16 && memmem(rd, len, m->addr, 16) != NULL)
			return 1;
		if (m->wlen > 0 && off >= 0 && (size_t)off < len &&
		    name_starts(rd + off, len - (size_t)off, m->wire, m->wlen))
			return 1;
		if (m->wlen > 0 && (off < 0 || type == LDNS_RR_TYPE_SOA) &&
		    ci_find(rd, len, m->wire, m->wlen, 0))
			return 1;
		if (text && ci_find(rd, len, (const uint8_t *)m->s, m->len, 1))
			return 1;
	}
	return 0;
}

/*
 * One step of a scan over master-file text that follows quotes, escapes,
 * comments and parentheses, from the byte at p (not a newline, which the
 * caller counts): returns where the next step starts, at the latest the
 * newline that ends a comment.  *opened: a '(' opened the outer level.
 */
static const char *
text_step(const char *p, const char *end, int *quote, int *depth,
    int *opened)
{
	*opened = 0;
	if (*quote) {
		if (*p == '\\' && p + 1 < end && p[1] != '\n')
			p++;
		else if (*p == '"')
			*quote = 0;
	} else if (*p == '"')
		*quote = 1;
	else if (*p == '\\' && p + 1 < end && p[1] != '\n')
		p++;
	else if (*p == ';') {
		while (p + 1 < end && p[1] != '\n')
			p++;
	} else if (*p == '(')
		*opened = (*depth)++ == 0;
	else if (*p == ')' && *depth > 0)
		(*depth)--;
	return p + 1;
}

/*
 * Where the statement that ends at (or holds) end begins: the last line
 * between s->mark and end that starts a statement (not blank, not a
 * comment, outside parentheses).  Sets *start to it; returns its line.
 */
static unsigned
stmt_line(const struct src *s, const char *end, const char **start)
{
	const char *p = s->mark, *ls;
	unsigned line = s->mark_line, best = s->mark_line;
	int depth = 0, quote = 0, opened, at_start = p == s->text;

	*start = p;
	/* libzscanner reads its last block from a buffer of its own. */
	if (end < s->mark || end > s->text + s->len)
		end = s->text + s->len;
	while (p < end) {
		if (*p == '\n') {
			quote = 0;
			line++;
			p++;
			at_start = 1;
			continue;
		}
		if (at_start) {
			at_start = 0;
			ls = p;
			while (ls < end && (*ls == ' ' || *ls == '\t' ||
			    *ls == '\r'))
				ls++;
			if (depth == 0 && ls < end && *ls != '\n' &&
			    *ls != ';') {
				best = line;
				*start = p;
			}
		}
		p = text_step(p, end, &quote, &depth, &opened);
	}
	return best;
}

/*
 * The statement from start, for messages: fields joined by one space,
 * comments and parentheses left out, every byte outside printable ASCII
 * as '?' (a terminal may obey some), cut at SUBJECT_MAX.
 */
static void
subject(const char *start, const char *end, char *buf, size_t n)
{
	size_t o = 0;
	int space = 0, quote = 0;
	unsigned char c;

	for (; start < end && o + 1 < n; start++) {
		c = (unsigned char)*start;
		if (!quote && c == ';') {
			while (start + 1 < end && start[1] != '\n')
				start++;
			continue;
		}
		if (c == '"')
			quote = !quote;
		if (!quote && (c == ' ' || c == '\t' || c == '\r' ||
		    c == '\n' || c == '(' || c == ')')) {
			space = o > 0;
			if (c == '\n')
				quote = 0;
			continue;
		}
		if (space && o + 2 < n)
			buf[o++] = ' ';
		space = 0;
		buf[o++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	buf[o] = '\0';
	if (o + 1 >= n && n > 4)
		memcpy(buf + n - 4, "...", 4);
}

/* What dnslint expected, after libzscanner's own words, by error code. */
static const char *
zs_expected(int code)
{
	switch (code) {
	case ZS_NUMBER8_OVERFLOW:
		return "expected a number from 0 to 255";
	case ZS_NUMBER16_OVERFLOW:
		return "expected a number from 0 to 65535";
	case ZS_NUMBER32_OVERFLOW:
		return "expected a number from 0 to 4294967295";
	case ZS_BAD_IPV4:
		return "expected an IPv4 address such as 192.0.2.1";
	case ZS_BAD_IPV6:
		return "expected an IPv6 address such as 2001:db8::1";
	case ZS_BAD_TIME_UNIT: case ZS_BAD_TTL:
		return "expected seconds or a duration like 1h or 1w2d";
	case ZS_BAD_NUMBER:
		return "expected a number";
	case ZS_BAD_ADDRESS_CHAR:
		return "expected an address";
	case ZS_TEXT_OVERFLOW:
		return "expected at most 255 bytes in a string";
	case ZS_UNSUPPORTED_TYPE:
		return "expected a record type such as A, MX or TXT "
		    "(class IN only)";
	case ZS_BAD_REST: case ZS_BAD_RDATA: case ZS_BAD_RDATA_LENGTH:
		return "expected the type's fields and nothing more";
	case ZS_BAD_DIRECTIVE:
		return "expected $ORIGIN, $TTL or $INCLUDE";
	case ZS_BAD_DNAME_CHAR: case ZS_LABEL_OVERFLOW:
	case ZS_DNAME_OVERFLOW: case ZS_BAD_OWNER:
		return "expected a domain name";
	case ZS_BAD_INCLUDE_ORIGIN:
		return "expected an absolute origin name";
	case ZS_LEFT_PARENTHESIS: case ZS_RIGHT_PARENTHESIS:
	case ZS_UNCLOSED_MULTILINE:
		return "expected balanced parentheses";
	case ZS_BAD_HEX_RDATA: case ZS_BAD_HEX_CHAR:
		return "expected hexadecimal digits";
	case ZS_BAD_BASE64_CHAR:
		return "expected base64";
	case ZS_BAD_PREVIOUS_OWNER:
		return "expected an owner name on the first record";
	}
	return NULL;
}

static int	load_src(struct loader *, const char *, int,
		    const zs_scanner_t *);

/*
 * The line of the '(' left open at the end of s (libzscanner reports it
 * at the end of the file); *start is set to that line.  0 when none.
 */
static unsigned
open_paren(const struct src *s, const char **start)
{
	const char *p = s->text, *end = s->text + s->len, *ls = p;
	unsigned line = 1, at = 0;
	int depth = 0, quote = 0, opened;

	while (p < end) {
		if (*p == '\n') {
			line++;
			ls = ++p;
			quote = 0;
			continue;
		}
		p = text_step(p, end, &quote, &depth, &opened);
		if (opened) {
			at = line;
			*start = ls;
		}
	}
	return depth > 0 ? at : 0;
}

/* The error libzscanner stopped at, with the statement it was in. */
static int
scan_error(struct loader *L, struct src *s, zs_scanner_t *zs)
{
	const char *start, *end, *exp = zs_expected(zs->error.code);
	char subj[SUBJECT_MAX + 4];
	unsigned line, open;

	line = stmt_line(s, zs->input.current, &start);
	if (zs->line_counter < line)
		line = (unsigned)zs->line_counter;
	end = zs->input.current >= start && zs->input.current <=
	    s->text + s->len ? zs->input.current : s->text + s->len;
	if (zs->error.code == ZS_UNCLOSED_MULTILINE &&
	    (open = open_paren(s, &start)) > 0) {
		line = open;
		/* The statement that opened it, to the end of its line. */
		end = memchr(start, '\n', (size_t)(s->text + s->len - start));
		if (end == NULL)
			end = s->text + s->len;
	}
	subject(start, end, subj, sizeof(subj));
	return fail(L, s, line, DL_EINPUT, "bad %s '%s': %s%s%s",
	    subj[0] == '$' ? "directive" : "record", subj,
	    zs_strerror(zs->error.code), exp ? ": " : "", exp ? exp : "");
}

/*
 * Append the record zs holds to the zone, its RDATA to the RDATA buffer;
 * its owner comes with intern_flush().
 */
static int
store_wire(struct dl_zone *z, const zs_scanner_t *zs, uint32_t ttl,
    unsigned line)
{
	struct zrec *r;
	size_t cap, n = zs->r_data_length;

	if (bytes_room((void **)&z->rdata, z->nrdata, &z->caprdata, n,
	    UINT32_MAX) != 0)
		return DL_ENOMEM;
	if (z->nrecs == z->caprecs) {
		cap = z->caprecs ? z->caprecs * 2 : 64;
		if (cap > ZNONE ||
		    (r = grow_table(z->recs, z->nrecs, cap, sizeof(*r))) ==
		    NULL)
			return DL_ENOMEM;
		z->recs = r;
		z->caprecs = cap;
	}
	memcpy(z->rdata + z->nrdata, zs->r_data, n);
	r = &z->recs[z->nrecs];
	r->rd = (uint32_t)z->nrdata;
	z->nrdata += n;
	r->rdlen = (uint16_t)n;
	r->ttl = ttl;
	r->next = ZNONE;
	r->line = line;
	r->type = zs->r_type;
	r->owner = ZNONE;	/* intern_flush() */
	z->nrecs++;
	return 0;
}

/* Record i joins the records of owner o, in file order. */
static void
owner_link(struct dl_zone *z, uint32_t o, uint32_t i)
{
	z->recs[i].owner = o;
	if (z->owners[o].last == ZNONE)
		z->owners[o].first = i;
	else
		z->recs[z->owners[o].last].next = i;
	z->owners[o].last = i;
}

/* The owners of the records waiting in L->pend, interned in order. */
static int
intern_flush(struct loader *L)
{
	struct dl_zone *z = L->z;
	size_t k;

	for (k = 0; k < L->npend; k++) {
		if (L->pend[k].len > 0 && zone_add_owner(z, L->pnames[k],
		    L->pend[k].len, L->pend[k].hash, &L->curown) != 0)
			return DL_ENOMEM;
		owner_link(z, L->curown, L->pend[k].rec);
	}
	L->npend = 0;
	return 0;
}

/*
 * Record i is owned by name (len bytes, hash), or by the owner of the
 * record before when len is 0: queued for intern_flush(), its slot in
 * the owner table fetched meanwhile.
 */
static int
intern_later(struct loader *L, uint32_t i, const char *name, size_t len,
    uint64_t hash)
{
	struct dl_zone *z = L->z;
	size_t need = len > 0 ? len + 3 : 2;
	char *n;

	if (L->worker) {
		if (bytes_room((void **)&L->dnames, L->ndnames, &L->capdnames,
		    need, SIZE_MAX) != 0)
			return DL_ENOMEM;
		n = L->dnames + L->ndnames;
		n[0] = (char)(len >> 8);
		n[1] = (char)(len & 0xff);
		if (len > 0)
			memcpy(n + 2, name, len + 1);
		L->ndnames += need;
		return 0;
	}
	if (L->npend == PEND_MAX && intern_flush(L) != 0)
		return DL_ENOMEM;
	L->pend[L->npend].rec = i;
	L->pend[L->npend].len = (uint32_t)len;
	L->pend[L->npend].hash = hash;
	if (len > 0) {
		if (name != L->pnames[L->npend])
			memcpy(L->pnames[L->npend], name, len + 1);
		if (z->tabsize > 0)
			__builtin_prefetch(&z->tab[hash & (z->tabsize - 1)]);
	}
	L->npend++;
	return 0;
}

static int
walk_add(struct dl_zone *z, uint32_t i)
{
	uint32_t *w;
	size_t cap;

	if (z->nwalk == z->capwalk) {
		cap = z->capwalk ? z->capwalk * 2 : 64;
		if ((w = reallocarray(z->walk, cap, sizeof(*w))) == NULL)
			return DL_ENOMEM;
		z->walk = w;
		z->capwalk = cap;
	}
	z->walk[z->nwalk++] = i;
	return 0;
}

/*
 * A lean load's facts for a file of len bytes: in parts (at most
 * FACT_PARTS), the table not built yet; or for parts 0, a small file's
 * table, empty.  NULL: no memory.
 */
static struct facts *
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

static void
facts_free(struct facts *f)
{
	if (f != NULL) {
		dl_bigmem_free(f->slot, f->maplen);
		free(f);
	}
}

/* The table's part the owner whose name_key() is h belongs to. */
static unsigned
fact_part(const struct facts *f, uint64_t h)
{
	return (unsigned)(((h >> 32) * f->parts) >> 32);
}

/*
 * Where the search for the owner whose name_key() is h starts: in its
 * part's region, as far in as its key's high bits are in the part's
 * share of them (its tag: those bits and the 16 below).
 */
static size_t
fact_slot(const struct facts *f, uint64_t h)
{
	unsigned p = fact_part(f, h);
	uint64_t in = (uint32_t)((h >> 32) * f->parts);

	return f->base[p] + (size_t)((in * (f->base[p + 1] - f->base[p])) >>
	    32);
}

static uint64_t
fact_tag(uint64_t h)
{
	return h & ~(uint64_t)FT_BITS;
}

/* The bits of the owner whose name_key() is h, 0 when not in the file. */
static uint32_t
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

/*
 * A log of owners for a text of len bytes (room for an owner per 16
 * bytes to start with: only the pages written cost); NULL: no memory.
 */
static struct ownlog *
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

/* A log and those after it. */
static void
ownlog_free(struct ownlog *g)
{
	struct ownlog *next;

	for (; g != NULL; g = next) {
		next = g->next;
		free(g->w);
		free(g);
	}
}

/* The word w of an owner of part p into log g.  0, or -1: no memory. */
static int
ownlog_add(struct ownlog *g, unsigned p, uint64_t w)
{
	uint64_t *c;
	size_t cap;

	if (g->head[p] == 0 || g->n[p] == OWNLOG_CHUNK - 1) {
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
	}
	g->w[(size_t)(g->head[p] - 1) * OWNLOG_CHUNK + 1 + g->n[p]++] = w;
	g->count[p]++;
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

/* Is the owner whose name_key() is h in log g (not those after it)? */
static int
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

/*
 * A small file's owner's word w for its table, queued: its slot fetched
 * now, put a batch later.  0, or LEAN_AGAIN.
 */
static int
fact_queue(struct loader *L, uint64_t w)
{
	__builtin_prefetch(&L->facts->slot[fact_slot(L->facts, w)], 1);
	L->fq[L->nfq++] = w;
	return L->nfq < FACT_BATCH ? 0 : fact_flush(L);
}

/*
 * The file is read: the table of facts built from the loader's log and
 * those of the parts a worker read, each part of it a region with room
 * for its owners at two thirds full (a small file's: the owners still
 * queued put in).  0, DL_ENOMEM or LEAN_AGAIN.
 */
static int
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
		return nomem(L, NULL);
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

/* The bits of the owner name (len bytes), 0 when not in the file. */
static uint32_t
facts_get(const struct facts *f, const char *name, size_t len)
{
	uint8_t w[256];
	size_t wl;

	if ((wl = str_wire(name, len, w)) == 0)
		return 0;
	return facts_find(f, name_key(w, wl));
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

/*
 * A lean load's NS or MX record (zs, of type) whose in-zone target a
 * check reads (dl_zone_lean_targets()): noted in L->tlog, unless its
 * run is stored (run_close() takes it back then).  An entry (struct
 * tent) is its type's low byte, a byte for its target's facts (filled
 * as the file is read, run_close(), or after, tlog_resolve()), then its
 * owner and its target as wire names
 * without the zone's (lower case), each after its length: a few bytes,
 * as the log of a million-record file has hundreds of thousands.  0, or
 * DL_ENOMEM.
 */
static int
tlog_add(struct loader *L, const zs_scanner_t *zs, uint16_t type)
{
	size_t off = type == LDNS_RR_TYPE_MX ? 2 : 0, wl, ol, tl;
	uint8_t low[256], *p;

	if (zs->r_data_length <= off || (wl = zs->r_data_length - off) >
	    sizeof(low))
		return 0;
	wire_lower(zs->r_data + off, wl, low);
	if (!wire_under(low, wl, L->zwire, L->zwlen))
		return 0;
	ol = L->lastwlen - L->zwlen;
	tl = wl - L->zwlen;
	if (bytes_room((void **)&L->tlog, L->ntlog, &L->captlog, 4 + ol + tl,
	    SIZE_MAX) != 0)
		return nomem(L, NULL);
	if (bytes_room((void **)&L->run_ask, L->nrun_ask *
	    sizeof(*L->run_ask), &L->caprun_ask, 2 * sizeof(*L->run_ask),
	    SIZE_MAX) != 0)
		return nomem(L, NULL);
	L->run_ask[L->nrun_ask++] = name_key(low, wl);
	L->run_ask[L->nrun_ask++] = L->ntlog;
	p = (uint8_t *)L->tlog + L->ntlog;
	p[0] = (uint8_t)type;
	p[1] = 0;
	p[2] = (uint8_t)ol;
	memcpy(p + 3, L->lastwire, ol);
	p[3 + ol] = (uint8_t)tl;
	memcpy(p + 4 + ol, low, tl);
	L->ntlog += 4 + ol + tl;
	return 0;
}

/*
 * A lean load's log (none yet) given room for size bytes at once, on huge
 * pages when that is one or more: its entries come a few bytes at a time
 * across the whole file, a page fault per 4 KiB else (a tenth of the
 * faults of a 1M-record plan check).  When there is no memory for it, the
 * log grows as it is written (tlog_add()).
 */
static void
tlog_reserve(struct loader *L, size_t size)
{
	if ((L->tlog = size >= HUGE_PAGE ? dl_bigmem_alloc(size) :
	    grow_table(NULL, 0, size, 1)) != NULL)
		L->captlog = size;
}

/*
 * The name of a lean load's run (L->lastwire) in presentation form, in
 * L->run_name: written out only for a run stored or a message, as most
 * are neither.  NULL when out of memory.
 */
static const char *
run_owner(struct loader *L)
{
	if (L->run_len == 0 && (L->run_len = wire_name_str(L->lastwire,
	    L->lastwlen, L->run_name)) == 0)
		return NULL;
	return L->run_name;
}

/* The owner do_record() has (NULL: the lean run's), for a message. */
static const char *
who(struct loader *L, const char *owner)
{
	return owner != NULL ? owner : (owner = run_owner(L)) != NULL ?
	    owner : "?";
}

/*
 * A lean load: a run of records at the owner in L->lastwire begins at the
 * next record.  Stored when the filter keeps the owner, the apex
 * nameservers name it, or run_add() says so.  0, or DL_ENOMEM.
 */
static int
run_open(struct loader *L)
{
	const char *name;
	int i;

	L->run_first = (uint32_t)L->z->nrecs;
	L->run_recs = 0;
	L->run_gone = 0;
	L->nrun_ask = 0;
	L->run_bits = 0;
	L->run_nsets = 0;
	L->run_len = 0;
	L->run_key = name_key(L->lastwire, L->lastwlen);
	L->run_tlog = L->ntlog;
	L->lastkeep = L->lastwlen == L->zwlen;
	if (!L->lastkeep && ownerset_may(&L->owners, L->run_key)) {
		if ((name = run_owner(L)) == NULL)
			return DL_ENOMEM;
		L->lastkeep = ownerset_has(&L->owners, name, L->run_len,
		    hash_str(name, L->run_len));
	}
	L->run_store = L->lastkeep;
	for (i = 0; i < L->n_ns && !L->run_store; i++)
		L->run_store = L->ns_hash[i] == L->run_key;
	return 0;
}

/*
 * The record zs holds (type, ttl; kept for the filter's walk: keep) was
 * stored and belongs to the run.  0, or LEAN_AGAIN.
 */
static int
run_add(struct loader *L, const zs_scanner_t *zs, uint16_t type,
    uint32_t ttl, int keep)
{
	uint8_t low[256];
	uint32_t key = type, b = 0;
	uint64_t nk;
	int i;

	L->run_recs++;
	if (keep)
		L->run_store = 1;
	if (type == LDNS_RR_TYPE_DNAME)
		return LEAN_AGAIN;	/* what is below it: not known */
	if (type == LDNS_RR_TYPE_RRSIG && zs->r_data_length >= 2)
		key |= (uint32_t)(zs->r_data[0] << 8 | zs->r_data[1]) << 16;
	else if (type != LDNS_RR_TYPE_RRSIG && type != LDNS_RR_TYPE_NSEC &&
	    type != LDNS_RR_TYPE_CNAME && type != 0)
		b = FT_OTHER;
	L->run_bits |= DL_NT_ANY | dl_nt_bit(type) | b;
	if (type == 0)
		return 0;	/* no RRset (zone-integrity's gather()) */
	L->run_bits |= 0x100u << ((key * 0x9e3779b1u) >> 29);
	for (i = 0; i < L->run_nsets && L->run_sets[i].key != key; i++)
		;
	if (i == L->run_nsets) {
		if (i == RUN_SETS)
			return LEAN_AGAIN;
		L->run_sets[i].key = key;
		L->run_sets[i].ttl = ttl;
		L->run_sets[i].n = 0;
		L->run_nsets++;
	}
	if (L->run_sets[i].ttl != ttl || (++L->run_sets[i].n > 1 &&
	    type == LDNS_RR_TYPE_CNAME))
		return LEAN_AGAIN;
	/* An apex nameserver in the zone: its addresses are stored. */
	if (type == LDNS_RR_TYPE_NS && L->lastwlen == L->zwlen &&
	    zs->r_data_length <= sizeof(low)) {
		wire_lower(zs->r_data, zs->r_data_length, low);
		if (!wire_under(low, zs->r_data_length, L->zwire, L->zwlen))
			return 0;
		nk = name_key(low, zs->r_data_length);
		/* Its records are stored from now on: none may have gone
		   by (nor be read by a worker that does not know it). */
		if (L->split_seen || L->worker || L->n_ns == NS_LEAN ||
		    (L->facts->direct ? facts_find(L->facts, nk) != 0 :
		    ownlog_has(L->own, L->facts, nk)))
			return LEAN_AGAIN;
		for (i = 0; i < (int)L->nfq; i++)
			if (fact_tag(L->fq[i]) == fact_tag(nk))
				return LEAN_AGAIN;
		L->ns_hash[L->n_ns++] = nk;
	} else if (type == LDNS_RR_TYPE_NS || type == LDNS_RR_TYPE_MX)
		return tlog_add(L, zs, type);
	return 0;
}

/* The entry at offset at of L's log answered: its target's word w. */
static void
tlog_answer(struct loader *L, uint64_t at, uint64_t w)
{
	uint8_t *p = (uint8_t *)L->tlog + at;

	p[1] = (uint8_t)w;
	p[0] |= TLOG_KNOWN;
}

/*
 * The run ends: its owner queued for the facts, its records (when stored)
 * queued for interning.  0, DL_ENOMEM or LEAN_AGAIN.
 */
static int
run_close(struct loader *L)
{
	uint32_t n = L->run_recs, i;
	uint64_t hash, w;
	size_t r, k;
	int rc;

	if (n == 0)
		return 0;
	L->run_recs = 0;
	if ((L->run_bits & DL_NT_CNAME) && (L->run_bits & FT_OTHER))
		return LEAN_AGAIN;
	w = fact_tag(L->run_key) | L->run_bits |
	    (L->run_store ? FT_STORED : 0);
	if (L->facts->direct) {
		if ((rc = fact_queue(L, w)) != 0)
			return rc;
	} else if (ownlog_add(L->own, fact_part(L->facts, w), w) != 0)
		return nomem(L, NULL);
	/* A worker found the load can't be lean: stop too, now and then. */
	if (++L->nown % BAD_EVERY == 0 && atomic_load_explicit(
	    &L->facts->bad, memory_order_relaxed))
		return LEAN_AGAIN;
	/* The owner answers an entry waiting for it, and those after. */
	r = RECENT_AT(L->run_key);
	L->recent[r].tag = RECENT_TAG(L->run_key);
	L->recent[r].w = w;
	if (L->waiting[r].tag == RECENT_TAG(L->run_key)) {
		tlog_answer(L, L->waiting[r].w, w);
		L->waiting[r].tag = 0;
		L->nopen--;
	}
	if (!L->run_store) {
		/* Its entries stay: answered now, or when their owner is. */
		for (k = 0; k < L->nrun_ask; k += 2) {
			r = RECENT_AT(L->run_ask[k]);
			if (L->recent[r].tag == RECENT_TAG(L->run_ask[k]))
				tlog_answer(L, L->run_ask[k + 1],
				    L->recent[r].w);
			else {
				/* One waiting there before is looked up. */
				L->waiting[r].tag = RECENT_TAG(L->run_ask[k]);
				L->waiting[r].w = L->run_ask[k + 1];
				L->nopen++;
			}
		}
		return 0;	/* none of its records stored */
	}
	/* Its NS and MX records are the index's. */
	L->ntlog = L->run_tlog;
	if (run_owner(L) == NULL)
		return nomem(L, NULL);
	hash = hash_str(L->run_name, L->run_len);
	for (i = 0; i < n; i++)
		if (intern_later(L, L->run_first + i, L->run_name,
		    i == 0 ? L->run_len : 0, hash) != 0)
			return nomem(L, NULL);
	return 0;
}

/* The last run of a text ends. */
static int
run_end(struct loader *L)
{
	int rc;

	if ((rc = run_close(L)) != 0)
		return rc;
	return atomic_load_explicit(&L->facts->bad, memory_order_relaxed) ?
	    LEAN_AGAIN : 0;
}

/* A $TTL libzscanner read since the last look: *set says if there was. */
static int
take_dttl(struct loader *L, struct src *s, zs_scanner_t *zs, unsigned line,
    int *set)
{
	*set = zs->default_ttl != TTL_UNSET;
	if (!*set)
		return 0;
	if (zs->default_ttl > TTL_MAX)
		return fail(L, s, line, DL_EINPUT,
		    "$TTL '%u' is larger than %u", zs->default_ttl, TTL_MAX);
	L->ts.have_dttl = 1;
	L->ts.dttl = zs->default_ttl;
	L->ts.dttl_soa = 0;
	/* In the file that states it, every server agrees. */
	L->ts.have_outer = 0;
	zs->default_ttl = TTL_UNSET;
	return 0;
}

/* The TTL the record zs holds is read with (BIND's rule and the others'). */
static int
record_ttl(struct loader *L, struct src *s, zs_scanner_t *zs,
    const char *owner, unsigned line, uint32_t *out)
{
	uint32_t ttl = zs->r_ttl, alt = 0;
	unsigned why = 0;

	int rc, set;

	if ((rc = take_dttl(L, s, zs, line, &set)) != 0)
		return rc;
	if (set && ttl == L->ts.dttl)
		ttl = TTL_UNSET;	/* the same either way */
	if (ttl != TTL_UNSET) {
		if (ttl > TTL_MAX)
			return fail(L, s, line, DL_EINPUT,
			    "ttl '%u' is larger than %u", ttl, TTL_MAX);
		L->ts.lttl = ttl;
		L->ts.have_lttl = 1;
	} else if (L->ts.have_dttl) {
		ttl = L->ts.dttl;
		if (L->ts.dttl_soa) {
			alt = NSD_KNOT_TTL;
			why = TTL_NO_DTTL;
		} else if (L->ts.have_outer) {
			alt = L->ts.outer_set ? L->ts.outer_dttl : NSD_KNOT_TTL;
			why = TTL_INCLUDE;
		}
	} else if (L->ts.have_lttl) {
		ttl = L->ts.lttl;
		alt = NSD_KNOT_TTL;
		why = TTL_NO_DTTL;
	} else if (zs->r_type == LDNS_RR_TYPE_SOA && zs->r_data_length >= 4) {
		/*
		 * BIND: an SOA first with no TTL known takes its MINIMUM,
		 * which then serves as $TTL would.
		 */
		const uint8_t *m = zs->r_data + zs->r_data_length - 4;

		ttl = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
		    (uint32_t)m[2] << 8 | m[3];
		if (ttl > TTL_MAX)
			return fail(L, s, line, DL_EINPUT,
			    "SOA minimum '%u' is larger than %u", ttl,
			    TTL_MAX);
		L->ts.dttl = ttl;
		L->ts.have_dttl = 1;
		L->ts.dttl_soa = 1;
		alt = NSD_KNOT_TTL;
		why = TTL_NO_DTTL;
	} else
		return fail(L, s, line, DL_EINPUT,
		    "no ttl for '%s' and no $TTL before it", who(L, owner));

	/* Where servers differ, the largest TTL any of them serves. */
	if (alt > ttl) {
		ttl = alt;
		L->ttl_why |= why;
		if (L->ttl_raised++ == 0) {
			L->ttl_raised_line = line;
			if ((L->ttl_raised_file = strdup(s->path)) == NULL)
				return nomem(L, s);
		}
	}
	*out = ttl;
	return 0;
}

/*
 * A second SOA record: the same as the first (TTL and RDATA) is one
 * record written twice, merged as servers merge duplicates (a zone
 * transfer's copy ends with its SOA again); another is an error.
 */
static int
second_soa(struct loader *L, struct src *s, const zs_scanner_t *zs,
    const char *owner, unsigned line, uint32_t ttl)
{
	const struct dl_zone *z = L->z;
	const struct zrec *r = z->soa == ZNONE ? NULL : &z->recs[z->soa];

	if (r != NULL && r->ttl == ttl && r->rdlen == zs->r_data_length &&
	    (r->rdlen == 0 || memcmp(rec_rd(z, r), zs->r_data, r->rdlen) ==
	    0))
		return 0;
	if (strcmp(L->soa_file, s->path) == 0)
		return fail(L, s, line, DL_EINPUT, "second SOA record at '%s', "
		    "the first is on line %u", owner, L->soa_line);
	return fail(L, s, line, DL_EINPUT, "second SOA record at '%s', the "
	    "first is at %s:%u", owner, L->soa_file, L->soa_line);
}

/*
 * What the text p (n bytes) holds that scan_src() treats before
 * libzscanner reads it: TEXT_NUL, a NUL byte (not a text file);
 * TEXT_COPY, a CR or a byte above 127 (read from a copy).
 */
static int
text_flags(const char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80,
	    cr = ones * '\r';
	uint64_t w, x, any = 0, nul = 0;
	size_t i = 0;
	int f = 0;

#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128(), cr16 = _mm_set1_epi8('\r');
	__m128i v, acc = zero, acc0 = zero;

	/* Sixteen bytes a step. */
	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		acc = _mm_or_si128(acc, _mm_or_si128(v,
		    _mm_cmpeq_epi8(v, cr16)));
		acc0 = _mm_or_si128(acc0, _mm_cmpeq_epi8(v, zero));
	}
	if (_mm_movemask_epi8(acc) != 0)
		f |= TEXT_COPY;
	if (_mm_movemask_epi8(acc0) != 0)
		f |= TEXT_NUL;
#endif
	/* Eight bytes a step: a high bit, a CR, a NUL. */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		x = w ^ cr;
		any |= (w & high) | ((x - ones) & ~x & high);
		nul |= (w - ones) & ~w & high;
	}
	for (; i < n; i++) {
		any |= (unsigned char)p[i] >= 0x80 || p[i] == '\r';
		nul |= p[i] == '\0';
	}
	return f | (any != 0 ? TEXT_COPY : 0) | (nul != 0 ? TEXT_NUL : 0);
}

/*
 * A large zone file is checked as it is read (scan_src()): the bytes of
 * s before at, from where the last check stopped.  0, or TEXT_AGAIN when
 * they hold what scan_src() treats first (the file is read again, those
 * checked before it starts).
 */
static int
text_upto(struct src *s, const char *at)
{
	if (s->checked == NULL || at <= s->checked)
		return 0;
	if (text_flags(s->checked, (size_t)(at - s->checked)) != 0)
		return TEXT_AGAIN;
	s->checked = at;
	return 0;
}

/*
 * Give back the pages of a mapped file that the scanner has read, a few
 * MiB at a time: a file of millions of records would otherwise be
 * resident whole, as much as its index.  They are read again from the
 * file should a message look back at them.
 */
static int
drop_read(struct src *s, const char *at)
{
	const char *end;

	if (s->dropped == NULL || at < s->dropped + DROP_STEP ||
	    at > s->text + s->len)
		return 0;
	/* The mapping starts on a page: align to it, not to text. */
	end = (const char *)(((uintptr_t)at - DROP_KEEP) &
	    ~(uintptr_t)(DROP_STEP - 1));
	/* Checked while its pages are still there. */
	if (text_upto(s, end) != 0)
		return TEXT_AGAIN;
	if (end > s->dropped && madvise((void *)(uintptr_t)s->dropped,
	    (size_t)(end - s->dropped), MADV_DONTNEED) == 0)
		s->dropped = end;
	return 0;
}

/*
 * A file mapped (s->ahead not NULL), read up to at: the next READ_AHEAD
 * bytes mapped in one call when at comes near where the last ended.  A
 * page fault each 64 KiB else (the kernel maps that much around the
 * page), 575 on a 36 MB file; on a paravirtualised machine, where each
 * is an exit to the host, a twentieth of a 1M-record plan check.
 */
static void
read_ahead(struct src *s, const char *at)
{
	const char *end = s->text + s->len;
	size_t n;

	if (s->ahead == NULL || s->ahead >= end ||
	    s->ahead - at > READ_AHEAD / 2)
		return;
	n = (size_t)(end - s->ahead) < READ_AHEAD ? (size_t)(end - s->ahead) :
	    READ_AHEAD;
	dl_bigmem_populate(s->ahead, n);
	s->ahead += n;
}

/*
 * The SvcParams of SVCB or HTTPS RDATA rd (len octets) in wire form, as
 * RFC 9460 section 2.2 lays them out: a priority, a target name, then
 * key, length and value, the keys in increasing order, each value inside
 * the RDATA and of its key's size.  libzscanner checks this for the
 * presentation form but takes "\# n hex" as it comes (NSD's uint16 wrap
 * test writes one whose lengths add up past 65535).  0 when well formed,
 * else -1 with why in buf.
 */
static int
svcb_wire_problem(const uint8_t *rd, size_t len, char *buf, size_t n)
{
	static const char *const names[] = { "mandatory", "alpn",
	    "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint" };
	char key[24], prev[24] = "";
	size_t off = 2, v;
	unsigned k, last = 0, l;

	/* The target name: labels of at most 63 octets, no pointers. */
	while (off < len && rd[off] != 0 && rd[off] <= 63 && off < 2 + 255)
		off += (size_t)rd[off] + 1;
	if (len < 3 || off >= len || rd[off] != 0 || off - 2 >= 255) {
		snprintf(buf, n, "the target name is cut short or not a name");
		return -1;
	}
	for (off++; off < len; off += 4 + v, last = k) {
		if (len - off < 4) {
			snprintf(buf, n, "%zu octets after the last SvcParam, "
			    "too few for a key and a length", len - off);
			return -1;
		}
		k = (unsigned)rd[off] << 8 | rd[off + 1];
		v = (size_t)rd[off + 2] << 8 | rd[off + 3];
		if (k < sizeof(names) / sizeof(names[0]))
			snprintf(key, sizeof(key), "%s", names[k]);
		else
			snprintf(key, sizeof(key), "key%u", k);
		if (v > len - off - 4) {
			snprintf(buf, n, "SvcParam '%s' says its value is %zu "
			    "octets, and %zu are left in the RDATA", key, v,
			    len - off - 4);
			return -1;
		}
		if (prev[0] != '\0' && k <= last) {
			snprintf(buf, n, "SvcParam '%s' follows '%s': the keys "
			    "must be in increasing order, each once", key,
			    prev);
			return -1;
		}
		if ((k == 0 && (v == 0 || v % 2 != 0)) ||
		    (k == 2 && v != 0) || (k == 3 && v != 2) ||
		    (k == 4 && (v == 0 || v % 4 != 0)) ||
		    (k == 6 && (v == 0 || v % 16 != 0))) {
			snprintf(buf, n, "SvcParam '%s' has a value of %zu "
			    "octets, not one its key allows", key, v);
			return -1;
		}
		/* alpn: a list of length-prefixed, non-empty ids. */
		for (l = 0; k == 1 && l < v; l += 1u + rd[off + 4 + l])
			if (rd[off + 4 + l] == 0 || rd[off + 4 + l] >= v - l) {
				snprintf(buf, n, "SvcParam 'alpn' is not a "
				    "list of non-empty protocol ids");
				return -1;
			}
		if (k == 1 && v == 0) {
			snprintf(buf, n, "SvcParam 'alpn' is empty");
			return -1;
		}
		memcpy(prev, key, sizeof(prev));
	}
	return 0;
}

/*
 * The record about to be stored comes from s: a run of records from
 * another file than the last begins.  0 or DL_ENOMEM.
 */
static int
seg_note(struct loader *L, const struct src *s)
{
	struct dl_zone *z = L->z;
	struct zseg *g;
	size_t cap;

	if (s == L->seg_src || L->worker)
		return 0;
	L->seg_src = s;
	if (z->nsegs == z->capsegs) {
		cap = z->capsegs ? z->capsegs * 2 : 8;
		if ((g = reallocarray(z->segs, cap, sizeof(*g))) == NULL)
			return DL_ENOMEM;
		z->segs = g;
		z->capsegs = cap;
	}
	g = &z->segs[z->nsegs];
	g->first = (uint32_t)z->nrecs;
	g->file = NULL;
	if (s->depth > 0 && (g->file = arena_dup(z, s->path,
	    strlen(s->path))) == NULL)
		return DL_ENOMEM;
	z->nsegs++;
	return 0;
}

/* A record libzscanner parsed: checked, indexed and stored. */
static int
do_record(struct loader *L, struct src *s, zs_scanner_t *zs)
{
	struct dl_zone *z = L->z;
	uint8_t *low;
	char *owner, why[200];
	const char *start;
	size_t wl = zs->r_owner_length, len = 0;
	uint64_t hash = 0;
	uint32_t ttl = 0;
	unsigned line;
	uint16_t type = zs->r_type;
	int rc, keep, soa_again = 0;

	/* Most records are one line right after the last: no scan. */
	line = zs->line_counter == (uint64_t)s->mark_line + 1 &&
	    s->mark > s->text ? (unsigned)zs->line_counter :
	    stmt_line(s, zs->input.current, &start);
	s->mark = zs->input.current >= s->text &&
	    zs->input.current <= s->text + s->len ? zs->input.current :
	    s->text + s->len;
	s->mark_line = (unsigned)zs->line_counter;
	read_ahead(s, s->mark);
	if (drop_read(s, s->mark) != 0)
		return TEXT_AGAIN;

	/* The owner into the buffer the last one is not in. */
	low = L->wbuf[L->lastwire == L->wbuf[0]];
	if (wl > sizeof(L->wbuf[0]))
		wl = sizeof(L->wbuf[0]);
	wire_lower(zs->r_owner, wl, low);
	if (wl == L->lastwlen && wire_same(low, L->lastwire, wl))
		owner = L->lean ? NULL : L->lastname;
	else if (L->lean) {
		/* The name is written out only when needed (run_owner()). */
		if ((rc = run_close(L)) != 0)
			return rc == DL_ENOMEM ? nomem(L, s) : rc;
		L->lastwire = low;
		L->lastwlen = wl;
		if (!wire_under(low, wl, L->zwire, L->zwlen))
			return fail(L, s, line, DL_EINPUT,
			    "'%s' is outside the zone '%s'", who(L, NULL),
			    L->zorigin);
		if (run_open(L) != 0)
			return nomem(L, s);
		owner = NULL;
	} else {
		owner = L->pnames[L->npend < PEND_MAX ? L->npend : 0];
		if (L->npend == PEND_MAX && intern_flush(L) != 0)
			return nomem(L, s);
	}
	if (owner != NULL && owner != L->lastname) {
		if ((len = wire_name_str(low, wl, owner)) == 0)
			return nomem(L, s);
		if (!wire_under(low, wl, L->zwire, L->zwlen))
			return fail(L, s, line, DL_EINPUT,
			    "'%s' is outside the zone '%s'", owner,
			    L->zorigin);
		hash = hash_str(owner, len);
		L->lastwire = low;
		L->lastwlen = wl;
		memcpy(L->lastname, owner, len + 1);
		L->lastkeep = L->whole || wl == L->zwlen ||
		    ownerset_has(&L->owners, owner, len, hash);
	}
	if (zs->r_class != LDNS_RR_CLASS_IN)
		return fail(L, s, line, DL_EINPUT,
		    "class %u is not supported, only IN", zs->r_class);
	if ((type >= LDNS_RR_TYPE_IXFR && type <= LDNS_RR_TYPE_ANY) ||
	    type == LDNS_RR_TYPE_OPT)
		return fail(L, s, line, DL_EINPUT,
		    "type %u cannot appear in a zone file", type);
	if (type == LDNS_RR_TYPE_SOA) {
		if (L->worker)
			return DL_EINPUT;	/* the first half's to judge */
		if (wl != L->zwlen)
			return fail(L, s, line, DL_EINPUT,
			    "SOA record at '%s' is not at the zone origin "
			    "'%s'", who(L, owner), L->zorigin);
		if (!L->have_soa) {
			L->have_soa = 1;
			L->soa_line = line;
			if ((L->soa_file = strdup(s->path)) == NULL)
				return nomem(L, s);
		} else
			soa_again = 1;
	}
	if ((rc = record_ttl(L, s, zs, owner, line, &ttl)) != 0)
		return rc;
	if ((type == LDNS_RR_TYPE_SVCB || type == LDNS_RR_TYPE_HTTPS) &&
	    svcb_wire_problem(zs->r_data, zs->r_data_length, why,
	    sizeof(why)) != 0)
		return fail(L, s, line, DL_EINPUT, "%s record at '%s' is "
		    "malformed: %s (RFC 9460 section 2.2)", type ==
		    LDNS_RR_TYPE_SVCB ? "SVCB" : "HTTPS", who(L, owner), why);
	if (soa_again) {
		L->lastwlen = 0;	/* not queued: not an owner to repeat */
		return second_soa(L, s, zs, who(L, owner), line, ttl);
	}
	z->count++;
	keep = L->lastkeep || (L->nmentions > 0 &&
	    rdata_mentions(L, type, zs->r_data, zs->r_data_length));
	/*
	 * A lean run not stored so far: the record is not either (most are
	 * never).  One that must be once some of its records went by is
	 * read again, whole.
	 */
	if (L->lean && !L->run_store) {
		if (!keep) {
			L->run_gone++;
			return run_add(L, zs, type, ttl, 0);
		}
		if (L->run_gone > 0)
			return LEAN_AGAIN;
	}
	if (seg_note(L, s) != 0 || store_wire(z, zs, ttl, line) != 0 ||
	    (!L->lean && intern_later(L, (uint32_t)z->nrecs - 1, owner, len,
	    hash) != 0))
		return nomem(L, s);
	if (type == LDNS_RR_TYPE_SOA)
		z->soa = (uint32_t)z->nrecs - 1;
	if (!L->whole && keep && walk_add(z, (uint32_t)z->nrecs - 1) != 0)
		return nomem(L, s);
	return L->lean ? run_add(L, zs, type, ttl, keep) : 0;
}

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


/* The $INCLUDE libzscanner handed back: confined, then read. */
static int
do_include(struct loader *L, struct src *s, zs_scanner_t *zs)
{
	char path[PATH_MAX], rdir[PATH_MAX], rfile[PATH_MAX], e[128];
	const char *file = zs->include_filename, *start;
	uint32_t saved_dttl;
	int saved_have_dttl, saved_soa, saved_outer, rc, set;
	unsigned line;
	size_t dl;

	/* Records of another file: a run may go on there. */
	if (L->lean)
		return LEAN_AGAIN;
	line = stmt_line(s, zs->input.current, &start);
	s->mark = zs->input.current >= s->text &&
	    zs->input.current <= s->text + s->len ? zs->input.current :
	    s->text + s->len;
	s->mark_line = (unsigned)zs->line_counter;
	if ((rc = take_dttl(L, s, zs, line, &set)) != 0)
		return rc;
	/* libzscanner put its folder (".", for text) in front. */
	if (strncmp(file, "./", 2) == 0)
		file += 2;
	if (file[0] == '\0')
		return fail(L, s, line, DL_EINPUT,
		    "$INCLUDE takes a file name and an optional origin");
	if (file[0] == '/')
		return fail(L, s, line, DL_EINPUT,
		    "$INCLUDE '%s': absolute paths are not allowed", file);
	if (path_escapes(file))
		return fail(L, s, line, DL_EINPUT,
		    "$INCLUDE '%s' points outside the folder '%s'", file,
		    s->dir);
	if (s->depth >= INCLUDE_MAX)
		return fail(L, s, line, DL_EINPUT,
		    "$INCLUDE nested more than %d levels deep", INCLUDE_MAX);
	if (++L->includes > INCLUDE_FILES_MAX)
		return fail(L, s, line, DL_EINPUT,
		    "more than %d $INCLUDE files in all", INCLUDE_FILES_MAX);
	if (strcmp(s->dir, ".") == 0)
		rc = snprintf(path, sizeof(path), "%s", file);
	else
		rc = snprintf(path, sizeof(path), "%s/%s", s->dir, file);
	if (rc < 0 || (size_t)rc >= sizeof(path))
		return fail(L, s, line, DL_EINPUT,
		    "$INCLUDE file name too long");
	/* A reader's paths name no file system: the text check holds. */
	if (L->reader == NULL) {
		if (realpath(path, rfile) == NULL)
			return fail(L, s, line, errno == ENOMEM ? DL_ENOMEM :
			    DL_EIO, "cannot open $INCLUDE '%s': %s", file,
			    errstr(errno, e, sizeof(e)));
		if (realpath(s->dir, rdir) == NULL)
			return fail(L, s, line, DL_EIO,
			    "cannot open $INCLUDE '%s': %s", file,
			    errstr(errno, e, sizeof(e)));
		/* Symbolic links may still lead out: check the real paths. */
		dl = strlen(rdir);
		if (!(strncmp(rfile, rdir, dl) == 0 &&
		    (rfile[dl] == '/' || (dl == 1 && rdir[0] == '/'))))
			return fail(L, s, line, DL_EINPUT,
			    "$INCLUDE '%s' points outside the folder '%s'",
			    file, s->dir);
	}
	saved_have_dttl = L->ts.have_dttl;
	saved_dttl = L->ts.dttl;
	saved_soa = L->ts.dttl_soa;
	saved_outer = L->ts.have_outer;
	if ((rc = load_src(L, path, s->depth + 1, zs)) != 0)
		return rc;
	/*
	 * BIND keeps a $TTL the included file set; NSD and Knot go back to
	 * the one before the $INCLUDE (3600 when there was none).
	 */
	if (L->ts.have_dttl != saved_have_dttl || L->ts.dttl != saved_dttl ||
	    L->ts.dttl_soa != saved_soa) {
		L->ts.have_outer = 1;
		L->ts.outer_set = saved_have_dttl && !saved_soa;
		L->ts.outer_dttl = saved_dttl;
	} else
		L->ts.have_outer = saved_outer;
	L->lastwlen = 0;
	return 0;
}

/*
 * The argument of a "$ORIGIN name" statement at p (NULL when it is not
 * one, or has more than one field): *len bytes; *next is the next line.
 */
static const char *
origin_arg(const char *p, const char *end, size_t *len, const char **next)
{
	const char *a;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 8 || strncasecmp(p, "$ORIGIN", 7) != 0 ||
	    (p[7] != ' ' && p[7] != '\t'))
		return NULL;
	for (p += 7; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	for (a = p; p < end && *p != ' ' && *p != '\t' && *p != '\r' &&
	    *p != '\n' && *p != ';' && *p != '(' && *p != '"'; p++)
		if (*p == '\\' && p + 1 < end)
			p++;
	*len = (size_t)(p - a);
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (*len == 0 || (p < end && *p != '\n' && *p != ';'))
		return NULL;
	while (p < end && *p != '\n')
		p++;
	*next = p < end ? p + 1 : end;
	return a;
}

/*
 * A relative "$ORIGIN name" at start, which libzscanner refuses (it wants
 * absolute names) and BIND reads relative to the current origin: the
 * absolute name into out (size n).  base is the origin of the last record
 * (libzscanner overwrites its own while it reads the directive); an
 * absolute $ORIGIN since then replaces it.  Returns 1 when it is one, with
 * *next set to the line after it.
 */
static int
relative_origin(const struct src *s, const char *start, const char *base,
    char *out, size_t n, const char **next)
{
	const char *end = s->text + s->len, *a, *b, *p, *nx;
	size_t al, bl = strlen(base), cl;
	int rc;

	if ((a = origin_arg(start, end, &al, next)) == NULL ||
	    a[al - 1] == '.')
		return 0;
	/* base may come to point into the text: bl is its length. */
	for (p = s->mark; p < start; p = nx) {
		if (*p == '\n')
			p++;
		if ((b = origin_arg(p, start, &cl, &nx)) != NULL &&
		    b[cl - 1] == '.') {
			base = b;
			bl = cl;
		} else {
			nx = memchr(p, '\n', (size_t)(start - p));
			if (nx == NULL)
				break;
		}
	}
	if (base[0] == '.' && bl == 1)
		bl = 0;
	rc = snprintf(out, n, "%.*s.%.*s", (int)al, a, (int)bl, base);
	return rc > 0 && (size_t)rc < n;
}

/*
 * A large file is read in two halves at once, the second on a thread of
 * its own (a worker with a loader and a zone of its own), when a second
 * processor is free.  The second half starts at a line that begins with
 * an owner name, with the origin and the TTL state the first half has
 * after its first SPLIT_AFTER records: a guess.  The first half's
 * scanner reads on over the whole text; at the first record that ends
 * past the split line it checks the guess: that record starts on the
 * split line (so the line is not inside parentheses), and the origin,
 * $TTL and TTL state are those the worker started with.  Then the
 * worker's records join the zone, their owners interned in file order,
 * and the first half stops there.  Otherwise, and when the worker met
 * anything but plain records (an error, $INCLUDE, an SOA, a TTL other
 * servers read differently), the worker's work is dropped and the first
 * half reads on alone: the zone is the same either way.
 */
struct split {
	const char	*at;		/* the line the second half starts at */
	const char	*text;		/* the whole text (for its line) */
	pthread_t	 thread;
	atomic_int	 cancel;
	int		 ok;		/* the worker read its half cleanly */
	/*
	 * The part that comes after this one's text: the last part of it
	 * taken by the first half (split_steal()), or for a part the worker
	 * took (split_take()) the worker's own half.  This one stops where
	 * steal starts, when it gets there in the state steal started with
	 * (stopped, at its line stop_line), else it reads on to the end.
	 * pos: how far it has read, now and then; done: it has stopped.
	 */
	_Atomic(struct split *) steal;
	_Atomic(const char *) pos;
	atomic_int	 done;
	atomic_int	 go;		/* split_steal_test: it may start */
	int		 stopped;
	unsigned	 stop_line;
	/*
	 * The other way (split_take()): the worker, done first, took the
	 * last part of what the first half had left; mpos: how far the
	 * first half has read, now and then.  first: the worker started
	 * at the middle (not a part taken).
	 */
	_Atomic(struct split *) take;
	_Atomic(const char *) mpos;
	int		 first;
	struct loader	*L;		/* the worker's */
	struct dl_error	 err;		/* the worker's, never shown */
	struct src	 src;
	char		 origin[NAME_BUF];
	/* The state the worker started with. */
	uint8_t		 owire[ZS_MAX_DNAME_LENGTH];
	uint32_t	 owlen;
	struct ttlstate	 ts;
};

/*
 * A scanner, not initialised: 200 KiB that zs_init() clears.  With huge
 * set (the zone file's), on a huge page of its own: one page fault
 * instead of fifty, and a third of the time of taking those fifty in one
 * call (a tenth of a pre-commit-sized check on a paravirtualised
 * machine).  Else (a worker's, an $INCLUDEd file's) on small pages taken
 * in one call: a huge page each was 2 MiB more for the kernel to clear,
 * three or four of them in a 1M-record lean load.
 */
struct scanner {
	zs_scanner_t	 zs;		/* first: a scanner is its struct */
	size_t		 len;		/* for dl_bigmem_free() */
};

static zs_scanner_t *
scanner_alloc(int huge)
{
	struct scanner *sc;
	size_t len;

	if ((sc = huge ? dl_bigmem_zalloc(sizeof(*sc), &len) :
	    dl_bigmem_table(1, sizeof(*sc), &len)) == NULL)
		return NULL;
	dl_bigmem_prefault(sc, sizeof(*sc));
	sc->len = len;
	return &sc->zs;
}

static void
scanner_free(zs_scanner_t *zs)
{
	struct scanner *sc = (struct scanner *)(void *)zs;

	if (sc != NULL)
		dl_bigmem_free(sc, sc->len);
}

/* Loads running in this process: a split takes a processor of its own. */
static atomic_int loads_running;

/* Does the first half's state at the split line match the worker's? */
static int
split_state_same(const struct split *sp, const struct loader *L,
    const zs_scanner_t *zs)
{
	return zs->default_ttl == TTL_UNSET &&
	    zs->zone_origin_length == sp->owlen &&
	    memcmp(zs->zone_origin, sp->owire, sp->owlen) == 0 &&
	    L->ts.have_dttl == sp->ts.have_dttl &&
	    L->ts.dttl == sp->ts.dttl && L->ts.dttl_soa == sp->ts.dttl_soa &&
	    L->ts.have_outer == sp->ts.have_outer &&
	    L->ts.outer_set == sp->ts.outer_set &&
	    L->ts.outer_dttl == sp->ts.outer_dttl &&
	    (L->ts.have_dttl || (L->ts.have_lttl == sp->ts.have_lttl &&
	    L->ts.lttl == sp->ts.lttl));
}

/*
 * Has the worker of sp, its scanner zs having read past where the part
 * taken from it starts, got there in the state that part started with?
 * Asked once (when the answer is no, the worker reads on to the end).
 */
static int
split_stop(struct split *sp, const zs_scanner_t *zs, const struct split *st)
{
	const char *start;
	unsigned line;

	line = stmt_line(&sp->src, zs->input.current, &start);
	if (start != st->at || !split_state_same(st, sp->L, zs))
		return 0;
	sp->stop_line = line;
	return 1;
}

/*
 * In tests (dl_zone_set_split_steal()): 1, split_steal() always; 2,
 * split_take() always.
 */
static int split_steal_test;
/*
 * The split's sizes: SPLIT_MIN and the sizes that go with it, or the
 * tests' smaller ones (dl_zone_set_split_min()).
 */
static struct {
	size_t	min, steal_min, steal_ahead, say_step, part_text;
} split_at = { SPLIT_MIN, STEAL_MIN, STEAL_AHEAD, SAY_STEP, FACT_PART_TEXT };
/* Parts taken and used (dl_zone_split_steals()). */
static atomic_uint split_steals;

static void	split_take(struct split *);

static void *
split_worker(void *arg)
{
	struct split *sp = arg, *st = NULL;
	struct src *s = &sp->src;
	zs_scanner_t *zs;
	const char *end = s->text + s->len, *told = s->text;
	int rc = 0, asked = 0;

	/* Lines counted from its first: split_join() adds the rest. */
	s->mark_line = 1;
	if ((zs = scanner_alloc(0)) == NULL) {
		atomic_store(&sp->done, 1);
		return NULL;
	}
	if (zs_init(zs, sp->origin, LDNS_RR_CLASS_IN, TTL_UNSET) != 0) {
		scanner_free(zs);
		atomic_store(&sp->done, 1);
		return NULL;
	}
	if (zs_set_input_string(zs, s->text, s->len) != 0)
		rc = DL_ENOMEM;
	zs->line_counter = 1;
	while (split_steal_test == 1 && !atomic_load(&sp->go) &&
	    !atomic_load(&sp->cancel))
		sched_yield();
	while (rc == 0 && !atomic_load_explicit(&sp->cancel,
	    memory_order_relaxed)) {
		(void)zs_parse_record(zs);
		if (zs->state == ZS_STATE_DATA) {
			/* Past where the part taken begins: stop there? */
			if (!asked && (st = atomic_load_explicit(&sp->steal,
			    memory_order_acquire)) != NULL &&
			    zs->input.current > st->at) {
				asked = 1;
				if ((sp->stopped = split_stop(sp, zs, st)))
					break;
			}
			rc = do_record(sp->L, s, zs);
			if ((size_t)(s->mark - told) >= split_at.say_step) {
				atomic_store_explicit(&sp->pos, s->mark,
				    memory_order_relaxed);
				told = s->mark;
			}
		} else if (zs->state == ZS_STATE_EOF)
			break;
		else
			rc = DL_EINPUT;	/* an error, $INCLUDE: not for us */
	}
	if (sp->stopped)
		end = st->at;
	if (rc == 0 && (zs->state == ZS_STATE_EOF || sp->stopped))
		rc = text_upto(s, end);
	if (rc == 0 && sp->L->lean && (zs->state == ZS_STATE_EOF ||
	    sp->stopped))
		rc = run_end(sp->L);
	if (rc == LEAN_AGAIN)
		atomic_store(&sp->L->facts->bad, 1);
	sp->ok = rc == 0 && (zs->state == ZS_STATE_EOF || sp->stopped) &&
	    sp->L->ttl_raised == 0;
	zs_deinit(zs);
	scanner_free(zs);
	if (sp->ok && sp->first && !sp->stopped)
		split_take(sp);
	atomic_store_explicit(&sp->done, 1, memory_order_release);
	return NULL;
}

/* The worker's loader and zone, freed (not what it shares with L). */
static void
split_free(struct split *sp)
{
	struct split *t = atomic_load(&sp->take);

	if (t != NULL)
		split_free(t);
	if (sp->L != NULL) {
		dl_zone_free(sp->L->z);
		free(sp->L->tlog);
		free(sp->L->run_ask);
		free(sp->L->dnames);
		free(sp->L->ttl_raised_file);
		ownlog_free(sp->L->own);
		free(sp->L);
	}
	free(sp);
}

/* Stop the worker and drop its work; NULL for the caller's pointer. */
static struct split *
split_cancel(struct split *sp)
{
	struct split *t;

	if (sp != NULL) {
		atomic_store(&sp->cancel, 1);
		if ((t = atomic_load(&sp->take)) != NULL)
			atomic_store(&t->cancel, 1);
		(void)pthread_join(sp->thread, NULL);
		split_free(sp);
	}
	return NULL;
}

/*
 * A line at or after from, within SPLIT_SEEK bytes, that starts with an
 * owner name: where a part of s can start.  NULL when there is none.
 */
static const char *
split_line(const struct src *s, const char *from)
{
	const char *p = from, *end = s->text + s->len, *lim;
	unsigned char c;

	lim = (size_t)(end - p) > SPLIT_SEEK ? p + SPLIT_SEEK : end;
	for (;;) {
		if ((p = memchr(p, '\n', (size_t)(lim - p))) == NULL ||
		    ++p >= lim)
			return NULL;
		c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '*')
			return p;
	}
}

/*
 * A part of the zone file s from line p to its end, to be read by its
 * own loader (a copy of L's settings), not started.  It starts in the
 * state the part like started in, or when like is NULL in the state L
 * and zs are in now (base: the origin in presentation form).  NULL when
 * there is no memory.
 */
static struct split *
split_new(const struct loader *L, const struct src *s,
    const struct split *like, const zs_scanner_t *zs, const char *base,
    const char *p)
{
	struct split *sp;
	const char *end = s->text + s->len;

	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return NULL;
	sp->at = p;
	sp->text = s->text;
	if (like != NULL) {
		memcpy(sp->origin, like->origin, sizeof(sp->origin));
		sp->owlen = like->owlen;
		memcpy(sp->owire, like->owire, sp->owlen);
		sp->ts = like->ts;
	} else {
		snprintf(sp->origin, sizeof(sp->origin), "%s", base);
		sp->owlen = zs->zone_origin_length;
		memcpy(sp->owire, zs->zone_origin, sp->owlen);
		sp->ts = L->ts;
	}
	if ((sp->L = malloc(sizeof(*sp->L))) == NULL) {
		free(sp);
		return NULL;
	}
	/* The filter and the origin are shared, read only. */
	memcpy(sp->L, L, sizeof(*sp->L));
	/* Its state: the one it starts in. */
	sp->L->ts = sp->ts;
	/* The worker's own, none yet (what split_free() frees). */
	sp->L->z = NULL;
	sp->L->tlog = NULL;
	sp->L->ntlog = sp->L->captlog = 0;
	sp->L->run_ask = NULL;
	sp->L->nrun_ask = sp->L->caprun_ask = 0;
	sp->L->dnames = NULL;
	sp->L->ndnames = sp->L->capdnames = 0;
	sp->L->ttl_raised_file = NULL;
	sp->L->soa_file = NULL;
	sp->L->err = &sp->err;
	sp->L->worker = 1;
	sp->L->lastwlen = 0;
	sp->L->lastwire = sp->L->wbuf[0];
	sp->L->run_recs = 0;
	sp->L->own = NULL;
	sp->L->nown = 0;
	memset(sp->L->recent, 0, sizeof(sp->L->recent));
	memset(sp->L->waiting, 0, sizeof(sp->L->waiting));
	sp->L->nopen = 0;
	sp->L->npend = 0;
	sp->L->ttl_raised = 0;
	/* As much room as the first half's log has for its half. */
	if (L->lean) {
		tlog_reserve(sp->L, (size_t)(end - p) / 8 + 65536);
		if ((sp->L->own = ownlog_new((size_t)(end - p))) == NULL) {
			split_free(sp);
			return NULL;
		}
	}
	if ((sp->L->z = calloc(1, sizeof(*sp->L->z))) == NULL) {
		split_free(sp);
		return NULL;
	}
	sp->L->split_seen = 1;
	sp->L->z->soa = ZNONE;
	sp->L->z->addidx = ZNONE;
	sp->L->z->loaded = 1;
	sp->L->z->whole = L->whole;
	/* A lean load stores a few: its tables grow as they are written. */
	if (!L->lean && (zone_reserve(sp->L->z, (size_t)(end - p), 0) != 0 ||
	    (sp->L->dnames = grow_table(NULL, 0, (size_t)(end - p),
	    1)) == NULL)) {
		split_free(sp);
		return NULL;
	}
	sp->L->capdnames = sp->L->dnames != NULL ? (size_t)(end - p) : 0;
	sp->src.path = s->path;
	sp->src.depth = 0;
	sp->src.text = p;
	sp->src.len = (size_t)(end - p);
	sp->src.mark = p;
	sp->src.checked = s->checked != NULL ? p : NULL;
	/* Its own pages, from the first whole one. */
	sp->src.dropped = s->dropped == NULL ? NULL : (const char *)
	    (((uintptr_t)p + 4095) & ~(uintptr_t)4095);
	sp->src.ahead = sp->src.dropped;
	atomic_store(&sp->pos, p);
	return sp;
}

/*
 * The worker sp has read its half, cleanly, and the first half is still
 * being read: the last part of what that has left is read here, as
 * split_steal() does the other way (in proportion, at an owner line at
 * least STEAL_AHEAD ahead).  The part starts in the state the worker
 * started in, and stops at the worker's line when it gets there in that
 * state; the first half stops at the part's line when it gets there in
 * the part's (split_meet_take()), else reads on and the part is not used.
 */
static void
split_take(struct split *sp)
{
	const char *pos, *p;
	double mine, theirs;
	size_t rest, skip;
	struct split *t;
	struct src whole;	/* the file, as the first half reads it */

	if (atomic_load(&sp->cancel))
		return;
	pos = atomic_load_explicit(&sp->mpos, memory_order_relaxed);
	if (pos < sp->text || pos >= sp->at)
		return;
	rest = (size_t)(sp->at - pos);
	mine = (double)sp->src.len;
	theirs = (double)(pos - sp->text);
	/* Tests: half of what the first half has left. */
	skip = split_steal_test == 2 ? rest / 2 : (size_t)((double)rest *
	    theirs / (mine + theirs));
	if (skip < split_at.steal_ahead)
		skip = split_at.steal_ahead;
	if (rest < skip + split_at.steal_min)
		return;
	memset(&whole, 0, sizeof(whole));
	whole.path = sp->src.path;
	whole.text = sp->text;
	whole.len = (size_t)(sp->src.text + sp->src.len - sp->text);
	whole.dropped = sp->src.dropped;
	whole.checked = sp->src.checked;
	if ((p = split_line(&whole, pos + skip)) == NULL ||
	    sp->at - p < (ptrdiff_t)split_at.steal_min ||
	    (t = split_new(sp->L, &whole, sp, NULL, NULL, p)) == NULL)
		return;
	atomic_store(&t->go, 1);
	/* It stops at the worker's line (the part after it). */
	atomic_store_explicit(&t->steal, sp, memory_order_release);
	atomic_store_explicit(&sp->take, t, memory_order_release);
	if (atomic_load(&sp->cancel))
		atomic_store(&t->cancel, 1);
	(void)split_worker(t);
}

/*
 * After the first records of the zone file s (zs reading it, base the
 * origin in presentation form): start the worker on the second half, or
 * return NULL to read the file alone.
 */
static struct split *
split_start(struct loader *L, const struct src *s, const zs_scanner_t *zs,
    const char *base)
{
	struct split *sp;
	const char *p;

	/* Not with a small file's facts, put in as read (facts_new()). */
	if (s->depth != 0 || s->len < split_at.min || dl_par_cpus() < 2 ||
	    (L->facts != NULL && L->facts->direct) ||
	    atomic_load(&loads_running) >= dl_par_cpus())
		return NULL;
	/* A line after the middle that starts with an owner name. */
	if ((p = split_line(s, s->text + s->len / 2)) == NULL ||
	    p <= zs->input.current ||
	    (sp = split_new(L, s, NULL, zs, base, p)) == NULL)
		return NULL;
	L->split_seen = 1;
	sp->first = 1;
	atomic_store(&sp->mpos, zs->input.current);
	if (pthread_create(&sp->thread, NULL, split_worker, sp) != 0) {
		split_free(sp);
		return NULL;
	}
	return sp;
}


/*
 * The worker's records appended to L's zone, owners interned in order,
 * their lines after the first half's (lines before the split line).
 */
static int
split_join(struct loader *L, struct split *sp, unsigned lines)
{
	struct dl_zone *z = L->z, *w = sp->L->z;
	const char *n = sp->L->dnames;
	char *done = sp->L->dnames, *end, *log;
	size_t len, nrecs;
	uint32_t base = (uint32_t)z->nrecs, rdbase = (uint32_t)z->nrdata;
	size_t i;

	if (z->nrecs + w->nrecs > ZNONE ||
	    z->nrdata + w->nrdata > UINT32_MAX)
		return DL_ENOMEM;
	if (table_reserve((void **)&z->recs, z->nrecs, &z->caprecs,
	    z->nrecs + w->nrecs, sizeof(*z->recs)) != 0 ||
	    table_reserve((void **)&z->rdata, z->nrdata, &z->caprdata,
	    z->nrdata + w->nrdata, 1) != 0)
		return DL_ENOMEM;
	if (w->nrdata > 0)
		memcpy(z->rdata + z->nrdata, w->rdata, w->nrdata);
	z->nrdata += w->nrdata;
	for (i = 0; i < w->nrecs; i++) {
		z->recs[base + i] = w->recs[i];
		z->recs[base + i].rd += rdbase;
		z->recs[base + i].line += lines;
		z->recs[base + i].next = ZNONE;
	}
	z->nrecs += w->nrecs;
	z->count += w->count;
	for (i = 0; i < w->nwalk; i++)
		if (walk_add(z, base + w->walk[i]) != 0)
			return DL_ENOMEM;
	/*
	 * Its log of NS and MX records goes on after L's (a part taken from
	 * the worker, split_steal(): after the worker's).
	 */
	if (L->tlog2 == NULL) {
		L->tlog2 = sp->L->tlog;
		L->ntlog2 = sp->L->ntlog;
		sp->L->tlog = NULL;
	} else if (sp->L->ntlog > 0) {
		if ((log = realloc(L->tlog2, L->ntlog2 + sp->L->ntlog)) ==
		    NULL)
			return DL_ENOMEM;
		memcpy(log + L->ntlog2, sp->L->tlog, sp->L->ntlog);
		L->tlog2 = log;
		L->ntlog2 += sp->L->ntlog;
	}
	L->nopen += sp->L->nopen;
	/* Its owners go into the facts with L's (facts_build()). */
	if (sp->L->own != NULL) {
		sp->L->own->next = L->own->next;
		L->own->next = sp->L->own;
		sp->L->own = NULL;
	}
	nrecs = w->nrecs;
	/* Copied: not held while the owners grow. */
	free(w->recs);
	free(w->rdata);
	w->recs = NULL;
	w->rdata = NULL;
	w->nrecs = w->nrdata = 0;
	for (i = 0; i < nrecs; i++) {
		len = (size_t)(unsigned char)n[0] << 8 | (unsigned char)n[1];
		if (intern_later(L, base + (uint32_t)i, n + 2, len,
		    len > 0 ? hash_str(n + 2, len) : 0) != 0)
			return DL_ENOMEM;
		n += len > 0 ? len + 3 : 2;
		/* The names read are given back as the owners grow. */
		if (n >= done + DROP_STEP) {
			end = (char *)((uintptr_t)n &
			    ~(uintptr_t)(DROP_STEP - 1));
			if (end > done && madvise(done, (size_t)(end - done),
			    MADV_DONTNEED) == 0)
				done = end;
		}
	}
	L->lastwlen = 0;
	return 0;
}

/*
 * The first half is read (L, s, zs at the split line, in the state the
 * worker sp started with) and the worker is still reading: the last part
 * of what it has left, read here, so that both end at about the same
 * time (the two processors of a virtual machine do not always run at
 * one speed: one was seen to take 1.6 times as long).  The part is in
 * proportion to how much each half read so far, and starts at least
 * STEAL_AHEAD past where the worker last said it was, at a line with an
 * owner.  The worker stops at the part when it gets there in the state
 * the part started in, else reads on to the end and the part is not
 * used (split_meet()).  Returns the part, read; NULL when none was taken.
 */
static struct split *
split_steal(struct loader *L, const struct src *s, const zs_scanner_t *zs,
    struct split *sp)
{
	const char *end = s->text + s->len, *pos, *p;
	double mine, theirs;
	size_t rest, skip;
	struct split *st;

	if (atomic_load_explicit(&sp->done, memory_order_acquire))
		return NULL;
	pos = atomic_load_explicit(&sp->pos, memory_order_relaxed);
	rest = (size_t)(end - pos);
	mine = (double)(sp->at - s->text);
	theirs = (double)(pos - sp->at);
	/* Tests: the worker has not started; half its half is taken. */
	skip = split_steal_test == 1 ? rest / 2 : (size_t)((double)rest *
	    theirs / (mine + theirs));
	if (skip < split_at.steal_ahead)
		skip = split_at.steal_ahead;
	if (rest < skip + split_at.steal_min ||
	    (p = split_line(s, pos + skip)) == NULL ||
	    (size_t)(end - p) < split_at.steal_min ||
	    atomic_load(&sp->take) != NULL ||
	    (st = split_new(L, s, NULL, zs, sp->origin, p)) == NULL) {
		atomic_store(&sp->go, 1);
		return NULL;
	}
	atomic_store(&st->go, 1);
	atomic_store_explicit(&sp->steal, st, memory_order_release);
	atomic_store(&sp->go, 1);
	(void)split_worker(st);
	return st;
}

/*
 * The first half (L, s) has read up to the line of part a, the line-th
 * of the file, and part a has stopped where part b begins or read on to
 * the end (b is then not used; b may be NULL): a, then b, appended to
 * L's zone.  Returns 1 when they were (the file is read), 0 when a part
 * did not end cleanly (the first half reads on alone), or an error.
 */
static int
split_join_parts(struct loader *L, struct src *s, unsigned line,
    struct split *a, struct split *b)
{
	int rc;

	if (b != NULL && !a->stopped)
		b = NULL;
	if (!a->ok || (b != NULL && !b->ok))
		return 0;
	/* The first half's last run ends where a's first began. */
	if ((rc = text_upto(s, a->at)) != 0 ||
	    (L->lean && (rc = run_end(L)) != 0) ||
	    (rc = split_join(L, a, line - 1)) != 0 ||
	    (b != NULL && (rc = split_join(L, b, line - 1 + a->stop_line -
	    1)) != 0))
		return rc;
	if (b != NULL)
		atomic_fetch_add(&split_steals, 1);
	/* The parts checked the text from a's line on. */
	if (s->checked != NULL)
		s->checked = s->text + s->len;
	return 1;
}

/*
 * The first half (L, s, zs) has read a record that ends past the line of
 * the part t its worker sp took from it (split_take()).  Returns 1 when
 * t and the worker's half are taken (the file is read), 0 when the first
 * half reads on (to the worker's line; with sp gone, when the worker or
 * the part did not end cleanly), or an error.
 */
static int
split_meet_take(struct loader *L, struct src *s, const zs_scanner_t *zs,
    struct split **spp, struct split *t)
{
	struct split *sp = *spp;
	const char *start;
	unsigned line;
	int rc;

	line = stmt_line(s, zs->input.current, &start);
	if (start != t->at || !split_state_same(t, L, zs))
		return 0;
	(void)pthread_join(sp->thread, NULL);
	*spp = NULL;
	rc = split_join_parts(L, s, line, t, sp);
	split_free(sp);		/* and t */
	return rc;
}

/*
 * The first half has read a record that ends past the split line.
 * Returns 1 when the worker's half is taken (the file is read), 0 when
 * the first half reads on alone (sp is gone then), or DL_ENOMEM.
 */
static int
split_meet(struct loader *L, struct src *s, const zs_scanner_t *zs,
    struct split **spp)
{
	struct split *sp = *spp, *st;
	const char *start;
	unsigned line;
	int rc;

	line = stmt_line(s, zs->input.current, &start);
	if (start != sp->at || !split_state_same(sp, L, zs)) {
		*spp = split_cancel(sp);
		return 0;
	}
	st = split_steal(L, s, zs, sp);
	(void)pthread_join(sp->thread, NULL);
	*spp = NULL;
	rc = split_join_parts(L, s, line, sp, st);
	if (st != NULL)
		split_free(st);
	split_free(sp);
	return rc;
}

/* The NUL byte at nul in the text of s: the load's error. */
static int
text_nul(struct loader *L, const struct src *s, const char *nul)
{
	const char *p;
	unsigned line = 1;

	for (p = s->text; p < nul; p++)
		line += *p == '\n';
	return fail(L, s, line, DL_EINPUT, "NUL byte: not a text zone file");
}

/*
 * The scan of s, checked as it was read (text_upto()), ended with rc:
 * what it returns once the rest of the text is checked.  A NUL byte
 * anywhere is the error, whatever the scan met; a byte that needs the
 * copy (TEXT_COPY) sends the load back to read the file checked first.
 */
static int
text_end(struct loader *L, struct src *s, int rc)
{
	const char *nul;

	if (rc == LEAN_AGAIN || rc == DL_ENOMEM || rc == DL_EIO)
		return rc;
	if (rc == 0 && text_upto(s, s->text + s->len) == 0)
		return 0;
	if ((nul = memchr(s->text, '\0', s->len)) != NULL)
		return text_nul(L, s, nul);
	if (text_flags(s->text, s->len) & TEXT_COPY)
		return TEXT_AGAIN;
	return rc;
}

/*
 * Scan the text of s.  parent, for an $INCLUDE, gives the origin (in its
 * buffer) and the owner the included file starts with.  A relative
 * $ORIGIN starts a new scanner on the line after it, with the owner and
 * line count carried over.
 */
static int
scan_src(struct loader *L, struct src *s, const zs_scanner_t *parent)
{
	zs_scanner_t *zs;
	const char *nul, *from = s->text, *start, *next;
	char origin[NAME_BUF], base[NAME_BUF], *t, *crlf = NULL;
	uint8_t owner[ZS_MAX_DNAME_LENGTH], bwire[ZS_MAX_DNAME_LENGTH];
	uint32_t bwlen = 0;
	ldns_rdf *r;
	uint32_t ownlen = 0;
	unsigned line = 1;
	int rc = 0, set, top, records = 0, take_asked = 0;
	struct split *sp = NULL, *take;
	const char *told = s->text;	/* where sp->mpos was set */

	/*
	 * A large zone file is checked as it is read, on both processors
	 * when it is read in halves (text_upto()); read again, checked first,
	 * when that finds a byte treated below.
	 */
	if (parent == NULL && s->depth == 0 && s->len >= split_at.min &&
	    !L->eager) {
		s->checked = s->text;
		goto scan;
	}
	if ((nul = memchr(s->text, '\0', s->len)) != NULL)
		return text_nul(L, s, nul);
	if (text_flags(s->text, s->len) & TEXT_COPY) {
		/*
		 * libzscanner refuses CRLF line ends and bytes above 127
		 * (UTF-8 in TXT); BIND reads both.  A copy without the CR
		 * and with such bytes as \DDD escapes reads the same.
		 */
		size_t i, o = 0, n = 0;
		unsigned char c;

		for (i = 0; i < s->len; i++)
			n += (unsigned char)s->text[i] >= 0x80 ? 4 : 1;
		if ((crlf = malloc(n + 1)) == NULL)
			return nomem(L, s);
		for (i = 0; i < s->len; i++) {
			c = (unsigned char)s->text[i];
			if (c == '\r' && i + 1 < s->len &&
			    s->text[i + 1] == '\n')
				continue;
			if (c >= 0x80)
				o += (size_t)sprintf(crlf + o, "\\%03u", c);
			else
				crlf[o++] = (char)c;
		}
		s->text = from = crlf;
		s->dropped = NULL;	/* not a mapping: never dropped */
		s->len = o;
	}
scan:
	if ((zs = scanner_alloc(s->depth == 0)) == NULL) {
		free(crlf);
		return nomem(L, s);
	}
	snprintf(origin, sizeof(origin), "%.*s", (int)sizeof(origin) - 1,
	    parent != NULL ? (const char *)parent->buffer : L->zorigin);
	if (parent != NULL && parent->r_owner_length > 0 &&
	    parent->r_owner_length <= sizeof(owner)) {
		/* The included file starts with the current owner. */
		memcpy(owner, parent->r_owner, parent->r_owner_length);
		ownlen = parent->r_owner_length;
	}
	snprintf(base, sizeof(base), "%s", origin);
	s->mark = s->text;
	s->mark_line = 1;
again:
	if (zs_init(zs, origin, LDNS_RR_CLASS_IN, TTL_UNSET) != 0) {
		rc = fail(L, s, line, DL_EINPUT, "bad origin '%s': %s", origin,
		    zs_strerror(zs->error.code));
		goto out;
	}
	if (ownlen > 0) {
		memcpy(zs->r_owner, owner, ownlen);
		zs->r_owner_length = ownlen;
	}
	if (zs_set_input_string(zs, from, (size_t)(s->text + s->len - from))
	    != 0) {
		rc = nomem(L, s);
		goto done;
	}
	zs->line_counter = line;
	while (rc == 0) {
		top = zs->top;
		(void)zs_parse_record(zs);
		switch (zs->state) {
		case ZS_STATE_DATA:
			if (zs->zone_origin_length != bwlen ||
			    memcmp(zs->zone_origin, bwire, bwlen) != 0) {
				bwlen = zs->zone_origin_length;
				memcpy(bwire, zs->zone_origin, bwlen);
				if ((r = ldns_dname_new_frm_data(bwlen,
				    bwire)) == NULL || (t = ldns_rdf2str(r)) ==
				    NULL) {
					ldns_rdf_deep_free(r);
					rc = nomem(L, s);
					break;
				}
				ldns_rdf_deep_free(r);
				snprintf(base, sizeof(base), "%s", t);
				free(t);
			}
			/* Past the line of a part its worker took? */
			if (sp != NULL && !take_asked && (take =
			    atomic_load_explicit(&sp->take,
			    memory_order_acquire)) != NULL &&
			    zs->input.current > take->at &&
			    zs->input.current <= s->text + s->len) {
				take_asked = 1;
				if ((rc = split_meet_take(L, s, zs, &sp,
				    take)) != 0) {
					if (rc == 1)
						rc = 0;	/* theirs */
					break;
				}
			}
			if (sp != NULL && zs->input.current > sp->at &&
			    zs->input.current <= s->text + s->len &&
			    (rc = split_meet(L, s, zs, &sp)) != 0) {
				if (rc == 1)
					rc = 0;	/* the rest was the worker's */
				break;
			}
			rc = do_record(L, s, zs);
			if (rc == 0 && parent == NULL && ++records ==
			    SPLIT_AFTER && (sp = split_start(L, s, zs,
			    base)) != NULL && split_steal_test == 2)
				/* Tests: the worker takes a part first. */
				while (atomic_load(&sp->take) == NULL &&
				    !atomic_load(&sp->done))
					sched_yield();
			if (sp != NULL && (size_t)(s->mark - told) >=
			    split_at.say_step) {
				atomic_store_explicit(&sp->mpos, s->mark,
				    memory_order_relaxed);
				told = s->mark;
			}
			continue;
		case ZS_STATE_INCLUDE:
			/*
			 * libzscanner 3.2 hands an $INCLUDE back from inside
			 * a call of its state machine without returning from
			 * it: each one leaves a frame on its 16-deep stack,
			 * and the 17th overflows it.  Drop that frame.
			 */
			zs->top = top;
			rc = do_include(L, s, zs);
			continue;
		case ZS_STATE_ERROR:
			line = stmt_line(s, zs->input.current, &start);
			if (zs->error.code == ZS_BAD_ORIGIN &&
			    relative_origin(s, start, base, origin,
			    sizeof(origin), &next)) {
				if ((rc = take_dttl(L, s, zs, line, &set)) != 0)
					break;
				ownlen = zs->r_owner_length;
				memcpy(owner, zs->r_owner, ownlen);
				snprintf(base, sizeof(base), "%s", origin);
				from = next;
				line++;
				s->mark = next > s->text ? next - 1 : next;
				s->mark_line = line - 1;
				zs_deinit(zs);
				goto again;
			}
			rc = scan_error(L, s, zs);
			break;
		default:
			break;
		}
		break;
	}
done:
	zs_deinit(zs);
out:
	sp = split_cancel(sp);
	scanner_free(zs);
	free(crlf);
	return s->checked != NULL ? text_end(L, s, rc) : rc;
}

/*
 * The text of path (through L->reader, or mapped from the file system),
 * scanned.  parent: as scan_src().
 */
static int
load_src(struct loader *L, const char *path, int depth,
    const zs_scanner_t *parent)
{
	struct src s;
	struct stat st;
	char e[128], *name = NULL, *buf = NULL;
	void *map = MAP_FAILED;
	size_t len = 0;
	int fd = -1, rc;

	memset(&s, 0, sizeof(s));
	s.path = path;
	s.depth = depth;
	if (L->reader != NULL) {
		if (asprintf(&name, "%s%s", L->reader->prefix, path) == -1)
			return nomem(L, NULL);
		s.path = name;
		if ((rc = L->reader->read(L->reader->arg, path, &buf, &len,
		    L->err)) != 0) {
			if (rc > 0)
				rc = fail(L, &s, 0, DL_EIO, "no such file");
			goto out;
		}
		s.text = buf;
	} else {
		if ((fd = dl_file_open(path, &st)) == DL_FILE_NOT_REGULAR)
			return fail(L, &s, 0, DL_EINPUT,
			    "not a regular file but %s",
			    dl_file_kind(st.st_mode));
		if (fd == -1)
			return fail(L, &s, 0, errno == ENOMEM ? DL_ENOMEM :
			    DL_EIO, "cannot open the file: %s",
			    errstr(errno, e, sizeof(e)));
		len = (size_t)st.st_size;
		if (len > 0 && (map = mmap(NULL, len, PROT_READ, MAP_PRIVATE,
		    fd, 0)) == MAP_FAILED) {
			rc = fail(L, &s, 0, DL_EIO, "cannot read the file: %s",
			    errstr(errno, e, sizeof(e)));
			goto out;
		}
		s.text = map != MAP_FAILED ? map : "";
		s.dropped = s.ahead = map != MAP_FAILED ? map : NULL;
	}
	s.len = len;
	if (len == 0 && depth == 0) {
		rc = fail(L, &s, 0, DL_EINPUT, "the file is empty");
		goto out;
	}
	if (depth > 0 && (L->inc_bytes += len) > INCLUDE_BYTES_MAX) {
		rc = fail(L, &s, 1, DL_EINPUT, "$INCLUDE files hold "
		    "more than %d MiB in all", INCLUDE_BYTES_MAX / 1024 / 1024);
		goto out;
	}
	/* A small file is read whole: the facts would cost more. */
	if (depth == 0 && L->lean && (len < lean_from ||
	    (L->facts = facts_new(len, len < split_at.min ? 0 :
	    len / split_at.part_text)) == NULL))
		L->lean = 0;
	/*
	 * The log's room taken at once: its pages cost only when written.
	 * A lean load's other tables are not (zone_reserve()): each page
	 * first written is zeroed, and a huge one is 2 MiB for a few records.
	 */
	if (depth == 0 && L->lean) {
		tlog_reserve(L, len / 16 + 65536);
		L->fput.f = L->facts;
		if (!L->facts->direct && (L->own = ownlog_new(len)) == NULL) {
			rc = nomem(L, &s);
			goto out;
		}
	}
	if ((s.dir = dl_path_dir(path)) == NULL ||
	    (depth == 0 && !L->lean && zone_reserve(L->z, len, 1) != 0)) {
		rc = nomem(L, &s);
		goto out;
	}
	rc = scan_src(L, &s, parent);
out:
	if (map != MAP_FAILED)
		munmap(map, len);
	if (fd >= 0)
		close(fd);
	free(s.dir);
	free(buf);
	free(name);
	return rc;
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

	tables_init();
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

static int	load_zone(const char *, const char *,
		    const struct dl_zone_filter *,
		    const struct dl_zone_reader *, unsigned, struct dl_zone **,
		    struct dl_error *);

int
dl_zone_load_reader(const char *path, const char *origin,
    const struct dl_zone_filter *filter, const struct dl_zone_reader *reader,
    struct dl_zone **out, struct dl_error *err)
{
	unsigned how;
	int rc;

	*out = NULL;
	if (dl_octodns_is_file(path))
		return load_octodns(path, origin, reader, out, err);
	tables_init();
	atomic_fetch_add(&loads_running, 1);
	how = filter != NULL && filter->lean && !filter->whole ? LOAD_LEAN :
	    0;
	/*
	 * The file showed a lean load would not do: read it whole; or its
	 * text must be checked (and maybe copied) before it is scanned.
	 */
	while ((rc = load_zone(path, origin, filter, reader, how, out,
	    err)) == LEAN_AGAIN || rc == TEXT_AGAIN)
		how = rc == LEAN_AGAIN ? how & ~LOAD_LEAN : how | LOAD_EAGER;
	atomic_fetch_sub(&loads_running, 1);
	return rc;
}

int
dl_zone_reload(const struct dl_zone *z, const struct dl_zone_filter *filter,
    struct dl_zone **out, struct dl_error *err)
{
	struct dl_zone_filter f;

	*out = NULL;
	if (z->path == NULL) {
		dl_error_set(err, z->file, 0, 0, "not read from a file");
		return DL_EINPUT;
	}
	f = *filter;
	f.lean = 0;
	return dl_zone_load_reader(z->path, z->origin, &f, z->reader, out,
	    err);
}

/* dl_zone_load_reader() of a master file. */
static int
load_zone(const char *path, const char *origin,
    const struct dl_zone_filter *filter, const struct dl_zone_reader *reader,
    unsigned how, struct dl_zone **out, struct dl_error *err)
{
	struct loader *L;
	struct dl_zone *z;
	ldns_rdf *r = NULL;
	char name[NAME_BUF];
	size_t len;
	int rc;

	if ((L = calloc(1, sizeof(*L))) == NULL ||
	    (z = calloc(1, sizeof(*z))) == NULL) {
		free(L);
		dl_error_set(err, path, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	L->z = z;
	L->err = err;
	L->reader = reader;
	L->lastwire = L->wbuf[0];
	L->lean = (how & LOAD_LEAN) != 0;
	L->eager = (how & LOAD_EAGER) != 0;
	z->reader = reader;
	(void)pthread_mutex_init(&z->cache_lock, NULL);
	z->soa = ZNONE;
	z->addidx = ZNONE;
	z->loaded = 1;
	z->whole = L->whole = filter == NULL || filter->whole;
	if ((z->path = strdup(path)) == NULL ||
	    (reader != NULL ? asprintf(&z->file, "%s%s", reader->prefix,
	    path) == -1 : (z->file = strdup(path)) == NULL)) {
		z->file = NULL;
		rc = nomem(L, NULL);
		goto out;
	}

	/* The zone origin, made absolute and lower case. */
	if (origin[0] == '\0' || strcmp(origin, "@") == 0 ||
	    ldns_str2rdf_dname(&r, origin) != LDNS_STATUS_OK ||
	    ldns_rdf_size(r) > sizeof(L->zwire)) {
		rc = fail(L, NULL, 0, DL_EINPUT, "bad zone origin '%s'",
		    origin);
		goto out;
	}
	L->zwlen = wire_lower(ldns_rdf_data(r), ldns_rdf_size(r), L->zwire);
	memcpy(z->owire, L->zwire, L->zwlen);
	z->owlen = L->zwlen;
	if ((len = wire_name_str(L->zwire, L->zwlen, name)) == 0 ||
	    (z->origin = strdup(name)) == NULL) {
		rc = nomem(L, NULL);
		goto out;
	}
	L->zorigin = z->origin;
	L->zolen = len;

	if (!L->whole &&
	    ((rc = ownerset_init(&L->owners, filter->owners,
	    filter->owners ? filter->n_owners : 0)) != 0 ||
	    (rc = mentions_init(L, filter->mentions,
	    filter->mentions ? filter->n_mentions : 0)) != 0)) {
		rc = nomem(L, NULL);
		goto out;
	}
	if ((rc = load_src(L, path, 0, NULL)) != 0 ||
	    (L->lean && ((rc = run_end(L)) != 0 ||
	    (rc = facts_build(L)) != 0)) ||
	    (rc = intern_flush(L)) != 0)
		goto out;
	if (L->lean) {
		z->facts = L->facts;
		z->tlog[0] = L->tlog;
		z->ntlog[0] = L->ntlog;
		z->tlog[1] = L->tlog2;
		z->ntlog[1] = L->ntlog2;
		z->topen = L->nopen;
		L->tlog2 = NULL;
		L->facts = NULL;
		L->tlog = NULL;
	}
	if (z->soa == ZNONE) {
		rc = DL_EINPUT;
		dl_error_set(err, z->file, 0, 0, "no SOA record at '%s'",
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
	ldns_rdf_deep_free(r);
	facts_free(L->facts);
	ownlog_free(L->own);
	free(L->run_ask);
	free(L->tlog);
	free(L->tlog2);
	ownerset_free(&L->owners);
	for (len = 0; len < L->nmentions; len++)
		free(L->mentions[len].s);
	free(L->mentions);
	free(L->soa_file);
	free(L->ttl_raised_file);
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

static uint32_t
lookup(const struct dl_zone *z, const char *owner)
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
	uint32_t o = lookup(z, owner);

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
	return lookup(z, owner) != ZNONE || (z != NULL && owner != NULL &&
	    z->facts != NULL && facts_get(z->facts, owner, strlen(owner)) != 0);
}

unsigned
dl_zone_name_types(const struct dl_zone *z, const char *name)
{
	uint32_t o = lookup(z, name);

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
			if ((ti[n].o = lookup(z, name)) != ZNONE)
				ti[n].types = dl_zone_owner_types(z, ti[n].o);
		}
	}
	*next = at;
	return n;
}

void
dl_zone_set_lean_from(size_t bytes)
{
	lean_from = bytes;
}

void
dl_zone_set_split_min(size_t bytes)
{
	if (bytes == 0)
		bytes = SPLIT_MIN;
	split_at.min = bytes;
	split_at.steal_min = bytes / (SPLIT_MIN / STEAL_MIN);
	split_at.steal_ahead = bytes / (SPLIT_MIN / STEAL_AHEAD);
	split_at.say_step = bytes / (SPLIT_MIN / SAY_STEP);
	split_at.part_text = bytes / (SPLIT_MIN / FACT_PART_TEXT);
	if (split_at.part_text == 0)
		split_at.part_text = 1;
}

void
dl_zone_set_split_steal(int on)
{
	split_steal_test = on;
}

unsigned
dl_zone_split_steals(void)
{
	return atomic_load(&split_steals);
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
	return lookup(z, owner);
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
