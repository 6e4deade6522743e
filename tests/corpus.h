/*
 * corpus.h - the bad-input corpus runner shared by the unit tests.
 *
 * A corpus is a directory of cases NAME.EXT (a plan, a config, a zone),
 * each with NAME.expect whose first line is the exact error line,
 * "file:line:column: message" as dl_error_format() writes it, that
 * loading NAME.EXT must give.  t_corpus_run() loads every case in name
 * order and compares; it runs them all and lists every mismatch before it
 * fails, so one run shows all that a change broke.
 *
 * Each test program is its own binary and includes this header once: the
 * functions are static.  Run from the top of the source tree: the paths
 * are relative to it and appear in the expected lines.
 */
#ifndef DL_TEST_CORPUS_H
#define DL_TEST_CORPUS_H

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

#include "error.h"

/*
 * Load the case at path.  Returns 0 when it loaded (having freed what it
 * loaded), else the negative code with err filled.  arg is the runner's.
 */
typedef int	t_corpus_load(const char *path, void *arg, struct dl_error *err);

static int
t_corpus_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The first line of path, without its newline, into buf (size n).
 * Returns 0, or -1 when path cannot be read or is empty.
 */
static int
t_corpus_first_line(const char *path, char *buf, size_t n)
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

/*
 * The names of dir's files that end in ".ext", without it, sorted, as a
 * new array of *n new strings: free each and the array.
 */
static char **
t_corpus_names(const char *dir, const char *ext, size_t *n)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, **grown;
	size_t len, elen = strlen(ext) + 1, cap = 0;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		fail_msg("%s: %s (run from the top of the tree)", dir,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= elen || de->d_name[len - elen] != '.' ||
		    strcmp(de->d_name + len - elen + 1, ext) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			assert_non_null(grown = realloc(names,
			    cap * sizeof(names[0])));
			names = grown;
		}
		assert_non_null(names[*n] = strndup(de->d_name, len - elen));
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(names[0]), t_corpus_cmp);
	return names;
}

/*
 * Run the corpus dir/NAME.ext (ext without its dot): load(path, arg, err)
 * must fail for every case with the code want_rc (any negative code when
 * want_rc is 0) and the error line of NAME.expect.  A case without a
 * readable, non-empty .expect, a case that loads, a different code or a
 * different line is a mismatch; each is printed, and the test fails after
 * the last case if there was any, or if there are fewer than min cases
 * (min is at least 1: an empty corpus tests nothing).
 */
static void
t_corpus_run(const char *dir, const char *ext, size_t min, int want_rc,
    t_corpus_load *load, void *arg)
{
	struct dl_error err;
	char **names, path[PATH_MAX], expect[2048], got[2048];
	size_t n, i, failed = 0;
	int rc;

	names = t_corpus_names(dir, ext, &n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s.expect", dir, names[i]);
		if (t_corpus_first_line(path, expect, sizeof(expect)) == -1) {
			print_error("%s: missing or empty\n", path);
			failed++;
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s.%s", dir, names[i], ext);
		memset(&err, 0, sizeof(err));
		if ((rc = load(path, arg, &err)) == 0) {
			print_error("%s: loaded, expected\n  %s\n", path,
			    expect);
			failed++;
			continue;
		}
		dl_error_format(&err, got, sizeof(got));
		if ((want_rc != 0 && rc != want_rc) || rc > 0 ||
		    strcmp(got, expect) != 0) {
			print_error("%s (rc %d):\n  expected %s\n  got      "
			    "%s\n", path, rc, expect, got);
			failed++;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (n < (min > 0 ? min : 1))
		fail_msg("%s: %zu cases of *.%s, expected at least %zu", dir,
		    n, ext, min > 0 ? min : 1);
	if (failed > 0)
		fail_msg("%s: %zu of %zu cases failed", dir, failed, n);
}

#endif
