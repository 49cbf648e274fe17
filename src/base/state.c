/*
 * Page states: which outcomes a state allows, and how to print one.
 * The rules are the oracle's (docs/oracle.md); every ambiguous case allows
 * both outcomes, because a false verdict is worse than a missed one.
 */
#include <stdio.h>
#include <string.h>
#include "ops.h"
#include "state.h"

#define OK_ONLY SF_ALLOW(SF_OK)
#define FAULT_ONLY SF_ALLOW(SF_FAULT)
#define EITHER (SF_ALLOW(SF_OK) | SF_ALLOW(SF_FAULT))

/* What the VMA's prot alone allows, on a mapped page. */
static unsigned prot_allows(unsigned prot, bool write, unsigned flags)
{
	if (write) {
		if (!(prot & SF_PROT_W))
			return FAULT_ONLY;
		/* a wp'd page may be resolved (or not) by the uffd handler */
		return (flags & SF_PS_UFFD_WP) ? EITHER : OK_ONLY;
	}
	if (prot & SF_PROT_R)
		return OK_ONLY;
	if (!(prot & (SF_PROT_W | SF_PROT_X)))
		return FAULT_ONLY;
	/* W-only or X-only: readable on some architectures (x86), not on others */
	return EITHER;
}

/* A pinned device's page behind its IOVA gate: the memslot words of the state. */
static unsigned pinned_gate(unsigned flags, bool write)
{
	if (flags & SF_PS_NO_SLOT)
		return FAULT_ONLY;
	if (write && (flags & SF_PS_SLOT_RO))
		return FAULT_ONLY;
	return (flags & SF_PS_SLOT_UNKNOWN) ? EITHER : OK_ONLY;
}

unsigned sf_pstate_allows(const struct sf_pstate *s, bool write, enum sf_semantics sem)
{
	unsigned a;

	/*
	 * A pinned device keeps the pages it pinned: only faults are wrong,
	 * unless an IOVA gate (vfio's unmapped or read-only IOVAs) refuses.
	 */
	if (sem == SF_SEM_PINNED)
		return pinned_gate(s->flags, write);
	if (s->flags & SF_PS_UNKNOWN)
		return EITHER;
	if (s->backing == SF_BK_NONE)
		return FAULT_ONLY;
	a = prot_allows(s->prot, write, s->flags);
	/*
	 * hmm_range_fault's VMA test (hmm_vma_walk_test) refuses a VMA
	 * without VM_READ whole, for writes too: W-only and X-only fault.
	 * Reads of a W-only page may still succeed: an exclusive entry
	 * (make_device_exclusive_range needs only VM_WRITE) maps it for the
	 * device's atomics, and reads go through it.
	 */
	if (sem == SF_SEM_HMM && !(s->prot & SF_PROT_R))
		return !write && (s->prot & SF_PROT_W) ? EITHER : FAULT_ONLY;
	if (sem == SF_SEM_HMM && write && (s->flags & SF_PS_DEVPRIV))
		a |= FAULT_ONLY;
	/* KVM memslots stand between a guest and the page, never the CPU */
	if (sem == SF_SEM_CPU)
		return a;
	if (s->flags & SF_PS_NO_SLOT)
		return FAULT_ONLY;
	if (write && (s->flags & SF_PS_SLOT_RO))
		return FAULT_ONLY;
	/* memslot layout unknown (an unordered slot change): it may fault */
	if (s->flags & SF_PS_SLOT_UNKNOWN)
		a |= FAULT_ONLY;
	return a;
}

static const struct {
	unsigned bit;
	const char *name;
} flag_names[] = {
	{ SF_PS_UNKNOWN, "unknown" },
	{ SF_PS_UFFD_WP, "uffd-wp" },
	{ SF_PS_COW, "cow" },
	{ SF_PS_NO_SLOT, "no-slot" },
	{ SF_PS_SLOT_RO, "slot-ro" },
	{ SF_PS_LOG_DIRTY, "log-dirty" },
	{ SF_PS_SLOT_UNKNOWN, "slot-unknown" },
	{ SF_PS_DEVPRIV, "devpriv" },
};

const char *sf_pstate_str(const struct sf_pstate *s, char *buf, unsigned len)
{
	const char *bk = sf_backing_name((enum sf_backing)s->backing);
	const char *pr = sf_prot_name(s->prot);
	unsigned n = 0;
	int r;

	if (!len)
		return buf;
	buf[0] = 0;
	if (s->backing == SF_BK_NONE)
		r = snprintf(buf, len, "%s", bk ? bk : "none");
	else if (s->obj == SF_OBJ_UNKNOWN)
		r = snprintf(buf, len, "%s %s obj=?", bk ? bk : "?", pr ? pr : "?");
	else
		r = snprintf(buf, len, "%s %s obj=%llu", bk ? bk : "?", pr ? pr : "?",
			     (unsigned long long)s->obj);
	if (r < 0)
		return buf;
	n = (unsigned)r < len ? (unsigned)r : len - 1;
	sf_pstate_flags_str(s->flags, buf + n, len - n);
	return buf;
}

const char *sf_semantics_name(enum sf_semantics sem)
{
	switch (sem) {
	case SF_SEM_PINNED:
		return "pinned";
	case SF_SEM_CPU:
		return "cpu";
	case SF_SEM_HMM:
		return "hmm";
	default:
		return "mirror";
	}
}

int sf_semantics_parse(const char *name)
{
	static const enum sf_semantics dev[] = { SF_SEM_MIRROR, SF_SEM_PINNED, SF_SEM_HMM };

	for (unsigned i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
		if (!strcmp(name, sf_semantics_name(dev[i])))
			return (int)dev[i];
	return -1;
}

const char *sf_pstate_flags_str(uint8_t flags, char *buf, unsigned len)
{
	unsigned n = 0;
	int r;

	if (!len)
		return buf;
	buf[0] = 0;
	for (unsigned i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (!(flags & flag_names[i].bit))
			continue;
		r = snprintf(buf + n, len - n, " %s", flag_names[i].name);
		if (r < 0)
			break;
		n += (unsigned)r < len - n ? (unsigned)r : len - n - 1;
	}
	return buf;
}
