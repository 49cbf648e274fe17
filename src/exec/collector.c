/*
 * The collector: per-thread SPSC rings in, one t0-ordered stream out.
 *
 * Producers (one per slot) publish events into their own ring with a
 * release store of the head; the single consumer (the pump) drains every
 * ring into a reorder buffer and releases to the oracle everything below
 * a watermark no future event can fall under, in (t0, arrival) order, so
 * that events a producer pushed in order keep that order. The buffer is a
 * FIFO per slot (a "lane") for the events whose t0 does not go back,
 * nearly all of them, and a binary min-heap for the others; release merges
 * the lanes' heads with the heap's top. A heap alone gives the same order
 * but sifts every event through log(n) levels, which made it the pump's
 * largest cost (docs/perf.md).
 *
 * A NULL oracle is allowed: events then only go to on_event (tests, tools).
 */
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "clock.h"
#include "collector.h"
#include "relax.h"

/*
 * Events per slot, a power of two. Large so that the pump wakes seldom:
 * while it runs, its CPU is in the process's mm, and every mprotect that
 * removes a right must interrupt it to flush its TLB (docs/perf.md: 8,192
 * and an 8 ms sleep cut those IPIs by a fifth against 2,048 and 2 ms). The
 * ring is allocated per program and touched only as far as its events go.
 */
#define RING_SIZE 8192u
#define KICK_AT (RING_SIZE / 2)	/* a ring this full wakes a sleeping pump */
#define SLOT_IDLE UINT64_MAX		/* in-flight stamp of an idle slot */

struct sf_slot {
	/* written by the producer, read by the pump */
	alignas(64) _Atomic uint64_t inflight;
	alignas(64) _Atomic uint64_t head;
	uint64_t tail_cache;		/* producer's last view of tail */
	uint64_t last_t0;		/* producer's: t0 of its last begin, the next stamp */
	_Atomic uint64_t full_waits;	/* puts that found the ring full (producer writes) */
	struct sf_collector *c;		/* whose pump to wake */
	/* written by the pump */
	alignas(64) _Atomic uint64_t tail;
	struct sf_event ring[RING_SIZE];
};

/*
 * A heap entry is a key and the index of its event in a side array: the
 * heap sifts 24-byte keys, never whole events (an event copy is a
 * memcpy call, and a checked one under ASan, at every level).
 */
struct hent {
	uint64_t t0;
	uint64_t ord;			/* arrival order: stable ties */
	uint32_t ev;			/* index into evs */
};

/* A slot's in-order events waiting for the watermark: a ring buffer that grows. */
struct lane_ent {
	struct sf_event ev;
	uint64_t ord;			/* arrival order, shared with the heap's */
};

struct lane {
	struct lane_ent *e;
	size_t head, n, cap;		/* e[(head + i) & (cap - 1)], i < n; cap a power of two */
	uint64_t last_t0;		/* t0 of the last event queued: below it goes to the heap */
};

struct sf_collector {
	struct sf_oracle *oracle;
	void (*on_event)(void *arg, const struct sf_event *ev);
	void *arg;
	unsigned nslots;
	struct sf_slot *slots;
	struct lane *lanes;		/* one per slot */
	struct hent *heap;
	struct sf_event *evs;		/* buffered events, cap of them (heap's block) */
	uint32_t *spare;		/* indices of unused evs entries: a stack (heap's block) */
	size_t nheap, cap;
	uint64_t next_ord;
	uint64_t watermark;		/* everything below has been released */
	/* the pump's sleep: a futex word producers bump, and whether it sleeps */
	alignas(64) _Atomic uint32_t kick;
	atomic_int sleeping;
	atomic_int woken;		/* sf_collector_wake() since the last wait */
};

/*
 * Makes room for ncap buffered events. Heap, events and spare stack share
 * one allocation (one malloc per collector, and a collector per program).
 * The new evs entries go on the spare stack.
 */
static int buffer_grow(struct sf_collector *c, size_t ncap)
{
	char *b = malloc(ncap * (sizeof(*c->heap) + sizeof(*c->evs) + sizeof(*c->spare)));
	struct hent *h = (struct hent *)b;
	struct sf_event *e = (struct sf_event *)(h + ncap);
	uint32_t *sp = (uint32_t *)(e + ncap);

	if (!b)
		return -1;
	if (c->cap) {
		memcpy(h, c->heap, c->nheap * sizeof(*h));
		memcpy(e, c->evs, c->cap * sizeof(*e));
		/* every entry is in use when the buffer grows: no spare to keep */
	}
	/* the new entries, cap..ncap-1, are the spares */
	for (size_t i = 0; i < ncap - c->cap; i++)
		sp[i] = (uint32_t)(ncap - 1 - i);
	free(c->heap);
	c->heap = h;
	c->evs = e;
	c->spare = sp;
	c->cap = ncap;
	return 0;
}

struct sf_collector *sf_collector_new(struct sf_oracle *o, unsigned nslots,
				      void (*on_event)(void *arg, const struct sf_event *ev),
				      void *arg)
{
	struct sf_collector *c = aligned_alloc(64, sizeof(*c));

	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->oracle = o;
	c->on_event = on_event;
	c->arg = arg;
	c->nslots = nslots;
	if (nslots) {
		c->slots = aligned_alloc(64, sizeof(*c->slots) * nslots);
		c->lanes = calloc(nslots, sizeof(*c->lanes));
		if (!c->slots || !c->lanes) {
			free(c->slots);
			free(c->lanes);
			free(c);
			return NULL;
		}
		for (unsigned i = 0; i < nslots; i++) {
			struct sf_slot *s = &c->slots[i];

			atomic_init(&s->inflight, SLOT_IDLE);
			atomic_init(&s->head, 0);
			atomic_init(&s->tail, 0);
			s->tail_cache = 0;
			s->last_t0 = 0;
			atomic_init(&s->full_waits, 0);
			s->c = c;
		}
	}
	if (buffer_grow(c, 64)) {	/* small: a short program buffers few events */
		sf_collector_free(c);
		return NULL;
	}
	return c;
}

void sf_collector_free(struct sf_collector *c)
{
	if (!c)
		return;
	for (unsigned i = 0; c->lanes && i < c->nslots; i++)
		free(c->lanes[i].e);
	free(c->lanes);
	free(c->slots);
	free(c->heap);		/* evs and spare live in the same block */
	free(c);
}

struct sf_slot *sf_collector_slot(struct sf_collector *c, unsigned i)
{
	return i < c->nslots ? &c->slots[i] : NULL;
}

/*
 * The stamp is published before t0 is read: any pump that reads this
 * slot as idle did so before the store, hence before t0 was read, hence
 * (one monotonic clock) its "now" is <= t0. A pump that reads it busy
 * needs only stamp <= every t0 to come, which the slot's previous t0
 * already is: one clock read per op instead of two (the clock is a tenth
 * of a recorded mprotect's own cost). The price is a watermark held back
 * to that t0 while the op runs.
 */
uint64_t sf_slot_begin(struct sf_slot *s)
{
	atomic_store_explicit(&s->inflight, s->last_t0, memory_order_seq_cst);
	s->last_t0 = sf_now_ns();
	return s->last_t0;
}

/*
 * Wakes the pump if it sleeps. The fence pairs with the one in
 * sf_collector_wait(): either the pump sees our head, or we see it
 * sleeping. A wake lost anyway costs latency (the pump's timeout), never
 * an event: a full ring waits.
 */
static void kick_pump(struct sf_collector *c)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (!atomic_load_explicit(&c->sleeping, memory_order_relaxed))
		return;
	atomic_fetch_add_explicit(&c->kick, 1, memory_order_relaxed);
	syscall(SYS_futex, &c->kick, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Full: wake the pump and wait for room. Losing the event would fake verdicts. */
static void wait_room(struct sf_slot *s, uint64_t h)
{
	unsigned spins = 0;

	atomic_store_explicit(&s->full_waits,
			      atomic_load_explicit(&s->full_waits, memory_order_relaxed) + 1,
			      memory_order_relaxed);
	for (;;) {
		s->tail_cache = atomic_load_explicit(&s->tail, memory_order_acquire);
		if (h - s->tail_cache < RING_SIZE)
			return;
		kick_pump(s->c);
		if (++spins > 64)
			sched_yield();
		else
			sf_cpu_relax();
	}
}

/*
 * The common case is a copy and a release store: no syscall, no lock,
 * and the pump's tail is read only when the cached one says the ring is
 * past half full.
 */
void sf_slot_put(struct sf_slot *s, const struct sf_event *ev)
{
	uint64_t h = atomic_load_explicit(&s->head, memory_order_relaxed);

	if (h - s->tail_cache >= RING_SIZE)
		wait_room(s, h);
	s->ring[h & (RING_SIZE - 1)] = *ev;
	atomic_store_explicit(&s->head, h + 1, memory_order_release);
	if (h + 1 - s->tail_cache >= KICK_AT) {
		s->tail_cache = atomic_load_explicit(&s->tail, memory_order_acquire);
		if (h + 1 - s->tail_cache >= KICK_AT)
			kick_pump(s->c);
	}
}

void sf_slot_end(struct sf_slot *s)
{
	atomic_store_explicit(&s->inflight, SLOT_IDLE, memory_order_seq_cst);
}

static int hless(const struct hent *a, const struct hent *b)
{
	return a->t0 < b->t0 || (a->t0 == b->t0 && a->ord < b->ord);
}

static void heap_push(struct sf_collector *c, const struct sf_event *ev)
{
	size_t i;

	if (c->nheap == c->cap && (c->cap >= UINT32_MAX / 2 || buffer_grow(c, c->cap * 2))) {
		/* cannot buffer: losing order would fake verdicts, so stop */
		fprintf(stderr, "svafuzz: collector: out of memory (%zu events buffered)\n",
			c->nheap);
		abort();
	}
	/* nheap entries are in use, so the spare stack holds cap - nheap indices */
	struct hent e = { .t0 = ev->t0, .ord = c->next_ord++,
			  .ev = c->spare[c->cap - 1 - c->nheap] };

	c->evs[e.ev] = *ev;
	i = c->nheap++;

	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (!hless(&e, &c->heap[p]))
			break;
		c->heap[i] = c->heap[p];
		i = p;
	}
	c->heap[i] = e;
}

/* Removes the minimum into *out. */
static void heap_pop(struct sf_collector *c, struct sf_event *out)
{
	struct hent *h = c->heap;
	size_t n = --c->nheap, i = 0;

	*out = c->evs[h[0].ev];
	c->spare[c->cap - 1 - n] = h[0].ev;	/* back on the spare stack */
	if (n == 0)
		return;
	struct hent last = h[n];

	for (;;) {
		size_t l = 2 * i + 1, m;

		if (l >= n)
			break;
		m = (l + 1 < n && hless(&h[l + 1], &h[l])) ? l + 1 : l;
		if (!hless(&h[m], &last))
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = last;
}

static void emit(struct sf_collector *c, const struct sf_event *ev)
{
	if (c->on_event)
		c->on_event(c->arg, ev);
	if (c->oracle)
		sf_oracle_feed(c->oracle, ev);
}

static void lane_push(struct sf_collector *c, struct lane *l, const struct sf_event *ev)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		struct lane_ent *e = malloc(ncap * sizeof(*e));

		if (!e) {
			/* cannot buffer: losing order would fake verdicts, so stop */
			fprintf(stderr, "svafuzz: collector: out of memory (%zu events buffered)\n",
				l->n);
			abort();
		}
		for (size_t i = 0; i < l->n; i++)
			e[i] = l->e[(l->head + i) & (l->cap - 1)];
		free(l->e);
		l->e = e;
		l->head = 0;
		l->cap = ncap;
	}
	struct lane_ent *d = &l->e[(l->head + l->n++) & (l->cap - 1)];

	d->ev = *ev;
	d->ord = c->next_ord++;
	l->last_t0 = ev->t0;
}

/*
 * Where the next event in (t0, arrival) order is: lane i (i >= 0), the
 * heap (-1), or nothing below wm (-2; with all, nothing at all).
 */
static int next_source(const struct sf_collector *c, uint64_t wm, bool all)
{
	uint64_t bt = 0, bo = 0;
	int src = -2;

	if (c->nheap && (all || c->heap[0].t0 < wm)) {
		bt = c->heap[0].t0;
		bo = c->heap[0].ord;
		src = -1;
	}
	for (unsigned i = 0; i < c->nslots; i++) {
		const struct lane *l = &c->lanes[i];

		if (!l->n)
			continue;
		const struct lane_ent *e = &l->e[l->head];

		if (src == -2 ? (all || e->ev.t0 < wm)
			      : (e->ev.t0 < bt || (e->ev.t0 == bt && e->ord < bo))) {
			bt = e->ev.t0;
			bo = e->ord;
			src = (int)i;
		}
	}
	return src;
}

/* Feeds every buffered event with t0 < wm (all of them with all), in order; returns how many. */
static size_t release(struct sf_collector *c, uint64_t wm, bool all)
{
	struct sf_event ev;
	size_t n = 0;
	int src;

	while ((src = next_source(c, wm, all)) != -2) {
		if (src == -1) {
			heap_pop(c, &ev);
			emit(c, &ev);
		} else {
			struct lane *l = &c->lanes[src];

			emit(c, &l->e[l->head].ev);
			l->head = (l->head + 1) & (l->cap - 1);
			l->n--;
		}
		n++;
	}
	return n;
}

/* Feeds every buffered event with t0 < wm, in order; returns how many. */
static size_t release_below(struct sf_collector *c, uint64_t wm)
{
	size_t n = release(c, wm, false);

	if (wm > c->watermark) {
		c->watermark = wm;
		if (c->oracle)
			sf_oracle_advance(c->oracle, wm);
	}
	return n;
}

/* A slot's new events: to its lane while t0 does not go back, else to the heap. */
static void drain_ring(struct sf_collector *c, unsigned i)
{
	struct sf_slot *s = &c->slots[i];
	struct lane *l = &c->lanes[i];
	uint64_t t = atomic_load_explicit(&s->tail, memory_order_relaxed);
	uint64_t h = atomic_load_explicit(&s->head, memory_order_acquire);

	for (; t != h; t++) {
		const struct sf_event *ev = &s->ring[t & (RING_SIZE - 1)];

		if (ev->t0 >= l->last_t0)
			lane_push(c, l, ev);
		else
			heap_push(c, ev);
	}
	atomic_store_explicit(&s->tail, t, memory_order_release);
}

/*
 * Order matters: clock, then stamps, then rings.
 *
 * 1. wm = now.
 * 2. Lower wm to every busy slot's stamp. A slot found busy may still
 *    publish events with t0 >= its stamp >= wm: safe. A slot found idle
 *    either finished its operations before we looked (its events were
 *    published before its idle store, which our load synchronises with,
 *    so step 3 sees them) or begins a new one after we looked, and then
 *    reads its t0 after our step 1 clock read: t0 >= wm.
 * 3. Drain the rings.
 *
 * Draining before reading the stamps would be unsound: a slot could
 * publish an event with t0 < now and go idle between the drain and the
 * stamp read; we would then release past its event and it would reach
 * the oracle out of order later.
 *
 * A stamp stored late can be lower than an earlier watermark (it was read
 * from the clock before that pump), but the t0 that follows it is not:
 * the watermark therefore never moves back.
 */
size_t sf_collector_pump(struct sf_collector *c)
{
	uint64_t wm = sf_now_ns();

	for (unsigned i = 0; i < c->nslots; i++) {
		uint64_t st = atomic_load_explicit(&c->slots[i].inflight, memory_order_seq_cst);

		if (st < wm)
			wm = st;
	}
	for (unsigned i = 0; i < c->nslots; i++)
		drain_ring(c, i);
	if (wm < c->watermark)
		wm = c->watermark;
	return release_below(c, wm);
}

/* Some ring is past half full: the pump should not sleep. */
static bool ring_filling(struct sf_collector *c)
{
	for (unsigned i = 0; i < c->nslots; i++) {
		struct sf_slot *s = &c->slots[i];

		if (atomic_load_explicit(&s->head, memory_order_relaxed) -
		    atomic_load_explicit(&s->tail, memory_order_relaxed) >= KICK_AT)
			return true;
	}
	return false;
}

bool sf_collector_wait(struct sf_collector *c, uint64_t max_ns)
{
	/* acquire: read before we say we sleep, so a kick after that changes it */
	uint32_t k = atomic_load_explicit(&c->kick, memory_order_acquire);
	struct timespec ts = { (time_t)(max_ns / 1000000000ull), (long)(max_ns % 1000000000ull) };
	bool asked;

	atomic_store_explicit(&c->sleeping, 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);	/* pairs with kick_pump()'s */
	if (atomic_exchange_explicit(&c->woken, 0, memory_order_relaxed) || ring_filling(c))
		asked = true;
	else if (!syscall(SYS_futex, &c->kick, FUTEX_WAIT_PRIVATE, k, &ts, NULL, 0))
		asked = true;
	else
		asked = errno == EAGAIN;	/* a kick came before we slept; else timeout */
	atomic_store_explicit(&c->sleeping, 0, memory_order_relaxed);
	return asked;
}

void sf_collector_wake(struct sf_collector *c)
{
	atomic_store_explicit(&c->woken, 1, memory_order_relaxed);
	kick_pump(c);
}

uint64_t sf_collector_full_waits(const struct sf_collector *c)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < c->nslots; i++)
		n += atomic_load_explicit(&c->slots[i].full_waits, memory_order_relaxed);
	return n;
}

void sf_collector_push(struct sf_collector *c, const struct sf_event *ev)
{
	heap_push(c, ev);
}

void sf_collector_release(struct sf_collector *c, uint64_t watermark)
{
	release_below(c, watermark);
}

void sf_collector_drain(struct sf_collector *c)
{
	for (unsigned i = 0; i < c->nslots; i++)
		drain_ring(c, i);
	release(c, 0, true);
	if (c->oracle)
		sf_oracle_finish(c->oracle);
}
