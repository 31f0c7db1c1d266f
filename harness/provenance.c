// SPDX-License-Identifier: GPL-2.0
#include "provenance.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

void read_first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	if (fgets(buf, len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static void git_revision(const char *root, char *buf, size_t len)
{
	char cmd[4200];
	FILE *p;

	snprintf(buf, len, "unknown");
	snprintf(
		cmd, sizeof(cmd),
		"git -C '%s' describe --always --dirty --abbrev=12 2>/dev/null",
		root);
	p = popen(cmd, "r");
	if (!p)
		return;
	if (!fgets(buf, len, p))
		snprintf(buf, len, "unknown");
	buf[strcspn(buf, "\n")] = '\0';
	pclose(p);
}

json_t *provenance_host(const char *root)
{
	char rev[128], host[256] = "unknown", when[64];
	struct utsname uts;
	time_t now = time(NULL);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long mem_mib =
		sysconf(_SC_PHYS_PAGES) / 256 * sysconf(_SC_PAGESIZE) / 4096;

	git_revision(root, rev, sizeof(rev));
	gethostname(host, sizeof(host) - 1);
	uname(&uts);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "git_revision", rev,
			 "started_at", when, "host", host, "host_kernel",
			 uts.release, "host_cpus", (json_int_t)cpus,
			 "host_mem_mib", (json_int_t)mem_mib);
}
