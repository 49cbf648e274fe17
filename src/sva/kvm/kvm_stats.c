/*
 * KVM binary stats: a header, an array of descriptors (each followed by
 * its name, name_size bytes) and the data block; a descriptor's offset is
 * relative to the data block. Read once to find the counter, then one
 * pread of 8 bytes per batch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm_stats.h"

#define STAT_NAME "insn_emulation"

static int find_stat(int fd, off_t *at)
{
	struct kvm_stats_header h;
	size_t each;
	char *descs;
	int rc = -1;

	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || !h.num_desc ||
	    h.name_size > 4096)
		return -1;
	each = sizeof(struct kvm_stats_desc) + h.name_size;
	descs = calloc(h.num_desc, each);
	if (!descs)
		return -1;
	if (pread(fd, descs, each * h.num_desc, h.desc_offset) == (ssize_t)(each * h.num_desc)) {
		for (unsigned i = 0; i < h.num_desc; i++) {
			const struct kvm_stats_desc *d = (const void *)(descs + i * each);

			if (d->size == 1 && !strncmp(d->name, STAT_NAME, h.name_size)) {
				*at = (off_t)h.data_offset + d->offset;
				rc = 0;
				break;
			}
		}
	}
	free(descs);
	return rc;
}

void sf_kvm_emul_open(struct sf_kvm_emul *e, int vcpu_fd)
{
	e->fd = ioctl(vcpu_fd, KVM_GET_STATS_FD, NULL);
	if (e->fd < 0)
		return;
	if (find_stat(e->fd, &e->at)) {
		close(e->fd);
		e->fd = -1;
	}
}

void sf_kvm_emul_close(struct sf_kvm_emul *e)
{
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
}

uint64_t sf_kvm_emul_count(const struct sf_kvm_emul *e)
{
	uint64_t v;

	if (e->fd < 0 || pread(e->fd, &v, sizeof(v), e->at) != (ssize_t)sizeof(v))
		return UINT64_MAX;
	return v;
}
