/* csp_roles.h: the roles the VMware Cloud tab's dialogs offer for a new
 * CSP API token, a new OAuth app or adding an app to the organisation:
 * those the API accepts (doc/csp.md), never "All Roles" nor a
 * high-privilege organisation role, learnt from the answers at hand (the
 * sign-in token's details, the apps' scopes) on top of a built-in list.
 * No curses. */
#ifndef WFT_CSP_ROLES_H
#define WFT_CSP_ROLES_H

#include <stdbool.h>
#include <stddef.h>

#include "csp_api.h"

#define CSP_ROLES_MAX 24

struct csp_roles {
	char *org[CSP_ROLES_MAX];          /* organisation roles offered */
	size_t n_org;
	char *svc[CSP_ROLES_MAX];          /* the service's roles offered */
	size_t n_svc;
	char service_id[96];               /* serviceDefinitionId; "" when none seen */
};

/* True for a role no dialog offers: high-privilege organisation roles. */
bool csp_roles_refused(const char *name);
/* The built-in roles. */
void csp_roles_init(struct csp_roles *r);
/* Adds the roles (and the first service id) of scopes. */
void csp_roles_learn(struct csp_roles *r, const struct csp_scopes *scopes);
void csp_roles_free(struct csp_roles *r);
/* Scopes for the chosen roles: org_on[i] chooses r->org[i], svc_on[i]
 * r->svc[i]. Borrowed strings; free with csp_roles_scopes_free. False
 * when out of memory. */
bool csp_roles_scopes(const struct csp_roles *r, const bool *org_on, const bool *svc_on,
                      struct csp_scopes *out);
void csp_roles_scopes_free(struct csp_scopes *s);
/* "org_member, aoa:admin" for a table cell. */
void csp_roles_text(const struct csp_scopes *s, char *out, size_t outsz);

#endif
