/*
 * pdf.c - `--format pdf`: the HTML report printed to PDF by a headless
 * Chromium, the same engine and print stylesheet (A4) a reviewer gets from
 * "print to PDF".  aisec renders no PDF itself; without a Chromium it says
 * so and exits 3.  Chromium runs in a private temporary folder (its profile,
 * the HTML and the PDF), without network access to anything: the report is
 * self-contained and carries a strict Content-Security-Policy.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aisec/file.h"
#include "cli/cli.h"

extern char **environ;

#define PDF_TIMEOUT_S 120

/* $AISEC_CHROMIUM, else the first Chromium on PATH; NULL when none. */
static char *find_chromium(void)
{
	static const char *const names[] = {"chromium", "chromium-browser",
					    "google-chrome",
					    "google-chrome-stable", NULL};
	const char *env = getenv("AISEC_CHROMIUM");
	const char *path = getenv("PATH");
	char *dirs, *save = NULL;

	if (env && *env)
		return access(env, X_OK) == 0 ? strdup(env) : NULL;
	if (!path || !(dirs = strdup(path)))
		return NULL;
	for (char *d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		for (size_t i = 0; names[i]; i++) {
			char *p;

			if (asprintf(&p, "%s/%s", *d ? d : ".", names[i]) < 0)
				continue;
			if (access(p, X_OK) == 0) {
				free(dirs);
				return p;
			}
			free(p);
		}
	}
	free(dirs);
	return NULL;
}

/* Run argv with stdout and stderr to `log`; its exit status, or -1. */
static int run_wait(char *const argv[], const char *log)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;
	time_t end = time(NULL) + PDF_TIMEOUT_S;

	if (posix_spawn_file_actions_init(&fa))
		return -1;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return -1;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (w < 0 && errno != EINTR)
			return -1;
		if (time(NULL) > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(50 * 1000);
	}
}

/* Remove the temporary folder (Chromium's profile inside it too). */
static void remove_tree(const char *dir)
{
	char *argv[] = {"/bin/rm", "-rf", (char *)dir, NULL};
	pid_t pid;
	int st;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) == 0)
		waitpid(pid, &st, 0);
}

int cli_html_to_pdf(const struct aisec_buf *html, struct aisec_buf *pdf)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = NULL;
	char *exe = find_chromium();
	struct aisec_error err;
	char *in = NULL, *out = NULL, *log = NULL, *url = NULL, *opt_pdf = NULL,
	     *opt_prof = NULL;
	int ret = CLI_ERROR, st;

	if (!exe)
		return cli_error("--format pdf prints the HTML report with a "
				 "headless Chromium, and "
				 "none was found (chromium, chromium-browser "
				 "or google-chrome on "
				 "PATH, or AISEC_CHROMIUM): install Debian's "
				 "chromium, or write "
				 "--format html and print it from a browser");
	if (asprintf(&dir, "%s/aisec-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0)
		dir = NULL;
	if (!dir || !mkdtemp(dir)) {
		free(dir);
		free(exe);
		return cli_error(
		    "--format pdf: cannot make a temporary folder: %s",
		    strerror(errno));
	}
	if (asprintf(&in, "%s/report.html", dir) < 0 ||
	    asprintf(&out, "%s/report.pdf", dir) < 0 ||
	    asprintf(&log, "%s/chromium.log", dir) < 0 ||
	    asprintf(&url, "file://%s", in) < 0 ||
	    asprintf(&opt_pdf, "--print-to-pdf=%s", out) < 0 ||
	    asprintf(&opt_prof, "--user-data-dir=%s/profile", dir) < 0) {
		cli_error("out of memory");
		goto done;
	}
	if (aisec_file_write_atomic(in, html->data, html->len, 0600, &err)) {
		cli_error("--format pdf: %s", err.msg);
		goto done;
	}
	{
		/* --no-sandbox: Chromium's sandbox needs user namespaces, often
		 * missing in containers and CI; the page runs no script */
		char *argv[] = {exe,
				"--headless",
				"--no-sandbox",
				"--disable-gpu",
				"--no-pdf-header-footer",
				"--no-first-run",
				opt_prof,
				opt_pdf,
				url,
				NULL};

		st = run_wait(argv, log);
	}
	if (st != 0 || aisec_file_read(out, pdf, &err) || pdf->len < 5 ||
	    memcmp(pdf->data, "%PDF-", 5)) {
		struct aisec_buf l;

		aisec_buf_init(&l, 0);
		(void)aisec_file_read(log, &l, &err); /* what Chromium said, if anything */
		aisec_buf_addch(&l, '\0');
		cli_error("--format pdf: %s did not print the report (exit "
			  "%d)%s%.400s",
			  exe, st, l.len > 1 ? ": " : "",
			  l.len > 1 ? l.data : "");
		aisec_buf_release(&l);
		goto done;
	}
	ret = CLI_OK;
done:
	remove_tree(dir);
	free(dir);
	free(in);
	free(out);
	free(log);
	free(url);
	free(opt_pdf);
	free(opt_prof);
	free(exe);
	return ret;
}
