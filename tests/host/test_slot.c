// SPDX-License-Identifier: GPL-2.0
/*
 * The QEMU slots of a run: what a ping-pong hop moves from the destination
 * to the source, and what it leaves for the next destination.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness/slot.h"

static void empty_slot(void **state)
{
	struct qemu_slot s;

	(void)state;
	slot_init(&s, "source");
	assert_string_equal(s.role, "source");
	assert_int_equal(s.proc.pid, 0);
	assert_null(s.qmp);
	assert_null(s.transcript);
	assert_null(s.console.data);
	assert_int_equal(s.control, -1);
	/* stopping a slot that never started is harmless */
	slot_release(&s);
	assert_int_equal(s.control, -1);
}

/*
 * After the guest moved to "destination", the hop makes that QEMU the
 * source (its process, console and control port) and names the new
 * destination "destination-2"; an exit of the moved QEMU is then told by
 * the role it had, not by the name the next slot took.
 */
static void hop_moves_the_destination(void **state)
{
	struct qemu_slot src, dst;
	char why[128];

	(void)state;
	slot_init(&src, "source");
	slot_init(&dst, "destination");
	dst.proc = (struct qemu_proc){ .role = dst.role, .pid = 4321 };
	dst.control = 7;
	dst.console.data = strdup("LOCKHOLD: booted\n");
	dst.console.len = strlen(dst.console.data);
	snprintf(dst.console.path, sizeof(dst.console.path),
		 "serial-destination.log");
	slot_release(&src);

	slot_hop(&src, &dst, 2);
	assert_string_equal(src.role, "destination");
	assert_int_equal(src.proc.pid, 4321);
	assert_ptr_equal(src.proc.role, src.role);
	assert_int_equal(src.control, 7);
	assert_string_equal(src.console.data, "LOCKHOLD: booted\n");
	assert_string_equal(src.console.path, "serial-destination.log");

	assert_string_equal(dst.role, "destination-2");
	assert_int_equal(dst.proc.pid, 0);
	assert_int_equal(dst.control, -1);
	assert_null(dst.console.data);

	/* a hop later, the names go on: destination-2 is the source now */
	src.proc.pid = -4321; /* reaped */
	src.proc.status = 1 << 8; /* exited with status 1 */
	qemu_describe_exit(&src.proc, why, sizeof(why));
	assert_string_equal(why,
			    "destination QEMU (pid 4321) exited with status 1");
	src.control = -1; /* not a real descriptor: nothing to close */
	slot_release(&src);
	slot_hop(&src, &dst, 3);
	assert_string_equal(src.role, "destination-2");
	assert_string_equal(dst.role, "destination-3");
	slot_release(&src);
	slot_release(&dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_slot),
		cmocka_unit_test(hop_moves_the_destination),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
