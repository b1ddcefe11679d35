/*
 * cli_catalog.c - loading the knowledge base a command asked for: the
 * directory of --catalog DIR (or $AISEC_CATALOG), else the copy built into
 * the tool, with one clear error when it cannot be loaded.  Used by every
 * `aisec catalog` subcommand and by the commands that read the catalog.
 */
#include <stdlib.h>

#include "aisec/catalog.h"
#include "cli/cli.h"

struct aisec_catalog *cli_catalog_load(const char *dir, unsigned parts)
{
	struct aisec_catalog *cat;
	struct aisec_error err;

	if (!dir || !dir[0])
		dir = getenv("AISEC_CATALOG");
	if (dir && dir[0])
		/* a user's copy: load it whole, so a broken reference is caught */
		cat = aisec_catalog_load_dir(dir, &err);
	else
		/* the built-in copy passed `aisec catalog validate` in the tests */
		cat = aisec_catalog_load_embedded_opts(parts, &err);
	if (!cat) {
		cli_error_from(&err);
		if (dir && dir[0])
			fprintf(stderr, "aisec: run 'aisec catalog validate %s' to list every problem\n",
				dir);
	}
	return cat;
}
