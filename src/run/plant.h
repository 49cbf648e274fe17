/*
 * svaplant (kernel/svaplant): a run armed with --plant makes the kernel
 * lose its own mm's invalidations on purpose; selfcheck measures how fast
 * the oracle notices. Never armed unless asked; said loudly when it is.
 */
#ifndef SF_PLANT_H
#define SF_PLANT_H
#include <stddef.h>
#include <stdint.h>

struct sf_plant_stats {
	char mode[48];		/* the --plant spec, "" when not armed */
	uint64_t calls, lost, other_mm, table_full;
};

/* The loss modes, by name: index 0 .. SF_PLANT_NMODES - 1 */
#define SF_PLANT_NMODES 2
const char *sf_plant_mode_name(unsigned i);
/* ... and the SF_PLANT_SEES_* bit a backend that notices mode i declares */
unsigned sf_plant_mode_sees(unsigned i);

/* "range" or "secondary-tlb", optionally "/N" (lose 1 in N): 0, or -1 and why */
int sf_plant_parse(const char *spec, char *why, size_t n);
/* Arms it for this process: the fd (closing it disarms), or -1 and why. */
int sf_plant_arm(const char *spec, char *why, size_t n);
/* Reads the counts of an armed fd into st: 0, or -1. */
int sf_plant_read(int fd, struct sf_plant_stats *st);

/*
 * The ops a planted run may use: all it asked for but device writes. A
 * device write through a translation whose invalidation was lost lands in
 * a page the kernel freed and handed on (in a small guest: this process's
 * own heap, which crashed it); reads through it only tell.
 */
uint64_t sf_plant_allowed_ops(uint64_t asked);

struct sf_run_state;
/* A run's plant: armed before its first program (fd, or -1 with why) ... */
int sf_plant_start(const char *spec, struct sf_run_state *rs, char *why, size_t n);
/* ... its counts into rs and the fd closed (delivery restored) at its end ... */
void sf_plant_stop(int fd, struct sf_run_state *rs);
/* ... and never a clean exit: a run told to lose invalidations that found
 * nothing did not pass, it missed (exit 6, saying how many were lost). */
int sf_plant_exit(struct sf_run_state *rs, int exit_code);
#endif
