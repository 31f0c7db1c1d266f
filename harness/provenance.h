/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_PROVENANCE_H
#define LOCKHOLD_PROVENANCE_H

#include <jansson.h>

/*
 * What a result came from, beyond the run's own parameters: the suite's git
 * revision, the host, and the time. A figure without these is not
 * reproducible.
 */
json_t *provenance_host(const char *root);

/* First line of a file, or "unknown" (kernel.release, boot_id). */
void read_first_line(const char *path, char *buf, size_t len);

#endif
