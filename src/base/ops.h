/*
 * Operation kinds: the verbs of the sequence language, and the kind of
 * every recorded event. One table (ops.c) gives each its text name and
 * class; names are stable (scripts, run.json "counts" and reproducers use
 * them).
 */
#ifndef SF_OPS_H
#define SF_OPS_H
#include <stdint.h>

enum sf_op {
	/* CPU-side mutations of the arena's mappings */
	SF_OP_MPROTECT,		/* page+n prot */
	SF_OP_MUNMAP,		/* page+n */
	SF_OP_MMAP,		/* page+n backing prot */
	SF_OP_MREMAP,		/* page+n new_n [move dst] [dontunmap] */
	SF_OP_MADVISE,		/* page+n advice */
	SF_OP_PUNCH,		/* page+n: fallocate hole punch (memfd) */
	SF_OP_FORK,		/* page+n: child writes word 0 of each page, exits */
	SF_OP_UFFD_WP,		/* page+n on|off */
	SF_OP_MIGRATE,		/* page+n node */
	SF_OP_MLOCK,		/* page+n */
	SF_OP_MUNLOCK,		/* page+n */
	SF_OP_COMPACT,		/* (no range) write /proc/sys/vm/compact_memory */
	/* KVM memslot changes (backend-side mutations) */
	SF_OP_SLOT_ADD,		/* slot page+n flags */
	SF_OP_SLOT_DEL,		/* slot */
	SF_OP_SLOT_FLAGS,	/* slot flags: re-create with new flags */
	SF_OP_DIRTY_CHECK,	/* slot: fetch KVM dirty log */
	/* accesses: one word of one page */
	SF_OP_DEV_READ,		/* page.word */
	SF_OP_DEV_WRITE,	/* page.word */
	SF_OP_CPU_READ,		/* page.word */
	SF_OP_CPU_WRITE,	/* page.word */
	/* control */
	SF_OP_BARRIER,		/* id */
	SF_OP_DELAY,		/* ns */
	SF_OP__COUNT
};

enum sf_op_class {
	SF_CLS_MUTATION,
	SF_CLS_SLOT,		/* backend-side mutation */
	SF_CLS_DEV_ACCESS,
	SF_CLS_CPU_ACCESS,
	SF_CLS_CONTROL,
};

/* mmap backings (arg of SF_OP_MMAP) */
enum sf_backing {
	SF_BK_NONE,		/* unmapped */
	SF_BK_ANON_PRIVATE,
	SF_BK_ANON_SHARED,
	SF_BK_MEMFD_SHARED,
	SF_BK_FILE_SHARED,
	SF_BK__COUNT
};

/* madvise advices (arg of SF_OP_MADVISE) */
enum sf_advice {
	SF_ADV_DONTNEED, SF_ADV_FREE, SF_ADV_COLD, SF_ADV_PAGEOUT,
	SF_ADV_WILLNEED, SF_ADV_HUGEPAGE, SF_ADV_NOHUGEPAGE, SF_ADV_COLLAPSE,
	SF_ADV_MERGEABLE, SF_ADV_REMOVE,
	SF_ADV__COUNT
};

/* prot bits, as PROT_READ/WRITE/EXEC */
#define SF_PROT_R 1u
#define SF_PROT_W 2u
#define SF_PROT_X 4u

/* mremap flags (arg2 of SF_OP_MREMAP) */
#define SF_MREMAP_MOVE 1u
#define SF_MREMAP_DONTUNMAP 2u

/* memslot flags (SF_OP_SLOT_ADD / SF_OP_SLOT_FLAGS) */
#define SF_SLOT_RO 1u
#define SF_SLOT_LOG 2u

const char *sf_op_name(enum sf_op op);		/* "mprotect", "dev-read", ... */
int sf_op_from_name(const char *name);		/* -1 if unknown */
enum sf_op_class sf_op_class(enum sf_op op);
const char *sf_backing_name(enum sf_backing b);	/* "anon-private", ... */
int sf_backing_from_name(const char *name);
const char *sf_advice_name(enum sf_advice a);	/* "dontneed", ... */
int sf_advice_from_name(const char *name);
/* prot as "none", "r", "rw", "rwx", "x", ...; parse accepts the same */
const char *sf_prot_name(unsigned prot);
int sf_prot_from_name(const char *name);
/* memslot flags as "rw" (0), "ro", "log", "ro,log"; parse accepts the same */
const char *sf_slot_flags_name(unsigned flags);
int sf_slot_flags_from_name(const char *name);
#endif
