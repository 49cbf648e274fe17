/*
 * The one description of every argument shape (enum sf_shape): how its
 * arguments are checked, parsed from text, printed, decoded from fuzzer
 * bytes and shrunk by the minimizer. The table is in seq_shapes.c, each
 * shape's functions in one seq_shape_*.c file. An op of an existing shape
 * needs only its SF_OP_LIST line (ops.h); a new shape is an enum sf_shape
 * value, its struct sf_shape_ops with its functions, and one table line.
 *
 * The helpers a shape's functions are written with are below: the parser's
 * argument cursor (seq_tok.c), the printer's buffer (seq_print.c), the
 * decoder's byte reader (seq_decode.c) and the checks (seq.c).
 */
#ifndef SF_SEQ_SHAPE_H
#define SF_SEQ_SHAPE_H
#include <stddef.h>
#include <stdint.h>
#include "seq.h"
#include "seq_priv.h"
#include "seq_tok.h"

/* parse: the tokens after "THREAD VERB" of one op line */
struct sf_args {
	struct sf_line *l;
	const char *verb;
	unsigned next;				/* index of the next token */
	unsigned col[SF_FLD_ARG2 + 1];		/* each field's column, for the checker's errors */
};

/* The next token into *t; at the end of the line *t = NULL and the error "VERB: missing WHAT". */
int sf_args_next(struct sf_args *a, const char *what, const struct sf_tok **t);
/* 1 if the next token is word (not consumed), else 0. */
int sf_args_peek(const struct sf_args *a, const char *word);
/* PAGE+NPAGES into op->page, op->npages. */
int sf_args_range(struct sf_args *a, struct sf_seq_op *op);

/* print: a growing text buffer; out of memory is remembered, not reported per call */
struct sf_sbuf {
	char *p;
	size_t len, cap;
	int oom;
};

void sf_sb_printf(struct sf_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* decode: fuzzer bytes, read little-endian; bytes past the end read as 0 */
struct sf_bytes {
	const uint8_t *d;
	size_t len, pos;
	/* barrier ids: join the newest unless this thread named it, else open one */
	uint32_t barrier;			/* newest id, 0 = none yet */
	uint32_t last[SF_SEQ_MAX_THREADS];	/* each thread's last id */
};

#define SF_DEC_MAX_RANGE 64	/* longest range a decoded op covers: keeps ops local */

uint32_t sf_bytes_take(struct sf_bytes *r, unsigned nbytes);	/* nbytes <= 4 */
uint32_t sf_bytes_below(struct sf_bytes *r, uint32_t n);	/* [0, n), n >= 1 */
/* A range inside the arena, at most SF_DEC_MAX_RANGE pages. */
void sf_bytes_range(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o);
uint32_t sf_bytes_barrier(struct sf_bytes *r, unsigned thread);

/* check: the failing field and its message, then -1; keeps each check one line */
#define SF_FAIL(f, ...) do { *fld = (f); snprintf(msg, n, __VA_ARGS__); return -1; } while (0)
#define SF_CHECK_ARGS enum sf_seq_field *fld, char *msg, size_t n

/* Fields the shape does not use must be 0 (range: page and npages). */
int sf_check_unused(const struct sf_seq_op *op, int range, int a0, int a1, SF_CHECK_ARGS);
int sf_check_slot(uint32_t slot, SF_CHECK_ARGS);
int sf_check_slot_flags(uint32_t flags, SF_CHECK_ARGS);
int sf_check_prot(uint32_t prot, enum sf_seq_field f, SF_CHECK_ARGS);

/* Where a shape has its page range, which sf_seq_check_op() checks before the rest. */
enum sf_shape_range {
	SF_RANGE_NONE,
	SF_RANGE_FIRST,		/* right after the verb */
	SF_RANGE_LATER,		/* after other arguments (slot-add: slot page+n flags) */
};

struct sf_shape_ops {
	enum sf_shape_range range;
	/* the shape's own checks, after the range; ck carries barrier order */
	int (*check)(const struct sf_seq *s, const struct sf_seq_op *op,
		     struct sf_seq_checker *ck, SF_CHECK_ARGS);
	int (*parse)(struct sf_args *a, struct sf_seq_op *op);
	void (*print)(struct sf_sbuf *b, const struct sf_seq_op *op);
	void (*decode)(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o);
	/*
	 * minimize. set_range: the op moved to pages [page, page + n) (NULL:
	 * no range to shrink). span: the pages it names, [*lo, *end) (NULL:
	 * none); shift: them all down by d. shrink: the k-th smaller value of
	 * its other arguments into *out, 0 when there is none (NULL: none).
	 */
	void (*set_range)(struct sf_seq_op *op, uint32_t page, uint32_t n);
	void (*span)(const struct sf_seq_op *op, uint32_t *lo, uint32_t *end);
	void (*shift)(struct sf_seq_op *op, uint32_t d);
	int (*shrink)(const struct sf_seq_op *op, unsigned k, struct sf_seq_op *out);
};

/* The shape of op (an op out of range has the shape of compact: no arguments). */
const struct sf_shape_ops *sf_shape_of(unsigned op);

/* The minimizer's view of a plain page range, shared by the shapes that have one. */
void sf_range_set(struct sf_seq_op *op, uint32_t page, uint32_t n);
void sf_range_span(const struct sf_seq_op *op, uint32_t *lo, uint32_t *end);
void sf_range_shift(struct sf_seq_op *op, uint32_t d);
#define SF_SHAPE_PLAIN_RANGE .set_range = sf_range_set, .span = sf_range_span, .shift = sf_range_shift

/* each shape, in its seq_shape_*.c */
extern const struct sf_shape_ops sf_shape_none, sf_shape_range, sf_shape_range_prot,
	sf_shape_range_mmap, sf_shape_range_mremap, sf_shape_range_advice,
	sf_shape_range_onoff, sf_shape_range_node, sf_shape_slot_add, sf_shape_slot,
	sf_shape_slot_flags, sf_shape_access, sf_shape_barrier, sf_shape_delay;
#endif
