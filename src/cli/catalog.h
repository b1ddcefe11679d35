/*
 * catalog.h - what the `aisec catalog` subcommands share: their table
 * (cmd_catalog.c; a new subcommand is one line there), the options every
 * one of them takes (--catalog DIR, --format) and the JSON view of each
 * kind of entry, which listings, `show` and exports print.
 */
#ifndef AISEC_CLI_CATALOG_H
#define AISEC_CLI_CATALOG_H

#include <jansson.h>

#include "aisec/catalog.h"
#include "cli/cli.h"

struct cli_catalog_sub {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
};

extern const struct cli_catalog_sub cli_catalog_subs[];

/* Options every catalog subcommand takes. */
struct cli_catalog_opts {
	const char *dir;      /* --catalog DIR or $AISEC_CATALOG, NULL for the built-in copy */
	enum cli_format fmt;  /* --format, table by default */
};

/* getopt_long codes of the common options, for the subcommands' option tables. */
#define CLI_CATALOG_OPT_CATALOG 0x100
#define CLI_CATALOG_OPT_FORMAT 0x101
#define CLI_CATALOG_LONGOPTS                                               \
	{"catalog", required_argument, NULL, CLI_CATALOG_OPT_CATALOG},     \
	{"format", required_argument, NULL, CLI_CATALOG_OPT_FORMAT}

/* Defaults ($AISEC_CATALOG, table). */
void cli_catalog_opts_init(struct cli_catalog_opts *o);
/* Handle a common option; returns 0, or CLI_USAGE after printing why. */
int cli_catalog_opt(struct cli_catalog_opts *o, int code, char **argv, const char *sub);

/* ---- JSON views (catalog_json.c); new references, NULL on out of memory -- */

json_t *cli_json_standard(const struct aisec_standard *s);
json_t *cli_json_requirement(const struct aisec_requirement *r);
json_t *cli_json_threat(const struct aisec_threat *t);
json_t *cli_json_characteristic(const struct aisec_characteristic *c);
json_t *cli_json_gap(const struct aisec_gap *g);
json_t *cli_json_recommendation(const struct aisec_recommendation *r);
json_t *cli_json_control(const struct aisec_control *c);
json_t *cli_json_link(const struct aisec_link *l);
json_t *cli_json_entry(const struct aisec_entry *e);
/* A string or JSON null; a NULL-terminated list as an array. */
json_t *cli_json_str(const char *s);
json_t *cli_json_list(const char *const *list);
/* "confidentiality", ... of enum aisec_goal bits. */
json_t *cli_json_goals(unsigned goals);
/* "published 2023-12" (status now in a few words; caller frees). */
char *cli_status_text(const struct aisec_status *st);

/* ---- subcommands --------------------------------------------------------- */

int cli_catalog_standards(int argc, char **argv);
int cli_catalog_listing(int argc, char **argv); /* requirements, threats, ... */
int cli_catalog_show(int argc, char **argv);
int cli_catalog_matrix(int argc, char **argv);
int cli_catalog_changes(int argc, char **argv);
int cli_catalog_validate(int argc, char **argv);
int cli_catalog_export(int argc, char **argv); /* catalog_export.c */
int cli_catalog_init(int argc, char **argv);   /* catalog_init.c */

#endif
