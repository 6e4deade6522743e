/*
 * test_bigmem.c - unit tests for lib/bigmem.c: the memory is what was
 * asked for (aligned, zeroed, growable, freed), its mappings are advised
 * for huge pages (the "hg" of /proc/self/smaps), a range prefaulted or
 * populated is in the page table before it is touched
 * (/proc/self/pagemap), and where the page faults can be counted (not
 * under valgrind or a sanitizer, whose shadow memory has faults of its
 * own) it costs the faults it is meant to: one per huge page, none after
 * a prefault.  Transparent huge pages and the MADV_POPULATE_* calls
 * (Linux 5.14) are the kernel's: without them those tests skip.
 */
#include <sys/mman.h>
#include <sys/resource.h>

#include <fcntl.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bigmem.h"

#define MIB	((size_t)1024 * 1024)

/* Minor page faults of this process so far. */
static long
faults(void)
{
	struct rusage ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_minflt;
}

/* Write a byte in each small page of [p, p + n). */
static void
touch(volatile char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 4096)
		p[i] = 1;
}

/* Read a byte in each small page of [p, p + n). */
static unsigned
read_pages(const volatile char *p, size_t n)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < n; i += 4096)
		sum += (unsigned char)p[i];
	return sum;
}

/*
 * Are page faults counted as the kernel takes them: not under valgrind
 * (DNSLINT_NO_TIMING, as for the timing checks) or a sanitizer?
 */
static int
real_faults(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	return 0;
#endif
#endif
	return getenv("DNSLINT_NO_TIMING") == NULL;
}

/*
 * The mapping that holds p (/proc/self/smaps): -1 when there is none,
 * else whether it is advised for huge pages ("hg" in its VmFlags).
 */
static int
mapping(const void *p)
{
	char line[512];
	unsigned long lo, hi;
	int in = 0, hg = -1;
	FILE *f;

	assert_non_null(f = fopen("/proc/self/smaps", "r"));
	while (hg < 0 && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, ':') != NULL && line[0] != 'V')
			in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		else if (in && strncmp(line, "VmFlags:", 8) == 0)
			hg = strstr(line, " hg") != NULL;
	}
	fclose(f);
	return hg;
}

/* Is the mapping that holds p (there must be one) advised? */
static int
advised(const void *p)
{
	int hg = mapping(p);

	assert_true(hg >= 0);
	return hg;
}

/* How many of the n bytes' small pages at p are in the page table. */
static size_t
present(const void *p, size_t n)
{
	uint64_t e;
	size_t i, k = 0;
	int fd;

	assert_true((fd = open("/proc/self/pagemap", O_RDONLY)) >= 0);
	for (i = 0; i < n; i += 4096) {
		assert_int_equal(pread(fd, &e, sizeof(e), (off_t)(((uintptr_t)p
		    + i) / 4096 * sizeof(e))), (ssize_t)sizeof(e));
		k += (size_t)(e >> 63);
	}
	close(fd);
	return k;
}

/*
 * Transparent huge pages for memory that asks for them, or skip: 1 when
 * only for that memory (madvise), 2 for all (always).
 */
static int
need_thp(void)
{
	char buf[128] = "";
	FILE *f;

	if ((f = fopen("/sys/kernel/mm/transparent_hugepage/enabled",
	    "r")) == NULL)
		skip();
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	if (strstr(buf, "[madvise]") != NULL)
		return 1;
	if (strstr(buf, "[always]") != NULL)
		return 2;
	skip();
	return 0;
}

/* The MADV_POPULATE_* calls (Linux 5.14), or skip. */
static void
need_populate(void)
{
#ifdef MADV_POPULATE_WRITE
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	int ok;

	assert_true(p != MAP_FAILED);
	ok = madvise(p, 4096, MADV_POPULATE_WRITE) == 0;
	munmap(p, 4096);
	if (!ok)
		skip();
#else
	skip();
#endif
}

static void
test_alloc_aligned_rounded_growable(void **state)
{
	char *p;
	size_t i;

	(void)state;
	assert_null(dl_bigmem_alloc(0));
	assert_null(dl_bigmem_alloc(SIZE_MAX - 1));
	p = dl_bigmem_alloc(DL_BIGMEM_PAGE + 1);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % DL_BIGMEM_PAGE, 0);
	/* Rounded up to whole huge pages: all of it is the caller's. */
	memset(p, 0x5a, 2 * DL_BIGMEM_PAGE);
	p = realloc(p, 3 * DL_BIGMEM_PAGE);
	assert_non_null(p);
	for (i = 0; i < 2 * DL_BIGMEM_PAGE; i += 4093)
		assert_int_equal((unsigned char)p[i], 0x5a);
	free(p);
}

static void
test_zalloc_zeroed_aligned_freed(void **state)
{
	unsigned char *p;
	size_t len = 0, i;

	(void)state;
	assert_null(dl_bigmem_zalloc(0, &len));
	p = dl_bigmem_zalloc(3 * MIB, &len);
	assert_non_null(p);
	assert_int_equal(len, 2 * DL_BIGMEM_PAGE);
	assert_int_equal((uintptr_t)p % DL_BIGMEM_PAGE, 0);
	for (i = 0; i < len; i++)
		if (p[i] != 0)
			fail_msg("byte %zu is %u", i, p[i]);
	memset(p, 0xff, len);
	dl_bigmem_free(p, len);
	/* Given back: the range is no longer mapped. */
	assert_int_equal(mapping(p), -1);
	assert_int_equal(mapping(p + len - 1), -1);
	dl_bigmem_free(NULL, 0);
}

/* A table: calloc(3)'s when small, on huge pages when large; zeroed. */
static void
test_table_small_and_large(void **state)
{
	unsigned char *p;
	size_t len = 1, i;

	(void)state;
	assert_null(dl_bigmem_table(SIZE_MAX / 2, 4, &len));
	p = dl_bigmem_table(1000, 8, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	for (i = 0; i < 8000; i++)
		assert_int_equal(p[i], 0);
	dl_bigmem_free(p, len);
	p = dl_bigmem_table(DL_BIGMEM_TABLE / 8, 8, &len);
	assert_non_null(p);
	assert_int_equal(len, DL_BIGMEM_TABLE);
	assert_int_equal((uintptr_t)p % DL_BIGMEM_PAGE, 0);
	for (i = 0; i < len; i += 511)
		assert_int_equal(p[i], 0);
	dl_bigmem_free(p, len);
}

/*
 * A table of DL_BIGMEM_SMALL or more comes from the kernel, none of its
 * pages in yet (for dl_bigmem_prefault() to take in one call), though
 * the heap has freed memory it could have used: calloc(3) would hand
 * that back and clear it page by page.  That memory is the process's
 * still (dl_bigmem_keep_heap()): the heap did not shrink.
 */
static void
test_table_middle_from_kernel(void **state)
{
	unsigned char *p, *used[64];
	size_t len = 0, n = DL_BIGMEM_SMALL / 8 + 4096, i;
	void *top;

	(void)state;
	/* malloc(3)'s default first (this process freed large blocks
	   before, which raises it), then the program's. */
	(void)mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	dl_bigmem_keep_heap();
	for (i = 0; i < 64; i++) {
		used[i] = malloc(8192);
		assert_non_null(used[i]);
		memset(used[i], 0xff, 8192);
	}
	/* dl_bigmem_keep_heap(): the heap stays the process's. */
	top = sbrk(0);
	for (i = 0; i < 64; i++)
		free(used[i]);
	assert_ptr_equal(sbrk(0), top);
	p = dl_bigmem_table(n, 8, &len);
	assert_non_null(p);
	assert_int_equal(len, n * 8);
	assert_int_equal(present(p, n * 8), 0);
	for (i = 0; i < n * 8; i++)
		assert_int_equal(p[i], 0);
	dl_bigmem_free(p, len);
	/* Just under it: calloc(3)'s. */
	p = dl_bigmem_table(DL_BIGMEM_SMALL / 8 - 1, 8, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	dl_bigmem_free(p, len);
}

/*
 * The n bytes at p advised for huge pages and written all over: a fault
 * per huge page, not per 4 KiB (2,048 small pages in 8 MiB: 4 huge ones,
 * a few more where the kernel had none to give).
 */
static void
faults_per_huge_page(char *p, size_t n)
{
	long before;

	assert_non_null(p);
	assert_true(advised(p));
	before = faults();
	touch(p, n);
	if (real_faults())
		assert_in_range(faults() - before, 0, 64);
}

static void
test_zalloc_faults_per_huge_page(void **state)
{
	size_t len, n = 8 * MIB;
	char *p;

	(void)state;
	need_thp();
	faults_per_huge_page(p = dl_bigmem_zalloc(n, &len), n);
	dl_bigmem_free(p, len);
}

static void
test_alloc_faults_per_huge_page(void **state)
{
	size_t n = 8 * MIB;
	char *p;

	(void)state;
	need_thp();
	faults_per_huge_page(p = dl_bigmem_alloc(n), n);
	free(p);
}

/*
 * n new bytes given to dl_bigmem_advise(): is the middle of them advised
 * for huge pages?  The faults writing all of them takes go in *nf (-1
 * where they cannot be counted).
 */
static int
advise_range(size_t n, long *nf)
{
	long before;
	char *p;
	int hg;

	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	assert_true(p != MAP_FAILED);
	dl_bigmem_advise(p, n);
	hg = advised(p + n / 2);
	before = faults();
	touch(p, n);
	*nf = real_faults() ? faults() - before : -1;
	munmap(p, n);
	return hg;
}

/* Advised: the whole huge pages inside, for ranges of four and more. */
static void
test_advise_large_only(void **state)
{
	long nf;
	int mode;

	(void)state;
	mode = need_thp();
	/* At least 8 MiB of 10 on huge pages: under 1,024 faults, not
	   2,560. */
	assert_true(advise_range(10 * MIB, &nf));
	if (nf >= 0)
		assert_in_range(nf, 0, 1024);
	/* A small range is left alone (it would be rounded up). */
	assert_false(advise_range(4 * MIB, &nf));
	if (nf >= 0 && mode == 1)
		assert_true(nf > 512);
}

static void
test_prefault_then_no_faults(void **state)
{
	size_t n = 2 * MIB;
	long before;
	char *p;

	(void)state;
	need_populate();
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	assert_true(p != MAP_FAILED);
	/* Not on a page boundary: the whole pages inside are done. */
	dl_bigmem_prefault(p + 100, n - 100);
	assert_int_equal(present(p + 4096, n - 4096), (n - 4096) / 4096);
	before = faults();
	touch(p + 4096, n - 4096);
	if (real_faults())
		assert_in_range(faults() - before, 0, 4);
	munmap(p, n);
}

static void
test_populate_file_then_no_faults(void **state)
{
	char path[] = "/tmp/dnslint-bigmem.XXXXXX", *buf;
	size_t n = 4 * MIB, i;
	long before;
	char *p;
	int fd;

	(void)state;
	need_populate();
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	/*
	 * Written 4 KiB at a time, as a zone file mostly is: one large
	 * write(2) can leave the page cache in folios that a single fault
	 * maps whole.
	 */
	buf = malloc(4096);
	assert_non_null(buf);
	memset(buf, 'x', 4096);
	for (i = 0; i < n; i += 4096)
		assert_int_equal(write(fd, buf, 4096), 4096);
	free(buf);
	p = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
	assert_true(p != MAP_FAILED);
	dl_bigmem_populate(p, n);
	assert_int_equal(present(p, n), n / 4096);
	before = faults();
	assert_int_equal(read_pages(p, n), 'x' * (unsigned)(n / 4096));
	if (real_faults())
		assert_in_range(faults() - before, 0, 4);
	munmap(p, n);
	close(fd);
}

/* n blocks of HEAP_BLOCK bytes, each written, in a new array. */
#define HEAP_BLOCK	1000
static char **
heap_blocks(size_t n)
{
	char **v;
	size_t i;

	v = calloc(n, sizeof(*v));
	assert_non_null(v);
	for (i = 0; i < n; i++) {
		v[i] = malloc(HEAP_BLOCK);
		assert_non_null(v[i]);
		memset(v[i], 1, HEAP_BLOCK);
	}
	return v;
}

static void
heap_blocks_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Room made at the top of malloc(3)'s heap: the small allocations that
 * follow (a JSON tree's) are on memory advised for huge pages, a fault
 * per 2 MiB written instead of one per 4 KiB.
 */
static void
test_heap_room_on_huge_pages(void **state)
{
	enum { N = 32 * 1024 };	/* about 32 MiB */
	char **v, *end;
	long before;

	(void)state;
	need_thp();
	dl_bigmem_heap(64 * MIB);
	before = faults();
	v = heap_blocks(N);
	/*
	 * Where malloc(3) is glibc's heap (not valgrind's or a sanitizer's,
	 * which the call leaves working and nothing more): without the
	 * room, about 8,000 faults and no "hg"; with it, one per huge page,
	 * and those of the small pages before the first huge page boundary
	 * of the room (up to 512) and of free heap the tests before left.
	 */
	end = sbrk(0);
	if (v[0] < end && v[0] > end - 512 * MIB) {
		if (real_faults())
			assert_in_range(faults() - before, 0, 2048);
		assert_true(advised(v[N / 2]));
	}
	heap_blocks_free(v, N);
}

/*
 * A zone that loads after the room was made (a Terraform plan's, then
 * its live zone) keeps it: dl_bigmem_zone_heap() does not lower what
 * dl_bigmem_heap() keeps, so the room freed is not given back.
 */
static void
test_zone_heap_keeps_room(void **state)
{
	enum { N = 80 * 1024 };	/* about 80 MiB */
	char **v, *end;
	uintptr_t first;

	(void)state;
	dl_bigmem_heap(96 * MIB);
	dl_bigmem_zone_heap();
	v = heap_blocks(N);
	end = sbrk(0);
	first = (uintptr_t)v[0];
	heap_blocks_free(v, N);
	/* Where malloc(3) is glibc's heap: more than 64 MiB free at its
	   top, kept. */
	if (first < (uintptr_t)end && first > (uintptr_t)end - 512 * MIB)
		assert_ptr_equal(sbrk(0), end);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned_rounded_growable),
		cmocka_unit_test(test_zalloc_zeroed_aligned_freed),
		cmocka_unit_test(test_table_small_and_large),
		cmocka_unit_test(test_table_middle_from_kernel),
		cmocka_unit_test(test_zalloc_faults_per_huge_page),
		cmocka_unit_test(test_alloc_faults_per_huge_page),
		cmocka_unit_test(test_advise_large_only),
		cmocka_unit_test(test_prefault_then_no_faults),
		cmocka_unit_test(test_populate_file_then_no_faults),
		cmocka_unit_test(test_heap_room_on_huge_pages),
		cmocka_unit_test(test_zone_heap_keeps_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
