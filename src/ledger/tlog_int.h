/*
 * tlog_int.h - internal state of the tiled-log client (fetch.c, remote.c).
 * Not installed.
 */
#ifndef AISEC_LEDGER_TLOG_INT_H
#define AISEC_LEDGER_TLOG_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "aisec/tlog.h"

struct aisec_tlog_client {
	bool http;
	void *curl; /* CURL * when http */
	long timeout_ms;
	struct aisec_buf
	    url; /* the prefix, then "/<path>" of the current request */
	size_t base_len;
	uint64_t requests, bytes;
};

#endif
