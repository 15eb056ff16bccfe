/* sandbox.h: the API emulator (wftokens-sandbox) as a library, so that tests
 * and `wftokens --demo` can run it in-process on a loopback port. */
#ifndef WFT_SANDBOX_H
#define WFT_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* One request as the sandbox received it (see on_request below). The
 * strings are borrowed for the duration of the call; absent headers are
 * NULL. The Authorization header is reported only as present or not. */
struct sandbox_seen {
	const char *method;
	const char *path;           /* decoded path, without the query */
	const char *query;          /* the raw query string after '?', or NULL */
	const char *content_type;
	const char *accept;
	bool has_authorization;
	const char *body;           /* body_len bytes, NUL-terminated */
	size_t body_len;
};

struct sandbox_options {
	const char *listen;          /* "ADDR:PORT", default "127.0.0.1:0" (0 = free port) */
	const char *db_path;         /* NULL = in memory */
	unsigned seed_tokens;        /* --seed N: about N tokens, realistic mix */
	unsigned long random_seed;   /* --random-seed S (0 = a fresh random seed) */
	/* Long lists, so that clients must read past their first page: */
	unsigned seed_saved;         /* --seed-saved N: N saved searches of the admin */
	unsigned seed_groups;        /* --seed-groups N: N user groups more */
	unsigned seed_roles;         /* --seed-roles N: N roles more */
	const char *admin_token;     /* --admin-token UUID: admin user with all permissions */
	/* --csp-onboarded: an instance onboarded to VMware Cloud services. User
	 * accounts carry CSP_* account types, the own-token endpoints
	 * (/api/v2/apitoken, /api/v2/apitoken/{id}) are refused (403) with a
	 * message naming VMware Cloud services, and the seed gives user accounts
	 * only a few legacy tokens. */
	bool csp_onboarded;
	const char *csp_api_token;   /* --csp-api-token TOKEN */
	const char *csp_client;      /* --csp-client ID:SECRET */
	/* The VMware Cloud services roles of whoever signs in through CSP
	 * (--csp-roles, names separated by commas or spaces: org_owner,
	 * org_member, developer); NULL = "org_owner". */
	const char *csp_roles;
	/* Days until the --csp-api-token expires (--csp-token-expires DAYS);
	 * 0 = 90, a negative value = it never expires. */
	int csp_token_days;
	int access_ttl;              /* --access-ttl SECONDS, default 1800 */
	const char *faults;          /* --faults SPEC */
	const char *tls_cert, *tls_key;
	wft_clock_fn clock; void *clock_ud;  /* NULL = wft_clock_real */
	/* Connections: at most max_connections open at once (0 = 16384,
	 * lowered to fit the open-file limit), at most per_ip_limit from one
	 * client address (0 = no such limit), and an idle connection is closed
	 * after idle_timeout seconds (0 = 10). */
	unsigned max_connections;
	unsigned per_ip_limit;
	unsigned idle_timeout;
	/* For tests: called once for every request that reaches the handler,
	 * before anything is refused, with what came on the wire. */
	void (*on_request)(void *ud, const struct sandbox_seen *seen);
	void *on_request_ud;
	/* For tests: called once for every answer a request gets from routing
	 * and the handlers (not the early refusals: a body over 1 MiB, control
	 * characters in the target, injected faults), with the request's
	 * method and decoded path, the status and the body as built. */
	void (*on_answer)(void *ud, const char *method, const char *path, int status,
	                  const char *body, size_t len);
	void *on_answer_ud;
};

/* The identifier of the administrator that --admin-token, --csp-api-token
 * and --csp-client create. */
#define SANDBOX_ADMIN_ID "admin@sandbox.example"
/* The customer (org) id the sandbox reports. */
#define SANDBOX_CUSTOMER "sandbox"

/* The VMware Cloud services organisation, the Operations for Applications
 * service in it, and the prefix of the seeded CSP API token ids (the
 * signed-in one ends in "01"; doc/csp.md lists the others). */
#define SANDBOX_CSP_ORG_ID "3f2a1c5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b"
#define SANDBOX_CSP_SERVICE_ID "7d5e7d7c-0a1b-4c2d-8e3f-4a5b6c7d8e9f"
#define SANDBOX_CSP_SEED_TOKEN "c5b0a000-0000-4000-8000-000000000"

struct sandbox;

void sandbox_options_init(struct sandbox_options *o);
/* Opens the store, seeds it, and starts serving on a thread pool.
 * Returns NULL and fills err on failure. Prints nothing. */
struct sandbox *sandbox_start(const struct sandbox_options *o, struct wft_error *err);
unsigned short sandbox_port(const struct sandbox *sb);
const char *sandbox_url(const struct sandbox *sb);   /* "http://127.0.0.1:PORT" */
void sandbox_stop(struct sandbox *sb);               /* frees everything */
/* The number of client connections open right now. */
unsigned sandbox_connections(const struct sandbox *sb);

/* The name the sandbox gives in its answers' Server header. */
const char *sandbox_server_name(void);

#endif
