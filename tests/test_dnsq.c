/*
 * test_dnsq.c - unit tests for lib/dnsq.c.
 *
 * Three kinds of test:
 *  - parsers (server strings, key files, resolv.conf): no network;
 *  - fake servers: the test binds its own sockets on 127.0.0.1 (a forked
 *    child answers as scripted: bogus replies, truncation, endless
 *    transfers, ...), so they run everywhere;
 *  - live: real authoritative servers started by tests/live/run.sh, which
 *    sets DNSLINT_LIVE_PORT (primary: transfers need the TSIG key),
 *    DNSLINT_LIVE_PORT2 (the disagreeing second server: plain transfers)
 *    and DNSLINT_LIVE_DIR (tests/live); without them these are skipped.
 *
 * All traffic goes to 127.0.0.1 or ::1 only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "axfr.h"
#include "discover.h"
#include "dnsq.h"
#include "live.h"
#include "tsigkey.h"

#define SECRET		"Q+2mf9FTITgCaoMNRbkMlcyXjl2QGHNiYg/yH7B6OII="
#define OTHER_SECRET	"uaQnmLfJrXqwdgPo4pChEMXVwLU/QZw6OlYvnOjA0FY="
#define KEY_TEXT	"key \"dnslint-test.\" {\n" \
			"\talgorithm hmac-sha256;\n" \
			"\tsecret \"" SECRET "\";\n};\n"

/* ---------------------------------------------------------------------
 * Helpers
 */

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct dl_dnsq_server
server(const char *text)
{
	struct dl_dnsq_server s;
	struct dl_error err;

	memset(&err, 0, sizeof(err));
	if (dl_dnsq_server_parse(text, &s, &err) != 0)
		fail_msg("server '%s': %s", text, err.message);
	return s;
}

static struct dl_dnsq_server
server_port(const char *addr, unsigned port)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s@%u", addr, port);
	return server(buf);
}

static void
add(struct dl_dnsq_batch *b, const char *name, ldns_rr_type type)
{
	ldns_rdf *n = ldns_dname_new_frm_str(name);

	assert_non_null(n);
	assert_true(dl_dnsq_batch_add(b, n, type) >= 0);
	ldns_rdf_deep_free(n);
}

static struct dl_dnsq_tsig *
key_from(const char *text)
{
	struct dl_dnsq_tsig *k = NULL;
	struct dl_error err;

	memset(&err, 0, sizeof(err));
	if (dl_dnsq_tsig_parse("test.key", text, strlen(text), &k, &err) != 0)
		fail_msg("key: %u:%u: %s", err.line, err.column, err.message);
	return k;
}

static const char *
live_dir(void)
{
	return getenv("DNSLINT_LIVE_DIR");
}

/* The live port in environment variable var, or skip the test. */
static unsigned
live_port(const char *var)
{
	const char *s = getenv(var);
	unsigned long p;
	char *end;

	if (s == NULL || *s == '\0' || live_dir() == NULL) {
		skip();
		return 0;
	}
	p = strtoul(s, &end, 10);
	if (*end != '\0' || p == 0 || p > 65535)
		fail_msg("%s='%s' is not a port", var, s);
	return (unsigned)p;
}

static bool
have_ipv6_loopback(void)
{
	struct sockaddr_in6 sin6;
	int fd, ok;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_loopback;
	if ((fd = socket(AF_INET6, SOCK_DGRAM, 0)) < 0)
		return false;
	ok = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0;
	close(fd);
	return ok;
}

/* A socket bound to 127.0.0.1 on a free port. */
static int
bound_socket(int type, unsigned *port)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd;

	assert_true((fd = socket(AF_INET, type, 0)) >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &sl), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

/* A port on 127.0.0.1 where nothing listens (UDP or TCP) right now. */
static unsigned
closed_port(void)
{
	unsigned port;
	int fd = bound_socket(SOCK_DGRAM, &port);

	close(fd);
	return port;
}

/* ---------------------------------------------------------------------
 * Fake servers: a forked child serving one socket as scripted.
 */

enum fake_mode {
	FAKE_BOGUS,		/* 4 wrong replies, then the right one */
	FAKE_TC,		/* always truncated; no TCP listener */
	FAKE_FORMERR,		/* FORMERR to EDNS, an answer without */
	FAKE_MALFORMED,		/* the right id, unparseable */
	FAKE_DROP_FIRST,	/* ignores the first query for slow.example. */
	FAKE_NOT_AA,		/* answers without AA */
	FAKE_OTHER_ZONE,	/* AA, the question, another zone's records */
	FAKE_OTHER_ZONE_NEG,	/* AA, no answer, another zone's SOA */
	FAKE_OTHER_NAME,	/* a reply to another question name */
	FAKE_OVERSIZED,		/* a header promising 65535 answers */
	FAKE_UDP_FLOOD,		/* wrong-id replies as fast as it can send */
	TCP_STALL,		/* TC; over TCP accepts, reads, never sends */
	TCP_SHORT,		/* TC; over TCP half a message, then closes */
	TCP_FLOOD,		/* TC; over TCP wrong-id replies, endlessly */
	AXFR_ENDLESS,		/* SOA, then a record every 100 ms, forever */
	AXFR_OUTSIDE,		/* a record outside the zone */
	AXFR_NO_SOA,		/* does not begin with the SOA */
	AXFR_IDLE,		/* accepts, reads, says nothing */
	AXFR_SERIAL,		/* closing SOA with another serial */
	AXFR_UNSIGNED_RUN,	/* TSIG on the first and last message only */
	AXFR_BAD_SIG,		/* signed with another secret */
	AXFR_OTHER_ZONE,	/* transfers example.org instead */
	AXFR_FLOOD,		/* SOA, then records as fast as it can */
};

static pid_t fake_pid = -1;

static pid_t fake_pid2;

static void
fake_stop(void)
{
	if (fake_pid > 0) {
		kill(fake_pid, SIGKILL);
		waitpid(fake_pid, NULL, 0);
		fake_pid = -1;
	}
	if (fake_pid2 > 0) {
		kill(fake_pid2, SIGKILL);
		waitpid(fake_pid2, NULL, 0);
		fake_pid2 = -1;
	}
}

static int
teardown_fake(void **state)
{
	(void)state;
	fake_stop();
	return 0;
}

static ldns_rr *
rr(const char *text)
{
	ldns_rr *r = NULL;

	if (ldns_rr_new_frm_str(&r, text, 0, NULL, NULL) != LDNS_STATUS_OK)
		_exit(3);
	return r;
}

/* A reply to query q with the given answer records (NULL-ended). */
static ldns_pkt *
reply(const ldns_pkt *q, bool aa, ldns_pkt_rcode rcode, bool question, ...)
{
	ldns_pkt *p = ldns_pkt_new();
	const char *text;
	va_list ap;

	ldns_pkt_set_id(p, ldns_pkt_id(q));
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_aa(p, aa);
	ldns_pkt_set_opcode(p, LDNS_PACKET_QUERY);
	ldns_pkt_set_rcode(p, rcode);
	if (question) {
		ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION,
		    ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(q), 0)));
	}
	va_start(ap, question);
	while ((text = va_arg(ap, const char *)) != NULL)
		ldns_pkt_push_rr(p, LDNS_SECTION_ANSWER, rr(text));
	va_end(ap);
	return p;
}

static size_t
wire_of(const ldns_pkt *p, uint8_t *buf, size_t n)
{
	uint8_t *w = NULL;
	size_t len = 0;

	if (ldns_pkt2wire(&w, p, &len) != LDNS_STATUS_OK || len > n)
		_exit(3);
	memcpy(buf, w, len);
	free(w);
	return len;
}

static void
udp_send_pkt(int fd, const struct sockaddr *to, socklen_t tl,
    const ldns_pkt *p)
{
	uint8_t buf[65535];
	size_t len = wire_of(p, buf, sizeof(buf));

	sendto(fd, buf, len, 0, to, tl);
}

static void
fake_udp_serve(int fd, enum fake_mode mode)
{
	struct sockaddr_storage from;
	socklen_t fl;
	uint8_t buf[65535];
	ldns_pkt *q, *p;
	ldns_rr *qr;
	char name[300], *s;
	bool dropped = false;
	ssize_t n;
	size_t len;

	alarm(30);
	for (;;) {
		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		    &fl);
		if (n < 0 || ldns_wire2pkt(&q, buf, (size_t)n) != LDNS_STATUS_OK)
			continue;
		qr = ldns_rr_list_rr(ldns_pkt_question(q), 0);
		s = ldns_rdf2str(ldns_rr_owner(qr));
		snprintf(name, sizeof(name), "%s 1234 IN A 192.0.2.1", s);
		switch (mode) {
		case FAKE_BOGUS:
			p = reply(q, true, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			/* wrong id */
			ldns_pkt_set_id(p, (uint16_t)(ldns_pkt_id(q) + 1));
			udp_send_pkt(fd, (void *)&from, fl, p);
			ldns_pkt_set_id(p, ldns_pkt_id(q));
			/* QR clear */
			ldns_pkt_set_qr(p, false);
			udp_send_pkt(fd, (void *)&from, fl, p);
			ldns_pkt_set_qr(p, true);
			/* unparseable: a header promising a question */
			len = wire_of(p, buf, sizeof(buf));
			sendto(fd, buf, 15, 0, (void *)&from, fl);
			ldns_pkt_free(p);
			/* another question */
			ldns_rr_set_type(qr, LDNS_RR_TYPE_AAAA);
			p = reply(q, true, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			udp_send_pkt(fd, (void *)&from, fl, p);
			ldns_pkt_free(p);
			ldns_rr_set_type(qr, LDNS_RR_TYPE_A);
			/* at last, the right one */
			p = reply(q, true, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			udp_send_pkt(fd, (void *)&from, fl, p);
			(void)len;
			break;
		case FAKE_TC:
			p = reply(q, true, LDNS_RCODE_NOERROR, true,
			    (char *)NULL);
			ldns_pkt_set_tc(p, true);
			udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		case FAKE_FORMERR:
			if (ldns_pkt_edns(q))
				p = reply(q, false, LDNS_RCODE_FORMERR, false,
				    (char *)NULL);
			else
				p = reply(q, true, LDNS_RCODE_NOERROR, true,
				    name, (char *)NULL);
			udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		case FAKE_MALFORMED:
			p = reply(q, true, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			len = wire_of(p, buf, sizeof(buf));
			sendto(fd, buf, len - 3, 0, (void *)&from, fl);
			break;
		case FAKE_DROP_FIRST:
			p = reply(q, true, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			if (strcmp(s, "slow.example.") == 0 && !dropped)
				dropped = true;
			else
				udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		case FAKE_OTHER_ZONE:
			p = reply(q, true, LDNS_RCODE_NOERROR, true,
			    "www.example.org. 86400 IN A 203.0.113.66",
			    (char *)NULL);
			udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		case FAKE_OTHER_ZONE_NEG:
			p = reply(q, true, LDNS_RCODE_NOERROR, true,
			    (char *)NULL);
			ldns_pkt_push_rr(p, LDNS_SECTION_AUTHORITY,
			    rr("example.org. 300 IN SOA ns.example.org. "
			    "h.example.org. 1 7200 3600 1209600 300"));
			udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		case FAKE_OTHER_NAME:
			ldns_rdf_deep_free(ldns_rr_owner(qr));
			ldns_rr_set_owner(qr, ldns_dname_new_frm_str(
			    "www.example.org."));
			p = reply(q, true, LDNS_RCODE_NOERROR, true,
			    "www.example.org. 86400 IN A 203.0.113.66",
			    (char *)NULL);
			udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		case FAKE_OVERSIZED:
			p = reply(q, true, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			len = wire_of(p, buf, sizeof(buf));
			buf[6] = buf[7] = 0xff;		/* ANCOUNT */
			sendto(fd, buf, len, 0, (void *)&from, fl);
			break;
		case FAKE_UDP_FLOOD:
			p = reply(q, true, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			ldns_pkt_set_id(p, (uint16_t)(ldns_pkt_id(q) ^ 0x8000));
			len = wire_of(p, buf, sizeof(buf));
			for (;;)
				sendto(fd, buf, len, 0, (void *)&from, fl);
			break;
		case TCP_STALL:
		case TCP_SHORT:
		case TCP_FLOOD:
			p = reply(q, true, LDNS_RCODE_NOERROR, true,
			    (char *)NULL);
			ldns_pkt_set_tc(p, true);
			udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		case FAKE_NOT_AA:
		default:
			p = reply(q, false, LDNS_RCODE_NOERROR, true, name,
			    (char *)NULL);
			udp_send_pkt(fd, (void *)&from, fl, p);
			break;
		}
		free(s);
		ldns_pkt_free(p);
		ldns_pkt_free(q);
	}
}

/* Start a fake UDP server; returns its port. */
static unsigned
fake_udp(enum fake_mode mode)
{
	unsigned port;
	int fd = bound_socket(SOCK_DGRAM, &port);

	fflush(NULL);
	assert_true((fake_pid = fork()) >= 0);
	if (fake_pid == 0) {
		fake_udp_serve(fd, mode);
		_exit(0);
	}
	close(fd);
	return port;
}

/* A socket of type bound to 127.0.0.1 on port, or -1 when it is taken. */
static int
bound_socket_at(int type, unsigned port)
{
	struct sockaddr_in sin;
	int fd, one = 1;

	assert_true((fd = socket(AF_INET, type, 0)) >= 0);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void tcp_send_pkt(int fd, const ldns_pkt *p);

/* The TCP side of the TCP_* modes: one connection, as scripted. */
static void
fake_tcp_serve(int lfd, enum fake_mode mode)
{
	uint8_t buf[65535], len[2];
	ldns_pkt *q, *p;
	size_t n, got;
	ssize_t r;
	int fd;

	alarm(30);
	if ((fd = accept(lfd, NULL, NULL)) < 0)
		_exit(0);
	if (read(fd, len, 2) != 2)
		_exit(0);
	n = (size_t)len[0] << 8 | len[1];
	for (got = 0; got < n; got += (size_t)r)
		if ((r = read(fd, buf + got, n - got)) <= 0)
			_exit(0);
	if (ldns_wire2pkt(&q, buf, n) != LDNS_STATUS_OK)
		_exit(3);
	switch (mode) {
	case TCP_SHORT:
		/* 500 bytes promised, 100 sent, then the connection closes. */
		memset(buf, 0, sizeof(buf));
		buf[0] = 500 >> 8;
		buf[1] = 500 & 0xff;
		buf[2] = (uint8_t)(ldns_pkt_id(q) >> 8);
		buf[3] = (uint8_t)ldns_pkt_id(q);
		buf[4] = 0x84;
		if (write(fd, buf, 102) != 102)
			_exit(0);
		close(fd);
		_exit(0);
	case TCP_FLOOD:
		p = reply(q, true, LDNS_RCODE_NOERROR, true,
		    "big.example.com. 60 IN TXT \"x\"", (char *)NULL);
		ldns_pkt_set_id(p, (uint16_t)(ldns_pkt_id(q) ^ 0x8000));
		for (;;)
			tcp_send_pkt(fd, p);
	case TCP_STALL:
	default:
		for (;;)
			pause();
	}
}

/*
 * Start a fake server on UDP and TCP at one port (the TCP_* modes need
 * both); returns the port.  A second child serves TCP.
 */
static unsigned
fake_udp_tcp(enum fake_mode mode)
{
	unsigned port;
	int ufd, tfd, tries;

	for (tries = 0; ; tries++) {
		ufd = bound_socket(SOCK_DGRAM, &port);
		if ((tfd = bound_socket_at(SOCK_STREAM, port)) >= 0)
			break;
		close(ufd);
		assert_true(tries < 20);
	}
	assert_int_equal(listen(tfd, 4), 0);
	fflush(NULL);
	assert_true((fake_pid = fork()) >= 0);
	if (fake_pid == 0) {
		close(tfd);
		fake_udp_serve(ufd, mode);
		_exit(0);
	}
	assert_true((fake_pid2 = fork()) >= 0);
	if (fake_pid2 == 0) {
		close(ufd);
		fake_tcp_serve(tfd, mode);
		_exit(0);
	}
	close(ufd);
	close(tfd);
	return port;
}

static void
tcp_send_pkt(int fd, const ldns_pkt *p)
{
	uint8_t buf[2 + 65535];
	size_t len = wire_of(p, buf + 2, sizeof(buf) - 2);

	buf[0] = (uint8_t)(len >> 8);
	buf[1] = (uint8_t)len;
	if (write(fd, buf, len + 2) != (ssize_t)(len + 2))
		_exit(0);	/* the client went away */
}

#define SOA1 "example.com. 3600 IN SOA ns1.example.com. h.example.com. " \
	     "7 7200 3600 1209600 300"
#define SOA2 "example.com. 3600 IN SOA ns1.example.com. h.example.com. " \
	     "8 7200 3600 1209600 300"

/* Sign p with the test key; mac is the request or prior MAC (plus any
 * unsigned messages); returns p's new MAC. */
static ldns_rdf *
sign(ldns_pkt *p, const char *secret, const ldns_rdf *mac, int timers_only)
{
	if (ldns_pkt_tsig_sign_next(p, "dnslint-test.", secret, 300,
	    "hmac-sha256.", mac, timers_only) != LDNS_STATUS_OK)
		_exit(3);
	return ldns_rdf_clone(ldns_rr_rdf(ldns_pkt_tsig(p), 3));
}

static void
fake_axfr_serve(int lfd, enum fake_mode mode)
{
	uint8_t buf[65535], len[2], *acc;
	ldns_rdf *mac = NULL, *m2, *combo;
	ldns_pkt *q, *p;
	size_t n, alen;
	int fd, i;

	alarm(30);
	if ((fd = accept(lfd, NULL, NULL)) < 0)
		_exit(0);
	if (read(fd, len, 2) != 2)
		_exit(0);
	n = (size_t)len[0] << 8 | len[1];
	for (size_t got = 0; got < n; ) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r <= 0)
			_exit(0);
		got += (size_t)r;
	}
	if (ldns_wire2pkt(&q, buf, n) != LDNS_STATUS_OK)
		_exit(3);
	if (ldns_pkt_tsig(q) != NULL)
		mac = ldns_rdf_clone(ldns_rr_rdf(ldns_pkt_tsig(q), 3));
	switch (mode) {
	case AXFR_ENDLESS:
		p = reply(q, true, LDNS_RCODE_NOERROR, true, SOA1,
		    "a.example.com. 60 IN A 192.0.2.1", (char *)NULL);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		for (i = 0; ; i++) {
			usleep(100000);
			p = reply(q, true, LDNS_RCODE_NOERROR, false,
			    "b.example.com. 60 IN A 192.0.2.2", (char *)NULL);
			tcp_send_pkt(fd, p);
			ldns_pkt_free(p);
		}
		break;
	case AXFR_OUTSIDE:
		p = reply(q, true, LDNS_RCODE_NOERROR, true, SOA1,
		    "www.example.org. 60 IN A 192.0.2.1", SOA1, (char *)NULL);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		break;
	case AXFR_NO_SOA:
		p = reply(q, true, LDNS_RCODE_NOERROR, true,
		    "www.example.com. 60 IN A 192.0.2.1", SOA1, (char *)NULL);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		break;
	case AXFR_SERIAL:
		p = reply(q, true, LDNS_RCODE_NOERROR, true, SOA1,
		    "www.example.com. 60 IN A 192.0.2.1", SOA2, (char *)NULL);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		break;
	case AXFR_UNSIGNED_RUN:
		/* first: signed with the request MAC */
		p = reply(q, true, LDNS_RCODE_NOERROR, true, SOA1,
		    "a.example.com. 60 IN A 192.0.2.1", (char *)NULL);
		m2 = sign(p, SECRET, mac, 0);
		ldns_rdf_deep_free(mac);
		mac = m2;
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		/* two unsigned ones, kept for the next digest */
		acc = NULL;
		alen = 0;
		for (i = 0; i < 2; i++) {
			p = reply(q, true, LDNS_RCODE_NOERROR, false,
			    i == 0 ? "b.example.com. 60 IN A 192.0.2.2" :
			    "c.example.com. 60 IN TXT \"c\"", (char *)NULL);
			n = wire_of(p, buf, sizeof(buf));
			acc = realloc(acc, alen + n);
			memcpy(acc + alen, buf, n);
			alen += n;
			tcp_send_pkt(fd, p);
			ldns_pkt_free(p);
		}
		/* last: prior MAC + unsigned messages + this one, timers */
		p = reply(q, true, LDNS_RCODE_NOERROR, false,
		    "d.example.com. 60 IN A 192.0.2.4", SOA1, (char *)NULL);
		acc = realloc(acc, ldns_rdf_size(mac) + alen);
		memmove(acc + ldns_rdf_size(mac), acc, alen);
		memcpy(acc, ldns_rdf_data(mac), ldns_rdf_size(mac));
		combo = ldns_rdf_new(LDNS_RDF_TYPE_INT16_DATA,
		    ldns_rdf_size(mac) + alen, acc);
		m2 = sign(p, SECRET, combo, 1);
		ldns_rdf_deep_free(combo);
		ldns_rdf_deep_free(m2);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		break;
	case AXFR_BAD_SIG:
		p = reply(q, true, LDNS_RCODE_NOERROR, true, SOA1,
		    "a.example.com. 60 IN A 192.0.2.1", SOA1, (char *)NULL);
		m2 = sign(p, OTHER_SECRET, mac, 0);
		ldns_rdf_deep_free(m2);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		break;
	case AXFR_OTHER_ZONE:
		p = reply(q, true, LDNS_RCODE_NOERROR, true,
		    "example.org. 3600 IN SOA ns.example.org. h.example.org. "
		    "7 7200 3600 1209600 300",
		    "www.example.org. 60 IN A 203.0.113.66",
		    "example.org. 3600 IN SOA ns.example.org. h.example.org. "
		    "7 7200 3600 1209600 300", (char *)NULL);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		break;
	case AXFR_FLOOD:
		p = reply(q, true, LDNS_RCODE_NOERROR, true, SOA1,
		    (char *)NULL);
		tcp_send_pkt(fd, p);
		ldns_pkt_free(p);
		p = reply(q, true, LDNS_RCODE_NOERROR, false,
		    "b.example.com. 60 IN A 192.0.2.2",
		    "c.example.com. 60 IN A 192.0.2.3",
		    "d.example.com. 60 IN A 192.0.2.4", (char *)NULL);
		for (;;)
			tcp_send_pkt(fd, p);
	case AXFR_IDLE:
	default:
		break;
	}
	ldns_rdf_deep_free(mac);
	ldns_pkt_free(q);
	/* Hold the connection open until killed. */
	for (;;)
		pause();
}

/* Start a fake zone transfer server; returns its port. */
static unsigned
fake_axfr(enum fake_mode mode)
{
	unsigned port;
	int fd = bound_socket(SOCK_STREAM, &port);

	assert_int_equal(listen(fd, 4), 0);
	fflush(NULL);
	assert_true((fake_pid = fork()) >= 0);
	if (fake_pid == 0) {
		fake_axfr_serve(fd, mode);
		_exit(0);
	}
	close(fd);
	return port;
}

/* ---------------------------------------------------------------------
 * Servers
 */

static void
test_dl_dnsq_server_parse_ok(void **state)
{
	static const struct {
		const char	*in, *text;
		int		 family;
		unsigned	 port;
	} cases[] = {
		{ "127.0.0.1", "127.0.0.1", AF_INET, 53 },
		{ "127.0.0.1@5353", "127.0.0.1@5353", AF_INET, 5353 },
		{ "192.0.2.1@53", "192.0.2.1", AF_INET, 53 },
		{ "::1", "::1", AF_INET6, 53 },
		{ "::1@5353", "::1@5353", AF_INET6, 5353 },
		{ "2001:DB8::1@65535", "2001:db8::1@65535", AF_INET6, 65535 },
		{ "::ffff:192.0.2.1@1", "::ffff:192.0.2.1@1", AF_INET6, 1 },
	};
	struct dl_dnsq_server s;
	struct dl_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&s, 0xff, sizeof(s));
		if (dl_dnsq_server_parse(cases[i].in, &s, &err) != 0)
			fail_msg("'%s': %s", cases[i].in, err.message);
		assert_string_equal(s.text, cases[i].text);
		assert_string_equal(s.label, "");
		assert_int_equal(s.addr.ss_family, cases[i].family);
		if (cases[i].family == AF_INET) {
			assert_int_equal(s.addrlen, sizeof(struct sockaddr_in));
			assert_int_equal(ntohs(((struct sockaddr_in *)
			    &s.addr)->sin_port), cases[i].port);
		} else {
			assert_int_equal(s.addrlen,
			    sizeof(struct sockaddr_in6));
			assert_int_equal(ntohs(((struct sockaddr_in6 *)
			    &s.addr)->sin6_port), cases[i].port);
		}
	}
}

static void
test_dl_dnsq_server_parse_bad(void **state)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
		{ "", "empty server address: expected ADDR or ADDR@PORT" },
		{ "127.0.0.1:5353", "'127.0.0.1:5353' is not an address: "
		    "write the port as '127.0.0.1@5353'" },
		{ "[::1]:5353", "'[::1]:5353' is not an address: "
		    "write the port as '::1@5353'" },
		{ "ns1.example.com", "'ns1.example.com' is not an IPv4 or "
		    "IPv6 address" },
		{ "127.1", "'127.1' is not an IPv4 or IPv6 address" },
		{ "127.0.0.256", "'127.0.0.256' is not an IPv4 or IPv6 "
		    "address" },
		{ "::1::2", "'::1::2' is not an IPv4 or IPv6 address" },
		{ "@53", "'@53' is not an IPv4 or IPv6 address" },
		{ "127.0.0.1@0", "'127.0.0.1@0': the port after '@' must be "
		    "a number from 1 to 65535" },
		{ "127.0.0.1@65536", "'127.0.0.1@65536': the port after '@' "
		    "must be a number from 1 to 65535" },
		{ "127.0.0.1@", "'127.0.0.1@': the port after '@' must be a "
		    "number from 1 to 65535" },
		{ "::1@53x", "'::1@53x': the port after '@' must be a number "
		    "from 1 to 65535" },
		{ "::1@-1", "'::1@-1': the port after '@' must be a number "
		    "from 1 to 65535" },
		{ "127.0.0.1@53@53", "'127.0.0.1@53@53': the port after '@' "
		    "must be a number from 1 to 65535" },
		{ " 127.0.0.1", "' 127.0.0.1' is not an IPv4 or IPv6 "
		    "address" },
	};
	struct dl_dnsq_server s;
	struct dl_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (dl_dnsq_server_parse(cases[i].in, &s, &err) != DL_EINPUT)
			fail_msg("'%s' was accepted", cases[i].in);
		assert_string_equal(err.message, cases[i].msg);
		assert_string_equal(err.file, "");
		assert_int_equal(err.line, 0);
	}
}

static void
test_dl_dnsq_server_set(void **state)
{
	struct dl_dnsq_server s;
	ldns_rdf *a, *aaaa, *dname;

	(void)state;
	a = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, "192.0.2.7");
	aaaa = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_AAAA, "2001:db8::7");
	dname = ldns_dname_new_frm_str("example.com.");
	assert_int_equal(dl_dnsq_server_set(&s, a, 53, "ns1.example.com."), 0);
	assert_string_equal(s.text, "192.0.2.7");
	assert_string_equal(s.label, "ns1.example.com.");
	assert_int_equal(dl_dnsq_server_set(&s, aaaa, 5353, NULL), 0);
	assert_string_equal(s.text, "2001:db8::7@5353");
	assert_string_equal(s.label, "");
	assert_int_equal(dl_dnsq_server_set(&s, dname, 53, NULL), DL_EINPUT);
	ldns_rdf_deep_free(a);
	ldns_rdf_deep_free(aaaa);
	ldns_rdf_deep_free(dname);
}

static char *
temp_file(const char *text)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/dnslint-test-dnsq-XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, text, strlen(text)),
	    (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_dl_dnsq_server_resolv_conf(void **state)
{
	struct dl_dnsq_server s;
	struct dl_error err;
	char *path;

	(void)state;
	path = temp_file("# generated\nsearch example.com\n"
	    "nameserver not-an-address\n"
	    "nameserver\t::1  # the local one\nnameserver 192.0.2.53\n");
	assert_int_equal(dl_dnsq_server_resolv_conf(path, &s, &err), 0);
	assert_string_equal(s.text, "::1");
	unlink(path);

	path = temp_file("search example.com\noptions ndots:2\n");
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_dnsq_server_resolv_conf(path, &s, &err),
	    DL_EUNAVAIL);
	assert_string_equal(err.file, path);
	assert_string_equal(err.message, "no usable nameserver line");
	unlink(path);

	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_dnsq_server_resolv_conf("/nonexistent/resolv.conf",
	    &s, &err), DL_EIO);
	assert_string_equal(err.file, "/nonexistent/resolv.conf");
	assert_string_equal(err.message,
	    "cannot read: No such file or directory");
}

static void
test_dl_dnsq_outcome_name(void **state)
{
	(void)state;
	assert_string_equal(dl_dnsq_outcome_name(DL_DNSQ_ANSWER), "answer");
	assert_string_equal(dl_dnsq_outcome_name(DL_DNSQ_NOT_AUTH),
	    "not-authoritative");
	assert_string_equal(dl_dnsq_outcome_name(DL_DNSQ_NETERR),
	    "network-error");
	assert_string_equal(dl_dnsq_outcome_name(DL_DNSQ_TIMEOUT), "timeout");
	assert_string_equal(dl_dnsq_outcome_name(DL_DNSQ_PENDING), "pending");
}

/* ---------------------------------------------------------------------
 * TSIG key files
 */

static void
test_dl_dnsq_tsig_parse_ok(void **state)
{
	static const char *texts[] = {
		KEY_TEXT,
		"# from tsig-keygen\n// another comment\n/* and\n a block */"
		"key dnslint-test { algorithm \"hmac-sha256\"; secret \""
		SECRET "\"; };",
		"key \"dnslint-test.\"{secret \"" SECRET "\";algorithm "
		"HMAC-SHA256.;};  # trailing comment",
	};
	struct dl_dnsq_tsig *k;
	char text[512], want[1100], *t, *w;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		k = key_from(texts[i]);
		assert_string_equal(dl_dnsq_tsig_name(k), "dnslint-test.");
		assert_string_equal(dl_dnsq_tsig_algorithm(k), "hmac-sha256");
		dl_dnsq_tsig_free(k);
	}
	k = key_from("key k { algorithm hmac-md5.sig-alg.reg.int; "
	    "secret \"c2VjcmV0c2VjcmV0\"; };");
	assert_string_equal(dl_dnsq_tsig_name(k), "k.");
	assert_string_equal(dl_dnsq_tsig_algorithm(k), "hmac-md5");
	dl_dnsq_tsig_free(k);
	k = key_from("key k { algorithm hmac-sha512; secret c2VjcmV0; };");
	assert_string_equal(dl_dnsq_tsig_algorithm(k), "hmac-sha512");
	dl_dnsq_tsig_free(k);
	/*
	 * Bytes outside ASCII are kept whole, escaped: a name that is
	 * longer so written is not cut (the key would sign as another).
	 */
	/* The longest name: labels of 63, 63, 63 and 61 bytes. */
	t = text + sprintf(text, "key ");
	w = want;
	for (i = 0; i < 250; i++) {
		if (i == 63 || i == 126 || i == 189) {
			*t++ = '.';
			*w++ = '.';
		}
		*t++ = (char)0xe9;
		w += sprintf(w, "\\233");
	}
	sprintf(t, " { algorithm hmac-sha256; secret \"" SECRET "\"; };");
	strcpy(w, ".");
	k = key_from(text);
	assert_int_equal(strlen(dl_dnsq_tsig_name(k)), 4 * 250 + 4);
	assert_string_equal(dl_dnsq_tsig_name(k), want);
	dl_dnsq_tsig_free(k);
}

static void
test_dl_dnsq_tsig_parse_bad(void **state)
{
	static const struct {
		const char	*text;
		unsigned	 line, col;
		const char	*msg;
	} cases[] = {
		{ "", 0, 0, "no key clause: expected key \"name\" { algorithm "
		    "hmac-sha256; secret \"...\"; };" },
		{ "# only a comment\n", 0, 0, "no key clause: expected key "
		    "\"name\" { algorithm hmac-sha256; secret \"...\"; };" },
		{ "options { };", 1, 1, "expected 'key', got 'options'" },
		{ "/* ü */ options;", 1, 9, "expected 'key', got 'options'" },
		{ "key { };", 1, 5, "expected the key's name after 'key', got "
		    "'{'" },
		{ "key \"k\" algorithm", 1, 9, "expected '{' after the key's "
		    "name, got 'algorithm'" },
		{ "key \"k\" {\n  algorithm hmac-sha384;\n  secret \"c2Vj\";\n"
		    "};", 2, 13, "TSIG algorithm 'hmac-sha384' is not "
		    "supported: use hmac-sha256 or hmac-sha512" },
		{ "key k { algorithm hmac-foo; secret \"c2Vj\"; };", 1, 19,
		    "unknown TSIG algorithm 'hmac-foo': expected hmac-sha256, "
		    "hmac-sha512, hmac-sha1 or hmac-md5" },
		{ "key \"k\" {\n\talgorithm hmac-sha256;\n\tsecret \"not "
		    "base64!\";\n};", 3, 9, "the secret is not valid base64" },
		{ "key k { algorithm hmac-sha256; secret \"\"; };", 1, 39,
		    "the secret is not valid base64" },
		{ "key k { algorithm hmac-sha256; secret \"c2Vj=Y\"; };", 1,
		    39, "the secret is not valid base64" },
		{ "key \"k\" { algorithm hmac-sha256; };", 1, 1,
		    "key 'k.' has no secret" },
		{ "\n  key \"k\" { secret \"c2VjcmV0\"; };", 2, 3,
		    "key 'k.' has no algorithm" },
		{ "key k { algorithm hmac-sha256; secret \"c2VjcmV0\" };", 1,
		    50, "expected ';' after the secret" },
		{ "key k { algorithm hmac-sha256; secret c2VjcmV0 c2Vj; };", 1,
		    48, "expected ';' after the secret" },
		{ "key k { algorithm hmac-sha256; secret; };", 1, 38,
		    "expected the secret in base64 after 'secret'" },
		{ "key k { algorithm hmac-sha256; secret \"c2VjcmV0\"; }", 1,
		    52, "expected ';' after '}', got end of file" },
		{ "key k { algorithm hmac-sha256; secret \"c2VjcmV0\";", 1, 50,
		    "expected '}' to end the key clause, got end of file" },
		{ "/* unterminated\nkey", 1, 1, "unterminated comment" },
		{ "key k { algorithm hmac-sha256; secret \"c2Vj", 1, 39,
		    "unterminated quoted string" },
		{ "key k { algorithm hmac-sha256; sekret \"c2VjcmV0\"; };", 1,
		    32, "expected 'algorithm', 'secret' or '}', got 'sekret'" },
		{ "key k { algorithm hmac-sha256; c2VjcmV0c2VjcmV0c2VjcmV0; };",
		    1, 32, "expected 'algorithm', 'secret' or '}', got a word" },
		{ "key k { algorithm hmac-sha256; \"c2VjcmV0\"; };", 1, 32,
		    "expected 'algorithm', 'secret' or '}', got a quoted "
		    "string" },
		{ "key k { algorithm hmac-sha256; algorithm hmac-sha1; };", 1,
		    32, "duplicate 'algorithm'" },
		{ "key k { secret \"c2Vj\"; secret \"c2Vj\"; };", 1, 24,
		    "duplicate 'secret'" },
		{ "key \"a..b\" { };", 1, 5, "'a..b' is not a valid key name" },
		{ KEY_TEXT "key \"other\" { };", 5, 1, "a second key clause: "
		    "the file must hold one key" },
	};
	struct dl_dnsq_tsig *k;
	struct dl_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		k = NULL;
		memset(&err, 0, sizeof(err));
		if (dl_dnsq_tsig_parse("k.key", cases[i].text,
		    strlen(cases[i].text), &k, &err) != DL_EINPUT)
			fail_msg("case %zu was accepted", i);
		assert_null(k);
		assert_string_equal(err.file, "k.key");
		if (strcmp(err.message, cases[i].msg) != 0 ||
		    err.line != cases[i].line || err.column != cases[i].col)
			fail_msg("case %zu: got %u:%u: %s, want %u:%u: %s", i,
			    err.line, err.column, err.message, cases[i].line,
			    cases[i].col, cases[i].msg);
		/* No secret, nor a piece of one, in any message. */
		assert_null(strstr(err.message, "c2Vj"));
		assert_null(strstr(err.message, "base64!"));
		assert_null(strstr(err.message, SECRET));
	}
}

static void
test_dl_dnsq_tsig_load(void **state)
{
	struct dl_dnsq_tsig *k = NULL;
	struct dl_error err;
	char *path;

	(void)state;
	path = temp_file(KEY_TEXT);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_dnsq_tsig_load(path, &k, &err), 0);
	assert_string_equal(dl_dnsq_tsig_name(k), "dnslint-test.");
	dl_dnsq_tsig_free(k);
	unlink(path);

	path = temp_file("key k {\n algorithm hmac-sha256;\n secret \""
	    SECRET "\"\n};\n");
	k = NULL;
	assert_int_equal(dl_dnsq_tsig_load(path, &k, &err), DL_EINPUT);
	assert_null(k);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 1);
	assert_string_equal(err.message, "expected ';' after the secret");
	unlink(path);

	assert_int_equal(dl_dnsq_tsig_load("/nonexistent.key", &k, &err),
	    DL_EIO);
	assert_string_equal(err.file, "/nonexistent.key");
	assert_string_equal(err.message,
	    "cannot read: No such file or directory");
	assert_int_equal(dl_dnsq_tsig_load("/tmp", &k, &err), DL_EIO);
	assert_string_equal(err.message, "cannot read: not a regular file");
}

/* ---------------------------------------------------------------------
 * Batches without a network
 */

static void
test_dl_dnsq_batch_add_bad(void **state)
{
	struct dl_dnsq_server s = server("127.0.0.1@9");
	struct dl_dnsq_batch *b;
	struct dl_error err;
	ldns_rdf *a = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, "192.0.2.1");

	(void)state;
	assert_non_null(b = dl_dnsq_batch_new(&s, 1, NULL));
	assert_int_equal(dl_dnsq_batch_add(b, a, LDNS_RR_TYPE_A), DL_EINPUT);
	assert_int_equal(dl_dnsq_batch_add(b, NULL, LDNS_RR_TYPE_A),
	    DL_EINPUT);
	assert_int_equal(dl_dnsq_batch_questions(b), 0);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	assert_int_equal(dl_dnsq_batch_run(b, &err), DL_EINPUT);
	assert_string_equal(err.message, "a batch runs only once");
	dl_dnsq_batch_free(b);
	ldns_rdf_deep_free(a);
}

static void
test_dl_dnsq_batch_run_nothing(void **state)
{
	struct dl_dnsq_batch *b;
	struct dl_error err;

	(void)state;
	assert_non_null(b = dl_dnsq_batch_new(NULL, 0, NULL));
	add(b, "example.com.", LDNS_RR_TYPE_SOA);
	assert_int_equal(dl_dnsq_batch_servers(b), 0);
	assert_int_equal(dl_dnsq_batch_questions(b), 1);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	assert_int_equal(dl_dnsq_batch_stats(b)->udp_sent, 0);
	dl_dnsq_batch_free(b);
}

/* ---------------------------------------------------------------------
 * Batches against fake servers
 */

static struct dl_dnsq_batch *
run_one(unsigned port, const struct dl_dnsq_options *o, const char *name,
    ldns_rr_type type)
{
	struct dl_dnsq_server s = server_port("127.0.0.1", port);
	struct dl_dnsq_batch *b;
	struct dl_error err;

	assert_non_null(b = dl_dnsq_batch_new(&s, 1, o));
	add(b, name, type);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	return b;
}

static void
test_dl_dnsq_batch_run_ignores_bogus(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;

	(void)state;
	b = run_one(fake_udp(FAKE_BOGUS), NULL, "Www.Example.Com.",
	    LDNS_RR_TYPE_A);
	r = dl_dnsq_batch_result(b, 0, 0);
	assert_int_equal(r->outcome, DL_DNSQ_ANSWER);
	assert_true(r->aa);
	assert_false(r->tcp);
	assert_int_equal(r->tries, 1);
	assert_int_equal(r->ignored, 4);
	assert_int_equal(ldns_rr_list_rr_count(r->answer), 1);
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(r->answer, 0)), 1234);
	assert_int_equal(dl_dnsq_batch_stats(b)->ignored, 4);
	assert_int_equal(dl_dnsq_batch_stats(b)->replies, 1);
	dl_dnsq_batch_free(b);
}

static void
test_dl_dnsq_batch_run_not_authoritative(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;

	(void)state;
	b = run_one(fake_udp(FAKE_NOT_AA), NULL, "www.example.com.",
	    LDNS_RR_TYPE_A);
	r = dl_dnsq_batch_result(b, 0, 0);
	assert_int_equal(r->outcome, DL_DNSQ_NOT_AUTH);
	assert_false(r->aa);
	assert_int_equal(ldns_rr_list_rr_count(r->answer), 1);
	dl_dnsq_batch_free(b);
}

static void
test_dl_dnsq_batch_run_truncated_tcp_fails(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;

	(void)state;
	b = run_one(fake_udp(FAKE_TC), NULL, "big.example.com.",
	    LDNS_RR_TYPE_TXT);
	r = dl_dnsq_batch_result(b, 0, 0);
	assert_int_equal(r->outcome, DL_DNSQ_TRUNCATED);
	assert_int_equal(r->error, ECONNREFUSED);
	assert_non_null(r->pkt);
	assert_true(ldns_pkt_tc(r->pkt));
	assert_int_equal(dl_dnsq_batch_stats(b)->tcp_sent, 1);
	dl_dnsq_batch_free(b);
}

static void
test_dl_dnsq_batch_run_formerr_without_edns(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;

	(void)state;
	b = run_one(fake_udp(FAKE_FORMERR), NULL, "old.example.com.",
	    LDNS_RR_TYPE_A);
	r = dl_dnsq_batch_result(b, 0, 0);
	assert_int_equal(r->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(r->tries, 2);
	assert_false(ldns_pkt_edns(r->pkt));
	dl_dnsq_batch_free(b);
}

static void
test_dl_dnsq_batch_run_malformed(void **state)
{
	struct dl_dnsq_options o;
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	unsigned port = fake_udp(FAKE_MALFORMED);

	(void)state;
	dl_dnsq_options_init(&o);
	o.timeout_ms = 200;
	o.retries = 1;
	b = run_one(port, &o, "www.example.com.", LDNS_RR_TYPE_A);
	r = dl_dnsq_batch_result(b, 0, 0);
	/* Unparseable replies prove nothing: a lone question gets its
	 * retry, then the server is said to send nonsense. */
	assert_int_equal(r->outcome, DL_DNSQ_MALFORMED);
	assert_int_equal(r->tries, 2);
	assert_int_equal(r->ignored, 2);
	assert_null(r->pkt);
	dl_dnsq_batch_free(b);
}

static void
test_dl_dnsq_batch_run_retry(void **state)
{
	struct dl_dnsq_server s;
	struct dl_dnsq_options o;
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	struct dl_error err;

	(void)state;
	s = server_port("127.0.0.1", fake_udp(FAKE_DROP_FIRST));
	dl_dnsq_options_init(&o);
	o.timeout_ms = 300;
	assert_non_null(b = dl_dnsq_batch_new(&s, 1, &o));
	add(b, "slow.example.", LDNS_RR_TYPE_A);
	add(b, "fast.example.", LDNS_RR_TYPE_A);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	r = dl_dnsq_batch_result(b, 0, 0);
	assert_int_equal(r->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(r->tries, 2);
	r = dl_dnsq_batch_result(b, 0, 1);
	assert_int_equal(r->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(r->tries, 1);
	assert_int_equal(dl_dnsq_batch_stats(b)->timeouts, 1);
	assert_int_equal(dl_dnsq_batch_stats(b)->udp_sent, 3);
	assert_false(dl_dnsq_batch_unreachable(b, 0));
	dl_dnsq_batch_free(b);
}

/*
 * Hostile servers: every reply below is a non-answer (never usable as the
 * zone's word, dl_live_usable() false), and the query ends within its
 * tries x timeout, never later.
 */
static const struct dl_dnsq_result *
hostile(enum fake_mode mode, unsigned timeout_ms, unsigned retries,
    struct dl_dnsq_batch **bp, double *wall)
{
	struct dl_dnsq_options o;
	const struct dl_dnsq_result *r;
	unsigned port;
	double t0;

	port = mode >= TCP_STALL && mode <= TCP_FLOOD ?
	    fake_udp_tcp(mode) : fake_udp(mode);
	dl_dnsq_options_init(&o);
	o.timeout_ms = timeout_ms;
	o.retries = retries;
	t0 = mono();
	*bp = run_one(port, &o, "www.example.com.", LDNS_RR_TYPE_A);
	*wall = mono() - t0;
	fake_stop();
	r = dl_dnsq_batch_result(*bp, 0, 0);
	assert_false(dl_live_usable(r));
	assert_null(r->answer);
	return r;
}

static void
test_dl_dnsq_batch_run_other_zone(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	double wall;

	(void)state;
	/* The question, AA, NOERROR, but www.example.org.'s records: not
	 * "no data" for www.example.com. */
	r = hostile(FAKE_OTHER_ZONE, 200, 1, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_MALFORMED);
	assert_int_equal(r->tries, 2);
	assert_int_equal(r->ignored, 2);
	assert_true(wall >= 0.38 && wall < 1.0);
	dl_dnsq_batch_free(b);
	/* No answer and example.org.'s SOA: not a negative answer. */
	r = hostile(FAKE_OTHER_ZONE_NEG, 200, 1, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_MALFORMED);
	assert_int_equal(r->ignored, 2);
	dl_dnsq_batch_free(b);
	/* A reply to another question is ignored: a timeout. */
	r = hostile(FAKE_OTHER_NAME, 200, 1, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_TIMEOUT);
	assert_int_equal(r->ignored, 2);
	assert_null(r->pkt);
	assert_true(wall >= 0.38 && wall < 1.0);
	dl_dnsq_batch_free(b);
}

static void
test_dl_dnsq_batch_run_oversized(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	double wall;

	(void)state;
	r = hostile(FAKE_OVERSIZED, 200, 0, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_MALFORMED);
	assert_int_equal(r->ignored, 1);
	assert_true(wall >= 0.18 && wall < 1.0);
	dl_dnsq_batch_free(b);
}

/* Bogus replies without end must not keep the query past its timeout. */
static void
test_dl_dnsq_batch_run_flood(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	double wall;

	(void)state;
	r = hostile(FAKE_UDP_FLOOD, 300, 0, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_TIMEOUT);
	assert_true(r->ignored > 0);
	assert_true(wall >= 0.28 && wall < 1.5);
	dl_dnsq_batch_free(b);
	r = hostile(TCP_FLOOD, 300, 0, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_TRUNCATED);
	assert_int_equal(r->error, ETIMEDOUT);
	assert_true(r->ignored > 0);
	assert_true(wall >= 0.28 && wall < 1.5);
	dl_dnsq_batch_free(b);
}

/* Truncated over UDP, and TCP gives nothing usable: truncated. */
static void
test_dl_dnsq_batch_run_tcp_hostile(void **state)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	double wall;

	(void)state;
	/* Accepts, reads the query, never answers: one timeout. */
	r = hostile(TCP_STALL, 300, 2, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_TRUNCATED);
	assert_int_equal(r->error, ETIMEDOUT);
	assert_true(r->pkt != NULL && ldns_pkt_tc(r->pkt));
	assert_true(wall >= 0.28 && wall < 1.5);
	dl_dnsq_batch_free(b);
	/* Half a message, then the connection closes. */
	r = hostile(TCP_SHORT, 2000, 0, &b, &wall);
	assert_int_equal(r->outcome, DL_DNSQ_TRUNCATED);
	assert_int_equal(r->error, ECONNRESET);
	assert_true(wall < 1.5);
	dl_dnsq_batch_free(b);
}

/*
 * A server that never answers (a socket nobody reads) and a closed port
 * cost one timeout for 50 questions, not 50 x 3 tries.
 */
static void
test_dl_dnsq_batch_run_dead_servers_one_timeout(void **state)
{
	struct dl_dnsq_server s[2];
	struct dl_dnsq_options o;
	const struct dl_dnsq_result *r;
	const struct dl_dnsq_stats *st;
	struct dl_dnsq_batch *b;
	struct dl_error err;
	unsigned port;
	char name[64];
	double t0, wall;
	int silent, i;

	(void)state;
	silent = bound_socket(SOCK_DGRAM, &port);
	s[0] = server_port("127.0.0.1", port);
	s[1] = server_port("127.0.0.1", closed_port());
	dl_dnsq_options_init(&o);
	o.timeout_ms = 1000;
	assert_non_null(b = dl_dnsq_batch_new(s, 2, &o));
	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "n%d.example.com.", i);
		add(b, name, LDNS_RR_TYPE_A);
	}
	t0 = mono();
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	wall = mono() - t0;
	close(silent);
	st = dl_dnsq_batch_stats(b);
	assert_true(wall >= 0.9);
	assert_true(wall < 2.0);
	assert_true(st->wall < 2.0);
	for (i = 0; i < 50; i++) {
		r = dl_dnsq_batch_result(b, 0, (size_t)i);
		assert_int_equal(r->outcome, DL_DNSQ_TIMEOUT);
		r = dl_dnsq_batch_result(b, 1, (size_t)i);
		assert_int_equal(r->outcome, DL_DNSQ_NETERR);
		assert_int_equal(r->error, ECONNREFUSED);
	}
	assert_true(dl_dnsq_batch_unreachable(b, 0));
	assert_true(dl_dnsq_batch_unreachable(b, 1));
	assert_int_equal(st->unreachable, 2);
	/* 32 in flight to the silent one, no retries; the closed port
	 * stopped at its first refusal. */
	assert_true(st->udp_sent <= 32 + 32);
	assert_int_equal(st->replies, 0);
	dl_dnsq_batch_free(b);
}

/* ---------------------------------------------------------------------
 * Zone transfers against fake servers
 */

static int
axfr_fake(enum fake_mode mode, const struct dl_dnsq_tsig *key,
    unsigned timeout_ms, unsigned limit_ms, ldns_rr_list **out,
    struct dl_error *err)
{
	struct dl_dnsq_server s = server_port("127.0.0.1", fake_axfr(mode));

	memset(err, 0, sizeof(*err));
	return dl_dnsq_axfr(&s, "example.com", key, timeout_ms, limit_ms, out,
	    NULL, err);
}

static void
expect_axfr_error(enum fake_mode mode, const char *msg_tail)
{
	ldns_rr_list *l = NULL;
	struct dl_error err;
	const char *p;

	assert_int_equal(axfr_fake(mode, NULL, 2000, 0, &l, &err),
	    DL_EUNAVAIL);
	assert_null(l);
	p = strstr(err.message, ": ");
	if (strncmp(err.message, "zone transfer of 'example.com.' from "
	    "127.0.0.1@", 37) != 0 || p == NULL || strcmp(p + 2, msg_tail) != 0)
		fail_msg("got '%s', want '...: %s'", err.message, msg_tail);
	fake_stop();
}

static void
test_dl_dnsq_axfr_checks_records(void **state)
{
	(void)state;
	expect_axfr_error(AXFR_OUTSIDE,
	    "it holds 'www.example.org.', outside the zone");
	expect_axfr_error(AXFR_NO_SOA,
	    "it does not begin with the zone's SOA record");
	expect_axfr_error(AXFR_SERIAL, "the closing SOA record differs from "
	    "the opening one (did the zone change during the transfer?)");
}

static void
test_dl_dnsq_axfr_other_zone(void **state)
{
	(void)state;
	expect_axfr_error(AXFR_OTHER_ZONE,
	    "it does not begin with the zone's SOA record");
}

/* As fast as the server can send: the limit still ends it. */
static void
test_dl_dnsq_axfr_flood_ends_at_limit(void **state)
{
	ldns_rr_list *l = NULL;
	struct dl_error err;
	double t0 = mono(), wall;

	(void)state;
	assert_int_equal(axfr_fake(AXFR_FLOOD, NULL, 1000, 1000, &l, &err),
	    DL_EUNAVAIL);
	wall = mono() - t0;
	assert_true(wall >= 0.9 && wall < 2.5);
	assert_null(l);
	assert_non_null(strstr(err.message, "did not finish within 1.0 s"));
}

static void
test_dl_dnsq_axfr_endless_ends_at_limit(void **state)
{
	ldns_rr_list *l = NULL;
	struct dl_error err;
	double t0 = mono(), wall;

	(void)state;
	assert_int_equal(axfr_fake(AXFR_ENDLESS, NULL, 1000, 1500, &l, &err),
	    DL_EUNAVAIL);
	wall = mono() - t0;
	assert_true(wall >= 1.4 && wall < 2.5);
	assert_null(l);
	assert_non_null(strstr(err.message, "did not finish within 1.5 s"));
}

static void
test_dl_dnsq_axfr_idle_times_out(void **state)
{
	ldns_rr_list *l = NULL;
	struct dl_error err;
	double t0 = mono(), wall;
	char want[256];
	int rc;

	(void)state;
	rc = axfr_fake(AXFR_IDLE, NULL, 500, 0, &l, &err);
	wall = mono() - t0;
	assert_int_equal(rc, DL_EUNAVAIL);
	assert_true(wall >= 0.45 && wall < 1.5);
	snprintf(want, sizeof(want), " timed out waiting for data (0.5 s)");
	assert_non_null(strstr(err.message, want));
}

static void
test_dl_dnsq_axfr_tsig_unsigned_run(void **state)
{
	struct dl_dnsq_tsig *k = key_from(KEY_TEXT);
	ldns_rr_list *l = NULL;
	struct dl_error err;

	(void)state;
	if (axfr_fake(AXFR_UNSIGNED_RUN, k, 2000, 0, &l, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(ldns_rr_list_rr_count(l), 5);
	assert_int_equal(ldns_rr_get_type(ldns_rr_list_rr(l, 0)),
	    LDNS_RR_TYPE_SOA);
	ldns_rr_list_deep_free(l);
	dl_dnsq_tsig_free(k);
}

static void
test_dl_dnsq_axfr_tsig_bad_signature(void **state)
{
	struct dl_dnsq_tsig *k = key_from(KEY_TEXT);
	ldns_rr_list *l = NULL;
	struct dl_error err;

	(void)state;
	assert_int_equal(axfr_fake(AXFR_BAD_SIG, k, 2000, 0, &l, &err),
	    DL_EUNAVAIL);
	assert_null(l);
	assert_non_null(strstr(err.message,
	    ": a TSIG signature does not verify"));
	assert_null(strstr(err.message, SECRET));
	dl_dnsq_tsig_free(k);
}

static void
test_dl_dnsq_axfr_unsigned_reply_to_signed_request(void **state)
{
	struct dl_dnsq_tsig *k = key_from(KEY_TEXT);
	ldns_rr_list *l = NULL;
	struct dl_error err;

	(void)state;
	assert_int_equal(axfr_fake(AXFR_OUTSIDE, k, 2000, 0, &l, &err),
	    DL_EUNAVAIL);
	assert_non_null(strstr(err.message,
	    ": the first message is not signed with the TSIG key"));
	dl_dnsq_tsig_free(k);
}

/*
 * The checks without the network, on a stream signed by ldns (the fuzz
 * harness signs with its own code): whole, at the edge of the fudge and
 * beyond it, cut short, and empty.
 */
static void
test_dl_dnsq_axfr_check_stream(void **state)
{
	struct dl_dnsq_server s = server_port("192.0.2.1", 53);
	struct dl_dnsq_tsig *k = key_from(KEY_TEXT);
	struct dl_dnsq_axfr_info info;
	ldns_rr_list *l = NULL;
	ldns_rdf *qn, *req_mac, *mac1, *mac2;
	ldns_pkt *q, *p1, *p2;
	uint8_t stream[2 * (2 + 4096)];
	struct dl_error err;
	size_t n1, n2;
	int64_t signed_at = 0;
	const uint8_t *t;
	int i;

	(void)state;
	assert_non_null(qn = ldns_dname_new_frm_str("example.com."));
	assert_non_null(q = ldns_pkt_query_new(qn, LDNS_RR_TYPE_AXFR,
	    LDNS_RR_CLASS_IN, 0));
	ldns_pkt_set_id(q, 4711);
	req_mac = sign(q, SECRET, NULL, 0);
	p1 = reply(q, true, LDNS_RCODE_NOERROR, true, SOA1,
	    "www.example.com. 60 IN A 192.0.2.1", (char *)NULL);
	p2 = reply(q, true, LDNS_RCODE_NOERROR, false, SOA1, (char *)NULL);
	mac1 = sign(p1, SECRET, req_mac, 0);
	mac2 = sign(p2, SECRET, mac1, 1);
	n1 = wire_of(p1, stream + 2, 4096);
	stream[0] = (uint8_t)(n1 >> 8);
	stream[1] = (uint8_t)n1;
	n2 = wire_of(p2, stream + 4 + n1, 4096);
	stream[2 + n1] = (uint8_t)(n2 >> 8);
	stream[3 + n1] = (uint8_t)n2;
	t = ldns_rdf_data(ldns_rr_rdf(ldns_pkt_tsig(p1), 1));
	for (i = 0; i < 6; i++)
		signed_at = signed_at << 8 | t[i];

	/* Whole, checked at the signing time and at the fudge's edge. */
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_dnsq_axfr_check(&s, "example.com", k, 4711,
	    ldns_rdf_data(req_mac) + 2, ldns_rdf_size(req_mac) - 2,
	    signed_at + 300, stream, 4 + n1 + n2, &l, &info, &err), 0);
	assert_int_equal(ldns_rr_list_rr_count(l), 2);
	assert_int_equal(info.records, 2);
	assert_int_equal(info.serial, 7);
	assert_int_equal(info.messages, 2);
	assert_int_equal(info.bytes, n1 + n2);
	assert_true(info.tsig);
	ldns_rr_list_deep_free(l);
	l = NULL;
	/* One second beyond the fudge. */
	assert_int_equal(dl_dnsq_axfr_check(&s, "example.com", k, 4711,
	    ldns_rdf_data(req_mac) + 2, ldns_rdf_size(req_mac) - 2,
	    signed_at + 301, stream, 4 + n1 + n2, &l, &info, &err),
	    DL_EUNAVAIL);
	assert_null(l);
	assert_string_equal(err.message, "zone transfer of 'example.com.' "
	    "from 192.0.2.1: the TSIG time of a message is off by -301 s: "
	    "is this host's clock right?");
	/* Another request MAC: the first signature does not verify. */
	assert_int_equal(dl_dnsq_axfr_check(&s, "example.com", k, 4711,
	    ldns_rdf_data(req_mac) + 2, ldns_rdf_size(req_mac) - 3,
	    signed_at, stream, 4 + n1 + n2, &l, &info, &err), DL_EUNAVAIL);
	assert_string_equal(err.message, "zone transfer of 'example.com.' "
	    "from 192.0.2.1: a TSIG signature does not verify");
	/* Cut one byte short, and nothing at all; without a key. */
	assert_int_equal(dl_dnsq_axfr_check(&s, "example.com", k, 4711,
	    ldns_rdf_data(req_mac) + 2, ldns_rdf_size(req_mac) - 2,
	    signed_at, stream, 3 + n1 + n2, &l, &info, &err), DL_EUNAVAIL);
	assert_string_equal(err.message, "zone transfer of 'example.com.' "
	    "from 192.0.2.1: the connection closed inside a message");
	assert_int_equal(dl_dnsq_axfr_check(&s, "example.com", NULL, 4711,
	    NULL, 0, 0, stream, 0, &l, &info, &err), DL_EUNAVAIL);
	assert_string_equal(err.message, "zone transfer of 'example.com.' "
	    "from 192.0.2.1: the connection closed before the closing SOA "
	    "record");
	assert_int_equal(dl_dnsq_axfr_check(&s, "example.com", NULL, 4712,
	    NULL, 0, 0, stream, 4 + n1 + n2, &l, &info, &err), DL_EUNAVAIL);
	assert_string_equal(err.message, "zone transfer of 'example.com.' "
	    "from 192.0.2.1: a message that is not a reply to the request "
	    "(id, QR or opcode)");
	assert_null(l);

	ldns_rdf_deep_free(req_mac);
	ldns_rdf_deep_free(mac1);
	ldns_rdf_deep_free(mac2);
	ldns_pkt_free(q);
	ldns_pkt_free(p1);
	ldns_pkt_free(p2);
	dl_dnsq_tsig_free(k);
}

static void
test_dl_dnsq_axfr_closed_port(void **state)
{
	struct dl_dnsq_server s = server_port("127.0.0.1", closed_port());
	ldns_rr_list *l = NULL;
	struct dl_error err;
	char want[256];

	(void)state;
	assert_int_equal(dl_dnsq_axfr(&s, "example.com.", NULL, 1000, 0, &l,
	    NULL, &err), DL_EUNAVAIL);
	snprintf(want, sizeof(want), "cannot connect to %s for a zone "
	    "transfer: %s", s.text, strerror(ECONNREFUSED));
	assert_string_equal(err.message, want);
	assert_int_equal(dl_dnsq_axfr(&s, "a..b", NULL, 1000, 0, &l, NULL,
	    &err), DL_EINPUT);
	assert_string_equal(err.message, "'a..b' is not a domain name");
}

/* ---------------------------------------------------------------------
 * Live: real servers started by tests/live/run.sh
 */

/* The zone file's TTL of name/type, from the fixture the server loads. */
static ldns_zone *
fixture_zone(const char *which)
{
	char path[1024];
	ldns_zone *z = NULL;
	FILE *fp;
	int line = 0;

	snprintf(path, sizeof(path), "%s/zones/%s/example.com.zone",
	    live_dir(), which);
	assert_non_null(fp = fopen(path, "r"));
	assert_int_equal(ldns_zone_new_frm_fp_l(&z, fp, NULL, 3600,
	    LDNS_RR_CLASS_IN, &line), LDNS_STATUS_OK);
	fclose(fp);
	return z;
}

static ldns_rr_list *
zone_rrset(ldns_zone *z, const char *name, ldns_rr_type type)
{
	ldns_rdf *n = ldns_dname_new_frm_str(name);
	ldns_rr_list *all = ldns_zone_rrs(z), *out = ldns_rr_list_new();
	ldns_rr *soa = ldns_zone_soa(z);
	size_t i;

	if (type == LDNS_RR_TYPE_SOA)
		ldns_rr_list_push_rr(out, soa);
	for (i = 0; i < ldns_rr_list_rr_count(all); i++)
		if (ldns_rr_get_type(ldns_rr_list_rr(all, i)) == type &&
		    ldns_dname_compare(ldns_rr_owner(ldns_rr_list_rr(all, i)),
		    n) == 0)
			ldns_rr_list_push_rr(out, ldns_rr_list_rr(all, i));
	ldns_rdf_deep_free(n);
	return out;
}

/* a and b hold the same records with the same TTLs (sorts both). */
static void
assert_same_records(ldns_rr_list *a, ldns_rr_list *b)
{
	size_t i;

	ldns_rr_list_sort(a);
	ldns_rr_list_sort(b);
	assert_int_equal(ldns_rr_list_rr_count(a), ldns_rr_list_rr_count(b));
	for (i = 0; i < ldns_rr_list_rr_count(a); i++) {
		assert_int_equal(ldns_rr_compare(ldns_rr_list_rr(a, i),
		    ldns_rr_list_rr(b, i)), 0);
		assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(a, i)),
		    ldns_rr_ttl(ldns_rr_list_rr(b, i)));
	}
}

static void
test_live_ttls_match_zone_file(void **state)
{
	static const struct {
		const char	*name;
		ldns_rr_type	 type;
	} q[] = {
		{ "example.com.", LDNS_RR_TYPE_SOA },
		{ "example.com.", LDNS_RR_TYPE_NS },
		{ "example.com.", LDNS_RR_TYPE_MX },
		{ "example.com.", LDNS_RR_TYPE_A },
		{ "example.com.", LDNS_RR_TYPE_TXT },
		{ "www.example.com.", LDNS_RR_TYPE_A },
		{ "www.example.com.", LDNS_RR_TYPE_AAAA },
		{ "api.example.com.", LDNS_RR_TYPE_A },
		{ "mail.example.com.", LDNS_RR_TYPE_A },
		{ "alias.example.com.", LDNS_RR_TYPE_CNAME },
		{ "ns1.example.com.", LDNS_RR_TYPE_A },
		{ "ns2.example.com.", LDNS_RR_TYPE_AAAA },
	};
	unsigned port = live_port("DNSLINT_LIVE_PORT");
	struct dl_dnsq_server s = server_port("127.0.0.1", port);
	const struct dl_dnsq_result *r;
	ldns_zone *z = fixture_zone("primary");
	ldns_rr_list *want, *got;
	struct dl_dnsq_batch *b;
	struct dl_error err;
	size_t i;

	(void)state;
	assert_non_null(b = dl_dnsq_batch_new(&s, 1, NULL));
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		add(b, q[i].name, q[i].type);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		r = dl_dnsq_batch_result(b, 0, i);
		if (r->outcome != DL_DNSQ_ANSWER)
			fail_msg("%s: %s", q[i].name,
			    dl_dnsq_outcome_name(r->outcome));
		assert_true(r->aa);
		want = zone_rrset(z, q[i].name, q[i].type);
		got = ldns_rr_list_clone(r->answer);
		/* Same records, TTLs exactly the zone file's. */
		assert_same_records(got, want);
		ldns_rr_list_deep_free(got);
		ldns_rr_list_free(want);
	}
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(
	    dl_dnsq_batch_result(b, 0, 5)->answer, 0)), 86400);
	assert_int_equal(dl_dnsq_batch_stats(b)->ignored, 0);
	dl_dnsq_batch_free(b);
	ldns_zone_deep_free(z);
}

static void
test_live_two_servers_disagree(void **state)
{
	unsigned p1 = live_port("DNSLINT_LIVE_PORT");
	unsigned p2 = live_port("DNSLINT_LIVE_PORT2");
	struct dl_dnsq_server s[2];
	const struct dl_dnsq_result *r0, *r1;
	struct dl_dnsq_batch *b;
	struct dl_error err;

	(void)state;
	s[0] = server_port("127.0.0.1", p1);
	s[1] = server_port("127.0.0.1", p2);
	assert_non_null(b = dl_dnsq_batch_new(s, 2, NULL));
	add(b, "example.com.", LDNS_RR_TYPE_SOA);
	add(b, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);

	r0 = dl_dnsq_batch_result(b, 0, 0);
	r1 = dl_dnsq_batch_result(b, 1, 0);
	assert_int_equal(r0->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(r1->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(ldns_rdf2native_int32(ldns_rr_rdf(ldns_rr_list_rr(
	    r0->answer, 0), 2)), 2026112201);
	assert_int_equal(ldns_rdf2native_int32(ldns_rr_rdf(ldns_rr_list_rr(
	    r1->answer, 0), 2)), 2026112202);

	r0 = dl_dnsq_batch_result(b, 0, 1);
	r1 = dl_dnsq_batch_result(b, 1, 1);
	assert_int_equal(r0->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(r1->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(r0->answer, 0)), 86400);
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(r1->answer, 0)), 300);
	assert_int_equal(ldns_rr_list_rr_count(r0->answer), 2);
	assert_int_equal(ldns_rr_list_rr_count(r1->answer), 2);
	assert_int_not_equal(ldns_rr_list_compare(r0->answer, r1->answer), 0);
	dl_dnsq_batch_free(b);
}

static void
test_live_negative_answers(void **state)
{
	unsigned port = live_port("DNSLINT_LIVE_PORT");
	struct dl_dnsq_server s = server_port("127.0.0.1", port);
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	struct dl_error err;

	(void)state;
	assert_non_null(b = dl_dnsq_batch_new(&s, 1, NULL));
	add(b, "example.net.", LDNS_RR_TYPE_SOA);	/* not served */
	add(b, "nx.example.com.", LDNS_RR_TYPE_A);
	add(b, "www.example.com.", LDNS_RR_TYPE_MX);
	add(b, "x.sub.example.com.", LDNS_RR_TYPE_A);	/* delegated */
	add(b, "alias.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);

	r = dl_dnsq_batch_result(b, 0, 0);
	assert_int_equal(r->outcome, DL_DNSQ_REFUSED);
	assert_int_equal(r->rcode, LDNS_RCODE_REFUSED);

	r = dl_dnsq_batch_result(b, 0, 1);
	assert_int_equal(r->outcome, DL_DNSQ_NXDOMAIN);
	assert_true(r->aa);
	assert_null(r->answer);
	assert_non_null(r->soa);
	assert_int_equal(ldns_rr_get_type(r->soa), LDNS_RR_TYPE_SOA);

	r = dl_dnsq_batch_result(b, 0, 2);
	assert_int_equal(r->outcome, DL_DNSQ_NODATA);
	assert_non_null(r->soa);

	r = dl_dnsq_batch_result(b, 0, 3);
	assert_int_equal(r->outcome, DL_DNSQ_NOT_AUTH);
	assert_false(r->aa);
	assert_null(r->answer);

	r = dl_dnsq_batch_result(b, 0, 4);
	assert_int_equal(r->outcome, DL_DNSQ_ANSWER);
	assert_int_equal(ldns_rr_list_rr_count(r->answer), 1);
	assert_int_equal(ldns_rr_get_type(ldns_rr_list_rr(r->answer, 0)),
	    LDNS_RR_TYPE_CNAME);
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(r->answer, 0)), 600);
	dl_dnsq_batch_free(b);
}

static void
test_live_truncated_retried_over_tcp(void **state)
{
	unsigned port = live_port("DNSLINT_LIVE_PORT");
	struct dl_dnsq_server s[2];
	struct dl_dnsq_options o;
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	struct dl_error err;
	ldns_rr *txt;
	size_t i, n = 1;

	(void)state;
	s[0] = server_port("127.0.0.1", port);
	if (have_ipv6_loopback())
		s[n++] = server_port("::1", port);
	dl_dnsq_options_init(&o);
	o.edns_size = 0;	/* 512 bytes */
	assert_non_null(b = dl_dnsq_batch_new(s, n, NULL));
	add(b, "big.example.com.", LDNS_RR_TYPE_TXT);
	add(b, "www.example.com.", LDNS_RR_TYPE_A);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	for (i = 0; i < n; i++) {
		r = dl_dnsq_batch_result(b, i, 0);
		assert_int_equal(r->outcome, DL_DNSQ_ANSWER);
		assert_true(r->tcp);
		assert_int_equal(ldns_rr_list_rr_count(r->answer), 1);
		txt = ldns_rr_list_rr(r->answer, 0);
		assert_int_equal(ldns_rr_rd_count(txt), 12);
		assert_int_equal(ldns_rr_ttl(txt), 600);
		assert_false(dl_dnsq_batch_result(b, i, 1)->tcp);
	}
	assert_int_equal(dl_dnsq_batch_stats(b)->tcp_sent, n);
	dl_dnsq_batch_free(b);

	/* Without EDNS too (512 bytes). */
	assert_non_null(b = dl_dnsq_batch_new(s, 1, &o));
	add(b, "big.example.com.", LDNS_RR_TYPE_TXT);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	r = dl_dnsq_batch_result(b, 0, 0);
	assert_int_equal(r->outcome, DL_DNSQ_ANSWER);
	assert_true(r->tcp);
	dl_dnsq_batch_free(b);
}

/* A live server, a closed port and a silent one: 50 questions each. */
static void
test_live_dead_servers_cost_one_timeout(void **state)
{
	unsigned port = live_port("DNSLINT_LIVE_PORT"), sport;
	struct dl_dnsq_server s[3];
	struct dl_dnsq_options o;
	const struct dl_dnsq_stats *st;
	struct dl_dnsq_batch *b;
	struct dl_error err;
	char name[64];
	int i, silent;

	(void)state;
	silent = bound_socket(SOCK_DGRAM, &sport);
	s[0] = server_port("127.0.0.1", port);
	s[1] = server_port("127.0.0.1", closed_port());
	s[2] = server_port("127.0.0.1", sport);
	dl_dnsq_options_init(&o);
	o.timeout_ms = 1000;
	assert_non_null(b = dl_dnsq_batch_new(s, 3, &o));
	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "h%d.example.com.", i);
		add(b, name, LDNS_RR_TYPE_A);
	}
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	close(silent);
	st = dl_dnsq_batch_stats(b);
	assert_true(st->wall < 2.0);
	for (i = 0; i < 50; i++) {
		assert_int_equal(dl_dnsq_batch_result(b, 0, (size_t)i)->outcome,
		    DL_DNSQ_NXDOMAIN);
		assert_int_equal(dl_dnsq_batch_result(b, 1, (size_t)i)->outcome,
		    DL_DNSQ_NETERR);
		assert_int_equal(dl_dnsq_batch_result(b, 2, (size_t)i)->outcome,
		    DL_DNSQ_TIMEOUT);
	}
	assert_false(dl_dnsq_batch_unreachable(b, 0));
	assert_true(dl_dnsq_batch_unreachable(b, 1));
	assert_true(dl_dnsq_batch_unreachable(b, 2));
	assert_int_equal(st->replies, 50);
	dl_dnsq_batch_free(b);
}

static struct dl_dnsq_tsig *
live_key(const char *file)
{
	struct dl_dnsq_tsig *k = NULL;
	struct dl_error err;
	char path[1024];

	snprintf(path, sizeof(path), "%s/keys/%s", live_dir(), file);
	if (dl_dnsq_tsig_load(path, &k, &err) != 0)
		fail_msg("%s", err.message);
	return k;
}

static void
test_live_axfr_with_key(void **state)
{
	unsigned port = live_port("DNSLINT_LIVE_PORT");
	struct dl_dnsq_server s = server_port("127.0.0.1", port);
	struct dl_dnsq_tsig *k = live_key("tsig.key");
	struct dl_dnsq_axfr_info info;
	ldns_zone *z = fixture_zone("primary");
	ldns_rr_list *l = NULL, *want;
	struct dl_error err;

	(void)state;
	if (dl_dnsq_axfr(&s, "example.com", k, 3000, 0, &l, &info, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(info.serial, 2026112201);
	assert_true(info.tsig);
	assert_int_equal(info.records, ldns_rr_list_rr_count(l));
	assert_int_equal(ldns_rr_get_type(ldns_rr_list_rr(l, 0)),
	    LDNS_RR_TYPE_SOA);
	/* The zone, exactly: SOA plus every record of the file. */
	want = ldns_rr_list_clone(ldns_zone_rrs(z));
	ldns_rr_list_push_rr(want, ldns_rr_clone(ldns_zone_soa(z)));
	assert_same_records(l, want);
	ldns_rr_list_deep_free(want);
	ldns_rr_list_deep_free(l);
	ldns_zone_deep_free(z);
	dl_dnsq_tsig_free(k);
}

static void
test_live_axfr_plain(void **state)
{
	unsigned port = live_port("DNSLINT_LIVE_PORT2");
	struct dl_dnsq_server s = server_port("127.0.0.1", port);
	struct dl_dnsq_axfr_info info;
	ldns_rr_list *l = NULL;
	struct dl_error err;

	(void)state;
	if (dl_dnsq_axfr(&s, "example.com.", NULL, 3000, 0, &l, &info,
	    &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(info.serial, 2026112202);
	assert_false(info.tsig);
	assert_int_equal(info.records, 18);
	assert_int_equal(info.messages, 1);
	ldns_rr_list_deep_free(l);
	if (have_ipv6_loopback()) {
		s = server_port("::1", port);
		assert_int_equal(dl_dnsq_axfr(&s, "example.com.", NULL, 3000,
		    0, &l, &info, &err), 0);
		ldns_rr_list_deep_free(l);
	}
}

static void
test_live_axfr_refused(void **state)
{
	unsigned port = live_port("DNSLINT_LIVE_PORT");
	struct dl_dnsq_server s = server_port("127.0.0.1", port);
	struct dl_dnsq_tsig *wrong = live_key("wrong.key");
	ldns_rr_list *l = NULL;
	struct dl_error err;
	char want[256];

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_dnsq_axfr(&s, "example.com", wrong, 3000, 0, &l,
	    NULL, &err), DL_EUNAVAIL);
	assert_null(l);
	snprintf(want, sizeof(want), "zone transfer refused by 127.0.0.1@%u "
	    "(NOTAUTH): wrong TSIG key?", port);
	assert_string_equal(err.message, want);
	assert_null(strstr(err.message, "uaQnm"));

	assert_int_equal(dl_dnsq_axfr(&s, "example.com", NULL, 3000, 0, &l,
	    NULL, &err), DL_EUNAVAIL);
	snprintf(want, sizeof(want), "zone transfer refused by 127.0.0.1@%u "
	    "(REFUSED): not allowed from this host without a TSIG key, or "
	    "'example.com.' is not served there", port);
	assert_string_equal(err.message, want);
	assert_null(l);
	dl_dnsq_tsig_free(wrong);
}

static void
test_live_discover(void **state)
{
	unsigned port = live_port("DNSLINT_LIVE_PORT");
	struct dl_dnsq_server r = server_port("127.0.0.1", port);
	struct dl_dnsq_discovery *d = NULL;
	struct dl_dnsq_options o;
	struct dl_dnsq_batch *b;
	struct dl_error err;
	char want[256];
	size_t i;

	(void)state;
	dl_dnsq_options_init(&o);
	o.timeout_ms = 1000;
	if (dl_dnsq_discover(&r, "example.com", (uint16_t)port, &o, &d,
	    &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(ldns_rr_list_rr_count(d->ns), 3);
	assert_int_equal(d->n_servers, 2);
	assert_string_equal(d->servers[0].text, r.text);
	assert_string_equal(d->servers[0].label, "ns1.example.com.");
	snprintf(want, sizeof(want), "::1@%u", port);
	assert_string_equal(d->servers[1].text, want);
	assert_string_equal(d->servers[1].label, "ns2.example.com.");
	assert_int_equal(d->n_unresolved, 1);
	assert_string_equal(d->unresolved[0], "ns3.elsewhere.test.");

	/* The servers found answer for the zone (::1 where there is one). */
	assert_non_null(b = dl_dnsq_batch_new(d->servers,
	    have_ipv6_loopback() ? 2 : 1, NULL));
	add(b, "example.com.", LDNS_RR_TYPE_SOA);
	assert_int_equal(dl_dnsq_batch_run(b, &err), 0);
	for (i = 0; i < dl_dnsq_batch_servers(b); i++)
		assert_int_equal(dl_dnsq_batch_result(b, i, 0)->outcome,
		    DL_DNSQ_ANSWER);
	dl_dnsq_batch_free(b);
	dl_dnsq_discovery_free(d);

	assert_int_equal(dl_dnsq_discover(&r, "nx.example.com", (uint16_t)port,
	    &o, &d, &err), DL_EUNAVAIL);
	snprintf(want, sizeof(want), "'nx.example.com.' does not exist "
	    "(NXDOMAIN from resolver 127.0.0.1@%u)", port);
	assert_string_equal(err.message, want);
	assert_int_equal(dl_dnsq_discover(&r, "www.example.com", (uint16_t)port,
	    &o, &d, &err), DL_EUNAVAIL);
	snprintf(want, sizeof(want), "'www.example.com.' has no NS records "
	    "(resolver 127.0.0.1@%u): is it a zone?", port);
	assert_string_equal(err.message, want);
}

static void
test_live_discover_resolver_down(void **state)
{
	struct dl_dnsq_server r = server_port("127.0.0.1", closed_port());
	struct dl_dnsq_discovery *d = NULL;
	struct dl_error err;
	char want[256];

	(void)state;
	assert_int_equal(dl_dnsq_discover(&r, "example.com", 53, NULL, &d,
	    &err), DL_EUNAVAIL);
	assert_null(d);
	snprintf(want, sizeof(want), "resolver %s could not be asked for "
	    "'example.com. NS': %s", r.text, strerror(ECONNREFUSED));
	assert_string_equal(err.message, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_dnsq_server_parse_ok),
		cmocka_unit_test(test_dl_dnsq_server_parse_bad),
		cmocka_unit_test(test_dl_dnsq_server_set),
		cmocka_unit_test(test_dl_dnsq_server_resolv_conf),
		cmocka_unit_test(test_dl_dnsq_outcome_name),
		cmocka_unit_test(test_dl_dnsq_tsig_parse_ok),
		cmocka_unit_test(test_dl_dnsq_tsig_parse_bad),
		cmocka_unit_test(test_dl_dnsq_tsig_load),
		cmocka_unit_test(test_dl_dnsq_batch_add_bad),
		cmocka_unit_test(test_dl_dnsq_batch_run_nothing),
		cmocka_unit_test_teardown(test_dl_dnsq_batch_run_ignores_bogus,
		    teardown_fake),
		cmocka_unit_test_teardown(
		    test_dl_dnsq_batch_run_not_authoritative, teardown_fake),
		cmocka_unit_test_teardown(
		    test_dl_dnsq_batch_run_truncated_tcp_fails, teardown_fake),
		cmocka_unit_test_teardown(
		    test_dl_dnsq_batch_run_formerr_without_edns, teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_batch_run_malformed,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_batch_run_retry,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_batch_run_other_zone,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_batch_run_oversized,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_batch_run_flood,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_batch_run_tcp_hostile,
		    teardown_fake),
		cmocka_unit_test(test_dl_dnsq_batch_run_dead_servers_one_timeout),
		cmocka_unit_test_teardown(test_dl_dnsq_axfr_checks_records,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_axfr_other_zone,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_axfr_flood_ends_at_limit,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_axfr_endless_ends_at_limit,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_axfr_idle_times_out,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_axfr_tsig_unsigned_run,
		    teardown_fake),
		cmocka_unit_test_teardown(test_dl_dnsq_axfr_tsig_bad_signature,
		    teardown_fake),
		cmocka_unit_test_teardown(
		    test_dl_dnsq_axfr_unsigned_reply_to_signed_request,
		    teardown_fake),
		cmocka_unit_test(test_dl_dnsq_axfr_closed_port),
		cmocka_unit_test(test_dl_dnsq_axfr_check_stream),
		cmocka_unit_test(test_live_ttls_match_zone_file),
		cmocka_unit_test(test_live_two_servers_disagree),
		cmocka_unit_test(test_live_negative_answers),
		cmocka_unit_test(test_live_truncated_retried_over_tcp),
		cmocka_unit_test(test_live_dead_servers_cost_one_timeout),
		cmocka_unit_test(test_live_axfr_with_key),
		cmocka_unit_test(test_live_axfr_plain),
		cmocka_unit_test(test_live_axfr_refused),
		cmocka_unit_test(test_live_discover),
		cmocka_unit_test(test_live_discover_resolver_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
