/*
 * zonewin.c - a large zone file read a stretch at a time.
 *
 * A mapped file costs, on a paravirtualised machine, a fault of the host
 * for each 4 KiB page of it the first time it is touched when the page
 * cache holds the file in small pages, as it does a file written in
 * small writes (a generator's output, git checkout): 18 to 24 ms of
 * processor time for a 36 MB file.  Here the file is read with pread(2)
 * into anonymous huge pages instead, each scanner filling the stretch
 * ahead of it and giving back what it has read: the pages given back are
 * taken again by the next stretch, still warm, so a file costs a few
 * huge pages.  (Read whole into fresh huge pages, the file made a check
 * run on its own, after the machine was idle, slower: fresh memory is
 * cleared through the host.)
 *
 * The text keeps the file's layout (text + offset), so a pointer into it
 * means what it meant in a mapping; only what is there differs.  Each
 * scanner holds a slot: the stretch it may still read, from what it has
 * not checked yet (text_upto()) to what it filled, and no stretch held
 * is given back, whoever read it.  A stretch given back and needed again
 * (a half reading on into the other's text) is read again.  A scanner
 * that read past what it filled (libzscanner reads a long record or
 * comment on by itself) is seen after the record (win_past()) and the
 * file is read again, mapped.  A message that looks at the whole text
 * first stops the giving back and reads it all (win_all()).  The lock
 * keeps fills and givings back apart.
 */

#include "zone_impl.h"

#define WIN_SLOTS	8		/* scanners at once: halves and parts */
#define WIN_UNITS	32		/* fill units a page */

struct zwin {
	pthread_mutex_t	 lock;
	int		 fd;
	char		*text;		/* on a page */
	size_t		 len;		/* the file's */
	size_t		 maplen;
	size_t		 page;		/* given back at once, a power of 2 */
	size_t		 unit;		/* page / WIN_UNITS */
	uint8_t		*filled;	/* a byte a unit */
	int		 frozen;	/* nothing given back any more */
	atomic_int	 bad;		/* a read failed */
	struct {
		size_t	 lo, hi;	/* offsets */
		int	 used;
	} slot[WIN_SLOTS];
};

struct zwin *
win_open(int fd, size_t len, const char **text)
{
	struct zwin *w;
	size_t page = split_at.win_page, map;
	char *m, *p;

	if (len == 0 || page < 4096 || (page & (page - 1)) != 0 ||
	    len > SIZE_MAX / 2 || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->page = page;
	w->unit = page / WIN_UNITS;
	w->len = len;
	w->maplen = (len + page - 1) & ~(page - 1);
	map = w->maplen + page;
	if ((w->filled = calloc(w->maplen / w->unit, 1)) == NULL ||
	    (m = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0)) == MAP_FAILED) {
		free(w->filled);
		free(w);
		return NULL;
	}
	p = (char *)(((uintptr_t)m + page - 1) & ~(uintptr_t)(page - 1));
	if (p > m)
		(void)munmap(m, (size_t)(p - m));
	if (p + w->maplen < m + map)
		(void)munmap(p + w->maplen, (size_t)(m + map -
		    (p + w->maplen)));
#ifdef MADV_HUGEPAGE
	if (page % DL_BIGMEM_PAGE == 0)
		(void)madvise(p, w->maplen, MADV_HUGEPAGE);
#endif
	(void)pthread_mutex_init(&w->lock, NULL);
	w->fd = fd;
	w->text = p;
	*text = p;
	return w;
}

void
win_close(struct zwin *w)
{
	if (w == NULL)
		return;
	(void)munmap(w->text, w->maplen);
	(void)pthread_mutex_destroy(&w->lock);
	free(w->filled);
	free(w);
}

int
win_slot(struct zwin *w)
{
	int i;

	(void)pthread_mutex_lock(&w->lock);
	for (i = 0; i < WIN_SLOTS && w->slot[i].used; i++)
		;
	if (i < WIN_SLOTS) {
		w->slot[i].used = 1;
		w->slot[i].lo = w->slot[i].hi = 0;
	} else
		i = -1;
	(void)pthread_mutex_unlock(&w->lock);
	return i;
}

void
win_unslot(struct zwin *w, int i)
{
	if (w == NULL || i < 0)
		return;
	(void)pthread_mutex_lock(&w->lock);
	w->slot[i].used = 0;
	(void)pthread_mutex_unlock(&w->lock);
}

/* Units a to b (offsets on units) read from the file.  Lock held. */
static void
fill_units(struct zwin *w, size_t a, size_t b)
{
	size_t u, run, n, end;
	ssize_t got;

	for (u = a; u < b; u += w->unit) {
		if (w->filled[u / w->unit])
			continue;
		/* The run of units not filled, read in one call. */
		for (run = u; run < b && !w->filled[run / w->unit];
		    run += w->unit)
			w->filled[run / w->unit] = 1;
		end = run < w->len ? run : w->len;
		for (n = u; n < end; n += (size_t)got)
			if ((got = pread(w->fd, w->text + n, end - n,
			    (off_t)n)) <= 0) {
				if (got < 0 && errno == EINTR) {
					got = 0;
					continue;
				}
				atomic_store(&w->bad, 1);
				break;
			}
		u = run - w->unit;
	}
}

int
win_fill(struct zwin *w, int i, const char *lo, const char *from,
    const char *to)
{
	size_t a, b;

	if (from < w->text)
		from = w->text;
	if (to > w->text + w->len)
		to = w->text + w->len;
	if (to <= from)
		return win_bad(w);
	a = (size_t)(from - w->text) & ~(w->unit - 1);
	b = ((size_t)(to - w->text) + w->unit - 1) & ~(w->unit - 1);
	(void)pthread_mutex_lock(&w->lock);
	/* Held before it is read: nothing gives it back after. */
	if (i >= 0) {
		w->slot[i].lo = lo != NULL && lo > w->text ?
		    (size_t)(lo - w->text) : 0;
		if (b > w->slot[i].hi)
			w->slot[i].hi = b;
	}
	fill_units(w, a, b);
	(void)pthread_mutex_unlock(&w->lock);
	return win_bad(w);
}

/* Does a slot but self hold part of the page at offset p?  Lock held. */
static int
page_held(const struct zwin *w, int self, size_t p)
{
	int i;

	for (i = 0; i < WIN_SLOTS; i++)
		if (i != self && w->slot[i].used &&
		    w->slot[i].lo < p + w->page &&
		    p < w->slot[i].hi)
			return 1;
	return 0;
}

void
win_give(struct zwin *w, int self, const char *from, const char *to)
{
	size_t a, b, p, q;

	if (from < w->text || to > w->text + w->maplen)
		return;
	a = ((size_t)(from - w->text) + w->page - 1) & ~(w->page - 1);
	b = (size_t)(to - w->text) & ~(w->page - 1);
	(void)pthread_mutex_lock(&w->lock);
	for (p = a; !w->frozen && p < b; p = q) {
		/* The pages from p not held, given back in one call. */
		for (q = p; q < b && !page_held(w, self, q); q += w->page)
			;
		if (q > p && madvise(w->text + p, q - p, MADV_DONTNEED) == 0)
			memset(w->filled + p / w->unit, 0, (q - p) / w->unit);
		if (q == p)
			q += w->page;
	}
	(void)pthread_mutex_unlock(&w->lock);
}

int
win_all(struct zwin *w)
{
	(void)pthread_mutex_lock(&w->lock);
	w->frozen = 1;
	fill_units(w, 0, w->maplen);
	(void)pthread_mutex_unlock(&w->lock);
	return win_bad(w);
}

int
win_bad(const struct zwin *w)
{
	return atomic_load(&w->bad) ? DL_EIO : 0;
}
