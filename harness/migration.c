// SPDX-License-Identifier: GPL-2.0
#include "migration.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

int migration_listen(struct qmp *dst, char *uri, size_t urilen, char *err,
		     size_t errlen)
{
	json_t *info, *addr;
	const char *port;

	if (qmp_execute(dst, "migrate-incoming",
			json_pack("{s:s}", "uri", "tcp:127.0.0.1:0"),
			QMP_TIMEOUT_MS, NULL, err, errlen))
		return -1;
	if (qmp_execute(dst, "query-migrate", NULL, QMP_TIMEOUT_MS, &info, err,
			errlen))
		return -1;
	addr = json_array_get(json_object_get(info, "socket-address"), 0);
	port = json_string_value(json_object_get(addr, "port"));
	if (!port) {
		snprintf(err, errlen,
			 "destination QEMU did not report its listening port");
		json_decref(info);
		return -1;
	}
	snprintf(uri, urilen, "tcp:127.0.0.1:%s", port);
	json_decref(info);
	return 0;
}

int migration_start(struct qmp *src, const char *uri,
		    unsigned int bandwidth_mib, char *err, size_t errlen)
{
	json_t *params = json_pack("{s:I}", "max-bandwidth",
				   (json_int_t)bandwidth_mib << 20);

	if (qmp_execute(src, "migrate-set-parameters", params, QMP_TIMEOUT_MS,
			NULL, err, errlen))
		return -1;
	return qmp_execute(src, "migrate", json_pack("{s:s}", "uri", uri),
			   QMP_TIMEOUT_MS, NULL, err, errlen);
}

int migration_wait(struct qmp *src, int timeout_ms,
		   bool (*alive)(void *ctx, char *err, size_t errlen),
		   void *ctx, json_t **info, char *err, size_t errlen)
{
	int64_t deadline = now_ms() + timeout_ms;

	*info = NULL;
	for (;;) {
		json_t *reply;
		const char *status;

		if (!alive(ctx, err, errlen))
			return -1;
		if (qmp_execute(src, "query-migrate", NULL, QMP_TIMEOUT_MS,
				&reply, err, errlen))
			return -1;
		status = json_string_value(json_object_get(reply, "status"));
		if (status && !strcmp(status, "completed")) {
			*info = reply;
			return 0;
		}
		if (status && (!strcmp(status, "failed") ||
			       !strcmp(status, "cancelled"))) {
			const char *why = json_string_value(
				json_object_get(reply, "error-desc"));

			snprintf(err, errlen, "migration %s: %s", status,
				 why ? why : "QEMU gave no reason");
			json_decref(reply);
			return -1;
		}
		json_decref(reply);
		if (!ms_left(deadline)) {
			snprintf(
				err, errlen,
				"migration did not complete within %d s (status %s)",
				timeout_ms / 1000, status ? status : "unknown");
			return -1;
		}
		usleep(50000);
	}
}

static json_int_t ram_field(json_t *info, const char *key)
{
	return json_integer_value(
		json_object_get(json_object_get(info, "ram"), key));
}

json_t *migration_summary(json_t *info, unsigned int bandwidth_mib,
			  double migrate_at_s)
{
	json_int_t page_size = ram_field(info, "page-size");
	json_int_t pages = page_size ? ram_field(info, "total") / page_size : 0;
	json_int_t normal = ram_field(info, "normal");
	json_int_t duplicate = ram_field(info, "duplicate");

	return json_pack(
		"{s:s, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:O}",
		"status", json_string_value(json_object_get(info, "status")),
		"migrate_at_s", migrate_at_s, "max_bandwidth_bytes_per_s",
		(json_int_t)bandwidth_mib << 20, "total_time_ms",
		json_integer_value(json_object_get(info, "total-time")),
		"downtime_ms",
		json_integer_value(json_object_get(info, "downtime")),
		"setup_time_ms",
		json_integer_value(json_object_get(info, "setup-time")),
		"ram_transferred_bytes", ram_field(info, "transferred"),
		"ram_normal_pages", normal, "ram_duplicate_pages", duplicate,
		"dirty_sync_count", ram_field(info, "dirty-sync-count"),
		"guest_ram_pages", pages, "pages_skipped",
		pages - normal - duplicate, "pages_skipped_note",
		"guest RAM pages - normal - duplicate: a lower bound, since pages sent more than once count more than once",
		"query_migrate", info);
}

int migration_wait_resumed(struct qmp *dst, int timeout_ms, char *err,
			   size_t errlen)
{
	int64_t deadline = now_ms() + timeout_ms;
	json_t *status;
	bool running;

	for (;;) {
		if (qmp_execute(dst, "query-status", NULL, timeout_ms, &status,
				err, errlen))
			return -1;
		running = json_is_true(json_object_get(status, "running"));
		json_decref(status);
		if (running)
			return 0;
		if (now_ms() > deadline) {
			snprintf(
				err, errlen,
				"destination guest not running %d ms after migration completed",
				timeout_ms);
			return -1;
		}
		usleep(20 * 1000);
	}
}
