/* request.h: the pages' requests to the service (the Service Accounts
 * tab, the service-account dialog, saved searches), each tracked from its
 * start to its answer so that Esc can cancel them all, script mode waits
 * for them and the header's spinner turns while any runs. They are tracked
 * calls of the session (session.h), in the one list that also holds the
 * session's own (the token list, revokes, renames): one busy count. */
#ifndef WFT_REQUEST_H
#define WFT_REQUEST_H

#include <stdbool.h>

#include "session.h"

struct ui;
struct wft_api;
struct wft_api_call;
struct wft_api_result;
struct csp_api;
struct csp_api_call;
struct csp_api_result;

/* Runs once with the answer (or WFT_ERR_CANCELLED), then the request is freed. */
typedef void (*request_fn)(struct ui *ui, struct wft_api_result *res, void *arg);
struct request;

/* A request of group that will call fn(ui, answer, arg); NULL when out
 * of memory or not signed in. */
struct request *request_new(struct ui *ui, enum request_group group, request_fn fn, void *arg);
/* Tracks call, a wft_api_* call started with request_done and r as its
 * callback and data. When call is NULL (it could not start) r is freed
 * and false returned: the caller still owns arg. */
bool request_go(struct ui *ui, struct request *r, struct wft_api_call *call);
/* The wft_api callback of every tracked request. */
void request_done(void *ud, struct wft_api_result *res);
/* Requests of group (REQ_ANY: all) in flight. */
int request_pending(const struct ui *ui, enum request_group group);
/* Cancels every request of group (REQ_ANY: all): each function runs with
 * WFT_ERR_CANCELLED. */
void request_cancel_all(struct ui *ui, enum request_group group);
/* The client of the signed-in session, or NULL before there is one. */
struct wft_api *request_api(struct ui *ui);

/* The same for a call of the VMware Cloud services client (csp_api.h):
 * started with request_csp_done and r as its callback and data. */
typedef void (*request_csp_fn)(struct ui *ui, struct csp_api_result *res, void *arg);
struct request *request_new_csp(struct ui *ui, request_csp_fn fn, void *arg);
bool request_go_csp(struct ui *ui, struct request *r, struct csp_api_call *call);
void request_csp_done(void *ud, struct csp_api_result *res);
/* The CSP client of the session, or NULL (signed in with an Operations
 * for Applications API token). */
struct csp_api *request_csp(struct ui *ui);

#endif
