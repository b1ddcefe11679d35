/* file.c - whole-file reads and durable, atomic writes. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"

int aisec_file_read(const char *path, struct aisec_buf *out,
		    struct aisec_error *err)
{
	int fd, rc = 0;
	struct stat st;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return aisec_error_set(err, errno == ENOENT ? AISEC_ERR_NOTFOUND
							    : AISEC_ERR_IO,
				       "cannot open '%s': %s", path,
				       strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot read '%s': is a directory", path);
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
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
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return aisec_error_set(err, rc, "cannot read '%s': %s", path,
			       aisec_strerror(rc));
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

int aisec_file_write_atomic(const char *path, const void *data, size_t len,
			    unsigned mode, struct aisec_error *err)
{
	struct aisec_buf tmp;
	const char *p = data;
	int fd, rc;

	aisec_buf_init(&tmp, 0);
	rc = aisec_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	if (rc)
		return aisec_error_set(err, rc, "cannot write '%s': %s", path,
				       aisec_strerror(rc));
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot create '%s': %s",
				     path, strerror(errno));
		goto out;
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = aisec_error_set(err, AISEC_ERR_IO,
					     "cannot write '%s': %s", path,
					     strerror(errno));
			close(fd);
			unlink(tmp.data);
			goto out;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot sync '%s': %s",
				     path, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	if (rename(tmp.data, path) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot replace '%s': %s",
				     path, strerror(errno));
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
	char *copy = strdup(path);
	struct stat st;
	int rc = 0;

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
		rc = aisec_error_set(err, AISEC_ERR_IO, "'%s' is not a directory",
				     path);
	free(copy);
	return rc;
}
