/*
 * axfr.c - zone transfers over TCP (RFC 5936), their TSIG signatures
 * checked message by message (RFC 8945 5.3.1).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "axfr.h"

#define AXFR_MAX_UNSIGNED	99	/* RFC 8945 5.3.1 */
#define AXFR_DEFAULT_LIMIT_MS	600000u
#define AXFR_MAX_RECORDS	5000000u	/* about 1 GB of memory */

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
		now = dl_dnsq_now_us();
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
	if (dl_dnsq_now_us() >= a->limit)
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

	if (dl_dnsq_wire2pkt(&pkt, wire, len) == LDNS_STATUS_OK) {
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
		    "'%s' is not served there", a->srv->text, dl_dnsq_tsig_name(a->key),
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
		    dl_dnsq_rcode_name(rcode));
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
	algo = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_DNAME,
	    dl_dnsq_tsig_ldns_algorithm(a->key));
	kname = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_DNAME,
	    dl_dnsq_tsig_name(a->key));
	ok = algo != NULL && kname != NULL &&
	    dl_dnsq_name_equal(ldns_rr_rdf(t, 0), algo) &&
	    dl_dnsq_name_equal(ldns_rr_owner(t), kname);
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
	ok = dl_dnsq_tsig_verify_next(a->key, pkt, wire, len, mac, !first);
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
			    !dl_dnsq_name_equal(ldns_rr_owner(rr), zone) ||
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
			if (!dl_dnsq_name_equal(ldns_rr_owner(rr), zone) ||
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
		if (!dl_dnsq_name_in(ldns_rr_owner(rr), zone)) {
			snprintf(what, sizeof(what), "it holds '%s', outside "
			    "the zone", dl_dnsq_name_text(ldns_rr_owner(rr), buf,
			    sizeof(buf)));
			return axfr_fail(a, what);
		}
		if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) {
			snprintf(what, sizeof(what), "it holds a record of "
			    "another class than IN at '%s'", dl_dnsq_name_text(
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
	if (a->timeout_ms > DL_DNSQ_TIMEOUT_MAX_MS)
		a->timeout_ms = DL_DNSQ_TIMEOUT_MAX_MS;
	a->limit_ms = limit_ms > 0 ? limit_ms : AXFR_DEFAULT_LIMIT_MS;
	a->t0 = dl_dnsq_now_us();
	a->limit = a->t0 + (uint64_t)a->limit_ms * 1000u;
	if (zone == NULL || strlen(zone) > LDNS_MAX_DOMAINLEN ||
	    (a->zname = ldns_dname_new_frm_str(zone)) == NULL) {
		dl_error_set(err, NULL, 0, 0, "'%s' is not a domain name",
		    zone != NULL ? zone : "");
		return DL_EINPUT;
	}
	a->zone = dl_dnsq_name_text(a->zname, zbuf, zlen);
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
		if (dl_dnsq_now_us() >= a->limit) {
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
		if (dl_dnsq_wire2pkt(&a->pkt, a->msg, mlen) != LDNS_STATUS_OK) {
			a->pkt = NULL;
			return axfr_fail(a, "a malformed message");
		}
		qs = ldns_pkt_question(a->pkt);
		if (ldns_rr_list_rr_count(qs) > 1 ||
		    (ldns_rr_list_rr_count(qs) == 1 &&
		    ((qr = ldns_rr_list_rr(qs, 0)) == NULL ||
		    ldns_rr_get_type(qr) != LDNS_RR_TYPE_AXFR ||
		    ldns_rr_get_class(qr) != LDNS_RR_CLASS_IN ||
		    !dl_dnsq_name_equal(ldns_rr_owner(qr), a->zname))))
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
	a->inf.wall = (double)(dl_dnsq_now_us() - a->t0) / 1e6;
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
	if (dl_dnsq_random(&a.id, sizeof(a.id)) != 0) {
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
		if (dl_dnsq_tsig_sign(key, req) != LDNS_STATUS_OK ||
		    ldns_pkt_tsig(req) == NULL) {
			dl_error_set(err, NULL, 0, 0, "cannot sign with TSIG "
			    "key '%s' (%s)", dl_dnsq_tsig_name(key),
			    dl_dnsq_tsig_algorithm(key));
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
