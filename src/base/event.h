/*
 * An event: one mutation or access with its interval [t0, t1] in
 * CLOCK_MONOTONIC ns (the sim uses virtual time), its outcome and, for a
 * mutation, its effect on every page of its range.
 */
#ifndef SF_EVENT_H
#define SF_EVENT_H
#include <stdint.h>
#include "ops.h"
#include "state.h"

/* sf_effect.obj_mode */
enum sf_obj_mode {
	SF_OBJ_KEEP,		/* content unchanged */
	SF_OBJ_FRESH,		/* new zero-filled content (oracle numbers it) */
	SF_OBJ_SET,		/* page i gets obj_arg + i (memfd/file page cache) */
	SF_OBJ_MOVE,		/* page i takes the whole state of page obj_arg + i */
	SF_OBJ_FORGET,		/* content unknown from now on (MADV_FREE, ...) */
};

#define SF_EFF_KEEP 0xff	/* for set_backing / set_prot: unchanged */

struct sf_effect {
	uint8_t set_backing;	/* enum sf_backing or SF_EFF_KEEP (NONE = unmap) */
	uint8_t set_prot;	/* SF_PROT_* or SF_EFF_KEEP */
	uint8_t flags_set;	/* SF_PS_* to set */
	uint8_t flags_clear;	/* SF_PS_* to clear */
	uint8_t obj_mode;	/* enum sf_obj_mode */
	uint8_t pad[3];
	uint64_t obj_arg;
};

/*
 * Pages one SF_EV_DIRTY event covers at most: the bits of its 64-bit
 * .value, one word of KVM's dirty bitmap (a longer slot is several events).
 */
#define SF_DIRTY_PAGES_PER_EVENT 64

enum sf_ev_kind {
	SF_EV_MUTATION,		/* changes page states by .eff */
	SF_EV_ACCESS,		/* one word: .page, .word, .value, .outcome */
	SF_EV_DIRTY,		/* KVM dirty log: .value = bitmap of pages [page, page+npages) */
	SF_EV_MARK,		/* informational (invalidations, notes): not judged */
};

struct sf_event {
	uint64_t t0, t1;	/* interval, t0 <= t1 */
	uint64_t value;		/* access: value written or read */
	uint64_t seq;		/* index of the op in its program (reproducers) */
	struct sf_effect eff;	/* mutation effect (outcome SF_OK) */
	uint32_t page;		/* first arena page */
	uint32_t npages;	/* mutation range; 1 for an access */
	uint32_t word;		/* access: word index in the page */
	uint32_t err;		/* errno (mutation) or si_code / device status */
	uint16_t op;		/* enum sf_op */
	uint16_t thread;	/* program thread */
	uint8_t kind;		/* enum sf_ev_kind */
	uint8_t outcome;	/* enum sf_outcome */
	uint8_t flags;		/* SF_EVF_* */
	uint8_t pad;
};

/*
 * An access the device may have made byte by byte instead of as one
 * aligned word (e.g. a guest instruction the host emulated with a byte
 * copy): a read may return a mix of the bytes of values the word held
 * during it, and a write may be seen half done (docs/oracle.md).
 */
#define SF_EVF_MAY_TEAR 0x1

/*
 * A rights claim, not an access: the device reported that it could read
 * (DEV_READ) or write (DEV_WRITE) the page at some instant of [t0, t1]
 * (hmm's SNAPSHOT). Judged for permission like a successful access of that
 * kind; no value was read or written.
 */
#define SF_EVF_RIGHTS 0x8

/*
 * The device's translation did not match the CPU page table when the
 * access used it, with no invalidation in flight (a backend that can look,
 * e.g. svatest): the invalidation that had to come with the change was
 * lost. Two bits: enum sf_stale, the numbers of SVATEST_STALE_*.
 */
#define SF_EVF_STALE_SHIFT 1
#define SF_EVF_STALE_MASK (3u << SF_EVF_STALE_SHIFT)
enum sf_stale {
	SF_STALE_NONE,
	SF_STALE_REPLACED,	/* another page is mapped at the address now */
	SF_STALE_UNMAPPED,	/* nothing is mapped there now */
	SF_STALE_WRITE,		/* same page, write access revoked */
};
static inline enum sf_stale sf_event_stale(const struct sf_event *ev)
{
	return (enum sf_stale)((ev->flags & SF_EVF_STALE_MASK) >> SF_EVF_STALE_SHIFT);
}
/* "replaced", "unmapped", "write-revoked"; NULL for NONE */
const char *sf_stale_name(enum sf_stale s);
int sf_stale_from_name(const char *name);	/* -1 if unknown */

/* An effect that makes a range's state unknown: used when a change failed half-way. */
struct sf_effect sf_effect_unknown(void);
/*
 * One JSON object (no newline) into buf; returns length (truncated at
 * len-1). The trace format of events.jsonl and `svafuzz check`:
 *   {"t0":N,"t1":N,"thread":N,"kind":"mutation|access|dirty|mark",
 *    "op":"<sf_op_name>","page":N,"npages":N,"word":N,
 *    "outcome":"ok|fault|fault-loop|failed","err":N,"value":"0x..",["tear":true,]
 *    ["stale":"replaced|unmapped|write-revoked",]"seq":N,
 *    "eff":{"backing":"keep|none|anon-private|...","prot":"keep|none|r|rw|..",
 *           "set":N,"clear":N,"obj":"keep|fresh|set|move|forget","arg":N}}
 * "eff" appears on mutations only; "value" and "word" on accesses and dirty.
 */
int sf_event_json(const struct sf_event *ev, char *buf, unsigned len);
#endif
