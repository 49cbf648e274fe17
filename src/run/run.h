/* Private to the run loop (run*.c) and replay: setup checks and seeds. */
#ifndef SF_RUN_H
#define SF_RUN_H
#include <stddef.h>
#include <stdint.h>
#include "clock.h"
#include "rng.h"
#include "runopts.h"
#include "backend.h"

/*
 * Resolves "auto"/a name, checks the knob and probes; an enum sf_exit.
 * SF_EXIT_UNAVAILABLE still sets *out, with the probe's reason in why.
 */
int sf_run_pick_backend(const struct sf_run_opts *o, const struct sf_backend_ops **out,
			char *why, size_t n);
/* Refuses absurd sizes for this machine (message on stderr); an enum sf_exit. */
int sf_run_check_sizes(uint32_t pages, uint32_t threads, uint32_t ops);
/* A fresh nonzero seed (< 2^53, so JSON readers keep it exact). */
uint64_t sf_run_seed_now(void);
/* Seed of program i of a run. */
uint64_t sf_run_prog_seed(uint64_t seed, uint64_t i);
#endif
