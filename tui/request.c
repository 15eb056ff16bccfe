/* request.c: tracked requests (request.h). */
#include <stdlib.h>

#include "api.h"
#include "csp_api.h"
#include "request.h"
#include "session.h"
#include "ui.h"

struct request {
	struct ui *ui;
	enum request_group group;
	request_fn fn;
	void *arg;
	struct wft_api_call *call;
	request_csp_fn csp_fn;         /* a CSP call (csp_call) instead */
	struct csp_api_call *csp_call;
	struct request *next;
};

struct wft_api *request_api(struct ui *ui)
{
	return ui->session ? session_api(ui->session) : NULL;
}

struct request *request_new(struct ui *ui, enum request_group group, request_fn fn, void *arg)
{
	struct request *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->ui = ui;
	r->group = group;
	r->fn = fn;
	r->arg = arg;
	return r;
}

struct request *request_new_csp(struct ui *ui, request_csp_fn fn, void *arg)
{
	struct request *r = request_new(ui, REQ_CSP, NULL, arg);

	if (r)
		r->csp_fn = fn;
	return r;
}

struct csp_api *request_csp(struct ui *ui)
{
	return ui->session ? session_csp(ui->session) : NULL;
}

/* Puts r on the list of requests in flight, once its call has started. */
static bool track(struct ui *ui, struct request *r, bool started)
{
	if (!started) {
		free(r);
		return false;
	}
	r->next = ui->inflight;
	ui->inflight = r;
	return true;
}

bool request_go(struct ui *ui, struct request *r, struct wft_api_call *call)
{
	r->call = call;
	return track(ui, r, call != NULL);
}

bool request_go_csp(struct ui *ui, struct request *r, struct csp_api_call *call)
{
	r->csp_call = call;
	return track(ui, r, call != NULL);
}

/* Takes r off the list of requests in flight. */
static void untrack(struct request *r)
{
	for (struct request **p = &r->ui->inflight; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
}

void request_done(void *ud, struct wft_api_result *res)
{
	struct request *r = ud;

	untrack(r);
	if (r->fn)
		r->fn(r->ui, res, r->arg);
	free(r);
}

void request_csp_done(void *ud, struct csp_api_result *res)
{
	struct request *r = ud;

	untrack(r);
	if (r->csp_fn)
		r->csp_fn(r->ui, res, r->arg);
	free(r);
}

static bool in_group(const struct request *r, enum request_group group)
{
	return group == REQ_ANY || r->group == group;
}

int request_pending(const struct ui *ui, enum request_group group)
{
	int n = 0;

	for (const struct request *r = ui->inflight; r; r = r->next)
		n += in_group(r, group);
	return n;
}

void request_cancel_all(struct ui *ui, enum request_group group)
{
	struct wft_api *api = request_api(ui);
	struct csp_api *csp = request_csp(ui);
	struct request *r;

	/* Each cancel runs request_done at once, which unlinks the request:
	 * the list is searched again from its head each time. */
	while (api) {
		for (r = ui->inflight; r && !in_group(r, group); r = r->next)
			;
		if (!r)
			break;
		if (r->csp_call && csp)
			csp_api_cancel(csp, r->csp_call);
		else if (r->call)
			wft_api_cancel(api, r->call);
		else
			break;
	}
}
