#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

void
dl_error_set(struct dl_error *err, const char *file, unsigned line,
    unsigned column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

char *
dl_error_format(const struct dl_error *err, char *buf, size_t n)
{
	if (err->file[0] == '\0')
		snprintf(buf, n, "%s", err->message);
	else if (err->line == 0)
		snprintf(buf, n, "%s: %s", err->file, err->message);
	else if (err->column == 0)
		snprintf(buf, n, "%s:%u: %s", err->file, err->line,
		    err->message);
	else
		snprintf(buf, n, "%s:%u:%u: %s", err->file, err->line,
		    err->column, err->message);
	return buf;
}
