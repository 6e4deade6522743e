/*
 * dnsq.c - queries, zone transfers, TSIG keys, discovery.
 *
 * One connected socket per query in flight: the kernel then drops
 * datagrams from anyone but the server, gives every query its own random
 * source port, and reports a closed port (ICMP) on that query's socket.
 * Retries go out on the same socket with the same id, so a late reply to
 * an earlier try still counts.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dnsq.h"
#include "file.h"

#define TSIG_FUDGE		300	/* seconds, as BIND and NSD use */
#define AXFR_MAX_UNSIGNED	99	/* RFC 8945 5.3.1 */
#define AXFR_DEFAULT_LIMIT_MS	600000u
#define AXFR_MAX_RECORDS	5000000u	/* about 1 GB of memory */
#define KEYFILE_MAX		(1024 * 1024)
#define CNAME_MAX_HOPS		8
#define TIMEOUT_MAX_MS		3600000u	/* keeps poll(2)'s int happy */

/* ---------------------------------------------------------------------
 * Small helpers
 */

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int
random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;
	ssize_t r;
	int fd;

	while (n > 0) {
		r = getrandom(p, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		p += r;
		n -= (size_t)r;
	}
	if (n == 0)
		return 0;
	/* Kernels without getrandom(2). */
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while (n > 0) {
		r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	close(fd);
	return 0;
}

static const char *
rcode_name(unsigned rcode)
{
	ldns_lookup_table *lt = ldns_lookup_by_id(ldns_rcodes, (int)rcode);

	return lt != NULL && lt->name != NULL ? lt->name : "unknown rcode";
}

static const char *
tsig_error_name(unsigned e)
{
	switch (e) {
	case 16: return "BADSIG";
	case 17: return "BADKEY";
	case 18: return "BADTIME";
	case 19: return "BADMODE";
	case 20: return "BADNAME";
	case 21: return "BADALG";
	case 22: return "BADTRUNC";
	default: return NULL;
	}
}

static bool
name_equal(const ldns_rdf *a, const ldns_rdf *b)
{
	return ldns_dname_compare(a, b) == 0;
}

/* name is parent or below it */
static bool
name_in(const ldns_rdf *name, const ldns_rdf *parent)
{
	return name_equal(name, parent) ||
	    ldns_dname_is_subdomain(name, parent);
}

static char *
name_text(const ldns_rdf *name, char *buf, size_t n)
{
	char *s = ldns_rdf2str(name);

	snprintf(buf, n, "%s", s != NULL ? s : "?");
	free(s);
	return buf;
}

/*
 * ldns_wire2pkt() for what a server sent, but a message with more than
 * one TSIG record in its additional section is refused: ldns keeps only
 * the last and loses the memory of the others, so a server could exhaust
 * memory with a stream of such messages.  RFC 8945 allows one, the last
 * record.  Only ldns knows where its parse puts each record (it follows
 * each type's fields, not only RDLENGTH), so the records are counted with
 * its own parser, as ldns_wire2pkt() walks them; with fewer than two
 * additional records there is nothing to count.
 */
static ldns_status
wire2pkt(ldns_pkt **out, const uint8_t *wire, size_t len)
{
	static const ldns_pkt_section sections[] = { LDNS_SECTION_QUESTION,
	    LDNS_SECTION_ANSWER, LDNS_SECTION_AUTHORITY };
	size_t pos = LDNS_HEADER_SIZE, counts[3], i, j, n, tsig = 0;
	ldns_rr *rr;

	if (len < LDNS_HEADER_SIZE || LDNS_ARCOUNT(wire) < 2)
		return ldns_wire2pkt(out, wire, len);
	counts[0] = LDNS_QDCOUNT(wire);
	counts[1] = LDNS_ANCOUNT(wire);
	counts[2] = LDNS_NSCOUNT(wire);
	for (j = 0; j < 3; j++)
		for (i = 0; i < counts[j]; i++) {
			if (ldns_wire2rr(&rr, wire, len, &pos, sections[j]) !=
			    LDNS_STATUS_OK)
				return LDNS_STATUS_ERR;
			ldns_rr_free(rr);
		}
	/* A TSIG record takes its place in ldns's count as it goes. */
	n = LDNS_ARCOUNT(wire);
	for (i = 0; i < n; i++) {
		if (ldns_wire2rr(&rr, wire, len, &pos,
		    LDNS_SECTION_ADDITIONAL) != LDNS_STATUS_OK)
			return LDNS_STATUS_ERR;
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_TSIG) {
			n--;
			if (++tsig > 1) {
				ldns_rr_free(rr);
				return LDNS_STATUS_ERR;
			}
		}
		ldns_rr_free(rr);
	}
	return ldns_wire2pkt(out, wire, len);
}

/* ---------------------------------------------------------------------
 * Servers
 */

static void
server_format(struct dl_dnsq_server *s)
{
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2], ifname[IF_NAMESIZE];
	uint16_t port;

	if (s->addr.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)&s->addr;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		port = ntohs(sin->sin_port);
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)&s->addr;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		if (sin6->sin6_scope_id != 0) {
			size_t l = strlen(host);

			if (if_indextoname(sin6->sin6_scope_id, ifname) != NULL)
				snprintf(host + l, sizeof(host) - l, "%%%s",
				    ifname);
			else
				snprintf(host + l, sizeof(host) - l, "%%%u",
				    (unsigned)sin6->sin6_scope_id);
		}
		port = ntohs(sin6->sin6_port);
	}
	if (port == 53)
		snprintf(s->text, sizeof(s->text), "%s", host);
	else
		snprintf(s->text, sizeof(s->text), "%s@%u", host,
		    (unsigned)port);
}

/* host: an IPv4 or IPv6 literal, the latter with an optional %scope. */
static int
server_fill(struct dl_dnsq_server *out, const char *host, uint16_t port)
{
	char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2], *pct, *end;
	struct sockaddr_in *sin = (void *)&out->addr;
	struct sockaddr_in6 *sin6 = (void *)&out->addr;
	unsigned long scope = 0;

	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		out->addrlen = sizeof(*sin);
		server_format(out);
		return 0;
	}
	if (strlen(host) >= sizeof(buf))
		return -1;
	strcpy(buf, host);
	if ((pct = strchr(buf, '%')) != NULL) {
		*pct++ = '\0';
		if (*pct == '\0')
			return -1;
		if ((scope = if_nametoindex(pct)) == 0) {
			errno = 0;
			scope = strtoul(pct, &end, 10);
			if (*end != '\0' || errno != 0 || scope == 0 ||
			    scope > UINT32_MAX)
				return -1;
		}
	}
	if (inet_pton(AF_INET6, buf, &sin6->sin6_addr) != 1)
		return -1;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_scope_id = (uint32_t)scope;
	out->addrlen = sizeof(*sin6);
	server_format(out);
	return 0;
}

static bool
is_ipv4(const char *s, size_t n)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr a;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, &a) == 1;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int
dl_dnsq_server_parse(const char *text, struct dl_dnsq_server *out,
    struct dl_error *err)
{
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	const char *at, *colon, *rb;
	unsigned long port = 53;
	size_t hlen;

	if (text == NULL || *text == '\0') {
		dl_error_set(err, NULL, 0, 0,
		    "empty server address: expected ADDR or ADDR@PORT");
		return DL_EINPUT;
	}
	/* The usual mistakes, with the spelling that works. */
	if (text[0] == '[' && (rb = strchr(text, ']')) != NULL &&
	    rb[1] == ':' && all_digits(rb + 2)) {
		dl_error_set(err, NULL, 0, 0, "'%s' is not an address: "
		    "write the port as '%.*s@%s'", text, (int)(rb - text - 1),
		    text + 1, rb + 2);
		return DL_EINPUT;
	}
	if ((colon = strchr(text, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL && all_digits(colon + 1) &&
	    is_ipv4(text, (size_t)(colon - text))) {
		dl_error_set(err, NULL, 0, 0, "'%s' is not an address: "
		    "write the port as '%.*s@%s'", text, (int)(colon - text),
		    text, colon + 1);
		return DL_EINPUT;
	}
	at = strchr(text, '@');
	hlen = at != NULL ? (size_t)(at - text) : strlen(text);
	if (at != NULL) {
		if (strlen(at + 1) > 5 || !all_digits(at + 1) ||
		    (port = strtoul(at + 1, NULL, 10)) < 1 || port > 65535) {
			dl_error_set(err, NULL, 0, 0, "'%s': the port after "
			    "'@' must be a number from 1 to 65535", text);
			return DL_EINPUT;
		}
	}
	if (hlen == 0 || hlen >= sizeof(host)) {
		dl_error_set(err, NULL, 0, 0,
		    "'%s' is not an IPv4 or IPv6 address", text);
		return DL_EINPUT;
	}
	memcpy(host, text, hlen);
	host[hlen] = '\0';
	if (server_fill(out, host, (uint16_t)port) != 0) {
		dl_error_set(err, NULL, 0, 0,
		    "'%s' is not an IPv4 or IPv6 address", text);
		return DL_EINPUT;
	}
	return 0;
}

int
dl_dnsq_server_set(struct dl_dnsq_server *out, const ldns_rdf *addr,
    uint16_t port, const char *label)
{
	struct sockaddr_in *sin = (void *)&out->addr;
	struct sockaddr_in6 *sin6 = (void *)&out->addr;

	memset(out, 0, sizeof(*out));
	if (ldns_rdf_get_type(addr) == LDNS_RDF_TYPE_A &&
	    ldns_rdf_size(addr) == 4) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, ldns_rdf_data(addr), 4);
		out->addrlen = sizeof(*sin);
	} else if (ldns_rdf_get_type(addr) == LDNS_RDF_TYPE_AAAA &&
	    ldns_rdf_size(addr) == 16) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, ldns_rdf_data(addr), 16);
		out->addrlen = sizeof(*sin6);
	} else
		return DL_EINPUT;
	server_format(out);
	if (label != NULL)
		snprintf(out->label, sizeof(out->label), "%s", label);
	return 0;
}

int
dl_dnsq_server_resolv_conf(const char *path, struct dl_dnsq_server *out,
    struct dl_error *err)
{
	char line[512], *p, *addr;
	FILE *fp;
	int rc = DL_EUNAVAIL;

	if (path == NULL)
		path = "/etc/resolv.conf";
	if ((fp = fopen(path, "r")) == NULL) {
		dl_error_set(err, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		return DL_EIO;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		p = line + strspn(line, " \t");
		if (strncmp(p, "nameserver", 10) != 0 ||
		    (p[10] != ' ' && p[10] != '\t'))
			continue;
		addr = p + 10 + strspn(p + 10, " \t");
		addr[strcspn(addr, " \t\r\n#;")] = '\0';
		if (server_fill(out, addr, 53) == 0) {
			rc = 0;
			break;
		}
	}
	fclose(fp);
	if (rc != 0)
		dl_error_set(err, path, 0, 0, "no usable nameserver line");
	return rc;
}

/* ---------------------------------------------------------------------
 * Options and outcomes
 */

void
dl_dnsq_options_init(struct dl_dnsq_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->timeout_ms = 3000;
	opts->retries = 2;
	opts->max_inflight = 256;
	opts->max_inflight_server = 32;
	opts->edns_size = 1232;
	opts->recursive = false;
}

const char *
dl_dnsq_outcome_name(enum dl_dnsq_outcome o)
{
	switch (o) {
	case DL_DNSQ_PENDING: return "pending";
	case DL_DNSQ_ANSWER: return "answer";
	case DL_DNSQ_NODATA: return "nodata";
	case DL_DNSQ_NXDOMAIN: return "nxdomain";
	case DL_DNSQ_NOT_AUTH: return "not-authoritative";
	case DL_DNSQ_SERVFAIL: return "servfail";
	case DL_DNSQ_REFUSED: return "refused";
	case DL_DNSQ_RCODE: return "rcode";
	case DL_DNSQ_TRUNCATED: return "truncated";
	case DL_DNSQ_TIMEOUT: return "timeout";
	case DL_DNSQ_NETERR: return "network-error";
	case DL_DNSQ_MALFORMED: return "malformed";
	}
	return "unknown";
}

/* ---------------------------------------------------------------------
 * Batches
 */

enum qstate {
	Q_QUEUED = 0,		/* not sent yet */
	Q_UDP,			/* waiting for a UDP reply */
	Q_TCP_CONNECT,		/* connecting (after a truncated reply) */
	Q_TCP_WRITE,		/* writing the query */
	Q_TCP_READ,		/* reading the length, then the reply */
	Q_DONE
};

struct question {
	ldns_rdf	*name;
	ldns_rr_type	 type;
};

struct query {
	struct dl_dnsq_result	 res;
	size_t			 server, question;
	enum qstate		 state;
	int			 fd;
	uint16_t		 id;
	bool			 no_edns;	/* FORMERR to EDNS: ask without */
	unsigned		 malformed;	/* unparseable replies, right id */
	uint64_t		 sent, deadline;	/* microseconds */
	uint8_t			*tcp;		/* TCP: length + message */
	size_t			 tcp_len, tcp_off;
	size_t			 slot;		/* in active[] while in flight */
};

struct server_state {
	struct dl_dnsq_server	 srv;
	size_t			 next;		/* next question to send */
	unsigned		 inflight;
	unsigned		 replies;
	bool			 unreachable;
};

struct dl_dnsq_batch {
	struct dl_dnsq_options	 opts;
	struct server_state	*servers;
	size_t			 n_servers;
	struct question		*questions;
	size_t			 n_questions, cap_questions;
	struct query		*queries;	/* [server][question] */
	struct query		**active;	/* the queries in flight */
	unsigned		 inflight;	/* how many */
	bool			 ran;
	struct dl_dnsq_stats	 stats;
	uint16_t		 ids[64];
	size_t			 n_ids;
	uint8_t			 buf[LDNS_MAX_PACKETLEN];
};

struct dl_dnsq_batch *
dl_dnsq_batch_new(const struct dl_dnsq_server *servers, size_t n,
    const struct dl_dnsq_options *opts)
{
	struct dl_dnsq_batch *b;
	size_t i;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	if (opts != NULL)
		b->opts = *opts;
	else
		dl_dnsq_options_init(&b->opts);
	if (b->opts.timeout_ms == 0)
		b->opts.timeout_ms = 3000;
	if (b->opts.timeout_ms > TIMEOUT_MAX_MS)
		b->opts.timeout_ms = TIMEOUT_MAX_MS;
	if (b->opts.max_inflight == 0)
		b->opts.max_inflight = 1;
	if (b->opts.max_inflight_server == 0)
		b->opts.max_inflight_server = 1;
	if (n > 0 && (b->servers = calloc(n, sizeof(*b->servers))) == NULL) {
		free(b);
		return NULL;
	}
	for (i = 0; i < n; i++)
		b->servers[i].srv = servers[i];
	b->n_servers = n;
	return b;
}

int
dl_dnsq_batch_add(struct dl_dnsq_batch *b, const ldns_rdf *name,
    ldns_rr_type type)
{
	struct question *nq;
	size_t cap;

	if (b->ran || name == NULL ||
	    ldns_rdf_get_type(name) != LDNS_RDF_TYPE_DNAME ||
	    b->n_questions >= INT_MAX)
		return DL_EINPUT;
	if (b->n_questions == b->cap_questions) {
		cap = b->cap_questions ? b->cap_questions * 2 : 16;
		if ((nq = realloc(b->questions, cap * sizeof(*nq))) == NULL)
			return DL_ENOMEM;
		b->questions = nq;
		b->cap_questions = cap;
	}
	if ((b->questions[b->n_questions].name = ldns_rdf_clone(name)) == NULL)
		return DL_ENOMEM;
	b->questions[b->n_questions].type = type;
	return (int)b->n_questions++;
}

size_t
dl_dnsq_batch_servers(const struct dl_dnsq_batch *b)
{
	return b->n_servers;
}

size_t
dl_dnsq_batch_questions(const struct dl_dnsq_batch *b)
{
	return b->n_questions;
}

const struct dl_dnsq_server *
dl_dnsq_batch_server(const struct dl_dnsq_batch *b, size_t i)
{
	return &b->servers[i].srv;
}

static struct dl_dnsq_result pending_result;

const struct dl_dnsq_result *
dl_dnsq_batch_result(const struct dl_dnsq_batch *b, size_t s, size_t q)
{
	if (b->queries == NULL)
		return &pending_result;
	return &b->queries[s * b->n_questions + q].res;
}

bool
dl_dnsq_batch_unreachable(const struct dl_dnsq_batch *b, size_t s)
{
	return b->servers[s].unreachable;
}

const struct dl_dnsq_stats *
dl_dnsq_batch_stats(const struct dl_dnsq_batch *b)
{
	return &b->stats;
}

static void
result_clear(struct dl_dnsq_result *r)
{
	ldns_rr_list_free(r->answer);	/* borrowed records: not deep */
	ldns_pkt_free(r->pkt);
	r->answer = NULL;
	r->pkt = NULL;
	r->soa = NULL;
}

void
dl_dnsq_batch_free(struct dl_dnsq_batch *b)
{
	size_t i, n;

	if (b == NULL)
		return;
	n = b->queries != NULL ? b->n_servers * b->n_questions : 0;
	for (i = 0; i < n; i++) {
		result_clear(&b->queries[i].res);
		if (b->queries[i].fd >= 0)
			close(b->queries[i].fd);
		free(b->queries[i].tcp);
	}
	for (i = 0; i < b->n_questions; i++)
		ldns_rdf_deep_free(b->questions[i].name);
	free(b->queries);
	free(b->active);
	free(b->questions);
	free(b->servers);
	free(b);
}

static int
next_id(struct dl_dnsq_batch *b, uint16_t *id)
{
	if (b->n_ids == 0) {
		if (random_bytes(b->ids, sizeof(b->ids)) != 0)
			return -1;
		b->n_ids = sizeof(b->ids) / sizeof(b->ids[0]);
	}
	*id = b->ids[--b->n_ids];
	return 0;
}

/* The query's wire form into b->buf (over TCP: after 2 length bytes). */
static int
query_wire(struct dl_dnsq_batch *b, const struct query *q, bool tcp,
    size_t *len)
{
	const struct question *qu = &b->questions[q->question];
	ldns_rdf *name;
	ldns_pkt *pkt;
	uint8_t *wire = NULL;
	size_t wlen = 0;
	ldns_status st;

	if ((name = ldns_rdf_clone(qu->name)) == NULL)
		return DL_ENOMEM;
	pkt = ldns_pkt_query_new(name, qu->type, LDNS_RR_CLASS_IN,
	    b->opts.recursive ? LDNS_RD : 0);
	if (pkt == NULL) {
		ldns_rdf_deep_free(name);
		return DL_ENOMEM;
	}
	ldns_pkt_set_id(pkt, q->id);
	if (b->opts.edns_size > 0 && !q->no_edns)
		ldns_pkt_set_edns_udp_size(pkt, b->opts.edns_size);
	st = ldns_pkt2wire(&wire, pkt, &wlen);
	ldns_pkt_free(pkt);
	if (st != LDNS_STATUS_OK || wlen > sizeof(b->buf) - 2) {
		free(wire);
		return DL_ENOMEM;
	}
	if (tcp) {
		b->buf[0] = (uint8_t)(wlen >> 8);
		b->buf[1] = (uint8_t)wlen;
		memcpy(b->buf + 2, wire, wlen);
		*len = wlen + 2;
	} else {
		memcpy(b->buf, wire, wlen);
		*len = wlen;
	}
	free(wire);
	return 0;
}

static void
query_close(struct dl_dnsq_batch *b, struct query *q)
{
	if (q->fd >= 0) {
		close(q->fd);
		q->fd = -1;
	}
	free(q->tcp);
	q->tcp = NULL;
	if (q->state != Q_QUEUED && q->state != Q_DONE) {
		b->servers[q->server].inflight--;
		b->active[q->slot] = b->active[--b->inflight];
		b->active[q->slot]->slot = q->slot;
	}
}

static void
query_end(struct dl_dnsq_batch *b, struct query *q, enum dl_dnsq_outcome o,
    int error)
{
	query_close(b, q);
	q->state = Q_DONE;
	q->res.outcome = o;
	q->res.error = error;
}

/*
 * Server s is given up: end all its unfinished queries, the unsent ones
 * too, with the failure that gave it up.
 */
static void
server_give_up(struct dl_dnsq_batch *b, size_t s, enum dl_dnsq_outcome o,
    int error)
{
	struct server_state *ss = &b->servers[s];
	struct query *q;
	size_t i;

	if (!ss->unreachable) {
		ss->unreachable = true;
		b->stats.unreachable++;
	}
	for (i = 0; i < b->n_questions; i++) {
		q = &b->queries[s * b->n_questions + i];
		if (q->state != Q_DONE)
			query_end(b, q, q->malformed > 0 ?
			    DL_DNSQ_MALFORMED : o, q->malformed > 0 ? 0 : error);
	}
	ss->next = b->n_questions;
}

static int
udp_send(struct dl_dnsq_batch *b, struct query *q)
{
	size_t len;
	int rc;

	if ((rc = query_wire(b, q, false, &len)) != 0)
		return rc;
	q->res.tries++;
	b->stats.udp_sent++;
	q->sent = now_us();
	q->deadline = q->sent + (uint64_t)b->opts.timeout_ms * 1000u;
	if (send(q->fd, b->buf, len, 0) < 0 && errno != EAGAIN &&
	    errno != EWOULDBLOCK && errno != ENOBUFS)
		return errno;	/* > 0: the try failed */
	return 0;
}

/*
 * A try failed with a socket error (e.g. ECONNREFUSED: nothing listens):
 * a server that never answered is given up, else retry while tries last.
 */
static int
try_failed(struct dl_dnsq_batch *b, struct query *q, int error)
{
	int rc;

	if (b->servers[q->server].replies == 0) {
		server_give_up(b, q->server, DL_DNSQ_NETERR, error);
		return 0;
	}
	if (q->res.tries > b->opts.retries) {
		query_end(b, q, DL_DNSQ_NETERR, error);
		return 0;
	}
	if ((rc = udp_send(b, q)) < 0)
		return rc;
	if (rc > 0)
		query_end(b, q, DL_DNSQ_NETERR, rc);
	return 0;
}

/* Start query q over UDP.  Returns 0, 1 when out of descriptors (try
 * later), or DL_ENOMEM. */
static int
query_start(struct dl_dnsq_batch *b, struct query *q)
{
	const struct dl_dnsq_server *srv = &b->servers[q->server].srv;
	int fd, rc;

	if (next_id(b, &q->id) != 0)
		return DL_EIO;
	fd = socket(srv->addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0 && (errno == EMFILE || errno == ENFILE ||
	    errno == ENOBUFS || errno == ENOMEM) && b->inflight > 0)
		return 1;
	q->state = Q_UDP;
	b->servers[q->server].inflight++;
	q->slot = b->inflight;
	b->active[b->inflight++] = q;
	if (fd >= 0)
		q->fd = fd;
	if (fd < 0 || connect(fd, (const struct sockaddr *)&srv->addr,
	    srv->addrlen) != 0) {
		/* Nothing to retry with (e.g. no route to an IPv6 server). */
		rc = errno;
		q->res.tries++;
		if (b->servers[q->server].replies == 0)
			server_give_up(b, q->server, DL_DNSQ_NETERR, rc);
		else
			query_end(b, q, DL_DNSQ_NETERR, rc);
		return 0;
	}
	if ((rc = udp_send(b, q)) > 0)
		return try_failed(b, q, rc);
	return rc;
}

/* Send what the per-server and overall limits allow. */
static int
fill(struct dl_dnsq_batch *b)
{
	struct server_state *ss;
	struct query *q;
	bool more = true;
	size_t s;
	int rc;

	/* Round-robin, one query per server per turn: fair shares. */
	while (more && b->inflight < b->opts.max_inflight) {
		more = false;
		for (s = 0; s < b->n_servers; s++) {
			ss = &b->servers[s];
			if (ss->next >= b->n_questions ||
			    ss->inflight >= b->opts.max_inflight_server)
				continue;
			if (b->inflight >= b->opts.max_inflight)
				return 0;
			q = &b->queries[s * b->n_questions + ss->next];
			if ((rc = query_start(b, q)) < 0)
				return rc;
			if (rc == 1)
				return 0;
			ss->next++;
			more = true;
		}
	}
	return 0;
}

/* The records of pkt's answer section at name of type (class IN). */
static size_t
collect(ldns_pkt *pkt, const ldns_rdf *name, ldns_rr_type type,
    ldns_rr_list *out)
{
	ldns_rr_list *an = ldns_pkt_answer(pkt);
	ldns_rr *rr;
	size_t i, n = 0;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		rr = ldns_rr_list_rr(an, i);
		if (ldns_rr_get_type(rr) == type &&
		    ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN &&
		    name_equal(ldns_rr_owner(rr), name)) {
			if (out != NULL && !ldns_rr_list_push_rr(out, rr))
				return SIZE_MAX;
			n++;
		}
	}
	return n;
}

/* The target of the CNAME at name in pkt's answer section, or NULL. */
static const ldns_rdf *
cname_target(ldns_pkt *pkt, const ldns_rdf *name)
{
	ldns_rr_list *an = ldns_pkt_answer(pkt);
	ldns_rr *rr;
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		rr = ldns_rr_list_rr(an, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME &&
		    ldns_rr_rd_count(rr) == 1 &&
		    name_equal(ldns_rr_owner(rr), name))
			return ldns_rr_rdf(rr, 0);
	}
	return NULL;
}

/* Fill res->answer for q from res->pkt.  Returns 0 or DL_ENOMEM. */
static int
extract_answer(struct dl_dnsq_batch *b, struct query *q)
{
	const struct question *qu = &b->questions[q->question];
	ldns_pkt *pkt = q->res.pkt;
	const ldns_rdf *name = qu->name, *next;
	ldns_rr_list *list;
	size_t n;
	int hops;

	if ((list = ldns_rr_list_new()) == NULL)
		return DL_ENOMEM;
	for (hops = 0; ; hops++) {
		if ((n = collect(pkt, name, qu->type, list)) == SIZE_MAX)
			goto nomem;
		if (n > 0 || qu->type == LDNS_RR_TYPE_CNAME)
			break;
		if ((next = cname_target(pkt, name)) == NULL)
			break;
		if (!b->opts.recursive || hops == CNAME_MAX_HOPS) {
			/* Authoritative: the alias itself is the answer. */
			if (collect(pkt, name, LDNS_RR_TYPE_CNAME, list) ==
			    SIZE_MAX)
				goto nomem;
			break;
		}
		name = next;
	}
	if (ldns_rr_list_rr_count(list) == 0) {
		ldns_rr_list_free(list);
		list = NULL;
	}
	q->res.answer = list;
	return 0;
nomem:
	ldns_rr_list_free(list);
	return DL_ENOMEM;
}

/* The SOA of the authority section at the name or an ancestor. */
static ldns_rr *
negative_soa(ldns_pkt *pkt, const ldns_rdf *name)
{
	ldns_rr_list *ns = ldns_pkt_authority(pkt);
	ldns_rr *rr;
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(ns); i++) {
		rr = ldns_rr_list_rr(ns, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA &&
		    name_in(name, ldns_rr_owner(rr)))
			return rr;
	}
	return NULL;
}

/* q got its reply pkt (taken over): record the outcome. */
static int
query_answered(struct dl_dnsq_batch *b, struct query *q, ldns_pkt *pkt,
    bool tcp)
{
	struct dl_dnsq_result *r = &q->res;
	const ldns_rdf *name = b->questions[q->question].name;
	enum dl_dnsq_outcome o;
	uint64_t now = now_us();

	result_clear(r);
	r->pkt = pkt;
	r->rcode = ldns_pkt_get_rcode(pkt);
	r->aa = ldns_pkt_aa(pkt);
	r->tcp = tcp;
	r->rtt_ms = (unsigned)((now - q->sent) / 1000u);
	switch (r->rcode) {
	case LDNS_RCODE_NOERROR:
	case LDNS_RCODE_NXDOMAIN:
		if (extract_answer(b, q) != 0)
			return DL_ENOMEM;
		if (!r->aa && !b->opts.recursive)
			o = DL_DNSQ_NOT_AUTH;
		else if (r->rcode == LDNS_RCODE_NXDOMAIN)
			o = DL_DNSQ_NXDOMAIN;
		else if (r->answer != NULL)
			o = DL_DNSQ_ANSWER;
		else
			o = DL_DNSQ_NODATA;
		if (o == DL_DNSQ_NXDOMAIN || o == DL_DNSQ_NODATA) {
			ldns_rr_list_free(r->answer);
			r->answer = NULL;
			r->soa = negative_soa(pkt, name);
		}
		break;
	case LDNS_RCODE_SERVFAIL:
		o = DL_DNSQ_SERVFAIL;
		break;
	case LDNS_RCODE_REFUSED:
		o = DL_DNSQ_REFUSED;
		break;
	default:
		o = DL_DNSQ_RCODE;
		break;
	}
	query_end(b, q, o, 0);
	return 0;
}

enum verdict { V_IGNORE, V_MALFORMED, V_ACCEPT };

/*
 * Is pkt, whose question is name, about that name?  Its answer section,
 * when it has one, must hold a record at the name (the start of any CNAME
 * chain); a negative answer's SOA, when it has one, must be the name's or
 * an ancestor's.  A server answering with another zone's data must not
 * make an RRset look empty.
 */
static bool
about_question(ldns_pkt *pkt, const ldns_rdf *name)
{
	ldns_rr_list *an = ldns_pkt_answer(pkt), *ns;
	ldns_rr *rr;
	size_t i;
	bool soa = false;

	if (ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NOERROR &&
	    ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NXDOMAIN)
		return true;
	if (ldns_rr_list_rr_count(an) > 0) {
		for (i = 0; i < ldns_rr_list_rr_count(an); i++)
			if (name_equal(ldns_rr_owner(ldns_rr_list_rr(an, i)),
			    name))
				return true;
		return false;
	}
	ns = ldns_pkt_authority(pkt);
	for (i = 0; i < ldns_rr_list_rr_count(ns); i++) {
		rr = ldns_rr_list_rr(ns, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA)
			continue;
		if (name_in(name, ldns_rr_owner(rr)))
			return true;
		soa = true;
	}
	return !soa;
}

/*
 * Is wire (len bytes) the reply to q?  On V_ACCEPT *out is the parsed
 * packet, the caller's.
 */
static enum verdict
check_reply(struct dl_dnsq_batch *b, struct query *q, const uint8_t *wire,
    size_t len, ldns_pkt **out)
{
	const struct question *qu = &b->questions[q->question];
	ldns_rr_list *qs;
	ldns_rr *qr;
	ldns_pkt *pkt;

	if (len < LDNS_HEADER_SIZE || LDNS_ID_WIRE(wire) != q->id ||
	    !LDNS_QR_WIRE(wire) || LDNS_OPCODE_WIRE(wire) != LDNS_PACKET_QUERY)
		return V_IGNORE;
	if (wire2pkt(&pkt, wire, len) != LDNS_STATUS_OK)
		return V_MALFORMED;
	qs = ldns_pkt_question(pkt);
	if (ldns_rr_list_rr_count(qs) == 0) {
		/* Servers may leave out the question of an error reply
		 * (FORMERR, NOTIMP); nothing in it is believed. */
		if (ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NOERROR &&
		    ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NXDOMAIN &&
		    !ldns_pkt_tc(pkt)) {
			*out = pkt;
			return V_ACCEPT;
		}
		ldns_pkt_free(pkt);
		return V_IGNORE;
	}
	qr = ldns_rr_list_rr(qs, 0);
	if (ldns_rr_list_rr_count(qs) != 1 ||
	    ldns_rr_get_type(qr) != qu->type ||
	    ldns_rr_get_class(qr) != LDNS_RR_CLASS_IN ||
	    !name_equal(ldns_rr_owner(qr), qu->name)) {
		ldns_pkt_free(pkt);
		return V_IGNORE;
	}
	if (!about_question(pkt, qu->name)) {
		ldns_pkt_free(pkt);
		return V_MALFORMED;
	}
	*out = pkt;
	return V_ACCEPT;
}

static int
tcp_start(struct dl_dnsq_batch *b, struct query *q)
{
	const struct dl_dnsq_server *srv = &b->servers[q->server].srv;
	size_t len;
	int fd, rc;

	close(q->fd);
	q->fd = -1;
	if ((rc = query_wire(b, q, true, &len)) != 0)
		return rc;
	if ((q->tcp = malloc(len > 2 ? len : 2)) == NULL)
		return DL_ENOMEM;
	memcpy(q->tcp, b->buf, len);
	q->tcp_len = len;
	q->tcp_off = 0;
	q->sent = now_us();
	q->deadline = q->sent + (uint64_t)b->opts.timeout_ms * 1000u;
	b->stats.tcp_sent++;
	fd = socket(srv->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		query_end(b, q, DL_DNSQ_TRUNCATED, errno);
		return 0;
	}
	q->fd = fd;
	if (connect(fd, (const struct sockaddr *)&srv->addr,
	    srv->addrlen) == 0)
		q->state = Q_TCP_WRITE;
	else if (errno == EINPROGRESS)
		q->state = Q_TCP_CONNECT;
	else
		query_end(b, q, DL_DNSQ_TRUNCATED, errno);
	return 0;
}

/* A reply accepted for q (pkt taken over): TCP when truncated, else done. */
static int
reply_accepted(struct dl_dnsq_batch *b, struct query *q, ldns_pkt *pkt,
    bool tcp)
{
	int rc;

	b->stats.replies++;
	b->servers[q->server].replies++;
	if (!tcp && !q->no_edns && b->opts.edns_size > 0 &&
	    (ldns_pkt_get_rcode(pkt) == LDNS_RCODE_FORMERR ||
	    ldns_pkt_get_rcode(pkt) == LDNS_RCODE_NOTIMPL)) {
		/* An old server that does not know EDNS: ask without. */
		ldns_pkt_free(pkt);
		q->no_edns = true;
		if ((rc = udp_send(b, q)) > 0)
			query_end(b, q, DL_DNSQ_NETERR, rc);
		return rc < 0 ? rc : 0;
	}
	if (!tcp && ldns_pkt_tc(pkt)) {
		result_clear(&q->res);
		q->res.pkt = pkt;
		q->res.rcode = ldns_pkt_get_rcode(pkt);
		q->res.aa = ldns_pkt_aa(pkt);
		return tcp_start(b, q);
	}
	return query_answered(b, q, pkt, tcp);
}

int
dl_dnsq_check_reply(const uint8_t *query, size_t qlen, const uint8_t *reply,
    size_t rlen, enum dl_dnsq_outcome *outcome, size_t *n_answer)
{
	struct dl_dnsq_options opts;
	struct dl_dnsq_batch *b = NULL;
	struct query q;
	ldns_pkt *qp = NULL, *pkt = NULL;
	ldns_rr *qr;
	enum verdict v;
	int rc = DL_EINPUT;

	*outcome = DL_DNSQ_PENDING;
	if (n_answer != NULL)
		*n_answer = 0;
	if (ldns_wire2pkt(&qp, query, qlen) != LDNS_STATUS_OK)
		return DL_EINPUT;
	if (ldns_pkt_qr(qp) || ldns_rr_list_rr_count(ldns_pkt_question(qp)) !=
	    1)
		goto out;
	qr = ldns_rr_list_rr(ldns_pkt_question(qp), 0);
	dl_dnsq_options_init(&opts);
	opts.recursive = ldns_pkt_rd(qp);
	rc = DL_ENOMEM;
	if ((b = dl_dnsq_batch_new(NULL, 0, &opts)) == NULL)
		goto out;
	if ((rc = dl_dnsq_batch_add(b, ldns_rr_owner(qr),
	    ldns_rr_get_type(qr))) < 0)
		goto out;
	/* A query that was never sent: no socket, not in flight. */
	memset(&q, 0, sizeof(q));
	q.fd = -1;
	q.state = Q_QUEUED;
	q.id = ldns_pkt_id(qp);
	rc = 0;
	v = check_reply(b, &q, reply, rlen, &pkt);
	if (v == V_MALFORMED)
		*outcome = DL_DNSQ_MALFORMED;
	else if (v == V_ACCEPT && ldns_pkt_tc(pkt)) {
		*outcome = DL_DNSQ_TRUNCATED;
		ldns_pkt_free(pkt);
	} else if (v == V_ACCEPT) {
		rc = query_answered(b, &q, pkt, false);
		*outcome = rc == 0 ? q.res.outcome : DL_DNSQ_PENDING;
		if (n_answer != NULL && q.res.answer != NULL)
			*n_answer = ldns_rr_list_rr_count(q.res.answer);
		result_clear(&q.res);
	}
out:
	ldns_pkt_free(qp);
	dl_dnsq_batch_free(b);
	return rc;
}

static int
udp_readable(struct dl_dnsq_batch *b, struct query *q)
{
	enum verdict v;
	ldns_pkt *pkt;
	ssize_t n;

	while (q->state == Q_UDP) {
		n = recv(q->fd, b->buf, sizeof(b->buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return try_failed(b, q, errno);
		}
		v = check_reply(b, q, b->buf, (size_t)n, &pkt);
		if (v == V_ACCEPT)
			return reply_accepted(b, q, pkt, false);
		if (v == V_MALFORMED)
			q->malformed++;
		q->res.ignored++;
		b->stats.ignored++;
		/* A stream of bogus replies must not outlast the timeout. */
		if (now_us() >= q->deadline)
			return 0;
	}
	return 0;
}

static void
tcp_failed(struct dl_dnsq_batch *b, struct query *q, int error)
{
	query_end(b, q, DL_DNSQ_TRUNCATED, error);
}

static int
tcp_io(struct dl_dnsq_batch *b, struct query *q)
{
	enum verdict v;
	ldns_pkt *pkt;
	socklen_t sl;
	ssize_t n;
	size_t need;
	uint8_t *p;
	int e;

	if (q->state == Q_TCP_CONNECT) {
		sl = sizeof(e);
		if (getsockopt(q->fd, SOL_SOCKET, SO_ERROR, &e, &sl) != 0)
			e = errno;
		if (e != 0) {
			tcp_failed(b, q, e);
			return 0;
		}
		q->state = Q_TCP_WRITE;
	}
	while (q->state == Q_TCP_WRITE) {
		n = send(q->fd, q->tcp + q->tcp_off, q->tcp_len - q->tcp_off,
		    MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			tcp_failed(b, q, errno);
			return 0;
		}
		q->tcp_off += (size_t)n;
		if (q->tcp_off == q->tcp_len) {
			/* Now read: 2 length bytes, then the message. */
			if ((p = realloc(q->tcp, 2 + 65535)) == NULL)
				return DL_ENOMEM;
			q->tcp = p;
			q->tcp_off = 0;
			q->tcp_len = 2;
			q->state = Q_TCP_READ;
		}
	}
	while (q->state == Q_TCP_READ) {
		n = recv(q->fd, q->tcp + q->tcp_off, q->tcp_len - q->tcp_off,
		    0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			tcp_failed(b, q, errno);
			return 0;
		}
		if (n == 0) {
			tcp_failed(b, q, ECONNRESET);
			return 0;
		}
		q->tcp_off += (size_t)n;
		if (q->tcp_off < q->tcp_len)
			continue;
		if (q->tcp_len == 2) {
			need = (size_t)q->tcp[0] << 8 | q->tcp[1];
			q->tcp_len = 2 + need;
			if (need > 0)
				continue;
		}
		v = check_reply(b, q, q->tcp + 2, q->tcp_len - 2, &pkt);
		if (v == V_ACCEPT)
			return reply_accepted(b, q, pkt, true);
		/* Not ours: read on until the right one or the timeout. */
		if (v == V_MALFORMED)
			q->malformed++;
		q->res.ignored++;
		b->stats.ignored++;
		q->tcp_off = 0;
		q->tcp_len = 2;
		/* A stream of bogus replies must not outlast the timeout. */
		if (now_us() >= q->deadline)
			return 0;
	}
	return 0;
}

static int
query_timeout(struct dl_dnsq_batch *b, struct query *q)
{
	int rc;

	if (q->state != Q_UDP) {
		tcp_failed(b, q, ETIMEDOUT);
		return 0;
	}
	b->stats.timeouts++;
	/*
	 * Giving a silent server up saves a timeout per question; with one
	 * question, or a resolver that may be slow to recurse, a lost
	 * packet must get its retries instead.
	 */
	if (b->servers[q->server].replies == 0 && !b->opts.recursive &&
	    b->n_questions > 1) {
		server_give_up(b, q->server, DL_DNSQ_TIMEOUT, 0);
		return 0;
	}
	if (q->res.tries > b->opts.retries) {
		query_end(b, q, q->malformed > 0 ? DL_DNSQ_MALFORMED :
		    DL_DNSQ_TIMEOUT, 0);
		return 0;
	}
	if ((rc = udp_send(b, q)) > 0)
		return try_failed(b, q, rc);
	return rc;
}

/* End every unfinished query: run cannot go on. */
static void
abandon(struct dl_dnsq_batch *b, int error)
{
	size_t i, n = b->n_servers * b->n_questions;

	for (i = 0; i < n; i++)
		if (b->queries[i].state != Q_DONE)
			query_end(b, &b->queries[i], DL_DNSQ_NETERR, error);
}

int
dl_dnsq_batch_run(struct dl_dnsq_batch *b, struct dl_error *err)
{
	struct pollfd *pfd = NULL;
	struct query **pq = NULL, *q;
	size_t i, n, np, cap;
	uint64_t t0, now, first;
	int rc = 0, wait;

	if (b->ran) {
		dl_error_set(err, NULL, 0, 0, "a batch runs only once");
		return DL_EINPUT;
	}
	b->ran = true;
	t0 = now_us();
	n = b->n_servers * b->n_questions;
	if (n == 0)
		goto out;
	if (b->n_questions > SIZE_MAX / sizeof(*b->queries) / b->n_servers ||
	    (b->queries = calloc(n, sizeof(*b->queries))) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		b->queries[i].server = i / b->n_questions;
		b->queries[i].question = i % b->n_questions;
		b->queries[i].fd = -1;
	}
	cap = b->opts.max_inflight;
	if ((pfd = calloc(cap, sizeof(*pfd))) == NULL ||
	    (pq = calloc(cap, sizeof(*pq))) == NULL ||
	    (b->active = calloc(cap, sizeof(*b->active))) == NULL)
		goto nomem;

	for (;;) {
		if ((rc = fill(b)) < 0) {
			if (rc == DL_EIO)
				dl_error_set(err, NULL, 0, 0,
				    "no random numbers for query ids");
			break;
		}
		/* Every in-flight query has a descriptor and a deadline. */
		first = UINT64_MAX;
		for (np = 0; np < b->inflight; np++) {
			q = b->active[np];
			pfd[np].fd = q->fd;
			pfd[np].events = q->state == Q_TCP_CONNECT ||
			    q->state == Q_TCP_WRITE ? POLLOUT : POLLIN;
			pfd[np].revents = 0;
			pq[np] = q;
			if (q->deadline < first)
				first = q->deadline;
		}
		if (np == 0)
			break;	/* nothing in flight, nothing left to send */
		now = now_us();
		wait = first <= now ? 0 : (int)((first - now + 999) / 1000);
		if (poll(pfd, np, wait) < 0) {
			if (errno == EINTR)
				continue;
			rc = errno;
			dl_error_set(err, NULL, 0, 0, "poll: %s",
			    strerror(rc));
			abandon(b, rc);
			rc = DL_EIO;
			break;
		}
		for (i = 0; i < np && rc == 0; i++) {
			q = pq[i];
			if (pfd[i].revents == 0 || q->state == Q_DONE)
				continue;
			if (q->state == Q_UDP)
				rc = udp_readable(b, q);
			else
				rc = tcp_io(b, q);
		}
		if (rc < 0)
			break;
		now = now_us();
		for (i = 0; i < np && rc == 0; i++) {
			q = pq[i];
			if (q->state != Q_DONE && q->state != Q_QUEUED &&
			    q->deadline <= now)
				rc = query_timeout(b, q);
		}
		if (rc < 0)
			break;
	}
	if (rc == DL_ENOMEM)
		goto nomem;
	if (rc < 0)
		abandon(b, EIO);
	goto out;
nomem:
	dl_error_set(err, NULL, 0, 0, "out of memory");
	if (b->queries != NULL)
		abandon(b, ENOMEM);
	rc = DL_ENOMEM;
out:
	free(pfd);
	free(pq);
	b->stats.wall = (double)(now_us() - t0) / 1e6;
	return rc < 0 ? rc : 0;
}

/* ---------------------------------------------------------------------
 * TSIG keys
 */

struct dl_dnsq_tsig {
	/* absolute, presentation form: up to 4 characters a byte ("\\145") */
	char		 name[4 * LDNS_MAX_DOMAINLEN + 2];
	const char	*algorithm;	/* as in key files: "hmac-sha256" */
	const char	*ldns_alg;	/* as ldns wants it: "hmac-sha256." */
	char		*secret;	/* base64, wiped on free */
};

static const struct {
	const char	*name;
	const char	*ldns_name;
} tsig_algs[] = {
	{ "hmac-md5", "hmac-md5.sig-alg.reg.int." },
	{ "hmac-sha1", "hmac-sha1." },
	{ "hmac-sha256", "hmac-sha256." },
	{ "hmac-sha512", "hmac-sha512." },
};

enum tok { T_EOF, T_WORD, T_STRING, T_LBRACE, T_RBRACE, T_SEMI };

struct lexer {
	const char	*file;
	const char	*p, *end;
	unsigned	 line, col;
	enum tok	 t;
	char		 s[1024];	/* the word or string, NUL ended */
	unsigned	 tline, tcol;	/* where the token starts */
	struct dl_error	*err;
};

static void
lex_advance(struct lexer *lx)
{
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else if (((unsigned char)*lx->p & 0xC0) != 0x80)
		lx->col++;	/* columns count characters, not bytes */
	lx->p++;
}

static bool
lex_comment_start(const struct lexer *lx)
{
	return *lx->p == '#' || (lx->p + 1 < lx->end && lx->p[0] == '/' &&
	    (lx->p[1] == '/' || lx->p[1] == '*'));
}

/* The next token into lx->t (and lx->s).  Returns 0 or DL_EINPUT. */
static int
lex_next(struct lexer *lx)
{
	unsigned l, c;
	size_t n = 0;

	for (;;) {
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
		    *lx->p == '\n' || *lx->p == '\r' || *lx->p == '\f' ||
		    *lx->p == '\v'))
			lex_advance(lx);
		if (lx->p >= lx->end || !lex_comment_start(lx))
			break;
		if (*lx->p == '#' || lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				lex_advance(lx);
			continue;
		}
		l = lx->line;
		c = lx->col;
		lex_advance(lx);
		lex_advance(lx);
		while (lx->p + 1 < lx->end &&
		    !(lx->p[0] == '*' && lx->p[1] == '/'))
			lex_advance(lx);
		if (lx->p + 1 >= lx->end) {
			dl_error_set(lx->err, lx->file, l, c,
			    "unterminated comment");
			return DL_EINPUT;
		}
		lex_advance(lx);
		lex_advance(lx);
	}
	lx->tline = lx->line;
	lx->tcol = lx->col;
	lx->s[0] = '\0';
	if (lx->p >= lx->end) {
		lx->t = T_EOF;
		return 0;
	}
	switch (*lx->p) {
	case '{':
		lx->t = T_LBRACE;
		lex_advance(lx);
		return 0;
	case '}':
		lx->t = T_RBRACE;
		lex_advance(lx);
		return 0;
	case ';':
		lx->t = T_SEMI;
		lex_advance(lx);
		return 0;
	case '"':
		lx->t = T_STRING;
		lex_advance(lx);
		while (lx->p < lx->end && *lx->p != '"') {
			if (*lx->p == '\\' && lx->p + 1 < lx->end)
				lex_advance(lx);
			if (n + 1 >= sizeof(lx->s)) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "quoted string too long");
				return DL_EINPUT;
			}
			lx->s[n++] = *lx->p;
			lex_advance(lx);
		}
		if (lx->p >= lx->end) {
			dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
			    "unterminated quoted string");
			return DL_EINPUT;
		}
		lex_advance(lx);
		lx->s[n] = '\0';
		return 0;
	}
	lx->t = T_WORD;
	while (lx->p < lx->end && strchr(" \t\r\n\f\v{};\"", *lx->p) == NULL &&
	    !lex_comment_start(lx)) {
		if (n + 1 >= sizeof(lx->s)) {
			dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
			    "word too long");
			return DL_EINPUT;
		}
		lx->s[n++] = *lx->p;
		lex_advance(lx);
	}
	lx->s[n] = '\0';
	return 0;
}

/*
 * The current token for an error message.  Only short lower-case words
 * are quoted: anything else might be a misplaced secret.
 */
static const char *
lex_what(const struct lexer *lx, char *buf, size_t n)
{
	size_t i, len;

	switch (lx->t) {
	case T_EOF: return "end of file";
	case T_STRING: return "a quoted string";
	case T_LBRACE: return "'{'";
	case T_RBRACE: return "'}'";
	case T_SEMI: return "';'";
	case T_WORD: break;
	}
	len = strlen(lx->s);
	for (i = 0; i < len; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-.", lx->s[i])
		    == NULL)
			break;
	if (len == 0 || len > 20 || i < len)
		return "a word";
	snprintf(buf, n, "'%s'", lx->s);
	return buf;
}

static int
lex_error(struct lexer *lx, const char *expected)
{
	char buf[32];

	dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
	    "expected %s, got %s", expected, lex_what(lx, buf, sizeof(buf)));
	return DL_EINPUT;
}

/* Strict base64 with at least one byte of key: padding only at the end. */
static bool
base64_ok(const char *s)
{
	size_t n = 0, pad = 0;

	for (; *s != '\0'; s++) {
		if (*s == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || !((*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '+' || *s == '/'))
			return false;
		n++;
	}
	if (pad > 2 || n % 4 == 1 || (pad > 0 && (n + pad) % 4 != 0))
		return false;
	return n * 6 / 8 > 0;
}

static void
wipe(void *p, size_t n)
{
	if (p != NULL)
		explicit_bzero(p, n);
}

void
dl_dnsq_tsig_free(struct dl_dnsq_tsig *key)
{
	if (key == NULL)
		return;
	if (key->secret != NULL) {
		wipe(key->secret, strlen(key->secret));
		free(key->secret);
	}
	wipe(key, sizeof(*key));
	free(key);
}

const char *
dl_dnsq_tsig_name(const struct dl_dnsq_tsig *key)
{
	return key->name;
}

const char *
dl_dnsq_tsig_algorithm(const struct dl_dnsq_tsig *key)
{
	return key->algorithm;
}

/* One "key NAME { ... };" clause; lx is at "key". */
static int
parse_key(struct lexer *lx, struct dl_dnsq_tsig *key)
{
	unsigned kline = lx->tline, kcol = lx->tcol, sline = 0, scol = 0;
	char alg[64], *text;
	ldns_rdf *rdf;
	size_t i, len;
	bool have_alg = false;
	int rc;

	if ((rc = lex_next(lx)) != 0)
		return rc;
	if ((lx->t != T_WORD && lx->t != T_STRING) || lx->s[0] == '\0')
		return lex_error(lx, "the key's name after 'key'");
	if (strlen(lx->s) > LDNS_MAX_DOMAINLEN ||
	    (rdf = ldns_dname_new_frm_str(lx->s)) == NULL) {
		dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
		    "'%s' is not a valid key name", lx->s);
		return DL_EINPUT;
	}
	/* Whole, or the key would sign as another name. */
	text = ldns_rdf2str(rdf);
	ldns_rdf_deep_free(rdf);
	if (text == NULL) {
		dl_error_set(lx->err, lx->file, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	if (strlen(text) >= sizeof(key->name)) {
		free(text);
		dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
		    "'%s' is not a valid key name", lx->s);
		return DL_EINPUT;
	}
	strcpy(key->name, text);
	free(text);
	if ((rc = lex_next(lx)) != 0)
		return rc;
	if (lx->t != T_LBRACE)
		return lex_error(lx, "'{' after the key's name");
	for (;;) {
		if ((rc = lex_next(lx)) != 0)
			return rc;
		if (lx->t == T_RBRACE)
			break;
		if (lx->t == T_WORD && strcmp(lx->s, "algorithm") == 0) {
			if (have_alg) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "duplicate 'algorithm'");
				return DL_EINPUT;
			}
			if ((rc = lex_next(lx)) != 0)
				return rc;
			if (lx->t != T_WORD && lx->t != T_STRING)
				return lex_error(lx, "an algorithm name");
			len = strlen(lx->s);
			if (len >= sizeof(alg))
				len = sizeof(alg) - 1;
			memcpy(alg, lx->s, len);
			alg[len] = '\0';
			if (len > 0 && alg[len - 1] == '.')
				alg[--len] = '\0';
			if (strcasecmp(alg, "hmac-md5.sig-alg.reg.int") == 0)
				strcpy(alg, "hmac-md5");
			for (i = 0; i < sizeof(tsig_algs) / sizeof(tsig_algs[0]);
			    i++)
				if (strcasecmp(alg, tsig_algs[i].name) == 0)
					break;
			if (i == sizeof(tsig_algs) / sizeof(tsig_algs[0])) {
				if (strcasecmp(alg, "hmac-sha224") == 0 ||
				    strcasecmp(alg, "hmac-sha384") == 0)
					dl_error_set(lx->err, lx->file,
					    lx->tline, lx->tcol, "TSIG algorithm "
					    "'%s' is not supported: use "
					    "hmac-sha256 or hmac-sha512",
					    lx->s);
				else
					dl_error_set(lx->err, lx->file,
					    lx->tline, lx->tcol, "unknown TSIG "
					    "algorithm '%s': expected hmac-sha256,"
					    " hmac-sha512, hmac-sha1 or hmac-md5",
					    lx->s);
				return DL_EINPUT;
			}
			key->algorithm = tsig_algs[i].name;
			key->ldns_alg = tsig_algs[i].ldns_name;
			have_alg = true;
			if ((rc = lex_next(lx)) != 0)
				return rc;
			if (lx->t != T_SEMI)
				return lex_error(lx, "';' after the algorithm");
		} else if (lx->t == T_WORD && strcmp(lx->s, "secret") == 0) {
			/* Never quote anything from here to the ';'. */
			if (key->secret != NULL) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "duplicate 'secret'");
				return DL_EINPUT;
			}
			if ((rc = lex_next(lx)) != 0)
				return rc;
			sline = lx->tline;
			scol = lx->tcol;
			if (lx->t != T_WORD && lx->t != T_STRING) {
				dl_error_set(lx->err, lx->file, sline, scol,
				    "expected the secret in base64 after "
				    "'secret'");
				return DL_EINPUT;
			}
			if (!base64_ok(lx->s)) {
				dl_error_set(lx->err, lx->file, sline, scol,
				    "the secret is not valid base64");
				return DL_EINPUT;
			}
			if ((key->secret = strdup(lx->s)) == NULL) {
				dl_error_set(lx->err, lx->file, 0, 0,
				    "out of memory");
				return DL_ENOMEM;
			}
			if ((rc = lex_next(lx)) != 0)
				return rc;
			if (lx->t != T_SEMI) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "expected ';' after the secret");
				return DL_EINPUT;
			}
		} else if (lx->t == T_EOF) {
			return lex_error(lx, "'}' to end the key clause");
		} else
			return lex_error(lx, "'algorithm', 'secret' or '}'");
	}
	if ((rc = lex_next(lx)) != 0)
		return rc;
	if (lx->t != T_SEMI)
		return lex_error(lx, "';' after '}'");
	if (!have_alg) {
		dl_error_set(lx->err, lx->file, kline, kcol,
		    "key '%s' has no algorithm", key->name);
		return DL_EINPUT;
	}
	if (key->secret == NULL) {
		dl_error_set(lx->err, lx->file, kline, kcol,
		    "key '%s' has no secret", key->name);
		return DL_EINPUT;
	}
	return 0;
}

int
dl_dnsq_tsig_parse(const char *file, const char *text, size_t len,
    struct dl_dnsq_tsig **out, struct dl_error *err)
{
	struct dl_dnsq_tsig *key = NULL;
	struct lexer lx;
	int rc;

	memset(&lx, 0, sizeof(lx));
	lx.file = file;
	lx.p = text;
	lx.end = text + len;
	lx.line = lx.col = 1;
	lx.err = err;
	for (;;) {
		if ((rc = lex_next(&lx)) != 0)
			goto fail;
		if (lx.t == T_EOF)
			break;
		if (lx.t != T_WORD || strcmp(lx.s, "key") != 0) {
			rc = lex_error(&lx, "'key'");
			goto fail;
		}
		if (key != NULL) {
			dl_error_set(err, file, lx.tline, lx.tcol,
			    "a second key clause: the file must hold one key");
			rc = DL_EINPUT;
			goto fail;
		}
		if ((key = calloc(1, sizeof(*key))) == NULL) {
			dl_error_set(err, file, 0, 0, "out of memory");
			rc = DL_ENOMEM;
			goto fail;
		}
		if ((rc = parse_key(&lx, key)) != 0)
			goto fail;
	}
	if (key == NULL) {
		dl_error_set(err, file, 0, 0, "no key clause: expected "
		    "key \"name\" { algorithm hmac-sha256; secret \"...\"; };");
		rc = DL_EINPUT;
		goto fail;
	}
	wipe(lx.s, sizeof(lx.s));
	*out = key;
	return 0;
fail:
	wipe(lx.s, sizeof(lx.s));
	dl_dnsq_tsig_free(key);
	return rc;
}

int
dl_dnsq_tsig_load(const char *path, struct dl_dnsq_tsig **out,
    struct dl_error *err)
{
	struct stat st;
	char *text;
	ssize_t r;
	size_t n = 0;
	int fd, rc;

	if ((fd = dl_file_open(path, &st)) < 0 ||
	    st.st_size > KEYFILE_MAX) {
		dl_error_set(err, path, 0, 0, "cannot read: %s",
		    fd == -1 ? strerror(errno) :
		    fd == DL_FILE_NOT_REGULAR ? "not a regular file" :
		    "too big for a key file");
		if (fd >= 0)
			close(fd);
		return DL_EIO;
	}
	if ((text = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		dl_error_set(err, path, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	while (n < (size_t)st.st_size) {
		r = read(fd, text + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (n < (size_t)st.st_size) {
		dl_error_set(err, path, 0, 0, "cannot read: %s",
		    strerror(errno != 0 ? errno : EIO));
		wipe(text, n);
		free(text);
		close(fd);
		return DL_EIO;
	}
	close(fd);
	rc = dl_dnsq_tsig_parse(path, text, n, out, err);
	wipe(text, n);
	free(text);
	return rc;
}

/* ---------------------------------------------------------------------
 * Zone transfers
 */

struct axfr {
	const struct dl_dnsq_server	*srv;
	const char			*zone;		/* for messages */
	const struct dl_dnsq_tsig	*key;
	int				 fd;		/* -1: read stream */
	/* dl_dnsq_axfr_check(): what the server sent, read from here */
	const uint8_t			*stream;
	size_t				 stream_len, stream_off;
	bool				 fixed_now;	/* TSIG times against now, */
	int64_t				 now;		/* else the clock */
	unsigned			 timeout_ms, limit_ms;
	uint64_t			 t0, limit;	/* absolute, us */
	struct dl_error			*err;
	uint16_t			 id;		/* the request's */
	ldns_rdf			*zname;
	uint8_t				*msg;		/* 2 + 65535 bytes */
	ldns_pkt			*pkt;		/* the message last read */
	ldns_rr_list			*list;		/* the zone's records */
	ldns_rr				*soa;		/* the opening SOA, in list */
	struct dl_dnsq_axfr_info	 inf;
	/* TSIG state */
	ldns_rdf			*mac;		/* request or prior MAC */
	uint8_t				*unsigned_msgs;	/* since the last MAC */
	size_t				 unsigned_len, unsigned_cap;
	unsigned			 unsigned_run;
};

/* Wait for events on a.fd.  Returns 0, or DL_EUNAVAIL with err set. */
static int
axfr_wait(struct axfr *a, short events, const char *doing)
{
	struct pollfd pfd;
	uint64_t now, until;
	int r;

	for (;;) {
		now = now_us();
		until = now + (uint64_t)a->timeout_ms * 1000u;
		if (a->limit < until)
			until = a->limit;
		if (now >= until)
			break;
		pfd.fd = a->fd;
		pfd.events = events;
		pfd.revents = 0;
		r = poll(&pfd, 1, (int)((until - now + 999) / 1000));
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR) {
			dl_error_set(a->err, NULL, 0, 0, "zone transfer from "
			    "%s: poll: %s", a->srv->text, strerror(errno));
			return DL_EUNAVAIL;
		}
		if (r == 0)
			break;
	}
	if (now_us() >= a->limit)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer of '%s' from "
		    "%s did not finish within %.1f s", a->zone, a->srv->text,
		    a->limit_ms / 1000.0);
	else
		dl_error_set(a->err, NULL, 0, 0, "zone transfer of '%s' from "
		    "%s timed out %s (%.1f s)", a->zone, a->srv->text, doing,
		    a->timeout_ms / 1000.0);
	return DL_EUNAVAIL;
}

/*
 * Read exactly n bytes.  Returns 0, 1 on end of stream before any byte,
 * or DL_EUNAVAIL.
 */
static int
axfr_read(struct axfr *a, uint8_t *buf, size_t n, const char *doing)
{
	size_t got = 0;
	ssize_t r;
	int rc;

	if (a->fd < 0) {
		/* The stream ends as a connection closes. */
		if (a->stream_off == a->stream_len)
			return 1;
		if (a->stream_len - a->stream_off < n) {
			a->stream_off = a->stream_len;
			dl_error_set(a->err, NULL, 0, 0, "zone transfer of "
			    "'%s' from %s: the connection closed inside a "
			    "message", a->zone, a->srv->text);
			return DL_EUNAVAIL;
		}
		memcpy(buf, a->stream + a->stream_off, n);
		a->stream_off += n;
		return 0;
	}
	while (got < n) {
		r = recv(a->fd, buf + got, n - got, 0);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == 0) {
			if (got == 0)
				return 1;
			dl_error_set(a->err, NULL, 0, 0, "zone transfer of "
			    "'%s' from %s: the connection closed inside a "
			    "message", a->zone, a->srv->text);
			return DL_EUNAVAIL;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			dl_error_set(a->err, NULL, 0, 0, "zone transfer of "
			    "'%s' from %s: %s", a->zone, a->srv->text,
			    strerror(errno));
			return DL_EUNAVAIL;
		}
		if ((rc = axfr_wait(a, POLLIN, doing)) != 0)
			return rc;
	}
	return 0;
}

static int
axfr_fail(struct axfr *a, const char *what)
{
	dl_error_set(a->err, NULL, 0, 0, "zone transfer of '%s' from %s: %s",
	    a->zone, a->srv->text, what);
	return DL_EUNAVAIL;
}

/* The server said no: say why in words. */
static int
axfr_refused(struct axfr *a, const uint8_t *wire, size_t len)
{
	unsigned rcode = LDNS_RCODE_WIRE(wire), terr = 0;
	const char *tname;
	ldns_pkt *pkt;
	ldns_rr *t;

	if (wire2pkt(&pkt, wire, len) == LDNS_STATUS_OK) {
		t = ldns_pkt_tsig(pkt);
		if (t != NULL && ldns_rr_rd_count(t) >= 6 &&
		    ldns_rdf_size(ldns_rr_rdf(t, 5)) == 2)
			terr = ldns_rdf2native_int16(ldns_rr_rdf(t, 5));
		ldns_pkt_free(pkt);
	}
	tname = tsig_error_name(terr);
	if (rcode == LDNS_RCODE_NOTAUTH && terr == 18)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer refused by %s "
		    "(NOTAUTH, BADTIME): is this host's clock right?",
		    a->srv->text);
	else if (rcode == LDNS_RCODE_NOTAUTH && a->key != NULL)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer refused by %s "
		    "(NOTAUTH): wrong TSIG key?", a->srv->text);
	else if (rcode == LDNS_RCODE_NOTAUTH && tname != NULL)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer refused by %s "
		    "(NOTAUTH, %s)", a->srv->text, tname);
	else if (rcode == LDNS_RCODE_NOTAUTH)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer refused by %s "
		    "(NOTAUTH): it is not authoritative for '%s'",
		    a->srv->text, a->zone);
	else if (rcode == LDNS_RCODE_REFUSED && a->key != NULL)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer refused by %s "
		    "(REFUSED): not allowed for key '%s' from this host, or "
		    "'%s' is not served there", a->srv->text, a->key->name,
		    a->zone);
	else if (rcode == LDNS_RCODE_REFUSED)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer refused by %s "
		    "(REFUSED): not allowed from this host without a TSIG "
		    "key, or '%s' is not served there", a->srv->text, a->zone);
	else if (rcode == LDNS_RCODE_NOTIMPL)
		dl_error_set(a->err, NULL, 0, 0, "zone transfer from %s failed "
		    "(NOTIMP): it does not do zone transfers", a->srv->text);
	else
		dl_error_set(a->err, NULL, 0, 0, "zone transfer of '%s' from "
		    "%s failed (%s)", a->zone, a->srv->text,
		    rcode_name(rcode));
	return DL_EUNAVAIL;
}

/*
 * Check the TSIG of one message (RFC 8945 5.3.1): the first message is
 * digested with the request's MAC, each later signed one with the prior
 * MAC and the unsigned messages since.  ldns digests "MAC rdf, message,
 * timers", so handing it the prior MAC with the unsigned messages appended
 * as one rdf gives exactly that digest.  *is_signed tells whether it was.
 */
static int
axfr_tsig(struct axfr *a, ldns_pkt *pkt, const uint8_t *wire, size_t len,
    bool first, bool *is_signed)
{
	ldns_rr *t = ldns_pkt_tsig(pkt);
	ldns_rdf *mac = a->mac, *algo, *combined = NULL, *kname;
	uint8_t *p, *data;
	uint64_t signed_at = 0;
	time_t now;
	size_t i, mlen;
	bool ok;

	*is_signed = t != NULL;
	if (t == NULL) {
		if (first)
			return axfr_fail(a, "the first message is not signed "
			    "with the TSIG key");
		if (++a->unsigned_run > AXFR_MAX_UNSIGNED)
			return axfr_fail(a, "more than 99 messages in a row "
			    "are not signed with the TSIG key");
		if (a->unsigned_len + len > a->unsigned_cap) {
			size_t cap = (a->unsigned_len + len) * 2;

			if ((p = realloc(a->unsigned_msgs, cap)) == NULL)
				return DL_ENOMEM;
			a->unsigned_msgs = p;
			a->unsigned_cap = cap;
		}
		memcpy(a->unsigned_msgs + a->unsigned_len, wire, len);
		a->unsigned_len += len;
		return 0;
	}
	if (ldns_rr_rd_count(t) < 7)
		return axfr_fail(a, "a malformed TSIG record");
	algo = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_DNAME, a->key->ldns_alg);
	kname = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_DNAME, a->key->name);
	ok = algo != NULL && kname != NULL &&
	    name_equal(ldns_rr_rdf(t, 0), algo) &&
	    name_equal(ldns_rr_owner(t), kname);
	ldns_rdf_deep_free(algo);
	ldns_rdf_deep_free(kname);
	if (!ok)
		return axfr_fail(a, "a message is signed with another TSIG "
		    "key or algorithm");
	if (ldns_rdf_size(ldns_rr_rdf(t, 5)) == 2 &&
	    ldns_rdf2native_int16(ldns_rr_rdf(t, 5)) != 0)
		return axfr_fail(a, "a message carries a TSIG error");
	if (ldns_rdf_size(ldns_rr_rdf(t, 1)) == 6 &&
	    ldns_rdf_size(ldns_rr_rdf(t, 2)) == 2) {
		data = ldns_rdf_data(ldns_rr_rdf(t, 1));
		for (i = 0; i < 6; i++)
			signed_at = signed_at << 8 | data[i];
		now = a->fixed_now ? (time_t)a->now : time(NULL);
		if ((uint64_t)now + ldns_rdf2native_int16(ldns_rr_rdf(t, 2)) <
		    signed_at || signed_at + ldns_rdf2native_int16(
		    ldns_rr_rdf(t, 2)) < (uint64_t)now) {
			dl_error_set(a->err, NULL, 0, 0, "zone transfer of "
			    "'%s' from %s: the TSIG time of a message is off "
			    "by %lld s: is this host's clock right?", a->zone,
			    a->srv->text, (long long)signed_at -
			    (long long)now);
			return DL_EUNAVAIL;
		}
	} else
		return axfr_fail(a, "a malformed TSIG record");
	if (a->unsigned_len > 0) {
		mlen = ldns_rdf_size(a->mac) + a->unsigned_len;
		if ((p = malloc(mlen)) == NULL)
			return DL_ENOMEM;
		memcpy(p, ldns_rdf_data(a->mac), ldns_rdf_size(a->mac));
		memcpy(p + ldns_rdf_size(a->mac), a->unsigned_msgs,
		    a->unsigned_len);
		if ((combined = ldns_rdf_new(LDNS_RDF_TYPE_INT16_DATA, mlen,
		    p)) == NULL) {
			free(p);
			return DL_ENOMEM;
		}
		mac = combined;
	}
	/* ldns may leave the TSIG off the packet when it fails early. */
	ok = ldns_pkt_tsig_verify_next(pkt, wire, len, a->key->name,
	    a->key->secret, mac, first ? 0 : 1);
	if (ldns_pkt_tsig(pkt) == NULL)
		ldns_pkt_set_tsig(pkt, t);
	ldns_rdf_deep_free(combined);
	if (!ok)
		return axfr_fail(a, "a TSIG signature does not verify");
	ldns_rdf_deep_free(a->mac);
	if ((a->mac = ldns_rdf_clone(ldns_rr_rdf(t, 3))) == NULL)
		return DL_ENOMEM;
	a->unsigned_len = 0;
	a->unsigned_run = 0;
	return 0;
}

/*
 * Check the records of one message and move them to out.  *soa is the
 * opening SOA (NULL before the first record); *done is set by the closing
 * one.
 */
static int
axfr_records(struct axfr *a, ldns_pkt *pkt, const ldns_rdf *zone,
    ldns_rr_list *out, ldns_rr **soa, bool *done)
{
	ldns_rr_list *an = ldns_pkt_answer(pkt);
	size_t i, n = ldns_rr_list_rr_count(an), end = n;
	char what[LDNS_MAX_DOMAINLEN + 128], buf[LDNS_MAX_DOMAINLEN + 2];
	ldns_rr *rr, *first = *soa;

	/* Check everything first: the packet keeps its records on error. */
	for (i = 0; i < n; i++) {
		rr = ldns_rr_list_rr(an, i);
		if (first == NULL) {
			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA ||
			    !name_equal(ldns_rr_owner(rr), zone) ||
			    ldns_rr_rd_count(rr) != 7)
				return axfr_fail(a, "it does not begin with "
				    "the zone's SOA record");
			if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN)
				return axfr_fail(a, "the zone is not of "
				    "class IN");
			first = rr;
			continue;
		}
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA) {
			if (!name_equal(ldns_rr_owner(rr), zone) ||
			    ldns_rr_rd_count(rr) != 7 ||
			    ldns_rdf2native_int32(ldns_rr_rdf(rr, 2)) !=
			    ldns_rdf2native_int32(ldns_rr_rdf(first, 2)))
				return axfr_fail(a, "the closing SOA record "
				    "differs from the opening one (did the "
				    "zone change during the transfer?)");
			if (i + 1 != n)
				return axfr_fail(a, "records follow the "
				    "closing SOA record");
			end = i;
			break;
		}
		if (!name_in(ldns_rr_owner(rr), zone)) {
			snprintf(what, sizeof(what), "it holds '%s', outside "
			    "the zone", name_text(ldns_rr_owner(rr), buf,
			    sizeof(buf)));
			return axfr_fail(a, what);
		}
		if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) {
			snprintf(what, sizeof(what), "it holds a record of "
			    "another class than IN at '%s'", name_text(
			    ldns_rr_owner(rr), buf, sizeof(buf)));
			return axfr_fail(a, what);
		}
	}
	for (i = 0; i < end; i++) {
		if (!ldns_rr_list_push_rr(out, ldns_rr_list_rr(an, i))) {
			/* Out is whole up to i; free the rest here. */
			for (; i < n; i++)
				ldns_rr_free(ldns_rr_list_rr(an, i));
			ldns_rr_list_set_rr_count(an, 0);
			return DL_ENOMEM;
		}
	}
	if (end < n) {
		ldns_rr_free(ldns_rr_list_rr(an, end));
		*done = true;
	}
	ldns_rr_list_set_rr_count(an, 0);
	*soa = first;
	return 0;
}

/*
 * Set a up for a transfer of zone from srv (which a refers to).  Returns
 * 0, or DL_EINPUT (zone is not a name) or DL_ENOMEM with err set.
 */
static int
axfr_init(struct axfr *a, const struct dl_dnsq_server *srv, const char *zone,
    const struct dl_dnsq_tsig *key, unsigned timeout_ms, unsigned limit_ms,
    char *zbuf, size_t zlen, struct dl_error *err)
{
	memset(a, 0, sizeof(*a));
	a->srv = srv;
	a->key = key;
	a->fd = -1;
	a->err = err;
	a->timeout_ms = timeout_ms > 0 ? timeout_ms : 3000;
	if (a->timeout_ms > TIMEOUT_MAX_MS)
		a->timeout_ms = TIMEOUT_MAX_MS;
	a->limit_ms = limit_ms > 0 ? limit_ms : AXFR_DEFAULT_LIMIT_MS;
	a->t0 = now_us();
	a->limit = a->t0 + (uint64_t)a->limit_ms * 1000u;
	if (zone == NULL || strlen(zone) > LDNS_MAX_DOMAINLEN ||
	    (a->zname = ldns_dname_new_frm_str(zone)) == NULL) {
		dl_error_set(err, NULL, 0, 0, "'%s' is not a domain name",
		    zone != NULL ? zone : "");
		return DL_EINPUT;
	}
	a->zone = name_text(a->zname, zbuf, zlen);
	if ((a->msg = malloc(2 + 65535)) == NULL ||
	    (a->list = ldns_rr_list_new()) == NULL) {
		dl_error_set(err, NULL, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	return 0;
}

static void
axfr_free(struct axfr *a)
{
	if (a->fd >= 0)
		close(a->fd);
	ldns_rr_list_deep_free(a->list);
	ldns_pkt_free(a->pkt);
	ldns_rdf_deep_free(a->zname);
	ldns_rdf_deep_free(a->mac);
	free(a->unsigned_msgs);
	free(a->msg);
}

/*
 * Read and check the transfer's messages, up to the closing SOA, into
 * a->list.  Returns 0, or an error code with a->err set (but for
 * DL_ENOMEM).
 */
static int
axfr_receive(struct axfr *a)
{
	ldns_rr_list *qs;
	ldns_rr *qr;
	uint8_t lenbuf[2];
	size_t mlen;
	bool done = false, first = true, is_signed = false;
	int rc;

	while (!done) {
		/*
		 * A server that sends without a pause never makes the reads
		 * wait, where the limit is checked: check it here too.
		 */
		if (now_us() >= a->limit) {
			dl_error_set(a->err, NULL, 0, 0, "zone transfer of "
			    "'%s' from %s did not finish within %.1f s",
			    a->zone, a->srv->text, a->limit_ms / 1000.0);
			return DL_EUNAVAIL;
		}
		if (ldns_rr_list_rr_count(a->list) > AXFR_MAX_RECORDS) {
			dl_error_set(a->err, NULL, 0, 0, "zone transfer of "
			    "'%s' from %s: more than %u records", a->zone,
			    a->srv->text, AXFR_MAX_RECORDS);
			return DL_EUNAVAIL;
		}
		rc = axfr_read(a, lenbuf, 2, "waiting for data");
		if (rc == 1)
			return axfr_fail(a, "the connection closed before the "
			    "closing SOA record");
		if (rc != 0)
			return rc;
		mlen = (size_t)lenbuf[0] << 8 | lenbuf[1];
		if (mlen < LDNS_HEADER_SIZE)
			return axfr_fail(a, "a message too short to be DNS");
		if ((rc = axfr_read(a, a->msg, mlen, "waiting for data")) != 0)
			return rc == 1 ? axfr_fail(a, "the connection closed "
			    "inside a message") : rc;
		a->inf.messages++;
		a->inf.bytes += mlen;
		if (LDNS_ID_WIRE(a->msg) != a->id || !LDNS_QR_WIRE(a->msg) ||
		    LDNS_OPCODE_WIRE(a->msg) != LDNS_PACKET_QUERY)
			return axfr_fail(a, "a message that is not a reply to "
			    "the request (id, QR or opcode)");
		if (LDNS_RCODE_WIRE(a->msg) != LDNS_RCODE_NOERROR)
			return axfr_refused(a, a->msg, mlen);
		ldns_pkt_free(a->pkt);
		a->pkt = NULL;
		if (wire2pkt(&a->pkt, a->msg, mlen) != LDNS_STATUS_OK) {
			a->pkt = NULL;
			return axfr_fail(a, "a malformed message");
		}
		qs = ldns_pkt_question(a->pkt);
		if (ldns_rr_list_rr_count(qs) > 1 ||
		    (ldns_rr_list_rr_count(qs) == 1 &&
		    ((qr = ldns_rr_list_rr(qs, 0)) == NULL ||
		    ldns_rr_get_type(qr) != LDNS_RR_TYPE_AXFR ||
		    ldns_rr_get_class(qr) != LDNS_RR_CLASS_IN ||
		    !name_equal(ldns_rr_owner(qr), a->zname))))
			return axfr_fail(a, "a message for another question");
		if (a->key != NULL && (rc = axfr_tsig(a, a->pkt, a->msg, mlen,
		    first, &is_signed)) != 0)
			return rc;
		first = false;
		if ((rc = axfr_records(a, a->pkt, a->zname, a->list, &a->soa,
		    &done)) != 0)
			return rc;
		if (done && a->key != NULL && !is_signed)
			return axfr_fail(a, "the last message is not signed "
			    "with the TSIG key");
	}
	return 0;
}

/* The transfer ended well: hand its records over. */
static void
axfr_done(struct axfr *a, ldns_rr_list **out, struct dl_dnsq_axfr_info *info)
{
	a->inf.serial = ldns_rdf2native_int32(ldns_rr_rdf(a->soa, 2));
	a->inf.records = ldns_rr_list_rr_count(a->list);
	a->inf.tsig = a->key != NULL;
	a->inf.wall = (double)(now_us() - a->t0) / 1e6;
	if (info != NULL)
		*info = a->inf;
	*out = a->list;
	a->list = NULL;
}

int
dl_dnsq_axfr(const struct dl_dnsq_server *srv, const char *zone,
    const struct dl_dnsq_tsig *key, unsigned timeout_ms, unsigned limit_ms,
    ldns_rr_list **out, struct dl_dnsq_axfr_info *info, struct dl_error *err)
{
	struct axfr a;
	ldns_rdf *qn;
	ldns_pkt *req = NULL;
	uint8_t *wire = NULL;
	char zbuf[LDNS_MAX_DOMAINLEN + 2];
	size_t wlen = 0, off;
	ssize_t r;
	socklen_t sl;
	int rc, e;

	if ((rc = axfr_init(&a, srv, zone, key, timeout_ms, limit_ms, zbuf,
	    sizeof(zbuf), err)) != 0)
		goto out;
	if (random_bytes(&a.id, sizeof(a.id)) != 0) {
		dl_error_set(err, NULL, 0, 0, "no random numbers for a "
		    "query id");
		rc = DL_EIO;
		goto out;
	}
	rc = DL_ENOMEM;
	if ((qn = ldns_rdf_clone(a.zname)) == NULL)
		goto out;
	if ((req = ldns_pkt_query_new(qn, LDNS_RR_TYPE_AXFR,
	    LDNS_RR_CLASS_IN, 0)) == NULL) {
		ldns_rdf_deep_free(qn);
		goto out;
	}
	ldns_pkt_set_id(req, a.id);
	if (key != NULL) {
		if (ldns_pkt_tsig_sign(req, key->name, key->secret,
		    TSIG_FUDGE, key->ldns_alg, NULL) != LDNS_STATUS_OK ||
		    ldns_pkt_tsig(req) == NULL) {
			dl_error_set(err, NULL, 0, 0, "cannot sign with TSIG "
			    "key '%s' (%s)", key->name, key->algorithm);
			rc = DL_EINPUT;
			goto out;
		}
		if ((a.mac = ldns_rdf_clone(ldns_rr_rdf(ldns_pkt_tsig(req),
		    3))) == NULL)
			goto out;
	}
	if (ldns_pkt2wire(&wire, req, &wlen) != LDNS_STATUS_OK)
		goto out;

	rc = DL_EUNAVAIL;
	a.fd = socket(srv->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (a.fd < 0) {
		dl_error_set(err, NULL, 0, 0, "zone transfer from %s: "
		    "socket: %s", srv->text, strerror(errno));
		goto out;
	}
	if (connect(a.fd, (const struct sockaddr *)&srv->addr,
	    srv->addrlen) != 0) {
		if (errno != EINPROGRESS) {
			dl_error_set(err, NULL, 0, 0, "cannot connect to %s "
			    "for a zone transfer: %s", srv->text,
			    strerror(errno));
			goto out;
		}
		if ((rc = axfr_wait(&a, POLLOUT, "connecting")) != 0)
			goto out;
		sl = sizeof(e);
		if (getsockopt(a.fd, SOL_SOCKET, SO_ERROR, &e, &sl) != 0)
			e = errno;
		if (e != 0) {
			dl_error_set(err, NULL, 0, 0, "cannot connect to %s "
			    "for a zone transfer: %s", srv->text, strerror(e));
			rc = DL_EUNAVAIL;
			goto out;
		}
	}
	a.msg[0] = (uint8_t)(wlen >> 8);
	a.msg[1] = (uint8_t)wlen;
	memcpy(a.msg + 2, wire, wlen);
	for (off = 0; off < wlen + 2; ) {
		r = send(a.fd, a.msg + off, wlen + 2 - off, MSG_NOSIGNAL);
		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			dl_error_set(err, NULL, 0, 0, "zone transfer from %s: "
			    "%s", srv->text, strerror(errno));
			rc = DL_EUNAVAIL;
			goto out;
		}
		if ((rc = axfr_wait(&a, POLLOUT, "sending the request")) != 0)
			goto out;
	}
	if ((rc = axfr_receive(&a)) == 0)
		axfr_done(&a, out, info);
out:
	if (rc == DL_ENOMEM)
		dl_error_set(err, NULL, 0, 0, "out of memory");
	ldns_pkt_free(req);
	free(wire);
	axfr_free(&a);
	return rc;
}

int
dl_dnsq_axfr_check(const struct dl_dnsq_server *srv, const char *zone,
    const struct dl_dnsq_tsig *key, uint16_t id, const uint8_t *request_mac,
    size_t mac_len, int64_t now, const uint8_t *stream, size_t len,
    ldns_rr_list **out, struct dl_dnsq_axfr_info *info, struct dl_error *err)
{
	struct axfr a;
	char zbuf[LDNS_MAX_DOMAINLEN + 2];
	uint8_t *mac;
	int rc;

	if ((rc = axfr_init(&a, srv, zone, key, 0, 0, zbuf, sizeof(zbuf),
	    err)) != 0)
		goto out;
	a.id = id;
	a.stream = stream;
	a.stream_len = len;
	a.fixed_now = true;
	a.now = now;
	if (key != NULL) {
		/* As the MAC field of a TSIG record: its size, then it. */
		rc = DL_ENOMEM;
		if (mac_len > 65535 || (mac = malloc(2 + mac_len)) == NULL)
			goto out;
		mac[0] = (uint8_t)(mac_len >> 8);
		mac[1] = (uint8_t)mac_len;
		if (mac_len > 0)
			memcpy(mac + 2, request_mac, mac_len);
		if ((a.mac = ldns_rdf_new(LDNS_RDF_TYPE_INT16_DATA, 2 + mac_len,
		    mac)) == NULL) {
			free(mac);
			goto out;
		}
	}
	if ((rc = axfr_receive(&a)) == 0)
		axfr_done(&a, out, info);
out:
	if (rc == DL_ENOMEM)
		dl_error_set(err, NULL, 0, 0, "out of memory");
	axfr_free(&a);
	return rc;
}

/* ---------------------------------------------------------------------
 * Discovery
 */

void
dl_dnsq_discovery_free(struct dl_dnsq_discovery *d)
{
	size_t i;

	if (d == NULL)
		return;
	ldns_rr_list_deep_free(d->ns);
	free(d->servers);
	for (i = 0; i < d->n_unresolved; i++)
		free(d->unresolved[i]);
	free(d->unresolved);
	free(d);
}

static int
discover_ns(const struct dl_dnsq_server *resolver, const ldns_rdf *zname,
    const char *zone, const struct dl_dnsq_options *o, ldns_rr_list **ns,
    struct dl_error *err)
{
	const struct dl_dnsq_result *r;
	struct dl_dnsq_batch *b;
	ldns_rr *rr;
	size_t i;
	int rc;

	if ((b = dl_dnsq_batch_new(resolver, 1, o)) == NULL)
		return DL_ENOMEM;
	if ((rc = dl_dnsq_batch_add(b, zname, LDNS_RR_TYPE_NS)) < 0 ||
	    (rc = dl_dnsq_batch_run(b, err)) < 0) {
		dl_dnsq_batch_free(b);
		return rc;
	}
	r = dl_dnsq_batch_result(b, 0, 0);
	rc = DL_EUNAVAIL;
	switch (r->outcome) {
	case DL_DNSQ_ANSWER:
		if ((*ns = ldns_rr_list_new()) == NULL) {
			rc = DL_ENOMEM;
			break;
		}
		for (i = 0; i < ldns_rr_list_rr_count(r->answer); i++) {
			rr = ldns_rr_list_rr(r->answer, i);
			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS ||
			    ldns_rr_rd_count(rr) != 1 ||
			    !name_equal(ldns_rr_owner(rr), zname))
				continue;
			if ((rr = ldns_rr_clone(rr)) == NULL ||
			    !ldns_rr_list_push_rr(*ns, rr)) {
				ldns_rr_free(rr);
				rc = DL_ENOMEM;
				break;
			}
		}
		if (rc == DL_ENOMEM)
			break;
		if (ldns_rr_list_rr_count(*ns) > 0) {
			rc = 0;
			break;
		}
		dl_error_set(err, NULL, 0, 0, "'%s' is an alias (CNAME), not a "
		    "zone (resolver %s)", zone, resolver->text);
		break;
	case DL_DNSQ_TIMEOUT:
		dl_error_set(err, NULL, 0, 0, "resolver %s did not answer for "
		    "'%s NS'", resolver->text, zone);
		break;
	case DL_DNSQ_NETERR:
		dl_error_set(err, NULL, 0, 0, "resolver %s could not be asked "
		    "for '%s NS': %s", resolver->text, zone,
		    strerror(r->error));
		break;
	case DL_DNSQ_NXDOMAIN:
		dl_error_set(err, NULL, 0, 0, "'%s' does not exist (NXDOMAIN "
		    "from resolver %s)", zone, resolver->text);
		break;
	case DL_DNSQ_NODATA:
		dl_error_set(err, NULL, 0, 0, "'%s' has no NS records "
		    "(resolver %s): is it a zone?", zone, resolver->text);
		break;
	case DL_DNSQ_TRUNCATED:
		dl_error_set(err, NULL, 0, 0, "resolver %s: the answer for "
		    "'%s NS' was truncated and TCP failed: %s",
		    resolver->text, zone, strerror(r->error));
		break;
	default:
		dl_error_set(err, NULL, 0, 0, "resolver %s could not answer "
		    "'%s NS' (%s)", resolver->text, zone, r->pkt != NULL ?
		    rcode_name(r->rcode) : dl_dnsq_outcome_name(r->outcome));
		break;
	}
	if (rc != 0) {
		ldns_rr_list_deep_free(*ns);
		*ns = NULL;
	}
	dl_dnsq_batch_free(b);
	return rc;
}

int
dl_dnsq_discover(const struct dl_dnsq_server *resolver, const char *zone,
    uint16_t port, const struct dl_dnsq_options *opts,
    struct dl_dnsq_discovery **out, struct dl_error *err)
{
	static const ldns_rr_type types[2] = { LDNS_RR_TYPE_A,
	    LDNS_RR_TYPE_AAAA };
	struct dl_dnsq_options o;
	struct dl_dnsq_discovery *d = NULL;
	struct dl_dnsq_batch *b = NULL;
	const struct dl_dnsq_result *r;
	struct dl_dnsq_server *ns;
	ldns_rdf *zname, **names = NULL, *target;
	char zbuf[LDNS_MAX_DOMAINLEN + 2], nbuf[LDNS_MAX_DOMAINLEN + 2];
	size_t i, j, k, t, n_names = 0, found;
	ldns_rr *rr;
	int rc;

	if (zone == NULL || strlen(zone) > LDNS_MAX_DOMAINLEN ||
	    (zname = ldns_dname_new_frm_str(zone)) == NULL) {
		dl_error_set(err, NULL, 0, 0, "'%s' is not a domain name",
		    zone != NULL ? zone : "");
		return DL_EINPUT;
	}
	name_text(zname, zbuf, sizeof(zbuf));
	if (opts != NULL)
		o = *opts;
	else
		dl_dnsq_options_init(&o);
	o.recursive = true;
	rc = DL_ENOMEM;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		goto out;
	if ((rc = discover_ns(resolver, zname, zbuf, &o, &d->ns, err)) != 0)
		goto out;

	/* The distinct NS names, in the order given. */
	rc = DL_ENOMEM;
	if ((names = calloc(ldns_rr_list_rr_count(d->ns),
	    sizeof(*names))) == NULL)
		goto out;
	for (i = 0; i < ldns_rr_list_rr_count(d->ns); i++) {
		target = ldns_rr_rdf(ldns_rr_list_rr(d->ns, i), 0);
		for (j = 0; j < n_names; j++)
			if (name_equal(names[j], target))
				break;
		if (j == n_names)
			names[n_names++] = target;
	}
	if ((b = dl_dnsq_batch_new(resolver, 1, &o)) == NULL)
		goto out;
	for (i = 0; i < n_names; i++)
		for (t = 0; t < 2; t++)
			if (dl_dnsq_batch_add(b, names[i], types[t]) < 0)
				goto out;	/* names[i] is a name: no memory */
	if ((rc = dl_dnsq_batch_run(b, err)) < 0)
		goto out;
	rc = DL_ENOMEM;
	for (i = 0; i < n_names; i++) {
		name_text(names[i], nbuf, sizeof(nbuf));
		found = 0;
		for (t = 0; t < 2; t++) {
			r = dl_dnsq_batch_result(b, 0, i * 2 + t);
			if (r->outcome != DL_DNSQ_ANSWER)
				continue;
			for (k = 0; k < ldns_rr_list_rr_count(r->answer); k++) {
				rr = ldns_rr_list_rr(r->answer, k);
				if (ldns_rr_get_type(rr) != types[t] ||
				    ldns_rr_rd_count(rr) != 1)
					continue;
				ns = realloc(d->servers, (d->n_servers + 1) *
				    sizeof(*ns));
				if (ns == NULL)
					goto out;
				d->servers = ns;
				if (dl_dnsq_server_set(&ns[d->n_servers],
				    ldns_rr_rdf(rr, 0), port, nbuf) == 0) {
					d->n_servers++;
					found++;
				}
			}
		}
		if (found == 0) {
			char **u = realloc(d->unresolved,
			    (d->n_unresolved + 1) * sizeof(*u));

			if (u == NULL)
				goto out;
			d->unresolved = u;
			if ((u[d->n_unresolved] = strdup(nbuf)) == NULL)
				goto out;
			d->n_unresolved++;
		}
	}
	rc = 0;
	*out = d;
	d = NULL;
out:
	if (rc == DL_ENOMEM)
		dl_error_set(err, NULL, 0, 0, "out of memory");
	dl_dnsq_batch_free(b);
	dl_dnsq_discovery_free(d);
	free(names);
	ldns_rdf_deep_free(zname);
	return rc;
}
