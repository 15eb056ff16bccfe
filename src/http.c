/* http.c: the HTTP engine over curl multi. Each request owns one easy handle
 * that is re-added to the multi handle for a retry after its back-off timer. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "mask.h"

/* A buffered answer larger than this is refused (a whole org's token list
 * streams to a sink instead). */
#define HTTP_MAX_BODY (64u * 1024u * 1024u)

enum req_state {
	REQ_RUNNING,   /* in the multi handle */
	REQ_WAITING,   /* back-off before the next attempt */
	REQ_FINISHED,  /* answer or failure known, callback not yet run */
};

struct wft_http_req {
	struct wft_http *h;
	struct wft_http_req *prev, *next;
	enum req_state state;
	CURL *easy;
	struct curl_slist *headers;
	char *body;
	size_t body_len;
	char *label;
	char *host;
	bool idempotent;
	wft_http_sink_fn sink;
	wft_http_done_fn done;
	void *ud;
	unsigned long serial;   /* for wft_http_wait */

	char *buf;
	size_t len, cap;
	bool streamed;          /* bytes went to the sink: no retry any more */
	bool sink_failed;
	bool too_big;
	bool over_cap;          /* too_big because of max_answer_bytes */
	size_t received;        /* bytes of this attempt's answer */
	struct wft_error sink_err;
	int attempts;
	long long next_at_ms;   /* monotonic time of the next attempt */
	CURLcode result;
	char errbuf[CURL_ERROR_SIZE];
	char *dry_run;          /* --dry-run: the request it would have been */
};

struct wft_http {
	CURLM *multi;
	struct wft_http_options o;
	char *cacert;
	struct wft_http_req *head;
	size_t n_reqs;
	unsigned long serial;
	uint64_t rng;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *wft_http_user_agent(void)
{
	return "wftokens/" PACKAGE_VERSION;
}

static bool curl_ready;

static enum wft_status global_init(struct wft_error *err)
{
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return wft_error_set(err, WFT_ERR_NETWORK, "libcurl failed to start");
		curl_ready = true;
	}
	return WFT_OK;
}

static bool host_is_loopback(const char *host)
{
	unsigned char a[16];
	char v6[64];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof v6) {
		memcpy(v6, host + 1, n - 2);
		v6[n - 2] = '\0';
		host = v6;
	}
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char one[16] = { [15] = 1 };
		return memcmp(a, one, 16) == 0;
	}
	return false;
}

/* Parses url and, when hostp is given, hands back a copy of its host. */
static enum wft_status check_url(const char *url, char **hostp, struct wft_error *err)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *user = NULL;
	enum wft_status st = WFT_OK;

	if (!url || !*url)
		return wft_error_set(err, WFT_ERR_INVALID, "no endpoint URL given");
	if (strlen(url) > 8192)
		return wft_error_set(err, WFT_ERR_INVALID, "the URL is too long");
	if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0)
		return wft_error_set(err, WFT_ERR_INVALID,
		                     "the endpoint must start with https:// (got something else)");
	u = curl_url();
	if (!u)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		st = wft_error_set(err, WFT_ERR_INVALID, "the endpoint is not a valid URL");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user) {
		st = wft_error_set(err, WFT_ERR_INVALID,
		                   "the endpoint URL must not hold a user name or password");
		goto out;
	}
	if (strcasecmp(scheme, "http") == 0 && !host_is_loopback(host)) {
		st = wft_error_set(err, WFT_ERR_INVALID,
		                   "plain http:// is allowed only for a local sandbox "
		                   "(127.0.0.1, ::1, localhost); use https://%s", host);
		goto out;
	}
	if (hostp) {
		*hostp = strdup(host);
		if (!*hostp)
			st = wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
out:
	if (user) {
		wft_wipe(user, strlen(user));
		curl_free(user);
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return st;
}

enum wft_status wft_http_check_url(const char *url, struct wft_error *err)
{
	enum wft_status st = global_init(err);

	return st ? st : check_url(url, NULL, err);
}

bool wft_http_url_is_loopback(const char *url)
{
	char *host = NULL;
	bool loopback;

	if (global_init(NULL) || check_url(url, &host, NULL))
		return false;
	loopback = host_is_loopback(host);
	free(host);
	return loopback;
}

enum wft_status wft_http_new(struct wft_http **out,
                             const struct wft_http_options *opts,
                             struct wft_error *err)
{
	struct wft_http *h;
	enum wft_status st = global_init(err);

	*out = NULL;
	if (st)
		return st;
	h = calloc(1, sizeof *h);
	if (!h)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (opts)
		h->o = *opts;
	if (h->o.connect_timeout_ms <= 0)
		h->o.connect_timeout_ms = 10000;
	if (h->o.timeout_ms <= 0)
		h->o.timeout_ms = 60000;
	if (h->o.max_attempts <= 0)
		h->o.max_attempts = 4;
	if (h->o.backoff_base_ms <= 0)
		h->o.backoff_base_ms = 500;
	if (h->o.backoff_max_ms <= 0)
		h->o.backoff_max_ms = 8000;
	if (h->o.retry_after_max_s <= 0)
		h->o.retry_after_max_s = 60;
	if (h->o.retry_after_unit_ms <= 0)
		h->o.retry_after_unit_ms = 1000;
	if (h->o.max_answer_bytes == 0)
		h->o.max_answer_bytes = WFT_HTTP_DEFAULT_MAX_ANSWER;
	if (h->o.cacert) {
		h->cacert = strdup(h->o.cacert);
		if (!h->cacert) {
			free(h);
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		}
		if (access(h->cacert, R_OK) != 0) {
			wft_error_set(err, WFT_ERR_INVALID, "cannot read the CA file %s", h->cacert);
			free(h->cacert);
			free(h);
			return WFT_ERR_INVALID;
		}
	}
	h->o.cacert = h->cacert;
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h->cacert);
		free(h);
		return wft_error_set(err, WFT_ERR_NOMEM, "libcurl could not start");
	}
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 6L);
	h->rng = (uint64_t)now_ms() * 0x9e3779b97f4a7c15u ^ (uint64_t)getpid();
	if (!h->rng)
		h->rng = 1;
	*out = h;
	return WFT_OK;
}

static uint64_t next_random(struct wft_http *h)
{
	h->rng ^= h->rng << 13;
	h->rng ^= h->rng >> 7;
	h->rng ^= h->rng << 17;
	return h->rng;
}

static void wipe_free(char *p, size_t n)
{
	if (p) {
		wft_wipe(p, n);
		free(p);
	}
}

static void req_destroy(struct wft_http_req *req)
{
	if (req->easy)
		curl_easy_cleanup(req->easy);
	for (struct curl_slist *s = req->headers; s; s = s->next)
		wft_wipe(s->data, strlen(s->data));
	curl_slist_free_all(req->headers);
	wipe_free(req->body, req->body_len);
	wipe_free(req->buf, req->cap);
	free(req->label);
	free(req->host);
	free(req->dry_run);
	free(req);
}

static void req_unlink(struct wft_http_req *req)
{
	struct wft_http *h = req->h;

	if (req->prev)
		req->prev->next = req->next;
	else
		h->head = req->next;
	if (req->next)
		req->next->prev = req->prev;
	req->prev = req->next = NULL;
	h->n_reqs--;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *p)
{
	struct wft_http_req *req = p;
	size_t n = size * nmemb;

	/* The cap on one answer, streamed or buffered (error bodies too). */
	if (n > req->h->o.max_answer_bytes - req->received) {
		req->too_big = req->over_cap = true;
		return 0;
	}
	req->received += n;
	if (req->sink) {
		long status = 0;
		curl_easy_getinfo(req->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status < 300) {
			curl_off_t length = -1;
			if (!req->streamed &&
			    curl_easy_getinfo(req->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) ==
			            CURLE_OK && length > 0 &&
			    !req->sink(req->ud, NULL, (size_t)length, &req->sink_err)) {
				req->sink_failed = true;
				return 0;
			}
			req->streamed = true;
			if (!req->sink(req->ud, data, n, &req->sink_err)) {
				req->sink_failed = true;
				return 0;
			}
			return n;
		}
	}
	if (req->len + n + 1 > req->cap) {
		size_t cap = req->cap ? req->cap : 4096;
		char *nb;
		if (req->len + n + 1 > HTTP_MAX_BODY) {
			req->too_big = true;
			return 0;
		}
		while (cap < req->len + n + 1)
			cap *= 2;
		if (cap > HTTP_MAX_BODY)
			cap = HTTP_MAX_BODY;
		nb = malloc(cap);
		if (!nb)
			return 0;
		if (req->buf) {
			memcpy(nb, req->buf, req->len);
			wipe_free(req->buf, req->cap);
		}
		req->buf = nb;
		req->cap = cap;
	}
	memcpy(req->buf + req->len, data, n);
	req->len += n;
	req->buf[req->len] = '\0';
	return n;
}

/* The options every request shares: where it goes, where its answer goes,
 * the client's name, timeouts and TLS checks. */
static void easy_set_common(struct wft_http *h, struct wft_http_req *req,
                            const struct wft_http_request *rq)
{
	CURL *e = req->easy;

	curl_easy_setopt(e, CURLOPT_URL, rq->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, req);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, req->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, req);
	curl_easy_setopt(e, CURLOPT_USERAGENT, wft_http_user_agent());
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->o.timeout_ms);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, h->o.insecure ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, h->o.insecure ? 0L : 2L);
	if (h->cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, h->cacert);
	/* libcurl silently resends a request whose reused connection died
	 * before an answer; for one that must never be repeated (a token
	 * generation) a fresh connection rules that out. */
	if (!rq->idempotent)
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
}

/* Adds one header line to the request's list; false when out of memory. */
static bool easy_add_header(struct wft_http_req *req, const char *line)
{
	struct curl_slist *s = curl_slist_append(req->headers, line);

	if (!s)
		return false;
	req->headers = s;
	return true;
}

/* The request's header lines: ours, the caller's, and the body's type. */
static enum wft_status easy_set_headers(struct wft_http_req *req,
                                        const struct wft_http_request *rq, const char *m,
                                        struct wft_error *err)
{
	bool has_type = false;

	req->headers = curl_slist_append(NULL, "Accept: application/json");
	/* No 100-continue round trip for our small bodies. */
	if (req->headers)
		req->headers = curl_slist_append(req->headers, "Expect:");
	if (!req->headers)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	for (const char *const *hp = rq->headers; hp && *hp; hp++) {
		if (!easy_add_header(req, *hp))
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		if (strncasecmp(*hp, "Content-Type:", 13) == 0)
			has_type = true;
	}
	/* Every write names its type as the official client does, also with
	 * an empty body: libcurl would call an empty POST a form
	 * (application/x-www-form-urlencoded), which the API answers with 415.
	 * A caller that sends a form (the CSP sign-in) names its own type. */
	if (!has_type && strcmp(m, "GET") != 0 &&
	    !easy_add_header(req, "Content-Type: application/json"))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	curl_easy_setopt(req->easy, CURLOPT_HTTPHEADER, req->headers);
	return WFT_OK;
}

/* The method, and the body of a write. */
static enum wft_status easy_set_method(struct wft_http_req *req,
                                       const struct wft_http_request *rq, const char *m,
                                       struct wft_error *err)
{
	CURL *e = req->easy;

	if (strcmp(m, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
		return WFT_OK;
	}
	if (rq->body || strcmp(m, "DELETE") != 0) {
		/* Our own copy, so it can be wiped: curl does not copy it. */
		req->body_len = rq->body ? rq->body_len : 0;
		req->body = malloc(req->body_len + 1);
		if (!req->body)
			return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		if (req->body_len)
			memcpy(req->body, rq->body, req->body_len);
		req->body[req->body_len] = '\0';
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)req->body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body);
	}
	if (strcmp(m, "POST") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, m);
	return WFT_OK;
}

static enum wft_status setup_easy(struct wft_http *h, struct wft_http_req *req,
                                  const struct wft_http_request *rq,
                                  struct wft_error *err)
{
	const char *m = rq->method ? rq->method : "GET";
	enum wft_status st;

	req->easy = curl_easy_init();
	if (!req->easy)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	easy_set_common(h, req, rq);
	st = easy_set_headers(req, rq, m, err);
	if (st != WFT_OK)
		return st;
	if (rq->basic_user) {
		curl_easy_setopt(req->easy, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(req->easy, CURLOPT_USERNAME, rq->basic_user);
		curl_easy_setopt(req->easy, CURLOPT_PASSWORD,
		                 rq->basic_password ? rq->basic_password : "");
	}
	return easy_set_method(req, rq, m, err);
}

/* What --dry-run shows of a request: "dry run, not sent: PUT /path
 * (Authorization: Bearer ****-...-8d9f) body: {...}", with the secret of
 * the Authorization header and every token id masked. A new string. */
static char *dry_run_text(const struct wft_http_request *rq)
{
	const char *url = rq->url, *p = strstr(url, "://");
	char *out = NULL, *body = NULL;
	size_t n;
	FILE *m;

	p = p ? strchr(p + 3, '/') : NULL;
	if (!(m = open_memstream(&out, &n)))
		return NULL;
	fprintf(m, "dry run, not sent: %s %s", rq->method ? rq->method : "GET", p ? p : "/");
	for (const char *const *hd = rq->headers; hd && *hd; hd++) {
		if (strncasecmp(*hd, "Authorization:", 14) == 0) {
			const char *v = *hd + 14, *sp;
			char masked[WFT_MASK_SIZE];
			while (*v == ' ')
				v++;
			sp = strchr(v, ' ');
			wft_mask_id(sp ? sp + 1 : v, masked, sizeof masked);
			fprintf(m, " (Authorization: %.*s%s)", sp ? (int)(sp - v + 1) : 0, v, masked);
		}
	}
	if (rq->body && rq->body_len) {
		if ((body = malloc(rq->body_len * WFT_REDACT_GROWTH + WFT_MASK_SIZE + 1)) != NULL) {
			wft_secret_redact(rq->body, rq->body_len, body,
			                  rq->body_len * WFT_REDACT_GROWTH + WFT_MASK_SIZE + 1);
			fprintf(m, " body: %s", body);
			wft_wipe(body, strlen(body));
			free(body);
		}
	}
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	wft_mask_ids_in(out);
	return out;
}

/* Puts req, started (attempts, state), at the head of h's requests. */
static struct wft_http_req *req_link(struct wft_http *h, struct wft_http_req *req, int attempts,
                                     enum req_state state)
{
	req->attempts = attempts;
	req->serial = ++h->serial;
	req->state = state;
	req->next = h->head;
	if (h->head)
		h->head->prev = req;
	h->head = req;
	h->n_reqs++;
	return req;
}

struct wft_http_req *wft_http_start(struct wft_http *h,
                                    const struct wft_http_request *rq,
                                    struct wft_error *err)
{
	struct wft_http_req *req;

	if (!rq->done) {
		wft_error_set(err, WFT_ERR_INVALID, "a request needs a callback");
		return NULL;
	}
	req = calloc(1, sizeof *req);
	if (!req) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	req->h = h;
	req->idempotent = rq->idempotent;
	req->sink = rq->sink;
	req->done = rq->done;
	req->ud = rq->ud;
	req->label = strdup(rq->label ? rq->label : rq->method ? rq->method : "request");
	if (!req->label) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		req_destroy(req);
		return NULL;
	}
	if (check_url(rq->url, &req->host, err) != WFT_OK) {
		req_destroy(req);
		return NULL;
	}
	if (rq->dry_run) {
		/* Kept back: finished at once, its callback run by the next poll. */
		if (!(req->dry_run = dry_run_text(rq))) {
			wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
			req_destroy(req);
			return NULL;
		}
		return req_link(h, req, 0, REQ_FINISHED);
	}
	if (setup_easy(h, req, rq, err) != WFT_OK) {
		req_destroy(req);
		return NULL;
	}
	if (curl_multi_add_handle(h->multi, req->easy) != CURLM_OK) {
		wft_error_set(err, WFT_ERR_NETWORK, "libcurl refused the request");
		req_destroy(req);
		return NULL;
	}
	return req_link(h, req, 1, REQ_RUNNING);
}

static void fmt_seconds(char *out, size_t n, long ms)
{
	if (ms < 1000)
		snprintf(out, n, "%.1f s", ms / 1000.0);
	else if (ms % 1000 == 0)
		snprintf(out, n, "%ld s", ms / 1000);
	else
		snprintf(out, n, "%ld s", (ms + 999) / 1000);
}

/* A transport failure as a message for a person. */
static enum wft_status transport_error(struct wft_http *h, struct wft_http_req *req,
                                       struct wft_error *err)
{
	char t[32];
	const char *host = req->host ? req->host : "the server";

	switch (req->result) {
	case CURLE_OPERATION_TIMEDOUT:
		if (strstr(req->errbuf, "onnect")) {
			fmt_seconds(t, sizeof t, h->o.connect_timeout_ms);
			return wft_error_set(err, WFT_ERR_NETWORK,
			                     "could not connect to %s within %s", host, t);
		}
		fmt_seconds(t, sizeof t, h->o.timeout_ms);
		return wft_error_set(err, WFT_ERR_NETWORK,
		                     "the server did not answer within %s", t);
	case CURLE_COULDNT_RESOLVE_HOST:
		return wft_error_set(err, WFT_ERR_NETWORK, "could not find the host %s", host);
	case CURLE_COULDNT_CONNECT:
		return wft_error_set(err, WFT_ERR_NETWORK, "could not connect to %s (%s)",
		                     host, req->errbuf[0] ? req->errbuf : "refused");
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return wft_error_set(err, WFT_ERR_NETWORK,
		                     "the connection to %s was dropped before the answer "
		                     "was complete", host);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CONNECT_ERROR:
		return wft_error_set(err, WFT_ERR_NETWORK,
		                     "TLS with %s failed: %s; if the instance uses a "
		                     "private CA, give it with --cacert FILE", host,
		                     req->errbuf[0] ? req->errbuf : curl_easy_strerror(req->result));
	case CURLE_WRITE_ERROR:
		if (req->sink_failed) {
			*err = req->sink_err;
			return err->code ? err->code : WFT_ERR_PARSE;
		}
		if (req->over_cap) {
			size_t cap = h->o.max_answer_bytes;
			if (cap % ((size_t)1 << 20) == 0)
				return wft_error_set(err, WFT_ERR_PARSE, "the answer is larger than %zu MiB, "
				                     "the limit set by max_answer_mb", cap >> 20);
			return wft_error_set(err, WFT_ERR_PARSE, "the answer is larger than %zu bytes, "
			                     "the limit set by max_answer_mb", cap);
		}
		if (req->too_big)
			return wft_error_set(err, WFT_ERR_PARSE, "the answer is too large");
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	case CURLE_UNSUPPORTED_PROTOCOL:
		return wft_error_set(err, WFT_ERR_INVALID, "the URL's scheme is not supported");
	default:
		return wft_error_set(err, WFT_ERR_NETWORK, "the request to %s failed: %s",
		                     host, curl_easy_strerror(req->result));
	}
}

static bool retriable_transport(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/* Decides whether a finished attempt is tried again; if so schedules it,
 * tells the UI, and returns true. */
static bool maybe_retry(struct wft_http *h, struct wft_http_req *req)
{
	long status = 0;
	curl_off_t ra = -1;
	long delay;
	char t[32], msg[160];

	if (!req->idempotent || req->streamed || req->attempts >= h->o.max_attempts)
		return false;
	if (req->result == CURLE_OK) {
		curl_easy_getinfo(req->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status != 429 && status != 502 && status != 503 && status != 504)
			return false;
		curl_easy_getinfo(req->easy, CURLINFO_RETRY_AFTER, &ra);
	} else if (!retriable_transport(req->result)) {
		return false;
	}
	delay = h->o.backoff_base_ms;
	for (int i = 1; i < req->attempts && delay < h->o.backoff_max_ms; i++)
		delay *= 2;
	if (delay > h->o.backoff_max_ms)
		delay = h->o.backoff_max_ms;
	/* Jitter: somewhere in the upper half, so clients spread out. */
	delay = delay / 2 + (long)(next_random(h) % (uint64_t)(delay / 2 + 1));
	if (ra > 0) {
		if (ra > h->o.retry_after_max_s)
			return false;
		if (delay < (long)ra * h->o.retry_after_unit_ms)
			delay = (long)ra * h->o.retry_after_unit_ms;
	}
	curl_multi_remove_handle(h->multi, req->easy);
	if (req->buf)
		wft_wipe(req->buf, req->cap);
	req->len = 0;
	req->received = 0;
	req->too_big = req->over_cap = false;
	req->errbuf[0] = '\0';
	req->state = REQ_WAITING;
	req->next_at_ms = now_ms() + delay;
	req->attempts++;
	if (h->o.on_retry) {
		/* Whole seconds for what a person reads when the wait is long. */
		if (ra > 0 && h->o.retry_after_unit_ms == 1000)
			snprintf(t, sizeof t, "%ld s", (long)ra);
		else
			fmt_seconds(t, sizeof t, delay);
		if (status == 429)
			snprintf(msg, sizeof msg, "the server is busy (429), retrying in %s", t);
		else if (status)
			snprintf(msg, sizeof msg, "the server is unavailable (%ld), retrying in %s",
			         status, t);
		else
			snprintf(msg, sizeof msg, "the connection failed, retrying in %s", t);
		h->o.on_retry(h->o.on_retry_ud, req->label, msg);
	}
	return true;
}

static void finish(struct wft_http *h, struct wft_http_req *req, enum wft_status forced)
{
	struct wft_http_response r;
	curl_off_t ra = -1;
	char *ct = NULL;

	memset(&r, 0, sizeof r);
	r.label = req->label;
	r.attempts = req->attempts;
	r.retry_after_s = -1;
	r.body = req->buf ? req->buf : "";
	r.body_len = req->len;
	if (req->dry_run && !forced) {
		r.code = wft_error_set(&r.err, WFT_ERR_DRY_RUN, "%s", req->dry_run);
	} else if (forced) {
		r.code = wft_error_set(&r.err, forced, "%s was cancelled", req->label);
	} else if (req->result != CURLE_OK) {
		r.code = transport_error(h, req, &r.err);
	} else {
		curl_easy_getinfo(req->easy, CURLINFO_RESPONSE_CODE, &r.status);
		if (curl_easy_getinfo(req->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra >= 0)
			r.retry_after_s = ra > 0 ? (long)ra : -1;
		curl_easy_getinfo(req->easy, CURLINFO_CONTENT_TYPE, &ct);
		r.content_type = ct;
		r.code = WFT_OK;
		r.err.http_status = (int)r.status;
	}
	if (req->state != REQ_WAITING && req->easy)
		curl_multi_remove_handle(h->multi, req->easy);
	req_unlink(req);
	req->done(req->ud, &r);
	req_destroy(req);
}

void wft_http_cancel(struct wft_http *h, struct wft_http_req *req)
{
	if (h && req)
		finish(h, req, WFT_ERR_CANCELLED);
}

void wft_http_free(struct wft_http *h)
{
	if (!h)
		return;
	while (h->head)
		finish(h, h->head, WFT_ERR_CANCELLED);
	curl_multi_cleanup(h->multi);
	free(h->cacert);
	free(h);
}

long wft_http_timeout_ms(const struct wft_http *h)
{
	long long best = -1, now = now_ms();

	for (struct wft_http_req *r = h->head; r; r = r->next) {
		if (r->state == REQ_FINISHED)
			return 0;
		if (r->state == REQ_WAITING) {
			long long d = r->next_at_ms - now;
			if (d < 0)
				d = 0;
			if (best < 0 || d < best)
				best = d;
		}
	}
	return (long)best;
}

size_t wft_http_pending(const struct wft_http *h)
{
	return h->n_reqs;
}

static void start_due_retries(struct wft_http *h)
{
	long long now = now_ms();

	for (struct wft_http_req *r = h->head; r; r = r->next) {
		if (r->state == REQ_WAITING && r->next_at_ms <= now) {
			if (curl_multi_add_handle(h->multi, r->easy) == CURLM_OK) {
				r->state = REQ_RUNNING;
			} else {
				r->result = CURLE_FAILED_INIT;
				r->state = REQ_FINISHED;
			}
		}
	}
}

/* Runs the callbacks of finished requests one at a time; a callback may
 * start or cancel requests, so the list is searched again after each. */
static void dispatch(struct wft_http *h)
{
	for (;;) {
		struct wft_http_req *r = h->head;
		while (r && r->state != REQ_FINISHED)
			r = r->next;
		if (!r)
			return;
		finish(h, r, WFT_OK);
	}
}

enum wft_status wft_http_poll(struct wft_http *h, int extra_fd, int timeout_ms,
                              bool *extra_ready, struct wft_error *err)
{
	struct curl_waitfd wfd = { .fd = extra_fd, .events = CURL_WAIT_POLLIN };
	long own = wft_http_timeout_ms(h);
	int running = 0, nfds = 0, left;
	CURLMsg *m;
	CURLMcode mc;

	if (extra_ready)
		*extra_ready = false;
	if (timeout_ms < 0)
		timeout_ms = 1000;
	if (own >= 0 && own < timeout_ms)
		timeout_ms = (int)own;
	mc = curl_multi_poll(h->multi, extra_fd >= 0 ? &wfd : NULL,
	                     extra_fd >= 0 ? 1 : 0, timeout_ms, &nfds);
	if (mc != CURLM_OK)
		return wft_error_set(err, WFT_ERR_NETWORK, "waiting for the network failed: %s",
		                     curl_multi_strerror(mc));
	if (extra_fd >= 0 && extra_ready && (wfd.revents & CURL_WAIT_POLLIN))
		*extra_ready = true;
	start_due_retries(h);
	mc = curl_multi_perform(h->multi, &running);
	if (mc != CURLM_OK)
		return wft_error_set(err, WFT_ERR_NETWORK, "the transfer failed: %s",
		                     curl_multi_strerror(mc));
	while ((m = curl_multi_info_read(h->multi, &left))) {
		struct wft_http_req *req = NULL;
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&req);
		if (!req)
			continue;
		req->result = m->data.result;
		if (!maybe_retry(h, req))
			req->state = REQ_FINISHED;
	}
	dispatch(h);
	return WFT_OK;
}

static bool serial_pending(const struct wft_http *h, unsigned long serial)
{
	for (const struct wft_http_req *r = h->head; r; r = r->next)
		if (r->serial == serial)
			return true;
	return false;
}

enum wft_status wft_http_wait(struct wft_http *h, struct wft_http_req *req,
                              struct wft_error *err)
{
	unsigned long serial;

	if (!req)
		return WFT_OK;
	serial = req->serial;
	while (serial_pending(h, serial)) {
		enum wft_status st = wft_http_poll(h, -1, 1000, NULL, err);
		if (st)
			return st;
	}
	return WFT_OK;
}

enum wft_status wft_http_drain(struct wft_http *h, struct wft_error *err)
{
	while (h->n_reqs) {
		enum wft_status st = wft_http_poll(h, -1, 1000, NULL, err);
		if (st)
			return st;
	}
	return WFT_OK;
}
