/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_QEMU_H
#define LOCKHOLD_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "options.h"

#define QEMU_BINARY "qemu-system-x86_64"
#define QEMU_SHARE_TAG "lockhold" /* 9p mount tag the guest init mounts */
#define QEMU_IOTHREAD "lockhold-io" /* named by variant.conf balloon lines */
#define QEMU_ARGS_MAX 64

/* One QEMU process: the source, the migration destination or a probe. */
struct qemu_spec {
	const char *role;
	enum accel accel; /* ACCEL_KVM or ACCEL_TCG */
	unsigned int mem_mib;
	unsigned int vcpus;
	const char *kernel;
	const char *initrd;
	const char *cmdline;
	const char *balloon; /* extra virtio-balloon-pci properties, or "" */
	const char *share_dir; /* 9p export, or NULL */
	const char *serial_path;
	/*
	 * The guest's second serial port (ttyS1), a socket bench writes to:
	 * the guest waits there before it touches 9p. Or NULL.
	 */
	const char *control_path;
	const char *qmp_path; /* or NULL */
	bool incoming; /* destination: wait for migrate-incoming */
};

struct qemu_args {
	char *argv[QEMU_ARGS_MAX + 1];
	int argc;
};

/* Build the command line; both sides of a migration differ only in -incoming. */
int qemu_args_build(const struct qemu_spec *spec, struct qemu_args *args);
void qemu_args_free(struct qemu_args *args);

struct qemu_proc {
	const char *role;
	pid_t pid; /* 0 once reaped */
	int status; /* wait status once reaped */
};

/* Start QEMU with stdout and stderr going to log_path. */
int qemu_start(const struct qemu_spec *spec, const char *log_path,
	       struct qemu_proc *proc, char *err, size_t errlen);

/* Reap without blocking; true when the process has exited. */
bool qemu_exited(struct qemu_proc *proc);

/* "source QEMU (pid 123) was killed by signal 9", for error messages. */
void qemu_describe_exit(const struct qemu_proc *proc, char *buf, size_t len);

/* SIGKILL if still running, then reap. */
void qemu_kill(struct qemu_proc *proc);

/* Wait up to timeout_ms for a process asked to quit, then kill it. */
void qemu_reap(struct qemu_proc *proc, int timeout_ms);

#endif
