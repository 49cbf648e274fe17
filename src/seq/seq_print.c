/*
 * Canonical text of a sequence (docs/sequence.md): header lines in a fixed
 * order, then one op per line, single spaces, decimal numbers. The parser
 * reads back exactly what this writes: print(parse(x)) == x for canonical x.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "files.h"
#include "seq.h"
#include "seq_shape.h"

void sf_sb_printf(struct sf_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = 1;
			return;
		}
		if ((size_t)n < b->cap - b->len)
			break;
		size_t cap = (b->cap + (size_t)n + 1) * 2;
		char *p = realloc(b->p, cap);

		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	b->len += (size_t)n;
}

static void print_op(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, "%u %s", op->thread, sf_op_name(op->op));
	sf_shape_of(op->op)->print(b, op);
	sf_sb_printf(b, "\n");
}

/* Bounded by the field: an unterminated field (an invalid program) is not overrun. */
static void print_word(struct sf_sbuf *b, const char *key, const char *val, size_t cap)
{
	int len = (int)strnlen(val, cap);

	if (len)
		sf_sb_printf(b, "%s %.*s\n", key, len, val);
}

char *sf_seq_print(const struct sf_seq *s)
{
	struct sf_sbuf b = { 0 };

	b.cap = 256 + s->nops * 24;
	b.p = malloc(b.cap);
	if (!b.p)
		return NULL;
	sf_sb_printf(&b, "svafuzz-sequence %u\n", s->version);
	sf_sb_printf(&b, "arena %u\nthreads %u\nseed %llu\n", s->arena_pages, s->nthreads,
		  (unsigned long long)s->seed);
	print_word(&b, "backend", s->backend, sizeof(s->backend));
	print_word(&b, "inject", s->knob, sizeof(s->knob));
	print_word(&b, "arch", s->arch, sizeof(s->arch));
	print_word(&b, "expect", s->expect, sizeof(s->expect));
	for (size_t i = 0; i < s->nops; i++)
		print_op(&b, &s->ops[i]);
	if (b.oom) {
		free(b.p);
		errno = ENOMEM;
		return NULL;
	}
	return b.p;
}

/* Through a temporary and a rename (sf_write_atomic), so a crash never leaves half a reproducer. */
int sf_seq_save(const struct sf_seq *s, const char *path)
{
	char *text = sf_seq_print(s);
	int rc, err;

	if (!text)
		return -1;
	rc = sf_write_atomic(path, text, strlen(text));
	err = errno;
	free(text);
	errno = err;
	return rc;
}
