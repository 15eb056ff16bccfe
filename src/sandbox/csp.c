/* csp.c: the two VMware Cloud services sign-in endpoints (doc/api.md
 * 6) and the access tokens they issue, accepted as bearers until expiry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "mask.h"
#include "sandbox/internal.h"
#include "uuid.h"

#define CSP_FORM_MAX 512

/* Compares secrets without stopping at the first difference. */
static bool same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;

	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static void b64url(const unsigned char *in, size_t n, struct jw *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned acc = 0, bits = 0;

	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			jw_bytes(out, &tab[(acc >> bits) & 63], 1);
		}
	}
	if (bits)
		jw_bytes(out, &tab[(acc << (6 - bits)) & 63], 1);
}

/* Issues an access token for the administrator and writes the answer. */
static int issue(struct sb_req *r, bool user_flow)
{
	struct sandbox *sb = r->sb;
	struct jw tok, claims;
	unsigned char sig[32];
	char jti[37];
	sqlite3_stmt *st;
	int rc;

	if (wft_uuid_random(jti) != 0)
		return sb_fail(r, 500, "No randomness for the token");
	jw_init(&tok);
	jw_init(&claims);
	jw_obj(&claims);
	jw_kstr(&claims, "sub", SANDBOX_ADMIN_ID);
	jw_kstr(&claims, "context_name", SANDBOX_CUSTOMER);
	jw_kstr(&claims, "iss", "https://gaz.csp-vidm-prod.com");
	jw_kint(&claims, "iat", r->now / 1000);
	jw_kint(&claims, "exp", r->now / 1000 + sb->access_ttl);
	jw_kstr(&claims, "jti", jti);
	jw_obj_end(&claims);
	b64url((const unsigned char *)"{\"alg\":\"RS256\",\"typ\":\"JWT\"}", 27, &tok);
	jw_bytes(&tok, ".", 1);
	b64url((const unsigned char *)claims.buf, claims.len, &tok);
	jw_bytes(&tok, ".", 1);
	if (getrandom(sig, sizeof sig, 0) != (ssize_t)sizeof sig) {
		jw_free(&tok);
		jw_free(&claims);
		return sb_fail(r, 500, "No randomness for the token");
	}
	b64url(sig, sizeof sig, &tok);
	jw_free(&claims);
	if (tok.oom) {
		jw_free(&tok);
		return sb_fail(r, 500, "Out of memory");
	}
	st = store_stmt(sb, "DELETE FROM access_tokens WHERE expires < ?1");
	if (st) {
		sqlite3_bind_int64(st, 1, r->now - 86400000);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	st = store_stmt(sb, "INSERT INTO access_tokens (token, account, expires) VALUES (?1, ?2, ?3)");
	if (!st) {
		wft_free_secret(jw_take(&tok, NULL));
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, tok.buf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, SANDBOX_ADMIN_ID, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->now + (wft_millis)sb->access_ttl * 1000);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		wft_free_secret(jw_take(&tok, NULL));
		return sb_db_fail(r);
	}
	r->raw = true;
	jw_obj(&r->out);
	jw_key(&r->out, "id_token");
	jw_null(&r->out);
	jw_kstr(&r->out, "token_type", "bearer");
	jw_kint(&r->out, "expires_in", sb->access_ttl);
	jw_kstr(&r->out, "scope", user_flow ? "csp:org_member aoa:*" : "aoa:*");
	jw_kstr(&r->out, "access_token", tok.buf);
	jw_key(&r->out, "refresh_token");
	jw_null(&r->out);
	jw_obj_end(&r->out);
	wft_free_secret(jw_take(&tok, NULL));
	return 200;
}

int csp_api_token_grant(struct sb_req *r)
{
	char token[CSP_FORM_MAX];
	int got = body_form_get(r->body, r->body_len, "api_token", token, sizeof token);
	int status, known;

	if (got == 0)
		got = body_form_get(r->body, r->body_len, "refresh_token", token, sizeof token);
	if (got < 0)
		return sb_fail(r, 400, "invalid_request: malformed form body");
	if (got == 0)
		return sb_fail(r, 400, "invalid_request: api_token is required");
	/* A stored token (the --csp-api-token is one) signs in while it is
	 * active and unexpired. */
	known = csp_admin_token_check(r->sb, token, r->now);
	if (known == 0 || (known < 0 && (!r->sb->csp_api_token ||
	                                 !same_secret(token, r->sb->csp_api_token))))
		status = sb_fail(r, 400, "invalid_grant: Invalid api token");
	else
		status = issue(r, true);
	wft_wipe(token, sizeof token);
	return status;
}

int csp_client_grant(struct sb_req *r)
{
	const char *auth = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	                                               MHD_HTTP_HEADER_AUTHORIZATION);
	char grant[64], creds[CSP_FORM_MAX], id[CSP_FORM_MAX], secret[CSP_FORM_MAX];
	int got = body_form_get(r->body, r->body_len, "grant_type", grant, sizeof grant);
	int status, known;
	char *colon;

	if (got < 0)
		return sb_fail(r, 400, "invalid_request: malformed form body");
	if (got == 0 || strcmp(grant, "client_credentials") != 0)
		return sb_fail(r, 400, "unsupported_grant_type: grant_type must be client_credentials");
	id[0] = secret[0] = '\0';
	if (auth && strncasecmp(auth, "Basic ", 6) == 0) {
		if (strlen(auth + 6) >= sizeof creds || body_base64_decode(auth + 6, creds, sizeof creds) < 0 ||
		    !(colon = strchr(creds, ':'))) {
			wft_wipe(creds, sizeof creds);
			return sb_fail(r, 400, "invalid_client: malformed Basic credentials");
		}
		*colon = '\0';
		snprintf(id, sizeof id, "%s", creds);
		snprintf(secret, sizeof secret, "%s", colon + 1);
		wft_wipe(creds, sizeof creds);
	} else if (body_form_get(r->body, r->body_len, "client_id", id, sizeof id) != 1 ||
	           body_form_get(r->body, r->body_len, "client_secret", secret, sizeof secret) != 1) {
		return sb_fail(r, 400, "invalid_client: client credentials are required");
	}
	/* A stored app (the --csp-client is one) signs in with its current
	 * secret; a regenerated one replaces the old. */
	known = csp_admin_client_check(r->sb, id, secret, r->now);
	if (known == 0 || (known < 0 && (!r->sb->csp_client_id || !same_secret(id, r->sb->csp_client_id) ||
	                                 !same_secret(secret, r->sb->csp_client_secret))))
		status = sb_fail(r, 400, "invalid_client: Invalid client credentials");
	else
		status = issue(r, false);
	wft_wipe(secret, sizeof secret);
	return status;
}

int csp_lookup(struct sb_req *r, const char *bearer)
{
	sqlite3_stmt *st;
	int rc;

	if (!strchr(bearer, '.'))
		return -1; /* not shaped like a JWT */
	st = store_stmt(r->sb,
		"SELECT a.id, a.is_sa, a.perms, a.roles, a.groups, x.expires "
		"FROM access_tokens x JOIN accounts a ON a.id = x.account WHERE x.token = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, bearer, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	if (sqlite3_column_int64(st, 5) <= r->now) {
		sqlite3_reset(st);
		sb_fail(r, 401, "Access token has expired; sign in again");
		return -1;
	}
	snprintf(r->caller.account, sizeof r->caller.account, "%s",
	         (const char *)sqlite3_column_text(st, 0));
	r->caller.is_sa = sqlite3_column_int(st, 1);
	r->caller.perms = sb_united_perms((const char *)sqlite3_column_text(st, 2),
	                                  (const char *)sqlite3_column_text(st, 3),
	                                  (const char *)sqlite3_column_text(st, 4));
	r->caller.token[0] = '\0';
	sqlite3_reset(st);
	return 0;
}
