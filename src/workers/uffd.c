/*
 * uffd-wp: userfaultfd write protection. "on" registers the range in
 * MODE_WP and write-protects it; "off" removes the protection. A handler
 * thread resolves each write fault by un-protecting the faulting page
 * after a short hold, so writers (CPU or device) block for a while: that
 * widens the race windows around the page.
 *
 * The model is conservative: SF_PS_UFFD_WP stays set after the handler
 * un-protects a page (the flag only widens what a write may do), it is
 * set over the whole range once registration succeeded, and cleared only
 * by an "off" that fully succeeded (or by munmap/mmap).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "clock.h"
#include "wk.h"

#define HOLD_NS 20000ull

struct sf_uffd {
	int fd;
	int stop[2];
	pthread_t thread;
	struct sf_arena *a;
};

static int uffd_open(char *why, size_t n)
{
	struct uffdio_api api = { .api = UFFD_API };
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		snprintf(why, n, "userfaultfd: %s%s", strerror(errno),
			 errno == EPERM ? " (vm.unprivileged_userfaultfd=0 and not root?)" : "");
		return -1;
	}
	if (ioctl(fd, UFFDIO_API, &api) || !(api.features & UFFD_FEATURE_PAGEFAULT_FLAG_WP)) {
		snprintf(why, n, "userfaultfd has no write-protect support here");
		close(fd);
		return -1;
	}
	close(fd);
	/* features are fixed by the first UFFDIO_API: open again asking for them */
	fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	api.api = UFFD_API;
	api.features &= UFFD_FEATURE_PAGEFAULT_FLAG_WP | UFFD_FEATURE_WP_HUGETLBFS_SHMEM;
	if (fd < 0 || ioctl(fd, UFFDIO_API, &api)) {
		snprintf(why, n, "UFFDIO_API with write protection: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int wk_uffd_supported(char *why, size_t n)
{
	int fd = uffd_open(why, n);

	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

static void hold(void)
{
	uint64_t end = sf_now_ns() + HOLD_NS;

	while (sf_now_ns() < end)
		;
}

static void resolve(struct sf_uffd *u, const struct uffd_msg *m)
{
	uint64_t ps = u->a->page_size;
	struct uffdio_writeprotect wp = {
		.range = { .start = m->arg.pagefault.address & ~(ps - 1), .len = ps },
		.mode = 0,	/* un-protect and wake the writer */
	};

	if (m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP) {
		hold();
		/* counted before the writer is woken, so it sees its own fault counted */
		__atomic_fetch_add(&u->a->counters[SF_ARENA_CNT_UFFD_FAULTS], 1, __ATOMIC_RELAXED);
		ioctl(u->fd, UFFDIO_WRITEPROTECT, &wp);
	}
	/* whatever happened (page gone meanwhile, not a WP fault), never leave a waiter */
	struct uffdio_range r = wp.range;
	ioctl(u->fd, UFFDIO_WAKE, &r);
}

static void *handler(void *arg)
{
	struct sf_uffd *u = arg;
	struct pollfd pf[2] = { { .fd = u->fd, .events = POLLIN }, { .fd = u->stop[0], .events = POLLIN } };

	for (;;) {
		struct uffd_msg m[16];
		ssize_t r;

		if (poll(pf, 2, -1) < 0 && errno != EINTR)
			break;
		if (pf[1].revents)
			break;
		r = read(u->fd, m, sizeof(m));
		for (ssize_t i = 0; r > 0 && i < r / (ssize_t)sizeof(m[0]); i++)
			if (m[i].event == UFFD_EVENT_PAGEFAULT)
				resolve(u, &m[i]);
	}
	return NULL;
}

static struct sf_uffd *uffd_get(struct sf_arena *a, char *why, size_t n)
{
	struct sf_uffd *u;

	if (a->uffd)
		return a->uffd;
	u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->a = a;
	u->fd = uffd_open(why, n);
	if (u->fd < 0 || pipe2(u->stop, O_CLOEXEC)) {
		if (u->fd >= 0)
			close(u->fd);
		free(u);
		return NULL;
	}
	if (pthread_create(&u->thread, NULL, handler, u)) {
		close(u->fd), close(u->stop[0]), close(u->stop[1]);
		free(u);
		return NULL;
	}
	a->uffd = u;
	a->uffd_release = sf_uffd_release;
	return u;
}

void sf_uffd_release(struct sf_arena *a)
{
	struct sf_uffd *u = a->uffd;

	if (!u)
		return;
	/* closing the uffd drops every registration and wakes any blocked writer */
	if (write(u->stop[1], "x", 1) != 1)
		pthread_cancel(u->thread);
	pthread_join(u->thread, NULL);
	close(u->fd);
	close(u->stop[0]);
	close(u->stop[1]);
	free(u);
	a->uffd = NULL;
}

int wk_uffd_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		     struct sf_event *ev)
{
	struct uffdio_range range = {
		.start = (uintptr_t)wk_addr(a, op->page), .len = wk_len(a, op->npages),
	};
	struct uffdio_register reg = { .range = range, .mode = UFFDIO_REGISTER_MODE_WP };
	struct uffdio_writeprotect wp = { .range = range, .mode = op->arg0 ? UFFDIO_WRITEPROTECT_MODE_WP : 0 };
	struct sf_effect eff = wk_eff_keep();
	struct sf_uffd *u;
	struct wk_emit em;
	char why[128];
	int err = 0, registered = 1;

	wk_event_init(ev, op);
	u = uffd_get(a, why, sizeof(why));
	ev->t0 = wk_begin(slot);
	if (!u) {
		ev->t1 = ev->t0;
		ev->outcome = SF_FAILED;
		ev->err = ENOSYS;
		return 0;
	}
	if (op->arg0 && ioctl(u->fd, UFFDIO_REGISTER, &reg)) {
		err = errno;
		registered = 0;		/* registration checks every VMA before it changes any */
	}
	if (registered && ioctl(u->fd, UFFDIO_WRITEPROTECT, &wp))
		err = errno;
	ev->t1 = sf_now_ns();
	ev->err = (uint32_t)err;
	if (op->arg0 && registered)
		eff.flags_set = SF_PS_UFFD_WP;		/* even if protecting failed half-way */
	else if (!op->arg0 && !err)
		eff.flags_clear = SF_PS_UFFD_WP;
	if (wk_eff_is_keep(&eff)) {
		ev->outcome = err ? SF_FAILED : SF_OK;
		return 0;
	}
	wk_emit_init(&em, a, slot, ev);
	wk_emit_uniform(&em, op->page, op->npages, eff);
	wk_emit_finish(&em, ev, op->page, op->npages);
	return 0;
}
