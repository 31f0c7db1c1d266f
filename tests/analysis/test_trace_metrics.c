// SPDX-License-Identifier: GPL-2.0
/*
 * The trace reader and the run metrics on a trace.dat recorded from a real
 * guest run (tests/fixtures/trace), checked against trace-cmd's own text
 * output and the run's zone-locks.txt, read independently here; and the
 * bad traces: truncated or corrupted, each an error naming the file, with
 * the report still written; and a malformed zone-locks.txt.
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
#include <unistd.h>

#include "analysis/hint_metrics.h"
#include "analysis/run_files.h"
#include "analysis/trace_reader.h"
#include "analysis/zone_locks.h"
#include "test_support.h"

#define FIXTURE "tests/fixtures/trace/cursor-pagefault-1024M"
/* the fixture's zone-locks.txt, as its kernel printed it at boot */
#define FIXTURE_DMA32_LOCK 0xffffffff81b1aa60ULL
#define FIXTURE_LRU_LOCK 0xffffffff81b1b6b0ULL

#define MAX_HOLDERS 8

/* What trace-cmd report says, read by text, not by the analysis code. */
struct text_view {
	size_t kinds[TRACE_KINDS];
	double holds[4096]; /* hold_ns of hint_lock_hold */
	size_t nholds;
	size_t lru_waits, zone_lock_waits; /* contention_begin on each */
	size_t held_waits; /* zone_lock_hold and hint_lock_hold that waited */
	size_t lock_field_elsewhere; /* a lock= of no zone lock */
	struct {
		char name[32];
		size_t n;
	} holders[MAX_HOLDERS];
	int nholders;
	unsigned long long round_pages, round_free, round_blocks;
	/* rounds with a hint_lock_hold inside (one task, one zone here) */
	size_t rounds, rounds_with_hint_lock_hold;
	bool in_round, round_has_hint_lock_hold;
};

static struct text_view text;
static char tmp[64];

static int count_line(const char *line, const char *event)
{
	char pat[64];

	snprintf(pat, sizeof(pat), " %s: ", event);
	return strstr(line, pat) != NULL;
}

static void count_holder(const char *line)
{
	const char *s = strstr(line, "holder=");
	char name[32];
	int i;

	if (!s || sscanf(s, "holder=%31[a-z_]", name) != 1)
		fail_msg("zone_lock_hold without holder: %s", line);
	for (i = 0; i < text.nholders && strcmp(text.holders[i].name, name);
	     i++)
		;
	if (i == text.nholders) {
		assert_true(text.nholders < MAX_HOLDERS);
		snprintf(text.holders[i].name, sizeof(text.holders[i].name),
			 "%s", name);
		text.nholders++;
	}
	text.holders[i].n++;
}

static void read_text(void)
{
	FILE *p = popen("trace-cmd report -i " FIXTURE "/trace.dat 2>/dev/null",
			"r");
	char line[1024];

	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		const char *s;
		unsigned long long a, b, c;

		for (int k = 0; k < TRACE_KINDS; k++)
			text.kinds[k] += count_line(line, trace_kind_name(k));
		if (count_line(line, "hint_lock_hold") &&
		    (s = strstr(line, "hold_ns=")) &&
		    text.nholds < sizeof(text.holds) / sizeof(text.holds[0]))
			text.holds[text.nholds++] = strtod(s + 8, NULL);
		if (count_line(line, "zone_lock_hold"))
			count_holder(line);
		if ((count_line(line, "zone_lock_hold") ||
		     count_line(line, "hint_lock_hold")) &&
		    !strstr(line, " wait_ns=0 "))
			text.held_waits++;
		if (count_line(line, "hint_round_start")) {
			text.in_round = true;
			text.round_has_hint_lock_hold = false;
		}
		if (count_line(line, "hint_lock_hold") && text.in_round)
			text.round_has_hint_lock_hold = true;
		if (count_line(line, "hint_round_end") && text.in_round) {
			text.in_round = false;
			text.rounds++;
			text.rounds_with_hint_lock_hold +=
				text.round_has_hint_lock_hold;
		}
		if ((s = strstr(line, " lock=0x")) &&
		    strtoull(s + 6, NULL, 16) != FIXTURE_DMA32_LOCK)
			text.lock_field_elsewhere++;
		if ((s = strstr(line, "contention_begin: ")) &&
		    sscanf(s, "contention_begin: %llx", &a) == 1) {
			text.lru_waits += a == FIXTURE_LRU_LOCK;
			text.zone_lock_waits += a == FIXTURE_DMA32_LOCK;
		}
		if ((s = strstr(line, "hint_round_start: ")) &&
		    (s = strstr(s, "free_pages=")) &&
		    sscanf(s, "free_pages=%llu", &a) == 1)
			text.round_free += a;
		if ((s = strstr(line, "hint_round_end: ")) &&
		    (s = strstr(s, "pages=")) &&
		    sscanf(s, "pages=%llu unique_pages=%llu blocks=%llu", &a,
			   &b, &c) == 3) {
			text.round_pages += b;
			text.round_blocks += c;
		}
	}
	assert_int_equal(pclose(p), 0);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Hyndman and Fan's type 7, from the sorted values, written out. */
static double quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

static int setup(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/lockhold-test-trace.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	read_text();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	return system(cmd);
}

static int count_kinds(const struct trace_sample *s, void *ctx)
{
	((size_t *)ctx)[s->kind]++;
	return 0;
}

static void counts_match_trace_cmd(void **state)
{
	size_t seen[TRACE_KINDS] = { 0 };
	struct trace_read_stats st;
	char err[PATH_MAX + 256];

	(void)state;
	assert_int_equal(trace_read(FIXTURE "/trace.dat", count_kinds, seen,
				    &st, err, sizeof(err)),
			 0);
	/* the fixture's README, from trace-cmd report */
	assert_int_equal(text.kinds[TRACE_ROUND_START], 3);
	assert_int_equal(text.kinds[TRACE_ROUND_END], 3);
	assert_int_equal(text.kinds[TRACE_LOCK_HOLD], 617);
	assert_int_equal(text.kinds[TRACE_BLOCK], 597);
	assert_int_equal(text.kinds[TRACE_CONTENTION_BEGIN], 72);
	assert_int_equal(text.kinds[TRACE_CONTENTION_END], 72);
	assert_int_equal(text.kinds[TRACE_ZONE_LOCK_HOLD], 1066);
	for (int k = 0; k < TRACE_KINDS; k++) {
		assert_int_equal(seen[k], text.kinds[k]);
		assert_int_equal(st.samples[k], text.kinds[k]);
	}
	assert_true(st.present[TRACE_LOCK_HOLD]);
	assert_true(st.present[TRACE_ZONE_LOCK_HOLD]);
	assert_false(st.present[TRACE_ZONE_LOCKED]); /* opt-in, not recorded */
	assert_int_equal(st.missed_events, 0);
	assert_int_equal(st.missed_unknown, 0);
}

/* zone-locks.txt, read here by sscanf, not by analysis/zone_locks.c */
static void fixture_boot_record(void)
{
	FILE *f = fopen(FIXTURE "/zone-locks.txt", "r");
	char line[256], zone[32];
	unsigned long long a;
	int nid, zones = 0, lru = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "nid=%d zone=%31s lock=%llx", &nid, zone,
			   &a) == 3) {
			assert_string_equal(zone, "DMA32");
			assert_true(a == FIXTURE_DMA32_LOCK);
			zones++;
		} else if (sscanf(line, "nid=%d lru_lock=%llx", &nid, &a) ==
			   2) {
			assert_true(a == FIXTURE_LRU_LOCK);
			lru++;
		} else {
			fail_msg("zone-locks.txt: %s", line);
		}
	}
	fclose(f);
	/* a 1 GiB guest: one zone, one node */
	assert_int_equal(zones, 1);
	assert_int_equal(lru, 1);
}

static json_t *fixture_metrics(struct hint_metrics *m)
{
	struct trace_read_stats st;
	struct zone_lock_boot b;
	char err[PATH_MAX + 256];

	hint_metrics_init(m);
	assert_int_equal(zone_locks_load(FIXTURE, &b, err, sizeof(err)), 0);
	hint_metrics_boot_record(m, &b, 0, NULL);
	assert_int_equal(trace_read(FIXTURE "/trace.dat", hint_metrics_add, m,
				    &st, err, sizeof(err)),
			 0);
	return hint_metrics_to_json(m);
}

static void metrics_match_independent_reading(void **state)
{
	struct hint_metrics m;
	double sorted[4096], total = 0;
	size_t n = text.nholds;
	json_t *j;

	(void)state;
	j = fixture_metrics(&m);

	memcpy(sorted, text.holds, n * sizeof(double));
	qsort(sorted, n, sizeof(double), by_value);
	for (size_t i = 0; i < n; i++)
		total += sorted[i];
	assert_int_equal(n, 617);
	assert_int_equal(json_num_at(j, "hint_lock_hold.all.count"), n);
	assert_true(json_num_at(j, "hint_lock_hold.all.total_ns") == total);
	assert_true(json_num_at(j, "hint_lock_hold.all.max_ns") ==
		    sorted[n - 1]);
	assert_true(fabs(json_num_at(j, "hint_lock_hold.all.p50_ns") -
			 quantile(sorted, n, 0.50)) < 1e-6);
	assert_true(fabs(json_num_at(j, "hint_lock_hold.all.p99_ns") -
			 quantile(sorted, n, 0.99)) < 1e-6);
	/* 617 holds: a p99.9 would be one of the two largest */
	assert_null(json_at(j, "hint_lock_hold.all.p999_ns"));
	assert_string_equal(json_string_value(json_at(
				    j, "hint_lock_hold.all.p999_ns_note")),
			    "n too small (n=617)");
	/* every hold of this run was in DMA32 */
	assert_int_equal(json_num_at(j, "hint_lock_hold.zones.DMA32.count"), n);

	/* the holder table: each zone_lock_hold holder, and hinting */
	assert_int_equal(text.nholders, 2);
	for (int i = 0; i < text.nholders; i++) {
		char path[96];

		snprintf(path, sizeof(path), "zone_lock_holders.%s.count",
			 text.holders[i].name);
		assert_int_equal(json_num_at(j, path), text.holders[i].n);
	}
	assert_int_equal(json_num_at(j, "zone_lock_holders.hinting.count"), n);
	assert_int_equal(json_object_size(json_at(j, "zone_lock_holders")),
			 text.nholders + 1);

	json_t *r = json_object_get(j, "rounds");

	assert_int_equal(json_integer_value(json_object_get(r, "rounds")), 3);
	assert_int_equal(json_integer_value(json_object_get(r, "unique_pages")),
			 text.round_pages);
	assert_int_equal(json_integer_value(json_object_get(r, "blocks")),
			 text.round_blocks);
	assert_true(fabs(json_number_value(json_object_get(r, "coverage")) -
			 (double)text.round_pages / (double)text.round_free) <
		    1e-12);
	assert_int_equal(json_num_at(j, "rounds.per_round.count"), 3);
	assert_int_equal(json_num_at(j, "rounds.per_round.holds.total"), n);

	/* a cursor run: every round has hint_lock_holds, none is decided
	 * hinting by allocation, whatever the run's variant is called */
	assert_int_equal(text.rounds, 3);
	assert_int_equal(text.rounds_with_hint_lock_hold, 3);
	assert_int_equal(json_num_at(j, "rounds.rounds_with_hint_lock_hold"),
			 text.rounds_with_hint_lock_hold);
	assert_int_equal(json_num_at(j, "rounds.rounds_hinting_by_allocation"),
			 text.rounds - text.rounds_with_hint_lock_hold);
	assert_string_equal(
		json_string_value(json_at(j, "hint_lock_hold.source")),
		"hint_lock_hold events");
	json_decref(j);
	hint_metrics_free(&m);
}

/*
 * The zone lock is the boot record's address, named again by every
 * zone_lock_hold and hint_lock_hold; the contended static spinlock of
 * this run is the LRU lock, whose waits are no zone lock's.
 */
static void zone_locks_are_the_kernels(void **state)
{
	struct hint_metrics m;
	json_t *j, *locks, *other, *o;
	size_t i;
	bool lru_seen = false;

	(void)state;
	fixture_boot_record();
	j = fixture_metrics(&m);

	locks = json_at(j, "zone_locks.locks");
	assert_int_equal(json_array_size(locks), 1);
	assert_string_equal(
		json_string_value(json_at(json_array_get(locks, 0), "addr")),
		"0xffffffff81b1aa60");
	assert_string_equal(
		json_string_value(json_at(json_array_get(locks, 0), "zone")),
		"DMA32");
	assert_int_equal(
		json_array_size(json_at(json_array_get(locks, 0), "evidence")),
		3);
	/* no event names a lock the boot record does not */
	assert_int_equal(text.lock_field_elsewhere, 0);
	assert_int_equal(json_array_size(json_at(j, "zone_locks.conflicts")),
			 0);
	o = json_array_get(json_at(j, "zone_locks.lru_locks"), 0);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "addr")),
			    "0xffffffff81b1b6b0");

	/*
	 * The zone lock's waits are the holds that say they waited: 15, of
	 * which lock:contention_begin saw none (at 2 CPUs a waiter spins on
	 * the pending bit and never queues). The LRU lock's 5 are no zone
	 * lock's.
	 */
	assert_int_equal(text.held_waits, 15);
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count") +
			json_num_at(j, "zone_lock_contention.hint_path.count"),
		text.held_waits);
	assert_int_equal(text.zone_lock_waits, 0);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.lock_contention_events_on_zone_locks"),
		text.zone_lock_waits);
	assert_int_equal(text.lru_waits, 5);
	other = json_at(j, "zone_lock_contention.other_locks");
	json_array_foreach(other, i, o)
	{
		if (strcmp(json_string_value(json_object_get(o, "addr")),
			   "0xffffffff81b1b6b0"))
			continue;
		lru_seen = true;
		assert_string_equal(
			json_string_value(json_object_get(o, "name")),
			"LRU lock of node 0");
		assert_int_equal(json_num_at(o, "count"), text.lru_waits);
	}
	assert_true(lru_seen);
	json_decref(j);
	hint_metrics_free(&m);
}

/* Copy the fixture run to tmp/name, its trace.dat cut or damaged. */
static void bad_copy(const char *name, const char *how)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "set -e; d=%s/%s; mkdir -p $d; "
		 "cp " FIXTURE "/*.json " FIXTURE "/zone-locks.txt $d/; %s",
		 tmp, name, how);
	assert_int_equal(system(cmd), 0);
}

static void truncated_trace_is_an_error_naming_it(void **state)
{
	char path[PATH_MAX], err[PATH_MAX + 256];
	struct trace_read_stats st;
	struct hint_metrics m;

	(void)state;
	bad_copy("truncated",
		 "head -c 150000 " FIXTURE "/trace.dat > $d/trace.dat");
	snprintf(path, sizeof(path), "%s/truncated/trace.dat", tmp);
	hint_metrics_init(&m);
	assert_int_equal(trace_read(path, hint_metrics_add, &m, &st, err,
				    sizeof(err)),
			 -1);
	assert_non_null(strstr(err, path));
	hint_metrics_free(&m);
}

static int run_status(const char *cmd)
{
	int st = system(cmd);

	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/*
 * A run with a truncated trace and one with garbage in the middle of its
 * trace, next to a good run: the report is written, both bad runs marked,
 * and it exits 1; each metrics.json keeps the migration figures.
 */
static void bad_traces_are_marked_and_the_report_written(void **state)
{
	char cmd[1024], err[256];
	json_t *mj, *t;

	(void)state;
	bad_copy("good", "cp " FIXTURE "/trace.dat $d/");
	bad_copy("cut", "head -c 200000 " FIXTURE "/trace.dat > $d/trace.dat");
	bad_copy(
		"garbage",
		"cp " FIXTURE "/trace.dat $d/; "
		"head -c 4096 /dev/zero | tr '\\0' '\\377' | "
		"dd of=$d/trace.dat bs=1 seek=120000 conv=notrunc status=none");
	snprintf(cmd, sizeof(cmd),
		 "analysis/report.sh %s > %s/out.txt 2> %s/err.txt", tmp, tmp,
		 tmp);
	assert_int_equal(run_status(cmd), 1);

	snprintf(cmd, sizeof(cmd),
		 "grep -q 'error: %s/cut/trace.dat: ' %s/err.txt && "
		 "grep -q '%s/garbage/trace.dat' %s/err.txt",
		 tmp, tmp, tmp, tmp);
	assert_int_equal(run_status(cmd), 0);
	snprintf(cmd, sizeof(cmd),
		 "grep -q '| cut | .*unusable' %s/report/report.md && "
		 "grep -q '| garbage | .*unusable' %s/report/report.md && "
		 "grep -q '| good | .* ok |$' %s/report/report.md && "
		 "test -s %s/report/hold_cdf.png",
		 tmp, tmp, tmp, tmp);
	assert_int_equal(run_status(cmd), 0);

	snprintf(cmd, sizeof(cmd), "%s/garbage", tmp);
	mj = run_file_load(cmd, "metrics.json", err, sizeof(err));
	assert_non_null(mj);
	t = json_object_get(mj, "trace");
	assert_true(json_is_false(json_object_get(t, "usable")));
	assert_non_null(json_object_get(json_object_get(mj, "figures"),
					"migration_total_ms"));
	assert_null(
		json_object_get(json_object_get(mj, "figures"), "hold_count"));
	json_decref(mj);
}

/*
 * A malformed zone-locks.txt: a one-line error naming the file, line and
 * value; metrics.json still written, its zone locks from the events only,
 * exit 1. Without the file at all (an old run): no error.
 */
static void malformed_boot_record_is_an_error_naming_it(void **state)
{
	char cmd[2048], err[256], dir[PATH_MAX];
	json_t *mj;

	(void)state;
	bad_copy("badlocks",
		 "cp " FIXTURE "/trace.dat $d/; "
		 "echo 'nid=0 zone=DMA32 lock=0xzz' >> $d/zone-locks.txt");
	snprintf(
		cmd, sizeof(cmd),
		"build/analysis/lockhold-metrics --quiet %s/badlocks 2> %s/badlocks.err",
		tmp, tmp);
	assert_int_equal(run_status(cmd), 1);
	snprintf(
		cmd, sizeof(cmd),
		"test $(wc -l < %s/badlocks.err) -eq 1 && "
		"grep -q '^error: %s/badlocks/zone-locks.txt: line 3: bad value lock=0xzz' %s/badlocks.err",
		tmp, tmp, tmp);
	assert_int_equal(run_status(cmd), 0);
	snprintf(dir, sizeof(dir), "%s/badlocks", tmp);
	mj = run_file_load(dir, "metrics.json", err, sizeof(err));
	assert_non_null(mj);
	assert_non_null(
		json_string_value(json_at(mj, "zone_locks.boot_record.error")));
	assert_int_equal(json_array_size(json_at(mj, "zone_locks.sources")), 2);
	assert_int_equal(json_array_size(json_at(mj, "problems")), 1);
	json_decref(mj);

	bad_copy("nolocks",
		 "cp " FIXTURE "/trace.dat $d/; rm $d/zone-locks.txt");
	snprintf(cmd, sizeof(cmd),
		 "build/analysis/lockhold-metrics --quiet %s/nolocks", tmp);
	assert_int_equal(run_status(cmd), 0);
	snprintf(dir, sizeof(dir), "%s/nolocks", tmp);
	mj = run_file_load(dir, "metrics.json", err, sizeof(err));
	assert_non_null(mj);
	assert_false(json_is_true(json_at(mj, "zone_locks.boot_record.used")));
	/* the events still name the zone lock; the LRU lock is unnamed */
	assert_int_equal(json_array_size(json_at(mj, "zone_locks.locks")), 1);
	assert_int_equal(json_array_size(json_at(mj, "problems")), 0);
	json_decref(mj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_match_trace_cmd),
		cmocka_unit_test(metrics_match_independent_reading),
		cmocka_unit_test(zone_locks_are_the_kernels),
		cmocka_unit_test(malformed_boot_record_is_an_error_naming_it),
		cmocka_unit_test(truncated_trace_is_an_error_naming_it),
		cmocka_unit_test(bad_traces_are_marked_and_the_report_written),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
