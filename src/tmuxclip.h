/* tmuxclip.h: text put on the clipboard through tmux itself, for a console
 * running inside tmux. tmux (3.3 and later) drops an application's own
 * OSC 52 by default (allow-passthrough off), but `tmux load-buffer -w`
 * both keeps the text in a named paste buffer and sends it to the outer
 * terminal's clipboard. The buffer holds a secret: delete it when the text
 * is no longer needed. Each call runs tmux with a time limit. */
#ifndef WFT_TMUXCLIP_H
#define WFT_TMUXCLIP_H

#include <stddef.h>

#include "error.h"

/* The buffer name this process uses ("wftokens-PID"). */
void tmuxclip_buffer_name(char *out, size_t size);
/* Runs `tmux load-buffer -w -b NAME -` with text on its standard input. */
enum wft_status tmuxclip_load(const char *name, const char *text, struct wft_error *err);
/* Runs `tmux delete-buffer -b NAME` (a buffer that is already gone is fine). */
enum wft_status tmuxclip_delete(const char *name, struct wft_error *err);

/* Deletes the buffers a wftokens that is gone left behind (a crash, a lost
 * SSH session: "wftokens-PID" with no process PID); removed says how many.
 * Buffers of live processes are left alone. Outside tmux, or with no tmux
 * server, nothing is done. */
enum wft_status tmuxclip_sweep(size_t *removed, struct wft_error *err);

#endif
