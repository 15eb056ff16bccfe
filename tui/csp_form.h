/* csp_form.h: the VMware Cloud tab's dialogs: a form of text fields and
 * check boxes (the roles) in an overlay. Down/Tab and Up/S-Tab move
 * between fields, Space ticks a box, Enter submits, Esc cancels. */
#ifndef WFT_CSP_FORM_H
#define WFT_CSP_FORM_H

#include <stdbool.h>

#include "csp_roles.h"
#include "lineedit.h"

struct ui;

#define CSP_FORM_MAX 40

enum csp_field_kind { CSP_FIELD_TEXT, CSP_FIELD_CHECK, CSP_FIELD_HEADING };

struct csp_field {
	char label[128];
	enum csp_field_kind kind;
	struct lineedit le;
	bool on;
};

struct csp_form;
/* Runs on Enter: true closes the form; false keeps it open (with
 * csp_form_error saying why). */
typedef bool (*csp_form_submit_fn)(struct ui *ui, struct csp_form *f);

struct csp_form {
	char title[128];
	char note[200];                    /* a line under the title, or "" */
	struct csp_field fields[CSP_FORM_MAX];
	int n, focus, top;
	char err[300];
	csp_form_submit_fn submit;
	void *ud;                          /* the caller's: freed with free() */
	char subject[160];                 /* what the form is about (an app's id) */
	char subject_name[160];
	int org0, svc0;                    /* the first role boxes (csp_form_roles); -1: none */
	const struct csp_roles *roles;     /* the roles they offer (borrowed) */
};

struct csp_form *csp_form_new(const char *title, csp_form_submit_fn submit);
/* Adds a field; its index, or -1 when the form is full. */
int csp_form_text(struct csp_form *f, const char *label, const char *value);
int csp_form_check(struct csp_form *f, const char *label);
int csp_form_heading(struct csp_form *f, const char *label);
const char *csp_form_value(const struct csp_form *f, int i);
bool csp_form_on(const struct csp_form *f, int i);
void csp_form_error(struct csp_form *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds a box per role of roles (borrowed: it must outlive the form),
 * under a heading for the organisation's and one for the service's. */
void csp_form_roles(struct csp_form *f, const struct csp_roles *roles);
/* The ticked roles as scopes (csp_roles_scopes); false, with the form's
 * error said, when none is ticked or out of memory. */
bool csp_form_scopes(struct csp_form *f, struct csp_scopes *out);
/* A whole number from min to max in field i; false with the error said. */
bool csp_form_number(struct csp_form *f, int i, long min, long max, long *out);
/* Shows the form (owned from now on); false when it cannot be shown. */
bool csp_form_open(struct ui *ui, struct csp_form *f);

#endif
