/*
 * tsigkey.h - TSIG keys (RFC 8945) read from key files in BIND's syntax,
 * and the signing and verifying of messages with them.
 *
 * Nothing here prints or exits.  A key owns its secret, which never
 * leaves tsigkey.c: callers sign and verify through the functions below.
 */
#ifndef DL_TSIGKEY_H
#define DL_TSIGKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "error.h"

/*
 * A TSIG key, opaque so that its secret stays inside; the secret is
 * wiped when the key is freed and never appears in any message.
 */
struct dl_dnsq_tsig;

/*
 * Read a key file in BIND's syntax, as written by tsig-keygen:
 *
 *	key "name" { algorithm hmac-sha256; secret "base64=="; };
 *
 * with #, // and C comments, exactly one key clause.  Algorithms:
 * hmac-md5, hmac-sha1, hmac-sha256, hmac-sha512.  Returns 0 and sets
 * *out (free with dl_dnsq_tsig_free), DL_EIO when path cannot be read,
 * DL_EINPUT with file, line and column when it is not such a file,
 * DL_ENOMEM.
 */
int	dl_dnsq_tsig_load(const char *path, struct dl_dnsq_tsig **out,
	    struct dl_error *err);

/* The same from text (len bytes; need not end in NUL); file names it in
 * errors. */
int	dl_dnsq_tsig_parse(const char *file, const char *text, size_t len,
	    struct dl_dnsq_tsig **out, struct dl_error *err);

/* The key's name, absolute ("transfer-key."), and its algorithm as
 * written in key files ("hmac-sha256"). */
const char *dl_dnsq_tsig_name(const struct dl_dnsq_tsig *key);
const char *dl_dnsq_tsig_algorithm(const struct dl_dnsq_tsig *key);

/* Wipe and free key.  NULL is fine. */
void	dl_dnsq_tsig_free(struct dl_dnsq_tsig *key);

/* The algorithm's name as ldns wants it ("hmac-sha256."); static. */
const char *dl_dnsq_tsig_ldns_algorithm(const struct dl_dnsq_tsig *key);

/*
 * Sign pkt with key (fudge 300 s, the time now): ldns_pkt_tsig_sign(),
 * which puts the TSIG record on pkt (owned by pkt).  Returns ldns's
 * status.
 */
ldns_status dl_dnsq_tsig_sign(const struct dl_dnsq_tsig *key, ldns_pkt *pkt);

/*
 * Verify the TSIG of pkt (as received: wire, len bytes) with key and
 * the prior MAC (an rdf of the MAC field, with any unsigned messages
 * since appended; not taken over): ldns_pkt_tsig_verify_next(), with
 * timers_only for the messages after a transfer's first.  Returns
 * whether it verifies.
 */
bool	dl_dnsq_tsig_verify_next(const struct dl_dnsq_tsig *key,
	    ldns_pkt *pkt, const uint8_t *wire, size_t len,
	    const ldns_rdf *prior_mac, bool timers_only);

#endif
