/*
 * cmd_monitor.c - `aisec monitor`: run a spec over a stream of prediction
 * events (stdin, a file, or a file followed as it grows and rotates),
 * print alerts as JSON lines, append them to a ledger, export Prometheus
 * metrics; replay a recorded log into a results JSON and an HTML report;
 * check a spec.  See docs/monitor.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aisec/ledger.h"
#include "aisec/monitor.h"
#include "cli/cli.h"
#include "cli/monitor_cli.h"

const char cli_monitor_usage[] =
    "usage: aisec monitor SUBCOMMAND ...\n\n"
    "  run SPEC [FILE|-] [--follow] [--idle-exit SECONDS] [--ledger DIR]\n"
    "      [--metrics-listen IPV4:PORT] [--summary FILE]\n"
    "      watch prediction events (JSON lines or CSV as the spec says; stdin\n"
    "      by default) and print each alert as a JSON line; --follow keeps\n"
    "      reading FILE as it grows and after it is rotated or truncated;\n"
    "      --ledger appends every alert to an aisec ledger; --metrics-listen\n"
    "      serves Prometheus metrics on GET /metrics\n"
    "  replay SPEC FILE [--output DIR]\n"
    "      monitor a recorded log and write DIR/monitor.json (summary, "
    "alerts,\n"
    "      time series) and DIR/monitor.html (default DIR: .)\n"
    "  check SPEC\n"
    "      validate a spec and read its reference data set\n"
    "  init --from-assessment PROFILE [--output FILE]\n"
    "      draft a spec from a profile's declared accuracy levels\n\n"
    "Malformed lines are reported on stderr with their line number and "
    "skipped.\n"
    "exit codes: 0 no alert, 1 alerts raised, 2 usage, 3 error.  See "
    "docs/monitor.md.\n";

#define CMD "monitor"
#define MAX_WARN 20

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* ---- options --------------------------------------------------------------
 */

struct opts {
	const char *pos[3];
	int npos;
	const char *ledger, *listen, *summary, *output, *profile;
	double idle_exit;
	bool follow;
};

enum { O_FOLLOW = 256, O_IDLE, O_LEDGER, O_LISTEN, O_SUMMARY, O_FROM };

static int parse_opts(int argc, char **argv, const char *sub, struct opts *o)
{
	static const struct option longopts[] = {
	    {"follow", no_argument, NULL, O_FOLLOW},
	    {"idle-exit", required_argument, NULL, O_IDLE},
	    {"ledger", required_argument, NULL, O_LEDGER},
	    {"metrics-listen", required_argument, NULL, O_LISTEN},
	    {"summary", required_argument, NULL, O_SUMMARY},
	    {"from-assessment", required_argument, NULL, O_FROM},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof *o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		char *end;

		switch (c) {
		case O_FOLLOW:
			o->follow = true;
			break;
		case O_IDLE:
			o->idle_exit = strtod(optarg, &end);
			if (*end || !(o->idle_exit > 0))
				return cli_bad_option(CMD, sub, c, argv);
			break;
		case O_LEDGER:
			o->ledger = optarg;
			break;
		case O_LISTEN:
			o->listen = optarg;
			break;
		case O_SUMMARY:
			o->summary = optarg;
			break;
		case O_FROM:
			o->profile = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		default:
			return cli_bad_option(CMD, sub, c, argv);
		}
	}
	for (; optind < argc; optind++) {
		if (o->npos == 3)
			return cli_usage(CMD, "%s: unexpected argument '%s'",
					 sub, argv[optind]);
		o->pos[o->npos++] = argv[optind];
	}
	return 0;
}

/* ---- alerts -----------------------------------------------------------------
 */

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *alert_json(const struct aisec_monitor_alert *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "time", jnum(a->time));
	json_object_set_new(o, "detector", json_string(a->detector));
	json_object_set_new(o, "test", json_string(a->test));
	json_object_set_new(o, "metric", json_string(a->metric));
	json_object_set_new(o, "client",
			    a->client ? json_string(a->client) : json_null());
	json_object_set_new(o, "statistic", jnum(a->statistic));
	json_object_set_new(o, "bound", jnum(a->bound));
	json_object_set_new(o, "threshold", jnum(a->threshold));
	json_object_set_new(o, "p_value", jnum(a->p_value));
	json_object_set_new(o, "window", json_integer((json_int_t)a->window));
	json_object_set_new(o, "first_event",
			    json_integer((json_int_t)a->first_event));
	json_object_set_new(o, "last_event",
			    json_integer((json_int_t)a->last_event));
	json_object_set_new(o, "message", json_string(a->message));
	return o;
}

static void rfc3339(double t, char *buf, size_t n)
{
	struct tm tm;
	time_t s =
	    isfinite(t) && t > 0 && t < 253402300800.0 ? (time_t)t : time(NULL);

	gmtime_r(&s, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int ledger_append(struct mon_run *r, json_t *alert, double t)
{
	json_t *ev = json_object();
	char when[32], *text;
	int rc;

	rfc3339(t, when, sizeof when);
	json_object_set_new(ev, "time", json_string(when));
	json_object_set_new(ev, "type", json_string("monitor.alert"));
	json_object_set_new(ev, "system", json_string(r->system));
	json_object_set_new(ev, "payload", json_incref(alert));
	text = json_dumps(ev, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(ev);
	if (!text)
		return AISEC_ERR_NOMEM;
	rc = aisec_ledger_append(r->ledger, text, strlen(text), NULL,
				 &r->ledger_err);
	free(text);
	return rc;
}

static void on_alert(void *ctx, const struct aisec_monitor_alert *a)
{
	struct mon_run *r = ctx;
	json_t *o = alert_json(a);

	if (r->out) {
		char *line =
		    json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));

		if (line) {
			fputs(line, r->out);
			fputc('\n', r->out);
			fflush(r->out);
			free(line);
		}
	}
	if (r->ledger && !r->ledger_failed && ledger_append(r, o, a->time) != 0)
		r->ledger_failed = true;
	if (r->alerts && json_array_size(r->alerts) < MON_MAX_ALERTS)
		json_array_append(r->alerts, o);
	json_decref(o);
}

static void on_point(void *ctx, const struct aisec_monitor_point *p)
{
	struct mon_run *r = ctx;
	char key[160];
	json_t *arr, *pt;

	if (!r->series || r->npoints >= MON_MAX_POINTS)
		return;
	snprintf(key, sizeof key, "%s/%s", p->detector, p->metric);
	arr = json_object_get(r->series, key);
	if (!arr) {
		arr = json_array();
		json_object_set_new(r->series, key, arr);
	}
	pt = json_pack("[I,o,o,o,o,b]", (json_int_t)p->last_event,
		       jnum(p->time), jnum(p->value), jnum(p->bound),
		       jnum(p->threshold), p->alert);
	json_array_append_new(arr, pt);
	r->npoints++;
}

/* ---- input
 * ------------------------------------------------------------------- */

static void feed(struct mon_run *r, const char *line, size_t len)
{
	struct aisec_error err;
	int rc;

	aisec_error_clear(&err);
	r->lineno++;
	rc = aisec_monitor_feed_line(r->m, line, len, r->lineno, &err);
	if (rc >= 0)
		return;
	if (++r->warned <= MAX_WARN)
		cli_warn("'%s' %s", r->input, err.msg);
	else if (r->warned == MAX_WARN + 1)
		cli_warn("'%s': more malformed lines, counted in the summary",
			 r->input);
}

/* Feed the complete lines of buf, keep the partial tail. */
static void feed_lines(struct mon_run *r, struct aisec_buf *buf)
{
	size_t start = 0;
	char *nl;

	while ((nl = memchr(buf->data + start, '\n', buf->len - start))) {
		feed(r, buf->data + start, (size_t)(nl - (buf->data + start)));
		start = (size_t)(nl - buf->data) + 1;
	}
	memmove(buf->data, buf->data + start, buf->len - start);
	buf->len -= start;
}

/* Whether `path` now names another file than fd, or was truncated. */
static bool rotated(const char *path, int fd, off_t pos)
{
	struct stat a, b;

	if (stat(path, &a) != 0 || fstat(fd, &b) != 0)
		return false;
	return a.st_ino != b.st_ino || a.st_dev != b.st_dev || a.st_size < pos;
}

int mon_read_input(struct mon_run *r, const char *path, bool follow,
		   double idle_exit)
{
	bool is_stdin = !path || strcmp(path, "-") == 0;
	int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	struct aisec_buf buf;
	double idle = 0.0;
	off_t pos = 0;
	int rc = 0;

	r->input = is_stdin ? "-" : path;
	if (fd < 0)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	aisec_buf_init(&buf, 64u << 20);
	for (;;) {
		ssize_t n;

		if (aisec_buf_grow(&buf, 65536)) {
			rc = cli_error(
			    "'%s' line %llu: line longer than 64 MiB", r->input,
			    (unsigned long long)r->lineno + 1);
			break;
		}
		n = read(fd, buf.data + buf.len, 65536);
		if (n > 0) {
			buf.len += (size_t)n;
			pos += n;
			idle = 0.0;
			feed_lines(r, &buf);
			continue;
		}
		if (n < 0 && errno != EINTR) {
			rc = cli_error("cannot read '%s': %s", r->input,
				       strerror(errno));
			break;
		}
		if (stop_flag || (n == 0 && !follow))
			break;
		if (n == 0 && !is_stdin && rotated(path, fd, pos)) {
			int nfd = open(path, O_RDONLY | O_CLOEXEC);

			if (nfd >= 0) {
				/* the old file's last line had no newline */
				if (buf.len)
					feed(r, buf.data, buf.len);
				buf.len = 0;
				close(fd);
				fd = nfd;
				pos = 0;
				continue;
			}
		}
		if (n == 0) {
			struct timespec ts = {0, 100000000};

			if (idle_exit > 0 && idle >= idle_exit)
				break;
			nanosleep(&ts, NULL);
			idle += 0.1;
		}
	}
	if (rc == 0 && buf.len)
		feed(r, buf.data, buf.len);
	aisec_buf_release(&buf);
	if (!is_stdin)
		close(fd);
	return rc;
}

/* ---- subcommands
 * ---------------------------------------------------------------- */

int mon_open(struct mon_run *r, const char *spec_path, bool quiet_out)
{
	struct aisec_monitor_opts mo = {on_alert, on_point, r};
	struct aisec_error err;

	aisec_error_clear(&err);
	if (aisec_monitor_spec_load(spec_path, &r->spec, &err))
		return cli_error_from(&err);
	r->system = aisec_monitor_spec_system(r->spec);
	r->out = quiet_out ? NULL : stdout;
	r->m = aisec_monitor_new(r->spec, &mo, &err);
	if (!r->m)
		return cli_error_from(&err);
	return 0;
}

void mon_close(struct mon_run *r)
{
	aisec_monitor_free(r->m);
	aisec_monitor_spec_free(r->spec);
	json_decref(r->alerts);
	json_decref(r->series);
}

static int write_summary(struct mon_run *r, const char *path)
{
	struct aisec_buf b;
	struct aisec_error err;
	FILE *f;
	int rc = 0;

	aisec_error_clear(&err);
	aisec_buf_init(&b, 0);
	if (aisec_monitor_summary_json(r->m, &b, &err)) {
		aisec_buf_release(&b);
		return cli_error_from(&err);
	}
	f = strcmp(path, "-") == 0 ? stderr : fopen(path, "w");
	if (!f)
		rc = cli_error("cannot write '%s': %s", path, strerror(errno));
	else {
		fprintf(f, "%s\n", b.data);
		if (f != stderr && fclose(f) != 0)
			rc = cli_error("cannot write '%s'", path);
	}
	aisec_buf_release(&b);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	struct mon_run r = {0};
	struct aisec_monitor_http *http = NULL;
	struct aisec_monitor_counts counts;
	struct aisec_error err;
	struct sigaction sa = {.sa_handler = on_signal};
	struct opts o;
	int rc;

	if ((rc = parse_opts(argc, argv, "run", &o)))
		return rc;
	if (o.npos < 1 || o.npos > 2)
		return cli_usage(CMD, "run: needs SPEC and at most one FILE");
	if (o.follow && (o.npos < 2 || strcmp(o.pos[1], "-") == 0))
		return cli_usage(CMD, "run: --follow needs a FILE");
	aisec_error_clear(&err);
	if ((rc = mon_open(&r, o.pos[0], false)))
		goto out;
	if (o.ledger) {
		struct aisec_ledger_open_opts lo = {
		    .sync = AISEC_LEDGER_SYNC_BATCH};

		r.ledger = aisec_ledger_open(o.ledger, &lo, &err);
		if (!r.ledger) {
			rc = cli_error_from(&err);
			goto out;
		}
	}
	if (o.listen) {
		unsigned port = 0;

		http = aisec_monitor_http_start(r.m, o.listen, &port, &err);
		if (!http) {
			rc = cli_error_from(&err);
			goto out;
		}
		fprintf(stderr, "aisec: metrics on http://%.*s:%u/metrics\n",
			(int)(strrchr(o.listen, ':') - o.listen), o.listen,
			port);
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = mon_read_input(&r, o.npos > 1 ? o.pos[1] : NULL, o.follow,
			    o.idle_exit);
	aisec_monitor_http_stop(http);
	if (rc == 0 && r.ledger_failed)
		rc = cli_error("ledger '%s': %s", o.ledger, r.ledger_err.msg);
	if (r.ledger) {
		if (aisec_ledger_close(r.ledger, &err) && rc == 0)
			rc = cli_error("ledger '%s': %s", o.ledger, err.msg);
		r.ledger = NULL;
	}
	if (rc == 0 && o.summary)
		rc = write_summary(&r, o.summary);
	if (rc == 0) {
		aisec_monitor_counts(r.m, &counts);
		if (counts.malformed)
			cli_warn("'%s': %llu of %llu lines malformed, skipped",
				 r.input, (unsigned long long)counts.malformed,
				 (unsigned long long)r.lineno);
		rc = counts.alerts ? CLI_NEGATIVE : CLI_OK;
	}
out:
	if (r.ledger)
		aisec_ledger_close(r.ledger, &err);
	mon_close(&r);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	struct mon_run r = {0};
	struct opts o;
	int rc;

	if ((rc = parse_opts(argc, argv, "check", &o)))
		return rc;
	if (o.npos != 1)
		return cli_usage(CMD, "check: needs SPEC");
	rc = mon_open(&r, o.pos[0], true);
	if (rc == 0)
		printf("%s: ok\n", o.pos[0]);
	mon_close(&r);
	return rc;
}

int cmd_monitor(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(
		    CMD, "needs a subcommand: run, replay, check, init");
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "replay") == 0) {
		struct opts o;
		int rc = parse_opts(argc - 1, argv + 1, "replay", &o);

		if (rc)
			return rc;
		if (o.npos != 2)
			return cli_usage(CMD, "replay: needs SPEC and FILE");
		return mon_replay(o.pos[0], o.pos[1],
				  o.output ? o.output : ".");
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "init") == 0) {
		struct opts o;
		int rc = parse_opts(argc - 1, argv + 1, "init", &o);

		if (rc)
			return rc;
		if (!o.profile || o.npos)
			return cli_usage(
			    CMD, "init: needs --from-assessment PROFILE");
		return mon_init(o.profile, o.output);
	}
	return cli_usage(CMD, "'%s' is not a subcommand", argv[1]);
}
