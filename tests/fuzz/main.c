/* main.c: runs a libFuzzer target without libFuzzer, for `make check`.
 * The program tests/fuzz/fuzz_NAME feeds every file of tests/fuzz/corpus/NAME/
 * (NAME taken from its own file name), then a fixed number of deterministic
 * mutations of them (WFT_FUZZ_RUNS, default 3000), and reports one TAP
 * result. A crash, a sanitizer report or a missing corpus fails the test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUTS 256
#define FUZZ_MAX_INPUT 65536

static uint8_t *inputs[MAX_INPUTS];
static size_t sizes[MAX_INPUTS];
static size_t n_inputs;

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void load_corpus(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) && n_inputs < MAX_INPUTS) {
		char path[4096];
		FILE *f;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		inputs[n_inputs] = malloc(FUZZ_MAX_INPUT);
		if (inputs[n_inputs]) {
			sizes[n_inputs] = fread(inputs[n_inputs], 1, FUZZ_MAX_INPUT, f);
			n_inputs++;
		}
		fclose(f);
	}
	closedir(d);
}

static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
	static const char *const tokens[] = {
		"\"", "\\", "{", "}", "[", "]", ":", ",", "null", "-1", "1e999",
		"/", "(", "*", "\xf0\x9f\x94\x91", "\xff", "=", "\n", "#", "name:",
	};
	int edits = 1 + (int)(next_random() % 4);

	while (edits--) {
		size_t pos = len ? next_random() % (len + 1) : 0;
		switch (next_random() % 4) {
		case 0: /* flip a byte */
			if (len)
				buf[pos % len] ^= (uint8_t)(1u << (next_random() % 8));
			break;
		case 1: /* cut */
			if (len)
				len = pos;
			break;
		case 2: { /* insert a token */
			const char *t = tokens[next_random() % (sizeof tokens / sizeof *tokens)];
			size_t tl = strlen(t);
			if (len + tl <= cap) {
				memmove(buf + pos + tl, buf + pos, len - pos);
				memcpy(buf + pos, t, tl);
				len += tl;
			}
			break;
		}
		default: /* duplicate a span */
			if (len && len * 2 <= cap) {
				memcpy(buf + len, buf, len);
				len *= 2;
			}
		}
	}
	return len;
}

/* NAME of tests/fuzz/fuzz_NAME (with or without a directory or .exe). */
static void target_name(const char *argv0, char *name, size_t size)
{
	const char *base = strrchr(argv0, '/');
	size_t n;

	base = base ? base + 1 : argv0;
	if (strncmp(base, "fuzz_", 5) == 0)
		base += 5;
	n = strcspn(base, ".");
	snprintf(name, size, "%.*s", (int)n, base);
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	const char *runs_env = getenv("WFT_FUZZ_RUNS");
	long runs = runs_env ? atol(runs_env) : 3000;
	char dir[4096];
	char name[256];
	uint8_t *buf = malloc(FUZZ_MAX_INPUT * 2);

	if (!buf)
		return 1;
	target_name(argc > 0 ? argv[0] : "", name, sizeof name);
	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".", name);
	load_corpus(dir);
	for (int i = 1; i < argc; i++)
		load_corpus(argv[i]);

	printf("1..1\n");
	/* Without its corpus a target would fuzz from nothing and pass. */
	if (n_inputs == 0) {
		printf("not ok 1 - %s: no corpus input in %s\n", name, dir);
		free(buf);
		return 1;
	}
	for (size_t i = 0; i < n_inputs; i++) {
		memcpy(buf, inputs[i], sizes[i]);
		LLVMFuzzerTestOneInput(buf, sizes[i]);
	}
	for (long r = 0; r < runs; r++) {
		size_t len = 0;
		if (n_inputs) {
			size_t k = next_random() % n_inputs;
			memcpy(buf, inputs[k], sizes[k]);
			len = sizes[k];
		}
		len = mutate(buf, len, FUZZ_MAX_INPUT * 2);
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("ok 1 - %s: %zu corpus inputs and %ld mutations without a crash\n",
	       name, n_inputs, runs);
	for (size_t i = 0; i < n_inputs; i++)
		free(inputs[i]);
	free(buf);
	return 0;
}
