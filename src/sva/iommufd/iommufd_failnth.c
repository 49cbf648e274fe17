/*
 * Fault injection on the IOAS calls: before a share of ioas-map,
 * ioas-unmap and ioas-copy calls the calling thread writes N to its
 * /proc/self/task/TID/fail-nth, so the N-th fault-injection point the
 * kernel passes in that call fails (iommufd's own iommufd_should_fail()
 * points in the pin and map paths, and allocations failslab may fail).
 * Whether the call fails or copes, what it reports must be what it did:
 * the oracle judges the following accesses by the recorded outcome, so a
 * failed map that left an area behind, or a failed unmap that left less
 * than the backend then finds, is a verdict like any other.
 *
 * The choice is a function of the op's index in its program, so a
 * reproducer replays the same injections. SVAFUZZ_IOMMUFD_FAIL_NTH=PCT
 * sets the share of calls armed (default 20; 0 = never).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "iommufd_dev.h"

#define DEFAULT_PCT 20
#define MAX_NTH 8	/* the points a map passes first: deeper ones are rarely reached */

unsigned sf_iommufd_failnth_pct(void)
{
	const char *s = getenv("SVAFUZZ_IOMMUFD_FAIL_NTH");
	char *end;
	unsigned long v;

	if (!s || !*s)
		return DEFAULT_PCT;
	v = strtoul(s, &end, 10);
	return (*end || v > 100) ? DEFAULT_PCT : (unsigned)v;
}

/* splitmix64: spreads consecutive op indexes over the whole range */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static int open_nth(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth", (long)syscall(SYS_gettid));
	return open(path, O_RDWR | O_CLOEXEC);
}

int sf_iommufd_failnth_arm(struct sf_dev *d, uint64_t seq)
{
	uint64_t h = mix(seq);
	char buf[16];
	int fd, len;

	if (!d->failnth_pct || h % 100 >= d->failnth_pct)
		return -1;
	fd = open_nth();
	if (fd < 0)
		return -1;	/* no FAULT_INJECTION: the call runs unarmed */
	len = snprintf(buf, sizeof(buf), "%u", 1 + (unsigned)((h >> 32) % MAX_NTH));
	if (write(fd, buf, (size_t)len) != len) {
		close(fd);
		return -1;
	}
	d->failnth_armed++;
	return fd;
}

int sf_iommufd_failnth_disarm(struct sf_dev *d, int fd)
{
	char buf[16] = "";
	ssize_t n;
	int injected;

	if (fd < 0)
		return 0;
	/* "0": the armed point was reached and failed; N > 0: not reached */
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	injected = n > 0 && atoi(buf) == 0;
	/* unreached: disarm, or a later call of this thread would fail */
	if (!injected && pwrite(fd, "0", 1, 0) != 1)
		fprintf(stderr, "svafuzz: iommufd: cannot disarm fail-nth: %s\n", strerror(errno));
	close(fd);
	d->failnth_injected += (uint64_t)injected;
	return injected;
}
