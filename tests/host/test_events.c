// SPDX-License-Identifier: GPL-2.0
/* --events names checked against a guest kernel's System.map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/events.h"

static void known_and_unknown(void **state)
{
	char path[] = "/tmp/lockhold-test-events.XXXXXX";
	char bad[64];
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	assert_non_null(f);
	fputs("ffffffff8180d930 d str__lock__trace_system_name\n"
	      "ffffffff8181c678 d str__free_page_hint__trace_system_name\n"
	      "ffffffff81b201a0 D __tracepoint_contention_begin\n"
	      "ffffffff81b201b0 D __tracepoint_contention_end\n"
	      "ffffffff81b24340 D __tracepoint_hint_block\n",
	      f);
	fclose(f);

	assert_int_equal(
		events_check(
			path,
			"lock:contention_begin,lock:contention_end,free_page_hint",
			bad, sizeof(bad)),
		0);
	assert_int_equal(events_check(path, "free_page_hint:hint_block", bad,
				      sizeof(bad)),
			 0);
	assert_int_equal(events_check(path, "lock:contention_begin,bogus:event",
				      bad, sizeof(bad)),
			 1);
	assert_string_equal(bad, "bogus:event");
	/* A known system with an unknown event, a prefix of a known one. */
	assert_int_equal(
		events_check(path, "lock:contention", bad, sizeof(bad)), 1);
	assert_string_equal(bad, "lock:contention");
	assert_int_equal(events_check(path, "loc", bad, sizeof(bad)), 1);
	assert_string_equal(bad, "loc");
	assert_int_equal(
		events_check(path, ":contention_begin", bad, sizeof(bad)), 1);
	unlink(path);
	assert_int_equal(events_check(path, "lock", bad, sizeof(bad)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_and_unknown),
	};

	return cmocka_run_group_tests_name("events", tests, NULL, NULL);
}
