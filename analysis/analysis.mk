# Analysis and reports (analysis/): trace.dat -> metrics.json per run, then a
# comparison across runs (CSV, report.md, gnuplot figures).
# Included from the top-level Makefile.

ANALYSIS_PKGS := libtracecmd libtraceevent gsl jansson
ANALYSIS_CFLAGS = $(CFLAGS) $(shell pkg-config --cflags $(ANALYSIS_PKGS))
ANALYSIS_LIBS = $(shell pkg-config --libs $(ANALYSIS_PKGS))

METRICS_SRC := analysis/trace_reader.c analysis/samples.c \
	analysis/hint_metrics.c analysis/run_files.c analysis/figures.c \
	analysis/perf_lock.c
COMPARE_SRC := analysis/stats.c analysis/runs.c analysis/groups.c \
	analysis/report_csv.c analysis/report_md.c analysis/plot_data.c \
	analysis/samples.c analysis/run_files.c analysis/figures.c
ANALYSIS_HDR := $(wildcard analysis/*.h)
ANALYSIS_BINS := build/analysis/lockhold-metrics build/analysis/lockhold-compare

build/analysis/lockhold-metrics: analysis/metrics_main.c $(METRICS_SRC) $(ANALYSIS_HDR)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) -o $@ $< $(METRICS_SRC) $(ANALYSIS_LIBS)

build/analysis/lockhold-compare: analysis/compare_main.c $(COMPARE_SRC) $(ANALYSIS_HDR)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) -o $@ $< $(COMPARE_SRC) $(ANALYSIS_LIBS)

ANALYSIS_FORMAT = analysis/*.[ch] tests/analysis/*.c

.PHONY: analysis
analysis: $(ANALYSIS_BINS)

# make report: all runs under reports/, or RUNS=<dir> (RUNS is otherwise
# the repetition count of make bench, so a directory is told by existing).
REPORT_DIR = $(if $(wildcard $(RUNS)/.),$(RUNS),reports)
BASELINE ?=

.PHONY: report
report: $(ANALYSIS_BINS)
	@analysis/report.sh $(if $(BASELINE),--baseline $(BASELINE)) $(REPORT_DIR)

# Unit tests (tests/analysis), plain and under ASan/UBSan like the others;
# `make unit` and `make test` run them with the rest of UNIT_BINS.
ANALYSIS_LIB_SRC := $(sort $(METRICS_SRC) $(COMPARE_SRC))
ANALYSIS_TEST_SRC := $(sort $(wildcard tests/analysis/test_*.c))
ANALYSIS_TEST_BINS := $(foreach kind,plain sanitized,$(patsubst tests/%.c,build/tests/$(kind)/%,$(ANALYSIS_TEST_SRC)))
UNIT_BINS += $(ANALYSIS_TEST_BINS)

# The tests also run the programs and analysis/report.sh on fixtures.
build/tests/plain/analysis/%: tests/analysis/%.c $(ANALYSIS_LIB_SRC) $(ANALYSIS_HDR) | $(ANALYSIS_BINS)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) -I. -o $@ $< $(ANALYSIS_LIB_SRC) $(ANALYSIS_LIBS) -lcmocka

build/tests/sanitized/analysis/%: tests/analysis/%.c $(ANALYSIS_LIB_SRC) $(ANALYSIS_HDR) | $(ANALYSIS_BINS)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) $(SANITIZE) -I. -o $@ $< $(ANALYSIS_LIB_SRC) $(ANALYSIS_LIBS) -lcmocka
