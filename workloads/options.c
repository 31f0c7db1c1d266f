// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of a workload: the common options and the workload's own,
 * all "--name value", each checked against its table entry.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

enum {
	OPT_THREADS,
	OPT_MODE,
	OPT_DURATION,
	OPT_WARMUP,
	OPT_SAMPLE_PERIOD,
	OPT_JSON,
	OPT_WAIT_FOR,
	OPT_WAIT_TIMEOUT,
	NR_COMMON_OPTIONS
};

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* These defaults are only known at run time. */
static char online_cpus_text[24], sample_period_text[24];

static const char *const modes[] = { "threads", "processes", NULL };

#define UINT_OPTION(n, h, d, lo, hi)                                         \
	{                                                                    \
		.name = n, .help = h, .type = WOPT_UINT, .default_value = d, \
		.min = lo, .max = hi                                         \
	}
#define STRING_OPTION(n, h, d, c)                                              \
	{                                                                      \
		.name = n, .help = h, .type = WOPT_STRING, .default_value = d, \
		.choices = c                                                   \
	}

static const struct workload_option common_options[NR_COMMON_OPTIONS + 1] = {
	UINT_OPTION("threads", "workers", online_cpus_text, 1, 1024),
	STRING_OPTION(
		"mode",
		"run the workers as threads of one process, or a process each",
		"threads", modes),
	UINT_OPTION("duration", "seconds measured", "10", 1, 86400),
	UINT_OPTION("warmup", "seconds run before measuring, not counted", "1",
		    0, 3600),
	UINT_OPTION(
		"sample-period",
		"time one op in this many for the latency histogram (0: none)",
		sample_period_text, 0, 1000000),
	STRING_OPTION("json", "write the JSON result to this file, not stdout",
		      NULL, NULL),
	STRING_OPTION(
		"wait-for",
		"after the run, wait for this file before the final check (bench makes it once migration is over)",
		NULL, NULL),
	UINT_OPTION("wait-timeout",
		    "seconds to wait for --wait-for before failing", "900", 1,
		    86400),
};

static void init_default_texts(const struct workload *workload)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus < 1)
		cpus = 1;
	if (cpus > 1024)
		cpus = 1024;
	/* a pair per two CPUs, and one more for an odd one out */
	if (workload->workers_in_pairs && cpus % 2)
		cpus++;
	snprintf(online_cpus_text, sizeof(online_cpus_text), "%ld", cpus);
	snprintf(sample_period_text, sizeof(sample_period_text), "%lu",
		 workload->latency_of ? workload->default_sample_period : 0);
}

static void append_choices(char *buf, size_t len, const char *const *choice)
{
	const char *separator = "";

	for (; *choice; choice++, separator = ", ")
		append(buf, len, "%s%s", separator, *choice);
}

/* Truncates rather than overflows: a long message must not fail parsing. */
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* Every complaint about a value says which values would do. */
static int value_error(char *err, size_t errlen, const char *workload,
		       const char *problem, const char *value,
		       const struct workload_option *opt)
{
	snprintf(err, errlen, "%s: %s", workload, problem);
	if (value)
		append(err, errlen, " '%s'", value);
	if (opt->type == WOPT_UINT) {
		append(err, errlen, " for --%s (accepted: %lu..%lu)", opt->name,
		       opt->min, opt->max);
	} else if (opt->choices) {
		append(err, errlen, " for --%s (accepted: ", opt->name);
		append_choices(err, errlen, opt->choices);
		append(err, errlen, ")");
	} else {
		append(err, errlen, " for --%s (accepted: a non-empty string)",
		       opt->name);
	}
	return -1;
}

static int parse_value(const struct workload_option *opt, const char *text,
		       union workload_option_value *value)
{
	char *end;

	const char *const *choice;

	if (opt->type == WOPT_STRING) {
		value->string = text;
		if (!opt->choices)
			return *text ? 0 : -1;
		for (choice = opt->choices; *choice; choice++) {
			if (!strcmp(text, *choice))
				return 0;
		}
		return -1;
	}
	/* strtoul() skips blanks and negates after a '-': "-1" is ULONG_MAX */
	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	value->uint = strtoul(text, &end, 10);
	if (errno || *end || value->uint < opt->min || value->uint > opt->max)
		return -1;
	return 0;
}

static const struct workload_option *
find_option(const struct workload_option *opts, const char *name, size_t *index)
{
	for (*index = 0; opts && opts[*index].name; ++*index) {
		if (!strcmp(name, opts[*index].name))
			return &opts[*index];
	}
	return NULL;
}

static int set_defaults(const char *workload,
			const struct workload_option *opts,
			union workload_option_value *values, char *err,
			size_t errlen)
{
	size_t i;

	for (i = 0; opts && opts[i].name; i++) {
		if (i == WORKLOAD_MAX_OPTIONS) {
			snprintf(err, errlen, "%s: more than %d options",
				 workload, WORKLOAD_MAX_OPTIONS);
			return -1;
		}
		if (opts != common_options &&
		    find_option(common_options, opts[i].name, &(size_t){ 0 })) {
			snprintf(
				err, errlen,
				"%s: option --%s clashes with the common option of that name",
				workload, opts[i].name);
			return -1;
		}
		values[i].string = NULL;
		if (opts[i].type == WOPT_STRING && !opts[i].default_value)
			continue;
		if (!opts[i].default_value ||
		    parse_value(&opts[i], opts[i].default_value, &values[i]))
			return value_error(err, errlen, workload,
					   "invalid default",
					   opts[i].default_value, &opts[i]);
	}
	return 0;
}

int runner_parse_args(const struct workload *workload, int argc, char **argv,
		      struct workload_ctx *ctx, char *err, size_t errlen)
{
	union workload_option_value common[NR_COMMON_OPTIONS];
	const struct workload_option *opt;
	size_t index;
	int i;

	memset(ctx, 0, sizeof(*ctx));
	ctx->workload = workload;
	init_default_texts(workload);
	if (set_defaults(workload->name, common_options, common, err, errlen) ||
	    set_defaults(workload->name, workload->options, ctx->values, err,
			 errlen))
		return -1;

	for (i = 1; i < argc; i += 2) {
		const char *name = strncmp(argv[i], "--", 2) ? "" : argv[i] + 2;
		union workload_option_value *values = common;

		if (!strcmp(name, "help"))
			return 1;
		if (!strcmp(name, "validate") && i + 1 == argc)
			break;
		opt = find_option(common_options, name, &index);
		if (!opt) {
			opt = find_option(workload->options, name, &index);
			values = ctx->values;
		}
		if (!opt) {
			snprintf(err, errlen,
				 "%s: unknown option '%s' (accepted: ",
				 workload->name, argv[i]);
			for (opt = common_options; opt->name; opt++)
				append(err, errlen, "--%s, ", opt->name);
			for (opt = workload->options; opt && opt->name; opt++)
				append(err, errlen, "--%s, ", opt->name);
			append(err, errlen, "--help)");
			return -1;
		}
		/* "--json --threads 4" is a forgotten path, not a file name */
		if (i + 1 == argc || !strncmp(argv[i + 1], "--", 2))
			return value_error(err, errlen, workload->name,
					   "missing value", NULL, opt);
		if (parse_value(opt, argv[i + 1], &values[index]))
			return value_error(err, errlen, workload->name,
					   "invalid value", argv[i + 1], opt);
	}
	if (common[OPT_SAMPLE_PERIOD].uint && !workload->latency_of) {
		snprintf(
			err, errlen,
			"%s: --sample-period %lu: this workload takes no latency samples (accepted: 0)",
			workload->name, common[OPT_SAMPLE_PERIOD].uint);
		return -1;
	}
	if (workload->workers_in_pairs && common[OPT_THREADS].uint % 2) {
		snprintf(
			err, errlen,
			"%s: --threads %lu: the workers work in pairs (accepted: an even number)",
			workload->name, common[OPT_THREADS].uint);
		return -1;
	}
	if (workload->workers_in_pairs &&
	    strcmp(common[OPT_MODE].string, "threads")) {
		snprintf(
			err, errlen,
			"%s: --mode %s: a pair of workers shares one address space (accepted: threads)",
			workload->name, common[OPT_MODE].string);
		return -1;
	}
	ctx->threads = common[OPT_THREADS].uint;
	ctx->processes = !strcmp(common[OPT_MODE].string, "processes");
	ctx->duration_s = common[OPT_DURATION].uint;
	ctx->warmup_s = common[OPT_WARMUP].uint;
	ctx->sample_period = common[OPT_SAMPLE_PERIOD].uint;
	ctx->json_path = common[OPT_JSON].string;
	ctx->wait_for = common[OPT_WAIT_FOR].string;
	ctx->wait_timeout_s = common[OPT_WAIT_TIMEOUT].uint;
	/* --validate as the last argument: check the options, run nothing */
	return i < argc ? 2 : 0;
}

static void print_options(FILE *out, const struct workload_option *opt)
{
	for (; opt && opt->name; opt++) {
		fprintf(out, "  --%-14s %s", opt->name, opt->help);
		if (opt->type == WOPT_UINT)
			fprintf(out, " (default: %s; accepted: %lu..%lu)",
				opt->default_value, opt->min, opt->max);
		else if (opt->default_value)
			fprintf(out, " (default: %s)", opt->default_value);
		if (opt->choices) {
			char choices[256] = "";

			append_choices(choices, sizeof(choices), opt->choices);
			fprintf(out, " (accepted: %s)", choices);
		}
		fputc('\n', out);
	}
}

void runner_print_help(const struct workload *workload, FILE *out)
{
	init_default_texts(workload);
	fprintf(out, "usage: %s [--OPTION VALUE]... [--validate]\n%s\n",
		workload->name, workload->description);
	if (workload->latency_of)
		fprintf(out, "Latency samples time %s.\n",
			workload->latency_of);
	fputs("\nCommon options:\n", out);
	print_options(out, common_options);
	fprintf(out,
		"  --%-14s show this help\n  --%-14s check the options and exit (last argument)\n%s options:\n",
		"help", "validate", workload->name);
	print_options(out, workload->options);
}

const union workload_option_value *workload_opt(const struct workload_ctx *ctx,
						const char *name,
						enum workload_option_type type)
{
	const struct workload_option *opt;
	size_t index;

	opt = find_option(ctx->workload->options, name, &index);
	if (opt && opt->type == type)
		return &ctx->values[index];
	/* A misspelt name is a bug in the workload, not a run-time condition */
	fprintf(stderr, "%s: no such option '%s'\n", ctx->workload->name, name);
	abort();
}
