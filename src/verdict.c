/* Verdict names: stable, they appear in run.json, reproducers and junit. */
#include <string.h>
#include "verdict.h"

static const char *const verdict_names[SF_V__COUNT] = {
	[SF_V_STALE_WRITE] = "STALE_WRITE",
	[SF_V_STALE_READ] = "STALE_READ",
	[SF_V_SPURIOUS_FAULT] = "SPURIOUS_FAULT",
	[SF_V_FAULT_LOOP] = "FAULT_LOOP",
	[SF_V_LOST_WRITE] = "LOST_WRITE",
	[SF_V_DIRTY_MISS] = "DIRTY_MISS",
	[SF_V_MODEL] = "MODEL",
};

const char *sf_verdict_name(enum sf_verdict_kind k)
{
	return (unsigned)k < SF_V__COUNT ? verdict_names[k] : "?";
}

int sf_verdict_from_name(const char *name)
{
	if (!name)
		return -1;
	for (unsigned i = 0; i < SF_V__COUNT; i++)
		if (!strcmp(verdict_names[i], name))
			return (int)i;
	return -1;
}
