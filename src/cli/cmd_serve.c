/*
 * cmd_serve.c - `aisec serve`: the dashboard and JSON REST API of a
 * workspace (docs/serve.md).  Starts the server, says where it listens and
 * runs until SIGINT or SIGTERM.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/serve.h"
#include "cli/cli.h"

const char cli_serve_usage[] =
    "usage: aisec serve --workspace W [OPTIONS]\n\n"
    "Serve the dashboard (portfolio, systems, catalog) and the JSON API of\n"
    "workspace W (a SQLite file or a postgresql:// URL) until SIGINT or "
    "SIGTERM.\n"
    "Sign in with a token from 'aisec workspace token create'.\n\n"
    "options:\n"
    "  --workspace W        the workspace (default: $AISEC_WORKSPACE)\n"
    "  --listen HOST:PORT   address to bind (default 127.0.0.1:8080; port 0:\n"
    "                       any free port); only loopback unless "
    "--allow-remote\n"
    "  --allow-remote       accept a non-loopback address (needs TLS)\n"
    "  --tls-cert FILE      PEM certificate chain: serve HTTPS\n"
    "  --tls-key FILE       PEM private key of the certificate\n"
    "  --threads N          worker threads (default 2)\n"
    "  --timeout S          close idle or stalled connections after S seconds\n"
    "                       (default 10)\n"
    "  --max-body SIZE      largest request body, K/M units (default 64K)\n"
    "  --port-file FILE     write the port to FILE once listening\n"
    "  --today YYYY-MM-DD   the date for token and decision expiry (tests)\n\n"
    "exit: 0 stopped by a signal, 2 usage (a refused address included),\n"
    "3 workspace, certificate or bind error\n";

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"workspace", required_argument, NULL, 'w'},
	    {"listen", required_argument, NULL, 'l'},
	    {"allow-remote", no_argument, NULL, 'R'},
	    {"tls-cert", required_argument, NULL, 'c'},
	    {"tls-key", required_argument, NULL, 'k'},
	    {"threads", required_argument, NULL, 't'},
	    {"timeout", required_argument, NULL, 'T'},
	    {"max-body", required_argument, NULL, 'b'},
	    {"port-file", required_argument, NULL, 'p'},
	    {"today", required_argument, NULL, 'd'},
	    {NULL, 0, NULL, 0}};
	struct aisec_serve_options o = {0};
	struct aisec_serve *srv = NULL;
	struct aisec_error err;
	const char *port_file = NULL;
	sigset_t set;
	uint64_t v;
	int c, sig, ret;

	optind = 1;
	opterr = 0;
	o.workspace = getenv("AISEC_WORKSPACE");
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			o.workspace = optarg;
			break;
		case 'l':
			o.listen = optarg;
			break;
		case 'R':
			o.allow_remote = true;
			break;
		case 'c':
			o.tls_cert = optarg;
			break;
		case 'k':
			o.tls_key = optarg;
			break;
		case 'p':
			port_file = optarg;
			break;
		case 'd':
			o.today = optarg;
			break;
		case 't':
			if (aisec_parse_u64(optarg, &v) != 0 || v < 1 || v > 64)
				return cli_bad_option("serve", NULL, c, argv);
			o.threads = (unsigned)v;
			break;
		case 'T':
			if (aisec_parse_u64(optarg, &v) != 0 || v < 1 ||
			    v > 3600)
				return cli_bad_option("serve", NULL, c, argv);
			o.timeout_s = (unsigned)v;
			break;
		case 'b':
			if (aisec_parse_size(optarg, (uint64_t)64 << 20, &v) !=
			    0)
				return cli_bad_option("serve", NULL, c, argv);
			o.max_body = (size_t)v;
			break;
		default:
			return cli_bad_option("serve", NULL, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage("serve", "unexpected argument '%s'",
				 argv[optind]);
	if (!o.workspace || !*o.workspace)
		return cli_usage(
		    "serve", "no workspace: --workspace W or AISEC_WORKSPACE");
	/* the server's threads inherit the blocked signals; this thread waits
	 * for them */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	aisec_error_clear(&err);
	ret = aisec_serve_start(&o, &srv, &err);
	if (ret != 0)
		return ret == AISEC_ERR_USAGE
			   ? cli_usage("serve", "%s", err.msg)
			   : cli_error_from(&err);
	if (port_file) {
		FILE *f = fopen(port_file, "w");

		if (!f || fprintf(f, "%u\n", aisec_serve_port(srv)) < 0 ||
		    fclose(f) != 0) {
			aisec_serve_stop(srv);
			return cli_error("cannot write the port to '%s'",
					 port_file);
		}
	}
	fprintf(
	    stderr,
	    "aisec: serving %s://%s:%u/ (workspace '%s'); stop with Ctrl-C\n",
	    aisec_serve_scheme(srv),
	    o.listen && o.listen[0] == '[' ? "[::1]" : "127.0.0.1",
	    aisec_serve_port(srv), o.workspace);
	sigwait(&set, &sig);
	aisec_serve_stop(srv);
	fprintf(stderr, "aisec: stopped (%s)\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	return CLI_OK;
}
