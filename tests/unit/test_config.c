/* test_config.c: profiles, precedence (options > environment > file),
 * refusal of readable secret files, token_command, bad lines with FILE:LINE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "profile.h"

static char dir[256];
static char path[300];
/* The fake environment: NAME=VALUE pairs. */
static const char *env_pairs[16];

static const char *fake_getenv(const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; env_pairs[i]; i++)
		if (strncmp(env_pairs[i], name, n) == 0 && env_pairs[i][n] == '=')
			return env_pairs[i] + n + 1;
	if (strcmp(name, "XDG_CONFIG_HOME") == 0)
		return dir;
	return NULL;
}

static void write_config(const char *text, mode_t mode)
{
	char d[300];
	FILE *f;

	snprintf(d, sizeof d, "%s/wftokens", dir);
	mkdir(d, 0700);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/wft-config-test-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/wftokens/config", dir);
	memset(env_pairs, 0, sizeof env_pairs);
	return 0;
}

static int teardown(void **state)
{
	char d[300];
	(void)state;
	unlink(path);
	snprintf(d, sizeof d, "%s/wftokens", dir);
	rmdir(d);
	rmdir(dir);
	return 0;
}

static const char two_profiles[] =
	"# comment\n"
	"[default]\n"
	"endpoint = https://acme.wavefront.com/\n"
	"token = 11111111-2222-3333-4444-555555555555\n"
	"page_size = 50\n"
	"\n"
	"[staging]   ; trailing comment\n"
	"endpoint = \"stg.wavefront.com\"\n"
	"auth = csp-oauth\n"
	"client_id = app-id\n"
	"client_secret = app-secret\n"
	"org_id = org-42\n"
	"csp_url = https://console-stg.cloud.vmware.com\n"
	"used_days = 3\n"
	"unused_days = 90\n"
	"server_search_threshold = 0\n"
	"theme = mono\n";

static void default_profile(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c;
	struct wft_error err;
	(void)state;

	write_config(two_profiles, 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_string_equal(c->file, path);
	assert_string_equal(c->profile, "default");
	assert_string_equal(c->endpoint, "https://acme.wavefront.com");
	assert_int_equal(c->auth, WFT_AUTH_TOKEN);
	assert_string_equal(c->token, "11111111-2222-3333-4444-555555555555");
	assert_int_equal(c->page_size, 50);
	assert_int_equal(c->used_days, 7);
	assert_int_equal(c->server_search_threshold, WFT_SERVER_SEARCH_THRESHOLD_DEFAULT);
	assert_string_equal(c->csp_url, WFT_CSP_DEFAULT_URL);
	wft_profile_free(c);
}

static void named_profile(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv, .profile = "staging" };
	struct wft_profile *c;
	struct wft_error err;
	struct wft_auth_params ap;
	(void)state;

	write_config(two_profiles, 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_string_equal(c->endpoint, "https://stg.wavefront.com");
	assert_int_equal(c->auth, WFT_AUTH_CSP_OAUTH);
	assert_string_equal(c->client_id, "app-id");
	assert_string_equal(c->client_secret, "app-secret");
	assert_string_equal(c->org_id, "org-42");
	assert_int_equal(c->used_days, 3);
	assert_int_equal(c->unused_days, 90);
	assert_int_equal(c->server_search_threshold, 0);
	assert_string_equal(c->theme, "mono");
	wft_profile_auth_params(c, &ap);
	assert_string_equal(ap.csp_url, "https://console-stg.cloud.vmware.com");
	wft_profile_free(c);

	o.profile = "nope";
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "no profile [nope]"));
}

static void precedence(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c;
	struct wft_error err;
	(void)state;

	write_config(two_profiles, 0600);
	env_pairs[0] = "WAVEFRONT_ENDPOINT=https://env.wavefront.com";
	env_pairs[1] = "WAVEFRONT_TOKEN=env-token";
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_string_equal(c->endpoint, "https://env.wavefront.com");
	assert_string_equal(c->token, "env-token");
	/* The file's profile no longer names this instance: not shareable. */
	assert_false(c->named_by_file);
	wft_profile_free(c);
	env_pairs[0] = NULL;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_true(c->named_by_file);
	wft_profile_free(c);
	env_pairs[0] = "WAVEFRONT_ENDPOINT=https://env.wavefront.com";

	o.endpoint = "http://127.0.0.1:9999";
	o.page_size = 10;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_string_equal(c->endpoint, "http://127.0.0.1:9999");
	assert_int_equal(c->page_size, 10);
	wft_profile_free(c);

	/* A CSP API token in the environment picks that method. */
	env_pairs[1] = "CSP_API_TOKEN=csp-env";
	o.endpoint = NULL;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_int_equal(c->auth, WFT_AUTH_CSP_API_TOKEN);
	assert_string_equal(c->csp_api_token, "csp-env");
	wft_profile_free(c);
}

static void environment_only(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c;
	struct wft_error err;
	(void)state;

	/* No file at all. */
	env_pairs[0] = "WAVEFRONT_ENDPOINT=acme.wavefront.com";
	env_pairs[1] = "CSP_CLIENT_ID=cid";
	env_pairs[2] = "CSP_CLIENT_SECRET=csec";
	env_pairs[3] = "CSP_ORG_ID=o1";
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_null(c->file);
	assert_false(c->named_by_file);
	assert_int_equal(c->auth, WFT_AUTH_CSP_OAUTH);
	assert_string_equal(c->client_secret, "csec");
	assert_string_equal(c->org_id, "o1");
	wft_profile_free(c);

	env_pairs[1] = env_pairs[2] = env_pairs[3] = NULL;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_AUTH);
	assert_non_null(strstr(err.message, "no API token: set WAVEFRONT_TOKEN"));
	env_pairs[0] = NULL;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "no endpoint"));
}

static void readable_secret_file_is_refused(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c;
	struct wft_error err;
	char want[400];
	(void)state;

	write_config(two_profiles, 0644);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	snprintf(want, sizeof want, "chmod 600 %s", path);
	assert_non_null(strstr(err.message, want));
	assert_null(strstr(err.message, "1111"));
	assert_null(c);

	/* Without a secret, a readable file is fine. */
	write_config("[default]\nendpoint = https://a.wavefront.com\n", 0644);
	env_pairs[0] = "WAVEFRONT_TOKEN=t";
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	wft_profile_free(c);
}

static void bad_lines_carry_file_and_line(void **state)
{
	static const struct { const char *text; const char *want; } cases[] = {
		{ "[default]\nendpoint https://x\n", ":2: expected key = value" },
		{ "endpoint = https://x\n", ":1: a key outside any [profile] section" },
		{ "[default\n", ":1: a section needs a closing ]" },
		{ "[default]\n\n\ncolour = red\n", ":4: unknown key 'colour'" },
		{ "[default]\ntoken = t\nendpoint = https://e.com\npage_size = many\n",
		  ":4: page_size must be a number" },
		{ "[default]\ntoken = t\nendpoint = https://e.com\nserver_search_threshold = -1\n",
		  ":4: server_search_threshold must be a number between 0 and 2000000000" },
		{ "[default]\ntoken = t\nendpoint = http://example.com\n",
		  ":3: plain http:// is allowed only for a local sandbox" },
		{ "[default]\ntoken = t\nendpoint = https://e.com\nauth = password\n",
		  ":4: auth must be token, csp-api-token or csp-oauth" },
		{ "[bad name]\n", ":1: a section name may hold" },
		/* What libinih would take but this format does not. */
		{ "[default] x\n", ":1: text after the section name" },
		{ "[default]\ntoken = t\nendpoint: https://e.com\n", ":3: expected key = value" },
		{ "[0123456789012345678901234567890123456789012345678901]\n",
		  ":1: a section name must have 1 to 49 characters" },
		{ "[default]\n = x\n", ":2: a value without a key" },
		{ "[default]\ntoken = t\n\n\n\nendpoint = https://e.com\nsize = 3\n",
		  ":7: unknown key 'size'" },
	};
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c;
	struct wft_error err;
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char want[400];
		write_config(cases[i].text, 0600);
		assert_int_not_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
		snprintf(want, sizeof want, "%s%s", path, cases[i].want);
		if (!strstr(err.message, want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err.message, want);
	}
}

/* The INI as libinih reads it: indented lines, comments, quotes, CRLF,
 * and lines longer than libinih's default buffer of 200 bytes. */
static void ini_layout(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv, .profile = "long.name-1@x" };
	struct wft_profile *c;
	struct wft_error err;
	char text[2048], url[1200];
	(void)state;

	snprintf(url, sizeof url, "https://e.com/%01000d", 7);
	snprintf(text, sizeof text,
	         "; a comment\r\n"
	         "[default]\n"
	         "endpoint = https://other.com\n"
	         "  [ long.name-1@x ]  # the section\r\n"
	         "\tendpoint = %s\n"
	         "    token = 'quoted'\n"
	         "page_size=40\r\n"
	         "# the end\n", url);
	write_config(text, 0600);
	if (wft_profile_resolve(&o, &c, &err) != WFT_OK)
		fail_msg("%s", err.message);
	assert_string_equal(c->endpoint, url);
	assert_string_equal(c->token, "quoted");
	assert_int_equal(c->page_size, 40);
	wft_profile_free(c);
}

static void token_command_supplies_the_secret(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c;
	struct wft_error err;
	char *s;
	(void)state;

	write_config("[default]\nendpoint = https://a.wavefront.com\n"
	             "token_command = printf '  %s\\n' \"from command\"\n", 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_string_equal(c->token, "from command");
	wft_profile_free(c);

	/* The environment wins over the command, which then does not run. */
	write_config("[default]\nendpoint = https://a.wavefront.com\ntoken_command = false\n",
	             0600);
	env_pairs[0] = "WAVEFRONT_TOKEN=env";
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_string_equal(c->token, "env");
	wft_profile_free(c);
	env_pairs[0] = NULL;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_AUTH);
	assert_non_null(strstr(err.message, ":3: token_command false failed (exit status 1)"));

	assert_int_equal(wft_profile_run_command("/nonexistent/helper x", &s, &err), WFT_ERR_IO);
	assert_int_equal(wft_profile_run_command("true", &s, &err), WFT_ERR_AUTH);
	assert_non_null(strstr(err.message, "no usable secret"));
	assert_int_equal(wft_profile_run_command("echo 'unclosed", &s, &err), WFT_ERR_INVALID);
	/* No shell: a ; is an argument, not a second command. */
	assert_int_equal(wft_profile_run_command("echo a;b", &s, &err), WFT_OK);
	assert_string_equal(s, "a;b");
	free(s);
}

/* A token_command that never ends is stopped at its time limit; one that
 * prints without end is cut off; neither hangs the console. */
static void token_command_hangs(void **state)
{
	struct wft_error err;
	char *s = NULL;
	struct timespec t0, t1;
	(void)state;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(wft_profile_run_command_within("sleep 30", 200, &s, &err), WFT_ERR_AUTH);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_null(s);
	assert_non_null(strstr(err.message, "token_command sleep did not finish within 1 s"));
	assert_true(t1.tv_sec - t0.tv_sec < 5);
	/* Silent, but holding its output open past the limit. */
	assert_int_equal(wft_profile_run_command_within("sh -c 'printf x; exec sleep 30'", 200, &s,
	                                                &err), WFT_ERR_AUTH);
	assert_null(s);
	assert_int_equal(wft_profile_run_command_within("yes", 5000, &s, &err), WFT_ERR_AUTH);
	assert_non_null(strstr(err.message, "failed") ? strstr(err.message, "failed")
	                                              : strstr(err.message, "too much"));
	assert_null(s);
	assert_true(WFT_TOKEN_COMMAND_TIMEOUT_MS >= 10000);
}

static void default_path(void **state)
{
	char *p = wft_profile_default_path(fake_getenv);
	char want[300];
	(void)state;

	snprintf(want, sizeof want, "%s/wftokens/config", dir);
	assert_string_equal(p, want);
	free(p);
}

/* Anything but a regular file is refused at once: a FIFO used to block the
 * program on open, waiting for a writer. */
static void only_a_regular_file_is_read(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c = NULL;
	struct wft_error err;
	char d[300];
	(void)state;

	snprintf(d, sizeof d, "%s/wftokens", dir);
	mkdir(d, 0700);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_null(c);
	assert_non_null(strstr(err.message, "is a FIFO, not a regular file"));
	assert_non_null(strstr(err.message, path));
	unlink(path);

	o.config_file = d;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "is a directory, not a regular file"));
	o.config_file = "/dev/null";
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "is a device, not a regular file"));
}

/* A file of another user is refused (it decides where the token goes);
 * root's own file read by root is fine (every other test, when run as root). */
static void a_file_of_another_user_is_refused(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c = NULL;
	struct wft_error err;
	char want[400];
	(void)state;

	env_pairs[0] = "WAVEFRONT_TOKEN=t";
	write_config("[default]\nendpoint = https://a.wavefront.com\n", 0600);
	if (geteuid() == 0) {
		assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
		wft_profile_free(c);
		c = NULL;
		assert_int_equal(chown(path, 65534, 65534), 0);
		snprintf(want, sizeof want, "%s belongs to another user (uid 65534)", path);
	} else {
		/* Not root: a file of root's stands for another user's. */
		o.config_file = "/etc/passwd";
		snprintf(want, sizeof want, "/etc/passwd belongs to another user (uid 0)");
	}
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_null(c);
	assert_non_null(strstr(err.message, want));
}

/* A file in a directory others can write is refused, with the fix named;
 * also through a link into such a directory. */
static void a_file_in_a_directory_others_can_write_is_refused(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv };
	struct wft_profile *c = NULL;
	struct wft_error err;
	char d[300], want[700], open_dir[300], target[400];
	(void)state;

	env_pairs[0] = "WAVEFRONT_TOKEN=t";
	write_config("[default]\nendpoint = https://a.wavefront.com\n", 0600);
	snprintf(d, sizeof d, "%s/wftokens", dir);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(chmod(d, i ? 0770 : 0777), 0);
		assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
		assert_null(c);
		snprintf(want, sizeof want, "%s is in %s, a directory others can write", path, d);
		assert_non_null(strstr(err.message, want));
		snprintf(want, sizeof want, "run: chmod go-w %s", d);
		assert_non_null(strstr(err.message, want));
	}
	assert_int_equal(chmod(d, 0700), 0);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	wft_profile_free(c);
	c = NULL;

	/* The config is a link to a file in a directory anyone can write. */
	snprintf(open_dir, sizeof open_dir, "%s/open", dir);
	snprintf(target, sizeof target, "%s/config", open_dir);
	assert_int_equal(mkdir(open_dir, 0700), 0);
	assert_int_equal(rename(path, target), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	wft_profile_free(c);
	c = NULL;
	assert_int_equal(chmod(open_dir, 0777), 0);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "a directory others can write"));
	unlink(target);
	rmdir(open_dir);
}

/* --insecure: accepted for this machine; for another host only when the
 * profile says insecure = yes, which alone does not turn the check off. */
static void insecure_needs_a_local_host_or_the_profile(void **state)
{
	struct wft_profile_opts o = { .getenv_fn = fake_getenv, .insecure = true };
	struct wft_profile *c = NULL;
	struct wft_error err;
	char want[400];
	(void)state;

	env_pairs[0] = "WAVEFRONT_TOKEN=t";
	write_config("[default]\nendpoint = https://acme.wavefront.com\n", 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_null(c);
	assert_non_null(strstr(err.message, "--insecure is refused for https://acme.wavefront.com"));
	snprintf(want, sizeof want, "insecure = yes in profile [default] of %s", path);
	assert_non_null(strstr(err.message, want));

	write_config("[default]\nendpoint = https://acme.wavefront.com\ninsecure = yes\n", 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_true(c->insecure);
	wft_profile_free(c);
	o.insecure = false;
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_false(c->insecure);
	wft_profile_free(c);

	/* This machine: no confirmation needed. */
	o.insecure = true;
	write_config("[default]\nendpoint = https://127.0.0.1:8443\n", 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	assert_true(c->insecure);
	wft_profile_free(c);
	/* A CSP sign-in sends its secret to CSP too. */
	env_pairs[0] = "CSP_API_TOKEN=t";
	write_config("[default]\nendpoint = https://localhost:8443\n", 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	assert_non_null(strstr(err.message, "--insecure is refused for " WFT_CSP_DEFAULT_URL));
	write_config("[default]\nendpoint = https://localhost:8443\ncsp_url = https://[::1]:9\n",
	             0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_OK);
	wft_profile_free(c);

	write_config("[default]\nendpoint = https://acme.wavefront.com\n\ninsecure = maybe\n", 0600);
	assert_int_equal(wft_profile_resolve(&o, &c, &err), WFT_ERR_INVALID);
	snprintf(want, sizeof want, "%s:4: insecure must be yes or no", path);
	assert_non_null(strstr(err.message, want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(default_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(named_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(environment_only, setup, teardown),
		cmocka_unit_test_setup_teardown(readable_secret_file_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_lines_carry_file_and_line, setup, teardown),
		cmocka_unit_test_setup_teardown(ini_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(token_command_supplies_the_secret, setup, teardown),
		cmocka_unit_test_setup_teardown(token_command_hangs, setup, teardown),
		cmocka_unit_test_setup_teardown(default_path, setup, teardown),
		cmocka_unit_test_setup_teardown(only_a_regular_file_is_read, setup, teardown),
		cmocka_unit_test_setup_teardown(a_file_of_another_user_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(a_file_in_a_directory_others_can_write_is_refused,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(insecure_needs_a_local_host_or_the_profile, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
