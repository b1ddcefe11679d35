/*
 * catalog_init.c - `aisec catalog init DIR`: write an editable copy of the
 * built-in knowledge base, to change and use with --catalog DIR (check it
 * with `aisec catalog validate DIR`).
 */
#include <getopt.h>

#include "cli/catalog.h"

int cli_catalog_init(int argc, char **argv)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct aisec_error err;
	size_t n = 0;
	int c;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
		return cli_bad_option("catalog", "init", c, argv);
	if (argc - optind != 1)
		return cli_usage("catalog",
				 "init: give one DIR to write the copy to");
	aisec_error_clear(&err);
	if (aisec_catalog_write_copy(argv[optind], &n, &err) != 0)
		return cli_error_from(&err);
	printf("wrote %zu knowledge-base files to %s\n"
	       "edit them, check with 'aisec catalog validate %s', use with "
	       "'--catalog %s'\n",
	       n, argv[optind], argv[optind], argv[optind]);
	return CLI_OK;
}
