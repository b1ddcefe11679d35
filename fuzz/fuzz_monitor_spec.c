/*
 * fuzz_monitor_spec.c - the monitor spec parser, and for every spec it
 * accepts, a monitor made from it and fed a few events.  Inputs naming a
 * path with '/' are skipped, so a reference data set can only be the
 * harness's own small file (relative paths resolve in a folder made at
 * start) and never a device or a huge file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aisec/monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void make_reference(void)
{
	char path[128];
	FILE *f;

	snprintf(dir, sizeof dir, "/tmp/aisec-fuzz-monitor-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/ref.csv", dir);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs("p,l,s,lat,c,x\n", f);
	for (int i = 0; i < 300; i++)
		fprintf(f, "%d,%d,%.3f,%.3f,c%d,%d\n", i % 2, (i / 3) % 2,
			(i % 17) / 17.0, 0.01 * (i % 23), i % 5, i % 11);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const lines[] = {
		"{\"p\": 1, \"l\": 0, \"s\": 0.5, \"lat\": 0.2, \"c\": \"c1\", \"x\": [1]}",
		"{\"p\": 0, \"l\": 0, \"s\": 0.1, \"lat\": 9, \"c\": \"c2\", \"x\": [2]}",
		"p,l,s,lat,c,x",
		"1,1,0.3,0.1,c1,4",
	};
	struct aisec_monitor_spec *s = NULL;
	struct aisec_monitor *m;
	struct aisec_error err;

	if (!dir[0])
		make_reference();
	if (memchr(data, '/', size))
		return 0;
	if (aisec_monitor_spec_parse("fuzz.yaml", (const char *)data, size, dir,
				     &s, &err))
		return 0;
	m = aisec_monitor_new(s, NULL, &err);
	if (m) {
		for (int r = 0; r < 30; r++)
			for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
				aisec_monitor_feed_line(m, lines[i],
							strlen(lines[i]), i + 1,
							&err);
		aisec_monitor_free(m);
	}
	aisec_monitor_spec_free(s);
	return 0;
}
