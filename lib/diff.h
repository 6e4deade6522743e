/*
 * diff.h - plans written as a desired zone: the change is the difference
 * between the live zone and the desired zone, RRset by RRset.
 */
#ifndef DL_DIFF_H
#define DL_DIFF_H

#include <stddef.h>

#include "error.h"
#include "plan.h"
#include "zone.h"

/*
 * Fill plan's changes with the difference between live and desired, both
 * whole zones of plan->zone: RRsets added, deleted, with other data, or
 * with only another TTL.  Names compare case-insensitively and records as
 * sets, so reordering or recasing is no change.  The apex SOA is not a
 * change: its desired version goes to plan->desired_soa (a copy).  Each
 * change's place is its first line in the desired file (a deletion's: in
 * the live file).  Additions and changes come in desired-file order, then
 * deletions in live-file order.  Replaces any changes the plan had.
 * Returns 0 or DL_ENOMEM.
 */
int	dl_diff_plan(struct dl_plan *plan, const struct dl_zone *live,
	    const struct dl_zone *desired);

/*
 * A plan for a desired zone file given on the command line, with no YAML:
 * zone origin (absolute, lower case; NULL: guessed from the file: its
 * SOA owner made absolute against the $ORIGIN in force there, else its
 * first $ORIGIN, else a file name like
 * example.com.zone or db.example.com; an octoDNS zone file's from its
 * name only, example.com.yaml), cutover now, findings pointing at
 * the desired file.  Returns 0 and sets *out (free with dl_plan_free()),
 * DL_EINPUT when the zone cannot be told (err says how to say it),
 * DL_EIO, DL_ENOMEM.
 */
int	dl_diff_desired_plan(const char *path, const char *origin,
	    struct dl_plan **out, struct dl_error *err);

/*
 * As dl_diff_desired_plan() with origin NULL, the zone guessed from text
 * (len bytes: the file's version in the git index, which may differ from
 * the file at path) instead of the file, else from the name path.
 */
int	dl_diff_desired_plan_text(const char *path, const char *text,
	    size_t len, struct dl_plan **out, struct dl_error *err);

#endif
