// SPDX-License-Identifier: GPL-2.0
/*
 * svatest: a software SVA device for testing the kernel's secondary-MMU
 * invalidation paths. /dev/svatest; one device context per open file.
 * See docs/svatest.md in the svafuzz tree.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "svatest.h"

static uint force_knobs;
module_param(force_knobs, uint, 0644);
MODULE_PARM_DESC(force_knobs, "SVATEST_KNOB_* bits added to every bind (bug injection)");

static uint drop_pct = 50;
module_param(drop_pct, uint, 0644);
MODULE_PARM_DESC(drop_pct, "default % of invalidations the drop knob drops");

static uint delay_us = 2000;
module_param(delay_us, uint, 0644);
MODULE_PARM_DESC(delay_us, "default delay of the delay knob, microseconds");

static uint arch;
module_param(arch, uint, 0644);
MODULE_PARM_DESC(arch, "IOTLB rules when a bind asks for the host's: 0 host, 1 smmuv3, 2 vtd");

static u32 svatest_host_arch(void)
{
	if (arch == SVATEST_ARCH_SMMUV3 || arch == SVATEST_ARCH_VTD)
		return arch;
	return IS_ENABLED(CONFIG_ARM64) ? SVATEST_ARCH_SMMUV3 : SVATEST_ARCH_VTD;
}

static int svatest_open(struct inode *inode, struct file *file)
{
	struct svatest_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	mutex_init(&c->bind_lock);
	spin_lock_init(&c->lock);
	file->private_data = c;
	return 0;
}

static int svatest_release_file(struct inode *inode, struct file *file)
{
	struct svatest_ctx *c = file->private_data;

	if (c->bound) {
		svatest_notify_unbind(c);
		mmdrop(c->mm);
	}
	kfree(c);
	return 0;
}

static int svatest_check_bind(const struct svatest_bind *b)
{
	if (b->flags & ~SVATEST_BIND_MIRROR)
		return -EINVAL;
	if (b->arch > SVATEST_ARCH_VTD || b->knobs & ~SVATEST_KNOB_ALL)
		return -EINVAL;
	if (!b->len || b->len > SVATEST_MAX_LEN || !PAGE_ALIGNED(b->start) ||
	    !PAGE_ALIGNED(b->len))
		return -EINVAL;
	if (b->start + b->len < b->start || b->start + b->len > TASK_SIZE)
		return -EFAULT;
	if (b->drop_pct > 100 || b->max_retries > SVATEST_MAX_RETRIES ||
	    b->delay_us > USEC_PER_SEC)
		return -EINVAL;
	return 0;
}

static int svatest_bind(struct svatest_ctx *c, struct svatest_bind *b)
{
	int ret = svatest_check_bind(b);

	if (ret)
		return ret;
	if (!current->mm)
		return -ESRCH;
	mutex_lock(&c->bind_lock);
	if (c->bound) {
		ret = -EBUSY;
		goto out;
	}
	c->start = b->start;
	c->end = b->start + b->len;
	c->mirror = b->flags & SVATEST_BIND_MIRROR;
	c->arch = b->arch ? b->arch : svatest_host_arch();
	c->knobs = b->knobs | force_knobs;
	c->drop_pct = b->drop_pct ? b->drop_pct : min_t(uint, drop_pct, 100);
	c->delay_us = b->delay_us ? b->delay_us : min_t(uint, delay_us, USEC_PER_SEC);
	c->max_retries = b->max_retries ? b->max_retries : 32;
	c->hold_refs = c->knobs != 0;
	c->mm = current->mm;
	mmgrab(c->mm);
	ret = svatest_notify_bind(c);
	if (ret) {
		mmdrop(c->mm);
		c->mm = NULL;
		goto out;
	}
	c->bound = true;
	b->arch_out = c->arch;
out:
	mutex_unlock(&c->bind_lock);
	return ret;
}

/* Accesses come from the bound process only (a forked child has its own mm). */
static int svatest_ready(struct svatest_ctx *c)
{
	if (!READ_ONCE(c->bound))
		return -ENOTCONN;
	if (current->mm != c->mm)
		return -EPERM;
	return READ_ONCE(c->dead) ? -ESRCH : 0;
}

static long svatest_ioctl_access(struct svatest_ctx *c, void __user *arg)
{
	struct svatest_batch b;
	int ret = svatest_ready(c);

	if (ret)
		return ret;
	if (copy_from_user(&b, arg, sizeof(b)))
		return -EFAULT;
	ret = svatest_access_batch(c, &b);
	if (copy_to_user(arg, &b, sizeof(b)))
		return -EFAULT;
	return ret;
}

static long svatest_ioctl_inval(struct svatest_ctx *c, void __user *arg)
{
	struct svatest_inval_read r;
	int ret;

	if (!READ_ONCE(c->bound))
		return -ENOTCONN;
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	ret = svatest_inval_read(c, &r);
	if (!ret && copy_to_user(arg, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}

static long svatest_ioctl_stats(struct svatest_ctx *c, void __user *arg)
{
	struct svatest_stats st;

	spin_lock_irq(&c->lock);
	st = c->stats;
	spin_unlock_irq(&c->lock);
	st.cow_probe_missed = svatest_cow_missed();
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long svatest_ioctl_flush(struct svatest_ctx *c)
{
	if (!READ_ONCE(c->bound))
		return -ENOTCONN;
	spin_lock_irq(&c->lock);
	c->seq++;
	svatest_tlb_drop(c, 0, ULONG_MAX);
	spin_unlock_irq(&c->lock);
	svatest_tlb_reap(c);
	return 0;
}

static long svatest_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct svatest_ctx *c = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct svatest_bind b;
	long ret;

	switch (cmd) {
	case SVATEST_IOC_BIND:
		if (copy_from_user(&b, uarg, sizeof(b)))
			return -EFAULT;
		ret = svatest_bind(c, &b);
		if (!ret && copy_to_user(uarg, &b, sizeof(b)))
			return -EFAULT;
		return ret;
	case SVATEST_IOC_ACCESS:
		return svatest_ioctl_access(c, uarg);
	case SVATEST_IOC_INVAL_READ:
		return svatest_ioctl_inval(c, uarg);
	case SVATEST_IOC_STATS:
		return svatest_ioctl_stats(c, uarg);
	case SVATEST_IOC_FLUSH:
		return svatest_ioctl_flush(c);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations svatest_fops = {
	.owner = THIS_MODULE,
	.open = svatest_open,
	.release = svatest_release_file,
	.unlocked_ioctl = svatest_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice svatest_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "svatest",
	.fops = &svatest_fops,
	.mode = 0666,
};

static int __init svatest_init(void)
{
	return misc_register(&svatest_misc);
}

static void __exit svatest_exit(void)
{
	misc_deregister(&svatest_misc);
}

module_init(svatest_init);
module_exit(svatest_exit);
MODULE_DESCRIPTION("software SVA device for secondary-MMU invalidation tests");
MODULE_AUTHOR("svafuzz");
MODULE_LICENSE("GPL");
