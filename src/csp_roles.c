/* csp_roles.c: the roles the VMware Cloud tab offers (csp_roles.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csp_roles.h"

/* The organisation roles CSP documents below the owner, and the roles of
 * Operations for Applications as the sandbox names them (doc/csp.md). */
static const char *const builtin_org[] = { "org_member", "developer", "billing_read_only",
                                           "support_user" };
static const char *const builtin_svc[] = { "aoa:admin", "aoa:member", "aoa:viewer",
                                           "aoa:directDataIngestion", "aoa:metricsManagement" };

bool csp_roles_refused(const char *name)
{
	static const char *const high[] = { "org_owner", "csp:org_owner", "platform_operator",
	                                    "csp:platform_operator" };

	for (size_t i = 0; i < sizeof high / sizeof *high; i++)
		if (strcmp(name, high[i]) == 0)
			return true;
	return !*name;
}

static void add(char **v, size_t *n, const char *name)
{
	if (csp_roles_refused(name) || *n >= CSP_ROLES_MAX)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(v[i], name) == 0)
			return;
	if ((v[*n] = strdup(name)))
		(*n)++;
}

void csp_roles_init(struct csp_roles *r)
{
	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < sizeof builtin_org / sizeof *builtin_org; i++)
		add(r->org, &r->n_org, builtin_org[i]);
	for (size_t i = 0; i < sizeof builtin_svc / sizeof *builtin_svc; i++)
		add(r->svc, &r->n_svc, builtin_svc[i]);
}

void csp_roles_learn(struct csp_roles *r, const struct csp_scopes *s)
{
	for (size_t i = 0; i < s->n_org_roles; i++)
		if (s->org_roles[i].name)
			add(r->org, &r->n_org, s->org_roles[i].name);
	for (size_t k = 0; k < s->n_services; k++) {
		const struct csp_service_scope *sv = &s->services[k];
		if (!sv->service_id)
			continue;
		/* One service, the first seen: Operations for Applications. */
		if (!r->service_id[0])
			snprintf(r->service_id, sizeof r->service_id, "%s", sv->service_id);
		if (strcmp(r->service_id, sv->service_id) != 0)
			continue;
		for (size_t i = 0; i < sv->n_roles; i++)
			if (sv->roles[i].name)
				add(r->svc, &r->n_svc, sv->roles[i].name);
	}
}

void csp_roles_free(struct csp_roles *r)
{
	for (size_t i = 0; i < r->n_org; i++)
		free(r->org[i]);
	for (size_t i = 0; i < r->n_svc; i++)
		free(r->svc[i]);
	memset(r, 0, sizeof *r);
}

/* The chosen roles of v as a new array of borrowed names. */
static struct csp_role *chosen(char *const *v, size_t n, const bool *on, size_t *count)
{
	struct csp_role *out = calloc(n + 1, sizeof *out);

	*count = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (on[i])
			out[(*count)++].name = v[i];
	return out;
}

bool csp_roles_scopes(const struct csp_roles *r, const bool *org_on, const bool *svc_on,
                      struct csp_scopes *out)
{
	size_t n_svc = 0;
	struct csp_role *svc;

	memset(out, 0, sizeof *out);
	if (!(out->org_roles = chosen(r->org, r->n_org, org_on, &out->n_org_roles)))
		return false;
	if (!(svc = chosen(r->svc, r->n_svc, svc_on, &n_svc))) {
		csp_roles_scopes_free(out);
		return false;
	}
	if (n_svc && r->service_id[0]) {
		if (!(out->services = calloc(1, sizeof *out->services))) {
			free(svc);
			csp_roles_scopes_free(out);
			return false;
		}
		out->services[0].service_id = (char *)r->service_id;
		out->services[0].roles = svc;
		out->services[0].n_roles = n_svc;
		out->n_services = 1;
	} else {
		free(svc);
	}
	return true;
}

void csp_roles_scopes_free(struct csp_scopes *s)
{
	free(s->org_roles);
	for (size_t i = 0; i < s->n_services; i++)
		free(s->services[i].roles);
	free(s->services);
	memset(s, 0, sizeof *s);
}

static void append(char *out, size_t outsz, size_t *used, const char *name)
{
	int n = snprintf(out + *used, outsz - *used, "%s%s", *used ? ", " : "", name);

	if (n > 0 && (size_t)n < outsz - *used)
		*used += (size_t)n;
	else
		out[*used] = '\0';      /* a role that does not fit is left out whole */
}

void csp_roles_text(const struct csp_scopes *s, char *out, size_t outsz)
{
	size_t used = 0;

	if (!outsz)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < s->n_org_roles; i++)
		if (s->org_roles[i].name)
			append(out, outsz, &used, s->org_roles[i].name);
	for (size_t k = 0; k < s->n_services; k++)
		for (size_t i = 0; i < s->services[k].n_roles; i++)
			if (s->services[k].roles[i].name)
				append(out, outsz, &used, s->services[k].roles[i].name);
}
