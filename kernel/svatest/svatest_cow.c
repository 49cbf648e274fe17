// SPDX-License-Identifier: GPL-2.0
/*
 * The COW knob's view of the write-fault path: a kretprobe on do_wp_page
 * notes which tasks are inside it, so that the notifier can ignore the
 * invalidations a COW break sends (wp_page_copy replaces the page under
 * the address; it is inlined into do_wp_page on Debian's kernels). A
 * reuse or a shared-page write fault sends none, so nothing else is lost.
 * This models a kernel whose COW-break path forgot the secondary MMUs.
 */
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include "svatest.h"

#define SVATEST_COW_TASKS	64	/* tasks inside do_wp_page at once */

static DEFINE_SPINLOCK(svatest_cow_lock);
static struct task_struct *svatest_cow_tasks[SVATEST_COW_TASKS];
static u64 svatest_cow_missed_n;
static DEFINE_MUTEX(svatest_cow_users_lock);
static unsigned int svatest_cow_users;

/* Adds or removes current; a full table leaves the fault untracked. */
static bool svatest_cow_mark(struct task_struct *old, struct task_struct *new)
{
	unsigned long flags;
	bool done = false;
	int i;

	spin_lock_irqsave(&svatest_cow_lock, flags);
	for (i = 0; i < SVATEST_COW_TASKS && !done; i++) {
		if (svatest_cow_tasks[i] == old) {
			svatest_cow_tasks[i] = new;
			done = true;
		}
	}
	if (!done && new)
		svatest_cow_missed_n++;
	spin_unlock_irqrestore(&svatest_cow_lock, flags);
	return done;
}

static int svatest_cow_enter(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	/* nonzero: no return handler for this call */
	return svatest_cow_mark(NULL, current) ? 0 : 1;
}

static int svatest_cow_leave(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	svatest_cow_mark(current, NULL);
	return 0;
}

static struct kretprobe svatest_cow_probe = {
	.kp.symbol_name = "do_wp_page",
	.entry_handler = svatest_cow_enter,
	.handler = svatest_cow_leave,
	.maxactive = SVATEST_COW_TASKS,
};

bool svatest_in_cow(void)
{
	unsigned long flags;
	bool in = false;
	int i;

	spin_lock_irqsave(&svatest_cow_lock, flags);
	for (i = 0; i < SVATEST_COW_TASKS && !in; i++)
		in = svatest_cow_tasks[i] == current;
	spin_unlock_irqrestore(&svatest_cow_lock, flags);
	return in;
}

u64 svatest_cow_missed(void)
{
	return READ_ONCE(svatest_cow_missed_n);
}

/* Registers the probe for the first user; -ENOENT without do_wp_page. */
int svatest_cow_get(void)
{
	int ret = 0;

	mutex_lock(&svatest_cow_users_lock);
	if (!svatest_cow_users) {
		memset(&svatest_cow_probe.kp, 0, sizeof(svatest_cow_probe.kp));
		svatest_cow_probe.kp.symbol_name = "do_wp_page";
		ret = register_kretprobe(&svatest_cow_probe);
		if (ret)
			pr_warn("svatest: COW knob: no kretprobe on do_wp_page (%d)\n", ret);
	}
	if (!ret)
		svatest_cow_users++;
	mutex_unlock(&svatest_cow_users_lock);
	return ret;
}

void svatest_cow_put(void)
{
	mutex_lock(&svatest_cow_users_lock);
	if (!--svatest_cow_users)
		unregister_kretprobe(&svatest_cow_probe);
	mutex_unlock(&svatest_cow_users_lock);
}
