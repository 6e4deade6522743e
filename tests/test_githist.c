/*
 * test_githist.c - git.c and githist.c against real temporary git
 * repositories whose commits carry chosen committer dates: the version at
 * a revision and in the index, and the lowering commit a history walk
 * finds (its time W and the TTL P before it).
 */
#include <sys/stat.h>

#include "helpers.h"
#include "diff.h"
#include "git.h"
#include "githist.h"

static char repo[64];
/* The zone file: a master file, or an octoDNS zone file. */
static const char *zfile;

/* Run a shell command line in the repository (test set-up only). */
static void
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
sh(const char *fmt, ...)
{
	char cmd[4096], full[4200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && %s", repo, cmd);
	if (system(full) != 0)
		fail_msg("set-up failed: %s", cmd);
}

/* Write zones/example.com.zone with www A at ttl, then commit at date. */
static void
version(unsigned serial, unsigned ttl, const char *addr, const char *date)
{
	sh("printf '$ORIGIN example.com.\\n"
	    "@ 3600 IN SOA ns1.example.net. h.example.com. %u 7200 3600 "
	    "1209600 300\\n@ 3600 IN NS ns1.example.net.\\n"
	    "www %u IN A %s\\n' > zones/example.com.zone", serial, ttl, addr);
	if (date != NULL)
		sh("git add -A && GIT_AUTHOR_DATE=%s GIT_COMMITTER_DATE=%s "
		    "git commit -q -m v%u", date, date, serial);
}

static int
setup(void **state)
{
	(void)state;
	zfile = "zones/example.com.zone";
	snprintf(repo, sizeof(repo), "/tmp/dnslint-githist-XXXXXX");
	assert_non_null(mkdtemp(repo));
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.com", 1);
	sh("git init -q -b main . && mkdir zones");
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", repo);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* The short (10-digit) hash of rev into out (size 64). */
static void
short_hash(const char *rev, char *out)
{
	char file[128];
	FILE *f;

	sh("git rev-parse --short=10 %s > .git/t.hash", rev);
	snprintf(file, sizeof(file), "%s/.git/t.hash", repo);
	assert_non_null(f = fopen(file, "r"));
	assert_non_null(fgets(out, 64, f));
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

/* The zone file's path as given on a command line. */
static const char *
zpath(void)
{
	static char p[128];

	snprintf(p, sizeof(p), "%s/%s", repo, zfile);
	return p;
}

/* Write text into the zone file; commit it at date unless NULL. */
static void
write_zone(const char *text, const char *date)
{
	FILE *f;

	assert_non_null(f = fopen(zpath(), "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	if (date != NULL)
		sh("git add -A && GIT_AUTHOR_DATE=%s GIT_COMMITTER_DATE=%s "
		    "git commit -q -m v", date, date);
}

/*
 * A desired-zone plan: the staged version against rev's; the history
 * applied.  Returns the plan (one change expected) and frees the rest.
 */
static struct dl_plan *
walk(const char *rev)
{
	struct dl_githist *h = NULL;
	struct dl_zone *live = NULL, *desired = NULL;
	struct dl_plan *p = NULL;
	struct dl_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_githist_open(zpath(), rev, &h, &err), 0);
	assert_string_equal(dl_githist_path(h), zfile);
	assert_int_equal(dl_diff_desired_plan(zpath(), "example.com.", &p,
	    &err), 0);
	assert_int_equal(dl_githist_load(h, 0, "example.com.", NULL, &live,
	    &err), 0);
	assert_int_equal(dl_githist_load(h, 1, "example.com.", NULL, &desired,
	    &err), 0);
	assert_int_equal(dl_diff_plan(p, live, desired), 0);
	assert_int_equal(dl_githist_apply(h, p, live, 300), 0);
	dl_zone_free(live);
	dl_zone_free(desired);
	dl_githist_free(h);
	return p;
}

/* p (freed here) has one change, lowered at commit hash, at at from from. */
static void
assert_lowered(struct dl_plan *p, const char *hash, const char *at,
    uint32_t from)
{
	assert_int_equal(p->n_changes, 1);
	assert_int_equal(p->changes[0].git.kind, DL_GIT_LOWERED);
	assert_string_equal(p->changes[0].git.commit, hash);
	assert_int_equal(p->changes[0].lowered.set, 1);
	assert_int_equal(p->changes[0].lowered.at, t_time(at));
	assert_int_equal(p->changes[0].lowered.has_from, 1);
	assert_int_equal(p->changes[0].lowered.from, from);
	dl_plan_free(p);
}

static void
test_dl_githist_apply_lowering_commit(void **state)
{
	char hash[64];

	(void)state;
	version(1, 86400, "192.0.2.10", "2026-11-01T10:00:00Z");
	version(2, 300, "192.0.2.10", "2026-11-28T10:00:00Z");
	version(3, 300, "192.0.2.20", "2026-11-28T10:00:30Z");
	version(4, 300, "198.51.100.10", NULL);
	sh("git add -A");
	short_hash("HEAD~1", hash);
	assert_lowered(walk("HEAD"), hash, "2026-11-28T10:00:00Z", 86400);
}

/* A lowering merged from a branch counts from the merge (first parent). */
static void
test_dl_githist_apply_merge_counts_from_first_parent(void **state)
{
	struct dl_plan *p;

	(void)state;
	version(1, 86400, "192.0.2.10", "2026-11-01T10:00:00Z");
	sh("git checkout -q -b lower");
	version(2, 300, "192.0.2.10", "2026-11-20T10:00:00Z");
	sh("git checkout -q main && GIT_AUTHOR_DATE=2026-11-27T10:00:00Z "
	    "GIT_COMMITTER_DATE=2026-11-27T10:00:00Z git merge -q --no-ff "
	    "-m merge lower");
	version(3, 300, "198.51.100.10", NULL);
	sh("git add -A");
	p = walk("HEAD");
	assert_int_equal(p->changes[0].git.kind, DL_GIT_LOWERED);
	assert_int_equal(p->changes[0].lowered.at,
	    t_time("2026-11-27T10:00:00Z"));
	assert_int_equal(p->changes[0].lowered.from, 86400);
	dl_plan_free(p);
}

/* Lowered in two steps: the walk stops at the version above max_ttl. */
static void
test_dl_githist_apply_lowered_in_steps(void **state)
{
	struct dl_plan *p;

	(void)state;
	version(1, 86400, "192.0.2.10", "2026-11-01T10:00:00Z");
	version(2, 600, "192.0.2.10", "2026-11-20T10:00:00Z");
	version(3, 300, "192.0.2.10", "2026-11-27T10:00:00Z");
	version(4, 60, "192.0.2.10", "2026-11-28T10:00:00Z");
	version(5, 60, "198.51.100.10", NULL);
	sh("git add -A");
	p = walk("HEAD");
	assert_int_equal(p->changes[0].git.kind, DL_GIT_LOWERED);
	assert_int_equal(p->changes[0].lowered.at,
	    t_time("2026-11-27T10:00:00Z"));
	assert_int_equal(p->changes[0].lowered.from, 600);
	dl_plan_free(p);
}

static void
test_dl_githist_apply_low_since_creation(void **state)
{
	struct dl_plan *p;

	(void)state;
	version(1, 300, "192.0.2.10", "2026-11-01T10:00:00Z");
	version(2, 300, "192.0.2.20", "2026-11-02T10:00:00Z");
	version(3, 300, "198.51.100.10", NULL);
	sh("git add -A");
	p = walk("HEAD");
	assert_int_equal(p->changes[0].git.kind, DL_GIT_LOW_SINCE);
	assert_int_equal(p->changes[0].git.created, 0);
	assert_int_equal(p->changes[0].git.time,
	    t_time("2026-11-01T10:00:00Z"));
	assert_int_equal(p->changes[0].lowered.set, 0);
	dl_plan_free(p);
}

static void
test_dl_githist_apply_broken_version_is_unknown(void **state)
{
	struct dl_plan *p;
	char hash[64], want[512];

	(void)state;
	version(1, 86400, "192.0.2.10", NULL);
	sh("echo 'www IN A 192.0.2.300' >> zones/example.com.zone && "
	    "git add -A && GIT_COMMITTER_DATE=2026-11-01T10:00:00Z "
	    "git commit -q -m broken");
	version(2, 300, "192.0.2.10", "2026-11-28T10:00:00Z");
	version(3, 300, "198.51.100.10", NULL);
	sh("git add -A");
	short_hash("HEAD", hash);
	snprintf(want, sizeof(want), "the version of 'zones/example.com.zone' "
	    "before commit %s does not load (%s^:zones/example.com.zone:5: "
	    "bad record 'www IN A 192.0.2.300': invalid IPv4 address: "
	    "expected an IPv4 address such as 192.0.2.1)", hash, hash);
	p = walk("HEAD");
	assert_int_equal(p->changes[0].git.kind, DL_GIT_UNKNOWN);
	assert_string_equal(p->changes[0].git.why, want);
	assert_string_equal(p->changes[0].git.fix,
	    "state ttl_lowered in a plan");
	assert_int_equal(p->changes[0].lowered.set, 0);
	dl_plan_free(p);
}

/* www low (TTL 300) in the octoDNS zone, and www moved. */
static const char octo_low[] = "www:\n  type: A\n  ttl: 300\n"
    "  value: 192.0.2.10\n";
static const char octo_moved[] = "www:\n  type: A\n  ttl: 300\n"
    "  value: 198.51.100.10\n";

/*
 * An octoDNS zone of 41 names: a0..a19, www (its entry given), z0..z19;
 * the address of a name k is 10.0.0.k, or a longer one when addr[k] is
 * set (the entries after www move).  Into buf (size n).
 */
static const char *
octo_zone(char *buf, size_t n, const char *www, const int *addr)
{
	size_t o = 0;
	int k;

	o += (size_t)snprintf(buf + o, n - o, "---\n'':\n  type: NS\n"
	    "  values: [ns1.example.net., ns2.example.org.]\n");
	for (k = 0; k < 40; k++) {
		if (k == 20)
			o += (size_t)snprintf(buf + o, n - o, "%s", www);
		o += (size_t)snprintf(buf + o, n - o, "%c%d:\n  type: A\n"
		    "  ttl: 3600\n  value: %s%d\n", k < 20 ? 'a' : 'z',
		    k % 20, addr != NULL && addr[k] ? "10.100.200." : "10.0.0.",
		    k + 1);
		assert_true(o < n);
	}
	return buf;
}

/*
 * octoDNS: the TTL lowered 40 commits back, each later commit moving
 * another name before or after www (texts that differ in one stretch,
 * read without a parse): the lowering is still found.
 */
static void
test_dl_githist_apply_octodns_lowering_40_back(void **state)
{
	char buf[8192], hash[64], date[32];
	int addr[40], i;

	(void)state;
	zfile = "zones/example.com.yaml";
	memset(addr, 0, sizeof(addr));
	write_zone(octo_zone(buf, sizeof(buf), "www:\n  type: A\n"
	    "  ttl: 86400\n  value: 192.0.2.10\n", addr),
	    "2026-10-01T10:00:00Z");
	write_zone(octo_zone(buf, sizeof(buf), octo_low, addr),
	    "2026-10-02T10:00:00Z");
	for (i = 0; i < 40; i++) {
		/*
		 * a0..a19 before www, then z0..z19 after it: going back,
		 * the walk meets z19..z0, then 20 versions in a row where
		 * www is 4 bytes nearer the start, then the lowering.
		 */
		addr[i] = 1;
		snprintf(date, sizeof(date), "2026-11-%02dT10:00:00Z",
		    i / 2 + 1);
		write_zone(octo_zone(buf, sizeof(buf), octo_low, addr), date);
	}
	write_zone(octo_zone(buf, sizeof(buf), octo_moved, addr), NULL);
	sh("git add -A");
	short_hash("HEAD~40", hash);
	assert_lowered(walk("HEAD"), hash, "2026-10-02T10:00:00Z", 86400);
}

/*
 * octoDNS: older committed at 2026-10-01, then newer at 10-02, then www
 * moved in the index; the walk's plan (free it), HEAD's short hash in
 * hash (size 64).
 */
static struct dl_plan *
octo_history(const char *older, const char *newer, char *hash)
{
	char buf[8192];

	zfile = "zones/example.com.yaml";
	write_zone(older, "2026-10-01T10:00:00Z");
	write_zone(newer, "2026-10-02T10:00:00Z");
	write_zone(octo_zone(buf, sizeof(buf), octo_moved, NULL), NULL);
	sh("git add -A");
	short_hash("HEAD", hash);
	return walk("HEAD");
}

/* p's change unknown: the version before HEAD does not load (why). */
static void
assert_not_loaded(struct dl_plan *p, const char *hash, const char *why)
{
	char want[512];

	snprintf(want, sizeof(want), "the version of 'zones/example.com.yaml' "
	    "before commit %s does not load (%s^:zones/example.com.yaml:%s)",
	    hash, hash, why);
	assert_int_equal(p->changes[0].git.kind, DL_GIT_UNKNOWN);
	assert_string_equal(p->changes[0].git.why, want);
	dl_plan_free(p);
}

/*
 * octoDNS: an older version that has the name twice, the second entry
 * far from the first (a name one letter from it, renamed later): it is
 * parsed (and does not load), not taken for unchanged.
 */
static void
test_dl_githist_apply_octodns_second_entry_parsed(void **state)
{
	char older[8192], newer[8192], hash[64];

	(void)state;
	octo_zone(older, sizeof(older), octo_low, NULL);
	strcat(older, "www:\n  type: AAAA\n  value: 2001:db8::1\n");
	octo_zone(newer, sizeof(newer), octo_low, NULL);
	strcat(newer, "wwy:\n  type: AAAA\n  value: 2001:db8::1\n");
	assert_not_loaded(octo_history(older, newer, hash), hash,
	    "169:1: duplicate key 'www' (first at line 85)");
}

/*
 * octoDNS: an older version where the line before the entry's key runs
 * on into it (no longer a key): it is parsed, not taken for unchanged.
 */
static void
test_dl_githist_apply_octodns_key_line_joined(void **state)
{
	char older[8192], newer[8192], hash[64], *nl;

	(void)state;
	octo_zone(older, sizeof(older), octo_low, NULL);
	assert_non_null(nl = strstr(older, "\nwww:"));
	*nl = ' ';
	assert_not_loaded(octo_history(older, octo_zone(newer, sizeof(newer),
	    octo_low, NULL), hash), hash,
	    "84:23: mapping values are not allowed in this context");
}

/*
 * octoDNS: an older version whose entry has more lines at its end (here:
 * the record was ignored, not managed) differs from where the newer
 * entry ends: it is parsed, and the RRset first appears after it.
 */
static void
test_dl_githist_apply_octodns_entry_longer(void **state)
{
	char older[8192], newer[8192], hash[64];
	struct dl_plan *p;

	(void)state;
	p = octo_history(octo_zone(older, sizeof(older), "www:\n  type: A\n"
	    "  ttl: 300\n  value: 192.0.2.10\n  octodns:\n"
	    "    ignored: true\n", NULL), octo_zone(newer, sizeof(newer),
	    octo_low, NULL), hash);
	assert_int_equal(p->changes[0].git.kind, DL_GIT_LOW_SINCE);
	assert_int_equal(p->changes[0].git.created, 1);
	assert_string_equal(p->changes[0].git.commit, hash);
	assert_int_equal(p->changes[0].git.time,
	    t_time("2026-10-02T10:00:00Z"));
	dl_plan_free(p);
}

static void
test_dl_githist_load_absent_is_1(void **state)
{
	struct dl_githist *h = NULL;
	struct dl_zone *z = NULL;
	struct dl_error err;

	(void)state;
	sh("echo x > other && git add other && git commit -q -m other");
	version(1, 300, "192.0.2.10", NULL);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_githist_open(zpath(), "HEAD", &h, &err), 0);
	assert_int_equal(dl_githist_load(h, 0, "example.com.", NULL, &z,
	    &err), 1);
	assert_null(z);
	/* Not staged either. */
	assert_int_equal(dl_githist_load(h, 1, "example.com.", NULL, &z,
	    &err), 1);
	dl_githist_free(h);
}

static void
test_dl_githist_open_bad_revision(void **state)
{
	struct dl_githist *h = NULL;
	struct dl_error err;
	char want[256];

	(void)state;
	version(1, 300, "192.0.2.10", "2026-11-01T10:00:00Z");
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_githist_open(zpath(), "nosuch", &h, &err),
	    DL_EINPUT);
	assert_null(h);
	snprintf(want, sizeof(want), "--git-live 'nosuch' is not a commit in "
	    "the git repository '%s'", repo);
	assert_string_equal(err.message, want);
	assert_int_equal(dl_githist_open(zpath(), "--output=x", &h, &err),
	    DL_EINPUT);
	assert_string_equal(err.message, "--git-live '--output=x' is not a "
	    "revision: give a commit, a branch or a tag like HEAD or "
	    "origin/main");
}

/*
 * dl_git_locate() spares running git where no repository can be found
 * (no git on PATH then, and git's own words all the same), and asks git
 * wherever something like one is: a bare repository, a ".git" file.
 */
static void
test_dl_git_locate_repository_or_not(void **state)
{
	struct dl_error err;
	struct stat a, b;
	char dir[64], file[128], *top = NULL, *rel = NULL;
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	int shallow, rc;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dnslint-norepo-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/example.com.yaml", dir);
	memset(&err, 0, sizeof(err));
	/* One file system up to '/', or git would stop at its boundary. */
	if (stat(dir, &a) == 0 && stat("/", &b) == 0 && a.st_dev == b.st_dev) {
		setenv("PATH", "/nonexistent", 1);
		rc = dl_git_locate(file, NULL, &top, &rel, &shallow, NULL,
		    &err);
		if (path != NULL)
			setenv("PATH", path, 1);
		assert_int_equal(rc, DL_EINPUT);
		assert_string_equal(err.file, file);
		assert_string_equal(err.message, "cannot read its git "
		    "repository: git rev-parse: not a git repository (or any "
		    "of the parent directories): .git");
	}
	free(path);
	/* A bare repository: git says why not. */
	sh("git init -q --bare '%s/bare' && mkdir '%s/bare/zones'", dir, dir);
	snprintf(file, sizeof(file), "%s/bare/zones/example.com.yaml", dir);
	assert_int_equal(dl_git_locate(file, NULL, &top, &rel, &shallow, NULL,
	    &err), DL_EINPUT);
	assert_string_equal(err.message, "cannot read its git repository: git "
	    "rev-parse: this operation must be run in a work tree");
	/* A ".git" file naming the repository: a work tree of it. */
	sh("mkdir '%s/wt' && echo 'gitdir: %s/.git' > '%s/wt/.git'", dir, repo,
	    dir);
	snprintf(file, sizeof(file), "%s/wt/example.com.yaml", dir);
	assert_int_equal(dl_git_locate(file, NULL, &top, &rel, &shallow, NULL,
	    &err), 0);
	assert_string_equal(rel, "example.com.yaml");
	free(top);
	free(rel);
	sh("rm -rf '%s'", dir);
}

static void
test_dl_git_run_without_git(void **state)
{
	static const char *const args[] = { "status", NULL };
	struct dl_error err;
	char *out = NULL, *path = getenv("PATH") ? strdup(getenv("PATH")) :
	    NULL;
	char fake[PATH_MAX];
	size_t len;
	int st, rc;

	(void)state;
	memset(&err, 0, sizeof(err));
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(dl_git_run(repo, args, 1024, &out, &len, &st, &err),
	    DL_EUNAVAIL);
	if (path != NULL)
		setenv("PATH", path, 1);
	free(path);
	assert_null(out);
	assert_string_equal(err.message, "git is not installed or not on "
	    "PATH");
	/*
	 * Where the exec's failure comes back as the child's 127 and not a
	 * word (POSIX allows it; glibc under valgrind): the same.
	 */
	sh("mkdir -p fakegit && printf '#!/bin/sh\\nexit 127\\n' > "
	    "fakegit/git && chmod +x fakegit/git");
	path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	snprintf(fake, sizeof(fake), "%s/fakegit", repo);
	setenv("PATH", fake, 1);
	memset(&err, 0, sizeof(err));
	rc = dl_git_run(repo, args, 1024, &out, &len, &st, &err);
	if (path != NULL)
		setenv("PATH", path, 1);
	free(path);
	assert_int_equal(rc, DL_EUNAVAIL);
	assert_null(out);
	assert_string_equal(err.message, "git is not installed or not on "
	    "PATH");
	sh("rm -rf fakegit");
}

/*
 * git runs with LC_ALL=C (its messages are matched), no terminal
 * prompt, no optional locks and no external diff program, whatever the
 * environment says; the rest of it is passed on.  An alias that runs
 * env(1) shows what git was given.
 */
static void
test_dl_git_run_environment(void **state)
{
	static const char *const args[] = { "-c", "alias.env=!env", "env",
	    NULL };
	struct dl_error err;
	char *out = NULL, *env;
	size_t len;
	int st;

	(void)state;
	memset(&err, 0, sizeof(err));
	setenv("LC_ALL", "fr_FR.UTF-8", 1);
	setenv("GIT_TERMINAL_PROMPT", "1", 1);
	setenv("GIT_EXTERNAL_DIFF", "/bin/false", 1);
	setenv("DNSLINT_TEST_PASSED_ON", "yes", 1);
	assert_int_equal(dl_git_run(repo, args, 1 << 20, &out, &len, &st,
	    &err), 0);
	unsetenv("LC_ALL");
	unsetenv("GIT_TERMINAL_PROMPT");
	unsetenv("GIT_EXTERNAL_DIFF");
	unsetenv("DNSLINT_TEST_PASSED_ON");
	assert_int_equal(st, 0);
	/* Each line between newlines, the first too. */
	assert_true(asprintf(&env, "\n%s", out) > 0);
	assert_non_null(strstr(env, "\nLC_ALL=C\n"));
	assert_null(strstr(env, "fr_FR"));
	assert_non_null(strstr(env, "\nGIT_TERMINAL_PROMPT=0\n"));
	assert_non_null(strstr(env, "\nGIT_OPTIONAL_LOCKS=0\n"));
	assert_null(strstr(env, "GIT_EXTERNAL_DIFF"));
	assert_non_null(strstr(env, "\nDNSLINT_TEST_PASSED_ON=yes\n"));
	free(env);
	free(out);
}

static void
test_dl_git_run_bounded(void **state)
{
	static const char *const args[] = { "cat-file", "-p", "HEAD:big",
	    NULL };
	struct dl_error err;
	char *out = NULL;
	size_t len;
	int st;

	(void)state;
	sh("head -c 100000 /dev/zero | tr '\\0' a > big && git add big && "
	    "git commit -q -m big");
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_git_run(repo, args, 50000, &out, &len, &st, &err),
	    DL_EUNAVAIL);
	assert_string_equal(err.message, "git cat-file wrote more than 50000 "
	    "bytes");
	assert_int_equal(dl_git_run(repo, args, 200000, &out, &len, &st, &err),
	    0);
	assert_int_equal(st, 0);
	assert_int_equal(len, 100000);
	free(out);
}

static void
test_dl_git_batch_get_blobs_and_missing(void **state)
{
	struct dl_git_batch *b = NULL;
	struct dl_error err;
	char *buf = NULL;
	size_t len;

	(void)state;
	sh("printf 'one\\n' > a && printf 'two two\\n' > b && git add a b && "
	    "git commit -q -m ab");
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_git_batch_start(repo, &b, &err), 0);
	assert_int_equal(dl_git_batch_get(b, "HEAD:a", &buf, &len, &err), 0);
	assert_int_equal(len, 4);
	assert_string_equal(buf, "one\n");
	free(buf);
	assert_int_equal(dl_git_batch_get(b, "HEAD:nosuch", &buf, &len, &err),
	    1);
	assert_null(buf);
	/* A tree is not a blob. */
	assert_int_equal(dl_git_batch_get(b, "HEAD:", &buf, &len, &err), 1);
	assert_int_equal(dl_git_batch_get(b, "a\nb", &buf, &len, &err), 1);
	assert_int_equal(dl_git_batch_get(b, ":b", &buf, &len, &err), 0);
	assert_string_equal(buf, "two two\n");
	free(buf);
	dl_git_batch_end(b);
}

static const char rule_zone[] =
    "$ORIGIN example.com.\n"
    "@ 3600 IN SOA ns1.example.net. h.example.com. 1 7200 3600 1209600 300\n"
    "@ 3600 IN NS ns1.example.net.\n"
    "@ 3600 IN NS ns2.example.org.\n"
    "www 300 IN A 192.0.2.10\n";

static const char rule_plan[] =
    "zone: example.com.\n"
    "cutover: 2026-11-28T10:01:00Z\n"
    "changes:\n"
    "  - name: www\n"
    "    type: A\n"
    "    to: [198.51.100.10]\n";

/* How ttl-lowered words what git said (the notes dl_githist_apply sets). */
static void
test_ttl_lowered_git_notes(void **state)
{
	struct dl_zone *z = t_zone("example.com.", rule_zone);
	struct dl_plan *p = t_plan(rule_plan);
	struct dl_change *c = &p->changes[0];
	const struct dl_finding *f;
	struct dl_result *r;

	(void)state;
	c->git.kind = DL_GIT_LOWERED;
	snprintf(c->git.commit, sizeof(c->git.commit), "1a2b3c4d5e");
	c->git.time = t_time("2026-11-28T10:00:00Z");
	c->lowered.set = 1;
	c->lowered.at = c->git.time;
	c->lowered.has_from = 1;
	c->lowered.from = 86400;
	r = t_run(p, z, NULL, t_time("2026-11-28T10:01:00Z"));
	f = t_finding(r, "ttl-lowered", 0);
	assert_int_equal(f->status, DL_FAIL);
	assert_int_equal(f->wait_until, t_time("2026-11-29T10:00:00Z"));
	assert_string_equal(f->message, "TTL lowered at commit 1a2b3c4d5e "
	    "(2026-11-28 10:00Z), but caches may hold the old TTL 86400 until "
	    "2026-11-29 10:00Z, after the cutover (counted from the commit: a "
	    "deployment later than the commit moves it later)");
	assert_string_equal(t_step(r, DL_STEP_LOWER_TTL,
	    "www.example.com. A")->text, "lower www.example.com. A TTL 86400 "
	    "-> 300 (git commit 1a2b3c4d5e)");
	dl_result_free(r);

	c->lowered.set = 0;
	c->git.kind = DL_GIT_LOW_SINCE;
	c->git.created = 1;
	r = t_run(p, z, NULL, t_time("2026-11-28T10:01:00Z"));
	f = t_finding(r, "ttl-lowered", 0);
	assert_int_equal(f->status, DL_PASS);
	assert_string_equal(f->message, "live TTL 300 <= 300, and git shows it "
	    "no higher since commit 1a2b3c4d5e (2026-11-28 10:00Z), where the "
	    "RRset first appears");
	dl_result_free(r);

	c->git.kind = DL_GIT_UNKNOWN;
	assert_non_null(c->git.why = strdup("the repository is a shallow "
	    "clone"));
	c->git.fix = "git fetch --unshallow";
	r = t_run(p, z, NULL, t_time("2026-11-28T10:01:00Z"));
	f = t_finding(r, "ttl-lowered", 0);
	assert_int_equal(f->status, DL_UNKNOWN);
	assert_string_equal(f->message, "live TTL 300 <= 300, but since when "
	    "is not known: the repository is a shallow clone; git fetch "
	    "--unshallow");
		dl_result_free(r);
	dl_plan_free(p);
	dl_zone_free(z);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_dl_githist_apply_lowering_commit),
		T(test_dl_githist_apply_merge_counts_from_first_parent),
		T(test_dl_githist_apply_lowered_in_steps),
		T(test_dl_githist_apply_low_since_creation),
		T(test_dl_githist_apply_broken_version_is_unknown),
		T(test_dl_githist_apply_octodns_lowering_40_back),
		T(test_dl_githist_apply_octodns_second_entry_parsed),
		T(test_dl_githist_apply_octodns_key_line_joined),
		T(test_dl_githist_apply_octodns_entry_longer),
		T(test_dl_githist_load_absent_is_1),
		T(test_dl_githist_open_bad_revision),
		T(test_dl_git_locate_repository_or_not),
		T(test_dl_git_run_without_git),
		T(test_dl_git_run_environment),
		T(test_dl_git_run_bounded),
		T(test_dl_git_batch_get_blobs_and_missing),
		cmocka_unit_test(test_ttl_lowered_git_notes),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
