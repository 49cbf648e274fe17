/*
 * The PCI side of the vfio backend: which NVMe controller to drive (one of
 * PCI class 0x010802 already bound to vfio-pci, or SVAFUZZ_VFIO_DEVICE),
 * its IOMMU group, a type1 container (or the iommufd cdev path,
 * vfio_cdev.c), the device's BAR 0 and bus mastering, and the IOVA maps.
 *
 * The backend never takes a device away from another driver: handing an
 * NVMe controller to vfio-pci is the machine owner's decision
 * (driver_override; run-vm.sh --vfio-device does it in the guest).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vfio_dev.h"

#define PCI_DEVS "/sys/bus/pci/devices"
#define NVME_CLASS "0x010802"

/* First line of a sysfs file into buf (no newline): 0 or -errno. */
static int sysfs_read(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "re");
	int rc = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)n, f))
		rc = -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return rc;
}

/* The last path element of the symlink DEV/name into out ("" if none). */
static void link_name(const char *dev, const char *name, char *out, size_t n)
{
	char path[512], target[512];
	ssize_t len;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/%s", dev, name);
	len = readlink(path, target, sizeof(target) - 1);
	out[0] = 0;
	if (len <= 0)
		return;
	target[len] = 0;
	snprintf(out, n, "%s", basename(target));
}

static int is_nvme(const char *dev)
{
	char path[512], cls[32];

	snprintf(path, sizeof(path), PCI_DEVS "/%s/class", dev);
	return sysfs_read(path, cls, sizeof(cls)) == 0 && !strcmp(cls, NVME_CLASS);
}

/* Why dev cannot be used, or 0 with its group. */
static int usable(const char *dev, int *group, char *why, size_t wn)
{
	char drv[64], grp[64];

	link_name(dev, "driver", drv, sizeof(drv));
	if (strcmp(drv, "vfio-pci")) {
		snprintf(why, wn, "NVMe controller %s is bound to %s, not vfio-pci (hand it over: "
			 "echo vfio-pci > %s/%s/driver_override, unbind, drivers_probe; docs/vfio.md)",
			 dev, drv[0] ? drv : "no driver", PCI_DEVS, dev);
		return -ENODEV;
	}
	link_name(dev, "iommu_group", grp, sizeof(grp));
	if (!grp[0]) {
		snprintf(why, wn, "%s has no IOMMU group: no IOMMU translates its DMA "
			 "(intel_iommu=on with QEMU's intel-iommu, or an SMMUv3)", dev);
		return -ENODEV;
	}
	*group = atoi(grp);
	return 0;
}

int sf_vfio_find(char *bdf, size_t n, int *group, char *why, size_t wn)
{
	const char *want = getenv("SVAFUZZ_VFIO_DEVICE");
	struct dirent *e;
	DIR *dir;
	int rc = -ENODEV, seen = 0;

	if (want && want[0]) {
		snprintf(bdf, n, "%s", want);
		if (!is_nvme(want)) {
			snprintf(why, wn, "SVAFUZZ_VFIO_DEVICE=%s: not an NVMe controller (PCI class "
				 NVME_CLASS ") in " PCI_DEVS, want);
			return -ENODEV;
		}
		return usable(want, group, why, wn);
	}
	dir = opendir(PCI_DEVS);
	if (!dir) {
		snprintf(why, wn, PCI_DEVS ": %s (no PCI bus)", strerror(errno));
		return -ENODEV;
	}
	while (rc && (e = readdir(dir))) {
		if (e->d_name[0] == '.' || !is_nvme(e->d_name))
			continue;
		seen++;
		rc = usable(e->d_name, group, why, wn);
		if (!rc)
			snprintf(bdf, n, "%s", e->d_name);
	}
	closedir(dir);
	if (!seen)
		snprintf(why, wn, "no NVMe controller (PCI class " NVME_CLASS ") on the PCI bus "
			 "(QEMU: -device nvme; kernel/vm/run-vm.sh --vfio-device nvme)");
	return rc;
}

static int set_bus_master(struct sf_dev *d)
{
	struct vfio_region_info cfg = { .argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	uint16_t cmd;

	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &cfg) < 0)
		return -errno;
	if (pread(d->device, &cmd, sizeof(cmd), (off_t)cfg.offset + PCI_COMMAND) != sizeof(cmd))
		return -EIO;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	if (pwrite(d->device, &cmd, sizeof(cmd), (off_t)cfg.offset + PCI_COMMAND) != sizeof(cmd))
		return -EIO;
	return 0;
}

static int map_bar0(struct sf_dev *d)
{
	struct vfio_region_info bar = { .argsz = sizeof(bar), .index = VFIO_PCI_BAR0_REGION_INDEX };
	void *p;

	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &bar) < 0)
		return -errno;
	if (!(bar.flags & VFIO_REGION_INFO_FLAG_MMAP) || bar.size < 0x2000)
		return -ENOTSUP;
	p = mmap(NULL, bar.size, PROT_READ | PROT_WRITE, MAP_SHARED, d->device, (off_t)bar.offset);
	if (p == MAP_FAILED)
		return -errno;
	d->bar = p;
	d->bar_len = bar.size;
	return 0;
}

/* Container with the group in it and the type1 v2 IOMMU set: 0, or -errno with the step in err. */
static int container_open(struct sf_dev *d, char *err, size_t n)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	char path[64];

	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		return snprintf(err, n, "/dev/vfio/vfio: %s (vfio not loaded?)", strerror(errno)), -ENODEV;
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0)
		return snprintf(err, n, "/dev/vfio/vfio: no VFIO type1 v2 IOMMU (vfio_iommu_type1 "
				"not loaded?)"), -ENODEV;
	snprintf(path, sizeof(path), "/dev/vfio/%d", d->group_id);
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		return snprintf(err, n, "%s: %s", path, strerror(errno)), -ENODEV;
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &st) < 0 || !(st.flags & VFIO_GROUP_FLAGS_VIABLE))
		return snprintf(err, n, "IOMMU group %d is not viable (a device of the group is "
				"bound to a host driver)", d->group_id), -ENODEV;
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container) < 0 ||
	    ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0)
		return snprintf(err, n, "group %d into a type1 container: %s", d->group_id,
				strerror(errno)), -ENODEV;
	return 0;
}

int sf_vfio_attach(struct sf_dev *d, char *err, size_t n)
{
	char path[128];
	int rc;

	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/type", d->group_id);
	if (sysfs_read(path, d->domain, sizeof(d->domain)))
		snprintf(d->domain, sizeof(d->domain), "unknown");
	if (sf_vfio_cdev_want()) {
		rc = sf_vfio_cdev_attach(d, err, n);
		if (rc)
			return rc;
	} else {
		rc = container_open(d, err, n);
		if (rc)
			return rc;
		d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->bdf);
		if (d->device < 0)
			return snprintf(err, n, "VFIO_GROUP_GET_DEVICE_FD %s: %s", d->bdf,
					strerror(errno)), -ENODEV;
		snprintf(d->api, sizeof(d->api), "type1 container");
	}
	/* a function-level reset where the device has one; the controller reset follows anyway */
	(void)ioctl(d->device, VFIO_DEVICE_RESET);
	rc = set_bus_master(d);
	if (!rc)
		rc = map_bar0(d);
	if (rc)
		snprintf(err, n, "%s: config space or BAR 0: %s", d->bdf, strerror(-rc));
	return rc;
}

void sf_vfio_detach(struct sf_dev *d)
{
	if (d->bar)
		munmap((void *)d->bar, d->bar_len);
	d->bar = NULL;
	if (d->device >= 0)
		close(d->device);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	if (d->iommufd >= 0)
		close(d->iommufd);
	d->device = d->group = d->container = d->iommufd = -1;
}

int sf_vfio_map(struct sf_dev *d, void *va, uint64_t iova, uint64_t len, int writeable)
{
	if (d->iommufd >= 0)
		return sf_vfio_cdev_map(d, va, iova, len, writeable);
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ | (writeable ? VFIO_DMA_MAP_FLAG_WRITE : 0),
		.vaddr = (uint64_t)(uintptr_t)va,
		.iova = iova,
		.size = len,
	};

	return ioctl(d->container, VFIO_IOMMU_MAP_DMA, &m) < 0 ? -errno : 0;
}

int sf_vfio_unmap(struct sf_dev *d, uint64_t iova, uint64_t len)
{
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = iova, .size = len };

	if (d->iommufd >= 0)
		return sf_vfio_cdev_unmap(d, iova, len);
	return ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &u) < 0 ? -errno : 0;
}
