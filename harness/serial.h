/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_SERIAL_H
#define LOCKHOLD_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../guest/protocol.h"

/*
 * The guest's serial console, as QEMU writes it to a file. The guest init
 * reports progress as lines starting with "LOCKHOLD: ".
 */
#define SERIAL_MARKER PROTO_MARKER

struct serial_watch {
	char path[4096];
	char *data; /* everything read so far, NUL-terminated */
	size_t len;
};

void serial_watch_init(struct serial_watch *w, const char *path);

/* Read what QEMU appended since the last call. */
void serial_refresh(struct serial_watch *w);

/*
 * Find the first line that starts with "LOCKHOLD: " followed by word; copy the
 * rest of that line (after the word) into rest. True when found.
 */
bool serial_marker(const struct serial_watch *w, const char *word, char *rest,
		   size_t len);

void serial_watch_free(struct serial_watch *w);

/*
 * Write one line to the guest's control port (a QEMU chardev socket),
 * connecting first if *fd < 0. Keep the connection (close *fd when the
 * guest is gone): QEMU discards whatever the guest had not taken yet when
 * the client hangs up, and a busy guest takes a while. Returns 0, or -1
 * with the reason in err.
 */
int serial_send_line(int *fd, const char *socket_path, const char *line,
		     char *err, size_t errlen);

#endif
