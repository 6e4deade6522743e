/*
 * error.h - errors: why dnslint could not do its job.
 *
 * An error is not a finding.  A finding is a result of a check (see
 * rule.h); an error means the input was invalid or could not be read.
 * Library functions return 0 or one of the negative codes below and fill a
 * struct dl_error for the caller.
 */
#ifndef DL_ERROR_H
#define DL_ERROR_H

#include <stddef.h>

#define DL_EINPUT	(-1)	/* invalid input: plan, config, zone, key (exit 2) */
#define DL_ENOMEM	(-2)	/* out of memory (exit 2) */
#define DL_EIO		(-3)	/* a file could not be read (exit 2) */
#define DL_EUNAVAIL	(-4)	/* live data could not be fetched (exit 3) */

struct dl_error {
	char		file[512];	/* "" when the error has no file */
	unsigned	line;		/* 1-based; 0 when unknown */
	unsigned	column;		/* 1-based, in characters; 0 when unknown */
	char		message[1024];	/* lower case, no full stop */
};

/*
 * Fill err (which may be NULL: then nothing happens).  file may be NULL.
 * The message follows printf(3) formatting and is truncated to fit.
 */
void	dl_error_set(struct dl_error *err, const char *file, unsigned line,
	    unsigned column, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * Write "file:line:column: message" into buf (size n), leaving out the
 * parts that are empty or 0.  Returns buf.
 */
char	*dl_error_format(const struct dl_error *err, char *buf, size_t n);

#endif
