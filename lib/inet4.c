/*
 * inet4.c - IPv4 addresses in dotted-quad text, read in one pass.
 */
#include <sys/socket.h>

#include <string.h>

#include "inet4.h"

/*
 * An octet at a time, each one to three digits: a first digit 0 is the
 * whole number (glibc refuses a leading zero), a fourth digit is where a
 * dot or the end should be.
 */
int
dl_inet4_pton(const char *src, void *dst)
{
	const unsigned char *s = (const unsigned char *)src;
	unsigned char tmp[4];
	unsigned v, d;
	int i;

	for (i = 0; i < 4; i++) {
		if ((v = (unsigned)s[0] - '0') > 9)
			return 0;
		s++;
		if (v != 0 && (d = (unsigned)s[0] - '0') <= 9) {
			v = v * 10 + d;
			s++;
			if ((d = (unsigned)s[0] - '0') <= 9) {
				if ((v = v * 10 + d) > 255)
					return 0;
				s++;
			}
		}
		tmp[i] = (unsigned char)v;
		if (*s++ != (i < 3 ? '.' : '\0'))
			return 0;
	}
	memcpy(dst, tmp, sizeof(tmp));
	return 1;
}

int
__wrap_inet_pton(int af, const char *src, void *dst)
{
	return af == AF_INET ? dl_inet4_pton(src, dst) :
	    __real_inet_pton(af, src, dst);
}
