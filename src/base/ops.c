/*
 * The op table: every verb's text name and class, and the names of mmap
 * backings, madvise advices, prot bits and memslot flags. These names are
 * an external interface (sequence files, run.json "counts", event traces):
 * never rename one, only add.
 *
 * Name lookups of an out-of-range value return "?" rather than NULL so a
 * caller printing a corrupt value prints something instead of crashing.
 */
#include <string.h>
#include "ops.h"

struct op_desc {
	const char *name;
	enum sf_op_class cls;
};

#define OP_DESC(e, nm, cl, shape) [SF_OP_##e] = { nm, SF_CLS_##cl },
static const struct op_desc op_table[SF_OP__COUNT] = {
	SF_OP_LIST(OP_DESC)
};
#undef OP_DESC

static const char *const backing_names[SF_BK__COUNT] = {
	[SF_BK_NONE]         = "none",
	[SF_BK_ANON_PRIVATE] = "anon-private",
	[SF_BK_ANON_SHARED]  = "anon-shared",
	[SF_BK_MEMFD_SHARED] = "memfd-shared",
	[SF_BK_FILE_SHARED]  = "file-shared",
};

static const char *const advice_names[SF_ADV__COUNT] = {
	[SF_ADV_DONTNEED]   = "dontneed",
	[SF_ADV_FREE]       = "free",
	[SF_ADV_COLD]       = "cold",
	[SF_ADV_PAGEOUT]    = "pageout",
	[SF_ADV_WILLNEED]   = "willneed",
	[SF_ADV_HUGEPAGE]   = "hugepage",
	[SF_ADV_NOHUGEPAGE] = "nohugepage",
	[SF_ADV_COLLAPSE]   = "collapse",
	[SF_ADV_MERGEABLE]  = "mergeable",
	[SF_ADV_REMOVE]     = "remove",
};

/* Indexed by the prot bits; letters always in the order r, w, x. */
static const char *const prot_names[8] = {
	"none", "r", "w", "rw", "x", "rx", "wx", "rwx",
};

/* Indexed by SF_SLOT_* bits. */
static const char *const slot_flag_names[4] = {
	"rw", "ro", "log", "ro,log",
};

static int index_of(const char *const *names, unsigned n, const char *name)
{
	if (!name)
		return -1;
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

const char *sf_op_name(enum sf_op op)
{
	return (unsigned)op < SF_OP__COUNT ? op_table[op].name : "?";
}

int sf_op_from_name(const char *name)
{
	if (!name)
		return -1;
	for (unsigned i = 0; i < SF_OP__COUNT; i++)
		if (!strcmp(op_table[i].name, name))
			return (int)i;
	return -1;
}

enum sf_op_class sf_op_class(enum sf_op op)
{
	/* an unknown op is treated as control: it touches no page */
	return (unsigned)op < SF_OP__COUNT ? op_table[op].cls : SF_CLS_CONTROL;
}

const char *sf_backing_name(enum sf_backing b)
{
	return (unsigned)b < SF_BK__COUNT ? backing_names[b] : "?";
}

int sf_backing_from_name(const char *name)
{
	return index_of(backing_names, SF_BK__COUNT, name);
}

const char *sf_advice_name(enum sf_advice a)
{
	return (unsigned)a < SF_ADV__COUNT ? advice_names[a] : "?";
}

int sf_advice_from_name(const char *name)
{
	return index_of(advice_names, SF_ADV__COUNT, name);
}

const char *sf_prot_name(unsigned prot)
{
	return prot < 8 ? prot_names[prot] : "?";
}

int sf_prot_from_name(const char *name)
{
	return index_of(prot_names, 8, name);
}

const char *sf_slot_flags_name(unsigned flags)
{
	return flags < 4 ? slot_flag_names[flags] : "?";
}

int sf_slot_flags_from_name(const char *name)
{
	return index_of(slot_flag_names, 4, name);
}
