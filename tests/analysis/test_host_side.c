// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a run, from the host sampler's files: a recorded run
 * (tests/fixtures/host), checked against figures worked out from its TSV
 * by hand, and small made-up ones for the edges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sys/wait.h>

#include "analysis/figures.h"
#include "analysis/host_side.h"
#include "test_support.h"

#define FIXTURE "tests/fixtures/host/mainline-report-idle-1024M"

static void near(double got, double want, double tolerance, const char *what)
{
	if (fabs(got - want) > tolerance)
		fail_msg("%s: %.6f, not %.6f", what, got, want);
}

static json_t *fixture_host(void)
{
	struct host_samples_read h;
	json_t *sampling = json_pack("{s:i, s:f}", "period_ms", 100,
				     "sampler_cpu_ms", 88.475);
	char err[512];
	json_t *host;

	assert_int_equal(host_samples_load(FIXTURE, &h, err, sizeof(err)), 0);
	host = host_side(&h, sampling);
	assert_non_null(host);
	host_samples_free(&h);
	json_decref(sampling);
	return host;
}

/*
 * mainline-report, 1 GiB, idle, migrated 2 s into the workload. The
 * source's RssAnon: 998700 KiB at its peak (8.979 s, the prefill's end),
 * 482844 KiB at the end: 503.77 MiB given back, down by 90 % of it
 * (to 534924 KiB or less) first at 11.680 s, 2.701 s after the peak.
 * The destination's first sample after the switch-over (11.780 s):
 * 440780 KiB at 11.879 s.
 */
static void given_back_by_the_recorded_run(void **state)
{
	json_t *host = fixture_host();

	(void)state;
	near(json_num_at(host, "roles.source.rss_peak_mib"), 998700 / 1024.0,
	     1e-6, "source peak");
	near(json_num_at(host, "roles.source.given_back_mib"),
	     (998700 - 482844) / 1024.0, 1e-6, "source given back");
	near(json_num_at(host, "roles.source.given_back_90pct_s"), 2.701, 1e-6,
	     "source, peak to 90 %");
	near(json_num_at(host, "roles.destination.rss_after_switchover_mib"),
	     440780 / 1024.0, 1e-6, "destination after the switch-over");
	assert_null(json_at(host, "roles.source.rss_after_switchover_mib"));
	json_decref(host);
}

/*
 * The migration thread (mig/src/main) ran from 10.980 s to 11.680 s,
 * inside the migration (10.948-11.780 s): its 230 ms are the window's,
 * 27.6 % of one CPU over 0.832 s. The source's first thread, unnamed, is
 * call_rcu (10 ms); its own threads' cpu_ms sum to its classes'.
 */
static void cpu_by_class_in_the_migration(void **state)
{
	json_t *host = fixture_host(), *t;
	double sum = 0;
	size_t i;

	(void)state;
	near(json_num_at(host, "cpu.migration.migration.ms"), 230, 1e-9,
	     "migration threads in the migration");
	near(json_num_at(host, "cpu.migration.migration.pct"),
	     230 / (0.832 * 10), 1e-6, "as % of one CPU");
	near(json_num_at(host, "roles.source.cpu_ms.rcu"), 10, 1e-9,
	     "call_rcu, unnamed");
	json_array_foreach(json_at(host, "roles.source.threads"), i, t)
		sum += json_number_value(json_object_get(t, "cpu_ms"));
	near(json_num_at(host, "roles.source.cpu_ms.vcpu") +
		     json_num_at(host, "roles.source.cpu_ms.main") +
		     json_num_at(host, "roles.source.cpu_ms.migration") +
		     json_num_at(host, "roles.source.cpu_ms.io") +
		     json_num_at(host, "roles.source.cpu_ms.rcu") +
		     json_num_at(host, "roles.source.cpu_ms.other"),
	     sum, 1e-9, "classes against threads");
	json_decref(host);
}

/* The figures the report compares are the host part's, by name. */
static void figures_of_the_host_side(void **state)
{
	json_t *metrics = json_pack("{s:o}", "host", fixture_host());
	json_t *figures = figures_from_metrics(metrics, false);

	(void)state;
	near(json_num_at(figures, "host_src_given_back_mib"),
	     (998700 - 482844) / 1024.0, 1e-6, "host_src_given_back_mib");
	near(json_num_at(figures, "host_cpu_in_migration_migration_ms"), 230,
	     1e-9, "host_cpu_in_migration_migration_ms");
	near(json_num_at(figures, "host_dst_rss_after_switchover_mib"),
	     440780 / 1024.0, 1e-6, "host_dst_rss_after_switchover_mib");
	json_decref(figures);
	json_decref(metrics);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/*
 * Made up: a source that gave back 1 MiB of 100 (no times); a
 * destination down from 100 MiB at 0 s by 10, 30, 50, 70, 85, 95 and 100
 * MiB a second later each (half at 3 s, 90 % at 6 s), 70 MiB at its first
 * sample after the switch-over (1.5 s); a thread at 0, 100 and 200 ms at
 * 0, 1 and 2 s, inside a migration from 0.5 to 1.5 s: 100 ms,
 * interpolated between the samples around each edge.
 */
static void small_give_back_and_interpolated_window(void **state)
{
	char dir[64], err[512];
	struct host_samples_read h;
	json_t *host;

	(void)state;
	assert_int_equal(scratch_dir_make(dir, sizeof(dir),
					  "/tmp/lockhold-test-host.XXXXXX"),
			 0);
	write_file(dir, "host-rss.tsv",
		   "# t_s\trole\tpid\trss_kib\tanon_kib\tfile_shmem_kib\n"
		   "# source pid 1\n"
		   "0.000\tsource\t1\t110000\t102400\t7600\n"
		   "1.000\tsource\t1\t109000\t101376\t7624\n"
		   "\n\n# destination pid 3\n"
		   "0.000\tdestination\t3\t0\t102400\t0\n"
		   "1.000\tdestination\t3\t0\t92160\t0\n"
		   "2.000\tdestination\t3\t0\t71680\t0\n"
		   "3.000\tdestination\t3\t0\t51200\t0\n"
		   "4.000\tdestination\t3\t0\t30720\t0\n"
		   "5.000\tdestination\t3\t0\t15360\t0\n"
		   "6.000\tdestination\t3\t0\t5120\t0\n"
		   "7.000\tdestination\t3\t0\t0\t0\n");
	write_file(dir, "host-threads.tsv",
		   "# t_s\trole\tpid\ttid\tclass\tcpu_ms\tname\n"
		   "0.000\tsource\t1\t2\tvcpu\t0\tCPU 0/TCG\n"
		   "1.000\tsource\t1\t2\tvcpu\t100\tCPU 0/TCG\n"
		   "2.000\tsource\t1\t2\tvcpu\t200\tCPU 0/TCG\n");
	write_file(dir, "host-marks.tsv",
		   "0.500\tmigration_start\n1.500\tmigration_end\n");
	assert_int_equal(host_samples_load(dir, &h, err, sizeof(err)), 0);
	host = host_side(&h, NULL);
	near(json_num_at(host, "roles.source.given_back_mib"), 1, 1e-9,
	     "given back");
	assert_null(json_at(host, "roles.source.given_back_90pct_s"));
	assert_non_null(json_at(host, "roles.source.given_back_times"));
	near(json_num_at(host, "roles.destination.given_back_half_s"), 3, 1e-9,
	     "destination, peak to half");
	near(json_num_at(host, "roles.destination.given_back_90pct_s"), 6, 1e-9,
	     "destination, peak to 90 %");
	near(json_num_at(host, "roles.destination.rss_after_switchover_mib"),
	     70, 1e-9, "destination after the switch-over");
	near(json_num_at(host, "cpu.migration.vcpu.ms"), 100, 1e-9,
	     "vCPU in the migration");
	near(json_num_at(host, "cpu.migration.vcpu.pct"), 10, 1e-9,
	     "as % of one CPU");
	json_decref(host);
	host_samples_free(&h);

	/* a line that is not the sampler's: named with its file and line */
	write_file(dir, "host-marks.tsv",
		   "# t_s\tmark\nsoon\tmigration_start\n");
	assert_int_equal(host_samples_load(dir, &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "host-marks.tsv: line 2"));
	assert_int_equal(scratch_dir_remove(dir), 0);
	/* a run from before the sampler */
	assert_int_equal(host_samples_load(dir, &h, err, sizeof(err)), 1);
	assert_string_equal(err, "");
}

/*
 * A run of the recorded host files (the trace fixture's JSON beside them,
 * no trace): report.md compares the host figures and draws the panel of
 * RssAnon over time, a block for the source and one for the destination.
 */
static void figures_reach_the_report_and_the_panel(void **state)
{
	char dir[64], cmd[1024];
	int st;

	(void)state;
	assert_int_equal(scratch_dir_make(dir, sizeof(dir),
					  "/tmp/lockhold-test-host.XXXXXX"),
			 0);
	snprintf(cmd, sizeof(cmd),
		 "set -e; mkdir %s/run; cp " FIXTURE
		 "/*.tsv tests/fixtures/trace/cursor-pagefault-1024M/*.json "
		 "%s/run/; analysis/report.sh %s > %s/out.txt 2>&1",
		 dir, dir, dir, dir);
	st = system(cmd);
	/* 1: the run's trace is missing, the report written all the same */
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	snprintf(
		cmd, sizeof(cmd),
		"grep -q '^| host_src_given_back_mib: .* | MiB | 503.8 |$' %s/report/report.md && "
		"grep -q '^| migration | mig/src/main |$' %s/report/report.md && "
		"grep -q '(host_rss.png)' %s/report/report.md && "
		"test -s %s/report/host_rss.png && test -s %s/report/host_rss.svg && "
		"test $(grep -c '^$' %s/report/host_rss.dat) -eq 2",
		dir, dir, dir, dir, dir, dir);
	if (system(cmd))
		fail_msg("%s/report: no host figures or panel (%s)", dir, cmd);
	assert_int_equal(scratch_dir_remove(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(given_back_by_the_recorded_run),
		cmocka_unit_test(cpu_by_class_in_the_migration),
		cmocka_unit_test(figures_of_the_host_side),
		cmocka_unit_test(small_give_back_and_interpolated_window),
		cmocka_unit_test(figures_reach_the_report_and_the_panel),
	};

	return cmocka_run_group_tests_name("host_side", tests, NULL, NULL);
}
