/* request.c: tracked requests (request.h). */
#include <stdlib.h>

#include "api.h"
#include "request.h"
#include "session.h"
#include "ui.h"

struct request {
	struct ui *ui;
	request_fn fn;
	void *arg;
	struct wft_api_call *call;
	struct request *next;
};

struct wft_api *request_api(struct ui *ui)
{
	return ui->session ? session_api(ui->session) : NULL;
}

struct request *request_new(struct ui *ui, request_fn fn, void *arg)
{
	struct request *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->ui = ui;
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
	/* Script mode waits while any request runs; Ctrl-R on the tokens
	 * page waits only for the token list (ui->busy). */
	ui->requests++;
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
	if (ui->requests > 0)
		ui->requests--;
	if (r->fn)
		r->fn(ui, res, r->arg);
	free(r);
}

int request_pending(const struct ui *ui)
{
	int n = 0;

	for (const struct request *r = ui->inflight; r; r = r->next)
		n++;
	return n;
}

void request_cancel_all(struct ui *ui)
{
	struct wft_api *api = request_api(ui);

	while (ui->inflight && api)
		wft_api_cancel(api, ui->inflight->call);   /* runs request_done */
}
