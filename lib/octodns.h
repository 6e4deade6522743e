/*
 * octodns.h - octoDNS zone files: the YAML that octoDNS's YamlProvider
 * reads and writes, as a whole struct dl_zone.
 *
 * The format (octoDNS docs/records.rst, docs/dynamic_records.rst): the
 * top-level keys are names relative to the zone ('' the apex, '*' a
 * wildcard), each holding one record mapping or a list of them.  A record
 * has 'type', 'ttl' (3600 when absent, YamlProvider's default), 'value'
 * or 'values' (plain for A, AAAA, CNAME, DNAME, NS, PTR, ALIAS, SPF and
 * TXT; mappings of named fields for CAA, DS, LOC, MX, NAPTR, SRV, SSHFP,
 * TLSA and URLFWD), and optionally 'octodns' (metadata), 'geo' and
 * 'dynamic'.
 *
 * What dnslint makes of it:
 * - every value is one record, kept with the YAML line of its record
 *   (dl_zone_kept_line()); values that only a geo or dynamic pool answers
 *   with are records of the same RRset, at the line of that value;
 * - TXT and SPF values are unescaped ("\;" is ";") and split into
 *   character-strings of at most 255 bytes;
 * - ALIAS (apex only) is a record of type DL_RR_TYPE_ALIAS whose one
 *   field is the target name: what the apex resolves to;
 * - URLFWD is a provider's HTTP redirect, not DNS data: checked, not kept;
 * - records with 'octodns: {ignored: true}' are not part of the managed
 *   zone: checked, not kept; other keys under 'octodns' are metadata for
 *   octoDNS and its providers, never data;
 * - the zone has no SOA (the provider writes it).
 *
 * Anything octoDNS would refuse, and anything dnslint cannot take
 * unambiguously, is an error with the file, line and column.
 */
#ifndef DL_OCTODNS_H
#define DL_OCTODNS_H

#include "error.h"
#include "zone.h"

/* An octoDNS ALIAS record: PowerDNS's private type code for ALIAS. */
#define DL_RR_TYPE_ALIAS	65401

/* Is path an octoDNS zone file: does it end in ".yaml" or ".yml"?  1/0. */
int	dl_octodns_is_file(const char *path);

/*
 * Read the octoDNS zone file at path for the zone origin (a domain name;
 * made absolute and lower case).  Returns 0 and sets *out to a whole zone
 * (free with dl_zone_free()) whose dl_zone_file() is path, or DL_EINPUT
 * with err naming the file, line and column and what was expected,
 * DL_EIO or DL_ENOMEM.
 */
int	dl_octodns_load(const char *path, const char *origin,
	    struct dl_zone **out, struct dl_error *err);

/*
 * As dl_octodns_load(), from the len bytes at buf (a version from git:
 * githist.h); path is what messages and dl_zone_file() call it.
 */
int	dl_octodns_load_buffer(const char *path, const char *buf, size_t len,
	    const char *origin, struct dl_zone **out, struct dl_error *err);

/*
 * The zone an octoDNS file name gives: "example.com." for
 * ".../example.com.yaml" or ".../example.com.yml", newly allocated
 * (free(3)); NULL when the name holds no dot before the suffix or when
 * out of memory.
 */
char	*dl_octodns_origin_from_name(const char *path);

#endif
