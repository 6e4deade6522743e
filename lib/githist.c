/*
 * githist.c - zone files in git: versions and the history of their TTLs.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "file.h"
#include "model.h"
#include "git.h"
#include "githist.h"
#include "octodns.h"

#define SHORT_HASH	10
/*
 * Versions asked of git ahead of the one being read (git.c takes 16),
 * the first of them while the version in the index loads.
 */
#define PREFETCH	16
/*
 * How far before the best lowering found an older step is still looked
 * for: a week, the largest TTL a common resolver caches (BIND's
 * max-cache-ttl; Unbound, Knot Resolver and PowerDNS Recursor keep a
 * day).  An older step cannot reach past it in any of them.
 */
#define STEP_HORIZON	604800
/* Files a commit that adds the zone file deletes, looked into at most. */
#define DELETED_MAX	64

static const char fix_unshallow[] =
    "fetch the whole history (git fetch --unshallow; in CI a checkout with "
    "fetch-depth 0), or state ttl_lowered in a plan";
static const char fix_state[] =
    "state ttl_lowered in a plan";

/*
 * One log entry: a commit that changed the file, newest first, with the
 * file's blob before it (in its first parent) and where it was then.
 */
struct entry {
	char		 hash[64];
	int64_t		 time;
	int		 nparents;
	char		 status;	/* 'A' added, 'M', 'R' renamed, ... */
	const char	*old_oid;	/* into the log's output */
	const char	*old_path;
	const char	*path;
};

struct dl_githist {
	char		*given;		/* the path as given */
	char		*top;		/* the work tree's top */
	char		*rel;		/* the path from there */
	char		*rev;		/* as given, for messages */
	char		 hash[64];	/* the commit it names */
	int		 shallow;
	struct dl_git_batch *batch;	/* started at open (again if need be) */
	struct dl_git_proc *log;	/* the history, started at open */
	/* Texts read once and kept for the next that wants them. */
	char		*head;		/* the file at the revision */
	size_t		 head_len;
	char		*staged;	/* the file in the index */
	size_t		 staged_len;
	/* The history (log_read()), and how many of its blobs were asked. */
	int		 log_done;
	int		 log_rc;	/* 0, or the history is unknown: */
	char		 log_why[sizeof(((struct dl_error *)0)->message)];
	char		*log_out;	/* es points into it */
	struct entry	*es;
	long		 ne;
	size_t		 asked;
};

/* How a load's paths map to blobs: see reader_read(). */
struct rctx {
	struct dl_githist *h;
	const char	*rev;		/* "" for the index */
	const char	*top;		/* the path loaded */
	const char	*top_text;	/* its text, when already read, else
					   NULL: read from rev */
	size_t		 top_len;
	char		*given_dir;	/* folder of the path loaded */
	char		*repo_dir;	/* its folder in the repository */
};

static int
batch(struct dl_githist *h, struct dl_error *err)
{
	if (h->batch != NULL)
		return 0;
	return dl_git_batch_start(h->top, &h->batch, err);
}

/* A blob by revision and repository path: as dl_git_batch_get(). */
static int
blob(struct dl_githist *h, const char *rev, const char *path, char **buf,
    size_t *len, struct dl_error *err)
{
	char *spec;
	int rc;

	if ((rc = batch(h, err)) != 0)
		return rc;
	if (asprintf(&spec, "%s:%s", rev, path) == -1)
		return DL_ENOMEM;
	rc = dl_git_batch_get(h->batch, spec, buf, len, err);
	free(spec);
	return rc;
}

static int
reader_read(void *arg, const char *path, char **buf, size_t *len,
    struct dl_error *err)
{
	const struct rctx *r = arg;
	char joined[4096], clean[4096];
	const char *rest = path;
	size_t gl = strlen(r->given_dir);

	if (r->top_text != NULL && strcmp(path, r->top) == 0) {
		if ((*buf = malloc(r->top_len + 1)) == NULL)
			return DL_ENOMEM;
		memcpy(*buf, r->top_text, r->top_len);
		*len = r->top_len;
		return 0;
	}
	if (strcmp(r->given_dir, ".") != 0) {
		if (strncmp(path, r->given_dir, gl) != 0 || (path[gl] != '/' &&
		    !(gl == 1 && r->given_dir[0] == '/')))
			return 1;
		rest = path + gl + (path[gl] == '/');
	}
	if (strcmp(r->repo_dir, ".") == 0)
		snprintf(joined, sizeof(joined), "%s", rest);
	else
		snprintf(joined, sizeof(joined), "%s/%s", r->repo_dir, rest);
	if (dl_path_clean(joined, clean, sizeof(clean)) != 0)
		return 1;
	return blob(r->h, r->rev, clean, buf, len, err);
}

/*
 * Load path (named so in messages, after prefix) from rev, or from text
 * (len bytes) when not NULL; $INCLUDE files from rev.  repo_path is where
 * path is in the repository.
 */
static int
load_version(struct dl_githist *h, const char *rev, const char *text,
    size_t len, const char *prefix, const char *path, const char *repo_path,
    const char *origin, const struct dl_zone_filter *filter,
    struct dl_zone **out, struct dl_error *err)
{
	struct dl_zone_reader rd;
	struct rctx r;
	int rc;

	r.h = h;
	r.rev = rev;
	r.top = path;
	r.top_text = text;
	r.top_len = len;
	r.given_dir = dl_path_dir(path);
	r.repo_dir = dl_path_dir(repo_path);
	if (r.given_dir == NULL || r.repo_dir == NULL) {
		free(r.given_dir);
		free(r.repo_dir);
		return DL_ENOMEM;
	}
	rd.read = reader_read;
	rd.arg = &r;
	rd.prefix = prefix;
	rc = dl_zone_load_reader(path, origin, filter, &rd, out, err);
	free(r.given_dir);
	free(r.repo_dir);
	return rc;
}

/*
 * The file's history, newest first, along first parents and following
 * renames, with the blob before each commit: started now, read by
 * dl_githist_apply(), so that git walks it while the zones load.  Run in
 * dir with the path from there (git gives the paths of its output from
 * the top all the same), so that it need not wait for rev-parse to find
 * the top; the revision is the one rev-parse resolves.  0, DL_ENOMEM or
 * DL_EUNAVAIL.
 */
static int
log_start(struct dl_githist *h, const char *dir, const char *path,
    struct dl_error *err)
{
	const char *args[] = { "log", "--first-parent", "--follow",
	    "--no-show-signature", "--format=%x01%H %ct %P", "--raw",
	    "--no-abbrev", "-z", NULL, "--", path, NULL };
	char *spec = NULL;
	int rc;

	/* At open, before rev-parse has named the commit. */
	args[8] = h->hash;
	if (h->hash[0] == '\0') {
		if (asprintf(&spec, "%s^{commit}", h->rev) == -1)
			return DL_ENOMEM;
		args[8] = spec;
	}
	rc = dl_git_start(dir, args, &h->log, err);
	free(spec);
	return rc;
}

int
dl_githist_open(const char *path, const char *rev, struct dl_githist **out,
    struct dl_error *err)
{
	struct dl_githist *h;
	const char *base;
	char *dir;
	int rc;

	*out = NULL;
	if (rev[0] == '-' || rev[0] == '\0' || strchr(rev, ':') != NULL) {
		dl_error_set(err, NULL, 0, 0, "--git-live '%s' is not a "
		    "revision: give a commit, a branch or a tag like HEAD or "
		    "origin/main", rev);
		return DL_EINPUT;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (h->given = strdup(path)) == NULL ||
	    (h->rev = strdup(rev)) == NULL) {
		dl_githist_free(h);
		return DL_ENOMEM;
	}
	/*
	 * git cat-file and git log start in the file's folder (a blob's
	 * "REV:path" is from the top all the same) while rev-parse finds
	 * the top: the three start-ups overlap.  Should either fail,
	 * dl_git_locate() says why; a log not started is started again
	 * from the top when it is read.
	 */
	if ((dir = dl_path_dir(path)) == NULL) {
		dl_githist_free(h);
		return DL_ENOMEM;
	}
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if ((rc = dl_git_batch_start(dir, &h->batch, err)) != DL_ENOMEM &&
	    (rc = log_start(h, dir, base, err)) != DL_ENOMEM)
		rc = dl_git_locate(path, rev, &h->top, &h->rel, &h->shallow,
		    h->hash, err);
	free(dir);
	if (rc != 0) {
		dl_githist_free(h);
		return rc;
	}
	*out = h;
	return 0;
}

const char *
dl_githist_path(const struct dl_githist *h)
{
	return h->rel;
}

const char *
dl_githist_top(const struct dl_githist *h)
{
	return h->top;
}

/*
 * The text of the file at the revision (staged 0) or in the index
 * (staged 1), read from git once and kept in h: *buf (NUL-terminated)
 * and *len.  As blob() otherwise.
 */
static int
version_text(struct dl_githist *h, int staged, const char **buf,
    size_t *len, struct dl_error *err)
{
	char **t = staged ? &h->staged : &h->head;
	size_t *l = staged ? &h->staged_len : &h->head_len;
	int rc;

	if (*t == NULL && (rc = blob(h, staged ? "" : h->hash, h->rel, t, l,
	    err)) != 0)
		return rc;
	*buf = *t;
	*len = *l;
	return 0;
}

static long	parse_log(char *, size_t, struct entry **);

/*
 * Collect the history started at open, once: h->es and h->ne, or
 * h->log_rc not 0 with h->log_why saying why it cannot be read.  Returns
 * 0 or DL_ENOMEM.
 */
static int
log_read(struct dl_githist *h)
{
	struct dl_error err;
	size_t len = 0;
	int rc, st = -1;

	if (h->log_done)
		return 0;
	memset(&err, 0, sizeof(err));
	if (h->log == NULL && (rc = log_start(h, h->top, h->rel,
	    &err)) != 0)
		goto started;
	rc = dl_git_finish(h->log, DL_GIT_OUT_MAX, &h->log_out, &len, &st,
	    &err);
	h->log = NULL;
started:
	if (rc == DL_ENOMEM)
		return rc;
	h->log_done = 1;
	if (rc != 0 || st != 0) {
		h->log_rc = DL_EUNAVAIL;
		snprintf(h->log_why, sizeof(h->log_why), "%s", err.message);
	} else if ((h->ne = parse_log(h->log_out, len, &h->es)) <= 0) {
		h->log_rc = DL_EUNAVAIL;
		snprintf(h->log_why, sizeof(h->log_why), "%s", h->ne == 0 ?
		    "git log shows no commit of the file" : "git log's output "
		    "could not be read");
	}
	return 0;
}

/*
 * Ask git for the versions the history walk reads first (the one before
 * each commit), so that it reads them while dnslint loads the zones:
 * dl_githist_apply() takes the answers in that order.
 */
static void
ask_ahead(struct dl_githist *h)
{
	struct dl_error err;

	if (h->log_rc != 0 || h->batch == NULL || h->asked > 0)
		return;
	while (h->asked < (size_t)h->ne && h->asked < PREFETCH &&
	    h->es[h->asked].status != 'A' && dl_git_batch_prefetch(h->batch,
	    h->es[h->asked].old_oid, &err) == 0)
		h->asked++;
}

int
dl_githist_load(struct dl_githist *h, int staged, const char *origin,
    const struct dl_zone_filter *filter, struct dl_zone **out,
    struct dl_error *err)
{
	const char *b;
	char *prefix;
	size_t len;
	int rc;

	*out = NULL;
	/* Absent (1) is not an error: a new zone file. */
	if ((rc = version_text(h, staged, &b, &len, err)) != 0)
		return rc;
	/* The history walk's first versions, read by git meanwhile. */
	if (staged && (rc = log_read(h)) != 0)
		return rc;
	if (staged)
		ask_ahead(h);
	if (staged)
		rc = load_version(h, "", b, len, "", h->given, h->rel, origin,
		    filter, out, err);
	else if (asprintf(&prefix, "%s:", h->rev) == -1)
		rc = DL_ENOMEM;
	else {
		rc = load_version(h, h->hash, b, len, prefix, h->rel, h->rel,
		    origin, filter, out, err);
		free(prefix);
	}
	return rc;
}

int
dl_githist_staged_text(struct dl_githist *h, char **buf, size_t *len,
    struct dl_error *err)
{
	const char *t;
	int rc;

	*buf = NULL;
	if ((rc = version_text(h, 1, &t, len, err)) != 0)
		return rc;
	if ((*buf = malloc(*len + 1)) == NULL)
		return DL_ENOMEM;
	memcpy(*buf, t, *len + 1);
	return 0;
}

/* A changed RRset the walk is looking for. */
struct want {
	struct dl_change *c;
	int		 done;
	/*
	 * A lowering was found: older steps are still looked for while
	 * they could end later (TTLs lowered in steps, 86400 -> 600 -> 300,
	 * hold the oldest step's TTL longest).  cur is the TTL after the
	 * version being looked at, best the latest W + P so far.
	 */
	int		 found;
	uint32_t	 cur;
	int64_t		 best;
	/* octoDNS: its name's entry in the newer and older texts. */
	char		 rel[64];	/* "www"; "" the apex */
	int		 rel_ok;	/* rel holds its name */
	struct span {
		const char	*p;
		size_t		 len;
		int		 found;	/* key lines seen */
	}		 newer, older;
};

/* What git says of w's RRset, at commit e. */
static struct dl_change *
note_commit(struct want *w, enum dl_git_finding kind, const struct entry *e)
{
	struct dl_change *c = w->c;

	c->git.kind = kind;
	snprintf(c->git.commit, sizeof(c->git.commit), "%.*s", SHORT_HASH,
	    e->hash);
	c->git.time = e->time;
	w->done = 1;
	return c;
}

static void
note_lowered(struct want *w, const struct entry *e, uint32_t prior)
{
	struct dl_change *c = note_commit(w, DL_GIT_LOWERED, e);

	c->lowered.set = 1;
	c->lowered.at = e->time;
	c->lowered.has_from = 1;
	c->lowered.from = prior;
	c->lowered.pos = c->pos;
}

static void
note_low_since(struct want *w, const struct entry *e, int created)
{
	note_commit(w, DL_GIT_LOW_SINCE, e)->git.created = created;
}

static int
note_unknown(struct want *w, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
note_unknown(struct want *w, const char *fix, const char *fmt, ...)
{
	struct dl_change *c = w->c;
	va_list ap;
	int r;

	free(c->git.why);
	c->git.kind = DL_GIT_UNKNOWN;
	c->git.fix = fix;
	va_start(ap, fmt);
	r = vasprintf(&c->git.why, fmt, ap);
	va_end(ap);
	w->done = 1;
	if (r == -1) {
		c->git.why = NULL;
		return DL_ENOMEM;
	}
	return 0;
}

/* Every pending want unknown, for the same reason. */
static int
all_unknown(struct want *ws, size_t n, const char *fix, const char *why)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ws[i].done && note_unknown(&ws[i], fix, "%s", why) != 0)
			return DL_ENOMEM;
	return 0;
}

/* The next NUL-terminated field at *p before end, or NULL. */
static const char *
field(char **p, const char *end)
{
	char *f = *p, *z;

	if (f >= end || (z = memchr(f, '\0', (size_t)(end - f))) == NULL)
		return NULL;
	*p = z + 1;
	return f;
}

/*
 * Parse the output of `git log -z --raw --no-abbrev
 * --format=%x01%H %ct %P` in place: per commit "\x01HASH TIME PARENTS\0"
 * then "\n:MODE MODE OLD NEW STATUS\0PATH\0" (two paths for a rename or
 * copy, the old first).  Returns the number of entries (into *out,
 * malloc(3)), or -1 when the output is not of that form.
 */
static long
parse_log(char *o, size_t len, struct entry **out)
{
	struct entry *es = NULL, *ne, *e;
	size_t n = 0, cap = 0;
	char *p = o, *end = o + len, *sp, *raw;
	const char *hdr, *f;
	char mode1[16], mode2[16], st[8];
	int k;

	*out = NULL;
	while (p < end) {
		if (*p++ != '\x01' || (hdr = field(&p, end)) == NULL)
			goto bad;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((ne = realloc(es, cap * sizeof(*es))) == NULL)
				goto bad;
			es = ne;
		}
		e = &es[n];
		memset(e, 0, sizeof(*e));
		sp = strchr(hdr, ' ');
		if (sp == NULL || (size_t)(sp - hdr) >= sizeof(e->hash))
			goto bad;
		memcpy(e->hash, hdr, (size_t)(sp - hdr));
		e->time = strtoll(sp + 1, &sp, 10);
		while (*sp == ' ') {
			sp++;
			if (isxdigit((unsigned char)*sp))
				e->nparents++;
			sp += strcspn(sp, " ");
		}
		while (p < end && *p == '\n')
			p++;
		/* ":100644 100644 OLD NEW M" */
		if ((f = field(&p, end)) == NULL || *f != ':')
			goto bad;
		raw = (char *)f;
		if (sscanf(raw, ":%15s %15s %*s %*s %7s", mode1, mode2,
		    st) != 3)
			goto bad;
		e->status = st[0];
		/* OLD: the third word, NUL-terminated in place. */
		for (k = 0, sp = raw; k < 2; k++)
			sp = strchr(sp + 1, ' ');
		if (sp == NULL)
			goto bad;
		e->old_oid = ++sp;
		if ((sp = strchr(sp, ' ')) == NULL)
			goto bad;
		*sp = '\0';
		if ((e->old_path = field(&p, end)) == NULL)
			goto bad;
		e->path = e->old_path;
		if ((e->status == 'R' || e->status == 'C') &&
		    (e->path = field(&p, end)) == NULL)
			goto bad;
		/* Anything else of this commit (there should be none). */
		while (p < end && *p != '\x01')
			p++;
		n++;
	}
	*out = es;
	return (long)n;
bad:
	free(es);
	return -1;
}

/* Does z hold a record of w's RRset? */
static int
holds(const struct dl_zone *z, const struct dl_change *c, uint32_t *ttl)
{
	ldns_rr_list *l = dl_zone_rrset(z, c->owner, c->type);
	int has;

	if (l == NULL)
		return -1;
	has = ldns_rr_list_rr_count(l) > 0;
	if (has && ttl != NULL)
		*ttl = dl_rrset_ttl(l);
	ldns_rr_list_free(l);
	return has;
}

/*
 * The walk reached the commit that added the file (e, with parents):
 * unless a file that commit deleted held a wanted RRset (a rename git
 * did not follow), the RRsets were low since the file's first version.
 */
static int
at_creation(struct dl_githist *h, struct want *ws, size_t n,
    const struct entry *e, const char *origin,
    const struct dl_zone_filter *filter)
{
	const char *args[] = { "diff-tree", "-r", "--name-only", "-z",
	    "--diff-filter=D", NULL, NULL, NULL };
	struct dl_error err;
	struct dl_zone *z;
	char parent[80], *o = NULL, *p, *prefix;
	size_t len, i, seen = 0;
	int rc, st;

	snprintf(parent, sizeof(parent), "%s^", e->hash);
	args[5] = parent;
	args[6] = e->hash;
	rc = dl_git_run(h->top, args, 1 << 22, &o, &len, &st, &err);
	if (rc == DL_ENOMEM)
		return rc;
	if (rc != 0 || st != 0) {
		free(o);
		return all_unknown(ws, n, fix_state, "git diff-tree failed");
	}
	for (p = o; p < o + len && seen < DELETED_MAX; p += strlen(p) + 1) {
		if (*p == '\0')
			continue;
		seen++;
		if (asprintf(&prefix, "%.*s^:", SHORT_HASH, e->hash) == -1) {
			free(o);
			return DL_ENOMEM;
		}
		rc = load_version(h, parent, NULL, 0, prefix, p, p, origin,
		    filter, &z, &err);
		free(prefix);
		if (rc == DL_ENOMEM) {
			free(o);
			return rc;
		}
		if (rc != 0)
			continue;	/* not a zone file of this zone */
		for (i = 0; i < n; i++)
			if (!ws[i].done && holds(z, ws[i].c, NULL) == 1 &&
			    note_unknown(&ws[i], fix_state, "commit %.*s adds "
			    "'%s' and deletes '%s', which holds the RRset: a "
			    "rename git does not follow, history before it "
			    "unknown", SHORT_HASH, e->hash, e->path, p) != 0) {
				dl_zone_free(z);
				free(o);
				return DL_ENOMEM;
			}
		dl_zone_free(z);
	}
	free(o);
	for (i = 0; i < n; i++)
		if (!ws[i].done)
			note_low_since(&ws[i], e, 0);
	return 0;
}

/* Most wanted names the octoDNS shortcut compares; more: always parse. */
#define OCTO_WANTS_MAX	64

#define NOT_A_KEY	((size_t)-1)

/*
 * The length of the top-level key at p (a line's start) and where its
 * name begins: "www:", "'www':" or "\"www\":" ("'':" is the apex, length
 * 0), then a blank or the line's end.  Returns NOT_A_KEY when the line is
 * not such a key.
 */
static size_t
octo_key(const char *p, const char *nl, const char **name)
{
	const char *e, *after;
	char q = (*p == '\'' || *p == '"') ? *p : '\0';

	*name = p + (q != '\0');
	if (q != '\0') {
		if ((e = memchr(*name, q, (size_t)(nl - *name))) == NULL ||
		    e + 1 >= nl || e[1] != ':')
			return NOT_A_KEY;
		after = e + 2;
	} else {
		if ((e = memchr(p, ':', (size_t)(nl - p))) == NULL || e == p)
			return NOT_A_KEY;
		after = e + 1;
	}
	if (after < nl && *after != ' ' && *after != '\t' && *after != '\r' &&
	    *after != '\n')
		return NOT_A_KEY;
	return (size_t)(e - *name);
}

/*
 * Find each pending want's top-level entry in an octoDNS zone file's
 * text (into its older span): its key line and every line after it up to
 * the next line that begins another top-level entry (blank, indented and
 * comment lines belong to it).  One pass over the lines.
 */
static void
octo_scan(const char *t, size_t len, struct want *ws, size_t n)
{
	const char *p = t, *end = t + len, *nl, *name;
	struct span *open = NULL;
	size_t j, klen;

	for (j = 0; j < n; j++)
		memset(&ws[j].older, 0, sizeof(ws[j].older));
	for (; p < end; p = nl) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		if (*p == ' ' || *p == '\t' || *p == '#' || *p == '\r' ||
		    *p == '\n')
			continue;
		if (open != NULL)
			open->len = (size_t)(p - open->p);
		open = NULL;
		if ((klen = octo_key(p, nl, &name)) == NOT_A_KEY)
			continue;
		for (j = 0; j < n; j++)
			if (!ws[j].done && ws[j].rel_ok &&
			    strlen(ws[j].rel) == klen &&
			    memcmp(ws[j].rel, name, klen) == 0) {
				open = &ws[j].older;
				open->p = p;
				open->found++;
			}
	}
	if (open != NULL)
		open->len = (size_t)(end - open->p);
}

/*
 * Did a pending want's entry change between the newer and the older
 * octoDNS version?  Returns 0 when every pending want has exactly one
 * entry in each, with the same text: then the older version's TTLs are
 * the newer one's (a changed comment or layout only costs a parse).
 */
static int
octo_same(const struct want *ws, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++) {
		const struct span *a = &ws[j].newer, *b = &ws[j].older;

		if (ws[j].done)
			continue;
		if (!ws[j].rel_ok || a->found != 1 || b->found != 1 ||
		    a->len != b->len || memcmp(a->p, b->p, a->len) != 0)
			return 0;
	}
	return 1;
}

/* The length of the longest common prefix of a and b (n bytes each). */
static size_t
common_prefix(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	/* Whole blocks with memcmp(3), which is fast; then bytes. */
	while (i + 64 <= n && memcmp(a + i, b + i, 64) == 0)
		i += 64;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* The length of the longest common suffix of a and b (n bytes each). */
static size_t
common_suffix(const char *a, size_t alen, const char *b, size_t blen,
    size_t n)
{
	size_t i = 0;

	while (i + 64 <= n && memcmp(a + alen - i - 64, b + blen - i - 64,
	    64) == 0)
		i += 64;
	while (i < n && a[alen - i - 1] == b[blen - i - 1])
		i++;
	return i;
}

/*
 * octo_scan() and octo_same() of the older text t (len bytes) without
 * reading all of it, when that is certain: the newer text (the older
 * spans' text before, o of olen bytes) and t differ in one stretch (a
 * commit usually changes one entry), every pending want's entry in the
 * newer text is wholly before or after that stretch with the line that
 * ends it, so t holds it unchanged at the same place counted from its
 * start or end, and no line of t around the stretch is a key of a
 * pending want (a second entry of the name).  Returns 1 with the older
 * spans set, as octo_scan() would set them; 0 when uncertain (nothing
 * set: scan the text).
 */
static int
octo_unchanged(const char *o, size_t olen, const char *t, size_t len,
    struct want *ws, size_t n)
{
	const char *p, *nl, *name, *end;
	size_t j, pre, suf, a, b, klen, min = olen < len ? olen : len;

	pre = common_prefix(o, t, min);
	suf = common_suffix(o, olen, t, len, min - pre);
	for (j = 0; j < n; j++) {
		const struct span *s = &ws[j].newer;

		if (ws[j].done)
			continue;
		if (!ws[j].rel_ok || s->found != 1)
			return 0;
		a = (size_t)(s->p - o);
		b = a + s->len;
		/* Before the stretch, with the first byte after it. */
		if (b < pre || (olen == len && pre == len))
			continue;
		/* After it, with the line break before it. */
		if (a > 0 && a - 1 >= olen - suf)
			continue;
		return 0;
	}
	/* The lines of t the stretch touches: none is a wanted key. */
	for (p = t + pre; p > t && p[-1] != '\n'; p--)
		;
	for (end = t + len - suf; p < t + len && p <= end; p = nl) {
		nl = memchr(p, '\n', (size_t)(t + len - p));
		nl = nl != NULL ? nl + 1 : t + len;
		if (*p == ' ' || *p == '\t' || *p == '#' || *p == '\r' ||
		    *p == '\n' || (klen = octo_key(p, nl, &name)) == NOT_A_KEY)
			continue;
		for (j = 0; j < n; j++)
			if (!ws[j].done && strlen(ws[j].rel) == klen &&
			    memcmp(ws[j].rel, name, klen) == 0)
				return 0;
	}
	for (j = 0; j < n; j++) {
		struct span *s = &ws[j].older;

		if (ws[j].done) {
			memset(s, 0, sizeof(*s));
			continue;
		}
		*s = ws[j].newer;
		a = (size_t)(ws[j].newer.p - o);
		s->p = t + (a < pre ? a : a + len - olen);
	}
	return 1;
}

/* Each want's name relative to zone, for octo_scan(). */
static void
octo_names(struct want *ws, size_t n, const char *zone)
{
	size_t j, zl = strlen(zone), ol;

	for (j = 0; j < n && n <= OCTO_WANTS_MAX; j++) {
		const char *owner = ws[j].c->owner;

		ol = strlen(owner);
		if (ol < zl || strcmp(owner + ol - zl, zone) != 0 ||
		    (ol > zl && ol - zl - 1 >= sizeof(ws[j].rel)))
			continue;
		snprintf(ws[j].rel, sizeof(ws[j].rel), "%.*s",
		    ol == zl ? 0 : (int)(ol - zl - 1), owner);
		ws[j].rel_ok = strpbrk(ws[j].rel, "\\'\":") == NULL;
	}
}

/* The older spans become the newer ones (the older text is kept). */
static void
octo_shift(struct want *ws, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		ws[j].newer = ws[j].older;
}

int
dl_githist_apply(struct dl_githist *h, struct dl_plan *plan,
    const struct dl_zone *live, uint32_t max_ttl)
{
	struct dl_zone_filter filter;
	struct dl_error err;
	const struct entry *es;
	struct want *ws = NULL;
	const char **owners = NULL;
	char prefix[SHORT_HASH + 3], parent[80], why[1200];
	char *newer = NULL, *text = NULL;
	const char *newer_path;
	size_t newer_len = 0, tlen;
	int octo, same;
	size_t i, j, n = 0, pending, ahead;
	long ne;
	int rc = 0;
	uint32_t ttl;

	if (plan->n_changes == 0)
		return 0;
	if ((ws = calloc(plan->n_changes, sizeof(*ws))) == NULL ||
	    (owners = calloc(plan->n_changes, sizeof(*owners))) == NULL) {
		rc = DL_ENOMEM;
		goto out;
	}
	for (i = 0; i < plan->n_changes; i++) {
		struct dl_change *c = &plan->changes[i];
		ldns_rr_list *l;
		int skip;

		if (dl_plan_lowering(plan, c)->set ||
		    !dl_zone_rrset_known(live, c->owner, c->type))
			continue;
		if ((l = dl_zone_rrset(live, c->owner, c->type)) == NULL) {
			rc = DL_ENOMEM;
			goto out;
		}
		skip = ldns_rr_list_rr_count(l) == 0 ||
		    dl_rrset_ttl(l) > max_ttl ||
		    (c->to != NULL && dl_rrset_rdata_equal(c->to, l));
		ldns_rr_list_free(l);
		if (skip)
			continue;
		ws[n].c = c;
		owners[n++] = c->owner;
	}
	if (n == 0)
		goto out;
	memset(&filter, 0, sizeof(filter));
	filter.owners = owners;
	filter.n_owners = n;

	if ((rc = log_read(h)) != 0)
		goto out;
	if (h->log_rc != 0) {
		rc = all_unknown(ws, n, fix_state, h->log_why);
		goto out;
	}
	es = h->es;
	ne = h->ne;
	/*
	 * es[0]'s version is the live zone's.  Each entry's first parent
	 * held the blob old_oid at old_path: the version before it.
	 */
	if ((rc = batch(h, &err)) == DL_ENOMEM)
		goto out;
	if (rc == 0 && dl_octodns_is_file(h->rel) && h->head != NULL) {
		/* The live zone's text, read for it: the walk's now. */
		newer = h->head;
		newer_len = h->head_len;
		h->head = NULL;
	} else if (rc == 0 && dl_octodns_is_file(h->rel) &&
	    (rc = blob(h, h->hash, h->rel, &newer, &newer_len, &err)) ==
	    DL_ENOMEM)
		goto out;
	if (newer != NULL) {
		octo_names(ws, n, plan->zone);
		octo_scan(newer, newer_len, ws, n);
		octo_shift(ws, n);
	}
	newer_path = h->rel;
	rc = 0;
	pending = n;
	/* Those asked while the index's version loaded come first. */
	ahead = h->asked;
	h->asked = 0;
	for (i = 0; i < (size_t)ne && pending > 0; i++) {
		const struct entry *e = &es[i];
		struct dl_zone *z = NULL;

		if (e->status == 'A')
			break;
		/* Let git inflate the next versions while this one loads. */
		if ((rc = batch(h, &err)) == DL_ENOMEM)
			goto out;
		if (ahead < i + 1)
			ahead = i;
		while (rc == 0 && ahead < (size_t)ne && ahead < i + PREFETCH &&
		    es[ahead].status != 'A' &&
		    (rc = dl_git_batch_prefetch(h->batch, es[ahead].old_oid,
		    &err)) == 0)
			ahead++;
		if (rc == DL_ENOMEM)
			goto out;
		if ((rc = dl_git_batch_get(h->batch, e->old_oid, &text, &tlen,
		    &err)) == 1) {
			dl_error_set(&err, NULL, 0, 0, "git has no blob %s",
			    e->old_oid);
			rc = DL_EIO;
		}
		if (rc == DL_ENOMEM)
			goto out;
		/* An octoDNS RRset whose text did not change kept its TTL. */
		octo = rc == 0 && newer != NULL && n <= OCTO_WANTS_MAX &&
		    dl_octodns_is_file(newer_path) &&
		    dl_octodns_is_file(e->old_path);
		same = 0;
		if (octo && !(same = octo_unchanged(newer, newer_len, text,
		    tlen, ws, n))) {
			octo_scan(text, tlen, ws, n);
			same = octo_same(ws, n);
		}
		if (same) {
			octo_shift(ws, n);
			free(newer);
			newer = text;
			newer_len = tlen;
			newer_path = e->old_path;
			continue;
		}
		snprintf(parent, sizeof(parent), "%s^", e->hash);
		snprintf(prefix, sizeof(prefix), "%.*s^:", SHORT_HASH,
		    e->hash);
		if (rc == 0)
			rc = load_version(h, parent, text, tlen, prefix,
			    e->old_path, e->old_path, plan->zone, &filter, &z,
			    &err);
		if (octo)
			octo_shift(ws, n);
		free(newer);
		newer = text;
		newer_len = tlen;
		newer_path = e->old_path;
		text = NULL;
		if (rc == DL_ENOMEM)
			goto out;
		if (rc != 0) {
			char m[1100];

			snprintf(why, sizeof(why), "the version of '%s' before "
			    "commit %.*s does not load (%s)", e->old_path,
			    SHORT_HASH, e->hash,
			    dl_error_format(&err, m, sizeof(m)));
			rc = all_unknown(ws, n, fix_state, why);
			goto out;
		}
		for (j = 0; j < n; j++) {
			int has;

			if (ws[j].done)
				continue;
			if ((has = holds(z, ws[j].c, &ttl)) < 0) {
				dl_zone_free(z);
				rc = DL_ENOMEM;
				goto out;
			}
			if (ws[j].found) {
				/* Another step down, if this one lasts longer. */
				if (has && ttl > ws[j].cur && e->time +
				    (int64_t)dl_ttl_floor(ttl) > ws[j].best) {
					note_lowered(&ws[j], e, ttl);
					ws[j].done = 0;
					ws[j].best = e->time +
					    (int64_t)dl_ttl_floor(ttl);
				}
				if (has)
					ws[j].cur = ttl;
				if (has && e->time + STEP_HORIZON >=
				    ws[j].best)
					continue;
				ws[j].done = 1;
				pending--;
				continue;
			}
			if (has && ttl <= max_ttl)
				continue;
			if (has) {
				note_lowered(&ws[j], e, ttl);
				ws[j].done = 0;
				ws[j].found = 1;
				ws[j].cur = ttl;
				ws[j].best = e->time + (int64_t)dl_ttl_floor(ttl);
				if (e->time + STEP_HORIZON >= ws[j].best)
					continue;
				ws[j].done = 1;
			} else
				note_low_since(&ws[j], e, 1);
			pending--;
		}
		dl_zone_free(z);
	}
	/* A lowering found: the history before it ended the search. */
	for (j = 0; j < n; j++)
		if (ws[j].found && !ws[j].done) {
			ws[j].done = 1;
			pending--;
		}
	if (pending == 0)
		goto out;
	/* The file's first version (or what git shows as one), still low. */
	if (i == (size_t)ne) {
		snprintf(why, sizeof(why), "git's history of '%s' ends at "
		    "commit %.*s, which does not add it", es[ne - 1].path,
		    SHORT_HASH, es[ne - 1].hash);
		rc = all_unknown(ws, n, fix_state, why);
	} else if (es[i].nparents == 0 && h->shallow) {
		snprintf(why, sizeof(why), "the repository is a shallow clone "
		    "and the history of '%s' ends at commit %.*s, before "
		    "the TTL's lowering or its first version", es[i].path,
		    SHORT_HASH, es[i].hash);
		rc = all_unknown(ws, n, fix_unshallow, why);
	} else if (es[i].nparents == 0) {
		for (j = 0; j < n; j++)
			if (!ws[j].done)
				note_low_since(&ws[j], &es[i], 0);
	} else
		rc = at_creation(h, ws, n, &es[i], plan->zone, &filter);
out:
	free(newer);
	free(ws);
	free(owners);
	return rc;
}

void
dl_githist_free(struct dl_githist *h)
{
	if (h == NULL)
		return;
	dl_git_batch_end(h->batch);
	dl_git_abandon(h->log);
	free(h->head);
	free(h->staged);
	free(h->es);
	free(h->log_out);
	free(h->given);
	free(h->top);
	free(h->rel);
	free(h->rev);
	free(h);
}
