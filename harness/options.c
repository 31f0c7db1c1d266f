// SPDX-License-Identifier: GPL-2.0
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

static const struct option long_options[] = {
	{ "variant", required_argument, NULL, 'v' },
	{ "workload", required_argument, NULL, 'w' },
	{ "workload-args", required_argument, NULL, 'W' },
	{ "mem", required_argument, NULL, 'm' },
	{ "vcpus", required_argument, NULL, 'c' },
	{ "duration", required_argument, NULL, 'd' },
	{ "runs", required_argument, NULL, 'r' },
	{ "migrate-at", required_argument, NULL, 'M' },
	{ "accel", required_argument, NULL, 'a' },
	{ "prefill", required_argument, NULL, 'p' },
	{ "bandwidth", required_argument, NULL, 'b' },
	{ "trace", required_argument, NULL, 't' },
	{ "events", required_argument, NULL, 'e' },
	{ "out", required_argument, NULL, 'o' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "migrations", required_argument, NULL, 'N' },
	{ "debug", no_argument, NULL, 'D' },
	{ "check", no_argument, NULL, 'C' },
	{ "list", no_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

const char *accel_name(enum accel accel)
{
	switch (accel) {
	case ACCEL_KVM:
		return "kvm";
	case ACCEL_TCG:
		return "tcg";
	default:
		return "auto";
	}
}

void options_usage(FILE *out)
{
	fprintf(out,
		"usage: bench --variant V [options]\n"
		"Boot a guest kernel variant in QEMU, run a workload under trace-cmd,\n"
		"live-migrate it, and write one result directory per run.\n\n"
		"  --variant V[,V]   kernel variant(s) (kernel-variants/V; see --list);\n"
		"                    several variants interleave, run by run\n"
		"  --workload W      workload (default pagefault; see --list)\n"
		"  --workload-args A the workload's own options as NAME=VALUE[,...],\n"
		"                    e.g. size-mib=64,hot-percent=50 (see\n"
		"                    build/workloads/W --help)\n"
		"  --mem SIZE        guest memory, 256M..16G (default 1G)\n"
		"  --vcpus N         guest vCPUs, 1..%d (default 2)\n"
		"  --duration S      workload seconds, 1..%d (default 10)\n"
		"  --runs R          repetitions, 1..%d (default 1)\n"
		"  --migrate-at S    migrate S seconds into the workload, 0..duration-1,\n"
		"                    or 'off' (default: 20%% of the duration)\n"
		"  --accel A         auto|kvm|tcg (default auto: probe KVM, else TCG)\n"
		"  --prefill P       percent of free guest memory dirtied and freed\n"
		"                    before the workload, 0..95 (default 90)\n"
		"  --bandwidth MIB   migration max-bandwidth in MiB/s, 1..100000\n"
		"                    (default 10000: loopback, effectively unlimited)\n"
		"  --trace on|off    record trace.dat with trace-cmd (default on; off\n"
		"                    measures what tracing costs the workload)\n"
		"  --events LIST     trace events, comma-separated system:event or\n"
		"                    system names (default " DEFAULT_TRACE_EVENTS
		")\n"
		"  --out DIR         parent of the run directories (default reports)\n"
		"  --migrations N    ping-pong: migrate N times, back and forth between\n"
		"                    a fresh QEMU and the last, each as soon as the\n"
		"                    last completed, 1..%d (default 1)\n"
		"  --timeout S       seconds from the workload's start to its results,\n"
		"                    beyond which the guest counts as hung,\n"
		"                    duration+1..%d (default 3 x duration + 120)\n"
		"  --debug           boot the variants' debug kernels (lockdep, KASAN,\n"
		"                    DEBUG_VM, DEBUG_LIST, debug_pagealloc=on; make\n"
		"                    kernel DEBUG=1); any kernel splat fails a run,\n"
		"                    with or without it\n"
		"  --check           check the options, variants and workload, run\n"
		"                    nothing (kernels need not be built yet)\n"
		"  --list            list variants and workloads\n"
		"  --help            this text\n",
		VCPUS_MAX, DURATION_MAX_S, RUNS_MAX, MIGRATIONS_MAX,
		TIMEOUT_MAX_S);
}

/* NAME=VALUE[,NAME=VALUE]...: no blanks or quotes, nothing empty */
static bool workload_args_valid(const char *args)
{
	const char *allowed = "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./";
	size_t name, value;

	if (!*args || strlen(args) > 512)
		return false;
	for (;;) {
		name = strspn(args, allowed);
		if (!name || args[name] != '=')
			return false;
		args += name + 1;
		value = strspn(args, allowed);
		if (!value)
			return false;
		args += value;
		if (!*args)
			return true;
		if (*args++ != ',')
			return false;
	}
}

/* The workload options bench sets itself, from --vcpus, --duration, ... */
static bool workload_args_reserved(const char *args)
{
	static const char *const reserved[] = { "threads=", "duration=",
						"json=", "wait-for=" };
	const char *pair = args;
	size_t i;

	for (;;) {
		for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
			if (!strncmp(pair, reserved[i], strlen(reserved[i])))
				return true;
		pair = strchr(pair, ',');
		if (!pair++)
			return false;
	}
}

/* Whole decimal number in [min, max]; rejects signs, suffixes and overflow. */
static int parse_uint(const char *s, unsigned long min, unsigned long max,
		      unsigned int *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "1G", "512M", "2048" (MiB). Binary units, whole MiB. */
static int parse_mem_mib(const char *s, unsigned int *mib)
{
	char *end;
	unsigned long long v;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (!strcmp(end, "G") || !strcmp(end, "g"))
		v *= 1024;
	else if (*end && strcmp(end, "M") && strcmp(end, "m"))
		return -1;
	if (v < MEM_MIN_MIB || v > MEM_MAX_MIB)
		return -1;
	*mib = v;
	return 0;
}

static int parse_variants(const char *arg, struct bench_options *o)
{
	char *save, *tok;

	if (strlen(arg) >= sizeof(o->variant_list))
		return -1;
	strcpy(o->variant_list, arg);
	o->nvariants = 0;
	for (tok = strtok_r(o->variant_list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!name_is_safe(tok) || o->nvariants == VARIANTS_MAX)
			return -1;
		o->variants[o->nvariants++] = tok;
	}
	return o->nvariants ? 0 : -1;
}

/*
 * The result parent lands in QEMU options (-fsdev path=...), where a comma
 * starts another option, and in one-line errors; '..' climbs out of it.
 */
static bool out_dir_is_safe(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= PATH_MAX - 256 || strchr(s, ','))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	for (const char *p = s; (p = strstr(p, "..")); p += 2)
		if ((p == s || p[-1] == '/') && (!p[2] || p[2] == '/'))
			return false;
	return true;
}

/* Errors are one line: a control character in a value shows as '?'. */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

#define BAD(fmt, ...)                                    \
	do {                                             \
		snprintf(err, errlen, fmt, __VA_ARGS__); \
		one_line(err);                           \
		return -1;                               \
	} while (0)

int options_parse(int argc, char **argv, struct bench_options *o, char *err,
		  size_t errlen)
{
	const char *migrate_at = NULL, *timeout = NULL;
	int c;

	*o = (struct bench_options){
		.workload = "pagefault",
		.mem_mib = 1024,
		.vcpus = 2,
		.duration_s = 10,
		.runs = 1,
		.migrations = 1,
		.accel = ACCEL_AUTO,
		.prefill_pct = 90,
		.bandwidth_mib = 10000,
		.out_dir = "reports",
		.trace = true,
		.events = DEFAULT_TRACE_EVENTS,
	};
	optind = 0; /* GNU getopt: full reinitialisation, for repeated calls */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
		switch (c) {
		case 'v':
			if (parse_variants(optarg, o))
				BAD("invalid --variant '%s' (accepted: up to %d names under kernel-variants/, comma-separated, see --list)",
				    optarg, VARIANTS_MAX);
			break;
		case 'w':
			if (!name_is_safe(optarg))
				BAD("invalid --workload '%s' (accepted: a workload name, see --list)",
				    optarg);
			o->workload = optarg;
			break;
		case 'W':
			/* It lands on the guest's kernel command line. */
			if (!workload_args_valid(optarg))
				BAD("invalid --workload-args '%s' (accepted: NAME=VALUE[,NAME=VALUE]... of letters, digits and -_./)",
				    optarg);
			if (workload_args_reserved(optarg))
				BAD("invalid --workload-args '%s': threads, duration, json and wait-for are bench's to set (accepted: the workload's other options)",
				    optarg);
			o->workload_args = optarg;
			break;
		case 'm':
			if (parse_mem_mib(optarg, &o->mem_mib))
				BAD("invalid --mem '%s' (accepted: a size from %dM to %dG, e.g. 1G or 1536M)",
				    optarg, MEM_MIN_MIB, MEM_MAX_MIB / 1024);
			break;
		case 'c':
			if (parse_uint(optarg, 1, VCPUS_MAX, &o->vcpus))
				BAD("invalid --vcpus '%s' (accepted: 1..%d)",
				    optarg, VCPUS_MAX);
			break;
		case 'd':
			if (parse_uint(optarg, 1, DURATION_MAX_S,
				       &o->duration_s))
				BAD("invalid --duration '%s' (accepted: 1..%d seconds)",
				    optarg, DURATION_MAX_S);
			break;
		case 'r':
			if (parse_uint(optarg, 1, RUNS_MAX, &o->runs))
				BAD("invalid --runs '%s' (accepted: 1..%d)",
				    optarg, RUNS_MAX);
			break;
		case 'M':
			migrate_at = optarg;
			break;
		case 'a':
			if (!strcmp(optarg, "auto"))
				o->accel = ACCEL_AUTO;
			else if (!strcmp(optarg, "kvm"))
				o->accel = ACCEL_KVM;
			else if (!strcmp(optarg, "tcg"))
				o->accel = ACCEL_TCG;
			else
				BAD("invalid --accel '%s' (accepted: auto, kvm, tcg)",
				    optarg);
			break;
		case 'p':
			if (parse_uint(optarg, 0, 95, &o->prefill_pct))
				BAD("invalid --prefill '%s' (accepted: 0..95 percent)",
				    optarg);
			break;
		case 'b':
			if (parse_uint(optarg, 1, 100000, &o->bandwidth_mib))
				BAD("invalid --bandwidth '%s' (accepted: 1..100000 MiB/s)",
				    optarg);
			break;
		case 't':
			if (strcmp(optarg, "on") && strcmp(optarg, "off"))
				BAD("invalid --trace '%s' (accepted: on, off)",
				    optarg);
			o->trace = !strcmp(optarg, "on");
			break;
		case 'e':
			/* It lands on the guest's kernel command line. */
			if (!*optarg || strlen(optarg) > 512 ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyz"
					   "0123456789_:,") != strlen(optarg))
				BAD("invalid --events '%s' (accepted: comma-separated system:event or system names, e.g. lock:contention_begin,free_page_hint)",
				    optarg);
			o->events = optarg;
			break;
		case 'o':
			if (!out_dir_is_safe(optarg))
				BAD("invalid --out '%s' (accepted: a directory path shorter than %d bytes, without '..' components, commas or control characters)",
				    optarg, PATH_MAX - 256);
			o->out_dir = optarg;
			break;
		case 'T':
			timeout = optarg;
			break;
		case 'N':
			if (parse_uint(optarg, 1, MIGRATIONS_MAX,
				       &o->migrations))
				BAD("invalid --migrations '%s' (accepted: 1..%d)",
				    optarg, MIGRATIONS_MAX);
			break;
		case 'D':
			o->debug = true;
			break;
		case 'C':
			o->check = true;
			break;
		case 'l':
			o->list = true;
			break;
		case 'h':
			o->help = true;
			break;
		case ':':
			BAD("option '%s' needs a value (see --help)",
			    argv[optind - 1]);
		default:
			BAD("unknown option '%s' (accepted: see --help)",
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		BAD("unexpected argument '%s' (accepted: options only, see --help)",
		    argv[optind]);
	if (o->help || o->list)
		return 0;
	if (!o->nvariants)
		BAD("%s",
		    "missing --variant (accepted: a variant from --list)");

	unsigned int at;

	if (!migrate_at) {
		/* Early, so the switch-over falls inside the workload. */
		o->migrate_at_s = o->duration_s / 5;
	} else if (!strcmp(migrate_at, "off")) {
		o->migrate_at_s = MIGRATE_OFF;
	} else if (parse_uint(migrate_at, 0, o->duration_s - 1, &at)) {
		BAD("invalid --migrate-at '%s' (accepted: 0..%u seconds, less than --duration, or off)",
		    migrate_at, o->duration_s - 1);
	} else {
		o->migrate_at_s = at;
	}
	if (o->migrations > 1 && o->migrate_at_s == MIGRATE_OFF)
		BAD("invalid --migrations '%u' with --migrate-at off (accepted: 1)",
		    o->migrations);
	/* A migration under TCG takes seconds; the guest waits for them all */
	if (!timeout)
		o->timeout_s =
			3 * o->duration_s + 120 + 30 * (o->migrations - 1);
	else if (parse_uint(timeout, o->duration_s + 1, TIMEOUT_MAX_S,
			    &o->timeout_s))
		BAD("invalid --timeout '%s' (accepted: %u..%d seconds, more than --duration)",
		    timeout, o->duration_s + 1, TIMEOUT_MAX_S);
	return 0;
}
