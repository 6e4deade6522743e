/*
 * octoconf.c - octoDNS configurations: the zone files they declare.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "octoconf.h"
#include "yamltree.h"

/* Where configurations are looked for, from the top of the work tree. */
static const char *const config_dirs[] = { ".", "config", "octodns" };

enum pkind {
	P_OTHER = 0,
	P_YAML,
	P_SPLIT
};

/* A provider of the configuration, as far as dnslint cares. */
struct prov {
	const char	*name;
	enum pkind	 kind;
	const struct dl_ynode *directory;	/* YAML providers */
	int		 split;			/* split_extension given */
};

static int
note(struct dl_octo_zones *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
note(struct dl_octo_zones *out, const char *fmt, ...)
{
	char **nn, *s;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r == -1)
		return DL_ENOMEM;
	if ((nn = realloc(out->notes, (out->nnotes + 1) * sizeof(*nn))) ==
	    NULL) {
		free(s);
		return DL_ENOMEM;
	}
	out->notes = nn;
	out->notes[out->nnotes++] = s;
	return 0;
}

static int
add(struct dl_octo_zones *out, const char *path, const char *zone,
    const char *config)
{
	struct dl_octo_zone *nv, *z;
	char *p;

	if ((nv = realloc(out->v, (out->n + 1) * sizeof(*nv))) == NULL)
		return DL_ENOMEM;
	out->v = nv;
	z = &out->v[out->n];
	z->path = strdup(path);
	z->zone = strdup(zone);
	z->config = strdup(config);
	if (z->path == NULL || z->zone == NULL || z->config == NULL) {
		free(z->path);
		free(z->zone);
		free(z->config);
		return DL_ENOMEM;
	}
	for (p = z->zone; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	out->n++;
	return 0;
}

/*
 * What a provider class is: octoDNS's YamlProvider (its own module, or a
 * module octodns_* whose class ends in YamlProvider), SplitYamlProvider,
 * or something else.
 */
static enum pkind
class_kind(const char *cls)
{
	const char *dot = strrchr(cls, '.');
	const char *name = dot != NULL ? dot + 1 : cls;

	if (dot == NULL || strncmp(cls, "octodns", 7) != 0)
		return P_OTHER;
	if (strcmp(name, "SplitYamlProvider") == 0)
		return P_SPLIT;
	if (strlen(name) >= 12 && strcmp(name + strlen(name) - 12,
	    "YamlProvider") == 0)
		return P_YAML;
	return P_OTHER;
}

static int
is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A YAML zone file name "unit.tests.yaml": its zone, else NULL. */
static char *
zone_of_name(const char *name)
{
	size_t n = strlen(name);

	if (n < 7 || strcmp(name + n - 5, ".yaml") != 0 ||
	    name[n - 6] == '.' || name[0] == '.')
		return NULL;
	return strndup(name, n - 4);
}

/* The zone files a YAML provider holds for zone (dynamic: all). */
static int
list_source(const char *top, const char *rel, const char *zone,
    const struct prov *pv, struct dl_octo_zones *out)
{
	char dir[4096], path[4200], full[8400];
	const char *d = pv->directory->value;
	struct dirent *de;
	DIR *dh;
	int rc = 0;

	if (strncmp(d, "env/", 4) == 0)
		return note(out, "%s: zone '%s': the directory of provider "
		    "'%s' comes from the environment ('%s'): its files are "
		    "not listed", rel, zone, pv->name, d);
	if (d[0] == '/' || dl_path_clean(d, dir, sizeof(dir)) != 0)
		return note(out, "%s: zone '%s': the directory '%s' of "
		    "provider '%s' is not inside the work tree: its files are "
		    "not listed", rel, zone, d, pv->name);
	if (zone[0] != '*') {
		snprintf(path, sizeof(path), "%s/%syaml", dir, zone);
		snprintf(full, sizeof(full), "%s/%s", top, path);
		if (pv->split && (rc = note(out, "%s: zone '%s': provider "
		    "'%s' also splits it into a folder (split_extension): "
		    "only its single file is listed", rel, zone,
		    pv->name)) != 0)
			return rc;
		return is_regular(full) ? add(out, path, zone, rel) : 0;
	}
	snprintf(full, sizeof(full), "%s/%s", top, dir);
	if ((dh = opendir(full)) == NULL)
		return 0;
	while (rc == 0 && (de = readdir(dh)) != NULL) {
		char *z = zone_of_name(de->d_name);

		if (z == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(full, sizeof(full), "%s/%s", top, path);
		if (is_regular(full))
			rc = add(out, path, z, rel);
		free(z);
	}
	closedir(dh);
	return rc;
}

/* The providers mapping: fills ps (n entries); counts the YAML ones. */
static int
read_providers(const char *rel, const struct dl_ynode *providers,
    struct prov *ps, size_t *nyaml, struct dl_error *err)
{
	size_t i;
	int rc;

	*nyaml = 0;
	for (i = 0; i < providers->n / 2; i++) {
		const struct dl_ynode *pv = dl_ymap_value(providers, i);
		const struct dl_ynode *cls, *ext;
		char what[256];
		const char *c;

		ps[i].name = dl_ymap_key(providers, i)->value;
		snprintf(what, sizeof(what), "provider '%s'", ps[i].name);
		if ((rc = dl_yexpect(pv, DL_YMAPPING, rel, what, err)) != 0)
			return rc;
		if ((cls = dl_ymap_get(pv, "class")) == NULL)
			return dl_yerror(err, rel, pv, "provider '%s' has no "
			    "'class'", ps[i].name);
		snprintf(what, sizeof(what), "'class' of provider '%s'",
		    ps[i].name);
		if ((rc = dl_yget_scalar(cls, rel, what, "a Python class "
		    "name", 0, &c, err)) != 0)
			return rc;
		ps[i].kind = class_kind(c);
		if (ps[i].kind == P_OTHER)
			continue;
		(*nyaml)++;
		if ((ps[i].directory = dl_ymap_get(pv, "directory")) == NULL)
			return dl_yerror(err, rel, pv, "provider '%s' (%s) has "
			    "no 'directory'", ps[i].name, c);
		snprintf(what, sizeof(what), "'directory' of provider '%s'",
		    ps[i].name);
		if ((rc = dl_yget_scalar(ps[i].directory, rel, what, "a "
		    "folder", 0, &c, err)) != 0)
			return rc;
		ext = dl_ymap_get(pv, "split_extension");
		ps[i].split = ext != NULL && ext->kind == DL_YSCALAR &&
		    ext->len > 0 && strcmp(ext->value, "null") != 0;
	}
	return 0;
}

/* One zone of the configuration. */
static int
read_zone(const char *top, const char *rel, const char *zone,
    const struct dl_ynode *zc, const struct dl_ynode *providers,
    const struct prov *ps, struct dl_octo_zones *out, struct dl_error *err)
{
	const struct dl_ynode *sources, *src;
	char what[512];
	const char *name;
	size_t j, k;
	int rc;

	if (zone[0] != '*' && zone[strlen(zone) - 1] != '.')
		return dl_yerror(err, rel, zc, "zone '%s' must end with a dot "
		    "as octoDNS requires", zone);
	if (zc->kind == DL_YSCALAR && zc->len == 0 && zc->plain)
		return dl_yerror(err, rel, zc, "zone '%s' has no 'sources'",
		    zone);
	snprintf(what, sizeof(what), "zone '%s'", zone);
	if ((rc = dl_yexpect(zc, DL_YMAPPING, rel, what, err)) != 0)
		return rc;
	if (dl_ymap_get(zc, "alias") != NULL)
		return note(out, "%s: zone '%s' is an alias of another zone: "
		    "no file of its own", rel, zone);
	if ((sources = dl_ymap_get(zc, "sources")) == NULL)
		return dl_yerror(err, rel, zc, "zone '%s' has no 'sources'",
		    zone);
	snprintf(what, sizeof(what), "'sources' of zone '%s'", zone);
	if ((rc = dl_yexpect(sources, DL_YSEQUENCE, rel, what, err)) != 0)
		return rc;
	for (j = 0; j < sources->n; j++) {
		src = sources->items[j];
		snprintf(what, sizeof(what), "a source of zone '%s'", zone);
		if ((rc = dl_yget_scalar(src, rel, what, "a provider name", 0,
		    &name, err)) != 0)
			return rc;
		for (k = 0; k < providers->n / 2; k++)
			if (strcmp(ps[k].name, name) == 0)
				break;
		/* octoDNS makes 'auto-arpa' itself (manager: auto_arpa). */
		if (k == providers->n / 2 && strcmp(name, "auto-arpa") == 0)
			continue;
		if (k == providers->n / 2)
			return dl_yerror(err, rel, src, "zone '%s': unknown "
			    "provider '%s' in 'sources'", zone, name);
		if (ps[k].kind == P_SPLIT)
			rc = note(out, "%s: zone '%s' is split into a folder "
			    "by provider '%s' (SplitYamlProvider): dnslint "
			    "reads single-file zones, so it is not listed",
			    rel, zone, ps[k].name);
		else if (ps[k].kind == P_YAML)
			rc = list_source(top, rel, zone, &ps[k], out);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
dl_octoconf_load(const char *top, const char *rel, struct dl_octo_zones *out,
    struct dl_error *err)
{
	const struct dl_ynode *providers, *zones;
	struct dl_ynode *root = NULL;
	struct prov *ps = NULL;
	char *buf = NULL, *full = NULL;
	size_t len, i, nyaml;
	int rc;

	if (asprintf(&full, "%s/%s", top, rel) == -1)
		return DL_ENOMEM;
	if ((rc = dl_yaml_read_file(full, rel, &buf, &len, err)) != 0 ||
	    (rc = dl_yaml_parse(rel, buf, len, &root, err)) != 0)
		goto out;
	rc = 1;
	if (root == NULL || root->kind != DL_YMAPPING ||
	    (providers = dl_ymap_get(root, "providers")) == NULL ||
	    (zones = dl_ymap_get(root, "zones")) == NULL)
		goto out;
	if ((rc = dl_yexpect(providers, DL_YMAPPING, rel, "'providers'",
	    err)) != 0)
		goto out;
	if (providers->n > 0 &&
	    (ps = calloc(providers->n / 2, sizeof(*ps))) == NULL) {
		rc = DL_ENOMEM;
		goto out;
	}
	if ((rc = read_providers(rel, providers, ps, &nyaml, err)) != 0)
		goto out;
	rc = 1;
	if (nyaml == 0)
		goto out;
	/* "zones:" with nothing under it is an empty mapping to octoDNS. */
	if (zones->kind == DL_YSCALAR && zones->plain && zones->len == 0) {
		rc = 0;
		goto out;
	}
	if ((rc = dl_yexpect(zones, DL_YMAPPING, rel, "'zones'", err)) != 0)
		goto out;
	for (i = 0; i < zones->n / 2 && rc == 0; i++)
		rc = read_zone(top, rel, dl_ymap_key(zones, i)->value,
		    dl_ymap_value(zones, i), providers, ps, out, err);
out:
	if (rc == DL_ENOMEM)
		dl_error_set(err, rel, 0, 0, "out of memory");
	free(ps);
	dl_ynode_free(root);
	free(buf);
	free(full);
	return rc;
}

/* Top-level "providers:" and "zones:" keys, written at a line's start. */
static int
looks_like_config(const char *path)
{
	char line[4096];
	int p = 0, z = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL && !(p && z)) {
		p |= strncmp(line, "providers:", 10) == 0;
		z |= strncmp(line, "zones:", 6) == 0;
	}
	fclose(f);
	return p && z;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_zone(const void *a, const void *b)
{
	return strcmp(((const struct dl_octo_zone *)a)->path,
	    ((const struct dl_octo_zone *)b)->path);
}

/* The candidate files of one folder, sorted, into *names. */
static int
candidates(const char *top, const char *d, char ***names, size_t *n)
{
	char full[4200], **nn;
	struct dirent *de;
	DIR *dh;
	size_t len;

	*names = NULL;
	*n = 0;
	snprintf(full, sizeof(full), "%s/%s", top, d);
	if ((dh = opendir(full)) == NULL)
		return 0;
	while ((de = readdir(dh)) != NULL) {
		char *rel;

		len = strlen(de->d_name);
		if (!((len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0) ||
		    (len > 4 && strcmp(de->d_name + len - 4, ".yml") == 0)))
			continue;
		if (strcmp(d, ".") == 0)
			rel = strdup(de->d_name);
		else if (asprintf(&rel, "%s/%s", d, de->d_name) == -1)
			rel = NULL;
		if (rel == NULL ||
		    (nn = realloc(*names, (*n + 1) * sizeof(*nn))) == NULL) {
			free(rel);
			closedir(dh);
			return DL_ENOMEM;
		}
		*names = nn;
		(*names)[(*n)++] = rel;
	}
	closedir(dh);
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), cmp_str);
	return 0;
}

int
dl_octoconf_find(const char *top, struct dl_octo_zones *out,
    struct dl_error *err)
{
	char **names, full[8400];
	size_t d, i, n, j, k;
	int rc = 0;

	for (d = 0; d < sizeof(config_dirs) / sizeof(config_dirs[0]) &&
	    rc == 0; d++) {
		if ((rc = candidates(top, config_dirs[d], &names, &n)) != 0)
			break;
		for (i = 0; i < n; i++) {
			snprintf(full, sizeof(full), "%s/%s", top, names[i]);
			if (rc == 0 && is_regular(full) &&
			    looks_like_config(full) &&
			    (rc = dl_octoconf_load(top, names[i], out,
			    err)) == 1)
				rc = 0;
			free(names[i]);
		}
		free(names);
	}
	if (rc != 0)
		return rc;
	/* Sorted, each path once (the first configuration's zone). */
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_zone);
	for (j = k = 0; j < out->n; j++) {
		if (k > 0 && strcmp(out->v[k - 1].path, out->v[j].path) == 0) {
			if (strcmp(out->v[k - 1].zone, out->v[j].zone) != 0 &&
			    (rc = note(out, "%s: '%s' is zone '%s' here but "
			    "'%s' in %s: listed as '%s'", out->v[j].config,
			    out->v[j].path, out->v[j].zone, out->v[k - 1].zone,
			    out->v[k - 1].config, out->v[k - 1].zone)) != 0)
				return rc;
			free(out->v[j].path);
			free(out->v[j].zone);
			free(out->v[j].config);
			continue;
		}
		out->v[k++] = out->v[j];
	}
	out->n = k;
	return 0;
}

const char *
dl_octo_zone_of(const struct dl_octo_zones *z, const char *rel)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		if (strcmp(z->v[i].path, rel) == 0)
			return z->v[i].zone;
	return NULL;
}

void
dl_octo_zones_free(struct dl_octo_zones *z)
{
	size_t i;

	for (i = 0; i < z->n; i++) {
		free(z->v[i].path);
		free(z->v[i].zone);
		free(z->v[i].config);
	}
	free(z->v);
	for (i = 0; i < z->nnotes; i++)
		free(z->notes[i]);
	free(z->notes);
	memset(z, 0, sizeof(*z));
}
