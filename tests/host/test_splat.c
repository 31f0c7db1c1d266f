// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel splats on a guest console. The fixtures are console excerpts in the
 * formats the 6.12 guest kernels print; clean-*.log are recorded boots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/splat.h"

#define FIXTURES "tests/fixtures/splats"

static char *load(const char *name)
{
	char path[256];
	FILE *f;
	long len;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	text = malloc(len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, len, f), (size_t)len);
	text[len] = '\0';
	fclose(f);
	return text;
}

/* One splat of the given kind, whose first line is line. */
static void expect_one(const char *fixture, const char *kind, const char *line)
{
	char *text = load(fixture);
	struct splat s[4];

	assert_int_equal(splat_scan(text, s, 4), 1);
	assert_string_equal(s[0].kind, kind);
	assert_string_equal(s[0].line, line);
	free(text);
}

static void lockdep(void **state)
{
	(void)state;
	expect_one("lockdep-circular.log", "lockdep",
		   "WARNING: possible circular locking dependency detected");
}

static void kasan(void **state)
{
	(void)state;
	expect_one(
		"kasan-uaf.log", "KASAN",
		"BUG: KASAN: slab-use-after-free in virtballoon_free_page_report+0x1c8/0x220");
}

static void list_corruption(void **state)
{
	(void)state;
	/* The message comes before its WARNING: one splat, quoted by it. */
	expect_one(
		"list-add-corruption.log", "list corruption",
		"list_add corruption. next->prev should be prev (ffff88803ffd6e48), but was ffff888004c1a008. (next=ffff88800a2e4008).");
	expect_one(
		"list-del-corruption.log", "list corruption",
		"list_del corruption, ffffea0000298008->next is LIST_POISON1 (dead000000000100)");
}

static void lockups(void **state)
{
	(void)state;
	expect_one(
		"soft-lockup.log", "soft lockup",
		"watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [kworker/1:2:45]");
	expect_one(
		"hung-task.log", "hung task",
		"INFO: task kworker/0:1:12 blocked for more than 122 seconds.");
	expect_one("rcu-stall.log", "RCU stall",
		   "rcu: INFO: rcu_sched detected stalls on CPUs/tasks:");
}

static void bugs_and_oopses(void **state)
{
	(void)state;
	expect_one(
		"sleeping-in-atomic.log", "BUG",
		"BUG: sleeping function called from invalid context at mm/page_alloc.c:4484");
	/* The BUG line opens it; the Oops and the panic follow within it. */
	expect_one(
		"null-deref.log", "BUG",
		"BUG: kernel NULL pointer dereference, address: 0000000000000008");
	expect_one(
		"gpf.log", "general protection fault",
		"Oops: general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN");
	expect_one("ubsan.log", "UBSAN",
		   "UBSAN: shift-out-of-bounds in mm/page_alloc.c:712:20");
	expect_one(
		"warn-on.log", "WARNING",
		"WARNING: CPU: 1 PID: 38 at mm/page_alloc.c:1268 __free_one_page+0x5c1/0x7a0");
}

static void several(void **state)
{
	char *text = load("two-splats.log");
	struct splat s[1];

	(void)state;
	/* Counted in full, copied up to max. */
	assert_int_equal(splat_scan(text, s, 1), 2);
	assert_string_equal(s[0].kind, "WARNING");
	assert_int_equal(splat_scan(text, NULL, 0), 2);
	free(text);
}

static void clean(void **state)
{
	static const char *const logs[] = { "clean-mainline-boot.log",
					    "clean-debug-cursor.log",
					    "not-splats.log" };

	(void)state;
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		char *text = load(logs[i]);

		if (splat_scan(text, NULL, 0))
			fail_msg("%s: a splat found in a clean log", logs[i]);
		free(text);
	}
}

static void lines(void **state)
{
	struct splat s[1];
	char text[SPLAT_LINE_MAX * 2];

	(void)state;
	assert_int_equal(splat_scan("", s, 1), 0);
	assert_null(splat_line_kind("DEBUG: BUG", 10));
	assert_string_equal(splat_line_kind("[ 1.0] BUG: x", 13), "BUG");
	/* Only len bytes count: the match must not read past the line. */
	assert_null(splat_line_kind("BUG: x", 3));
	/* A long line is cut, and control characters do not reach errors. */
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	memcpy(text, "BUG: \033[1m", 9);
	assert_int_equal(splat_scan(text, s, 1), 1);
	assert_int_equal(strlen(s[0].line), SPLAT_LINE_MAX - 1);
	assert_int_equal(s[0].line[5], '?');
	/* No newline at the end: the last line still counts. */
	assert_int_equal(splat_scan("ok\r\nKernel panic - not syncing", s, 1),
			 1);
	assert_string_equal(s[0].kind, "panic");
}

/* A run's verdict: any splat fails it, quoted in the error and meta.json. */
static void run_verdict(void **state)
{
	char *warn = load("warn-on.log"), *clean = load("not-splats.log");
	const char *consoles[2] = { clean, warn };
	/* after a ping-pong, the consoles are those of its last two QEMUs */
	const char *const roles[2] = { "destination-2", "destination-3" };
	json_t *meta = json_object();
	char err[512] = "";

	(void)state;
	/* A run whose workload finished fails all the same. */
	assert_int_equal(splat_check_run(consoles, roles, meta, 0, err,
					 sizeof(err)),
			 -1);
	assert_string_equal(
		err,
		"kernel splat (WARNING) on the destination-3 console, 1 in all: WARNING: CPU: 1 PID: 38 at mm/page_alloc.c:1268 __free_one_page+0x5c1/0x7a0");
	assert_int_equal(
		json_integer_value(json_object_get(meta, "splat_count")), 1);
	json_t *s = json_array_get(json_object_get(meta, "splats"), 0);

	assert_string_equal(json_string_value(json_object_get(s, "console")),
			    "destination-3");
	assert_string_equal(json_string_value(json_object_get(s, "kind")),
			    "WARNING");

	/* A failed run keeps its reason, the splat follows it. */
	strcpy(err, "guest hung");
	assert_int_equal(splat_check_run(consoles, roles, meta, -1, err,
					 sizeof(err)),
			 -1);
	assert_string_equal(
		err,
		"guest hung; destination-3 guest kernel: WARNING: CPU: 1 PID: 38 at mm/page_alloc.c:1268 __free_one_page+0x5c1/0x7a0");

	/* Clean consoles (one never started) leave the verdict alone. */
	consoles[1] = NULL;
	strcpy(err, "");
	assert_int_equal(
		splat_check_run(consoles, roles, meta, 0, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(
		json_integer_value(json_object_get(meta, "splat_count")), 0);
	assert_int_equal(json_array_size(json_object_get(meta, "splats")), 0);
	json_decref(meta);
	free(warn);
	free(clean);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lockdep),	   cmocka_unit_test(kasan),
		cmocka_unit_test(list_corruption), cmocka_unit_test(lockups),
		cmocka_unit_test(bugs_and_oopses), cmocka_unit_test(several),
		cmocka_unit_test(clean),	   cmocka_unit_test(lines),
		cmocka_unit_test(run_verdict),
	};

	return cmocka_run_group_tests_name("splat", tests, NULL, NULL);
}
