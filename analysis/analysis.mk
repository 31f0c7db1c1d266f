# Analysis and reports (analysis/): trace.dat -> metrics.json per run, then a
# comparison across runs (CSV, report.md, gnuplot figures).
# Included from the top-level Makefile.

ANALYSIS_PKGS := libtracecmd libtraceevent gsl jansson
ANALYSIS_CFLAGS = $(CFLAGS) $(shell pkg-config --cflags $(ANALYSIS_PKGS))
ANALYSIS_LIBS = $(shell pkg-config --libs $(ANALYSIS_PKGS))

METRICS_SRC := analysis/trace_reader.c analysis/samples.c \
	analysis/hint_metrics.c analysis/run_files.c analysis/figures.c
ANALYSIS_HDR := $(wildcard analysis/*.h)
ANALYSIS_BINS := build/analysis/lockhold-metrics

build/analysis/lockhold-metrics: analysis/metrics_main.c $(METRICS_SRC) $(ANALYSIS_HDR)
	@mkdir -p $(@D)
	$(CC) $(ANALYSIS_CFLAGS) -o $@ $< $(METRICS_SRC) $(ANALYSIS_LIBS)

.PHONY: analysis
analysis: $(ANALYSIS_BINS)
