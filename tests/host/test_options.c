// SPDX-License-Identifier: GPL-2.0
/* bench's command line: every bad value gets a one-line error naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/options.h"

#define PARSE(o, err, ...)                                                   \
	({                                                                   \
		char *argv[] = { "bench", __VA_ARGS__, NULL };               \
		options_parse(sizeof(argv) / sizeof(argv[0]) - 1, argv, (o), \
			      (err), sizeof(err));                           \
	})

static void defaults_and_values(void **state)
{
	struct bench_options o;
	char err[512] = "";

	(void)state;
	assert_int_equal(PARSE(&o, err, "--variant", "none"), 0);
	assert_int_equal(o.nvariants, 1);
	assert_string_equal(o.variants[0], "none");
	assert_string_equal(o.workload, "pagefault");
	assert_int_equal(o.nmems, 1);
	assert_int_equal(o.mems_mib[0], 1024);
	assert_int_equal(o.nparams, 0);
	assert_int_equal(o.rounds, 0);
	assert_int_equal(o.round_every_ms, 1000);
	assert_int_equal(o.vcpus, 2);
	assert_int_equal(o.duration_s, 10);
	assert_int_equal(o.migrate_at_s, 2); /* 20 % of the duration */
	assert_int_equal(o.accel, ACCEL_AUTO);
	assert_string_equal(o.out_dir, "reports");
	assert_int_equal(o.timeout_s, 3 * 10 + 120);
	assert_false(o.debug);

	assert_int_equal(PARSE(&o, err, "--variant", "none,mainline-hint",
			       "--mem", "1536M", "--vcpus", "8", "--duration",
			       "5", "--runs", "3", "--migrate-at", "off",
			       "--accel", "tcg", "--out", "/tmp/x"),
			 0);
	assert_int_equal(o.nvariants, 2);
	assert_string_equal(o.variants[1], "mainline-hint");
	assert_int_equal(o.nmems, 1);
	assert_int_equal(o.mems_mib[0], 1536);
	assert_int_equal(o.vcpus, 8);
	assert_int_equal(o.runs, 3);
	assert_int_equal(o.migrate_at_s, MIGRATE_OFF);
	assert_int_equal(o.accel, ACCEL_TCG);

	/* a list replaces the default */
	assert_int_equal(PARSE(&o, err, "--variant", "x", "--mem", "2G,512M"),
			 0);
	assert_int_equal(o.nmems, 2);
	assert_int_equal(o.mems_mib[0], 2048);
	assert_int_equal(o.mems_mib[1], 512);

	assert_int_equal(PARSE(&o, err, "--variant", "x", "--debug",
			       "--duration", "5", "--timeout", "6"),
			 0);
	assert_true(o.debug);
	assert_int_equal(o.timeout_s, 6);
}

struct bad_case {
	const char *option, *value, *expected;
};

static const struct bad_case bad_cases[] = {
	{ "--mem", "12Q",
	  "invalid --mem '12Q' (accepted: up to 16 sizes from 256M to 16G, comma-separated, e.g. 1G or 1G,1536M,2G)" },
	{ "--mem", "1G,17G",
	  "invalid --mem '1G,17G' (accepted: up to 16 sizes from 256M to 16G, comma-separated, e.g. 1G or 1G,1536M,2G)" },
	{ "--mem", ",",
	  "invalid --mem ',' (accepted: up to 16 sizes from 256M to 16G, comma-separated, e.g. 1G or 1G,1536M,2G)" },
	{ "--mem", "99999999999999999999G",
	  "invalid --mem '99999999999999999999G' (accepted: up to 16 sizes from 256M to 16G, comma-separated, e.g. 1G or 1G,1536M,2G)" },
	{ "--mem", "16G",
	  "invalid --mem size 16G with a migration (accepted: up to 8G; larger guests with --migrate-at off or --rounds)" },
	{ "--param", "hint_batch=8",
	  "invalid --param 'hint_batch=8' (accepted: module.parameter=V1[,V2]... with up to 16 values of letters, digits, '-', '_', each parameter once, up to 4 parameters)" },
	{ "--param", "virtio_balloon.hint_batch=",
	  "invalid --param 'virtio_balloon.hint_batch=' (accepted: module.parameter=V1[,V2]... with up to 16 values of letters, digits, '-', '_', each parameter once, up to 4 parameters)" },
	{ "--param", "virtio_balloon.hint_batch=8 lockhold.mode=probe",
	  "invalid --param 'virtio_balloon.hint_batch=8 lockhold.mode=probe' (accepted: module.parameter=V1[,V2]... with up to 16 values of letters, digits, '-', '_', each parameter once, up to 4 parameters)" },
	{ "--rounds", "-3", "invalid --rounds '-3' (accepted: 0..100000)" },
	{ "--rounds", "10",
	  "invalid --rounds '10': 10 rounds 1000 ms apart need more than --duration 10 s (accepted: 1..9 at this spacing, or a longer --duration)" },
	{ "--round-every", "0.001",
	  "invalid --round-every '0.001' (accepted: seconds from 0.01 to 3600, up to 3 decimals)" },
	{ "--round-every", "1.",
	  "invalid --round-every '1.' (accepted: seconds from 0.01 to 3600, up to 3 decimals)" },
	{ "--round-every", "3601",
	  "invalid --round-every '3601' (accepted: seconds from 0.01 to 3600, up to 3 decimals)" },
	{ "--vcpus", "0", "invalid --vcpus '0' (accepted: 1..8)" },
	{ "--vcpus", "2x", "invalid --vcpus '2x' (accepted: 1..8)" },
	{ "--runs", "-1", "invalid --runs '-1' (accepted: 1..1000)" },
	{ "--runs", "", "invalid --runs '' (accepted: 1..1000)" },
	{ "--duration", "0",
	  "invalid --duration '0' (accepted: 1..3600 seconds)" },
	{ "--accel", "hvf",
	  "invalid --accel 'hvf' (accepted: auto, kvm, tcg)" },
	{ "--prefill", "96",
	  "invalid --prefill '96' (accepted: 0..95 percent)" },
	{ "--variant", "../etc",
	  "invalid --variant '../etc' (accepted: up to 16 names under kernel-variants/, comma-separated, see --list)" },
	{ "--variant", "a,,b/c",
	  "invalid --variant 'a,,b/c' (accepted: up to 16 names under kernel-variants/, comma-separated, see --list)" },
	{ "--workload", "x y",
	  "invalid --workload 'x y' (accepted: a workload name, see --list; with --matrix up to 16, comma-separated)" },
	{ "--workload", "idle,pagefault",
	  "invalid --workload 'idle,pagefault': several workloads only with --matrix (accepted: one workload, or --matrix NAME)" },
	{ "--matrix", "../x",
	  "invalid --matrix '../x' (accepted: a name of letters, digits and -_., up to 48 characters, not starting with '.' or '-')" },
	{ "--cell", "m:0",
	  "invalid --cell 'm:0' (accepted: NAME:K, a matrix name and its cell number from 1, as bench --matrix writes them)" },
	{ "--cell", "a/b:3",
	  "invalid --cell 'a/b:3' (accepted: NAME:K, a matrix name and its cell number from 1, as bench --matrix writes them)" },
	{ "--cell", "m",
	  "invalid --cell 'm' (accepted: NAME:K, a matrix name and its cell number from 1, as bench --matrix writes them)" },
	{ "--first-run", "0", "invalid --first-run '0' (accepted: 1..1000)" },
	{ "--events", "lock:x;reboot",
	  "invalid --events 'lock:x;reboot' (accepted: comma-separated system:event or system names, e.g. lock:contention_begin,free_page_hint)" },
	{ "--trace", "maybe", "invalid --trace 'maybe' (accepted: on, off)" },
	{ "--host-sampling", "yes",
	  "invalid --host-sampling 'yes' (accepted: on, off)" },
	{ "--migrate-at", "10",
	  "invalid --migrate-at '10' (accepted: 0..9 seconds, less than --duration, or off)" },
	{ "--out", "reports/../../etc",
	  "invalid --out 'reports/../../etc' (accepted: a directory path shorter than 3840 bytes, without '..' components, commas or control characters)" },
	{ "--out", "..",
	  "invalid --out '..' (accepted: a directory path shorter than 3840 bytes, without '..' components, commas or control characters)" },
	{ "--out", "x,readonly=on",
	  "invalid --out 'x,readonly=on' (accepted: a directory path shorter than 3840 bytes, without '..' components, commas or control characters)" },
	{ "--out", "a\nb",
	  "invalid --out 'a?b' (accepted: a directory path shorter than 3840 bytes, without '..' components, commas or control characters)" },
	{ "--timeout", "10",
	  "invalid --timeout '10' (accepted: 11..86400 seconds, more than --duration)" },
	{ "--timeout", "1e3",
	  "invalid --timeout '1e3' (accepted: 11..86400 seconds, more than --duration)" },
	{ "--timeout", "86401",
	  "invalid --timeout '86401' (accepted: 11..86400 seconds, more than --duration)" },
};

static void bad_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct bench_options o;
		char err[512] = "";

		assert_int_equal(PARSE(&o, err, "--variant", "none",
				       (char *)c->option, (char *)c->value),
				 -1);
		assert_string_equal(err, c->expected);
		assert_null(strchr(err, '\n'));
	}
}

static void bad_usage(void **state)
{
	struct bench_options o;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--workload", "pagefault"), -1);
	assert_string_equal(
		err, "missing --variant (accepted: a variant from --list)");
	assert_int_equal(PARSE(&o, err, "--variant", "none", "--frobnicate"),
			 -1);
	assert_string_equal(
		err, "unknown option '--frobnicate' (accepted: see --help)");
	assert_int_equal(PARSE(&o, err, "--variant", "none", "--debug=yes"),
			 -1);
	assert_string_equal(
		err, "unknown option '--debug=yes' (accepted: see --help)");
	assert_int_equal(PARSE(&o, err, "--variant"), -1);
	assert_string_equal(err,
			    "option '--variant' needs a value (see --help)");
	assert_int_equal(PARSE(&o, err, "--variant", "none", "stray"), -1);
	assert_string_equal(
		err,
		"unexpected argument 'stray' (accepted: options only, see --help)");
	/* --migrate-at is checked against the final --duration, whatever the order. */
	assert_int_equal(PARSE(&o, err, "--variant", "none", "--migrate-at",
			       "7", "--duration", "8"),
			 0);
	assert_int_equal(o.migrate_at_s, 7);
}

/* --param sweeps, and rounds on demand, which run without a migration */
static void sweeps_and_rounds(void **state)
{
	struct bench_options o;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--variant", "batched", "--param",
			       "virtio_balloon.hint_batch=8,32,128", "--param",
			       "virtio_balloon.hint_min_order=-1,5"),
			 0);
	assert_int_equal(o.nparams, 2);
	assert_string_equal(o.params[0].name, "virtio_balloon.hint_batch");
	assert_int_equal(o.params[0].nvalues, 3);
	assert_string_equal(o.params[0].values[2], "128");
	assert_string_equal(o.params[1].values[0], "-1");
	assert_int_equal(PARSE(&o, err, "--variant", "batched", "--param",
			       "a.b=1", "--param", "a.b=2"),
			 -1);
	assert_non_null(strstr(err, "invalid --param 'a.b=2'"));

	assert_int_equal(PARSE(&o, err, "--variant", "fullscan", "--rounds",
			       "40", "--round-every", "0.2", "--mem", "16G"),
			 0);
	assert_int_equal(o.rounds, 40);
	assert_int_equal(o.round_every_ms, 200);
	assert_int_equal(o.migrate_at_s, MIGRATE_OFF);
	assert_int_equal(o.mems_mib[0], 16384);
	assert_int_equal(PARSE(&o, err, "--variant", "fullscan", "--rounds",
			       "4", "--migrate-at", "3"),
			 -1);
	assert_string_equal(
		err,
		"invalid --migrate-at '3' with --rounds 4 (accepted: off: rounds on demand run without a migration)");
	assert_int_equal(PARSE(&o, err, "--variant", "fullscan", "--mem", "16G",
			       "--migrate-at", "off"),
			 0);
}

/* A matrix takes lists of its factors; a cell of it is one run */
static void matrix_and_cells(void **state)
{
	struct bench_options o;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--matrix", "m1", "--variant",
			       "none,cursor", "--workload", "idle,pagefault",
			       "--duration", "3", "--debug"),
			 0);
	assert_string_equal(o.matrix, "m1");
	assert_int_equal(o.nworkloads, 2);
	assert_string_equal(o.workloads[1], "pagefault");
	assert_string_equal(o.workload, "idle");
	/* as given, in order, for the cells' commands */
	assert_int_equal(o.ngiven, 5);
	assert_string_equal(o.given[2].name, "workload");
	assert_string_equal(o.given[2].value, "idle,pagefault");
	assert_string_equal(o.given[4].name, "debug");
	assert_null(o.given[4].value);

	assert_int_equal(PARSE(&o, err, "--cell", "m1:12", "--variant", "none",
			       "--first-run", "3"),
			 0);
	assert_string_equal(o.cell_of, "m1");
	assert_int_equal(o.cell, 12);
	assert_int_equal(o.first_run, 3);
	assert_int_equal(PARSE(&o, err, "--cell", "m1:2", "--variant", "none",
			       "--param", "virtio_balloon.hint_batch=8,32"),
			 -1);
	assert_string_equal(
		err,
		"invalid --cell 'm1:2': a cell is one run (accepted: one --variant, --mem, value of each --param, and --runs 1)");
	assert_int_equal(PARSE(&o, err, "--cell", "m1:2", "--variant", "none",
			       "--runs", "2"),
			 -1);
	assert_int_equal(PARSE(&o, err, "--matrix", "m1", "--variant", "none",
			       "--cell", "m1:1"),
			 -1);
	assert_string_equal(
		err,
		"invalid --matrix 'm1' with --cell (accepted: --matrix writes the cells, each with its own --cell and --first-run)");
}

/*
 * The usage comes from the same table as the parser: every option it
 * lists is one the parser knows, taking a value when the usage shows one,
 * and the ranges and defaults it states are those the parser applies.
 */
static void usage_is_the_parser(void **state)
{
	struct bench_options o;
	char *text, *line, *save, err[512];
	size_t len, options = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	options_usage(out);
	fclose(out);
	assert_non_null(strstr(
		text, "--vcpus N         guest vCPUs, 1..8 (default 2)"));
	assert_non_null(strstr(text, "0..95 (default 90)"));
	assert_int_equal(PARSE(&o, err, "--variant", "none"), 0);
	assert_int_equal(o.vcpus, 2);
	assert_int_equal(o.prefill_pct, 90);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64], need[96];
		bool takes_value;

		if (strncmp(line, "  --", 4))
			continue;
		sscanf(line + 2, "%63s", name);
		/* "  --name META  help": one space, then the value's name */
		takes_value = line[2 + strlen(name)] == ' ' &&
			      line[3 + strlen(name)] != ' ';
		options++;
		if (!strcmp(name, "--help") || !strcmp(name, "--list"))
			continue;
		if (takes_value) {
			assert_int_equal(
				PARSE(&o, err, "--variant", "none", name), -1);
			snprintf(need, sizeof(need),
				 "option '%s' needs a value", name);
			assert_non_null(strstr(err, need));
		} else {
			assert_int_equal(
				PARSE(&o, err, "--variant", "none", name), 0);
		}
	}
	assert_int_equal(options, 27);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_and_values),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(bad_usage),
		cmocka_unit_test(sweeps_and_rounds),
		cmocka_unit_test(matrix_and_cells),
		cmocka_unit_test(usage_is_the_parser),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
