/*
 * probe_report.c - `aisec probe report RESULTS.json... --format md|html|json
 * [-o FILE]`: the Art. 13(3)(b)(ii) declaration draft, the HTML report or
 * the metrics of probe results files (rendered by aisec_report_probe()).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/buf.h"
#include "aisec/file.h"
#include "aisec/report.h"
#include "cli/cli.h"
#include "cli/probe_cli.h"

int probe_report(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0}};
	const char *format = "md", *outp = NULL;
	struct aisec_buf *files = NULL, out;
	const char **names = NULL, **texts = NULL;
	size_t *lens = NULL, n;
	struct aisec_error err;
	int ch, ret = CLI_OK;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:o:", opts, NULL)) != -1) {
		if (ch == 'f')
			format = optarg;
		else if (ch == 'o')
			outp = optarg;
		else
			return cli_bad_option("probe", "report", ch, argv);
	}
	if (strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "json") != 0)
		return cli_usage("probe",
				 "report: unknown format '%s' (md, html, json)",
				 format);
	n = (size_t)(argc - optind);
	if (!n)
		return cli_usage("probe", "report: name RESULTS.json files");
	files = calloc(n, sizeof(*files));
	names = calloc(n, sizeof(*names));
	texts = calloc(n, sizeof(*texts));
	lens = calloc(n, sizeof(*lens));
	aisec_buf_init(&out, 0);
	aisec_error_clear(&err);
	if (!files || !names || !texts || !lens) {
		ret = cli_error("out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		aisec_buf_init(&files[i], 256u << 20);
		names[i] = argv[optind + (int)i];
		if (aisec_file_read(names[i], &files[i], &err) != 0) {
			ret = cli_error_from(&err);
			goto out;
		}
		texts[i] = files[i].data ? files[i].data : "";
		lens[i] = files[i].len;
	}
	if (aisec_report_probe(names, texts, lens, n, format, &out, &err) !=
	    0) {
		ret = cli_error_from(&err);
		goto out;
	}
	if (outp) {
		if (aisec_file_write_atomic(outp, out.data, out.len, 0644,
					    &err) != 0)
			ret = cli_error_from(&err);
	} else if (fwrite(out.data, 1, out.len, stdout) != out.len)
		ret = cli_error("cannot write to stdout");
out:
	for (size_t i = 0; files && i < n; i++)
		aisec_buf_release(&files[i]);
	aisec_buf_release(&out);
	free(files);
	free(names);
	free(texts);
	free(lens);
	return ret;
}
