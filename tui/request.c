/* request.c: tracked requests (request.h). */
#include <stdlib.h>

#include "api.h"
#include "request.h"
#include "session.h"
#include "ui.h"

struct request {
	struct ui *ui;
	enum request_group group;
	request_fn fn;
	void *arg;
	struct wft_api_call *call;
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

bool request_go(struct ui *ui, struct request *r, struct wft_api_call *call)
{
	if (!call) {
		free(r);
		return false;
	}
	r->call = call;
	r->next = ui->inflight;
	ui->inflight = r;
	return true;
}

void request_done(void *ud, struct wft_api_result *res)
{
	struct request *r = ud;
	struct ui *ui = r->ui;

	for (struct request **p = &ui->inflight; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
	if (r->fn)
		r->fn(ui, res, r->arg);
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
	struct request *r;

	/* Each cancel runs request_done at once, which unlinks the request:
	 * the list is searched again from its head each time. */
	while (api) {
		for (r = ui->inflight; r && !in_group(r, group); r = r->next)
			;
		if (!r)
			break;
		wft_api_cancel(api, r->call);
	}
}
