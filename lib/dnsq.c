/*
 * dnsq.c - the query engine: servers, batches of questions over UDP and
 * TCP, the checks of every reply.
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

#define CNAME_MAX_HOPS		8

/* ---------------------------------------------------------------------
 * Small helpers
 */

uint64_t
dl_dnsq_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int
dl_dnsq_random(void *buf, size_t n)
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

const char *
dl_dnsq_rcode_name(unsigned rcode)
{
	ldns_lookup_table *lt = ldns_lookup_by_id(ldns_rcodes, (int)rcode);

	return lt != NULL && lt->name != NULL ? lt->name : "unknown rcode";
}

bool
dl_dnsq_name_equal(const ldns_rdf *a, const ldns_rdf *b)
{
	return ldns_dname_compare(a, b) == 0;
}

/* name is parent or below it */
bool
dl_dnsq_name_in(const ldns_rdf *name, const ldns_rdf *parent)
{
	return dl_dnsq_name_equal(name, parent) ||
	    ldns_dname_is_subdomain(name, parent);
}

char *
dl_dnsq_name_text(const ldns_rdf *name, char *buf, size_t n)
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
ldns_status
dl_dnsq_wire2pkt(ldns_pkt **out, const uint8_t *wire, size_t len)
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
	if (b->opts.timeout_ms > DL_DNSQ_TIMEOUT_MAX_MS)
		b->opts.timeout_ms = DL_DNSQ_TIMEOUT_MAX_MS;
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
		if (dl_dnsq_random(b->ids, sizeof(b->ids)) != 0)
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
	q->sent = dl_dnsq_now_us();
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
		    dl_dnsq_name_equal(ldns_rr_owner(rr), name)) {
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
		    dl_dnsq_name_equal(ldns_rr_owner(rr), name))
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
		    dl_dnsq_name_in(name, ldns_rr_owner(rr)))
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
	uint64_t now = dl_dnsq_now_us();

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
			if (dl_dnsq_name_equal(ldns_rr_owner(ldns_rr_list_rr(an, i)),
			    name))
				return true;
		return false;
	}
	ns = ldns_pkt_authority(pkt);
	for (i = 0; i < ldns_rr_list_rr_count(ns); i++) {
		rr = ldns_rr_list_rr(ns, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA)
			continue;
		if (dl_dnsq_name_in(name, ldns_rr_owner(rr)))
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
	if (dl_dnsq_wire2pkt(&pkt, wire, len) != LDNS_STATUS_OK)
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
	    !dl_dnsq_name_equal(ldns_rr_owner(qr), qu->name)) {
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
	q->sent = dl_dnsq_now_us();
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
		if (dl_dnsq_now_us() >= q->deadline)
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
		if (dl_dnsq_now_us() >= q->deadline)
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
	t0 = dl_dnsq_now_us();
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
		now = dl_dnsq_now_us();
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
		now = dl_dnsq_now_us();
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
	b->stats.wall = (double)(dl_dnsq_now_us() - t0) / 1e6;
	return rc < 0 ? rc : 0;
}
