/*
 * In the guest, before the hmm backend's runs: a test_hmm device write must
 * survive reclaim. Without kernel/patches/0004 test_hmm leaves the folio
 * clean and MADV_PAGEOUT drops the write (docs/triage.md, 2026-12-07), which
 * svafuzz then reports as STALE_READ; that is the device's bug, not the
 * kernel's, so the clean runs need a device that keeps its writes.
 *
 * A control page in the same mapping, read but never written, must be
 * dropped by the same MADV_PAGEOUT (mincore), so a pass means reclaim did
 * act here and the written page was kept, not that reclaim did nothing.
 * Prints one line per case and "HMM-DIRTY-OK" when all pass; exit 1 if not.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "hmm_uapi.h"

#define NPAGES	64	/* more new folios than a per-CPU LRU batch holds */
#define MARK	0x5a

static int dev;
static long psz;
static unsigned char buf[1 << 16];

static int dmirror(unsigned long req, void *addr)
{
	struct hmm_dmirror_cmd c = {
		.addr = (uintptr_t)addr, .ptr = (uintptr_t)buf, .npages = 1,
	};

	return ioctl(dev, req, &c);
}

static int resident(void *p)
{
	unsigned char v = 0;

	return mincore(p, psz, &v) == 0 && (v & 1);
}

/* Device-reads page 3 (a read fault maps it clean), CPU-reads the rest. */
static int check(const char *name, char *m, int written_by_cpu_first)
{
	char *target = m + 3 * psz, *control = m + 5 * psz;
	int ok;

	if (written_by_cpu_first)
		(void)*(volatile char *)target;
	else if (dmirror(HMM_DMIRROR_READ, target))
		return printf("%s: device read failed: %m\n", name), 0;
	for (int i = 4; i < NPAGES; i++)
		(void)*(volatile char *)(m + i * psz);
	memset(buf, MARK, psz);
	if (dmirror(HMM_DMIRROR_WRITE, target))
		return printf("%s: device write failed: %m\n", name), 0;
	if (madvise(m, NPAGES * psz, MADV_PAGEOUT))
		return printf("%s: MADV_PAGEOUT: %m\n", name), 0;
	int dropped = !resident(control);

	memset(buf, 0, psz);
	if (dmirror(HMM_DMIRROR_READ, target))
		return printf("%s: device read after reclaim failed: %m\n", name), 0;
	ok = dropped && buf[24] == MARK && (unsigned char)target[24] == MARK;
	printf("%s: control page %s; device write then reads 0x%02x (device) 0x%02x (CPU): %s\n",
	       name, dropped ? "reclaimed" : "NOT reclaimed (no proof)",
	       buf[24], (unsigned char)target[24], ok ? "kept" : "LOST or unproven");
	return ok;
}

static int tmpfs_case(const char *dir, int cpu_first)
{
	char name[64];
	int fd = open(dir, O_TMPFILE | O_RDWR, 0600), ok;
	char *m;

	snprintf(name, sizeof(name), "%s%s", dir, cpu_first ? " (CPU read first)" : "");
	if (fd < 0 || ftruncate(fd, NPAGES * psz))
		return printf("%s: no tmpfile: %m\n", name), 0;
	m = mmap(NULL, NPAGES * psz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return printf("%s: mmap: %m\n", name), 0;
	ok = check(name, m, cpu_first);
	munmap(m, NPAGES * psz);
	return ok;
}

int main(void)
{
	cpu_set_t one;
	int ok = 1;

	psz = sysconf(_SC_PAGESIZE);
	if (psz > (long)sizeof(buf))
		return printf("page size %ld too large\n", psz), 1;
	/* one CPU: the LRU batches this thread fills are the ones drained */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	dev = open("/dev/hmm_dmirror0", O_RDWR);
	if (dev < 0)
		return printf("/dev/hmm_dmirror0: %m\n"), 1;
	ok &= tmpfs_case("/tmp", 0);
	ok &= tmpfs_case("/tmp", 1);
	if (ok)
		printf("HMM-DIRTY-OK\n");
	return !ok;
}
