/* error.h: errors as values. A function that can fail returns a status and
 * fills a struct wft_error with a code and a message meant for a person. */
#ifndef WFT_ERROR_H
#define WFT_ERROR_H

#include <stdbool.h>
#include <stddef.h>

enum wft_status {
	WFT_OK = 0,
	WFT_ERR_NOMEM,   /* out of memory */
	WFT_ERR_INVALID, /* bad input from the user, a file or the network */
	WFT_ERR_IO,      /* file or socket trouble */
	WFT_ERR_NETWORK, /* could not reach the server */
	WFT_ERR_HTTP,    /* the server answered with an error status */
	WFT_ERR_PARSE,   /* an answer or file that does not decode */
	WFT_ERR_AUTH,    /* sign-in failed */
	WFT_ERR_LIMIT,   /* a limit of the service, e.g. 20 tokens per account */
	WFT_ERR_CANCELLED,
	WFT_ERR_DRY_RUN, /* --dry-run: a change shown, not sent (its message is
	                  * the request it would have made) */
};

struct wft_error {
	enum wft_status code;
	int http_status;      /* 0 when no HTTP answer is involved */
	bool body_unread;     /* the answer's body could not be read: a 2xx that
	                       * does not decode, or an error status without the
	                       * API's refusal in it (see outcome.h); reset by
	                       * wft_error_set */
	char message[512];    /* for a person; never holds a secret */
};

/* Fills err (when not NULL) and returns code, so callers can write
 * `return wft_error_set(err, WFT_ERR_INVALID, "...", ...);`. */
enum wft_status wft_error_set(struct wft_error *err, enum wft_status code,
                              const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void wft_error_clear(struct wft_error *err);

#endif
