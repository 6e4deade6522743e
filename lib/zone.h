/*
 * zone.h - the live zone (or a desired zone) as a set of RRsets.
 *
 * A zone comes from a master file (this module), and later from a zone
 * transfer or from queries.  A master file is read by Knot DNS's
 * libzscanner, which parses and checks every record; each is kept in wire
 * form in the zone and indexed by owner, and an ldns_rr is built
 * only for the records a caller asks for.  The filter says which records
 * dl_zone_kept() walks, not which are read: every RRset of a file is
 * known, unless the filter asks for a lean load (struct dl_zone_filter),
 * which stores only the owners a check reads and knows the types of the
 * others.
 */
#ifndef DL_ZONE_H
#define DL_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "error.h"

/* Which records a load keeps. */
struct dl_zone_filter {
	int		whole;		/* keep every record */
	/* Keep records whose owner is one of these (absolute, lower case). */
	const char	*const *owners;
	size_t		n_owners;
	/*
	 * Keep records whose RDATA mentions one of these: addresses in
	 * presentation form, host names absolute and lower case.
	 */
	const char	*const *mentions;
	size_t		n_mentions;
	/*
	 * A lean load: of a file of LEAN_FROM bytes or more (zoneread.c), only
	 * the owners whose records a check reads are stored (the filter's,
	 * those with an NS or MX record or a record the filter keeps, the
	 * apex nameservers); of every other owner the zone knows what
	 * dl_zone_name_types() tells.  Only when the file shows that is
	 * enough: no RRset written in two places (unless its owner is
	 * stored), no DNAME, no owner with a CNAME beside other data,
	 * several CNAMEs or an RRset of mixed TTLs, no $INCLUDE, no record
	 * the filter keeps after one of its owner's it did not; else the
	 * file is read again without.  A question about an owner not
	 * stored is answered empty and noted (dl_zone_lean_missed()): the
	 * caller then loads again without (dl_zone_reload()).
	 */
	int		lean;
};

struct dl_zone;

/*
 * Read the master file at path for the zone origin (absolute, lower case),
 * keeping what filter asks for (the apex records are always kept; NULL
 * keeps everything).  $ORIGIN, $TTL, relative names, "@", blank owners and
 * parenthesised multi-line records behave as in BIND; $INCLUDE is followed
 * only for files below the including file's folder, at most 4 levels deep,
 * at most 1,000 files and 256 MiB read from them in all.
 * Every record is parsed and checked (by libzscanner) and indexed; the
 * filter only chooses the records dl_zone_kept() walks.
 *
 * Returns 0 and sets *out (free with dl_zone_free()), or DL_EINPUT with err
 * naming the file and the first line of the bad record (column 0 unless
 * known), DL_EIO or DL_ENOMEM.  A file without an SOA at the origin is an
 * error.
 *
 * A path ending in ".yaml" or ".yml" is an octoDNS zone file instead:
 * read whole, without an SOA, by dl_octodns_load() (octodns.h; filter
 * not used).
 */
int	dl_zone_load_file(const char *path, const char *origin,
	    const struct dl_zone_filter *filter, struct dl_zone **out,
	    struct dl_error *err);

/*
 * Where a load reads its text when not from the file system (a git
 * revision: githist.h).  read() fills *buf with the whole text of path
 * (malloc(3)ed with room for a NUL after the *len bytes; the loader frees
 * it) and returns 0; 1 when there is no such file; or a negative code
 * with err filled.  path is the path given to dl_zone_load_reader(), or
 * for $INCLUDE that path's folder joined with the included name (".."
 * that climbs out is refused before read() is called).  prefix goes
 * before path in messages and in dl_zone_file(): "HEAD:".
 */
struct dl_zone_reader {
	int		(*read)(void *arg, const char *path, char **buf,
			    size_t *len, struct dl_error *err);
	void		*arg;
	const char	*prefix;
};

/*
 * As dl_zone_load_file(), but every text (the zone file's and each
 * $INCLUDE's) comes from reader (NULL: the file system).  The $INCLUDE
 * rules are the same, checked on the path's text.
 */
int	dl_zone_load_reader(const char *path, const char *origin,
	    const struct dl_zone_filter *filter,
	    const struct dl_zone_reader *reader, struct dl_zone **out,
	    struct dl_error *err);

/*
 * The records at owner (absolute, lower case) of type, in file order, as a
 * new list whose records belong to the zone: free the list with
 * ldns_rr_list_free(), not _deep_free.  Empty (not NULL) when there are
 * none; NULL only when out of memory.
 */
ldns_rr_list *dl_zone_rrset(const struct dl_zone *z, const char *owner,
	    ldns_rr_type type);

/* First line in the file of the first record of that RRset; 0 if none. */
unsigned dl_zone_rrset_line(const struct dl_zone *z, const char *owner,
	    ldns_rr_type type);

/* Is there any record at owner? */
int	dl_zone_has_name(const struct dl_zone *z, const char *owner);

/*
 * What the records at name (absolute, lower case) are: 0 when there are
 * none, else DL_NT_ANY and a bit for each of these types held.  A lean
 * load knows it of every owner of the file, stored or not.
 */
#define DL_NT_ANY	0x01
#define DL_NT_A		0x02
#define DL_NT_AAAA	0x04
#define DL_NT_CNAME	0x08
#define DL_NT_DNAME	0x10
#define DL_NT_NS	0x20
unsigned dl_zone_name_types(const struct dl_zone *z, const char *name);

/* The DL_NT_* bit of a record of type (A, AAAA, CNAME, DNAME, NS), else 0. */
unsigned dl_nt_bit(uint16_t type);

/* The same of owner o of the zone's index (dl_zone_owner_index()). */
unsigned dl_zone_owner_types(const struct dl_zone *z, uint32_t o);

/*
 * dl_zone_owner_index() and dl_zone_name_types() of n names at once
 * (into o[] and t[]): each look-up in a zone of millions of names misses
 * the cache, and these are fetched ahead.
 */
void	dl_zone_names_types(const struct dl_zone *z, const char *const *names,
	    size_t n, uint32_t *o, unsigned *t);

/*
 * A lean load (struct dl_zone_filter) was asked about an owner it did
 * not store, or a question only a zone with every owner stored can
 * answer (dl_zone_lean_miss()): some answers given were not the file's.
 * 1 or 0.
 */
int	dl_zone_lean_missed(const struct dl_zone *z);

/* Note such a question (for callers that walk the stored owners). */
void	dl_zone_lean_miss(const struct dl_zone *z);

/*
 * A lean load's NS and MX records at owners it did not store whose
 * targets are in the zone, in file order: their type, owner and target
 * (absolute, lower case, as dl_name_str()).  at: 0 for the first;
 * returns the at of the next, or 0 when there is none (t not set).  A
 * problem found there is a miss (dl_zone_lean_miss()): the whole read
 * tells its line.
 */
#define DL_ZONE_NAME_BUF	1100
struct dl_zone_target {
	uint16_t	 type;
	char		 owner[DL_ZONE_NAME_BUF];
	char		 target[DL_ZONE_NAME_BUF];
};
size_t	dl_zone_lean_targets(const struct dl_zone *z, size_t at,
	    struct dl_zone_target *t);

/*
 * The same records a batch at a time, their targets answered without
 * writing the names out (as the file was read, or looked up once): for
 * each of up to max from at, into ti, the at
 * of its entry (for dl_zone_lean_targets()), its type, and its target's
 * owner index (DL_ZONE_NONE unless stored) and dl_zone_name_types().
 * Returns how many; *next is the at after them.
 */
struct dl_zone_tinfo {
	size_t		 at;
	uint16_t	 type;
	uint32_t	 o;
	unsigned	 types;
};
size_t	dl_zone_lean_batch(const struct dl_zone *z, size_t at,
	    struct dl_zone_tinfo *ti, size_t max, size_t *next);

/*
 * The smallest zone file a lean load reads lean (16 KiB unless set; the
 * tests set 0).  Before any load.
 */
void	dl_zone_set_lean_from(size_t bytes);

/*
 * Tests: read files of bytes or more in two halves (4 MiB unless set;
 * 0 sets it back), the sizes of the parts taken between the halves, and
 * the text per part of a lean load's table of facts, in proportion.
 * Before any load.
 */
void	dl_zone_set_split_min(size_t bytes);

/*
 * Tests: with on 1, a file read in two halves always has the last half of
 * the second taken by the first (zonesplit.c's split_steal()), its worker
 * starting only then; with 2, the worker always takes the last half of
 * what the first has left (split_take()), the first waiting until then;
 * 0 (the default): only when one half lags.  Before any load.
 */
void	dl_zone_set_split_steal(int on);

/* How many parts taken by split_steal() and split_take() were used, in
   this process so far. */
unsigned dl_zone_split_steals(void);

/* Was z read by a lean load: are some owners of the file not stored? */
int	dl_zone_is_lean(const struct dl_zone *z);

/*
 * Read the file of a loaded zone z again, as it was read (the same path,
 * origin and reader), keeping what filter asks for (its lean ignored):
 * into *out.  Returns as dl_zone_load_reader().  z keeps a pointer to
 * its reader: a caller that may reload (a lean load) keeps the reader,
 * and what its arg points to, alive until then (githist.c's readers live
 * only for their load: its zones are never lean).
 */
int	dl_zone_reload(const struct dl_zone *z,
	    const struct dl_zone_filter *filter, struct dl_zone **out,
	    struct dl_error *err);

/* The apex SOA record (belongs to the zone). */
const ldns_rr *dl_zone_soa(const struct dl_zone *z);

/* Records in the file (all of them, kept or not). */
size_t	dl_zone_record_count(const struct dl_zone *z);

/*
 * Records kept, for iteration: i < dl_zone_kept_count(); every record
 * when loaded whole, else the filter's.  dl_zone_kept() builds the
 * ldns_rr when first asked (owned by the zone; NULL when out of memory).
 */
size_t	dl_zone_kept_count(const struct dl_zone *z);
const ldns_rr *dl_zone_kept(const struct dl_zone *z, size_t i);
unsigned dl_zone_kept_line(const struct dl_zone *z, size_t i);

/*
 * The owner of kept record i, absolute and lower case, owned by the zone:
 * no allocation, for walks over whole zones.
 */
const char *dl_zone_kept_owner(const struct dl_zone *z, size_t i);

/* Is kept record i the first (in file order) of its RRset? */
int	dl_zone_kept_first(const struct dl_zone *z, size_t i);

/*
 * The RRset of kept record i (its owner and type): a new list of new
 * records, not the zone's (ldns_rr_list_deep_free() it); NULL when out of
 * memory.
 */
ldns_rr_list *dl_zone_kept_rrset(const struct dl_zone *z, size_t i);

/*
 * Compare the RRset of z's kept record i with the same owner and type in
 * other: DL_RRSET_SAME (the same TTLs and RDATA, as
 * dl_rrset_rdata_equal() compares them), DL_RRSET_DIFFERS,
 * DL_RRSET_ABSENT (other has no record there), or DL_ENOMEM.  Records
 * read from files are compared by their wire form, TTL and RDATA byte
 * for byte, and allocate nothing when the two are written alike; else as
 * sets of canonical wire RDATA (dl_rrset_rdata_equal()).  *hint carries
 * where the last owner was found in other, for walks over zones in
 * similar order: start it at UINT32_MAX.
 */
#define DL_RRSET_SAME		0
#define DL_RRSET_DIFFERS	1
#define DL_RRSET_ABSENT		2
int	dl_zone_rrset_compare(const struct dl_zone *z, size_t i,
	    const struct dl_zone *other, uint32_t *hint);

/*
 * Does other hold any record of the RRset of z's kept record i (its
 * owner and type)?  1 or 0: what dl_zone_rrset_compare() tells as
 * DL_RRSET_ABSENT, without comparing the records.  hint as there.
 */
int	dl_zone_rrset_present(const struct dl_zone *z, size_t i,
	    const struct dl_zone *other, uint32_t *hint);

/*
 * The zone's index, owner by owner, for checks over every record of a
 * file without building an ldns_rr for each: owners o <
 * dl_zone_owner_count(); the records at owner o, in file order, from
 * dl_zone_owner_first() on through dl_zone_rec_next() until
 * DL_ZONE_NONE.  dl_zone_rec_info() gives a record's type, the type an
 * RRSIG covers (else 0), TTL and line (0: not from a file);
 * dl_zone_rec_target() writes the host name an NS or MX record points at
 * (absolute, lower case, as dl_name_str()) into buf of DL_ZONE_NAME_BUF
 * bytes and returns 1, else 0 (another type, no name, out of memory);
 * dl_zone_rec_rr() builds the record (owned by the zone; NULL when out
 * of memory).  Names are owned by the zone.
 */
#define DL_ZONE_NONE		UINT32_MAX
struct dl_zone_rec {
	uint16_t	type;
	uint16_t	covered;
	uint32_t	ttl;
	unsigned	line;
};
size_t	dl_zone_owner_count(const struct dl_zone *z);
const char *dl_zone_owner_name(const struct dl_zone *z, uint32_t o);
/* The index of owner (absolute, lower case), or DL_ZONE_NONE. */
uint32_t dl_zone_owner_index(const struct dl_zone *z, const char *owner);
uint32_t dl_zone_owner_first(const struct dl_zone *z, uint32_t o);
uint32_t dl_zone_rec_next(const struct dl_zone *z, uint32_t r);
void	dl_zone_rec_info(const struct dl_zone *z, uint32_t r,
	    struct dl_zone_rec *out);
int	dl_zone_rec_target(const struct dl_zone *z, uint32_t r, char *buf);
const ldns_rr *dl_zone_rec_rr(const struct dl_zone *z, uint32_t r);

/*
 * Record views, for walks over whole zones that build no ldns_rr: a
 * record's owner, type, TTL and RDATA read where they are kept.  A record
 * read from a file is its wire RDATA (rd, rdlen: names uncompressed, as
 * RFC 3597 writes them); one added with dl_zone_add(), or a plan's new
 * record, is its ldns_rr (rr; rd is NULL).  The accessors below take
 * either form and give the same answers.  A view borrows everything: it
 * is good as long as the zone (or the list that holds rr) is.
 *
 * dl_zone_kept_rec(): the index (for dl_zone_rec_*()) of kept record i.
 * dl_zone_rec_view(): record r of z; dl_rview_of_rr(): rr at owner
 * (absolute, lower case; borrowed), line 0 and no zone (rec and
 * owner_idx DL_ZONE_NONE).
 * dl_rview_rr(): the record as an ldns_rr, built when first asked for a
 * record read from a file (owned by its zone; NULL when out of memory):
 * for the few records a finding quotes.
 * dl_rr_name_field(): for the types whose RDATA names one host (NS,
 * CNAME, DNAME, PTR, MX, SRV, SVCB, HTTPS), the index of that field and
 * its offset in the wire RDATA (*offset); -1 for any other type.
 * dl_rview_target(): that name, absolute and lower case as dl_name_str()
 * writes it, into buf of DL_ZONE_NAME_BUF bytes: 1, else 0 (another type,
 * malformed RDATA, out of memory).
 * dl_rview_address(): the address of an A or AAAA record into addr: 4 or
 * 16 (the bytes written), else 0.
 */
struct dl_rview {
	const char		*owner;	/* absolute, lower case */
	uint16_t		 type;
	uint16_t		 covered;	/* RRSIG: the type covered, else 0 */
	uint32_t		 ttl;
	unsigned		 line;		/* in the zone's file; 0: none */
	const uint8_t		*rd;		/* wire RDATA, or NULL: see rr */
	size_t			 rdlen;
	const ldns_rr		*rr;		/* the record, when held built */
	const struct dl_zone	*zone;		/* a zone's record: its zone */
	uint32_t		 rec;		/* ... and index; else DL_ZONE_NONE */
	uint32_t		 owner_idx;	/* ... and its owner's index */
};
uint32_t dl_zone_kept_rec(const struct dl_zone *z, size_t i);

/*
 * For a walk's own tables of millions of entries, as the zone's are: old
 * (NULL, or n entries of size bytes from here) grown to cap entries, in
 * memory advised for huge pages past a few of them (page faults were
 * most of a whole-zone walk's time).  New entries are not zeroed.  Free
 * with free(3); NULL when out of memory (old is kept).
 */
void	*dl_table_grow(void *old, size_t n, size_t cap, size_t size);
void	dl_zone_rec_view(const struct dl_zone *z, uint32_t r,
	    struct dl_rview *v);
void	dl_rview_of_rr(const ldns_rr *rr, const char *owner,
	    struct dl_rview *v);
const ldns_rr *dl_rview_rr(const struct dl_rview *v);
int	dl_rr_name_field(uint16_t type, size_t *offset);
int	dl_rview_target(const struct dl_rview *v, char *buf);
int	dl_rview_address(const struct dl_rview *v, uint8_t addr[16]);

/* Was every record kept (filter NULL or whole)? */
int	dl_zone_is_whole(const struct dl_zone *z);

const char *dl_zone_origin(const struct dl_zone *z);
/*
 * When records without a TTL were read with a larger TTL than BIND's
 * rule gives, because NSD or Knot would serve that (no $TTL, a $TTL set
 * in an $INCLUDE file): one line saying how many and why; else NULL.
 * Owned by the zone.
 */
const char *dl_zone_ttl_note(const struct dl_zone *z);
const char *dl_zone_file(const struct dl_zone *z);

/*
 * The file record r was read from: an $INCLUDEd file's path as its
 * messages name it, else dl_zone_file() (built zones too).
 */
const char *dl_zone_rec_file(const struct dl_zone *z, uint32_t r);

void	dl_zone_free(struct dl_zone *z);

/*
 * A zone built record by record (from a zone transfer or from answers),
 * called source in messages (dl_zone_file()).  A partial zone knows only
 * the RRsets marked with dl_zone_mark_known(): any other may exist
 * unseen.  Returns NULL when out of memory.
 */
struct dl_zone *dl_zone_new(const char *origin, const char *source,
	    int partial);

/*
 * Add rr, handed over (the zone frees it, also when this fails; it is
 * counted in dl_zone_record_count()).  An SOA at the origin becomes the
 * zone's SOA.  Returns 0 or DL_ENOMEM.
 */
int	dl_zone_add(struct dl_zone *z, ldns_rr *rr);

/*
 * dl_zone_add(), and the record came from line of the zone's source.
 * owner, when not NULL, is rr's owner as dl_name_str() writes it (saves
 * working it out for every record).
 */
int	dl_zone_add_line(struct dl_zone *z, ldns_rr *rr, const char *owner,
	    unsigned line);

/* Record that the RRset at owner of type was answered (maybe empty). */
int	dl_zone_mark_known(struct dl_zone *z, const char *owner,
	    ldns_rr_type type);

/*
 * Is what the zone holds at owner/type the whole truth?  For a zone read
 * from a file (whole or filtered: every record is indexed) and a transfer
 * always; for a partial zone, for RRsets marked known.  An unknown RRset must
 * never be taken as absent.
 */
int	dl_zone_rrset_known(const struct dl_zone *z, const char *owner,
	    ldns_rr_type type);

/*
 * Does the zone hold every record at owner?  Zones read from files and
 * transfers: yes; partial zones from answers: no (only the types asked
 * for are known).
 */
int	dl_zone_owner_whole(const struct dl_zone *z, const char *owner);

/*
 * Helpers shared by every module that handles names and records.
 * dl_name_str(): the presentation form of a dname rdf, absolute and lower
 * case, newly allocated (free(3)); NULL when out of memory.
 */
char	*dl_name_str(const ldns_rdf *name);

/*
 * Compare two RRsets' RDATA as sets (order and duplicates ignored, names
 * case-insensitive, TTLs ignored).  Returns 1 when equal, else 0.
 */
int	dl_rrset_rdata_equal(const ldns_rr_list *a, const ldns_rr_list *b);

/*
 * FNV-1a over the len bytes at s, seed mixed in first, the upper bits
 * folded down: the hash the tables of names and RRsets use.
 */
uint64_t dl_hash(uint64_t seed, const char *s, size_t len);

/* Is name at or below zone (both absolute, lower case)?  1 or 0. */
int	dl_name_in_zone(const char *name, const char *zone);

/* The largest TTL in the list; 0 when empty or NULL. */
uint32_t dl_rrset_ttl_max(const ldns_rr_list *rrs);

/*
 * The smallest TTL in the list (RRsets should have one TTL; the smallest is
 * what resolvers may use first); 0 when the list is empty.
 */
uint32_t dl_rrset_ttl(const ldns_rr_list *rrs);

#endif
