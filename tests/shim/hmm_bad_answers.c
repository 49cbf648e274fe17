/*
 * LD_PRELOAD shim for tests: a /dev/hmm_dmirror0 that answers nonsense.
 * open() of the device path opens /dev/null instead (so probe and bind
 * succeed on any machine), and every test_hmm ioctl on such a file
 * returns 0 having done nothing: cpages stays 0 where the driver must
 * say how many pages it copied. Other files and ioctls go to libc.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* RTLD_NEXT; CMake passes it already */
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define DEV "/dev/hmm_dmirror0"
#define MAX_FD 4096

typedef int (*open_fn)(const char *, int, ...);
typedef int (*ioctl_fn)(int, unsigned long, ...);

static unsigned char fake[MAX_FD];	/* fds opened as the fake device */

static int open_as(const char *sym, const char *path, int flags, mode_t mode)
{
	open_fn real = (open_fn)dlsym(RTLD_NEXT, sym);
	int fd;

	if (!real)
		return -1;
	if (strcmp(path, DEV))
		return real(path, flags, mode);
	fd = real("/dev/null", O_RDWR | (flags & O_CLOEXEC));
	if (fd >= 0 && fd < MAX_FD)
		fake[fd] = 1;
	return fd;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	return open_as("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	return open_as("open64", path, flags, mode);
}

int ioctl(int fd, unsigned long req, ...)
{
	static ioctl_fn real;
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd >= 0 && fd < MAX_FD && fake[fd] && ((req >> 8) & 0xff) == 'H') {
		static int said;

		if (!said++)
			fprintf(stderr, "hmm_bad_answers shim: test_hmm ioctl answered with nothing done\n");
		return 0;	/* cpages left as the caller set it: 0 */
	}
	if (!real)
		real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	return real ? real(fd, req, arg) : -1;
}
