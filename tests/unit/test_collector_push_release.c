/*
 * Single-threaded mode (the sim's): events pushed out of order come out in
 * t0 order, only below the released watermark, ties in push order, and
 * drain releases the rest exactly once.
 */
#include <stdint.h>
#include <string.h>
#include "collector.h"
#include "rng.h"
#include "tap.h"

#define N 20000

static uint64_t last_t0;
static uint64_t last_seq_at_t0;
static unsigned seen[N];
static unsigned nseen;
static uint64_t limit;		/* every released event must be below it */
static int order_ok = 1, limit_ok = 1, ties_ok = 1;

static void on_event(void *arg, const struct sf_event *ev)
{
	(void)arg;
	if (ev->t0 < last_t0)
		order_ok = 0;
	if (ev->t0 == last_t0 && nseen && ev->seq < last_seq_at_t0)
		ties_ok = 0;
	if (ev->t0 >= limit)
		limit_ok = 0;
	last_t0 = ev->t0;
	last_seq_at_t0 = ev->seq;
	if (ev->seq < N)
		seen[ev->seq]++;
	nseen++;
}

int main(void)
{
	struct sf_collector *c = sf_collector_new(NULL, 0, on_event, NULL);
	struct sf_rng r;
	uint64_t base = 1000;

	CHECK(c != NULL);
	sf_rng_seed(&r, 42);
	for (unsigned i = 0; i < N; i++) {
		struct sf_event ev;

		memset(&ev, 0, sizeof(ev));
		/* t0 jitters below a rising base; many equal t0s */
		ev.t0 = base + sf_rng_below(&r, 50);
		ev.t1 = ev.t0 + 5;
		ev.seq = i;
		sf_collector_push(c, &ev);
		base += sf_rng_below(&r, 3);
		if (i % 100 == 99) {
			/* the sim's promise: nothing later below base */
			limit = base;
			sf_collector_release(c, base);
		}
	}
	CHECK(nseen > 0);
	CHECK(nseen < N);	/* some are held back above the watermark */
	limit = UINT64_MAX;
	sf_collector_drain(c);
	CHECK_EQ(nseen, N);
	CHECK(order_ok);
	CHECK(limit_ok);
	CHECK(ties_ok);
	unsigned once = 1;

	for (unsigned i = 0; i < N; i++)
		once &= seen[i] == 1;
	CHECK(once);
	sf_collector_free(c);
	return tap_done();
}
