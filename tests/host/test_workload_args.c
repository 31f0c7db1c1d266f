// SPDX-License-Identifier: GPL-2.0
/* --workload-args: the format, and the options it names, parsed once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "harness/workload_args.h"

static void pairs_become_flags(void **state)
{
	struct workload_args wa;

	(void)state;
	assert_int_equal(workload_args_parse("size-mib=64,hot-percent=25", &wa),
			 0);
	assert_int_equal(wa.n, 2);
	assert_string_equal(wa.flag[0], "--size-mib");
	assert_string_equal(wa.value[0], "64");
	assert_string_equal(wa.flag[1], "--hot-percent");
	assert_string_equal(wa.value[1], "25");
	assert_true(workload_args_has(&wa, "hot-percent"));
	assert_false(workload_args_has(&wa, "hot"));
	assert_false(workload_args_has(&wa, "percent"));
}

static void not_the_format(void **state)
{
	static const char *const bad[] = {
		"",	    "size",	  "size=",    "=64",
		"size=64,", ",size=64",	  "a=1,,b=2", "a b=1",
		"a=\"1\"",  "a=1;reboot", "a=1=2",
	};
	struct workload_args wa;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!workload_args_parse(bad[i], &wa))
			fail_msg("accepted '%s'", bad[i]);
}

/* as many pairs as fit, and not one more */
static void bounded(void **state)
{
	char args[4 * WORKLOAD_ARGS_MAX_PAIRS + 8] = "";
	struct workload_args wa;

	(void)state;
	for (int i = 0; i < WORKLOAD_ARGS_MAX_PAIRS; i++)
		strcat(args, i ? ",a=1" : "a=1");
	assert_int_equal(workload_args_parse(args, &wa), 0);
	assert_int_equal(wa.n, WORKLOAD_ARGS_MAX_PAIRS);
	strcat(args, ",a=1");
	assert_int_equal(workload_args_parse(args, &wa), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pairs_become_flags),
		cmocka_unit_test(not_the_format),
		cmocka_unit_test(bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
