// SPDX-License-Identifier: GPL-2.0
/*
 * bench --matrix: the cells in sweep_plan's order, repetition by
 * repetition, each a self-contained command writing under its own
 * directory; the matrix written whole, never over another.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/matrix.h"

static char parent[64], out[128];

static int setup(void **state)
{
	(void)state;
	strcpy(parent, "/tmp/lockhold-test-matrix.XXXXXX");
	if (!mkdtemp(parent))
		return -1;
	/* a blank and a quote: the commands must quote the path */
	snprintf(out, sizeof(out), "%s/it's here", parent);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", parent);
	return system(cmd);
}

/*
 * 2 repetitions x 2 workloads x (2 sizes x (none, batched x 2 values)):
 * none's kernel lacks the parameter, so it runs once per size.
 */
static size_t matrix_options(struct bench_options *o, struct sweep_point *pts,
			     size_t max)
{
	char *argv[] = { "bench",
			 "--matrix",
			 "m",
			 "--variant",
			 "none,batched",
			 "--workload",
			 "idle,pagefault",
			 "--mem",
			 "512M,1G",
			 "--param",
			 "virtio_balloon.hint_batch=8,32",
			 "--runs",
			 "2",
			 "--duration",
			 "3",
			 "--out",
			 out,
			 "--prefill",
			 "0",
			 "--debug",
			 NULL };
	bool applies[VARIANTS_MAX][PARAMS_MAX] = { { false }, { true } };
	char err[512];
	size_t n;

	assert_int_equal(options_parse(sizeof(argv) / sizeof(argv[0]) - 1, argv,
				       o, err, sizeof(err)),
			 0);
	n = sweep_plan(o, applies, pts, max, err, sizeof(err));
	assert_int_equal(n, 6);
	return n;
}

static void expect_cell(const struct bench_options *o, size_t n, size_t k,
			unsigned int rep, unsigned int workload, size_t point)
{
	struct matrix_cell c = matrix_cell_at(o, n, k);

	if (c.repetition != rep || c.workload != workload || c.point != point)
		fail_msg(
			"cell %zu: repetition %u, workload %u, point %zu; not %u, %u, %zu",
			k, c.repetition, c.workload, c.point, rep, workload,
			point);
}

static void cells_in_sweep_order(void **state)
{
	static struct bench_options o;
	struct sweep_point pts[8];
	size_t n = matrix_options(&o, pts, 8);

	(void)state;
	assert_int_equal(matrix_cells(&o, n), 24);
	expect_cell(&o, n, 1, 1, 0, 0);
	expect_cell(&o, n, 6, 1, 0, 5);
	/* the workloads change after every point of a repetition */
	expect_cell(&o, n, 7, 1, 1, 0);
	expect_cell(&o, n, 13, 2, 0, 0);
	expect_cell(&o, n, 24, 2, 1, 5);
	assert_int_equal(pts[5].mem_mib, 1024);
}

static void commands_are_self_contained(void **state)
{
	static struct bench_options o;
	struct sweep_point pts[8];
	size_t n = matrix_options(&o, pts, 8);
	char dir[256], line[4096], want[4096];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/matrix-m", out);
	assert_int_equal(matrix_command(&o, dir, pts, n, 3, line, sizeof(line)),
			 0);
	snprintf(
		want, sizeof(want),
		"./bench --cell m:3 --variant batched --workload idle --mem 512M "
		"--param virtio_balloon.hint_batch=32 --first-run 1 "
		"--out '%s/it'\\''s here/matrix-m/cell-03' --duration 3 --prefill 0 --debug",
		parent);
	assert_string_equal(line, want);
	assert_int_equal(
		matrix_command(&o, dir, pts, n, 24, line, sizeof(line)), 0);
	snprintf(
		want, sizeof(want),
		"./bench --cell m:24 --variant batched --workload pagefault --mem 1G "
		"--param virtio_balloon.hint_batch=32 --first-run 2 "
		"--out '%s/it'\\''s here/matrix-m/cell-24' --duration 3 --prefill 0 --debug",
		parent);
	assert_string_equal(line, want);
	/* none runs without the parameter its kernel lacks */
	assert_int_equal(matrix_command(&o, dir, pts, n, 4, line, sizeof(line)),
			 0);
	assert_non_null(strstr(line, "--variant none --workload idle --mem 1G "
				     "--first-run 1"));
	assert_int_equal(matrix_command(&o, dir, pts, n, 4, line, 40), -1);
}

static void shell_quoting(void **state)
{
	char q[32];

	(void)state;
	assert_int_equal(matrix_shell_quote("a-b_c.d/e:f=g,h", q, sizeof(q)),
			 0);
	assert_string_equal(q, "a-b_c.d/e:f=g,h");
	assert_int_equal(matrix_shell_quote("it's $HOME", q, sizeof(q)), 0);
	assert_string_equal(q, "'it'\\''s $HOME'");
	assert_int_equal(matrix_shell_quote("", q, sizeof(q)), 0);
	assert_string_equal(q, "''");
	assert_int_equal(matrix_shell_quote("a b", q, 6), 0);
	assert_int_equal(matrix_shell_quote("a b", q, 5), -1);
	assert_int_equal(matrix_shell_quote("abc", q, 3), -1);
}

static int hidden_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] == '.' && strcmp(de->d_name, ".") &&
		     strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void written_whole_and_never_over(void **state)
{
	static struct bench_options o;
	struct sweep_point pts[8];
	size_t n = matrix_options(&o, pts, 8);
	char path[512], line[4096], want[4096], err[1024];
	json_error_t jerr;
	json_t *m;
	FILE *f;
	int lines = 0;

	(void)state;
	assert_int_equal(matrix_write(&o, "/", pts, n, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/matrix-m/jobs.txt", out);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (++lines == 3) {
			snprintf(path, sizeof(path), "%s/matrix-m", out);
			assert_int_equal(matrix_command(&o, path, pts, n, 3,
							want, sizeof(want)),
					 0);
			strcat(want, "\n");
			assert_string_equal(line, want);
		}
	fclose(f);
	assert_int_equal(lines, 24);
	snprintf(path, sizeof(path), "%s/matrix-m/matrix.json", out);
	m = json_load_file(path, 0, &jerr);
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "cells")), 24);
	assert_int_equal(json_array_size(json_object_get(m, "list")), 24);
	assert_string_equal(
		json_string_value(json_object_get(
			json_array_get(json_object_get(m, "list"), 2),
			"params")),
		"virtio_balloon.hint_batch=32");
	assert_non_null(strstr(
		json_string_value(json_object_get(m, "command")),
		"--matrix m --variant none,batched --workload idle,pagefault"));
	json_decref(m);

	/* a second matrix of that name: an error, the first left as it was */
	assert_int_equal(matrix_write(&o, "/", pts, n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "matrix-m exists, left as it was"));
	assert_int_equal(hidden_entries(out), 0);
	snprintf(path, sizeof(path), "%s/matrix-m/jobs.txt", out);
	assert_int_equal(access(path, R_OK), 0);
}

/* The cells run from the lockhold tree: a relative --out from elsewhere */
static void relative_out_only_from_the_tree(void **state)
{
	static struct bench_options o;
	char *argv[] = { "bench", "--matrix", "r", "--variant", "none", NULL };
	struct sweep_point pts[1] = { { 0 } };
	char err[1024];

	(void)state;
	assert_int_equal(options_parse(5, argv, &o, err, sizeof(err)), 0);
	assert_int_equal(matrix_write(&o, "/", pts, 1, err, sizeof(err)), -1);
	assert_string_equal(
		err,
		"invalid --out 'reports' with --matrix from outside the lockhold tree /, where the cells run (accepted: an absolute --out, or bench run from /)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cells_in_sweep_order),
		cmocka_unit_test(commands_are_self_contained),
		cmocka_unit_test(shell_quoting),
		cmocka_unit_test(written_whole_and_never_over),
		cmocka_unit_test(relative_out_only_from_the_tree),
	};

	return cmocka_run_group_tests_name("matrix", tests, setup, teardown);
}
