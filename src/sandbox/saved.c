/* saved.c: saved searches (doc/api.md 3.4), each owned by the account that
 * made it; ids are 8 word characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "sandbox/internal.h"

static const char *const entity_types[] = {
	"DASHBOARD", "ALERT", "MAINTENANCE_WINDOW", "NOTIFICANT", "EVENT", "SOURCE",
	"EXTERNAL_LINK", "AGENT", "CLOUD_INTEGRATION", "APPLICATION", "REGISTERED_QUERY",
	"USER", "USER_GROUP", "SERVICE_ACCOUNT", "INGESTION_POLICY", "ROLE", "TOKEN",
	"ALERT_ANALYTICS", "LOG_ALERT", "MONITORED_SERVICE",
};

static bool entity_ok(const char *t)
{
	for (size_t i = 0; i < sizeof entity_types / sizeof entity_types[0]; i++)
		if (strcmp(t, entity_types[i]) == 0)
			return true;
	return false;
}

#define SAVED_COLS "id, entity_type, query, user_id, creator, updater, created, updated"

static void write_saved(struct jw *w, sqlite3_stmt *st)
{
	jw_obj(w);
	jw_kstr(w, "id", (const char *)sqlite3_column_text(st, 0));
	jw_kstr(w, "entityType", (const char *)sqlite3_column_text(st, 1));
	jw_key(w, "query");
	jw_raw(w, (const char *)sqlite3_column_text(st, 2)); /* JSON written by json-c */
	jw_kstr(w, "userId", (const char *)sqlite3_column_text(st, 3));
	jw_kstr(w, "creatorId", (const char *)sqlite3_column_text(st, 4));
	jw_kstr(w, "updaterId", (const char *)sqlite3_column_text(st, 5));
	jw_kint(w, "createdEpochMillis", sqlite3_column_int64(st, 6));
	jw_kint(w, "updatedEpochMillis", sqlite3_column_int64(st, 7));
	jw_obj_end(w);
}

static int write_by_id(struct sb_req *r, const char *id)
{
	sqlite3_stmt *st = store_stmt(r->sb,
		"SELECT " SAVED_COLS " FROM saved_searches WHERE id = ?1 AND user_id = ?2");
	int rc;

	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->caller.account, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		write_saved(&r->out, st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 200;
	return rc == SQLITE_DONE ? sb_fail(r, 404, "Saved search %.40s not found", id) : sb_db_fail(r);
}

static int decode(struct sb_req *r, struct body_saved *s, json_object **o)
{
	struct body_err e = { "" };
	int status = sb_json_body(r, o);

	if (status != 200)
		return status;
	if (body_saved(*o, s, &e) < 0) {
		json_object_put(*o);
		*o = NULL;
		return sb_fail(r, 400, "%s", e.msg);
	}
	if (!entity_ok(s->entity_type)) {
		/* The message first: entity_type lives in *o. */
		status = sb_fail(r, 400, "Unknown entityType '%.40s'", s->entity_type);
		free(s->query_json);
		json_object_put(*o);
		*o = NULL;
		return status;
	}
	return 200;
}

int saved_create(struct sb_req *r)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	struct body_saved s;
	json_object *o;
	sqlite3_stmt *st;
	char id[9];
	int status = decode(r, &s, &o), rc = SQLITE_CONSTRAINT;

	if (status != 200)
		return status;
	for (int attempt = 0; attempt < 8 && rc == SQLITE_CONSTRAINT; attempt++) {
		unsigned char b[8];
		if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
			break;
		for (int i = 0; i < 8; i++)
			id[i] = chars[b[i] % (sizeof chars - 1)];
		id[8] = '\0';
		st = store_stmt(r->sb, "INSERT INTO saved_searches (" SAVED_COLS ") "
		                       "VALUES (?1, ?2, ?3, ?4, ?4, ?4, ?5, ?5)");
		if (!st)
			break;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, s.entity_type, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, s.query_json, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, r->caller.account, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, r->now);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	free(s.query_json);
	json_object_put(o);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	return write_by_id(r, id);
}

static int list(struct sb_req *r, const char *type)
{
	sqlite3_stmt *st;
	int64_t offset, limit, total = 0;
	int status = sb_paging_args(r, &offset, &limit), rc;

	if (status != 200)
		return status;
	if (type && !entity_ok(type))
		return sb_fail(r, 400, "Unknown entity type '%.40s'", type);
	st = store_stmt(r->sb, "SELECT count(*) FROM saved_searches WHERE user_id = ?1 "
	                       "AND (?2 IS NULL OR entity_type = ?2)");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, r->caller.account, -1, SQLITE_TRANSIENT);
	if (type)
		sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = store_stmt(r->sb, "SELECT " SAVED_COLS " FROM saved_searches WHERE user_id = ?1 "
	                       "AND (?2 IS NULL OR entity_type = ?2) ORDER BY created, id LIMIT ?3 OFFSET ?4");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, r->caller.account, -1, SQLITE_TRANSIENT);
	if (type)
		sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, limit);
	sqlite3_bind_int64(st, 4, offset);
	jw_obj(&r->out);
	jw_key(&r->out, "items");
	jw_arr(&r->out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		write_saved(&r->out, st);
	sqlite3_reset(st);
	jw_arr_end(&r->out);
	jw_kint(&r->out, "offset", offset);
	jw_kint(&r->out, "limit", limit);
	jw_kint(&r->out, "totalItems", total);
	jw_kbool(&r->out, "moreItems", offset + limit < total);
	jw_obj_end(&r->out);
	return rc == SQLITE_DONE ? 200 : sb_db_fail(r);
}

int saved_list(struct sb_req *r)
{
	return list(r, NULL);
}

int saved_list_type(struct sb_req *r)
{
	return list(r, r->cap[0]);
}

int saved_get(struct sb_req *r)
{
	return write_by_id(r, r->cap[0]);
}

int saved_update(struct sb_req *r)
{
	struct body_saved s;
	json_object *o;
	sqlite3_stmt *st;
	int status = decode(r, &s, &o), rc;

	if (status != 200)
		return status;
	st = store_stmt(r->sb, "UPDATE saved_searches SET entity_type = ?3, query = ?4, "
	                       "updater = ?2, updated = ?5 WHERE id = ?1 AND user_id = ?2");
	if (!st) {
		free(s.query_json);
		json_object_put(o);
		return sb_db_fail(r);
	}
	sqlite3_bind_text(st, 1, r->cap[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->caller.account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, s.entity_type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, s.query_json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, r->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(s.query_json);
	json_object_put(o);
	if (rc != SQLITE_DONE)
		return sb_db_fail(r);
	if (sqlite3_changes(store_db(r->sb)) == 0)
		return sb_fail(r, 404, "Saved search %.40s not found", r->cap[0]);
	return write_by_id(r, r->cap[0]);
}

int saved_delete(struct sb_req *r)
{
	sqlite3_stmt *st;
	int status = write_by_id(r, r->cap[0]), rc;

	if (status != 200)
		return status;
	st = store_stmt(r->sb, "DELETE FROM saved_searches WHERE id = ?1 AND user_id = ?2");
	if (!st)
		return sb_db_fail(r);
	sqlite3_bind_text(st, 1, r->cap[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->caller.account, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 200 : sb_db_fail(r);
}
