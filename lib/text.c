#include <stdarg.h>
#include <stdio.h>

#include "text.h"

void
dl_catf(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	/* Past the end nothing is written, only counted (C11 7.21.6.12). */
	r = *len < n ? vsnprintf(buf + *len, n - *len, fmt, ap) :
	    vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		*len += (size_t)r;
}
