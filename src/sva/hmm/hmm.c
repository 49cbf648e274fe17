/*
 * The hmm backend: the kernel's own HMM test driver (lib/test_hmm.c,
 * /dev/hmm_dmirror0) as the device. Its page table follows the process's
 * through an mmu_interval_notifier (entries dropped at invalidate start,
 * sequence-count retry around hmm_range_fault), the class of secondary
 * MMU KVM also belongs to: mirror semantics. Device accesses are
 * HMM_DMIRROR_READ/WRITE of a page (hmm_access.c); migration to its
 * device-private memory and back, and exclusive entries, are mutations
 * the backend runs itself (hmm_mutate.c). docs/hmm.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "arena.h"
#include "hmm_dev.h"

#define WHY_NO_HMM "needs CONFIG_TEST_HMM, which needs DEVICE_PRIVATE: no Debian kernel " \
	"has it; see docs/testkernel.md"

static int hmm_probe(char *why, size_t n)
{
	int fd = open(SF_HMM_DEV_PATH, O_RDWR | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno != ENOENT)
		snprintf(why, n, SF_HMM_DEV_PATH ": %s", strerror(errno));
	else if (!access("/sys/module/test_hmm", F_OK))
		snprintf(why, n, SF_HMM_DEV_PATH " absent although test_hmm is loaded (no devtmpfs?)");
	else
		snprintf(why, n, SF_HMM_DEV_PATH " absent (modprobe test_hmm?): " WHY_NO_HMM);
	return -1;
}

static void hmm_close(struct sf_dev *d);

static int hmm_open(struct sf_dev **out, const struct sf_dev_opts *o, char *err, size_t n)
{
	struct sf_dev *d;
	pthread_rwlockattr_t ra;

	if (hmm_probe(err, n))
		return -1;
	if (o->knob && o->knob[0]) {
		snprintf(err, n, "hmm has no bug knobs (the drop-invalidation patch is a module "
			 "parameter: docs/hmm.md)");
		return -1;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	d->fd = -1;
	d->page_size = (size_t)sysconf(_SC_PAGESIZE);
	d->nq = o->nqueues ? o->nqueues : 1;
	if (d->nq > SF_HMM_MAX_QUEUES) {
		snprintf(err, n, "hmm: at most %d queues", SF_HMM_MAX_QUEUES);
		free(d);
		return -1;
	}
	/* a migration must not wait behind a stream of accesses */
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setkind_np(&ra, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&d->mig_lock, &ra);
	pthread_rwlockattr_destroy(&ra);
	for (unsigned i = 0; i < d->nq; i++) {
		d->q[i].buf = mmap(NULL, d->page_size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (d->q[i].buf == MAP_FAILED) {
			d->q[i].buf = NULL;
			snprintf(err, n, "hmm: buffer: %s", strerror(errno));
			hmm_close(d);
			return -1;
		}
		/* our buffers are plumbing: fork's children need no copy, and no COW on them */
		madvise(d->q[i].buf, d->page_size, MADV_DONTFORK);
	}
	*out = d;
	return 0;
}

static void hmm_unbind(struct sf_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->arena = NULL;
}

/*
 * Each bind is a fresh dmirror context: open() registers a mirror of the
 * caller's whole address space, empty until the device faults pages in.
 */
static int hmm_bind(struct sf_dev *d, struct sf_arena *a)
{
	hmm_unbind(d);
	if (a->page_size != d->page_size)
		return -EINVAL;	/* dmirror works in the kernel's pages */
	d->fd = open(SF_HMM_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	d->arena = a;
	return 0;
}

static int hmm_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	return 0;
}

static void hmm_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned i = 0; i < d->nq; i++) {
		st->steps += d->q[i].accesses;
		st->iotlb_misses += d->q[i].dev_faults;	/* device page faults: mirror misses */
		st->fault_retries += d->q[i].busy;
	}
}

static void hmm_close(struct sf_dev *d)
{
	if (!d)
		return;
	hmm_unbind(d);
	for (unsigned i = 0; i < d->nq; i++)
		if (d->q[i].buf)
			munmap(d->q[i].buf, d->page_size);
	if (d->mbuf)
		munmap(d->mbuf, d->mbuf_len);
	pthread_rwlock_destroy(&d->mig_lock);
	free(d);
}

const struct sf_backend_ops sf_backend_hmm = {
	.name = "hmm",
	.desc = "the kernel's test_hmm dmirror (mmu_interval_notifier + hmm_range_fault), "
		"migration to device-private memory",
	.sem = SF_SEM_HMM,	/* mirror; no access to a VMA without read right */
	.flags = SF_BE_SLOTS,	/* its device-side mutations (SF_OPS_HMM) */
	.knobs = (const char *const[]){ NULL },
	.plant_sees = SF_PLANT_SEES_RANGE,	/* an interval notifier: start/end only */
	.ops_supported = SF_OPS_MM | SF_OPS_HMM,
	.probe = hmm_probe,
	.open = hmm_open,
	.bind = hmm_bind,
	.unbind = hmm_unbind,
	.submit = sf_hmm_submit,
	.complete = hmm_complete,
	.mutate = sf_hmm_mutate,
	.stats = hmm_stats,
	.close = hmm_close,
};
