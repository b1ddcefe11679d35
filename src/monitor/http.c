/*
 * http.c - the Prometheus text exposition of a monitor over HTTP, served by
 * libmicrohttpd from its own thread, so an inference host that embeds the
 * library is scraped like any exporter and Prometheus aggregates hosts.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_int.h"

struct aisec_monitor_http {
	struct MHD_Daemon *d;
	struct aisec_monitor *m;
};

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_len, void **con_cls)
{
	struct aisec_monitor_http *h = cls;
	struct MHD_Response *r;
	struct aisec_buf b;
	enum MHD_Result ret;
	unsigned status = MHD_HTTP_OK;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return MHD_NO;
	aisec_buf_init(&b, 64u << 20);
	if (strcmp(url, "/metrics") != 0) {
		status = MHD_HTTP_NOT_FOUND;
		aisec_buf_adds(&b, "not found: try /metrics\n");
	} else if (aisec_monitor_metrics_text(h->m, &b)) {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		aisec_buf_reset(&b);
	}
	r = MHD_create_response_from_buffer(b.len, b.data ? b.data : (char *)"",
					    MHD_RESPMEM_MUST_COPY);
	aisec_buf_release(&b);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type",
				"text/plain; version=0.0.4; charset=utf-8");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

struct aisec_monitor_http *aisec_monitor_http_start(struct aisec_monitor *m,
						    const char *addr,
						    unsigned *port,
						    struct aisec_error *err)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct aisec_monitor_http *h;
	const char *colon = strrchr(addr, ':');
	char host[64], *end;
	unsigned long p;
	const union MHD_DaemonInfo *info;

	if (!colon || colon == addr || (size_t)(colon - addr) >= sizeof host) {
		aisec_error_set(err, AISEC_ERR_INVALID,
				"'%s' is not an address IPV4:PORT", addr);
		return NULL;
	}
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = 0;
	p = strtoul(colon + 1, &end, 10);
	if (*end || colon[1] == 0 || p > 65535 ||
	    inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		aisec_error_set(err, AISEC_ERR_INVALID,
				"'%s' is not an address IPV4:PORT", addr);
		return NULL;
	}
	sa.sin_port = htons((uint16_t)p);
	h = calloc(1, sizeof *h);
	if (!h) {
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	h->m = m;
	h->d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)p, NULL, NULL, answer, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_CONNECTION_LIMIT, 64u, MHD_OPTION_CONNECTION_TIMEOUT,
	    10u, MHD_OPTION_END);
	if (!h->d) {
		free(h);
		aisec_error_set(err, AISEC_ERR_IO,
				"cannot listen on '%s' (in use or not a local "
				"address)",
				addr);
		return NULL;
	}
	info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	if (port)
		*port = info ? info->port : (unsigned)p;
	return h;
}

void aisec_monitor_http_stop(struct aisec_monitor_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	free(h);
}
