/*
 * fetch.c - the transport of the tiled-log client: HTTP(S) GETs through one
 * reused libcurl easy handle (keep-alive, a per-request timeout, bodies
 * capped), or reads from a folder for logs mirrored to disk or file:// URLs.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "aisec/tlog.h"
#include "core/core.h"
#include "ledger/tlog_int.h"

#define FETCH_MAX AISEC_TLOG_FETCH_MAX

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct aisec_buf *b = ctx;

	n *= size;
	if (b->len + n > FETCH_MAX || aisec_buf_add(b, p, n) != 0)
		return 0; /* aborts the transfer (CURLE_WRITE_ERROR) */
	return n;
}

struct aisec_tlog_client *
aisec_tlog_client_new(const char *location,
		      const struct aisec_tlog_client_opts *opts,
		      struct aisec_error *err)
{
	struct aisec_tlog_client *c = calloc(1, sizeof(*c));
	size_t n = strlen(location);

	if (!c) {
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	aisec_buf_init(&c->url, 0);
	c->timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : 30000;
	while (n > 1 && location[n - 1] == '/')
		n--;
	if (strncmp(location, "file://", 7) == 0) {
		location += 7;
		n -= 7;
	} else if (strncmp(location, "http://", 7) == 0 ||
		   strncmp(location, "https://", 8) == 0) {
		c->http = true;
	} else if (strstr(location, "://")) {
		aisec_error_set(err, AISEC_ERR_USAGE,
				"log location '%s': want http://, https://, "
				"file:// or a folder",
				location);
		goto fail;
	}
	if (n == 0 || aisec_buf_add(&c->url, location, n) != 0) {
		aisec_error_set(err, AISEC_ERR_USAGE, "log location is empty");
		goto fail;
	}
	c->base_len = c->url.len;
	if (c->http) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
		    !(c->curl = curl_easy_init())) {
			aisec_error_set(err, AISEC_ERR_IO,
					"cannot start libcurl");
			goto fail;
		}
		curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, c->timeout_ms);
		curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS,
				 c->timeout_ms);
		curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c->curl, CURLOPT_ACCEPT_ENCODING, "");
		curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "aisec-tlog/1");
	}
	return c;
fail:
	aisec_tlog_client_free(c);
	return NULL;
}

void aisec_tlog_client_free(struct aisec_tlog_client *c)
{
	if (!c)
		return;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	aisec_buf_release(&c->url);
	free(c);
}

void aisec_tlog_client_counts(const struct aisec_tlog_client *c,
			      uint64_t *requests, uint64_t *bytes)
{
	if (requests)
		*requests = c->requests;
	if (bytes)
		*bytes = c->bytes;
}

int aisec_tlog_fetch(struct aisec_tlog_client *c, const char *path,
		     struct aisec_buf *out, struct aisec_error *err)
{
	size_t before = out->len;
	long status = 0;
	CURLcode cc;
	int rc;

	c->url.len = c->base_len;
	c->url.data[c->url.len] = '\0';
	rc = aisec_buf_addf(&c->url, "/%s", path);
	if (rc)
		return aisec_error_set(err, rc, "'%s': %s", path,
				       aisec_strerror(rc));
	c->requests++;
	if (!c->http) {
		rc = aisec_file_read(c->url.data, out, err);
		if (!rc && out->len - before > FETCH_MAX)
			rc =
			    aisec_error_set(err, AISEC_ERR_LIMIT,
					    "'%s' is over 32 MiB", c->url.data);
		if (!rc)
			c->bytes += out->len - before;
		return rc;
	}
	curl_easy_setopt(c->curl, CURLOPT_URL, c->url.data);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, out);
	cc = curl_easy_perform(c->curl);
	if (cc == CURLE_WRITE_ERROR)
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "'%s': response over 32 MiB",
				       c->url.data);
	if (cc != CURLE_OK)
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot fetch '%s': %s", c->url.data,
				       curl_easy_strerror(cc));
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	c->bytes += out->len - before;
	if (status == 200)
		return 0;
	out->len = before;
	return aisec_error_set(
	    err,
	    status == 404 || status == 410 ? AISEC_ERR_NOTFOUND : AISEC_ERR_IO,
	    "cannot fetch '%s': HTTP status %ld", c->url.data, status);
}
