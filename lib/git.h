/*
 * git.h - running git safely: fork and exec with an argument vector (never
 * a shell), standard output read through a pipe, bounded in size and in
 * time, and a long-running `git cat-file --batch` that hands out blobs.
 *
 * Every git process runs with LC_ALL=C, no terminal prompt, no optional
 * locks, literal pathspecs (a file named ":(glob)*" is that file), and
 * `-c protocol.allow=never`, so that reading history never fetches from a
 * remote (a partial clone would otherwise go to the network for a missing
 * object).
 */
#ifndef DL_GIT_H
#define DL_GIT_H

#include <stddef.h>

#include "error.h"

/* The most a git command's output or a blob may hold. */
#define DL_GIT_OUT_MAX	(256u * 1024 * 1024)

/*
 * Run `git -C dir ARGS...` (argv: the arguments after "git", ending with
 * NULL).  Fills *out with its standard output (malloc(3), NUL-terminated,
 * *len without the NUL; the caller frees) and *status with its exit status
 * (the output is filled also when the status is not 0).  Standard error is
 * collected; when the status is not 0 its first line is in err's message
 * with what (a few words: "git log") before it.  Returns 0; DL_EUNAVAIL
 * when git could not be run (not installed: "git is not installed or not
 * on PATH"), was killed, wrote more than max bytes or took longer than 60
 * seconds; DL_ENOMEM.
 */
int	dl_git_run(const char *dir, const char *const *argv, size_t max,
	    char **out, size_t *len, int *status, struct dl_error *err);

/*
 * dl_git_run() in two halves, so that the caller works while git does:
 * dl_git_start() starts it (0, DL_EUNAVAIL, DL_ENOMEM), dl_git_finish()
 * collects it as dl_git_run() would and frees p; dl_git_abandon() kills
 * it and frees p (NULL is allowed).
 */
struct dl_git_proc;

int	dl_git_start(const char *dir, const char *const *argv,
	    struct dl_git_proc **p, struct dl_error *err);
int	dl_git_finish(struct dl_git_proc *p, size_t max, char **out,
	    size_t *len, int *status, struct dl_error *err);
void	dl_git_abandon(struct dl_git_proc *p);

/* A `git cat-file --batch` process in a repository. */
struct dl_git_batch;

/*
 * Start `git -C dir cat-file --batch` (dir: any folder of the work tree;
 * a spec's "REV:path" is from its top all the same).  Its answers come
 * through a pipe of 1 MiB where the system allows, so that git writes
 * the specs asked ahead while the caller works.  Returns 0 and sets *out
 * (end it with dl_git_batch_end()), DL_EUNAVAIL with err filled, or
 * DL_ENOMEM.
 */
int	dl_git_batch_start(const char *dir, struct dl_git_batch **out,
	    struct dl_error *err);

/*
 * The blob named by spec ("REV:path", ":path" for the index).  Returns 0
 * and sets *buf (malloc(3), NUL-terminated, at least *len + 1 bytes; the
 * caller frees) and *len; 1 when git says there is no such object, or it
 * is not a blob; DL_EUNAVAIL when the process failed or the blob is larger
 * than DL_GIT_OUT_MAX (err says so); DL_ENOMEM.  A spec holding a newline
 * is refused (1).
 */
int	dl_git_batch_get(struct dl_git_batch *b, const char *spec, char **buf,
	    size_t *len, struct dl_error *err);

/*
 * Ask for spec ahead, so that git reads it while the caller works: the
 * next dl_git_batch_get() of the same spec takes the answer.  A get of
 * another spec first reads past (and drops) every answer asked for ahead.
 * At most 16 may be outstanding.  Returns 0; 1 when the queue is full or
 * spec is not valid (nothing sent); DL_EUNAVAIL; DL_ENOMEM.
 */
int	dl_git_batch_prefetch(struct dl_git_batch *b, const char *spec,
	    struct dl_error *err);

/* Stop the process and free b.  NULL is allowed. */
void	dl_git_batch_end(struct dl_git_batch *b);

/*
 * Where path (a file that need not exist, in a folder that must) is in
 * its git work tree: *top the work tree's top folder, *rel the path from
 * there ("zones/example.com.zone"), both malloc(3)ed, and *shallow 1 when
 * the repository is a shallow clone.  With rev (not NULL, not beginning
 * with '-'), also the commit it names, in full hexadecimal, into hash
 * (64 bytes), in the same git process.  Returns 0; DL_EINPUT when the
 * folder is not in a git work tree (err names path) or rev is not a
 * commit there (err: "--git-live 'x' is not a commit in the git
 * repository '/srv/dns'"); DL_EUNAVAIL when git cannot be run; DL_ENOMEM.
 * hash may be NULL when rev is.  Where git is certain to find no
 * repository (no ".git" and nothing like a bare repository in the folder
 * or above it, one file system up to '/', none of GIT_DIR, GIT_WORK_TREE,
 * GIT_COMMON_DIR, GIT_CEILING_DIRECTORIES or
 * GIT_DISCOVERY_ACROSS_FILESYSTEM set), git is not run and err says what
 * it says there.
 */
int	dl_git_locate(const char *path, const char *rev, char **top,
	    char **rel, int *shallow, char *hash, struct dl_error *err);

#endif
