// SPDX-License-Identifier: GPL-2.0
/* serial.log: every console of a run, in the order the guest lived them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/console_log.h"

static char parent[64];
static struct rundir rd;

static int setup(void **state)
{
	char err[256];

	(void)state;
	strcpy(parent, "/tmp/lockhold-test-console.XXXXXX");
	assert_non_null(mkdtemp(parent));
	assert_int_equal(rundir_create(&rd, parent, "run", err, sizeof(err)),
			 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", parent);
	return system(cmd);
}

static void console(const char *file, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	rundir_path(&rd, file, path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *merged(void)
{
	static char text[4096];
	char path[PATH_MAX];
	size_t n;
	FILE *f;

	rundir_path(&rd, "serial.log", path, sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* A ping-pong of three migrations: four consoles, in hop order. */
static void ping_pong_in_order(void **state)
{
	(void)state;
	console("serial-source.log", "booted\n");
	console("serial-destination.log", "hop 1\n");
	console("serial-destination-2.log", "hop 2\n");
	console("serial-destination-3.log", "hop 3\n");
	/* not a console of this run's chain: a gap ends it */
	console("serial-destination-5.log", "stray\n");
	assert_int_equal(console_log_merge(&rd), 3);
	assert_string_equal(
		merged(),
		"booted\n"
		"\n==== lockhold: migration 1; the console of the QEMU it went to follows ====\n"
		"hop 1\n"
		"\n==== lockhold: migration 2; the console of the QEMU it went to follows ====\n"
		"hop 2\n"
		"\n==== lockhold: migration 3; the console of the QEMU it went to follows ====\n"
		"hop 3\n");
}

/* A run without migration has the source's console only. */
static void no_migration(void **state)
{
	(void)state;
	console("serial-source.log", "booted\nresults-written\n");
	assert_int_equal(console_log_merge(&rd), 0);
	assert_string_equal(merged(), "booted\nresults-written\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(ping_pong_in_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(no_migration, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
