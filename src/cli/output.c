/*
 * output.c - messages and the listing renderer shared by all commands:
 * aligned tables wrapped to the terminal, JSON, RFC 4180 CSV and Markdown.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("aisec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_ERROR;
}

int cli_error_from(const struct aisec_error *err)
{
	return cli_error("%s", err->msg[0] ? err->msg : aisec_strerror(err->code));
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("aisec: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "aisec %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'aisec help %s'.\n", cmd);
	return CLI_USAGE;
}

int cli_bad_option(const char *cmd, const char *sub, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const char *pre = sub ? sub : "", *sep = sub ? ": " : "";

	if (c == ':')
		return cli_usage(cmd, "%s%soption '%s' needs a value", pre, sep, arg);
	if (c == '?')
		return cli_usage(cmd, "%s%sunknown option '%s'", pre, sep, arg);
	/* a known option with a value the command refused */
	if (optarg && arg == optarg && optind > 1)
		return cli_usage(cmd, "%s%soption '%s': bad value '%s'", pre, sep, argv[optind - 2],
				 optarg);
	if (optarg)
		return cli_usage(cmd, "%s%soption '%.*s': bad value '%s'", pre, sep,
				 (int)strcspn(arg, "="), arg, optarg);
	return cli_usage(cmd, "%s%soption '%s' is not allowed here", pre, sep, arg);
}

int cli_parse_format(const char *s, enum cli_format *out)
{
	static const struct { const char *name; enum cli_format f; } map[] = {
		{"table", CLI_FMT_TABLE}, {"json", CLI_FMT_JSON},
		{"csv", CLI_FMT_CSV}, {"md", CLI_FMT_MD}, {"markdown", CLI_FMT_MD},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(s, map[i].name) == 0) {
			*out = map[i].f;
			return 0;
		}
	}
	return -1;
}

int cli_term_width(void)
{
	struct winsize ws;
	const char *cols;

	if (!isatty(STDOUT_FILENO))
		return 0;
	cols = getenv("COLUMNS");
	if (cols) {
		char *end;
		long n = strtol(cols, &end, 10);

		if (end != cols && !*end && n > 20 && n < 100000)
			return (int)n;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

bool cli_use_color(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && !(nc && nc[0]);
}

size_t cli_display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* The text of item[key]: strings as-is, arrays joined with ", ", other scalars printed. */
static char *cell_text(json_t *item, const char *key)
{
	json_t *v = json_object_get(item, key);
	struct aisec_buf b;
	size_t i;
	json_t *e;

	aisec_buf_init(&b, 0);
	if (!v || json_is_null(v)) {
		/* empty */
	} else if (json_is_string(v)) {
		aisec_buf_adds(&b, json_string_value(v));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			char *t;
			json_t *wrap = json_object();

			json_object_set(wrap, "v", e);
			t = cell_text(wrap, "v");
			json_decref(wrap);
			if (i)
				aisec_buf_adds(&b, ", ");
			aisec_buf_adds(&b, t);
			free(t);
		}
	} else if (json_is_true(v)) {
		aisec_buf_adds(&b, "yes");
	} else if (json_is_false(v)) {
		aisec_buf_adds(&b, "no");
	} else if (json_is_integer(v)) {
		aisec_buf_addf(&b, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		aisec_buf_addf(&b, "%g", json_real_value(v));
	} else {
		char *d = json_dumps(v, JSON_COMPACT);

		aisec_buf_adds(&b, d ? d : "");
		free(d);
	}
	/* newlines would break table rows */
	for (size_t k = 0; k < b.len; k++)
		if (b.data[k] == '\n' || b.data[k] == '\t')
			b.data[k] = ' ';
	return aisec_buf_detach(&b, NULL);
}

/*
 * Byte length of the longest prefix of `s` that fits in `w` columns and ends
 * at a word boundary; *skip is the number of spaces after it.  A single word
 * wider than `w` is taken whole: words are never split.
 */
static size_t wrap_prefix(const char *s, size_t w, size_t *skip)
{
	size_t cols = 0, i = 0, end = 0;

	*skip = 0;
	for (;;) {
		size_t j = i, wcols = 0;

		while (s[j] == ' ')
			j++;
		if (!s[j] || (end && cols + (j - i) > w))
			break;
		cols += j - i;
		i = j;
		while (s[j] && s[j] != ' ') {
			if (((unsigned char)s[j] & 0xc0) != 0x80)
				wcols++;
			j++;
		}
		if (end && cols + wcols > w)
			break;
		cols += wcols;
		i = end = j;
		if (cols >= w)
			break;
	}
	while (s[end + *skip] == ' ')
		(*skip)++;
	return end;
}

/* Width of the widest word of `s` (what a column cannot go below). */
static size_t widest_word(const char *s)
{
	size_t best = 0;

	while (*s) {
		size_t w = 0;

		while (*s == ' ')
			s++;
		for (; *s && *s != ' '; s++)
			if (((unsigned char)*s & 0xc0) != 0x80)
				w++;
		if (w > best)
			best = w;
	}
	return best;
}

static void put_padded(FILE *out, const char *s, size_t n, size_t width)
{
	char tmp[4096];
	size_t len = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1;

	memcpy(tmp, s, len);
	tmp[len] = '\0';
	fputs(tmp, out);
	for (size_t w = cli_display_width(tmp); w < width; w++)
		fputc(' ', out);
}

/* Write `s` wrapped to `width` columns, continuation lines indented by
 * `indent`. */
static void put_wrapped(FILE *out, const char *s, size_t col, size_t indent,
			size_t width)
{
	size_t avail = width > col + 10 ? width - col : 10, skip, len;

	while (*s == ' ')
		s++;
	do {
		len = wrap_prefix(s, avail, &skip);
		fwrite(s, 1, len, out);
		fputc('\n', out);
		s += len + skip;
		if (*s)
			for (size_t k = 0; k < indent; k++)
				fputc(' ', out);
		avail = width > indent + 10 ? width - indent : 10;
	} while (*s);
}

/*
 * A table too wide for the terminal even with every column at its widest
 * word: one block per row, the first column as its title and the others as
 * "HEADER: value" lines below it.
 */
static void emit_stacked(FILE *out, char **cells, size_t nrows, size_t ncols,
			 size_t term)
{
	for (size_t r = 1; r <= nrows; r++) {
		if (r > 1)
			fputc('\n', out);
		put_wrapped(out, cells[r * ncols] ? cells[r * ncols] : "", 0, 2,
			    term);
		for (size_t c = 1; c < ncols; c++) {
			const char *v =
			    cells[r * ncols + c] ? cells[r * ncols + c] : "";

			if (!*v)
				continue;
			fprintf(out, "  %s: ", cells[c]);
			put_wrapped(out, v, 4 + cli_display_width(cells[c]), 6,
				    term);
		}
	}
}

/*
 * Column widths that fit `term`: shrink the wrappable columns, widest
 * first, down to their widest word, then the others.  Returns false when
 * the table cannot fit without splitting words.
 */
static bool fit_columns(const struct cli_column *cols, size_t ncols,
			size_t *width, const size_t *minw, size_t term)
{
	size_t total = 0;

	for (size_t c = 0; c < ncols; c++)
		total += width[c] + (c ? 2 : 0);
	for (int pass = 0; pass < 2 && total > term; pass++) {
		while (total > term) {
			size_t best = ncols;

			for (size_t c = 0; c < ncols; c++)
				if ((pass || cols[c].wrap) &&
				    width[c] > minw[c] &&
				    (best == ncols ||
				     width[c] - minw[c] >
					 width[best] - minw[best]))
					best = c;
			if (best == ncols)
				break;
			width[best]--;
			total--;
		}
	}
	return total <= term;
}

static int emit_table(FILE *out, json_t *items, const struct cli_column *cols,
		      size_t ncols)
{
	size_t nrows = json_array_size(items), *width, *minw;
	char **cells;
	int term = cli_term_width();

	width = calloc(ncols, sizeof(*width));
	minw = calloc(ncols, sizeof(*minw));
	cells = calloc((nrows + 1) * ncols, sizeof(*cells));
	if (!width || !minw || !cells) {
		free(width);
		free(minw);
		free(cells);
		return -1;
	}
	for (size_t c = 0; c < ncols; c++) {
		cells[c] = strdup(cols[c].header);
		width[c] = cli_display_width(cols[c].header);
		minw[c] = widest_word(cols[c].header);
	}
	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			char *t =
			    cell_text(json_array_get(items, r), cols[c].key);
			size_t w = cli_display_width(t), ww = widest_word(t);

			cells[(r + 1) * ncols + c] = t;
			if (w > width[c])
				width[c] = w;
			if (ww > minw[c])
				minw[c] = ww;
		}
	}
	if (term > 0 && nrows &&
	    !fit_columns(cols, ncols, width, minw, (size_t)term)) {
		emit_stacked(out, cells, nrows, ncols, (size_t)term);
		goto out;
	}
	for (size_t r = 0; r <= nrows; r++) {
		const char *pos[64];
		size_t n = ncols < 64 ? ncols : 64;
		bool more = true;

		for (size_t c = 0; c < n; c++)
			pos[c] =
			    cells[r * ncols + c] ? cells[r * ncols + c] : "";
		while (more) {
			size_t pending =
			    0; /* spaces owed before the next non-empty cell */

			more = false;
			for (size_t c = 0; c < n; c++) {
				size_t skip,
				    len = wrap_prefix(pos[c], width[c], &skip);

				if (c)
					pending += 2;
				if (len) {
					for (; pending; pending--)
						fputc(' ', out);
					if (c + 1 == n)
						fwrite(pos[c], 1, len, out);
					else
						put_padded(out, pos[c], len,
							   width[c]);
				} else {
					pending += c + 1 == n ? 0 : width[c];
				}
				pos[c] += len + skip;
				if (*pos[c])
					more = true;
			}
			fputc('\n', out);
		}
		if (r == 0) {
			for (size_t c = 0; c < n; c++) {
				if (c)
					fputs("  ", out);
				for (size_t k = 0; k < width[c]; k++)
					fputc('-', out);
			}
			fputc('\n', out);
		}
	}
out:
	for (size_t i = 0; i < (nrows + 1) * ncols; i++)
		free(cells[i]);
	free(cells);
	free(width);
	free(minw);
	return ferror(out) ? -1 : 0;
}

void cli_rewrap(FILE *out, const char *text, size_t len, int width)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), lead = 0;
		char *line = strndup(p, n);

		if (!line)
			return;
		if (width <= 0 || cli_display_width(line) <= (size_t)width) {
			fputs(line, out);
			fputc('\n', out);
		} else {
			size_t hang, col = 0;
			const char *gap;

			while (line[lead] == ' ')
				lead++;
			/* continuation lines under a description column ("
			 * --opt X   text"), else two columns past the line's
			 * indent */
			hang = lead + 2;
			gap = strstr(line + lead, "  ");
			if (gap) {
				while (*gap == ' ')
					gap++;
				col = cli_display_width(line) -
				      cli_display_width(gap);
				if (*gap && col < (size_t)width / 2)
					hang = col;
			}
			if (hang >= (size_t)width / 2)
				hang = 2;
			fwrite(line, 1, lead, out);
			put_wrapped(out, line + lead, lead, hang,
				    (size_t)width);
		}
		free(line);
		p += n + 1;
	}
}

void cli_capture_begin(struct cli_capture *c, int width)
{
	memset(c, 0, sizeof(*c));
	c->width = width ? width : cli_term_width();
	if (c->width <= 0)
		return;
	fflush(stdout);
	c->mem = open_memstream(&c->buf, &c->len);
	if (!c->mem)
		return;
	c->saved = stdout;
	stdout = c->mem;
}

int cli_capture_end(struct cli_capture *c)
{
	if (!c->mem)
		return 0;
	fclose(c->mem);
	stdout = c->saved;
	cli_rewrap(stdout, c->buf, c->len, c->width);
	free(c->buf);
	return ferror(stdout) ? -1 : 0;
}

/* One CSV field through the library's encoder (quoting, formula neutralising). */
int cli_csv_field(FILE *out, const char *s)
{
	struct aisec_buf b;
	int rc;

	aisec_buf_init(&b, 0);
	rc = aisec_buf_addcsv(&b, s);
	if (rc == 0 && fwrite(b.data, 1, b.len, out) != b.len)
		rc = -1;
	aisec_buf_release(&b);
	return rc;
}

static int emit_csv(FILE *out, json_t *items, const struct cli_column *cols,
		    size_t ncols)
{
	size_t r;
	json_t *item;
	int rc = 0;

	for (size_t c = 0; c < ncols; c++) {
		if (c)
			fputc(',', out);
		rc |= cli_csv_field(out, cols[c].key);
	}
	fputs("\r\n", out);
	json_array_foreach(items, r, item) {
		for (size_t c = 0; c < ncols; c++) {
			json_t *v = json_object_get(item, cols[c].key);
			char *t;

			if (c)
				fputc(',', out);
			if (json_is_string(v)) {
				/* keep newlines: quoting preserves them */
				rc |= cli_csv_field(out, json_string_value(v));
				continue;
			}
			if (json_is_integer(v)) { /* a number stays a number */
				fprintf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
				continue;
			}
			t = cell_text(item, cols[c].key);
			rc |= cli_csv_field(out, t);
			free(t);
		}
		fputs("\r\n", out);
	}
	return rc || ferror(out) ? -1 : 0;
}

static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n')
			fputs("<br>", out);
		else
			fputc(*s, out);
	}
}

static int emit_md(FILE *out, json_t *items, const struct cli_column *cols,
		   size_t ncols)
{
	size_t r;
	json_t *item;

	fputc('|', out);
	for (size_t c = 0; c < ncols; c++) {
		fputc(' ', out);
		md_cell(out, cols[c].header);
		fputs(" |", out);
	}
	fputs("\n|", out);
	for (size_t c = 0; c < ncols; c++)
		fputs("---|", out);
	fputc('\n', out);
	json_array_foreach(items, r, item) {
		fputc('|', out);
		for (size_t c = 0; c < ncols; c++) {
			char *t = cell_text(item, cols[c].key);

			fputc(' ', out);
			md_cell(out, t);
			fputs(" |", out);
			free(t);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

int cli_emit_json(FILE *out, json_t *v)
{
	/* one write: json_dumpf would call fwrite once per token */
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (!text)
		return -1;
	fputs(text, out);
	free(text);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

int cli_emit_list(FILE *out, json_t *items, const struct cli_column *cols,
		  size_t ncols, enum cli_format fmt)
{
	switch (fmt) {
	case CLI_FMT_JSON: return cli_emit_json(out, items);
	case CLI_FMT_CSV: return emit_csv(out, items, cols, ncols);
	case CLI_FMT_MD: return emit_md(out, items, cols, ncols);
	case CLI_FMT_TABLE: default: return emit_table(out, items, cols, ncols);
	}
}
