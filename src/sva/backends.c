/*
 * The backend registry, in probe order: sf_backend_auto() takes the first
 * that probes usable. Devices come first; the sim probes usable on every
 * machine, so it is the fallback when no device is there, and backends
 * listed after it are chosen only by name; the planned ones (planned.c)
 * never run. A new backend adds its extern and its line here.
 */
#include <string.h>
#include "backend.h"

extern const struct sf_backend_ops sf_backend_sim;
extern const struct sf_backend_ops sf_backend_uring;
extern const struct sf_backend_ops sf_backend_svatest;
extern const struct sf_backend_ops sf_backend_kvm;
extern const struct sf_backend_ops sf_backend_hmm;
extern const struct sf_backend_ops sf_backend_iommufd;
extern const struct sf_backend_ops sf_backend_vfio;
extern const struct sf_backend_ops sf_backend_idxd;
extern const struct sf_backend_ops sf_backend_uacce;

const struct sf_backend_ops *const sf_backends[] = {
	&sf_backend_svatest,
	&sf_backend_kvm,
	&sf_backend_sim,
	&sf_backend_uring,
	&sf_backend_hmm,
	&sf_backend_iommufd,
	&sf_backend_vfio,
	&sf_backend_idxd,
	&sf_backend_uacce,
	NULL
};

const struct sf_backend_ops *sf_backend_find(const char *name)
{
	if (!name)
		return NULL;
	for (unsigned i = 0; sf_backends[i]; i++)
		if (!strcmp(sf_backends[i]->name, name))
			return sf_backends[i];
	return NULL;
}

const struct sf_backend_ops *sf_backend_auto(void)
{
	char why[256];

	for (unsigned i = 0; sf_backends[i]; i++)
		if (!(sf_backends[i]->flags & SF_BE_PLANNED) &&
		    (!sf_backends[i]->probe || !sf_backends[i]->probe(why, sizeof(why))))
			return sf_backends[i];
	return sf_backend_find("sim");
}

const struct sf_backend_ops *sf_backend_choose(const char *name)
{
	if (!name || !name[0] || !strcmp(name, "auto"))
		return sf_backend_auto();
	return sf_backend_find(name);
}

int sf_backend_has_knob(const struct sf_backend_ops *b, const char *knob)
{
	if (!b || !b->knobs || !knob)
		return 0;
	for (unsigned i = 0; b->knobs[i]; i++)
		if (!strcmp(b->knobs[i], knob))
			return 1;
	return 0;
}
