/*
 * test_hardening.c - regression tests of issue 16 at the library level:
 * atomic writes that never follow a planted link nor replace a device or
 * FIFO, reads that never block on a FIFO and cap small inputs, key tables
 * that carry their length, and the ledger's writer lock and file modes.
 * Every link, FIFO and device node lives in the test's own directory; the
 * machine's /dev/null and /dev/full are never touched.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfyaml.h>

#include "aisec/ledger.h"
#include "core/core.h"
#include "ledger/store.h"
#include "tmpdir.h"

static char tmpdir[256];

static void at(char *out, size_t n, const char *name)
{
	assert_true(snprintf(out, n, "%s/%s", tmpdir, name) < (int)n);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void expect_content(const char *path, const char *text)
{
	struct aisec_buf b;
	struct aisec_error err;

	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_file_read(path, &b, &err), 0);
	assert_string_equal(b.data, text);
	aisec_buf_release(&b);
}

/* A link planted at the old predictable temporary name is never written
 * through. */
static void test_write_planted_tmp_link(void **state)
{
	char target[300], victim[300], planted[400];
	struct aisec_error err;
	struct stat st;

	(void)state;
	at(target, sizeof(target), "report.txt");
	at(victim, sizeof(victim), "victim.txt");
	put(victim, "precious\n");
	snprintf(planted, sizeof(planted), "%s.tmp.%ld", target,
		 (long)getpid());
	assert_int_equal(symlink(victim, planted), 0);
	assert_int_equal(
	    aisec_file_write_atomic(target, "report\n", 7, 0644, &err), 0);
	expect_content(victim, "precious\n");
	expect_content(target, "report\n");
	assert_int_equal(lstat(planted, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	unlink(planted);
}

/* A link at the target is written through and stays a link; a dangling one is
 * refused. */
static void test_write_link_target(void **state)
{
	char target[300], victim[300], dangling[300];
	struct aisec_error err;
	struct stat st;

	(void)state;
	at(target, sizeof(target), "link.txt");
	at(victim, sizeof(victim), "victim2.txt");
	put(victim, "old content, longer\n");
	assert_int_equal(symlink(victim, target), 0);
	assert_int_equal(aisec_file_write_atomic(target, "x\n", 2, 0644, &err),
			 0);
	expect_content(victim, "x\n");
	assert_int_equal(lstat(target, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	at(dangling, sizeof(dangling), "dangling");
	assert_int_equal(symlink("no-such-file", dangling), 0);
	assert_int_equal(
	    aisec_file_write_atomic(dangling, "x\n", 2, 0644, &err),
	    AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, "a symbolic link to nothing"));
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

static void on_alarm(int sig)
{
	(void)sig;
	_exit(
	    99); /* a blocked read is the bug: fail loudly instead of hanging */
}

static void *drain(void *arg)
{
	const char *path = arg;
	static char got[64];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, got, sizeof(got) - 1) : -1;

	got[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	return got;
}

/* A FIFO is written into, never replaced by a regular file. */
static void test_write_fifo_kept(void **state)
{
	char fifo[300];
	struct aisec_error err;
	struct stat st;
	pthread_t t;
	void *got;

	(void)state;
	at(fifo, sizeof(fifo), "pipe");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	signal(SIGALRM, on_alarm);
	alarm(10); /* a replaced FIFO leaves the reader waiting forever */
	assert_int_equal(pthread_create(&t, NULL, drain, fifo), 0);
	assert_int_equal(
	    aisec_file_write_atomic(fifo, "through\n", 8, 0644, &err), 0);
	assert_int_equal(pthread_join(t, &got), 0);
	alarm(0);
	assert_string_equal(got, "through\n");
	assert_int_equal(stat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

/* As root: a character device made here (the null device) stays a device. */
static void test_write_device_kept(void **state)
{
	char dev[300], link[300];
	struct aisec_error err;
	struct stat st;

	(void)state;
	if (geteuid() != 0)
		skip(); /* mknod needs root; the CI runs as root */
	at(dev, sizeof(dev), "null");
	assert_int_equal(mknod(dev, S_IFCHR | 0666, makedev(1, 3)), 0);
	assert_int_equal(aisec_file_write_atomic(dev, "gone\n", 5, 0644, &err),
			 0);
	assert_int_equal(lstat(dev, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* behind a link, as /dev/stdout is */
	at(link, sizeof(link), "out");
	assert_int_equal(symlink(dev, link), 0);
	assert_int_equal(aisec_file_write_atomic(link, "gone\n", 5, 0644, &err),
			 0);
	assert_int_equal(lstat(dev, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

/* A replaced file keeps its permission bits. */
static void test_write_keeps_mode(void **state)
{
	char path[300];
	struct aisec_error err;
	struct stat st;

	(void)state;
	at(path, sizeof(path), "private.txt");
	put(path, "a\n");
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(aisec_file_write_atomic(path, "b\n", 2, 0644, &err),
			 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* Reading a FIFO without a writer, or a device, fails at once. */
static void test_read_refuses_non_regular(void **state)
{
	char fifo[300], dev[300];
	struct aisec_buf b;
	struct aisec_error err;

	(void)state;
	at(fifo, sizeof(fifo), "in-pipe");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	signal(SIGALRM, on_alarm);
	alarm(10);
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_file_read(fifo, &b, &err), AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, "not a regular file"));
	if (geteuid() == 0) {
		at(dev, sizeof(dev), "zero");
		assert_int_equal(mknod(dev, S_IFCHR | 0666, makedev(1, 5)), 0);
		assert_int_equal(aisec_file_read_small(dev, &b, &err),
				 AISEC_ERR_IO);
	}
	alarm(0);
	aisec_buf_release(&b);
}

/* Small inputs are capped, with the limit named. */
static void test_read_small_cap(void **state)
{
	char path[300];
	struct aisec_buf b;
	struct aisec_error err;
	FILE *f;

	(void)state;
	at(path, sizeof(path), "big.key");
	f = fopen(path, "w");
	assert_non_null(f);
	for (size_t i = 0; i <= AISEC_FILE_SMALL_MAX; i++)
		fputc('a', f);
	assert_int_equal(fclose(f), 0);
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_file_read_small(path, &b, &err),
			 AISEC_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "limit of 65536 bytes"));
	assert_int_equal(aisec_file_read(path, &b, &err), 0);
	aisec_buf_release(&b);
}

/* A key table without a NULL end marker is read only as far as it goes. */
static void test_check_keys_counted(void **state)
{
	static const char *const keys[2] = {"a", "b"}; /* no NULL */
	const char *text = "a: 1\nzz: 2\n";
	struct fy_document *d;
	struct aisec_error err;

	(void)state;
	d = aisec_yaml_parse("k.yaml", text, strlen(text), &err);
	assert_non_null(d);
	assert_int_equal(aisec_yaml_check_keys(fy_document_root(d), keys,
					       "k.yaml", "", &err),
			 AISEC_ERR_INVALID);
	assert_string_equal(err.msg,
			    "'k.yaml' line 2: field 'zz': unknown field");
	fy_document_destroy(d);
}

static void make_ledger(const char *dir, unsigned mode)
{
	struct aisec_ledger_create_opts co = {.origin = "example.com/h",
					      .file_mode = mode};
	struct aisec_error err;

	assert_int_equal(aisec_ledger_create(dir, &co, &err), 0);
}

/* Deleting the lock file does not let a second writer in. */
static void test_lock_survives_unlink(void **state)
{
	char dir[300], lock[400];
	struct aisec_ledger_open_opts oo = {.sync = AISEC_LEDGER_SYNC_ALWAYS};
	struct aisec_ledger *a, *b;
	struct aisec_error err;

	(void)state;
	at(dir, sizeof(dir), "L1");
	make_ledger(dir, 0);
	a = aisec_ledger_open(dir, &oo, &err);
	assert_non_null(a);
	snprintf(lock, sizeof(lock), "%s/lock", dir);
	assert_int_equal(unlink(lock), 0);
	b = aisec_ledger_open(dir, &oo, &err);
	assert_null(b);
	assert_int_equal(err.code, AISEC_ERR_BUSY);
	assert_int_equal(aisec_ledger_close(a, &err), 0);
	b = aisec_ledger_open(dir, &oo, &err);
	assert_non_null(b);
	assert_int_equal(aisec_ledger_close(b, &err), 0);
}

/* The lock file is never followed when it is a link. */
static void test_lock_link_refused(void **state)
{
	char dir[300], lock[400], victim[300];
	struct aisec_ledger_open_opts oo = {.sync = AISEC_LEDGER_SYNC_ALWAYS};
	struct aisec_error err;

	(void)state;
	at(dir, sizeof(dir), "L2");
	at(victim, sizeof(victim), "victim3.txt");
	make_ledger(dir, 0);
	put(victim, "precious\n");
	snprintf(lock, sizeof(lock), "%s/lock", dir);
	unlink(lock);
	assert_int_equal(symlink(victim, lock), 0);
	assert_null(aisec_ledger_open(dir, &oo, &err));
	assert_non_null(strstr(err.msg, "symbolic link"));
	expect_content(victim, "precious\n");
}

/* Ledger files are private unless asked otherwise; later files follow suit. */
static void test_ledger_modes(void **state)
{
	static const char *const files[] = {"ledger.json", "entries.log",
					    "index.dat", "tree.dat", "state"};
	char dir[300], path[400];
	struct stat st;
	mode_t old = umask(022);

	(void)state;
	at(dir, sizeof(dir), "L3");
	make_ledger(dir, 0);
	for (size_t i = 0; i < AISEC_NELEM(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	at(dir, sizeof(dir), "L4");
	make_ledger(dir, 0640);
	snprintf(path, sizeof(path), "%s/entries.log", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	umask(old);
}

/* Key memory is excluded from core dumps: the kernel shows "dd" in VmFlags. */
static void test_secret_not_dumped(void **state)
{
	uint8_t *k = aisec_secret_alloc(32);
	char line[512], want[64];
	bool in = false, dd = false;
	FILE *f;

	(void)state;
	assert_non_null(k);
	snprintf(want, sizeof(want), "%lx-", (unsigned long)(uintptr_t)k);
	f = fopen("/proc/self/smaps", "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strchr(line, ' ') &&
		    strchr(line, '-') < strchr(line, ' '))
			in = strncmp(line, want, strlen(want)) == 0;
		if (in && strncmp(line, "VmFlags:", 8) == 0)
			dd = strstr(line, " dd") != NULL;
	}
	fclose(f);
	assert_true(dd);
	aisec_secret_free(k, 32);
}

/* Past the AES-GCM limit for random nonces, the key seals nothing more. */
static void test_gcm_limit(void **state)
{
	static const uint8_t key[32] = {1, 2, 3};
	char dir[300];
	struct aisec_ledger_create_opts co = {.origin = "example.com/g",
					      .aead_key = key};
	struct aisec_ledger_open_opts oo = {.sync = AISEC_LEDGER_SYNC_ALWAYS,
					    .aead_key = key};
	struct aisec_ledger *l;
	struct aisec_error err;

	(void)state;
	at(dir, sizeof(dir), "G");
	assert_int_equal(aisec_ledger_create(dir, &co, &err), 0);
	l = aisec_ledger_open(dir, &oo, &err);
	assert_non_null(l);
	assert_int_equal(aisec_ledger_append(l, "one", 3, NULL, &err), 0);
	assert_int_equal(l->aead.seals, 1);
	l->aead.seals = LG_AEAD_MAX_SEALS; /* as after 2^32 - 2^20 entries */
	assert_int_equal(aisec_ledger_append(l, "two", 3, NULL, &err),
			 AISEC_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "NIST SP 800-38D"));
	aisec_ledger_close(l, NULL);
	/* a reopen counts the entries already sealed */
	l = aisec_ledger_open(dir, &oo, &err);
	assert_non_null(l);
	assert_int_equal(l->aead.seals, 1);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
}

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hardening");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_write_planted_tmp_link),
	    cmocka_unit_test(test_write_link_target),
	    cmocka_unit_test(test_write_fifo_kept),
	    cmocka_unit_test(test_write_device_kept),
	    cmocka_unit_test(test_write_keeps_mode),
	    cmocka_unit_test(test_read_refuses_non_regular),
	    cmocka_unit_test(test_read_small_cap),
	    cmocka_unit_test(test_check_keys_counted),
	    cmocka_unit_test(test_lock_survives_unlink),
	    cmocka_unit_test(test_lock_link_refused),
	    cmocka_unit_test(test_ledger_modes),
	    cmocka_unit_test(test_secret_not_dumped),
	    cmocka_unit_test(test_gcm_limit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
