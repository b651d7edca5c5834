/*
 * proc.h - goroutines (G): each owns its slot stack, its frame records, its defer and panic
 * chains and its scheduling state (runtime/sched.h schedules them).
 *
 * Invariants:
 *   - stack[0 .. stack_size) holds the frames' slots; frames[0 .. nframes) their records, the
 *     running frame last. Only function entry grows the stack (by copying into a larger
 *     allocation), so a raw slot pointer is valid until the next call.
 *   - defers[0 .. ndefers) are pending deferred calls, innermost last; each names its frame.
 */
#ifndef MINIRT_RUNTIME_PROC_H
#define MINIRT_RUNTIME_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "../lang/vm.h"
#include "timer.h"

/* Go's limit: a goroutine stack may not exceed 1 GB. */
#define MAX_STACK_BYTES 1000000000ull

struct G {
	int64_t goid;
	Slot *stack;         /* slots of all frames */
	uint32_t stack_size; /* in slots */
	Frame *frames;
	uint32_t nframes, framecap;
	Defer *defers;
	uint32_t ndefers, defercap;
	Panic *panic;      /* innermost active panic, NULL when not panicking */
	bool native_panic; /* a native raised a panic that the VM has not started unwinding */
	Iface native_panic_val;
	bool native_panic_signal;
	int cdepth; /* nesting of C -> script calls (vm_call) */

	/* Scheduling (runtime/sched.h). */
	uint8_t status;       /* G_* */
	uint8_t waitreason;   /* WaitReason while G_WAITING */
	G *schedlink;         /* next G on the global run queue or a free list */
	uint32_t native_block; /* stack index of the running native's argument block */
	void *waiting;        /* what a parked G waits on (its sudog), for the channel code */
	void *param;          /* set by the waker: what woke it (Go's g.param) */
	bool is_main;         /* the main goroutine: when it returns, the program exits */
	bool is_system;       /* a runtime goroutine (finalizers): not counted, not dumped */
	/* Where the go statement that created it ran (tracebacks' "created by" line). */
	Proto *created_fn;
	int created_line;
	int64_t created_goid;
	Timer sleeptimer; /* time.Sleep's timer */
	Proto *native;    /* the native running for this goroutine, if any (profile stacks) */
	Proto *parked_in; /* the native that parked it (gopark), for its profile stack */
	int native_cdepth; /* cdepth when 'native' started: it has called back into script code
	                    * (fmt calling a String method) while cdepth is larger */
	int64_t block_t0; /* when it parked, for the block profile (0: not timed; prof/mprof.h) */
};

/* Goroutine states (Go's _Gidle.._Gdead, reduced). */
enum {
	G_IDLE,     /* just allocated */
	G_RUNNABLE, /* on a run queue */
	G_RUNNING,  /* running script code: g_current */
	G_WAITING,  /* parked (gopark) */
	G_DEAD,     /* finished; on the free list */
};

/* The running goroutine. */
extern G *g_current;

G *proc_newg(void);
/* The next goroutine id (ids are never reused, as in Go). */
int64_t proc_next_goid(void);
/* Halves g's stack when less than a quarter of it is in use (never below the initial size);
 * returns whether it did. Not for the running goroutine (the interpreter holds pointers into
 * its stack). */
bool proc_shrinkstack(G *g);
/* Makes room for 'need' more slots above index 'top'; returns false past the 1 GB limit. */
bool proc_growstack(G *g, uint64_t top, uint64_t need);

/* Called after a goroutine's stack moved (grown or shrunk by realloc) from 'old' (oldn slots):
 * the VM relocates the pointers into frame-allocated objects (lang/vm.c). */
extern void (*proc_stack_moved)(G *g, uintptr_t old, uint64_t oldn);

#endif
