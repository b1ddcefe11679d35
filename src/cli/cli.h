/*
 * cli.h - what the subcommands of the aisec tool share: the command table,
 * exit codes, error printing and the listing renderer (table, JSON, CSV,
 * Markdown).  Only src/cli prints or picks exit codes; the library never does.
 */
#ifndef AISEC_CLI_H
#define AISEC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "aisec/aisec.h"

/* Exit codes (documented in docs/cli.md and the man page). */
enum cli_exit {
	CLI_OK = 0,       /* success */
	CLI_NEGATIVE = 1, /* negative result: failed verification, --fail-on hit */
	CLI_USAGE = 2,    /* bad command line */
	CLI_ERROR = 3     /* runtime error: bad input file, I/O, ... */
};

struct cli_command {
	const char *name;
	const char *summary;            /* one line for `aisec help` */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *usage;              /* full help text for `aisec help NAME` */
};

/* The command table (main.c). */
extern const struct cli_command cli_commands[];
const struct cli_command *cli_find_command(const char *name);

/* Print "aisec: <message>" to stderr and return CLI_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "aisec: <message>" to stderr and return CLI_ERROR (message from err). */
int cli_error_from(const struct aisec_error *err);
/* Print "aisec <cmd>: <message>\nTry 'aisec help <cmd>'." and return CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Usage error for an option getopt_long refused (c is '?' or, with an optstring
 * that starts with ':', ':' for a missing value; opterr must be 0) or whose value
 * the command refused (any other c, optarg set): names the option as typed.
 * `sub` (may be NULL) is the subcommand.  Returns CLI_USAGE.
 */
int cli_bad_option(const char *cmd, const char *sub, int c, char **argv);
/* Print a warning "aisec: warning: ..." to stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Before reading a secret key file: warn (never fail) when it is readable
 * by group or others, and make the process non-dumpable. */
void cli_key_file_check(const char *path);
/* Print the command's usage text to stdout and return CLI_OK (for --help). */
int cli_help(const char *cmd);
/*
 * Print the part of the command's usage about subcommand `sub` (its entries,
 * the options all subcommands share, the exit codes), or the whole usage when
 * the text has no entry for `sub`; CLI_OK (CLI_USAGE for an unknown command).
 */
int cli_help_sub(const char *cmd, const char *sub);

/* ---- output -------------------------------------------------------------- */

enum cli_format {
	CLI_FMT_TABLE,
	CLI_FMT_JSON,
	CLI_FMT_CSV,
	CLI_FMT_MD
};

/* Parse "table|json|csv|md"; returns 0 or -1. */
int cli_parse_format(const char *s, enum cli_format *out);

/* Terminal width of stdout (COLUMNS, ioctl), or 0 when stdout is no terminal. */
int cli_term_width(void);

/*
 * `--format pdf`: print an HTML report to PDF with a headless Chromium
 * ($AISEC_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH),
 * appending the PDF to `pdf`.  CLI_OK, or CLI_ERROR after a message (no
 * Chromium, or it failed).
 */
int cli_html_to_pdf(const struct aisec_buf *html, struct aisec_buf *pdf);
/* True when colour should be used on stdout (a terminal and NO_COLOR unset). */
bool cli_use_color(void);

struct cli_column {
	const char *key;    /* member of each item; arrays are joined with ", " */
	const char *header; /* table / CSV / Markdown header */
	bool wrap;          /* may be wrapped when the table is too wide */
};

/*
 * Render a listing.  `items` is a JSON array of objects: JSON output prints
 * it whole; table, CSV and Markdown print the given columns.  Table output is
 * aligned and, on a terminal, wrapped to its width.  CSV follows RFC 4180
 * (CRLF line ends, quotes doubled).  Returns 0, or -1 on a write error.
 */
int cli_emit_list(FILE *out, json_t *items, const struct cli_column *cols,
		  size_t ncols, enum cli_format fmt);

/* Print a JSON value indented, with a final newline. */
int cli_emit_json(FILE *out, json_t *v);

/* Write one RFC 4180 CSV field with aisec_buf_addcsv (quoted when needed, a
 * leading = + - @ TAB CR neutralised); -1 when it could not be written. */
int cli_csv_field(FILE *out, const char *s);

/*
 * Write `text` (len bytes, lines ending in '\n') with every line wider than
 * `width` wrapped at word boundaries, continuation lines indented two
 * columns past the line's own indent; width <= 0 writes it unchanged.
 */
void cli_rewrap(FILE *out, const char *text, size_t len, int width);

/*
 * Fit free-form text output to the terminal: between begin and end, what
 * is printed on stdout is collected, and end writes it re-wrapped to the
 * terminal width (cli_rewrap).  Not on a terminal: stdout is untouched.
 */
struct cli_capture {
	FILE *saved, *mem;
	char *buf;
	size_t len;
	int width;
};
/* width: the width to fit, 0 for the terminal's. */
void cli_capture_begin(struct cli_capture *c, int width);
int cli_capture_end(struct cli_capture *c);

/* Number of terminal columns a UTF-8 string takes (code points; no wide chars). */
size_t cli_display_width(const char *s);

/* ---- the knowledge base ------------------------------------------------------ */

struct aisec_catalog;

/*
 * Load the catalog the user asked for: the directory `dir` (--catalog DIR),
 * else $AISEC_CATALOG, else the built-in copy, of which only `parts`
 * (enum aisec_catalog_part bits, 0 = all) are read.  A directory is always
 * loaded whole and checked.  On failure prints the error (file, line,
 * field) and returns NULL: the caller exits with CLI_ERROR.
 */
struct aisec_catalog *cli_catalog_load(const char *dir, unsigned parts);

/* ---- commands -------------------------------------------------------------- */

int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
extern const char cli_catalog_usage[];
int cmd_key(int argc, char **argv);
extern const char cli_key_usage[];
int cmd_lineage(int argc, char **argv);
extern const char cli_lineage_usage[];
int cmd_ledger(int argc, char **argv);
extern const char cli_ledger_usage[];
int cmd_serve(int argc, char **argv);
extern const char cli_serve_usage[];
/*
 * Write a new Ed25519 note key named `name` to PREFIX.skey (0600) and
 * PREFIX.vkey (PREFIX NULL: the name with '/' as '_'); never overwrites.
 */
int cli_note_keygen(const char *name, const char *prefix, bool witness);
int cmd_assess(int argc, char **argv);
extern const char cli_assess_usage[];
int cmd_monitor(int argc, char **argv);
extern const char cli_monitor_usage[];
int cmd_profile(int argc, char **argv);
extern const char cli_profile_usage[];
int cmd_probe(int argc, char **argv);
extern const char cli_probe_usage[];
int cmd_workspace(int argc, char **argv);
extern const char cli_workspace_usage[];

#endif
