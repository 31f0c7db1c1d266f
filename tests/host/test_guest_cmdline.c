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
		.round_every_ms = 1000,
	};
}

static void every_parameter(void **state)
{
	struct bench_options o = options();
	char line[1024];

	(void)state;
	assert_int_equal(guest_cmdline(&o, &batched, "", line, sizeof(line)),
			 0);
	assert_string_equal(
		line,
		"console=ttyS0 panic=-1 sysctl.kernel.panic_on_rcu_stall=1 virtio_balloon.hint_batch=8 lockhold.mode=run lockhold.workload=crossfree lockhold.duration=10 lockhold.vcpus=2 lockhold.prefill=90 lockhold.events=free_page_hint,zone_lock lockhold.wargs=chunk-kib=64 lockhold.rounds=0 lockhold.round_every=1.000");
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
	assert_int_equal(guest_cmdline(&o, &batched, "", line, sizeof(line)),
			 0);
	assert_non_null(strstr(line, " debug_pagealloc=on virtio_balloon."));
	assert_non_null(strstr(line, " lockhold.events=none "));
	assert_non_null(strstr(line, " lockhold.wargs= lockhold.rounds="));
}

/*
 * A sweep's parameters follow the variant's own, so that the kernel, which
 * takes the last of a parameter given twice, runs the swept value.
 */
static void swept_params_and_rounds(void **state)
{
	struct bench_options o = options();
	struct variant plain = batched;
	char line[1024];

	(void)state;
	o.rounds = 40;
	o.round_every_ms = 250;
	assert_int_equal(guest_cmdline(&o, &batched,
				       "virtio_balloon.hint_batch=128", line,
				       sizeof(line)),
			 0);
	assert_non_null(strstr(
		line,
		" virtio_balloon.hint_batch=8 virtio_balloon.hint_batch=128 lockhold.mode=run "));
	assert_non_null(
		strstr(line, " lockhold.rounds=40 lockhold.round_every=0.250"));

	plain.cmdline[0] = '\0';
	assert_int_equal(guest_cmdline(&o, &plain, "a.b=1", line, sizeof(line)),
			 0);
	assert_non_null(strstr(line, "panic_on_rcu_stall=1 a.b=1 lockhold."));
}

static void too_long_is_an_error(void **state)
{
	struct bench_options o = options();
	char line[64];

	(void)state;
	assert_int_equal(guest_cmdline(&o, &batched, "", line, sizeof(line)),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_parameter),
		cmocka_unit_test(off_defaults_and_debug),
		cmocka_unit_test(swept_params_and_rounds),
		cmocka_unit_test(too_long_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
