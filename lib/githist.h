/*
 * githist.h - a zone file kept in git: its version at a revision (the live
 * side of --git-live), its version in the index (--staged), and its
 * history as the record of when each TTL was lowered.
 *
 * The history walk runs one `git log --first-parent --follow` over the
 * file and one `git cat-file --batch` for every version it reads, never a
 * process per commit.  For a changed RRset whose TTL at the revision is at
 * most max_ttl and whose plan states no lowering, it walks back from the
 * revision to the newest version in which the TTL was above max_ttl: the
 * commit after that version (on the first-parent line) lowered it, at its
 * committer time W, from that version's TTL P.  The walk stops there, or
 * where the RRset or the file first appears (low all along).  History that
 * ends before either (a shallow clone's boundary), a file git added where
 * a deleted file held the RRset (a rename beyond what --follow follows),
 * a version that does not load, or git failing, leave the RRset unknown.
 */
#ifndef DL_GITHIST_H
#define DL_GITHIST_H

#include <stdint.h>

#include "error.h"
#include "plan.h"
#include "zone.h"

/* A zone file in a git work tree. */
struct dl_githist;

/*
 * Find the git work tree that holds path (a file name as given on the
 * command line or in a plan; the file itself need not exist) and resolve
 * rev ("HEAD", "origin/main", a hash) to a commit.  Returns 0 and sets
 * *out (free with dl_githist_free()); DL_EINPUT when path is not in a
 * git work tree, rev is not a commit there or begins with '-';
 * DL_EUNAVAIL when git cannot be run (err says which); DL_ENOMEM.
 */
int	dl_githist_open(const char *path, const char *rev,
	    struct dl_githist **out, struct dl_error *err);

/* The file's path from the top of its work tree. */
const char *dl_githist_path(const struct dl_githist *h);

/* The top of its work tree. */
const char *dl_githist_top(const struct dl_githist *h);

/*
 * Load the file's version at the revision (staged 0: messages name it
 * "REV:path") or in the index (staged 1: messages name it as given), as
 * dl_zone_load_file() would, $INCLUDE files from the same revision or
 * index.  Returns 0 and sets *out; 1 when the file is not there (a new
 * zone file); else the zone loader's codes, or DL_EUNAVAIL when git
 * failed.  Each text is read from git once (dl_githist_staged_text()
 * and dl_githist_apply() take it again from h), and loading the index's
 * version first asks git for the versions the history walk reads first,
 * so that git reads them while the zone loads.
 */
int	dl_githist_load(struct dl_githist *h, int staged, const char *origin,
	    const struct dl_zone_filter *filter, struct dl_zone **out,
	    struct dl_error *err);

/*
 * The text of the file in the index, for guessing its zone (malloc(3)ed,
 * NUL-terminated; the caller frees).  Returns 0, 1 when it is not in the
 * index, DL_EUNAVAIL or DL_ENOMEM.
 */
int	dl_githist_staged_text(struct dl_githist *h, char **buf, size_t *len,
	    struct dl_error *err);

/*
 * Read the history for plan's changes against live (the version at the
 * revision): for each change that needs it (see above) fill change->git,
 * and for a lowering found also change->lowered (set, at W, from P), as
 * if the plan had stated it.  Changes whose plan states a lowering, whose
 * live TTL is above max_ttl, that change only the TTL, or are new are
 * left alone.  Returns 0 (history that cannot be read is a DL_GIT_UNKNOWN
 * note, not an error) or DL_ENOMEM.
 */
int	dl_githist_apply(struct dl_githist *h, struct dl_plan *plan,
	    const struct dl_zone *live, uint32_t max_ttl);

void	dl_githist_free(struct dl_githist *h);

#endif
