/*
 * zonesplit.c - a large master file read in two halves at once.
 */

#include "zone_impl.h"

atomic_int loads_running;

/* Does the first half's state at the split line match the worker's? */
static int
split_state_same(const struct split *sp, const struct loader *L,
    const zs_scanner_t *zs)
{
	return zs->default_ttl == TTL_UNSET &&
	    zs->zone_origin_length == sp->owlen &&
	    memcmp(zs->zone_origin, sp->owire, sp->owlen) == 0 &&
	    L->ts.have_dttl == sp->ts.have_dttl &&
	    L->ts.dttl == sp->ts.dttl && L->ts.dttl_soa == sp->ts.dttl_soa &&
	    L->ts.have_outer == sp->ts.have_outer &&
	    L->ts.outer_set == sp->ts.outer_set &&
	    L->ts.outer_dttl == sp->ts.outer_dttl &&
	    (L->ts.have_dttl || (L->ts.have_lttl == sp->ts.have_lttl &&
	    L->ts.lttl == sp->ts.lttl));
}

/*
 * Has the worker of sp, its scanner zs having read past where the part
 * taken from it starts, got there in the state that part started with?
 * Asked once (when the answer is no, the worker reads on to the end).
 */
static int
split_stop(struct split *sp, const zs_scanner_t *zs, const struct split *st)
{
	const char *start;
	unsigned line;

	line = stmt_line(&sp->src, zs->input.current, &start);
	if (start != st->at || !split_state_same(st, sp->L, zs))
		return 0;
	sp->stop_line = line;
	return 1;
}

int split_steal_test;
struct split_sizes split_at = {
	SPLIT_MIN, STEAL_MIN, STEAL_AHEAD, SAY_STEP, FACT_PART_TEXT,
	SPLIT_MIN / 2, SPLIT_MIN / 4
};
/* Parts taken and used (dl_zone_split_steals()). */
static atomic_uint split_steals;

static void	split_take(struct split *);

static void *
split_worker(void *arg)
{
	struct split *sp = arg, *st = NULL;
	struct src *s = &sp->src;
	zs_scanner_t *zs;
	const char *end = s->text + s->len, *told = s->text;
	int rc = 0, asked = 0;

	/* Lines counted from its first: split_join() adds the rest. */
	s->mark_line = 1;
	if ((zs = scanner_alloc(0)) == NULL) {
		atomic_store(&sp->done, 1);
		return NULL;
	}
	if (zs_init(zs, sp->origin, LDNS_RR_CLASS_IN, TTL_UNSET) != 0) {
		scanner_free(zs);
		atomic_store(&sp->done, 1);
		return NULL;
	}
	if (zs_set_input_string(zs, s->text, s->len) != 0)
		rc = DL_ENOMEM;
	zs->line_counter = 1;
	/* No slot: not read here (the first half reads on). */
	if (s->win != NULL && (s->slot = win_slot(s->win)) < 0)
		rc = DL_EINPUT;
	if (rc == 0)
		read_ahead(s, s->text);
	while (split_steal_test == 1 && !atomic_load(&sp->go) &&
	    !atomic_load(&sp->cancel))
		sched_yield();
	while (rc == 0 && !atomic_load_explicit(&sp->cancel,
	    memory_order_relaxed)) {
		(void)zs_parse_record(zs);
		if (win_past(s, zs)) {
			rc = DL_EINPUT;	/* not the file's: the first half's */
			break;
		}
		if (zs->state == ZS_STATE_DATA) {
			/* Past where the part taken begins: stop there? */
			if (!asked && (st = atomic_load_explicit(&sp->steal,
			    memory_order_acquire)) != NULL &&
			    zs->input.current > st->at) {
				asked = 1;
				if ((sp->stopped = split_stop(sp, zs, st)))
					break;
			}
			rc = do_record(sp->L, s, zs);
			if ((size_t)(s->mark - told) >= split_at.say_step) {
				atomic_store_explicit(&sp->pos, s->mark,
				    memory_order_relaxed);
				told = s->mark;
			}
		} else if (zs->state == ZS_STATE_EOF)
			break;
		else
			rc = DL_EINPUT;	/* an error, $INCLUDE: not for us */
	}
	if (sp->stopped)
		end = st->at;
	if (rc == 0 && (zs->state == ZS_STATE_EOF || sp->stopped))
		rc = text_upto(s, end);
	if (rc == 0 && sp->L->lean && (zs->state == ZS_STATE_EOF ||
	    sp->stopped))
		rc = run_end(sp->L);
	if (rc == LEAN_AGAIN)
		atomic_store(&sp->L->facts->bad, 1);
	sp->ok = rc == 0 && (zs->state == ZS_STATE_EOF || sp->stopped) &&
	    sp->L->ttl_raised == 0;
	zs_deinit(zs);
	scanner_free(zs);
	win_unslot(s->win, s->slot);
	s->slot = -1;
	if (sp->ok && sp->first && !sp->stopped)
		split_take(sp);
	atomic_store_explicit(&sp->done, 1, memory_order_release);
	return NULL;
}

/* The worker's loader and zone, freed (not what it shares with L). */
static void
split_free(struct split *sp)
{
	struct split *t = atomic_load(&sp->take);

	if (t != NULL)
		split_free(t);
	if (sp->L != NULL) {
		dl_zone_free(sp->L->z);
		free(sp->L->tlog);
		free(sp->L->run_ask);
		free(sp->L->dnames);
		free(sp->L->ttl_raised_file);
		ownlog_free(sp->L->own);
		free(sp->L);
	}
	free(sp);
}

struct split *
split_cancel(struct split *sp)
{
	struct split *t;

	if (sp != NULL) {
		atomic_store(&sp->cancel, 1);
		if ((t = atomic_load(&sp->take)) != NULL)
			atomic_store(&t->cancel, 1);
		(void)pthread_join(sp->thread, NULL);
		split_free(sp);
	}
	return NULL;
}

/*
 * A line at or after from, within SPLIT_SEEK bytes, that starts with an
 * owner name: where a part of s can start.  NULL when there is none.
 */
static const char *
split_line(const struct src *s, const char *from)
{
	const char *p = from, *end = s->text + s->len, *lim;
	unsigned char c;

	lim = (size_t)(end - p) > SPLIT_SEEK ? p + SPLIT_SEEK : end;
	/* Read before it is looked at (no one has read it yet). */
	if (s->win != NULL && win_fill(s->win, -1, NULL, p, lim) != 0)
		return NULL;
	for (;;) {
		if ((p = memchr(p, '\n', (size_t)(lim - p))) == NULL ||
		    ++p >= lim)
			return NULL;
		c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '*')
			return p;
	}
}

/*
 * A part of the zone file s from line p to its end, to be read by its
 * own loader (a copy of L's settings), not started.  It starts in the
 * state the part like started in, or when like is NULL in the state L
 * and zs are in now (base: the origin in presentation form).  NULL when
 * there is no memory.
 */
static struct split *
split_new(const struct loader *L, const struct src *s,
    const struct split *like, const zs_scanner_t *zs, const char *base,
    const char *p)
{
	struct split *sp;
	const char *end = s->text + s->len;

	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return NULL;
	sp->at = p;
	sp->text = s->text;
	if (like != NULL) {
		memcpy(sp->origin, like->origin, sizeof(sp->origin));
		sp->owlen = like->owlen;
		memcpy(sp->owire, like->owire, sp->owlen);
		sp->ts = like->ts;
	} else {
		snprintf(sp->origin, sizeof(sp->origin), "%s", base);
		sp->owlen = zs->zone_origin_length;
		memcpy(sp->owire, zs->zone_origin, sp->owlen);
		sp->ts = L->ts;
	}
	if ((sp->L = malloc(sizeof(*sp->L))) == NULL) {
		free(sp);
		return NULL;
	}
	/* The filter and the origin are shared, read only. */
	memcpy(sp->L, L, sizeof(*sp->L));
	/* Its state: the one it starts in. */
	sp->L->ts = sp->ts;
	/* The worker's own, none yet (what split_free() frees). */
	sp->L->z = NULL;
	sp->L->tlog = NULL;
	sp->L->ntlog = sp->L->captlog = 0;
	sp->L->run_ask = NULL;
	sp->L->nrun_ask = sp->L->caprun_ask = 0;
	sp->L->dnames = NULL;
	sp->L->ndnames = sp->L->capdnames = 0;
	sp->L->ttl_raised_file = NULL;
	sp->L->soa_file = NULL;
	sp->L->err = &sp->err;
	sp->L->worker = 1;
	sp->L->lastwlen = 0;
	sp->L->lastwire = sp->L->wbuf[0];
	sp->L->run_recs = 0;
	sp->L->own = NULL;
	sp->L->nown = 0;
	memset(sp->L->recent, 0, sizeof(sp->L->recent));
	memset(sp->L->waiting, 0, sizeof(sp->L->waiting));
	sp->L->nopen = 0;
	sp->L->npend = 0;
	sp->L->ttl_raised = 0;
	/* As much room as the first half's log has for its half. */
	if (L->lean) {
		tlog_reserve(sp->L, (size_t)(end - p) / 8 + 65536);
		if ((sp->L->own = ownlog_new((size_t)(end - p))) == NULL) {
			split_free(sp);
			return NULL;
		}
	}
	if ((sp->L->z = calloc(1, sizeof(*sp->L->z))) == NULL) {
		split_free(sp);
		return NULL;
	}
	sp->L->split_seen = 1;
	sp->L->z->soa = ZNONE;
	sp->L->z->addidx = ZNONE;
	sp->L->z->loaded = 1;
	sp->L->z->whole = L->whole;
	/* A lean load stores a few: its tables grow as they are written. */
	if (!L->lean && (zone_reserve(sp->L->z, (size_t)(end - p), 0) != 0 ||
	    (sp->L->dnames = grow_table(NULL, 0, (size_t)(end - p),
	    1)) == NULL)) {
		split_free(sp);
		return NULL;
	}
	sp->L->capdnames = sp->L->dnames != NULL ? (size_t)(end - p) : 0;
	sp->src.path = s->path;
	sp->src.depth = 0;
	sp->src.text = p;
	sp->src.len = (size_t)(end - p);
	sp->src.mark = p;
	sp->src.checked = s->checked != NULL ? p : NULL;
	/* Its own pages, from the first whole one. */
	sp->src.dropped = s->dropped == NULL ? NULL : (const char *)
	    (((uintptr_t)p + 4095) & ~(uintptr_t)4095);
	sp->src.ahead = sp->src.dropped;
	/* Read as the first half reads (its slot: split_worker()). */
	sp->src.win = s->win;
	sp->src.slot = -1;
	if (s->win != NULL)
		sp->src.dropped = sp->src.ahead = p;
	atomic_store(&sp->pos, p);
	return sp;
}

/*
 * The worker sp has read its half, cleanly, and the first half is still
 * being read: the last part of what that has left is read here, as
 * split_steal() does the other way (in proportion, at an owner line at
 * least STEAL_AHEAD ahead).  The part starts in the state the worker
 * started in, and stops at the worker's line when it gets there in that
 * state; the first half stops at the part's line when it gets there in
 * the part's (split_meet_take()), else reads on and the part is not used.
 */
static void
split_take(struct split *sp)
{
	const char *pos, *p;
	double mine, theirs;
	size_t rest, skip;
	struct split *t;
	struct src whole;	/* the file, as the first half reads it */

	if (atomic_load(&sp->cancel))
		return;
	pos = atomic_load_explicit(&sp->mpos, memory_order_relaxed);
	if (pos < sp->text || pos >= sp->at)
		return;
	rest = (size_t)(sp->at - pos);
	mine = (double)sp->src.len;
	theirs = (double)(pos - sp->text);
	/* Tests: half of what the first half has left. */
	skip = split_steal_test == 2 ? rest / 2 : (size_t)((double)rest *
	    theirs / (mine + theirs));
	if (skip < split_at.steal_ahead)
		skip = split_at.steal_ahead;
	if (rest < skip + split_at.steal_min)
		return;
	memset(&whole, 0, sizeof(whole));
	whole.path = sp->src.path;
	whole.text = sp->text;
	whole.len = (size_t)(sp->src.text + sp->src.len - sp->text);
	whole.dropped = sp->src.dropped;
	whole.checked = sp->src.checked;
	whole.win = sp->src.win;
	if ((p = split_line(&whole, pos + skip)) == NULL ||
	    sp->at - p < (ptrdiff_t)split_at.steal_min ||
	    (t = split_new(sp->L, &whole, sp, NULL, NULL, p)) == NULL)
		return;
	atomic_store(&t->go, 1);
	/* It stops at the worker's line (the part after it). */
	atomic_store_explicit(&t->steal, sp, memory_order_release);
	atomic_store_explicit(&sp->take, t, memory_order_release);
	if (atomic_load(&sp->cancel))
		atomic_store(&t->cancel, 1);
	(void)split_worker(t);
}

struct split *
split_start(struct loader *L, const struct src *s, const zs_scanner_t *zs,
    const char *base)
{
	struct split *sp;
	const char *p;

	/* Not with a small file's facts, put in as read (facts_new()). */
	if (s->depth != 0 || s->len < split_at.min || dl_par_cpus() < 2 ||
	    (L->facts != NULL && L->facts->direct) ||
	    atomic_load(&loads_running) >= dl_par_cpus())
		return NULL;
	/* A line after the middle that starts with an owner name. */
	if ((p = split_line(s, s->text + s->len / 2)) == NULL ||
	    p <= zs->input.current ||
	    (sp = split_new(L, s, NULL, zs, base, p)) == NULL)
		return NULL;
	L->split_seen = 1;
	sp->first = 1;
	atomic_store(&sp->mpos, zs->input.current);
	if (pthread_create(&sp->thread, NULL, split_worker, sp) != 0) {
		split_free(sp);
		return NULL;
	}
	return sp;
}


/*
 * The worker's records appended to L's zone, owners interned in order,
 * their lines after the first half's (lines before the split line).
 */
static int
split_join(struct loader *L, struct split *sp, unsigned lines)
{
	struct dl_zone *z = L->z, *w = sp->L->z;
	const char *n = sp->L->dnames;
	char *done = sp->L->dnames, *end, *log;
	size_t len, nrecs;
	uint32_t base = (uint32_t)z->nrecs, rdbase = (uint32_t)z->nrdata;
	size_t i;

	if (z->nrecs + w->nrecs > ZNONE ||
	    z->nrdata + w->nrdata > UINT32_MAX)
		return DL_ENOMEM;
	if (table_reserve((void **)&z->recs, z->nrecs, &z->caprecs,
	    z->nrecs + w->nrecs, sizeof(*z->recs)) != 0 ||
	    table_reserve((void **)&z->rdata, z->nrdata, &z->caprdata,
	    z->nrdata + w->nrdata, 1) != 0)
		return DL_ENOMEM;
	if (w->nrdata > 0)
		memcpy(z->rdata + z->nrdata, w->rdata, w->nrdata);
	z->nrdata += w->nrdata;
	for (i = 0; i < w->nrecs; i++) {
		z->recs[base + i] = w->recs[i];
		z->recs[base + i].rd += rdbase;
		z->recs[base + i].line += lines;
		z->recs[base + i].next = ZNONE;
	}
	z->nrecs += w->nrecs;
	z->count += w->count;
	for (i = 0; i < w->nwalk; i++)
		if (walk_add(z, base + w->walk[i]) != 0)
			return DL_ENOMEM;
	/*
	 * Its log of NS and MX records goes on after L's (a part taken from
	 * the worker, split_steal(): after the worker's).
	 */
	if (L->tlog2 == NULL) {
		L->tlog2 = sp->L->tlog;
		L->ntlog2 = sp->L->ntlog;
		sp->L->tlog = NULL;
	} else if (sp->L->ntlog > 0) {
		if ((log = realloc(L->tlog2, L->ntlog2 + sp->L->ntlog)) ==
		    NULL)
			return DL_ENOMEM;
		memcpy(log + L->ntlog2, sp->L->tlog, sp->L->ntlog);
		L->tlog2 = log;
		L->ntlog2 += sp->L->ntlog;
	}
	L->nopen += sp->L->nopen;
	/* Its owners go into the facts with L's (facts_build()). */
	if (sp->L->own != NULL) {
		sp->L->own->next = L->own->next;
		L->own->next = sp->L->own;
		sp->L->own = NULL;
	}
	nrecs = w->nrecs;
	/* Copied: not held while the owners grow. */
	free(w->recs);
	free(w->rdata);
	w->recs = NULL;
	w->rdata = NULL;
	w->nrecs = w->nrdata = 0;
	for (i = 0; i < nrecs; i++) {
		len = (size_t)(unsigned char)n[0] << 8 | (unsigned char)n[1];
		if (intern_later(L, base + (uint32_t)i, n + 2, len,
		    len > 0 ? hash_str(n + 2, len) : 0) != 0)
			return DL_ENOMEM;
		n += len > 0 ? len + 3 : 2;
		/* The names read are given back as the owners grow. */
		if (n >= done + DROP_STEP) {
			end = (char *)((uintptr_t)n &
			    ~(uintptr_t)(DROP_STEP - 1));
			if (end > done && madvise(done, (size_t)(end - done),
			    MADV_DONTNEED) == 0)
				done = end;
		}
	}
	L->lastwlen = 0;
	return 0;
}

/*
 * The first half is read (L, s, zs at the split line, in the state the
 * worker sp started with) and the worker is still reading: the last part
 * of what it has left, read here, so that both end at about the same
 * time (the two processors of a virtual machine do not always run at
 * one speed: one was seen to take 1.6 times as long).  The part is in
 * proportion to how much each half read so far, and starts at least
 * STEAL_AHEAD past where the worker last said it was, at a line with an
 * owner.  The worker stops at the part when it gets there in the state
 * the part started in, else reads on to the end and the part is not
 * used (split_meet()).  Returns the part, read; NULL when none was taken.
 */
static struct split *
split_steal(struct loader *L, const struct src *s, const zs_scanner_t *zs,
    struct split *sp)
{
	const char *end = s->text + s->len, *pos, *p;
	double mine, theirs;
	size_t rest, skip;
	struct split *st;

	if (atomic_load_explicit(&sp->done, memory_order_acquire))
		return NULL;
	pos = atomic_load_explicit(&sp->pos, memory_order_relaxed);
	rest = (size_t)(end - pos);
	mine = (double)(sp->at - s->text);
	theirs = (double)(pos - sp->at);
	/* Tests: the worker has not started; half its half is taken. */
	skip = split_steal_test == 1 ? rest / 2 : (size_t)((double)rest *
	    theirs / (mine + theirs));
	if (skip < split_at.steal_ahead)
		skip = split_at.steal_ahead;
	if (rest < skip + split_at.steal_min ||
	    (p = split_line(s, pos + skip)) == NULL ||
	    (size_t)(end - p) < split_at.steal_min ||
	    atomic_load(&sp->take) != NULL ||
	    (st = split_new(L, s, NULL, zs, sp->origin, p)) == NULL) {
		atomic_store(&sp->go, 1);
		return NULL;
	}
	atomic_store(&st->go, 1);
	atomic_store_explicit(&sp->steal, st, memory_order_release);
	atomic_store(&sp->go, 1);
	(void)split_worker(st);
	return st;
}

/*
 * The first half (L, s) has read up to the line of part a, the line-th
 * of the file, and part a has stopped where part b begins or read on to
 * the end (b is then not used; b may be NULL): a, then b, appended to
 * L's zone.  Returns 1 when they were (the file is read), 0 when a part
 * did not end cleanly (the first half reads on alone), or an error.
 */
static int
split_join_parts(struct loader *L, struct src *s, unsigned line,
    struct split *a, struct split *b)
{
	int rc;

	if (b != NULL && !a->stopped)
		b = NULL;
	if (!a->ok || (b != NULL && !b->ok))
		return 0;
	/* The first half's last run ends where a's first began. */
	if ((rc = text_upto(s, a->at)) != 0 ||
	    (L->lean && (rc = run_end(L)) != 0) ||
	    (rc = split_join(L, a, line - 1)) != 0 ||
	    (b != NULL && (rc = split_join(L, b, line - 1 + a->stop_line -
	    1)) != 0))
		return rc;
	if (b != NULL)
		atomic_fetch_add(&split_steals, 1);
	/* The parts checked the text from a's line on. */
	if (s->checked != NULL)
		s->checked = s->text + s->len;
	return 1;
}

int
split_meet_take(struct loader *L, struct src *s, const zs_scanner_t *zs,
    struct split **spp, struct split *t)
{
	struct split *sp = *spp;
	const char *start;
	unsigned line;
	int rc;

	line = stmt_line(s, zs->input.current, &start);
	if (start != t->at || !split_state_same(t, L, zs))
		return 0;
	(void)pthread_join(sp->thread, NULL);
	*spp = NULL;
	rc = split_join_parts(L, s, line, t, sp);
	split_free(sp);		/* and t */
	return rc;
}

int
split_meet(struct loader *L, struct src *s, const zs_scanner_t *zs,
    struct split **spp)
{
	struct split *sp = *spp, *st;
	const char *start;
	unsigned line;
	int rc;

	line = stmt_line(s, zs->input.current, &start);
	if (start != sp->at || !split_state_same(sp, L, zs)) {
		*spp = split_cancel(sp);
		return 0;
	}
	st = split_steal(L, s, zs, sp);
	(void)pthread_join(sp->thread, NULL);
	*spp = NULL;
	rc = split_join_parts(L, s, line, sp, st);
	if (st != NULL)
		split_free(st);
	split_free(sp);
	return rc;
}

void
dl_zone_set_split_min(size_t bytes)
{
	if (bytes == 0)
		bytes = SPLIT_MIN;
	split_at.min = bytes;
	split_at.steal_min = bytes / (SPLIT_MIN / STEAL_MIN);
	split_at.steal_ahead = bytes / (SPLIT_MIN / STEAL_AHEAD);
	split_at.say_step = bytes / (SPLIT_MIN / SAY_STEP);
	split_at.part_text = bytes / (SPLIT_MIN / FACT_PART_TEXT);
	if (split_at.part_text == 0)
		split_at.part_text = 1;
	/* zonewin.c's page: a power of 2, half the size, at least 4 KiB. */
	for (split_at.win_page = 4096; split_at.win_page * 4 <= bytes;
	    split_at.win_page *= 2)
		;
	split_at.win_ahead = split_at.win_page / 2;
}

void
dl_zone_set_split_steal(int on)
{
	split_steal_test = on;
}

unsigned
dl_zone_split_steals(void)
{
	return atomic_load(&split_steals);
}

