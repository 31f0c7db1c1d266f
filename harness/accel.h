/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_ACCEL_H
#define LOCKHOLD_ACCEL_H

#include <stddef.h>

#include "options.h"

/*
 * Decide the accelerator for --accel auto. KVM is used only if a probe guest
 * boots to its init within a few seconds: nested KVM on this kind of machine
 * hangs at boot instead of failing. The answer is cached per host boot in
 * cache_path. reason says why, for meta.json.
 */
enum accel accel_choose(const char *kernel, const char *initrd,
			const char *cache_path, const char *scratch_dir,
			char *reason, size_t len);

#endif
