// SPDX-License-Identifier: GPL-2.0
/*
 * The QMP client and the migration driver against transcripts recorded from
 * the real QEMU: a thread plays QEMU's side, checks that each command the
 * client sends is the one QEMU received, and answers what QEMU answered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/migration.h"
#include "harness/qmp.h"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures/qmp"
#endif

struct replay {
	const char *path;
	int fd;
	int mismatches;
	char mismatch[512];
	pthread_t thread;
};

static char *read_client_line(FILE *in)
{
	static char line[65536];

	return fgets(line, sizeof(line), in);
}

/* Equal as JSON, ignoring the command id the client chose. */
static bool same_command(const char *sent, const char *recorded)
{
	json_t *a = json_loads(sent, 0, NULL);
	json_t *b = json_loads(recorded, 0, NULL);
	bool same;

	json_object_del(a, "id");
	json_object_del(b, "id");
	same = a && b && json_equal(a, b);
	json_decref(a);
	json_decref(b);
	return same;
}

static void *play_qemu(void *arg)
{
	struct replay *r = arg;
	FILE *script = fopen(r->path, "r");
	FILE *in = fdopen(dup(r->fd), "r");
	char line[65536];

	while (script && fgets(line, sizeof(line), script)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '<') {
			dprintf(r->fd, "%s\r\n", line + 2);
			continue;
		}
		char *sent = read_client_line(in);

		if (!sent)
			break;
		if (!same_command(sent, line + 2) && !r->mismatches++)
			snprintf(r->mismatch, sizeof(r->mismatch),
				 "sent %.200s, QEMU had %.200s", sent,
				 line + 2);
	}
	if (script)
		fclose(script);
	fclose(in);
	shutdown(r->fd, SHUT_RDWR);
	return NULL;
}

static struct qmp *start_replay(struct replay *r, const char *fixture,
				char *err, size_t errlen)
{
	static char path[256];
	int sv[2];

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, fixture);
	memset(r, 0, sizeof(*r));
	r->path = path;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	r->fd = sv[1];
	assert_int_equal(pthread_create(&r->thread, NULL, play_qemu, r), 0);
	return qmp_open_fd(sv[0], 2000, NULL, err, errlen);
}

static void finish_replay(struct replay *r, struct qmp *q)
{
	qmp_close(q);
	pthread_join(r->thread, NULL);
	close(r->fd);
	if (r->mismatches)
		fail_msg("%d command(s) differ from the recording: %s",
			 r->mismatches, r->mismatch);
}

static void destination_listens_and_queues_events(void **state)
{
	char err[512] = "", uri[128];
	struct replay r;
	struct qmp *q =
		start_replay(&r, "destination-incoming.log", err, sizeof(err));
	json_t *ev;

	(void)state;
	assert_non_null(q);
	assert_int_equal(
		json_integer_value(json_object_get(
			json_object_get(json_object_get(qmp_greeting(q),
							"version"),
					"qemu"),
			"minor")),
		2);
	assert_int_equal(
		migration_listen(q, uri, sizeof(uri), err, sizeof(err)), 0);
	assert_string_equal(uri, "tcp:127.0.0.1:43649");

	/* MIGRATION arrived before the reply to migrate-incoming: queued. */
	assert_int_equal(
		qmp_execute(q, "quit", NULL, 2000, NULL, err, sizeof(err)), 0);
	assert_int_equal(
		qmp_wait_event(q, "SHUTDOWN", 1000, &ev, err, sizeof(err)), 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(ev, "data"), "reason")),
			    "host-qmp-quit");
	json_decref(ev);
	assert_int_equal(
		qmp_wait_event(q, "MIGRATION", 1000, &ev, err, sizeof(err)), 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(ev, "data"), "status")),
			    "setup");
	json_decref(ev);
	assert_int_equal(
		qmp_wait_event(q, "RESUME", 1000, &ev, err, sizeof(err)), 0);
	json_decref(ev);
	finish_replay(&r, q);
}

static bool always_alive(void *ctx, char *err, size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	return true;
}

static void source_migrates_to_completion(void **state)
{
	char err[512] = "";
	struct replay r;
	struct qmp *q =
		start_replay(&r, "source-migrate-hint.log", err, sizeof(err));
	json_t *info, *summary;
	json_int_t total, page, normal, duplicate;

	(void)state;
	assert_non_null(q);
	assert_int_equal(migration_start(q, "tcp:127.0.0.1:43649", 10000, err,
					 sizeof(err)),
			 0);
	assert_int_equal(migration_wait(q, 10000, always_alive, NULL, &info,
					err, sizeof(err)),
			 0);
	summary = migration_summary(info, 10000, 2.0);

	/* The figures, computed here from QEMU's raw reply. */
	total = json_integer_value(
		json_object_get(json_object_get(info, "ram"), "total"));
	page = json_integer_value(
		json_object_get(json_object_get(info, "ram"), "page-size"));
	normal = json_integer_value(
		json_object_get(json_object_get(info, "ram"), "normal"));
	duplicate = json_integer_value(
		json_object_get(json_object_get(info, "ram"), "duplicate"));
	assert_int_equal(total, 1074274304);
	assert_int_equal(
		json_integer_value(json_object_get(summary, "guest_ram_pages")),
		total / page);
	assert_int_equal(
		json_integer_value(json_object_get(summary, "pages_skipped")),
		total / page - normal - duplicate);
	assert_int_equal(
		json_integer_value(json_object_get(summary, "pages_skipped")),
		222694);
	assert_int_equal(
		json_integer_value(json_object_get(summary, "downtime_ms")),
		84);
	assert_string_equal(
		json_string_value(json_object_get(summary, "status")),
		"completed");
	json_decref(summary);
	json_decref(info);
	assert_int_equal(
		qmp_execute(q, "quit", NULL, 2000, NULL, err, sizeof(err)), 0);
	finish_replay(&r, q);
}

static void errors_from_qemu(void **state)
{
	char err[512] = "";
	struct replay r;
	struct qmp *q = start_replay(&r, "errors.log", err, sizeof(err));
	json_t *status;

	(void)state;
	assert_non_null(q);
	assert_int_equal(qmp_execute(q, "migrate",
				     json_pack("{s:s}", "uri", "bogus:nowhere"),
				     2000, NULL, err, sizeof(err)),
			 -1);
	assert_string_equal(
		err,
		"QMP migrate failed: Parameter 'uri' expects a valid migration protocol");
	assert_int_equal(
		migration_listen(q, err, sizeof(err), err, sizeof(err)), -1);
	assert_string_equal(
		err,
		"QMP migrate-incoming failed: '-incoming' was not specified on the command line");
	/* After errors the connection still works. */
	assert_int_equal(qmp_execute(q, "query-status", NULL, 2000, &status,
				     err, sizeof(err)),
			 0);
	assert_string_equal(
		json_string_value(json_object_get(status, "status")),
		"prelaunch");
	json_decref(status);
	assert_int_equal(
		qmp_execute(q, "quit", NULL, 2000, NULL, err, sizeof(err)), 0);
	finish_replay(&r, q);
}

static void silent_qemu_times_out(void **state)
{
	char err[512] = "";
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_null(qmp_open_fd(sv[0], 200, NULL, err, sizeof(err)));
	assert_string_equal(err, "QMP: no answer from QEMU in time");
	close(sv[1]);
}

static void broken_peer(void **state)
{
	char err[512] = "";
	int sv[2];

	(void)state;
	/* Greeting, then the connection closes: QEMU died. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	dprintf(sv[1], "{\"QMP\": {\"version\": {}}}\r\n");
	close(sv[1]);
	assert_null(qmp_open_fd(sv[0], 1000, NULL, err, sizeof(err)));
	assert_string_equal(
		err,
		"QMP: QEMU closed the connection (sending qmp_capabilities)");

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	dprintf(sv[1], "not json\r\n");
	assert_null(qmp_open_fd(sv[0], 1000, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "QMP: malformed message from QEMU"));
	close(sv[1]);

	assert_null(qmp_connect("/nonexistent/qmp.sock", 100, NULL, err,
				sizeof(err)));
	assert_string_equal(
		err,
		"QMP: cannot connect to /nonexistent/qmp.sock: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(destination_listens_and_queues_events),
		cmocka_unit_test(source_migrates_to_completion),
		cmocka_unit_test(errors_from_qemu),
		cmocka_unit_test(silent_qemu_times_out),
		cmocka_unit_test(broken_peer),
	};

	return cmocka_run_group_tests_name("qmp", tests, NULL, NULL);
}
