/* test_osc52.c: the clipboard sequence: base64, plain, tmux and screen
 * wrappings, and the size limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mask.h"
#include "osc52.h"

static void base64_rfc4648_vectors(void **state)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	char out[32];
	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(osc52_base64(v[i][0], strlen(v[i][0]), out, sizeof out),
		                 strlen(v[i][1]));
		assert_string_equal(out, v[i][1]);
	}
	/* Every byte value, and the high bits. */
	unsigned char bin[3] = { 0xff, 0xfe, 0x00 };
	osc52_base64(bin, 3, out, sizeof out);
	assert_string_equal(out, "//4A");
}

static void base64_refuses_a_small_buffer(void **state)
{
	char out[9];
	(void)state;
	assert_int_equal(osc52_base64("foobar", 6, out, 8), 0);
	assert_int_equal(osc52_base64("foobar", 6, out, 9), 8);
}

static void detect_follows_the_environment(void **state)
{
	(void)state;
	assert_int_equal(osc52_detect("/tmp/tmux-1000/default,1,0", "screen-256color", NULL),
	                 OSC52_TMUX);
	assert_int_equal(osc52_detect(NULL, "screen", "1234.pts-0.host"), OSC52_SCREEN);
	assert_int_equal(osc52_detect(NULL, "screen.xterm-256color", "1.x"), OSC52_SCREEN);
	assert_int_equal(osc52_detect("", "xterm-256color", NULL), OSC52_PLAIN);
	assert_int_equal(osc52_detect(NULL, "screen", NULL), OSC52_PLAIN);
	assert_int_equal(osc52_detect(NULL, NULL, NULL), OSC52_PLAIN);
}

static const char id[] = "a411c16b-3cf7-4f03-bf11-8ca05aab898d";
static const char id64[] = "YTQxMWMxNmItM2NmNy00ZjAzLWJmMTEtOGNhMDVhYWI4OThk";

static void plain_sequence(void **state)
{
	char *s, want[128];
	size_t n;
	(void)state;
	assert_int_equal(osc52_build(id, strlen(id), OSC52_PLAIN, &s, &n, NULL), WFT_OK);
	snprintf(want, sizeof want, "\033]52;c;%s\007", id64);
	assert_string_equal(s, want);
	assert_int_equal(n, strlen(want));
	assert_null(strstr(s, id));
	wft_free_secret(s);
}

static void tmux_passthrough_doubles_escape(void **state)
{
	char *s, want[160];
	size_t n;
	(void)state;
	assert_int_equal(osc52_build(id, strlen(id), OSC52_TMUX, &s, &n, NULL), WFT_OK);
	snprintf(want, sizeof want, "\033Ptmux;\033\033]52;c;%s\007\033\\", id64);
	assert_string_equal(s, want);
	assert_int_equal(n, strlen(want));
	wft_free_secret(s);
}

/* Screen: DCS chunks whose payloads, joined, are the plain sequence. */
static void screen_chunks_join_to_the_plain_sequence(void **state)
{
	char *s, *plain, joined[512], two[80];
	size_t n, pn, j = 0, chunks = 0;
	const char *p;
	(void)state;
	/* Two ids: longer than one chunk. */
	snprintf(two, sizeof two, "%s %s", id, id);
	assert_int_equal(osc52_build(two, strlen(two), OSC52_SCREEN, &s, &n, NULL), WFT_OK);
	assert_int_equal(osc52_build(two, strlen(two), OSC52_PLAIN, &plain, &pn, NULL), WFT_OK);
	p = s;
	while (*p) {
		assert_memory_equal(p, "\033P", 2);
		p += 2;
		const char *end = strstr(p, "\033\\");
		assert_non_null(end);
		assert_true(end - p <= 76);
		assert_true(end - p > 0);
		memcpy(joined + j, p, (size_t)(end - p));
		j += (size_t)(end - p);
		p = end + 2;
		chunks++;
	}
	joined[j] = '\0';
	assert_string_equal(joined, plain);
	assert_int_equal(chunks, (pn + 75) / 76);
	assert_true(chunks >= 2);
	wft_free_secret(s);
	wft_free_secret(plain);
}

static void size_limit(void **state)
{
	char *big = malloc(OSC52_MAX_INPUT + 1), *s;
	size_t n;
	struct wft_error err;
	(void)state;
	assert_non_null(big);
	memset(big, 'x', OSC52_MAX_INPUT + 1);
	assert_int_equal(osc52_build(big, OSC52_MAX_INPUT + 1, OSC52_PLAIN, &s, &n, &err),
	                 WFT_ERR_LIMIT);
	assert_null(s);
	assert_non_null(strstr(err.message, "too long"));
	assert_int_equal(osc52_build(big, OSC52_MAX_INPUT, OSC52_SCREEN, &s, &n, &err), WFT_OK);
	assert_true(n > (size_t)OSC52_MAX_INPUT / 3 * 4);
	assert_int_equal(strlen(s), n);
	wft_free_secret(s);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_rfc4648_vectors),
		cmocka_unit_test(base64_refuses_a_small_buffer),
		cmocka_unit_test(detect_follows_the_environment),
		cmocka_unit_test(plain_sequence),
		cmocka_unit_test(tmux_passthrough_doubles_escape),
		cmocka_unit_test(screen_chunks_join_to_the_plain_sequence),
		cmocka_unit_test(size_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
