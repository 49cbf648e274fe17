/*
 * The svatest backend: the project's own kernel module (kernel/svatest), a
 * software SVA device bound to this process's mm through mmu_notifier,
 * with an IOTLB, per-architecture TLB rules and bug knobs. Device accesses
 * are one batched ioctl; the module stamps each access with
 * CLOCK_MONOTONIC right around it, so intervals are narrow. Invalidation
 * coverage is checked from the module's log (svatest_cover.c).
 *
 * Environment: SVAFUZZ_SVATEST_MIRROR=1 also subscribes the mirror-style
 * invalidate_range_start/end hooks (as HMM drivers do).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "svatest_uapi.h"
#include "arena.h"
#include "backend.h"
#include "svatest_cover.h"

#define DEV_PATH "/dev/svatest"

/* In the order of the SVATEST_KNOB_* bits. */
static const char *const sv_knobs[] = {
	"ignore-inval",		/* secondary-TLB invalidations ignored */
	"ignore-upgrade-inval",	/* invalidations that only follow upgrades ignored */
	"drop-inval",		/* half of the invalidations dropped */
	"range-end-off-by-one",	/* the last page of each range not invalidated */
	"delay-inval",		/* invalidations applied 2 ms late */
	"ignore-cow-inval",	/* those a COW break sends ignored (kretprobe on do_wp_page) */
	NULL,
};

struct sf_dev {
	int fd;
	uint32_t knobs, arch;
	struct sf_arena *arena;
	struct sv_cover *cover;
	struct sf_be_stats done;	/* totals of earlier binds */
};

static int sv_probe(char *why, size_t n)
{
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			snprintf(why, n, DEV_PATH " not present (load kernel/svatest)");
		else
			snprintf(why, n, DEV_PATH ": %s", strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static int sv_open(struct sf_dev **out, const struct sf_dev_opts *o, char *err, size_t n)
{
	struct sf_dev *d;

	if (sv_probe(err, n))
		return -1;
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	d->fd = -1;
	if (o->knob && o->knob[0]) {
		for (unsigned i = 0; sv_knobs[i]; i++)
			if (!strcmp(o->knob, sv_knobs[i]))
				d->knobs = 1u << i;
		if (!d->knobs) {
			snprintf(err, n, "svatest has no knob \"%s\"", o->knob);
			free(d);
			return -1;
		}
	}
	if (!o->arch || !o->arch[0])
		d->arch = SVATEST_ARCH_HOST;
	else if (!strcmp(o->arch, "smmuv3"))
		d->arch = SVATEST_ARCH_SMMUV3;
	else if (!strcmp(o->arch, "vtd"))
		d->arch = SVATEST_ARCH_VTD;
	else {
		snprintf(err, n, "svatest: unknown arch \"%s\" (smmuv3, vtd)", o->arch);
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

/* Module counters of the current binding, added onto st. */
static void add_module_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	struct svatest_stats ms;

	if (d->fd < 0 || ioctl(d->fd, SVATEST_IOC_STATS, &ms))
		return;
	st->steps += ms.accesses;
	st->invalidations += ms.invals;
	st->iotlb_hits += ms.iotlb_hits;
	st->iotlb_misses += ms.iotlb_misses;
	st->fault_retries += ms.faults;
	st->stale_hits += ms.stale_hits;
	st->stale_checked = 1;
}

static void sv_unbind(struct sf_dev *d)
{
	if (d->fd < 0)
		return;
	sv_cover_stop(d->cover, &d->done.inval_required, &d->done.inval_covered,
		      &d->done.inval_log_lost);
	d->cover = NULL;
	add_module_stats(d, &d->done);
	close(d->fd);
	d->fd = -1;
	d->arena = NULL;
}

/* Each bind is a fresh device context: a new fd bound to the arena. */
static int sv_bind(struct sf_dev *d, struct sf_arena *a)
{
	struct svatest_bind b;
	const char *mirror = getenv("SVAFUZZ_SVATEST_MIRROR");

	sv_unbind(d);
	d->fd = open(DEV_PATH, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	memset(&b, 0, sizeof(b));
	b.start = (uintptr_t)a->base;
	b.len = (uint64_t)a->npages * a->page_size;
	b.arch = d->arch;
	b.knobs = d->knobs;
	b.flags = mirror && mirror[0] == '1' ? SVATEST_BIND_MIRROR : 0;
	if (ioctl(d->fd, SVATEST_IOC_BIND, &b)) {
		int e = errno;

		close(d->fd);
		d->fd = -1;
		return -e;
	}
	d->arena = a;
	d->cover = sv_cover_start(a, d->fd);
	return 0;
}

/* One ioctl for up to SV_CHUNK accesses; returns how many ran or -errno. */
#define SV_CHUNK 256

static int sv_run_chunk(struct sf_dev *d, struct sf_access *acc, unsigned n)
{
	struct svatest_access ka[SV_CHUNK];
	struct svatest_batch b = { .accesses = (uintptr_t)ka, .n = n };

	for (unsigned i = 0; i < n; i++) {
		memset(&ka[i], 0, sizeof(ka[i]));
		ka[i].va = (uintptr_t)sf_arena_word(d->arena, acc[i].page, acc[i].word);
		ka[i].write = acc[i].write;
		ka[i].value = acc[i].value;
	}
	if (ioctl(d->fd, SVATEST_IOC_ACCESS, &b) && b.done == 0)
		return -errno;
	for (unsigned i = 0; i < b.done; i++) {
		acc[i].outcome = (uint8_t)ka[i].outcome;
		acc[i].err = ka[i].err;
		acc[i].t0 = ka[i].t0;
		acc[i].t1 = ka[i].t1;
		if (ka[i].stale <= SVATEST_STALE_WRITE)
			acc[i].flags |= (uint16_t)(ka[i].stale << SF_EVF_STALE_SHIFT);
		if (!acc[i].write)
			acc[i].value = ka[i].value;
		if (ka[i].outcome == SVATEST_OK)
			sv_cover_access_ok(d->cover, acc[i].page, acc[i].write, ka[i].t1);
	}
	return (int)b.done;
}

/* The whole batch runs in submit; complete has nothing left to wait for. */
static int sv_submit(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	unsigned done = 0;

	if (!d->arena)
		return -ENOTCONN;
	while (done < n) {
		unsigned k = n - done < SV_CHUNK ? n - done : SV_CHUNK;
		int r = sv_run_chunk(d, acc + done, k);

		if (r < 0)
			return r;
		done += (unsigned)r;
		/* cut short by a signal: the rest did not run */
		if ((unsigned)r < k)
			return -EINTR;
	}
	return 0;
}

static int sv_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	return 0;
}

static void sv_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	*st = d->done;
	add_module_stats(d, st);
	if (d->cover)
		sv_cover_peek(d->cover, &st->inval_required, &st->inval_covered,
			      &st->inval_log_lost);
}

static void sv_close(struct sf_dev *d)
{
	sv_unbind(d);
	free(d);
}

const struct sf_backend_ops sf_backend_svatest = {
	.name = "svatest",
	.desc = "kernel/svatest: a software SVA device (IOTLB + mmu_notifier) in the kernel",
	.sem = SF_SEM_MIRROR,
	.flags = 0,
	.knobs = sv_knobs,
	.plant_sees = SF_PLANT_SEES_SECONDARY_TLB,
	.ops_supported = SF_OPS_MM,
	.probe = sv_probe,
	.open = sv_open,
	.bind = sv_bind,
	.unbind = sv_unbind,
	.submit = sv_submit,
	.complete = sv_complete,
	.stats = sv_stats,
	.close = sv_close,
};
