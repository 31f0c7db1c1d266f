// SPDX-License-Identifier: GPL-2.0
/* Both sides of a migration must be the same machine but for -incoming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "harness/qemu.h"

static const struct qemu_spec source = {
	.role = "source",
	.accel = ACCEL_TCG,
	.mem_mib = 2048,
	.vcpus = 2,
	.kernel = "/k/bzImage",
	.initrd = "/k/initrd",
	.cmdline = "console=ttyS0 lockhold.mode=run",
	.balloon = "free-page-hint=on,iothread=lockhold-io",
	.share_dir = "/r/guest",
	.serial_path = "/r/serial-source.log",
	.qmp_path = "/s/qmp.sock",
};

static int find(const struct qemu_args *a, const char *flag)
{
	for (int i = 0; i < a->argc; i++)
		if (!strcmp(a->argv[i], flag))
			return i;
	return -1;
}

static const char *value(const struct qemu_args *a, const char *flag)
{
	int i = find(a, flag);

	return i >= 0 && i + 1 < a->argc ? a->argv[i + 1] : NULL;
}

static void source_command_line(void **state)
{
	struct qemu_args a;

	(void)state;
	assert_int_equal(qemu_args_build(&source, &a), 0);
	assert_null(a.argv[a.argc]);
	assert_string_equal(a.argv[0], "qemu-system-x86_64");
	/* the host sampler tells QEMU's threads apart by their names */
	assert_string_equal(value(&a, "-name"),
			    "lockhold-source,debug-threads=on");
	assert_string_equal(value(&a, "-accel"), "tcg");
	assert_string_equal(value(&a, "-cpu"), "max");
	assert_string_equal(value(&a, "-m"), "2048");
	assert_string_equal(value(&a, "-smp"), "2");
	assert_string_equal(value(&a, "-append"),
			    "console=ttyS0 lockhold.mode=run");
	assert_string_equal(value(&a, "-serial"), "file:/r/serial-source.log");
	assert_string_equal(value(&a, "-object"), "iothread,id=lockhold-io");
	assert_string_equal(
		value(&a, "-device"),
		"virtio-balloon-pci,id=balloon0,free-page-hint=on,iothread=lockhold-io");
	assert_string_equal(
		value(&a, "-fsdev"),
		"local,id=share0,path=/r/guest,security_model=none");
	assert_string_equal(value(&a, "-qmp"),
			    "unix:/s/qmp.sock,server=on,wait=off");
	assert_int_equal(find(&a, "-incoming"), -1);
	qemu_args_free(&a);
}

static void destination_differs_only_by_incoming(void **state)
{
	struct qemu_spec dst = source;
	struct qemu_args s, d;

	(void)state;
	dst.incoming = true;
	dst.accel = ACCEL_KVM;
	dst.balloon = "";
	assert_int_equal(qemu_args_build(&source, &s), 0);
	assert_int_equal(qemu_args_build(&dst, &d), 0);
	assert_string_equal(value(&d, "-incoming"), "defer");
	assert_string_equal(value(&d, "-accel"), "kvm");
	assert_string_equal(value(&d, "-device"),
			    "virtio-balloon-pci,id=balloon0");
	assert_int_equal(d.argc, s.argc + 2);
	qemu_args_free(&s);
	qemu_args_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_command_line),
		cmocka_unit_test(destination_differs_only_by_incoming),
	};

	return cmocka_run_group_tests_name("qemu_args", tests, NULL, NULL);
}
