/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_SLOT_H
#define LOCKHOLD_SLOT_H

#include <stdio.h>

#include "qemu.h"
#include "qmp.h"
#include "serial.h"

#define SLOT_ROLE_LEN 32

/*
 * One QEMU of a run, and everything bench keeps of it: its role, which
 * names its files and sockets ("source", "destination", then
 * "destination-2"... in a ping-pong), the process, its QMP connection and
 * transcript, its console and the control port to the guest init.
 */
struct qemu_slot {
	char role[SLOT_ROLE_LEN];
	struct qemu_proc proc;
	struct qmp *qmp;
	FILE *transcript; /* qmp-<role>.log */
	struct serial_watch console;
	int control; /* -1 until the first line is sent */
};

/* An empty slot named role: no process, no connection. */
void slot_init(struct qemu_slot *s, const char *role);

/*
 * Ask QEMU to quit (kill it if it will not), close the QMP connection,
 * the transcript and the control port. The console stays readable.
 */
void slot_stop(struct qemu_slot *s);

/* slot_stop(), and the console's buffer freed. */
void slot_release(struct qemu_slot *s);

/*
 * Ping-pong, once the guest runs in *dst: *src (released by the caller)
 * takes over dst's QEMU, and *dst is left empty, named for the QEMU the
 * next migration goes to: "destination-<hop>".
 */
void slot_hop(struct qemu_slot *src, struct qemu_slot *dst, unsigned int hop);

#endif
