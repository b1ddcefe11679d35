/*
 * serve.h - internal interface of src/serve/: the request router, the form
 * parser, HTML escaping and the pieces the page and API handlers share.
 * The router and the form parser are pure functions (fuzz/fuzz_serve_*.c).
 */
#ifndef AISEC_SERVE_INTERNAL_H
#define AISEC_SERVE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/serve.h"

/* ---- router (router.c) ------------------------------------------------- */

enum serve_route_id {
	SR_NONE = 0,
	SR_ROOT,
	SR_SIGNIN_FORM,
	SR_SIGNIN,
	SR_SIGNOUT,
	SR_PORTFOLIO,
	SR_SYSTEM,
	SR_SYSTEM_REPORT,
	SR_SYSTEM_DECIDE,
	SR_SYSTEM_VERIFY,
	SR_CATALOG,
	SR_STATIC_JS,
	SR_STATIC_CSS,
	SR_API_OPENAPI,
	SR_API_SYSTEMS,
	SR_API_SYSTEM,
	SR_API_ASSESSMENTS,
	SR_API_ASSESSMENT,
	SR_API_DIFF,
	SR_API_FINDINGS,
	SR_API_DECISIONS,
	SR_API_DECIDE,
	SR_API_EVIDENCE,
	SR_API_RESULTS,
	SR_API_CATALOG,
	SR_API_WHOAMI
};

enum serve_route_flags {
	SRF_PUBLIC = 1u << 0, /* no token needed */
	SRF_WRITE =
	    1u << 1,	  /* changes state: editor or admin, CSRF for forms */
	SRF_API = 1u << 2 /* JSON API: Bearer token, JSON errors */
};

struct serve_route {
	const char *method;  /* "GET" or "POST" */
	const char *pattern; /* "/api/systems/{system}"; {system} a system name,
				{seq} a number */
	enum serve_route_id id;
	unsigned flags;
	const char *summary; /* one line, for the OpenAPI document */
};

/* The route table, terminated by an entry with a NULL pattern. */
extern const struct serve_route serve_routes[];

struct serve_match {
	const struct serve_route *route; /* NULL: no route */
	char system[65];		 /* {system}, when the pattern has it */
	int64_t seq;			 /* {seq}, when the pattern has it */
	bool method_mismatch; /* the path exists with another method */
};

/*
 * Find the route of `method` and `path` (the URL path, already
 * percent-decoded, without the query).  0 and m->route set on a match;
 * AISEC_ERR_NOTFOUND when nothing matches (m->method_mismatch tells 405
 * from 404); AISEC_ERR_INVALID for a path that is not canonical (empty or
 * dot segments, double slashes, control bytes, over 512 bytes).  A
 * {system} segment must be a valid system name, {seq} 1 to 999999999.
 */
int serve_route_find(const char *method, const char *path,
		     struct serve_match *m);

/* ---- forms (form.c) -------------------------------------------------------
 */

#define SERVE_FORM_FIELDS_MAX 64
#define SERVE_FORM_KEY_MAX 64

struct serve_form {
	size_t n;
	char *key[SERVE_FORM_FIELDS_MAX];
	char *val[SERVE_FORM_FIELDS_MAX];
	char
	    *mem; /* one copy of the body holding the decoded keys and values */
};

/*
 * Parse an application/x-www-form-urlencoded body (WHATWG URL standard:
 * '&'-separated name=value, '+' is a space, %XX escapes).  Fails with
 * AISEC_ERR_INVALID naming the field for: more than SERVE_FORM_FIELDS_MAX
 * fields, a name over SERVE_FORM_KEY_MAX bytes or empty, a name given twice,
 * a NUL or a control byte other than TAB/CR/LF, or text that is not UTF-8.
 * On success `f` owns its memory (serve_form_release); on failure it holds
 * none.
 */
int serve_form_parse(const char *body, size_t len, struct serve_form *f,
		     struct aisec_error *err);
/* The value of field `key`, or NULL. */
const char *serve_form_get(const struct serve_form *f, const char *key);
void serve_form_release(struct serve_form *f);

/* ---- HTML (html.c) ----------------------------------------------------------
 */

/* Append `s` (NULL = "") with & < > " ' escaped; 0 or an aisec_err. */
int serve_html_esc(struct aisec_buf *b, const char *s);
/* Append `s` percent-encoded for a URL query value or path segment. */
int serve_url_esc(struct aisec_buf *b, const char *s);
/* Append `s` as a JSON string (NULL: null), escaped as jansson does. */
int serve_json_str(struct aisec_buf *b, const char *s);

/* ---- listen address (listen.c) ---------------------------------------------
 */

#include <sys/socket.h>

struct serve_addr {
	struct sockaddr_storage sa;
	socklen_t len;
	bool loopback;
	unsigned port;
};

/* Parse "HOST:PORT" (HOST an IPv4 address, "[IPv6]" or "localhost"). */
int serve_listen_parse(const char *listen, struct serve_addr *a,
		       struct aisec_error *err);

#endif

/* ---- a request being answered (server.c) ----------------------------------
 */

#include "aisec/catalog.h"
#include "aisec/store.h"

struct MHD_Connection;

#define SERVE_HEX_ID                                                           \
	64 /* session ids and CSRF tokens: 32 random bytes in hex */

struct serve_ctx {
	struct aisec_serve *srv;
	struct MHD_Connection *conn;
	struct serve_match m;
	struct aisec_store *st;		 /* lent for this request */
	const struct aisec_catalog *cat; /* the embedded knowledge base */
	const char *today;		 /* NULL = today UTC */
	/* who: set by authentication */
	enum aisec_store_role role; /* 0: nobody */
	int64_t token_id;
	char csrf[SERVE_HEX_ID + 1]; /* of the session (pages) */
	const char *body;	     /* request body (NUL-terminated), or "" */
	size_t body_len;
	/* the answer */
	unsigned status;
	const char *ctype;
	const char *csp; /* NULL = the default policy */
	struct aisec_buf out;
	char location[600]; /* redirect target, or "" */
	char cookie[300];   /* Set-Cookie value, or "" */
};

/* Query-string value of the request, or NULL. */
const char *serve_query(const struct serve_ctx *c, const char *key);
/* Answer with a JSON error {"error": msg} (API) or a small HTML page. */
int serve_fail(struct serve_ctx *c, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Answer 303 See Other to `path` (a local path). */
int serve_redirect(struct serve_ctx *c, const char *path);
/* Who decided: "token #<id> (<label>)". */
void serve_who(struct serve_ctx *c, char *out, size_t n);
/* The status for a store error code (404 for NOTFOUND, 400 for INVALID/USAGE,
 * else 500). */
unsigned serve_status_of(int code);

/* ---- handlers (pages.c, catalog_page.c, api.c, assets.c) ------------------
 */

int serve_page(struct serve_ctx *c); /* every HTML route */
int serve_api(
    struct serve_ctx *c); /* every /api/ route but the OpenAPI document */
int serve_asset(struct serve_ctx *c); /* /static/ files, compiled in */
int serve_catalog_page(struct serve_ctx *c);

/* The portfolio query from the URL (pages and API); -1 and a message. */
int serve_portfolio_query(const struct serve_ctx *c,
			  struct aisec_store_query *q, char *msg, size_t n);
/*
 * Evaluate `gate` on the system's profile as of the assessment's date,
 * honouring the current decisions: 1 hit, 0 clear, negative error.
 */
int serve_gate(struct serve_ctx *c, const struct aisec_store_system *sys,
	       const char *as_of, const char *gate,
	       const struct aisec_decision *d, size_t nd, struct aisec_buf *why,
	       struct aisec_error *err);
/* The --fail-on gates the pages and API accept, NULL-terminated. */
extern const char *const serve_gates[];

/* HTML page frame: head with the style sheet and script, the navigation. */
int serve_page_begin(struct serve_ctx *c, const char *title);
int serve_page_end(struct serve_ctx *c);
