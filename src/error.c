/* error.c: filling struct wft_error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

enum wft_status wft_error_set(struct wft_error *err, enum wft_status code,
                              const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		err->body_unread = false;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return code;
}

void wft_error_clear(struct wft_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}
