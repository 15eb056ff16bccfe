/* test_statefile.c: the state directory, atomic replacement (the old file
 * intact when a write fails), and a corrupt file set aside with a message. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "statefile.h"
#include "tmpdir.h"


static const char *fake_env[8][2];

static const char *fake_getenv(const char *name)
{
	for (size_t i = 0; i < 8 && fake_env[i][0]; i++)
		if (strcmp(fake_env[i][0], name) == 0)
			return fake_env[i][1];
	return NULL;
}

static void set_env(const char *xdg, const char *home)
{
	memset(fake_env, 0, sizeof fake_env);
	size_t k = 0;
	if (xdg) {
		fake_env[k][0] = "XDG_STATE_HOME";
		fake_env[k++][1] = xdg;
	}
	if (home) {
		fake_env[k][0] = "HOME";
		fake_env[k][1] = home;
	}
}

static void dir_follows_xdg_then_home(void **state)
{
	struct wft_error err;
	char *d;
	(void)state;
	set_env("/x/state", "/home/u");
	assert_int_equal(statefile_dir(fake_getenv, &d, &err), WFT_OK);
	assert_string_equal(d, "/x/state/wftokens");
	free(d);
	set_env(NULL, "/home/u");
	assert_int_equal(statefile_dir(fake_getenv, &d, &err), WFT_OK);
	assert_string_equal(d, "/home/u/.local/state/wftokens");
	free(d);
	/* A relative XDG_STATE_HOME is ignored (XDG base directory spec). */
	set_env("relative", "/home/u");
	assert_int_equal(statefile_dir(fake_getenv, &d, &err), WFT_OK);
	assert_string_equal(d, "/home/u/.local/state/wftokens");
	free(d);
	set_env(NULL, NULL);
	assert_int_equal(statefile_dir(fake_getenv, &d, &err), WFT_ERR_INVALID);
	assert_null(d);
	assert_non_null(strstr(err.message, "HOME"));
}

static void write_creates_dirs_and_reads_back(void **state)
{
	char p[128], *buf;
	size_t len;
	struct stat st;
	struct wft_error err;
	(void)state;
	snprintf(p, sizeof p, "%s/a/b/wftokens/file.json", tmpdir);
	assert_int_equal(statefile_write(p, "{\"x\":1}\n", 8, &err), WFT_OK);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(statefile_read(p, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_int_equal(len, 8);
	assert_string_equal(buf, "{\"x\":1}\n");
	free(buf);
	/* A missing file is no error: nothing yet. */
	snprintf(p, sizeof p, "%s/none.json", tmpdir);
	assert_int_equal(statefile_read(p, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_null(buf);
}

static void read_refuses_oversized(void **state)
{
	char p[128], *buf;
	size_t len;
	struct wft_error err;
	(void)state;
	snprintf(p, sizeof p, "%s/big", tmpdir);
	assert_int_equal(statefile_write(p, "0123456789", 10, &err), WFT_OK);
	assert_int_equal(statefile_read(p, 5, &buf, &len, &err), WFT_ERR_PARSE);
	assert_null(buf);
	assert_non_null(strstr(err.message, "larger"));
}

static size_t count_entries(const char *d, const char *prefix)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	size_t n = 0;
	while (dp && (e = readdir(dp)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	if (dp)
		closedir(dp);
	return n;
}

/* A write that fails half way (the file size limit, as a full disk would)
 * leaves the old file exactly as it was and no temporary file behind. */
static void failed_write_keeps_the_old_file(void **state)
{
	char p[128], *buf, *big;
	size_t len, n = 1 << 16;
	struct rlimit old, small;
	struct wft_error err;
	(void)state;
	snprintf(p, sizeof p, "%s/keep.json", tmpdir);
	assert_int_equal(statefile_write(p, "old contents\n", 13, &err), WFT_OK);
	assert_non_null(big = malloc(n));
	memset(big, 'x', n);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_IGN);
	small = old;
	small.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(statefile_write(p, big, n, &err), WFT_ERR_IO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	free(big);
	assert_non_null(strstr(err.message, "old file is kept"));
	assert_int_equal(statefile_read(p, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_string_equal(buf, "old contents\n");
	free(buf);
	assert_int_equal(count_entries(tmpdir, "keep.json.tmp"), 0);
}

static void replaces_whole(void **state)
{
	char p[128], *buf;
	size_t len;
	struct wft_error err;
	(void)state;
	snprintf(p, sizeof p, "%s/r.json", tmpdir);
	assert_int_equal(statefile_write(p, "a much longer first version\n", 28, &err), WFT_OK);
	assert_int_equal(statefile_write(p, "short\n", 6, &err), WFT_OK);
	assert_int_equal(statefile_read(p, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_string_equal(buf, "short\n");
	free(buf);
	assert_int_equal(count_entries(tmpdir, "r.json.tmp"), 0);
}

static void corrupt_file_set_aside_with_a_message(void **state)
{
	char p[128], *aside, *buf;
	size_t len;
	struct wft_error err;
	wft_millis t = (wft_millis)1700000000 * 1000; /* 2023-11-14T22:13:20Z */
	(void)state;
	snprintf(p, sizeof p, "%s/c.json", tmpdir);
	assert_int_equal(statefile_write(p, "{garbage", 8, &err), WFT_OK);
	assert_int_equal(statefile_set_aside(p, "not valid JSON", t, &aside, &err), WFT_ERR_PARSE);
	assert_non_null(aside);
	assert_non_null(strstr(aside, "c.json.corrupt-20231114T221320Z"));
	assert_non_null(strstr(err.message, "not valid JSON"));
	assert_non_null(strstr(err.message, aside));
	/* Nothing is lost: the bytes are in the copy, the name is free. */
	assert_int_equal(statefile_read(aside, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_string_equal(buf, "{garbage");
	free(buf);
	assert_int_equal(access(p, F_OK), -1);
	/* A second one in the same second does not replace the first. */
	char *aside2;
	assert_int_equal(statefile_write(p, "[other", 6, &err), WFT_OK);
	assert_int_equal(statefile_set_aside(p, "bad", t, &aside2, &err), WFT_ERR_PARSE);
	assert_string_not_equal(aside, aside2);
	assert_int_equal(statefile_read(aside, STATEFILE_MAX, &buf, &len, &err), WFT_OK);
	assert_string_equal(buf, "{garbage");
	free(buf);
	free(aside);
	free(aside2);
}

static void set_aside_of_a_missing_file_says_so(void **state)
{
	char p[128];
	struct wft_error err;
	(void)state;
	snprintf(p, sizeof p, "%s/gone.json", tmpdir);
	assert_int_equal(statefile_set_aside(p, "bad", 0, NULL, &err), WFT_ERR_IO);
	assert_non_null(strstr(err.message, "could not be set aside"));
}

/* Through a pipe the writer's buffer is larger than one write takes, so
 * the short writes are carried on until all is written. */
static void write_all_writes_everything(void **state)
{
	enum { N = 256 * 1024 };
	static char out[N], in[N];
	int fd[2];
	pid_t pid;
	size_t got = 0;
	(void)state;
	for (size_t i = 0; i < N; i++)
		out[i] = (char)('a' + i % 26);
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		_exit(statefile_write_all(fd[1], out, N) ? 0 : 1);
	}
	close(fd[1]);
	for (ssize_t r; (r = read(fd[0], in + got, N - got)) > 0;)
		got += (size_t)r;
	close(fd[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(got, N);
	assert_memory_equal(in, out, N);
	errno = 0;
	assert_false(statefile_write_all(-1, "x", 1));
	assert_int_equal(errno, EBADF);
}

static struct json_object *word(const void *ctx, size_t i)
{
	const char *const *words = ctx;
	return words[i] ? json_object_new_string(words[i]) : NULL;
}

static void json_list_is_pretty_with_a_newline(void **state)
{
	const char *words[] = { "a/b", "c", NULL };
	char *t;
	json_object *o;
	(void)state;
	t = statefile_json_list("items", 2, word, words);
	assert_non_null(t);
	assert_int_equal(t[strlen(t) - 1], '\n');
	assert_non_null(strstr(t, "\"a/b\""));
	assert_true(strchr(t, '\n') < t + strlen(t) - 1); /* pretty: several lines */
	o = json_tokener_parse(t);
	assert_non_null(o);
	assert_int_equal(json_object_array_length(json_object_object_get(o, "items")), 2);
	json_object_put(o);
	free(t);
	t = statefile_json_list("history", 0, word, words);
	assert_non_null(t);
	o = json_tokener_parse(t);
	assert_non_null(o);
	assert_int_equal(json_object_array_length(json_object_object_get(o, "history")), 0);
	json_object_put(o);
	free(t);
	/* An element that cannot be made: no text at all. */
	assert_null(statefile_json_list("items", 3, word, words));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dir_follows_xdg_then_home),
		cmocka_unit_test(write_creates_dirs_and_reads_back),
		cmocka_unit_test(read_refuses_oversized),
		cmocka_unit_test(failed_write_keeps_the_old_file),
		cmocka_unit_test(replaces_whole),
		cmocka_unit_test(corrupt_file_set_aside_with_a_message),
		cmocka_unit_test(set_aside_of_a_missing_file_says_so),
		cmocka_unit_test(write_all_writes_everything),
		cmocka_unit_test(json_list_is_pretty_with_a_newline),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
