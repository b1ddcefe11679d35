/*
 * server.c - the HTTP side of `aisec serve` on libmicrohttpd: the daemon
 * (bind, TLS, thread pool, connection and memory limits), request bodies
 * (bounded), authentication (Bearer tokens for the API, a session cookie set
 * by the sign-in form for pages), roles, CSRF checks, the security headers
 * of every response, and dispatch to pages.c, api.c and assets.c.
 *
 * Design notes.  One store handle per worker thread, kept in a pool and lent
 * to one request at a time.  Sessions live in memory only: a random 32-byte
 * id (the cookie) maps to the token secret it was opened with, its role and
 * a random CSRF token; the secret is verified against the workspace again on
 * every request, so a revoked or expired token ends its sessions at once.
 * Sessions end after SESSION_TTL or when the table is full (oldest first),
 * and with the process.  Nothing here touches the file system after start:
 * the static files are compiled in.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/core.h"
#include "serve/serve.h"

#define SESSIONS_MAX 512
#define SESSION_TTL (8 * 3600)
#define DEFAULT_LISTEN "127.0.0.1:8080"
#define DEFAULT_THREADS 2
#define DEFAULT_TIMEOUT 10
#define DEFAULT_MAX_BODY ((size_t)64 << 10)
#define THREADS_MAX 64
#define TLS_FILE_MAX ((size_t)1 << 20)

/* The default policy: scripts and styles only from this server, no framing. */
#define CSP_DEFAULT                                                            \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src "    \
	"'self' data:; "                                                       \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

struct session {
	bool used;
	time_t expires;
	unsigned char id[32];
	char csrf[SERVE_HEX_ID + 1];
	char secret[AISEC_STORE_TOKEN_LEN + 1];
};

struct aisec_serve {
	struct MHD_Daemon *d;
	struct serve_addr addr;
	bool tls;
	size_t max_body;
	char today[11];
	bool has_today;
	struct aisec_catalog *cat;
	/* the store pool */
	pthread_mutex_t pool_mu;
	pthread_cond_t pool_cv;
	struct aisec_store *pool[THREADS_MAX];
	bool lent[THREADS_MAX];
	unsigned npool;
	/* sessions */
	pthread_mutex_t sess_mu;
	struct session sess[SESSIONS_MAX];
	char *tls_cert, *tls_key;
};

struct request {
	struct aisec_buf body;
	bool too_big;
	bool seen;
};

/* ---- helpers for handlers -------------------------------------------------
 */

const char *serve_query(const struct serve_ctx *c, const char *key)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, key);
}

unsigned serve_status_of(int code)
{
	switch (code) {
	case AISEC_ERR_NOTFOUND:
		return MHD_HTTP_NOT_FOUND;
	case AISEC_ERR_INVALID:
	case AISEC_ERR_USAGE:
	case AISEC_ERR_PARSE:
		return MHD_HTTP_BAD_REQUEST;
	case AISEC_ERR_LIMIT:
		return MHD_HTTP_CONTENT_TOO_LARGE;
	default:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
}

int serve_fail(struct serve_ctx *c, unsigned status, const char *fmt, ...)
{
	char msg[AISEC_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	aisec_buf_reset(&c->out);
	c->status = status;
	if (c->m.route && (c->m.route->flags & SRF_API)) {
		json_t *o = json_pack("{s:s}", "error", msg);
		char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

		json_decref(o);
		c->ctype = "application/json";
		if (!s)
			return AISEC_ERR_NOMEM;
		aisec_buf_adds(&c->out, s);
		free(s);
		return aisec_buf_addch(&c->out, '\n');
	}
	c->ctype = "text/html; charset=utf-8";
	aisec_buf_addf(
	    &c->out,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>%u</title><link rel=\"stylesheet\" "
	    "href=\"/static/serve.css\"></head>"
	    "<body><main><h1>%u</h1><p class=\"error\">",
	    status, status);
	serve_html_esc(&c->out, msg);
	return aisec_buf_adds(
	    &c->out, "</p><p><a href=\"/portfolio\">portfolio</a></p></main>"
		     "</body></html>\n");
}

int serve_redirect(struct serve_ctx *c, const char *path)
{
	c->status = MHD_HTTP_SEE_OTHER;
	snprintf(c->location, sizeof(c->location), "%s", path);
	c->ctype = "text/plain; charset=utf-8";
	aisec_buf_reset(&c->out);
	return aisec_buf_adds(&c->out, "see other\n");
}

void serve_who(struct serve_ctx *c, char *out, size_t n)
{
	struct aisec_store_token *t = NULL;
	size_t nt = 0;
	const char *label = NULL;

	if (aisec_store_token_list(c->st, &t, &nt, NULL) == 0)
		for (size_t i = 0; i < nt; i++)
			if (t[i].id == c->token_id)
				label = t[i].label;
	if (label)
		snprintf(out, n, "%s (token %lld)", label,
			 (long long)c->token_id);
	else
		snprintf(out, n, "token %lld", (long long)c->token_id);
	aisec_store_token_free(t, nt);
}

/* ---- the store pool -------------------------------------------------------
 */

static struct aisec_store *pool_take(struct aisec_serve *s, unsigned *slot)
{
	struct aisec_store *st = NULL;

	pthread_mutex_lock(&s->pool_mu);
	for (;;) {
		for (unsigned i = 0; i < s->npool; i++)
			if (!s->lent[i]) {
				s->lent[i] = true;
				*slot = i;
				st = s->pool[i];
				break;
			}
		if (st)
			break;
		pthread_cond_wait(&s->pool_cv, &s->pool_mu);
	}
	pthread_mutex_unlock(&s->pool_mu);
	return st;
}

static void pool_give(struct aisec_serve *s, unsigned slot)
{
	pthread_mutex_lock(&s->pool_mu);
	s->lent[slot] = false;
	pthread_cond_signal(&s->pool_cv);
	pthread_mutex_unlock(&s->pool_mu);
}

/* ---- sessions ---------------------------------------------------------------
 */

static int random_hex(char out[SERVE_HEX_ID + 1], unsigned char raw[32])
{
	static const char hex[] = "0123456789abcdef";

	if (RAND_bytes(raw, 32) != 1)
		return AISEC_ERR_CRYPTO;
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[SERVE_HEX_ID] = '\0';
	return 0;
}

/* Open a session for a verified token secret; cookie id (hex) into `cookie_id`.
 */
static int session_open(struct aisec_serve *s, const char *secret,
			char cookie_id[SERVE_HEX_ID + 1])
{
	unsigned char raw[32], raw2[32];
	struct session *slot = NULL;
	time_t now = time(NULL);
	int ret;

	pthread_mutex_lock(&s->sess_mu);
	for (int i = 0; i < SESSIONS_MAX; i++) {
		struct session *x = &s->sess[i];

		if (!x->used || x->expires <= now) {
			slot = x;
			break;
		}
		if (!slot || x->expires < slot->expires)
			slot = x; /* full: the oldest goes */
	}
	memset(slot, 0, sizeof(*slot));
	ret = random_hex(cookie_id, raw);
	if (ret == 0)
		ret = random_hex(slot->csrf, raw2);
	if (ret == 0) {
		memcpy(slot->id, raw, 32);
		snprintf(slot->secret, sizeof(slot->secret), "%s", secret);
		slot->expires = now + SESSION_TTL;
		slot->used = true;
	}
	pthread_mutex_unlock(&s->sess_mu);
	OPENSSL_cleanse(raw, sizeof(raw));
	return ret;
}

/* The session of a cookie id: copies its secret and CSRF token; -1 when none.
 */
static int session_find(struct aisec_serve *s, const char *cookie_id,
			char secret[AISEC_STORE_TOKEN_LEN + 1],
			char csrf[SERVE_HEX_ID + 1], bool drop)
{
	unsigned char raw[32];
	time_t now = time(NULL);
	int found = -1;

	if (!cookie_id || strlen(cookie_id) != SERVE_HEX_ID ||
	    aisec_hex_decode(cookie_id, SERVE_HEX_ID, raw) != 0)
		return -1;
	pthread_mutex_lock(&s->sess_mu);
	for (int i = 0; i < SESSIONS_MAX; i++) {
		struct session *x = &s->sess[i];

		if (x->used && x->expires > now &&
		    CRYPTO_memcmp(x->id, raw, 32) == 0) {
			memcpy(secret, x->secret, sizeof(x->secret));
			memcpy(csrf, x->csrf, sizeof(x->csrf));
			if (drop)
				OPENSSL_cleanse(x, sizeof(*x));
			found = 0;
		}
	}
	pthread_mutex_unlock(&s->sess_mu);
	return found;
}

/* ---- authentication and dispatch --------------------------------------------
 */

static bool is_form(struct MHD_Connection *conn)
{
	const char *ct = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);

	return ct &&
	       strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
	       (ct[33] == '\0' || ct[33] == ';');
}

/* A CSRF field equal to the expected token (constant time). */
static bool csrf_ok(const char *given, const char *want)
{
	return given && strlen(given) == SERVE_HEX_ID &&
	       strlen(want) == SERVE_HEX_ID &&
	       CRYPTO_memcmp(given, want, SERVE_HEX_ID) == 0;
}

/* Sign-in: a token in the form, plus the pre-session CSRF cookie echoed. */
static int do_signin(struct serve_ctx *c)
{
	struct serve_form f;
	struct aisec_error err;
	const char *pre =
	    MHD_lookup_connection_value(c->conn, MHD_COOKIE_KIND, "aisec_pre");
	char id[SERVE_HEX_ID + 1];
	enum aisec_store_role role;
	int ret;

	if (!is_form(c->conn))
		return serve_fail(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
				  "sign-in: expected a form "
				  "(application/x-www-form-urlencoded)");
	if (serve_form_parse(c->body, c->body_len, &f, &err) != 0)
		return serve_fail(c, MHD_HTTP_BAD_REQUEST, "sign-in: %s",
				  err.msg);
	if (!pre || !csrf_ok(serve_form_get(&f, "csrf"), pre)) {
		serve_form_release(&f);
		return serve_fail(c, MHD_HTTP_FORBIDDEN,
				  "sign-in: the form's CSRF token is missing "
				  "or wrong (reload the "
				  "sign-in page)");
	}
	ret = aisec_store_token_verify(
	    c->st,
	    serve_form_get(&f, "token") ? serve_form_get(&f, "token") : "",
	    c->today, &role, NULL, &err);
	if (ret == AISEC_ERR_VERIFY) {
		serve_form_release(&f);
		c->status = MHD_HTTP_UNAUTHORIZED;
		return serve_fail(c, MHD_HTTP_UNAUTHORIZED,
				  "sign-in refused: %s", err.msg);
	}
	if (ret != 0) {
		serve_form_release(&f);
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "sign-in: %s", err.msg);
	}
	ret = session_open(c->srv, serve_form_get(&f, "token"), id);
	serve_form_release(&f);
	if (ret != 0)
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "sign-in: no randomness");
	snprintf(
	    c->cookie, sizeof(c->cookie),
	    "aisec_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
	    id, SESSION_TTL, c->srv->tls ? "; Secure" : "");
	return serve_redirect(c, "/portfolio");
}

static int do_signout(struct serve_ctx *c)
{
	char secret[AISEC_STORE_TOKEN_LEN + 1], csrf[SERVE_HEX_ID + 1];

	session_find(c->srv,
		     MHD_lookup_connection_value(c->conn, MHD_COOKIE_KIND,
						 "aisec_session"),
		     secret, csrf, true);
	OPENSSL_cleanse(secret, sizeof(secret));
	snprintf(
	    c->cookie, sizeof(c->cookie),
	    "aisec_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
	    c->srv->tls ? "; Secure" : "");
	return serve_redirect(c, "/signin");
}

static int signin_form(struct serve_ctx *c)
{
	char pre[SERVE_HEX_ID + 1];
	unsigned char raw[32];

	if (random_hex(pre, raw) != 0)
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "no randomness");
	snprintf(c->cookie, sizeof(c->cookie),
		 "aisec_pre=%s; Path=/signin; HttpOnly; SameSite=Strict; "
		 "Max-Age=3600%s",
		 pre, c->srv->tls ? "; Secure" : "");
	serve_page_begin(c, "Sign in");
	aisec_buf_addf(
	    &c->out,
	    "<h1>Sign in</h1>\n<form method=\"post\" action=\"/signin\" "
	    "class=\"signin\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	    "<label>Workspace token <input type=\"password\" name=\"token\" "
	    "id=\"token\" autocomplete=\"off\" required></label> "
	    "<button type=\"submit\">Sign in</button></form>\n"
	    "<p class=\"muted\">Tokens are created with <code>aisec workspace "
	    "token "
	    "create --role admin|editor|auditor</code>.</p>\n",
	    pre);
	return serve_page_end(c);
}

/* Authenticate: 0 with c->role set, or an answer already prepared (returns 1).
 */
static int authenticate(struct serve_ctx *c)
{
	const struct serve_route *r = c->m.route;
	struct aisec_error err;
	char secret[AISEC_STORE_TOKEN_LEN + 1] = "";
	int ret;

	if (r->flags & SRF_API) {
		const char *h = MHD_lookup_connection_value(
		    c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);

		if (!h || strncmp(h, "Bearer ", 7) != 0) {
			serve_fail(
			    c, MHD_HTTP_UNAUTHORIZED,
			    "a token is needed: Authorization: Bearer <token>");
			return 1;
		}
		ret = aisec_store_token_verify(c->st, h + 7, c->today, &c->role,
					       &c->token_id, &err);
	} else {
		const char *id = MHD_lookup_connection_value(
		    c->conn, MHD_COOKIE_KIND, "aisec_session");

		if (session_find(c->srv, id, secret, c->csrf, false) != 0) {
			serve_redirect(c, "/signin");
			return 1;
		}
		ret = aisec_store_token_verify(c->st, secret, c->today,
					       &c->role, &c->token_id, &err);
		OPENSSL_cleanse(secret, sizeof(secret));
		if (ret == AISEC_ERR_VERIFY) {
			session_find(c->srv, id, secret, c->csrf, true);
			OPENSSL_cleanse(secret, sizeof(secret));
			serve_redirect(c, "/signin");
			return 1;
		}
	}
	if (ret == AISEC_ERR_VERIFY) {
		serve_fail(c, MHD_HTTP_UNAUTHORIZED, "token refused: %s",
			   err.msg);
		return 1;
	}
	if (ret != 0) {
		serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err.msg);
		return 1;
	}
	return 0;
}

static int dispatch(struct serve_ctx *c, const char *method, const char *url)
{
	const struct serve_route *r;
	int ret = serve_route_find(method, url, &c->m);

	if (ret == AISEC_ERR_INVALID)
		return serve_fail(c, MHD_HTTP_BAD_REQUEST, "not a valid path");
	if (ret != 0) {
		bool api = strncmp(url, "/api/", 5) == 0;
		struct serve_route pseudo = {"GET", "", SR_NONE,
					     api ? SRF_API : 0, ""};
		const struct serve_route *keep = c->m.route;

		c->m.route = &pseudo;
		if (c->m.method_mismatch)
			serve_fail(c, MHD_HTTP_METHOD_NOT_ALLOWED,
				   "method %s not allowed here", method);
		else
			serve_fail(c, MHD_HTTP_NOT_FOUND, "no such page");
		c->m.route = keep;
		return 0;
	}
	r = c->m.route;
	if (r->id == SR_STATIC_JS || r->id == SR_STATIC_CSS)
		return serve_asset(c);
	if (r->id == SR_API_OPENAPI) {
		char *doc = aisec_serve_openapi();

		if (!doc)
			return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
					  "out of memory");
		c->ctype = "application/json";
		ret = aisec_buf_adds(&c->out, doc);
		free(doc);
		return ret;
	}
	if (r->id == SR_SIGNIN_FORM)
		return signin_form(c);
	if (r->id == SR_SIGNIN)
		return do_signin(c);
	if (authenticate(c) != 0)
		return 0;
	if ((r->flags & SRF_WRITE) && c->role < AISEC_ROLE_EDITOR)
		return serve_fail(c, MHD_HTTP_FORBIDDEN,
				  "the %s role cannot change anything",
				  aisec_store_role_name(c->role));
	if (!(r->flags & SRF_API) && strcmp(r->method, "POST") == 0) {
		struct serve_form f;
		struct aisec_error err;
		bool ok;

		if (!is_form(c->conn))
			return serve_fail(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
					  "expected a form");
		if (serve_form_parse(c->body, c->body_len, &f, &err) != 0)
			return serve_fail(c, MHD_HTTP_BAD_REQUEST, "%s",
					  err.msg);
		ok = csrf_ok(serve_form_get(&f, "csrf"), c->csrf);
		serve_form_release(&f);
		if (!ok)
			return serve_fail(c, MHD_HTTP_FORBIDDEN,
					  "the form's CSRF token is missing or "
					  "wrong (reload the page)");
	}
	if (r->id == SR_SIGNOUT)
		return do_signout(c);
	if (r->flags & SRF_API)
		return serve_api(c);
	return serve_page(c);
}

static void add_headers(struct aisec_serve *s, struct MHD_Response *resp,
			const struct serve_ctx *c)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, c->ctype);
	MHD_add_response_header(resp, "Content-Security-Policy",
				c->csp ? c->csp : CSP_DEFAULT);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
				"same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy",
				"same-origin");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				c->m.route && (c->m.route->id == SR_STATIC_JS ||
					       c->m.route->id == SR_STATIC_CSS)
				    ? "public, max-age=3600"
				    : "no-store");
	if (s->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000");
	if (c->location[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION,
					c->location);
	if (c->cookie[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
					c->cookie);
	if (c->status == MHD_HTTP_UNAUTHORIZED && c->m.route &&
	    (c->m.route->flags & SRF_API))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"aisec\"");
	if (c->status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					"GET, POST");
}

static enum MHD_Result reply(struct aisec_serve *s, struct MHD_Connection *conn,
			     struct serve_ctx *c)
{
	struct MHD_Response *resp;
	enum MHD_Result r;
	size_t len;
	char *data = aisec_buf_detach(&c->out, &len);

	resp =
	    MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(data);
		return MHD_NO;
	}
	add_headers(s, resp, c);
	r = MHD_queue_response(conn, c->status, resp);
	MHD_destroy_response(resp);
	return r;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct aisec_serve *s = cls;
	struct request *rq = *con_cls;
	struct serve_ctx c;
	unsigned slot;
	enum MHD_Result r;

	if (!rq) {
		const char *cl = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		uint64_t n;

		rq = calloc(1, sizeof(*rq));
		if (!rq)
			return MHD_NO;
		aisec_buf_init(&rq->body, s->max_body + 1);
		*con_cls = rq;
		if (cl && (aisec_parse_u64(cl, &n) != 0 || n > s->max_body))
			rq->too_big = true;
		if (!rq->too_big)
			return MHD_YES;
	}
	if (*upload_size) {
		if (!rq->too_big &&
		    aisec_buf_add(&rq->body, upload, *upload_size) != 0)
			rq->too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	memset(&c, 0, sizeof(c));
	c.srv = s;
	c.conn = conn;
	c.cat = s->cat;
	c.today = s->has_today ? s->today : NULL;
	c.status = MHD_HTTP_OK;
	c.ctype = "text/html; charset=utf-8";
	aisec_buf_init(&c.out, (size_t)64 << 20);
	if (rq->too_big) {
		struct serve_route pseudo = {
		    "POST", "", SR_NONE,
		    strncmp(url, "/api/", 5) == 0 ? SRF_API : 0, ""};

		c.m.route = &pseudo;
		serve_fail(&c, MHD_HTTP_CONTENT_TOO_LARGE,
			   "request body larger than %zu bytes", s->max_body);
		c.m.route = NULL;
		r = reply(s, conn, &c);
		aisec_buf_release(&c.out);
		return r;
	}
	c.body = rq->body.data;
	c.body_len = rq->body.len;
	c.st = pool_take(s, &slot);
	if (dispatch(&c, method, url) != 0 && c.status == MHD_HTTP_OK)
		serve_fail(&c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
	pool_give(s, slot);
	if (strcmp(method, "HEAD") == 0)
		aisec_buf_reset(&c.out);
	r = reply(s, conn, &c);
	aisec_buf_release(&c.out);
	return r;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	if (rq) {
		aisec_buf_release(&rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

/* ---- start and stop
 * ----------------------------------------------------------- */

static int read_pem(const char *path, const char *what, char **out,
		    struct aisec_error *err)
{
	struct aisec_buf b;
	int ret;

	aisec_buf_init(&b, 0);
	ret = aisec_file_read_max(path, TLS_FILE_MAX, &b, err);
	if (ret != 0) {
		aisec_buf_release(&b);
		return aisec_error_prefix(err, "%s", what);
	}
	*out = aisec_buf_detach(&b, NULL);
	return 0;
}

int aisec_serve_start(const struct aisec_serve_options *opt,
		      struct aisec_serve **out, struct aisec_error *err)
{
	struct aisec_serve *s;
	const char *listen = opt->listen ? opt->listen : DEFAULT_LISTEN;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	unsigned threads = opt->threads ? opt->threads : DEFAULT_THREADS;
	struct MHD_OptionItem ops[16];
	int nops = 0, ret;

	*out = NULL;
	if (!opt->workspace)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "serve: no workspace given");
	if (threads > THREADS_MAX)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "serve: at most %d threads",
				       THREADS_MAX);
	if (!opt->tls_cert != !opt->tls_key)
		return aisec_error_set(
		    err, AISEC_ERR_USAGE,
		    "serve: TLS needs both a certificate and a key");
	if (opt->today && !aisec_date_valid(opt->today))
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "serve: '%s' is not a date (YYYY-MM-DD)",
				       opt->today);
	s = calloc(1, sizeof(*s));
	if (!s)
		return aisec_error_set(err, AISEC_ERR_NOMEM,
				       "serve: out of memory");
	pthread_mutex_init(&s->pool_mu, NULL);
	pthread_cond_init(&s->pool_cv, NULL);
	pthread_mutex_init(&s->sess_mu, NULL);
	s->max_body = opt->max_body ? opt->max_body : DEFAULT_MAX_BODY;
	if (opt->today) {
		snprintf(s->today, sizeof(s->today), "%s", opt->today);
		s->has_today = true;
	}
	ret = serve_listen_parse(listen, &s->addr, err);
	if (ret != 0)
		goto fail;
	if (!s->addr.loopback && (!opt->allow_remote || !opt->tls_cert)) {
		ret = aisec_error_set(
		    err, AISEC_ERR_USAGE,
		    "listen '%s': not a loopback address (serving beyond this "
		    "machine needs --allow-remote with --tls-cert and "
		    "--tls-key)",
		    listen);
		goto fail;
	}
	if (opt->tls_cert) {
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			ret = aisec_error_set(
			    err, AISEC_ERR_USAGE,
			    "serve: this libmicrohttpd has no TLS support");
			goto fail;
		}
		ret = read_pem(opt->tls_cert, "TLS certificate", &s->tls_cert,
			       err);
		if (ret == 0)
			ret =
			    read_pem(opt->tls_key, "TLS key", &s->tls_key, err);
		if (ret != 0)
			goto fail;
		s->tls = true;
		flags |= MHD_USE_TLS;
		ops[nops++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT,
						      0, s->tls_cert};
		ops[nops++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY,
						      0, s->tls_key};
	}
	s->cat = aisec_catalog_load_embedded(err);
	if (!s->cat) {
		ret = err ? err->code : AISEC_ERR_INVALID;
		goto fail;
	}
	for (s->npool = 0; s->npool < threads; s->npool++) {
		ret = aisec_store_open(opt->workspace, 0, &s->pool[s->npool],
				       err);
		if (ret != 0)
			goto fail;
	}
	if (s->addr.sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	ops[nops++] =
	    (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &s->addr.sa};
	if (threads > 1)
		ops[nops++] = (struct MHD_OptionItem){
		    MHD_OPTION_THREAD_POOL_SIZE, threads, NULL};
	ops[nops++] = (struct MHD_OptionItem){
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    opt->timeout_s ? opt->timeout_s : DEFAULT_TIMEOUT, NULL};
	/* request line and headers: at most this much per connection (431/413
	 * beyond) */
	ops[nops++] = (struct MHD_OptionItem){
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, 64 << 10, NULL};
	ops[nops++] =
	    (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, 1000, NULL};
	ops[nops++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED,
					      (intptr_t)completed, NULL};
	ops[nops++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	s->d =
	    MHD_start_daemon(flags, (uint16_t)s->addr.port, NULL, NULL, answer,
			     s, MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
	if (!s->d) {
		ret = aisec_error_set(
		    err, AISEC_ERR_IO,
		    "listen '%s': cannot serve there (address in use, or a bad "
		    "certificate or key)",
		    listen);
		goto fail;
	}
	if (s->addr.port == 0) {
		const union MHD_DaemonInfo *i =
		    MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);

		if (i)
			s->addr.port = i->port;
	}
	*out = s;
	return 0;
fail:
	aisec_serve_stop(s);
	return ret;
}

unsigned aisec_serve_port(const struct aisec_serve *s)
{
	return s->addr.port;
}

const char *aisec_serve_scheme(const struct aisec_serve *s)
{
	return s->tls ? "https" : "http";
}

void aisec_serve_stop(struct aisec_serve *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	for (unsigned i = 0; i < s->npool; i++)
		aisec_store_close(s->pool[i]);
	aisec_catalog_free(s->cat);
	OPENSSL_cleanse(s->sess, sizeof(s->sess));
	if (s->tls_key)
		OPENSSL_cleanse(s->tls_key, strlen(s->tls_key));
	free(s->tls_key);
	free(s->tls_cert);
	pthread_mutex_destroy(&s->pool_mu);
	pthread_cond_destroy(&s->pool_cv);
	pthread_mutex_destroy(&s->sess_mu);
	free(s);
}
