/*
 * proc.c - the local-process target: the child reads one JSON request per
 * line on stdin ({"instances": [[...], ...]}) and writes one answer per
 * line on stdout ({"predictions": [...]}).  A child that dies or stays
 * silent past the timeout is an error that says so (and how it died).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe/probe_int.h"

int probe_proc_start(struct aisec_probe_target *t, char *const *argv,
		     struct aisec_error *err)
{
	int in[2], out[2];
	pid_t pid;

	if (!argv || !argv[0])
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "process target: no program");
	if (pipe2(in, O_CLOEXEC) != 0)
		return aisec_error_set(err, AISEC_ERR_IO, "pipe: %s",
				       strerror(errno));
	if (pipe2(out, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		return aisec_error_set(err, AISEC_ERR_IO, "pipe: %s",
				       strerror(errno));
	}
	pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		return aisec_error_set(err, AISEC_ERR_IO, "fork: %s",
				       strerror(errno));
	}
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	t->pid = pid;
	t->to_child = in[1];
	t->from_child = out[0];
	return 0;
}

static int child_gone(struct aisec_probe_target *t, struct aisec_error *err)
{
	int st = 0;
	pid_t pid = t->pid;

	if (waitpid(pid, &st, 0) == pid) {
		t->pid = 0;
		if (WIFSIGNALED(st))
			return aisec_error_set(
			    err, AISEC_ERR_IO,
			    "process target '%s' crashed (signal %d)",
			    t->o.argv[0], WTERMSIG(st));
		return aisec_error_set(
		    err, AISEC_ERR_IO,
		    "process target '%s' exited with status %d without "
		    "answering",
		    t->o.argv[0], WEXITSTATUS(st));
	}
	return aisec_error_set(err, AISEC_ERR_IO,
			       "process target '%s' closed its output",
			       t->o.argv[0]);
}

int probe_proc_query(struct aisec_probe_target *t, const char *req, size_t len,
		     struct aisec_buf *answer, struct aisec_error *err)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	double deadline =
	    probe_now() +
	    (double)(t->o.timeout_ms ? t->o.timeout_ms : 30000) / 1e3;
	size_t off = 0;
	int ret = 0;

	if (!t->pid)
		return aisec_error_set(err, AISEC_ERR_IO,
				       "process target '%s' is not running",
				       t->o.argv[0]);
	sigaction(SIGPIPE, &ign,
		  &old); /* a dead child is reported, not fatal */
	while (off < len) {
		ssize_t w = write(t->to_child, req + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ret = child_gone(t, err);
			goto out;
		}
		off += (size_t)w;
	}
	for (;;) {
		char *nl = memchr(t->pending.data, '\n', t->pending.len);
		struct pollfd pfd = {.fd = t->from_child, .events = POLLIN};
		char chunk[65536];
		double left;
		ssize_t r;

		if (nl) {
			size_t line = (size_t)(nl - t->pending.data);

			if ((ret = aisec_buf_add(answer, t->pending.data,
						 line)) != 0)
				goto out;
			memmove(t->pending.data, nl + 1,
				t->pending.len - line - 1);
			t->pending.len -= line + 1;
			t->pending.data[t->pending.len] = '\0';
			goto out;
		}
		left = deadline - probe_now();
		if (left <= 0 || poll(&pfd, 1, (int)(left * 1e3) + 1) == 0) {
			ret = aisec_error_set(
			    err, AISEC_ERR_IO,
			    "process target '%s': no answer within %ld ms",
			    t->o.argv[0],
			    t->o.timeout_ms ? t->o.timeout_ms : 30000);
			goto out;
		}
		r = read(t->from_child, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			ret = child_gone(t, err);
			goto out;
		}
		if (aisec_buf_add(&t->pending, chunk, (size_t)r) != 0) {
			ret = aisec_error_set(
			    err, AISEC_ERR_LIMIT,
			    "process target '%s': answer line too long",
			    t->o.argv[0]);
			goto out;
		}
	}
out:
	sigaction(SIGPIPE, &old, NULL);
	return ret;
}

void probe_proc_stop(struct aisec_probe_target *t)
{
	if (t->to_child > 0)
		close(t->to_child);
	if (t->pid) {
		/* EOF on stdin asks it to leave; give it a moment, then insist
		 */
		for (int i = 0; i < 50; i++) {
			if (waitpid(t->pid, NULL, WNOHANG) == t->pid) {
				t->pid = 0;
				break;
			}
			usleep(10000);
		}
		if (t->pid) {
			kill(t->pid, SIGKILL);
			waitpid(t->pid, NULL, 0);
		}
	}
	if (t->from_child > 0)
		close(t->from_child);
	t->pid = 0;
	t->to_child = t->from_child = -1;
}
