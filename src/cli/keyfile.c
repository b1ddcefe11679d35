/*
 * keyfile.c - a warning when a secret key file is readable by group or
 * others (issue 16): the key still loads, the user learns to chmod it.
 * A process that reads a secret key also stops being dumpable.
 */
#include <sys/prctl.h>
#include <sys/stat.h>

#include "cli/cli.h"

void cli_key_file_check(const char *path)
{
	struct stat st;

	/* about to hold key material: no core dump of this process (the
	 * library keeps its own key copies in MADV_DONTDUMP pages) */
	(void)prctl(PR_SET_DUMPABLE, 0);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 077))
		return;
	cli_warn("key file '%s' is readable by group or others (mode %04o): "
		 "'chmod 600 %s' keeps it private",
		 path, (unsigned)(st.st_mode & 07777), path);
}
