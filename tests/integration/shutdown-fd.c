// SPDX-License-Identifier: GPL-2.0
/*
 * shutdown-fd PID FD: shut down, in both directions, the socket open as FD in
 * process PID (a copy is taken with pidfd_getfd; the socket itself is
 * shared). Fault injection for the QMP tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int pidfd, fd;

	if (argc != 3) {
		fprintf(stderr, "usage: shutdown-fd PID FD\n");
		return 2;
	}
	pidfd = syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	if (pidfd < 0) {
		perror("pidfd_open");
		return 1;
	}
	fd = syscall(SYS_pidfd_getfd, pidfd, atoi(argv[2]), 0);
	if (fd < 0) {
		perror("pidfd_getfd");
		return 1;
	}
	if (shutdown(fd, SHUT_RDWR)) {
		perror("shutdown");
		return 1;
	}
	return 0;
}
