/*
 * config.c - the configuration (.dnslint.yaml): a strict loader on the
 * YAML tree, and the command-line overrides.
 *
 * Decisions the design leaves open, made once here:
 * - A rule's entry must be a mapping ("ns-ttl: off" is an error; write
 *   "ns-ttl: { severity: off }").
 * - Threshold values, like every number, must be plain scalars.  SECONDS
 *   take durations ("10m"); COUNT whole numbers; PERCENT whole numbers
 *   with an optional "%".
 * - A provider's 'match' may be one pattern or a list; patterns hold
 *   letters, digits, '-', '_', '.' and '*'.  Provider names are unique.
 * - dl_config_find() takes anything by the name DL_CONFIG_NAME (even a
 *   broken symlink) so that loading it fails loudly.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dtime.h"
#include "registry.h"
#include "yamltree.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct loader {
	const char	*file;
	struct dl_error	*err;
	struct dl_config *cfg;
};

static const char *const config_keys[] = {
	"rules", "providers", "parent_ns_ttl", "parent_ds_ttl"
};
static const char *const provider_keys[] = { "name", "match" };
static const char *const severity_names[] = {
	"off", "info", "warning", "error"	/* by enum dl_severity */
};

static int
nomem(struct dl_error *err, const char *file)
{
	dl_error_set(err, file, 0, 0, "out of memory");
	return DL_ENOMEM;
}

int
dl_severity_parse(const char *word)
{
	size_t i;

	for (i = 0; i < NELEM(severity_names); i++)
		if (strcmp(word, severity_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
dl_severity_name(enum dl_severity sev)
{
	if ((size_t)sev < NELEM(severity_names))
		return severity_names[sev];
	return "unknown";
}

struct dl_config *
dl_config_default(void)
{
	struct dl_config *cfg;
	const struct dl_rule *r;
	size_t i, k;

	if ((cfg = calloc(1, sizeof(*cfg))) == NULL)
		return NULL;
	/* calloc(0) may return NULL; one spare entry keeps it simple. */
	if ((cfg->rules = calloc(dl_rule_count + 1,
	    sizeof(*cfg->rules))) == NULL) {
		free(cfg);
		return NULL;
	}
	for (i = 0; i < dl_rule_count; i++) {
		r = dl_rules[i];
		cfg->rules[i].severity = r->severity;
		for (k = 0; k < r->n_thresholds && k < DL_MAX_THRESHOLDS; k++)
			cfg->rules[i].value[k] = r->thresholds[k].def;
	}
	cfg->parent_ns_ttl = DL_PARENT_NS_TTL;
	cfg->parent_ds_ttl = DL_PARENT_DS_TTL;
	return cfg;
}

void
dl_config_free(struct dl_config *cfg)
{
	size_t i, j;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n_providers; i++) {
		free(cfg->providers[i].name);
		for (j = 0; j < cfg->providers[i].n_match; j++)
			free(cfg->providers[i].match[j]);
		free(cfg->providers[i].match);
	}
	free(cfg->providers);
	free(cfg->rules);
	free(cfg->file);
	free(cfg);
}

const struct dl_rule_settings *
dl_config_rule(const struct dl_config *cfg, size_t i)
{
	if (cfg == NULL || i >= dl_rule_count)
		return NULL;
	return &cfg->rules[i];
}

/*
 * The rule called id, or an error naming the closest id.  file, node:
 * where the error is (NULL/NULL for the command line).
 */
static const struct dl_rule *
find_rule(const char *id, size_t *index, const char *file,
    const struct dl_ynode *node, struct dl_error *err)
{
	const struct dl_rule *r;
	struct dl_suggest s;
	char q[128];
	size_t i;

	if ((r = dl_rule_find(id, index)) != NULL)
		return r;
	dl_suggest_init(&s, id);
	for (i = 0; i < dl_rule_count; i++)
		dl_suggest_add(&s, dl_rules[i]->id);
	dl_yquote(id, strlen(id), q, sizeof(q));
	if (dl_suggest_best(&s) != NULL)
		dl_yerror(err, file, node, "unknown rule '%s'; did you mean "
		    "'%s'?", q, dl_suggest_best(&s));
	else
		dl_yerror(err, file, node, "unknown rule '%s'; 'dnslint rules' "
		    "lists them", q);
	return NULL;
}

/* A plain whole number from min to max; kind words for the messages. */
static int
get_count(struct loader *l, const struct dl_ynode *node, const char *what,
    const struct dl_threshold *th, int64_t *out)
{
	const char *v;
	char got[300], num[32];
	size_t len, i;
	int64_t x = 0;
	int percent = th->kind == DL_TH_PERCENT, big = 0, rc;

	if ((rc = dl_yget_scalar(node, l->file, what, percent ?
	    "a percentage like 30 or 30%" : "a whole number", 1, &v,
	    l->err)) != 0)
		return rc;
	len = strlen(v);
	if (percent && len > 1 && v[len - 1] == '%')
		len--;
	i = v[0] == '-' ? 1 : 0;
	if (len == i || len - i >= sizeof(num) ||
	    strspn(v + i, "0123456789") != len - i)
		return dl_yerror(l->err, l->file, node, "%s must be %s%s",
		    what, percent ? "a percentage like 30 or 30%" :
		    "a whole number", dl_ygot(node, got, sizeof(got)));
	for (; i < len; i++) {
		if (x > (INT64_MAX - 9) / 10)
			big = 1;
		else
			x = x * 10 + (v[i] - '0');
	}
	if (v[0] == '-')
		x = -x;
	if (big || x < th->min || x > th->max)
		return dl_yerror(l->err, l->file, node,
		    "%s must be between %lld and %lld%s%s", what,
		    (long long)th->min, (long long)th->max,
		    percent ? " percent" : "", dl_ygot(node, got, sizeof(got)));
	*out = x;
	return 0;
}

static int
load_rule(struct loader *l, const struct dl_ynode *key,
    const struct dl_ynode *node)
{
	const struct dl_rule *r;
	const struct dl_threshold *th;
	const struct dl_ynode *k, *v;
	struct dl_rule_settings *set;
	const char *valid[1 + DL_MAX_THRESHOLDS], *word;
	char what[160], where[160], got[300];
	size_t idx, i, t, nth;
	int sev, rc;

	if ((r = find_rule(key->value, &idx, l->file, key, l->err)) == NULL)
		return DL_EINPUT;
	set = &l->cfg->rules[idx];
	if (node->kind != DL_YMAPPING)
		return dl_yerror(l->err, l->file, node, "rule '%s' must be a "
		    "mapping like { severity: error }%s", r->id,
		    dl_ygot(node, got, sizeof(got)));
	nth = r->n_thresholds < DL_MAX_THRESHOLDS ? r->n_thresholds :
	    DL_MAX_THRESHOLDS;
	valid[0] = "severity";
	for (t = 0; t < nth; t++)
		valid[1 + t] = r->thresholds[t].name;
	snprintf(where, sizeof(where), "for rule '%s'", r->id);
	if ((rc = dl_ymap_check_keys(node, valid, 1 + nth, where, l->file,
	    l->err)) != 0)
		return rc;
	for (i = 0; i < node->n / 2; i++) {
		k = dl_ymap_key(node, i);
		v = dl_ymap_value(node, i);
		snprintf(what, sizeof(what), "'%s' of rule '%s'", k->value,
		    r->id);
		if (strcmp(k->value, "severity") == 0) {
			if ((rc = dl_yget_scalar(v, l->file, what,
			    "error, warning, info or off", 0, &word,
			    l->err)) != 0)
				return rc;
			if ((sev = dl_severity_parse(word)) == -1)
				return dl_yerror(l->err, l->file, v, "%s must "
				    "be error, warning, info or off%s", what,
				    dl_ygot(v, got, sizeof(got)));
			set->severity = (enum dl_severity)sev;
			continue;
		}
		for (t = 0; t < nth; t++)
			if (strcmp(k->value, r->thresholds[t].name) == 0)
				break;
		th = &r->thresholds[t];
		if (th->kind == DL_TH_SECONDS)
			rc = dl_yget_seconds(v, l->file, what, th->min,
			    th->max, &set->value[t], l->err);
		else
			rc = get_count(l, v, what, th, &set->value[t]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
load_rules(struct loader *l, const struct dl_ynode *node)
{
	size_t i;
	int rc;

	if ((rc = dl_yexpect(node, DL_YMAPPING, l->file, "'rules'",
	    l->err)) != 0)
		return rc;
	for (i = 0; i < node->n / 2; i++)
		if ((rc = load_rule(l, dl_ymap_key(node, i),
		    dl_ymap_value(node, i))) != 0)
			return rc;
	return 0;
}

/*
 * A nameserver pattern: a host name in which "*" matches any run of
 * characters; stored lower case with the trailing dot.
 */
static int
load_pattern(struct loader *l, const struct dl_ynode *node, char **out)
{
	const char *v, *p, *why = NULL;
	char q[128], *s;
	size_t len, label = 0;

	*out = NULL;
	if (node->kind != DL_YSCALAR)
		return dl_yexpect(node, DL_YSCALAR, l->file, "'match'", l->err);
	if (dl_yget_scalar(node, l->file, "'match'", "a pattern like "
	    "*.ns.example.net.", 0, &v, l->err) != 0)
		return DL_EINPUT;
	len = strlen(v);
	for (p = v; *p != '\0' && why == NULL; p++) {
		if (*p == '.') {
			if (label == 0)
				why = "it has an empty label";
			label = 0;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '*') {
			if (++label > 63)
				why = "a label is longer than 63 characters";
		} else
			why = "only letters, digits, '-', '_', '.' and the "
			    "wildcard '*' are allowed";
	}
	if (why == NULL && len > 254)
		why = "longer than 253 characters";
	if (why != NULL)
		return dl_yerror(l->err, l->file, node, "bad pattern '%s': %s",
		    dl_yquote(v, len, q, sizeof(q)), why);
	if ((s = malloc(len + 2)) == NULL)
		return nomem(l->err, l->file);
	for (p = v, len = 0; *p != '\0'; p++)
		s[len++] = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
	if (s[len - 1] != '.')
		s[len++] = '.';
	s[len] = '\0';
	*out = s;
	return 0;
}

static int
load_provider(struct loader *l, const struct dl_ynode *item,
    struct dl_provider_def *def)
{
	const struct dl_ynode *v, *const *items, *one[1];
	const char *name;
	char got[300];
	size_t n, i;
	int rc;

	if (item->kind != DL_YMAPPING)
		return dl_yerror(l->err, l->file, item, "each provider must "
		    "be a mapping with 'name' and 'match'%s",
		    dl_ygot(item, got, sizeof(got)));
	if ((rc = dl_ymap_check_keys(item, provider_keys,
	    NELEM(provider_keys), "in a provider", l->file, l->err)) != 0)
		return rc;
	if ((v = dl_ymap_get(item, "name")) == NULL)
		return dl_yerror(l->err, l->file, item,
		    "missing required key 'name' in a provider");
	if ((rc = dl_yget_scalar(v, l->file, "'name'", NULL, 0, &name,
	    l->err)) != 0)
		return rc;
	if ((def->name = strdup(name)) == NULL)
		return nomem(l->err, l->file);
	if ((v = dl_ymap_get(item, "match")) == NULL)
		return dl_yerror(l->err, l->file, item,
		    "missing required key 'match' in a provider");
	if (v->kind == DL_YSEQUENCE) {
		items = (const struct dl_ynode *const *)v->items;
		n = v->n;
	} else if (v->kind == DL_YSCALAR && v->len > 0) {
		one[0] = v;
		items = one;
		n = 1;
	} else
		return dl_yerror(l->err, l->file, v, "'match' must be a list "
		    "of patterns like \"*.ns.example.net.\"%s",
		    dl_ygot(v, got, sizeof(got)));
	if (n == 0)
		return dl_yerror(l->err, l->file, v, "'match' is empty; give "
		    "at least one pattern like \"*.ns.example.net.\"");
	if ((def->match = calloc(n, sizeof(*def->match))) == NULL)
		return nomem(l->err, l->file);
	for (i = 0; i < n; i++) {
		if ((rc = load_pattern(l, items[i], &def->match[i])) != 0)
			return rc;
		def->n_match++;
	}
	return 0;
}

/* A provider's name and place, for finding duplicates by sorting. */
struct named {
	const char	*name;
	size_t		 idx;
};

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The first of providers[0..n-1] (in file order) whose name an earlier one
 * has: returns 1 with *first and *second set, 0 when all differ, -1 when
 * out of memory.  Sorting, not comparing each with each: a configuration
 * may be large.
 */
static int
find_duplicate(const struct dl_provider_def *providers, size_t n,
    size_t *first, size_t *second)
{
	struct named *v;
	size_t i, g;
	int found = 0;

	if (n < 2)
		return 0;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].name = providers[i].name;
		v[i].idx = i;
	}
	qsort(v, n, sizeof(*v), named_cmp);
	for (g = 0, i = 1; i < n; i++) {
		if (strcmp(v[g].name, v[i].name) != 0) {
			g = i;
			continue;
		}
		if (i == g + 1 && (!found || v[i].idx < *second)) {
			*first = v[g].idx;
			*second = v[i].idx;
			found = 1;
		}
	}
	free(v);
	return found;
}

static int
load_providers(struct loader *l, const struct dl_ynode *node)
{
	struct dl_config *cfg = l->cfg;
	const struct dl_ynode *a, *b;
	char q[128];
	size_t i, first = 0, second = 0;
	int rc = 0, dup;

	if ((rc = dl_yexpect(node, DL_YSEQUENCE, l->file, "'providers'",
	    l->err)) != 0)
		return rc;
	if (node->n == 0)
		return 0;
	if ((cfg->providers = calloc(node->n, sizeof(*cfg->providers))) ==
	    NULL)
		return nomem(l->err, l->file);
	for (i = 0; i < node->n; i++) {
		/* Counted first so a partly loaded provider is freed too. */
		cfg->n_providers++;
		if ((rc = load_provider(l, node->items[i],
		    &cfg->providers[i])) != 0)
			break;
	}
	/*
	 * A duplicate before a provider that failed to load is the first
	 * error in the file: report it, as a check of each provider as it
	 * is loaded would.
	 */
	if ((dup = find_duplicate(cfg->providers, i, &first, &second)) == -1)
		return nomem(l->err, l->file);
	if (dup == 0)
		return rc;
	a = dl_ymap_get(node->items[first], "name");
	b = dl_ymap_get(node->items[second], "name");
	return dl_yerror(l->err, l->file, b,
	    "duplicate provider '%s' (first at line %u)",
	    dl_yquote(b->value, b->len, q, sizeof(q)), a->line);
}

static int
load_root(struct loader *l, const struct dl_ynode *root)
{
	const struct dl_ynode *k, *v;
	char got[300];
	int64_t x;
	size_t i;
	int rc;

	if (root == NULL)
		return 0;	/* an empty configuration: all defaults */
	if (root->kind != DL_YMAPPING)
		return dl_yerror(l->err, l->file, root, "the configuration "
		    "must be a mapping with keys like 'rules' and "
		    "'providers'%s", dl_ygot(root, got, sizeof(got)));
	if ((rc = dl_ymap_check_keys(root, config_keys, NELEM(config_keys),
	    NULL, l->file, l->err)) != 0)
		return rc;
	for (i = 0; i < root->n / 2; i++) {
		k = dl_ymap_key(root, i);
		v = dl_ymap_value(root, i);
		if (strcmp(k->value, "rules") == 0)
			rc = load_rules(l, v);
		else if (strcmp(k->value, "providers") == 0)
			rc = load_providers(l, v);
		else if (strcmp(k->value, "parent_ds_ttl") == 0) {
			rc = dl_yget_seconds(v, l->file, "'parent_ds_ttl'", 0,
			    DL_TTL_MAX, &x, l->err);
			if (rc == 0)
				l->cfg->parent_ds_ttl = (uint32_t)x;
		} else {
			rc = dl_yget_seconds(v, l->file, "'parent_ns_ttl'", 0,
			    DL_TTL_MAX, &x, l->err);
			if (rc == 0)
				l->cfg->parent_ns_ttl = (uint32_t)x;
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
dl_config_load_buffer(const char *name, const char *buf, size_t len,
    struct dl_config **out, struct dl_error *err)
{
	struct loader l;
	struct dl_ynode *root = NULL;
	int rc;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.file = name;
	l.err = err;
	if ((l.cfg = dl_config_default()) == NULL)
		return nomem(err, name);
	if ((l.cfg->file = strdup(name)) == NULL) {
		dl_config_free(l.cfg);
		return nomem(err, name);
	}
	if ((rc = dl_yaml_parse(name, buf, len, &root, err)) == 0)
		rc = load_root(&l, root);
	dl_ynode_free(root);
	if (rc != 0) {
		dl_config_free(l.cfg);
		return rc;
	}
	*out = l.cfg;
	return 0;
}

int
dl_config_load(const char *path, struct dl_config **out,
    struct dl_error *err)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = dl_yaml_read_file(path, path, &buf, &len, err)) != 0)
		return rc;
	rc = dl_config_load_buffer(path, buf, len, out, err);
	free(buf);
	return rc;
}

/* dir/DL_CONFIG_NAME when something by that name is there. */
static char *
try_dir(const char *dir, int *oom)
{
	struct stat st;
	char *path;

	if (strcmp(dir, ".") == 0)
		path = strdup(DL_CONFIG_NAME);
	else if (asprintf(&path, "%s%s%s", dir,
	    dir[strlen(dir) - 1] == '/' ? "" : "/", DL_CONFIG_NAME) == -1)
		path = NULL;
	if (path == NULL) {
		*oom = 1;
		return NULL;
	}
	/*
	 * Anything by that name counts, even a broken one: loading it then
	 * fails loudly instead of settings being silently skipped.
	 */
	if (lstat(path, &st) == 0)
		return path;
	free(path);
	return NULL;
}

char *
dl_config_find(const char *dir)
{
	char *path, *real, *slash;
	int oom = 0;

	if (dir == NULL || dir[0] == '\0')
		dir = ".";
	/* The folder itself as given, so the common case stays relative. */
	if ((path = try_dir(dir, &oom)) != NULL || oom)
		return path;
	if ((real = realpath(dir, NULL)) == NULL)
		return NULL;
	while (strcmp(real, "/") != 0) {
		slash = strrchr(real, '/');
		if (slash == real)
			slash[1] = '\0';
		else
			*slash = '\0';
		if ((path = try_dir(real, &oom)) != NULL || oom)
			break;
	}
	free(real);
	return path;
}

static int
set_severity(struct dl_config *cfg, const char *rule, enum dl_severity sev,
    int enable, struct dl_error *err)
{
	const struct dl_rule *r;
	size_t idx;

	if ((r = find_rule(rule, &idx, NULL, NULL, err)) == NULL)
		return DL_EINPUT;
	if (!enable) {
		cfg->rules[idx].severity = sev;
		return 0;
	}
	if (cfg->rules[idx].severity != DL_SEV_OFF)
		return 0;
	if (r->severity == DL_SEV_OFF) {
		dl_error_set(err, NULL, 0, 0, "rule '%s' is off by default; "
		    "use --severity %s=LEVEL to turn it on", r->id, r->id);
		return DL_EINPUT;
	}
	cfg->rules[idx].severity = r->severity;
	return 0;
}

int
dl_config_severity(struct dl_config *cfg, const char *spec,
    struct dl_error *err)
{
	const char *eq;
	char rule[128], q[128];
	int sev;

	eq = strchr(spec, '=');
	if (eq == NULL || eq == spec || eq[1] == '\0' ||
	    (size_t)(eq - spec) >= sizeof(rule)) {
		dl_error_set(err, NULL, 0, 0, "bad --severity '%s': expected "
		    "RULE=LEVEL like ns-ttl=warning",
		    dl_yquote(spec, strlen(spec), q, sizeof(q)));
		return DL_EINPUT;
	}
	memcpy(rule, spec, (size_t)(eq - spec));
	rule[eq - spec] = '\0';
	if ((sev = dl_severity_parse(eq + 1)) == -1) {
		dl_error_set(err, NULL, 0, 0, "unknown severity '%s'; expected "
		    "error, warning, info or off",
		    dl_yquote(eq + 1, strlen(eq + 1), q, sizeof(q)));
		return DL_EINPUT;
	}
	return set_severity(cfg, rule, (enum dl_severity)sev, 0, err);
}

int
dl_config_enable(struct dl_config *cfg, const char *rule,
    struct dl_error *err)
{
	return set_severity(cfg, rule, DL_SEV_OFF, 1, err);
}

int
dl_config_disable(struct dl_config *cfg, const char *rule,
    struct dl_error *err)
{
	return set_severity(cfg, rule, DL_SEV_OFF, 0, err);
}
