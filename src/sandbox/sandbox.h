/* sandbox.h: the API emulator (wftokens-sandbox) as a library, so that tests
 * and `wftokens --demo` can run it in-process on a loopback port. */
#ifndef WFT_SANDBOX_H
#define WFT_SANDBOX_H

#include "error.h"
#include "model.h"

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
	const char *csp_api_token;   /* --csp-api-token TOKEN */
	const char *csp_client;      /* --csp-client ID:SECRET */
	int access_ttl;              /* --access-ttl SECONDS, default 1800 */
	const char *faults;          /* --faults SPEC */
	const char *tls_cert, *tls_key;
	wft_clock_fn clock; void *clock_ud;  /* NULL = wft_clock_real */
};

/* The identifier of the administrator that --admin-token, --csp-api-token
 * and --csp-client create. */
#define SANDBOX_ADMIN_ID "admin@sandbox.example"
/* The customer (org) id the sandbox reports. */
#define SANDBOX_CUSTOMER "sandbox"

struct sandbox;

void sandbox_options_init(struct sandbox_options *o);
/* Opens the store, seeds it, and starts serving on a thread pool.
 * Returns NULL and fills err on failure. Prints nothing. */
struct sandbox *sandbox_start(const struct sandbox_options *o, struct wft_error *err);
unsigned short sandbox_port(const struct sandbox *sb);
const char *sandbox_url(const struct sandbox *sb);   /* "http://127.0.0.1:PORT" */
void sandbox_stop(struct sandbox *sb);               /* frees everything */

/* The name the sandbox gives in its answers' Server header. */
const char *sandbox_server_name(void);

#endif
