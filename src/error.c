/* error.c: filling struct wft_error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mask.h"

enum wft_status wft_error_set(struct wft_error *err, enum wft_status code,
                              const char *fmt, ...)
{
	char buf[2048], *text = buf;
	va_list ap, again;
	int n;

	if (!err)
		return code;
	err->code = code;
	err->body_unread = false;
	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	/* Whole, so that a secret the message ends on is masked whole. */
	if (n >= (int)sizeof buf && (text = malloc((size_t)n + 1)) != NULL)
		vsnprintf(text, (size_t)n + 1, fmt, again);
	else if (!text)
		text = buf;
	va_end(again);
	va_end(ap);
	if (n < 0) {
		n = 0;
		buf[0] = '\0';
	}
	if (text == buf && (size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	/* No message shows a secret the process sends (mask.h). */
	wft_secret_redact(text, (size_t)n, err->message, sizeof err->message);
	wft_wipe(text, (size_t)n);
	if (text != buf)
		free(text);
	return code;
}

void wft_error_clear(struct wft_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}
