/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_QMP_H
#define LOCKHOLD_QMP_H

#include <jansson.h>
#include <stdio.h>

/*
 * A QMP client: one connection to one QEMU monitor socket. Every call is
 * bounded by a timeout; events that arrive while waiting for a reply are
 * queued, not dropped. When a transcript is given, every line sent and
 * received is appended to it ("> " and "< " prefixes), which is how the unit
 * tests' fixtures were recorded from a real QEMU.
 */
struct qmp;

/* How long bench waits for QEMU's greeting or a command's answer */
#define QMP_TIMEOUT_MS 10000

/*
 * Connect to a QEMU that is starting up: retry until timeout_ms while the
 * socket does not exist yet, read the greeting, negotiate capabilities.
 * Returns NULL with a message in err on failure.
 */
struct qmp *qmp_connect(const char *socket_path, int timeout_ms,
			FILE *transcript, char *err, size_t errlen);

/* Same, on an already connected stream socket (used by the tests). */
struct qmp *qmp_open_fd(int fd, int timeout_ms, FILE *transcript, char *err,
			size_t errlen);

/* The "QMP" object of the greeting (version, capabilities); borrowed. */
json_t *qmp_greeting(struct qmp *q);

/*
 * Run one command. args is stolen (may be NULL). On success returns 0 and, if
 * result is not NULL, a new reference to the "return" value. On a QMP error,
 * an I/O error or a timeout returns -1 with the reason in err.
 */
int qmp_execute(struct qmp *q, const char *command, json_t *args,
		int timeout_ms, json_t **result, char *err, size_t errlen);

/*
 * Wait for an event by name (NULL: any event), taking it from the queue
 * first. Returns 0 and a new reference in *event, or -1 on timeout or error.
 */
int qmp_wait_event(struct qmp *q, const char *name, int timeout_ms,
		   json_t **event, char *err, size_t errlen);

void qmp_close(struct qmp *q);

#endif
