/*
 * inet4.h - IPv4 addresses in dotted-quad text, read as inet_pton(3)
 * reads them, in one pass.
 *
 * The program is linked with -Wl,--wrap=inet_pton (Makefile): every call
 * of inet_pton(3) in it, libzscanner's for each A record of a zone file
 * included when libzscanner is linked in (LINK=static), is a call of
 * __wrap_inet_pton(), which reads AF_INET itself and hands any other
 * family to the C library's (__real_inet_pton()).  glibc's measures the
 * text with strlen(3) first and then reads it: a twentieth of the
 * processor time of reading a million-record zone.
 */
#ifndef DL_INET4_H
#define DL_INET4_H

/*
 * The IPv4 address in src (NUL-terminated) into dst (4 octets, network
 * order): exactly four decimal numbers of 0 to 255 without leading
 * zeros, joined by single dots, nothing else, as glibc's inet_pton(3)
 * takes them.  1, or 0 (dst untouched) when src is not one.
 */
int	dl_inet4_pton(const char *src, void *dst);

/* inet_pton(3): AF_INET by dl_inet4_pton(), the rest by the C library. */
int	__wrap_inet_pton(int af, const char *src, void *dst);
int	__real_inet_pton(int af, const char *src, void *dst);

#endif
