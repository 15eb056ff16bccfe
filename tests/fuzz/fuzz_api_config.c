/* fuzz_api_config.c: the config file's INI reader on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum wft_status count(void *ud, const char *section, const char *key,
                             const char *value, int line, struct wft_error *err)
{
	(void)err;
	if (!*section || !*key || line <= 0 || strlen(value) > 8192)
		abort();
	(*(size_t *)ud)++;
	return WFT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wft_error err;
	size_t n = 0;

	wft_ini_parse((const char *)data, size, "fuzz", count, &n, &err);
	return 0;
}
