// SPDX-License-Identifier: GPL-2.0
/*
 * svaplant: makes the running kernel lose chosen mmu_notifier
 * invalidations of one process, so that svafuzz can measure how fast it
 * notices on this kernel and this device (svafuzz selfcheck). A real SMMU
 * or VT-d driver bound to that process loses them too: that is the point.
 *
 * Safety: loading changes nothing. A process arms the plant through
 * /dev/svaplant for its own mm only; deliveries to every other mm are
 * counted and left alone. Kprobes exist only while armed; closing the file
 * (at the latest when the armed process exits) unregisters them, which
 * restores delivery. One armed process at a time.
 *
 * How a delivery is lost: a kprobe on the function that hands the
 * invalidation to the mm's subscribers returns from it at once with 0.
 * Range starts and ends are lost in pairs (an end is lost only if its
 * start was), so subscribers that count them (KVM, interval notifiers)
 * stay balanced.
 */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/miscdevice.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include "svaplant_uapi.h"

#if !defined(CONFIG_X86_64) && !defined(CONFIG_ARM64)
#error "svaplant knows how to skip a call on x86_64 and arm64 only"
#endif

#define PAIR_SLOTS	64	/* range starts lost and not yet ended */
#define MAX_PROBES	2

/* The hooked functions; the secondary-TLB hook was renamed in 6.6. */
static const char * const tlb_symbols[] = {
	"__mmu_notifier_arch_invalidate_secondary_tlbs",
	"__mmu_notifier_invalidate_range",
};

struct plant {
	struct mm_struct *mm;		/* armed mm (mmgrab'd); NULL when idle */
	struct file *owner;		/* the file that armed it */
	struct svaplant_arm arm;
	atomic64_t calls, lost, other_mm, table_full;
	atomic64_t matched;		/* calls the filters chose, for "every" */
	raw_spinlock_t pair_lock;
	const void *pair[PAIR_SLOTS];
	struct kprobe kp[MAX_PROBES];
	unsigned int nkp;
};

static struct plant plant = {
	.pair_lock = __RAW_SPIN_LOCK_UNLOCKED(plant.pair_lock),
};
static DEFINE_MUTEX(plant_lock);	/* arm, disarm, stats */

/* Return from the probed function at once, with 0, without running it. */
#ifdef CONFIG_ARM64
static void skip_call(struct pt_regs *regs)
{
	regs_set_return_value(regs, 0);
	instruction_pointer_set(regs, procedure_link_pointer(regs));
}
#else
/* x86_64: the probed function "becomes" this one, which returns 0. */
static noinline notrace int svaplant_ret0(void)
{
	return 0;
}

static void skip_call(struct pt_regs *regs)
{
	instruction_pointer_set(regs, (unsigned long)svaplant_ret0);
}
#endif

static bool should_lose(unsigned long start, unsigned long end, int event)
{
	const struct svaplant_arm *a = &plant.arm;
	u64 n;

	if (end - start < a->min_len)
		return false;
	if (event >= 0 && a->events && !(a->events & BIT(event)))
		return false;
	n = atomic64_inc_return(&plant.matched);
	return a->every <= 1 || n % a->every == 0;
}

static bool pair_add(const void *range)
{
	unsigned long flags;
	bool ok = false;
	int i;

	raw_spin_lock_irqsave(&plant.pair_lock, flags);
	for (i = 0; i < PAIR_SLOTS && !ok; i++) {
		if (!plant.pair[i]) {
			plant.pair[i] = range;
			ok = true;
		}
	}
	raw_spin_unlock_irqrestore(&plant.pair_lock, flags);
	return ok;
}

static bool pair_take(const void *range)
{
	unsigned long flags;
	bool found = false;
	int i;

	raw_spin_lock_irqsave(&plant.pair_lock, flags);
	for (i = 0; i < PAIR_SLOTS && !found; i++) {
		if (plant.pair[i] == range) {
			plant.pair[i] = NULL;
			found = true;
		}
	}
	raw_spin_unlock_irqrestore(&plant.pair_lock, flags);
	return found;
}

/* Counts the call; true when it is the armed mm's. */
static bool armed_mm(const struct mm_struct *mm)
{
	if (mm != plant.mm) {
		atomic64_inc(&plant.other_mm);
		return false;
	}
	atomic64_inc(&plant.calls);
	return true;
}

/* (mm, start, end): the secondary-TLB hook of both names */
static int pre_tlb(struct kprobe *p, struct pt_regs *regs)
{
	struct mm_struct *mm = (void *)regs_get_kernel_argument(regs, 0);
	unsigned long start = regs_get_kernel_argument(regs, 1);
	unsigned long end = regs_get_kernel_argument(regs, 2);

	if (!armed_mm(mm) || !should_lose(start, end, -1))
		return 0;
	atomic64_inc(&plant.lost);
	skip_call(regs);
	return 1;
}

static int pre_range_start(struct kprobe *p, struct pt_regs *regs)
{
	const struct mmu_notifier_range *r = (void *)regs_get_kernel_argument(regs, 0);

	if (!armed_mm(r->mm) || !should_lose(r->start, r->end, r->event))
		return 0;
	if (!pair_add(r)) {
		atomic64_inc(&plant.table_full);
		return 0;
	}
	atomic64_inc(&plant.lost);
	skip_call(regs);
	return 1;
}

static int pre_range_end(struct kprobe *p, struct pt_regs *regs)
{
	const struct mmu_notifier_range *r = (void *)regs_get_kernel_argument(regs, 0);

	if (r->mm != plant.mm || !pair_take(r))
		return 0;
	skip_call(regs);
	return 1;
}

static int add_probe(const char *symbol, kprobe_pre_handler_t pre)
{
	struct kprobe *kp = &plant.kp[plant.nkp];
	int ret;

	memset(kp, 0, sizeof(*kp));
	kp->symbol_name = symbol;
	/*
	 * No post handler: on x86 a kprobe on ftrace returns to the regs->ip
	 * its pre handler set whatever its ops (ftrace_regs_caller copies RIP
	 * back), and a breakpoint kprobe without one can be boosted instead
	 * of single-stepped with TF, which under QEMU TCG once leaked a #DB
	 * into the guest kernel (WARNING in exc_debug_kernel).
	 */
	kp->pre_handler = pre;
	ret = register_kprobe(kp);
	if (!ret)
		plant.nkp++;
	return ret;
}

static int add_probes(u32 mode)
{
	int ret = -EINVAL, i;

	switch (mode) {
	case SVAPLANT_MODE_SECONDARY_TLB:
		for (i = 0; i < ARRAY_SIZE(tlb_symbols); i++) {
			ret = add_probe(tlb_symbols[i], pre_tlb);
			if (ret != -ENOENT && ret != -EINVAL)
				break;
		}
		return ret;
	case SVAPLANT_MODE_RANGE:
		ret = add_probe("__mmu_notifier_invalidate_range_start", pre_range_start);
		if (!ret)
			ret = add_probe("__mmu_notifier_invalidate_range_end", pre_range_end);
		return ret;
	}
	return ret;
}

static void del_probes(void)
{
	while (plant.nkp)
		unregister_kprobe(&plant.kp[--plant.nkp]);
}

static void reset_counts(void)
{
	atomic64_set(&plant.calls, 0);
	atomic64_set(&plant.lost, 0);
	atomic64_set(&plant.other_mm, 0);
	atomic64_set(&plant.table_full, 0);
	atomic64_set(&plant.matched, 0);
	memset(plant.pair, 0, sizeof(plant.pair));
}

static int plant_arm(struct file *f, const struct svaplant_arm *a)
{
	int ret;

	if (a->pad || (a->mode != SVAPLANT_MODE_SECONDARY_TLB && a->mode != SVAPLANT_MODE_RANGE))
		return -EINVAL;
	if (!current->mm)
		return -EINVAL;
	if (plant.mm)
		return -EBUSY;
	plant.arm = *a;
	reset_counts();
	mmgrab(current->mm);
	plant.mm = current->mm;
	ret = add_probes(a->mode);
	if (ret) {
		del_probes();
		mmdrop(plant.mm);
		plant.mm = NULL;
		return ret;
	}
	plant.owner = f;
	pr_warn("svaplant: pid %d (%s) armed: its mm now loses %s invalidations (every %u, min_len %llu, events 0x%x)\n",
		task_tgid_nr(current), current->comm,
		a->mode == SVAPLANT_MODE_RANGE ? "range start/end" : "secondary-TLB",
		a->every, a->min_len, a->events);
	return 0;
}

static void plant_disarm(void)
{
	del_probes();	/* waits for running handlers */
	pr_info("svaplant: disarmed, delivery restored: %lld of %lld lost, %lld other-mm calls left alone\n",
		atomic64_read(&plant.lost), atomic64_read(&plant.calls),
		atomic64_read(&plant.other_mm));
	mmdrop(plant.mm);
	plant.mm = NULL;
	plant.owner = NULL;
}

static long plant_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct svaplant_stats st;
	struct svaplant_arm a;
	long ret = 0;

	switch (cmd) {
	case SVAPLANT_IOC_ARM:
		if (copy_from_user(&a, (void __user *)arg, sizeof(a)))
			return -EFAULT;
		mutex_lock(&plant_lock);
		ret = plant_arm(f, &a);
		mutex_unlock(&plant_lock);
		return ret;
	case SVAPLANT_IOC_STATS:
		mutex_lock(&plant_lock);
		if (plant.owner != f) {
			mutex_unlock(&plant_lock);
			return -EPERM;
		}
		st.calls = atomic64_read(&plant.calls);
		st.lost = atomic64_read(&plant.lost);
		st.other_mm = atomic64_read(&plant.other_mm);
		st.table_full = atomic64_read(&plant.table_full);
		mutex_unlock(&plant_lock);
		return copy_to_user((void __user *)arg, &st, sizeof(st)) ? -EFAULT : 0;
	}
	return -ENOTTY;
}

static int plant_release(struct inode *inode, struct file *f)
{
	mutex_lock(&plant_lock);
	if (plant.owner == f)
		plant_disarm();
	mutex_unlock(&plant_lock);
	return 0;
}

static const struct file_operations plant_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = plant_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = plant_release,
};

static struct miscdevice plant_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "svaplant",
	.fops = &plant_fops,
	.mode = 0600,
};

static int __init svaplant_init(void)
{
	int ret = misc_register(&plant_dev);

	if (!ret)
		pr_info("svaplant: loaded, idle until a process arms it through /dev/svaplant\n");
	return ret;
}

static void __exit svaplant_exit(void)
{
	misc_deregister(&plant_dev);	/* no file open: nothing armed */
}

module_init(svaplant_init);
module_exit(svaplant_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Lose one process's mmu_notifier invalidations on purpose (svafuzz selfcheck)");
