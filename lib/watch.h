/*
 * watch.h - dnslint wait's observation of the live TTLs: between checks
 * of one plan, the TTL of each changed RRset as the servers served it,
 * so that a lowering seen happen counts as done from when it was seen.
 */
#ifndef DL_WATCH_H
#define DL_WATCH_H

#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "plan.h"
#include "zone.h"

/* What the live TTLs did while watched; opaque. */
struct dl_watch;

/* A new, empty watch (free with dl_watch_free()), or NULL when out of
   memory. */
struct dl_watch *dl_watch_new(void);

/*
 * Note the live TTL (live, at now; the largest of a mixed-TTL RRset) of
 * every RRset plan changes: one above the time model's max_ttl (cfg's)
 * is high; one at or below it after a high one was seen is lowered, from
 * now on.  A lowering seen is written into plan (the change's lowered,
 * from the TTL seen before it) unless the plan states one.  A TTL low at
 * the first look, never seen higher, is written as the change's
 * seen_low (has_seen_low): the time model counts from that look unless
 * older evidence dates it.  live NULL: nothing to note.  Out of memory,
 * an RRset is not noted.
 */
void	dl_watch_observe(struct dl_watch *w, struct dl_plan *plan,
	    const struct dl_zone *live, const struct dl_config *cfg,
	    int64_t now);

/*
 * Is f the lowering rule's finding (the rule whose model input is
 * max_ttl) on an RRset that the last dl_watch_observe() counted from
 * wait's first look (seen_low)?  Its message then says what wait counts
 * from.  1 or 0.
 */
int	dl_watch_watched_low(const struct dl_watch *w,
	    const struct dl_finding *f);

/* Free w.  NULL is fine. */
void	dl_watch_free(struct dl_watch *w);

#endif
