// SPDX-License-Identifier: GPL-2.0
/*
 * bench: one benchmark run = boot a variant's guest kernel in QEMU, run a
 * workload under trace-cmd, live-migrate the guest to a second QEMU while the
 * workload runs, and collect everything into one new result directory.
 * Here: the command line, the variants' kernels, the accelerator, and the
 * interleaving of the runs; a run itself is harness/run.c.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/accel.h"
#include "harness/bench_run.h"
#include "harness/events.h"
#include "harness/matrix.h"
#include "harness/options.h"
#include "harness/provenance.h"
#include "harness/sweep.h"
#include "harness/variant.h"
#include "harness/workload_catalog.h"

#define ERR_LEN 1024

static void on_signal(int sig)
{
	bench_interrupted = sig;
}

/*
 * The lockhold tree: the nearest directory above the executable that holds
 * kernel-variants/, so ./bench, build/host/bench and the test builds agree.
 */
static int find_root(char *root, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", root, len - 1);
	char probe[PATH_MAX + 32];
	char *slash;

	if (n <= 0)
		return -1;
	root[n] = '\0';
	while ((slash = strrchr(root, '/')) && slash != root) {
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/kernel-variants", root);
		if (!access(probe, F_OK))
			return 0;
	}
	return -1;
}

static int list(const char *root)
{
	char names[2048], err[ERR_LEN];
	struct variant v;

	variant_names(root, names, sizeof(names));
	printf("variants:\n");
	for (char *tok = strtok(names, ", "); tok; tok = strtok(NULL, ", ")) {
		if (variant_load(root, tok, &v, err, sizeof(err)))
			printf("  %-16s (broken: %s)\n", tok, err);
		else
			printf("  %-16s kernel %-10s %s\n", v.name, v.kernel,
			       v.description);
	}
	workload_catalog_names(root, names, sizeof(names));
	printf("workloads: %s\n", *names ? names : "(none built: run make)");
	return 0;
}

/* A variant ready to run: its kernel and the kernel's release string. */
struct target {
	struct variant variant;
	char kernel[PATH_MAX + 64];
	char system_map[PATH_MAX + 64];
	char release[128];
};

static int load_target(const char *root, const char *name,
		       const struct bench_options *o, struct target *t)
{
	const char *suffix = o->debug ? "-debug" : "";
	char err[ERR_LEN], path[PATH_MAX + 64];
	bool debug = o->debug;

	if (variant_load(root, name, &t->variant, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	snprintf(t->system_map, sizeof(t->system_map),
		 "%s/build/kernel/%s%s/System.map", root, t->variant.kernel,
		 suffix);
	/* a matrix's cells check their kernels on the hosts they run on */
	if (o->check || o->matrix)
		return 0;
	snprintf(t->kernel, sizeof(t->kernel),
		 "%s/build/kernel/%s%s/arch/x86/boot/bzImage", root,
		 t->variant.kernel, suffix);
	snprintf(path, sizeof(path), "%s/build/kernel/%s%s/kernel.release",
		 root, t->variant.kernel, suffix);
	if (access(t->kernel, R_OK)) {
		fprintf(stderr,
			"bench: %skernel for variant '%s' not built (run: make kernel VARIANT=%s%s)\n",
			debug ? "debug " : "", name, name,
			debug ? " DEBUG=1" : "");
		return -1;
	}
	read_first_line(path, t->release, sizeof(t->release));
	if (o->trace &&
	    events_check(t->system_map, o->events, err, sizeof(err)) == 1) {
		fprintf(stderr,
			"bench: unknown trace event '%s' in kernel %s%s of variant '%s' (accepted: system:event or system names that kernel has, e.g. lock:contention_begin, free_page_hint)\n",
			err, t->variant.kernel, suffix, name);
		return -1;
	}
	return 0;
}

/*
 * The runs of one repetition. A --param a variant's kernel lacks would
 * only repeat the variant: it runs once for that parameter's values.
 */
static size_t plan(const struct bench_options *o,
		   const struct target targets[VARIANTS_MAX],
		   struct sweep_point *points)
{
	static bool applies[VARIANTS_MAX][PARAMS_MAX];
	char err[ERR_LEN];
	size_t n;

	for (unsigned int v = 0; v < o->nvariants; v++)
		for (unsigned int p = 0; p < o->nparams; p++) {
			applies[v][p] = sweep_kernel_has_param(
				targets[v].system_map, o->params[p].name);
			if (!applies[v][p])
				printf("bench: kernel %s of variant %s has no %s: the variant runs without it\n",
				       targets[v].variant.kernel,
				       targets[v].variant.name,
				       o->params[p].name);
		}
	n = sweep_plan(o, applies, points, SWEEP_POINTS_MAX, err, sizeof(err));
	if (!n)
		fprintf(stderr, "bench: %s\n", err);
	return n;
}

/* A workload bench can run, and its --workload-args its own */
static int check_workload(const char *root, const struct bench_options *o,
			  const char *workload)
{
	char names[1024], why[512];

	if (!workload_catalog_known(root, workload)) {
		workload_catalog_names(root, names, sizeof(names));
		fprintf(stderr, "bench: unknown workload '%s' (accepted: %s)\n",
			workload, *names ? names : "none built: run make");
		return -1;
	}
	if (o->workload_args &&
	    workload_catalog_check_args(root, workload, o->workload_args, why,
					sizeof(why))) {
		fprintf(stderr, "bench: %s\n", why);
		return -1;
	}
	return 0;
}

static enum accel choose_accel(const char *root, enum accel requested,
			       const char *kernel, const char *initrd,
			       char *reason, size_t len)
{
	char cache[PATH_MAX + 64], scratch[] = "/tmp/lockhold.XXXXXX";
	enum accel accel;

	snprintf(reason, len, "requested with --accel %s",
		 accel_name(requested));
	if (requested != ACCEL_AUTO)
		return requested;
	snprintf(cache, sizeof(cache), "%s/build/kvm-probe", root);
	if (!mkdtemp(scratch)) {
		snprintf(reason, len, "cannot create %s for the KVM probe: %s",
			 scratch, strerror(errno));
		return ACCEL_TCG;
	}
	accel = accel_choose(kernel, initrd, cache, scratch, reason, len);
	scratch_remove(scratch);
	printf("bench: accelerator %s: %s\n", accel_name(accel), reason);
	return accel;
}

int main(int argc, char **argv)
{
	static struct target targets[VARIANTS_MAX];
	static struct sweep_point points[SWEEP_POINTS_MAX];
	char err[ERR_LEN], root[PATH_MAX], initrd[PATH_MAX + 64];
	char reason[512];
	struct bench_options opt;
	struct sigaction sa = { .sa_handler = on_signal };
	enum accel accel;
	unsigned int done = 0, total;
	size_t npoints;
	int ret = 0;

	if (options_parse(argc, argv, &opt, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return 2;
	}
	if (opt.help) {
		options_usage(stdout);
		return 0;
	}
	if (find_root(root, sizeof(root))) {
		fprintf(stderr, "bench: cannot find the lockhold directory\n");
		return 1;
	}
	if (opt.list)
		return list(root);
	for (unsigned int v = 0; v < opt.nvariants; v++)
		if (load_target(root, opt.variants[v], &opt, &targets[v]))
			return 2;
	for (unsigned int w = 0; w < opt.nworkloads; w++)
		if (check_workload(root, &opt, opt.workloads[w]))
			return 2;
	if (rundir_check_parent(opt.out_dir, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return 2;
	}
	npoints = plan(&opt, targets, points);
	if (!npoints)
		return 2;
	if (opt.check)
		return 0;
	if (opt.matrix) {
		if (!matrix_write(&opt, root, points, npoints, err,
				  sizeof(err)))
			return 0;
		fprintf(stderr, "bench: %s\n", err);
		return 2;
	}
	snprintf(initrd, sizeof(initrd), "%s/build/initramfs.cpio.gz", root);
	if (access(initrd, R_OK)) {
		fprintf(stderr,
			"bench: guest image %s not built (run: make initramfs)\n",
			initrd);
		return 2;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A closed stdout (bench | head) must not kill a run half-way. */
	signal(SIGPIPE, SIG_IGN);
	accel = choose_accel(root, opt.accel, targets[0].kernel, initrd, reason,
			     sizeof(reason));

	/*
	 * Interleaved, so slow drift of the host hits every variant, size
	 * and parameter value alike.
	 */
	total = opt.runs * npoints;
	for (unsigned int i = 1; i <= opt.runs && !ret && !bench_interrupted;
	     i++) {
		for (size_t p = 0; p < npoints && !ret; p++) {
			const struct target *t = &targets[points[p].variant];
			struct bench_run r = {
				.opt = &opt,
				.variant = &t->variant,
				.root = root,
				.kernel = t->kernel,
				.initrd = initrd,
				.kernel_release = t->release,
				.mem_mib = points[p].mem_mib,
				.swept_params = points[p].params,
				.accel = accel,
				.accel_reason = reason,
				.index = i + opt.first_run - 1,
				.seq = ++done,
				.total = total,
			};

			slot_init(&r.src, "source");
			slot_init(&r.dst, "destination");

			if (run_one(&r)) {
				fprintf(stderr,
					"bench: run %u of %u (%s) failed: %s%s%s\n",
					r.seq, total, r.variant->name, r.err,
					r.rd.final[0] ?
						"; what was collected is in " :
						"",
					r.rd.final);
				ret = 1;
			}
		}
	}
	return ret || bench_interrupted ? 1 : 0;
}
