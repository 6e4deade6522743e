/*
 * bigmem.h - memory for the tables of a zone of millions of records: on
 * huge pages, and faulted in a few at a time.
 *
 * Every page a process first touches is a page fault, and on a virtual
 * machine a page fault can be an exit to the host: on the machine
 * `make bench` runs on (a paravirtualised guest) about 10 us each.  A
 * 1M-record desired-zone check took 17,900 of them (a fifth of its
 * processor time), the plan-targeted check 2,860.  A table written across
 * its length (the facts of a lean load, a cache touched here and there,
 * a log, the arena of owner names) costs one fault per 2 MiB on huge
 * pages instead of one per 4 KiB; a range about to be read or written
 * whole is faulted in by one call instead of one fault at a time.
 *
 * Each is a hint the kernel may not take (no transparent huge pages, a
 * kernel before 5.14): what the memory holds is the same either way.
 */
#ifndef DL_BIGMEM_H
#define DL_BIGMEM_H

#include <stddef.h>

/* A huge page, the unit the functions below round to. */
#define DL_BIGMEM_PAGE	((size_t)2 * 1024 * 1024)

/*
 * size bytes (rounded up to whole huge pages) on huge pages, not zeroed;
 * freed with free(3), grown with realloc(3) (the new part on small pages
 * then).  NULL when out of memory.  Only pages written cost: for a table
 * reserved large and filled as it goes.
 */
void	*dl_bigmem_alloc(size_t size);

/*
 * size bytes of zeroed memory (rounded up to whole huge pages) on huge
 * pages; *len gets what to give dl_bigmem_free().  NULL when out of
 * memory.  For a table written here and there across its length.
 */
void	*dl_bigmem_zalloc(size_t size, size_t *len);

/*
 * A zeroed table of n entries of size bytes, written here and there
 * across its length (a hash table, a cache by index): from
 * dl_bigmem_zalloc() when it is DL_BIGMEM_TABLE bytes or more; from the
 * kernel's zero pages (mmap(2)) when it is DL_BIGMEM_SMALL or more, as
 * calloc(3) may hand back heap the process has used and clear it page by
 * page, each a page fault, before dl_bigmem_prefault() could take them
 * in one call; else from calloc(3).  *len gets what to give
 * dl_bigmem_free().  NULL when out of memory (or n * size overflows).
 */
#define DL_BIGMEM_TABLE	(2 * DL_BIGMEM_PAGE)
#define DL_BIGMEM_SMALL	((size_t)64 * 1024)
void	*dl_bigmem_table(size_t n, size_t size, size_t *len);

/*
 * Free what dl_bigmem_zalloc() or dl_bigmem_table() gave (len: its
 * *len; 0, calloc(3)'s); NULL is ignored.
 */
void	 dl_bigmem_free(void *p, size_t len);

/*
 * Advise the whole huge pages inside [p, p + size) for huge pages, when
 * the range is at least four of them (a smaller table would be rounded
 * up to a huge page it half uses).
 */
void	 dl_bigmem_advise(void *p, size_t size);

/*
 * Fault the whole pages of [p, p + size) in, writable, in one call: for a
 * table about to be written whole, or read before it is written (a read
 * of a page never written maps the shared zero page, and the write after
 * it copies the page and flushes the other processors' TLBs).
 */
void	 dl_bigmem_prefault(void *p, size_t size);

/*
 * Map the whole pages of [p, p + size) of a file mapping, read only, in
 * one call: for the next stretch of a file about to be read.
 */
void	 dl_bigmem_populate(const void *p, size_t size);

/*
 * Keep the heap the process has used for the rest of the run: by
 * default malloc(3) gives its top back to the kernel whenever 128 KiB
 * are free there, and the next allocation faults the pages in again.
 * Parsing a plan's records with ldns does that at every record (ldns
 * takes and frees buffers of 64 KiB): a fault per page each time, half
 * of the plan's load.  Called once, first thing, by the program.
 */
void	 dl_bigmem_keep_heap(void);

/*
 * A zone of millions of records may load: the heap kept as
 * dl_bigmem_keep_heap() keeps it (or more, as dl_bigmem_heap() may have
 * asked), and taken from the kernel 16 MiB more at a time from now on
 * (so is it after dl_bigmem_heap()), few trims and few calls to the
 * kernel while records come and go.  Called once, by the first load.
 */
void	 dl_bigmem_zone_heap(void);

/*
 * Make room for about size bytes more of malloc(3)'s heap (glibc's, the
 * main thread's) at once, on huge pages, before work that is hundreds of
 * thousands of small allocations: the JSON tree of a Terraform plan, a
 * run's findings and steps for thousands of changes.  Each new 4 KiB of
 * heap is a page fault else (30,000 for a plan of 10,000 changes, a
 * third of its time).  Only pages written cost, a huge page at a time;
 * the room is kept when it is free again.  size is a guess: under four
 * huge pages it does nothing.  A hint, as the rest.
 */
void	 dl_bigmem_heap(size_t size);

#endif
