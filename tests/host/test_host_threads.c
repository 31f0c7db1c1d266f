// SPDX-License-Identifier: GPL-2.0
/* QEMU's threads classed by the names it gives them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness/host_threads.h"

/* The names QEMU 10.0 gives its threads here, each with its class. */
static void qemu_thread_names_classed(void **state)
{
	static const struct {
		const char *name;
		enum host_thread_class class;
	} names[] = {
		{ "CPU 0/TCG", HOST_THREAD_VCPU },
		{ "CPU 11/KVM", HOST_THREAD_VCPU },
		{ "ALL CPUs/TCG", HOST_THREAD_VCPU },
		{ "mig/src/main", HOST_THREAD_MIGRATION },
		{ "mig/src/return", HOST_THREAD_MIGRATION },
		{ "mig/dst/listen", HOST_THREAD_MIGRATION },
		{ "live_migration", HOST_THREAD_MIGRATION },
		{ "multifdsend_0", HOST_THREAD_MIGRATION },
		{ "IO lockhold-io", HOST_THREAD_IO },
		{ "IO mon_iothread", HOST_THREAD_IO },
		{ "worker", HOST_THREAD_IO },
		{ "call_rcu", HOST_THREAD_RCU },
		{ "qemu-system-x86", HOST_THREAD_OTHER },
		{ "gmain", HOST_THREAD_OTHER },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		enum host_thread_class c =
			host_thread_classify(names[i].name, false, false);

		if (c != names[i].class)
			fail_msg("%s: %s, not %s", names[i].name,
				 host_thread_class_name(c),
				 host_thread_class_name(names[i].class));
	}
	assert_string_equal(host_thread_class_name(HOST_THREAD_MIGRATION),
			    "migration");
}

/* The main thread by its TID, whatever its name; call_rcu by its place. */
static void main_and_unnamed_rcu(void **state)
{
	(void)state;
	assert_int_equal(host_thread_classify("qemu-system-x86", true, false),
			 HOST_THREAD_MAIN);
	assert_int_equal(host_thread_classify("CPU 0/TCG", true, false),
			 HOST_THREAD_MAIN);
	assert_int_equal(host_thread_classify("qemu-system-x86", false, true),
			 HOST_THREAD_RCU);
	/* a name of its own wins over the place */
	assert_int_equal(host_thread_classify("IO lockhold-io", false, true),
			 HOST_THREAD_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_thread_names_classed),
		cmocka_unit_test(main_and_unnamed_rcu),
	};

	return cmocka_run_group_tests_name("host_threads", tests, NULL, NULL);
}
