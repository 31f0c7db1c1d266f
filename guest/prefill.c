// SPDX-License-Identifier: GPL-2.0
/*
 * prefill PERCENT: dirty PERCENT of MemAvailable with non-zero data, then free
 * it. A freshly booted guest's free memory is zero, and QEMU migrates zero
 * pages almost for free, so without this free page hints would show nothing.
 * One non-zero word per page is enough to make QEMU send the whole page.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static long mem_available_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	char *end;
	unsigned long pct;
	long avail_kb = mem_available_kb();
	size_t bytes;
	uint8_t *mem;

	if (argc != 2 || (pct = strtoul(argv[1], &end, 10), *end) || pct > 95) {
		fprintf(stderr,
			"prefill: invalid percent '%s' (accepted: 0..95)\n",
			argc > 1 ? argv[1] : "");
		return 2;
	}
	if (avail_kb <= 0) {
		fprintf(stderr, "prefill: cannot read MemAvailable\n");
		return 1;
	}
	bytes = (size_t)avail_kb * 1024 / 100 * pct;
	bytes -= bytes % page;
	mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "prefill: mmap %zu bytes: %s\n", bytes,
			strerror(errno));
		return 1;
	}
	for (size_t off = 0; off < bytes; off += page)
		*(uint64_t *)(mem + off) = 0x6c6f636b686f6c64ULL ^ off;
	munmap(mem, bytes);
	printf("LOCKHOLD: prefilled mib=%zu of_available_kb=%ld\n", bytes >> 20,
	       avail_kb);
	return 0;
}
