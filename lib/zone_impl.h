/*
 * zone_impl.h - the insides of a zone, shared by the modules that keep
 * one (zone.c), read a master file into one (zoneread.c), read a large
 * file in two halves (zonesplit.c), read it a stretch at a time
 * (zonewin.c) and keep a lean load's facts (zonefacts.c).  Nothing
 * outside those five includes it but zonewin.c's unit test: zone.h is
 * the zone's interface.
 */

#ifndef DL_ZONE_IMPL_H
#define DL_ZONE_IMPL_H

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
#define LOAD_MAPPED	4u		/* ... the file mapped, not read (zwin) */
#define WIN_AGAIN	(-102)		/* read again, mapped (zonewin.c) */
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
	 * text is a file mapped or read a stretch at a time (win): the
	 * pages read so far up to dropped are given back (drop_read()), and
	 * those up to ahead are mapped or read (read_ahead()); both NULL
	 * when text is in memory.
	 */
	const char	*dropped;
	const char	*ahead;
	/*
	 * A large file checked as it is read (text_upto()): the bytes before
	 * checked are; NULL when the whole text was before the scan.
	 */
	const char	*checked;
	/*
	 * text is a large file read a stretch at a time (zonewin.c), NULL
	 * when it is mapped or in memory; slot: what this scanner holds of
	 * it (win_fill()).
	 */
	struct zwin	*win;
	int		 slot;
};

/*
 * A large zone file read with pread(2) into anonymous huge pages, a
 * stretch at a time, in the file's own layout (zonewin.c).
 */
struct zwin	*win_open(int, size_t, const char **);
void		 win_close(struct zwin *);
int		 win_slot(struct zwin *);
void		 win_unslot(struct zwin *, int);
int		 win_fill(struct zwin *, int, const char *, const char *,
		    const char *);
void		 win_give(struct zwin *, int, const char *, const char *);
int		 win_all(struct zwin *);
int		 win_bad(const struct zwin *);

/*
 * Did the scanner zs of s read past what s filled, or a read fail?  Then
 * what it read is not the file's.  (At the end libzscanner reads a block
 * of its own, having read the text to its end.)
 */
static inline int
win_past(const struct src *s, const zs_scanner_t *zs)
{
	const char *at = zs->input.current, *end = s->text + s->len;

	if (s->win == NULL)
		return 0;
	if (at < s->text || at > end)
		at = end;
	return at > s->ahead || win_bad(s->win) != 0;
}

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

/*
 * What a record without a TTL gets, as a reading of the file goes: the
 * TTL decisions at the top of zoneread.c.
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
	uint64_t	*wbits;		/* a bit per wkeys slot a search
					   may start at, of wbsize */
	size_t		 wbsize;	/* a power of two */
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
	int		 mapped;	/* map a large file, not read it */
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

/* Loads running in this process: a split takes a processor of its own. */
extern atomic_int loads_running;
/*
 * In tests (dl_zone_set_split_steal()): 1, split_steal() always; 2,
 * split_take() always.
 */
extern int split_steal_test;
/*
 * The split's sizes: SPLIT_MIN and the sizes that go with it, or the
 * tests' smaller ones (dl_zone_set_split_min()).
 */
struct split_sizes {
	size_t	min, steal_min, steal_ahead, say_step, part_text;
	size_t	win_page;	/* zonewin.c: what is given back at once */
	size_t	win_ahead;	/* ... and read at once */
};
extern struct split_sizes split_at;

/* Lower case of a byte, ASCII only (zone.c's tables_init()). */
extern unsigned char zone_lc[256];
/* Bytes a label may hold that ldns prints as they are: no escape. */
extern unsigned char zone_plain[256];

/* Record r's wire RDATA (a loaded zone's). */
static inline const uint8_t *
rec_rd(const struct dl_zone *z, const struct zrec *r)
{
	return z->rdata + r->rd;
}

/* Eight bytes a step: a byte-wise hash was a quarter of a filtered load. */
static inline uint64_t
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

/* The 128-bit product of a and b, its halves folded. */
static inline uint64_t
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
static inline uint64_t
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


/* zone.c */
/* A copy of s (len bytes) and a NUL in the zone's arena; NULL: no memory. */
const char *arena_dup(struct dl_zone *z, const char *s, size_t len);

/* bytes_room()'s slow way: *buf grown, or DL_ENOMEM (*buf kept). */
int	bytes_grow(void **buf, size_t used, size_t *cap, size_t need,
	    size_t max);

/*
 * reallocarray() for the zone's big tables (records, owners): past a few
 * huge pages they move to memory advised for huge pages too.
 */
void *grow_table(void *old, size_t n, size_t cap, size_t size);

/* The index of owner (lower case, absolute) in z's owners, or ZNONE. */
uint32_t zone_lookup(const struct dl_zone *z, const char *owner);

/*
 * The wire form of presentation name s (n bytes; absolute, the trailing
 * dot taken as read), lower case, into out (256 bytes): its length, or 0
 * when s is no name.  \DDD and \X escapes are read as ldns reads them.
 */
size_t	str_wire(const char *s, size_t n, uint8_t *out);

/* Room for want entries of size bytes in *t (n used, *cap there). */
int	table_reserve(void **t, size_t n, size_t *cap, size_t want,
	    size_t size);

/* Once per process, whichever thread loads a zone first. */
void	tables_init(void);

/*
 * The presentation form of wire name w (lower case, absolute) into out
 * (NAME_BUF bytes), as dl_name_str() writes it.  Plain labels are done
 * here; a name with any other byte goes through ldns so escapes match.
 * Returns the length, or 0 when out of memory.
 */
size_t	wire_name_str(const uint8_t *w, size_t wl, char *out);

/*
 * The index of name (len bytes, lower case, hash_str()) in z's owners
 * into *idx, added when new.  0, or DL_ENOMEM.
 */
int	zone_add_owner(struct dl_zone *z, const char *name, size_t len,
	    uint64_t hash, uint32_t *idx);

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
int	zone_reserve(struct dl_zone *z, size_t len, int owners_too);

/*
 * Room for need more bytes in *buf (used of *cap there): doubled from
 * 64 KiB, up to max bytes, through grow_table().  0, or DL_ENOMEM (*buf
 * kept).
 */
static inline int
bytes_room(void **buf, size_t used, size_t *cap, size_t need, size_t max)
{
	return *cap - used >= need ? 0 : bytes_grow(buf, used, cap, need, max);
}

/* zoneread.c */
/* A record libzscanner parsed: checked, indexed and stored. */
int	do_record(struct loader *L, struct src *s, zs_scanner_t *zs);

/* Is s[i] escaped by an odd run of backslashes before it? */
int	name_escaped(const char *s, size_t i);

/*
 * Record i is owned by name (len bytes, hash), or by the owner of the
 * record before when len is 0: queued for intern_flush(), its slot in
 * the owner table fetched meanwhile.
 */
int	intern_later(struct loader *L, uint32_t i, const char *name,
	    size_t len, uint64_t hash);

/* The load's error: out of memory (in s, when known).  DL_ENOMEM. */
int	load_nomem(struct loader *L, const struct src *s);

/* The last run of a text ends. */
int	run_end(struct loader *L);

/*
 * A scanner (struct scanner), not initialised: the one last given back
 * to scanner_free(), else new (huge: the zone file's, on a huge page of
 * its own).  NULL: no memory.  Give back with scanner_free(), which keeps
 * the last and frees the one it kept before.
 */
zs_scanner_t *scanner_alloc(int huge);

void	scanner_free(zs_scanner_t *zs);

/*
 * Where the statement that ends at (or holds) end begins: the last line
 * between s->mark and end that starts a statement (not blank, not a
 * comment, outside parentheses).  Sets *start to it; returns its line.
 */
unsigned stmt_line(const struct src *s, const char *end,
	    const char **start);

/*
 * A large zone file is checked as it is read (scan_src()): the bytes of
 * s before at, from where the last check stopped.  0, or TEXT_AGAIN when
 * they hold what scan_src() treats first (the file is read again, those
 * checked before it starts).
 */
int	text_upto(struct src *s, const char *at);

/*
 * The text of s from at on, made ready to read: the next stretch mapped
 * (a file mapped) or read (zonewin.c) when at comes near where the last
 * ended.
 */
void	read_ahead(struct src *s, const char *at);

/*
 * A lean load's log (none yet) given room for size bytes at once, on huge
 * pages when that is one or more: its entries come a few bytes at a time
 * across the whole file, a page fault per 4 KiB else (a tenth of the
 * faults of a 1M-record plan check).  When there is no memory for it, the
 * log grows as it is written (tlog_add()).
 */
void	tlog_reserve(struct loader *L, size_t size);

/* Is the name n at or below the zone z (both absolute, lower case)? */
int	name_under(const char *n, size_t nl, const char *z, size_t zl);

/* Record i is one dl_zone_kept() walks.  0, or DL_ENOMEM. */
int	walk_add(struct dl_zone *z, uint32_t i);

/* zonesplit.c */
/* Stop the worker and drop its work; NULL for the caller's pointer. */
struct split *split_cancel(struct split *sp);

/*
 * The first half has read a record that ends past the split line.
 * Returns 1 when the worker's half is taken (the file is read), 0 when
 * the first half reads on alone (sp is gone then), or DL_ENOMEM.
 */
int	split_meet(struct loader *L, struct src *s, const zs_scanner_t *zs,
	    struct split **spp);

/*
 * The first half (L, s, zs) has read a record that ends past the line of
 * the part t its worker sp took from it (split_take()).  Returns 1 when
 * t and the worker's half are taken (the file is read), 0 when the first
 * half reads on (to the worker's line; with sp gone, when the worker or
 * the part did not end cleanly), or an error.
 */
int	split_meet_take(struct loader *L, struct src *s,
	    const zs_scanner_t *zs, struct split **spp, struct split *t);

/*
 * After the first records of the zone file s (zs reading it, base the
 * origin in presentation form): start the worker on the second half, or
 * return NULL to read the file alone.
 */
struct split *split_start(struct loader *L, const struct src *s,
	    const zs_scanner_t *zs, const char *base);

/* zonefacts.c */
/*
 * A small file's owner's word w for its table, queued: its slot fetched
 * now, put a batch later.  0, or LEAN_AGAIN.
 */
int	fact_queue(struct loader *L, uint64_t w);

/*
 * The file is read: the table of facts built from the loader's log and
 * those of the parts a worker read, each part of it a region with room
 * for its owners at two thirds full (a small file's: the owners still
 * queued put in).  0, DL_ENOMEM or LEAN_AGAIN.
 */
int	facts_build(struct loader *L);

/* The bits of the owner whose name_key() is h, 0 when not in the file. */
uint32_t facts_find(const struct facts *f, uint64_t h);

/* Facts from facts_new(), and their table; NULL is none. */
void	facts_free(struct facts *f);

/* The bits of the owner name (len bytes), 0 when not in the file. */
uint32_t facts_get(const struct facts *f, const char *name, size_t len);

/*
 * A lean load's facts for a file of len bytes: in parts (at most
 * FACT_PARTS), the table not built yet; or for parts 0, a small file's
 * table, empty.  NULL: no memory.
 */
struct facts *facts_new(size_t len, size_t parts);

/*
 * A chunk for part p in log g, when its last is full or it has none (the
 * slow way of ownlog_add()).  0, or -1: no memory.
 */
int	ownlog_chunk(struct ownlog *g, unsigned p);

/* A log and those after it. */
void	ownlog_free(struct ownlog *g);

/* Is the owner whose name_key() is h in log g (not those after it)? */
int	ownlog_has(const struct ownlog *g, const struct facts *f,
	    uint64_t h);

/*
 * A log of owners for a text of len bytes (room for an owner per 16
 * bytes to start with: only the pages written cost); NULL: no memory.
 */
struct ownlog *ownlog_new(size_t len);

/* The table's part the owner whose name_key() is h belongs to. */
static inline unsigned
fact_part(const struct facts *f, uint64_t h)
{
	return (unsigned)(((h >> 32) * f->parts) >> 32);
}

/*
 * Where the search for the owner whose name_key() is h starts: in its
 * part's region, as far in as its key's high bits are in the part's
 * share of them (its tag: those bits and the 16 below).
 */
static inline size_t
fact_slot(const struct facts *f, uint64_t h)
{
	unsigned p = fact_part(f, h);
	uint64_t in = (uint32_t)((h >> 32) * f->parts);

	return f->base[p] + (size_t)((in * (f->base[p + 1] - f->base[p])) >>
	    32);
}

/* The key h without its bits: the owner's name as the table tells it. */
static inline uint64_t
fact_tag(uint64_t h)
{
	return h & ~(uint64_t)FT_BITS;
}

/* The word w of an owner of part p into log g.  0, or -1: no memory. */
static inline int
ownlog_add(struct ownlog *g, unsigned p, uint64_t w)
{
	uint64_t *at;

	if ((g->head[p] == 0 || g->n[p] == OWNLOG_CHUNK - 1) &&
	    ownlog_chunk(g, p) != 0)
		return -1;
	at = g->w + (size_t)(g->head[p] - 1) * OWNLOG_CHUNK + 1 + g->n[p]++;
	*at = w;
	/* The part's next cache line asked for now: 64 parts write their
	   chunks a word at a time, too many streams for the hardware to
	   fetch ahead of (the next chunk's first line: not asked). */
	if (g->n[p] < OWNLOG_CHUNK - 8)
		__builtin_prefetch(at + 8, 1);
	g->count[p]++;
	return 0;
}


#endif
