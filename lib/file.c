/*
 * file.c - opening the files dnslint reads: only regular files.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
