/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_ATOMIC_FILE_H
#define LOCKHOLD_ATOMIC_FILE_H

/*
 * Write text to path whole or not at all: a hidden temporary file in the same
 * directory, fsync'd, then renamed over path, so a reader (or a crash) sees
 * the old file or the new one. Mode 0644. Returns 0, or -errno with nothing
 * left behind. Shared by the analysis (run files), the guest's workloads
 * (result.json) and the harness.
 */
int atomic_file_write(const char *path, const char *text);

#endif
