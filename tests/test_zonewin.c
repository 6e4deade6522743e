/*
 * test_zonewin.c - unit tests for lib/zonewin.c, a large zone file read a
 * stretch at a time: what is filled is the file's bytes, what is given
 * back is given back (reads as zeros) unless another scanner holds it,
 * what is given back is read again when filled again, win_all() reads it
 * all and stops the giving back, and a file that ends before its length
 * is a read that failed.  The page is made small (dl_zone_set_split_min())
 * so that a file of a few hundred KiB has many.  The only test program
 * that includes zone_impl.h: the module has no interface outside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "zone_impl.h"

#define LEN	(300 * 1024 + 123)	/* the file: not a whole page */

struct fx {
	char	 path[64];
	int	 fd;
	char	*want;			/* the file's bytes */
	struct zwin *w;
	const char *text;
};

/* A file of LEN bytes none of which is 0, opened, and a window on it. */
static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	size_t i;

	assert_non_null(x);
	dl_zone_set_split_min(32 * 1024);	/* pages of 16 KiB */
	assert_non_null(x->want = malloc(LEN));
	for (i = 0; i < LEN; i++)
		x->want[i] = (char)('a' + i % 23);
	snprintf(x->path, sizeof(x->path), "/tmp/dnslint-zonewin-XXXXXX");
	assert_int_not_equal(x->fd = mkstemp(x->path), -1);
	assert_int_equal(write(x->fd, x->want, LEN), LEN);
	assert_non_null(x->w = win_open(x->fd, LEN, &x->text));
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	win_close(x->w);
	close(x->fd);
	unlink(x->path);
	free(x->want);
	free(x);
	dl_zone_set_split_min(0);
	return 0;
}

/* Are bytes a to b of the window the file's? */
static int
same(const struct fx *x, size_t a, size_t b)
{
	return memcmp(x->text + a, x->want + a, b - a) == 0;
}

/* Are they all 0 (given back)? */
static int
zero(const struct fx *x, size_t a, size_t b)
{
	for (; a < b; a++)
		if (x->text[a] != 0)
			return 0;
	return 1;
}

static void
test_fill_reads_the_file(void **state)
{
	struct fx *x = *state;
	int s = win_slot(x->w);

	assert_true(s >= 0);
	assert_true(zero(x, 0, LEN));
	assert_int_equal(win_fill(x->w, s, x->text, x->text + 1000,
	    x->text + 70000), 0);
	assert_true(same(x, 1000, 70000));
	/* To the end, which is not on a page. */
	assert_int_equal(win_fill(x->w, s, x->text, x->text + 290000,
	    x->text + LEN + 5000), 0);
	assert_true(same(x, 290000, LEN));
	assert_int_equal(win_bad(x->w), 0);
}

/*
 * Given back: whole pages only, not those another slot holds (from what
 * it has not checked to what it filled), those the giver holds itself.
 */
static void
test_give_back_spares_what_is_held(void **state)
{
	struct fx *x = *state;
	size_t page = split_at.win_page;
	int a = win_slot(x->w), b = win_slot(x->w);

	assert_true(a >= 0 && b >= 0 && a != b);
	assert_int_equal(page, 16 * 1024);
	assert_int_equal(win_fill(x->w, b, x->text, x->text,
	    x->text + 12 * page), 0);
	assert_int_equal(win_fill(x->w, a, x->text + 6 * page + 100,
	    x->text + 6 * page, x->text + 9 * page), 0);
	assert_true(same(x, 0, 12 * page));
	win_give(x->w, b, x->text + 100, x->text + 12 * page - 100);
	/* The partial pages at either end stay, as do a's. */
	assert_true(same(x, 0, page));
	assert_true(zero(x, page, 6 * page));
	assert_true(same(x, 6 * page, 9 * page));
	assert_true(zero(x, 9 * page, 11 * page));
	assert_true(same(x, 11 * page, 12 * page));
	/* a lets go: b gives them back; a gives back what it holds. */
	win_unslot(x->w, a);
	win_give(x->w, b, x->text + 6 * page, x->text + 7 * page);
	assert_true(zero(x, 6 * page, 7 * page));
	win_give(x->w, b, x->text + 7 * page, x->text + 8 * page);
	assert_true(zero(x, 7 * page, 8 * page));
	win_give(x->w, b, x->text + 8 * page, x->text + 9 * page);
	assert_true(zero(x, 8 * page, 9 * page));
	win_unslot(x->w, b);
}

/* A stretch given back and filled again is the file's again. */
static void
test_given_back_is_read_again(void **state)
{
	struct fx *x = *state;
	size_t page = split_at.win_page;
	int s = win_slot(x->w);

	assert_int_equal(win_fill(x->w, s, x->text, x->text,
	    x->text + 8 * page), 0);
	win_give(x->w, s, x->text, x->text + 8 * page);
	assert_true(zero(x, 0, 8 * page));
	assert_int_equal(win_fill(x->w, s, x->text, x->text + 2 * page + 7,
	    x->text + 5 * page), 0);
	assert_true(same(x, 2 * page, 5 * page));
	assert_true(zero(x, 5 * page, 8 * page));
}

/* win_all(): the whole file, and nothing given back after it. */
static void
test_all_reads_all_and_keeps_it(void **state)
{
	struct fx *x = *state;
	int s = win_slot(x->w);

	assert_int_equal(win_fill(x->w, s, x->text, x->text,
	    x->text + 100000), 0);
	win_give(x->w, s, x->text, x->text + 100000);
	assert_int_equal(win_all(x->w), 0);
	assert_true(same(x, 0, LEN));
	win_give(x->w, s, x->text, x->text + LEN);
	assert_true(same(x, 0, LEN));
}

/* A file shorter than its length when read: a read that failed. */
static void
test_short_file_is_a_failed_read(void **state)
{
	struct fx *x = *state;
	int s = win_slot(x->w);

	assert_int_equal(ftruncate(x->fd, 100000), 0);
	assert_int_equal(win_fill(x->w, s, x->text, x->text,
	    x->text + 90000), 0);
	assert_int_equal(win_fill(x->w, s, x->text, x->text + 90000,
	    x->text + 200000), DL_EIO);
	assert_int_equal(win_bad(x->w), DL_EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fill_reads_the_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_give_back_spares_what_is_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_given_back_is_read_again,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_all_reads_all_and_keeps_it, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_short_file_is_a_failed_read, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
