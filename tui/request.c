/* request.c: the pages' tracked requests (request.h), each a tracked call
 * of the session, to either client: Operations for Applications or
 * VMware Cloud services. */
#include <stdlib.h>

#include "api.h"
#include "csp_api.h"
#include "request.h"
#include "session.h"
#include "ui.h"

struct request {
	struct ui *ui;
	request_fn fn;
	request_csp_fn csp_fn;         /* a CSP call instead */
	void *arg;
	struct session_call *call;
};

struct wft_api *request_api(struct ui *ui)
{
	return ui->session ? session_api(ui->session) : NULL;
}

struct csp_api *request_csp(struct ui *ui)
{
	return ui->session ? session_csp(ui->session) : NULL;
}

static void request_answered(void *ud, struct wft_api_result *res)
{
	struct request *r = ud;

	if (r->fn)
		r->fn(r->ui, res, r->arg);
	free(r);
}

static void request_csp_answered(void *ud, struct csp_api_result *res)
{
	struct request *r = ud;

	if (r->csp_fn)
		r->csp_fn(r->ui, res, r->arg);
	free(r);
}

struct request *request_new(struct ui *ui, enum request_group group, request_fn fn, void *arg)
{
	struct request *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->ui = ui;
	r->fn = fn;
	r->arg = arg;
	if (!(r->call = session_call_new(ui->session, group, request_answered, r))) {
		free(r);
		return NULL;
	}
	return r;
}

struct request *request_new_csp(struct ui *ui, request_csp_fn fn, void *arg)
{
	struct request *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->ui = ui;
	r->csp_fn = fn;
	r->arg = arg;
	if (!(r->call = session_call_new_csp(ui->session, REQ_CSP, request_csp_answered, r))) {
		free(r);
		return NULL;
	}
	return r;
}

bool request_go(struct ui *ui, struct request *r, struct wft_api_call *call)
{
	(void)ui;
	if (!session_call_go(r->call, call)) {
		free(r);
		return false;
	}
	return true;
}

bool request_go_csp(struct ui *ui, struct request *r, struct csp_api_call *call)
{
	(void)ui;
	if (!session_call_go_csp(r->call, call)) {
		free(r);
		return false;
	}
	return true;
}

void request_done(void *ud, struct wft_api_result *res)
{
	struct request *r = ud;

	session_call_done(r->call, res);
}

void request_csp_done(void *ud, struct csp_api_result *res)
{
	struct request *r = ud;

	session_csp_call_done(r->call, res);
}

int request_pending(const struct ui *ui, enum request_group group)
{
	return session_pending(ui->session, group);
}

void request_cancel_all(struct ui *ui, enum request_group group)
{
	if (ui->session)
		session_cancel(ui->session, group);
}
