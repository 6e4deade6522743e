/*
 * text.h - text built in a buffer of fixed size.
 */
#ifndef DL_TEXT_H
#define DL_TEXT_H

#include <stddef.h>

/*
 * Append to the text of *len bytes in buf (size n), as printf(3) formats
 * it, as much as fits (buf stays NUL-terminated).  *len grows by the
 * whole length, as snprintf(3) counts it: *len >= n says the text was
 * cut.  Nothing is written once *len >= n.
 */
void	dl_catf(char *buf, size_t n, size_t *len, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

#endif
