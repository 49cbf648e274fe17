/*
 * The sim backend: an in-process, deterministic model of a process's
 * page tables, an SMMU-like IOTLB and the mmu_notifier call points,
 * running whole programs under a seeded scheduler (docs/sim.md). It is
 * available everywhere and is the embedded default.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim.h"


static int sim_probe(char *why, size_t n)
{
	if (why && n)
		why[0] = '\0';
	return 0;	/* pure computation: runs anywhere */
}

static int sim_open(struct sf_dev **out, const struct sf_dev_opts *o, char *err, size_t n)
{
	int knob = sim_knob_parse(o ? o->knob : NULL);
	int arch = sim_arch_parse(o ? o->arch : NULL);
	struct sf_dev *d;

	if (knob < 0) {
		snprintf(err, n, "sim: unknown bug knob '%s'", o->knob);
		return -EINVAL;
	}
	if (arch < 0) {
		snprintf(err, n, "sim: unknown arch '%s' (smmuv3 or vtd)", o->arch);
		return -EINVAL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, n, "sim: out of memory");
		return -ENOMEM;
	}
	d->knob = (enum sim_knob)knob;
	d->arch = (enum sim_arch)arch;
	d->seed = o ? o->seed : 0;
	d->mut.owner = -1;
	*out = d;
	return 0;
}

static int sim_bind(struct sf_dev *d, struct sf_arena *a)
{
	(void)d;
	(void)a;
	return 0;	/* the sim has its own address space */
}

static void sim_unbind(struct sf_dev *d)
{
	(void)d;
}

static int sim_run_prog(struct sf_dev *d, const struct sf_seq *prog, struct sf_collector *c)
{
	return sim_run(d, prog, c);
}

static void sim_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	*st = d->st;
}

static void sim_close(struct sf_dev *d)
{
	if (!d)
		return;
	sim_mem_free(d);
	free(d->th);
	free(d->opidx);
	free(d->bars);
	free(d->mut.mops);
	free(d->mut.effs);
	free(d->mut.puts);
	free(d);
}

const struct sf_backend_ops sf_backend_sim = {
	.name = "sim",
	.desc = "in-process model of page tables, an SMMU-like IOTLB and mmu notifiers; "
		"deterministic scheduler; bug knobs",
	.sem = SF_SEM_MIRROR,
	.flags = SF_BE_SIM,
	.knobs = sim_knob_names,
	.ops_supported = SF_OPS_MM | SIM_SLOT_OPS,	/* not KVM: no memslots; hmm's, IOAS's models */
	.probe = sim_probe,
	.open = sim_open,
	.bind = sim_bind,
	.unbind = sim_unbind,
	.run = sim_run_prog,
	.stats = sim_stats,
	.close = sim_close,
};
