/*
 * watch.h - dnslint wait's observation of the live TTLs: between checks
 * of one plan, the TTL of each changed RRset as the servers served it,
 * so that a lowering seen happen counts as done from when it was seen.
 */
#ifndef DL_WATCH_H
#define DL_WATCH_H

#include <stdint.h>

#include "config.h"
#include "plan.h"
#include "zone.h"

/* What the live TTLs did while watched; opaque. */
struct dl_watch;

/* A new, empty watch (free with dl_watch_free()), or NULL when out of
   memory. */
struct dl_watch *dl_watch_new(void);

/*
 * Note the live TTL (live, at now) of every RRset plan changes: one
 * above the time model's max_ttl (cfg's) is high; one at or below it
 * after a high one was seen is lowered, from now on.  A lowering seen
 * is written into plan (the change's lowered, from the TTL seen before
 * it) unless the plan states one.  live NULL: nothing to note.  Out of
 * memory, an RRset is not noted.
 */
void	dl_watch_observe(struct dl_watch *w, struct dl_plan *plan,
	    const struct dl_zone *live, const struct dl_config *cfg,
	    int64_t now);

/* Free w.  NULL is fine. */
void	dl_watch_free(struct dl_watch *w);

#endif
