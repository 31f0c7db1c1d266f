/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_REPORT_HOST_H
#define LOCKHOLD_REPORT_HOST_H

#include <stdio.h>

#include "groups.h"

/*
 * report.md's "Host side": where the host figures come from, the names of
 * the QEMU threads in each class, and what the sampler itself cost; nothing
 * when no run has the host side.
 */
void report_host_section(FILE *f, const struct comparison *c);

#endif
