/* session.c: the console's requests over the client (api.h): one engine,
 * one sign-in, a list of jobs in flight, each reporting through a hook. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "apierror.h"
#include "csp_api.h"
#include "mask.h"
#include "session.h"

enum job_kind { JOB_LOAD, JOB_OWN, JOB_REVOKE, JOB_RENAME };

/* A tracked call: every request in flight, the session's own and the
 * pages' (request.h), is one of these, in one list. */
struct session_call {
	struct session *s;
	struct session_call *prev, *next;
	enum request_group group;
	session_call_fn fn;
	void *ud;
	struct wft_api_call *call;
	/* a call of the VMware Cloud services client instead */
	session_csp_call_fn csp_fn;
	struct csp_api_call *csp_call;
};

/* One piece of the session's own work: a load, the own-token list, a
 * change and its read-back, each step a tracked call of group REQ_TOKENS. */
struct job {
	struct session *s;
	enum job_kind kind;
	struct session_call *call;    /* the step in flight */
	char *id;                     /* a secret: wiped */
	char *name;
	struct tokenset *ts;          /* JOB_LOAD */
	struct tokenset_decoder *dec;
	struct session_progress progress;
	bool user_token;              /* JOB_RENAME through T3 */
	struct wft_error first;       /* the change's own error while reading back */
};

struct session {
	struct wft_http *http;
	struct wft_auth *auth;
	struct wft_api *api;
	/* Signed in through VMware Cloud services: its administration client
	 * (csp_api.h) on the same engine and sign-in, the CSP API token (a
	 * secret, for its details call) and the organisation named at sign-in. */
	struct csp_api *csp;
	char *csp_token;
	char *org_id;
	char *client_id;              /* an OAuth app's id (not a secret) */
	struct session_hooks hooks;
	struct session_call *calls;   /* every tracked call in flight */
	struct job *load, *own_job;   /* the load and the own-token list running */
	bool quiet;                   /* freeing: no hooks */
	/* The ids of the signed-in user's own tokens (GET /api/v2/apitoken),
	 * secrets, sorted; own_known is false until that list has been read
	 * (an instance may refuse it, as VMware Cloud services ones do). */
	char **own;
	size_t n_own;
	bool own_known;
	/* The instance is onboarded to VMware Cloud services: seen from its
	 * answers (the own-token list refused in those words, or CSP_* account
	 * types in the org's tokens); never unset once seen. */
	bool csp_onboarded;
};

/* ---- tracked calls ------------------------------------------------------ */

struct session_call *session_call_new(struct session *s, enum request_group group,
                                      session_call_fn fn, void *ud)
{
	struct session_call *c = s ? calloc(1, sizeof *c) : NULL;

	if (!c)
		return NULL;
	c->s = s;
	c->group = group;
	c->fn = fn;
	c->ud = ud;
	return c;
}

struct session_call *session_call_new_csp(struct session *s, enum request_group group,
                                          session_csp_call_fn fn, void *ud)
{
	struct session_call *c = session_call_new(s, group, NULL, ud);

	if (c)
		c->csp_fn = fn;
	return c;
}

/* Puts c on the list of calls in flight, once its call has started. */
static bool call_track(struct session_call *c, bool started)
{
	struct session *s = c->s;

	if (!started) {
		free(c);
		return false;
	}
	c->next = s->calls;
	if (s->calls)
		s->calls->prev = c;
	s->calls = c;
	return true;
}

bool session_call_go(struct session_call *c, struct wft_api_call *call)
{
	c->call = call;
	return call_track(c, call != NULL);
}

bool session_call_go_csp(struct session_call *c, struct csp_api_call *call)
{
	c->csp_call = call;
	return call_track(c, call != NULL);
}

/* Takes c off the list of calls in flight. */
static void call_untrack(struct session_call *c)
{
	struct session *s = c->s;

	if (c->prev)
		c->prev->next = c->next;
	else if (s->calls == c)
		s->calls = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

void session_call_done(void *ud, struct wft_api_result *res)
{
	struct session_call *c = ud;

	call_untrack(c);
	if (c->fn)
		c->fn(c->ud, res);
	free(c);
}

void session_csp_call_done(void *ud, struct csp_api_result *res)
{
	struct session_call *c = ud;

	call_untrack(c);
	if (c->csp_fn)
		c->csp_fn(c->ud, res);
	free(c);
}

static bool in_group(const struct session_call *c, enum request_group group)
{
	return group == REQ_ANY || c->group == group;
}

int session_pending(const struct session *s, enum request_group group)
{
	int n = 0;

	for (const struct session_call *c = s ? s->calls : NULL; c; c = c->next)
		n += in_group(c, group);
	return n;
}

void session_cancel(struct session *s, enum request_group group)
{
	struct session_call *c;

	/* Each cancel runs session_call_done at once, which unlinks the call:
	 * the list is searched again from its head each time. */
	for (;;) {
		for (c = s->calls; c && !in_group(c, group); c = c->next)
			;
		if (!c)
			break;
		if (c->csp_call)
			csp_api_cancel(s->csp, c->csp_call);
		else
			wft_api_cancel(s->api, c->call);
	}
}

static void on_retry(void *ud, const char *label, const char *message)
{
	struct session *s = ud;

	(void)label;
	if (s->hooks.retrying && !s->quiet)
		s->hooks.retrying(s->hooks.ud, message);
}

/* The CSP client, when the sign-in goes through VMware Cloud services. */
static enum wft_status csp_start(struct session *s, const struct wft_auth_params *a,
                                 struct wft_error *err)
{
	enum wft_status st;

	if (a->method == WFT_AUTH_TOKEN)
		return WFT_OK;
	if ((st = csp_api_new(&s->csp, a->csp_url, s->http, s->auth, err)) != WFT_OK)
		return st;
	if ((a->csp_api_token && !(s->csp_token = strdup(a->csp_api_token))) ||
	    (a->org_id && *a->org_id && !(s->org_id = strdup(a->org_id))) ||
	    (a->client_id && *a->client_id && !(s->client_id = strdup(a->client_id))))
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	return WFT_OK;
}

enum wft_status session_new(struct session **out, const struct session_params *p,
                            const struct session_hooks *hooks, struct wft_error *err)
{
	struct session *s = calloc(1, sizeof *s);
	struct wft_http_options ho;
	enum wft_status st;

	*out = NULL;
	if (!s)
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	if (p->http)
		ho = *p->http;
	else
		memset(&ho, 0, sizeof ho);
	ho.on_retry = on_retry;
	ho.on_retry_ud = s;
	s->hooks = *hooks;
	if ((st = wft_http_new(&s->http, &ho, err)) != WFT_OK ||
	    (st = wft_auth_new(&s->auth, p->auth, s->http, err)) != WFT_OK ||
	    (st = wft_api_new(&s->api, p->endpoint, s->http, s->auth, err)) != WFT_OK ||
	    (st = csp_start(s, p->auth, err)) != WFT_OK) {
		session_free(s);
		return st;
	}
	*out = s;
	return WFT_OK;
}

static void job_free(struct job *j)
{
	if (j->s->load == j)
		j->s->load = NULL;
	if (j->s->own_job == j)
		j->s->own_job = NULL;
	wft_free_secret(j->id);
	free(j->name);
	tokenset_decoder_free(j->dec);
	tokenset_free(j->ts);
	free(j);
}

static struct job *job_new(struct session *s, enum job_kind kind, const char *id,
                           const char *name, struct wft_error *err)
{
	struct job *j = calloc(1, sizeof *j);

	if (!j) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	j->s = s;
	j->kind = kind;
	if ((id && !(j->id = strdup(id))) || (name && !(j->name = strdup(name)))) {
		job_free(j);
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	return j;
}

/* The job's next step: a tracked call of group REQ_TOKENS that runs fn
 * with the job; NULL when out of memory. */
static struct session_call *job_step(struct job *j, session_call_fn fn)
{
	return j->call = session_call_new(j->s, REQ_TOKENS, fn, j);
}

/* Starts the step made by job_step with call (NULL: it could not start);
 * false when it did not start, and err says why. */
static bool job_go(struct job *j, struct wft_api_call *call, struct wft_error *err)
{
	if (!j->call) {
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return false;
	}
	if (!session_call_go(j->call, call)) {
		j->call = NULL;
		if (!err->code)
			wft_error_set(err, WFT_ERR_NETWORK, "the request could not start");
		return false;
	}
	return true;
}

static void own_clear(struct session *s)
{
	for (size_t i = 0; i < s->n_own; i++)
		wft_free_secret(s->own[i]);
	free(s->own);
	s->own = NULL;
	s->n_own = 0;
	s->own_known = false;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	/* Every call ends now: the session's own quietly, the pages' with
	 * WFT_ERR_CANCELLED. */
	s->quiet = true;
	session_cancel(s, REQ_ANY);
	own_clear(s);
	csp_api_free(s->csp);
	wft_free_secret(s->csp_token);
	free(s->org_id);
	free(s->client_id);
	wft_api_free(s->api);
	wft_auth_free(s->auth);
	wft_http_free(s->http);
	free(s);
}

/* ---- load --------------------------------------------------------------- */

/* The body as it arrives; ud is the load's tracked call (the client hands
 * the sink the data its callback gets). */
static bool load_sink(void *ud, const char *data, size_t len, struct wft_error *err)
{
	struct job *j = ((struct session_call *)ud)->ud;
	struct session *s = j->s;

	if (!j->dec) {
		wft_error_set(err, WFT_ERR_INVALID, "an answer arrived for no load");
		return false;
	}
	if (!data) {
		j->progress.total_bytes = (long long)len;   /* Content-Length */
		return true;
	}
	if (tokenset_decoder_feed(j->dec, data, len, err) != WFT_OK)
		return false;
	j->progress.bytes += len;
	j->progress.tokens = tokenset_count(j->ts);
	j->progress.ts = j->ts;
	if (s->hooks.progress && !s->quiet)
		s->hooks.progress(s->hooks.ud, &j->progress);
	return true;
}

static void load_done(void *ud, struct wft_api_result *res)
{
	struct job *j = ud;
	struct session *s = j->s;
	struct wft_error err = res->err;
	struct tokenset *ts = NULL;

	if (err.code == WFT_OK)
		tokenset_decoder_finish(j->dec, &err);
	/* Whole, or the rows that arrived before the load ended. */
	tokenset_decoder_free(j->dec);
	j->dec = NULL;
	ts = j->ts;
	j->ts = NULL;
	for (size_t i = 0; i < tokenset_size(ts) && !s->csp_onboarded; i++)
		if (wft_account_type_is_csp(tokenset_account_type(ts, (tokenset_idx)i)))
			s->csp_onboarded = true;
	if (err.code == WFT_OK)
		wft_error_clear(&err);
	if (s->hooks.loaded && !s->quiet)
		s->hooks.loaded(s->hooks.ud, ts, err.code == WFT_OK ? NULL : &err);
	else
		tokenset_free(ts);
	job_free(j);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void own_done(void *ud, struct wft_api_result *res)
{
	struct job *j = ud;
	struct session *s = j->s;

	if (res->err.code == WFT_ERR_CANCELLED) {
		job_free(j);  /* what was known stays known */
		return;
	}
	own_clear(s);
	if (wft_apierror_is_csp_refusal(&res->err))
		s->csp_onboarded = true;
	if (res->err.code == WFT_OK && (s->own = calloc(res->tokens.n + 1, sizeof *s->own))) {
		for (size_t i = 0; i < res->tokens.n; i++)
			if (res->tokens.items[i].id && (s->own[s->n_own] = strdup(res->tokens.items[i].id)))
				s->n_own++;
		qsort(s->own, s->n_own, sizeof *s->own, cmp_str);
		s->own_known = s->n_own == res->tokens.n;
	}
	job_free(j);
}

bool session_own_known(const struct session *s)
{
	return s && s->own_known;
}

int session_token_is_own(const struct session *s, const char *id)
{
	if (!s || !s->own_known || !id)
		return -1;
	return bsearch(&id, s->own, s->n_own, sizeof *s->own, cmp_str) != NULL;
}

const char *session_own_at(const struct session *s, size_t i)
{
	return s && s->own_known && i < s->n_own ? s->own[i] : NULL;
}

bool session_csp_onboarded(const struct session *s)
{
	return s && s->csp_onboarded;
}

bool session_loading(const struct session *s)
{
	return s->load != NULL;
}

/* The user's own tokens, read again with every load, so that a rename
 * that cannot succeed (another user's token) is refused at once. A
 * failure here only leaves that unknown. */
void session_load_own(struct session *s)
{
	struct wft_error err;
	struct job *j;

	wft_error_clear(&err);
	if (s->own_job || !(j = job_new(s, JOB_OWN, NULL, NULL, &err)))
		return;
	s->own_job = j;
	if (!job_step(j, own_done) ||
	    !job_go(j, wft_api_my_tokens(s->api, session_call_done, j->call, &err), &err))
		job_free(j);
}

enum wft_status session_load(struct session *s, struct wft_error *err)
{
	struct job *j;

	/* A newer load wins: the older one is cancelled quietly. */
	if (s->load) {
		bool q = s->quiet;
		s->quiet = true;
		wft_api_cancel(s->api, s->load->call->call);
		s->quiet = q;
	}
	wft_error_clear(err);
	if (!(j = job_new(s, JOB_LOAD, NULL, NULL, err)))
		return err->code;
	j->ts = tokenset_new();
	j->dec = j->ts ? tokenset_decoder_new(j->ts) : NULL;
	j->progress.total_bytes = -1;
	if (!j->dec || !job_step(j, load_done)) {
		job_free(j);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	if (!job_go(j, wft_api_customer_tokens(s->api, load_sink, session_call_done, j->call, err),
	            err)) {
		job_free(j);
		return err->code;
	}
	s->load = j;
	/* The user's own tokens, read again with every load, so that a rename
	 * that cannot succeed (another user's token) is refused at once. A
	 * failure here only leaves that unknown. */
	session_load_own(s);
	wft_error_clear(err);
	return WFT_OK;
}


/* ---- revoke and rename -------------------------------------------------- */

static void report(struct job *j, const struct session_change *ch)
{
	struct session *s = j->s;

	if (s->quiet)
		return;
	if (j->kind == JOB_REVOKE && s->hooks.revoked)
		s->hooks.revoked(s->hooks.ud, j->id, ch);
	else if (j->kind == JOB_RENAME && s->hooks.renamed)
		s->hooks.renamed(s->hooks.ud, j->id, j->name, ch);
}

/* The token as read back after an unconfirmed change settles it. */
static void readback_done(void *ud, struct wft_api_result *res)
{
	struct job *j = ud;
	struct session_change ch = {
		.outcome = WFT_OUTCOME_UNCONFIRMED, .read_back = true,
		.was_404 = j->first.http_status == 404, .err = &j->first,
	};
	enum wft_readback rb = wft_outcome_read(&res->err);
	bool shows;

	ch.token_gone = rb == WFT_READ_ABSENT;
	if (rb == WFT_READ_PRESENT && res->token.name)
		ch.read_name = res->token.name;
	if (j->kind == JOB_REVOKE)
		shows = rb == WFT_READ_ABSENT;
	else
		shows = rb == WFT_READ_PRESENT && res->token.name && j->name &&
		        strcmp(res->token.name, j->name) == 0;
	ch.settled = wft_outcome_settle(rb, shows);
	report(j, &ch);
	job_free(j);
}

bool session_reads_back(const struct session *s, const struct wft_error *err)
{
	return s && !s->quiet && err->code != WFT_ERR_CANCELLED &&
	       wft_outcome_of(err) == WFT_OUTCOME_UNCONFIRMED;
}

/* An unconfirmed change is read back (GET customertokens/{id}); false
 * when that read could not start, or must not (session_reads_back). */
static bool change_read_back(struct job *j, const struct wft_error *first)
{
	struct wft_error e2;

	if (!session_reads_back(j->s, first))
		return false;
	wft_error_clear(&e2);
	j->first = *first;
	return job_step(j, readback_done) &&
	       job_go(j, wft_api_customer_token(j->s->api, j->id, session_call_done, j->call, &e2),
	              &e2);
}

/* The end of a revoke or a rename: reported when its answer settles it,
 * else the token is read back first. */
static void change_done(void *ud, struct wft_api_result *res)
{
	struct job *j = ud;
	struct wft_error err = res->err;
	struct session_change ch = { .err = err.code == WFT_OK ? NULL : &err };

	/* T3 only knows the caller's own tokens: say so rather than "not found". */
	if (j->kind == JOB_RENAME && err.code == WFT_ERR_HTTP && err.http_status == 404 &&
	    j->user_token) {
		wft_error_set(&err, WFT_ERR_HTTP, "the API renames only service-account tokens "
		              "and your own user tokens (404)");
		err.http_status = 404;
	}
	ch.outcome = wft_outcome_of(&err);
	ch.was_404 = err.http_status == 404;
	switch (ch.outcome) {
	case WFT_OUTCOME_DONE:
	case WFT_OUTCOME_DONE_UNREAD:
		ch.settled = WFT_SETTLED_DONE;
		break;
	case WFT_OUTCOME_REFUSED:
		ch.settled = WFT_SETTLED_NOT_DONE;
		break;
	case WFT_OUTCOME_UNCONFIRMED:
		ch.settled = WFT_SETTLED_UNKNOWN;
		if (change_read_back(j, &err))
			return;
		break;
	}
	report(j, &ch);
	job_free(j);
}

enum wft_status session_revoke(struct session *s, const char *id, struct wft_error *err)
{
	struct job *j = job_new(s, JOB_REVOKE, id, NULL, err);

	if (!j)
		return err->code;
	wft_error_clear(err);
	/* One's own token goes through the own-token endpoint (T4). */
	if (!job_step(j, change_done) ||
	    !job_go(j, session_token_is_own(s, id) == 1
	               ? wft_api_revoke_my_token(s->api, id, session_call_done, j->call, err)
	               : wft_api_revoke_token(s->api, id, session_call_done, j->call, err), err)) {
		job_free(j);
		return err->code;
	}
	return WFT_OK;
}

enum wft_status session_rename(struct session *s, const char *id, const char *account,
                               enum wft_account_type type, const char *name,
                               struct wft_error *err)
{
	struct job *j;
	struct wft_api_call *call = NULL;
	enum wft_rename_route route;

	if (!name || !*name)
		return wft_error_set(err, WFT_ERR_INVALID, "a token name cannot be empty");
	route = wft_rename_route(type, account);
	if (route == WFT_RENAME_UNKNOWN)
		return wft_error_set(err, WFT_ERR_INVALID, "this token's account type is not one "
		                     "the console knows, so it cannot tell which endpoint renames "
		                     "it; nothing was sent");
	if (!(j = job_new(s, JOB_RENAME, id, name, err)))
		return err->code;
	wft_error_clear(err);
	j->user_token = route != WFT_RENAME_SERVICE_ACCOUNT;
	if (job_step(j, change_done))
		call = j->user_token
		       ? wft_api_rename_my_token(s->api, id, name, session_call_done, j->call, err)
		       : wft_api_rename_account_token(s->api, account, id, name, session_call_done,
		                                      j->call, err);
	if (!job_go(j, call, err)) {
		job_free(j);
		return err->code;
	}
	return WFT_OK;
}

/* ---- the engine ---------------------------------------------------------- */

enum wft_status session_wait(struct session *s, int fd, int timeout_ms, bool *fd_ready,
                             struct wft_error *err)
{
	long t = wft_http_timeout_ms(s->http);

	if (t >= 0 && (timeout_ms < 0 || t < timeout_ms))
		timeout_ms = (int)t;
	return wft_http_poll(s->http, fd, timeout_ms, fd_ready, err);
}

enum wft_status session_drain(struct session *s, struct wft_error *err)
{
	enum wft_status st = WFT_OK;

	while (session_pending(s, REQ_ANY) > 0 && st == WFT_OK)
		st = wft_http_poll(s->http, -1, 1000, NULL, err);
	return st;
}

struct wft_api *session_api(struct session *s)
{
	return s ? s->api : NULL;
}

const struct wft_auth *session_auth(const struct session *s)
{
	return s ? s->auth : NULL;
}

struct csp_api *session_csp(struct session *s)
{
	return s ? s->csp : NULL;
}

const char *session_org_id(const struct session *s)
{
	return s ? s->org_id : NULL;
}

const char *session_client_id(const struct session *s)
{
	return s ? s->client_id : NULL;
}

struct csp_api_call *session_csp_details(struct session *s, csp_api_done_fn done, void *ud,
                                         struct wft_error *err)
{
	if (!s || !s->csp || !s->csp_token) {
		wft_error_set(err, WFT_ERR_INVALID, "not signed in with a VMware Cloud services API "
		              "token");
		return NULL;
	}
	return csp_api_token_details(s->csp, s->csp_token, done, ud, err);
}
