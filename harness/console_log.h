/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_CONSOLE_LOG_H
#define LOCKHOLD_CONSOLE_LOG_H

#include "rundir.h"

/*
 * serial.log in the run directory: the source's console
 * (serial-source.log), then each destination's in turn
 * (serial-destination.log, serial-destination-2.log, ...) after a line
 * saying which migration it follows, so that one file reads as the
 * guest's whole life. The consoles stay beside it as QEMU wrote them.
 * Returns the number of migrations whose console it found, or -1 when
 * serial.log cannot be written.
 */
int console_log_merge(const struct rundir *rd);

#endif
