/*
 * LD_PRELOAD shim for tests: a KVM device that dies mid-run. Once
 * SVAFUZZ_SHIM_KVM_RUN_FAIL_AFTER_MS milliseconds have passed since the
 * process started (since this library was loaded), every ioctl(KVM_RUN)
 * fails with EIO, as on a host whose KVM broke. All other ioctls, and
 * KVM_RUN before that time, go to the real ioctl.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* RTLD_NEXT; CMake passes it already */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <linux/kvm.h>

typedef int (*ioctl_fn)(int, unsigned long, ...);

static uint64_t fail_at_ns;	/* CLOCK_MONOTONIC; 0 = never */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

__attribute__((constructor)) static void shim_init(void)
{
	const char *ms = getenv("SVAFUZZ_SHIM_KVM_RUN_FAIL_AFTER_MS");

	if (ms && *ms)
		fail_at_ns = now_ns() + strtoull(ms, NULL, 10) * 1000000ull;
}

/* glibc declares ioctl(int, unsigned long, ...); every KVM ioctl passes one pointer or integer */
int ioctl(int fd, unsigned long req, ...)
{
	static ioctl_fn real;
	static int said;
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (req == KVM_RUN && fail_at_ns && now_ns() >= fail_at_ns) {
		if (!__atomic_exchange_n(&said, 1, __ATOMIC_RELAXED))
			fprintf(stderr, "kvm_run_fail shim: KVM_RUN fails with EIO from now on\n");
		errno = EIO;
		return -1;
	}
	if (!real)
		real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return real(fd, req, arg);
}
