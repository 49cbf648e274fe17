/*
 * The vfio backend: real DMA from an emulated PCI device through the
 * guest kernel's own IOMMU driver. An NVMe controller bound to vfio-pci
 * (vfio_pci.c) is driven from user space (vfio_nvme.c); its commands'
 * data pointers are arena IOVAs (vfio_access.c) that VFIO type1 maps and
 * unmaps (vfio_mutate.c) while the CPU workers change the arena. VFIO
 * pins the pages at map time, so the backend is *pinned*: the device
 * keeps the page it was given whatever the CPU maps later, and only the
 * IOVA gate decides whether a command may reach it: after an unmap has
 * returned, every command using that IOVA must fail (docs/vfio.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "vfio_dev.h"

#define CMD_TIMEOUT_NS 5000000000ull	/* QEMU under TCG answers in well under 1 ms */

static struct sf_dev *dev_new(void)
{
	struct sf_dev *d = calloc(1, sizeof(*d));
	pthread_rwlockattr_t ra;

	if (!d)
		return NULL;
	d->container = d->group = d->device = d->iommufd = -1;
	d->cmd_timeout_ns = CMD_TIMEOUT_NS;
	for (unsigned i = 0; i < SF_VFIO_WLOCKS; i++)
		pthread_mutex_init(&d->wlock[i], NULL);
	/* the mutation must not wait behind a stream of device writes */
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setkind_np(&ra, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&d->maplock, &ra);
	pthread_rwlockattr_destroy(&ra);
	return d;
}

/* The run's figures, once at the end (sf_be_stats has no room for them). */
static void print_counts(const struct sf_dev *d)
{
	if (!d->commands)
		return;
	fprintf(stderr, "svafuzz: vfio: %s (%s, IOMMU group %d, default domain %s): %llu NVMe commands; "
		"device reads %llu (%llu faulted), device writes %llu (%llu faulted), faults on "
		"unmapped IOVAs %llu; dma-map %llu (%llu failed), dma-unmap %llu (%llu failed; %llu "
		"refused first and retried whole); shadow pins not made %llu%s%s\n", d->bdf, d->api, d->group_id, d->domain,
		(unsigned long long)d->commands, (unsigned long long)d->reads,
		(unsigned long long)d->read_faults, (unsigned long long)d->writes,
		(unsigned long long)d->write_faults, (unsigned long long)d->faults_unmapped,
		(unsigned long long)d->maps, (unsigned long long)d->map_fails,
		(unsigned long long)d->unmaps, (unsigned long long)d->unmap_fails,
		(unsigned long long)d->unmap_retries, (unsigned long long)d->shadow_full,
		d->shadow_full ? ", the last: " : "", d->shadow_full ? strerror(d->shadow_err) : "");
}

static void vfio_close(struct sf_dev *d)
{
	if (!d)
		return;
	print_counts(d);
	sf_nvme_shutdown(d);
	sf_vfio_detach(d);
	for (unsigned i = 0; i < SF_VFIO_WLOCKS; i++)
		pthread_mutex_destroy(&d->wlock[i]);
	pthread_rwlock_destroy(&d->maplock);
	free(d->q);
	free(d);
}

static int vfio_probe(char *why, size_t n)
{
	struct sf_dev *d = dev_new();
	int rc;

	if (!d) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	rc = sf_vfio_find(d->bdf, sizeof(d->bdf), &d->group_id, why, n);
	if (!rc)
		rc = sf_vfio_attach(d, why, n);
	vfio_close(d);
	return rc ? -1 : 0;
}

static int vfio_open(struct sf_dev **out, const struct sf_dev_opts *o, char *err, size_t n)
{
	unsigned nq = o->nqueues ? o->nqueues : 1;
	struct sf_dev *d;

	if (o->knob && o->knob[0]) {
		snprintf(err, n, "the vfio backend has no bug knobs (it tests the real IOMMU driver; "
			 "a broken kernel variant is in kernel/patches/, docs/vfio.md); use sim or "
			 "svatest for '%s'", o->knob);
		return -1;
	}
	d = dev_new();
	if (!d || !(d->q = calloc(nq, sizeof(*d->q)))) {
		free(d);
		snprintf(err, n, "out of memory");
		return -1;
	}
	if (sf_vfio_find(d->bdf, sizeof(d->bdf), &d->group_id, err, n) ||
	    sf_vfio_attach(d, err, n) || sf_nvme_init(d, nq, err, n)) {
		vfio_close(d);
		return -1;
	}
	*out = d;
	return 0;
}

static void vfio_unbind(struct sf_dev *d)
{
	/* results ignored: a window may hold nothing (iommufd says ENOENT), and close tears all down */
	if (d->arena) {
		sf_vfio_unmap(d, d->window, (uint64_t)d->arena->npages * SF_VFIO_PAGE);
		sf_vfio_unmap(d, SF_VFIO_IOVA_SHADOW, SF_VFIO_SHADOW_LEN);
	}
	free(d->mapped);
	free(d->head);
	d->mapped = d->head = NULL;
	d->arena = NULL;
}

/* The whole arena at its IOVAs in mappings of 1 to 4 pages, so that unmaps of random ranges cut some. */
static int vfio_bind(struct sf_dev *d, struct sf_arena *a)
{
	/* this program's window (vfio_dev.h says why each has its own), in 2 MiB steps */
	uint64_t span = ((uint64_t)a->npages * SF_VFIO_PAGE + 0x1fffff) & ~0x1fffffull;
	uint32_t len;
	int rc;

	if (a->page_size != SF_VFIO_PAGE || span > SF_VFIO_ARENA_REGION) {
		fprintf(stderr, "svafuzz: vfio: an arena of %u pages of %zu bytes; the backend needs "
			"pages of %u (one 512-byte NVMe block per arena word), at most %llu of them\n",
			a->npages, a->page_size, SF_VFIO_PAGE,
			(unsigned long long)(SF_VFIO_ARENA_REGION / SF_VFIO_PAGE));
		return -EINVAL;
	}
	d->mapped = calloc(a->npages, 1);
	d->head = calloc(a->npages, 1);
	if (!d->mapped || !d->head) {
		free(d->mapped);
		free(d->head);
		d->mapped = d->head = NULL;
		return -ENOMEM;
	}
	d->window = SF_VFIO_IOVA_ARENA + d->programs++ % (SF_VFIO_ARENA_REGION / span) * span;
	d->arena = a;
	d->shadow_next = SF_VFIO_IOVA_SHADOW;
	for (uint32_t p = 0; p < a->npages; p++)
		sf_vfio_mark(a->base + (size_t)p * a->page_size);	/* fresh: anon-private rw */
	for (uint32_t p = 0; p < a->npages; p += len) {
		len = 1 + (p / 3) % 4;
		if (len > a->npages - p)
			len = a->npages - p;
		rc = sf_vfio_map(d, a->base + (size_t)p * a->page_size, sf_vfio_iova(d, p),
				 (uint64_t)len * SF_VFIO_PAGE, 1);
		if (rc < 0) {
			fprintf(stderr, "svafuzz: vfio: VFIO_IOMMU_MAP_DMA of pages %u+%u at bind: %s\n",
				p, len, strerror(-rc));
			vfio_unbind(d);
			return rc;
		}
		memset(d->mapped + p, 1, len);
		d->head[p] = 1;
	}
	/* the shadow pin of the whole arena (vfio_mutate.c says why) */
	if (sf_vfio_map(d, a->base, d->shadow_next, (uint64_t)a->npages * SF_VFIO_PAGE, 0) == 0)
		d->shadow_next += (uint64_t)a->npages * SF_VFIO_PAGE;
	return 0;
}

static void vfio_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->steps = d->commands;
	st->fault_retries = d->read_faults + d->write_faults;
	st->invalidations = d->unmaps - d->unmap_fails;
}

const struct sf_backend_ops sf_backend_vfio = {
	.name = "vfio",
	.desc = "an NVMe controller driven from user space through VFIO (type1 or iommufd cdev): DMA into the "
		"arena through QEMU's intel-iommu / SMMUv3, arena IOVAs mapped and unmapped",
	.sem = SF_SEM_PINNED,
	.flags = SF_BE_SLOTS,
	.knobs = (const char *const[]){ NULL },
	.ops_supported = SF_OPS_MM | SF_OPB(SF_OP_IOAS_MAP) | SF_OPB(SF_OP_IOAS_UNMAP),
	.probe = vfio_probe,
	.open = vfio_open,
	.bind = vfio_bind,
	.unbind = vfio_unbind,
	.submit = sf_vfio_submit,
	.complete = sf_vfio_complete,
	.mutate = sf_vfio_mutate,
	.stats = vfio_stats,
	.close = vfio_close,
};
