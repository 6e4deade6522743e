/*
 * bigmem.c - memory for large tables: huge pages, and page faults taken
 * in one call (see bigmem.h for why).
 */
#include <sys/mman.h>

#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "bigmem.h"

#define SMALL_PAGE	4096
/* dl_bigmem_keep_heap(): free heap kept up to this much at its top. */
#define KEEP_HEAP	(64 * 1024 * 1024)
/* Taken from the kernel this much more at a time once a zone loads. */
#define TOP_PAD		(16 * 1024 * 1024)
/* malloc(3)'s mmap threshold, its default and the largest it takes. */
#define MMAP_SMALL	(128 * 1024)
#define MMAP_MAX	(32 * 1024 * 1024)

static size_t
round_huge(size_t size)
{
	return (size + DL_BIGMEM_PAGE - 1) & ~(DL_BIGMEM_PAGE - 1);
}

/* madvise(2) the whole small pages inside [p, p + size) with how. */
static void
advise_pages(const void *p, size_t size, int how)
{
	uintptr_t a = ((uintptr_t)p + SMALL_PAGE - 1) &
	    ~(uintptr_t)(SMALL_PAGE - 1),
	    e = ((uintptr_t)p + size) & ~(uintptr_t)(SMALL_PAGE - 1);

	if (e > a)
		(void)madvise((void *)a, e - a, how);
}

void *
dl_bigmem_alloc(size_t size)
{
	void *p;

	if (size == 0 || size > SIZE_MAX - DL_BIGMEM_PAGE)
		return NULL;
	size = round_huge(size);
	if ((p = aligned_alloc(DL_BIGMEM_PAGE, size)) == NULL)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

void *
dl_bigmem_zalloc(size_t size, size_t *len)
{
	char *m, *p;
	size_t map;

	if (size == 0 || size > SIZE_MAX / 2)
		return NULL;
	size = round_huge(size);
	/* A huge page more, to start on one: the ends given back. */
	map = size + DL_BIGMEM_PAGE;
	if ((m = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)m + DL_BIGMEM_PAGE - 1) &
	    ~(uintptr_t)(DL_BIGMEM_PAGE - 1));
	if (p > m)
		(void)munmap(m, (size_t)(p - m));
	if (p + size < m + map)
		(void)munmap(p + size, (size_t)(m + map - (p + size)));
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	*len = size;
	return p;
}

void *
dl_bigmem_table(size_t n, size_t size, size_t *len)
{
	void *p;

	*len = 0;
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if (n * size < DL_BIGMEM_SMALL)
		return calloc(n, size);
	if (n * size < DL_BIGMEM_TABLE) {
		if ((p = mmap(NULL, n * size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
			return NULL;
		*len = n * size;
		return p;
	}
	return dl_bigmem_zalloc(n * size, len);
}

void
dl_bigmem_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	if (len > 0)
		(void)munmap(p, len);
	else
		free(p);
}

void
dl_bigmem_advise(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = ((uintptr_t)p + DL_BIGMEM_PAGE - 1) &
	    ~(uintptr_t)(DL_BIGMEM_PAGE - 1),
	    e = ((uintptr_t)p + size) & ~(uintptr_t)(DL_BIGMEM_PAGE - 1);

	if (size >= DL_BIGMEM_PAGE * 4 && e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

void
dl_bigmem_prefault(void *p, size_t size)
{
#ifdef MADV_POPULATE_WRITE
	advise_pages(p, size, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)size;
	(void)advise_pages;
#endif
}

void
dl_bigmem_populate(const void *p, size_t size)
{
#ifdef MADV_POPULATE_READ
	advise_pages(p, size, MADV_POPULATE_READ);
#else
	(void)p;
	(void)size;
#endif
}

#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
/*
 * The free heap kept at its top at least n bytes (malloc(3)'s trim
 * threshold), never fewer than an earlier call kept: the room
 * dl_bigmem_heap() made stays when a zone loads after it.  1, or 0 when
 * malloc(3) refused.
 */
static int
keep_at_least(size_t n)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static size_t kept;
	int ok = 1;

	(void)pthread_mutex_lock(&lock);
	if (n > kept && (ok = mallopt(M_TRIM_THRESHOLD, (int)n)) == 1)
		kept = n;
	(void)pthread_mutex_unlock(&lock);
	return ok == 1;
}
#endif

void
dl_bigmem_keep_heap(void)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
	(void)keep_at_least(KEEP_HEAP);
#endif
}

void
dl_bigmem_zone_heap(void)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && defined(M_TOP_PAD)
	(void)keep_at_least(KEEP_HEAP);
	(void)mallopt(M_TOP_PAD, TOP_PAD);
#endif
}

void
dl_bigmem_heap(size_t size)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && \
    defined(M_TOP_PAD) && defined(M_MMAP_THRESHOLD) && \
    defined(MADV_HUGEPAGE) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi;
	void *volatile p;
	char *end;
	size_t top;

	if (size < 4 * DL_BIGMEM_PAGE || size > INT_MAX / 4)
		return;
	size = round_huge(size);
	/* What is taken stays when it is free again. */
	if (!keep_at_least(size + KEEP_HEAP))
		return;
	/*
	 * Less than that free at the top of the heap: an allocation larger
	 * than all that is free grows the top, by size more (the heap's,
	 * not mmap(2)'s, for the while).
	 */
	mi = mallinfo2();
	top = mi.keepcost;
	if (top < size && mi.fordblks + SMALL_PAGE < MMAP_MAX &&
	    mallopt(M_MMAP_THRESHOLD, MMAP_MAX) == 1) {
		(void)mallopt(M_TOP_PAD, (int)size);
		/* volatile: a malloc(3) freed unused is no call at all. */
		p = malloc(mi.fordblks + SMALL_PAGE);
		free(p);
		(void)mallopt(M_TOP_PAD, TOP_PAD);
		(void)mallopt(M_MMAP_THRESHOLD, MMAP_SMALL);
		top = mallinfo2().keepcost;
	}
	/* The top's pages not written yet: on huge pages when written. */
	if ((end = sbrk(0)) != (char *)-1 && top > 0)
		dl_bigmem_advise(end - top, top);
#else
	(void)size;
#endif
}
