/* test_secretfile.c: a secret goes to a new file with mode 0600, never over
 * an existing file or through a link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "secretfile.h"
#include "tmpdir.h"


static void path_in(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmpdir, name);
}

static void writes_with_mode_0600_despite_the_umask(void **state)
{
	char p[128], buf[64];
	struct stat st;
	FILE *f;
	mode_t old = umask(0);
	(void)state;
	path_in(p, sizeof p, "token");
	assert_int_equal(secretfile_write(p, "secret-value", 12, true, NULL), WFT_OK);
	umask(old);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_non_null(f = fopen(p, "r"));
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "secret-value\n");
}

static void refuses_an_existing_file_and_leaves_it(void **state)
{
	char p[128], buf[64];
	struct wft_error err;
	FILE *f;
	(void)state;
	path_in(p, sizeof p, "exists");
	assert_non_null(f = fopen(p, "w"));
	fputs("keep me", f);
	fclose(f);
	assert_int_equal(secretfile_write(p, "secret-value", 12, false, &err), WFT_ERR_IO);
	assert_non_null(strstr(err.message, "already exists"));
	assert_null(strstr(err.message, "secret-value"));
	assert_non_null(f = fopen(p, "r"));
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "keep me");
}

static void refuses_a_symlink(void **state)
{
	char p[128], target[128];
	struct wft_error err;
	struct stat st;
	(void)state;
	path_in(p, sizeof p, "link");
	path_in(target, sizeof target, "target");
	assert_int_equal(symlink(target, p), 0);
	assert_int_not_equal(secretfile_write(p, "s", 1, false, &err), WFT_OK);
	assert_int_not_equal(stat(target, &st), 0); /* nothing created through it */
}

static void missing_directory_is_a_clear_error(void **state)
{
	char p[128];
	struct wft_error err;
	(void)state;
	path_in(p, sizeof p, "no/such/dir/token");
	assert_int_equal(secretfile_write(p, "s", 1, false, &err), WFT_ERR_IO);
	assert_non_null(strstr(err.message, "cannot create"));
	assert_non_null(strstr(err.message, "No such file"));
}

static void expand_tilde(void **state)
{
	struct wft_error err;
	char *s;
	(void)state;
	s = secretfile_expand("~/tok.txt", "/home/ann", &err);
	assert_string_equal(s, "/home/ann/tok.txt");
	free(s);
	s = secretfile_expand("rel/tok", "/home/ann", &err);
	assert_string_equal(s, "rel/tok");
	free(s);
	assert_null(secretfile_expand("", "/h", &err));
	assert_null(secretfile_expand("~", "/h", &err));
	assert_null(secretfile_expand("~/x", NULL, &err));
	assert_non_null(strstr(err.message, "HOME"));
}

/* secretfile_create (the OSC 52 test hook's file): a new file, mode 0600
 * whatever the umask, open for writing; an existing world-readable file and
 * a link to a file are refused and left as they were. */
static void create_makes_a_new_0600_file_only(void **state)
{
	char p[128], target[128], buf[64];
	struct wft_error err;
	struct stat st;
	FILE *f;
	mode_t old = umask(0);
	int fd;
	(void)state;

	path_in(p, sizeof p, "clip");
	fd = secretfile_create(p, &err);
	umask(old);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "seq", 3), 3);
	close(fd);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* A second creation of the same path: refused. */
	assert_int_equal(secretfile_create(p, &err), -1);
	assert_non_null(strstr(err.message, "already exists"));

	path_in(p, sizeof p, "shared");
	assert_non_null(f = fopen(p, "w"));
	fputs("theirs", f);
	fclose(f);
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(secretfile_create(p, &err), -1);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_non_null(f = fopen(p, "r"));
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "theirs");

	path_in(p, sizeof p, "clip-link");
	path_in(target, sizeof target, "clip-target");
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(secretfile_create(p, &err), -1);
	assert_int_not_equal(stat(target, &st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_with_mode_0600_despite_the_umask),
		cmocka_unit_test(refuses_an_existing_file_and_leaves_it),
		cmocka_unit_test(refuses_a_symlink),
		cmocka_unit_test(create_makes_a_new_0600_file_only),
		cmocka_unit_test(missing_directory_is_a_clear_error),
		cmocka_unit_test(expand_tilde),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
