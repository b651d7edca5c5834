/*
 * timer.h - the runtime's timers (Go's time.go in the runtime): a min-heap of pending timers
 * ordered by when they fire, checked by the scheduler (runtime/sched.c), which sleeps until the
 * earliest one when no goroutine can run.
 *
 * A Timer lives wherever its owner keeps it (the G for time.Sleep, a GC object for time.Timer)
 * and stays valid while it is in the heap. When it fires, f(t, now) runs on the scheduler's
 * side, between goroutines: it may ready goroutines (goready) or send on a channel without
 * blocking, and may re-add the timer (periodic timers: Ticker).
 *
 * Invariants:
 *   - heap[0 .. ntimers) is a binary min-heap on 'when'; t->idx is t's index there, or
 *     TIMER_NONE when t is not pending.
 */
#ifndef MINIRT_RUNTIME_TIMER_H
#define MINIRT_RUNTIME_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_NONE UINT32_MAX

typedef struct Timer Timer;
struct Timer {
	int64_t when;   /* monotonic ns (rt_nanotime) */
	int64_t period; /* > 0: re-added at when + period after firing (the callback may do it) */
	void (*f)(Timer *t, int64_t now);
	void *arg;      /* the callback's data; a heap pointer here is kept alive (GC root) */
	uint64_t seq;   /* the callback's data */
	uint32_t idx;   /* position in the heap, TIMER_NONE when not pending */
};

/* Monotonic nanoseconds (CLOCK_MONOTONIC). */
int64_t rt_nanotime(void);

/* Inits t as not pending. */
void timer_init(Timer *t, void (*f)(Timer *, int64_t), void *arg);

/* Adds t (not pending) to fire at t->when. */
void timer_add(Timer *t);

/* Removes t if pending; returns whether it was. */
bool timer_del(Timer *t);

/* Runs every timer whose time has come (when <= now); returns how many fired. */
int timers_run(int64_t now);

/* The earliest pending 'when', or -1 when no timer is pending. */
int64_t timers_next(void);

/* Reports every pending timer, and its arg, to the collector (gc_mark_word): a pending timer
 * record that lives in the GC heap stays alive, and so does what it delivers to. */
void timers_scan(void);

#endif
