// SPDX-License-Identifier: GPL-2.0
/*
 * guest/init, the shell side of the guest protocol, says the words of
 * guest/protocol.h: every marker bench waits for, every command it sends,
 * every kernel parameter it sets and every result file it collects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/protocol.h"

static char *init;

static int setup(void **state)
{
	FILE *f = fopen("guest/init", "r");
	long n;

	(void)state;
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	init = calloc(1, n + 1);
	if (!init || fread(init, 1, n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(init);
	return 0;
}

static void says(const char *text)
{
	if (!strstr(init, text))
		fail_msg("guest/init does not say '%s'", text);
}

static void markers(void **state)
{
	(void)state;
	says("say() { echo \"" PROTO_MARKER "$*");
	says("say \"" PROTO_BOOTED " ");
	says("say " PROTO_READY_TO_COLLECT "\n");
	says("say " PROTO_RESULTS_WRITTEN "\n");
	says("say \"" PROTO_ERROR " $*\"");
	says("say " PROTO_FAILED "\n");
	says("say " PROTO_PROBE_OK "\n");
}

static void commands(void **state)
{
	(void)state;
	says("[ \"$command\" = " PROTO_MIGRATION_DONE " ]");
	says("[ \"$command\" = " PROTO_COLLECT " ]");
}

/* lockhold.NAME is read as $(param NAME) */
static void parameters(void **state)
{
	const char *const params[] = {
		PROTO_PARAM_MODE,	 PROTO_PARAM_WORKLOAD,
		PROTO_PARAM_DURATION,	 PROTO_PARAM_VCPUS,
		PROTO_PARAM_PREFILL,	 PROTO_PARAM_EVENTS,
		PROTO_PARAM_WARGS,	 PROTO_PARAM_ROUNDS,
		PROTO_PARAM_ROUND_EVERY,
	};
	char call[64];

	(void)state;
	says("case \"$arg\" in lockhold.$1=*)");
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		assert_int_equal(strncmp(params[i], "lockhold.", 9), 0);
		snprintf(call, sizeof(call), "$(param %s", params[i] + 9);
		says(call);
	}
}

/* Every file bench lifts out of the share is one the guest copies in */
static void result_files(void **state)
{
	const char *const files[] = { PROTO_RESULT_FILES };
	char path[64];

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), " /tmp/%s ", files[i]);
		says(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(markers),
		cmocka_unit_test(commands),
		cmocka_unit_test(parameters),
		cmocka_unit_test(result_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
