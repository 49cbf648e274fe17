/*
 * Invalidation coverage (see svatest_cover.h). Windows are evaluated one
 * poll late: the module stamps a record before it takes its log lock, so
 * a record with t just below a poll's time can reach the log just after
 * that poll read it; one poll period later it is surely there.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "svatest_uapi.h"
#include "clock.h"
#include "ops.h"
#include "svatest_cover.h"

#define POLL_NS 1000000ull
#define LOG_CHUNK 1024

enum need { NEED_NONE, NEED_ANY, NEED_WRITE };

struct pending {
	uint32_t page;
	uint64_t from, to;
};

struct sv_cover {
	struct sf_arena *a;
	int fd;
	uintptr_t base;
	struct sf_pstate *prev, *cur;
	uint64_t prev_t;
	_Atomic uint64_t *last_ok, *last_okw;	/* device successes, t1 */
	uint64_t *last_cover;			/* latest applied invalidation folded */
	struct pending *pend;
	size_t npend;
	struct svatest_inval *recs;		/* records not folded yet, in t order */
	size_t nrec, caprec;
	struct svatest_inval *chunk;
	pthread_mutex_t lock;			/* counters */
	uint64_t required, covered, lost;
	atomic_int stop;
	pthread_t th;
};

static void store_max(_Atomic uint64_t *p, uint64_t v)
{
	uint64_t old = atomic_load_explicit(p, memory_order_relaxed);

	while (old < v && !atomic_compare_exchange_weak_explicit(p, &old, v, memory_order_relaxed,
								 memory_order_relaxed))
		;
}

void sv_cover_access_ok(struct sv_cover *c, uint32_t page, int write, uint64_t t1)
{
	if (!c || page >= c->a->npages)
		return;
	store_max(&c->last_ok[page], t1);
	if (write)
		store_max(&c->last_okw[page], t1);
}

/*
 * What a change from a to b takes away from a device that had a
 * translation. Exec-only and write-only pages are readable on some
 * architectures (x86), so only PROT_NONE counts as losing reads.
 */
static enum need reduction(const struct sf_pstate *a, const struct sf_pstate *b)
{
	if ((a->flags | b->flags) & SF_PS_UNKNOWN)
		return NEED_NONE;
	if (a->backing == SF_BK_NONE || !a->prot)
		return NEED_NONE;
	if (b->backing == SF_BK_NONE || !b->prot)
		return NEED_ANY;
	if (a->obj != b->obj && a->obj != SF_OBJ_UNKNOWN && b->obj != SF_OBJ_UNKNOWN)
		return NEED_ANY;
	if ((a->prot & SF_PROT_W) && !(b->prot & SF_PROT_W))
		return NEED_WRITE;
	return NEED_NONE;
}

static bool rec_covers(const struct sv_cover *c, const struct svatest_inval *r, uint32_t page)
{
	uintptr_t va = c->base + (uintptr_t)page * c->a->page_size;

	return (r->flags & SVATEST_INVF_APPLIED) && r->start <= va && r->end > va;
}

/* Appends every record the module has; false when the log cannot be read. */
static bool read_log(struct sv_cover *c)
{
	struct svatest_inval_read rd;

	do {
		memset(&rd, 0, sizeof(rd));
		rd.buf = (uintptr_t)c->chunk;
		rd.n = LOG_CHUNK;
		if (ioctl(c->fd, SVATEST_IOC_INVAL_READ, &rd))
			return false;
		if (c->nrec + rd.got > c->caprec) {
			size_t cap = (c->nrec + rd.got) * 2;
			struct svatest_inval *n = realloc(c->recs, cap * sizeof(*n));

			if (!n)
				return false;
			c->recs = n;
			c->caprec = cap;
		}
		memcpy(c->recs + c->nrec, c->chunk, rd.got * sizeof(*c->chunk));
		c->nrec += rd.got;
		pthread_mutex_lock(&c->lock);
		c->lost = rd.lost;
		pthread_mutex_unlock(&c->lock);
	} while (rd.got == LOG_CHUNK);
	return true;
}

/* Windows from the last poll: covered by an applied invalidation inside? */
static void evaluate(struct sv_cover *c)
{
	uint64_t req = 0, cov = 0;

	for (size_t i = 0; i < c->npend; i++) {
		const struct pending *p = &c->pend[i];

		req++;
		for (size_t k = 0; k < c->nrec; k++) {
			const struct svatest_inval *r = &c->recs[k];

			if (r->t >= p->from && r->t <= p->to && rec_covers(c, r, p->page)) {
				cov++;
				break;
			}
		}
	}
	c->npend = 0;
	pthread_mutex_lock(&c->lock);
	c->required += req;
	c->covered += cov;
	pthread_mutex_unlock(&c->lock);
}

/* Folds records older than t into last_cover and forgets them. */
static void fold(struct sv_cover *c, uint64_t t)
{
	size_t k, keep = 0;

	for (k = 0; k < c->nrec; k++) {
		const struct svatest_inval *r = &c->recs[k];

		if (r->t >= t) {
			c->recs[keep++] = *r;
			continue;
		}
		if (!(r->flags & SVATEST_INVF_APPLIED))
			continue;
		for (uint32_t p = 0; p < c->a->npages; p++)
			if (rec_covers(c, r, p) && c->last_cover[p] < r->t)
				c->last_cover[p] = r->t;
	}
	c->nrec = keep;
}

/* Pages whose permission dropped since the last snapshot become windows. */
static void diff(struct sv_cover *c, uint64_t now)
{
	for (uint32_t p = 0; p < c->a->npages; p++) {
		enum need n = reduction(&c->prev[p], &c->cur[p]);
		uint64_t ok;

		if (n == NEED_NONE)
			continue;
		ok = atomic_load_explicit(n == NEED_WRITE ? &c->last_okw[p] : &c->last_ok[p],
					  memory_order_relaxed);
		/* the device had a translation when the window opened */
		if (ok && ok < c->prev_t && ok > c->last_cover[p])
			c->pend[c->npend++] = (struct pending){ p, c->prev_t, now };
	}
}

static bool snapshot(struct sv_cover *c, struct sf_pstate *dst, uint64_t *t)
{
	if (pthread_mutex_trylock(&c->a->lock))
		return false;
	*t = sf_now_ns();
	memcpy(dst, c->a->model, c->a->npages * sizeof(*dst));
	pthread_mutex_unlock(&c->a->lock);
	return true;
}

static void poll_once(struct sv_cover *c)
{
	struct sf_pstate *tmp;
	uint64_t now;

	if (!read_log(c))
		return;
	evaluate(c);
	fold(c, c->prev_t);
	if (!snapshot(c, c->cur, &now))
		return;
	diff(c, now);
	tmp = c->prev;
	c->prev = c->cur;
	c->cur = tmp;
	c->prev_t = now;
}

static void *cover_main(void *arg)
{
	struct sv_cover *c = arg;
	struct timespec ts = { 0, POLL_NS };

	while (!atomic_load(&c->stop)) {
		poll_once(c);
		nanosleep(&ts, NULL);
	}
	/* the last windows: wait out the logging lag once more */
	nanosleep(&ts, NULL);
	if (read_log(c))
		evaluate(c);
	return NULL;
}

static void cover_free(struct sv_cover *c)
{
	free(c->prev);
	free(c->cur);
	free((void *)c->last_ok);
	free((void *)c->last_okw);
	free(c->last_cover);
	free(c->pend);
	free(c->recs);
	free(c->chunk);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

struct sv_cover *sv_cover_start(struct sf_arena *a, int fd)
{
	struct sv_cover *c = calloc(1, sizeof(*c));
	uint32_t n = a->npages;

	if (!c)
		return NULL;
	c->a = a;
	c->fd = fd;
	c->base = (uintptr_t)a->base;
	pthread_mutex_init(&c->lock, NULL);
	c->prev = calloc(n, sizeof(*c->prev));
	c->cur = calloc(n, sizeof(*c->cur));
	c->last_ok = calloc(n, sizeof(*c->last_ok));
	c->last_okw = calloc(n, sizeof(*c->last_okw));
	c->last_cover = calloc(n, sizeof(*c->last_cover));
	c->pend = calloc(n, sizeof(*c->pend));
	c->chunk = calloc(LOG_CHUNK, sizeof(*c->chunk));
	if (!c->prev || !c->cur || !c->last_ok || !c->last_okw || !c->last_cover || !c->pend ||
	    !c->chunk)
		goto fail;
	/* The first snapshot is taken under the lock: the engine is not running yet. */
	pthread_mutex_lock(&a->lock);
	memcpy(c->prev, a->model, n * sizeof(*c->prev));
	c->prev_t = sf_now_ns();
	pthread_mutex_unlock(&a->lock);
	if (pthread_create(&c->th, NULL, cover_main, c))
		goto fail;
	return c;
fail:
	cover_free(c);
	return NULL;
}

void sv_cover_peek(struct sv_cover *c, uint64_t *required, uint64_t *covered, uint64_t *lost)
{
	pthread_mutex_lock(&c->lock);
	*required += c->required;
	*covered += c->covered;
	*lost += c->lost;
	pthread_mutex_unlock(&c->lock);
}

void sv_cover_stop(struct sv_cover *c, uint64_t *required, uint64_t *covered, uint64_t *lost)
{
	if (!c)
		return;
	atomic_store(&c->stop, 1);
	pthread_join(c->th, NULL);
	sv_cover_peek(c, required, covered, lost);
	cover_free(c);
}
