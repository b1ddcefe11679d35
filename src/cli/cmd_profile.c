/*
 * cmd_profile.c - `aisec profile new` (ask the questions that decide a
 * profile, one by one, and write a commented YAML profile) and `aisec
 * profile check FILE...` (parse and check profiles against the knowledge
 * base).  Answers may be piped on standard input, one per line.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aisec/assess.h"
#include "aisec/catalog.h"
#include "cli/cli.h"

const char cli_profile_usage[] =
	"usage: aisec profile new [-o FILE] [--resume DRAFT] [--catalog DIR]\n"
	"       aisec profile check FILE... [--catalog DIR]\n"
	"       aisec profile fields [--catalog DIR]\n"
	"\n"
	"new    asks the questions that decide a profile one by one (role, prohibited\n"
	"       practices, biometrics, Annex I, Annex III, Art. 50, general-purpose\n"
	"       AI, then the ML system, data, deployment, impact, standards and\n"
	"       controls) and writes a commented YAML profile to FILE or standard\n"
	"       output.  An empty answer takes the default shown in brackets; a\n"
	"       choice may be given by its number.  Answers can be piped on standard\n"
	"       input, one per line; questions then go to stderr.  On a terminal a\n"
	"       refused answer is asked again; 'quit' or the end of input (Ctrl-D)\n"
	"       stops, writing the answers so far as a draft marked incomplete\n"
	"       (exit 1), which --resume DRAFT continues.\n"
	"check  checks profiles (docs/profile.md): fields, values, and the ids that\n"
	"       must be in the knowledge base (domain, decision, Annex I act,\n"
	"       standards, controls).\n"
	"fields prints every profile field with its type and allowed values, the\n"
	"       values of the knowledge base included (the generated part of\n"
	"       docs/profile.md).\n"
	"\n"
	"  -o, --output FILE  write the new profile to FILE (refuses to overwrite)\n"
	"  --resume DRAFT     take the answers of DRAFT, ask only the rest\n"
	"  --catalog DIR      read the knowledge base from DIR, not the built-in copy\n"
	"\n"
	"exit codes: 0 ok, 1 a profile is invalid (check) or only a draft was\n"
	"written (new), 2 usage error, 3 error\n"
	"(check: a profile that cannot be read).\n";

/* Fail before the interview, not after it, when FILE's directory cannot take it. */
static int check_writable_dir(const char *file)
{
	const char *slash = strrchr(file, '/');
	char dir[4096];

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == file)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - file) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - file), file);
	else
		return cli_error("cannot write '%s': name too long", file);
	if (access(dir, W_OK) != 0)
		return cli_error("cannot write '%s': %s", file, strerror(errno));
	return CLI_OK;
}

struct asker {
	FILE *in;
	FILE *out;   /* where questions go */
	bool tty;
	int asked;
};

static int ask_line(void *ctx, const struct aisec_question *q, struct aisec_buf *answer)
{
	struct asker *a = ctx;
	char line[1024];
	size_t len;

	if (q->error) {
		fprintf(a->out, "  ! %s\n", q->error);
		if (!a->tty)
			return AISEC_ERR_INVALID;
	}
	if (q->section && !q->error)
		fprintf(a->out, "\n== %s ==\n", q->section);
	fprintf(a->out, "%s", q->prompt);
	if (q->choices && q->kind != AISEC_ANSWER_YESNO) {
		fputs("\n", a->out);
		for (size_t i = 0; q->choices[i]; i++)
			fprintf(a->out, "  %2zu) %s\n", i + 1, q->choices[i]);
	}
	if (q->help)
		fprintf(a->out, "%s(%s)", q->choices ? "" : " ", q->help);
	if (q->kind == AISEC_ANSWER_YESNO)
		fputs(" [y/n]", a->out);
	if (q->def)
		fprintf(a->out, " [%s]", q->def);
	fputs(": ", a->out);
	fflush(a->out);
	a->asked++;
	if (!fgets(line, sizeof(line), a->in)) {
		if (!a->tty)
			fputc('\n', a->out);
		return AISEC_ERR_IO;
	}
	len = strcspn(line, "\r\n");
	if (!a->tty)
		fprintf(a->out, "%.*s\n", (int)len, line);
	else if (len == 4 && strncmp(line, "quit", 4) == 0)
		return AISEC_ERR_IO; /* stop here; the answers so far become a draft */
	return aisec_buf_add(answer, line, len);
}

static int profile_new(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'}, {"catalog", required_argument, NULL, 'c'},
		{"resume", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}
	};
	const char *output = NULL, *catdir = NULL, *resume = NULL;
	struct aisec_buf prev;
	bool draft = false;
	struct asker a = {stdin, stderr, false, 0};
	struct aisec_catalog *cat;
	struct aisec_error err;
	struct aisec_buf y;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		if (c == 'o')
			output = optarg;
		else if (c == 'c')
			catdir = optarg;
		else if (c == 'r')
			resume = optarg;
		else
			return cli_bad_option("profile", "new", c, argv);
	}
	if (optind != argc)
		return cli_usage("profile", "unexpected argument '%s'", argv[optind]);
	if (output && access(output, F_OK) == 0)
		return cli_error("'%s' exists; not overwriting it", output);
	if (output && (ret = check_writable_dir(output)) != CLI_OK)
		return ret;
	a.tty = isatty(STDIN_FILENO);
	if (a.tty && output)
		a.out = stdout;
	aisec_buf_init(&prev, 1 << 20);
	aisec_error_clear(&err);
	if (resume && aisec_file_read(resume, &prev, &err) != 0) {
		aisec_buf_release(&prev);
		return cli_error_from(&err);
	}
	cat = cli_catalog_load(catdir, 0);
	if (!cat) {
		aisec_buf_release(&prev);
		return CLI_ERROR;
	}
	aisec_buf_init(&y, 0);
	ret = aisec_profile_interview_resume(cat, ask_line, &a, resume ? prev.data : NULL, prev.len,
					     &y, &draft, &err);
	if (ret) {
		ret = cli_error_from(&err);
	} else if (output) {
		ret = aisec_file_write_atomic(output, y.data, y.len, 0644, &err) ? cli_error_from(&err)
										  : CLI_OK;
		if (ret == CLI_OK && !draft)
			fprintf(a.out, "\nwrote %s (%d answers)\n", output, a.asked);
	} else {
		fwrite(y.data, 1, y.len, stdout);
		ret = fflush(stdout) ? cli_error("cannot write to standard output") : CLI_OK;
	}
	if (ret == CLI_OK && draft) {
		fprintf(stderr, "aisec: profile incomplete: the answers so far are a draft in %s; "
				"continue with 'aisec profile new --resume %s -o NEW'\n",
			output ? output : "standard output", output ? output : "DRAFT");
		ret = CLI_NEGATIVE;
	}
	aisec_buf_release(&prev);
	aisec_buf_release(&y);
	aisec_catalog_free(cat);
	return ret;
}

/* Options of a subcommand that takes only --catalog DIR; non-zero after a usage error. */
static int catalog_option(int argc, char **argv, const char *sub, const char **catdir)
{
	static const struct option longopts[] = {
		{"catalog", required_argument, NULL, 'c'}, {NULL, 0, NULL, 0}
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'c')
			return cli_bad_option("profile", sub, c, argv);
		*catdir = optarg;
	}
	return 0;
}

static int profile_check(int argc, char **argv)
{
	const char *catdir = NULL;
	struct aisec_catalog *cat;
	int bad = 0, unreadable = 0;

	if (catalog_option(argc, argv, "check", &catdir))
		return CLI_USAGE;
	if (optind == argc)
		return cli_usage("profile", "check: no profile given");
	cat = cli_catalog_load(catdir, 0);
	if (!cat)
		return CLI_ERROR;
	for (int i = optind; i < argc; i++) {
		struct aisec_profile *p = NULL;
		struct aisec_error err;

		aisec_error_clear(&err);
		if (aisec_profile_load(argv[i], &p, &err) || aisec_profile_check(cat, p, &err)) {
			cli_error_from(&err);
			/* a file that cannot be read is an error, not an invalid profile */
			if (err.code == AISEC_ERR_IO || err.code == AISEC_ERR_NOTFOUND ||
			    err.code == AISEC_ERR_NOMEM || err.code == AISEC_ERR_LIMIT)
				unreadable++;
			else
				bad++;
		} else {
			printf("%s: ok\n", argv[i]);
		}
		aisec_profile_free(p);
	}
	aisec_catalog_free(cat);
	return unreadable ? CLI_ERROR : bad ? CLI_NEGATIVE : CLI_OK;
}

static int profile_fields(int argc, char **argv)
{
	const char *catdir = NULL;
	struct aisec_catalog *cat;
	struct aisec_error err;
	struct aisec_buf b;
	int ret;

	if (catalog_option(argc, argv, "fields", &catdir))
		return CLI_USAGE;
	if (optind != argc)
		return cli_usage("profile", "unexpected argument '%s'",
				 argv[optind]);
	cat = cli_catalog_load(catdir, 0);
	if (!cat)
		return CLI_ERROR;
	aisec_buf_init(&b, 0);
	aisec_error_clear(&err);
	if (aisec_profile_fields(cat, &b, &err)) {
		ret = cli_error_from(&err);
	} else {
		fwrite(b.data, 1, b.len, stdout);
		ret = fflush(stdout)
			  ? cli_error("cannot write to standard output")
			  : CLI_OK;
	}
	aisec_buf_release(&b);
	aisec_catalog_free(cat);
	return ret;
}

int cmd_profile(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("profile", "expected 'new' or 'check'");
	if (strcmp(argv[1], "new") == 0)
		return profile_new(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return profile_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "fields") == 0)
		return profile_fields(argc - 1, argv + 1);
	return cli_usage(
	    "profile", "unknown subcommand '%s' (new, check, fields)", argv[1]);
}
