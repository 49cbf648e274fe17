/*
 * The iommufd backend: iommufd's own selftest device (CONFIG_IOMMUFD_TEST)
 * as the DMA engine. /dev/iommu gives an IOAS; the mock domain attached to
 * it makes IOAS_MAP pin the arena pages at map time through the real
 * io_pagetable, pfn reader and pin accounting; the in-kernel access object
 * reads and writes arena words by IOVA (iommufd_access.c) while ioas-map,
 * ioas-unmap and ioas-copy (iommufd_mutate.c) and the CPU workers race it.
 * At bind the whole arena is mapped at its identity IOVAs in areas of 1 to
 * 4 pages, so that unmaps of random ranges both succeed and cut areas.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "arena.h"
#include "iommufd_dev.h"

#define DEV_IOMMU "/dev/iommu"

static int ioas_alloc(int fd, uint32_t *id)
{
	struct sf_iommu_ioas_alloc a = { .size = sizeof(a) };

	if (ioctl(fd, SF_IOMMU_IOAS_ALLOC, &a) < 0)
		return -errno;
	*id = a.out_ioas_id;
	return 0;
}

static int test_cmd(int fd, struct sf_iommu_test_cmd *c, uint32_t op, uint32_t id)
{
	c->size = sizeof(*c);
	c->op = op;
	c->id = id;
	return ioctl(fd, SF_IOMMU_TEST_CMD, c) < 0 ? -errno : 0;
}

static int mock_domain(struct sf_dev *d)
{
	struct sf_iommu_test_cmd c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = test_cmd(d->fd, &c, SF_TEST_OP_MOCK_DOMAIN, d->ioas_id);
	d->stdev_id = c.mock_domain.out_stdev_id;
	d->hwpt_id = c.mock_domain.out_hwpt_id;
	d->idev_id = c.mock_domain.out_idev_id;
	return rc;
}

static int create_access(struct sf_dev *d)
{
	struct sf_iommu_test_cmd c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = test_cmd(d->fd, &c, SF_TEST_OP_CREATE_ACCESS, d->ioas_id);
	d->access_fd = rc ? -1 : (int)c.create_access.out_access_fd;
	return rc;
}

/* Why this machine cannot run the backend, or 0. */
static int why_not(struct sf_dev *d, char *why, size_t n)
{
	const char *what;
	int rc;

	d->fd = open(DEV_IOMMU, O_RDWR | O_CLOEXEC);
	if (d->fd < 0) {
		rc = -errno;
		snprintf(why, n, "%s: %s%s", DEV_IOMMU, strerror(-rc),
			 rc == -ENOENT ? " (kernel without CONFIG_IOMMUFD; no Debian kernel has it: "
					 "boot svafuzz's test kernel, docs/testkernel.md)" : "");
		return rc;
	}
	rc = ioas_alloc(d->fd, &d->ioas_id);
	if (rc) {
		snprintf(why, n, "IOMMU_IOAS_ALLOC: %s", strerror(-rc));
		return rc;
	}
	rc = mock_domain(d);
	if (rc) {
		snprintf(why, n, "IOMMU_TEST_OP_MOCK_DOMAIN: %s%s", strerror(-rc),
			 rc == -ENOTTY ? " (kernel without CONFIG_IOMMUFD_TEST: no mock device; "
					 "svafuzz's test kernel has it, docs/testkernel.md)" : "");
		return rc;
	}
	rc = create_access(d);
	if (rc) {
		snprintf(why, n, "IOMMU_TEST_OP_CREATE_ACCESS: %s", strerror(-rc));
		return rc;
	}
	rc = sf_iommufd_dirty_setup(d, &what);
	if (rc)
		snprintf(why, n, "%s: %s (the mock device's dirty tracking, Linux >= 6.7)", what,
			 strerror(-rc));
	return rc;
}

/* The run's IOAS, fail-nth and check figures, once at the end (run.json has them too). */
static void print_counts(const struct sf_dev *d)
{
	uint64_t calls = d->maps + d->unmaps + d->copies;

	if (!calls)
		return;
	fprintf(stderr, "svafuzz: iommufd: ioas-map %llu (%llu failed), ioas-unmap %llu (%llu failed, "
		"%llu of them partly done), ioas-copy %llu (%llu failed); fail-nth armed on %llu of %llu "
		"calls (%.1f%%), injected %llu, %llu calls failed by it; MD_CHECK_MAP after unmaps %llu, "
		"IOPTEs left %llu; MD_CHECK_REFS after unmaps %llu, pins left %llu; dirty marked %llu, "
		"fetches %llu (%llu failed), pages checked %llu; pinned-path reads %llu (%llu failed)\n",
		(unsigned long long)d->maps, (unsigned long long)d->map_fails,
		(unsigned long long)d->unmaps, (unsigned long long)d->unmap_fails,
		(unsigned long long)d->partial_unmaps, (unsigned long long)d->copies,
		(unsigned long long)d->copy_fails, (unsigned long long)d->failnth_armed,
		(unsigned long long)calls, 100.0 * (double)d->failnth_armed / (double)calls,
		(unsigned long long)d->failnth_injected, (unsigned long long)d->injected_fails,
		(unsigned long long)d->md_checks, (unsigned long long)d->md_stale,
		(unsigned long long)d->refs_checks, (unsigned long long)d->refs_left,
		(unsigned long long)d->dirty_marked, (unsigned long long)d->dirty_fetches,
		(unsigned long long)d->dirty_fetch_fails, (unsigned long long)d->dirty_pages_checked,
		(unsigned long long)d->pinned_reads, (unsigned long long)d->pinned_read_fails);
}

static void iommufd_close(struct sf_dev *d)
{
	if (!d)
		return;
	print_counts(d);
	/* closing the files destroys the access, the mock device, its domain and the IOAS */
	if (d->access_fd >= 0)
		close(d->access_fd);
	if (d->fd >= 0)
		close(d->fd);
	pthread_mutex_destroy(&d->pfns_lock);
	free(d);
}

static struct sf_dev *dev_new(void)
{
	struct sf_dev *d = calloc(1, sizeof(*d));

	if (d) {
		d->fd = d->access_fd = -1;
		pthread_mutex_init(&d->pfns_lock, NULL);
		d->failnth_pct = sf_iommufd_failnth_pct();
	}
	return d;
}

static int iommufd_probe(char *why, size_t n)
{
	struct sf_dev *d = dev_new();
	int rc;

	if (!d) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	rc = why_not(d, why, n);
	iommufd_close(d);
	return rc ? -1 : 0;
}

static int iommufd_open(struct sf_dev **out, const struct sf_dev_opts *o, char *err, size_t n)
{
	struct sf_dev *d;

	if (o->knob && o->knob[0]) {
		snprintf(err, n, "the iommufd backend has no bug knobs (it tests the real kernel; "
			 "a broken kernel variant is in kernel/patches/); use sim or svatest for '%s'",
			 o->knob);
		return -1;
	}
	d = dev_new();
	if (!d) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	if (why_not(d, err, n)) {
		iommufd_close(d);
		return -1;
	}
	*out = d;
	return 0;
}

static void iommufd_unbind(struct sf_dev *d)
{
	/* iova 0, length ~0: every area of the IOAS, the copies included */
	if (d->arena)
		sf_iommufd_unmap(d, 0, UINT64_MAX);
	free(d->mapped);
	free(d->head);
	free(d->pins);
	d->mapped = d->head = NULL;
	d->pins = NULL;
	d->arena = NULL;
}

static int iommufd_bind(struct sf_dev *d, struct sf_arena *a)
{
	uint64_t span = (uint64_t)a->npages * a->page_size;
	uint32_t len;
	int rc;

	if (SF_IOMMUFD_IDENTITY + span > SF_IOMMUFD_SHADOW ||
	    SF_IOMMUFD_SHADOW + span - 1 > SF_MOCK_APERTURE_LAST) {
		fprintf(stderr, "svafuzz: iommufd: an arena of %u pages does not fit the mock "
			"domain's aperture twice\n", a->npages);
		return -EINVAL;
	}
	d->mapped = malloc(a->npages);
	d->head = calloc(a->npages, 1);
	d->pins = calloc(a->npages, sizeof(*d->pins));
	if (!d->mapped || !d->head || !d->pins) {
		free(d->mapped);
		free(d->head);
		free(d->pins);
		d->mapped = d->head = NULL;
		d->pins = NULL;
		return -ENOMEM;
	}
	memset(d->mapped, 1, a->npages);
	d->arena = a;
	for (uint32_t p = 0; p < a->npages; p += len) {
		len = 1 + (p / 3) % 4;	/* 1..4 pages: unmaps of random ranges cut some */
		if (len > a->npages - p)
			len = a->npages - p;
		d->head[p] = 1;
		rc = sf_iommufd_map(d, p, len, 1);
		if (rc < 0) {
			fprintf(stderr, "svafuzz: iommufd: IOAS_MAP of pages %u+%u at bind: %s\n",
				p, len, strerror(-rc));
			iommufd_unbind(d);
			return rc;
		}
	}
	return 0;
}

static void iommufd_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->steps = d->accesses;
	st->fault_retries = d->faults;
	st->invalidations = d->unmaps - d->unmap_fails;
#define X(field) st->extra[st->nextra++] = (struct sf_be_counter){ #field, d->field }
	X(maps); X(map_fails); X(unmaps); X(unmap_fails); X(partial_unmaps);
	X(copies); X(copy_fails); X(shadow_unmaps);
	X(failnth_armed); X(failnth_injected); X(injected_fails);
	X(md_checks); X(md_stale); X(refs_checks); X(refs_left);
	X(pinned_reads); X(pinned_read_fails);
	X(dirty_marked); X(dirty_fetches); X(dirty_fetch_fails); X(dirty_pages_checked);
	X(slow_path);
#undef X
}

const struct sf_backend_ops sf_backend_iommufd = {
	.name = "iommufd",
	.desc = "iommufd's selftest mock device: IOAS maps of the arena (pinned by a mock "
		"domain), device reads/writes by IOVA through an access object",
	.sem = SF_SEM_MIRROR,
	.flags = SF_BE_SLOTS,
	.knobs = (const char *const[]){ NULL },
	.ops_supported = SF_OPS_MM | SF_OPS_IOAS | SF_OPB(SF_OP_DIRTY_CHECK),
	/* bind maps the whole arena into a dirty-tracking domain */
	.initial_flags = SF_PS_LOG_DIRTY,
	.probe = iommufd_probe,
	.open = iommufd_open,
	.bind = iommufd_bind,
	.unbind = iommufd_unbind,
	.submit = sf_iommufd_submit,
	.complete = sf_iommufd_complete,
	.mutate = sf_iommufd_mutate,
	.stats = iommufd_stats,
	.close = iommufd_close,
};
