/*
 * walk.c - enumerate the regular files of an artefact (a file or a
 * directory tree) with the path rules of OpenSSF Model Signing: relative
 * POSIX paths, valid UTF-8, exact ignore paths, and refusal of symlinks that
 * leave the root, special files and links to directories.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lineage/lineage.h"

int lin_path_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (;; x++, y++) {
		/* the end of a component sorts before any character */
		int cx = *x == '/' ? 1 : *x ? *x + 1 : 0;
		int cy = *y == '/' ? 1 : *y ? *y + 1 : 0;

		if (cx != cy)
			return cx < cy ? -1 : 1;
		if (!cx)
			return 0;
	}
}

bool lin_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, n;
		uint32_t cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (unsigned i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

bool lin_path_is_canonical(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/' || !lin_utf8_valid(p))
		return false;
	while (*c) {
		const char *e = strchr(c, '/');
		size_t len = e ? (size_t)(e - c) : strlen(c);

		if (len == 0 || (len == 1 && c[0] == '.') ||
		    (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		if (!e)
			break;
		c = e + 1;
		if (!*c)
			return false;
	}
	return true;
}

char *lin_path_normalise(const char *p)
{
	size_t n = strlen(p), o = 0;
	char *out = malloc(n + 2);
	const char *c = p;

	if (!out)
		return NULL;
	if (*c == '/')
		out[o++] = '/';
	while (*c) {
		const char *e;
		size_t len;

		while (*c == '/')
			c++;
		if (!*c)
			break;
		e = strchr(c, '/');
		len = e ? (size_t)(e - c) : strlen(c);
		if (!(len == 1 && c[0] == '.')) {
			if (o && out[o - 1] != '/')
				out[o++] = '/';
			memcpy(out + o, c, len);
			o += len;
		}
		c += len;
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return out;
}

static bool ignored(const struct aisec_digest_opts *o, const char *rel)
{
	for (size_t i = 0; i < o->nignore; i++) {
		size_t n = strlen(o->ignore[i]);

		if (strncmp(rel, o->ignore[i], n) == 0 &&
		    (rel[n] == '\0' || rel[n] == '/'))
			return true;
	}
	return false;
}

int lin_walk_skip(struct lin_walk *w, const char *rel, const char *reason)
{
	if (lin_grow((void **)&w->skipped, &w->askipped, w->nskipped + 1,
		     sizeof(*w->skipped)))
		return AISEC_ERR_NOMEM;
	w->skipped[w->nskipped].path = strdup(rel);
	w->skipped[w->nskipped].reason = strdup(reason);
	if (!w->skipped[w->nskipped].path || !w->skipped[w->nskipped].reason) {
		free(w->skipped[w->nskipped].path);
		free(w->skipped[w->nskipped].reason);
		return AISEC_ERR_NOMEM;
	}
	w->nskipped++;
	return 0;
}

static int add_entry(struct lin_walk *w, const char *rel, const char *abs,
		     uint64_t size)
{
	if (lin_grow((void **)&w->v, &w->alloc, w->n + 1, sizeof(*w->v)))
		return AISEC_ERR_NOMEM;
	w->v[w->n].rel = strdup(rel);
	w->v[w->n].abs = strdup(abs);
	w->v[w->n].size = size;
	if (!w->v[w->n].rel || !w->v[w->n].abs) {
		free(w->v[w->n].rel);
		free(w->v[w->n].abs);
		return AISEC_ERR_NOMEM;
	}
	w->n++;
	return 0;
}

struct walk_ctx {
	const struct aisec_digest_opts *o;
	struct lin_walk *w;
	char *real_root; /* realpath of the root directory */
	struct aisec_error *err;
};

static bool inside(const char *real_root, const char *real)
{
	size_t n = strlen(real_root);

	return strncmp(real, real_root, n) == 0 &&
	       (real[n] == '/' || real[n] == '\0' || strcmp(real_root, "/") == 0);
}

/* Handle a non-directory entry; `st` is its lstat. */
static int walk_file(struct walk_ctx *c, const char *rel, const char *abs,
		     struct stat *st)
{
	struct stat t = *st;

	if (S_ISLNK(st->st_mode)) {
		char *real;

		if (c->o->refuse_symlinks)
			return aisec_error_set(c->err, AISEC_ERR_INVALID,
					       "'%s': symbolic links are not "
					       "allowed here",
					       abs);
		real = realpath(abs, NULL);
		if (!real)
			return aisec_error_set(c->err, AISEC_ERR_INVALID,
					       "'%s': dangling symbolic link: %s",
					       abs, strerror(errno));
		if (!inside(c->real_root, real) &&
		    !c->o->follow_external_symlinks) {
			int rc = aisec_error_set(
				c->err, AISEC_ERR_INVALID,
				"'%s': symbolic link points outside the root "
				"('%s'); use --follow-external-symlinks to "
				"hash it anyway",
				abs, real);

			free(real);
			return rc;
		}
		free(real);
		if (stat(abs, &t) != 0)
			return aisec_error_set(c->err, AISEC_ERR_IO,
					       "cannot stat '%s': %s", abs,
					       strerror(errno));
		if (S_ISDIR(t.st_mode))
			return aisec_error_set(c->err, AISEC_ERR_INVALID,
					       "'%s': symbolic link to a "
					       "directory is not followed",
					       abs);
	}
	if (!S_ISREG(t.st_mode)) {
		if (c->o->skip_special)
			return lin_walk_skip(c->w, rel, "special file");
		return aisec_error_set(c->err, AISEC_ERR_INVALID,
				       "'%s': not a regular file (fifo, socket "
				       "or device); use --skip-special to "
				       "leave it out",
				       abs);
	}
	return add_entry(c->w, rel, abs, (uint64_t)t.st_size);
}

static int walk_dir(struct walk_ctx *c, const char *rel, const char *abs)
{
	DIR *d = opendir(abs);
	struct dirent *e;
	struct aisec_buf r, a;
	int rc = 0;

	if (!d) {
		if (c->o->skip_unreadable && *rel)
			return lin_walk_skip(c->w, rel, strerror(errno));
		return aisec_error_set(c->err, AISEC_ERR_IO,
				       "cannot read directory '%s': %s", abs,
				       strerror(errno));
	}
	aisec_buf_init(&r, PATH_MAX * 4);
	aisec_buf_init(&a, PATH_MAX * 4);
	while (!rc && (errno = 0, e = readdir(d))) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		aisec_buf_reset(&r);
		aisec_buf_reset(&a);
		if ((*rel && aisec_buf_addf(&r, "%s/", rel)) ||
		    aisec_buf_adds(&r, e->d_name) ||
		    aisec_buf_addf(&a, "%s/%s", abs, e->d_name)) {
			rc = aisec_error_set(c->err, AISEC_ERR_LIMIT,
					     "path too long under '%s'", abs);
			break;
		}
		if (ignored(c->o, r.data))
			continue;
		if (!lin_utf8_valid(e->d_name)) {
			rc = aisec_error_set(c->err, AISEC_ERR_INVALID,
					     "'%s': file name is not valid "
					     "UTF-8",
					     a.data);
			break;
		}
		if (lstat(a.data, &st) != 0) {
			rc = aisec_error_set(c->err, AISEC_ERR_IO,
					     "cannot stat '%s': %s", a.data,
					     strerror(errno));
			break;
		}
		if (S_ISDIR(st.st_mode))
			rc = walk_dir(c, r.data, a.data);
		else
			rc = walk_file(c, r.data, a.data, &st);
	}
	if (!rc && errno)
		rc = aisec_error_set(c->err, AISEC_ERR_IO,
				     "cannot read directory '%s': %s", abs,
				     strerror(errno));
	closedir(d);
	aisec_buf_release(&r);
	aisec_buf_release(&a);
	return rc;
}

static int entry_cmp(const void *a, const void *b)
{
	return lin_path_cmp(((const struct lin_entry *)a)->rel,
			    ((const struct lin_entry *)b)->rel);
}

int lin_walk(const char *root, const struct aisec_digest_opts *o,
	     struct lin_walk *w, struct aisec_error *err)
{
	struct walk_ctx c = {o, w, NULL, err};
	struct stat st;
	int rc;

	memset(w, 0, sizeof(*w));
	if (stat(root, &st) != 0)
		return aisec_error_set(err, errno == ENOENT ? AISEC_ERR_NOTFOUND
							    : AISEC_ERR_IO,
				       "cannot open '%s': %s", root,
				       strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		struct stat lst;

		if (lstat(root, &lst) == 0 && S_ISLNK(lst.st_mode) &&
		    o->refuse_symlinks)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "'%s': symbolic links are not "
					       "allowed here",
					       root);
		if (!S_ISREG(st.st_mode))
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "'%s': not a regular file or "
					       "directory",
					       root);
		return add_entry(w, "", root, (uint64_t)st.st_size);
	}
	w->is_dir = true;
	c.real_root = realpath(root, NULL);
	if (!c.real_root)
		return aisec_error_set(err, AISEC_ERR_IO, "cannot resolve '%s': %s",
				       root, strerror(errno));
	rc = walk_dir(&c, "", root);
	free(c.real_root);
	if (rc == AISEC_ERR_NOMEM)
		aisec_error_set(err, rc, "out of memory");
	if (rc) {
		lin_walk_release(w);
		return rc;
	}
	qsort(w->v, w->n, sizeof(*w->v), entry_cmp);
	return 0;
}

void lin_walk_release(struct lin_walk *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].rel);
		free(w->v[i].abs);
	}
	for (size_t i = 0; i < w->nskipped; i++) {
		free(w->skipped[i].path);
		free(w->skipped[i].reason);
	}
	free(w->v);
	free(w->skipped);
	memset(w, 0, sizeof(*w));
}
