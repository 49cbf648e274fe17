/*
 * What a device may do to one arena page: the oracle's page state.
 * "Permission" is the VMA's (what a fault handler can grant), not the PTE's:
 * a COW-protected page is still writable for a mirror device, whose fault
 * handler breaks COW. "obj" names the page's content: it survives COW
 * breaks, migration, KSM merges and mremap moves (content is copied
 * faithfully) and changes when content is discarded (fresh mmap,
 * MADV_DONTNEED on private anon, hole punch).
 */
#ifndef SF_STATE_H
#define SF_STATE_H
#include <stdbool.h>
#include <stdint.h>

/* The words of a page the device and CPU accesses address (8 bytes each, spread over the page). */
#define SF_WORDS_PER_PAGE 8

#define SF_OBJ_UNKNOWN UINT64_MAX

/* sf_pstate.flags */
#define SF_PS_UNKNOWN	 0x01	/* mapping/prot unknown (a failed or unordered change) */
#define SF_PS_UFFD_WP	 0x02	/* userfaultfd write-protected: writes may block or fault */
#define SF_PS_COW	 0x04	/* informational: shared COW since a fork */
#define SF_PS_NO_SLOT	 0x08	/* KVM: no memslot maps the page: device faults */
#define SF_PS_SLOT_RO	 0x10	/* KVM: memslot is read-only */
#define SF_PS_LOG_DIRTY	 0x20	/* KVM: dirty logging on */
/*
 * KVM: memslot flags unknown (two slot changes of one page overlapped);
 * set by the oracle only, cleared by a slot change that sets or clears all
 * of NO_SLOT, SLOT_RO and LOG_DIRTY. Effects must not set it.
 */
#define SF_PS_SLOT_UNKNOWN 0x40
/*
 * hmm: the page may sit in the device's private memory (migrate-to-dev).
 * hmm_range_fault never faults the device's own private pages, so a
 * device write to one whose entry is read-only (COW after fork, an
 * mprotect round trip) fails until a CPU access brings the page back:
 * device writes may fault. Cleared by migrate-to-sys and a new mapping.
 */
#define SF_PS_DEVPRIV	 0x80
#define SF_PS__ALL	 0xff

struct sf_pstate {
	uint8_t backing;	/* enum sf_backing; SF_BK_NONE = unmapped */
	uint8_t prot;		/* SF_PROT_* */
	uint8_t flags;		/* SF_PS_* */
	uint8_t pad;
	uint32_t pad2;
	uint64_t obj;		/* content object, SF_OBJ_UNKNOWN if not known */
};

/* Outcome sets: bit (1 << outcome). */
enum sf_outcome {
	SF_OK = 0,		/* access done / mutation succeeded */
	SF_FAULT = 1,		/* access faulted (after backend retry rules) */
	SF_FAULT_LOOP = 2,	/* faults kept coming after the handler resolved them */
	SF_FAILED = 3,		/* mutation failed (ev.err = errno) */
};
#define SF_ALLOW(o) (1u << (o))

enum sf_semantics {
	SF_SEM_MIRROR,		/* follows the CPU page table */
	SF_SEM_PINNED,		/* keeps the pages pinned at bind time */
	SF_SEM_CPU,		/* the CPU itself: VMA permissions only, no memslots */
	/*
	 * a mirror through hmm_range_fault (test_hmm): follows the CPU page
	 * table, but refuses a VMA without read right for every access
	 */
	SF_SEM_HMM,
};

/*
 * Outcomes a state allows for a read (write=false) or write: a mask of
 * SF_ALLOW(SF_OK) and SF_ALLOW(SF_FAULT). Ambiguous cases (unknown state,
 * exec-only or write-only prot, uffd-wp writes) allow both.
 */
unsigned sf_pstate_allows(const struct sf_pstate *s, bool write, enum sf_semantics sem);
/* "anon-private rw obj=12 cow" into buf; returns buf */
const char *sf_pstate_str(const struct sf_pstate *s, char *buf, unsigned len);
/* "mirror", "pinned", "cpu", "hmm": as trace headers and --semantics spell them */
const char *sf_semantics_name(enum sf_semantics sem);
/* A device's semantics by that name (mirror, pinned or hmm; not cpu), or -1. */
int sf_semantics_parse(const char *name);
/* " log-dirty cow": each flag's name after a space ("" for none). */
const char *sf_pstate_flags_str(uint8_t flags, char *buf, unsigned len);
#endif
