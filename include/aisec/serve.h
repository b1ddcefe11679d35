/*
 * serve.h - `aisec serve`: the dashboard and JSON REST API of a workspace
 * (include/aisec/store.h) over HTTP, with libmicrohttpd.  docs/serve.md.
 *
 * Security model: every page and API call but the sign-in page, the static
 * files and the OpenAPI document needs a workspace token (Bearer header for
 * /api/, a session cookie set by the sign-in form for pages); the auditor
 * role reads and never writes; every state-changing form carries a CSRF
 * token; responses carry a strict Content-Security-Policy; request bodies,
 * headers and idle time are bounded; no URL reaches the file system (the
 * static files are compiled in).  The default bind is loopback only: a
 * non-loopback address needs allow_remote and TLS.
 */
#ifndef AISEC_SERVE_H
#define AISEC_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

struct aisec_serve;

struct aisec_serve_options {
	const char *workspace; /* store location (SQLite path or postgresql://
				  URL); required */
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080", port 0 = any free
			       port; NULL = "127.0.0.1:8080" */
	bool
	    allow_remote; /* accept a non-loopback listen address (needs TLS) */
	const char *tls_cert; /* PEM certificate chain file, or NULL */
	const char
	    *tls_key;	  /* PEM private key file, or NULL (both or neither) */
	unsigned threads; /* worker threads; 0 = 2 */
	unsigned timeout_s; /* idle connection timeout; 0 = 10 s */
	size_t max_body;    /* largest request body; 0 = 64 KiB */
	const char *today; /* "YYYY-MM-DD" for token and decision expiry; NULL =
			      today UTC */
};

/*
 * Open the workspace (one store handle per worker thread), bind and start
 * serving in background threads.  Errors: a bad listen address or a
 * refused one (AISEC_ERR_USAGE: "listen '0.0.0.0:80': not a loopback
 * address (--allow-remote with --tls-cert and --tls-key)"), unreadable
 * certificate or key (AISEC_ERR_IO), a workspace that does not open, a
 * port in use (AISEC_ERR_IO).  On success *out owns the server.
 */
AISEC_API int aisec_serve_start(const struct aisec_serve_options *opt,
				struct aisec_serve **out,
				struct aisec_error *err);

/* The TCP port the server listens on (useful with port 0). */
AISEC_API unsigned aisec_serve_port(const struct aisec_serve *s);

/* "http" or "https". */
AISEC_API const char *aisec_serve_scheme(const struct aisec_serve *s);

/* Stop serving, wait for the threads, close the workspace; NULL is a no-op. */
AISEC_API void aisec_serve_stop(struct aisec_serve *s);

/*
 * The OpenAPI 3.1 document of the API (the one served at /api/openapi.json),
 * as a NUL-terminated JSON text owned by the caller (free()), or NULL on no
 * memory.
 */
AISEC_API char *aisec_serve_openapi(void);

#ifdef __cplusplus
}
#endif
#endif
