#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bigmem.h"
#include "diff.h"
#include "file.h"
#include "model.h"
#include "octodns.h"
#include "par.h"

/*
 * Heap a record of the two zones takes in their diff (the changes found,
 * grown by doubling), about: room made at once on huge pages
 * (dl_bigmem_heap()) for large zones.  Room not written costs nothing.
 */
#define HEAP_PER_RECORD	16

/* Changes a walk found, in file order. */
struct found {
	struct dl_change	*c;
	size_t			 n, cap;
};

/* A change of owner and type to `to` (NULL: deleted); both taken over. */
static int
push_change(struct found *f, char *owner, ldns_rr_type type,
    ldns_rr_list *to, struct dl_pos pos)
{
	struct dl_change *c;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		if ((c = reallocarray(f->c, f->cap, sizeof(*c))) == NULL) {
			free(owner);
			if (to != NULL)
				ldns_rr_list_deep_free(to);
			return DL_ENOMEM;
		}
		f->c = c;
	}
	c = &f->c[f->n];
	memset(c, 0, sizeof(*c));
	c->owner = owner;
	c->type = type;
	c->pos = pos;
	c->to_pos = pos;
	c->ttl_pos = pos;
	if (to == NULL)
		c->delete = 1;
	else {
		c->to = to;
		c->has_ttl = 1;
		c->ttl = dl_rrset_ttl_max(to);
	}
	f->n++;
	return 0;
}

/*
 * For every RRset of `from` (at its first record, in file order): compare
 * it with the same RRset of `other`, and push a change when they differ.
 * deletions: from is the live zone and only RRsets missing in other count.
 */
static int
walk(struct dl_plan *p, struct found *f, const struct dl_zone *from,
    const struct dl_zone *other, int deletions)
{
	struct dl_pos pos = { 0, 0, dl_zone_file(from) };
	ldns_rr_list *here;
	char *owner;
	size_t i, n = dl_zone_kept_count(from);
	uint32_t hint = UINT32_MAX;
	int rc = 0, cmp;

	/* From the zone's index: only changed RRsets are built. */
	for (i = 0; i < n && rc == 0; i++) {
		uint32_t r = dl_zone_kept_rec(from, i);
		const char *name = dl_zone_kept_owner(from, i);
		const ldns_rr *rr;
		struct dl_zone_rec ri;
		ldns_rr_type type;

		dl_zone_rec_info(from, r, &ri);
		type = (ldns_rr_type)ri.type;
		if (type == LDNS_RR_TYPE_SOA && strcmp(name, p->zone) == 0) {
			if (!deletions && p->desired_soa == NULL) {
				if ((rr = dl_zone_rec_rr(from, r)) == NULL ||
				    (p->desired_soa = ldns_rr_clone(rr)) ==
				    NULL)
					rc = DL_ENOMEM;
				p->desired_soa_pos = pos;
				p->desired_soa_pos.line = ri.line;
				p->desired_soa_pos.file = dl_zone_rec_file(from,
				    r);
			}
			continue;
		}
		/* Each RRset once: at its first record. */
		if (!dl_zone_kept_first(from, i))
			continue;
		/*
		 * A desired octoDNS zone without apex NS leaves them to its
		 * provider (YamlProvider's root NS are optional): not a
		 * deletion.
		 */
		if (deletions && type == LDNS_RR_TYPE_NS &&
		    strcmp(name, p->zone) == 0 && dl_zone_soa(other) == NULL &&
		    dl_octodns_is_file(dl_zone_file(other)) &&
		    dl_zone_rrset_line(other, name, LDNS_RR_TYPE_NS) == 0)
			continue;
		/* A deletion is an RRset other lacks: nothing to compare. */
		if (deletions) {
			if (dl_zone_rrset_present(from, i, other, &hint))
				continue;
		} else if ((cmp = dl_zone_rrset_compare(from, i, other,
		    &hint)) < 0)
			return cmp;
		else if (cmp == DL_RRSET_SAME)
			continue;
		pos.line = ri.line;
		pos.file = dl_zone_rec_file(from, r);
		if ((owner = strdup(name)) == NULL)
			return DL_ENOMEM;
		if (deletions)
			rc = push_change(f, owner, type, NULL, pos);
		else if ((here = dl_zone_kept_rrset(from, i)) == NULL) {
			free(owner);
			rc = DL_ENOMEM;
		} else
			rc = push_change(f, owner, type, here, pos);
	}
	return rc;
}

/* The deletions: walk() of the live zone against the desired one. */
struct deletions {
	struct dl_plan		*p;	/* its zone read, nothing written */
	const struct dl_zone	*live, *desired;
	struct found		 f;
	int			 rc;
};

static void
deletions_walk(void *arg)
{
	struct deletions *d = arg;

	d->rc = walk(d->p, &d->f, d->live, d->desired, 1);
}

/*
 * The changes and deletions are two walks over different zones, read
 * only: the deletions walk on the other processor (on 1M-record zones it
 * was a third of the diff's time).  The plan takes both, changes first.
 */
int
dl_diff_plan(struct dl_plan *p, const struct dl_zone *live,
    const struct dl_zone *desired)
{
	struct deletions d;
	struct found f;
	struct dl_change *c;
	struct dl_par par;
	int rc;

	dl_plan_clear_changes(p);
	dl_bigmem_heap((dl_zone_record_count(live) +
	    dl_zone_record_count(desired)) * HEAP_PER_RECORD);
	memset(&d, 0, sizeof(d));
	memset(&f, 0, sizeof(f));
	d.p = p;
	d.live = live;
	d.desired = desired;
	dl_par_start_n(&par, deletions_walk, &d, dl_zone_record_count(live));
	rc = walk(p, &f, desired, live, 0);
	dl_par_join(&par);
	p->changes = f.c;
	p->n_changes = f.n;
	if (rc == 0)
		rc = d.rc;
	if (d.f.n > 0 && (c = reallocarray(p->changes, p->n_changes + d.f.n,
	    sizeof(*c))) != NULL) {
		memcpy(c + p->n_changes, d.f.c, d.f.n * sizeof(*c));
		p->changes = c;
		p->n_changes += d.f.n;
		d.f.n = 0;
	}
	if (d.f.n > 0) {
		/* Not taken (no memory): freed as a plan's are. */
		struct dl_plan rest;

		memset(&rest, 0, sizeof(rest));
		rest.changes = d.f.c;
		rest.n_changes = d.f.n;
		dl_plan_clear_changes(&rest);
		return DL_ENOMEM;
	}
	free(d.f.c);
	return rc;
}

/*
 * name made absolute against origin (NULL: not known) into out; 0, or -1
 * when it cannot be.
 */
static int
absolute_name(const char *name, const char *origin, char *out, size_t n)
{
	int len;

	if (strcmp(name, "@") == 0)
		name = "";
	else if (name[0] != '\0' && name[strlen(name) - 1] == '.')
		origin = "";
	if (origin == NULL)
		return -1;
	if (name[0] == '\0')
		len = snprintf(out, n, "%s", origin);
	else
		len = snprintf(out, n, "%s%s%s", name,
		    origin[0] == '\0' || strcmp(origin, ".") == 0 ? "" : ".",
		    strcmp(origin, ".") == 0 ? "." : origin);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

/*
 * The zone of a master file as a server takes it: the owner of its SOA
 * record, made absolute against the $ORIGIN in force there (NSD writes
 * "$ORIGIN nl." then "miek SOA ...": the zone is miek.nl., not nl.).
 * Without an SOA whose owner can be told, the first $ORIGIN.  Lines inside
 * parentheses continue a record and are skipped.
 */
static char *
origin_from_text(FILE *f)
{
	char line[4096], owner[1024] = "", origin[1024] = "", first[1024] = "";
	char name[1024], word[1024], *tok[4], *p, *save;
	size_t n, i;
	int depth = 0, cont, have_origin = 0;

	while (fgets(line, sizeof(line), f) != NULL) {
		cont = depth > 0;
		if ((p = strchr(line, ';')) != NULL)
			*p = '\0';
		for (p = line; *p != '\0'; p++)
			depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
		if (depth < 0)
			depth = 0;
		if (cont)
			continue;
		if (strncasecmp(line, "$ORIGIN", 7) == 0) {
			if (sscanf(line + 7, "%1023s", word) == 1 &&
			    absolute_name(word, have_origin ? origin : NULL,
			    name, sizeof(name)) == 0) {
				strcpy(origin, name);
				have_origin = 1;
				if (first[0] == '\0')
					strcpy(first, origin);
			}
			continue;
		}
		if (line[0] == '$')
			continue;
		n = 0;
		for (p = strtok_r(line, " \t\r\n()", &save); p != NULL &&
		    n < 4; p = strtok_r(NULL, " \t\r\n()", &save))
			tok[n++] = p;
		if (n == 0)
			continue;
		i = 0;
		if (!isspace((unsigned char)line[0]) && line[0] != '(') {
			if (strlen(tok[0]) >= sizeof(owner))
				continue;
			strcpy(owner, tok[0]);
			i = 1;
		}
		/* [TTL] [class] or [class] [TTL] before the type. */
		while (i < n && i < 3 && (isdigit((unsigned char)tok[i][0]) ||
		    strcasecmp(tok[i], "IN") == 0 ||
		    strcasecmp(tok[i], "CH") == 0 ||
		    strcasecmp(tok[i], "HS") == 0 ||
		    strcasecmp(tok[i], "CS") == 0))
			i++;
		if (i < n && strcasecmp(tok[i], "SOA") == 0 &&
		    owner[0] != '\0' && absolute_name(owner,
		    have_origin ? origin : NULL, name, sizeof(name)) == 0)
			return strdup(name);
	}
	return first[0] != '\0' ? strdup(first) : NULL;
}

/* "example.com." from ".../example.com.zone" or ".../db.example.com". */
static char *
origin_from_name(const char *path)
{
	char *copy, *base, *s = NULL;
	size_t len;

	if ((copy = strdup(path)) == NULL)
		return NULL;
	base = basename(copy);
	if (strncmp(base, "db.", 3) == 0)
		base += 3;
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".zone") == 0)
		base[len -= 5] = '\0';
	if (len > 0 && strchr(base, '.') != NULL &&
	    asprintf(&s, "%s%s", base, base[len - 1] == '.' ? "" : ".") == -1)
		s = NULL;
	free(copy);
	return s;
}

/*
 * The zone of the text in f, else of the file name path; or NULL.  An
 * octoDNS zone is named by its file only.
 */
static char *
origin_guess(const char *path, FILE *f)
{
	char *guess;

	if (dl_octodns_is_file(path))
		return dl_octodns_origin_from_name(path);
	guess = f != NULL ? origin_from_text(f) : NULL;
	return guess != NULL ? guess : origin_from_name(path);
}

static int
no_origin(const char *path, struct dl_error *err)
{
	if (dl_octodns_is_file(path))
		dl_error_set(err, path, 0, 0, "cannot tell which zone "
		    "this is: name the octoDNS zone file like "
		    "example.com.yaml, or give --zone");
	else
		dl_error_set(err, path, 0, 0, "cannot tell which zone "
		    "this is: begin it with $ORIGIN, or name it like "
		    "example.com.zone, give --zone, or use a plan with "
		    "'zone:'");
	return DL_EINPUT;
}

int
dl_diff_desired_plan_text(const char *path, const char *text, size_t len,
    struct dl_plan **out, struct dl_error *err)
{
	FILE *f;
	char *guess;
	int rc;

	*out = NULL;
	f = len > 0 ? fmemopen((void *)(uintptr_t)text, len, "r") : NULL;
	guess = origin_guess(path, f);
	if (f != NULL)
		fclose(f);
	if (guess == NULL)
		return no_origin(path, err);
	rc = dl_diff_desired_plan(path, guess, out, err);
	free(guess);
	return rc;
}

int
dl_diff_desired_plan(const char *path, const char *origin,
    struct dl_plan **out, struct dl_error *err)
{
	struct dl_plan *p;
	char *dir, *guess = NULL, *s;
	struct stat st;
	FILE *f;
	int fd;

	*out = NULL;
	if (origin == NULL) {
		if ((fd = dl_file_open(path, &st)) == DL_FILE_NOT_REGULAR) {
			dl_error_set(err, path, 0, 0, "not a regular file but "
			    "%s", dl_file_kind(st.st_mode));
			return DL_EINPUT;
		}
		if (fd == -1) {
			dl_error_set(err, path, 0, 0, "cannot read: %m");
			return DL_EIO;
		}
		if ((f = fdopen(fd, "r")) == NULL) {
			close(fd);
			dl_error_set(err, path, 0, 0, "cannot read: %m");
			return DL_EIO;
		}
		guess = origin_guess(path, f);
		fclose(f);
		if (guess == NULL)
			return no_origin(path, err);
		origin = guess;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->file = strdup(path)) == NULL ||
	    (p->desired = strdup(path)) == NULL ||
	    (p->zone = strdup(origin)) == NULL ||
	    (s = strdup(path)) == NULL) {
		dl_plan_free(p);
		free(guess);
		dl_error_set(err, NULL, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	free(guess);
	for (dir = p->zone; *dir != '\0'; dir++)
		*dir = (char)tolower((unsigned char)*dir);
	if (p->zone[strlen(p->zone) - 1] != '.') {
		char *z;

		if (asprintf(&z, "%s.", p->zone) == -1) {
			free(s);
			dl_plan_free(p);
			return DL_ENOMEM;
		}
		free(p->zone);
		p->zone = z;
	}
	p->dir = strdup(dirname(s));
	free(s);
	if (p->dir == NULL) {
		dl_plan_free(p);
		return DL_ENOMEM;
	}
	*out = p;
	return 0;
}
