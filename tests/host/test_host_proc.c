// SPDX-License-Identifier: GPL-2.0
/* What the host sampler reads of /proc: statm and stat lines parsed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness/host_proc.h"

/* A QEMU's statm here, and its /proc/PID/status of the same moment:
 * RssAnon 16424 kB, RssFile 23564 kB, RssShmem 0 kB. */
static void statm_split_into_anon_and_shared(void **state)
{
	struct host_memory m;

	(void)state;
	assert_int_equal(host_memory_parse("440998 9997 5891 1657 0 344762 0\n",
					   4, &m),
			 0);
	assert_int_equal(m.rss_kib, 39988);
	assert_int_equal(m.anon_kib, 16424);
	assert_int_equal(m.file_shmem_kib, 23564);
	/* not statm: too few fields, or more shared than resident */
	assert_int_equal(host_memory_parse("440998 9997\n", 4, &m), -1);
	assert_int_equal(host_memory_parse("10 5 6 0 0 0 0\n", 4, &m), -1);
}

/* A thread's name may hold blanks and parentheses: it ends at the last ')'. */
static void stat_line_with_an_awkward_name(void **state)
{
	struct host_task t;

	(void)state;
	assert_int_equal(
		host_task_parse(
			"4242 (CPU 0/TCG) (x)) R 4200 4200 4200 0 -1 4194368 10 0 0 0 "
			"731 269 0 0 20 0 5 0 3155237 1000 100\n",
			&t),
		0);
	assert_string_equal(t.name, "CPU 0/TCG) (x)");
	assert_int_equal(t.state, 'R');
	assert_int_equal(t.cpu_ticks, 731 + 269);
	assert_int_equal(t.start_ticks, 3155237);
	assert_int_equal(host_task_parse("4242 CPU 0 R 1 2\n", &t), -1);
	assert_int_equal(host_task_parse("4242 (short) S 1 2 3\n", &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statm_split_into_anon_and_shared),
		cmocka_unit_test(stat_line_with_an_awkward_name),
	};

	return cmocka_run_group_tests_name("host_proc", tests, NULL, NULL);
}
