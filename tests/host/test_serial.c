// SPDX-License-Identifier: GPL-2.0
/* The guest's progress markers on the serial console. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/serial.h"

static void append(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void markers(void **state)
{
	char path[] = "/tmp/lockhold-test-serial.XXXXXX";
	struct serial_watch w;
	char rest[128];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	serial_watch_init(&w, path);
	serial_refresh(&w);
	assert_false(serial_marker(&w, "booted", rest, sizeof(rest)));

	/* The kernel may print in the middle of a line: only line starts count. */
	append(path, "[    0.1] x LOCKHOLD: booted fake\r\n"
		     "LOCKHOLD: bootedness\nLOCKHOLD: boot");
	serial_refresh(&w);
	assert_false(serial_marker(&w, "booted", rest, sizeof(rest)));

	/* A line still being written is not a marker yet. */
	append(path, "ed kernel=6.12 cpus=2");
	serial_refresh(&w);
	assert_false(serial_marker(&w, "booted", rest, sizeof(rest)));
	append(path, "\r\nLOCKHOLD: workload-done rc=0\n");
	serial_refresh(&w);
	assert_true(serial_marker(&w, "booted", rest, sizeof(rest)));
	assert_string_equal(rest, "kernel=6.12 cpus=2");
	assert_true(serial_marker(&w, "workload-done", rest, sizeof(rest)));
	assert_string_equal(rest, "rc=0");
	assert_true(serial_marker(&w, "workload-done", NULL, 0));
	assert_false(serial_marker(&w, "results-written", rest, sizeof(rest)));

	serial_watch_free(&w);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(markers),
	};

	return cmocka_run_group_tests_name("serial", tests, NULL, NULL);
}
