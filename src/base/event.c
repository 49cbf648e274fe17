/* Events: the unknown effect and the JSON Lines trace format (see event.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "event.h"

struct sf_effect sf_effect_unknown(void)
{
	struct sf_effect e = {
		.set_backing = SF_EFF_KEEP,
		.set_prot = SF_EFF_KEEP,
		.flags_set = SF_PS_UNKNOWN,
		.obj_mode = SF_OBJ_FORGET,
	};
	return e;
}

/* Appends to a fixed buffer; keeps counting what did not fit. */
struct jbuf {
	char *p;
	unsigned len, n;
};

static void jput(struct jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	if (b->n < b->len)
		r = vsnprintf(b->p + b->n, b->len - b->n, fmt, ap);
	else
		r = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		b->n += (unsigned)r;
}

static const char *const kind_names[] = { "mutation", "access", "dirty", "mark" };
static const char *const outcome_names[] = { "ok", "fault", "fault-loop", "failed" };
static const char *const obj_mode_names[] = { "keep", "fresh", "set", "move", "forget" };

#define NAME_OF(tab, i) ((unsigned)(i) < sizeof(tab) / sizeof(tab[0]) ? tab[i] : "?")

static void put_effect(struct jbuf *b, const struct sf_effect *e)
{
	const char *bk = e->set_backing == SF_EFF_KEEP ? "keep" :
			 sf_backing_name((enum sf_backing)e->set_backing);
	const char *pr = e->set_prot == SF_EFF_KEEP ? "keep" : sf_prot_name(e->set_prot);

	jput(b, ",\"eff\":{\"backing\":\"%s\",\"prot\":\"%s\",\"set\":%u,\"clear\":%u,"
	     "\"obj\":\"%s\",\"arg\":%llu}", bk, pr, e->flags_set, e->flags_clear,
	     NAME_OF(obj_mode_names, e->obj_mode), (unsigned long long)e->obj_arg);
}

int sf_event_json(const struct sf_event *ev, char *buf, unsigned len)
{
	struct jbuf b = { buf, len, 0 };

	if (len)
		buf[0] = 0;
	jput(&b, "{\"t0\":%llu,\"t1\":%llu,\"thread\":%u,\"kind\":\"%s\",\"op\":\"%s\","
	     "\"page\":%u,\"npages\":%u", (unsigned long long)ev->t0,
	     (unsigned long long)ev->t1, ev->thread, NAME_OF(kind_names, ev->kind),
	     sf_op_name((enum sf_op)ev->op), ev->page, ev->npages);
	if (ev->kind == SF_EV_ACCESS || ev->kind == SF_EV_DIRTY)
		jput(&b, ",\"word\":%u", ev->word);
	jput(&b, ",\"outcome\":\"%s\",\"err\":%u", NAME_OF(outcome_names, ev->outcome), ev->err);
	if (ev->kind == SF_EV_ACCESS || ev->kind == SF_EV_DIRTY)
		jput(&b, ",\"value\":\"0x%llx\"", (unsigned long long)ev->value);
	if (ev->kind == SF_EV_ACCESS && (ev->flags & SF_EVF_MAY_TEAR))
		jput(&b, ",\"tear\":true");
	if (ev->kind == SF_EV_ACCESS && (ev->flags & SF_EVF_RIGHTS))
		jput(&b, ",\"rights\":true");
	if (ev->kind == SF_EV_ACCESS && sf_event_stale(ev))
		jput(&b, ",\"stale\":\"%s\"", sf_stale_name(sf_event_stale(ev)));
	jput(&b, ",\"seq\":%llu", (unsigned long long)ev->seq);
	if (ev->kind == SF_EV_MUTATION)
		put_effect(&b, &ev->eff);
	jput(&b, "}");
	if (!len)
		return 0;
	return (int)(b.n < len ? b.n : len - 1);
}

static const char *const stale_names[] = {
	[SF_STALE_REPLACED] = "replaced",
	[SF_STALE_UNMAPPED] = "unmapped",
	[SF_STALE_WRITE] = "write-revoked",
};

const char *sf_stale_name(enum sf_stale s)
{
	return s > SF_STALE_NONE && s <= SF_STALE_WRITE ? stale_names[s] : NULL;
}

int sf_stale_from_name(const char *name)
{
	for (int i = SF_STALE_REPLACED; i <= SF_STALE_WRITE; i++)
		if (!strcmp(stale_names[i], name))
			return i;
	return -1;
}
