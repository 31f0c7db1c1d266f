// SPDX-License-Identifier: GPL-2.0
/*
 * bench's command line. Every option is one entry of option_defs: its
 * name, value, help, limits and default, from which come the parser, the
 * usage text and the one-line errors, so that none of them can disagree.
 */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "workload_args.h"

#define USAGE_INDENT 20
#define USAGE_WIDTH 72

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

/*
 * Comma-separated names (name_is_safe) into names[], up to max, pointing
 * into buf, a copy of arg; -1 when there are none or a bad one.
 */
static int parse_names(const char *arg, char *buf, size_t len,
		       const char **names, unsigned int max, unsigned int *n)
{
	char *save, *tok;

	*n = 0;
	if (strlen(arg) >= len)
		return -1;
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!name_is_safe(tok) || *n == max)
			return -1;
		names[(*n)++] = tok;
	}
	return *n ? 0 : -1;
}

static int parse_variants(const char *arg, struct bench_options *o)
{
	return parse_names(arg, o->variant_list, sizeof(o->variant_list),
			   o->variants, VARIANTS_MAX, &o->nvariants);
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

/*
 * What a value parser sees: the options, and the values that can only be
 * checked once every option is known (they depend on --duration).
 */
struct parse_state {
	struct bench_options *o;
	const char *migrate_at, *timeout;
};

/*
 * A value parser: 0, or -1 with what follows the quoted value in the
 * error, " (accepted: ...)" or ": why (accepted: ...)", in tail.
 */
typedef int (*parse_fn)(const char *value, struct parse_state *st, char *tail,
			size_t len);

enum option_kind {
	KIND_UINT, /* an unsigned int field, min..max */
	KIND_VALUE, /* parsed by parse */
	KIND_FLAG, /* a bool field, set when given */
};

struct option_def {
	const char *name;
	const char *metavar; /* NULL for a flag */
	enum option_kind kind;
	const char *help;
	/*
	 * Parsed before the command line as if given, so the defaults are
	 * the parser's to check too; NULL: none, or computed at the end.
	 */
	const char *default_value;
	/* what the usage says the default is, when not default_value */
	const char *default_text;
	unsigned long min, max; /* KIND_UINT */
	const char *unit; /* KIND_UINT, in the accepted range: " seconds" */
	size_t offset; /* KIND_UINT, KIND_FLAG: the field */
	parse_fn parse; /* KIND_VALUE */
};

static int parse_variant(const char *v, struct parse_state *st, char *tail,
			 size_t len)
{
	snprintf(
		tail, len,
		" (accepted: up to %d names under kernel-variants/, comma-separated, see --list)",
		VARIANTS_MAX);
	return parse_variants(v, st->o);
}

/* A list replaces the default; several only with --matrix (checked last) */
static int parse_workload(const char *v, struct parse_state *st, char *tail,
			  size_t len)
{
	struct bench_options *o = st->o;

	snprintf(
		tail, len,
		" (accepted: a workload name, see --list; with --matrix up to %d, comma-separated)",
		WORKLOADS_MAX);
	o->workload_arg = v;
	if (parse_names(v, o->workload_list, sizeof(o->workload_list),
			o->workloads, WORKLOADS_MAX, &o->nworkloads))
		return -1;
	o->workload = o->workloads[0];
	return 0;
}

/* A path component (matrix-NAME), and before ':' in --cell */
static int parse_matrix(const char *v, struct parse_state *st, char *tail,
			size_t len)
{
	snprintf(
		tail, len,
		" (accepted: a name of letters, digits and -_., up to 48 characters, not starting with '.' or '-')");
	if (!name_is_safe(v) || strlen(v) > 48)
		return -1;
	st->o->matrix = v;
	return 0;
}

/* NAME:K, as bench --matrix writes it into its cells' commands */
static int parse_cell(const char *v, struct parse_state *st, char *tail,
		      size_t len)
{
	struct bench_options *o = st->o;
	const char *colon = strrchr(v, ':');

	snprintf(
		tail, len,
		" (accepted: NAME:K, a matrix name and its cell number from 1, as bench --matrix writes them)");
	if (!colon || (size_t)(colon - v) >= sizeof(o->cell_of) ||
	    parse_uint(colon + 1, 1, UINT_MAX, &o->cell))
		return -1;
	snprintf(o->cell_of, sizeof(o->cell_of), "%.*s", (int)(colon - v), v);
	return name_is_safe(o->cell_of) && strlen(o->cell_of) <= 48 ? 0 : -1;
}

/* It lands on the guest's kernel command line. */
static int parse_workload_args(const char *v, struct parse_state *st,
			       char *tail, size_t len)
{
	/* bench sets these itself, from --vcpus, --duration, ... */
	static const char *const reserved[] = { "threads", "duration", "json",
						"wait-for" };
	struct workload_args wa;
	bool ours = false;

	if (workload_args_parse(v, &wa)) {
		snprintf(
			tail, len,
			" (accepted: NAME=VALUE[,NAME=VALUE]... of letters, digits and -_./)");
		return -1;
	}
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		ours |= workload_args_has(&wa, reserved[i]);
	if (ours) {
		snprintf(
			tail, len,
			": threads, duration, json and wait-for are bench's to set (accepted: the workload's other options)");
		return -1;
	}
	st->o->workload_args = v;
	return 0;
}

/* A list replaces the default, and an earlier --mem */
static int parse_mem(const char *v, struct parse_state *st, char *tail,
		     size_t len)
{
	struct bench_options *o = st->o;
	char list[256], *save, *tok;

	snprintf(
		tail, len,
		" (accepted: up to %d sizes from %dM to %dG, comma-separated, e.g. 1G or 1G,1536M,2G)",
		MEMS_MAX, MEM_MIN_MIB, MEM_MAX_MIB / 1024);
	if (strlen(v) >= sizeof(list))
		return -1;
	strcpy(list, v);
	o->nmems = 0;
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->nmems == MEMS_MAX ||
		    parse_mem_mib(tok, &o->mems_mib[o->nmems]))
			return -1;
		o->nmems++;
	}
	return o->nmems ? 0 : -1;
}

/* module.parameter=V1,V2,...; values land on the guest's command line */
static int parse_param(const char *v, struct parse_state *st, char *tail,
		       size_t len)
{
	static const char name_chars[] =
		"abcdefghijklmnopqrstuvwxyz0123456789_";
	static const char value_chars[] = "abcdefghijklmnopqrstuvwxyz"
					  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					  "0123456789_-";
	struct bench_options *o = st->o;
	struct param_sweep *p = &o->params[o->nparams];
	char *eq, *dot, *save, *tok;
	size_t module;

	snprintf(
		tail, len,
		" (accepted: module.parameter=V1[,V2]... with up to %d values of letters, digits, '-', '_', each parameter once, up to %d parameters)",
		PARAM_VALUES_MAX, PARAMS_MAX);
	if (o->nparams == PARAMS_MAX || strlen(v) >= sizeof(p->buf))
		return -1;
	strcpy(p->buf, v);
	eq = strchr(p->buf, '=');
	dot = strchr(p->buf, '.');
	if (!eq || !dot || dot > eq)
		return -1;
	*eq = '\0';
	module = dot - p->buf;
	if (!module || strspn(p->buf, name_chars) != module || !dot[1] ||
	    strspn(dot + 1, name_chars) != strlen(dot + 1))
		return -1;
	for (unsigned int i = 0; i < o->nparams; i++)
		if (!strcmp(o->params[i].name, p->buf))
			return -1;
	p->name = p->buf;
	p->nvalues = 0;
	for (tok = strtok_r(eq + 1, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (p->nvalues == PARAM_VALUES_MAX ||
		    strspn(tok, value_chars) != strlen(tok))
			return -1;
		p->values[p->nvalues++] = tok;
	}
	if (!p->nvalues)
		return -1;
	o->nparams++;
	return 0;
}

/* Seconds, with up to three decimals: into whole milliseconds */
static int parse_round_every(const char *v, struct parse_state *st, char *tail,
			     size_t len)
{
	unsigned long whole = 0, frac = 0, scale = 1000;
	const char *p = v;

	snprintf(tail, len,
		 " (accepted: seconds from 0.01 to 3600, up to 3 decimals)");
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9' && whole <= 3600; p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.') {
		if (!p[1])
			return -1;
		for (p++; *p >= '0' && *p <= '9' && scale > 1; p++) {
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p || whole * 1000 + frac < 10 || whole * 1000 + frac > 3600000)
		return -1;
	st->o->round_every_ms = whole * 1000 + frac;
	return 0;
}

static int parse_accel(const char *v, struct parse_state *st, char *tail,
		       size_t len)
{
	static const enum accel accels[] = { ACCEL_AUTO, ACCEL_KVM, ACCEL_TCG };

	snprintf(tail, len, " (accepted: auto, kvm, tcg)");
	for (size_t i = 0; i < sizeof(accels) / sizeof(accels[0]); i++)
		if (!strcmp(v, accel_name(accels[i]))) {
			st->o->accel = accels[i];
			return 0;
		}
	return -1;
}

static int on_off(const char *v, bool *out, char *tail, size_t len)
{
	snprintf(tail, len, " (accepted: on, off)");
	if (strcmp(v, "on") && strcmp(v, "off"))
		return -1;
	*out = !strcmp(v, "on");
	return 0;
}

static int parse_trace(const char *v, struct parse_state *st, char *tail,
		       size_t len)
{
	return on_off(v, &st->o->trace, tail, len);
}

static int parse_host_sampling(const char *v, struct parse_state *st,
			       char *tail, size_t len)
{
	return on_off(v, &st->o->host_sampling, tail, len);
}

/* It lands on the guest's kernel command line. */
static int parse_events(const char *v, struct parse_state *st, char *tail,
			size_t len)
{
	snprintf(
		tail, len,
		" (accepted: comma-separated system:event or system names, e.g. lock:contention_begin,free_page_hint)");
	if (!*v || strlen(v) > 512 ||
	    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_:,") != strlen(v))
		return -1;
	st->o->events = v;
	return 0;
}

static int parse_out(const char *v, struct parse_state *st, char *tail,
		     size_t len)
{
	snprintf(
		tail, len,
		" (accepted: a directory path shorter than %d bytes, without '..' components, commas or control characters)",
		PATH_MAX - 256);
	if (!out_dir_is_safe(v))
		return -1;
	st->o->out_dir = v;
	return 0;
}

/* Checked once --duration is known, whatever the order */
static int defer_migrate_at(const char *v, struct parse_state *st, char *tail,
			    size_t len)
{
	(void)tail;
	(void)len;
	st->migrate_at = v;
	return 0;
}

static int defer_timeout(const char *v, struct parse_state *st, char *tail,
			 size_t len)
{
	(void)tail;
	(void)len;
	st->timeout = v;
	return 0;
}

#define UINT_DEF(n, meta, text, def, lo, hi, u, field)                       \
	{                                                                    \
		.name = n, .metavar = meta, .kind = KIND_UINT, .help = text, \
		.default_value = def, .min = lo, .max = hi, .unit = u,       \
		.offset = offsetof(struct bench_options, field)              \
	}
#define VALUE_DEF(n, meta, text, def, fn)                                     \
	{                                                                     \
		.name = n, .metavar = meta, .kind = KIND_VALUE, .help = text, \
		.default_value = def, .parse = fn                             \
	}
#define FLAG_DEF(n, text, field)                                \
	{                                                       \
		.name = n, .kind = KIND_FLAG, .help = text,     \
		.offset = offsetof(struct bench_options, field) \
	}

static const struct option_def option_defs[] = {
	VALUE_DEF(
		"variant", "V[,V]",
		"kernel variant(s) (kernel-variants/V; see --list); several variants interleave, run by run",
		NULL, parse_variant),
	VALUE_DEF(
		"workload", "W",
		"workload, see --list; with --matrix a list, a factor of the matrix",
		"pagefault", parse_workload),
	VALUE_DEF(
		"workload-args", "A",
		"the workload's own options as NAME=VALUE[,...], e.g. size-mib=64,hot-percent=50 (see build/workloads/W --help)",
		NULL, parse_workload_args),
	{ .name = "mem",
	  .metavar = "SIZE[,SIZE]",
	  .kind = KIND_VALUE,
	  .help = "guest memory, 256M..16G (8G with a migration); several sizes interleave like the variants",
	  .default_value = "1G",
	  .parse = parse_mem },
	VALUE_DEF(
		"param", "M.P=V[,V]",
		"sweep a boot parameter, e.g. virtio_balloon.hint_batch=8,32,128; given for several parameters, every combination runs, interleaved; a variant whose kernel lacks the parameter runs without it",
		NULL, parse_param),
	UINT_DEF("vcpus", "N", "guest vCPUs", "2", 1, VCPUS_MAX, "", vcpus),
	UINT_DEF("duration", "S", "workload seconds", "10", 1, DURATION_MAX_S,
		 " seconds", duration_s),
	UINT_DEF("runs", "R", "repetitions", "1", 1, RUNS_MAX, "", runs),
	UINT_DEF(
		"first-run", "R",
		"the repetition number of the first run (a matrix cell's run is numbered as its repetition)",
		"1", 1, RUNS_MAX, "", first_run),
	{ .name = "migrate-at",
	  .metavar = "S",
	  .kind = KIND_VALUE,
	  .help = "migrate S seconds into the workload, 0..duration-1, or 'off'",
	  .default_text = "20% of the duration",
	  .parse = defer_migrate_at },
	UINT_DEF(
		"rounds", "N",
		"rounds on demand: N hinting or reporting rounds while the workload runs, started by the guest through its kernel's debugfs trigger, without a migration",
		"0", 0, ROUNDS_MAX, "", rounds),
	VALUE_DEF("round-every", "S",
		  "seconds from the end of one round on demand to the next",
		  "1", parse_round_every),
	{ .name = "accel",
	  .metavar = "A",
	  .kind = KIND_VALUE,
	  .help = "auto|kvm|tcg",
	  .default_value = "auto",
	  .default_text = "auto: probe KVM, else TCG",
	  .parse = parse_accel },
	UINT_DEF(
		"prefill", "P",
		"percent of free guest memory dirtied and freed before the workload",
		"90", 0, 95, " percent", prefill_pct),
	{ .name = "bandwidth",
	  .metavar = "MIB",
	  .kind = KIND_UINT,
	  .help = "migration max-bandwidth in MiB/s",
	  .default_value = "10000",
	  .default_text = "10000: loopback, effectively unlimited",
	  .min = 1,
	  .max = 100000,
	  .unit = " MiB/s",
	  .offset = offsetof(struct bench_options, bandwidth_mib) },
	{ .name = "trace",
	  .metavar = "on|off",
	  .kind = KIND_VALUE,
	  .help = "record trace.dat with trace-cmd; off measures what tracing costs the workload",
	  .default_value = "on",
	  .parse = parse_trace },
	{ .name = "host-sampling",
	  .metavar = "on|off",
	  .kind = KIND_VALUE,
	  .help = "sample each QEMU's RSS and threads' CPU 10 times a second; off measures what sampling costs",
	  .default_value = "on",
	  .parse = parse_host_sampling },
	VALUE_DEF("events", "LIST",
		  "trace events, comma-separated system:event or system names",
		  DEFAULT_TRACE_EVENTS, parse_events),
	VALUE_DEF("out", "DIR", "parent of the run directories", "reports",
		  parse_out),
	UINT_DEF(
		"migrations", "N",
		"ping-pong: migrate N times, back and forth between a fresh QEMU and the last, each as soon as the last completed",
		"1", 1, MIGRATIONS_MAX, "", migrations),
	{ .name = "timeout",
	  .metavar = "S",
	  .kind = KIND_VALUE,
	  .help = "seconds from the workload's start to its results, beyond which the guest counts as hung, duration+1..86400",
	  .default_text = "3 x duration + 120",
	  .parse = defer_timeout },
	FLAG_DEF(
		"debug",
		"boot the variants' debug kernels (lockdep, KASAN, DEBUG_VM, DEBUG_LIST, debug_pagealloc=on; make kernel DEBUG=1); any kernel splat fails a run, with or without it",
		debug),
	FLAG_DEF(
		"check",
		"check the options, variants and workload, run nothing (kernels need not be built yet)",
		check),
	VALUE_DEF(
		"matrix", "NAME",
		"run nothing: write the runs as a matrix of cells, one run each (variant x workload x size x --param values x repetition), into OUT/matrix-NAME/: jobs.txt, line K the self-contained bench command of cell K, which writes its run under OUT/matrix-NAME/cell-K; and matrix.json. scripts/matrix.sh runs it (GNU parallel, Slurm)",
		NULL, parse_matrix),
	VALUE_DEF(
		"cell", "NAME:K",
		"this run is cell K of matrix NAME, recorded in meta.json: one run (one variant, workload, size and value of each --param, --runs 1)",
		NULL, parse_cell),
	FLAG_DEF("list", "list variants and workloads", list),
	FLAG_DEF("help", "this text", help),
};

#define OPTION_COUNT (sizeof(option_defs) / sizeof(option_defs[0]))

/* Prints words from text, wrapped at USAGE_WIDTH, lines after the first
 * indented by USAGE_INDENT; col is where the first starts. */
static void print_wrapped(FILE *out, const char *text, int col)
{
	while (*text) {
		size_t word = strcspn(text, " ");

		if (col > USAGE_INDENT && col + 1 + (int)word > USAGE_WIDTH) {
			fprintf(out, "\n%*s", USAGE_INDENT, "");
			col = USAGE_INDENT;
		} else if (col > USAGE_INDENT) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)word, text);
		col += word;
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

void options_usage(FILE *out)
{
	fprintf(out,
		"usage: bench --variant V [options]\n"
		"Boot a guest kernel variant in QEMU, run a workload under trace-cmd,\n"
		"live-migrate it, and write one result directory per run.\n\n");
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		const struct option_def *d = &option_defs[i];
		const char *def = d->default_text ?: d->default_value;
		char left[64], text[512];
		int n;

		snprintf(left, sizeof(left), "  --%s%s%s", d->name,
			 d->metavar ? " " : "", d->metavar ?: "");
		n = snprintf(text, sizeof(text), "%s", d->help);
		if (d->kind == KIND_UINT)
			n += snprintf(text + n, sizeof(text) - n, ", %lu..%lu",
				      d->min, d->max);
		if (def)
			snprintf(text + n, sizeof(text) - n, " (default %s)",
				 def);
		fputs(left, out);
		if ((int)strlen(left) >= USAGE_INDENT) {
			fputc(' ', out);
			print_wrapped(out, text, (int)strlen(left) + 1);
			continue;
		}
		fprintf(out, "%*s", USAGE_INDENT - (int)strlen(left), "");
		print_wrapped(out, text, USAGE_INDENT);
	}
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

/* One option's value into the options; -1 with the one-line error */
static int set_value(const struct option_def *d, const char *value,
		     struct parse_state *st, char *err, size_t errlen)
{
	char tail[256] = "";
	char *field = (char *)st->o + d->offset;

	switch (d->kind) {
	case KIND_FLAG:
		*(bool *)field = true;
		return 0;
	case KIND_UINT:
		if (!parse_uint(value, d->min, d->max, (unsigned int *)field))
			return 0;
		snprintf(tail, sizeof(tail), " (accepted: %lu..%lu%s)", d->min,
			 d->max, d->unit);
		break;
	case KIND_VALUE:
		if (!d->parse(value, st, tail, sizeof(tail)))
			return 0;
		break;
	}
	BAD("invalid --%s '%s'%s", d->name, value, tail);
}

/* A matrix's factors are lists; a cell of it is one run. */
static int matrix_checks(const struct bench_options *o, char *err,
			 size_t errlen)
{
	bool one_value = true;

	if (o->nworkloads > 1 && !o->matrix)
		BAD("invalid --workload '%s': several workloads only with --matrix (accepted: one workload, or --matrix NAME)",
		    o->workload_arg);
	if (o->matrix && (o->cell || o->first_run != 1))
		BAD("invalid --matrix '%s' with --%s (accepted: --matrix writes the cells, each with its own --cell and --first-run)",
		    o->matrix, o->cell ? "cell" : "first-run");
	for (unsigned int i = 0; i < o->nparams; i++)
		one_value &= o->params[i].nvalues == 1;
	if (o->cell &&
	    (o->nvariants > 1 || o->nmems > 1 || !one_value || o->runs > 1))
		BAD("invalid --cell '%s:%u': a cell is one run (accepted: one --variant, --mem, value of each --param, and --runs 1)",
		    o->cell_of, o->cell);
	return 0;
}

int options_parse(int argc, char **argv, struct bench_options *o, char *err,
		  size_t errlen)
{
	struct option long_options[OPTION_COUNT + 1];
	struct parse_state st = { .o = o };
	unsigned int at;
	int c, index;

	*o = (struct bench_options){ 0 };
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		const struct option_def *d = &option_defs[i];

		long_options[i] = (struct option){
			d->name, d->metavar ? required_argument : no_argument,
			NULL, 0
		};
		/* a default the parser rejects is a bug: say which */
		if (d->default_value &&
		    set_value(d, d->default_value, &st, err, errlen))
			return -1;
	}
	long_options[OPTION_COUNT] = (struct option){ 0 };
	optind = 0; /* GNU getopt: full reinitialisation, for repeated calls */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", long_options, &index)) != -1) {
		if (c == ':')
			BAD("option '%s' needs a value (see --help)",
			    argv[optind - 1]);
		if (c != 0)
			BAD("unknown option '%s' (accepted: see --help)",
			    argv[optind - 1]);
		if (set_value(&option_defs[index], optarg, &st, err, errlen))
			return -1;
		if (o->ngiven == GIVEN_MAX)
			BAD("more than %d options (accepted: up to %d)",
			    GIVEN_MAX, GIVEN_MAX);
		o->given[o->ngiven++] = (struct option_given){
			option_defs[index].name,
			option_defs[index].metavar ? optarg : NULL
		};
	}
	if (optind < argc)
		BAD("unexpected argument '%s' (accepted: options only, see --help)",
		    argv[optind]);
	if (o->help || o->list)
		return 0;
	if (!o->nvariants)
		BAD("%s",
		    "missing --variant (accepted: a variant from --list)");

	if (matrix_checks(o, err, errlen))
		return -1;
	if (o->rounds && st.migrate_at && strcmp(st.migrate_at, "off"))
		BAD("invalid --migrate-at '%s' with --rounds %u (accepted: off: rounds on demand run without a migration)",
		    st.migrate_at, o->rounds);
	if (o->rounds) {
		o->migrate_at_s = MIGRATE_OFF;
	} else if (!st.migrate_at) {
		/* Early, so the switch-over falls inside the workload. */
		o->migrate_at_s = o->duration_s / 5;
	} else if (!strcmp(st.migrate_at, "off")) {
		o->migrate_at_s = MIGRATE_OFF;
	} else if (parse_uint(st.migrate_at, 0, o->duration_s - 1, &at)) {
		BAD("invalid --migrate-at '%s' (accepted: 0..%u seconds, less than --duration, or off)",
		    st.migrate_at, o->duration_s - 1);
	} else {
		o->migrate_at_s = at;
	}
	if (o->rounds && (unsigned long)o->rounds * o->round_every_ms >=
				 o->duration_s * 1000UL)
		BAD("invalid --rounds '%u': %u rounds %u ms apart need more than --duration %u s (accepted: 1..%lu at this spacing, or a longer --duration)",
		    o->rounds, o->rounds, o->round_every_ms, o->duration_s,
		    (o->duration_s * 1000UL - 1) / o->round_every_ms);
	for (unsigned int i = 0; i < o->nmems; i++)
		if (o->migrate_at_s != MIGRATE_OFF &&
		    o->mems_mib[i] > MEM_MIGRATE_MAX_MIB)
			BAD("invalid --mem size %u%s with a migration (accepted: up to %dG; larger guests with --migrate-at off or --rounds)",
			    o->mems_mib[i] % 1024 ? o->mems_mib[i] :
						    o->mems_mib[i] / 1024,
			    o->mems_mib[i] % 1024 ? "M" : "G",
			    MEM_MIGRATE_MAX_MIB / 1024);
	if (o->migrations > 1 && o->migrate_at_s == MIGRATE_OFF)
		BAD("invalid --migrations '%u' with --migrate-at off (accepted: 1)",
		    o->migrations);
	/* A migration under TCG takes seconds; the guest waits for them all */
	if (!st.timeout)
		o->timeout_s =
			3 * o->duration_s + 120 + 30 * (o->migrations - 1);
	else if (parse_uint(st.timeout, o->duration_s + 1, TIMEOUT_MAX_S,
			    &o->timeout_s))
		BAD("invalid --timeout '%s' (accepted: %u..%d seconds, more than --duration)",
		    st.timeout, o->duration_s + 1, TIMEOUT_MAX_S);
	return 0;
}
