/* faults.h: the faults a test can ask the sandbox to inject (latency,
 * failing statuses, garbage or truncated bodies, dropped connections). */
#ifndef WFT_SANDBOX_FAULTS_H
#define WFT_SANDBOX_FAULTS_H

#include <json-c/json.h>

#include "sandbox/body.h"
#include "sandbox/jsonw.h"

struct sb_faults {
	int latency_ms;     /* added to every request */
	int fail_next;      /* the next N requests answer `status` */
	int status;
	int retry_after;    /* seconds; 0 = no Retry-After header */
	int garbage_next;   /* N bodies that are not JSON */
	int truncate_next;  /* N bodies cut in half */
	int drop_next;      /* N connections closed without an answer */
	/* A streamed list (customertokens) is sent in pieces of 16 kB (some
	 * 60 tokens), each after this pause: a slow network for a client that
	 * shows the list as it arrives. */
	int stream_delay_ms;
	/* A streamed list is cut (the connection closed) after this many rows:
	 * a failure midway. Counted: the next stream only. */
	int stream_cut_rows;
	/* 1: the counted faults above wait for the first change (any method
	 * but GET, apart from the searches, which read); from it on they count
	 * every request (a read-back after the change included). A test aims a
	 * fault at a change without racing the reads a client makes before it. */
	int wait_for_change;
	/* 1: the counted faults apply to changes only; reads (a read-back, a
	 * load running beside the changes) pass untouched. */
	int changes_only;
	int armed;          /* internal: the awaited change has come */
};

/* From a JSON object whose fields are all optional; absent fields are 0,
 * so `{}` clears everything. */
int faults_from_json(json_object *o, struct sb_faults *f, struct body_err *err);
/* From the --faults flag: a JSON object, or "key=value,key=value". */
int faults_parse_spec(const char *spec, struct sb_faults *f, struct body_err *err);
void faults_to_json(const struct sb_faults *f, struct jw *w);

#endif
