/* http.h: the HTTP engine, libcurl's multi interface driven by the caller's
 * loop: requests with callbacks, cancellation, bounded retries with back-off. */
#ifndef WFT_HTTP_H
#define WFT_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct wft_http;      /* the engine: one per connection to a service */

/* The default cap on one answer: 512 MiB. */
#define WFT_HTTP_DEFAULT_MAX_ANSWER ((size_t)512 << 20)
struct wft_http_req;  /* one request in flight; valid until its done callback */

/* Called when a request is about to be retried, so the UI can say so.
 * message reads like "the server is busy (429), retrying in 3 s". */
typedef void (*wft_http_retry_fn)(void *ud, const char *label, const char *message);

struct wft_http_options {
	const char *cacert;        /* CA bundle file; NULL = the system's */
	bool insecure;             /* skip verification; the caller must warn */
	long connect_timeout_ms;   /* 0 = 10 s */
	long timeout_ms;           /* whole transfer; 0 = 60 s */
	int max_attempts;          /* for retriable requests; 0 = 4 */
	long backoff_base_ms;      /* first delay; 0 = 500 ms, doubled each time */
	long backoff_max_ms;       /* cap of one delay; 0 = 8 s */
	long retry_after_max_s;    /* a longer Retry-After ends retrying; 0 = 60 */
	long retry_after_unit_ms;  /* length of one Retry-After second; 0 = 1000
	                            * (tests shorten it) */
	size_t max_answer_bytes;   /* the most one answer may hold, streamed or
	                            * not; 0 = WFT_HTTP_DEFAULT_MAX_ANSWER. A longer
	                            * answer ends its request with an error that
	                            * names the profile key max_answer_mb. */
	wft_http_retry_fn on_retry;
	void *on_retry_ud;
};

/* What a finished request hands to its callback. Valid during the call only. */
struct wft_http_response {
	enum wft_status code;    /* WFT_OK when an HTTP answer arrived (any status) */
	struct wft_error err;    /* transport error when code != WFT_OK */
	long status;             /* HTTP status, 0 without an answer */
	const char *body;        /* NUL-terminated; "" when streamed to a sink */
	size_t body_len;
	long retry_after_s;      /* Retry-After of the last answer; -1 if none */
	const char *content_type;/* may be NULL */
	int attempts;            /* how many times it was sent */
	const char *label;       /* the request's label */
};

typedef void (*wft_http_done_fn)(void *ud, const struct wft_http_response *resp);
/* Receives the body of a 2xx answer as it arrives; returns false to abort
 * (the request then ends with the error the sink set in err). When the
 * answer says its length (Content-Length), the sink is first called once
 * with data NULL and len that length. */
typedef bool (*wft_http_sink_fn)(void *ud, const char *data, size_t len,
                                 struct wft_error *err);

struct wft_http_request {
	const char *method;              /* "GET", "POST", "PUT", "DELETE" */
	const char *url;
	const char *label;               /* for messages, e.g. "GET /api/v2/apitoken";
	                                  * never holds a secret */
	const char *const *headers;      /* NULL-terminated "Name: value" list;
	                                  * copied, and wiped when done */
	const char *body;                /* copied and wiped when done; may be NULL */
	size_t body_len;
	const char *basic_user;          /* HTTP Basic authentication, encoded by */
	const char *basic_password;      /* libcurl; NULL = none */
	bool idempotent;                 /* may be retried (never a generation) */
	bool dry_run;                    /* --dry-run: not sent; done runs from the
	                                  * next wft_http_poll with WFT_ERR_DRY_RUN
	                                  * and, as its message, the request it
	                                  * would have made (method, path, headers
	                                  * and body, the Authorization header and
	                                  * every token id masked) */
	wft_http_sink_fn sink;           /* optional: stream a 2xx body */
	wft_http_done_fn done;
	void *ud;
};

/* Creates an engine. Returns WFT_OK or fills err. */
enum wft_status wft_http_new(struct wft_http **out,
                             const struct wft_http_options *opts,
                             struct wft_error *err);
/* Cancels every request (their callbacks run with WFT_ERR_CANCELLED). */
void wft_http_free(struct wft_http *h);

/* Checks that url may be used: https://, or http:// to a loopback host
 * (127.0.0.0/8, ::1, localhost). */
enum wft_status wft_http_check_url(const char *url, struct wft_error *err);
/* True when url is valid and its host is this machine (127.0.0.0/8, ::1,
 * localhost). */
bool wft_http_url_is_loopback(const char *url);

/* Starts a request. NULL with err filled when it cannot start (bad URL,
 * no memory); the done callback then never runs. Otherwise done runs exactly
 * once, from wft_http_poll() or wft_http_cancel(). */
struct wft_http_req *wft_http_start(struct wft_http *h,
                                    const struct wft_http_request *rq,
                                    struct wft_error *err);

/* Ends a request: its done callback runs at once with WFT_ERR_CANCELLED.
 * Must not be called after the callback ran. */
void wft_http_cancel(struct wft_http *h, struct wft_http_req *req);

/* Waits for network activity, for extra_fd (if >= 0) to become readable, or
 * for timeout_ms (-1 = until something happens), whichever first; then moves
 * the transfers on and runs the callbacks of finished requests. *extra_ready
 * (if not NULL) tells whether extra_fd is readable. */
enum wft_status wft_http_poll(struct wft_http *h, int extra_fd, int timeout_ms,
                              bool *extra_ready, struct wft_error *err);

/* Milliseconds until the engine needs wft_http_poll() again for a timer of
 * its own (a retry); -1 when it has none. curl's own timers are inside poll. */
long wft_http_timeout_ms(const struct wft_http *h);

/* Number of requests started and not finished. */
size_t wft_http_pending(const struct wft_http *h);

/* Runs the engine until req has finished (its callback has run). */
enum wft_status wft_http_wait(struct wft_http *h, struct wft_http_req *req,
                              struct wft_error *err);

/* Runs the engine until no request is pending. */
enum wft_status wft_http_drain(struct wft_http *h, struct wft_error *err);

/* The User-Agent sent with every request: "wftokens/VERSION". */
const char *wft_http_user_agent(void);

#endif
