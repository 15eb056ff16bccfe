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

struct job {
	struct session *s;
	struct job *prev, *next;
	enum job_kind kind;
	struct wft_api_call *call;
	char *id;                     /* a secret: wiped */
	char *name;
	struct tokenset *ts;          /* JOB_LOAD */
	struct tokenset_decoder *dec;
	bool user_token;              /* JOB_RENAME through T3 */
	bool reading_back;            /* the change ended unconfirmed; reading */
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
	struct job *jobs;
	int n_jobs;
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
	struct session *s = j->s;

	if (j->prev)
		j->prev->next = j->next;
	else if (s->jobs == j)
		s->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	s->n_jobs--;
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
	j->next = s->jobs;
	if (s->jobs)
		s->jobs->prev = j;
	s->jobs = j;
	s->n_jobs++;
	if ((id && !(j->id = strdup(id))) || (name && !(j->name = strdup(name)))) {
		job_free(j);
		wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
		return NULL;
	}
	return j;
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
	s->quiet = true;
	session_cancel(s);
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

static bool load_sink(void *ud, const char *data, size_t len, struct wft_error *err)
{
	struct job *j = ud;

	if (!j->dec) {
		wft_error_set(err, WFT_ERR_INVALID, "an answer arrived for no load");
		return false;
	}
	return tokenset_decoder_feed(j->dec, data, len, err) == WFT_OK;
}

static void load_done(void *ud, struct wft_api_result *res)
{
	struct job *j = ud;
	struct session *s = j->s;
	struct wft_error err = res->err;
	struct tokenset *ts = NULL;

	if (err.code == WFT_OK &&
	    tokenset_decoder_finish(j->dec, &err) == WFT_OK) {
		ts = j->ts;
		j->ts = NULL;
		for (size_t i = 0; i < tokenset_count(ts) && !s->csp_onboarded; i++)
			if (wft_account_type_is_csp(tokenset_account_type(ts, (tokenset_idx)i)))
				s->csp_onboarded = true;
	}
	if (err.code == WFT_OK)
		wft_error_clear(&err);
	if (s->hooks.loaded && !s->quiet)
		s->hooks.loaded(s->hooks.ud, ts, ts ? NULL : &err);
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

bool session_csp_onboarded(const struct session *s)
{
	return s && s->csp_onboarded;
}

bool session_loading(const struct session *s)
{
	for (const struct job *j = s->jobs; j; j = j->next)
		if (j->kind == JOB_LOAD)
			return true;
	return false;
}

enum wft_status session_load(struct session *s, struct wft_error *err)
{
	struct job *j;

	/* A newer load wins: the older one is cancelled quietly. */
	for (j = s->jobs; j; j = j->next)
		if (j->kind == JOB_LOAD) {
			bool q = s->quiet;
			s->quiet = true;
			wft_api_cancel(s->api, j->call);
			s->quiet = q;
			break;
		}
	if (!(j = job_new(s, JOB_LOAD, NULL, NULL, err)))
		return err->code;
	j->ts = tokenset_new();
	j->dec = j->ts ? tokenset_decoder_new(j->ts) : NULL;
	if (!j->dec) {
		job_free(j);
		return wft_error_set(err, WFT_ERR_NOMEM, "out of memory");
	}
	j->call = wft_api_customer_tokens(s->api, load_sink, load_done, j, err);
	if (!j->call) {
		job_free(j);
		return err->code ? err->code : WFT_ERR_NETWORK;
	}
	/* The user's own tokens, read again with every load, so that a rename
	 * that cannot succeed (another user's token) is refused at once. A
	 * failure here only leaves that unknown. */
	session_load_own(s);
	wft_error_clear(err);
	return WFT_OK;
}

void session_load_own(struct session *s)
{
	struct wft_error err;
	struct job *j;

	for (j = s->jobs; j; j = j->next)
		if (j->kind == JOB_OWN)
			return;
	if ((j = job_new(s, JOB_OWN, NULL, NULL, &err)) != NULL &&
	    !(j->call = wft_api_my_tokens(s->api, own_done, j, &err)))
		job_free(j);
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

/* The end of a revoke or a rename: reported when its answer settles it,
 * else the token is read back first. */
static void change_done(void *ud, struct wft_api_result *res)
{
	struct job *j = ud;
	struct session *s = j->s;
	struct wft_error err = res->err;
	struct wft_error e2;
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
		/* Never a new request from a cancelled one: the client may be closing. */
		if (err.code == WFT_ERR_CANCELLED || s->quiet)
			break;
		wft_error_clear(&e2);
		j->first = err;
		j->reading_back = true;
		j->call = wft_api_customer_token(s->api, j->id, readback_done, j, &e2);
		if (j->call)
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
	/* One's own token goes through the own-token endpoint (T4). */
	if (session_token_is_own(s, id) == 1)
		j->call = wft_api_revoke_my_token(s->api, id, change_done, j, err);
	else
		j->call = wft_api_revoke_token(s->api, id, change_done, j, err);
	if (!j->call) {
		job_free(j);
		return err->code ? err->code : WFT_ERR_NETWORK;
	}
	return WFT_OK;
}

enum wft_status session_rename(struct session *s, const char *id, const char *account,
                               enum wft_account_type type, const char *name,
                               struct wft_error *err)
{
	struct job *j;
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
	if (route == WFT_RENAME_SERVICE_ACCOUNT) {
		j->call = wft_api_rename_account_token(s->api, account, id, name, change_done, j, err);
	} else {
		j->user_token = true;
		j->call = wft_api_rename_my_token(s->api, id, name, change_done, j, err);
	}
	if (!j->call) {
		job_free(j);
		return err->code ? err->code : WFT_ERR_NETWORK;
	}
	return WFT_OK;
}

/* ---- the engine ---------------------------------------------------------- */

void session_cancel(struct session *s)
{
	/* Each cancel runs its callback at once, which frees the job. */
	while (s->jobs) {
		struct job *j = s->jobs;
		if (!j->call) {
			job_free(j);
			continue;
		}
		wft_api_cancel(s->api, j->call);
	}
}

int session_pending(const struct session *s)
{
	return s->n_jobs + (s->csp ? (int)csp_api_pending(s->csp) : 0);
}

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

	while (session_pending(s) > 0 && st == WFT_OK)
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
