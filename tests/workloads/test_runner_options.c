// SPDX-License-Identifier: GPL-2.0
/*
 * The workload command line: each mistake gets exactly one line naming the
 * option and what it accepts, because that line is all a guest run leaves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "workloads/runner.h"

extern const struct workload pagefault_workload;

#define PARSE(workload, ctx, err, ...)                                      \
	({                                                                  \
		char *argv[] = { "pagefault", ##__VA_ARGS__, NULL };        \
		runner_parse_args((workload),                               \
				  sizeof(argv) / sizeof(argv[0]) - 1, argv, \
				  (ctx), (err), sizeof(err));               \
	})

static const struct workload_option text_options[] = {
	{ "label", "free text", WOPT_STRING, NULL, 0, 0, NULL },
	{ "speed", "free text with a default", WOPT_STRING, "fast", 0, 0,
	  NULL },
	{ "count", "a number", WOPT_UINT, "3", 2, 5, NULL },
	{ NULL },
};

static const struct workload text_workload = {
	.name = "text",
	.description = "string options",
	.options = text_options,
};

/* Every workload's own table: sane defaults, help for every option. */
static void registered_tables(void **state)
{
	struct workload_ctx ctx;
	char err[512] = "", *help;
	size_t i, len;
	FILE *out;

	(void)state;
	assert_int_equal(workload_registry_size, 9);
	for (i = 0; i < workload_registry_size; i++) {
		const struct workload *w = workload_registry[i];
		const struct workload_option *opt;

		assert_non_null(w);
		assert_int_equal(PARSE(w, &ctx, err), 0);
		assert_int_equal(PARSE(w, &ctx, err, "--validate"), 2);
		/* A workload that samples says what; one that does not, cannot */
		assert_int_equal(ctx.sample_period, w->default_sample_period);
		assert_true(!w->latency_of == !w->default_sample_period);
		out = open_memstream(&help, &len);
		runner_print_help(w, out);
		fclose(out);
		for (opt = w->options; opt && opt->name; opt++) {
			char flag[64];

			assert_non_null(opt->help);
			if (opt->type == WOPT_UINT) {
				unsigned long d =
					strtoul(opt->default_value, NULL, 10);

				assert_true(opt->min <= d && d <= opt->max);
			}
			snprintf(flag, sizeof(flag), "--%s ", opt->name);
			assert_non_null(strstr(help, flag));
		}
		assert_non_null(strstr(help, "--mode "));
		assert_non_null(strstr(help, "--wait-for "));
		free(help);
	}
}

static void choices_and_sampling(void **state)
{
	extern const struct workload idle_workload, crossfree_workload;
	struct workload_ctx ctx;
	char err[512] = "";

	(void)state;
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--mode",
			       "processes", "--sample-period", "0"),
			 0);
	assert_true(ctx.processes);
	assert_int_equal(ctx.sample_period, 0);
	assert_int_equal(
		PARSE(&pagefault_workload, &ctx, err, "--mode", "forks"), -1);
	assert_string_equal(
		err,
		"pagefault: invalid value 'forks' for --mode (accepted: threads, processes)");
	assert_int_equal(
		PARSE(&idle_workload, &ctx, err, "--sample-period", "8"), -1);
	assert_string_equal(
		err,
		"idle: --sample-period 8: this workload takes no latency samples (accepted: 0)");
	/* crossfree's workers come in pairs sharing one address space */
	assert_int_equal(
		PARSE(&crossfree_workload, &ctx, err, "--threads", "4"), 0);
	assert_int_equal(
		PARSE(&crossfree_workload, &ctx, err, "--threads", "3"), -1);
	assert_string_equal(
		err,
		"crossfree: --threads 3: the workers work in pairs (accepted: an even number)");
	assert_int_equal(PARSE(&crossfree_workload, &ctx, err, "--mode",
			       "processes"),
			 -1);
	assert_string_equal(
		err,
		"crossfree: --mode processes: a pair of workers shares one address space (accepted: threads)");
	/* --validate only as the last word, so it cannot eat a value */
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--validate",
			       "--threads", "2"),
			 -1);
}

static void defaults(void **state)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct workload_ctx ctx;
	char err[512] = "";

	(void)state;
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err), 0);
	assert_ptr_equal(ctx.workload, &pagefault_workload);
	assert_int_equal(ctx.threads, cpus < 1 ? 1 : cpus > 1024 ? 1024 : cpus);
	assert_int_equal(ctx.duration_s, 10);
	assert_null(ctx.json_path);
	assert_int_equal(workload_opt_uint(&ctx, "size-mib"), 128);
	assert_int_equal(workload_opt_uint(&ctx, "thp"), 0);
	assert_int_equal(ctx.warmup_s, 1);
	assert_int_equal(ctx.sample_period, 64);
	assert_false(ctx.processes);
}

static void valid_values(void **state)
{
	struct workload_ctx ctx;
	char err[512] = "";

	(void)state;
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--threads",
			       "1024", "--duration", "86400", "--json",
			       "/tmp/r.json", "--size-mib", "65536", "--thp",
			       "1"),
			 0);
	assert_int_equal(ctx.threads, 1024);
	assert_int_equal(ctx.duration_s, 86400);
	assert_string_equal(ctx.json_path, "/tmp/r.json");
	assert_int_equal(workload_opt_uint(&ctx, "size-mib"), 65536);
	assert_int_equal(workload_opt_uint(&ctx, "thp"), 1);

	/* Lower bounds, leading zeros, and the last of a repeated option */
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--threads", "4",
			       "--threads", "1", "--duration", "001",
			       "--size-mib", "1"),
			 0);
	assert_int_equal(ctx.threads, 1);
	assert_int_equal(ctx.duration_s, 1);
	assert_int_equal(workload_opt_uint(&ctx, "size-mib"), 1);
	assert_string_equal(err, "");
}

struct bad_case {
	const char *option, *value, *expected;
};

static const struct bad_case bad_cases[] = {
	{ "--threads", "0",
	  "pagefault: invalid value '0' for --threads (accepted: 1..1024)" },
	{ "--threads", "1025",
	  "pagefault: invalid value '1025' for --threads (accepted: 1..1024)" },
	{ "--threads", "12Q",
	  "pagefault: invalid value '12Q' for --threads (accepted: 1..1024)" },
	{ "--threads", "",
	  "pagefault: invalid value '' for --threads (accepted: 1..1024)" },
	{ "--threads", " 5",
	  "pagefault: invalid value ' 5' for --threads (accepted: 1..1024)" },
	{ "--threads", "+5",
	  "pagefault: invalid value '+5' for --threads (accepted: 1..1024)" },
	{ "--threads", "-1",
	  "pagefault: invalid value '-1' for --threads (accepted: 1..1024)" },
	{ "--threads", "0x10",
	  "pagefault: invalid value '0x10' for --threads (accepted: 1..1024)" },
	{ "--threads", "2.5",
	  "pagefault: invalid value '2.5' for --threads (accepted: 1..1024)" },
	{ "--duration", "0",
	  "pagefault: invalid value '0' for --duration (accepted: 1..86400)" },
	{ "--duration", "86401",
	  "pagefault: invalid value '86401' for --duration (accepted: 1..86400)" },
	{ "--duration", "99999999999999999999999",
	  "pagefault: invalid value '99999999999999999999999' for --duration (accepted: 1..86400)" },
	{ "--size-mib", "0",
	  "pagefault: invalid value '0' for --size-mib (accepted: 1..65536)" },
	{ "--size-mib", "65537",
	  "pagefault: invalid value '65537' for --size-mib (accepted: 1..65536)" },
	{ "--thp", "2",
	  "pagefault: invalid value '2' for --thp (accepted: 0..1)" },
	{ "--json", "",
	  "pagefault: invalid value '' for --json (accepted: a non-empty string)" },
};

static void bad_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct workload_ctx ctx;
		char err[512] = "";

		assert_int_equal(PARSE(&pagefault_workload, &ctx, err,
				       "--threads", "2", (char *)c->option,
				       (char *)c->value),
				 -1);
		assert_string_equal(err, c->expected);
	}
}

static void unknown_options(void **state)
{
	static const char *const unknown[] = { "--foo",	  "-threads",
					       "threads", "--threads=2",
					       "--",	  "-" };
	struct workload_ctx ctx;
	char err[512], expected[512];

	(void)state;
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		assert_int_equal(PARSE(&pagefault_workload, &ctx, err,
				       "--duration", "1", (char *)unknown[i]),
				 -1);
		snprintf(
			expected, sizeof(expected),
			"pagefault: unknown option '%s' (accepted: --threads, --mode, --duration, --warmup, --sample-period, --json, --wait-for, --wait-timeout, --size-mib, --thp, --help)",
			unknown[i]);
		assert_string_equal(err, expected);
	}
}

static void missing_values(void **state)
{
	struct workload_ctx ctx;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--threads"),
			 -1);
	assert_string_equal(
		err,
		"pagefault: missing value for --threads (accepted: 1..1024)");
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--size-mib",
			       "--threads", "2"),
			 -1);
	assert_string_equal(
		err,
		"pagefault: missing value for --size-mib (accepted: 1..65536)");
	/* A path that looks like an option is far likelier a forgotten one */
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--json",
			       "--threads", "2"),
			 -1);
	assert_string_equal(
		err,
		"pagefault: missing value for --json (accepted: a non-empty string)");
}

static void help(void **state)
{
	struct workload_ctx ctx;
	char err[512] = "", *text = NULL;
	size_t len;
	FILE *out;

	(void)state;
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--help"), 1);
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--threads", "2",
			       "--help", "--bogus"),
			 1);
	/* Options are read in order: a mistake before --help is reported */
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--threads", "0",
			       "--help"),
			 -1);

	out = open_memstream(&text, &len);
	assert_non_null(out);
	runner_print_help(&pagefault_workload, out);
	fclose(out);
	assert_non_null(strstr(
		text, "usage: pagefault [--OPTION VALUE]... [--validate]\n"));
	assert_non_null(strstr(
		text,
		"  --duration       seconds measured (default: 10; accepted: 1..86400)\n"));
	assert_non_null(strstr(text, "  --size-mib       "));
	assert_non_null(strstr(text, "(default: 128; accepted: 1..65536)\n"));
	assert_non_null(strstr(text, "  --help           show this help\n"));
	free(text);
}

static void string_options(void **state)
{
	struct workload_ctx ctx;
	char err[512] = "";

	(void)state;
	assert_int_equal(PARSE(&text_workload, &ctx, err), 0);
	assert_null(workload_opt_string(&ctx, "label"));
	assert_string_equal(workload_opt_string(&ctx, "speed"), "fast");
	assert_int_equal(workload_opt_uint(&ctx, "count"), 3);

	assert_int_equal(PARSE(&text_workload, &ctx, err, "--label", "a b 'c'",
			       "--speed", "-slow", "--count", "5"),
			 0);
	assert_string_equal(workload_opt_string(&ctx, "label"), "a b 'c'");
	assert_string_equal(workload_opt_string(&ctx, "speed"), "-slow");
	assert_int_equal(workload_opt_uint(&ctx, "count"), 5);

	assert_int_equal(PARSE(&text_workload, &ctx, err, "--count", "1"), -1);
	assert_string_equal(
		err, "text: invalid value '1' for --count (accepted: 2..5)");
	assert_int_equal(PARSE(&text_workload, &ctx, err, "--nope", "1"), -1);
	assert_string_equal(
		err,
		"text: unknown option '--nope' (accepted: --threads, --mode, --duration, --warmup, --sample-period, --json, --wait-for, --wait-timeout, --label, --speed, --count, --help)");
}

static void bad_tables(void **state)
{
	static const struct workload_option no_default[] = {
		{ "size", "a number without a default", WOPT_UINT, NULL, 1, 2,
		  NULL },
		{ NULL },
	};
	static const struct workload_option out_of_range[] = {
		{ "size", "a default out of range", WOPT_UINT, "3", 1, 2,
		  NULL },
		{ NULL },
	};
	struct workload broken = { .name = "broken", .options = no_default };
	struct workload_ctx ctx;
	char err[512];

	(void)state;
	assert_int_equal(PARSE(&broken, &ctx, err), -1);
	assert_string_equal(
		err, "broken: invalid default for --size (accepted: 1..2)");
	broken.options = out_of_range;
	assert_int_equal(PARSE(&broken, &ctx, err), -1);
	assert_string_equal(
		err, "broken: invalid default '3' for --size (accepted: 1..2)");
}

static void truncated_message(void **state)
{
	struct workload_ctx ctx;
	char err[24];

	(void)state;
	/* A message longer than the buffer is cut short, never overflowed */
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--foo"), -1);
	assert_string_equal(err, "pagefault: unknown opti");
	assert_int_equal(PARSE(&pagefault_workload, &ctx, err, "--threads",
			       "123456789012345678901234567890"),
			 -1);
	assert_int_equal(strlen(err), sizeof(err) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registered_tables),
		cmocka_unit_test(choices_and_sampling),
		cmocka_unit_test(defaults),
		cmocka_unit_test(valid_values),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(unknown_options),
		cmocka_unit_test(missing_values),
		cmocka_unit_test(help),
		cmocka_unit_test(string_options),
		cmocka_unit_test(bad_tables),
		cmocka_unit_test(truncated_message),
	};

	return cmocka_run_group_tests_name("harness_options", tests, NULL,
					   NULL);
}
