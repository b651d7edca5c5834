/*
 * sched.h - the goroutine scheduler (Go's proc.go, reduced to what one P needs).
 *
 * Go's model: G (a goroutine: its slot stack and frames, runtime/proc.h), M (an OS thread
 * running Go code) and P (the right to run Go code, with its run queue and mcache). minirt has
 * one M and one P: the interpreter loop is the M; the P holds a local run queue of 256 Gs with
 * Go's runnext slot, and there is a global run queue behind it, as in Go. runtime/sched.c tells
 * how a G is chosen and how goroutines block.
 *
 * Blocking from C. A native that must block (a channel operation, a mutex, a WaitGroup) calls
 * gopark(g, reason) and returns at once. When the native returns, the interpreter sees the G
 * is no longer running, keeps its frames as they are (its pc is after the call) and switches
 * to the next runnable G. Whoever wakes it later (goready) first writes the native's results
 * directly into the parked G's stack: the native's argument block is at g->stack +
 * g->native_block (parameters, then results, as lang/native.h lays them out). The stack of a
 * parked G never moves, so a sender may also read a parked G's arguments there.
 *
 * Invariants:
 *   - Exactly one G is G_RUNNING while script code runs: g_current.
 *   - A G is on at most one queue: runnext, the local run queue or the global one (G_RUNNABLE).
 *   - A G_WAITING G is referenced by whatever will wake it (a channel's wait queue, a mutex...).
 */
#ifndef MINIRT_RUNTIME_SCHED_H
#define MINIRT_RUNTIME_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "proc.h"
#include "timer.h"

/* Go's waitReason strings, as goroutine dumps print them ("goroutine 5 [chan receive]:"). */
typedef enum WaitReason {
	WAIT_NONE,
	WAIT_CHAN_RECEIVE,     /* "chan receive" */
	WAIT_CHAN_SEND,        /* "chan send" */
	WAIT_CHAN_RECEIVE_NIL, /* "chan receive (nil chan)" */
	WAIT_CHAN_SEND_NIL,    /* "chan send (nil chan)" */
	WAIT_SELECT,           /* "select" */
	WAIT_SELECT_NO_CASES,  /* "select (no cases)" */
	WAIT_SYNC_MUTEX,       /* "sync.Mutex.Lock" */
	WAIT_SYNC_RWMUTEX_R,   /* "sync.RWMutex.RLock" */
	WAIT_SYNC_RWMUTEX_W,   /* "sync.RWMutex.Lock" */
	WAIT_SYNC_WAITGROUP,   /* "sync.WaitGroup.Wait" */
	WAIT_SYNC_COND,        /* "sync.Cond.Wait" */
	WAIT_SLEEP,            /* "sleep" */
	WAIT_FINALIZER,        /* "finalizer wait" */
	WAIT_COUNT
} WaitReason;

const char *waitreason_string(WaitReason r);

/* Creates a goroutine that calls the func value fn (which takes no arguments: the compiler
 * wraps `go f(x)` in a thunk) and makes it runnable. Returns the new G. */
G *newproc(Closure *fn);

/* Blocks the running goroutine g (see "Blocking from C" above). */
void gopark(G *g, WaitReason reason);

/* Makes the parked goroutine gp runnable; it runs next (Go's runnext) unless 'back'. */
void goready(G *gp, bool back);

/* runtime.Gosched: the running goroutine goes to the back of the global queue. */
void gosched(G *g);

/* The next goroutine to run, taken off the queues, or NULL when none is runnable. */
G *sched_next(void);

/* The next goroutine to run, waiting for timers when none is runnable (the process sleeps
 * until the earliest timer fires); NULL when nothing can ever run again (deadlock). */
G *sched_findrunnable(void);

/* Preemption (Go's sysmon + asynchronous preemption, done cooperatively): the interpreter asks
 * at function entries and loop back edges, every so often. True when the running goroutine has
 * run for 10 ms and another one is runnable (timers that came due are run first). */
bool sched_should_preempt(void);

/* Marks the start of g's time slice (the interpreter calls it when g starts running). */
void sched_started(G *g);

/* time.Sleep: parks g for ns nanoseconds. */
void sched_sleep(G *g, int64_t ns);

/* Every goroutine that exists (for the collector and for dumps); dead ones are skipped. */
extern G **allgs;
extern uint32_t nallgs;

/* Marks g as a runtime goroutine (the finalizer goroutine): not counted by NumGoroutine and
 * left out of deadlock dumps, as Go's system goroutines. */
void sched_set_system(G *g);

/* Goroutines not dead, runtime goroutines excluded (runtime.NumGoroutine). */
int64_t sched_ngoroutines(void);

/* A dead goroutine's G goes to the free list for reuse by newproc. */
void gfput(G *g);

#endif
