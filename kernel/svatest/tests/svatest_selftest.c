// SPDX-License-Identifier: GPL-2.0
/*
 * svatest-selftest: proves /dev/svatest on the kernel it runs on, without
 * svafuzz. Static binary; runs in the QEMU guest (kernel/vm/run-vm.sh).
 * Prints one line per check and "N passed, N failed"; exit 0 iff all pass.
 *
 *   svatest-selftest [-b]     -b: also measure the access rate
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../svatest_uapi.h"

#define NPAGES 16

static int passed, failed;
static long psz;

static void check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

struct dev {
	int fd;
	uint8_t *base;
	struct svatest_bind b;
};

static int dev_open(struct dev *d, uint32_t knobs, uint32_t arch)
{
	d->fd = open("/dev/svatest", O_RDWR);
	if (d->fd < 0)
		return -1;
	d->base = mmap(NULL, NPAGES * psz, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d->base == MAP_FAILED)
		return -1;
	memset(&d->b, 0, sizeof(d->b));
	d->b.start = (uintptr_t)d->base;
	d->b.len = NPAGES * psz;
	d->b.knobs = knobs;
	d->b.arch = arch;
	return ioctl(d->fd, SVATEST_IOC_BIND, &d->b);
}

static void dev_close(struct dev *d)
{
	close(d->fd);
	munmap(d->base, NPAGES * psz);
}

/* One device access to word 0 of page p; returns the access record. */
static struct svatest_access dev_rw(struct dev *d, int p, int write, uint64_t v)
{
	struct svatest_access a = { .va = (uintptr_t)d->base + p * psz, .write = write,
				    .value = v };
	struct svatest_batch bt = { .accesses = (uintptr_t)&a, .n = 1 };

	if (ioctl(d->fd, SVATEST_IOC_ACCESS, &bt) || bt.done != 1) {
		a.outcome = 99;
		a.err = errno;
	}
	return a;
}

/* Did an invalidation of kind covering page p arrive within [t0, t1]? */
static int inval_covers(struct dev *d, int p, uint64_t t0, uint64_t t1)
{
	static struct svatest_inval rec[SVATEST_MAX_BATCH];
	struct svatest_inval_read r = { .buf = (uintptr_t)rec, .n = SVATEST_MAX_BATCH };
	uint64_t va = (uintptr_t)d->base + p * psz;
	int found = 0;
	unsigned int i;

	if (ioctl(d->fd, SVATEST_IOC_INVAL_READ, &r))
		return -1;
	for (i = 0; i < r.got; i++)
		if (rec[i].start <= va && rec[i].end > va && rec[i].t >= t0 && rec[i].t <= t1 &&
		    (rec[i].flags & SVATEST_INVF_APPLIED))
			found = 1;
	return found;
}

static void drain_log(struct dev *d)
{
	inval_covers(d, 0, 0, 0);
}

static void test_basic(void)
{
	struct dev d;
	struct svatest_access a;
	uint64_t t0, t1;

	check(dev_open(&d, 0, 0) == 0, "bind");
	printf("# arch in force: %s\n", d.b.arch_out == SVATEST_ARCH_SMMUV3 ? "smmuv3" : "vtd");
	a = dev_rw(&d, 1, 1, 0x1122334455667788ull);
	check(a.outcome == SVATEST_OK && a.t0 <= a.t1 && a.t0 > 0, "device write ok, stamped");
	check(*(volatile uint64_t *)(d.base + psz) == 0x1122334455667788ull,
	      "CPU reads the device's write");
	*(volatile uint64_t *)(d.base + 2 * psz) = 42;
	a = dev_rw(&d, 2, 0, 0);
	check(a.outcome == SVATEST_OK && a.value == 42, "device reads the CPU's write");

	drain_log(&d);
	t0 = now_ns();
	mprotect(d.base + psz, psz, PROT_READ);
	t1 = now_ns();
	check(inval_covers(&d, 1, t0, t1) == 1, "mprotect(R) invalidated the page before returning");
	a = dev_rw(&d, 1, 1, 7);
	check(a.outcome == SVATEST_FAULT && a.err == EFAULT, "device write to R page faults");
	a = dev_rw(&d, 1, 0, 0);
	check(a.outcome == SVATEST_OK && a.value == 0x1122334455667788ull, "device read of R page ok");
	mprotect(d.base + psz, psz, PROT_READ | PROT_WRITE);
	a = dev_rw(&d, 1, 1, 9);
	check(a.outcome == SVATEST_OK, "device write after mprotect(RW) ok");
	check(*(volatile uint64_t *)(d.base + psz) == 9, "... and the CPU sees it");

	a = dev_rw(&d, 3, 1, 5);
	drain_log(&d);
	t0 = now_ns();
	munmap(d.base + 3 * psz, psz);
	t1 = now_ns();
	check(inval_covers(&d, 3, t0, t1) == 1, "munmap invalidated the page before returning");
	a = dev_rw(&d, 3, 0, 0);
	check(a.outcome == SVATEST_FAULT && a.err == EFAULT, "device read of unmapped page faults");

	madvise(d.base + 4 * psz, psz, MADV_DONTNEED);
	a = dev_rw(&d, 4, 1, 77);
	drain_log(&d);
	t0 = now_ns();
	madvise(d.base + 4 * psz, psz, MADV_DONTNEED);
	t1 = now_ns();
	check(inval_covers(&d, 4, t0, t1) == 1, "MADV_DONTNEED invalidated the page");
	a = dev_rw(&d, 4, 0, 0);
	check(a.outcome == SVATEST_OK && a.value == 0, "device reads zero after MADV_DONTNEED");
	dev_close(&d);
}

static void test_refusals(void)
{
	struct svatest_access a[2];
	struct svatest_batch bt = { .accesses = (uintptr_t)a, .n = 1 };
	struct svatest_bind b2;
	struct dev d;
	int fd;
	pid_t pid;
	int st;

	fd = open("/dev/svatest", O_RDWR);
	memset(a, 0, sizeof(a));
	check(ioctl(fd, SVATEST_IOC_ACCESS, &bt) < 0 && errno == ENOTCONN, "access before bind refused");
	memset(&b2, 0, sizeof(b2));
	b2.start = 4096 * 3 + 1;
	b2.len = 4096;
	check(ioctl(fd, SVATEST_IOC_BIND, &b2) < 0 && errno == EINVAL, "unaligned bind refused");
	b2.start = 0;
	b2.len = 1ull << 40;
	check(ioctl(fd, SVATEST_IOC_BIND, &b2) < 0 && errno == EINVAL, "absurd length refused");
	b2.start = ~0ull - 0xfff;
	b2.len = 0x2000;
	check(ioctl(fd, SVATEST_IOC_BIND, &b2) < 0 && errno == EFAULT, "range past TASK_SIZE refused");
	close(fd);

	dev_open(&d, 0, 0);
	check(ioctl(d.fd, SVATEST_IOC_BIND, &d.b) < 0 && errno == EBUSY, "second bind refused");
	a[0].va = (uintptr_t)d.base - psz;
	check(ioctl(d.fd, SVATEST_IOC_ACCESS, &bt) < 0 && errno == EINVAL, "address below range refused");
	a[0].va = (uintptr_t)d.base + NPAGES * psz;
	check(ioctl(d.fd, SVATEST_IOC_ACCESS, &bt) < 0 && errno == EINVAL, "address past range refused");
	a[0].va = (uintptr_t)d.base + 3;
	check(ioctl(d.fd, SVATEST_IOC_ACCESS, &bt) < 0 && errno == EINVAL, "unaligned address refused");
	bt.n = SVATEST_MAX_BATCH + 1;
	check(ioctl(d.fd, SVATEST_IOC_ACCESS, &bt) < 0 && errno == E2BIG, "absurd count refused");
	bt.n = 1;
	a[0].va = (uintptr_t)d.base;
	pid = fork();
	if (pid == 0)
		_exit(ioctl(d.fd, SVATEST_IOC_ACCESS, &bt) < 0 && errno == EPERM ? 0 : 1);
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "access from a forked child refused");
	dev_close(&d);
}

/* The seed bug's scenario: COW reuse after fork upgrades RO -> RW in place. */
static void test_cow_reuse(uint32_t arch, const char *name)
{
	struct svatest_access a;
	struct dev d;
	cpu_set_t one;
	pid_t pid;
	char what[128];

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	dev_open(&d, 0, arch);
	*(volatile uint64_t *)(d.base + 5 * psz) = 1;
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	a = dev_rw(&d, 5, 0, 0);
	a = dev_rw(&d, 5, 1, 2);
	/* Fails (FAULT_LOOP) with SMMUv3 rules on kernels with the 2023 arm64 bug. */
	snprintf(what, sizeof(what),
		 "%s: device write after fork + device read succeeds (faults %u)%s", name, a.faults,
		 a.outcome == SVATEST_FAULT_LOOP ? ": the RO->RW upgrade bug (no invalidation)" : "");
	check(a.outcome == SVATEST_OK, what);
	check(*(volatile uint64_t *)(d.base + 5 * psz) == 2, "... and the CPU sees it");
	dev_close(&d);
	CPU_ZERO(&one);
	for (int i = 0; i < 64; i++)
		CPU_SET(i, &one);
	sched_setaffinity(0, sizeof(one), &one);
}

/* With the ignore knob the device keeps a translation mprotect revoked. */
static void test_knob_ignore(void)
{
	struct svatest_access a;
	struct dev d;

	dev_open(&d, SVATEST_KNOB_IGNORE_INVAL, 0);
	a = dev_rw(&d, 6, 1, 3);
	mprotect(d.base + 6 * psz, psz, PROT_NONE);
	a = dev_rw(&d, 6, 1, 4);
	check(a.outcome == SVATEST_OK, "ignore knob: stale write succeeds after mprotect(NONE)");
	dev_close(&d);
}

/*
 * The seed bug, injected: with SMMUv3 rules a cached read-only entry
 * outlives the upgrade when the device ignores upgrade invalidations, so
 * the write faults forever; VT-d rules drop the faulted entry and recover.
 * The episode: device read of a read-only page, mprotect back to RW,
 * device write.
 */
static struct svatest_access write_after_upgrade(uint32_t arch)
{
	struct svatest_access a;
	struct dev d;

	dev_open(&d, SVATEST_KNOB_IGNORE_UPGRADE, arch);
	*(volatile uint64_t *)(d.base + 7 * psz) = 1;
	mprotect(d.base + 7 * psz, psz, PROT_READ);
	dev_rw(&d, 7, 0, 0);
	mprotect(d.base + 7 * psz, psz, PROT_READ | PROT_WRITE);
	a = dev_rw(&d, 7, 1, 2);
	dev_close(&d);
	return a;
}

static void test_knob_upgrade(void)
{
	check(write_after_upgrade(SVATEST_ARCH_SMMUV3).outcome == SVATEST_FAULT_LOOP,
	      "ignore-upgrade knob, smmuv3: write after RO->RW loops");
	check(write_after_upgrade(SVATEST_ARCH_VTD).outcome == SVATEST_OK,
	      "ignore-upgrade knob, vtd: the faulted entry is dropped, write ok");
}

/*
 * The stale check: the device reads page 8 while it is the zero page
 * (never written), the CPU writes it (the COW break maps a new page), and
 * the device reads again. With the COW knob the invalidation is ignored
 * and the hit is flagged "replaced"; without, the entry went and a walk
 * finds the new page, unflagged. A stale entry after mprotect(NONE) with
 * the ignore knob is flagged too.
 */
static struct svatest_access read_after_cow(uint32_t knobs, int *bound)
{
	struct svatest_access a = { .outcome = 99 };
	struct dev d;

	*bound = dev_open(&d, knobs, 0) == 0;
	if (!*bound)
		return a;
	dev_rw(&d, 8, 0, 0);
	*(volatile uint64_t *)(d.base + 8 * psz) = 5;
	a = dev_rw(&d, 8, 0, 0);
	dev_close(&d);
	return a;
}

static void test_stale_flag(void)
{
	struct svatest_access a;
	struct dev d;
	int bound;

	a = read_after_cow(0, &bound);
	check(a.outcome == SVATEST_OK && a.stale == SVATEST_STALE_NONE && a.value == 5,
	      "no knob: read after a COW break sees the new page, not flagged");
	a = read_after_cow(SVATEST_KNOB_IGNORE_COW, &bound);
	if (!bound) {
		/* ENOENT: no do_wp_page symbol; EOPNOTSUPP: a kernel without kretprobes */
		printf("# ignore-cow knob: bind failed (%s): no kretprobe on do_wp_page here\n",
		       strerror(errno));
		check(errno == ENOENT || errno == EOPNOTSUPP,
		      "ignore-cow knob: bind refused only for want of a do_wp_page kretprobe");
	} else {
		check(a.outcome == SVATEST_OK && a.stale == SVATEST_STALE_REPLACED && a.value == 0,
		      "ignore-cow knob: read after a COW break uses the old page, flagged replaced");
	}
	dev_open(&d, SVATEST_KNOB_IGNORE_INVAL, 0);
	dev_rw(&d, 9, 1, 3);
	mprotect(d.base + 9 * psz, psz, PROT_READ);
	a = dev_rw(&d, 9, 1, 4);
	check(a.outcome == SVATEST_OK && a.stale == SVATEST_STALE_WRITE,
	      "ignore knob: write through a revoked writable entry flagged write-revoked");
	dev_close(&d);
}

/*
 * UFFDIO_WRITEPROTECT's resolve rebuilds a present PTE from the VMA's
 * protection, which write-notify keeps read-only on shared memory: on 6.12
 * it write-protects a dirty shmem page. Its TLB flush, which carries the
 * IOMMU-style invalidation, comes from tlb_finish_mmu after range_end. A
 * device write hitting the cached writable entry in between uses a window
 * every CPU TLB has too, and must not be flagged (svafuzz would call it a
 * lost invalidation). One thread resolves in a loop while the device
 * writes; the writes that refaulted show the resolves downgraded the PTE.
 */
struct churn {
	int uffd;
	uint8_t *page;
	int stop;
	unsigned long resolves;
};

static void *resolve_loop(void *arg)
{
	struct churn *ch = arg;
	struct uffdio_writeprotect wp = {
		.range = { .start = (uintptr_t)ch->page, .len = psz }, .mode = 0,
	};

	while (!__atomic_load_n(&ch->stop, __ATOMIC_RELAXED))
		if (!ioctl(ch->uffd, UFFDIO_WRITEPROTECT, &wp))
			ch->resolves++;
	return NULL;
}

static int uffd_wp_shmem(void)
{
	struct uffdio_api api = {
		.api = UFFD_API,
		.features = UFFD_FEATURE_PAGEFAULT_FLAG_WP | UFFD_FEATURE_WP_HUGETLBFS_SHMEM,
	};
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);

	if (fd < 0 || ioctl(fd, UFFDIO_API, &api)) {
		printf("# uffd-wp churn: userfaultfd with shmem write protection: %s\n",
		       strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Maps page p of d shared and registers it for uffd-wp; NULL on failure. */
static uint8_t *shared_wp_page(struct dev *d, int uffd, int p)
{
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_WP };
	uint8_t *page = mmap(d->base + p * psz, psz, PROT_READ | PROT_WRITE,
			     MAP_FIXED | MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	reg.range.start = (uintptr_t)page;
	reg.range.len = psz;
	if (page == MAP_FAILED || ioctl(uffd, UFFDIO_REGISTER, &reg))
		return NULL;
	return page;
}

static void resolve_while_writing(struct dev *d, struct churn *ch)
{
	unsigned long writes = 0, refaulted = 0, stale = 0, bad = 0;
	struct svatest_access a;
	pthread_t t;
	uint64_t t0;

	ch->page = shared_wp_page(d, ch->uffd, 10);
	if (!ch->page || pthread_create(&t, NULL, resolve_loop, ch)) {
		check(0, "uffd-wp resolve churn: set-up");
		return;
	}
	t0 = now_ns();
	while (now_ns() - t0 < 2000000000ull) {
		a = dev_rw(d, 10, 1, ++writes);
		bad += a.outcome != SVATEST_OK;
		stale += a.stale != SVATEST_STALE_NONE;
		refaulted += a.faults > 0;
	}
	__atomic_store_n(&ch->stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	printf("# uffd-wp resolve churn: %lu resolves, %lu device writes, %lu refaulted, %lu flagged stale\n",
	       ch->resolves, writes, refaulted, stale);
	check(bad == 0 && stale == 0 && ch->resolves > 0,
	      "uffd-wp resolve churn on shared memory: writes ok, none flagged stale");
}

/*
 * The check is only held while the flush is pending: once the resolve has
 * returned, a device that ignored its invalidation is flagged. Whether
 * the resolve write-protected the page (6.12 does; 6.1 rebuilds it
 * writable) a second device without the knob tells: its walk faults.
 */
static void flagged_after_resolve(struct dev *d, int uffd)
{
	uint8_t *page = shared_wp_page(d, uffd, 11);
	struct uffdio_writeprotect wp = {
		.range = { .start = (uintptr_t)page, .len = psz }, .mode = 0,
	};
	struct svatest_access a, probe;
	struct dev d2 = { 0 };

	d2.fd = open("/dev/svatest", O_RDWR);
	d2.base = d->base;
	d2.b = d->b;
	d2.b.knobs = 0;
	if (!page || dev_rw(d, 11, 1, 1).outcome != SVATEST_OK ||
	    ioctl(d2.fd, SVATEST_IOC_BIND, &d2.b) || ioctl(uffd, UFFDIO_WRITEPROTECT, &wp)) {
		check(0, "ignore knob + resolve: set-up");
		close(d2.fd);
		return;
	}
	a = dev_rw(d, 11, 1, 2);
	probe = dev_rw(&d2, 11, 1, 3);
	close(d2.fd);
	printf("# ignore knob + resolve: the resolve %s\n",
	       probe.faults ? "write-protected the page" : "left the page writable");
	check(a.outcome == SVATEST_OK && probe.outcome == SVATEST_OK &&
	      a.stale == (probe.faults ? SVATEST_STALE_WRITE : SVATEST_STALE_NONE),
	      "ignore knob: write after a resolve flagged iff the resolve write-protected the page");
}

static void test_uffd_resolve(void)
{
	struct churn ch = { .uffd = uffd_wp_shmem() };
	struct dev d;

	if (ch.uffd < 0) {
		printf("# skipped: uffd-wp resolve churn: no shmem uffd-wp on this kernel\n");
		return;
	}
	dev_open(&d, 0, 0);
	resolve_while_writing(&d, &ch);
	dev_close(&d);
	dev_open(&d, SVATEST_KNOB_IGNORE_INVAL, 0);
	flagged_after_resolve(&d, ch.uffd);
	dev_close(&d);
	close(ch.uffd);
}

/* fops->owner pins the module while a file is open. */
static void test_unload_refused(void)
{
	struct dev d;

	dev_open(&d, 0, 0);
	check(syscall(SYS_delete_module, "svatest", O_NONBLOCK) < 0 &&
	      (errno == EWOULDBLOCK || errno == EBUSY), "module unload refused while open");
	dev_close(&d);
}

/* A process killed in the middle of accesses: the module must not care. */
static void test_killed(void)
{
	struct svatest_access acc[SVATEST_MAX_BATCH];
	struct svatest_batch bt = { .accesses = (uintptr_t)acc, .n = SVATEST_MAX_BATCH };
	struct dev d;
	pid_t pid;
	int i, st;

	pid = fork();
	if (pid == 0) {
		if (dev_open(&d, 0, 0))
			_exit(2);
		for (i = 0; i < SVATEST_MAX_BATCH; i++) {
			acc[i].va = (uintptr_t)d.base + (i % NPAGES) * psz;
			acc[i].write = i & 1;
		}
		for (;;) {
			ioctl(d.fd, SVATEST_IOC_ACCESS, &bt);
			mprotect(d.base, NPAGES * psz, PROT_READ);
			mprotect(d.base, NPAGES * psz, PROT_READ | PROT_WRITE);
		}
	}
	usleep(300000);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "process killed mid-access");
	check(dev_open(&d, 0, 0) == 0 && dev_rw(&d, 0, 1, 1).outcome == SVATEST_OK,
	      "device still works afterwards");
	dev_close(&d);
}

static void bench(void)
{
	static struct svatest_access acc[SVATEST_MAX_BATCH];
	struct svatest_batch bt = { .accesses = (uintptr_t)acc, .n = SVATEST_MAX_BATCH };
	struct svatest_stats st;
	struct dev d;
	uint64_t t0, n = 0, width = 0;
	int i;

	dev_open(&d, 0, 0);
	for (i = 0; i < SVATEST_MAX_BATCH; i++) {
		acc[i].va = (uintptr_t)d.base + (i % NPAGES) * psz + 8 * (i % 8);
		acc[i].write = i & 1;
	}
	t0 = now_ns();
	while (now_ns() - t0 < 1000000000ull) {
		ioctl(d.fd, SVATEST_IOC_ACCESS, &bt);
		for (i = 0; i < SVATEST_MAX_BATCH; i++)
			width += acc[i].t1 - acc[i].t0;
		n += bt.done;
	}
	printf("# access rate (IOTLB hits): %.0f /s, mean interval %.0f ns\n",
	       n * 1e9 / (now_ns() - t0), (double)width / n);
	n = 0;
	t0 = now_ns();
	while (now_ns() - t0 < 1000000000ull) {
		mprotect(d.base, NPAGES * psz, PROT_READ);
		mprotect(d.base, NPAGES * psz, PROT_READ | PROT_WRITE);
		ioctl(d.fd, SVATEST_IOC_ACCESS, &bt);
		n += bt.done;
	}
	ioctl(d.fd, SVATEST_IOC_STATS, &st);
	printf("# access rate with mprotect churn: %.0f /s; hits %llu misses %llu faults %llu invals %llu\n",
	       n * 1e9 / (now_ns() - t0), (unsigned long long)st.iotlb_hits,
	       (unsigned long long)st.iotlb_misses, (unsigned long long)st.faults,
	       (unsigned long long)st.invals);
	dev_close(&d);
}

int main(int argc, char **argv)
{
	int fd;

	psz = sysconf(_SC_PAGESIZE);
	fd = open("/dev/svatest", O_RDWR);
	if (fd < 0) {
		printf("skipped: /dev/svatest: %s\n", strerror(errno));
		return 77;
	}
	close(fd);
	test_basic();
	test_refusals();
	test_cow_reuse(SVATEST_ARCH_VTD, "vtd");
	test_cow_reuse(0, "host rules");
	test_knob_ignore();
	test_knob_upgrade();
	test_stale_flag();
	test_uffd_resolve();
	test_unload_refused();
	test_killed();
	if (argc > 1 && !strcmp(argv[1], "-b"))
		bench();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
