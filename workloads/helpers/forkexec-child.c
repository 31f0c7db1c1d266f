// SPDX-License-Identifier: GPL-2.0
/* What forkexec execs: as little as a static program can be. */
int main(void)
{
	return 0;
}
