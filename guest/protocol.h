/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_GUEST_PROTOCOL_H
#define LOCKHOLD_GUEST_PROTOCOL_H

/*
 * What bench and the guest say to each other, in one place: the console
 * markers the guest prints, the commands bench writes to the guest's
 * control port (its second serial port), the kernel parameters that carry
 * the run's settings, and the files the guest hands back. guest/init is
 * the other side, in shell; it speaks these same words, and
 * tests/host/test_protocol.c checks that it does.
 */

/* Every marker line starts with this, then a word and the rest */
#define PROTO_MARKER "LOCKHOLD: "

/* Console markers, guest to bench, in the order of a run */
#define PROTO_BOOTED "booted" /* then kernel=, cpus=, mem_total_kb= */
#define PROTO_WORKLOAD_START "workload-start" /* the workload harness's */
/* A workload's phase begins: workload, phase, monotonic_ns=, at_ms= */
#define PROTO_WORKLOAD_PHASE "workload-phase"
#define PROTO_WORKLOAD_WAITING "workload-waiting"
#define PROTO_WORKLOAD_END "workload-end"
#define PROTO_READY_TO_COLLECT "ready-to-collect"
#define PROTO_RESULTS_WRITTEN "results-written"
/* The guest gave up: an "error: <why>" marker precedes it */
#define PROTO_FAILED "failed"
#define PROTO_ERROR "error:"

/* The KVM probe's guest (lockhold.mode=probe) says only this */
#define PROTO_PROBE_OK "probe-ok"

/* Control port commands, bench to guest, one per line */
#define PROTO_MIGRATION_DONE "migration-done" /* the final check may run */
#define PROTO_COLLECT "collect" /* mount the 9p share, copy the results */

/* Kernel command line parameters guest/init reads */
#define PROTO_PARAM_MODE "lockhold.mode" /* run, or probe */
#define PROTO_PARAM_WORKLOAD "lockhold.workload"
#define PROTO_PARAM_DURATION "lockhold.duration"
#define PROTO_PARAM_VCPUS "lockhold.vcpus"
#define PROTO_PARAM_PREFILL "lockhold.prefill"
#define PROTO_PARAM_EVENTS "lockhold.events"
#define PROTO_PARAM_WARGS "lockhold.wargs"
/* Rounds on demand: how many, and the seconds between them ("0.500") */
#define PROTO_PARAM_ROUNDS "lockhold.rounds"
#define PROTO_PARAM_ROUND_EVERY "lockhold.round_every"

/* The files the guest writes into the results share */
#define PROTO_FILE_TRACE "trace.dat"
#define PROTO_FILE_WORKLOAD "workload.json"
#define PROTO_FILE_WORKLOAD_ERR "workload.err"
#define PROTO_FILE_EVENTS "events.txt"
#define PROTO_FILE_ZONE_LOCKS "zone-locks.txt" /* the kernel's boot record */
#define PROTO_FILE_DMESG "dmesg.txt"
#define PROTO_FILE_PERF_LOCK "perf-lock.txt" /* with PERF=1 only */
/* With --rounds: the trigger used, then a line per round */
#define PROTO_FILE_ROUNDS "rounds.txt"
#define PROTO_RESULT_FILES                                                  \
	PROTO_FILE_TRACE, PROTO_FILE_WORKLOAD, PROTO_FILE_WORKLOAD_ERR,     \
		PROTO_FILE_EVENTS, PROTO_FILE_ZONE_LOCKS, PROTO_FILE_DMESG, \
		PROTO_FILE_PERF_LOCK, PROTO_FILE_ROUNDS

#endif
