/*
 * Invalidation coverage for the svatest backend: every CPU-side change
 * that removed or reduced a permission on a page the device had a
 * translation for must be followed by an invalidation covering that page
 * before the change returned. A thread snapshots the arena model (the
 * workers' view) about every millisecond, finds pages whose permission
 * dropped between two snapshots and looks in the module's invalidation
 * log for an applied invalidation of the page inside that window.
 */
#ifndef SF_SVATEST_COVER_H
#define SF_SVATEST_COVER_H
#include <stdint.h>
#include "arena.h"

struct sv_cover;

/* Starts the thread; fd is a bound /dev/svatest. NULL on failure (no coverage). */
struct sv_cover *sv_cover_start(struct sf_arena *a, int fd);
/* The device accessed page successfully (a write if write), ending at t1. */
void sv_cover_access_ok(struct sv_cover *c, uint32_t page, int write, uint64_t t1);
/* Stops the thread, evaluates what is pending and frees it; adds to the counters. */
void sv_cover_stop(struct sv_cover *c, uint64_t *required, uint64_t *covered, uint64_t *lost);
/* Counters so far (windows evaluated). */
void sv_cover_peek(struct sv_cover *c, uint64_t *required, uint64_t *covered, uint64_t *lost);
#endif
