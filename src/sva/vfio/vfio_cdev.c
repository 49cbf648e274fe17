/*
 * The vfio backend through iommufd (Linux 6.6+ with VFIO_DEVICE_CDEV and
 * IOMMUFD, svafuzz's test kernel): the device's own character device
 * /dev/vfio/devices/vfioN bound to a /dev/iommu file, attached to one
 * IOAS, whose IOMMU_IOAS_MAP / IOMMU_IOAS_UNMAP replace type1's MAP_DMA /
 * UNMAP_DMA. Debian 12's uapi headers (6.1) have neither, so the few
 * definitions used are here (include/uapi/linux/vfio.h and iommufd.h of
 * 6.12), with their sizes asserted.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "vfio_dev.h"

#define CDEV_BIND_IOMMUFD _IO(VFIO_TYPE, VFIO_BASE + 18)
#define CDEV_ATTACH_PT _IO(VFIO_TYPE, VFIO_BASE + 19)
#define IOMMUFD_IO(nr) _IO(';', (nr))
#define IOAS_ALLOC IOMMUFD_IO(0x81)
#define IOAS_MAP IOMMUFD_IO(0x85)
#define IOAS_UNMAP IOMMUFD_IO(0x86)
#define IOAS_MAP_FIXED_IOVA 1u
#define IOAS_MAP_WRITEABLE 2u
#define IOAS_MAP_READABLE 4u

struct cdev_bind {
	uint32_t argsz, flags;
	int32_t iommufd;
	uint32_t out_devid;
};

struct cdev_attach {
	uint32_t argsz, flags, pt_id;
};

struct ioas_alloc {
	uint32_t size, flags, out_ioas_id;
};

struct ioas_map {
	uint32_t size, flags, ioas_id, reserved;
	uint64_t user_va, length, iova;
};

struct ioas_unmap {
	uint32_t size, ioas_id;
	uint64_t iova, length;
};

_Static_assert(sizeof(struct cdev_bind) == 16, "vfio_device_bind_iommufd is 16 bytes in 6.12");
_Static_assert(sizeof(struct cdev_attach) == 12, "vfio_device_attach_iommufd_pt is 12 bytes");
_Static_assert(sizeof(struct ioas_map) == 40, "iommu_ioas_map is 40 bytes in 6.12");
_Static_assert(sizeof(struct ioas_unmap) == 24, "iommu_ioas_unmap is 24 bytes in 6.12");

/* The device's cdev name (vfioN) from sysfs: 0, or -ENOENT (a kernel without VFIO_DEVICE_CDEV). */
static int cdev_name(const char *bdf, char *out, size_t n)
{
	char path[256];
	struct dirent *e;
	DIR *dir;
	int rc = -ENOENT;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	dir = opendir(path);
	if (!dir)
		return -ENOENT;
	while (rc && (e = readdir(dir)))
		if (!strncmp(e->d_name, "vfio", 4) && strlen(e->d_name) < n) {
			memcpy(out, e->d_name, strlen(e->d_name) + 1);
			rc = 0;
		}
	closedir(dir);
	return rc;
}

int sf_vfio_cdev_want(void)
{
	const char *api = getenv("SVAFUZZ_VFIO_API");

	if (api && !strcmp(api, "type1"))
		return 0;
	if (api && !strcmp(api, "cdev"))
		return 1;
	return access("/dev/iommu", F_OK) == 0 ? 1 : 0;
}

int sf_vfio_cdev_attach(struct sf_dev *d, char *err, size_t n)
{
	struct cdev_bind bind = { .argsz = sizeof(bind) };
	struct cdev_attach att = { .argsz = sizeof(att) };
	struct ioas_alloc ioas = { .size = sizeof(ioas) };
	char name[32], path[64];
	int rc = cdev_name(d->bdf, name, sizeof(name));

	if (rc)
		return snprintf(err, n, "%s has no VFIO cdev (/sys/bus/pci/devices/%s/vfio-dev: kernel "
				"without VFIO_DEVICE_CDEV; SVAFUZZ_VFIO_API=type1 uses the container)",
				d->bdf, d->bdf), -ENODEV;
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", name);
	d->device = open(path, O_RDWR | O_CLOEXEC);
	if (d->device < 0)
		return snprintf(err, n, "%s: %s", path, strerror(errno)), -ENODEV;
	d->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (d->iommufd < 0)
		return snprintf(err, n, "/dev/iommu: %s", strerror(errno)), -ENODEV;
	bind.iommufd = d->iommufd;
	if (ioctl(d->device, CDEV_BIND_IOMMUFD, &bind) < 0)
		return snprintf(err, n, "VFIO_DEVICE_BIND_IOMMUFD %s: %s%s", path, strerror(errno),
				errno == EPERM ? " (no isolated MSI: iommufd.allow_unsafe_interrupts=1)" : ""),
		       -ENODEV;
	if (ioctl(d->iommufd, IOAS_ALLOC, &ioas) < 0)
		return snprintf(err, n, "IOMMU_IOAS_ALLOC: %s", strerror(errno)), -ENODEV;
	d->ioas = ioas.out_ioas_id;
	att.pt_id = d->ioas;
	if (ioctl(d->device, CDEV_ATTACH_PT, &att) < 0)
		return snprintf(err, n, "VFIO_DEVICE_ATTACH_IOMMUFD_PT %s to IOAS %u: %s", path, d->ioas,
				strerror(errno)), -ENODEV;
	snprintf(d->api, sizeof(d->api), "iommufd cdev %s", name);
	return 0;
}

int sf_vfio_cdev_map(struct sf_dev *d, void *va, uint64_t iova, uint64_t len, int writeable)
{
	struct ioas_map m = {
		.size = sizeof(m),
		.flags = IOAS_MAP_FIXED_IOVA | IOAS_MAP_READABLE | (writeable ? IOAS_MAP_WRITEABLE : 0),
		.ioas_id = d->ioas,
		.user_va = (uint64_t)(uintptr_t)va,
		.length = len,
		.iova = iova,
	};

	return ioctl(d->iommufd, IOAS_MAP, &m) < 0 ? -errno : 0;
}

int sf_vfio_cdev_unmap(struct sf_dev *d, uint64_t iova, uint64_t len)
{
	struct ioas_unmap u = { .size = sizeof(u), .ioas_id = d->ioas, .iova = iova, .length = len };

	return ioctl(d->iommufd, IOAS_UNMAP, &u) < 0 ? -errno : 0;
}
