/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HOST_THREADS_H
#define LOCKHOLD_HOST_THREADS_H

#include <stdbool.h>

/*
 * What a QEMU thread does, from the name QEMU gives it (-name
 * ...,debug-threads=on: harness/qemu.c). QEMU 10.0 here names them:
 *   "CPU 0/TCG", "CPU 1/KVM"  (TCG single-threaded: "ALL CPUs/TCG")  vcpu
 *   "mig/src/main" (the migration thread, "live_migration" before 9.1),
 *   "mig/src/return", "mig/dst/...", "multifdsend_N", "postcopy/..."  migration
 *   "IO lockhold-io", "IO mon_iothread" (iothreads), "worker" (thread pool)  io
 *   "call_rcu"  rcu
 *   the thread whose TID is the PID  main
 */
enum host_thread_class {
	HOST_THREAD_VCPU,
	HOST_THREAD_MIGRATION,
	HOST_THREAD_IO,
	HOST_THREAD_RCU,
	HOST_THREAD_MAIN,
	HOST_THREAD_OTHER,
	HOST_THREAD_CLASSES
};

/* "vcpu", "migration", "io", "rcu", "main", "other" */
const char *host_thread_class_name(enum host_thread_class c);

/*
 * The class of a thread named name. main: its TID is the PID.
 * unnamed_first: the first thread the process started after its main
 * one, bearing the process's name instead of one of its own. QEMU starts
 * call_rcu from a constructor, before it has parsed debug-threads=on, so
 * call_rcu gets its name only when it happens to run after the parsing
 * (seen both ways here); unnamed, that first thread is call_rcu still.
 */
enum host_thread_class host_thread_classify(const char *name, bool main,
					    bool unnamed_first);

#endif
