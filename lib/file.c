/*
 * file.c - opening the files dnslint reads: only regular files.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "file.h"

int
dl_file_open(const char *path, struct stat *st)
{
	int fd, saved;

	if (stat(path, st) == -1)
		return -1;
	if (!S_ISREG(st->st_mode))
		return DL_FILE_NOT_REGULAR;
	/* O_NONBLOCK: should it be a FIFO by now, do not wait for a writer. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, st) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return DL_FILE_NOT_REGULAR;
	}
	return fd;
}

const char *
dl_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a file";
}

int
dl_path_clean(const char *in, char *out, size_t n)
{
	size_t o = 0, k;
	const char *p = in;

	while (*p != '\0') {
		k = strcspn(p, "/");
		if (k == 2 && p[0] == '.' && p[1] == '.') {
			if (o == 0)
				return -1;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (k > 0 && !(k == 1 && p[0] == '.')) {
			if (o + k + 2 > n)
				return -1;
			if (o > 0)
				out[o++] = '/';
			memcpy(out + o, p, k);
			o += k;
		}
		p += k;
		while (*p == '/')
			p++;
	}
	if (o == 0)
		return -1;
	out[o] = '\0';
	return 0;
}

char *
dl_path_dir(const char *path)
{
	const char *sl = strrchr(path, '/');

	if (sl == NULL)
		return strdup(".");
	if (sl == path)
		return strdup("/");
	return strndup(path, (size_t)(sl - path));
}

int
dl_file_read(const char *path, const char *name, size_t max,
    const char *what, char **bufp, size_t *lenp, struct dl_error *err)
{
	struct stat st;
	char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd, is_stdin = strcmp(path, "-") == 0, saved;

	*bufp = NULL;
	*lenp = 0;
	if (is_stdin)
		fd = STDIN_FILENO;
	else {
		if ((fd = dl_file_open(path, &st)) == DL_FILE_NOT_REGULAR) {
			dl_error_set(err, name, 0, 0,
			    "cannot read: not a regular file (%s)",
			    dl_file_kind(st.st_mode));
			return DL_EIO;
		}
		if (fd == -1) {
			dl_error_set(err, name, 0, 0, "cannot read: %s",
			    strerror(errno));
			return DL_EIO;
		}
		if ((uintmax_t)st.st_size > max) {
			close(fd);
			dl_error_set(err, name, 0, 0,
			    "larger than %zu MiB; that is not a "
			    "plausible %s", max >> 20, what);
			return DL_EINPUT;
		}
	}
	for (;;) {
		/*
		 * Room for one more byte and the NUL: with less, read(2)
		 * would be asked for 0 bytes and the file taken as ending
		 * there.
		 */
		if (cap - len < 2) {
			/* One byte past the limit tells "too large". */
			cap = cap ? cap * 2 : 8192;
			if (cap > max + 2)
				cap = max + 2;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				free(buf);
				if (!is_stdin)
					close(fd);
				dl_error_set(err, name, 0, 0, "out of memory");
				return DL_ENOMEM;
			}
			buf = nbuf;
		}
		r = read(fd, buf + len, cap - 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			saved = errno;
			free(buf);
			if (!is_stdin)
				close(fd);
			dl_error_set(err, name, 0, 0, "cannot read: %s",
			    strerror(saved));
			return DL_EIO;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > max) {
			free(buf);
			if (!is_stdin)
				close(fd);
			dl_error_set(err, name, 0, 0,
			    "larger than %zu MiB; that is not a "
			    "plausible %s", max >> 20, what);
			return DL_EINPUT;
		}
	}
	if (!is_stdin)
		close(fd);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}
