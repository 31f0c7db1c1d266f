// SPDX-License-Identifier: GPL-2.0
#include "accel.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "provenance.h"
#include "qemu.h"
#include "serial.h"

#define PROBE_TIMEOUT_MS 8000

static bool probe_kvm(const char *kernel, const char *initrd,
		      const char *scratch_dir, char *reason, size_t len)
{
	char serial[4200], log[4200], err[512];
	struct qemu_spec spec = {
		.role = "kvm-probe",
		.accel = ACCEL_KVM,
		.mem_mib = 256,
		.vcpus = 1,
		.kernel = kernel,
		.initrd = initrd,
		.cmdline = "console=ttyS0 " PROTO_PARAM_MODE "=probe",
		.balloon = "",
		.serial_path = serial,
	};
	struct serial_watch watch;
	struct qemu_proc proc;
	int64_t deadline = now_ms() + PROBE_TIMEOUT_MS;
	bool ok = false;

	snprintf(serial, sizeof(serial), "%s/kvm-probe.serial", scratch_dir);
	snprintf(log, sizeof(log), "%s/kvm-probe.log", scratch_dir);
	if (qemu_start(&spec, log, &proc, err, sizeof(err))) {
		snprintf(reason, len, "KVM probe could not start: %s", err);
		return false;
	}
	serial_watch_init(&watch, serial);
	while (!ok && ms_left(deadline) && !qemu_exited(&proc)) {
		usleep(50000);
		serial_refresh(&watch);
		ok = serial_marker(&watch, PROTO_PROBE_OK, NULL, 0);
	}
	if (ok)
		snprintf(reason, len, "KVM probe guest booted");
	else if (qemu_exited(&proc))
		snprintf(reason, len, "KVM probe QEMU exited (see %s)", log);
	else
		snprintf(
			reason, len,
			"KVM probe guest did not boot within %d s (nested KVM hangs)",
			PROBE_TIMEOUT_MS / 1000);
	qemu_kill(&proc);
	serial_watch_free(&watch);
	return ok;
}

enum accel accel_choose(const char *kernel, const char *initrd,
			const char *cache_path, const char *scratch_dir,
			char *reason, size_t len)
{
	char boot_id[64], cached[512] = "";
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	FILE *f;
	bool kvm;

	if (fd < 0) {
		snprintf(reason, len, "no usable /dev/kvm");
		return ACCEL_TCG;
	}
	close(fd);
	read_first_line("/proc/sys/kernel/random/boot_id", boot_id,
			sizeof(boot_id));
	read_first_line(cache_path, cached, sizeof(cached));
	if (!strncmp(cached, boot_id, strlen(boot_id)) &&
	    cached[strlen(boot_id)] == ' ') {
		const char *answer = cached + strlen(boot_id) + 1;

		kvm = !strncmp(answer, "kvm ", 4);
		snprintf(reason, len, "%s (cached for this host boot)",
			 answer + 4);
		return kvm ? ACCEL_KVM : ACCEL_TCG;
	}
	kvm = probe_kvm(kernel, initrd, scratch_dir, reason, len);
	f = fopen(cache_path, "w");
	if (f) {
		fprintf(f, "%s %s %s\n", boot_id, kvm ? "kvm" : "tcg", reason);
		fclose(f);
	}
	return kvm ? ACCEL_KVM : ACCEL_TCG;
}
