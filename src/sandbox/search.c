/* search.c: token and service-account search (placeholder until step 4). */
#include "sandbox/internal.h"
#define NOT_YET(fn) int fn(struct sb_req *r) { return sb_fail(r, 501, "Not implemented yet"); }
NOT_YET(search_tokens) NOT_YET(search_tokens_facet) NOT_YET(search_tokens_facets)
NOT_YET(search_sas) NOT_YET(search_sas_facet) NOT_YET(search_sas_facets)
NOT_YET(saved_create) NOT_YET(saved_list) NOT_YET(saved_list_type) NOT_YET(saved_get)
NOT_YET(saved_update) NOT_YET(saved_delete)
NOT_YET(csp_api_token_grant) NOT_YET(csp_client_grant)
int csp_lookup(struct sb_req *r, const char *bearer) { (void)r; (void)bearer; return -1; }
