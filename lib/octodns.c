/*
 * octodns.c - octoDNS zone files read into a struct dl_zone.
 *
 * Each value is turned into presentation text and parsed by ldns, after
 * checks of our own: ldns's errors are too coarse to tell a user what was
 * wrong, and ldns accepts what octoDNS refuses (a relative target).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "octodns.h"
#include "text.h"
#include "yamltree.h"

enum vkind {
	V_A4,		/* an IPv4 address */
	V_A6,		/* an IPv6 address */
	V_NAME,		/* a name with its final dot */
	V_CHUNKED,	/* TXT and SPF text, "\;" escaped */
	V_BASE64,	/* base64, spaces allowed (OPENPGPKEY) */
	V_FIELDS	/* a mapping of named fields */
};

enum fkind {
	/* Whole numbers up to fkind_max[kind]. */
	F_U8, F_U16, F_U32,
	F_LATDEG, F_LONGDEG,	/* LOC degrees: 0-90, 0-180 */
	F_MIN,			/* LOC minutes: 0-59 */
	F_NAME,			/* a name with its final dot */
	F_STR,			/* a character-string */
	F_TAG,			/* a CAA tag: letters and digits */
	F_HEX,			/* hexadecimal digits */
	F_SVCPARAMS,		/* SVCB and HTTPS: {alpn: [h2], port: 443} */
	F_SEC,			/* LOC seconds: 0-59.999 */
	F_LATDIR, F_LONGDIR,	/* N or S, E or W */
	F_ALT,			/* LOC altitude in meters, may be negative */
	F_METERS		/* LOC size and precisions in meters */
};

struct field {
	const char	*key;
	const char	*alt;		/* an older name octoDNS accepts */
	enum fkind	 kind;
	const char	*deflt;		/* when absent; NULL: required */
	const char	*choices;	/* the values octoDNS takes, "a, b" */
};

struct otype {
	const char		*name;
	uint16_t		 rrtype;	/* 0: no DNS record (URLFWD) */
	int			 single;	/* 'value' only */
	int			 dynamic;	/* may have geo and dynamic */
	enum vkind		 kind;
	const struct field	*fields;
	size_t			 nfields;
	const struct field	*old;		/* DS's older field names */
};

static const struct field caa_fields[] = {
	{ "flags", NULL, F_U8, "0", NULL },
	{ "tag", NULL, F_TAG, NULL, NULL },
	{ "value", NULL, F_STR, NULL, NULL },
};
static const struct field ds_fields[] = {
	{ "key_tag", NULL, F_U16, NULL, NULL },
	{ "algorithm", NULL, F_U8, NULL, NULL },
	{ "digest_type", NULL, F_U8, NULL, NULL },
	{ "digest", NULL, F_HEX, NULL, NULL },
};
/* The names octoDNS used before 1.0, in the same order of meaning. */
static const struct field ds_old_fields[] = {
	{ "flags", NULL, F_U16, NULL, NULL },
	{ "protocol", NULL, F_U8, NULL, NULL },
	{ "algorithm", NULL, F_U8, NULL, NULL },
	{ "public_key", NULL, F_HEX, NULL, NULL },
};
static const struct field loc_fields[] = {
	{ "lat_degrees", NULL, F_LATDEG, NULL, NULL },
	{ "lat_minutes", NULL, F_MIN, NULL, NULL },
	{ "lat_seconds", NULL, F_SEC, NULL, NULL },
	{ "lat_direction", NULL, F_LATDIR, NULL, NULL },
	{ "long_degrees", NULL, F_LONGDEG, NULL, NULL },
	{ "long_minutes", NULL, F_MIN, NULL, NULL },
	{ "long_seconds", NULL, F_SEC, NULL, NULL },
	{ "long_direction", NULL, F_LONGDIR, NULL, NULL },
	{ "altitude", NULL, F_ALT, NULL, NULL },
	{ "size", NULL, F_METERS, NULL, NULL },
	{ "precision_horz", NULL, F_METERS, NULL, NULL },
	{ "precision_vert", NULL, F_METERS, NULL, NULL },
};
static const struct field mx_fields[] = {
	{ "preference", "priority", F_U16, NULL, NULL },
	{ "exchange", "value", F_NAME, NULL, NULL },
};
static const struct field naptr_fields[] = {
	{ "order", NULL, F_U16, NULL, NULL },
	{ "preference", NULL, F_U16, NULL, NULL },
	{ "flags", NULL, F_STR, NULL, "S, A, U, P, s, a, u, p" },
	{ "service", NULL, F_STR, NULL, NULL },
	{ "regexp", NULL, F_STR, NULL, NULL },
	{ "replacement", NULL, F_NAME, NULL, NULL },
};
static const struct field srv_fields[] = {
	{ "priority", NULL, F_U16, NULL, NULL },
	{ "weight", NULL, F_U16, NULL, NULL },
	{ "port", NULL, F_U16, NULL, NULL },
	{ "target", NULL, F_NAME, NULL, NULL },
};
static const struct field sshfp_fields[] = {
	{ "algorithm", NULL, F_U8, NULL, NULL },
	{ "fingerprint_type", NULL, F_U8, NULL, NULL },
	{ "fingerprint", NULL, F_HEX, NULL, NULL },
};
static const struct field tlsa_fields[] = {
	{ "certificate_usage", NULL, F_U8, NULL, NULL },
	{ "selector", NULL, F_U8, NULL, NULL },
	{ "matching_type", NULL, F_U8, NULL, NULL },
	{ "certificate_association_data", NULL, F_HEX, NULL, NULL },
};
static const struct field svcb_fields[] = {
	{ "svcpriority", NULL, F_U16, NULL, NULL },
	{ "targetname", NULL, F_NAME, NULL, NULL },
	{ "svcparams", NULL, F_SVCPARAMS, "", NULL },
};
static const struct field urlfwd_fields[] = {
	{ "code", NULL, F_U16, NULL, "301, 302" },
	{ "masking", NULL, F_U8, NULL, "0, 1, 2" },
	{ "path", NULL, F_STR, NULL, NULL },
	{ "query", NULL, F_U8, NULL, "0, 1" },
	{ "target", NULL, F_STR, NULL, NULL },
};

#define FIELDS(f)	f, sizeof(f) / sizeof(f[0])

/* Sorted by name: the types octoDNS defines that dnslint reads. */
static const struct otype types[] = {
	{ "A", LDNS_RR_TYPE_A, 0, 1, V_A4, NULL, 0, NULL },
	{ "AAAA", LDNS_RR_TYPE_AAAA, 0, 1, V_A6, NULL, 0, NULL },
	{ "ALIAS", DL_RR_TYPE_ALIAS, 1, 0, V_NAME, NULL, 0, NULL },
	{ "CAA", LDNS_RR_TYPE_CAA, 0, 0, V_FIELDS, FIELDS(caa_fields), NULL },
	{ "CNAME", LDNS_RR_TYPE_CNAME, 1, 1, V_NAME, NULL, 0, NULL },
	{ "DNAME", LDNS_RR_TYPE_DNAME, 1, 0, V_NAME, NULL, 0, NULL },
	{ "DS", LDNS_RR_TYPE_DS, 0, 0, V_FIELDS, FIELDS(ds_fields),
	    ds_old_fields },
	{ "HTTPS", LDNS_RR_TYPE_HTTPS, 0, 0, V_FIELDS, FIELDS(svcb_fields),
	    NULL },
	{ "LOC", LDNS_RR_TYPE_LOC, 0, 0, V_FIELDS, FIELDS(loc_fields), NULL },
	{ "MX", LDNS_RR_TYPE_MX, 0, 0, V_FIELDS, FIELDS(mx_fields), NULL },
	{ "NAPTR", LDNS_RR_TYPE_NAPTR, 0, 0, V_FIELDS, FIELDS(naptr_fields),
	    NULL },
	{ "NS", LDNS_RR_TYPE_NS, 0, 0, V_NAME, NULL, 0, NULL },
	{ "OPENPGPKEY", LDNS_RR_TYPE_OPENPGPKEY, 0, 0, V_BASE64, NULL, 0,
	    NULL },
	{ "PTR", LDNS_RR_TYPE_PTR, 0, 0, V_NAME, NULL, 0, NULL },
	{ "SPF", LDNS_RR_TYPE_SPF, 0, 0, V_CHUNKED, NULL, 0, NULL },
	{ "SRV", LDNS_RR_TYPE_SRV, 0, 0, V_FIELDS, FIELDS(srv_fields), NULL },
	{ "SSHFP", LDNS_RR_TYPE_SSHFP, 0, 0, V_FIELDS, FIELDS(sshfp_fields),
	    NULL },
	{ "SVCB", LDNS_RR_TYPE_SVCB, 0, 0, V_FIELDS, FIELDS(svcb_fields),
	    NULL },
	{ "TLSA", LDNS_RR_TYPE_TLSA, 0, 0, V_FIELDS, FIELDS(tlsa_fields),
	    NULL },
	{ "TXT", LDNS_RR_TYPE_TXT, 0, 0, V_CHUNKED, NULL, 0, NULL },
	{ "URLFWD", 0, 0, 0, V_FIELDS, FIELDS(urlfwd_fields), NULL },
};
#define NTYPES	(sizeof(types) / sizeof(types[0]))

static const char *const record_keys[] = {
	"dynamic", "geo", "octodns", "ttl", "type", "value", "values"
};

#define MAX_TTL		2147483647
#define DEFAULT_TTL	3600	/* YamlProvider's default_ttl */

/* A string that grows; a failed allocation is remembered. */
struct sbuf {
	char		*s;
	size_t		 len, cap;
	int		 nomem;
};

struct octo {
	const char	*file;
	struct dl_error	*err;
	struct dl_zone	*z;
	char		*origin;	/* absolute, lower case */
	/* The RRset being read. */
	ldns_rdf	*owner;
	char		 subject[1100];	/* see subject() */
	const struct otype *t;
	uint32_t	 ttl;
	int		 keep;		/* add its records to the zone */
	ldns_rr_list	*set;		/* its records so far (the zone's) */
	char		*ownstr;	/* the owner, as dl_name_str() */
	struct sbuf	 text;		/* the record being written */
	/*
	 * Or, for an address or a name (most records), its one field made
	 * directly, without writing and parsing text: the same record.
	 */
	ldns_rdf	*field;
	char		 what[32];	/* "the A value" */
};

static int
nomem(struct octo *o)
{
	dl_error_set(o->err, o->file, 0, 0, "out of memory");
	return DL_ENOMEM;
}

/* The RRset being read, for messages: "'www.example.com.' A". */
static const char *
subject(struct octo *o)
{
	snprintf(o->subject, sizeof(o->subject), "'%s' %s", o->ownstr,
	    o->t->name);
	return o->subject;
}

/* Make room for more bytes and the NUL; on failure remember it. */
static int
sb_room(struct sbuf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->nomem)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	for (cap = b->cap ? b->cap : 256; cap < b->len + more + 1; cap *= 2)
		;
	if ((p = realloc(b->s, cap)) == NULL) {
		b->nomem = 1;
		return -1;
	}
	b->s = p;
	b->cap = cap;
	return 0;
}

static void
sb_putc(struct sbuf *b, char c)
{
	if (sb_room(b, 1) == 0) {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	}
}

static void
sb_puts(struct sbuf *b, const char *str)
{
	size_t n = strlen(str);

	if (sb_room(b, n) == 0) {
		memcpy(b->s + b->len, str, n + 1);
		b->len += n;
	}
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb_room(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int
dl_octodns_is_file(const char *path)
{
	size_t n = strlen(path);

	return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(path + n - 4, ".yml") == 0);
}

char *
dl_octodns_origin_from_name(const char *path)
{
	char *copy, *base, *s = NULL;
	size_t len;

	if (!dl_octodns_is_file(path) || (copy = strdup(path)) == NULL)
		return NULL;
	base = basename(copy);
	len = strlen(base);
	len -= base[len - 1] == 'l' && base[len - 2] == 'm' &&
	    base[len - 3] == 'a' ? 5 : 4;
	base[len] = '\0';
	/* "example.com." and "example.com" both name example.com. */
	if (len > 0 && base[len - 1] == '.')
		base[--len] = '\0';
	if (len > 0 && strchr(base, '.') != NULL &&
	    asprintf(&s, "%s.", base) == -1)
		s = NULL;
	free(copy);
	return s;
}

/*
 * A whole number from 0 to max in a scalar (plain, or quoted as octoDNS
 * allows: it calls int() on it).
 */
static int
get_uint(struct octo *o, const struct dl_ynode *n, const char *what,
    unsigned long max, unsigned long *out)
{
	char got[128];
	const char *p;
	unsigned long v = 0;

	if (n->kind != DL_YSCALAR || n->len == 0 || n->len > 10)
		goto bad;
	for (p = n->value; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	return dl_yerror(o->err, o->file, n, "%s must be a whole number from "
	    "0 to %lu%s", what, max, dl_ygot(n, got, sizeof(got)));
}

/* A decimal number from min to max, at most places decimals. */
static int
get_decimal(struct octo *o, const struct dl_ynode *n, const char *what,
    double min, double max, int places, double *out)
{
	char got[128], *end;
	const char *dot;
	double v;

	if (n->kind != DL_YSCALAR || n->len == 0 || isspace((unsigned char)
	    n->value[0]) || strspn(n->value, "+-0123456789.") != n->len)
		goto bad;
	v = strtod(n->value, &end);
	if (*end != '\0' || v < min || v > max)
		goto bad;
	if ((dot = strchr(n->value, '.')) != NULL &&
	    strlen(dot + 1) > (size_t)places)
		goto bad;
	*out = v;
	return 0;
bad:
	return dl_yerror(o->err, o->file, n, "%s must be a number from %.*f to "
	    "%.*f with at most %d decimals%s", what, min == (long)min ? 0 : 2,
	    min, max == (long)max ? 0 : 2, max, places,
	    dl_ygot(n, got, sizeof(got)));
}

/* A non-empty string; YAML numbers are strings here too. */
static int
get_str(struct octo *o, const struct dl_ynode *n, const char *what,
    const char *expect, const char **out)
{
	return dl_yget_scalar(n, o->file, what, expect, 0, out, o->err);
}

/* A name with its final dot, as octoDNS wants every target. */
static int
get_name_rdf(struct octo *o, const struct dl_ynode *n, const char *what,
    const char **out, ldns_rdf **rdf)
{
	char got[128];
	ldns_rdf *d;
	const char *s;
	int rc;

	if ((rc = get_str(o, n, what, "a domain name ending in a dot, like "
	    "host.example.com.", &s)) != 0)
		return rc;
	if (s[strlen(s) - 1] != '.')
		return dl_yerror(o->err, o->file, n, "%s must be a domain name "
		    "ending in a dot (octoDNS takes targets as written, not "
		    "relative to the zone)%s", what,
		    dl_ygot(n, got, sizeof(got)));
	if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.*/") != strlen(s) ||
	    (strstr(s, "..") != NULL) || (s[0] == '.' && s[1] != '\0') ||
	    (d = ldns_dname_new_frm_str(s)) == NULL)
		return dl_yerror(o->err, o->file, n, "%s must be a domain name "
		    "like host.example.com.%s", what,
		    dl_ygot(n, got, sizeof(got)));
	if (rdf != NULL)
		*rdf = d;
	else
		ldns_rdf_deep_free(d);
	*out = s;
	return 0;
}

static int
get_name(struct octo *o, const struct dl_ynode *n, const char *what,
    const char **out)
{
	return get_name_rdf(o, n, what, out, NULL);
}

/* Write a character-string in quotes with \DDD for what is not printable. */
static void
put_quoted(struct sbuf *f, const unsigned char *s, size_t n)
{
	size_t i;

	sb_putc(f, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			sb_printf(f, "\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] > 0x7e)
			sb_printf(f, "\\%03u", s[i]);
		else
			sb_putc(f, s[i]);
	}
	sb_putc(f, '"');
}

/*
 * TXT and SPF: octoDNS's checks (no ';' right after a letter or digit, no
 * "\\;", ASCII only), then the value unescaped (a backslash takes the
 * next character, or three digits, literally) and cut into strings of at
 * most 255 bytes.
 */
static int
put_chunked(struct octo *o, struct sbuf *f, const struct dl_ynode *n,
    const char *what)
{
	const unsigned char *s;
	unsigned char *raw;
	const char *v;
	size_t i, k = 0, len;
	int rc;

	if ((rc = get_str(o, n, what, "a string", &v)) != 0)
		return rc;
	s = (const unsigned char *)v;
	len = strlen(v);
	for (i = 0; i < len; i++) {
		if (s[i] > 0x7e || (s[i] < 0x20 && s[i] != '\t'))
			return dl_yerror(o->err, o->file, n, "%s must be ASCII "
			    "text (octoDNS refuses other characters)", what);
		if (s[i] == ';' && i > 0 && (isalnum(s[i - 1]) ||
		    s[i - 1] == '_'))
			return dl_yerror(o->err, o->file, n, "%s has a ';' "
			    "that is not escaped: octoDNS writes it as '\\;'",
			    what);
		if (s[i] == ';' && i > 1 && s[i - 1] == '\\' &&
		    s[i - 2] == '\\')
			return dl_yerror(o->err, o->file, n, "%s has a ';' "
			    "escaped twice ('\\\\;'): octoDNS writes it as "
			    "'\\;'", what);
	}
	if ((raw = malloc(len + 1)) == NULL)
		return nomem(o);
	for (i = 0; i < len; i++) {
		if (s[i] != '\\' || i + 1 == len) {
			raw[k++] = s[i];
			continue;
		}
		if (i + 3 < len && isdigit(s[i + 1]) && isdigit(s[i + 2]) &&
		    isdigit(s[i + 3]) && (s[i + 1] - '0') * 100 +
		    (s[i + 2] - '0') * 10 + (s[i + 3] - '0') < 256) {
			raw[k++] = (unsigned char)((s[i + 1] - '0') * 100 +
			    (s[i + 2] - '0') * 10 + (s[i + 3] - '0'));
			i += 3;
		} else
			raw[k++] = s[++i];
	}
	for (i = 0; i < k || i == 0; i += 255) {
		if (i > 0)
			sb_putc(f, ' ');
		put_quoted(f, raw + i, k - i < 255 ? k - i : 255);
	}
	free(raw);
	return 0;
}

/* YAML's null, as octoDNS reads it: no value. */
static int
is_null(const struct dl_ynode *n)
{
	return n->kind == DL_YSCALAR && n->plain && (n->len == 0 ||
	    strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	    strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0);
}

/* An svcparams value: no white space, quotes or commas inside one. */
static int
svcparam_word(struct octo *o, const struct dl_ynode *n, const char *what)
{
	char got[128];

	if (n->kind != DL_YSCALAR || n->len == 0 ||
	    strcspn(n->value, " \t\"\\,=") != n->len)
		return dl_yerror(o->err, o->file, n, "%s must be a value "
		    "without spaces, quotes or commas, or a list of them%s",
		    what, dl_ygot(n, got, sizeof(got)));
	return 0;
}

/*
 * SVCB and HTTPS svcparams: a mapping of keys to a value, a list of
 * values, or nothing (no-default-alpn), written key=v1,v2.
 */
static int
put_svcparams(struct octo *o, struct sbuf *f, const struct dl_ynode *n,
    const char *what)
{
	const struct dl_ynode *k, *v;
	char sub[200];
	size_t i, j;
	int rc;

	if (is_null(n))
		return 0;
	if ((rc = dl_yexpect(n, DL_YMAPPING, o->file, what, o->err)) != 0)
		return rc;
	for (i = 0; i < n->n / 2; i++) {
		k = dl_ymap_key(n, i);
		v = dl_ymap_value(n, i);
		if (k->len == 0 || strspn(k->value,
		    "abcdefghijklmnopqrstuvwxyz0123456789-") != k->len)
			return dl_yerror(o->err, o->file, k, "keys of "
			    "'svcparams' must be lower-case names like alpn or "
			    "key65000, got '%s'", k->value);
		sb_printf(f, "%s%s", i > 0 ? " " : "", k->value);
		snprintf(sub, sizeof(sub), "'%s' of 'svcparams'", k->value);
		if (is_null(v))
			continue;
		sb_putc(f, '=');
		if (v->kind != DL_YSEQUENCE) {
			if ((rc = svcparam_word(o, v, sub)) != 0)
				return rc;
			sb_puts(f, v->value);
			continue;
		}
		if (v->n == 0)
			return dl_yerror(o->err, o->file, v, "%s is an empty "
			    "list", sub);
		for (j = 0; j < v->n; j++) {
			if ((rc = svcparam_word(o, v->items[j], sub)) != 0)
				return rc;
			sb_printf(f, "%s%s", j > 0 ? "," : "",
			    v->items[j]->value);
		}
	}
	return 0;
}

/* One field of a structured value, written into f. */
static int
put_field(struct octo *o, struct sbuf *f, const struct field *fd,
    const struct dl_ynode *n, const char *what)
{
	static const unsigned long max[] = { 255, 65535, 4294967295UL, 90,
	    180, 59 };
	unsigned long u;
	double d;
	const char *s;
	char got[128];
	int rc;

	switch (fd->kind) {
	case F_U8:
	case F_U16:
	case F_U32:
	case F_LATDEG:
	case F_LONGDEG:
	case F_MIN:
		if ((rc = get_uint(o, n, what, max[fd->kind], &u)) != 0)
			return rc;
		sb_printf(f, "%lu", u);
		return 0;
	case F_NAME:
		if ((rc = get_name(o, n, what, &s)) != 0)
			return rc;
		sb_puts(f, s);
		return 0;
	case F_STR:
		/* '' is an empty string (NAPTR's flags and regexp often are). */
		if (n->kind == DL_YSCALAR && n->len == 0 && !n->plain) {
			sb_puts(f, "\"\"");
			return 0;
		}
		if ((rc = get_str(o, n, what, NULL, &s)) != 0)
			return rc;
		put_quoted(f, (const unsigned char *)s, strlen(s));
		return 0;
	case F_TAG:
		if ((rc = get_str(o, n, what, NULL, &s)) != 0)
			return rc;
		if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789") != strlen(s) || strlen(s) > 255)
			return dl_yerror(o->err, o->file, n, "%s must be letters "
			    "and digits, like issue%s", what,
			    dl_ygot(n, got, sizeof(got)));
		sb_puts(f, s);
		return 0;
	case F_HEX:
		if ((rc = get_str(o, n, what, NULL, &s)) != 0)
			return rc;
		if (strspn(s, "0123456789abcdefABCDEF") != strlen(s) ||
		    strlen(s) % 2 != 0)
			return dl_yerror(o->err, o->file, n, "%s must be "
			    "hexadecimal digits, two for each byte%s", what,
			    dl_ygot(n, got, sizeof(got)));
		sb_puts(f, s);
		return 0;
	case F_SVCPARAMS:
		return put_svcparams(o, f, n, what);
	case F_SEC:
		if ((rc = get_decimal(o, n, what, 0, 59.999, 3, &d)) != 0)
			return rc;
		sb_printf(f, "%.3f", d);
		return 0;
	case F_LATDIR:
	case F_LONGDIR:
		if ((rc = get_str(o, n, what, NULL, &s)) != 0)
			return rc;
		if (strlen(s) != 1 || strchr(fd->kind == F_LATDIR ? "NS" : "EW",
		    s[0]) == NULL)
			return dl_yerror(o->err, o->file, n, "%s must be %s%s",
			    what, fd->kind == F_LATDIR ? "N or S" : "E or W",
			    dl_ygot(n, got, sizeof(got)));
		sb_puts(f, s);
		return 0;
	case F_ALT:
		if ((rc = get_decimal(o, n, what, -100000, 42849672.95, 2,
		    &d)) != 0)
			return rc;
		sb_printf(f, "%.2fm", d);
		return 0;
	case F_METERS:
		if ((rc = get_decimal(o, n, what, 0, 90000000, 2, &d)) != 0)
			return rc;
		sb_printf(f, "%.2fm", d);
		return 0;
	}
	return 0;
}

/* Is scalar n one of the words of choices ("301, 302")? */
static int
one_of(const struct dl_ynode *n, const char *choices)
{
	const char *p = choices;
	size_t len;

	if (n->kind != DL_YSCALAR || n->len == 0)
		return 0;
	while (*p != '\0') {
		len = strcspn(p, ",");
		if (len == n->len && memcmp(p, n->value, len) == 0)
			return 1;
		p += len;
		p += strspn(p, ", ");
	}
	return 0;
}

/* A structured value: a mapping of the type's fields, in RDATA order. */
static int
put_fields(struct octo *o, struct sbuf *f, const struct dl_ynode *n)
{
	const struct field *fields = o->t->fields;
	const char *keys[32];
	char what[160], where[64];
	const struct dl_ynode *v;
	size_t i, nk = 0;
	int rc;

	if (n->kind != DL_YMAPPING) {
		char list[256] = "", got[128];
		size_t len = 0;

		for (i = 0; i < o->t->nfields; i++)
			dl_catf(list, sizeof(list), &len, "%s%s", i ? ", " : "",
			    fields[i].key);
		return dl_yerror(o->err, o->file, n, "the %s value must be a "
		    "mapping of %s%s", o->t->name, list,
		    dl_ygot(n, got, sizeof(got)));
	}
	/* DS: the older names when any of them is there. */
	if (o->t->old != NULL && (dl_ymap_get(n, "public_key") != NULL ||
	    dl_ymap_get(n, "flags") != NULL))
		fields = o->t->old;
	for (i = 0; i < o->t->nfields; i++) {
		keys[nk++] = fields[i].key;
		if (fields[i].alt != NULL)
			keys[nk++] = fields[i].alt;
	}
	snprintf(where, sizeof(where), "in the %s value", o->t->name);
	if ((rc = dl_ymap_check_keys(n, keys, nk, where, o->file,
	    o->err)) != 0)
		return rc;
	for (i = 0; i < o->t->nfields; i++) {
		const struct field *fd = &fields[i];

		v = dl_ymap_get(n, fd->key);
		if (fd->alt != NULL && dl_ymap_get(n, fd->alt) != NULL) {
			if (v != NULL)
				return dl_yerror(o->err, o->file, n, "the %s "
				    "value has both '%s' and its older name "
				    "'%s': give one", o->t->name, fd->key,
				    fd->alt);
			v = dl_ymap_get(n, fd->alt);
		}
		if (i > 0)
			sb_putc(f, ' ');
		if (v == NULL && fd->deflt != NULL) {
			sb_puts(f, fd->deflt);
			continue;
		}
		if (v == NULL)
			return dl_yerror(o->err, o->file, n, "the %s value needs "
			    "'%s'", o->t->name, fd->key);
		snprintf(what, sizeof(what), "'%s' of the %s value",
		    dl_ymap_get(n, fd->key) ? fd->key : fd->alt, o->t->name);
		if (fd->choices != NULL && !one_of(v, fd->choices)) {
			char got[128];

			return dl_yerror(o->err, o->file, v, "%s must be one of "
			    "%s%s", what, fd->choices, dl_ygot(v, got,
			    sizeof(got)));
		}
		if ((rc = put_field(o, f, fd, v, what)) != 0)
			return rc;
	}
	return 0;
}

/*
 * The record of value node n of the current type: an address or a name
 * as its one field in o->field, anything else as presentation text with
 * a placeholder owner and TTL in o->text.
 */
static int
rdata_text(struct octo *o, const struct dl_ynode *n)
{
	unsigned char addr[16];
	const char *what = o->what;
	char got[128];
	struct sbuf *f = &o->text;
	const char *s;
	int rc;

	f->len = 0;
	o->field = NULL;
	switch (o->t->kind) {
	case V_A4:
	case V_A6:
		if ((rc = get_str(o, n, what, NULL, &s)) != 0)
			return rc;
		if (inet_pton(o->t->kind == V_A4 ? AF_INET : AF_INET6, s,
		    addr) != 1)
			return dl_yerror(o->err, o->file, n, "%s must be an "
			    "IPv%c address like %s%s", what,
			    o->t->kind == V_A4 ? '4' : '6',
			    o->t->kind == V_A4 ? "192.0.2.1" : "2001:db8::1",
			    dl_ygot(n, got, sizeof(got)));
		/* What ldns makes of the text: inet_pton(3)'s bytes. */
		if ((o->field = o->t->kind == V_A4 ?
		    ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, 4, addr) :
		    ldns_rdf_new_frm_data(LDNS_RDF_TYPE_AAAA, 16, addr)) ==
		    NULL)
			return nomem(o);
		return 0;
	case V_NAME:
		return get_name_rdf(o, n, what, &s, &o->field);
	default:
		break;
	}
	sb_printf(f, ". 0 IN %s ", o->t->name);
	switch (o->t->kind) {
	case V_CHUNKED:
		rc = put_chunked(o, f, n, what);
		break;
	case V_BASE64:
		if ((rc = get_str(o, n, what, NULL, &s)) != 0)
			break;
		if (strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/= ") != strlen(s)) {
			rc = dl_yerror(o->err, o->file, n, "%s must be base64"
			    "%s", what, dl_ygot(n, got, sizeof(got)));
			break;
		}
		for (; *s != '\0'; s++)
			if (*s != ' ')
				sb_putc(f, *s);
		break;
	case V_FIELDS:
	default:
		rc = put_fields(o, f, n);
		break;
	}
	if (rc == 0 && f->nomem)
		rc = nomem(o);
	return rc;
}

/* The record of the current RRset whose one field is o->field (taken). */
static ldns_rr *
field_rr(struct octo *o)
{
	ldns_rr *rr;
	ldns_rdf *owner;

	if ((rr = ldns_rr_new()) == NULL ||
	    (owner = ldns_rdf_clone(o->owner)) == NULL) {
		ldns_rr_free(rr);
		ldns_rdf_deep_free(o->field);
		o->field = NULL;
		return NULL;
	}
	ldns_rr_set_owner(rr, owner);
	ldns_rr_set_type(rr, o->t->rrtype);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	ldns_rr_set_ttl(rr, o->ttl);
	ldns_rr_set_question(rr, false);
	if (!ldns_rr_push_rdf(rr, o->field)) {
		ldns_rr_free(rr);
		ldns_rdf_deep_free(o->field);
		o->field = NULL;
		return NULL;
	}
	o->field = NULL;
	return rr;
}

/* One value of the current RRset, a record at line when kept. */
static int
add_value(struct octo *o, const struct dl_ynode *n, unsigned line)
{
	ldns_rr *rr = NULL;
	ldns_rdf *owner;
	ldns_status st;
	size_t i;
	int rc;

	if ((rc = rdata_text(o, n)) != 0)
		return rc;
	if (!o->keep) {
		ldns_rdf_deep_free(o->field);
		o->field = NULL;
		return 0;
	}
	if (o->field != NULL) {
		if ((rr = field_rr(o)) == NULL)
			return nomem(o);
	} else {
		st = ldns_rr_new_frm_str(&rr, o->text.s, 0, NULL, NULL);
		if (st == LDNS_STATUS_MEM_ERR)
			return nomem(o);
		if (st != LDNS_STATUS_OK)
			return dl_yerror(o->err, o->file, n, "the %s value of "
			    "%s is not valid: %s", o->t->name, subject(o),
			    ldns_get_errorstr_by_id(st));
		if ((owner = ldns_rdf_clone(o->owner)) == NULL) {
			ldns_rr_free(rr);
			return nomem(o);
		}
		ldns_rdf_deep_free(ldns_rr_owner(rr));
		ldns_rr_set_owner(rr, owner);
		ldns_rr_set_ttl(rr, o->ttl);
	}
	/* A pool's value that is also a plain value is one record. */
	for (i = 0; i < ldns_rr_list_rr_count(o->set); i++)
		if (ldns_rr_compare(rr, ldns_rr_list_rr(o->set, i)) == 0) {
			ldns_rr_free(rr);
			return 0;
		}
	if ((rc = dl_zone_add_line(o->z, rr, o->ownstr, line)) != 0)
		return nomem(o);
	if (!ldns_rr_list_push_rr(o->set, rr))
		return nomem(o);
	return 0;
}

/* 'value' or 'values' (a list, or one value as octoDNS also takes). */
static int
read_values(struct octo *o, const struct dl_ynode *rec)
{
	const struct dl_ynode *one = dl_ymap_get(rec, "value");
	const struct dl_ynode *many = dl_ymap_get(rec, "values");
	size_t i;
	int rc;

	if (one != NULL && many != NULL)
		return dl_yerror(o->err, o->file, many, "%s has 'value' and "
		    "'values': give one of them", subject(o));
	if (o->t->single && many != NULL)
		return dl_yerror(o->err, o->file, many, "the %s record has one "
		    "'value', not 'values'", o->t->name);
	if (one == NULL && many == NULL)
		return dl_yerror(o->err, o->file, rec, "%s has no %s", subject(o),
		    o->t->single ? "'value'" : "'value' or 'values'");
	if (one != NULL)
		return add_value(o, one, rec->line);
	if (many->kind != DL_YSEQUENCE)
		return add_value(o, many, rec->line);
	if (many->n == 0)
		return dl_yerror(o->err, o->file, many, "'values' of %s is "
		    "empty: give at least one value", subject(o));
	for (i = 0; i < many->n; i++)
		if ((rc = add_value(o, many->items[i], rec->line)) != 0)
			return rc;
	return 0;
}

/* geo: {AF: [values], NA-US-CA: [values], ...} (A and AAAA, older). */
static int
read_geo(struct octo *o, const struct dl_ynode *geo)
{
	const struct dl_ynode *code, *vals;
	size_t i, j;
	int rc;

	if ((rc = dl_yexpect(geo, DL_YMAPPING, o->file, "'geo'", o->err)) != 0)
		return rc;
	for (i = 0; i < geo->n / 2; i++) {
		code = dl_ymap_key(geo, i);
		vals = dl_ymap_value(geo, i);
		if (strlen(code->value) < 2 || strspn(code->value,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ-") != code->len)
			return dl_yerror(o->err, o->file, code, "'geo' keys "
			    "must be geo codes like NA-US-CA, got '%s'",
			    code->value);
		if ((rc = dl_yexpect(vals, DL_YSEQUENCE, o->file, "a 'geo' "
		    "entry", o->err)) != 0)
			return rc;
		for (j = 0; j < vals->n; j++)
			if ((rc = add_value(o, vals->items[j],
			    vals->items[j]->line)) != 0)
				return rc;
	}
	return 0;
}

static const struct dl_ynode *
pool_find(const struct dl_ynode *pools, const char *name)
{
	return dl_ymap_get(pools, name);
}

/* One pool: {values: [{value, weight, status}], fallback}. */
static int
read_pool(struct octo *o, const struct dl_ynode *pools, size_t k)
{
	static const char *const pool_keys[] = { "fallback", "values" };
	static const char *const value_keys[] = { "status", "value", "weight" };
	const struct dl_ynode *id = dl_ymap_key(pools, k);
	const struct dl_ynode *pool = dl_ymap_value(pools, k), *vals, *v, *x;
	const struct dl_ynode *fb;
	unsigned long w;
	char what[160];
	size_t i;
	int rc;

	snprintf(what, sizeof(what), "pool '%s'", id->value);
	if ((rc = dl_yexpect(pool, DL_YMAPPING, o->file, what, o->err)) != 0 ||
	    (rc = dl_ymap_check_keys(pool, pool_keys, 2, "in a pool", o->file,
	    o->err)) != 0)
		return rc;
	if ((fb = dl_ymap_get(pool, "fallback")) != NULL && !is_null(fb) &&
	    (fb->kind != DL_YSCALAR || pool_find(pools, fb->value) == NULL))
		return dl_yerror(o->err, o->file, fb, "the fallback of pool "
		    "'%s' must be one of the record's pools, got '%s'",
		    id->value, fb->kind == DL_YSCALAR ? fb->value : "?");
	if ((vals = dl_ymap_get(pool, "values")) == NULL)
		return dl_yerror(o->err, o->file, pool, "pool '%s' has no "
		    "'values'", id->value);
	snprintf(what, sizeof(what), "'values' of pool '%s'", id->value);
	if ((rc = dl_yexpect(vals, DL_YSEQUENCE, o->file, what, o->err)) != 0)
		return rc;
	if (vals->n == 0)
		return dl_yerror(o->err, o->file, vals, "%s is empty", what);
	for (i = 0; i < vals->n; i++) {
		v = vals->items[i];
		snprintf(what, sizeof(what), "a value of pool '%s'", id->value);
		if ((rc = dl_yexpect(v, DL_YMAPPING, o->file, what,
		    o->err)) != 0 ||
		    (rc = dl_ymap_check_keys(v, value_keys, 3, "in a pool "
		    "value", o->file, o->err)) != 0)
			return rc;
		if ((x = dl_ymap_get(v, "weight")) != NULL) {
			snprintf(what, sizeof(what), "'weight' in pool '%s'",
			    id->value);
			if ((rc = get_uint(o, x, what, 100, &w)) != 0)
				return rc;
			if (w == 0 || (vals->n == 1 && w != 1))
				return dl_yerror(o->err, o->file, x, "%s must "
				    "be from 1 to 100 (1 for a pool's only "
				    "value), got '%lu'", what, w);
		}
		if ((x = dl_ymap_get(v, "status")) != NULL &&
		    (x->kind != DL_YSCALAR || (strcmp(x->value, "up") != 0 &&
		    strcmp(x->value, "down") != 0 &&
		    strcmp(x->value, "obey") != 0)))
			return dl_yerror(o->err, o->file, x, "'status' in pool "
			    "'%s' must be up, down or obey", id->value);
		if ((x = dl_ymap_get(v, "value")) == NULL)
			return dl_yerror(o->err, o->file, v, "a value of pool "
			    "'%s' has no 'value'", id->value);
		if ((rc = add_value(o, x, x->line)) != 0)
			return rc;
	}
	return 0;
}

/*
 * dynamic: {pools: {...}, rules: [{pool, geos, subnets}]}.  Every value
 * of every pool is a record: any of them may be the answer.
 */
static int
read_dynamic(struct octo *o, const struct dl_ynode *rec,
    const struct dl_ynode *dyn)
{
	static const char *const dyn_keys[] = { "pools", "rules" };
	static const char *const rule_keys[] = { "geos", "pool", "subnets" };
	const struct dl_ynode *pools, *rules, *r, *p, *fb;
	unsigned char *used;
	size_t i, j, hops;
	int rc;

	if (dl_ymap_get(rec, "geo") != NULL)
		return dl_yerror(o->err, o->file, dyn, "%s has 'dynamic' and "
		    "'geo': octoDNS takes one of them", subject(o));
	if ((rc = dl_yexpect(dyn, DL_YMAPPING, o->file, "'dynamic'",
	    o->err)) != 0 || (rc = dl_ymap_check_keys(dyn, dyn_keys, 2,
	    "in 'dynamic'", o->file, o->err)) != 0)
		return rc;
	if ((pools = dl_ymap_get(dyn, "pools")) == NULL ||
	    (rules = dl_ymap_get(dyn, "rules")) == NULL)
		return dl_yerror(o->err, o->file, dyn, "'dynamic' needs "
		    "'pools' and 'rules'");
	if ((rc = dl_yexpect(pools, DL_YMAPPING, o->file, "'pools'",
	    o->err)) != 0 || (rc = dl_yexpect(rules, DL_YSEQUENCE, o->file,
	    "'rules'", o->err)) != 0)
		return rc;
	if (pools->n / 2 == 0 || rules->n == 0)
		return dl_yerror(o->err, o->file, pools->n / 2 == 0 ? pools : rules,
		    "'%s' is empty", pools->n / 2 == 0 ? "pools" : "rules");
	for (i = 0; i < pools->n / 2; i++)
		if ((rc = read_pool(o, pools, i)) != 0)
			return rc;
	if ((used = calloc(pools->n / 2, 1)) == NULL)
		return nomem(o);
	for (i = 0; i < rules->n; i++) {
		r = rules->items[i];
		if ((rc = dl_yexpect(r, DL_YMAPPING, o->file, "a rule",
		    o->err)) != 0 || (rc = dl_ymap_check_keys(r, rule_keys, 3,
		    "in a rule", o->file, o->err)) != 0)
			goto out;
		if ((p = dl_ymap_get(r, "pool")) == NULL ||
		    p->kind != DL_YSCALAR || pool_find(pools, p->value) ==
		    NULL) {
			rc = dl_yerror(o->err, o->file, p ? p : r, "rule %zu "
			    "must name one of the record's pools in 'pool'",
			    i + 1);
			goto out;
		}
		for (j = 0; j < 2; j++) {
			const struct dl_ynode *l = dl_ymap_get(r, j ? "subnets" :
			    "geos");

			if (l != NULL && (rc = dl_yexpect(l, DL_YSEQUENCE,
			    o->file, j ? "'subnets'" : "'geos'", o->err)) != 0)
				goto out;
		}
		/* The pool and its fallbacks are used; a loop is an error. */
		for (hops = 0; p != NULL; hops++) {
			for (j = 0; j < pools->n / 2; j++)
				if (strcmp(dl_ymap_key(pools, j)->value,
				    p->value) == 0)
					break;
			if (hops > pools->n / 2) {
				rc = dl_yerror(o->err, o->file, p, "the "
				    "fallbacks of pool '%s' loop", p->value);
				goto out;
			}
			used[j] = 1;
			fb = dl_ymap_get(dl_ymap_value(pools, j), "fallback");
			p = fb != NULL && !is_null(fb) ? fb : NULL;
		}
	}
	for (i = 0; i < pools->n / 2; i++)
		if (!used[i]) {
			rc = dl_yerror(o->err, o->file, dl_ymap_key(pools, i),
			    "pool '%s' is used by no rule", dl_ymap_key(pools,
			    i)->value);
			goto out;
		}
	rc = 0;
out:
	free(used);
	return rc;
}

/* 'octodns:' metadata; sets *ignored. */
static int
read_meta(struct octo *o, const struct dl_ynode *meta, int *ignored)
{
	const struct dl_ynode *v, *hc;
	int b, rc;

	*ignored = 0;
	if ((rc = dl_yexpect(meta, DL_YMAPPING, o->file, "'octodns'",
	    o->err)) != 0)
		return rc;
	if ((v = dl_ymap_get(meta, "ignored")) != NULL &&
	    (rc = dl_yget_bool(v, o->file, "'ignored'", ignored, o->err)) != 0)
		return rc;
	if ((v = dl_ymap_get(meta, "lenient")) != NULL &&
	    (rc = dl_yget_bool(v, o->file, "'lenient'", &b, o->err)) != 0)
		return rc;
	if ((v = dl_ymap_get(meta, "excluded")) != NULL &&
	    (rc = dl_yexpect(v, DL_YSEQUENCE, o->file, "'excluded'",
	    o->err)) != 0)
		return rc;
	if ((v = dl_ymap_get(meta, "included")) != NULL &&
	    (rc = dl_yexpect(v, DL_YSEQUENCE, o->file, "'included'",
	    o->err)) != 0)
		return rc;
	if ((hc = dl_ymap_get(meta, "healthcheck")) != NULL) {
		if ((rc = dl_yexpect(hc, DL_YMAPPING, o->file, "'healthcheck'",
		    o->err)) != 0)
			return rc;
		if ((v = dl_ymap_get(hc, "protocol")) != NULL &&
		    (v->kind != DL_YSCALAR || (strcmp(v->value, "HTTP") != 0 &&
		    strcmp(v->value, "HTTPS") != 0 &&
		    strcmp(v->value, "ICMP") != 0 &&
		    strcmp(v->value, "TCP") != 0 &&
		    strcmp(v->value, "UDP") != 0)))
			return dl_yerror(o->err, o->file, v, "the healthcheck "
			    "'protocol' must be HTTP, HTTPS, ICMP, TCP or UDP");
	}
	return 0;
}

static const struct otype *
type_find(const char *name)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

/* "a" for "A": octoDNS wants type names in capitals. */
static const char *
type_find_ci(const char *name)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (strcasecmp(types[i].name, name) == 0)
			return types[i].name;
	return NULL;
}

static int
unknown_type(struct octo *o, const struct dl_ynode *n)
{
	const char *names[NTYPES];
	const char *best;
	size_t i;

	for (i = 0; i < NTYPES; i++)
		names[i] = types[i].name;
	if ((best = type_find_ci(n->value)) != NULL ||
	    (best = dl_suggest(n->value, names, NTYPES)) != NULL)
		return dl_yerror(o->err, o->file, n, "unknown record type "
		    "'%s'; did you mean '%s'?", n->value, best);
	return dl_yerror(o->err, o->file, n, "unknown record type '%s'; "
	    "octoDNS zone types dnslint reads: A, AAAA, ALIAS, CAA, CNAME, "
	    "DNAME, DS, HTTPS, LOC, MX, NAPTR, NS, OPENPGPKEY, PTR, SPF, SRV, "
	    "SSHFP, SVCB, TLSA, TXT, URLFWD", n->value);
}

/*
 * The owner for top-level key k: '' is the apex, others are relative to
 * the zone, as octoDNS's name validation wants them.
 */
static int
read_owner(struct octo *o, const struct dl_ynode *k)
{
	const char *s = k->value, *p, *label;
	struct sbuf *f = &o->text;

	ldns_rdf_deep_free(o->owner);
	o->owner = NULL;
	free(o->ownstr);
	o->ownstr = NULL;
	if (strcmp(s, "@") == 0)
		return dl_yerror(o->err, o->file, k, "'@' is not an octoDNS "
		    "name: the apex is ''");
	for (p = s; *p != '\0'; p++) {
		if (isspace((unsigned char)*p))
			return dl_yerror(o->err, o->file, k, "name '%s' has "
			    "white space", s);
		if ((unsigned char)*p > 0x7e || (unsigned char)*p < 0x20)
			return dl_yerror(o->err, o->file, k, "name '%s' is not "
			    "ASCII: write it in its xn-- form", s);
	}
	if (k->len > 0 && (strstr(s, "..") != NULL || s[0] == '.' ||
	    s[k->len - 1] == '.'))
		return dl_yerror(o->err, o->file, k, "name '%s' must be "
		    "relative to the zone, without a final dot or empty labels",
		    s);
	for (label = s; k->len > 0; label = p + 1) {
		if ((p = strchr(label, '.')) == NULL)
			p = s + k->len;
		if (p - label > 63)
			return dl_yerror(o->err, o->file, k, "name '%s' has a "
			    "label longer than 63 characters", s);
		if (*p == '\0')
			break;
	}
	f->len = 0;
	for (p = s; *p != '\0'; p++)
		if (isalnum((unsigned char)*p) || strchr("-_*/.", *p) != NULL)
			sb_putc(f, (char)tolower((unsigned char)*p));
		else
			sb_printf(f, "\\%03u", (unsigned char)*p);
	if (k->len > 0)
		sb_putc(f, '.');
	sb_puts(f, o->origin);
	if (f->nomem)
		return nomem(o);
	if (f->len > 254 || (o->owner = ldns_dname_new_frm_str(f->s)) == NULL)
		return dl_yerror(o->err, o->file, k, "name '%s' in zone '%s' is "
		    "not a valid domain name (too long?)", s, o->origin);
	/*
	 * Once a name, not once a record: the subject and the zone use it.
	 * Written only with these characters, the text is what
	 * dl_name_str() would write, for a fraction of the cost.
	 */
	if (strspn(f->s, "abcdefghijklmnopqrstuvwxyz0123456789-_*/.") ==
	    f->len)
		o->ownstr = strdup(f->s);
	else
		o->ownstr = dl_name_str(o->owner);
	if (o->ownstr == NULL)
		return nomem(o);
	return 0;
}

/* The SRV owner octoDNS wants: _service._proto (or a wildcard). */
static int
srv_name_ok(const char *s)
{
	const char *dot;

	if (s[0] == '*' && s[1] == '.')
		dot = s + 1;
	else if (s[0] == '_' && (dot = strchr(s, '.')) != NULL &&
	    dot > s + 1)
		;
	else
		return 0;
	return dot[1] != '\0' && dot[1] != '.';
}

/* What a name holds so far, for octoDNS's checks between records. */
struct at_name {
	const struct otype	*types[NTYPES];
	unsigned		 lines[NTYPES];
	size_t			 n;
};

/* One record mapping rec of name key k. */
static int
read_record(struct octo *o, const struct dl_ynode *k,
    const struct dl_ynode *rec, struct at_name *seen)
{
	const struct dl_ynode *tn, *v;
	unsigned long ttl = DEFAULT_TTL;
	const char *s;
	int ignored = 0, rc;
	size_t i;

	if (rec->kind != DL_YMAPPING)
		return dl_yerror(o->err, o->file, rec, "a record of '%s' must "
		    "be a mapping with 'type' and 'value' or 'values'",
		    k->value);
	if ((rc = dl_ymap_check_keys(rec, record_keys, sizeof(record_keys) /
	    sizeof(record_keys[0]), "in a record", o->file, o->err)) != 0)
		return rc;
	if ((tn = dl_ymap_get(rec, "type")) == NULL)
		return dl_yerror(o->err, o->file, rec, "the record of '%s' has "
		    "no 'type'", o->ownstr);
	if ((rc = get_str(o, tn, "'type'", "a record type like A", &s)) != 0)
		return rc;
	if ((o->t = type_find(tn->value)) == NULL)
		return unknown_type(o, tn);
	/* "the A value", for messages (a type's name is short). */
	memcpy(o->what, "the ", 4);
	memcpy(o->what + 4, o->t->name, strlen(o->t->name));
	memcpy(o->what + 4 + strlen(o->t->name), " value", 7);
	if ((v = dl_ymap_get(rec, "ttl")) != NULL &&
	    (rc = get_uint(o, v, "'ttl'", MAX_TTL, &ttl)) != 0)
		return rc;
	o->ttl = (uint32_t)ttl;
	if ((v = dl_ymap_get(rec, "octodns")) != NULL &&
	    (rc = read_meta(o, v, &ignored)) != 0)
		return rc;

	/* octoDNS's checks of the name and of the records beside it. */
	if (k->len == 0 && o->t->rrtype == LDNS_RR_TYPE_CNAME)
		return dl_yerror(o->err, o->file, tn, "a CNAME cannot be at "
		    "the zone apex ''");
	if (k->len > 0 && o->t->rrtype == DL_RR_TYPE_ALIAS)
		return dl_yerror(o->err, o->file, tn, "an ALIAS must be at the "
		    "zone apex '', not at '%s'", k->value);
	if (o->t->rrtype == LDNS_RR_TYPE_SRV && !srv_name_ok(k->value))
		return dl_yerror(o->err, o->file, k, "an SRV record's name must "
		    "be _service._proto, like _sip._tcp, got '%s'", k->value);
	for (i = 0; i < seen->n; i++) {
		if (seen->types[i] == o->t)
			return dl_yerror(o->err, o->file, tn, "%s is given "
			    "twice (first at line %u): one record per type, "
			    "with 'values'", subject(o), seen->lines[i]);
		if (seen->types[i]->rrtype == LDNS_RR_TYPE_CNAME ||
		    o->t->rrtype == LDNS_RR_TYPE_CNAME)
			return dl_yerror(o->err, o->file, tn, "%s is beside "
			    "the %s record (line %u): a CNAME must be the only "
			    "record at its name", subject(o),
			    seen->types[i]->name, seen->lines[i]);
	}
	seen->types[seen->n] = o->t;
	seen->lines[seen->n++] = rec->line;

	if (!o->t->dynamic && (dl_ymap_get(rec, "dynamic") != NULL ||
	    dl_ymap_get(rec, "geo") != NULL))
		return dl_yerror(o->err, o->file, dl_ymap_get(rec, "dynamic") ?
		    dl_ymap_get(rec, "dynamic") : dl_ymap_get(rec, "geo"),
		    "the %s record cannot be dynamic: only A, AAAA and CNAME "
		    "records have 'dynamic' or 'geo'", o->t->name);
	o->keep = !ignored && o->t->rrtype != 0;
	ldns_rr_list_free(o->set);
	if ((o->set = ldns_rr_list_new()) == NULL)
		return nomem(o);
	if ((rc = read_values(o, rec)) != 0)
		return rc;
	if ((v = dl_ymap_get(rec, "geo")) != NULL &&
	    (rc = read_geo(o, v)) != 0)
		return rc;
	if ((v = dl_ymap_get(rec, "dynamic")) != NULL &&
	    (rc = read_dynamic(o, rec, v)) != 0)
		return rc;
	return 0;
}

static int
cmp_key(const void *a, const void *b)
{
	const struct dl_ynode *x = *(const struct dl_ynode *const *)a;
	const struct dl_ynode *y = *(const struct dl_ynode *const *)b;
	int c = strcasecmp(x->value, y->value);

	return c != 0 ? c : x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Names are not case-sensitive: 'WWW' and 'www' are one name, which
 * would hide a CNAME beside other records.  YAML keys differ in case.
 */
static int
check_names(struct octo *o, const struct dl_ynode *root)
{
	const struct dl_ynode **keys;
	size_t i, n = root->n / 2;
	int rc = 0;

	if (n < 2)
		return 0;
	/*
	 * YAML keys are unique (dl_yaml_parse()): without a capital letter
	 * no two of them are one name, and nothing needs sorting.
	 */
	for (i = 0; i < n; i++)
		if (strpbrk(dl_ymap_key(root, i)->value,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL)
			break;
	if (i == n)
		return 0;
	if ((keys = calloc(n, sizeof(*keys))) == NULL)
		return nomem(o);
	for (i = 0; i < n; i++)
		keys[i] = dl_ymap_key(root, i);
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (i = 1; i < n && rc == 0; i++)
		if (strcasecmp(keys[i - 1]->value, keys[i]->value) == 0)
			rc = dl_yerror(o->err, o->file, keys[i], "name '%s' is "
			    "'%s' (line %u) again: names are not case-sensitive",
			    keys[i]->value, keys[i - 1]->value,
			    keys[i - 1]->line);
	free(keys);
	return rc;
}

static int
read_zone(struct octo *o, const struct dl_ynode *root)
{
	const struct dl_ynode *k, *v;
	struct at_name seen;
	size_t i, j;
	int rc;

	if (root == NULL)
		return 0;		/* an empty file: an empty zone */
	if (root->kind != DL_YMAPPING) {
		char got[128];

		return dl_yerror(o->err, o->file, root, "an octoDNS zone file "
		    "must be a mapping of names to records%s",
		    dl_ygot(root, got, sizeof(got)));
	}
	if ((rc = check_names(o, root)) != 0)
		return rc;
	for (i = 0; i < root->n / 2; i++) {
		k = dl_ymap_key(root, i);
		v = dl_ymap_value(root, i);
		if ((rc = read_owner(o, k)) != 0)
			return rc;
		memset(&seen, 0, sizeof(seen));
		if (v->kind != DL_YSEQUENCE) {
			if ((rc = read_record(o, k, v, &seen)) != 0)
				return rc;
			continue;
		}
		if (v->n == 0)
			return dl_yerror(o->err, o->file, v, "'%s' has an "
			    "empty list of records", k->value);
		for (j = 0; j < v->n; j++)
			if ((rc = read_record(o, k, v->items[j], &seen)) != 0)
				return rc;
	}
	return 0;
}

int
dl_octodns_load(const char *path, const char *origin, struct dl_zone **out,
    struct dl_error *err)
{
	char *buf = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = dl_yaml_read_file(path, path, &buf, &len, err)) == 0)
		rc = dl_octodns_load_buffer(path, buf, len, origin, out, err);
	free(buf);
	return rc;
}

int
dl_octodns_load_buffer(const char *path, const char *buf, size_t len,
    const char *origin, struct dl_zone **out, struct dl_error *err)
{
	struct octo o;
	struct dl_ynode *root = NULL;
	char *p;
	size_t olen;
	int rc;

	*out = NULL;
	memset(&o, 0, sizeof(o));
	o.file = path;
	o.err = err;
	olen = strlen(origin);
	if (olen == 0 || strcmp(origin, ".") == 0) {
		dl_error_set(err, path, 0, 0, "bad zone origin '%s'", origin);
		return DL_EINPUT;
	}
	if (asprintf(&o.origin, "%s%s", origin, origin[olen - 1] == '.' ? "" :
	    ".") == -1)
		return nomem(&o);
	for (p = o.origin; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if ((rc = dl_yaml_parse(path, buf, len, &root, err)) != 0)
		goto out;
	if ((o.z = dl_zone_new(o.origin, path, 0)) == NULL) {
		rc = nomem(&o);
		goto out;
	}
	if ((rc = read_zone(&o, root)) != 0)
		goto out;
	*out = o.z;
	o.z = NULL;
out:
	dl_zone_free(o.z);
	dl_ynode_free(root);
	ldns_rdf_deep_free(o.owner);
	ldns_rr_list_free(o.set);
	free(o.ownstr);
	free(o.text.s);
	free(o.origin);
	return rc;
}
