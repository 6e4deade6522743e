/*
 * discover.c - a zone's nameservers and their addresses, asked of a
 * recursive resolver in one batch of the query engine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"

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
			    !dl_dnsq_name_equal(ldns_rr_owner(rr), zname))
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
		    dl_dnsq_rcode_name(r->rcode) : dl_dnsq_outcome_name(r->outcome));
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
	dl_dnsq_name_text(zname, zbuf, sizeof(zbuf));
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
			if (dl_dnsq_name_equal(names[j], target))
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
		dl_dnsq_name_text(names[i], nbuf, sizeof(nbuf));
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
