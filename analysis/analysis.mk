# Analysis and reports (analysis/): trace.dat -> metrics.json per run, then a
# comparison across runs (CSV, report.md, gnuplot figures).
# Included from the top-level Makefile.

ANALYSIS_PKGS := libtracecmd libtraceevent gsl jansson
ANALYSIS_CFLAGS = $(CFLAGS) $(shell pkg-config --cflags $(ANALYSIS_PKGS))
ANALYSIS_LIBS = $(shell pkg-config --libs $(ANALYSIS_PKGS))

METRICS_SRC := analysis/trace_reader.c analysis/samples.c \
	analysis/hint_metrics.c analysis/run_files.c harness/atomic_file.c analysis/figures.c \
	analysis/perf_lock.c analysis/zone_locks.c analysis/hint_fit.c \
	analysis/workload_windows.c analysis/coverage_timed.c \
	analysis/rounds_on_demand.c analysis/release_phases.c analysis/release_host.c \
	analysis/host_samples.c analysis/host_side.c harness/host_threads.c
COMPARE_SRC := analysis/stats.c analysis/runs.c analysis/groups.c \
	analysis/report_csv.c analysis/report_md.c analysis/report_host.c \
	analysis/host_factor.c \
	analysis/plot_data.c harness/host_threads.c \
	analysis/samples.c analysis/run_files.c harness/atomic_file.c analysis/figures.c \
	analysis/hint_fit.c analysis/work_fit_pooled.c analysis/scaling.c
ANALYSIS_HDR := $(wildcard analysis/*.h) guest/protocol.h harness/atomic_file.h \
	harness/host_files.h harness/host_threads.h
ANALYSIS_BINS := build/analysis/lockhold-metrics build/analysis/lockhold-compare

build/analysis/lockhold-metrics: analysis/metrics_main.c $(METRICS_SRC) $(ANALYSIS_HDR)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) -o $@ $< $(METRICS_SRC) $(ANALYSIS_LIBS)

build/analysis/lockhold-compare: analysis/compare_main.c $(COMPARE_SRC) $(ANALYSIS_HDR)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) -o $@ $< $(COMPARE_SRC) $(ANALYSIS_LIBS)

ANALYSIS_FORMAT = analysis/*.[ch] tests/analysis/*.[ch]

.PHONY: analysis
analysis: $(ANALYSIS_BINS)

# make report: all runs under reports/, or those under RESULTS=<dir>, or
# under several (RESULTS="<dir> <dir>", those of several hosts, say), whose
# merged report goes to REPORT_OUT=<dir>/report. RUNS is make bench's
# repetition count, not a directory.
RESULTS ?=
REPORT_DIR = $(or $(RESULTS),reports)
REPORT_OUT ?=
BASELINE ?=

.PHONY: report
report: $(ANALYSIS_BINS)
	@for d in $(RESULTS); do [ -d "$$d" ] || { \
		echo "error: RESULTS=$(RESULTS): '$$d' is not a directory (accepted: directories of runs, e.g. reports/bench-<time> or reports/matrix-<name>)" >&2; exit 2; }; done
	@if [ -z "$(RESULTS)" ] && [ -d "$(RUNS)" ]; then \
		echo "error: RUNS=$(RUNS) is make bench's repetition count (accepted: a number); name the runs to report on with RESULTS=$(RUNS)" >&2; exit 2; fi
	@if [ $(words $(REPORT_DIR)) -gt 1 ] && [ -z "$(REPORT_OUT)" ]; then \
		echo "error: RESULTS=$(RESULTS) names $(words $(REPORT_DIR)) directories and REPORT_OUT is empty (accepted: REPORT_OUT=<dir>, where the merged report goes)" >&2; exit 2; fi
	@analysis/report.sh $(if $(BASELINE),--baseline $(BASELINE)) $(if $(REPORT_OUT),--out $(call q,$(REPORT_OUT))) $(foreach d,$(REPORT_DIR),$(call q,$(d)))

# Unit tests (tests/analysis), plain and under ASan/UBSan like the others;
# `make unit` and `make test` run them with the rest of UNIT_BINS.
ANALYSIS_LIB_SRC := $(sort $(METRICS_SRC) $(COMPARE_SRC))
ANALYSIS_TEST_SRC := $(sort $(wildcard tests/analysis/test_*.c))
ANALYSIS_TEST_BINS := $(foreach kind,plain sanitized,$(patsubst tests/%.c,build/tests/$(kind)/%,$(ANALYSIS_TEST_SRC)))
UNIT_BINS += $(ANALYSIS_TEST_BINS)

# The tests also run the programs and analysis/report.sh on fixtures.
build/tests/plain/analysis/%: tests/analysis/%.c tests/analysis/test_support.h $(ANALYSIS_LIB_SRC) $(ANALYSIS_HDR) | $(ANALYSIS_BINS)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) -I. -o $@ $< $(ANALYSIS_LIB_SRC) $(ANALYSIS_LIBS) -lcmocka

build/tests/sanitized/analysis/%: tests/analysis/%.c tests/analysis/test_support.h $(ANALYSIS_LIB_SRC) $(ANALYSIS_HDR) | $(ANALYSIS_BINS)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) $(SANITIZE) -I. -o $@ $< $(ANALYSIS_LIB_SRC) $(ANALYSIS_LIBS) -lcmocka

# perf, the second instrument: built from the guest kernel's own source
# tree (tools/perf) with only what `perf lock record/contention` needs, and
# put in the guest image when PERF=1; the guest then records perf lock
# contention around the workload, inside trace-cmd's recording.
PERF ?=
PERF_BIN := build/perf/perf
KERNEL_SRC := build/linux-source-6.12
PERF_FEATURES_OFF := NO_LIBPYTHON=1 NO_LIBPERL=1 NO_SLANG=1 NO_GTK2=1 \
	NO_LIBBPF=1 BUILD_BPF_SKEL=0 NO_LIBUNWIND=1 NO_LIBNUMA=1 NO_LIBAUDIT=1 \
	NO_LIBCRYPTO=1 NO_JVMTI=1 NO_LIBBABELTRACE=1 NO_DEMANGLE=1 NO_LIBCAP=1 \
	NO_LIBZSTD=1 NO_LZMA=1 NO_SDT=1 NO_LIBDW=1 NO_LIBPFM4=1 \
	NO_LIBDEBUGINFOD=1 NO_LIBLLVM=1 NO_CAPSTONE=1 NO_AUXTRACE=1

$(PERF_BIN):
	@[ -f $(KERNEL_SRC)/.lockhold-extracted ] || scripts/kernel.sh none
	@mkdir -p $(@D)
	@echo "==> building perf from $(KERNEL_SRC)/tools/perf"
	$(MAKE) -s -C $(KERNEL_SRC)/tools/perf O=$(abspath $(@D)) -j$(shell nproc) \
		$(PERF_FEATURES_OFF) WERROR=0 perf >$(@D)/build.log 2>&1 || \
		{ tail -20 $(@D)/build.log; exit 1; }
	@strip $@ # the guest image has room for perf, not its debug info

# The image follows PERF: its value is kept in a file that changes only
# when PERF does, so switching it rebuilds the image and nothing else.
PERF_MODE_FILE := build/.perf-mode
$(shell mkdir -p build; [ -f $(PERF_MODE_FILE) ] && [ "$$(cat $(PERF_MODE_FILE))" = "$(PERF)" ] || echo "$(PERF)" >$(PERF_MODE_FILE))
$(INITRAMFS): $(PERF_MODE_FILE) $(if $(PERF),$(PERF_BIN))
$(INITRAMFS): export PERF_BIN := $(if $(PERF),$(abspath $(PERF_BIN)))

.PHONY: perf
perf: $(PERF_BIN)
