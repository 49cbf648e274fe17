/* The oracle's judgements and their names (DESIGN.md §4). */
#ifndef SF_VERDICT_H
#define SF_VERDICT_H
#include <stddef.h>
#include "event.h"

enum sf_verdict_kind {
	SF_V_STALE_WRITE,
	SF_V_STALE_READ,
	SF_V_SPURIOUS_FAULT,
	SF_V_FAULT_LOOP,
	SF_V_LOST_WRITE,
	SF_V_DIRTY_MISS,
	SF_V_MODEL,
	SF_V_LOST_INVAL,	/* the device used a translation the kernel changed without telling it */
	SF_V__COUNT
};

#define SF_MAX_CANDIDATES 8
#define SF_MAX_CAUSES 2

/* What a cause did to the page (docs/oracle.md, "The cause of a verdict"). */
enum sf_cause_role {
	SF_CAUSE_REVOKED,	/* made the permission the access used go away (STALE_*) */
	SF_CAUSE_GRANTED,	/* made the permission the device failed to see (SPURIOUS_FAULT, FAULT_LOOP) */
	SF_CAUSE_REPLACED,	/* made the content the page holds (value verdicts) */
	SF_CAUSE_WRPROTECT,	/* fork: write-protected every private page (COW), whatever its range */
	SF_CAUSE__COUNT
};

/*
 * One mutation a verdict names as its cause: the one whose result is the
 * state the access violated, not merely the page's latest change. When no
 * mutation made that state (the page has been so since the program began),
 * initial is set and op is meaningless.
 */
struct sf_cause {
	uint64_t t0, t1;	/* the mutation's interval */
	uint32_t page, npages;	/* its range */
	uint16_t op;		/* enum sf_op */
	uint8_t role;		/* enum sf_cause_role */
	uint8_t initial;	/* the configured initial state: no mutation */
};

struct sf_verdict {
	enum sf_verdict_kind kind;
	struct sf_event access;		/* the judged access (or dirty-log event) */
	unsigned ncand;			/* candidate states (first SF_MAX_CANDIDATES) */
	struct sf_pstate cand[SF_MAX_CANDIDATES];
	unsigned allowed;		/* SF_ALLOW() mask the candidates allowed */
	/*
	 * The cause chain, oldest first: one mutation, or two where both
	 * played a part (fork, then the mprotect that granted write). None
	 * for DIRTY_MISS (the log, not a mutation, is at fault).
	 */
	unsigned ncause;
	struct sf_cause cause[SF_MAX_CAUSES];
	char why[1024];			/* the cause chain in words, a person can check it */
};

const char *sf_verdict_name(enum sf_verdict_kind k);	/* "STALE_WRITE" */
int sf_verdict_from_name(const char *name);		/* -1 if unknown */
/* "revoked", "granted", "replaced", "write-protected" */
const char *sf_cause_role_name(enum sf_cause_role r);
/* A cause's op as a finding signature names it: the op, or "initial". */
const char *sf_cause_op_name(const struct sf_cause *c);
/* "ok,fault" for an SF_ALLOW() mask ("none" if empty) */
const char *sf_allowed_str(unsigned allowed, char *buf, size_t n);
/*
 * Copies src into dst[n]; if it does not fit, cuts at the last space
 * that leaves room and ends with "…", never in the middle of a token.
 */
void sf_text_fit(char *dst, size_t n, const char *src);
#endif
