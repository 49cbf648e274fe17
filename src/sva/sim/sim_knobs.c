/*
 * The sim's bug knobs and TLB architectures by name. Each knob is one real
 * kernel defect (docs/sim.md names the upstream fix of each).
 */
#include <string.h>
#include "sim.h"

const char *const sim_knob_names[] = {
	"no-upgrade-inval",		/* SIM_K_NO_UPGRADE_INVAL */
	"no-downgrade-inval",		/* SIM_K_NO_DOWNGRADE_INVAL */
	"range-end-off-by-one",		/* SIM_K_RANGE_END_OFF_BY_ONE */
	"range-start-equals-end",	/* SIM_K_RANGE_START_EQUALS_END */
	"skip-multi-vma",		/* SIM_K_SKIP_MULTI_VMA */
	"inval-before-pte-change",	/* SIM_K_INVAL_BEFORE_PTE_CHANGE */
	"stale-after-cow",		/* SIM_K_STALE_AFTER_COW */
	"ioas-unmap-skips-domain",	/* SIM_K_IOAS_UNMAP_SKIPS_DOMAIN */
	NULL
};

int sim_knob_parse(const char *name)
{
	if (!name || !name[0])
		return SIM_K_NONE;
	for (int i = 0; sim_knob_names[i]; i++)
		if (!strcmp(name, sim_knob_names[i]))
			return i + 1;
	return -1;
}

int sim_arch_parse(const char *name)
{
	if (!name || !name[0] || !strcmp(name, "smmuv3"))
		return SIM_ARCH_SMMUV3;
	if (!strcmp(name, "vtd"))
		return SIM_ARCH_VTD;
	return -1;
}
