// SPDX-License-Identifier: GPL-2.0
/*
 * The host as a factor of the comparison: runs of two hosts' results
 * directories, as two hosts' matrices leave them, merged. Each host's runs
 * of a variant are a group of their own, compared with the baseline of
 * the same host, and the report shows how far the hosts' means lie apart.
 * The fixture plants the figures: ops/s of none 100 and 110 on alpha, 90
 * and 96 on beta; of mainline-report 80 and 84, 70 and 74; restarts on
 * alpha only; and a failed run on beta.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "analysis/groups.h"
#include "analysis/host_factor.h"
#include "analysis/report_csv.h"
#include "analysis/report_md.h"
#include "test_support.h"

#define RUNS 9

static char tmp[64];

static const struct {
	const char *host, *variant, *status;
	int cell, rep;
	double ops, restarts;
} planted[RUNS] = {
	{ "alpha", "none", "ok", 1, 1, 100, 30 },
	{ "alpha", "mainline-report", "ok", 2, 1, 80, 20 },
	{ "alpha", "none", "ok", 3, 2, 110, 34 },
	{ "alpha", "mainline-report", "ok", 4, 2, 84, 22 },
	{ "beta", "none", "ok", 1, 1, 90, -1 },
	{ "beta", "mainline-report", "ok", 2, 1, 70, -1 },
	{ "beta", "none", "ok", 3, 2, 96, -1 },
	{ "beta", "mainline-report", "ok", 4, 2, 74, -1 },
	{ "beta", "none", "failed", 5, 1, -1, -1 },
};

static void near(double got, double want, double eps, const char *what)
{
	if (fabs(got - want) > eps)
		fail_msg("%s: %g, not %g", what, got, want);
}

static void run_path(int i, char *dir, size_t len)
{
	snprintf(dir, len,
		 "%s/%s/cell-%d/20261202-00000%d-%s-idle-512M-run%d%s", tmp,
		 planted[i].host, planted[i].cell, planted[i].cell,
		 planted[i].variant, planted[i].rep,
		 strcmp(planted[i].status, "ok") ? ".failed" : "");
}

/* meta.json, then metrics.json, as a matrix cell and lockhold-metrics
 * leave them: the metrics newer, so that the report keeps them */
static int setup(void **state)
{
	(void)state;
	if (scratch_dir_make(tmp, sizeof(tmp),
			     "/tmp/lockhold-test-hosts.XXXXXX"))
		return -1;
	for (int i = 0; i < RUNS; i++) {
		char dir[PATH_MAX], cmd[PATH_MAX + 16], path[PATH_MAX + 32];
		json_t *meta = json_pack(
			"{s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:i, s:i, s:s, s:s, s:s, s:{s:s, s:i}}",
			"variant", planted[i].variant, "workload", "idle",
			"status", planted[i].status, "mem_mib", 512, "vcpus", 2,
			"duration_s", 3, "host", planted[i].host, "host_cpus",
			2, "host_mem_mib", 24000, "host_kernel", "6.1.0-test",
			"qemu_version", "10.0.2", "accel", "tcg", "matrix",
			"name", planted[i].host, "cell", planted[i].cell);
		json_t *figures = json_object(), *metrics;

		run_path(i, dir, sizeof(dir));
		snprintf(cmd, sizeof(cmd), "mkdir -p %s", dir);
		if (system(cmd))
			return -1;
		if (planted[i].ops >= 0)
			json_object_set_new(figures, "ops_per_s",
					    json_real(planted[i].ops));
		/* one round on every host, no duplicate anywhere */
		if (planted[i].ops >= 0) {
			json_object_set_new(figures, "rounds", json_real(1));
			json_object_set_new(figures, "duplicates",
					    json_real(0));
		}
		if (planted[i].restarts >= 0)
			json_object_set_new(figures, "restarts",
					    json_real(planted[i].restarts));
		metrics = json_pack("{s:s, s:O, s:o, s:{s:b}}", "run",
				    strrchr(dir, '/') + 1, "meta", meta,
				    "figures", figures, "trace", "usable", 1);
		snprintf(path, sizeof(path), "%s/meta.json", dir);
		if (json_dump_file(meta, path, 0))
			return -1;
		snprintf(path, sizeof(path), "%s/metrics.json", dir);
		if (json_dump_file(metrics, path, 0))
			return -1;
		json_decref(meta);
		json_decref(metrics);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return scratch_dir_remove(tmp);
}

static void load(struct run *runs, size_t n, const char *only_host)
{
	char dir[PATH_MAX], err[PATH_MAX + 256];
	size_t k = 0;

	for (int i = 0; i < RUNS && k < n; i++) {
		if (only_host && strcmp(planted[i].host, only_host))
			continue;
		run_path(i, dir, sizeof(dir));
		if (run_load(&runs[k++], dir, err, sizeof(err)))
			fail_msg("%s", err);
	}
}

static const struct group *find(const struct comparison *c, const char *variant,
				const char *host)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (!strcmp(c->groups[i].variant, variant) &&
		    !strcmp(c->groups[i].host, host))
			return &c->groups[i];
	fail_msg("no group %s on %s", variant, host);
	return NULL;
}

/* The figure name of spread entry s, or NULL */
static json_t *spread_figure(json_t *s, const char *name)
{
	json_t *f;
	size_t i;

	json_array_foreach(
		json_object_get(s, "figures"), i,
		f) if (!strcmp(json_string_value(json_object_get(f, "name")),
			       name)) return f;
	return NULL;
}

static void groups_by_host_and_spread(void **state)
{
	struct run runs[RUNS];
	struct comparison c;
	const struct group *g;
	json_t *hf, *s, *f;

	(void)state;
	load(runs, RUNS, NULL);
	assert_int_equal(comparison_build(&c, runs, RUNS, "none"), 0);
	assert_true(c.by_host);
	/* not 2 groups of 4 runs: 4 of 2, the failed run in none */
	assert_int_equal(c.ngroups, 4);
	for (size_t i = 0; i < c.ngroups; i++)
		assert_int_equal(c.groups[i].n, 2);
	g = find(&c, "mainline-report", "beta");
	assert_string_equal(g->context_key,
			    "idle vcpus=2 duration=3s mem=512M host=beta");
	assert_string_equal(g->context_any_host,
			    "idle vcpus=2 duration=3s mem=512M");
	assert_string_equal(g->size_free_key,
			    "idle vcpus=2 duration=3s host=beta");
	/* compared with the baseline of its own host */
	assert_ptr_equal(g->baseline, find(&c, "none", "beta"));
	near(group_summary(g, "ops_per_s").mean, 72, 1e-9, "beta's mean");

	hf = host_factor(&c);
	assert_int_equal(json_array_size(json_object_get(hf, "hosts")), 2);
	assert_string_equal(
		json_string_value(
			json_at(json_array_get(json_object_get(hf, "hosts"), 1),
				"host")),
		"beta");
	s = json_array_get(json_object_get(hf, "hosts"), 1);
	assert_int_equal(json_num_at(s, "runs"), 5);
	assert_int_equal(json_num_at(s, "completed"), 4);
	assert_int_equal(json_num_at(s, "failed"), 1);
	assert_int_equal(json_array_size(json_object_get(s, "matrix_cells")),
			 5);

	assert_int_equal(json_array_size(json_object_get(hf, "spread")), 2);
	s = json_array_get(json_object_get(hf, "spread"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "variant")),
			    "none");
	f = spread_figure(s, "ops_per_s");
	assert_non_null(f);
	near(json_num_at(f, "mean"), 99, 1e-9, "mean of the hosts' means");
	near(json_num_at(f, "min"), 93, 1e-9, "lowest host mean");
	near(json_num_at(f, "max"), 105, 1e-9, "highest host mean");
	near(json_num_at(f, "spread_pct"), 100.0 * 12 / 99, 1e-9, "spread");
	assert_string_equal(json_string_value(json_object_get(f, "lowest")),
			    "beta");
	/* Welch: t = 12 / sqrt(50/2 + 18/2), df = 1156/706: p about 0.16 */
	assert_true(json_num_at(f, "welch_p") > 0.05 &&
		    json_num_at(f, "welch_p") < 0.5);
	/* restarts are alpha's alone: no spread to show */
	assert_null(spread_figure(s, "restarts"));
	/* the same on both hosts: no spread, no host lowest */
	f = spread_figure(s, "rounds");
	near(json_num_at(f, "spread_pct"), 0, 0, "equal means");
	assert_null(json_object_get(f, "lowest"));
	assert_null(json_object_get(f, "welch_p"));

	s = json_array_get(json_object_get(hf, "spread"), 1);
	f = spread_figure(s, "ops_per_s");
	near(json_num_at(json_array_get(json_object_get(f, "by_host"), 0),
			 "change_pct"),
	     100.0 * (82 - 105) / 105, 1e-9, "alpha's change");
	near(json_num_at(json_array_get(json_object_get(f, "by_host"), 1),
			 "change_pct"),
	     100.0 * (72 - 93) / 93, 1e-9, "beta's change");
	json_decref(hf);
	comparison_free(&c);
	for (int i = 0; i < RUNS; i++)
		run_free(&runs[i]);
}

/* One host's runs: pooled as before, no host in the keys, no section */
static void one_host_pools_as_before(void **state)
{
	struct run runs[4];
	struct comparison c;
	bool drawn[PLOTS] = { false };
	struct report_input in = { .c = &c, .runs_dir = "t", .drawn = drawn };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	load(runs, 4, "alpha");
	assert_int_equal(comparison_build(&c, runs, 4, "none"), 0);
	assert_false(c.by_host);
	assert_int_equal(c.ngroups, 2);
	assert_string_equal(c.groups[0].context_key,
			    "idle vcpus=2 duration=3s mem=512M");
	f = open_memstream(&text, &len);
	assert_int_equal(report_md_write(f, &in), 0);
	fclose(f);
	assert_null(strstr(text, "## Hosts"));
	assert_non_null(strstr(text, "| host | alpha |\n"));
	free(text);
	comparison_free(&c);
	for (int i = 0; i < 4; i++)
		run_free(&runs[i]);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* report.sh merges the two hosts' directories into a report of its own */
static void merged_report_names_hosts_and_spread(void **state)
{
	(void)state;
	/* two directories and nowhere to put their report */
	assert_int_equal(sh("analysis/report.sh %s/alpha %s/beta 2>%s/err.txt",
			    tmp, tmp, tmp),
			 2);
	assert_int_equal(
		sh("grep -qx 'error: 2 directories of runs and no --out (accepted: --out DIR, where the merged report goes, DIR/report)' %s/err.txt",
		   tmp),
		0);
	if (sh("analysis/report.sh --out %s/merged %s/alpha %s/beta "
	       ">%s/out.txt 2>&1",
	       tmp, tmp, tmp, tmp)) {
		sh("cat %s/out.txt", tmp);
		fail_msg("report.sh failed on the merged directories");
	}
	/* 9 runs once each, whatever the overlap of the directories */
	assert_int_equal(
		sh("grep -q 'report on 9 run(s) under %s/alpha, %s/beta' %s/out.txt",
		   tmp, tmp, tmp),
		0);
	assert_int_equal(
		sh("test ! -e %s/alpha/report && test ! -e %s/beta/report", tmp,
		   tmp),
		0);
#define MD "%s/merged/report/report.md"
	assert_int_equal(sh("grep -qxF '| host | alpha, beta |' " MD, tmp), 0);
	assert_int_equal(sh("grep -qxF '## Hosts' " MD, tmp), 0);
	assert_int_equal(
		sh("grep -qxF '| beta | 5 | 4 | 1 | beta:1, beta:2, beta:3, beta:4, beta:5 | 2 | 24000 MiB | 6.1.0-test | 10.0.2 | tcg |' " MD,
		   tmp),
		0);
	assert_int_equal(
		sh("grep -qE '^\\| ops_per_s: .* \\| ops/s \\| 105 ±7.1 \\(n=2\\) \\| 93 ±4.2 \\(n=2\\) \\| 12.1 %% \\| beta < alpha \\|$' " MD,
		   tmp),
		0);
	assert_int_equal(
		sh("grep -qE '^\\| ops_per_s: .* \\| ops/s \\| 82 ±2.8 \\(n=2\\) \\[-21.9 %%\\] \\| 72 ±2.8 \\(n=2\\) \\[-22.6 %%\\] \\| 13.0 %% \\| beta < alpha \\|$' " MD,
		   tmp),
		0);
	assert_int_equal(sh("sed -n '/^## Hosts/,/^Each cell/p' " MD
			    " > %s/hosts.md",
			    tmp, tmp),
			 0);
	assert_int_equal(
		sh("grep -qE '^\\| rounds: .* \\|  \\| 1 ±0 \\(n=2\\) \\| 1 ±0 \\(n=2\\) \\| 0.0 %% \\| equal \\|$' %s/hosts.md",
		   tmp),
		0);
	assert_int_equal(
		sh("! grep -q '| duplicates:' %s/hosts.md && "
		   "grep -qxF '1 more figure(s) nought on every host: in comparison.csv.' %s/hosts.md",
		   tmp, tmp),
		0);
	/* each host's context compared apart, the baseline of its own */
	assert_int_equal(
		sh("grep -qxF '## Comparison: idle vcpus=2 duration=3s mem=512M host=beta' " MD,
		   tmp),
		0);
	assert_int_equal(
		sh("grep -qF '\"none\",\"idle vcpus=2 duration=3s mem=512M\",512,ops_per_s_host_spread,ops/s,2,99,8.485281374,93,105,,,,0,,,,,' %s/merged/report/comparison.csv",
		   tmp),
		0);
	assert_int_equal(
		sh("grep -qF \"spread between the hosts' means 12.1 %%; furthest apart beta < alpha, p_value Welch's of the two; means: alpha 105 (n=2), beta 93 (n=2)\" %s/merged/report/comparison.csv",
		   tmp),
		0);
#undef MD
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(groups_by_host_and_spread),
		cmocka_unit_test(one_host_pools_as_before),
		cmocka_unit_test(merged_report_names_hosts_and_spread),
	};

	return cmocka_run_group_tests_name("host_factor", tests, setup,
					   teardown);
}
