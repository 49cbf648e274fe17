/*
 * Operation kinds: the verbs of the sequence language, and the kind of
 * every recorded event. One table (ops.c) gives each its text name and
 * class; names are stable (scripts, run.json "counts" and reproducers use
 * them).
 */
#ifndef SF_OPS_H
#define SF_OPS_H
#include <stdint.h>

/*
 * The op list: one line per verb, in the order of enum sf_op (never reorder:
 * reproducers name ops by text, but benchmarks and fuzz corpora hold raw
 * numbers). X(ENUM, "name", CLASS, SHAPE): its sf_op, its stable text name,
 * its sf_op_class and the shape of its arguments in the sequence language
 * (enum sf_shape; what each shape does is in src/seq/seq_shape.h). Every
 * per-op table is made from this list; a new op of an existing shape is one
 * line here, its worker or backend code, its tests and its doc line
 * (docs/sequence.md).
 */
#define SF_OP_LIST(X)                                                        \
	/* CPU-side mutations of the arena's mappings */                     \
	X(MPROTECT, "mprotect", MUTATION, RANGE_PROT) /* page+n prot */      \
	X(MUNMAP, "munmap", MUTATION, RANGE)          /* page+n */           \
	X(MMAP, "mmap", MUTATION, RANGE_MMAP)         /* page+n backing prot */ \
	X(MREMAP, "mremap", MUTATION, RANGE_MREMAP)   /* page+n new_n [move dst] [dontunmap] */ \
	X(MADVISE, "madvise", MUTATION, RANGE_ADVICE) /* page+n advice */    \
	X(PUNCH, "punch", MUTATION, RANGE)            /* fallocate hole punch (memfd) */ \
	X(FORK, "fork", MUTATION, RANGE)              /* child writes word 0 of each page, exits */ \
	X(UFFD_WP, "uffd-wp", MUTATION, RANGE_ONOFF)  /* page+n on|off */    \
	X(MIGRATE, "migrate", MUTATION, RANGE_NODE)   /* page+n node */      \
	X(MLOCK, "mlock", MUTATION, RANGE)            /* page+n */           \
	X(MUNLOCK, "munlock", MUTATION, RANGE)        /* page+n */           \
	X(COMPACT, "compact", MUTATION, NONE)         /* write /proc/sys/vm/compact_memory */ \
	/* KVM memslot changes (backend-side mutations) */                   \
	X(SLOT_ADD, "slot-add", SLOT, SLOT_ADD)       /* slot page+n flags */ \
	X(SLOT_DEL, "slot-del", SLOT, SLOT)           /* slot */             \
	X(SLOT_FLAGS, "slot-flags", SLOT, SLOT_FLAGS) /* slot flags: re-create */ \
	X(DIRTY_CHECK, "dirty-check", SLOT, SLOT)     /* slot: fetch the dirty log */ \
	/* accesses: one word of one page */                                 \
	X(DEV_READ, "dev-read", DEV_ACCESS, ACCESS)   /* page.word */        \
	X(DEV_WRITE, "dev-write", DEV_ACCESS, ACCESS)                        \
	X(CPU_READ, "cpu-read", CPU_ACCESS, ACCESS)                          \
	X(CPU_WRITE, "cpu-write", CPU_ACCESS, ACCESS)                        \
	/* control */                                                        \
	X(BARRIER, "barrier", CONTROL, BARRIER)       /* id */               \
	X(DELAY, "delay", CONTROL, DELAY)             /* ns */               \
	/* hmm device-side mutations (backend-side, run by the hmm backend) */ \
	X(HMM_TO_DEV, "migrate-to-dev", SLOT, RANGE)  /* page+n to device-private memory */ \
	X(HMM_TO_SYS, "migrate-to-sys", SLOT, RANGE)  /* page+n back to system memory */ \
	X(HMM_EXCL, "exclusive", SLOT, RANGE)         /* page+n device-exclusive entries */ \
	/* iommufd IOAS changes (backend-side mutations, docs/iommufd.md) */ \
	X(IOAS_MAP, "ioas-map", SLOT, RANGE_PROT)     /* page+n prot: w = writeable */ \
	X(IOAS_UNMAP, "ioas-unmap", SLOT, RANGE)      /* page+n: may cut areas */ \
	X(IOAS_COPY, "ioas-copy", SLOT, RANGE)        /* page+n into the shadow IOVAs */

#define SF_OP_ENUM_(e, name, cls, shape) SF_OP_##e,
enum sf_op {
	SF_OP_LIST(SF_OP_ENUM_)
	SF_OP__COUNT
};
#undef SF_OP_ENUM_

enum sf_op_class {
	SF_CLS_MUTATION,
	SF_CLS_SLOT,		/* backend-side mutation: KVM memslots, hmm migrations, IOAS maps */
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
