// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberate kernel error for svafuzz's kernel-log watch tests on the
 * test kernel: loading this module with mode=kasan reads a freed kmalloc
 * object (KASAN: slab-use-after-free), with mode=lockdep takes two mutexes
 * in both orders (lockdep: possible circular locking dependency). Neither
 * crashes the kernel; both print the report the watch must classify.
 * Never load it anywhere else.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *mode = "none";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "kasan or lockdep: the error to cause at load");

static DEFINE_MUTEX(splat_a);
static DEFINE_MUTEX(splat_b);

static int splat_use_after_free(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	memset(p, 0x5a, 64);
	kfree(p);
	/* the compiler must not see that p is dead */
	OPTIMIZER_HIDE_VAR(p);
	pr_info("svafuzz_splat: read after free: %x\n", READ_ONCE(p[8]));
	return 0;
}

static void splat_lock_inversion(void)
{
	mutex_lock(&splat_a);
	mutex_lock(&splat_b);
	mutex_unlock(&splat_b);
	mutex_unlock(&splat_a);
	/* the other order: one thread, so no deadlock, but lockdep objects */
	mutex_lock(&splat_b);
	mutex_lock(&splat_a);
	mutex_unlock(&splat_a);
	mutex_unlock(&splat_b);
}

static int __init splat_init(void)
{
	if (!strcmp(mode, "kasan"))
		return splat_use_after_free();
	if (!strcmp(mode, "lockdep")) {
		splat_lock_inversion();
		return 0;
	}
	pr_err("svafuzz_splat: mode=%s: want kasan or lockdep\n", mode);
	return -EINVAL;
}

static void __exit splat_exit(void)
{
}

module_init(splat_init);
module_exit(splat_exit);
MODULE_DESCRIPTION("svafuzz test: a deliberate KASAN report or lockdep splat");
MODULE_LICENSE("GPL");
