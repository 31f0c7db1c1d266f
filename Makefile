# lockhold: the lock-hold trade-off in free page reporting, measured.
# `make help` lists every target and variable.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# ---- what to run (make bench) -------------------------------------------
ALL_VARIANTS := $(sort $(patsubst kernel-variants/%/variant.conf,%,$(wildcard kernel-variants/*/variant.conf)))
comma := ,
empty :=
space := $(empty) $(empty)
# The baseline first, so every round of the interleaving starts from it.
VARIANT ?= $(subst $(space),$(comma),$(filter none,$(ALL_VARIANTS)) $(filter-out none,$(ALL_VARIANTS)))
# Empty: bench's own default (./bench --help), which is kept in one place,
# its option table. RUNS is the exception: the default comparison wants 3
# repetitions for its statistics, a single ./bench run one.
WORKLOAD ?=
MEM ?=
VCPUS ?=
DURATION ?=
RUNS ?= 3
MIGRATE_AT ?=
ACCEL ?=
# Debug kernels (lockdep, KASAN, ...: kernel-variants/common/debug.config);
# make check-kernels runs them, CHECK_WORKLOADS each, through a migration.
DEBUG ?= 0
CHECK_WORKLOADS ?= pagefault,integrity
CHECK_MEM ?= 512M
CHECK_DURATION ?= 5
CHECK_PREFILL ?= 50
ifndef OUT
OUT := reports/bench-$(shell date +%Y%m%d-%H%M%S)
endif

# ---- host code ------------------------------------------------------------
CC := gcc
CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
JANSSON_LIBS := -ljansson

HARNESS_SRC := $(sort $(wildcard harness/*.c))
HARNESS_HDR := $(wildcard harness/*.h) guest/protocol.h
WORKLOAD_LIB := harness/atomic_file.c workloads/runner.c workloads/histogram.c workloads/options.c workloads/main.c workloads/registry.c
WORKLOAD_HDR := $(wildcard workloads/*.h) guest/protocol.h harness/atomic_file.h
WORKLOADS := $(sort $(basename $(notdir $(filter-out $(WORKLOAD_LIB),$(wildcard workloads/*.c)))))
# Programs the workloads run, installed beside them (workloads/helpers/*.c)
WORKLOAD_HELPERS := $(addprefix build/workloads/,$(basename $(notdir $(wildcard workloads/helpers/*.c))))
WORKLOAD_BINS := $(addprefix build/workloads/,$(WORKLOADS)) $(WORKLOAD_HELPERS)
INITRAMFS := build/initramfs.cpio.gz

# Unit tests of the host harness (tests/host) and of the workload runner
# (tests/workloads), each built plain and under ASan/UBSan.
UNIT_TEST_SRC := $(sort $(wildcard tests/host/test_*.c) $(wildcard tests/workloads/test_*.c))
UNIT_BINS := $(foreach kind,plain sanitized,$(patsubst tests/%.c,build/tests/$(kind)/%,$(UNIT_TEST_SRC)))
WORKLOAD_TESTED_SRC := harness/atomic_file.c workloads/runner.c workloads/histogram.c workloads/options.c workloads/registry.c $(addprefix workloads/,$(addsuffix .c,$(WORKLOADS)))

.PHONY: help deps host kernel kernels initramfs bench sweep matrix test unit integration \
	format check-format clean check-kernels soak

help:
	@echo "lockhold targets:"
	@echo "  make bench       install deps, build, run VARIANT(s) with migration (default: all)"
	@echo "  make sweep       rounds on demand over guest sizes (SWEEP_VARIANT, SWEEP_MEM, SWEEP_PARAM, ...), then its report"
	@echo "  make matrix      MATRIX=NAME: make bench's runs as cells, one run each, through GNU parallel (SSHLOGINFILE: on those hosts); again: resume"
	@echo "  make report      analyse runs: metrics.json each, report.md, CSV, figures (RESULTS=<dir>, BASELINE=none)"
	@echo "  make perf        build perf from the kernel tree; with PERF=1 bench records perf lock contention too"
	@echo "  make test        build and run the unit and integration tests"
	@echo "  make deps        install missing Debian packages (as root; else prints the command)"
	@echo "  make soak        integrity workload across SOAK_MIGRATIONS ping-pong migrations, each VARIANT"
	@echo "  make kernel      build the guest kernel of VARIANT (no-op when unchanged)"
	@echo "  make kernels     build the guest kernels of every variant"
	@echo "  make check-kernels  debug kernels of VARIANT(s): a run each, any splat fails"
	@echo "  make initramfs   build the guest image (busybox, trace-cmd, workloads)"
	@echo "  make host        build ./bench and the workloads"
	@echo "  make unit        unit tests (cmocka, also under ASan/UBSan) and the native workload tests"
	@echo "  make integration integration tests only (boots guests under TCG)"
	@echo "  make format      clang-format the C sources (kernel .clang-format)"
	@echo "  make clean       remove build products (keeps reports/ and the kernels)"
	@echo "variables (current value):"
	@echo "  VARIANT=$(VARIANT)"
	@echo "  WORKLOAD=$(or $(WORKLOAD),<bench's>) MEM=$(or $(MEM),<bench's>) VCPUS=$(or $(VCPUS),<bench's>) DURATION=$(or $(DURATION),<bench's>)"
	@echo "  RUNS=$(RUNS) MIGRATE_AT=$(or $(MIGRATE_AT),<bench's: 20% of DURATION>) ACCEL=$(or $(ACCEL),<bench's>)"
	@echo "  (<bench's>: the default ./bench --help states)"
	@echo "  OUT=$(OUT)"
	@echo "  MATRIX=$(MATRIX) MATRIX_OUT=$(MATRIX_OUT) SSHLOGINFILE=$(SSHLOGINFILE)"
	@echo "  DEBUG=$(DEBUG) (1: debug kernels)  CHECK_WORKLOADS=$(CHECK_WORKLOADS)"
	@echo "  CHECK_MEM=$(CHECK_MEM) CHECK_DURATION=$(CHECK_DURATION) CHECK_PREFILL=$(CHECK_PREFILL)"

deps:
	@scripts/deps.sh

# ./bench is a link, so `make bench` can be the goal that runs it.
host: build/host/bench $(WORKLOAD_BINS)
	@ln -sfn build/host/bench bench

build/host/bench: bench.c $(HARNESS_SRC) $(HARNESS_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -pthread -o $@ bench.c $(HARNESS_SRC) $(JANSSON_LIBS)

# variant.conf for the kernel build, which runs before ./bench exists.
build/host/variant-conf: harness/tools/variant_conf.c harness/variant.c harness/variant.h harness/names.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< harness/variant.c

# Workloads run inside the guest's initramfs: static, so they need no libc there.
build/workloads/%: workloads/%.c $(WORKLOAD_LIB) $(WORKLOAD_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -pthread -static -o $@ $< $(WORKLOAD_LIB) -ljansson

$(WORKLOAD_HELPERS): build/workloads/%: workloads/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static -o $@ $<

build/guest/prefill: guest/prefill.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static -o $@ $<

$(INITRAMFS): scripts/initramfs.sh guest/init build/guest/prefill $(WORKLOAD_BINS) /usr/bin/trace-cmd
	scripts/initramfs.sh $@ $(WORKLOAD_BINS)

initramfs: deps
	@$(MAKE) --no-print-directory $(INITRAMFS)

# Values reach the shell quoted, whatever they hold.
q = '$(subst ','\'',$(1))'

kernel: deps build/host/variant-conf
	@$(foreach v,$(subst $(comma),$(space),$(VARIANT)),scripts/kernel.sh --debug=$(call q,$(DEBUG)) $(call q,$(v)) &&) true

kernels: deps build/host/variant-conf
	@$(foreach v,$(ALL_VARIANTS),scripts/kernel.sh --debug=$(call q,$(DEBUG)) $(call q,$(v)) &&) true
# --OPTION VALUE when VARIABLE is set: $(call bench_opt,VARIABLE,OPTION)
bench_opt = $(if $($(1)),--$(2) $(call q,$($(1))))
BENCH_RUNS_ARGS = --variant $(call q,$(VARIANT)) $(call bench_opt,WORKLOAD,workload) \
	$(call bench_opt,MEM,mem) $(call bench_opt,VCPUS,vcpus) \
	$(call bench_opt,DURATION,duration) --runs $(call q,$(RUNS)) \
	$(call bench_opt,MIGRATE_AT,migrate-at) $(call bench_opt,ACCEL,accel) \
	$(if $(filter 1,$(DEBUG)),--debug)
BENCH_ARGS = $(BENCH_RUNS_ARGS) --out $(call q,$(OUT))
CHECK_ARGS = $(foreach v,OUT VARIANT CHECK_WORKLOADS CHECK_MEM CHECK_DURATION CHECK_PREFILL,$(call q,$($(v))))

# $(call run_bench,ARGS,VARIANTS): build what bench needs and run it. Bad
# values are rejected (bench --check) before any kernel is built.
define run_bench
	@$(MAKE) --no-print-directory host $(ANALYSIS_BINS)
	@./bench --check $(1)
	@$(MAKE) --no-print-directory $(INITRAMFS)
	@$(MAKE) --no-print-directory kernel VARIANT=$(2)
	./bench $(1)
endef

bench: deps
	$(call run_bench,$(BENCH_ARGS),$(VARIANT))
	@scripts/summary.sh $(call q,$(OUT))
	@analysis/report.sh $(if $(BASELINE),--baseline $(call q,$(BASELINE))) $(call q,$(OUT))

# The answer at scale (make sweep): hinting rounds on demand, without a
# migration, over guest sizes; every SWEEP_* is the bench option of that
# name. SWEEP_PARAM: one --param, e.g. virtio_balloon.hint_batch=8,32,128.
SWEEP_VARIANT ?= fullscan,batched,cursor,mainline-report
SWEEP_MEM ?= 1G,2G,4G,8G,16G
SWEEP_WORKLOAD ?= idle
SWEEP_DURATION ?= 15
SWEEP_ROUNDS ?= 20
SWEEP_ROUND_EVERY ?= 0.25
SWEEP_RUNS ?= 1
SWEEP_PARAM ?=
SWEEP_BASELINE ?= fullscan
SWEEP_OUT ?= $(subst reports/bench-,reports/sweep-,$(OUT))
SWEEP_ARGS = --variant $(call q,$(SWEEP_VARIANT)) --mem $(call q,$(SWEEP_MEM)) \
	--workload $(call q,$(SWEEP_WORKLOAD)) --duration $(call q,$(SWEEP_DURATION)) \
	--rounds $(call q,$(SWEEP_ROUNDS)) --round-every $(call q,$(SWEEP_ROUND_EVERY)) \
	--runs $(call q,$(SWEEP_RUNS)) $(if $(SWEEP_PARAM),--param $(call q,$(SWEEP_PARAM))) \
	$(call bench_opt,ACCEL,accel) --out $(call q,$(SWEEP_OUT))
sweep: deps
	$(call run_bench,$(SWEEP_ARGS),$(SWEEP_VARIANT))
	@analysis/report.sh --baseline $(call q,$(SWEEP_BASELINE)) $(call q,$(SWEEP_OUT))

# A matrix (make matrix MATRIX=NAME): make bench's runs as cells, one run
# each, through GNU parallel (scripts/matrix.sh): on this machine one cell
# at a time, or on the hosts of SSHLOGINFILE (parallel's --sshloginfile
# format), each prepared as for make bench; WORKLOAD may be a list. Into
# MATRIX_OUT/matrix-NAME, then its report. Run again, it resumes the
# matrix as first written: the failed cells and those not run.
MATRIX ?=
MATRIX_OUT ?= reports
SSHLOGINFILE ?=
MATRIX_DIR = $(MATRIX_OUT)/matrix-$(MATRIX)
MATRIX_ARGS = --matrix $(call q,$(MATRIX)) $(BENCH_RUNS_ARGS) --out $(call q,$(MATRIX_OUT))
matrix: deps
	@[ -n "$(MATRIX)" ] || { echo "error: MATRIX is empty (accepted: a name for the matrix, e.g. make matrix MATRIX=sizes MEM=1G,2G)" >&2; exit 2; }
	@$(MAKE) --no-print-directory host $(ANALYSIS_BINS)
	@if [ -e $(call q,$(MATRIX_DIR)/jobs.txt) ]; then \
		echo "==> $(MATRIX_DIR) exists: resuming it, its cells as first written"; \
	else ./bench --check $(MATRIX_ARGS); fi
	@$(MAKE) --no-print-directory $(INITRAMFS)
	@$(MAKE) --no-print-directory kernel VARIANT=$(call q,$(VARIANT))
	@[ -e $(call q,$(MATRIX_DIR)/jobs.txt) ] || ./bench $(MATRIX_ARGS)
	scripts/matrix.sh run $(call q,$(MATRIX_DIR)) $(if $(SSHLOGINFILE),--sshloginfile $(call q,$(SSHLOGINFILE)))
	@analysis/report.sh $(call q,$(MATRIX_DIR))

include analysis/analysis.mk

# Integrity across repeated migration: every VARIANT, SOAK_MIGRATIONS each.
SOAK_MIGRATIONS ?= 100
soak: deps
	@$(MAKE) --no-print-directory host $(INITRAMFS)
	@$(MAKE) --no-print-directory kernel VARIANT=$(call q,$(VARIANT))
	@scripts/soak.sh reports/soak-$(shell date +%Y%m%d-%H%M%S) $(call q,$(SOAK_MIGRATIONS)) $(call q,$(VARIANT))

check-kernels: deps
	@$(MAKE) --no-print-directory host
	@scripts/check-kernels.sh --check $(CHECK_ARGS)
	@$(MAKE) --no-print-directory $(INITRAMFS)
	@$(MAKE) --no-print-directory kernel VARIANT=$(VARIANT) DEBUG=1
	@scripts/check-kernels.sh $(CHECK_ARGS)

# ---- tests ----------------------------------------------------------------
build/tests/plain/host/%: tests/host/%.c $(HARNESS_SRC) $(HARNESS_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I. -pthread -o $@ $< $(HARNESS_SRC) $(JANSSON_LIBS) -lcmocka

build/tests/sanitized/host/%: tests/host/%.c $(HARNESS_SRC) $(HARNESS_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) -I. -pthread -o $@ $< $(HARNESS_SRC) $(JANSSON_LIBS) -lcmocka

build/tests/plain/workloads/%: tests/workloads/%.c tests/workloads/run_support.h $(WORKLOAD_TESTED_SRC) $(WORKLOAD_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I. -pthread -o $@ $< $(WORKLOAD_TESTED_SRC) $(JANSSON_LIBS) -lcmocka -lm

build/tests/sanitized/workloads/%: tests/workloads/%.c tests/workloads/run_support.h $(WORKLOAD_TESTED_SRC) $(WORKLOAD_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) -I. -pthread -o $@ $< $(WORKLOAD_TESTED_SRC) $(JANSSON_LIBS) -lcmocka -lm

unit: deps
	@$(MAKE) --no-print-directory $(UNIT_BINS) host
	@tests/run.sh --suite unit --suite native $(UNIT_BINS)

integration: deps
	@$(MAKE) --no-print-directory host $(INITRAMFS) $(ANALYSIS_BINS)
	@$(MAKE) --no-print-directory kernels
	@tests/run.sh --suite integration

test: deps
	@$(MAKE) --no-print-directory host $(INITRAMFS) $(UNIT_BINS)
	@$(MAKE) --no-print-directory kernels
	@tests/run.sh $(UNIT_BINS)

format:
	clang-format -i bench.c harness/*.[ch] harness/tools/*.c workloads/*.[ch] workloads/helpers/*.c guest/*.[ch] tests/host/*.c tests/workloads/*.[ch] $(ANALYSIS_FORMAT)

check-format:
	clang-format --dry-run --Werror bench.c harness/*.[ch] harness/tools/*.c workloads/*.[ch] workloads/helpers/*.c guest/*.[ch] tests/host/*.c tests/workloads/*.[ch] $(ANALYSIS_FORMAT)

clean:
	rm -rf bench build/host build/workloads build/guest build/tests build/analysis $(INITRAMFS)
