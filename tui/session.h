/* session.h: the console's conversation with the service: sign-in, the
 * token list streamed into a token set, revoke and rename, all asynchronous
 * on the client's engine, which the loop waits in together with the keys. */
#ifndef WFT_SESSION_H
#define WFT_SESSION_H

#include <stdbool.h>

#include "error.h"
#include "model.h"

struct ui;
struct session;

/* Loads every token of the organisation; page_loaded runs at the end. */
enum wft_status session_load(struct session *s, struct wft_error *err);
/* Revokes one token (the service-account endpoint for service-account
 * tokens); page_revoked runs at the end. */
enum wft_status session_revoke(struct session *s, const char *id, const char *account,
                               enum wft_account_type type, struct wft_error *err);
enum wft_status session_rename(struct session *s, const char *id, const char *account,
                               enum wft_account_type type, const char *name,
                               struct wft_error *err);
/* Saved searches of the token page; page_saved_searches runs at the end. */
enum wft_status session_list_saved(struct session *s, struct wft_error *err);
/* Cancels everything in flight (their callbacks report "cancelled"). */
void session_cancel(struct session *s);
/* Requests in flight. */
int session_pending(const struct session *s);
/* Waits for the network, for fd (if >= 0) to be readable, or timeout_ms;
 * runs the callbacks of finished work. */
enum wft_status session_wait(struct session *s, int fd, int timeout_ms, bool *fd_ready,
                             struct wft_error *err);

#endif
