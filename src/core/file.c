/*
 * file.c - whole-file reads and durable, atomic writes.  Reads accept only
 * regular files and never block on a FIFO; writes never follow a link or
 * replace anything but a regular file (issue 16).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "core/core.h"

/*
 * Open `path` for reading without ever blocking (a FIFO without a writer
 * would wait forever) and insist on a regular file: every caller expects
 * one, and a device like /dev/zero never ends.
 */
static int open_regular(const char *path, struct stat *st,
			struct aisec_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return aisec_error_set(
		    err, errno == ENOENT ? AISEC_ERR_NOTFOUND : AISEC_ERR_IO,
		    "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, st) != 0) {
		int e = errno;

		close(fd);
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot read '%s': %s", path,
				       strerror(e));
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return aisec_error_set(
		    err, AISEC_ERR_IO, "cannot read '%s': %s", path,
		    S_ISDIR(st->st_mode) ? "is a directory"
					 : "not a regular file");
	}
	return fd;
}

static int read_capped(const char *path, size_t max, struct aisec_buf *out,
		       struct aisec_error *err)
{
	size_t start = out->len;
	struct stat st;
	int fd, rc = 0;

	fd = open_regular(path, &st, err);
	if (fd < 0)
		return fd;
	if (max && (uint64_t)st.st_size > max) {
		close(fd);
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "cannot read '%s': larger than the "
				       "limit of %zu bytes for this file",
				       path, max);
	}
	if (st.st_size > 0) {
		rc = aisec_buf_grow(out, (size_t)st.st_size);
		if (rc)
			goto fail;
	}
	for (;;) {
		ssize_t n;

		rc = aisec_buf_grow(out, 65536);
		if (rc)
			goto fail;
		n = read(fd, out->data + out->len, out->alloc - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = aisec_error_set(err, AISEC_ERR_IO,
					     "cannot read '%s': %s", path,
					     strerror(errno));
			close(fd);
			return rc;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		/* the file may grow while we read it */
		if (max && out->len - start > max) {
			close(fd);
			return aisec_error_set(
			    err, AISEC_ERR_LIMIT,
			    "cannot read '%s': larger than the limit of %zu "
			    "bytes for this file",
			    path, max);
		}
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return aisec_error_set(err, rc, "cannot read '%s': %s", path,
			       aisec_strerror(rc));
}

int aisec_file_read(const char *path, struct aisec_buf *out,
		    struct aisec_error *err)
{
	return read_capped(path, 0, out, err);
}

int aisec_file_read_small(const char *path, struct aisec_buf *out,
			  struct aisec_error *err)
{
	return read_capped(path, AISEC_FILE_SMALL_MAX, out, err);
}

int aisec_file_read_max(const char *path, size_t max, struct aisec_buf *out,
			struct aisec_error *err)
{
	return read_capped(path, max, out, err);
}

static int fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int aisec_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * `path` is a character device or a FIFO (a pipe), or a symbolic link to
 * one of these or to a regular file (/dev/stdout, a link the user made):
 * write into what it names -- it is never replaced, and a link stays.
 */
static int write_through(const char *path, const void *data, size_t len,
			 struct aisec_error *err)
{
	struct stat st;
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot open '%s': %s", path,
				       strerror(errno));
	if (fstat(fd, &st) != 0 ||
	    !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) ||
	      S_ISREG(st.st_mode)))
		rc = aisec_error_set(
		    err, AISEC_ERR_IO,
		    "cannot write '%s': changed while it was opened", path);
	else if (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0)
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     path, strerror(errno));
	else if (aisec_write_all(fd, data, len) != 0 ||
		 (S_ISREG(st.st_mode) && fsync(fd) != 0))
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     path, strerror(errno));
	if (close(fd) != 0 && !rc)
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     path, strerror(errno));
	return rc;
}

/*
 * What stands at the target of an atomic write: nothing or a regular file
 * (0: create or replace, its permission bits kept in *keep_mode); a
 * stream, or a link to a stream or a regular file (1: write through);
 * anything else is refused (negative, err set).
 */
static int classify_target(const char *path, unsigned *keep_mode,
			   struct aisec_error *err)
{
	struct stat st;

	*keep_mode = 0;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot write '%s': %s", path,
				       strerror(errno));
	}
	if (S_ISREG(st.st_mode)) {
		*keep_mode = (unsigned)st.st_mode & 07777u;
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		bool to = stat(path, &st) == 0;

		if (to && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) ||
			   S_ISREG(st.st_mode)))
			return 1;
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot write '%s': a symbolic link to "
				       "%s, which is never replaced",
				       path,
				       !to ? "nothing"
				       : S_ISDIR(st.st_mode)
					   ? "a directory"
					   : "a special file");
	}
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
		return 1;
	return aisec_error_set(
	    err, AISEC_ERR_IO, "cannot write '%s': %s, which is never replaced",
	    path,
	    S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
}

/* Create an unpredictable temporary name next to `path`, exclusively. */
static int create_temp(const char *path, unsigned mode, struct aisec_buf *tmp,
		       struct aisec_error *err)
{
	for (int attempt = 0; attempt < 16; attempt++) {
		uint8_t r[12];
		int fd, rc;

		if (RAND_bytes(r, sizeof(r)) != 1)
			return aisec_error_set(
			    err, AISEC_ERR_CRYPTO,
			    "cannot write '%s': no random bytes", path);
		aisec_buf_reset(tmp);
		rc = aisec_buf_addf(tmp, "%s.tmp.", path);
		if (!rc)
			rc = aisec_buf_addhex(tmp, r, sizeof(r));
		if (rc)
			return aisec_error_set(err, rc, "cannot write '%s': %s",
					       path, aisec_strerror(rc));
		/* O_EXCL|O_NOFOLLOW: a file or link planted there is never used
		 */
		fd = open(tmp->data,
			  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  mode);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return aisec_error_set(err, AISEC_ERR_IO,
					       "cannot create '%s': %s", path,
					       strerror(errno));
	}
	return aisec_error_set(err, AISEC_ERR_IO,
			       "cannot create '%s': no free temporary name",
			       path);
}

int aisec_file_write_atomic(const char *path, const void *data, size_t len,
			    unsigned mode, struct aisec_error *err)
{
	struct aisec_buf tmp;
	unsigned keep, now;
	int fd, rc;

	rc = classify_target(path, &keep, err);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return write_through(path, data, len, err);
	aisec_buf_init(&tmp, 0);
	fd = create_temp(path, mode, &tmp, err);
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	/* a replaced file keeps its permissions (a private file stays private)
	 */
	if (keep && fchmod(fd, keep) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     path, strerror(errno));
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	if (aisec_write_all(fd, data, len) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     path, strerror(errno));
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot sync '%s': %s",
				     path, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	/* checked again just before: nothing but a regular file is replaced */
	rc = classify_target(path, &now, err);
	if (rc != 0) {
		if (rc == 1)
			rc = aisec_error_set(
			    err, AISEC_ERR_IO,
			    "cannot write '%s': changed while it was written",
			    path);
		unlink(tmp.data);
		goto out;
	}
	if (rename(tmp.data, path) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO,
				     "cannot replace '%s': %s", path,
				     strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	if (fsync_dir_of(path) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO,
				     "cannot sync directory of '%s': %s", path,
				     strerror(errno));
		goto out;
	}
	rc = 0;
out:
	aisec_buf_release(&tmp);
	return rc;
}

int aisec_mkdirs(const char *path, struct aisec_error *err)
{
	char *copy;
	struct stat st;
	int rc = 0;

	/* the loop below starts after the first byte, which "" does not have */
	if (!*path)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "empty directory path");
	copy = strdup(path);
	if (!copy)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (char *s = copy + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
			rc = aisec_error_set(err, AISEC_ERR_IO,
					     "cannot create directory '%s': %s",
					     copy, strerror(errno));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (!rc && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = aisec_error_set(err, AISEC_ERR_IO,
				     "'%s' is not a directory", path);
	free(copy);
	return rc;
}
