/* jsonw.h: a small append-only JSON writer into a growable buffer, used for
 * every answer of the sandbox (faster than building json-c trees for 100k tokens). */
#ifndef WFT_SANDBOX_JSONW_H
#define WFT_SANDBOX_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JW_MAX_DEPTH 32

struct jw {
	char *buf;
	size_t len, cap;
	bool oom;                       /* an allocation failed; the text is unusable */
	unsigned depth;
	bool need_comma[JW_MAX_DEPTH];
	bool after_key;
};

void jw_init(struct jw *w);
void jw_free(struct jw *w);
/* Empties the buffer but keeps its memory. */
void jw_reset(struct jw *w);
/* Drops the first n bytes of the text, keeping where the writer is in the
 * structure (for text handed out piece by piece). */
void jw_consume(struct jw *w, size_t n);
/* Takes the text (NUL-terminated) from the writer; the caller frees it. */
char *jw_take(struct jw *w, size_t *len);

void jw_obj(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *k);
void jw_str(struct jw *w, const char *s);
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, int64_t v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* Appends text that is already JSON (one value). */
void jw_raw(struct jw *w, const char *json);
/* Appends bytes with no JSON structure at all (for envelopes). */
void jw_bytes(struct jw *w, const char *s, size_t n);

void jw_kstr(struct jw *w, const char *k, const char *s);
void jw_kint(struct jw *w, const char *k, int64_t v);
void jw_kbool(struct jw *w, const char *k, bool v);

#endif
