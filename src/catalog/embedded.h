/* embedded.h - the knowledge base files compiled into the library. */
#ifndef AISEC_CATALOG_EMBEDDED_H
#define AISEC_CATALOG_EMBEDDED_H

#include <stddef.h>

struct aisec_embedded_file {
	const char *name; /* path relative to data/, e.g. "standards/iso-iec.yaml" */
	const char *data; /* NUL-terminated contents */
	size_t len;       /* length without the NUL */
};

/* Terminated by an entry whose name is NULL; sorted by name. */
extern const struct aisec_embedded_file aisec_embedded_files[];

#endif
