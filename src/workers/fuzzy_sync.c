/* Race shaping for a pair of threads: see fuzzy_sync.h. */
#include <string.h>
#include "../clock.h"
#include "fuzzy_sync.h"

#define EWMA 0.125		/* weight of the newest sample */
#define WINDOW_MARGIN 1.1	/* sweep a little past both ends of the overlap window */

void sf_fzsync_init(struct sf_fzsync *f, uint64_t seed)
{
	memset(f, 0, sizeof(*f));
	f->min_samples = 64;
	sf_rng_seed(&f->rng, seed);
}

static void spin_ns(int64_t ns)
{
	uint64_t end;

	if (ns <= 0)
		return;
	end = sf_now_ns() + (uint64_t)ns;
	while (sf_now_ns() < end)
		;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

/* Count my side up, then spin until the other side reached the same point. */
static void line_up(_Atomic uint64_t *mine, _Atomic uint64_t *other)
{
	uint64_t want = atomic_fetch_add(mine, 1) + 1;

	while (atomic_load_explicit(other, memory_order_acquire) < want)
		cpu_relax();
}

void sf_fzsync_start_a(struct sf_fzsync *f)
{
	line_up(&f->a_cnt, &f->b_cnt);
	spin_ns(-atomic_load(&f->delay));
	f->a_start = sf_now_ns();
}

void sf_fzsync_start_b(struct sf_fzsync *f)
{
	line_up(&f->b_cnt, &f->a_cnt);
	spin_ns(atomic_load(&f->delay));
	atomic_store_explicit(&f->b_start, sf_now_ns(), memory_order_relaxed);
}

void sf_fzsync_end_b(struct sf_fzsync *f)
{
	atomic_store_explicit(&f->b_end, sf_now_ns(), memory_order_relaxed);
	line_up(&f->b_cnt, &f->a_cnt);
}

static void learn(struct sf_fzsync *f, double da, double db, double skew)
{
	if (f->pairs == 1) {
		f->avg_a = da;
		f->avg_b = db;
		f->avg_skew = skew;
		return;
	}
	f->avg_a += EWMA * (da - f->avg_a);
	f->avg_b += EWMA * (db - f->avg_b);
	f->avg_skew += EWMA * (skew - f->avg_skew);
}

void sf_fzsync_end_a(struct sf_fzsync *f)
{
	int64_t d = atomic_load(&f->delay);

	f->a_end = sf_now_ns();
	line_up(&f->a_cnt, &f->b_cnt);	/* B's stamps are final now */
	uint64_t bs = atomic_load_explicit(&f->b_start, memory_order_relaxed);
	uint64_t be = atomic_load_explicit(&f->b_end, memory_order_relaxed);

	f->pairs++;
	f->overlaps += f->a_start < be && bs < f->a_end;
	if (bs < f->a_start)
		f->b_first++;
	else
		f->a_first++;
	/* the skew the line-up itself leaves, with this pair's delay taken out */
	learn(f, (double)(f->a_end - f->a_start), (double)(be - bs),
	      (double)((int64_t)(bs - f->a_start) - d));
	if (f->pairs < f->min_samples) {
		atomic_store(&f->delay, 0);
		return;
	}
	/* wanted offset of B's start from A's start, uniform over the overlap window */
	double lo = -f->avg_b * WINDOW_MARGIN, hi = f->avg_a * WINDOW_MARGIN;
	double x = lo + (hi - lo) * (double)(sf_rng_next(&f->rng) >> 11) / 9007199254740992.0;

	atomic_store(&f->delay, (int64_t)(x - f->avg_skew));
}

double sf_fzsync_overlap_rate(const struct sf_fzsync *f)
{
	return f->pairs ? (double)f->overlaps / (double)f->pairs : 0.0;
}
