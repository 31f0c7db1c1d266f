// SPDX-License-Identifier: GPL-2.0
/* The runs of a sweep: every combination, interleaved, in a stated order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/sweep.h"

/* Into *o: the options point into their own buffers, so never a copy */
static void sweep_options(struct bench_options *o)
{
	static char *argv[] = { "bench",
				"--variant",
				"none,batched",
				"--mem",
				"1G,2G",
				"--param",
				"virtio_balloon.hint_batch=8,32",
				"--param",
				"virtio_balloon.hint_min_order=5,9",
				NULL };
	char err[512];

	assert_int_equal(options_parse(sizeof(argv) / sizeof(argv[0]) - 1, argv,
				       o, err, sizeof(err)),
			 0);
}

static void product_interleaved(void **state)
{
	struct bench_options o;
	bool applies[VARIANTS_MAX][PARAMS_MAX] = { { false } };
	struct sweep_point pts[16];
	char err[256];
	size_t n;

	(void)state;
	sweep_options(&o);
	/* none's kernel has neither parameter, batched's both */
	applies[1][0] = applies[1][1] = true;
	n = sweep_plan(&o, applies, pts, 16, err, sizeof(err));
	/* per size: none once, batched 2 x 2 */
	assert_int_equal(n, 2 * (1 + 4));
	assert_int_equal(pts[0].variant, 0);
	assert_int_equal(pts[0].mem_mib, 1024);
	assert_string_equal(pts[0].params, "");
	assert_int_equal(pts[1].variant, 1);
	assert_string_equal(
		pts[1].params,
		"virtio_balloon.hint_batch=8 virtio_balloon.hint_min_order=5");
	assert_string_equal(
		pts[2].params,
		"virtio_balloon.hint_batch=8 virtio_balloon.hint_min_order=9");
	assert_string_equal(
		pts[4].params,
		"virtio_balloon.hint_batch=32 virtio_balloon.hint_min_order=9");
	assert_int_equal(pts[5].mem_mib, 2048);
	assert_int_equal(pts[5].variant, 0);
	assert_int_equal(pts[9].mem_mib, 2048);

	/* one parameter only: its values alone */
	applies[1][1] = false;
	n = sweep_plan(&o, applies, pts, 16, err, sizeof(err));
	assert_int_equal(n, 2 * (1 + 2));
	assert_string_equal(pts[2].params, "virtio_balloon.hint_batch=32");
}

static void too_many_is_an_error(void **state)
{
	struct bench_options o;
	bool applies[VARIANTS_MAX][PARAMS_MAX] = { { true, true },
						   { true, true } };
	struct sweep_point pts[15];
	char err[256];

	sweep_options(&o);
	(void)state;
	/* 2 sizes x 2 variants x 4 = 16 */
	assert_int_equal(sweep_plan(&o, applies, pts, 15, err, sizeof(err)), 0);
	assert_string_equal(
		err,
		"the sweep has more than 15 runs per repetition (accepted: fewer sizes, variants or --param values)");
}

static void param_in_system_map(void **state)
{
	char path[] = "/tmp/lockhold-sysmap-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs("ffffffff81a0 d __param_hint_batch\n"
	      "ffffffff81a8 d __param_str_hint_min_order\n",
	      f);
	fclose(f);
	assert_true(sweep_kernel_has_param(path, "virtio_balloon.hint_batch"));
	assert_false(
		sweep_kernel_has_param(path, "virtio_balloon.hint_min_order"));
	assert_false(sweep_kernel_has_param(path, "virtio_balloon.hint"));
	remove(path);
	/* not built yet (bench --check): every parameter applies */
	assert_true(sweep_kernel_has_param(path, "virtio_balloon.hint_batch"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(product_interleaved),
		cmocka_unit_test(too_many_is_an_error),
		cmocka_unit_test(param_in_system_map),
	};

	return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
