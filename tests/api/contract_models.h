/* contract_models.h: the official API models (doc/api-models.md) as a
 * table, for tests/api/test_contract. This is the one copy in code; the
 * test checks that it and doc/api-models.md say the same. A field's type
 * is spelled as in the doc: string, integer, boolean, a model name, X[],
 * map<string>, map<string[]>, enum E, any. */
#ifndef WFT_CONTRACT_MODELS_H
#define WFT_CONTRACT_MODELS_H

#include <stdbool.h>
#include <stddef.h>

struct cm_field {
	const char *name;
	const char *type;
	bool required;
	const char *limits;       /* "", "min 0", "min 1, max 1000" */
};

struct cm_model {
	const char *name;
	const struct cm_field *fields;
	size_t n_fields;
};

struct cm_enum {
	const char *name;
	const char *const *values;
	size_t n_values;
};

static const struct cm_field cm_ResponseContainer[] = {
	{ "status", "ResponseStatus", true, "" },
	{ "response", "any", false, "" },
	{ "debugInfo", "string[]", false, "" },
};
static const struct cm_field cm_ResponseStatus[] = {
	{ "result", "enum Result", true, "" },
	{ "code", "integer", true, "" },
	{ "message", "string", false, "" },
};
static const struct cm_field cm_Sorting[] = {
	{ "field", "string", true, "" },
	{ "ascending", "boolean", true, "" },
	{ "default", "boolean", false, "" },
};
static const struct cm_field cm_PagedApiTokenModel[] = {
	{ "items", "ApiTokenModel[]", false, "" },
	{ "offset", "integer", false, "" },
	{ "limit", "integer", false, "" },
	{ "totalItems", "integer", false, "" },
	{ "moreItems", "boolean", false, "" },
	{ "cursor", "string", false, "" },
	{ "sort", "Sorting", false, "" },
};
static const struct cm_field cm_PagedServiceAccount[] = {
	{ "items", "ServiceAccount[]", false, "" },
	{ "offset", "integer", false, "" },
	{ "limit", "integer", false, "" },
	{ "totalItems", "integer", false, "" },
	{ "moreItems", "boolean", false, "" },
	{ "cursor", "string", false, "" },
	{ "sort", "Sorting", false, "" },
};
static const struct cm_field cm_PagedSavedSearch[] = {
	{ "items", "SavedSearch[]", false, "" },
	{ "offset", "integer", false, "" },
	{ "limit", "integer", false, "" },
	{ "totalItems", "integer", false, "" },
	{ "moreItems", "boolean", false, "" },
	{ "cursor", "string", false, "" },
	{ "sort", "Sorting", false, "" },
};
static const struct cm_field cm_PagedRoleDTO[] = {
	{ "items", "RoleDTO[]", false, "" },
	{ "offset", "integer", false, "" },
	{ "limit", "integer", false, "" },
	{ "totalItems", "integer", false, "" },
	{ "moreItems", "boolean", false, "" },
	{ "cursor", "string", false, "" },
	{ "sort", "Sorting", false, "" },
};
static const struct cm_field cm_PagedUserGroupModel[] = {
	{ "items", "UserGroupModel[]", false, "" },
	{ "offset", "integer", false, "" },
	{ "limit", "integer", false, "" },
	{ "totalItems", "integer", false, "" },
	{ "moreItems", "boolean", false, "" },
	{ "cursor", "string", false, "" },
	{ "sort", "Sorting", false, "" },
};
static const struct cm_field cm_FacetResponse[] = {
	{ "items", "string[]", false, "" },
	{ "offset", "integer", false, "" },
	{ "limit", "integer", false, "" },
	{ "totalItems", "integer", false, "" },
	{ "moreItems", "boolean", false, "" },
	{ "cursor", "string", false, "" },
	{ "sort", "Sorting", false, "" },
};
static const struct cm_field cm_FacetsResponseContainer[] = {
	{ "facets", "map<string[]>", false, "" },
	{ "limit", "integer", false, "" },
};
static const struct cm_field cm_UserApiToken[] = {
	{ "tokenID", "string", true, "" },
	{ "tokenName", "string", false, "" },
	{ "account", "string", false, "" },
	{ "accountType", "enum AccountType", false, "" },
	{ "dateGenerated", "integer", false, "" },
	{ "lastUsed", "integer", false, "" },
};
static const struct cm_field cm_ApiTokenModel[] = {
	{ "id", "string", false, "" },
	{ "name", "string", false, "" },
	{ "account", "string", false, "" },
	{ "accountType", "enum AccountType", false, "" },
	{ "customer", "string", false, "" },
	{ "dateGenerated", "integer", false, "" },
	{ "lastUsed", "integer", false, "" },
	{ "createdEpochMillis", "integer", false, "" },
};
static const struct cm_field cm_ServiceAccount[] = {
	{ "identifier", "string", true, "" },
	{ "active", "boolean", true, "" },
	{ "description", "string", false, "" },
	{ "groups", "string[]", false, "" },
	{ "roles", "RoleDTO[]", false, "" },
	{ "userGroups", "UserGroup[]", false, "" },
	{ "tokens", "UserApiToken[]", false, "" },
	{ "lastUsed", "integer", false, "" },
	{ "unitedPermissions", "string[]", false, "" },
	{ "unitedRoles", "string[]", false, "" },
};
static const struct cm_field cm_ServiceAccountWrite[] = {
	{ "identifier", "string", true, "" },
	{ "active", "boolean", false, "" },
	{ "description", "string", false, "" },
	{ "groups", "string[]", false, "" },
	{ "roles", "string[]", false, "" },
	{ "userGroups", "string[]", false, "" },
	{ "tokens", "string[]", false, "" },
};
static const struct cm_field cm_Account[] = {
	{ "identifier", "string", true, "" },
	{ "groups", "string[]", false, "" },
	{ "roles", "string[]", false, "" },
	{ "userGroups", "string[]", false, "" },
	{ "unitedPermissions", "string[]", false, "" },
	{ "unitedRoles", "string[]", false, "" },
};
static const struct cm_field cm_RoleDTO[] = {
	{ "id", "string", false, "" },
	{ "name", "string", false, "" },
	{ "description", "string", false, "" },
	{ "customer", "string", false, "" },
	{ "permissions", "string[]", false, "" },
	{ "createdEpochMillis", "integer", false, "" },
	{ "lastUpdatedMs", "integer", false, "" },
	{ "lastUpdatedAccountId", "string", false, "" },
	{ "linkedAccountsCount", "integer", false, "" },
	{ "linkedGroupsCount", "integer", false, "" },
	{ "sampleLinkedAccounts", "string[]", false, "" },
	{ "sampleLinkedGroups", "UserGroup[]", false, "" },
};
static const struct cm_field cm_UserGroup[] = {
	{ "id", "string", false, "" },
	{ "name", "string", false, "" },
	{ "description", "string", false, "" },
	{ "customer", "string", false, "" },
	{ "properties", "UserGroupPropertiesDTO", false, "" },
	{ "roles", "RoleDTO[]", false, "" },
	{ "userCount", "integer", false, "" },
	{ "users", "string[]", false, "" },
};
static const struct cm_field cm_UserGroupModel[] = {
	{ "id", "string", false, "" },
	{ "name", "string", true, "" },
	{ "description", "string", false, "" },
	{ "customer", "string", false, "" },
	{ "properties", "UserGroupPropertiesDTO", false, "" },
	{ "roles", "RoleDTO[]", false, "" },
	{ "userCount", "integer", false, "" },
	{ "users", "string[]", false, "" },
	{ "createdEpochMillis", "integer", false, "" },
	{ "roleCount", "integer", false, "" },
};
static const struct cm_field cm_UserGroupPropertiesDTO[] = {
	{ "nameEditable", "boolean", false, "" },
	{ "rolesEditable", "boolean", false, "" },
	{ "usersEditable", "boolean", false, "" },
};
static const struct cm_field cm_SavedSearch[] = {
	{ "id", "string", false, "" },
	{ "entityType", "enum EntityType", true, "" },
	{ "query", "map<string>", true, "" },
	{ "userId", "string", false, "" },
	{ "creatorId", "string", false, "" },
	{ "updaterId", "string", false, "" },
	{ "createdEpochMillis", "integer", false, "" },
	{ "updatedEpochMillis", "integer", false, "" },
};
static const struct cm_field cm_SearchQuery[] = {
	{ "key", "string", true, "" },
	{ "value", "string", false, "" },
	{ "values", "string[]", false, "" },
	{ "matchingMethod", "enum MatchingMethod", false, "" },
	{ "negated", "boolean", false, "" },
	{ "start", "integer", false, "" },
	{ "end", "integer", false, "" },
};
static const struct cm_field cm_SortableSearchRequest[] = {
	{ "query", "SearchQuery[]", false, "" },
	{ "sort", "Sorting", false, "" },
	{ "offset", "integer", false, "min 0" },
	{ "limit", "integer", false, "min 1, max 1000" },
};
static const struct cm_field cm_FacetSearchRequestContainer[] = {
	{ "query", "SearchQuery[]", false, "" },
	{ "facetQuery", "string", false, "" },
	{ "facetQueryMatchingMethod", "enum MatchingMethod", false, "" },
	{ "offset", "integer", false, "min 0" },
	{ "limit", "integer", false, "min 1, max 1000" },
};
static const struct cm_field cm_FacetsSearchRequestContainer[] = {
	{ "facets", "string[]", true, "" },
	{ "query", "SearchQuery[]", false, "" },
	{ "facetQuery", "string", false, "" },
	{ "facetQueryMatchingMethod", "enum MatchingMethod", false, "" },
	{ "limit", "integer", false, "min 1, max 1000" },
};

#define CM_MODEL(m) { #m, cm_##m, sizeof cm_##m / sizeof cm_##m[0] }
static const struct cm_model cm_models[] = {
	CM_MODEL(ResponseContainer),
	CM_MODEL(ResponseStatus),
	CM_MODEL(Sorting),
	CM_MODEL(PagedApiTokenModel),
	CM_MODEL(PagedServiceAccount),
	CM_MODEL(PagedSavedSearch),
	CM_MODEL(PagedRoleDTO),
	CM_MODEL(PagedUserGroupModel),
	CM_MODEL(FacetResponse),
	CM_MODEL(FacetsResponseContainer),
	CM_MODEL(UserApiToken),
	CM_MODEL(ApiTokenModel),
	CM_MODEL(ServiceAccount),
	CM_MODEL(ServiceAccountWrite),
	CM_MODEL(Account),
	CM_MODEL(RoleDTO),
	CM_MODEL(UserGroup),
	CM_MODEL(UserGroupModel),
	CM_MODEL(UserGroupPropertiesDTO),
	CM_MODEL(SavedSearch),
	CM_MODEL(SearchQuery),
	CM_MODEL(SortableSearchRequest),
	CM_MODEL(FacetSearchRequestContainer),
	CM_MODEL(FacetsSearchRequestContainer),
};

static const char *const cm_enum_Result[] = {
	"OK", "ERROR",
};
static const char *const cm_enum_AccountType[] = {
	"USER_ACCOUNT", "SERVICE_ACCOUNT", "INACTIVE_SERVICE_ACCOUNT", "CSP_USER_ACCOUNT",
	"CSP_AUTHORIZED_USER_ACCOUNT", "CSP_SERVICE_ACCOUNT",
	"CSP_AUTHORIZED_SERVICE_ACCOUNT",
};
static const char *const cm_enum_MatchingMethod[] = {
	"CONTAINS", "STARTSWITH", "EXACT", "TAGPATH",
};
static const char *const cm_enum_EntityType[] = {
	"DASHBOARD", "ALERT", "MAINTENANCE_WINDOW", "NOTIFICANT", "EVENT", "SOURCE",
	"EXTERNAL_LINK", "AGENT", "CLOUD_INTEGRATION", "APPLICATION", "REGISTERED_QUERY",
	"USER", "USER_GROUP", "SERVICE_ACCOUNT", "INGESTION_POLICY", "ROLE", "TOKEN",
	"ALERT_ANALYTICS", "LOG_ALERT", "MONITORED_SERVICE",
};
#define CM_ENUM(e) { #e, cm_enum_##e, sizeof cm_enum_##e / sizeof cm_enum_##e[0] }
static const struct cm_enum cm_enums[] = {
	CM_ENUM(Result),
	CM_ENUM(AccountType),
	CM_ENUM(MatchingMethod),
	CM_ENUM(EntityType),
};

#endif
