// SPDX-License-Identifier: GPL-2.0
/* The guest kernel command line: what guest/init reads, in one string. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "harness/guest_cmdline.h"

static const struct variant batched = {
	.name = "batched",
	.kernel = "batched",
	.cmdline = "virtio_balloon.hint_batch=8",
};

static struct bench_options options(void)
{
	return (struct bench_options){
		.workload = "crossfree",
		.workload_args = "chunk-kib=64",
		.duration_s = 10,
		.vcpus = 2,
		.prefill_pct = 90,
		.trace = true,
		.events = "free_page_hint,zone_lock",
	};
}

static void every_parameter(void **state)
{
	struct bench_options o = options();
	char line[1024];

	(void)state;
	assert_int_equal(guest_cmdline(&o, &batched, line, sizeof(line)), 0);
	assert_string_equal(
		line,
		"console=ttyS0 panic=-1 sysctl.kernel.panic_on_rcu_stall=1 virtio_balloon.hint_batch=8 lockhold.mode=run lockhold.workload=crossfree lockhold.duration=10 lockhold.vcpus=2 lockhold.prefill=90 lockhold.events=free_page_hint,zone_lock lockhold.wargs=chunk-kib=64");
}

/* --trace off, default workload options, debug kernels */
static void off_defaults_and_debug(void **state)
{
	struct bench_options o = options();
	char line[1024];

	(void)state;
	o.trace = false;
	o.workload_args = NULL;
	o.debug = true;
	assert_int_equal(guest_cmdline(&o, &batched, line, sizeof(line)), 0);
	assert_non_null(strstr(line, " debug_pagealloc=on virtio_balloon."));
	assert_non_null(strstr(line, " lockhold.events=none "));
	assert_true(strlen(line) > strlen(" lockhold.wargs=") &&
		    !strcmp(line + strlen(line) - strlen(" lockhold.wargs="),
			    " lockhold.wargs="));
}

static void too_long_is_an_error(void **state)
{
	struct bench_options o = options();
	char line[64];

	(void)state;
	assert_int_equal(guest_cmdline(&o, &batched, line, sizeof(line)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_parameter),
		cmocka_unit_test(off_defaults_and_debug),
		cmocka_unit_test(too_long_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
