/*
 * Which kernel log lines are kernel errors: pure string matching, so it is
 * unit-tested on real-looking lines. A false match fails a clean run with
 * exit 3, so every pattern is as specific as the kernel's own wording
 * allows (e.g. "allocated N entries for evtq" at SMMU probe is not an
 * event; "panic=-1" on the command line is not a panic).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "klog.h"

/* Substrings that mean the kernel hit something wrong, as it words them. */
static const char *const error_substrings[] = {
	"BUG:",				/* BUG: KASAN/soft lockup/sleeping function/... */
	"kernel BUG at",		/* BUG() */
	"WARNING:",			/* WARN(), lockdep reports */
	"Unable to handle kernel",	/* arm64 oops */
	"Internal error:",		/* arm64 die() */
	"general protection fault",	/* x86 */
	"Kernel panic",
	"KASAN",
	"UBSAN",
	"KFENCE",
	"possible circular locking",
	/* lockdep's own words; not a bare "lockdep": "RCU lockdep checking is enabled" */
	"DEBUG_LOCKS_WARN_ON",
	"lockdep is turned off",
	"turning off the locking correctness validator",
	"soft lockup",
	"hard LOCKUP",
	"self-detected stall",		/* rcu: INFO: rcu_sched self-detected stall on CPU */
	"rcu: INFO:",
	"detected stalls on CPUs",
	"hung task",			/* "Future hung task reports are suppressed" */
	NULL,
};

/*
 * One device page fault is not a kernel error: svafuzz makes devices touch
 * unmapped and read-only pages on purpose, and an IOMMU may log each such
 * fault. These lines count towards the fault-storm detector instead
 * (sf_klog_is_iommu_fault), so only a storm fails a run.
 */
static const char *const fault_substrings[] = {
	"DMAR: DRHD: handling fault",	/* VT-d fault recording */
	"DMAR: [DMA",			/* "DMAR: [DMA Write NO_PASID] Request device ..." */
	NULL,
};

/* arm-smmu-v3 queue or driver trouble (errors), not probe chatter or events. */
static const char *const smmu_substrings[] = {
	"EVTQ overflow",
	"PRIQ overflow",
	"CMD_SYNC timeout",
	"CMDQ error",
	"unexpected global error",
	NULL,
};

static int contains_any(const char *msg, const char *const *subs)
{
	for (unsigned i = 0; subs[i]; i++)
		if (strstr(msg, subs[i]))
			return 1;
	return 0;
}

/* "Oops" as the kernel prints it ("Oops: 0002 [#1]", "Oops - BUG"), not in a word. */
static int has_oops(const char *msg)
{
	for (const char *p = strstr(msg, "Oops"); p; p = strstr(p + 4, "Oops")) {
		char after = p[4];

		if ((p == msg || p[-1] == ' ' || p[-1] == ':') &&
		    (after == ':' || after == ' ' || after == '\0'))
			return 1;
	}
	return 0;
}

/* "INFO: task kworker/0:1:12 blocked for more than 120 seconds." */
static int has_blocked_task(const char *msg)
{
	const char *p = strstr(msg, "INFO: task ");

	return p && strstr(p, " blocked for more than ");
}

/*
 * A stack trace's frame, "  ? lockdep_hardirqs_on_prepare+0x271/0x3e0": a
 * lockdep kernel (PROVE_LOCKING) has lockdep_* frames in every stack dump,
 * also in informational ones such as DEBUG_VM's "FAULT_FLAG_ALLOW_RETRY
 * missing". A frame belongs to a report whose headline is matched (or is
 * not an error); its symbol names never make one.
 */
static int is_stack_frame(const char *msg)
{
	const char *p = msg, *sym;

	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] == '?' && p[1] == ' ')
		p += 2;
	sym = p;
	while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
		p++;
	return p > sym && !strncmp(p, "+0x", 3);
}

int sf_klog_is_error(const char *msg)
{
	if (!msg)
		return 0;
	/* our own run markers (and anything else svafuzz writes) are never errors */
	if (!strncmp(msg, "svafuzz:", 8))
		return 0;
	if (is_stack_frame(msg))
		return 0;
	if (contains_any(msg, error_substrings) || has_oops(msg) || has_blocked_task(msg))
		return 1;
	if (strstr(msg, "arm-smmu-v3") && contains_any(msg, smmu_substrings))
		return 1;
	return 0;
}

static const char *find_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

int sf_klog_is_iommu_fault(const char *msg)
{
	const char *p;

	if (!msg || !strncmp(msg, "svafuzz:", 8))
		return 0;
	if (find_nocase(msg, "io_page_fault"))	/* AMD-Vi: Event logged [IO_PAGE_FAULT ...] */
		return 1;
	if (contains_any(msg, fault_substrings))
		return 1;
	if (strstr(msg, "arm-smmu-v3") && strstr(msg, "event 0x"))	/* "event 0x10 received:" */
		return 1;
	p = find_nocase(msg, "iommu");
	return p && find_nocase(p, "page fault");
}

int sf_klog_storm_feed(struct sf_klog_storm *s, uint64_t ns, unsigned limit)
{
	if (ns >= s->window_ns + 1000000000ull || ns < s->window_ns) {
		s->window_ns = ns;
		s->count = 0;
		s->reported = 0;
	}
	s->count++;
	if (s->count > limit && !s->reported) {
		s->reported = 1;
		return 1;
	}
	return 0;
}

/* Decimal field ending at one of the stop characters. */
static int field_u64(const char **p, const char *end, char stop, uint64_t *v)
{
	const char *q = *p;

	*v = 0;
	if (q >= end || !isdigit((unsigned char)*q))
		return -1;
	while (q < end && isdigit((unsigned char)*q)) {
		if (*v > UINT64_MAX / 10 - 9)
			return -1;
		*v = *v * 10 + (uint64_t)(*q - '0');
		q++;
	}
	if (q >= end || *q != stop)
		return -1;
	*p = q + 1;
	return 0;
}

int sf_klog_parse_record(const char *rec, size_t len, struct sf_klog_record *r)
{
	const char *p = rec, *end = rec + len, *semi, *nl;
	uint64_t prio, usec;

	semi = memchr(rec, ';', len);
	if (!semi)
		return -1;
	if (field_u64(&p, semi, ',', &prio) || field_u64(&p, semi, ',', &r->seq))
		return -1;
	/* usec ends at ',' (flags follow) */
	if (field_u64(&p, semi, ',', &usec))
		return -1;
	if (usec > UINT64_MAX / 1000 || prio > 0xffff)
		return -1;
	r->ns = usec * 1000;
	r->facility = (unsigned)(prio >> 3);
	r->level = (unsigned)(prio & 7);
	nl = memchr(semi + 1, '\n', (size_t)(end - semi - 1));
	r->text = semi + 1;
	r->text_len = (size_t)((nl ? nl : end) - (semi + 1));
	return 0;
}
