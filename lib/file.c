/*
 * file.c - opening the files dnslint reads: only regular files.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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
