/*
 * listen.c - the --listen address: "127.0.0.1:8080", "[::1]:8080" or
 * "localhost:8080", numeric only (no name lookup), and whether it is a
 * loopback address (127.0.0.0/8, ::1), the only kind bound by default.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "serve/serve.h"

int serve_listen_parse(const char *listen, struct serve_addr *a,
		       struct aisec_error *err)
{
	char host[64];
	const char *colon, *port;
	unsigned long p = 0;

	memset(a, 0, sizeof(*a));
	if (!listen || !*listen)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "listen address is empty");
	colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host) ||
	    colon == listen)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "listen '%s': expected HOST:PORT "
				       "(127.0.0.1:8080, [::1]:8080)",
				       listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = colon + 1;
	if (!*port || strlen(port) > 5)
		goto bad_port;
	for (const char *q = port; *q; q++) {
		if (*q < '0' || *q > '9')
			goto bad_port;
		p = p * 10 + (unsigned long)(*q - '0');
	}
	if (p > 65535)
		goto bad_port;
	a->port = (unsigned)p;
	if (strcmp(host, "localhost") == 0)
		memcpy(host, "127.0.0.1", sizeof("127.0.0.1"));
	if (host[0] == '[') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a->sa;
		size_t hl = strlen(host);

		if (hl < 3 || host[hl - 1] != ']')
			goto bad_host;
		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			goto bad_host;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)p);
		a->len = sizeof(*s6);
		a->loopback = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&a->sa;

		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			goto bad_host;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)p);
		a->len = sizeof(*s4);
		a->loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
	}
	return 0;
bad_port:
	return aisec_error_set(err, AISEC_ERR_USAGE,
			       "listen '%s': port must be 0 to 65535", listen);
bad_host:
	return aisec_error_set(
	    err, AISEC_ERR_USAGE,
	    "listen '%s': host must be an IPv4 address, [IPv6] or localhost",
	    listen);
}
