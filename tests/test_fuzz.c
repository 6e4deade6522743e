/*
 * test_fuzz.c - the fuzz targets' harness (tests/fuzz/harness.h) in the
 * normal build: every input a fuzzer once found failing, the reply,
 * zone transfer and key file seeds, and the bad-input corpora, each with
 * the exact line it must end with.  make test runs it plainly and under ASan + UBSan (make test
 * SANITIZE=1), and CI under valgrind, so an input that crashed, leaked or
 * hung stays fixed.
 *
 * tests/fixtures/fuzz-regressions/TARGET/NAME is an input for TARGET
 * (plan, config, zone, diff, octodns, reply, axfr, tsigkey); NAME.expect
 * holds the line the harness must write for it.  To add one: fix the bug, copy
 * the input from build-fuzz/artifacts/TARGET/ under a name that says what
 * it was, and write the line the fixed code gives into NAME.expect:
 *
 *	make build/fuzz-replay
 *	build/fuzz-replay TARGET NAME > NAME.expect
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz/harness.h"

#define REGRESSIONS	"tests/fixtures/fuzz-regressions"
#define T_MAX_INPUT	(64 * 1024 * 1024)

static uint8_t *
slurp(const char *path, size_t *size)
{
	uint8_t *buf;
	FILE *f;
	long n = 0;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    n > T_MAX_INPUT || fseek(f, 0, SEEK_SET) != 0)
		fail_msg("%s: cannot tell its size", path);
	assert_non_null(buf = malloc((size_t)n + 1));
	if (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("%s: short read", path);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* The first line of path without its newline; 0, or -1 without one. */
static int
first_line(const char *path, char *buf, size_t n)
{
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, (int)n, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dir's file names ending in suffix ("" for all but *.expect), sorted. */
static char **
names(const char *dir, const char *suffix, size_t *n)
{
	char **v = NULL, **grown;
	struct dirent *de;
	size_t cap = 0, len, sl = strlen(suffix);
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if (sl == 0 && len > 7 &&
		    strcmp(de->d_name + len - 7, ".expect") == 0)
			continue;
		if (sl > 0 && (len <= sl ||
		    strcmp(de->d_name + len - sl, suffix) != 0))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			assert_non_null(grown = realloc(v, cap * sizeof(*v)));
			v = grown;
		}
		assert_non_null(v[(*n)++] = strdup(de->d_name));
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_names);
	return v;
}

static void
free_names(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Run every input of dir (files ending in suffix; "" all but .expect)
 * through the target.  want(dir, name, buf, n) says what the harness must
 * write (with prefix: what it must begin with); NULL: the line of
 * NAME.expect, which must exist.  Returns the number of inputs; fails
 * after the last one on mismatches.
 */
typedef int	want_fn(const char *dir, const char *name, char *buf, size_t n);

static size_t
replay(const char *target, const char *dir, const char *suffix,
    want_fn *want, int prefix)
{
	t_fuzz_fn *fn = t_fuzz_find(target);
	char path[PATH_MAX], expect[2048], got[4096];
	size_t n, i, bad = 0, size;
	uint8_t *data;
	char **v;

	assert_non_null(fn);
	v = names(dir, suffix, &n);
	for (i = 0; i < n; i++) {
		/* NAME.expect, for NAME or NAME.SUFFIX */
		snprintf(path, sizeof(path), "%s/%.*s.expect", dir,
		    (int)(strlen(v[i]) - strlen(suffix)), v[i]);
		if ((want != NULL ? want(dir, v[i], expect, sizeof(expect)) :
		    first_line(path, expect, sizeof(expect))) != 0) {
			print_error("%s: missing or empty\n", path);
			bad++;
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, v[i]);
		data = slurp(path, &size);
		fn(data, size, got, sizeof(got));
		free(data);
		if (prefix ? strncmp(got, expect, strlen(expect)) != 0 :
		    strcmp(got, expect) != 0) {
			print_error("%s (%s):\n  expected %s\n  got      %s\n",
			    path, target, expect, got);
			bad++;
		}
	}
	free_names(v, n);
	if (bad > 0)
		fail_msg("%s: %zu of %zu inputs failed", dir, bad, n);
	return n;
}

static void
test_fuzz_regressions(void **state)
{
	static const char *const targets[] = { "plan", "config", "zone",
	    "diff", "octodns", "reply", "axfr", "tsigkey", "terraform" };
	char dir[PATH_MAX];
	size_t i, total = 0;

	(void)state;
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", REGRESSIONS, targets[i]);
		total += replay(targets[i], dir, "", NULL, 0);
	}
	if (total == 0)
		fail_msg("%s: no inputs (run from the top of the tree)",
		    REGRESSIONS);
}

/* The reply seeds: each says how the batch takes it, in NAME.expect. */
static void
test_fuzz_reply_seeds(void **state)
{
	(void)state;
	assert_true(replay("reply", "tests/fuzz/seeds/reply", ".bin",
	    NULL, 0) >= 15);
}

/*
 * The zone transfer seeds (whole transfers with and without TSIG, and
 * every way one fails) and the key file seeds, each with its line.
 */
static void
test_fuzz_axfr_seeds(void **state)
{
	(void)state;
	assert_true(replay("axfr", "tests/fuzz/seeds/axfr", ".bin",
	    NULL, 0) >= 30);
	assert_true(replay("tsigkey", "tests/fuzz/seeds/tsigkey", ".key",
	    NULL, 0) >= 10);
}

/*
 * A bad-input corpus case's error line, as the harness writes it:
 * "error -1: fuzz.yaml:LINE:COL: message" for the case's
 * "tests/fixtures/bad-plans/NAME.yaml:LINE:COL: message".
 */
static int
want_yaml(const char *dir, const char *name, char *buf, size_t n)
{
	char path[PATH_MAX], line[2048], stem[PATH_MAX];
	size_t sl;

	snprintf(stem, sizeof(stem), "%s", name);
	stem[strlen(stem) - strlen(".yaml")] = '\0';
	snprintf(path, sizeof(path), "%s/%s.expect", dir, stem);
	if (first_line(path, line, sizeof(line)) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	sl = strlen(path);
	if (strncmp(line, path, sl) != 0)
		return -1;
	snprintf(buf, n, "error -1: fuzz.yaml%s", line + sl);
	return 0;
}

/* "error -1: fuzz.yaml:": the config corpus is written for the rules of
 * test_config's registry, so only its being refused is the same. */
static int
want_refused(const char *dir, const char *name, char *buf, size_t n)
{
	(void)dir;
	(void)name;
	snprintf(buf, n, "error -1: fuzz.yaml:");
	return 0;
}

/* The plan target gives the plan corpus's exact errors. */
static void
test_fuzz_bad_inputs(void **state)
{
	(void)state;
	assert_true(replay("plan", "tests/fixtures/bad-plans", ".yaml",
	    want_yaml, 0) > 50);
	assert_true(replay("config", "tests/fixtures/bad-configs", ".yaml",
	    want_refused, 1) > 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_regressions),
		cmocka_unit_test(test_fuzz_reply_seeds),
		cmocka_unit_test(test_fuzz_axfr_seeds),
		cmocka_unit_test(test_fuzz_bad_inputs),
	};

	(void)t_fuzz_scratch();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
