/*
 * boehm.h - the Boehm backend (--gc=boehm): bdwgc allocates and collects, the rest of the
 * runtime stays as it is. Private to gc/: malloc.c and mgc.c call these when gc_boehm is set.
 *
 * This header deliberately includes neither libgc's headers nor minirt's gc/gc.h: gc/boehm.c is
 * compiled without the project's include directories, so that <gc/gc.h> there is libgc's, and
 * the two share only the plain C types below.
 *
 * Roots: libgc scans the C stack, the registers and the program's data segments itself (not
 * its own data segment, which would retain dropped large objects); everything else - globals by
 * their pointer masks, goroutine frames, timers, the finalizer queue - comes from the runtime's
 * root jobs, which the 'push_roots' hook runs at every collection while gc_mark_word and
 * gc_scan_words hand each root word to boehm_push.
 */
#ifndef MINIRT_GC_BOEHM_H
#define MINIRT_GC_BOEHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* False in sanitizer builds (AddressSanitizer and ThreadSanitizer do not work with a
 * conservative collector that scans the whole stack and data segments). */
bool boehm_supported(void);

/* One collection as libgc reported it (boehm.c explains the events). Times are CLOCK_MONOTONIC
 * nanoseconds. */
typedef struct BoehmCycle {
	uint64_t t_start;      /* START, or the first stop of the world */
	uint64_t t_mark_start; /* MARK_START */
	uint64_t t_mark_end;   /* MARK_END */
	uint64_t t_end;        /* RECLAIM_END, after the live objects were counted */
	uint64_t stw_ns;       /* world stopped (PRE_STOP_WORLD .. POST_START_WORLD) */
	uint64_t live_bytes;   /* the objects that survived, at libgc's sizes */
	uint64_t live_objects;
	uint64_t steps, step_ns, longest_step_ns; /* incremental steps in allocations */
	uint64_t gc_no;        /* libgc's count, this cycle included */
	bool full;             /* a full collection, the program stopped for all of it */
} BoehmCycle;

/* The runtime's side of libgc's callbacks. Each runs with libgc's allocation lock held, inside
 * whatever allocation (or collection call) collects: none may allocate from libgc, and none
 * may run program code. */
typedef struct BoehmHooks {
	void (*push_roots)(void);                 /* at every collection, after libgc's roots */
	void (*start)(void);                      /* a cycle begins */
	void (*mark_end)(void);                   /* marking is done, nothing swept yet */
	void (*reclaimed)(const BoehmCycle *c);   /* the cycle's end; boehm_is_marked is valid */
	void (*finalizers_ready)(void);           /* finalizers wait for boehm_run_finalizers */
	void (*finalize)(void *obj);              /* from boehm_run_finalizers: obj's finalizer */
} BoehmHooks;

/* Incremental (generational, mprotect-based) collection; before boehm_init. */
void boehm_set_incremental(bool on);

/* Initialises libgc (once): quiet warnings, NULL on out of memory, finalizers run on demand
 * (boehm_run_finalizers) and without Java's rules, the hooks installed. */
void boehm_init(const BoehmHooks *hooks);

/* An object of size > 0 bytes: noscan ones are never scanned (zeroed only when needzero),
 * the others are zeroed and scanned conservatively. NULL when out of memory. *got receives
 * the bytes libgc reserved for it. */
void *boehm_malloc(size_t size, bool noscan, bool needzero, size_t *got);

/* Marks through every word in [lo, hi) (from push_roots only). */
void boehm_push(const void *lo, const void *hi);

/* A full collection now. */
void boehm_collect(void);
/* A full collection, then free heap memory goes back to the OS. */
void boehm_free_os_memory(void);
/* Collections on or off (debug.SetGCPercent(-1) / back). */
void boehm_enable(bool on);
/* The next collection comes after min_alloc more bytes are allocated, unless libgc's own rule
 * (the scanned heap and roots over divisor) asks for more; divisor also sets how much the heap
 * grows when it must (heap size / divisor). Callable from the hooks. */
void boehm_set_pacing(uint64_t min_alloc, unsigned divisor);
/* True when p is the start of an object libgc allocated. */
bool boehm_is_object_start(const void *p);
/* True when the object at p survived the cycle (from the reclaimed hook only). */
bool boehm_is_marked(uintptr_t p);

/* obj's finalizer on or off: when libgc finds obj unreachable it keeps obj (and what it points
 * to), and boehm_run_finalizers later calls hooks.finalize(obj). Objects reachable from a
 * finalizable object are finalized only after it (libgc's ordered finalization). */
void boehm_set_finalizer(void *obj, bool on);
/* Runs the finalizers libgc has queued; returns how many. */
int boehm_run_finalizers(void);

typedef struct BoehmStats {
	uint64_t heap_size;   /* bytes of heap mapped (in use or free) */
	uint64_t free_bytes;  /* of which free */
	uint64_t unmapped;    /* returned to the OS */
	uint64_t numgc;       /* collections so far */
	bool incremental;     /* incremental mode is on */
} BoehmStats;
void boehm_stats(BoehmStats *st);

#endif
