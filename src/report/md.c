/*
 * md.c - the report as Markdown (CommonMark with GitHub tables): the
 * outline of outline.c written with '#' headings, '-' lists and pipe
 * tables.  Text from the findings is escaped so a '|' or '*' in a profile
 * cannot break a table or the emphasis; ids are code spans; facts and
 * sources are emphasised asides.
 */
#include <string.h>

#include "report/report.h"

struct md {
	struct emit e;
	bool ordered;  /* the current list is numbered */
	int item;      /* number of the current item */
	bool in_cell;  /* inside a table cell: no line breaks */
};

#define MD(w) ((struct md *)(w))

/* Inline text: Markdown punctuation backslash-escaped, newlines as spaces. */
static void md_text(void *w, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			emit_c(&MD(w)->e, '\\');
		emit_c(&MD(w)->e, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

static void md_code(void *w, const char *s)
{
	if (strchr(s, '`')) {
		md_text(w, s);
		return;
	}
	emit_c(&MD(w)->e, '`');
	emit_s(&MD(w)->e, s);
	emit_c(&MD(w)->e, '`');
}

static void md_strong(void *w, const char *s)
{
	emit_s(&MD(w)->e, "**");
	md_text(w, s);
	emit_s(&MD(w)->e, "**");
}

static void md_title(void *w, const char *title, const char *cls)
{
	emit_s(&MD(w)->e, "# ");
	md_text(w, title);
	emit_s(&MD(w)->e, ": AI Act and cybersecurity assessment\n\n");
}

/* A status in words ("not declared"), as a code span. */
static void md_badge(void *w, const char *s)
{
	char words[64];

	doc_words(s, words, sizeof(words));
	md_code(w, words);
}

static void md_kv_begin(void *w)
{
	emit_s(&MD(w)->e, "| | |\n|---|---|\n");
}

static void md_kv(void *w, const char *key, const char *value, enum outline_kv style)
{
	if (!value || !*value)
		return;
	emit_s(&MD(w)->e, "| ");
	md_text(w, key);
	emit_s(&MD(w)->e, " | ");
	if (style == OUTLINE_KV_BADGE)
		md_strong(w, value);
	else
		md_text(w, value);
	emit_s(&MD(w)->e, " |\n");
}

static void md_nothing(void *w)
{
}

/* Start a heading after exactly one blank line. */
static void md_heading(void *w, const char *marks)
{
	const struct aisec_buf *b = MD(w)->e.b;
	size_t nl = 0;

	while (nl < 2 && nl < b->len && b->data[b->len - 1 - nl] == '\n')
		nl++;
	emit_rep(&MD(w)->e, "\n", 2 - (int)nl);
	emit_s(&MD(w)->e, marks);
}

static void md_section(void *w, const char *id, const char *title, long count)
{
	md_heading(w, "## ");
	md_text(w, title);
	if (count >= 0)
		emit_f(&MD(w)->e, " (%ld)", count);
	emit_s(&MD(w)->e, "\n\n");
}

static void md_subheading(void *w, const char *title)
{
	md_heading(w, "### ");
	md_text(w, title);
	emit_s(&MD(w)->e, "\n\n");
}

static void md_block_end(void *w)
{
	emit_s(&MD(w)->e, "\n\n");
}

static void md_list_begin(void *w, bool ordered)
{
	MD(w)->ordered = ordered;
	MD(w)->item = 0;
}

static void md_list_end(void *w)
{
	if (MD(w)->item)
		emit_c(&MD(w)->e, '\n');
}

static void md_item_begin(void *w)
{
	MD(w)->item++;
	if (MD(w)->ordered)
		emit_f(&MD(w)->e, "%d. ", MD(w)->item);
	else
		emit_s(&MD(w)->e, "- ");
}

static void md_item_end(void *w)
{
	emit_c(&MD(w)->e, '\n');
}

static void md_table_begin(void *w, const char *const *headers)
{
	emit_c(&MD(w)->e, '|');
	for (size_t i = 0; headers[i]; i++) {
		emit_c(&MD(w)->e, ' ');
		md_text(w, headers[i]);
		emit_s(&MD(w)->e, " |");
	}
	emit_s(&MD(w)->e, "\n|");
	for (size_t i = 0; headers[i]; i++)
		emit_s(&MD(w)->e, "---|");
	emit_c(&MD(w)->e, '\n');
}

static void md_table_end(void *w)
{
	emit_c(&MD(w)->e, '\n');
}

static void md_row_begin(void *w)
{
	emit_c(&MD(w)->e, '|');
}

static void md_row_end(void *w)
{
	emit_c(&MD(w)->e, '\n');
}

static void md_cell_begin(void *w)
{
	MD(w)->in_cell = true;
	emit_c(&MD(w)->e, ' ');
}

static void md_cell_end(void *w)
{
	MD(w)->in_cell = false;
	emit_s(&MD(w)->e, " |");
}

static void md_br(void *w)
{
	/* GitHub renders <br> in a cell; elsewhere a hard line break */
	emit_s(&MD(w)->e, MD(w)->in_cell ? "<br>" : "  \n  ");
}

static void md_aside_begin(void *w)
{
	emit_s(&MD(w)->e, " *");
}

static void md_aside_end(void *w)
{
	emit_c(&MD(w)->e, '*');
}

static void md_chart(void *w, const char *which)
{
}

static const struct outline_ops md_ops = {
	.title = md_title,
	.kv_begin = md_kv_begin,
	.kv = md_kv,
	.kv_end = md_nothing,
	.section = md_section,
	.section_end = md_nothing,
	.subheading = md_subheading,
	.block_begin = md_nothing,
	.block_end = md_block_end,
	.list_begin = md_list_begin,
	.list_end = md_list_end,
	.item_begin = md_item_begin,
	.item_end = md_item_end,
	.table_begin = md_table_begin,
	.table_end = md_table_end,
	.row_begin = md_row_begin,
	.row_end = md_row_end,
	.cell_begin = md_cell_begin,
	.cell_end = md_cell_end,
	.text = md_text,
	.strong = md_strong,
	.code = md_code,
	.badge = md_badge,
	.br = md_br,
	.aside_begin = md_aside_begin,
	.aside_end = md_aside_end,
	.chart = md_chart,
};

int report_md(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	struct md m = {0};
	struct outline o = {&md_ops, &m, c};

	emit_init(&m.e, out);
	outline_render(&o);
	return emit_done(&m.e, "md", err);
}
