/*
 * git.c - running git: posix_spawn(3) with an argument vector, pipes,
 * limits.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "git.h"

extern char **environ;

#define GIT_TIMEOUT_MS	60000
#define ERR_MAX		4096		/* standard error kept */
#define NO_GIT		"git is not installed or not on PATH"

#define QUEUE_MAX	16
/* What git may write ahead of the reader: room for specs asked ahead. */
#define PIPE_SIZE	(1024 * 1024)

struct dl_git_batch {
	pid_t	 pid;
	int	 fd;			/* to git: a socket (MSG_NOSIGNAL) */
	int	 rfd;			/* from git: a pipe, made large */
	char	*buf;
	size_t	 cap, pos, end;
	int	 dead;
	/* Specs asked for ahead (dl_git_batch_prefetch()), oldest first. */
	char	*queue[QUEUE_MAX];
	size_t	 nqueue;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Set for git, whatever this process's environment says (spawn()). */
static const char *const git_env[] = {
	"LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0"
};
/* Taken out of it. */
static const char *const git_unenv[] = { "GIT_EXTERNAL_DIFF" };

/* Is the environment entry e (NAME=value) one of the n names? */
static int
env_named(const char *e, const char *const *names, size_t n)
{
	size_t i, l;

	for (i = 0; i < n; i++) {
		l = strcspn(names[i], "=");
		if (strncmp(e, names[i], l) == 0 && e[l] == '=')
			return 1;
	}
	return 0;
}

/*
 * Start git with the fixed options and args, its standard streams on in,
 * out and errfd, its environment this process's with git_env set and
 * git_unenv taken out, SIGPIPE at its default.  By posix_spawn(3), not
 * fork(2): a fork copies this process's page tables (its libraries'
 * thousands of pages), and every page the child touches before the exec
 * is a fault, an exit to the host on a paravirtualised machine; and
 * nothing of this process runs in the child, which threads (par.c) need.
 * Returns the pid, or -1 with errno set.
 */
static pid_t
spawn(const char *dir, const char *const *args, int in, int out, int errfd)
{
	static const char *const fixed[] = {
		"git", "-c", "protocol.allow=never", "-c",
		"core.fsmonitor=false", "--no-pager", "--no-replace-objects",
		"--literal-pathspecs", "-C"
	};
	const size_t nset = sizeof(git_env) / sizeof(git_env[0]);
	const char *argv[64], **envp;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t def;
	size_t n = 0, i;
	pid_t pid;
	int rc;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		argv[n++] = fixed[i];
	argv[n++] = dir;
	for (i = 0; args[i] != NULL && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	for (n = 0; environ[n] != NULL; n++)
		;
	if ((envp = calloc(n + nset + 1, sizeof(*envp))) == NULL)
		return -1;
	for (n = 0, i = 0; environ[i] != NULL; i++)
		if (!env_named(environ[i], git_env, nset) &&
		    !env_named(environ[i], git_unenv, sizeof(git_unenv) /
		    sizeof(git_unenv[0])))
			envp[n++] = environ[i];
	for (i = 0; i < nset; i++)
		envp[n++] = git_env[i];
	envp[n] = NULL;
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0) {
		free(envp);
		errno = rc;
		return -1;
	}
	if ((rc = posix_spawnattr_init(&at)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		free(envp);
		errno = rc;
		return -1;
	}
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	if ((rc = posix_spawn_file_actions_adddup2(&fa, in, 0)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, out, 1)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, errfd, 2)) == 0 &&
	    (rc = posix_spawnattr_setsigdefault(&at, &def)) == 0 &&
	    (rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF)) == 0)
		rc = posix_spawnp(&pid, "git", &fa, &at,
		    (char *const *)argv, (char *const *)envp);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
}

/* Why spawn() or what came before it failed (errno), into err. */
static void
spawn_error(struct dl_error *err)
{
	if (errno == ENOENT)
		dl_error_set(err, NULL, 0, 0, "%s", NO_GIT);
	else
		dl_error_set(err, NULL, 0, 0, "cannot run git: %s",
		    strerror(errno));
}

/* Wait for pid; its exit status, or -1 when it was killed. */
static int
reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The first line of s into err, after what. */
static void
first_line(struct dl_error *err, const char *what, const char *s)
{
	size_t n = strcspn(s, "\n");

	if (strncmp(s, "fatal: ", 7) == 0) {
		s += 7;
		n -= 7;
	}
	dl_error_set(err, NULL, 0, 0, "%s: %.*s", what, (int)n, s);
}

struct dl_git_proc {
	pid_t	 pid;
	int	 ofd, efd;
	int64_t	 deadline;
	char	 what[48];		/* "git log" */
};

int
dl_git_start(const char *dir, const char *const *argv,
    struct dl_git_proc **out, struct dl_error *err)
{
	int opipe[2] = { -1, -1 }, epipe[2] = { -1, -1 }, devnull = -1;
	struct dl_git_proc *p;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return DL_ENOMEM;
	if (pipe2(opipe, O_CLOEXEC) == -1 || pipe2(epipe, O_CLOEXEC) == -1 ||
	    (devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    (p->pid = spawn(dir, argv, devnull, opipe[1], epipe[1])) == -1) {
		spawn_error(err);
		if (opipe[0] >= 0) {
			close(opipe[0]);
			close(opipe[1]);
		}
		if (epipe[0] >= 0) {
			close(epipe[0]);
			close(epipe[1]);
		}
		if (devnull >= 0)
			close(devnull);
		free(p);
		return DL_EUNAVAIL;
	}
	close(opipe[1]);
	close(epipe[1]);
	close(devnull);
	p->ofd = opipe[0];
	p->efd = epipe[0];
	p->deadline = now_ms() + GIT_TIMEOUT_MS;
	snprintf(p->what, sizeof(p->what), "git %s", argv[0]);
	*out = p;
	return 0;
}

void
dl_git_abandon(struct dl_git_proc *p)
{
	if (p == NULL)
		return;
	kill(p->pid, SIGKILL);
	(void)reap(p->pid);
	close(p->ofd);
	close(p->efd);
	free(p);
}

int
dl_git_finish(struct dl_git_proc *p, size_t max, char **out, size_t *len,
    int *status, struct dl_error *err)
{
	char *obuf = NULL, ebuf[ERR_MAX + 1], *nb;
	size_t olen = 0, ocap = 0, elen = 0;
	struct pollfd pf[2];
	int rc = DL_EUNAVAIL, open_fds, st, i;
	ssize_t r;

	*out = NULL;
	*len = 0;
	*status = -1;
	pf[0].fd = p->ofd;
	pf[1].fd = p->efd;
	pf[0].events = pf[1].events = POLLIN;
	open_fds = 2;
	while (open_fds > 0) {
		int64_t left = p->deadline - now_ms();

		if (left <= 0) {
			dl_error_set(err, NULL, 0, 0, "%s took longer than %d "
			    "seconds", p->what, GIT_TIMEOUT_MS / 1000);
			goto kill;
		}
		if (poll(pf, 2, (int)left) == -1) {
			if (errno == EINTR)
				continue;
			dl_error_set(err, NULL, 0, 0, "cannot read from git: "
			    "%s", strerror(errno));
			goto kill;
		}
		for (i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || pf[i].revents == 0)
				continue;
			if (i == 0) {
				if (ocap - olen < 65536) {
					ocap = ocap ? ocap * 2 : 65536;
					if ((nb = realloc(obuf, ocap + 1)) ==
					    NULL) {
						rc = DL_ENOMEM;
						dl_error_set(err, NULL, 0, 0,
						    "out of memory");
						goto kill;
					}
					obuf = nb;
				}
				r = read(pf[0].fd, obuf + olen, ocap - olen);
			} else {
				char sink[4096];

				r = read(pf[1].fd, sink, sizeof(sink));
				if (r > 0 && elen < ERR_MAX) {
					size_t k = (size_t)r < ERR_MAX - elen ?
					    (size_t)r : ERR_MAX - elen;

					memcpy(ebuf + elen, sink, k);
					elen += k;
				}
			}
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				pf[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0 && (olen += (size_t)r) > max) {
				dl_error_set(err, NULL, 0, 0, "%s wrote more "
				    "than %zu bytes", p->what, max);
				goto kill;
			}
		}
	}
	ebuf[elen] = '\0';
	st = reap(p->pid);
	/*
	 * posix_spawn(3) may also say that the exec failed this way (POSIX
	 * allows it; glibc does so under valgrind): 127 and not a word.
	 */
	if (st == 127 && elen == 0) {
		dl_error_set(err, NULL, 0, 0, "%s", NO_GIT);
		goto out;
	}
	if (st == -1) {
		dl_error_set(err, NULL, 0, 0, "%s was killed", p->what);
		goto out;
	}
	if (obuf == NULL && (obuf = malloc(1)) == NULL) {
		rc = DL_ENOMEM;
		goto out;
	}
	obuf[olen] = '\0';
	if (st != 0)
		first_line(err, p->what, ebuf);
	*out = obuf;
	obuf = NULL;
	*len = olen;
	*status = st;
	rc = 0;
out:
	close(p->ofd);
	close(p->efd);
	free(p);
	free(obuf);
	return rc;
kill:
	free(obuf);
	dl_git_abandon(p);
	return rc;
}

int
dl_git_run(const char *dir, const char *const *argv, size_t max,
    char **out, size_t *len, int *status, struct dl_error *err)
{
	struct dl_git_proc *p;
	int rc;

	*out = NULL;
	*len = 0;
	*status = -1;
	if ((rc = dl_git_start(dir, argv, &p, err)) != 0)
		return rc;
	return dl_git_finish(p, max, out, len, status, err);
}

int
dl_git_batch_start(const char *dir, struct dl_git_batch **out,
    struct dl_error *err)
{
	static const char *const args[] = { "cat-file", "--batch", NULL };
	struct dl_git_batch *b;
	int sv[2], po[2] = { -1, -1 }, errfd = -1;

	*out = NULL;
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->buf = malloc(65536 + 1)) == NULL) {
		free(b);
		return DL_ENOMEM;
	}
	b->cap = 65536;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		dl_error_set(err, NULL, 0, 0, "cannot run git: %s",
		    strerror(errno));
		free(b->buf);
		free(b);
		return DL_EUNAVAIL;
	}
	/*
	 * Its answers come through a pipe made large where the system
	 * allows (a socket holds about four 50 kB blobs), so that git
	 * writes the blobs asked ahead while dnslint works.  Its
	 * complaints would only be about specs we check ourselves.
	 */
	if (pipe2(po, O_CLOEXEC) == -1 ||
	    (errfd = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 ||
	    ((void)fcntl(po[1], F_SETPIPE_SZ, PIPE_SIZE),
	    (b->pid = spawn(dir, args, sv[1], po[1], errfd)) == -1)) {
		spawn_error(err);
		if (errfd >= 0)
			close(errfd);
		if (po[0] >= 0) {
			close(po[0]);
			close(po[1]);
		}
		close(sv[0]);
		close(sv[1]);
		free(b->buf);
		free(b);
		return DL_EUNAVAIL;
	}
	close(errfd);
	close(sv[1]);
	close(po[1]);
	b->fd = sv[0];
	b->rfd = po[0];
	*out = b;
	return 0;
}

/* Read more into b->buf; 0, or -1 at end or on error (b->dead set). */
static int
batch_fill(struct dl_git_batch *b, size_t want)
{
	struct pollfd pf;
	int64_t deadline = now_ms() + GIT_TIMEOUT_MS;
	size_t need;
	char *nb;
	ssize_t r;

	if (b->pos > 0) {
		memmove(b->buf, b->buf + b->pos, b->end - b->pos);
		b->end -= b->pos;
		b->pos = 0;
	}
	need = b->end + want;
	if (need > b->cap) {
		if ((nb = realloc(b->buf, need + 1)) == NULL)
			return -2;
		b->buf = nb;
		b->cap = need;
	}
	pf.fd = b->rfd;
	pf.events = POLLIN;
	for (;;) {
		int64_t left = deadline - now_ms();

		if (left <= 0 || poll(&pf, 1, (int)left) == 0) {
			b->dead = 1;
			return -1;
		}
		r = read(b->rfd, b->buf + b->end, b->cap - b->end);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			b->dead = 1;
			return -1;
		}
		b->end += (size_t)r;
		return 0;
	}
}

/*
 * Read exactly n bytes into dst, past b->buf (what it holds is taken
 * first): 0, or -1 at end or on error (b->dead set).
 */
static int
batch_take(struct dl_git_batch *b, char *dst, size_t n)
{
	struct pollfd pf;
	int64_t deadline = now_ms() + GIT_TIMEOUT_MS;
	size_t k = b->end - b->pos < n ? b->end - b->pos : n;
	ssize_t r;

	memcpy(dst, b->buf + b->pos, k);
	b->pos += k;
	pf.fd = b->rfd;
	pf.events = POLLIN;
	while (k < n) {
		int64_t left = deadline - now_ms();

		if (left <= 0 || poll(&pf, 1, (int)left) == 0) {
			b->dead = 1;
			return -1;
		}
		r = read(b->rfd, dst + k, n - k);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			b->dead = 1;
			return -1;
		}
		k += (size_t)r;
	}
	return 0;
}

/* Send "spec\n": 0, or DL_EUNAVAIL with b->dead set. */
static int
batch_send(struct dl_git_batch *b, const char *spec, struct dl_error *err)
{
	size_t n = strlen(spec), off = 0;
	char line[4200];
	ssize_t w;

	if (b->dead || n + 1 >= sizeof(line))
		goto dead;
	memcpy(line, spec, n);
	line[n++] = '\n';
	while (off < n) {
		w = send(b->fd, line + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto dead;
		off += (size_t)w;
	}
	return 0;
dead:
	b->dead = 1;
	dl_error_set(err, NULL, 0, 0, "git cat-file stopped answering");
	return DL_EUNAVAIL;
}

/*
 * Read the answer to the oldest request: as dl_git_batch_get(); buf NULL
 * reads it and throws it away.
 */
static int
batch_read(struct dl_git_batch *b, const char *spec, char **buf,
    size_t *len, struct dl_error *err)
{
	char *nl, *blob, *p, type[32];
	unsigned long long sz;
	size_t size, have;
	int rc;

	while ((nl = memchr(b->buf + b->pos, '\n', b->end - b->pos)) == NULL) {
		if (b->end - b->pos > 8192)
			goto dead;
		if ((rc = batch_fill(b, 8192)) != 0)
			goto rcfail;
	}
	*nl = '\0';
	p = b->buf + b->pos;
	b->pos = (size_t)(nl - b->buf) + 1;
	/* "<oid> <type> <size>", or "<spec> missing" (ambiguous, ...). */
	if (sscanf(p, "%*s %31s %llu", type, &sz) != 2)
		return 1;
	if (sz > DL_GIT_OUT_MAX) {
		dl_error_set(err, NULL, 0, 0, "'%s' is larger than %u MiB",
		    spec, DL_GIT_OUT_MAX / 1024 / 1024);
		b->dead = 1;
		return DL_EUNAVAIL;
	}
	size = (size_t)sz;
	if (buf == NULL || strcmp(type, "blob") != 0) {
		while ((have = b->end - b->pos) < size + 1)
			if ((rc = batch_fill(b, size + 1 - have)) != 0)
				goto rcfail;
		b->pos += size + 1;
		return 1;
	}
	/* Straight into the blob, and its line feed where the NUL goes. */
	if ((blob = malloc(size + 1)) == NULL)
		return DL_ENOMEM;
	if (batch_take(b, blob, size + 1) != 0) {
		free(blob);
		goto dead;
	}
	blob[size] = '\0';
	*buf = blob;
	*len = size;
	return 0;
rcfail:
	if (rc == -2)
		return DL_ENOMEM;
dead:
	b->dead = 1;
	dl_error_set(err, NULL, 0, 0, "git cat-file stopped answering");
	return DL_EUNAVAIL;
}

int
dl_git_batch_prefetch(struct dl_git_batch *b, const char *spec,
    struct dl_error *err)
{
	int rc;

	if (b->nqueue == QUEUE_MAX || strchr(spec, '\n') != NULL ||
	    spec[0] == '\0')
		return 1;
	if ((b->queue[b->nqueue] = strdup(spec)) == NULL)
		return DL_ENOMEM;
	if ((rc = batch_send(b, spec, err)) != 0) {
		free(b->queue[b->nqueue]);
		return rc;
	}
	b->nqueue++;
	return 0;
}

static void
queue_pop(struct dl_git_batch *b)
{
	free(b->queue[0]);
	memmove(b->queue, b->queue + 1, --b->nqueue * sizeof(b->queue[0]));
}

int
dl_git_batch_get(struct dl_git_batch *b, const char *spec, char **buf,
    size_t *len, struct dl_error *err)
{
	int rc;

	*buf = NULL;
	*len = 0;
	if (strchr(spec, '\n') != NULL || spec[0] == '\0')
		return 1;
	if (b->nqueue > 0 && strcmp(b->queue[0], spec) == 0)
		queue_pop(b);
	else {
		/* Answers asked for ahead come first: read past them. */
		while (b->nqueue > 0) {
			rc = batch_read(b, b->queue[0], NULL, NULL, err);
			queue_pop(b);
			if (rc < 0)
				return rc;
		}
		if ((rc = batch_send(b, spec, err)) != 0)
			return rc;
	}
	return batch_read(b, spec, buf, len, err);
}

void
dl_git_batch_end(struct dl_git_batch *b)
{
	if (b == NULL)
		return;
	while (b->nqueue > 0)
		free(b->queue[--b->nqueue]);
	close(b->fd);
	close(b->rfd);
	if (b->dead)
		kill(b->pid, SIGKILL);
	(void)reap(b->pid);
	free(b->buf);
	free(b);
}

/* Does path exist (of any kind, a dangling link too)? */
static int
exists(const char *dir, const char *name)
{
	char p[PATH_MAX + 16];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", strcmp(dir, "/") == 0 ? "" : dir,
	    name);
	return lstat(p, &st) == 0;
}

/*
 * Is it certain that git finds no repository from dir, so that running
 * it can be spared (and what it says is known): no ".git" and nothing
 * like a bare repository in dir or any folder above it, all on one file
 * system, and none of the variables that change git's search set?
 */
static int
no_repository(const char *dir)
{
	static const char *const vars[] = { "GIT_DIR", "GIT_WORK_TREE",
	    "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
	    "GIT_DISCOVERY_ACROSS_FILESYSTEM" };
	char real[PATH_MAX], *slash;
	struct stat st;
	dev_t dev;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (getenv(vars[i]) != NULL)
			return 0;
	if (realpath(dir, real) == NULL || stat(real, &st) != 0)
		return 0;
	dev = st.st_dev;
	for (;;) {
		if (stat(real, &st) != 0 || st.st_dev != dev ||
		    exists(real, ".git") || (exists(real, "HEAD") &&
		    exists(real, "objects") && exists(real, "refs")))
			return 0;
		if (strcmp(real, "/") == 0)
			return 1;
		slash = strrchr(real, '/');
		if (slash == real)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

int
dl_git_locate(const char *path, const char *rev, char **top, char **rel,
    int *shallow, char *hash, struct dl_error *err)
{
	const char *args[] = { "rev-parse", "--show-toplevel",
	    "--show-prefix", "--is-shallow-repository", NULL, NULL };
	char *copy = NULL, *copy2 = NULL, *out = NULL, *l[4], *spec = NULL;
	char *base, *dir;
	size_t len, i;
	int rc, st;

	*top = *rel = NULL;
	*shallow = 0;
	if ((copy = strdup(path)) == NULL || (copy2 = strdup(path)) == NULL ||
	    (rev != NULL && asprintf(&spec, "%s^{commit}", rev) == -1)) {
		spec = NULL;
		rc = DL_ENOMEM;
		goto out;
	}
	args[4] = spec;
	/* What git would say there, without running it. */
	dir = dirname(copy);
	if (no_repository(dir)) {
		dl_error_set(err, NULL, 0, 0, "git rev-parse: not a git "
		    "repository (or any of the parent directories): .git");
		rc = DL_EINPUT;
		goto located;
	}
	if ((rc = dl_git_run(dir, args, 1 << 16, &out, &len, &st, err)) != 0)
		goto located;
	/* Each answer on its own line; a bad revision fails after them. */
	l[0] = out;
	for (i = 1; i < 4; i++)
		if (l[i - 1] == NULL || (l[i] = strchr(l[i - 1], '\n')) == NULL)
			l[i] = NULL;
		else
			*l[i]++ = '\0';
	if (l[3] == NULL) {
		rc = DL_EINPUT;
		goto located;
	}
	l[3][strcspn(l[3], "\n")] = '\0';
	*shallow = strcmp(l[2], "true") == 0;
	if (rev != NULL && (st != 0 || strlen(l[3]) < 40 ||
	    strlen(l[3]) >= 64)) {
		dl_error_set(err, path, 0, 0, "--git-live '%s' is not a commit "
		    "in the git repository '%s'", rev, l[0]);
		rc = DL_EINPUT;
		goto out;
	}
	if (st != 0) {
		rc = DL_EINPUT;
		goto located;
	}
	if (rev != NULL)
		memcpy(hash, l[3], strlen(l[3]) + 1);
	base = basename(copy2);
	if ((*top = strdup(l[0])) == NULL ||
	    asprintf(rel, "%s%s", l[1], base) == -1) {
		*rel = NULL;
		rc = DL_ENOMEM;
	}
located:
	if (rc == DL_EUNAVAIL || rc == DL_EINPUT) {
		char msg[sizeof(err->message)];

		snprintf(msg, sizeof(msg), "%s", err->message);
		dl_error_set(err, path, 0, 0, "cannot read its git "
		    "repository: %s", msg);
	}
out:
	if (rc != 0) {
		free(*top);
		free(*rel);
		*top = *rel = NULL;
		if (rc == DL_ENOMEM)
			dl_error_set(err, NULL, 0, 0, "out of memory");
	}
	free(out);
	free(spec);
	free(copy);
	free(copy2);
	return rc;
}
