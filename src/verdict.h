/* The oracle's judgements and their names (DESIGN.md §4). */
#ifndef SF_VERDICT_H
#define SF_VERDICT_H
#include "event.h"

enum sf_verdict_kind {
	SF_V_STALE_WRITE,
	SF_V_STALE_READ,
	SF_V_SPURIOUS_FAULT,
	SF_V_FAULT_LOOP,
	SF_V_LOST_WRITE,
	SF_V_DIRTY_MISS,
	SF_V_MODEL,
	SF_V__COUNT
};

#define SF_MAX_CANDIDATES 8

struct sf_verdict {
	enum sf_verdict_kind kind;
	struct sf_event access;		/* the judged access (or dirty-log event) */
	unsigned ncand;			/* candidate states (first SF_MAX_CANDIDATES) */
	struct sf_pstate cand[SF_MAX_CANDIDATES];
	unsigned allowed;		/* SF_ALLOW() mask the candidates allowed */
	char why[240];			/* one sentence a person can check */
};

const char *sf_verdict_name(enum sf_verdict_kind k);	/* "STALE_WRITE" */
int sf_verdict_from_name(const char *name);		/* -1 if unknown */
#endif
