/*
 * zoneread.c - master files read by Knot DNS's libzscanner into a zone.
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


#include "zone_impl.h"

/* A lean load's smallest file (dl_zone_set_lean_from()). */
static size_t lean_from = LEAN_FROM;

static void
lower_str(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)zone_lc[(unsigned char)*s];
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

	h = (h ^ zone_lc[p[0]]) * 0x2f0bu;
	h = (h ^ zone_lc[p[n - 1]]) * 0x2f0bu;
	if (n > 1)
		h = (h ^ zone_lc[p[n - 2]]) * 0x2f0bu;
	if (n > 2)
		h = (h ^ zone_lc[p[n - 3]]) * 0x2f0bu;
	h = (h ^ zone_lc[p[n / 2]]) * 0x2f0bu;
	return (h >> 8) % (SIG_BITS);
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
		out[i] = zone_lc[w[i]];
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
	os->wbits = NULL;
	if (n == 0)
		return 0;
	/* Sparse: most lookups miss and should stop at the first slot. */
	while (size < n * 4)
		size *= 2;
	/* Sparser still, a bit each: a miss is almost never a search. */
	for (os->wbsize = 8192; os->wbsize < n * 128; os->wbsize *= 2)
		;
	os->keys = calloc(size, sizeof(*os->keys));
	os->lens = calloc(size, sizeof(*os->lens));
	os->hashes = calloc(size, sizeof(*os->hashes));
	os->wkeys = calloc(size, sizeof(*os->wkeys));
	os->wbits = calloc(os->wbsize / 64, sizeof(*os->wbits));
	if (os->keys == NULL || os->lens == NULL || os->hashes == NULL ||
	    os->wkeys == NULL || os->wbits == NULL)
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
			for (h = (size_t)(wk >> 1) & (size - 1);
			    os->wkeys[h] != 0; h = (h + 1) & (size - 1))
				;
			os->wkeys[h] = wk;
			h = (size_t)(wk >> 1) & (os->wbsize - 1);
			os->wbits[h / 64] |= 1ULL << (h % 64);
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
	h = (size_t)(key >> 1) & (os->wbsize - 1);
	if ((os->wbits[h / 64] & 1ULL << (h % 64)) == 0)
		return 0;
	/* Bit 0 marks a slot taken: the slot is of the bits above it. */
	key |= 1;
	for (h = (size_t)(key >> 1) & (os->size - 1); os->wkeys[h] != 0;
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
	free(os->wbits);
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

int
load_nomem(struct loader *L, const struct src *s)
{
	return fail(L, s, 0, DL_ENOMEM, "out of memory");
}

/* strerror(3) in lower case, for our messages. */
static const char *
errstr(int e, char *buf, size_t n)
{
	snprintf(buf, n, "%s", strerror(e));
	if (buf[0] != '\0')
		buf[0] = (char)zone_lc[(unsigned char)buf[0]];
	return buf;
}

int
name_escaped(const char *s, size_t i)
{
	size_t n = 0;

	while (i > 0 && s[i - 1] == '\\') {
		n++;
		i--;
	}
	return n % 2;
}

int
name_under(const char *n, size_t nl, const char *z, size_t zl)
{
	if (zl == 1)
		return 1;
	if (nl < zl || memcmp(n + nl - zl, z, zl) != 0)
		return 0;
	return nl == zl || (n[nl - zl - 1] == '.' &&
	    !name_escaped(n, nl - zl - 1));
}

/*
 * Keep the owner token as text when that is enough: a plain relative name
 * (checked as make_name() would) under an origin inside the zone is in the
 * zone and is not the apex.  Returns 1 when kept, 0 for make_name().
 */

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
		if (zone_lc[hay[i]] != needle[0])
			continue;
		for (j = 1; j < nl && zone_lc[hay[i + j]] == needle[j]; j++)
			;
		if (j < nl)
			continue;
		if (!text)
			return 1;
		/* In text, at word boundaries: "ip4:192.0.2.1", "a.b." */
		if (i > 0) {
			a = zone_lc[hay[i - 1]];
			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') ||
			    a == '-' || a == '_' || a == '.')
				continue;
		}
		if (i + nl < hl) {
			a = zone_lc[hay[i + nl]];
			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') ||
			    a == '-' || a == '_')
				continue;
			if (a == '.' && i + nl + 1 < hl &&
			    ((zone_lc[hay[i + nl + 1]] >= 'a' &&
			    zone_lc[hay[i + nl + 1]] <= 'z') ||
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
		if (zone_lc[rd[i]] != m[i])
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

unsigned
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
	/* open_paren() reads the whole text. */
	if (s->win != NULL && zs->error.code == ZS_UNCLOSED_MULTILINE &&
	    win_all(s->win) != 0)
		return WIN_AGAIN;
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

int
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

int
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
		return load_nomem(L, NULL);
	if (bytes_room((void **)&L->run_ask, L->nrun_ask *
	    sizeof(*L->run_ask), &L->caprun_ask, 2 * sizeof(*L->run_ask),
	    SIZE_MAX) != 0)
		return load_nomem(L, NULL);
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

void
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
		return load_nomem(L, NULL);
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
		return load_nomem(L, NULL);
	hash = hash_str(L->run_name, L->run_len);
	for (i = 0; i < n; i++)
		if (intern_later(L, L->run_first + i, L->run_name,
		    i == 0 ? L->run_len : 0, hash) != 0)
			return load_nomem(L, NULL);
	return 0;
}

int
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
				return load_nomem(L, s);
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

int
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
	size_t step = s->win != NULL ? 2 * split_at.win_page : DROP_STEP;

	if (s->dropped == NULL || at < s->dropped + step ||
	    at > s->text + s->len)
		return 0;
	/* The mapping starts on a page: align to it, not to text. */
	end = (const char *)(((uintptr_t)at - DROP_KEEP) &
	    ~(uintptr_t)(step - 1));
	/* Checked while its pages are still there. */
	if (text_upto(s, end) != 0)
		return TEXT_AGAIN;
	if (end <= s->dropped)
		return 0;
	if (s->win != NULL)
		win_give(s->win, s->slot, s->dropped, end);
	else if (madvise((void *)(uintptr_t)s->dropped,
	    (size_t)(end - s->dropped), MADV_DONTNEED) != 0)
		return 0;
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
void
read_ahead(struct src *s, const char *at)
{
	const char *end = s->text + s->len;
	size_t n, step = s->win != NULL ? split_at.win_ahead : READ_AHEAD;

	if (s->ahead == NULL || s->ahead >= end || s->ahead - at >
	    (ptrdiff_t)step / 2)
		return;
	n = (size_t)(end - s->ahead) < step ? (size_t)(end - s->ahead) : step;
	/* Read (a failure is seen by win_past()), or mapped. */
	if (s->win != NULL)
		(void)win_fill(s->win, s->slot, s->checked != NULL &&
		    s->checked < at ? s->checked : at, s->ahead, s->ahead + n);
	else
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

int
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
			return rc == DL_ENOMEM ? load_nomem(L, s) : rc;
		L->lastwire = low;
		L->lastwlen = wl;
		if (!wire_under(low, wl, L->zwire, L->zwlen))
			return fail(L, s, line, DL_EINPUT,
			    "'%s' is outside the zone '%s'", who(L, NULL),
			    L->zorigin);
		if (run_open(L) != 0)
			return load_nomem(L, s);
		owner = NULL;
	} else {
		owner = L->pnames[L->npend < PEND_MAX ? L->npend : 0];
		if (L->npend == PEND_MAX && intern_flush(L) != 0)
			return load_nomem(L, s);
	}
	if (owner != NULL && owner != L->lastname) {
		if ((len = wire_name_str(low, wl, owner)) == 0)
			return load_nomem(L, s);
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
				return load_nomem(L, s);
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
		return load_nomem(L, s);
	if (type == LDNS_RR_TYPE_SOA)
		z->soa = (uint32_t)z->nrecs - 1;
	if (!L->whole && keep && walk_add(z, (uint32_t)z->nrecs - 1) != 0)
		return load_nomem(L, s);
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

/*
 * The last scanner given back, kept for the next load to take: loads one
 * after another (--git-live reads every version of a file in its
 * history, 51 in the benchmark) each took pages of their own for the
 * kernel to clear, a huge page each for a zone file: a third of such a
 * check's time.  zs_init() clears what it takes.  Whoever asks takes it,
 * huge or not: its pages are in already.
 */
static _Atomic(struct scanner *) spare;

zs_scanner_t *
scanner_alloc(int huge)
{
	struct scanner *sc;
	size_t len;

	if ((sc = atomic_exchange(&spare, NULL)) != NULL)
		return &sc->zs;
	if ((sc = huge ? dl_bigmem_zalloc(sizeof(*sc), &len) :
	    dl_bigmem_table(1, sizeof(*sc), &len)) == NULL)
		return NULL;
	dl_bigmem_prefault(sc, sizeof(*sc));
	sc->len = len;
	return &sc->zs;
}

void
scanner_free(zs_scanner_t *zs)
{
	struct scanner *sc = (struct scanner *)(void *)zs;

	if (sc != NULL && (sc = atomic_exchange(&spare, sc)) != NULL)
		dl_bigmem_free(sc, sc->len);
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

	if (rc == LEAN_AGAIN || rc == DL_ENOMEM || rc == DL_EIO ||
	    rc == WIN_AGAIN)
		return rc;
	if (rc == 0 && text_upto(s, s->text + s->len) == 0)
		return 0;
	/* The whole text, for what follows. */
	if (s->win != NULL && win_all(s->win) != 0)
		return WIN_AGAIN;
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
			return load_nomem(L, s);
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
		return load_nomem(L, s);
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
		rc = load_nomem(L, s);
		goto done;
	}
	zs->line_counter = line;
	read_ahead(s, from);
	while (rc == 0) {
		top = zs->top;
		(void)zs_parse_record(zs);
		if (win_past(s, zs)) {
			rc = WIN_AGAIN;	/* read again, mapped */
			break;
		}
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
					rc = load_nomem(L, s);
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
 * The text of path (through L->reader, or from the file system), scanned.
 * parent: as scan_src().
 *
 * A zone file of split_at.min or more is read a stretch at a time
 * (zonewin.c), others are mapped.  Read whole into fresh huge pages, a 36
 * MB file made back-to-back runs of the 1M-record plan check 6 % faster
 * than mapped (each 4 KiB page of a mapping costs the paravirtualised
 * bench machine's host a fault when first touched), but a run on its own
 * 24 % slower (190 ms against 154): that kernel gives free 8 MiB blocks
 * back to the host (page_reporting_order=11), and fresh huge pages are
 * then zeroed through host faults.  A stretch at a time, the pages given
 * back are taken again warm: 9 % faster back to back, 18 % on its own.
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
			return load_nomem(L, NULL);
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
		/* A large file read a stretch at a time (zonewin.c). */
		if (depth == 0 && !L->mapped && !L->eager &&
		    len >= split_at.min && (s.win = win_open(fd, len,
		    &s.text)) != NULL) {
			s.dropped = s.ahead = s.text;
			s.slot = win_slot(s.win);
		} else if (len > 0 && (map = mmap(NULL, len, PROT_READ,
		    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
			rc = fail(L, &s, 0, DL_EIO, "cannot read the file: %s",
			    errstr(errno, e, sizeof(e)));
			goto out;
		}
		if (s.win == NULL) {
			s.text = map != MAP_FAILED ? map : "";
			s.dropped = s.ahead = map != MAP_FAILED ? map : NULL;
		}
		/*
		 * Mapped (read again so, or $INCLUDEd), from 8 MiB: read
		 * from the disk, it is cached in huge pages
		 * (each small page of a mapping costs a fault of the host to
		 * touch on a paravirtualised machine: a 36 MB file 18 to 24
		 * ms; cached as written in small writes, as awk and git
		 * write, it still is).
		 */
		if (map != MAP_FAILED)
			dl_bigmem_advise(map, len);
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
			rc = load_nomem(L, &s);
			goto out;
		}
	}
	if ((s.dir = dl_path_dir(path)) == NULL ||
	    (depth == 0 && !L->lean && zone_reserve(L->z, len, 1) != 0)) {
		rc = load_nomem(L, &s);
		goto out;
	}
	rc = scan_src(L, &s, parent);
out:
	if (map != MAP_FAILED)
		munmap(map, len);
	win_close(s.win);
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
	    err)) == LEAN_AGAIN || rc == TEXT_AGAIN || rc == WIN_AGAIN)
		how = rc == LEAN_AGAIN ? how & ~LOAD_LEAN : rc == WIN_AGAIN ?
		    how | LOAD_MAPPED : how | LOAD_EAGER;
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
	L->mapped = (how & LOAD_MAPPED) != 0;
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
		rc = load_nomem(L, NULL);
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
		rc = load_nomem(L, NULL);
		goto out;
	}
	L->zorigin = z->origin;
	L->zolen = len;

	if (!L->whole &&
	    ((rc = ownerset_init(&L->owners, filter->owners,
	    filter->owners ? filter->n_owners : 0)) != 0 ||
	    (rc = mentions_init(L, filter->mentions,
	    filter->mentions ? filter->n_mentions : 0)) != 0)) {
		rc = load_nomem(L, NULL);
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
		rc = load_nomem(L, NULL);
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
dl_zone_set_lean_from(size_t bytes)
{
	lean_from = bytes;
}

