/*
 * plan.c - the change plan: a strict loader on the YAML tree.
 *
 * Decisions the design leaves open, made once here:
 * - TTLs, like every number, must be plain scalars: "300" in quotes is a
 *   type error.  Leading zeros are accepted ("0300" is 300), as in BIND.
 * - Strings (zone, names, types, RDATA, times, paths) may be quoted.
 * - A cutover that is not stated is now (has_cutover 0).
 * - Positions stored in *_pos fields are those of the keys; an error
 *   about a value points at the value.
 */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "bigmem.h"
#include "dtime.h"
#include "file.h"
#include "json.h"
#include "model.h"
#include "plan.h"
#include "zone.h"
#include "registry.h"
#include "terraform.h"
#include "text.h"
#include "yamltree.h"

#define TIME_EXPECT	"an RFC 3339 time like 2026-12-01T10:00:00Z, " \
			"'now' or 'now+2h'"

struct loader {
	const char	*file;
	const char	*dir;
	int64_t		now;
	struct dl_error	*err;
	struct dl_plan	*plan;
	ldns_rdf	*origin;	/* the zone, for RDATA names */
};

static const char *const plan_keys[] = {
	"zone", "cutover", "live_zone_file", "changes", "desired",
	"ttl_lowered", "decommission", "dnssec_strategy", "acknowledge",
	"delegation_at", "ds_remove_at", "dnskey_add_at"
};
static const char *const change_keys[] = {
	"name", "type", "to", "delete", "ttl", "from", "ttl_lowered",
	"child_ns_ttl"
};
static const char *const lowering_keys[] = { "at", "from", "to" };
static const char *const decommission_keys[] = { "target", "at" };
#define ACK_REASON_MAX	200

/* Types people write, for "did you mean" on an unknown type. */
static const char *const common_types[] = {
	"A", "AAAA", "CAA", "CDNSKEY", "CDS", "CERT", "CNAME", "DNAME",
	"DNSKEY", "DS", "HINFO", "HTTPS", "LOC", "MX", "NAPTR", "NS",
	"OPENPGPKEY", "PTR", "RP", "SMIMEA", "SPF", "SRV", "SSHFP", "SVCB",
	"TLSA", "TXT", "URI"
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct dl_pos
pos_of(const struct dl_ynode *n)
{
	struct dl_pos p = { 0, 0, NULL };	/* file: the plan itself */

	p.line = n->line;
	p.column = n->column;
	return p;
}

static int
nomem(struct loader *l)
{
	dl_error_set(l->err, l->file, 0, 0, "out of memory");
	return DL_ENOMEM;
}

static char *
quoted(const char *s, char *buf, size_t n)
{
	return dl_yquote(s, strlen(s), buf, n);
}

/* ASCII only: a locale must not change what a name means. */
static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int
is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/*
 * Why name (absolute, with its trailing dot) is not a name dnslint
 * accepts, or NULL when it is.  The reason is written into buf.  With
 * wild, "*" may be the whole first label.
 */
static const char *
name_problem(const char *name, int wild, char *buf, size_t n)
{
	const char *p, *label;
	size_t len = strlen(name), ll;
	unsigned char c;

	if (strcmp(name, ".") == 0)
		return NULL;
	if (len - 1 > 253)
		return "longer than 253 characters";
	for (label = name; *label != '\0'; label = p + 1) {
		p = strchr(label, '.');
		ll = (size_t)(p - label);
		if (ll == 0)
			return "it has an empty label";
		if (ll > 63) {
			snprintf(buf, n, "label '%.20s...' is longer than 63 "
			    "characters", label);
			return buf;
		}
		if (ll == 1 && *label == '*') {
			if (!wild)
				return "a wildcard '*' is not allowed here";
			if (label != name)
				return "'*' is only allowed as the first label";
			continue;
		}
		for (; label < p; label++) {
			c = (unsigned char)*label;
			if (is_name_char(c))
				continue;
			if (c == '*')
				return "'*' must be a label on its own";
			if (c >= 0x80)
				return "non-ASCII character; write an "
				    "internationalized name in its xn-- form";
			if (c < 0x20 || c == 0x7f)
				snprintf(buf, n, "character \\x%02x is not "
				    "allowed", c);
			else
				snprintf(buf, n, "character '%c' is not "
				    "allowed; use letters, digits, '-' and "
				    "'_'", c);
			return buf;
		}
	}
	return NULL;
}

/* text lower case, with exactly one trailing dot; NULL if out of memory. */
static char *
absolute(const char *text)
{
	size_t len = strlen(text);
	char *s;

	if ((s = malloc(len + 2)) == NULL)
		return NULL;
	memcpy(s, text, len + 1);
	if (len == 0 || s[len - 1] != '.') {
		s[len] = '.';
		s[len + 1] = '\0';
	}
	lower(s);
	return s;
}

static int
get_scalar(struct loader *l, const struct dl_ynode *node, const char *key,
    const char *expect, int plain, const char **out)
{
	char what[80];

	snprintf(what, sizeof(what), "'%s'", key);
	return dl_yget_scalar(node, l->file, what, expect, plain, out, l->err);
}

static int
get_kind(struct loader *l, const struct dl_ynode *node, const char *key,
    enum dl_ykind kind)
{
	char what[80];

	snprintf(what, sizeof(what), "'%s'", key);
	return dl_yexpect(node, kind, l->file, what, l->err);
}

/* A TTL: a plain number of seconds or a duration, 0 to DL_TTL_MAX. */
static int
get_ttl(struct loader *l, const struct dl_ynode *node, const char *key,
    uint32_t *out)
{
	char what[80];
	int64_t x;
	int rc;

	snprintf(what, sizeof(what), "'%s'", key);
	if ((rc = dl_yget_seconds(node, l->file, what, 0, DL_TTL_MAX, &x,
	    l->err)) != 0)
		return rc;
	*out = (uint32_t)x;
	return 0;
}

static int
get_time(struct loader *l, const struct dl_ynode *node, const char *key,
    int64_t *out)
{
	const char *v;
	char got[300];
	int rc;

	if ((rc = get_scalar(l, node, key, TIME_EXPECT, 0, &v)) != 0)
		return rc;
	if (dl_time_parse(v, l->now, out) == -1)
		return dl_yerror(l->err, l->file, node, "'%s' must be %s%s",
		    key, TIME_EXPECT, dl_ygot(node, got, sizeof(got)));
	return 0;
}

/*
 * A path from the plan, taken relative to the plan's folder; what was
 * written, and where, is kept for dl_plan_resolve().
 */
static int
get_path(struct loader *l, const struct dl_ynode *node, const char *key,
    char **out, struct dl_plan_path *written)
{
	const char *v;
	int rc;

	if ((rc = get_scalar(l, node, key, "a file name", 0, &v)) != 0)
		return rc;
	free(*out);
	free(written->text);
	written->text = NULL;
	if (v[0] == '/' || strcmp(l->dir, ".") == 0)
		*out = strdup(v);
	else if (asprintf(out, "%s%s%s", l->dir,
	    l->dir[strlen(l->dir) - 1] == '/' ? "" : "/", v) == -1)
		*out = NULL;
	written->pos = pos_of(node);
	if (*out == NULL || (written->text = strdup(v)) == NULL)
		return nomem(l);
	return 0;
}

static int
missing(struct loader *l, const struct dl_ynode *map, const char *key,
    const char *where)
{
	return dl_yerror(l->err, l->file, map, "missing required key '%s'%s",
	    key, where);
}

static int
load_zone(struct loader *l, const struct dl_ynode *node)
{
	const char *v, *why;
	char q[128], why_buf[128];
	int rc;

	if ((rc = get_scalar(l, node, "zone", "a domain name like "
	    "example.com", 0, &v)) != 0)
		return rc;
	if ((l->plan->zone = absolute(v)) == NULL)
		return nomem(l);
	if ((why = name_problem(l->plan->zone, 0, why_buf,
	    sizeof(why_buf))) != NULL)
		return dl_yerror(l->err, l->file, node,
		    "bad zone name '%s': %s", quoted(v, q, sizeof(q)), why);
	if ((l->origin = ldns_dname_new_frm_str(l->plan->zone)) == NULL)
		return nomem(l);
	return 0;
}

/*
 * An owner name from the plan: "@", absolute (ending in a dot), already
 * ending in the zone's name, or relative to the zone.
 */
static int
load_owner(struct loader *l, const struct dl_ynode *node, char **out)
{
	const char *v, *zone = l->plan->zone, *why;
	char q[128], why_buf[128], *s, *low;
	size_t lv, lz = strlen(zone) - 1;
	int rc;

	*out = NULL;
	if ((rc = get_scalar(l, node, "name", "a name like www, @ or "
	    "www.example.com.", 0, &v)) != 0)
		return rc;
	if (strcmp(v, "@") == 0) {
		if ((*out = strdup(zone)) == NULL)
			return nomem(l);
		return 0;
	}
	lv = strlen(v);
	if ((low = strdup(v)) == NULL)
		return nomem(l);
	lower(low);
	if (v[lv - 1] == '.' || strcmp(zone, ".") == 0 ||
	    (lv == lz && strncmp(low, zone, lz) == 0) ||
	    (lv > lz && low[lv - lz - 1] == '.' &&
	    strncmp(low + lv - lz, zone, lz) == 0))
		s = absolute(low);
	else if (asprintf(&s, "%s.%s", low, zone) == -1)
		s = NULL;
	free(low);
	if (s == NULL)
		return nomem(l);
	if ((why = name_problem(s, 1, why_buf, sizeof(why_buf))) != NULL) {
		free(s);
		return dl_yerror(l->err, l->file, node, "bad name '%s': %s",
		    quoted(v, q, sizeof(q)), why);
	}
	if (!dl_name_in_zone(s, zone)) {
		free(s);
		return dl_yerror(l->err, l->file, node,
		    "name '%s' is outside the zone '%s'",
		    quoted(v, q, sizeof(q)), zone);
	}
	*out = s;
	return 0;
}

static int
load_type(struct loader *l, const struct dl_ynode *node, ldns_rr_type *out)
{
	const char *v, *best = NULL;
	char q[128], up[16];
	ldns_rr_type t;
	size_t i;
	int rc;

	if ((rc = get_scalar(l, node, "type", "a record type like A or MX", 0,
	    &v)) != 0)
		return rc;
	t = ldns_get_rr_type_by_name(v);
	if (t == 0) {
		quoted(v, q, sizeof(q));
		/* Suggest against the upper-case spelling. */
		for (i = 0; i + 1 < sizeof(up) && v[i] != '\0'; i++)
			up[i] = v[i] >= 'a' && v[i] <= 'z' ?
			    (char)(v[i] - 'a' + 'A') : v[i];
		up[i] = '\0';
		if (v[i] == '\0')
			best = dl_suggest(up, common_types,
			    NELEM(common_types));
		if (best != NULL)
			return dl_yerror(l->err, l->file, node,
			    "unknown record type '%s'; did you mean '%s'?",
			    q, best);
		return dl_yerror(l->err, l->file, node,
		    "unknown record type '%s'", q);
	}
	if (t == LDNS_RR_TYPE_SOA)
		return dl_yerror(l->err, l->file, node,
		    "SOA changes are not supported");
	if (t == LDNS_RR_TYPE_OPT || t == LDNS_RR_TYPE_TKEY ||
	    t == LDNS_RR_TYPE_TSIG || t == LDNS_RR_TYPE_IXFR ||
	    t == LDNS_RR_TYPE_AXFR || t == LDNS_RR_TYPE_MAILB ||
	    t == LDNS_RR_TYPE_MAILA || t == LDNS_RR_TYPE_ANY)
		return dl_yerror(l->err, l->file, node,
		    "'%s' is a query or meta type, not a type a zone holds",
		    quoted(v, q, sizeof(q)));
	*out = t;
	return 0;
}

/* What RDATA of a type looks like, for error messages; NULL: generic. */
static const char *
rdata_expect(ldns_rr_type t)
{
	switch (t) {
	case LDNS_RR_TYPE_A:
		return "expected an IPv4 address";
	case LDNS_RR_TYPE_AAAA:
		return "expected an IPv6 address";
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_DNAME:
	case LDNS_RR_TYPE_PTR:
		return "expected a host name";
	case LDNS_RR_TYPE_MX:
		return "expected a preference and a host name like "
		    "'10 mail.example.com.'";
	case LDNS_RR_TYPE_SRV:
		return "expected priority, weight, port and target like "
		    "'10 5 443 host.example.com.'";
	case LDNS_RR_TYPE_CAA:
		return "expected flags, tag and value like "
		    "'0 issue \"ca.example.net\"'";
	case LDNS_RR_TYPE_TXT:
		return "expected one or more strings like '\"v=spf1 -all\"'";
	case LDNS_RR_TYPE_DS:
		return "expected key tag, algorithm, digest type and digest";
	default:
		return NULL;
	}
}

/* Types whose name fields must be host names. */
static int
names_are_hosts(ldns_rr_type t)
{
	return t == LDNS_RR_TYPE_NS || t == LDNS_RR_TYPE_CNAME ||
	    t == LDNS_RR_TYPE_DNAME || t == LDNS_RR_TYPE_PTR ||
	    t == LDNS_RR_TYPE_MX || t == LDNS_RR_TYPE_SRV;
}

/* Field types that take exactly one whitespace-separated token. */
static int
one_token(ldns_rdf_type ft)
{
	switch (ft) {
	case LDNS_RDF_TYPE_INT8:
	case LDNS_RDF_TYPE_INT16:
	case LDNS_RDF_TYPE_INT32:
	case LDNS_RDF_TYPE_A:
	case LDNS_RDF_TYPE_AAAA:
	case LDNS_RDF_TYPE_DNAME:
	case LDNS_RDF_TYPE_STR:
	case LDNS_RDF_TYPE_TAG:
	case LDNS_RDF_TYPE_ALG:
	case LDNS_RDF_TYPE_TYPE:
	case LDNS_RDF_TYPE_CLASS:
	case LDNS_RDF_TYPE_PERIOD:
		return 1;
	default:
		return 0;
	}
}

/* Next token of rdata at *p (quotes kept together); 0 at the end. */
static int
next_token(const char **p, const char **start, size_t *len)
{
	const char *s = *p;
	int inq = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return 0;
	*start = s;
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		if (*s == '"')
			inq = !inq;
		else if (!inq && (*s == ' ' || *s == '\t'))
			break;
	}
	*len = (size_t)(s - *start);
	*p = s;
	return 1;
}

/*
 * ldns reads numbers into 8, 16 or 32 bits without a range check
 * ("MX 70000" becomes 4464): check the numeric fields it read from one
 * token each.  Returns 0, or -1 with a reason in buf.
 */
static int
check_numbers(const ldns_rr *rr, const char *rdata, char *buf, size_t n)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(ldns_rr_get_type(rr));
	const char *p = rdata, *tok;
	size_t k, len, i;
	ldns_rdf_type ft;
	uint64_t v, max;

	if (d == NULL)
		return 0;
	for (k = 0; k < ldns_rr_rd_count(rr); k++) {
		ft = ldns_rdf_get_type(ldns_rr_rdf(rr, k));
		if (!one_token(ft) || !next_token(&p, &tok, &len))
			return 0;
		if (ft == LDNS_RDF_TYPE_INT8)
			max = UINT8_MAX;
		else if (ft == LDNS_RDF_TYPE_INT16)
			max = UINT16_MAX;
		else if (ft == LDNS_RDF_TYPE_INT32)
			max = UINT32_MAX;
		else
			continue;
		for (i = 0, v = 0; i < len; i++) {
			if (tok[i] < '0' || tok[i] > '9')
				break;
			if (v <= max)
				v = v * 10 + (uint64_t)(tok[i] - '0');
		}
		if (i == len && v > max) {
			snprintf(buf, n, "%.*s is larger than %llu",
			    (int)(len > 20 ? 20 : len), tok,
			    (unsigned long long)max);
			return -1;
		}
	}
	return 0;
}

/*
 * Zone-file syntax the entry must not carry: a comment or parentheses
 * outside quotes would silently change what ldns reads, a line break
 * would start another record.
 */
static const char *
rdata_syntax(const char *s)
{
	int inq = 0;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\t')
			return "line breaks and control characters are not "
			    "allowed";
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		if (*s == '"')
			inq = !inq;
		else if (!inq && (*s == ';' || *s == '(' || *s == ')'))
			return "';', '(' and ')' are only allowed inside quotes";
	}
	return NULL;
}

/* Every name field of a host-name type must be a plain host name. */
static int
check_hosts(const ldns_rr *rr)
{
	char *s, buf[128];
	size_t k;
	int bad;

	if (!names_are_hosts(ldns_rr_get_type(rr)))
		return 0;
	for (k = 0; k < ldns_rr_rd_count(rr); k++) {
		if (ldns_rdf_get_type(ldns_rr_rdf(rr, k)) !=
		    LDNS_RDF_TYPE_DNAME)
			continue;
		if ((s = ldns_rdf2str(ldns_rr_rdf(rr, k))) == NULL)
			return -2;
		/* ldns writes odd characters as escapes: "a\,b.". */
		bad = strchr(s, '\\') != NULL ||
		    name_problem(s, 0, buf, sizeof(buf)) != NULL;
		free(s);
		if (bad)
			return -1;
	}
	return 0;
}

/*
 * A target name with dots but no final dot ("api.new-hosting.example.org")
 * would be read relative to the zone, as in a zone file, and name a host
 * nobody meant: refused, as octoDNS and DNSControl do.  A name ending in
 * the zone's own name ("mail.example.com" in example.com.) is taken as
 * absolute.  Sets *fixed to a copy of v with that final dot added, or NULL
 * when v stays as it is.  Returns 0, -1 with the name written into bad
 * (size n), or -2 when out of memory.
 */
static int
check_target_dots(const char *v, ldns_rr_type type, const char *zone,
    char **fixed, char *bad, size_t n)
{
	size_t lz = strlen(zone) - 1, start = 0, len = 0, i;
	int want = dl_rr_target_field(type), k = -1;
	const char *p = v;

	*fixed = NULL;
	if (want < 0 || strcmp(zone, ".") == 0)
		return 0;
	/* The want-th token. */
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = (size_t)(p - v);
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		len = (size_t)(p - v) - start;
		if (++k == want)
			break;
	}
	if (k != want || v[start + len - 1] == '.' ||
	    memchr(v + start, '.', len) == NULL)
		return 0;
	/* Ends in the zone's name, at a label boundary: absolute. */
	if ((len == lz || (len > lz && v[start + len - lz - 1] == '.')) &&
	    strncasecmp(v + start + len - lz, zone, lz) == 0) {
		if ((*fixed = malloc(strlen(v) + 2)) == NULL)
			return -2;
		memcpy(*fixed, v, start + len);
		(*fixed)[start + len] = '.';
		strcpy(*fixed + start + len + 1, v + start + len);
		return 0;
	}
	i = len < n - 1 ? len : n - 1;
	memcpy(bad, v + start, i);
	bad[i] = '\0';
	return -1;
}

/*
 * Build one entry of 'to' or 'from' into a record, as a zone file line
 * would read: "<owner> <ttl> IN <TYPE> <rdata>" with the zone as origin.
 */
static int
load_rdata(struct loader *l, const struct dl_ynode *node, const char *key,
    const char *owner, ldns_rr_type type, uint32_t ttl, ldns_rr **out)
{
	const char *v, *expect, *why;
	char q[128], tname_buf[16], why_buf[96], *line, *tname;
	char bad[256], *fixed = NULL;
	ldns_status st;
	ldns_rr *rr = NULL;
	int rc;

	*out = NULL;
	if (node->kind != DL_YSCALAR)
		return get_kind(l, node, key, DL_YSCALAR);
	v = node->value;
	if ((tname = ldns_rr_type2str(type)) == NULL)
		return nomem(l);
	snprintf(tname_buf, sizeof(tname_buf), "%s", tname);
	free(tname);
	expect = rdata_expect(type);
	quoted(v, q, sizeof(q));
	if ((why = rdata_syntax(v)) != NULL)
		return dl_yerror(l->err, l->file, node, "bad %s data '%s': %s",
		    tname_buf, q, why);
	if ((rc = check_target_dots(v, type, l->plan->zone, &fixed, bad,
	    sizeof(bad))) == -2)
		return nomem(l);
	if (rc == -1)
		return dl_yerror(l->err, l->file, node, "the %s target '%s' "
		    "has dots but no final dot: it would be read as "
		    "%s.%s; write '%s.' for that name, or a name relative "
		    "to %s without dots", tname_buf, bad, bad, l->plan->zone,
		    bad, l->plan->zone);
	rc = asprintf(&line, "%s %u IN %s %s", owner, ttl, tname_buf,
	    fixed != NULL ? fixed : v);
	free(fixed);
	if (rc == -1)
		return nomem(l);
	st = ldns_rr_new_frm_str(&rr, line, ttl, l->origin, NULL);
	free(line);
	if (st == LDNS_STATUS_MEM_ERR)
		return nomem(l);
	if (st == LDNS_STATUS_SYNTAX_SUPERFLUOUS_TEXT_ERR)
		return dl_yerror(l->err, l->file, node, "bad %s data '%s': "
		    "extra text after the data; give one record per list item",
		    tname_buf, q);
	if (st != LDNS_STATUS_OK || rr == NULL ||
	    ldns_rr_get_type(rr) != type) {
		ldns_rr_free(rr);
		if (expect != NULL)
			return dl_yerror(l->err, l->file, node,
			    "bad %s data '%s': %s", tname_buf, q, expect);
		return dl_yerror(l->err, l->file, node, "bad %s data '%s'",
		    tname_buf, q);
	}
	if (check_numbers(rr, v, why_buf, sizeof(why_buf)) == -1) {
		ldns_rr_free(rr);
		return dl_yerror(l->err, l->file, node,
		    "bad %s data '%s': %s", tname_buf, q, why_buf);
	}
	if ((rc = check_hosts(rr)) != 0) {
		ldns_rr_free(rr);
		if (rc == -2)
			return nomem(l);
		return dl_yerror(l->err, l->file, node,
		    "bad %s data '%s': %s", tname_buf, q,
		    expect ? expect : "expected a host name");
	}
	/* "<owner> 0 ..." is taken by some ldns paths as "no TTL". */
	ldns_rr_set_ttl(rr, ttl);
	*out = rr;
	return 0;
}

/* An index for finding duplicates by sorting: O(n log n). */
struct dup {
	const void	*item;
	size_t		idx;
	int		(*cmp)(const void *, const void *);
};

static int
dup_order(const void *a, const void *b)
{
	const struct dup *x = a, *y = b;
	int c;

	if ((c = x->cmp(x->item, y->item)) != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Find the earliest item that repeats an earlier one.  Returns 1 and sets
 * *first and *second (indexes), 0 when all differ, -1 when out of memory.
 */
static int
find_dup(const void *const *items, size_t n,
    int (*cmp)(const void *, const void *), size_t *first, size_t *second)
{
	struct dup *d;
	size_t i, g;
	int found = 0;

	if (n < 2)
		return 0;
	if ((d = calloc(n, sizeof(*d))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		d[i].item = items[i];
		d[i].idx = i;
		d[i].cmp = cmp;
	}
	qsort(d, n, sizeof(*d), dup_order);
	for (g = 0, i = 1; i < n; i++) {
		if (cmp(d[g].item, d[i].item) != 0) {
			g = i;
			continue;
		}
		if (i == g + 1 && (!found || d[i].idx < *second)) {
			*first = d[g].idx;
			*second = d[i].idx;
			found = 1;
		}
	}
	free(d);
	return found;
}

static int
cmp_rr(const void *a, const void *b)
{
	return ldns_rr_compare(a, b);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
cmp_change(const void *a, const void *b)
{
	const struct dl_change *x = a, *y = b;
	int c;

	if ((c = strcmp(x->owner, y->owner)) != 0)
		return c;
	return x->type < y->type ? -1 : x->type > y->type;
}

/* 'to' or 'from': a list of RDATA strings, or one. */
static int
load_rrset(struct loader *l, const struct dl_ynode *node, const char *key,
    struct dl_change *c, uint32_t ttl, ldns_rr_list **out)
{
	const struct dl_ynode *const *items;
	const struct dl_ynode *one[1];
	const void **rrs = NULL;
	ldns_rr_list *list;
	ldns_rr *rr;
	size_t n, i, first = 0, second = 0;
	char q[128];
	int rc;

	if (node->kind == DL_YSEQUENCE) {
		items = (const struct dl_ynode *const *)node->items;
		n = node->n;
	} else if (node->kind == DL_YSCALAR && node->len > 0) {
		one[0] = node;
		items = one;
		n = 1;
	} else
		return get_kind(l, node, key, DL_YSEQUENCE);
	if (n == 0)
		return dl_yerror(l->err, l->file, node, "'%s' is empty; %s",
		    key, strcmp(key, "to") == 0 ? "to remove the RRset use "
		    "'delete: true'" : "leave it out when nothing is expected");
	if ((list = ldns_rr_list_new()) == NULL)
		return nomem(l);
	*out = list;
	for (i = 0; i < n; i++) {
		if ((rc = load_rdata(l, items[i], key, c->owner, c->type, ttl,
		    &rr)) != 0)
			return rc;
		if (!ldns_rr_list_push_rr(list, rr)) {
			ldns_rr_free(rr);
			return nomem(l);
		}
	}
	if ((rrs = calloc(n, sizeof(*rrs))) == NULL)
		return nomem(l);
	for (i = 0; i < n; i++)
		rrs[i] = ldns_rr_list_rr(list, i);
	rc = find_dup(rrs, n, cmp_rr, &first, &second);
	free(rrs);
	if (rc == -1)
		return nomem(l);
	if (rc == 1)
		return dl_yerror(l->err, l->file, items[second],
		    "duplicate record '%s' in '%s' (first at line %u)",
		    quoted(items[second]->value, q, sizeof(q)), key,
		    items[first]->line);
	if (strcmp(key, "to") == 0 && n > 1 &&
	    (c->type == LDNS_RR_TYPE_CNAME || c->type == LDNS_RR_TYPE_DNAME))
		return dl_yerror(l->err, l->file, node,
		    "a %s RRset holds exactly one record, got %zu",
		    c->type == LDNS_RR_TYPE_CNAME ? "CNAME" : "DNAME", n);
	return 0;
}

static int
load_lowering(struct loader *l, const struct dl_ynode *key,
    const struct dl_ynode *node, struct dl_lowering *lw)
{
	const struct dl_ynode *v;
	int rc;

	if ((rc = get_kind(l, node, "ttl_lowered", DL_YMAPPING)) != 0)
		return rc;
	if ((rc = dl_ymap_check_keys(node, lowering_keys,
	    NELEM(lowering_keys), "in 'ttl_lowered'", l->file, l->err)) != 0)
		return rc;
	if ((v = dl_ymap_get(node, "at")) == NULL)
		return missing(l, node, "at", " in 'ttl_lowered'");
	if ((rc = get_time(l, v, "at", &lw->at)) != 0)
		return rc;
	if ((v = dl_ymap_get(node, "from")) != NULL) {
		if ((rc = get_ttl(l, v, "from", &lw->from)) != 0)
			return rc;
		lw->has_from = 1;
	}
	if ((v = dl_ymap_get(node, "to")) != NULL) {
		if ((rc = get_ttl(l, v, "to", &lw->to)) != 0)
			return rc;
		lw->has_to = 1;
	}
	lw->set = 1;
	lw->pos = pos_of(key);
	return 0;
}

/*
 * child_ns_ttl: the child zone's own apex NS TTL, for an NS change below
 * the apex (a delegation); anywhere else it has no meaning.
 */
static int
load_child_ns_ttl(struct loader *l, const struct dl_ynode *k,
    const struct dl_ynode *v, struct dl_change *c)
{
	int rc;

	if (c->type != LDNS_RR_TYPE_NS || strcmp(c->owner, l->plan->zone) == 0)
		return dl_yerror(l->err, l->file, k, "'child_ns_ttl' has "
		    "meaning only in an NS change below the apex (a "
		    "delegation)");
	if ((rc = get_ttl(l, v, "child_ns_ttl", &c->child_ns_ttl)) != 0)
		return rc;
	c->has_child_ns_ttl = 1;
	c->child_ns_ttl_pos = pos_of(k);
	return 0;
}

static int
load_change(struct loader *l, const struct dl_ynode *item,
    struct dl_change *c)
{
	const struct dl_ynode *k, *v, *to_key = NULL, *del_key = NULL;
	const struct dl_ynode *ttl_key = NULL;
	char got[300];
	size_t i;
	int rc, del = 0;

	if (item->kind != DL_YMAPPING)
		return dl_yerror(l->err, l->file, item, "each change must be "
		    "a mapping with 'name', 'type' and 'to' or 'delete'%s",
		    dl_ygot(item, got, sizeof(got)));
	c->pos = pos_of(item->n > 0 ? dl_ymap_key(item, 0) : item);
	if ((rc = dl_ymap_check_keys(item, change_keys, NELEM(change_keys),
	    "in a change", l->file, l->err)) != 0)
		return rc;
	if ((v = dl_ymap_get(item, "name")) == NULL)
		return missing(l, item, "name", " in a change");
	if ((rc = load_owner(l, v, &c->owner)) != 0)
		return rc;
	if ((v = dl_ymap_get(item, "type")) == NULL)
		return missing(l, item, "type", " in a change");
	if ((rc = load_type(l, v, &c->type)) != 0)
		return rc;

	/* The TTL first: the records of 'to' carry it. */
	for (i = 0; i < item->n / 2; i++) {
		k = dl_ymap_key(item, i);
		v = dl_ymap_value(item, i);
		if (strcmp(k->value, "ttl") == 0) {
			if ((rc = get_ttl(l, v, "ttl", &c->ttl)) != 0)
				return rc;
			c->has_ttl = 1;
			c->ttl_pos = pos_of(k);
			ttl_key = k;
		} else if (strcmp(k->value, "delete") == 0) {
			if ((rc = dl_yget_bool(v, l->file, "'delete'", &del,
			    l->err)) != 0)
				return rc;
			del_key = k;
		} else if (strcmp(k->value, "to") == 0)
			to_key = k;
	}
	c->delete = del;
	if (del && to_key != NULL)
		return dl_yerror(l->err, l->file, del_key,
		    "'to' and 'delete: true' cannot be used together");
	if (del && ttl_key != NULL)
		return dl_yerror(l->err, l->file, ttl_key,
		    "'ttl' has no meaning with 'delete: true'");
	if (!del && to_key == NULL)
		return dl_yerror(l->err, l->file, item,
		    "a change needs 'to' or 'delete: true'");

	for (i = 0; i < item->n / 2; i++) {
		k = dl_ymap_key(item, i);
		v = dl_ymap_value(item, i);
		if (strcmp(k->value, "to") == 0) {
			c->to_pos = pos_of(k);
			if ((rc = load_rrset(l, v, "to", c,
			    c->has_ttl ? c->ttl : 0, &c->to)) != 0)
				return rc;
		} else if (strcmp(k->value, "from") == 0) {
			c->from_pos = pos_of(k);
			if ((rc = load_rrset(l, v, "from", c, 0,
			    &c->from)) != 0)
				return rc;
		} else if (strcmp(k->value, "ttl_lowered") == 0) {
			if ((rc = load_lowering(l, k, v, &c->lowered)) != 0)
				return rc;
		} else if (strcmp(k->value, "child_ns_ttl") == 0 &&
		    (rc = load_child_ns_ttl(l, k, v, c)) != 0)
			return rc;
	}
	return 0;
}

static int
load_changes(struct loader *l, const struct dl_ynode *node)
{
	struct dl_plan *p = l->plan;
	const void **items;
	size_t i, first = 0, second = 0;
	char subj[300], *t;
	int rc;

	if ((rc = get_kind(l, node, "changes", DL_YSEQUENCE)) != 0)
		return rc;
	if (node->n == 0)
		return 0;
	if ((p->changes = calloc(node->n, sizeof(*p->changes))) == NULL)
		return nomem(l);
	for (i = 0; i < node->n; i++) {
		/* Counted first so a partly loaded change is freed too. */
		p->n_changes++;
		if ((rc = load_change(l, node->items[i], &p->changes[i])) != 0)
			return rc;
	}
	if ((items = calloc(p->n_changes, sizeof(*items))) == NULL)
		return nomem(l);
	for (i = 0; i < p->n_changes; i++)
		items[i] = &p->changes[i];
	rc = find_dup(items, p->n_changes, cmp_change, &first, &second);
	free(items);
	if (rc == -1)
		return nomem(l);
	if (rc == 1) {
		if ((t = ldns_rr_type2str(p->changes[second].type)) == NULL)
			return nomem(l);
		snprintf(subj, sizeof(subj), "%s %s",
		    p->changes[second].owner, t);
		free(t);
		dl_error_set(l->err, l->file, p->changes[second].pos.line,
		    p->changes[second].pos.column,
		    "duplicate change of '%s' (first at line %u)", subj,
		    p->changes[first].pos.line);
		return DL_EINPUT;
	}
	return 0;
}

/*
 * A decommission target: an address in its canonical form, or a host
 * name made absolute and lower case.
 */
static int
load_target(struct loader *l, const struct dl_ynode *node,
    struct dl_decommission *d)
{
	unsigned char addr[sizeof(struct in6_addr)];
	char canon[INET6_ADDRSTRLEN], q[128], why_buf[128], *s;
	const char *v, *dot;
	size_t len;
	int rc;

	if ((rc = get_scalar(l, node, "target", "an address or a host name",
	    0, &v)) != 0)
		return rc;
	if (inet_pton(AF_INET, v, addr) == 1 ||
	    inet_pton(AF_INET6, v, addr) == 1) {
		inet_ntop(strchr(v, ':') ? AF_INET6 : AF_INET, addr, canon,
		    sizeof(canon));
		if ((d->target = strdup(canon)) == NULL)
			return nomem(l);
		d->is_address = 1;
		return 0;
	}
	if ((s = absolute(v)) == NULL)
		return nomem(l);
	len = strlen(s);
	/* The last label of a host name is never all digits (RFC 3696). */
	for (dot = s + len - 1; dot > s && dot[-1] != '.'; dot--)
		;
	if (strchr(v, ':') != NULL || strcmp(s, ".") == 0 ||
	    strspn(dot, "0123456789") == len - (size_t)(dot - s) - 1 ||
	    name_problem(s, 0, why_buf, sizeof(why_buf)) != NULL) {
		free(s);
		return dl_yerror(l->err, l->file, node, "bad target '%s': "
		    "expected an IPv4 or IPv6 address or a host name",
		    quoted(v, q, sizeof(q)));
	}
	d->target = s;
	return 0;
}

static int
load_decommission(struct loader *l, const struct dl_ynode *node)
{
	struct dl_plan *p = l->plan;
	struct dl_decommission *d;
	const struct dl_ynode *item, *v;
	const void **items;
	char got[300], q[128];
	size_t i, first = 0, second = 0;
	int rc;

	if ((rc = get_kind(l, node, "decommission", DL_YSEQUENCE)) != 0)
		return rc;
	if (node->n == 0)
		return 0;
	if ((p->decommission = calloc(node->n, sizeof(*d))) == NULL)
		return nomem(l);
	for (i = 0; i < node->n; i++) {
		item = node->items[i];
		d = &p->decommission[p->n_decommission++];
		if (item->kind != DL_YMAPPING)
			return dl_yerror(l->err, l->file, item,
			    "each decommission item must be a mapping with "
			    "'target' and 'at'%s",
			    dl_ygot(item, got, sizeof(got)));
		d->pos = pos_of(item->n > 0 ? dl_ymap_key(item, 0) : item);
		if ((rc = dl_ymap_check_keys(item, decommission_keys,
		    NELEM(decommission_keys), "in 'decommission'", l->file,
		    l->err)) != 0)
			return rc;
		if ((v = dl_ymap_get(item, "target")) == NULL)
			return missing(l, item, "target", " in 'decommission'");
		if ((rc = load_target(l, v, d)) != 0)
			return rc;
		if ((v = dl_ymap_get(item, "at")) == NULL)
			return missing(l, item, "at", " in 'decommission'");
		if ((rc = get_time(l, v, "at", &d->at)) != 0)
			return rc;
	}
	if ((items = calloc(p->n_decommission, sizeof(*items))) == NULL)
		return nomem(l);
	for (i = 0; i < p->n_decommission; i++)
		items[i] = p->decommission[i].target;
	rc = find_dup(items, p->n_decommission, cmp_str, &first, &second);
	free(items);
	if (rc == -1)
		return nomem(l);
	if (rc == 1) {
		v = dl_ymap_get(node->items[second], "target");
		return dl_yerror(l->err, l->file, v,
		    "duplicate target '%s' (first at line %u)",
		    quoted(p->decommission[second].target, q, sizeof(q)),
		    dl_ymap_get(node->items[first], "target")->line);
	}
	return 0;
}

static int
load_strategy(struct loader *l, const struct dl_ynode *node)
{
	const char *v;
	char got[300];
	int rc;

	if ((rc = get_scalar(l, node, "dnssec_strategy",
	    "multi-signer or unsign-first", 0, &v)) != 0)
		return rc;
	if (strcmp(v, "multi-signer") == 0)
		l->plan->dnssec_strategy = DL_STRATEGY_MULTI_SIGNER;
	else if (strcmp(v, "unsign-first") == 0)
		l->plan->dnssec_strategy = DL_STRATEGY_UNSIGN_FIRST;
	else
		return dl_yerror(l->err, l->file, node, "'dnssec_strategy' "
		    "must be multi-signer or unsign-first%s",
		    dl_ygot(node, got, sizeof(got)));
	return 0;
}

/* A reason is one line of text people read in the report. */
static int
load_reason(struct loader *l, const struct dl_ynode *node, const char *rule,
    char **out)
{
	static const char *const words[] = { "true", "false", "yes", "no",
	    "on", "off", "null", "~" };
	const char *v, *s;
	char what[120], got[300];
	size_t i;
	int rc;

	snprintf(what, sizeof(what), "'%s' in 'acknowledge'", rule);
	if ((rc = dl_yget_scalar(node, l->file, what, "a reason, one line "
	    "saying why the change is safe", 0, &v, l->err)) != 0)
		return rc;
	for (s = v; *s == ' ' || *s == '\t'; s++)
		;
	for (i = 0; node->plain && i < NELEM(words); i++)
		if (strcasecmp(v, words[i]) == 0)
			break;
	if (*s == '\0' || (node->plain && i < NELEM(words)))
		return dl_yerror(l->err, l->file, node, "%s must be a reason, "
		    "one line saying why the change is safe%s", what,
		    dl_ygot(node, got, sizeof(got)));
	for (s = v; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return dl_yerror(l->err, l->file, node, "%s must be "
			    "one line, without line breaks or control "
			    "characters", what);
	if (strlen(v) > ACK_REASON_MAX)
		return dl_yerror(l->err, l->file, node, "%s is longer than %d "
		    "characters: keep the details in the change ticket and "
		    "name it", what, ACK_REASON_MAX);
	if ((*out = strdup(v)) == NULL)
		return nomem(l);
	return 0;
}

/*
 * The rules a plan may acknowledge (DL_RULE_ACKNOWLEDGEABLE) as words
 * ("a", "a or b") into buf, each fed to sg for a did-you-mean on word.
 */
static void
ackable_list(char *buf, size_t n, const char *word, struct dl_suggest *sg)
{
	size_t i, k = 0, len = 0, total = 0;

	for (i = 0; i < dl_rule_count; i++)
		total += (dl_rules[i]->flags & DL_RULE_ACKNOWLEDGEABLE) != 0;
	dl_suggest_init(sg, word);
	buf[0] = '\0';
	for (i = 0; i < dl_rule_count; i++) {
		if ((dl_rules[i]->flags & DL_RULE_ACKNOWLEDGEABLE) == 0)
			continue;
		dl_suggest_add(sg, dl_rules[i]->id);
		dl_catf(buf, n, &len, "%s%s",
		    k == 0 ? "" : k + 1 == total ? " or " : ", ",
		    dl_rules[i]->id);
		k++;
	}
}

static int
load_acknowledge(struct loader *l, const struct dl_ynode *node)
{
	struct dl_plan *p = l->plan;
	const struct dl_ynode *k;
	const char *best;
	struct dl_suggest sg;
	char q[128], list[256];
	size_t i, n;
	int rc;

	if ((rc = get_kind(l, node, "acknowledge", DL_YMAPPING)) != 0)
		return rc;
	n = node->n / 2;
	if (n == 0)
		return 0;
	if ((p->acks = calloc(n, sizeof(*p->acks))) == NULL)
		return nomem(l);
	for (i = 0; i < n; i++) {
		k = dl_ymap_key(node, i);
		quoted(k->value, q, sizeof(q));
		if (!dl_plan_ackable(k->value)) {
			ackable_list(list, sizeof(list), k->value, &sg);
			if (dl_rule_find(k->value, NULL) != NULL)
				return dl_yerror(l->err, l->file, k,
				    "rule '%s' cannot be acknowledged; only "
				    "%s can", q, list);
			if ((best = dl_suggest_best(&sg)) != NULL)
				return dl_yerror(l->err, l->file, k,
				    "unknown rule '%s' in 'acknowledge'; did "
				    "you mean '%s'?", q, best);
			return dl_yerror(l->err, l->file, k, "unknown rule "
			    "'%s' in 'acknowledge'; only %s can be "
			    "acknowledged", q, list);
		}
		if ((p->acks[p->n_acks].rule = strdup(k->value)) == NULL)
			return nomem(l);
		p->acks[p->n_acks].pos = pos_of(k);
		p->n_acks++;
		if ((rc = load_reason(l, dl_ymap_value(node, i), k->value,
		    &p->acks[p->n_acks - 1].reason)) != 0)
			return rc;
	}
	return 0;
}

static int
load_root(struct loader *l, const struct dl_ynode *root)
{
	struct dl_plan *p = l->plan;
	const struct dl_ynode *k, *v, *changes = NULL, *desired = NULL;
	char got[300];
	size_t i;
	int rc;

	if (root == NULL) {
		dl_error_set(l->err, l->file, 1, 1, "the plan is empty");
		return DL_EINPUT;
	}
	if (root->kind != DL_YMAPPING)
		return dl_yerror(l->err, l->file, root, "the plan must be a "
		    "mapping with keys like 'zone' and 'changes'%s",
		    dl_ygot(root, got, sizeof(got)));
	if ((rc = dl_ymap_check_keys(root, plan_keys, NELEM(plan_keys), NULL,
	    l->file, l->err)) != 0)
		return rc;
	for (i = 0; i < root->n / 2; i++) {
		k = dl_ymap_key(root, i);
		if (strcmp(k->value, "changes") == 0)
			changes = k;
		else if (strcmp(k->value, "desired") == 0)
			desired = k;
	}
	if (changes != NULL && desired != NULL)
		return dl_yerror(l->err, l->file,
		    changes->line > desired->line ? changes : desired,
		    "'changes' and 'desired' cannot be used together");
	if ((v = dl_ymap_get(root, "zone")) == NULL)
		return missing(l, root, "zone", "");
	for (i = 0; i < root->n / 2; i++)
		if (strcmp(dl_ymap_key(root, i)->value, "zone") == 0)
			p->zone_pos = pos_of(dl_ymap_key(root, i));
	if ((rc = load_zone(l, v)) != 0)
		return rc;
	if (changes == NULL && desired == NULL)
		return dl_yerror(l->err, l->file, root,
		    "the plan needs 'changes' or 'desired'");

	for (i = 0; i < root->n / 2; i++) {
		k = dl_ymap_key(root, i);
		v = dl_ymap_value(root, i);
		rc = 0;
		if (strcmp(k->value, "cutover") == 0) {
			rc = get_time(l, v, "cutover", &p->cutover);
			p->has_cutover = 1;
			p->cutover_pos = pos_of(k);
		} else if (strcmp(k->value, "live_zone_file") == 0) {
			rc = get_path(l, v, "live_zone_file",
			    &p->live_zone_file, &p->live_zone_file_written);
			p->live_zone_file_pos = pos_of(k);
		} else if (strcmp(k->value, "desired") == 0) {
			rc = get_path(l, v, "desired", &p->desired,
			    &p->desired_written);
			p->desired_pos = pos_of(k);
		} else if (strcmp(k->value, "changes") == 0)
			rc = load_changes(l, v);
		else if (strcmp(k->value, "ttl_lowered") == 0)
			rc = load_lowering(l, k, v, &p->lowered);
		else if (strcmp(k->value, "decommission") == 0)
			rc = load_decommission(l, v);
		else if (strcmp(k->value, "dnssec_strategy") == 0) {
			rc = load_strategy(l, v);
			p->dnssec_strategy_pos = pos_of(k);
		} else if (strcmp(k->value, "acknowledge") == 0)
			rc = load_acknowledge(l, v);
		else if (strcmp(k->value, "delegation_at") == 0) {
			rc = get_time(l, v, "delegation_at", &p->delegation_at);
			p->has_delegation_at = 1;
			p->delegation_at_pos = pos_of(k);
		} else if (strcmp(k->value, "ds_remove_at") == 0) {
			rc = get_time(l, v, "ds_remove_at", &p->ds_remove_at);
			p->has_ds_remove_at = 1;
			p->ds_remove_at_pos = pos_of(k);
		} else if (strcmp(k->value, "dnskey_add_at") == 0) {
			rc = get_time(l, v, "dnskey_add_at",
			    &p->dnskey_add_at);
			p->has_dnskey_add_at = 1;
			p->dnskey_add_at_pos = pos_of(k);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * Does buf look like a DNS master file rather than a plan?  Its first line
 * that is not blank or a comment (';' or '#') starts with a directive
 * ($ORIGIN, $TTL, $INCLUDE, $GENERATE) or is a record: a class (IN, CH,
 * HS) or SOA among its first four words, and no ':' ending a word (which
 * a YAML key has).  Sets *line (1-based) and copies the line's start into
 * what (size n).  Only asked once the buffer failed to load as a plan.
 */
static int
looks_like_zone_file(const char *buf, size_t len, unsigned *line,
    char *what, size_t n)
{
	static const char *const dirs[] = { "$ORIGIN", "$TTL", "$INCLUDE",
	    "$GENERATE" };
	static const char *const marks[] = { "IN", "CH", "HS", "SOA" };
	const char *p = buf, *end = buf + len, *eol, *w, *we;
	size_t i, k, nw;
	int hit;

	for (*line = 1; p < end; p = eol + 1, (*line)++) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		for (w = p; w < eol && (*w == ' ' || *w == '\t' ||
		    *w == '\r'); w++)
			;
		if (w == eol || *w == ';' || *w == '#')
			continue;
		hit = 0;
		for (i = 0; i < NELEM(dirs); i++)
			if ((size_t)(eol - w) >= strlen(dirs[i]) &&
			    strncasecmp(w, dirs[i], strlen(dirs[i])) == 0)
				hit = 1;
		/* The first four words: a class or SOA, no "key:". */
		for (nw = 0; !hit && w < eol && nw < 4; nw++) {
			for (we = w; we < eol && *we != ' ' && *we != '\t' &&
			    *we != '\r'; we++)
				;
			if (we[-1] == ':')
				break;
			for (k = 0; k < NELEM(marks); k++)
				if ((size_t)(we - w) == strlen(marks[k]) &&
				    strncasecmp(w, marks[k], (size_t)(we - w))
				    == 0)
					hit = 1;
			for (w = we; w < eol && (*w == ' ' || *w == '\t' ||
			    *w == '\r'); w++)
				;
		}
		if (!hit)
			return 0;
		for (w = p; w < eol && (*w == ' ' || *w == '\t'); w++)
			;
		k = (size_t)(eol - w);
		while (k > 0 && (w[k - 1] == '\r' || w[k - 1] == ' '))
			k--;
		snprintf(what, n, "%.*s%s", (int)(k > 40 ? 37 : k), w,
		    k > 40 ? "..." : "");
		for (i = 0; what[i] != '\0'; i++)
			if (what[i] == '\t')
				what[i] = ' ';
		return 1;
	}
	return 0;
}

int
dl_plan_load_buffer(const char *name, const char *dir, const char *buf,
    size_t len, int64_t now, struct dl_plan **out, struct dl_error *err)
{
	struct loader l;
	struct dl_ynode *root = NULL;
	struct dl_plan *p;
	char what[48];
	unsigned line;
	int rc;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.file = name;
	l.dir = dir != NULL && dir[0] != '\0' ? dir : ".";
	l.now = now;
	l.err = err;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return nomem(&l);
	l.plan = p;
	if ((p->file = strdup(name)) == NULL ||
	    (p->dir = strdup(l.dir)) == NULL) {
		dl_plan_free(p);
		return nomem(&l);
	}
	p->cutover = now;
	if ((rc = dl_yaml_parse(name, buf, len, &root, err)) == 0)
		rc = load_root(&l, root);
	dl_ynode_free(root);
	if (l.origin != NULL)
		ldns_rdf_deep_free(l.origin);
	if (rc == DL_EINPUT && looks_like_zone_file(buf, len, &line, what,
	    sizeof(what)))
		dl_error_set(err, name, line, 1, "this looks like a zone file "
		    "('%s'), not a plan: give a zone file with -z (the live "
		    "zone) or --desired (the desired zone)", what);
	if (rc != 0) {
		dl_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/* name: what errors call path; *dir: the folder relative paths are from. */
static int
operand_names(const char *path, const char **name, char **dir,
    struct dl_error *err)
{
	const char *slash;

	if (strcmp(path, "-") == 0) {
		*name = "<stdin>";
		*dir = strdup(".");
	} else {
		*name = path;
		if ((slash = strrchr(path, '/')) == NULL)
			*dir = strdup(".");
		else if (slash == path)
			*dir = strdup("/");
		else
			*dir = strndup(path, (size_t)(slash - path));
	}
	if (*dir == NULL) {
		dl_error_set(err, *name, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	return 0;
}

int
dl_plan_load(const char *path, int64_t now, struct dl_plan **out,
    struct dl_error *err)
{
	const char *name;
	char *buf, *dir;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = operand_names(path, &name, &dir, err)) != 0)
		return rc;
	if ((rc = dl_yaml_read_file(path, name, &buf, &len, err)) == 0) {
		rc = dl_plan_load_buffer(name, dir, buf, len, now, out, err);
		free(buf);
	}
	free(dir);
	return rc;
}

/*
 * A Terraform plan in buf (NUL-terminated): its plans.  Returns 1 when
 * buf is no Terraform plan but may be a YAML plan written in JSON's
 * syntax (YAML's flow style): valid JSON without the Terraform keys, or
 * invalid JSON that neither is called .json nor holds "format_version".
 */
static int
load_terraform(const char *name, const char *dir, const char *buf,
    size_t len, int64_t now, const char *zone, struct dl_plan ***plans,
    size_t *n, char *note, size_t note_len, struct dl_error *err)
{
	struct dl_ynode *root = NULL;
	size_t records, nl = strlen(name);
	int rc;

	/* Its tree: about 14 times the text, in small allocations. */
	dl_bigmem_heap(len * 16);
	if ((rc = dl_json_parse_dropping(name, buf, len, dl_terraform_unread,
	    &root, err)) != 0) {
		if (rc == DL_EINPUT && strstr(buf, "\"format_version\"") ==
		    NULL && (nl < 5 || strcmp(name + nl - 5, ".json") != 0))
			return 1;
		return rc;
	}
	if (!dl_terraform_is_plan(root)) {
		dl_ynode_free(root);
		return 1;
	}
	rc = dl_terraform_load(name, dir, root, zone, now, plans, n,
	    &records, err);
	dl_ynode_free(root);
	if (rc == 0 && *n == 0)
		snprintf(note, note_len, "no DNS record changes among the %zu "
		    "resource change%s of the Terraform plan", records,
		    records == 1 ? "" : "s");
	return rc;
}

int
dl_plan_load_operand(const char *path, int64_t now, const char *zone,
    struct dl_plan ***plans, size_t *n, char *note, size_t note_len,
    struct dl_error *err)
{
	const char *name;
	char *buf = NULL, *dir;
	size_t len;
	int rc;

	*plans = NULL;
	*n = 0;
	if (note_len > 0)
		note[0] = '\0';
	if ((rc = operand_names(path, &name, &dir, err)) != 0)
		return rc;
	if ((rc = dl_file_read(path, name, DL_JSON_MAX_FILE, "plan", &buf,
	    &len, err)) != 0)
		goto out;
	if (dl_json_sniff(buf, len) &&
	    (rc = load_terraform(name, dir, buf, len, now, zone, plans, n,
	    note, note_len, err)) != 1)
		goto out;
	if (len > DL_YAML_MAX_FILE) {
		dl_error_set(err, name, 0, 0, "larger than %d MiB; that is not "
		    "a plausible plan", DL_YAML_MAX_FILE >> 20);
		rc = DL_EINPUT;
		goto out;
	}
	if ((*plans = calloc(1, sizeof(**plans))) == NULL) {
		dl_error_set(err, name, 0, 0, "out of memory");
		rc = DL_ENOMEM;
		goto out;
	}
	if ((rc = dl_plan_load_buffer(name, dir, buf, len, now, *plans,
	    err)) != 0) {
		free(*plans);
		*plans = NULL;
	} else
		*n = 1;
out:
	free(buf);
	free(dir);
	return rc;
}

/*
 * Where a plan's paths must stay: the top of the git work tree that holds
 * the plan's folder (dir, canonical), the nearest ancestor with a .git
 * entry (a folder, or a file for a linked work tree or a submodule), else
 * the folder itself.  The root is canonical too.  Returns 0, or -1 when
 * out of memory.
 */
static int
find_root(const char *dir, char **root, int *is_repo)
{
	struct stat st;
	char *p, *slash;

	if ((p = malloc(strlen(dir) + sizeof("/.git"))) == NULL)
		return -1;
	strcpy(p, dir);
	for (;;) {
		slash = p + strlen(p);
		strcpy(slash, strcmp(p, "/") == 0 ? ".git" : "/.git");
		if (lstat(p, &st) == 0) {
			*slash = '\0';
			if (slash == p)
				strcpy(p, "/");
			*root = p;
			*is_repo = 1;
			return 0;
		}
		*slash = '\0';
		if (strcmp(p, "/") == 0)
			break;
		if ((slash = strrchr(p, '/')) == p)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(p);
	*is_repo = 0;
	return (*root = strdup(dir)) == NULL ? -1 : 0;
}

/* Is path (absolute, canonical) the root or below it? */
static int
in_root(const char *path, const char *root)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return path[0] == '/';
	return strncmp(path, root, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/*
 * path (absolute) with "." and ".." taken away by spelling alone, as
 * realpath(3) would without symbolic links; ".." of "/" is "/".  A new
 * string, or NULL when out of memory.
 */
static char *
lexical(const char *path)
{
	char *out, *o;
	const char *c, *e;
	size_t len;

	if ((out = malloc(strlen(path) + 2)) == NULL)
		return NULL;
	o = out;
	for (c = path; *c != '\0'; c = e) {
		while (*c == '/')
			c++;
		if (*c == '\0')
			break;
		for (e = c; *e != '\0' && *e != '/'; e++)
			;
		len = (size_t)(e - c);
		if (len == 1 && c[0] == '.')
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			while (o > out && *--o != '/')
				;
			continue;
		}
		*o++ = '/';
		memcpy(o, c, len);
		o += len;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
}

/*
 * to (absolute, canonical) as a path from the working folder when it is
 * canonical too (from), e.g. "../zones/x.zone"; to itself when from is
 * NULL.  A new string, or NULL when out of memory.
 */
static char *
relative_path(const char *from, const char *to)
{
	size_t common = 0, i, ups = 0;
	char *out, *o;
	const char *rest;

	if (from == NULL)
		return strdup(to);
	/* The longest common run of whole components. */
	if (strcmp(from, "/") != 0)
		for (i = 0; ; i++) {
			if ((from[i] == '\0' || from[i] == '/') &&
			    (to[i] == '\0' || to[i] == '/'))
				common = i;
			if (from[i] == '\0' || from[i] != to[i])
				break;
		}
	for (i = common; from[i] != '\0'; i++)
		if (from[i] == '/' && from[i + 1] != '\0')
			ups++;
	rest = to + common;
	while (*rest == '/')
		rest++;
	if ((out = malloc(ups * 3 + strlen(rest) + 2)) == NULL)
		return NULL;
	o = out;
	for (i = 0; i < ups; i++) {
		memcpy(o, "../", 3);
		o += 3;
	}
	strcpy(o, rest);
	if (out[0] == '\0')
		strcpy(out, ".");
	else if (o > out && *rest == '\0')
		o[-1] = '\0';		/* "../" -> ".." */
	return out;
}

int
dl_plan_resolve(struct dl_plan *plan, const char *key, struct dl_error *err)
{
	const struct dl_plan_path *w;
	char **path, *joined = NULL, *spelled, *root = NULL, *out;
	char real[PATH_MAX], dir[PATH_MAX], cwd[PATH_MAX], q[300];
	struct stat st;
	int rc, e, is_repo = 0, inside;

	if (strcmp(key, "live_zone_file") == 0) {
		w = &plan->live_zone_file_written;
		path = &plan->live_zone_file;
	} else if (strcmp(key, "desired") == 0) {
		w = &plan->desired_written;
		path = &plan->desired;
	} else {
		dl_error_set(err, NULL, 0, 0, "a plan has no path '%s'", key);
		return DL_EINPUT;
	}
	if (w->text == NULL || *path == NULL)
		return 0;	/* not written in a plan: the user's own */
	dl_yquote(w->text, strlen(w->text), q, sizeof(q));
	if (realpath(plan->dir, dir) == NULL) {
		e = errno;
		dl_error_set(err, plan->file, w->pos.line, w->pos.column,
		    "cannot open %s '%s': the plan's folder: %s", key, q,
		    strerror(e));
		return DL_EIO;
	}
	rc = DL_ENOMEM;
	if (find_root(dir, &root, &is_repo) != 0 ||
	    asprintf(&joined, "%s%s%s", w->text[0] == '/' ? "" : dir,
	    w->text[0] == '/' ? "" : "/", w->text) == -1) {
		joined = NULL;
		goto nomem;
	}
	/* Spelled outside: refused before the file system is asked, so
	 * that no error tells what exists out there. */
	if ((spelled = lexical(joined)) == NULL)
		goto nomem;
	inside = in_root(spelled, root);
	free(spelled);
	if (inside && realpath(joined, real) == NULL) {
		e = errno;
		dl_error_set(err, plan->file, w->pos.line, w->pos.column,
		    "cannot open %s '%s': %s", key, q, strerror(e));
		rc = DL_EIO;
		goto out;
	}
	rc = DL_EINPUT;
	if (!inside || !in_root(real, root)) {
		dl_error_set(err, plan->file, w->pos.line, w->pos.column,
		    "%s '%s' is outside the plan's %s '%s': a plan may only "
		    "name files inside it (give a zone file elsewhere with "
		    "%s)", key, q, is_repo ? "repository" : "folder", root,
		    path == &plan->desired ? "--desired" : "-z");
		goto out;
	}
	if (stat(real, &st) != 0) {
		e = errno;
		dl_error_set(err, plan->file, w->pos.line, w->pos.column,
		    "cannot open %s '%s': %s", key, q, strerror(e));
		rc = DL_EIO;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		dl_error_set(err, plan->file, w->pos.line, w->pos.column,
		    "%s '%s' is not a regular file", key, q);
		goto out;
	}
	if ((out = relative_path(plan->dir[0] == '/' ? NULL :
	    getcwd(cwd, sizeof(cwd)), real)) == NULL)
		goto nomem;
	free(*path);
	*path = out;
	rc = 0;
	goto out;
nomem:
	dl_error_set(err, plan->file, 0, 0, "out of memory");
	rc = DL_ENOMEM;
out:
	free(joined);
	free(root);
	return rc;
}

void
dl_plan_clear_changes(struct dl_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n_changes; i++) {
		free(plan->changes[i].owner);
		free(plan->changes[i].address);
		if (plan->changes[i].to != NULL)
			ldns_rr_list_deep_free(plan->changes[i].to);
		if (plan->changes[i].from != NULL)
			ldns_rr_list_deep_free(plan->changes[i].from);
		free(plan->changes[i].git.why);
	}
	free(plan->changes);
	plan->changes = NULL;
	plan->n_changes = 0;
}

void
dl_plan_free(struct dl_plan *plan)
{
	size_t i;

	if (plan == NULL)
		return;
	dl_plan_clear_changes(plan);
	for (i = 0; i < plan->n_decommission; i++)
		free(plan->decommission[i].target);
	free(plan->decommission);
	for (i = 0; i < plan->n_acks; i++) {
		free(plan->acks[i].rule);
		free(plan->acks[i].reason);
	}
	free(plan->acks);
	free(plan->file);
	free(plan->dir);
	free(plan->zone);
	free(plan->live_zone_file);
	free(plan->desired);
	free(plan->live_zone_file_written.text);
	free(plan->desired_written.text);
	if (plan->desired_soa != NULL)
		ldns_rr_free(plan->desired_soa);
	dl_zone_free(plan->before);
	free(plan);
}

const struct dl_lowering *
dl_plan_lowering(const struct dl_plan *plan, const struct dl_change *c)
{
	if (c != NULL && c->lowered.set)
		return &c->lowered;
	return &plan->lowered;
}

const struct dl_ack *
dl_plan_ack(const struct dl_plan *plan, const char *id)
{
	size_t i;

	for (i = 0; i < plan->n_acks; i++)
		if (strcmp(plan->acks[i].rule, id) == 0)
			return &plan->acks[i];
	return NULL;
}

int
dl_plan_ackable(const char *id)
{
	const struct dl_rule *r = dl_rule_find(id, NULL);

	return r != NULL && (r->flags & DL_RULE_ACKNOWLEDGEABLE) != 0;
}

int
dl_pos_cmp(const struct dl_pos *a, const struct dl_pos *b)
{
	int c;

	if (a->file != b->file) {
		if (a->file == NULL || b->file == NULL)
			return a->file == NULL ? -1 : 1;
		if ((c = strcmp(a->file, b->file)) != 0)
			return c;
	}
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->column < b->column ? -1 : a->column > b->column;
}
