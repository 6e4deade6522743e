/*
 * terraform.c - a Terraform plan (`terraform show -json`) as dnslint plans.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dtime.h"
#include "json.h"
#include "provider.h"
#include "terraform.h"
#include "zone.h"

/* What Cloudflare answers for a proxied record: its own addresses. */
#define CF_PROXY	"cloudflare-proxy.invalid."
#define CF_AUTO_TTL	300	/* ttl 1: "automatic" */
#define R53_ALIAS_TTL	60	/* an alias to an AWS resource */

enum provider { P_AWS, P_CF4, P_CF5, P_GOOGLE, P_AZURE };

/* The record resources; rrtype: the type, when the resource says it. */
static const struct {
	const char	*type;
	enum provider	provider;
	const char	*rrtype;
} record_types[] = {
	{ "aws_route53_record",		P_AWS,		NULL },
	{ "cloudflare_record",		P_CF4,		NULL },
	{ "cloudflare_dns_record",	P_CF5,		NULL },
	{ "google_dns_record_set",	P_GOOGLE,	NULL },
	{ "azurerm_dns_a_record",	P_AZURE,	"A" },
	{ "azurerm_dns_aaaa_record",	P_AZURE,	"AAAA" },
	{ "azurerm_dns_caa_record",	P_AZURE,	"CAA" },
	{ "azurerm_dns_cname_record",	P_AZURE,	"CNAME" },
	{ "azurerm_dns_mx_record",	P_AZURE,	"MX" },
	{ "azurerm_dns_ns_record",	P_AZURE,	"NS" },
	{ "azurerm_dns_ptr_record",	P_AZURE,	"PTR" },
	{ "azurerm_dns_srv_record",	P_AZURE,	"SRV" },
	{ "azurerm_dns_txt_record",	P_AZURE,	"TXT" },
};

/* A zone the plan names: its id (per provider) and its name. */
struct zmap {
	char	*id;		/* "aws:Z123", "cf:abc", "google:my-zone" */
	char	*name;		/* absolute, lower case */
};

/* One side (before or after) of one record resource. */
struct side {
	int		present;
	char		*owner;
	ldns_rr_type	type;
	int		ttl_known;
	uint32_t	ttl;
	char		**data;		/* presentation RDATA, or names */
	size_t		n;
	int		names;		/* data are alias or proxy names */
	const char	*unknown;	/* why the data is not known */
	int		sensitive;
};

/* An RRset: the resources of one zone, owner and type. */
struct group {
	size_t		zone;		/* index into the zone list */
	char		*owner;
	ldns_rr_type	type;
	int		changed;
	const struct dl_ynode *node;	/* the first changing resource */
	char		*address;
	size_t		more;		/* further changing resources */
	ldns_rr_list	*rrs[2];	/* before, after */
	uint32_t	ttl[2];		/* the largest TTL on each side */
	int		ttl_unknown[2];
	const char	*unknown;	/* after data */
	const char	*live_unknown;	/* before data */
	int		sensitive;
	int		deleted_only;	/* no resource has an after */
};

struct loader {
	const char	*file;
	char		*zone_opt;	/* --zone, absolute, lower case */
	struct dl_error	*err;
	struct zmap	*zmaps;
	size_t		n_zmaps, cap_zmaps;
	char		**zones;	/* the plans' zones, in order */
	size_t		n_zones, cap_zones;
	struct group	*groups;
	size_t		n_groups, cap_groups;
	size_t		*index;		/* open addressing: group + 1 */
	size_t		index_size;
	ldns_rdf	*root;
};

static int
nomem(struct loader *l)
{
	dl_error_set(l->err, l->file, 0, 0, "out of memory");
	return DL_ENOMEM;
}

static struct dl_ynode *
get(const struct dl_ynode *map, const char *key)
{
	if (map == NULL || map->kind != DL_YMAPPING)
		return NULL;
	return dl_ymap_get(map, key);
}

/* A string value, or NULL (absent, null, not a string). */
static const char *
str(const struct dl_ynode *map, const char *key)
{
	const struct dl_ynode *n = get(map, key);

	if (n == NULL || n->kind != DL_YSCALAR || n->plain)
		return NULL;
	return n->value;
}

/* Does node hold true anywhere (after_unknown, *_sensitive)? */
static int
any_true(const struct dl_ynode *n)
{
	size_t i;

	if (n == NULL)
		return 0;
	if (n->kind == DL_YSCALAR)
		return n->plain && strcmp(n->value, "true") == 0;
	for (i = n->kind == DL_YMAPPING ? 1 : 0; i < n->n;
	    i += n->kind == DL_YMAPPING ? 2 : 1)
		if (any_true(n->items[i]))
			return 1;
	return 0;
}

/* Is key of map marked in marks (an after_unknown or *_sensitive)? */
static int
marked(const struct dl_ynode *marks, const char *key)
{
	if (marks != NULL && marks->kind == DL_YSCALAR)
		return any_true(marks);
	return any_true(get(marks, key));
}

static char *
lower_abs(const char *name)
{
	size_t n = strlen(name), i;
	char *s;

	while (n > 0 && name[n - 1] == '.')
		n--;
	if ((s = malloc(n + 2)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		s[i] = (name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 :
		    name[i];
	s[n] = '.';
	s[n + 1] = '\0';
	return s;
}

static int
zone_map_add(struct loader *l, const char *prefix, const char *id,
    const char *name)
{
	struct zmap *z;
	char *i, *nm;
	size_t k;

	if (id == NULL || name == NULL || *id == '\0' || *name == '\0')
		return 0;
	if (asprintf(&i, "%s:%s", prefix, id) == -1)
		return nomem(l);
	if ((nm = lower_abs(name)) == NULL) {
		free(i);
		return nomem(l);
	}
	for (k = 0; k < l->n_zmaps; k++)
		if (strcmp(l->zmaps[k].id, i) == 0) {
			free(i);
			free(nm);
			return 0;
		}
	if (l->n_zmaps == l->cap_zmaps) {
		l->cap_zmaps = l->cap_zmaps ? l->cap_zmaps * 2 : 8;
		if ((z = reallocarray(l->zmaps, l->cap_zmaps,
		    sizeof(*z))) == NULL) {
			free(i);
			free(nm);
			return nomem(l);
		}
		l->zmaps = z;
	}
	l->zmaps[l->n_zmaps].id = i;
	l->zmaps[l->n_zmaps++].name = nm;
	return 0;
}

static const char *
zone_map_find(const struct loader *l, const char *prefix, const char *id)
{
	size_t k, n = strlen(prefix);

	if (id == NULL)
		return NULL;
	for (k = 0; k < l->n_zmaps; k++)
		if (strncmp(l->zmaps[k].id, prefix, n) == 0 &&
		    l->zmaps[k].id[n] == ':' &&
		    strcmp(l->zmaps[k].id + n + 1, id) == 0)
			return l->zmaps[k].name;
	return NULL;
}

/* The zone resources and data sources: their ids and names. */
static int
note_zone(struct loader *l, const char *type, const struct dl_ynode *v)
{
	int rc = 0;

	if (v == NULL || v->kind != DL_YMAPPING)
		return 0;
	if (strcmp(type, "aws_route53_zone") == 0) {
		if ((rc = zone_map_add(l, "aws", str(v, "zone_id"),
		    str(v, "name"))) == 0)
			rc = zone_map_add(l, "aws", str(v, "id"),
			    str(v, "name"));
	} else if (strcmp(type, "cloudflare_zone") == 0) {
		const char *name = str(v, "zone") ? str(v, "zone") :
		    str(v, "name");

		if ((rc = zone_map_add(l, "cf", str(v, "id"), name)) == 0)
			rc = zone_map_add(l, "cf", str(v, "zone_id"), name);
	} else if (strcmp(type, "google_dns_managed_zone") == 0)
		rc = zone_map_add(l, "google", str(v, "name"),
		    str(v, "dns_name"));
	return rc;
}

/* prior_state's modules, depth bounded by the JSON reader's limit. */
static int
walk_module(struct loader *l, const struct dl_ynode *m)
{
	const struct dl_ynode *rs = get(m, "resources"),
	    *cm = get(m, "child_modules");
	size_t i;
	int rc;

	for (i = 0; rs != NULL && rs->kind == DL_YSEQUENCE && i < rs->n; i++)
		if (str(rs->items[i], "type") != NULL &&
		    (rc = note_zone(l, str(rs->items[i], "type"),
		    get(rs->items[i], "values"))) != 0)
			return rc;
	for (i = 0; cm != NULL && cm->kind == DL_YSEQUENCE && i < cm->n; i++)
		if ((rc = walk_module(l, cm->items[i])) != 0)
			return rc;
	return 0;
}

/* The message's subject: "'ttl' of 'aws_route53_record.www'". */
static const char *
what(char *buf, size_t n, const char *key, const char *address)
{
	char q[96];

	snprintf(buf, n, "'%s' of '%s'", key, dl_yquote(address,
	    strlen(address), q, sizeof(q)));
	return buf;
}

/*
 * A TTL: a whole number from 0 to 2147483647 (RFC 2181).  null leaves
 * *known 0.
 */
static int
get_ttl(struct loader *l, const struct dl_ynode *v, const char *address,
    uint32_t *ttl, int *known)
{
	const struct dl_ynode *n = get(v, "ttl");
	char w[160], got[96];
	unsigned long long t = 0;
	const char *p;

	*known = 0;
	if (dl_json_is_null(n))
		return 0;
	if (n->kind == DL_YSCALAR && n->plain && n->len > 0 &&
	    n->len <= 10) {
		for (p = n->value; *p >= '0' && *p <= '9'; p++)
			t = t * 10 + (unsigned long long)(*p - '0');
		if (*p == '\0' && t <= 2147483647ULL) {
			*ttl = (uint32_t)t;
			*known = 1;
			return 0;
		}
	}
	return dl_yerror(l->err, l->file, n, "%s must be a whole number "
	    "from 0 to 2147483647%s", what(w, sizeof(w), "ttl", address),
	    dl_ygot(n, got, sizeof(got)));
}

static int
push_data(struct loader *l, struct side *s, const char *text)
{
	char **d;

	if ((d = reallocarray(s->data, s->n + 1, sizeof(*d))) == NULL)
		return nomem(l);
	s->data = d;
	if ((s->data[s->n] = strdup(text)) == NULL)
		return nomem(l);
	s->n++;
	return 0;
}

/*
 * TXT data as the providers take it, unquoted: in character-strings of
 * at most 255 bytes, quoted, with '"' and '\' escaped.  Route 53's own
 * way to split a long string, '""' inside the value, splits here too.
 */
static int
push_txt(struct loader *l, struct side *s, const char *text, int aws)
{
	size_t len = strlen(text), i, run = 0;
	char *out, *o;
	int rc;

	if (len > 0 && text[0] == '"')
		return push_data(l, s, text);	/* already quoted */
	if ((out = malloc(len * 2 + len / 255 * 3 + 4)) == NULL)
		return nomem(l);
	o = out;
	*o++ = '"';
	for (i = 0; i < len; i++) {
		if (aws && text[i] == '"' && text[i + 1] == '"') {
			*o++ = '"';
			*o++ = ' ';
			*o++ = '"';
			run = 0;
			i++;
			continue;
		}
		if (run == 255) {
			*o++ = '"';
			*o++ = ' ';
			*o++ = '"';
			run = 0;
		}
		if (text[i] == '"' || text[i] == '\\')
			*o++ = '\\';
		*o++ = text[i];
		run++;
	}
	*o++ = '"';
	*o = '\0';
	rc = push_data(l, s, out);
	free(out);
	return rc;
}

/* A list of strings (records, rrdatas): each one's text. */
static int
push_list(struct loader *l, struct side *s, const struct dl_ynode *list,
    const char *key, const char *address, int txt, int aws)
{
	char w[160], got[96];
	size_t i;
	int rc;

	if (dl_json_is_null(list))
		return 0;
	if (list->kind != DL_YSEQUENCE)
		return dl_yerror(l->err, l->file, list, "%s must be a list of "
		    "strings%s", what(w, sizeof(w), key, address),
		    s->sensitive ? "" : dl_ygot(list, got, sizeof(got)));
	for (i = 0; i < list->n; i++) {
		const struct dl_ynode *e = list->items[i];

		if (e->kind != DL_YSCALAR || e->plain)
			return dl_yerror(l->err, l->file, e, "%s must be a "
			    "list of strings%s", what(w, sizeof(w), key,
			    address), s->sensitive ? "" :
			    dl_ygot(e, got, sizeof(got)));
		rc = txt ? push_txt(l, s, e->value, aws) :
		    push_data(l, s, e->value);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * The zone of a record whose zone resource is not in the plan: --zone
 * when the name is in it or relative, else the registered domain of a
 * fully qualified name.
 */
static char *
zone_of_name(const struct loader *l, const char *name)
{
	char dom[256], *z, *n;
	int in;

	if (l->zone_opt != NULL) {
		if ((n = lower_abs(name)) == NULL)
			return NULL;
		in = dl_name_in_zone(n, l->zone_opt) || strchr(name, '.') ==
		    NULL || strcmp(name, "@") == 0;
		free(n);
		if (in)
			return strdup(l->zone_opt);
	}
	if (strchr(name, '.') == NULL || strcmp(name, ".") == 0)
		return strdup("");
	if (dl_provider_identify(NULL, name, dom, sizeof(dom)) !=
	    DL_PROVIDER_DOMAIN || strchr(dom, '.') == NULL)
		return strdup("");
	if ((z = lower_abs(dom)) == NULL)
		return NULL;
	return z;
}

/* The key that names a record's zone. */
static const char *
zone_key(enum provider p)
{
	switch (p) {
	case P_GOOGLE:
		return "managed_zone";
	case P_AZURE:
		return "zone_name";
	default:
		return "zone_id";
	}
}

/*
 * A number's text: a JSON number, or a string of one (azurerm's MX
 * preference is a string); NULL when absent, null or something else.
 */
static const char *
num(const struct dl_ynode *map, const char *key)
{
	const struct dl_ynode *n = get(map, key);
	const char *p;

	if (n == NULL || n->kind != DL_YSCALAR || dl_json_is_null(n) ||
	    n->len == 0)
		return NULL;
	for (p = n->value; *p >= '0' && *p <= '9'; p++)
		;
	return *p == '\0' ? n->value : NULL;
}

/*
 * Azure's structured records ("record" blocks): each in presentation
 * form.  Returns 0, or an error at the block.
 */
static int
push_azure(struct loader *l, struct side *s, const struct dl_ynode *list,
    const char *address)
{
	const struct dl_ynode *e;
	char *text = NULL, w[160], got[96];
	const char *a, *b, *c, *d;
	size_t i;
	int rc;

	if (list->kind != DL_YSEQUENCE)
		return dl_yerror(l->err, l->file, list, "%s must be a list%s",
		    what(w, sizeof(w), "record", address),
		    dl_ygot(list, got, sizeof(got)));
	for (i = 0; i < list->n; i++) {
		e = list->items[i];
		switch (s->type) {
		case LDNS_RR_TYPE_MX:
			a = num(e, "preference");
			b = str(e, "exchange");
			rc = a && b ? asprintf(&text, "%s %s", a, b) : 0;
			break;
		case LDNS_RR_TYPE_SRV:
			a = num(e, "priority");
			b = num(e, "weight");
			c = num(e, "port");
			d = str(e, "target");
			rc = a && b && c && d ? asprintf(&text, "%s %s %s %s",
			    a, b, c, d) : 0;
			break;
		case LDNS_RR_TYPE_CAA:
			a = num(e, "flags");
			b = str(e, "tag");
			c = str(e, "value");
			rc = a && b && c ? asprintf(&text, "%s %s \"%s\"", a,
			    b, c) : 0;
			break;
		case LDNS_RR_TYPE_TXT:
			if ((a = str(e, "value")) == NULL)
				break;
			if ((rc = push_txt(l, s, a, 0)) != 0)
				return rc;
			continue;
		default:
			rc = 0;
			break;
		}
		if (rc == -1)
			return nomem(l);
		if (text == NULL)
			return dl_yerror(l->err, l->file, e, "%s holds a "
			    "block without the fields a %s record has",
			    what(w, sizeof(w), "record", address),
			    ldns_rr_descript(s->type)->_name);
		rc = push_data(l, s, text);
		free(text);
		text = NULL;
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The owner: name relative to zone, "@", or absolute. */
static char *
owner_of(const char *name, const char *zone)
{
	char *n, *o;

	if (strcmp(name, "@") == 0 || *name == '\0')
		return strdup(zone);
	if ((n = lower_abs(name)) == NULL)
		return NULL;
	if (dl_name_in_zone(n, zone))
		return n;
	if (asprintf(&o, "%.*s%s", (int)strlen(n), n,
	    strcmp(zone, ".") == 0 ? "" : zone) == -1)
		o = NULL;
	free(n);
	return o;
}

/*
 * Read one side of a record resource.  v is the before or after object,
 * u its after_unknown (NULL for before), sens its *_sensitive.  The zone
 * is found or checked with *zone (first side read sets it).
 */
static int
read_side(struct loader *l, enum provider p, const char *rrtype,
    const struct dl_ynode *node, const char *address,
    const struct dl_ynode *v, const struct dl_ynode *u,
    const struct dl_ynode *sens, char **zone, struct side *s)
{
	const struct dl_ynode *n;
	const char *name, *zid = NULL, *prefix = NULL, *zname;
	char w[160], got[96];
	int rc, txt, proxied = 0;

	memset(s, 0, sizeof(*s));
	if (dl_json_is_null(v))
		return 0;
	if (v->kind != DL_YMAPPING)
		return dl_yerror(l->err, l->file, v, "the values of '%s' must "
		    "be an object%s", address, dl_ygot(v, got, sizeof(got)));
	s->present = 1;
	if (marked(u, "name") || marked(u, "type")) {
		dl_error_set(l->err, l->file, node->line, node->column,
		    "the %s of '%s' is known only after apply: dnslint cannot "
		    "check a record it cannot name", marked(u, "name") ?
		    "name" : "type", address);
		return DL_EUNAVAIL;
	}
	if ((n = get(v, "name")) == NULL || n->kind != DL_YSCALAR ||
	    n->plain)
		return dl_yerror(l->err, l->file, n ? n : v, "%s must be a "
		    "string%s", what(w, sizeof(w), "name", address),
		    n ? dl_ygot(n, got, sizeof(got)) : ", got nothing");
	name = n->value;
	if (rrtype != NULL)
		s->type = ldns_get_rr_type_by_name(rrtype);
	else if ((n = get(v, "type")) == NULL || n->kind != DL_YSCALAR ||
	    n->plain || (s->type = ldns_get_rr_type_by_name(n->value)) == 0)
		return dl_yerror(l->err, l->file, n ? n : v, "%s must be a DNS "
		    "record type like A%s", what(w, sizeof(w), "type",
		    address), n ? dl_ygot(n, got, sizeof(got)) :
		    ", got nothing");
	switch (p) {
	case P_AWS:
		prefix = "aws";
		zid = str(v, "zone_id");
		break;
	case P_CF4:
	case P_CF5:
		prefix = "cf";
		zid = str(v, "zone_id");
		break;
	case P_GOOGLE:
		prefix = "google";
		zid = str(v, "managed_zone");
		break;
	case P_AZURE:
		/* The record names its zone. */
		prefix = "azure";
		zid = str(v, "zone_name");
		if (*zone == NULL && zid != NULL &&
		    (*zone = lower_abs(zid)) == NULL)
			return nomem(l);
		break;
	}
	if (*zone == NULL) {
		if ((zname = zone_map_find(l, prefix, zid)) != NULL)
			*zone = strdup(zname);
		else
			*zone = zone_of_name(l, name);
		if (*zone == NULL)
			return nomem(l);
		if (**zone == '\0') {
			dl_error_set(l->err, l->file, node->line, node->column,
			    "cannot tell the zone of '%s' (name '%s'): no zone "
			    "resource or data source in the plan has its %s; "
			    "give --zone", address, name, zone_key(p));
			return marked(u, zone_key(p)) ? DL_EUNAVAIL :
			    DL_EINPUT;
		}
	}
	if (p == P_GOOGLE && name[strlen(name) - 1] != '.')
		return dl_yerror(l->err, l->file, get(v, "name"), "%s must be "
		    "a fully qualified name ending in a dot, got '%s'",
		    what(w, sizeof(w), "name", address), name);
	if ((s->owner = owner_of(name, *zone)) == NULL)
		return nomem(l);
	if (!dl_name_in_zone(s->owner, *zone))
		return dl_yerror(l->err, l->file, get(v, "name"), "%s is '%s', "
		    "which is not in its zone '%s'", what(w, sizeof(w),
		    "name", address), name, *zone);
	if ((rc = get_ttl(l, v, address, &s->ttl, &s->ttl_known)) != 0)
		return rc;
	txt = s->type == LDNS_RR_TYPE_TXT || s->type == LDNS_RR_TYPE_SPF;
	switch (p) {
	case P_AWS: {
		const struct dl_ynode *al = get(v, "alias");

		s->sensitive = marked(sens, "records") || marked(sens, "alias");
		if (marked(u, "records") || marked(u, "alias") ||
		    marked(u, "ttl")) {
			s->unknown = marked(u, "ttl") ? "its TTL is known "
			    "only after apply" : "its records are known only "
			    "after apply";
			return 0;
		}
		if (al != NULL && al->kind == DL_YSEQUENCE && al->n > 0) {
			const struct dl_ynode *a = al->items[0];
			const char *target = str(a, "name");

			if (target == NULL)
				return dl_yerror(l->err, l->file, a, "%s must "
				    "have a 'name'", what(w, sizeof(w),
				    "alias", address));
			s->names = 1;
			if ((rc = push_data(l, s, target)) != 0)
				return rc;
			/*
			 * Route 53 answers an alias with its target's
			 * records and TTL: 60 s for an AWS resource; within
			 * the zone, the target record's, unknown here.
			 */
			if (str(a, "zone_id") != NULL && zid != NULL &&
			    strcmp(str(a, "zone_id"), zid) != 0) {
				s->ttl = R53_ALIAS_TTL;
				s->ttl_known = 1;
			} else
				s->ttl_known = 0;
			return 0;
		}
		if (!s->ttl_known) {
			s->unknown = "it has neither a TTL nor an alias";
			return 0;
		}
		return push_list(l, s, get(v, "records"), "records", address,
		    txt, 1);
	}
	case P_CF4:
	case P_CF5: {
		const struct dl_ynode *pr = get(v, "proxied"), *prio;
		const char *content = str(v, "content");
		char *both;

		s->sensitive = marked(sens, "content") || marked(sens, "value");
		if (marked(u, "content") || marked(u, "value") ||
		    marked(u, "proxied") || marked(u, "priority") ||
		    marked(u, "ttl")) {
			s->unknown = "its content is known only after apply";
			return 0;
		}
		if (content == NULL || *content == '\0')
			content = str(v, "value");
		proxied = pr != NULL && pr->kind == DL_YSCALAR && pr->plain &&
		    strcmp(pr->value, "true") == 0;
		/* Automatic TTL (1, or none): 300 s; proxied: always. */
		if (!s->ttl_known || s->ttl == 1 || proxied) {
			s->ttl = CF_AUTO_TTL;
			s->ttl_known = 1;
		}
		if (proxied) {
			s->names = 1;
			return push_data(l, s, CF_PROXY);
		}
		if (content == NULL || *content == '\0') {
			s->unknown = "its record is given as 'data', which "
			    "dnslint does not read";
			return 0;
		}
		if (txt)
			return push_txt(l, s, content, 0);
		prio = get(v, "priority");
		if ((s->type == LDNS_RR_TYPE_MX || s->type ==
		    LDNS_RR_TYPE_URI) && prio != NULL &&
		    prio->kind == DL_YSCALAR && prio->plain &&
		    !dl_json_is_null(prio)) {
			if (asprintf(&both, "%s %s", prio->value,
			    content) == -1)
				return nomem(l);
			rc = push_data(l, s, both);
			free(both);
			return rc;
		}
		return push_data(l, s, content);
	}
	case P_AZURE: {
		const struct dl_ynode *rec = get(v, "record"),
		    *recs = get(v, "records");

		s->sensitive = marked(sens, "record") ||
		    marked(sens, "records");
		if (marked(u, "record") || marked(u, "records") ||
		    marked(u, "ttl") || marked(u, "target_resource_id")) {
			s->unknown = "its records are known only after apply";
			return 0;
		}
		if (str(v, "target_resource_id") != NULL &&
		    *str(v, "target_resource_id") != '\0') {
			s->unknown = "it is an alias to an Azure resource, "
			    "whose addresses the plan does not hold";
			return 0;
		}
		if (!s->ttl_known) {
			s->unknown = "its TTL is not set";
			return 0;
		}
		if (s->type == LDNS_RR_TYPE_CNAME) {
			if (str(v, "record") == NULL)
				return dl_yerror(l->err, l->file, rec ? rec : v,
				    "%s must be a host name%s", what(w,
				    sizeof(w), "record", address), rec ?
				    dl_ygot(rec, got, sizeof(got)) :
				    ", got nothing");
			return push_data(l, s, str(v, "record"));
		}
		if (!dl_json_is_null(recs))
			return push_list(l, s, recs, "records", address, 0, 0);
		if (dl_json_is_null(rec))
			return dl_yerror(l->err, l->file, v, "'%s' has neither "
			    "'records' nor 'record'", address);
		return push_azure(l, s, rec, address);
	}
	case P_GOOGLE: {
		const struct dl_ynode *rp = get(v, "routing_policy"), *e, *set;
		size_t i, j, k;
		static const char *const kinds[] = { "wrr", "geo" };

		s->sensitive = marked(sens, "rrdatas");
		if (marked(u, "rrdatas") || marked(u, "ttl") ||
		    marked(u, "routing_policy")) {
			s->unknown = "its rrdatas are known only after apply";
			return 0;
		}
		if (!s->ttl_known) {
			s->unknown = "its TTL is not set";
			return 0;
		}
		if ((rc = push_list(l, s, get(v, "rrdatas"), "rrdatas",
		    address, 0, 0)) != 0)
			return rc;
		/* Every routing policy item's rrdatas may be answered. */
		for (i = 0; rp != NULL && rp->kind == DL_YSEQUENCE &&
		    i < rp->n; i++)
			for (k = 0; k < 2; k++) {
				set = get(rp->items[i], kinds[k]);
				for (j = 0; set != NULL &&
				    set->kind == DL_YSEQUENCE && j < set->n;
				    j++) {
					e = get(set->items[j], "rrdatas");
					if ((rc = push_list(l, s, e, "rrdatas",
					    address, 0, 0)) != 0)
						return rc;
				}
			}
		return 0;
	}
	}
	return 0;
}

static void
side_free(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->data[i]);
	free(s->data);
	free(s->owner);
}

static size_t
group_slot(const struct loader *l, size_t zone, const char *owner,
    ldns_rr_type type)
{
	size_t mask = l->index_size - 1, j;
	const struct group *g;

	j = (size_t)dl_hash((uint64_t)zone ^ ((uint64_t)type << 32), owner,
	    strlen(owner)) & mask;
	for (; l->index[j] != 0; j = (j + 1) & mask) {
		g = &l->groups[l->index[j] - 1];
		if (g->zone == zone && g->type == type &&
		    strcmp(g->owner, owner) == 0)
			break;
	}
	return j;
}

/* The group of zone/owner/type, made when new: its index, or -1. */
static long
group_find(struct loader *l, size_t zone, const char *owner,
    ldns_rr_type type)
{
	struct group *g;
	size_t slot, size, i;

	if ((l->n_groups + 1) * 2 > l->index_size) {
		size = l->index_size ? l->index_size * 2 : 64;
		free(l->index);
		if ((l->index = calloc(size, sizeof(*l->index))) == NULL)
			return -1;
		l->index_size = size;
		for (i = 0; i < l->n_groups; i++)
			l->index[group_slot(l, l->groups[i].zone,
			    l->groups[i].owner, l->groups[i].type)] = i + 1;
	}
	slot = group_slot(l, zone, owner, type);
	if (l->index[slot] != 0)
		return (long)l->index[slot] - 1;
	if (l->n_groups == l->cap_groups) {
		size = l->cap_groups ? l->cap_groups * 2 : 64;
		if ((g = reallocarray(l->groups, size, sizeof(*g))) == NULL)
			return -1;
		l->groups = g;
		l->cap_groups = size;
	}
	g = &l->groups[l->n_groups];
	memset(g, 0, sizeof(*g));
	g->zone = zone;
	g->type = type;
	g->deleted_only = 1;
	if ((g->owner = strdup(owner)) == NULL ||
	    (g->rrs[0] = ldns_rr_list_new()) == NULL ||
	    (g->rrs[1] = ldns_rr_list_new()) == NULL) {
		free(g->owner);
		if (g->rrs[0] != NULL)
			ldns_rr_list_free(g->rrs[0]);
		return -1;
	}
	l->index[slot] = ++l->n_groups;
	return (long)l->n_groups - 1;
}

static long
zone_index(struct loader *l, const char *zone)
{
	char **z;
	size_t i;

	for (i = 0; i < l->n_zones; i++)
		if (strcmp(l->zones[i], zone) == 0)
			return (long)i;
	if (l->n_zones == l->cap_zones) {
		l->cap_zones = l->cap_zones ? l->cap_zones * 2 : 4;
		if ((z = reallocarray(l->zones, l->cap_zones,
		    sizeof(*z))) == NULL)
			return -1;
		l->zones = z;
	}
	if ((l->zones[l->n_zones] = strdup(zone)) == NULL)
		return -1;
	return (long)l->n_zones++;
}

/* Add side s's records to group g's side k. */
static int
add_records(struct loader *l, const struct dl_ynode *node,
    const char *address, struct group *g, int k, const struct side *s)
{
	char *text, q[96];
	ldns_rr *rr;
	ldns_rdf *owner, *target;
	ldns_status st;
	size_t i;

	if (!s->ttl_known)
		g->ttl_unknown[k] = 1;
	else if (s->ttl > g->ttl[k])
		g->ttl[k] = s->ttl;
	for (i = 0; i < s->n; i++) {
		if (s->names) {
			/* An alias or proxy: the name it answers for. */
			if ((rr = ldns_rr_new()) == NULL)
				return nomem(l);
			owner = ldns_dname_new_frm_str(s->owner);
			target = ldns_dname_new_frm_str(s->data[i]);
			if (owner == NULL || target == NULL) {
				if (owner != NULL)
					ldns_rdf_deep_free(owner);
				if (target != NULL)
					ldns_rdf_deep_free(target);
				ldns_rr_free(rr);
				return dl_yerror(l->err, l->file, node, "the "
				    "alias target of '%s' is not a domain "
				    "name", address);
			}
			ldns_rr_set_owner(rr, owner);
			ldns_rr_set_type(rr, s->type);
			ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
			ldns_rr_set_ttl(rr, s->ttl);
			ldns_rr_push_rdf(rr, target);
		} else {
			if (asprintf(&text, "%s %u IN %s %s", s->owner,
			    s->ttl, ldns_rr_descript(s->type) ?
			    ldns_rr_descript(s->type)->_name : "TYPE0",
			    s->data[i]) == -1)
				return nomem(l);
			rr = NULL;
			st = ldns_rr_new_frm_str(&rr, text, s->ttl, l->root,
			    NULL);
			free(text);
			if (st != LDNS_STATUS_OK) {
				if (s->sensitive)
					return dl_yerror(l->err, l->file, node,
					    "a sensitive value of '%s' is not "
					    "valid %s data", address,
					    ldns_rr_descript(s->type)->_name);
				return dl_yerror(l->err, l->file, node, "'%s' "
				    "of '%s' is not valid %s data",
				    dl_yquote(s->data[i], strlen(s->data[i]),
				    q, sizeof(q)), address,
				    ldns_rr_descript(s->type)->_name);
			}
		}
		if (!ldns_rr_list_push_rr(g->rrs[k], rr)) {
			ldns_rr_free(rr);
			return nomem(l);
		}
	}
	if (s->sensitive)
		g->sensitive = 1;
	return 0;
}

/* The change's actions: sets *changes (anything but no-op, read, forget). */
static int
read_actions(struct loader *l, const struct dl_ynode *change,
    const char *address, int *changes)
{
	static const char *const known[] = { "no-op", "create", "read",
	    "update", "delete", "forget" };
	const struct dl_ynode *a = get(change, "actions");
	char got[96];
	size_t i, k;

	*changes = 0;
	if (a == NULL || a->kind != DL_YSEQUENCE || a->n == 0)
		return dl_yerror(l->err, l->file, a ? a : change, "'actions' "
		    "of '%s' must be a list like [\"update\"]%s", address,
		    a ? dl_ygot(a, got, sizeof(got)) : ", got nothing");
	for (i = 0; i < a->n; i++) {
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (a->items[i]->kind == DL_YSCALAR &&
			    !a->items[i]->plain &&
			    strcmp(a->items[i]->value, known[k]) == 0)
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return dl_yerror(l->err, l->file, a->items[i],
			    "unknown action%s in '%s': expected no-op, "
			    "create, read, update, delete or forget",
			    dl_ygot(a->items[i], got, sizeof(got)), address);
		if (k == 1 || k == 3 || k == 4)
			*changes = 1;
	}
	return 0;
}

static int
read_resource(struct loader *l, const struct dl_ynode *rc,
    enum provider p, const char *rrtype, size_t *n_records)
{
	const struct dl_ynode *change = get(rc, "change");
	const char *address = str(rc, "address");
	struct side s[2];
	char *zone = NULL, got[96];
	long zi, gi;
	int changes, k, r;
	struct group *g;

	if (address == NULL)
		return dl_yerror(l->err, l->file, rc, "a resource change must "
		    "have an 'address'");
	if (change == NULL || change->kind != DL_YMAPPING)
		return dl_yerror(l->err, l->file, change ? change : rc,
		    "'change' of '%s' must be an object%s", address,
		    change ? dl_ygot(change, got, sizeof(got)) :
		    ", got nothing");
	if ((r = read_actions(l, change, address, &changes)) != 0)
		return r;
	(*n_records)++;
	memset(s, 0, sizeof(s));
	/* The after side first: it names the zone of a new record. */
	if ((r = read_side(l, p, rrtype, rc, address, get(change, "after"),
	    get(change, "after_unknown"), get(change, "after_sensitive"),
	    &zone, &s[1])) != 0)
		goto out;
	if ((r = read_side(l, p, rrtype, rc, address, get(change, "before"),
	    NULL, get(change, "before_sensitive"), &zone, &s[0])) != 0)
		goto out;
	if (!s[0].present && !s[1].present)
		goto out;
	if ((zi = zone_index(l, zone)) < 0) {
		r = nomem(l);
		goto out;
	}
	for (k = 0; k < 2; k++) {
		if (!s[k].present)
			continue;
		if ((gi = group_find(l, (size_t)zi, s[k].owner,
		    s[k].type)) < 0) {
			r = nomem(l);
			goto out;
		}
		g = &l->groups[gi];
		if (changes) {
			if (!g->changed) {
				g->changed = 1;
				g->node = rc;
				if ((g->address = strdup(address)) == NULL) {
					r = nomem(l);
					goto out;
				}
			} else if (strcmp(g->address, address) != 0 &&
			    (k == 0 || !s[0].present ||
			    strcmp(s[0].owner, s[1].owner) != 0 ||
			    s[0].type != s[1].type))
				g->more++;
		}
		if (k == 1) {
			g->deleted_only = 0;
			if (s[1].unknown != NULL && g->unknown == NULL)
				g->unknown = s[1].unknown;
		} else if (s[0].unknown != NULL) {
			g->ttl_unknown[0] = 1;
			g->live_unknown = s[0].unknown;
		}
		if ((r = add_records(l, rc, address, g, k, &s[k])) != 0)
			goto out;
	}
out:
	side_free(&s[0]);
	side_free(&s[1]);
	free(zone);
	return r;
}

/*
 * Large parts of a plan that say nothing about DNS records: the values
 * after apply again (planned_values), the configuration's expressions,
 * drift, outputs, checks.  planned_values must still be there for
 * dl_terraform_load() to tell a plan from state: a null is.
 */
const char *const dl_terraform_unread[] = {
	"planned_values", "configuration", "resource_drift",
	"relevant_attributes", "output_changes", "checks", "variables",
	NULL
};

int
dl_terraform_is_plan(const struct dl_ynode *root)
{
	return root != NULL && root->kind == DL_YMAPPING &&
	    dl_ymap_get(root, "format_version") != NULL &&
	    (dl_ymap_get(root, "resource_changes") != NULL ||
	    dl_ymap_get(root, "terraform_version") != NULL);
}

/* Every record of list with TTL ttl (an RRset has one TTL). */
static void
set_ttl(ldns_rr_list *list, uint32_t ttl)
{
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(list); i++)
		ldns_rr_set_ttl(ldns_rr_list_rr(list, i), ttl);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An old address and the change it leaves. */
struct leaving {
	char		*addr;
	struct dl_pos	pos;
};

static int
leaving_cmp(const void *a, const void *b)
{
	const struct leaving *x = a, *y = b;
	int c;

	if ((c = strcmp(x->addr, y->addr)) != 0)
		return c;
	return dl_pos_cmp(&x->pos, &y->pos);
}

/*
 * The address in rr's RDATA (an A or AAAA record, not an alias or proxy
 * name) in presentation form, newly allocated; NULL when it has none (or
 * out of memory: *nomem set).
 */
static char *
address_of(const ldns_rr *rr, int *oom)
{
	const ldns_rdf *f;
	char *s;

	if (ldns_rr_rd_count(rr) != 1 || (f = ldns_rr_rdf(rr, 0)) == NULL ||
	    (ldns_rdf_get_type(f) != LDNS_RDF_TYPE_A &&
	    ldns_rdf_get_type(f) != LDNS_RDF_TYPE_AAAA))
		return NULL;
	if ((s = ldns_rdf2str(f)) == NULL)
		*oom = 1;
	return s;
}

/*
 * The decommission targets of zone z's plan p: every address the changes
 * take out of the zone's RRsets (in no RRset after the change), once,
 * at the first change it leaves; not those of sensitive values.  Returns
 * 0 or DL_ENOMEM.
 */
static int
add_leaving(struct loader *l, size_t z, struct dl_plan *p)
{
	char **after = NULL, *a;
	struct leaving *old = NULL;
	size_t n_after = 0, n_old = 0, cap_a = 0, cap_o = 0, i, j, k;
	int oom = 0, side;
	struct dl_decommission *d;
	void *t;

	for (i = 0; i < l->n_groups && !oom; i++) {
		const struct group *g = &l->groups[i];

		if (g->zone != z)
			continue;
		for (side = 0; side < 2 && !oom; side++) {
			/* A sensitive address is never named. */
			if (side == 0 && (!g->changed || g->sensitive))
				continue;
			for (j = 0; j < ldns_rr_list_rr_count(g->rrs[side]);
			    j++) {
				if ((a = address_of(ldns_rr_list_rr(
				    g->rrs[side], j), &oom)) == NULL)
					continue;
				if (side == 1) {
					if (n_after == cap_a) {
						cap_a = cap_a ? cap_a * 2 : 16;
						if ((t = reallocarray(after,
						    cap_a, sizeof(*after))) ==
						    NULL) {
							free(a);
							oom = 1;
							break;
						}
						after = t;
					}
					after[n_after++] = a;
					continue;
				}
				if (n_old == cap_o) {
					cap_o = cap_o ? cap_o * 2 : 16;
					if ((t = reallocarray(old, cap_o,
					    sizeof(*old))) == NULL) {
						free(a);
						oom = 1;
						break;
					}
					old = t;
				}
				old[n_old].addr = a;
				old[n_old].pos.line = g->node->line;
				old[n_old].pos.column = g->node->column;
				old[n_old++].pos.file = NULL;
			}
		}
	}
	if (!oom && n_old > 0 && (p->decommission = calloc(n_old,
	    sizeof(*p->decommission))) == NULL)
		oom = 1;
	if (!oom && n_old > 0) {
		/* qsort() may not be handed NULL, even for no items. */
		if (n_after > 1)
			qsort(after, n_after, sizeof(*after), str_cmp);
		qsort(old, n_old, sizeof(*old), leaving_cmp);
		for (i = 0; i < n_old; i = k) {
			for (k = i + 1; k < n_old &&
			    strcmp(old[k].addr, old[i].addr) == 0; k++)
				;
			if (n_after > 0 && bsearch(&old[i].addr, after,
			    n_after, sizeof(*after), str_cmp) != NULL)
				continue;
			d = &p->decommission[p->n_decommission++];
			d->target = old[i].addr;
			old[i].addr = NULL;
			d->is_address = 1;
			d->at = DL_NO_TIME;
			d->pos = old[i].pos;
		}
	}
	for (i = 0; i < n_old; i++)
		free(old[i].addr);
	free(old);
	for (i = 0; i < n_after; i++)
		free(after[i]);
	free(after);
	return oom ? nomem(l) : 0;
}

/* The plan of zone z: its changed groups, its before zone. */
static int
make_plan(struct loader *l, size_t z, const char *name, const char *dir,
    int64_t now, struct dl_plan **out)
{
	struct dl_plan *p;
	size_t i, n = 0;
	ldns_rr_list *copy;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return nomem(l);
	*out = p;
	if ((p->file = strdup(name)) == NULL ||
	    (p->dir = strdup(dir)) == NULL ||
	    (p->zone = strdup(l->zones[z])) == NULL ||
	    (p->before = dl_zone_new(l->zones[z], "Terraform plan",
	    1)) == NULL)
		return nomem(l);
	p->cutover = now;
	for (i = 0; i < l->n_groups; i++)
		if (l->groups[i].zone == z && l->groups[i].changed)
			n++;
	if (n > 0 && (p->changes = calloc(n, sizeof(*p->changes))) == NULL)
		return nomem(l);
	for (i = 0; i < l->n_groups; i++) {
		struct group *g = &l->groups[i];
		struct dl_change *c;
		size_t j;

		if (g->zone != z)
			continue;
		/* The live side: what before says, TTL included. */
		set_ttl(g->rrs[0], g->ttl[0]);
		set_ttl(g->rrs[1], g->ttl[1]);
		if (!g->ttl_unknown[0]) {
			for (j = 0; j < ldns_rr_list_rr_count(g->rrs[0]); j++) {
				ldns_rr *rr = ldns_rr_clone(
				    ldns_rr_list_rr(g->rrs[0], j));

				if (rr == NULL ||
				    dl_zone_add(p->before, rr) != 0)
					return nomem(l);
			}
			if (dl_zone_mark_known(p->before, g->owner,
			    g->type) != 0)
				return nomem(l);
		}
		if (!g->changed)
			continue;
		c = &p->changes[p->n_changes++];
		c->pos.line = g->node->line;
		c->pos.column = g->node->column;
		c->type = g->type;
		if ((c->owner = strdup(g->owner)) == NULL)
			return nomem(l);
		if (g->more > 0 ? asprintf(&c->address, "%s and %zu more",
		    g->address, g->more) == -1 :
		    (c->address = strdup(g->address)) == NULL) {
			c->address = NULL;
			return nomem(l);
		}
		c->ttl_pos = c->to_pos = c->pos;
		c->live_unknown = g->live_unknown;
		if (g->deleted_only)
			c->delete = 1;
		else {
			c->has_ttl = !g->ttl_unknown[1] && g->unknown == NULL;
			c->ttl = c->has_ttl ? g->ttl[1] : 0;
			c->unknown = g->unknown;
			if ((c->to = g->unknown != NULL ? ldns_rr_list_new() :
			    ldns_rr_list_clone(g->rrs[1])) == NULL)
				return nomem(l);
		}
		/* What Terraform read: live-matches-plan compares it. */
		if (ldns_rr_list_rr_count(g->rrs[0]) > 0 && !g->sensitive &&
		    !g->ttl_unknown[0]) {
			if ((copy = ldns_rr_list_clone(g->rrs[0])) == NULL)
				return nomem(l);
			c->from = copy;
			c->from_pos = c->pos;
		}
	}
	return add_leaving(l, z, p);
}

static void
loader_free(struct loader *l)
{
	size_t i;

	for (i = 0; i < l->n_zmaps; i++) {
		free(l->zmaps[i].id);
		free(l->zmaps[i].name);
	}
	free(l->zmaps);
	for (i = 0; i < l->n_zones; i++)
		free(l->zones[i]);
	free(l->zones);
	for (i = 0; i < l->n_groups; i++) {
		free(l->groups[i].owner);
		free(l->groups[i].address);
		ldns_rr_list_deep_free(l->groups[i].rrs[0]);
		ldns_rr_list_deep_free(l->groups[i].rrs[1]);
	}
	free(l->groups);
	free(l->index);
	free(l->zone_opt);
	if (l->root != NULL)
		ldns_rdf_deep_free(l->root);
}

int
dl_terraform_load(const char *name, const char *dir,
    const struct dl_ynode *root, const char *zone, int64_t now,
    struct dl_plan ***plans, size_t *n, size_t *records,
    struct dl_error *err)
{
	const struct dl_ynode *rcs, *ps;
	struct loader l;
	struct dl_plan **out = NULL;
	char got[96];
	size_t i, k, n_records = 0;
	int rc = 0;

	*plans = NULL;
	*n = 0;
	*records = 0;
	memset(&l, 0, sizeof(l));
	l.file = name;
	l.err = err;
	if ((l.root = ldns_dname_new_frm_str(".")) == NULL ||
	    (zone != NULL && (l.zone_opt = lower_abs(zone)) == NULL)) {
		loader_free(&l);
		return nomem(&l);
	}
	/* Terraform leaves resource_changes out when nothing changes. */
	if ((rcs = get(root, "resource_changes")) == NULL) {
		if (get(root, "planned_values") == NULL)
			rc = dl_yerror(err, name, root, "this is Terraform "
			    "state, not a plan: give the output of 'terraform "
			    "show -json' for a saved plan");
		goto out;
	}
	if (rcs->kind != DL_YSEQUENCE) {
		rc = dl_yerror(err, name, rcs, "'resource_changes' must be a "
		    "list%s", dl_ygot(rcs, got, sizeof(got)));
		goto out;
	}
	/* The zones first: from the changes, then the prior state. */
	for (i = 0; i < rcs->n && rc == 0; i++) {
		const struct dl_ynode *c = get(rcs->items[i], "change");
		const char *type = str(rcs->items[i], "type");

		if (rcs->items[i]->kind != DL_YMAPPING) {
			rc = dl_yerror(err, name, rcs->items[i], "a resource "
			    "change must be an object%s",
			    dl_ygot(rcs->items[i], got, sizeof(got)));
			break;
		}
		if (type == NULL)
			continue;
		if ((rc = note_zone(&l, type, get(c, "after"))) == 0)
			rc = note_zone(&l, type, get(c, "before"));
	}
	ps = get(get(get(root, "prior_state"), "values"), "root_module");
	if (rc == 0)
		rc = walk_module(&l, ps);
	for (i = 0; i < rcs->n && rc == 0; i++) {
		const char *type = str(rcs->items[i], "type"),
		    *mode = str(rcs->items[i], "mode");

		if (type == NULL || (mode != NULL &&
		    strcmp(mode, "managed") != 0))
			continue;
		for (k = 0; k < sizeof(record_types) /
		    sizeof(record_types[0]); k++)
			if (strcmp(type, record_types[k].type) == 0)
				rc = read_resource(&l, rcs->items[i],
				    record_types[k].provider,
				    record_types[k].rrtype, &n_records);
	}
	if (rc != 0)
		goto out;
	*records = rcs->n;
	for (i = 0, k = 0; i < l.n_groups; i++)
		k += l.groups[i].changed;
	if (k == 0)
		goto out;
	if ((out = calloc(l.n_zones, sizeof(*out))) == NULL) {
		rc = nomem(&l);
		goto out;
	}
	for (i = 0; i < l.n_zones; i++) {
		if ((rc = make_plan(&l, i, name, dir, now, &out[*n])) != 0) {
			dl_plan_free(out[*n]);
			break;
		}
		/* A zone whose records do not change is no plan. */
		if (out[*n]->n_changes == 0)
			dl_plan_free(out[*n]);
		else
			(*n)++;
	}
	if (rc != 0) {
		for (i = 0; i < *n; i++)
			dl_plan_free(out[i]);
		free(out);
		out = NULL;
		*n = 0;
	}
out:
	*plans = out;
	loader_free(&l);
	return rc;
}
