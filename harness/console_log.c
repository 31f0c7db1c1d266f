// SPDX-License-Identifier: GPL-2.0
/* One console log for the guest's whole life (console_log.h). */
#include "console_log.h"

#include <stdio.h>
#include <unistd.h>

static int append_file(FILE *out, const char *path)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(path, "r");

	if (!in)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	return 0;
}

int console_log_merge(const struct rundir *rd)
{
	char path[PATH_MAX], console[PATH_MAX], file[64];
	unsigned int hop;
	FILE *out;

	rundir_path(rd, "serial.log", path, sizeof(path));
	rundir_path(rd, "serial-source.log", console, sizeof(console));
	out = fopen(path, "w");
	if (!out)
		return -1;
	append_file(out, console);
	/* Then each destination in turn: one, or a ping-pong's many */
	for (hop = 1;; hop++) {
		if (hop == 1)
			snprintf(file, sizeof(file), "serial-destination.log");
		else
			snprintf(file, sizeof(file),
				 "serial-destination-%u.log", hop);
		rundir_path(rd, file, console, sizeof(console));
		if (access(console, F_OK))
			break;
		fprintf(out,
			"\n==== lockhold: migration %u; the console of the QEMU it went to follows ====\n",
			hop);
		append_file(out, console);
	}
	return fclose(out) ? -1 : (int)hop - 1;
}
