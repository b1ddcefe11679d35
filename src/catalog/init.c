/*
 * init.c - an editable copy of the built-in knowledge base: the YAML files
 * compiled into the library, written out under a new directory for a user
 * to edit and load with --catalog DIR (docs/catalog-format.md).
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/catalog_int.h"
#include "catalog/embedded.h"
#include "core/core.h"

/* True when `dir` exists and holds anything. */
static bool not_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool any = false;

	if (!d)
		return errno != ENOENT;
	while (!any && (e = readdir(d)))
		any =
		    strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return any;
}

int aisec_catalog_write_copy(const char *dir, size_t *nfiles,
			     struct aisec_error *err)
{
	struct aisec_buf path;
	int rc = 0;

	if (nfiles)
		*nfiles = 0;
	if (not_empty(dir))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "'%s' exists and is not empty: give a new directory", dir);
	aisec_buf_init(&path, 0);
	for (const struct aisec_embedded_file *f = aisec_embedded_files;
	     !rc && f->name; f++) {
		char *slash;

		aisec_buf_reset(&path);
		aisec_buf_addf(&path, "%s/%s", dir, f->name);
		slash = strrchr(path.data, '/');
		*slash = '\0';
		rc = aisec_mkdirs(path.data, err);
		*slash = '/';
		if (!rc)
			rc = aisec_file_write_atomic(path.data, f->data, f->len,
						     0644, err);
		if (!rc && nfiles)
			(*nfiles)++;
	}
	aisec_buf_release(&path);
	return rc;
}
