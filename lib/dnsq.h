/*
 * dnsq.h - live loading's query engine: questions to authoritative
 * servers and to resolvers, in batches over UDP and TCP, and the checks
 * of every reply.  Zone transfers are axfr.h's, TSIG key files
 * tsigkey.h's, finding a zone's servers discover.h's; the helpers at the
 * end of this header are shared with them.
 *
 * A batch sends every question to every server at once over its own
 * non-blocking UDP sockets (one connected socket per query in flight, so
 * each query has its own random source port and a random id), retries
 * what times out, and re-asks over TCP what comes back truncated.  A
 * server that has not given one valid reply by the time its first query
 * times out is given up as a whole: a dead server costs one timeout per
 * batch, not one per question.  (Not in batches of one question, nor when
 * asking a recursive resolver: there a lost packet gets its retries.)
 *
 * Replies are untrusted.  One is accepted only when its id, QR bit,
 * opcode and question (name case-insensitively, type, class IN) match the
 * query; anything else is ignored and counted, and the query keeps waiting
 * for the right reply until its timeout.  So is a reply about other names
 * (an answer section without a record at the question's name, a negative
 * answer with another zone's SOA), counted as malformed: a server that
 * answers with another zone's data never makes an RRset look empty.  A
 * message with more than one TSIG record is malformed too (RFC 8945 allows
 * one; ldns would lose the memory of the others).
 * Records come back exactly as received: an authoritative server's TTL is
 * the zone file's.
 *
 * Nothing here prints, exits or looks at the command line.  Errors are
 * returned as the negative codes of error.h with a struct dl_error; the
 * outcome of one question at one server is a result, not an error.
 */
#ifndef DL_DNSQ_H
#define DL_DNSQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "error.h"

/* Buffer size for a server's text form, NUL included. */
#define DL_DNSQ_SERVER_LEN	80

/* A server: an address and port, and where it came from. */
struct dl_dnsq_server {
	struct sockaddr_storage	addr;		/* IPv4 or IPv6, with the port */
	socklen_t		addrlen;
	/* "192.0.2.1", "127.0.0.1@5353", "::1@5353": "@port" only when
	 * the port is not 53 */
	char			text[DL_DNSQ_SERVER_LEN];
	/* the NS host name it was found under ("ns1.example.net."), or "" */
	char			label[LDNS_MAX_DOMAINLEN + 2];
};

/*
 * Parse "ADDR" or "ADDR@PORT" (BIND and dig style): an IPv4 or IPv6
 * literal ("127.0.0.1", "::1", "fe80::1%eth0") and a port from 1 to 65535,
 * 53 when not given.  No host names, no "ADDR:PORT" or "[v6]:port".
 * Fills *out (label "").  Returns 0, or DL_EINPUT with a message that
 * quotes text, e.g. "'127.0.0.1:5353' is not an address: write the port
 * as '127.0.0.1@5353'".  err has no file, line or column.
 */
int	dl_dnsq_server_parse(const char *text, struct dl_dnsq_server *out,
	    struct dl_error *err);

/*
 * Fill *out from the RDATA of an A or AAAA record (an ldns rdf of type
 * LDNS_RDF_TYPE_A or _AAAA, not taken over) and a port; label may be NULL.
 * Returns 0, or DL_EINPUT when addr is neither.
 */
int	dl_dnsq_server_set(struct dl_dnsq_server *out, const ldns_rdf *addr,
	    uint16_t port, const char *label);

/*
 * The first usable "nameserver" of a resolv.conf(5) file (path NULL:
 * /etc/resolv.conf), port 53: discovery's default resolver.  Only call
 * this when the user asked for the system's resolver.  Returns 0,
 * DL_EIO when the file cannot be read, DL_EUNAVAIL when it names no
 * usable nameserver.
 */
int	dl_dnsq_server_resolv_conf(const char *path,
	    struct dl_dnsq_server *out, struct dl_error *err);

/* How a batch asks.  Set with dl_dnsq_options_init, then change fields. */
struct dl_dnsq_options {
	unsigned	timeout_ms;	/* one try, UDP or TCP; default (and
					 * for 0) 3000, at most 3600000 */
	unsigned	retries;	/* tries after the first; default 2 */
	unsigned	max_inflight;	/* queries in flight in all; default 256 */
	unsigned	max_inflight_server; /* per server; default 32 */
	uint16_t	edns_size;	/* EDNS0 UDP size offered; default 1232,
					 * 0 for no EDNS */
	/*
	 * false (default): ask authoritative servers, RD=0, and report an
	 * answer without the AA flag as DL_DNSQ_NOT_AUTH.  true: ask a
	 * recursive resolver, RD=1, accept answers without AA and follow
	 * CNAME chains in the answer section.  Used by discovery only.
	 */
	bool		recursive;
};

/* Fill *opts with the defaults above. */
void	dl_dnsq_options_init(struct dl_dnsq_options *opts);

/* What one question at one server came to. */
enum dl_dnsq_outcome {
	DL_DNSQ_PENDING = 0,	/* not asked yet: the batch has not run */
	DL_DNSQ_ANSWER,		/* NOERROR, AA, the records asked for (or a
				 * CNAME at the name) */
	DL_DNSQ_NODATA,		/* NOERROR, AA, no records of the type: a
				 * valid negative answer */
	DL_DNSQ_NXDOMAIN,	/* NXDOMAIN, AA: a valid negative answer */
	DL_DNSQ_NOT_AUTH,	/* NOERROR or NXDOMAIN without AA: a referral
				 * or cached data, not the zone's word */
	DL_DNSQ_SERVFAIL,
	DL_DNSQ_REFUSED,	/* typically: the server does not serve the zone */
	DL_DNSQ_RCODE,		/* another error rcode (FORMERR, NOTIMP,
				 * NOTAUTH, ...): see rcode */
	DL_DNSQ_TRUNCATED,	/* truncated over UDP and the TCP retry failed */
	DL_DNSQ_TIMEOUT,	/* no valid reply in time, or given up with its
				 * unreachable server */
	DL_DNSQ_NETERR,		/* a socket error (see error), e.g. the port
				 * is closed: "connection refused" */
	DL_DNSQ_MALFORMED,	/* the only replies with the right id could not
				 * be parsed */
};

/* "answer", "nodata", "nxdomain", "not-authoritative", "servfail",
 * "refused", "rcode", "truncated", "timeout", "network-error",
 * "malformed", "pending". */
const char *dl_dnsq_outcome_name(enum dl_dnsq_outcome o);

/*
 * The result for one (server, question).  Everything it points to belongs
 * to the batch and lives until dl_dnsq_batch_free: clone what you keep
 * (ldns_rr_clone, ldns_rr_list_clone, ldns_pkt_clone).
 */
struct dl_dnsq_result {
	enum dl_dnsq_outcome	 outcome;
	/* the accepted reply; for DL_DNSQ_TRUNCATED the truncated UDP one;
	 * NULL when none was accepted */
	ldns_pkt		*pkt;
	ldns_pkt_rcode		 rcode;		/* of pkt (0 without pkt) */
	bool			 aa;		/* pkt's AA flag */
	bool			 tcp;		/* pkt came over TCP */
	/*
	 * The records at the question's name of the question's type, in
	 * the order of pkt's answer section, TTLs as received; when the
	 * name is an alias and the type is not CNAME, its CNAME record
	 * (recursive mode: the records at the end of the CNAME chain).
	 * Set for DL_DNSQ_ANSWER and DL_DNSQ_NOT_AUTH, else NULL.  The list
	 * and its records are borrowed from pkt: never free them.
	 */
	ldns_rr_list		*answer;
	/* DL_DNSQ_NODATA, DL_DNSQ_NXDOMAIN: the SOA of pkt's authority
	 * section (owner the name or an ancestor), borrowed; or NULL */
	ldns_rr			*soa;
	unsigned		 tries;		/* UDP sends of this query */
	unsigned		 rtt_ms;	/* last send to accepted reply */
	unsigned		 ignored;	/* replies ignored for it */
	int			 error;		/* errno for DL_DNSQ_NETERR and
						 * DL_DNSQ_TRUNCATED, else 0 */
};

/* Counters of one batch run. */
struct dl_dnsq_stats {
	unsigned	udp_sent;	/* UDP queries sent, retries included */
	unsigned	tcp_sent;	/* queries sent over TCP */
	unsigned	replies;	/* replies accepted */
	unsigned	ignored;	/* replies ignored: wrong id, flags or
					 * question, or unparseable */
	unsigned	timeouts;	/* tries that timed out */
	unsigned	unreachable;	/* servers given up */
	double		wall;		/* seconds dl_dnsq_batch_run took */
};

struct dl_dnsq_batch;

/*
 * A new batch asking n servers (copied; n may be 0) with opts (copied;
 * NULL: the defaults).  Returns NULL when out of memory.
 */
struct dl_dnsq_batch *dl_dnsq_batch_new(const struct dl_dnsq_server *servers,
	    size_t n, const struct dl_dnsq_options *opts);

/*
 * Add the question (name, type, class IN) for every server.  name is a
 * domain name rdf, copied.  Returns the question's index (0, 1, ...), or
 * DL_EINPUT when name is not a domain name or the batch has run, or
 * DL_ENOMEM.
 */
int	dl_dnsq_batch_add(struct dl_dnsq_batch *b, const ldns_rdf *name,
	    ldns_rr_type type);

/*
 * Ask every question at every server and wait until each has a result.
 * Runs once per batch.  Returns 0 when every (server, question) has an
 * outcome, whatever it is; DL_ENOMEM, or DL_EIO when poll(2) itself
 * fails (err says why; unfinished queries are then DL_DNSQ_NETERR).
 */
int	dl_dnsq_batch_run(struct dl_dnsq_batch *b, struct dl_error *err);

size_t	dl_dnsq_batch_servers(const struct dl_dnsq_batch *b);
size_t	dl_dnsq_batch_questions(const struct dl_dnsq_batch *b);

/* The i-th server, as given to dl_dnsq_batch_new. */
const struct dl_dnsq_server *dl_dnsq_batch_server(const struct dl_dnsq_batch *b,
	    size_t i);

/* The result of question q at server s (both in range), owned by b. */
const struct dl_dnsq_result *dl_dnsq_batch_result(const struct dl_dnsq_batch *b,
	    size_t s, size_t q);

/*
 * Whether server s was given up: no valid reply before its first query
 * timed out or failed.  Its results are then all DL_DNSQ_TIMEOUT, or all
 * DL_DNSQ_NETERR when a socket error gave it up, questions never sent
 * included; DL_DNSQ_MALFORMED for those that drew only unparseable
 * replies.
 */
bool	dl_dnsq_batch_unreachable(const struct dl_dnsq_batch *b, size_t s);

const struct dl_dnsq_stats *dl_dnsq_batch_stats(const struct dl_dnsq_batch *b);

/* Free b, its results and their packets.  NULL is fine. */
void	dl_dnsq_batch_free(struct dl_dnsq_batch *b);

/*
 * The reply check of a batch, without the network, for tests and fuzzing:
 * how a batch would take reply (rlen bytes, wire form, as received over
 * UDP) to query (qlen bytes, the wire form a batch sends: its id, one
 * question; the RD bit selects the recursive mode of
 * struct dl_dnsq_options).  Sets *outcome to DL_DNSQ_PENDING when the
 * reply is ignored (wrong id, flags or question: the batch keeps
 * waiting), DL_DNSQ_MALFORMED when it has the query's id but is not a
 * usable reply, DL_DNSQ_TRUNCATED when it is accepted with TC set (the
 * batch asks again over TCP), else the outcome the result would have
 * (an EDNS FORMERR retry is not made: that reply gives DL_DNSQ_RCODE).
 * *n_answer (n_answer may be NULL) is the number of records the result's
 * answer would hold.  Nothing is kept.  Returns 0, DL_EINPUT when query
 * is not a query with one question, or DL_ENOMEM.
 */
int	dl_dnsq_check_reply(const uint8_t *query, size_t qlen,
	    const uint8_t *reply, size_t rlen, enum dl_dnsq_outcome *outcome,
	    size_t *n_answer);

/*
 * Helpers for the modules that speak DNS with this one (axfr.c,
 * discover.c).
 */

/* CLOCK_MONOTONIC in microseconds. */
uint64_t	dl_dnsq_now_us(void);

/* Fill buf with n random bytes (getrandom(2), else /dev/urandom).
 * Returns 0, or -1 when there are none. */
int	dl_dnsq_random(void *buf, size_t n);

/* An rcode's name ("NOTAUTH"), or "unknown rcode"; static. */
const char *dl_dnsq_rcode_name(unsigned rcode);

/* Whether two domain names are equal, case-insensitively. */
bool	dl_dnsq_name_equal(const ldns_rdf *a, const ldns_rdf *b);

/* Whether name is parent or below it. */
bool	dl_dnsq_name_in(const ldns_rdf *name, const ldns_rdf *parent);

/* name as text into buf (n bytes, truncated), "?" when out of memory;
 * returns buf. */
char	*dl_dnsq_name_text(const ldns_rdf *name, char *buf, size_t n);

/*
 * ldns_wire2pkt() for what a server sent (len bytes of wire), refusing
 * a message with more than one TSIG record.  *out as ldns_wire2pkt()
 * sets it: free with ldns_pkt_free.
 */
ldns_status dl_dnsq_wire2pkt(ldns_pkt **out, const uint8_t *wire,
	    size_t len);

/* The longest try a batch or a transfer waits, in ms (poll(2)'s int). */
#define DL_DNSQ_TIMEOUT_MAX_MS	3600000u

#endif
