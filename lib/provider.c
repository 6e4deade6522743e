/*
 * provider.c - which DNS provider operates a nameserver.
 *
 * The built-in table matters most for providers whose nameservers span
 * several registered domains (Route 53, Azure, UltraDNS, DNSimple, ...):
 * without it the public suffix list would count ns-1.awsdns-01.org and
 * ns-2.awsdns-02.com as two providers, and ns-multi-provider would pass a
 * zone that has one.  For single-domain providers it only gives a nicer
 * name than the registered domain.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libpsl.h>

#include "provider.h"

/*
 * Well-known DNS hosting nameserver names.  Patterns are those of
 * dl_provider_match() plus one extension for this table only: "#" matches
 * a run of one or more decimal digits (and must be followed by a
 * non-digit), for the places where "*" would reach across a registered
 * domain ("ns-*.awsdns-*.com" would take ns-1.awsdns-1.example.com),
 * and "%" a run of one or more letters or digits (never a dot or a
 * hyphen), for a label part that is not only digits.
 * Patterns are written without the trailing dot.  The first match wins,
 * so a pattern must come before any broader one that also matches.
 * Only names a provider itself controls belong here: a pattern that
 * matched somebody else's host would merge two providers into one.
 */
static const struct {
	const char	*provider;
	const char	*pattern;
} builtin[] = {
	{ "Amazon Route 53",	"ns-#.awsdns-#.com" },
	{ "Amazon Route 53",	"ns-#.awsdns-#.net" },
	{ "Amazon Route 53",	"ns-#.awsdns-#.org" },
	{ "Amazon Route 53",	"ns-#.awsdns-#.co.uk" },
	/*
	 * Route 53 in the China regions (Beijing, Ningxia): awsdns-cn-NN
	 * over its own top-level domains.  Counted as Route 53, not as a
	 * provider of its own: the same service, and the count that can
	 * only make ns-multi-provider stricter.
	 */
	{ "Amazon Route 53",	"ns-#.awsdns-cn-#.com" },
	{ "Amazon Route 53",	"ns-#.awsdns-cn-#.net" },
	{ "Amazon Route 53",	"ns-#.awsdns-cn-#.biz" },
	{ "Amazon Route 53",	"ns-#.awsdns-cn-#.top" },
	{ "Amazon Route 53",	"ns-#.awsdns-cn-%.cn" },
	{ "Azure DNS",		"ns#-#.azure-dns.com" },
	{ "Azure DNS",		"ns#-#.azure-dns.net" },
	{ "Azure DNS",		"ns#-#.azure-dns.org" },
	{ "Azure DNS",		"ns#-#.azure-dns.info" },
	{ "Cloudflare",		"*.ns.cloudflare.com" },
	{ "Cloudflare",		"*.secondary.cloudflare.com" },
	/* Cloudflare's Foundation DNS nameservers. */
	{ "Cloudflare",		"*.foundationdns.com" },
	{ "Cloudflare",		"*.foundationdns.net" },
	{ "Cloudflare",		"*.foundationdns.org" },
	/*
	 * Cloud DNS name sets ns-cloud-{a..e}{1..4}, and Google Domains'
	 * ns1..ns4: googledomains.com is Google's alone.
	 */
	{ "Google Cloud DNS",	"*.googledomains.com" },
	/* Netlify DNS is served by NS1 under these same names. */
	{ "NS1",		"dns*.p*.nsone.net" },
	{ "UltraDNS",		"*.ultradns.com" },
	{ "UltraDNS",		"*.ultradns.net" },
	{ "UltraDNS",		"*.ultradns.org" },
	{ "UltraDNS",		"*.ultradns.biz" },
	{ "UltraDNS",		"*.ultradns.info" },
	{ "UltraDNS",		"*.ultradns.co.uk" },
	{ "Dyn",		"*.dynect.net" },
	{ "Oracle Cloud DNS",	"*.dns.oraclecloud.net" },
	/*
	 * Edge DNS delegations name six of aN-NN.akam.net; Akamai also
	 * serves under use/usw/asia/eurN.akam.net, ns1-N.akam.net and on
	 * akamaitech.net, akamaiedge.net and akamai.net.  Every name in
	 * these domains is Akamai's own.
	 */
	{ "Akamai Edge DNS",	"*.akam.net" },
	{ "Akamai Edge DNS",	"*.akamaitech.net" },
	{ "Akamai Edge DNS",	"*.akamaiedge.net" },
	{ "Akamai Edge DNS",	"*.akamai.net" },
	{ "DNSimple",		"ns#.dnsimple.com" },
	{ "DNSimple",		"ns#.dnsimple-edge.com" },
	{ "DNSimple",		"ns#.dnsimple-edge.net" },
	{ "DNSimple",		"ns#.dnsimple-edge.org" },
	{ "DNSimple",		"ns#.dnsimple-edge.io" },
	{ "GoDaddy",		"*.domaincontrol.com" },
	{ "DigitalOcean",	"ns#.digitalocean.com" },
	{ "Hurricane Electric",	"ns#.he.net" },
	{ "Gandi",		"*.gandi.net" },
	{ "OVHcloud",		"*.ovh.net" },
	{ "Hetzner",		"*.ns.hetzner.com" },
	{ "Hetzner",		"*.ns.hetzner.de" },
	{ "Hetzner",		"*.first-ns.de" },
	{ "Hetzner",		"*.second-ns.de" },
	{ "Hetzner",		"*.second-ns.com" },
	/* konsoleH's first nameserver; not all of your-server.de, whose
	   hosts Hetzner names for its customers' servers. */
	{ "Hetzner",		"ns#.your-server.de" },
	{ "Gcore",		"*.gcorelabs.net" },
	{ "Gcore",		"*.gcdn.services" },
	{ "Huawei Cloud DNS",	"*.huaweicloud-dns.com" },
	{ "Huawei Cloud DNS",	"*.huaweicloud-dns.cn" },
	{ "Huawei Cloud DNS",	"*.huaweicloud-dns.net" },
	{ "Huawei Cloud DNS",	"*.huaweicloud-dns.org" },
	{ "Linode",		"ns#.linode.com" },
	{ "Namecheap",		"*.registrar-servers.com" },
	{ "deSEC",		"ns#.desec.io" },
	{ "deSEC",		"ns#.desec.org" },
	{ "Rackspace",		"dns#.stabletransit.com" },
	{ "Vercel",		"ns#.vercel-dns.com" },
	{ "Alibaba Cloud DNS",	"*.alidns.com" },
	{ "Alibaba Cloud DNS",	"*.hichina.com" },
	{ "DNSPod",		"*.dnspod.net" },
	{ "Constellix",		"ns#.constellix.com" },
	{ "Constellix",		"ns#.constellix.net" },
	{ "DNS Made Easy",	"ns#.dnsmadeeasy.com" },
	{ "easyDNS",		"*.easydns.com" },
	{ "easyDNS",		"*.easydns.net" },
	{ "easyDNS",		"*.easydns.org" },
	{ "easyDNS",		"*.easydns.info" },
	/* Not cloudns.org, .info, ...: those are customers' names (PSL). */
	{ "ClouDNS",		"*.cloudns.net" },
	{ "Porkbun",		"*.ns.porkbun.com" },
	{ "Name.com",		"ns*.name.com" },
	{ "Bunny DNS",		"*.bunny.net" },
	{ "IONOS",		"*.ui-dns.com" },
	{ "IONOS",		"*.ui-dns.de" },
	{ "IONOS",		"*.ui-dns.org" },
	{ "IONOS",		"*.ui-dns.biz" },
	{ "Network Solutions",	"*.worldnic.com" },
	{ "Wix",		"*.wixdns.net" },
	{ "NameSilo",		"*.dnsowl.com" },
	{ "Hostinger",		"*.dns-parking.com" },
};

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(char c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z');
}

/* The length of s without one trailing dot. */
static size_t
len_nodot(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] == '.' ? n - 1 : n;
}

/*
 * Glob match of name (nlen bytes) against pattern (plen bytes),
 * case-insensitive; "#" is a digit run and "%" a run of letters and
 * digits when digits is set.  Iterative
 * with one backtracking point, the last "*", so a configured pattern full
 * of stars costs O(plen x nlen), never exponential time.
 */
static int
glob(const char *pat, size_t plen, const char *name, size_t nlen,
    int digits)
{
	size_t p = 0, s = 0, star_p = SIZE_MAX, star_s = 0;

	while (s < nlen) {
		if (p < plen && pat[p] == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (p < plen && digits && pat[p] == '#') {
			if (is_digit(name[s])) {
				while (s < nlen && is_digit(name[s]))
					s++;
				p++;
				continue;
			}
		} else if (p < plen && digits && pat[p] == '%') {
			if (is_alnum(name[s])) {
				while (s < nlen && is_alnum(name[s]))
					s++;
				p++;
				continue;
			}
		} else if (p < plen && lower(pat[p]) == lower(name[s])) {
			p++;
			s++;
			continue;
		}
		if (star_p == SIZE_MAX)
			return 0;
		p = star_p;
		s = ++star_s;
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}

int
dl_provider_match(const char *pattern, const char *name)
{
	if (pattern == NULL || name == NULL)
		return 0;
	return glob(pattern, len_nodot(pattern), name, len_nodot(name), 0);
}

/*
 * The public suffix list, loaded on the first call.  psl_builtin() is the
 * list compiled into libpsl (on Debian, from the publicsuffix package at
 * build time): static data, no file to read, the same answer offline and
 * on every run.  Only a libpsl built without it makes us read the newest
 * list installed (psl_latest(), /usr/share/publicsuffix on Debian); that
 * context lives until exit.  Not thread-safe on the first call.
 */
static const psl_ctx_t *
psl(void)
{
	static const psl_ctx_t *ctx;
	static int tried;

	if (!tried) {
		tried = 1;
		if ((ctx = psl_builtin()) == NULL)
			ctx = psl_latest(NULL);
	}
	return ctx;
}

/* An address rather than a name: IPv6, or a last label of digits only. */
static int
is_address(const char *s)
{
	const char *last;

	if (strchr(s, ':') != NULL)
		return 1;
	last = strrchr(s, '.');
	last = last == NULL ? s : last + 1;
	if (*last == '\0')
		return 0;
	for (; *last != '\0'; last++)
		if (!is_digit(*last))
			return 0;
	return 1;
}

/*
 * Without a public suffix list, the last two labels: right for most
 * names, and it never splits one provider's names apart the way taking
 * the whole name would.
 */
static const char *
last_two_labels(const char *s)
{
	const char *p = s + strlen(s);
	int dots = 0;

	while (p > s) {
		if (p[-1] == '.' && ++dots == 2)
			return p;
		p--;
	}
	return s;
}

/*
 * The registrable domain by the ICANN section of the list only.  The
 * private section names services whose customers share a suffix
 * (cloudns.org, ...): splitting those names apart would count one service
 * as several providers and pass ns-multi-provider falsely.  NULL when name
 * is itself a public suffix.
 */
static const char *
registrable_icann(const psl_ctx_t *ctx, const char *name)
{
	const char *prev = NULL, *p = name;

	for (;;) {
		if (psl_is_public_suffix2(ctx, p, PSL_TYPE_ICANN))
			return prev;
		prev = p;
		if ((p = strchr(p, '.')) == NULL)
			return NULL;
		p++;
	}
}

static void
put(char *out, size_t n, const char *s)
{
	if (out != NULL && n > 0)
		snprintf(out, n, "%s", s);
}

enum dl_provider_source
dl_provider_identify(const struct dl_config *cfg, const char *name,
    char *out, size_t n)
{
	char buf[1024];
	const char *dom;
	const psl_ctx_t *ctx;
	size_t i, j, len;

	if (name == NULL)
		name = "";
	len = len_nodot(name);
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (glob(builtin[i].pattern, strlen(builtin[i].pattern),
		    name, len, 1)) {
			put(out, n, builtin[i].provider);
			return DL_PROVIDER_BUILTIN;
		}
	for (i = 0; cfg != NULL && i < cfg->n_providers; i++) {
		const struct dl_provider_def *def = &cfg->providers[i];

		for (j = 0; j < def->n_match; j++)
			if (dl_provider_match(def->match[j], name)) {
				put(out, n, def->name != NULL ? def->name : "");
				return DL_PROVIDER_CONFIG;
			}
	}

	/* Longer than any DNS name, even with every byte escaped: as is. */
	if (len >= sizeof(buf)) {
		put(out, n, name);
		return DL_PROVIDER_DOMAIN;
	}
	for (i = 0; i < len; i++)
		buf[i] = lower(name[i]);
	buf[len] = '\0';
	if (is_address(buf))
		dom = buf;
	else if ((ctx = psl()) != NULL)
		dom = registrable_icann(ctx, buf);
	else
		dom = last_two_labels(buf);
	/* A public suffix itself ("co.uk") has no registrable domain. */
	put(out, n, dom != NULL ? dom : buf);
	return DL_PROVIDER_DOMAIN;
}
