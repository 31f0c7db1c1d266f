// SPDX-License-Identifier: GPL-2.0
/*
 * Work under the lock per variant: the hinting holds of the runs of a
 * group pooled (hint_work.holds of their metrics.json) and fitted once.
 * Each synthetic run here has fewer holds than a fit needs; together they
 * give the slopes planted in them, and count the inflated holds planted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/groups.h"
#include "analysis/hint_fit.h"
#include "analysis/report_csv.h"
#include "analysis/report_md.h"
#include "analysis/run_files.h"
#include "analysis/samples.h"
#include "analysis/work_fit_pooled.h"
#include "test_support.h"

#define RUNS 3
#define HOLDS_PER_RUN 9 /* < HINT_FIT_MIN_HOLDS */

/* The truth: 3 µs fixed, 200 ns per entry visited, 10 ns per page. */
#define T_INTERCEPT 3000.0
#define T_VISITED 200.0
#define T_PAGE 10.0

/* hint_work as lockhold-metrics writes it, with the holds listed */
static json_t *run_metrics(json_t *rows, json_int_t left_out,
			   double visited_max)
{
	json_t *holds = json_pack("{s:[s,s,s,s,s,s], s:o, s:I, s:b, s:I}",
				  "columns", "hold_ns", "visited",
				  "pages_scanned", "blocks", "skipped",
				  "put_back", "rows", rows, "count",
				  (json_int_t)json_array_size(rows) + left_out,
				  "capped", left_out > 0, "left_out", left_out);

	return json_pack("{s:{s:o, s:{s:f}}}", "hint_work", "holds", holds,
			 "visited", "max", visited_max);
}

static json_t *row(double ns, int visited, json_t *pages, int blocks)
{
	return json_pack("[f, i, o, i, i, i]", ns, visited, pages, blocks,
			 visited - 1, 0);
}

/* 3 runs of 9 holds, 2 of them inflated (a vCPU descheduled under it) */
static void planted_runs(json_t *m[RUNS], int *planted)
{
	*planted = 0;
	for (int r = 0; r < RUNS; r++) {
		json_t *rows = json_array();

		for (int i = 0; i < HOLDS_PER_RUN; i++) {
			int k = r * HOLDS_PER_RUN + i;
			int visited = 1 + (k * 5) % 17;
			int pages = 512 * ((k * 7) % 6);
			/* deterministic noise of +-30 ns */
			double ns = T_INTERCEPT + T_VISITED * visited +
				    T_PAGE * pages +
				    (double)((k * 13) % 61 - 30);

			if (k == 4 || k == 22) {
				ns += 120000;
				(*planted)++;
			}
			json_array_append_new(rows, row(ns, visited,
							json_integer(pages),
							pages / 512));
		}
		m[r] = run_metrics(rows, 0, 0);
	}
}

static void pooled_fit_recovers_slopes_and_inflated(void **state)
{
	json_t *m[RUNS], *j;
	int planted;

	(void)state;
	planted_runs(m, &planted);
	assert_int_equal(planted, 2);
	/* no run alone has a fit */
	for (int r = 0; r < RUNS; r++) {
		j = work_pooled(&m[r], 1);
		assert_int_equal(json_num_at(j, "holds"), HOLDS_PER_RUN);
		assert_false(json_is_true(json_at(j, "fit.fitted")));
		assert_non_null(
			strstr(json_string_value(json_at(j, "fit.reason")),
			       "too few holds (9, at least 10 needed)"));
		json_decref(j);
	}
	j = work_pooled(m, RUNS);
	assert_int_equal(json_num_at(j, "runs"), RUNS);
	assert_int_equal(json_num_at(j, "holds"), RUNS * HOLDS_PER_RUN);
	assert_int_equal(json_num_at(j, "runs_without_holds_list"), 0);
	assert_int_equal(json_num_at(j, "holds_left_out"), 0);
	assert_true(json_is_true(json_at(j, "fit.fitted")));
	assert_int_equal(json_num_at(j, "fit.n"), RUNS * HOLDS_PER_RUN);
	assert_true(fabs(json_num_at(j, "fit.ns_per_visited") - T_VISITED) < 5);
	assert_true(fabs(json_num_at(j, "fit.ns_per_page_scanned") - T_PAGE) <
		    0.1);
	assert_true(fabs(json_num_at(j, "fit.intercept_ns") - T_INTERCEPT) <
		    100);
	assert_int_equal(json_num_at(j, "fit.inflated"), planted);
	assert_true(fabs(json_num_at(j, "fit.inflated_share") -
			 planted / 27.0) < 1e-12);
	assert_true(json_num_at(j, "fit.r2") > 0.999);
	assert_int_equal(json_array_size(json_at(j, "fit.columns")), 2);
	/* the work over the pooled holds: visited 1 + 5k mod 17 */
	assert_true(json_num_at(j, "visited.min") == 1);
	assert_true(json_num_at(j, "visited.max") == 17);
	assert_true(json_num_at(j, "visited.count") == 27);
	assert_true(json_num_at(j, "pages_scanned.max") == 2560);
	assert_true(json_num_at(j, "pages_scanned.min") == 0);
	assert_true(json_num_at(j, "blocks.max") == 5);
	assert_null(json_at(j, "pages_scanned_note"));
	json_decref(j);
	for (int r = 0; r < RUNS; r++)
		json_decref(m[r]);
}

/* Allocator-based hinting: one entry, one block, pages not measured. */
static void no_varying_column_no_fit(void **state)
{
	json_t *m[2], *j;

	(void)state;
	for (int r = 0; r < 2; r++) {
		json_t *rows = json_array();

		for (int i = 0; i < 8; i++)
			json_array_append_new(rows, row(4000 + 100 * i, 1,
							json_null(), 1));
		m[r] = run_metrics(rows, 0, 1);
	}
	j = work_pooled(m, 2);
	assert_int_equal(json_num_at(j, "runs"), 2);
	assert_int_equal(json_num_at(j, "holds"), 16);
	assert_false(json_is_true(json_at(j, "fit.fitted")));
	assert_int_equal(json_num_at(j, "fit.n"), 16);
	assert_string_equal(
		json_string_value(json_at(j, "fit.reason")),
		"no work column varies (visited constant; pages_scanned not measured)");
	assert_null(json_at(j, "pages_scanned"));
	assert_string_equal(json_string_value(json_at(j, "pages_scanned_note")),
			    "not measured on this path");
	assert_true(json_num_at(j, "visited.p50") == 1);
	assert_true(json_num_at(j, "blocks.max") == 1);
	json_decref(j);
	json_decref(m[0]);
	json_decref(m[1]);
}

/*
 * A capped run: its rows pooled, its left-out holds counted, its max of
 * every hold kept; a run of older metrics without the list, counted apart.
 */
static void capped_and_listless_runs(void **state)
{
	json_t *m[3], *rows = json_array(), *j;

	(void)state;
	for (int i = 0; i < 12; i++)
		json_array_append_new(rows, row(1000 + 50.0 * (i % 4),
						1 + i % 4, json_integer(0), 1));
	m[0] = run_metrics(rows, 7, 40); /* 7 more holds, one visited 40 */
	m[1] = json_pack("{s:{s:{s:f}}}", "hint_work", "visited", "max", 99.0);
	m[2] = json_object();
	j = work_pooled(m, 3);
	assert_int_equal(json_num_at(j, "runs"), 1);
	assert_int_equal(json_num_at(j, "runs_without_holds_list"), 2);
	assert_int_equal(json_num_at(j, "runs_capped"), 1);
	assert_int_equal(json_num_at(j, "holds"), 12);
	assert_int_equal(json_num_at(j, "holds_left_out"), 7);
	assert_true(json_num_at(j, "visited.max") == 40);
	assert_true(json_num_at(j, "visited.count") == 12);
	/* pages_scanned measured but constant: fitted on visited alone */
	assert_true(json_is_true(json_at(j, "fit.fitted")));
	assert_true(fabs(json_num_at(j, "fit.ns_per_visited") - 50) < 1e-6);
	assert_null(json_at(j, "fit.ns_per_page_scanned"));
	json_decref(j);
	for (int r = 0; r < 3; r++)
		json_decref(m[r]);
}

static void fill_run(struct run *r, json_t *metrics, const char *name,
		     const char *variant)
{
	memset(r, 0, sizeof(*r));
	r->metrics = metrics;
	r->figures = json_object();
	json_object_set_new(metrics, "figures", r->figures);
	r->name = name;
	r->variant = variant;
	r->workload = "pagefault";
	r->status = "ok";
	r->mem_mib = 1024;
	r->ok = r->trace_usable = true;
	snprintf(r->variant_key, sizeof(r->variant_key), "%s", variant);
	snprintf(r->size_free_key, sizeof(r->size_free_key),
		 "pagefault vcpus=2 duration=10s");
	snprintf(r->context_key, sizeof(r->context_key),
		 "pagefault vcpus=2 duration=10s mem=1024M");
}

/* The groups pool their own runs; comparison.csv has a row per figure. */
static void groups_pool_and_csv_rows(void **state)
{
	struct run runs[RUNS + 1];
	json_t *m[RUNS], *rows = json_array();
	struct comparison c;
	const struct group *fs = NULL, *other = NULL;
	char *text = NULL, line[512];
	size_t len = 0;
	FILE *f;
	int planted;

	(void)state;
	planted_runs(m, &planted);
	for (int r = 0; r < RUNS; r++)
		fill_run(&runs[r], m[r], "run", "fullscan");
	for (int i = 0; i < 5; i++)
		json_array_append_new(rows, row(900, 1, json_null(), 1));
	fill_run(&runs[RUNS], run_metrics(rows, 0, 1), "run", "mainline");
	assert_int_equal(comparison_build(&c, runs, RUNS + 1, "mainline"), 0);
	assert_int_equal(c.ngroups, 2);
	for (size_t i = 0; i < c.ngroups; i++) {
		if (!strcmp(c.groups[i].variant, "fullscan"))
			fs = &c.groups[i];
		else
			other = &c.groups[i];
	}
	assert_non_null(fs);
	assert_non_null(other);
	assert_int_equal(json_num_at(fs->work, "holds"), 27);
	assert_int_equal(json_num_at(fs->work, "fit.inflated"), 2);
	assert_int_equal(json_num_at(other->work, "holds"), 5);
	assert_false(json_is_true(json_at(other->work, "fit.fitted")));

	f = open_memstream(&text, &len);
	assert_int_equal(report_csv_write(f, &c), 0);
	fclose(f);
	snprintf(line, sizeof(line),
		 "\"fullscan\",\"pagefault vcpus=2 duration=10s\",1024,"
		 "work_pooled_fit_inflated,holds,27,2,,,,,,,0,,,,,,,"
		 "\"pooled over the hinting holds of 3 run(s), one fit\"\n");
	assert_non_null(strstr(text, line));
	assert_non_null(strstr(text, "work_pooled_holds,holds,3,27,"));
	assert_non_null(
		strstr(text, "work_pooled_fit_ns_per_visited,ns/entry,27,"));
	assert_non_null(strstr(
		text,
		"work_pooled_fit,bool,5,0,,,,,,,0,,,,,,,\"pooled over the hinting holds of 1 run(s), one fit: no fit: too few holds (5, at least 10 needed)\""));
	assert_null(strstr(
		text,
		"mainline\",\"pagefault vcpus=2 duration=10s\",1024,work_pooled_pages_scanned"));
	free(text);
	comparison_free(&c);
	for (int r = 0; r <= RUNS; r++)
		json_decref(runs[r].metrics);
}

/*
 * Two modes, one a zone, as fullscan's one hold per zone and round: DMA32
 * holds 170 µs + 100 ns x i, Normal 40 µs + 90 ns x i, i = 0..199, split
 * over two runs (even i, odd i) that number their zones differently.
 */
#define MODE_HOLDS 200
#define DMA32_NS(i) (170000.0 + 100.0 * (i))
#define NORMAL_NS(i) (40000.0 + 90.0 * (i))

/* hint_work.holds with the zone column, as lockhold-metrics writes it */
static json_t *zoned_run_metrics(json_t *rows, json_t *zone_names)
{
	json_t *holds = json_pack(
		"{s:[s,s,s,s,s,s,s], s:o, s:o, s:I, s:b, s:I}", "columns",
		"hold_ns", "visited", "pages_scanned", "blocks", "skipped",
		"put_back", "zone", "rows", rows, "zone_names", zone_names,
		"count", (json_int_t)json_array_size(rows), "capped", 0,
		"left_out", (json_int_t)0);

	return json_pack("{s:{s:o}}", "hint_work", "holds", holds);
}

static void two_mode_runs(json_t *m[2])
{
	for (int r = 0; r < 2; r++) {
		json_t *rows = json_array();
		/* run 0 names Normal first: the pool goes by name */
		int dma32 = r == 0 ? 1 : 0;

		for (int i = r; i < MODE_HOLDS; i += 2) {
			json_array_append_new(rows,
					      json_pack("[f, i, i, i, i, i, i]",
							DMA32_NS(i), 700, 0,
							700, 0, 0, dma32));
			json_array_append_new(rows,
					      json_pack("[f, i, i, i, i, i, i]",
							NORMAL_NS(i), 200, 0,
							200, 0, 0, !dma32));
		}
		m[r] = zoned_run_metrics(
			rows, r == 0 ? json_pack("[s, s]", "Normal", "DMA32") :
				       json_pack("[s, s]", "DMA32", "Normal"));
	}
}

/* (high - low) / 2 over p50 of a summary */
static double half_width_share(json_t *sum)
{
	return (json_num_at(sum, "p50_ci95_high_ns") -
		json_num_at(sum, "p50_ci95_low_ns")) /
	       2 / json_num_at(sum, "p50_ns");
}

/*
 * Pooled over both zones the median falls in the gap between the modes,
 * and its interval reaches from one mode into the other; by zone it is
 * narrow. Of 200 holds a zone's interval is ranks 86 and 114; of the 400
 * together ranks 180 (Normal's 180th) and 220 (DMA32's 20th).
 */
static void holds_split_by_zone(void **state)
{
	json_t *m[3], *j, *all, *dma32, *normal, *rows = json_array();

	(void)state;
	two_mode_runs(m);
	/* an older metrics.json: holds listed without their zone */
	for (int i = 0; i < 4; i++)
		json_array_append_new(rows,
				      row(60000, 300, json_integer(0), 1));
	m[2] = run_metrics(rows, 0, 300);

	j = work_pooled(m, 2);
	all = json_at(j, "hold_ns");
	dma32 = json_at(j, "hold_ns_by_zone.DMA32");
	normal = json_at(j, "hold_ns_by_zone.Normal");
	assert_int_equal(json_num_at(all, "count"), 2 * MODE_HOLDS);
	assert_int_equal(json_num_at(dma32, "count"), MODE_HOLDS);
	assert_int_equal(json_num_at(normal, "count"), MODE_HOLDS);
	assert_int_equal(json_object_size(json_at(j, "hold_ns_by_zone")), 2);
	assert_int_equal(json_num_at(j, "runs_without_zone"), 0);

	assert_true(json_num_at(all, "p50_ns") ==
		    (NORMAL_NS(MODE_HOLDS - 1) + DMA32_NS(0)) / 2);
	assert_true(json_num_at(all, "p50_ci95_low_ns") == NORMAL_NS(180));
	assert_true(json_num_at(all, "p50_ci95_high_ns") == DMA32_NS(20));
	assert_true(json_num_at(dma32, "p50_ns") ==
		    (DMA32_NS(99) + DMA32_NS(100)) / 2);
	assert_true(json_num_at(dma32, "p50_ci95_low_ns") == DMA32_NS(86));
	assert_true(json_num_at(dma32, "p50_ci95_high_ns") == DMA32_NS(114));
	assert_true(json_num_at(normal, "p50_ci95_low_ns") == NORMAL_NS(86));
	assert_true(json_num_at(normal, "p50_ci95_high_ns") == NORMAL_NS(114));
	/* pooled: half of the median wide; by zone: under 3 % */
	assert_true(half_width_share(all) > 0.5);
	assert_true(half_width_share(dma32) < 0.01);
	assert_true(half_width_share(normal) < 0.03);
	json_decref(j);

	/* the older run joins the holds of all zones, and no zone's */
	j = work_pooled(m, 3);
	assert_int_equal(json_num_at(j, "hold_ns.count"), 2 * MODE_HOLDS + 4);
	assert_int_equal(json_num_at(j, "hold_ns_by_zone.DMA32.count"),
			 MODE_HOLDS);
	assert_int_equal(json_num_at(j, "runs_without_zone"), 1);
	json_decref(j);
	for (int r = 0; r < 3; r++)
		json_decref(m[r]);
}

/* The report's zone table and comparison.csv's rows of the same */
static void zone_table_and_csv_rows(void **state)
{
	struct run runs[3];
	json_t *m[2], *rows = json_array();
	struct comparison c;
	bool drawn[PLOTS] = { false };
	struct report_input in = { .c = &c,
				   .runs_dir = "test",
				   .drawn = drawn };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	two_mode_runs(m);
	for (int r = 0; r < 2; r++)
		fill_run(&runs[r], m[r], "run", "fullscan");
	for (int i = 0; i < SAMPLES_MIN_P50_CI95 - 1; i++)
		json_array_append_new(rows,
				      json_pack("[f, i, n, i, i, i, i]",
						900.0 + i, 1, 1, 0, 0, 0));
	fill_run(&runs[2], zoned_run_metrics(rows, json_pack("[s]", "Normal")),
		 "run", "mainline");
	assert_int_equal(comparison_build(&c, runs, 3, "mainline"), 0);

	f = open_memstream(&text, &len);
	assert_int_equal(report_md_write(f, &in), 0);
	fclose(f);
	assert_non_null(strstr(text, "## Hinting holds by zone"));
	assert_non_null(strstr(
		text,
		"| fullscan | pagefault vcpus=2 duration=10s | 1024 MiB | 2 | all zones | 400 | 114 | 56.2–172 | ±50.8 % |\n"));
	assert_non_null(strstr(
		text,
		"| fullscan | pagefault vcpus=2 duration=10s | 1024 MiB | 2 | DMA32 | 200 | 179.9 | 178.6–181.4 | ±0.8 % |\n"));
	assert_non_null(strstr(
		text,
		"| fullscan | pagefault vcpus=2 duration=10s | 1024 MiB | 2 | Normal | 200 | 48.95 | 47.74–50.26 | ±2.6 % |\n"));
	assert_non_null(strstr(
		text,
		"| mainline | pagefault vcpus=2 duration=10s | 1024 MiB | 1 | Normal | 9 | 0.904 | n too small (n=9) | – |\n"));
	free(text);

	text = NULL;
	f = open_memstream(&text, &len);
	assert_int_equal(report_csv_write(f, &c), 0);
	fclose(f);
	assert_non_null(strstr(
		text,
		"\"fullscan\",\"pagefault vcpus=2 duration=10s\",1024,work_pooled_hold_p50_ns_DMA32,ns,200,179950,,,,178600,181400,,0,,,,,,,"
		"\"median of the hinting holds of 2 run(s) pooled, zone DMA32; ci95: the median's distribution-free interval\"\n"));
	assert_non_null(strstr(
		text,
		"1024,work_pooled_hold_p50_ns,ns,400,113955,,,,56200,172000,,0,"));
	assert_non_null(strstr(
		text,
		"1024,work_pooled_hold_p50_ns_Normal,ns,9,904,,,,,,,0,,,,,,,"
		"\"median of the hinting holds of 1 run(s) pooled, zone Normal; ci95: the median's distribution-free interval, none: n too small (n=9)\"\n"));
	free(text);
	comparison_free(&c);
	for (int r = 0; r < 3; r++)
		json_decref(runs[r].metrics);
}

/* metrics.json keeps a table's rows one a line, and reads back the same. */
static void rows_written_one_a_line(void **state)
{
	char dir[64], path[128], err[256], buf[4096];
	json_t *m = json_pack("{s:{s:[[i,i,n],[i,i,n]], s:[i,i]}}", "t", "rows",
			      1, 2, 3, 4, "other", 5, 6),
	       *back;
	size_t n;
	FILE *f;

	(void)state;
	assert_int_equal(scratch_dir_make(dir, sizeof(dir),
					  "/tmp/lockhold-test-rows-XXXXXX"),
			 0);
	assert_int_equal(run_file_write(dir, "m.json", m, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/m.json", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(
		strstr(buf, "\n      [1,2,null],\n      [3,4,null]\n    ]"));
	/* any other array as JSON_INDENT writes it */
	assert_non_null(strstr(buf, "\"other\": [\n      5,\n      6\n    ]"));
	back = run_file_load(dir, "m.json", err, sizeof(err));
	assert_non_null(back);
	assert_true(json_equal(back, m));
	json_decref(back);
	json_decref(m);
	assert_int_equal(scratch_dir_remove(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pooled_fit_recovers_slopes_and_inflated),
		cmocka_unit_test(no_varying_column_no_fit),
		cmocka_unit_test(capped_and_listless_runs),
		cmocka_unit_test(groups_pool_and_csv_rows),
		cmocka_unit_test(rows_written_one_a_line),
		cmocka_unit_test(holds_split_by_zone),
		cmocka_unit_test(zone_table_and_csv_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
