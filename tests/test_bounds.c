/*
 * test_bounds.c - resource bounds: what dnslint does with input built to
 * exhaust it.  Each hostile input is refused with a clear error (exit
 * status 2 on the command line) or, when it is merely large, works in
 * time that grows with its size, never with its square.
 *
 * The timing checks compare a run with one ten times smaller (a ratio,
 * so a slow machine or a sanitizer build does not matter); they are
 * skipped when DNSLINT_NO_TIMING is set (the valgrind and TSan runs),
 * and the command-line runs are then given longer before they count as a
 * hang.  Run from the top of the tree; the command-line checks run the
 * dnslint next to this program's folder (build/tests/../dnslint).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "diff.h"
#include "dnsq.h"
#include "tsigkey.h"
#include "engine.h"
#include "plan.h"
#include "yamltree.h"
#include "zone.h"

#define NOW		((int64_t)1795348800)	/* 2026-11-22T12:00:00Z */
#define MIB		(1024 * 1024)

static char tmp[64];		/* a scratch folder for the whole run */
static char prog[PATH_MAX];	/* the dnslint under test */

/* ---------------------------------------------------------------------
 * Helpers
 */

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
timing(void)
{
	return getenv("DNSLINT_NO_TIMING") == NULL;
}

/* tmp/name, in a static buffer of four that rotate. */
static const char *
at(const char *name)
{
	static char bufs[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	snprintf(bufs[i], sizeof(bufs[i]), "%s/%s", tmp, name);
	return bufs[i];
}

static const char *
put(const char *name, const void *data, size_t len)
{
	const char *path = at(name);
	size_t off = 0;
	ssize_t w;
	int fd;

	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) >=
	    0);
	while (off < len) {
		assert_true((w = write(fd, (const char *)data + off,
		    len - off)) > 0);
		off += (size_t)w;
	}
	close(fd);
	return path;
}

static const char *
puts_file(const char *name, const char *text)
{
	return put(name, text, strlen(text));
}

/* A growing string. */
struct text {
	char	*s;
	size_t	 len, cap;
};

static void
addf(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
addf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s ? t->s + t->len : NULL,
		    t->s ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (t->s != NULL && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		t->cap = t->cap ? t->cap * 2 : 4096;
		while (t->cap <= t->len + (size_t)n)
			t->cap *= 2;
		assert_non_null(t->s = realloc(t->s, t->cap));
	}
}

/* A plan from text: its error line ("" when it loaded). */
static const char *
plan_error(const char *yaml, size_t len)
{
	static char line[2048];
	struct dl_plan *p = NULL;
	struct dl_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_plan_load_buffer("plan.yaml", ".", yaml, len, NOW, &p, &err);
	dl_plan_free(p);
	if (rc == 0)
		return "";
	assert_int_equal(rc, DL_EINPUT);
	return dl_error_format(&err, line, sizeof(line));
}

static const char *
plan_error_str(const char *yaml)
{
	return plan_error(yaml, strlen(yaml));
}

/* A zone file's error: its message and line; rc returned. */
static int
zone_error(const char *path, struct dl_error *err)
{
	struct dl_zone *z = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = dl_zone_load_file(path, "example.com.", NULL, &z, err);
	dl_zone_free(z);
	return rc;
}

#define SOA_TEXT "$ORIGIN example.com.\n$TTL 3600\n" \
	"@ IN SOA ns1.example.com. h.example.com. 1 7200 900 1209600 300\n" \
	"@ IN NS ns1\nns1 IN A 192.0.2.53\n"

/* ---------------------------------------------------------------------
 * YAML: anchors, nesting, long scalars, size
 */

static void
test_yaml_anchors_and_aliases_refused(void **state)
{
	(void)state;
	/* "Billion laughs" stops at the first anchor. */
	assert_string_equal(plan_error_str("a: &a [x, x, x]\n"
	    "b: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"),
	    "plan.yaml:1:4: anchors and aliases are not supported");
	assert_string_equal(plan_error_str("zone: example.com\n"
	    "changes: *list\n"),
	    "plan.yaml:2:10: anchors and aliases are not supported");
	assert_string_equal(plan_error_str("zone: example.com\n"
	    "changes:\n  - &c { name: www, type: A, to: 192.0.2.1 }\n"),
	    "plan.yaml:3:5: anchors and aliases are not supported");
	/* The merge key needs an alias: refused the same way. */
	assert_string_equal(plan_error_str("zone: example.com\n"
	    "<<: *base\n"),
	    "plan.yaml:2:5: anchors and aliases are not supported");
}

static void
test_yaml_deep_nesting_refused(void **state)
{
	struct text t = { NULL, 0, 0 };
	const char *e;
	double t0;
	size_t i, n = 8 * MIB;
	char *buf;

	(void)state;
	/* 32 levels are allowed, the 33rd is not. */
	for (i = 0; i < 32; i++)
		addf(&t, "[");
	for (i = 0; i < 32; i++)
		addf(&t, "]");
	assert_string_equal(plan_error(t.s, t.len),
	    "plan.yaml:1:1: the plan must be a mapping with keys like 'zone' "
	    "and 'changes', got a list");
	t.len = 0;
	for (i = 0; i < 33; i++)
		addf(&t, "[");
	assert_string_equal(plan_error(t.s, t.len),
	    "plan.yaml:1:33: nested deeper than 32 levels");
	/* Block style. */
	t.len = 0;
	for (i = 0; i < 40; i++)
		addf(&t, "%*sk:\n", (int)(2 * i), "");
	assert_string_equal(plan_error(t.s, t.len),
	    "plan.yaml:33:65: nested deeper than 32 levels");
	free(t.s);
	/* Megabytes of brackets: refused at once, not after. */
	assert_non_null(buf = malloc(n));
	memset(buf, '[', n);
	t0 = mono();
	assert_string_equal(plan_error(buf, n),
	    "plan.yaml:1:33: nested deeper than 32 levels");
	if (timing())
		assert_true(mono() - t0 < 1.0);
	memset(buf, '{', n);
	e = plan_error(buf, n);
	assert_string_equal(e, "plan.yaml:1:2: a mapping key must be a "
	    "string, not a mapping");
	memset(buf, '-', n);
	for (i = 1; i < n; i += 2)
		buf[i] = ' ';
	assert_string_equal(plan_error(buf, n),
	    "plan.yaml:1:65: nested deeper than 32 levels");
	free(buf);
}

static void
test_yaml_long_scalars_refused(void **state)
{
	struct dl_ynode *root = NULL;
	struct dl_error err;
	size_t n = 15 * MIB;
	char *buf;

	(void)state;
	assert_non_null(buf = malloc(n + 16));
	memcpy(buf, "k: ", 3);
	memset(buf + 3, 'x', DL_YAML_MAX_SCALAR);
	assert_int_equal(dl_yaml_parse("a.yaml", buf, 3 + DL_YAML_MAX_SCALAR,
	    &root, &err), 0);
	assert_int_equal(dl_ymap_value(root, 0)->len, DL_YAML_MAX_SCALAR);
	dl_ynode_free(root);
	buf[3 + DL_YAML_MAX_SCALAR] = 'x';
	assert_string_equal(plan_error(buf, 4 + DL_YAML_MAX_SCALAR),
	    "plan.yaml:1:4: value longer than 65536 bytes");
	/* A quoted one of 15 MiB, and a key that long. */
	buf[3] = '"';
	memset(buf + 4, 'x', n - 5);
	buf[n - 1] = '"';
	assert_string_equal(plan_error(buf, n),
	    "plan.yaml:1:4: value longer than 65536 bytes");
	memset(buf, 'k', n - 3);
	memcpy(buf + n - 3, ": x", 3);
	assert_string_equal(plan_error(buf, n),
	    "plan.yaml:1:1: value longer than 65536 bytes");
	free(buf);
}

/* Plans and configurations are read whole, up to 16 MiB. */
static void
test_yaml_file_size(void **state)
{
	struct dl_plan *p = NULL;
	struct dl_config *c = NULL;
	struct dl_error err;
	const char *path;
	char *buf, *got;
	size_t len;

	(void)state;
	assert_non_null(buf = malloc(DL_YAML_MAX_FILE + 1));
	memset(buf, '#', DL_YAML_MAX_FILE + 1);
	buf[DL_YAML_MAX_FILE - 1] = '\n';
	path = put("16mib.yaml", buf, DL_YAML_MAX_FILE);
	assert_int_equal(dl_yaml_read_file(path, "16mib.yaml", &got, &len,
	    &err), 0);
	assert_int_equal(len, DL_YAML_MAX_FILE);
	free(got);
	/* A configuration of comments only is the defaults. */
	assert_int_equal(dl_config_load(path, &c, &err), 0);
	dl_config_free(c);
	path = put("big.yaml", buf, DL_YAML_MAX_FILE + 1);
	assert_int_equal(dl_plan_load(path, NOW, &p, &err), DL_EINPUT);
	assert_null(p);
	assert_string_equal(err.message, "larger than 16 MiB; that is not a "
	    "plausible plan or configuration");
	assert_int_equal(dl_config_load(path, &c, &err), DL_EINPUT);
	assert_string_equal(err.message, "larger than 16 MiB; that is not a "
	    "plausible plan or configuration");
	free(buf);
}

/*
 * A plan longer than the first read (8 KiB) is read whole: it once lost
 * everything after byte 8191, and with it the changes there.
 */
static void
test_plan_read_whole(void **state)
{
	struct text t = { NULL, 0, 0 };
	struct dl_plan *p = NULL;
	struct dl_error err;
	size_t i;

	(void)state;
	addf(&t, "zone: example.com.\nchanges:\n");
	for (i = 0; i < 1000; i++)
		addf(&t, "  - { name: h%zu, type: A, to: 192.0.2.1 }\n", i);
	assert_true(t.len > 40000);
	if (dl_plan_load(put("long.yaml", t.s, t.len), NOW, &p, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(p->n_changes, 1000);
	assert_string_equal(p->changes[999].owner, "h999.example.com.");
	dl_plan_free(p);
	free(t.s);
}

/* ---------------------------------------------------------------------
 * Large but valid input works, in linear time
 */

static void
big_zone(const char *name, size_t n)
{
	struct text t = { NULL, 0, 0 };
	size_t i;

	addf(&t, SOA_TEXT);
	for (i = 0; i < n; i++)
		addf(&t, "h%zu 86400 IN A 192.0.2.%zu\n", i, i % 250 + 1);
	put(name, t.s, t.len);
	free(t.s);
}

/* Load a plan of n changes, load its zone, run the engine: seconds. */
static double
run_changes(size_t n, const char *zone)
{
	struct text t = { NULL, 0, 0 };
	struct dl_plan_filter pf;
	struct dl_config *cfg;
	struct dl_result *r = NULL;
	struct dl_plan *p = NULL;
	struct dl_zone *z = NULL;
	struct dl_error err;
	double t0;
	size_t i;

	addf(&t, "zone: example.com.\ncutover: 2026-12-01T10:00:00Z\n"
	    "changes:\n");
	for (i = 0; i < n; i++)
		addf(&t, "  - name: h%zu\n    type: A\n    to: [198.51.100.%zu]"
		    "\n    ttl: 300\n", i, i % 250 + 1);
	t0 = mono();
	if (dl_plan_load_buffer("plan.yaml", ".", t.s, t.len, NOW, &p,
	    &err) != 0)
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column,
		    err.message);
	assert_int_equal(p->n_changes, n);
	assert_int_equal(dl_engine_filter(p, &pf), 0);
	if (dl_zone_load_file(zone, p->zone, &pf.filter, &z, &err) != 0)
		fail_msg("%s", err.message);
	dl_engine_filter_free(&pf);
	assert_non_null(cfg = dl_config_default());
	assert_int_equal(dl_engine_run(p, z, NULL, "zone-file", zone, cfg,
	    NOW, p->cutover, &r), 0);
	t0 = mono() - t0;
	/* Every change lowers its TTL first: one finding each, at least. */
	assert_true(r->n_findings >= n);
	assert_true(r->n_steps >= 3 * n);
	dl_result_free(r);
	dl_config_free(cfg);
	dl_zone_free(z);
	dl_plan_free(p);
	free(t.s);
	return t0;
}

static void
test_plan_100k_changes(void **state)
{
	double small, large;

	(void)state;
	big_zone("100k.zone", 100000);
	small = run_changes(10000, at("100k.zone"));
	/*
	 * The 100k run is for the time: without timing checks (valgrind,
	 * the sanitizers) the 10k one takes the same paths, and the 100k
	 * one took two minutes of CI's valgrind run.
	 */
	if (!timing())
		return;
	large = run_changes(100000, at("100k.zone"));
	/* Linear is about 10; the quadratic step list was 300 and more. */
	if (large > 0.5 && large / small > 30)
		fail_msg("10k changes: %.2f s, 100k: %.2f s: not linear",
		    small, large);
	print_message("plan of 10k changes: %.2f s, 100k: %.2f s\n", small,
	    large);
}

static double
load_providers(size_t n, int dup_last)
{
	struct text t = { NULL, 0, 0 };
	struct dl_config *c = NULL;
	struct dl_error err;
	double t0;
	size_t i;
	int rc;

	addf(&t, "providers:\n");
	for (i = 0; i < n; i++)
		addf(&t, "  - { name: p%zu, match: \"*.ns%zu.example.net.\" }\n",
		    dup_last && i == n - 1 ? (size_t)7 : i, i);
	t0 = mono();
	rc = dl_config_load_buffer("c.yaml", t.s, t.len, &c, &err);
	t0 = mono() - t0;
	if (dup_last) {
		char want[128];

		assert_int_equal(rc, DL_EINPUT);
		assert_int_equal(err.line, n + 1);
		snprintf(want, sizeof(want), "duplicate provider 'p7' (first at "
		    "line 9)");
		assert_string_equal(err.message, want);
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(c->n_providers, n);
	}
	dl_config_free(c);
	free(t.s);
	return t0;
}

static void
test_config_many_providers(void **state)
{
	double small, large;

	(void)state;
	small = load_providers(10000, 0);
	large = load_providers(100000, 0);
	/* It compared each with each: 100k took minutes. */
	if (timing() && large > 0.5 && large / small > 30)
		fail_msg("10k providers: %.2f s, 100k: %.2f s: not linear",
		    small, large);
	(void)load_providers(100000, 1);
}

/* ---------------------------------------------------------------------
 * Zone files: long lines, $INCLUDE
 */

static void
test_zone_long_line_refused(void **state)
{
	struct dl_error err;
	size_t n = 3 * MIB, off;
	char *buf;

	(void)state;
	assert_non_null(buf = malloc(n + 256));
	off = (size_t)snprintf(buf, 256, "%stxt IN TXT \"", SOA_TEXT);
	memset(buf + off, 'x', n - off - 2);
	memcpy(buf + n - 2, "\"\n", 2);
	assert_int_equal(zone_error(put("line.zone", buf, n), &err),
	    DL_EINPUT);
	/* libzscanner's limit: a string of at most 255 bytes. */
	assert_non_null(strstr(err.message, "': text is too long: expected at "
	    "most 255 bytes in a string"));
	assert_int_equal(strncmp(err.message, "bad record 'txt IN TXT \"xxx",
	    27), 0);
	assert_int_equal(err.line, 6);
	/* Without a line break at all. */
	memset(buf, 'x', n);
	assert_int_equal(zone_error(put("line.zone", buf, n), &err),
	    DL_EINPUT);
	assert_non_null(strstr(err.message, "...': maximal domain name label "
	    "length has exceeded: expected a domain name"));
	assert_int_equal(err.line, 1);
	/* Short lines, one open parenthesis: a record of megabytes. */
	off = (size_t)snprintf(buf, 256, "%stxt IN TXT (\n", SOA_TEXT);
	for (; off + 5 < n; off += 5)
		memcpy(buf + off, "\"x\"\n\n", 5);
	assert_int_equal(zone_error(put("paren.zone", buf, off), &err),
	    DL_EINPUT);
	/* RDATA is at most 65535 bytes: refused long before the end. */
	assert_non_null(strstr(err.message, "...': text is too long: expected "
	    "at most 255 bytes in a string"));
	assert_int_equal(err.line, 6);
	free(buf);
}

static void
test_zone_include_loop_refused(void **state)
{
	struct dl_error err;

	(void)state;
	puts_file("loop.zone", SOA_TEXT "$INCLUDE loop.inc\n");
	puts_file("loop.inc", "a IN A 192.0.2.1\n$INCLUDE loop.inc\n");
	assert_int_equal(zone_error(at("loop.zone"), &err), DL_EINPUT);
	assert_string_equal(err.message,
	    "$INCLUDE nested more than 4 levels deep");
	assert_string_equal(err.file, at("loop.inc"));
	assert_int_equal(err.line, 2);
	/* Two files including each other. */
	puts_file("ping.inc", "$INCLUDE pong.inc\n");
	puts_file("pong.inc", "$INCLUDE ping.inc\n");
	puts_file("pingpong.zone", SOA_TEXT "$INCLUDE ping.inc\n");
	assert_int_equal(zone_error(at("pingpong.zone"), &err), DL_EINPUT);
	assert_string_equal(err.message,
	    "$INCLUDE nested more than 4 levels deep");
}

/*
 * Five small files, each including the next 30 times: 810,000 files and
 * 24 million records.  The number of files and the bytes read from them
 * are bounded per load.
 */
static void
test_zone_include_fanout_refused(void **state)
{
	struct text t = { NULL, 0, 0 };
	static const char *const names[] = { "fan1.inc", "fan2.inc",
	    "fan3.inc", "fan4.inc" };
	struct dl_error err;
	double t0;
	size_t i, k;
	char *buf;

	(void)state;
	addf(&t, SOA_TEXT);
	for (k = 0; k < 30; k++)
		addf(&t, "$INCLUDE fan1.inc\n");
	put("fan.zone", t.s, t.len);
	for (i = 0; i < 3; i++) {
		t.len = 0;
		for (k = 0; k < 30; k++)
			addf(&t, "$INCLUDE %s\n", names[i + 1]);
		put(names[i], t.s, t.len);
	}
	t.len = 0;
	for (k = 0; k < 30; k++)
		addf(&t, "h%zu IN A 192.0.2.1\n", k);
	put(names[3], t.s, t.len);
	t0 = mono();
	assert_int_equal(zone_error(at("fan.zone"), &err), DL_EINPUT);
	assert_string_equal(err.message, "more than 1000 $INCLUDE files in "
	    "all");
	assert_string_equal(err.file, at("fan3.inc"));
	if (timing())
		assert_true(mono() - t0 < 5.0);
	/* Few files, but large: 70 x 4 MiB of comments. */
	assert_non_null(buf = malloc(4 * MIB));
	for (i = 0; i < 4 * MIB; i += 64) {
		memset(buf + i, 'x', 64);
		buf[i] = ';';
		buf[i + 63] = '\n';
	}
	put("comments.inc", buf, 4 * MIB);
	free(buf);
	t.len = 0;
	addf(&t, SOA_TEXT);
	for (k = 0; k < 70; k++)
		addf(&t, "$INCLUDE comments.inc\n");
	put("heavy.zone", t.s, t.len);
	assert_int_equal(zone_error(at("heavy.zone"), &err), DL_EINPUT);
	assert_string_equal(err.message, "$INCLUDE files hold more than 256 "
	    "MiB in all");
	free(t.s);
}

static void
test_zone_include_escape_refused(void **state)
{
	struct dl_error err;
	char want[PATH_MAX + 128];

	(void)state;
	assert_int_equal(mkdir(at("zones"), 0755), 0);
	puts_file("secret", "s IN TXT \"secret\"\n");
	puts_file("zones/up.zone", SOA_TEXT "$INCLUDE ../secret\n");
	assert_int_equal(zone_error(at("zones/up.zone"), &err), DL_EINPUT);
	snprintf(want, sizeof(want), "$INCLUDE '../secret' points outside the "
	    "folder '%s'", at("zones"));
	assert_string_equal(err.message, want);
	puts_file("zones/sneaky.zone", SOA_TEXT "$INCLUDE a/../../secret\n");
	assert_int_equal(zone_error(at("zones/sneaky.zone"), &err), DL_EINPUT);
	assert_non_null(strstr(err.message, "points outside the folder"));
	puts_file("zones/abs.zone", SOA_TEXT "$INCLUDE /etc/passwd\n");
	assert_int_equal(zone_error(at("zones/abs.zone"), &err), DL_EINPUT);
	assert_string_equal(err.message,
	    "$INCLUDE '/etc/passwd': absolute paths are not allowed");
	/* A symbolic link inside the folder that leads out of it. */
	assert_int_equal(symlink("../secret", at("zones/link.inc")), 0);
	puts_file("zones/link.zone", SOA_TEXT "$INCLUDE link.inc\n");
	assert_int_equal(zone_error(at("zones/link.zone"), &err), DL_EINPUT);
	snprintf(want, sizeof(want), "$INCLUDE 'link.inc' points outside the "
	    "folder '%s'", at("zones"));
	assert_string_equal(err.message, want);
	/* An included FIFO is refused, not waited for. */
	assert_int_equal(mkfifo(at("zones/fifo.inc"), 0644), 0);
	puts_file("zones/fifo.zone", SOA_TEXT "$INCLUDE fifo.inc\n");
	assert_int_equal(zone_error(at("zones/fifo.zone"), &err), DL_EINPUT);
	assert_string_equal(err.message, "not a regular file but a FIFO");
}

/* ---------------------------------------------------------------------
 * Files that are not text files
 */

static void
test_nonregular_inputs_refused(void **state)
{
	static const char *const paths[] = { "fifo", "/dev/zero" };
	static const char *const kinds[] = { "a FIFO", "a device" };
	struct dl_dnsq_tsig *key = NULL;
	struct dl_config *c = NULL;
	struct dl_plan *p = NULL;
	struct dl_error err;
	char want[128];
	const char *path;
	size_t i;

	(void)state;
	assert_int_equal(mkfifo(at("fifo"), 0644), 0);
	/* A hang here is what the test is about: alarm() in main ends it. */
	for (i = 0; i < 2; i++) {
		path = i == 0 ? at(paths[i]) : paths[i];
		snprintf(want, sizeof(want), "cannot read: not a regular file "
		    "(%s)", kinds[i]);
		assert_int_equal(dl_plan_load(path, NOW, &p, &err), DL_EIO);
		assert_string_equal(err.message, want);
		assert_int_equal(dl_config_load(path, &c, &err), DL_EIO);
		assert_string_equal(err.message, want);
		snprintf(want, sizeof(want), "not a regular file but %s",
		    kinds[i]);
		assert_int_equal(zone_error(path, &err), DL_EINPUT);
		assert_string_equal(err.message, want);
		assert_int_equal(dl_diff_desired_plan(path, NULL, &p, &err),
		    DL_EINPUT);
		assert_string_equal(err.message, want);
		assert_int_equal(dl_dnsq_tsig_load(path, &key, &err), DL_EIO);
		assert_string_equal(err.message,
		    "cannot read: not a regular file");
	}
	assert_int_equal(dl_plan_load(tmp, NOW, &p, &err), DL_EIO);
	assert_string_equal(err.message,
	    "cannot read: not a regular file (a directory)");
	assert_int_equal(zone_error(tmp, &err), DL_EINPUT);
	assert_string_equal(err.message, "not a regular file but a directory");
}

static void
test_binary_inputs_refused(void **state)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	static const unsigned char nul[] = { 'z', 'o', 'n', 'e', ':', ' ',
	    'x', 0, '\n' };
	struct dl_config *c = NULL;
	struct dl_error err;
	char line[2048];

	(void)state;
	assert_string_equal(plan_error((const char *)png, sizeof(png)),
	    "plan.yaml:1:1: invalid UTF-8: byte 0x89 does not start a valid "
	    "character; save the file as UTF-8");
	assert_string_equal(plan_error((const char *)nul, sizeof(nul)),
	    "plan.yaml:1:8: control character 0x00 is not allowed");
	assert_int_equal(dl_config_load_buffer("c.yaml", (const char *)nul,
	    sizeof(nul), &c, &err), DL_EINPUT);
	assert_string_equal(dl_error_format(&err, line, sizeof(line)),
	    "c.yaml:1:8: control character 0x00 is not allowed");
	/* The NUL bytes are found before anything is parsed: line 3. */
	assert_int_equal(zone_error(put("png.zone", png, sizeof(png)), &err),
	    DL_EINPUT);
	assert_string_equal(err.message, "NUL byte: not a text zone file");
	assert_int_equal(err.line, 3);
	assert_int_equal(zone_error(put("nul.zone", nul, sizeof(nul)), &err),
	    DL_EINPUT);
	assert_string_equal(err.message, "NUL byte: not a text zone file");
	assert_int_equal(err.line, 1);
}

static void
test_empty_inputs(void **state)
{
	struct dl_config *c = NULL;
	struct dl_plan *p = NULL;
	struct dl_error err;

	(void)state;
	assert_string_equal(plan_error("", 0),
	    "plan.yaml:1:1: the plan is empty");
	assert_string_equal(plan_error_str("# nothing\n---\n"),
	    "plan.yaml:1:1: the plan is empty");
	assert_int_equal(dl_plan_load(puts_file("empty.yaml", ""), NOW, &p,
	    &err), DL_EINPUT);
	assert_string_equal(err.message, "the plan is empty");
	/* An empty configuration is the defaults. */
	assert_int_equal(dl_config_load(at("empty.yaml"), &c, &err), 0);
	assert_int_equal(c->n_providers, 0);
	dl_config_free(c);
	assert_int_equal(zone_error(puts_file("empty.zone", ""), &err),
	    DL_EINPUT);
	assert_string_equal(err.message, "the file is empty");
	assert_int_equal(zone_error(puts_file("blank.zone", "\n\n; x\n"),
	    &err), DL_EINPUT);
	assert_string_equal(err.message, "no SOA record at 'example.com.'");
}

static void
test_invalid_utf8(void **state)
{
	struct dl_zone *z = NULL;
	struct dl_error err;
	ldns_rr_list *l;

	(void)state;
	assert_string_equal(plan_error_str("zone: example.com\n"
	    "changes:\n  - name: caf\xc3\n    type: A\n"),
	    "plan.yaml:3:14: invalid UTF-8: byte 0xc3 does not start a valid "
	    "character; save the file as UTF-8");
	assert_string_equal(plan_error_str("zone: \xff\xfe\n"),
	    "plan.yaml:1:7: invalid UTF-8: byte 0xff does not start a valid "
	    "character; save the file as UTF-8");
	/* UTF-16 is not converted: refused at its first byte. */
	assert_string_equal(plan_error("\xff\xfez\0o\0n\0e\0", 10),
	    "plan.yaml:1:1: invalid UTF-8: byte 0xff does not start a valid "
	    "character; save the file as UTF-8");
	/* DNS data is bytes: a zone file may hold any in a TXT record. */
	puts_file("utf8.zone", SOA_TEXT "t IN TXT \"caf\xc3\xa9 \xff\"\n"
	    "caf\xc3\xa9 IN A 192.0.2.1\n");
	if (dl_zone_load_file(at("utf8.zone"), "example.com.", NULL, &z,
	    &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(dl_zone_record_count(z), 5);
	assert_non_null(l = dl_zone_rrset(z, "caf\\195\\169.example.com.",
	    LDNS_RR_TYPE_A));
	assert_int_equal(ldns_rr_list_rr_count(l), 1);
	ldns_rr_list_free(l);
	dl_zone_free(z);
}

/* ---------------------------------------------------------------------
 * The command line: exit status 2, and no waiting
 */

/* Run dnslint with args (a shell word list): its exit status. */
static int
cli(const char *args)
{
	char cmd[PATH_MAX * 2];
	int st;

	/* A hang is a failure; the slow runs (valgrind, TSan) get longer. */
	snprintf(cmd, sizeof(cmd), "cd %s && timeout %d %s --now "
	    "2026-11-22T12:00:00Z %s >out 2>err", tmp, timing() ? 20 : 600,
	    prog, args);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static const char *
cli_err(void)
{
	static char buf[2048];
	FILE *f;
	size_t n;

	assert_non_null(f = fopen(at("err"), "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void
test_cli_exit_2(void **state)
{
	struct text t = { NULL, 0, 0 };
	size_t i;

	(void)state;
	if (access(prog, X_OK) != 0)
		fail_msg("%s: %s", prog, strerror(errno));
	if (access(at("fifo"), F_OK) != 0)
		assert_int_equal(mkfifo(at("fifo"), 0644), 0);
	puts_file("ok.zone", SOA_TEXT);
	puts_file("ok.yaml", "zone: example.com\nlive_zone_file: ok.zone\n"
	    "changes:\n  - { name: www, type: A, to: 192.0.2.1 }\n");
	assert_int_equal(cli("fifo"), 2);
	assert_string_equal(cli_err(),
	    "fifo: cannot read: not a regular file (a FIFO)\n");
	assert_int_equal(cli("-c /dev/zero ok.yaml"), 2);
	assert_string_equal(cli_err(),
	    "/dev/zero: cannot read: not a regular file (a device)\n");
	assert_int_equal(cli("-z fifo ok.yaml"), 2);
	assert_string_equal(cli_err(), "fifo: not a regular file but a FIFO\n");
	assert_int_equal(cli("-z /dev/zero ok.yaml"), 2);
	assert_int_equal(cli("--desired fifo -z ok.zone"), 2);
	assert_string_equal(cli_err(), "fifo: not a regular file but a FIFO\n");
	assert_int_equal(cli("--desired /dev/zero -z ok.zone"), 2);
	/* Refused at once: an unreadable key file is bad input (2). */
	assert_int_equal(cli("--axfr --tsig-file fifo -s 127.0.0.1@9 ok.yaml"),
	    2);
	assert_string_equal(cli_err(),
	    "fifo: cannot read: not a regular file\n");
	assert_int_equal(cli("binary.yaml"), 2);
	assert_int_equal(cli("empty.yaml"), 2);
	assert_string_equal(cli_err(), "empty.yaml:1:1: the plan is empty\n");
	assert_int_equal(cli("-z line.zone ok.yaml"), 2);
	assert_int_equal(cli("-z loop.zone ok.yaml"), 2);
	/* 100k changes work (exit 1: every TTL is too high). */
	addf(&t, "zone: example.com.\nlive_zone_file: 100k.zone\n"
	    "cutover: 2026-12-01T10:00:00Z\nchanges:\n");
	for (i = 0; i < 100000; i++)
		addf(&t, "  - { name: h%zu, type: A, to: 198.51.100.1, "
		    "ttl: 300 }\n", i);
	put("100k.yaml", t.s, t.len);
	free(t.s);
	if (access(at("100k.zone"), F_OK) != 0)
		big_zone("100k.zone", 100000);
	assert_int_equal(cli("-f compact 100k.yaml"), 1);
}

/*
 * The files a plan names stay inside its root (outside a git work tree,
 * as here: the plan's folder); a plan cannot make dnslint quote the first
 * line of another file.  Paths on the command line are the user's own.
 */
static void
test_cli_plan_paths_confined(void **state)
{
	char root[PATH_MAX], want[PATH_MAX * 2];

	(void)state;
	if (access(at("conf"), F_OK) != 0) {
		assert_int_equal(mkdir(at("conf"), 0755), 0);
		assert_int_equal(mkdir(at("conf/plans"), 0755), 0);
		assert_int_equal(symlink("../secret.zone",
		    at("conf/plans/link.zone")), 0);
	}
	puts_file("conf/secret.zone", "SECRET in the first line\n");
	puts_file("conf/plans/live.zone", SOA_TEXT);
	puts_file("conf/plans/up.yaml", "zone: example.com\n"
	    "live_zone_file: ../secret.zone\n"
	    "changes:\n  - { name: www, type: A, to: 192.0.2.1 }\n");
	puts_file("conf/plans/link.yaml", "zone: example.com\n"
	    "live_zone_file: link.zone\n"
	    "changes:\n  - { name: www, type: A, to: 192.0.2.1 }\n");
	puts_file("conf/plans/abs.yaml", "zone: example.com\n"
	    "desired: /etc/passwd\n");
	puts_file("conf/plans/missing.yaml", "zone: example.com\n"
	    "live_zone_file: missing.zone\n"
	    "changes:\n  - { name: www, type: A, to: 192.0.2.1 }\n");
	assert_non_null(realpath(at("conf/plans"), root));

	assert_int_equal(cli("conf/plans/up.yaml"), 2);
	snprintf(want, sizeof(want), "conf/plans/up.yaml:2:17: "
	    "live_zone_file '../secret.zone' is outside the plan's folder "
	    "'%s': a plan may only name files inside it (give a zone file "
	    "elsewhere with -z)\n", root);
	assert_string_equal(cli_err(), want);
	assert_int_equal(cli("conf/plans/link.yaml"), 2);
	snprintf(want, sizeof(want), "conf/plans/link.yaml:2:17: "
	    "live_zone_file 'link.zone' is outside the plan's folder '%s': a "
	    "plan may only name files inside it (give a zone file elsewhere "
	    "with -z)\n", root);
	assert_string_equal(cli_err(), want);
	assert_int_equal(cli("-z conf/plans/live.zone conf/plans/abs.yaml"),
	    2);
	snprintf(want, sizeof(want), "conf/plans/abs.yaml:2:10: desired "
	    "'/etc/passwd' is outside the plan's folder '%s': a plan may only "
	    "name files inside it (give a zone file elsewhere with "
	    "--desired)\n", root);
	assert_string_equal(cli_err(), want);
	assert_int_equal(cli("conf/plans/missing.yaml"), 2);
	assert_string_equal(cli_err(), "conf/plans/missing.yaml:2:17: cannot "
	    "open live_zone_file 'missing.zone': No such file or directory\n");
	/* The same plans with the live zone from the command line: the
	 * plan's path is not used, so not refused (exit 1: the TTL). */
	assert_int_equal(cli("-f compact -z conf/plans/live.zone "
	    "conf/plans/up.yaml"), 1);
	/* -z may name a file anywhere: the user's own choice. */
	puts_file("conf/outside.zone", SOA_TEXT);
	assert_int_equal(cli("-f compact -z conf/outside.zone "
	    "conf/plans/up.yaml"), 1);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/dnslint-bounds-XXXXXX");
	if (mkdtemp(tmp) == NULL)
		return -1;
	put("binary.yaml", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_anchors_and_aliases_refused),
		cmocka_unit_test(test_yaml_deep_nesting_refused),
		cmocka_unit_test(test_yaml_long_scalars_refused),
		cmocka_unit_test(test_yaml_file_size),
		cmocka_unit_test(test_plan_read_whole),
		cmocka_unit_test(test_plan_100k_changes),
		cmocka_unit_test(test_config_many_providers),
		cmocka_unit_test(test_zone_long_line_refused),
		cmocka_unit_test(test_zone_include_loop_refused),
		cmocka_unit_test(test_zone_include_fanout_refused),
		cmocka_unit_test(test_zone_include_escape_refused),
		cmocka_unit_test(test_nonregular_inputs_refused),
		cmocka_unit_test(test_binary_inputs_refused),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_cli_exit_2),
		cmocka_unit_test(test_cli_plan_paths_confined),
	};
	char self[PATH_MAX - 16], *slash;
	ssize_t n;

	(void)argc;
	(void)argv;
	/* The dnslint of this build: build/tests/test_bounds -> build/. */
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return 1;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) != NULL)
		*slash = '\0';
	if ((slash = strrchr(self, '/')) != NULL)
		*slash = '\0';
	snprintf(prog, sizeof(prog), "%s/dnslint", self);
	/* A hang is a failure, not a stuck test run. */
	alarm(getenv("DNSLINT_NO_TIMING") ? 3000 : 300);
	return cmocka_run_group_tests(tests, setup, teardown);
}
