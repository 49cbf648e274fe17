/*
 * The table of argument shapes, indexed by enum sf_shape, and the op →
 * shape map made from SF_OP_LIST. What each shape does is in its
 * seq_shape_*.c file; seq_shape.h says what a shape must provide.
 */
#include "seq_shape.h"

static const struct sf_shape_ops *const shapes[SF_SH__COUNT] = {
	[SF_SH_NONE] = &sf_shape_none,
	[SF_SH_RANGE] = &sf_shape_range,
	[SF_SH_RANGE_PROT] = &sf_shape_range_prot,
	[SF_SH_RANGE_MMAP] = &sf_shape_range_mmap,
	[SF_SH_RANGE_MREMAP] = &sf_shape_range_mremap,
	[SF_SH_RANGE_ADVICE] = &sf_shape_range_advice,
	[SF_SH_RANGE_ONOFF] = &sf_shape_range_onoff,
	[SF_SH_RANGE_NODE] = &sf_shape_range_node,
	[SF_SH_SLOT_ADD] = &sf_shape_slot_add,
	[SF_SH_SLOT] = &sf_shape_slot,
	[SF_SH_SLOT_FLAGS] = &sf_shape_slot_flags,
	[SF_SH_ACCESS] = &sf_shape_access,
	[SF_SH_BARRIER] = &sf_shape_barrier,
	[SF_SH_DELAY] = &sf_shape_delay,
};

#define OP_SHAPE(e, nm, cl, shape) [SF_OP_##e] = SF_SH_##shape,
static const uint8_t op_shapes[SF_OP__COUNT] = {
	SF_OP_LIST(OP_SHAPE)
};
#undef OP_SHAPE

enum sf_shape sf_seq_shape(unsigned op)
{
	return op < SF_OP__COUNT ? (enum sf_shape)op_shapes[op] : SF_SH_NONE;
}

const struct sf_shape_ops *sf_shape_of(unsigned op)
{
	return shapes[sf_seq_shape(op)];
}

void sf_range_set(struct sf_seq_op *op, uint32_t page, uint32_t n)
{
	op->page = page;
	op->npages = n;
}

void sf_range_span(const struct sf_seq_op *op, uint32_t *lo, uint32_t *end)
{
	*lo = op->page;
	*end = op->page + op->npages;
}

void sf_range_shift(struct sf_seq_op *op, uint32_t d)
{
	op->page -= d;
}
