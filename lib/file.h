/*
 * file.h - opening the files dnslint reads (plans, configurations, zone
 * files, key files): only regular files.
 */
#ifndef DL_FILE_H
#define DL_FILE_H

#include <sys/stat.h>

#include <stddef.h>

#include "error.h"

#define DL_FILE_NOT_REGULAR	(-2)

/*
 * Open path read-only if it is a regular file.  Opening a FIFO would wait
 * for a writer, opening some devices has effects of its own, and reading
 * one such as /dev/zero would never end: the path is looked at before it
 * is opened, and what was opened is looked at again (the path may have
 * been replaced in between).  Returns the descriptor and fills *st; -1
 * with errno set when it cannot be opened; DL_FILE_NOT_REGULAR when it is
 * something else, with *st saying what (dl_file_kind()).
 */
int	dl_file_open(const char *path, struct stat *st);

/* "a directory", "a FIFO", "a device", "a socket" or "not a file". */
const char *dl_file_kind(mode_t mode);

/*
 * A relative path as plain names, "a/./b/../c" as "a/c", into out (size
 * n): git names files by such paths.  Returns 0, or -1 when it is empty,
 * climbs above its start or does not fit.
 */
int	dl_path_clean(const char *in, char *out, size_t n);

/*
 * The folder part of path, newly allocated (free(3)): "a/b" for "a/b/c",
 * "." for "c", "/" for "/c"; NULL when out of memory.
 */
char	*dl_path_dir(const char *path);

/*
 * Read a whole file into a new NUL-terminated buffer (*buf, free(3) it;
 * *len excludes the NUL).  path "-" reads standard input.  name is what
 * errors call the file.  Only regular files are opened (dl_file_open()),
 * and at most max bytes are accepted; what says what the file should be
 * in the message about a larger one ("larger than 16 MiB; that is not a
 * plausible plan or configuration").  Returns 0, DL_EIO ("cannot read:
 * No such file or directory", "cannot read: not a regular file (a
 * FIFO)"), DL_EINPUT (too large) or DL_ENOMEM, with err filled.
 */
int	dl_file_read(const char *path, const char *name, size_t max,
	    const char *what, char **buf, size_t *len, struct dl_error *err);

#endif
