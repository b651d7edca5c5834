/*
 * gc.h - the collector's interface (Go's mgc.go, mgcmark.go, mgcsweep.go, mgcpacer.go).
 *
 * A precise tri-color mark-sweep collector over the heap of gc/mheap.h. This version stops the
 * world for the whole cycle; its phases, mark bits, grey queue and sweep are built in the shape
 * the concurrent version needs. gc/mgc.c describes the cycle; this header is what the rest of
 * the runtime (and the unit tests) use.
 *
 * When collections happen. mallocgc never collects: it counts the bytes it hands out and, when
 * the live heap reaches the pacer's goal (or every N allocations under RT_TRACE=gcstress), it
 * raises gc_wanted. The interpreter polls gc_wanted at its safepoints - before every call and
 * before every instruction that allocates - and calls gc_safepoint() there, when every value the
 * program holds is in a goroutine frame, a global or a runtime structure the root scanner knows.
 * C code between safepoints (natives, the interpreter inside one instruction) may therefore keep
 * heap pointers in C variables without registering them.
 *
 * Roots. The collector does not know goroutines or globals itself: the runtime installs a root
 * scanner (gc_set_root_scanner) that reports each root word with gc_mark_word, or a run of
 * words with a pointer mask with gc_scan_words. Tests install their own.
 */
#ifndef MINIRT_GC_GC_H
#define MINIRT_GC_GC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Go's gcphase. */
typedef enum GCPhase {
	GC_OFF,       /* _GCoff: not collecting; spans are swept lazily */
	GC_MARK,      /* _GCmark: roots and grey objects being marked */
	GC_MARKTERM,  /* _GCmarktermination: marking finished, world stopped */
} GCPhase;

extern GCPhase gc_phase;

/* Raised by mallocgc when a collection is due; the interpreter polls it at safepoints. */
extern bool gc_wanted;

/*
 * The backend: false (the default) for this collector, true under --gc=boehm (RT_GC=boehm),
 * where bdwgc allocates and collects (gc/boehm.h). Set before the first allocation, never
 * changed after. Under Boehm a collection may happen inside any mallocgc: the root jobs then run
 * from the collection (gc_mark_word / gc_scan_words hand the words to libgc), the write barrier
 * and the mark phases stay off, and what must follow a cycle (finalizers, trace lines) runs at
 * the next safepoint; gc/mgc.c's last section explains the mapping.
 */
extern bool gc_boehm;
/* Under Boehm: libgc's incremental mode (RT_TRACE=boehmincremental). Set with gc_boehm. */
extern bool gc_boehm_incremental;
/* Under Boehm with RT_TRACE=gcstress: mallocgc calls gc_boehm_stress, which collects at every
 * Nth call. */
extern bool gc_boehm_stress_on;
void gc_boehm_stress(void);
/* Under Boehm: when gc_total_alloc() passes gc_boehm_trigger (GOGC's goal), mallocgc calls
 * gc_boehm_due, which has libgc collect. */
extern uint64_t gc_boehm_trigger;
void gc_boehm_due(void);
/* False when this build cannot run Boehm (sanitizer builds). */
bool gc_boehm_supported(void);
/* Initialises libgc with the runtime's hooks (gc_init does, under Boehm). */
void gc_boehm_init(void);

/* ---------------------------------------------------------------- the allocator's side */

/* Go's heapLive: bytes of objects marked by the last cycle plus those allocated since. */
extern uint64_t gc_heap_live;
/* mallocgc calls gc_alloc_trigger when gc_heap_live reaches this (0 under gcstress). */
extern uint64_t gc_trigger;
/* Raises gc_wanted when a collection is due (heap goal reached, or the gcstress count). */
void gc_alloc_trigger(void);

/* Settings from the environment (RT_GOGC, RT_MEMLIMIT, RT_TRACE), applied at start-up. */
typedef struct GCConfig {
	int gogc;            /* -1: off */
	int64_t memlimit;    /* INT64_MAX: none */
	bool trace;          /* RT_TRACE=gc: one gctrace line per cycle */
	int trace_level;     /* RT_TRACE=gc=2: also a line on each cycle's mark steps */
	bool trace_scavenge; /* RT_TRACE=scavenge */
	int64_t stress;      /* RT_TRACE=gcstress[=N]: a cycle every N allocations; 0 off */
	bool checkmark;      /* RT_TRACE=checkmark: verify every cycle's marking */
	bool stoptheworld;   /* RT_TRACE=stoptheworld: mark the whole cycle at one safepoint */
	bool bgmark;         /* a background thread marks too (off with RT_TRACE=nobgmark) */
	bool bgsweep;        /* a background thread sweeps (off with RT_TRACE=nobgsweep) */
	void (*flush)(void); /* flushes buffered standard output before a trace line */
} GCConfig;
void gc_configure(const GCConfig *c);

/* The heap profile's stack source: fills stk with up to max words naming the allocating
 * goroutine's frames, innermost first (prof/mprof.h), and returns how many. Installed by the
 * interpreter; without one, sampled allocations get an empty stack. */
typedef int (*GCStackWalker)(uintptr_t *stk, int max);
void gc_set_stack_walker(GCStackWalker fn);

/* ---------------------------------------------------------------- roots */

/* Reports every root: calls gc_mark_word / gc_scan_words for each. */
typedef void (*GCRootScanner)(void);

/* Installs the root scanner (the runtime's scans globals and goroutine stacks). */
void gc_set_root_scanner(GCRootScanner fn);

/*
 * Root jobs, for marking in steps while the program runs. count() is asked once per cycle at
 * mark start; scan(i) reports the roots of job i (e.g. a chunk of the globals, one goroutine's
 * frames) at a safepoint, in any order; term() reports, at mark termination, the roots that
 * live in C structures and change without a write barrier (timers, the finalizer queue).
 * Without jobs, the root scanner is a single job.
 */
typedef struct GCRootJobs {
	size_t (*count)(void);
	void (*scan)(size_t job);
	void (*term)(void);
} GCRootJobs;
void gc_set_root_jobs(const GCRootJobs *jobs);

/* Marks the object w points into (any interior address), if w points into an allocated heap
 * object; other values (NULL, integers, pointers outside the heap) are ignored. */
void gc_mark_word(uintptr_t w);

/* Marks through words[i] for every i < nwords whose bit is set in mask (bit i of byte i/8);
 * mask == NULL means every word is a pointer. */
void gc_scan_words(const void *words, size_t nwords, const uint8_t *mask);

/* Root sizes for the pacer (Go's lastStackScan and globalsScan), in bytes; the root scanner
 * calls these while it scans. */
void gc_note_stack_bytes(uint64_t n);
void gc_note_globals_bytes(uint64_t n);

/* ---------------------------------------------------------------- the write barrier */

/* mallocgc, while marking: the new object in slot 'slot' of span s is marked (black). */
struct MSpan;
void gc_mark_new_object(struct MSpan *s, uintptr_t slot);
/* The same in bulk for a small-object span the mcache caches while marking (gc/mcache.c):
 * gc_black_span marks every free slot of s; gc_unblack_span, when the span is handed back,
 * unmarks the slots still free and counts those allocated since 'snap' (allocBits then). */
void gc_black_span(struct MSpan *s);
void gc_unblack_span(struct MSpan *s, const uint64_t *snap);
/* Called at the interpreter's preemption checks: while marking, asks for a mark step at the
 * next safepoint, so marking advances even in a program that does not allocate. */
void gc_mark_poll(void);
/* The scheduler has nothing to run for ns nanoseconds (every goroutine blocked): while a
 * cycle is marking, marks until then or until marking ends (Go's idle mark worker). */
void gc_idle_mark(uint64_t ns);
/* The longest mark step so far (nanoseconds), for benchmarks. */
extern uint64_t gc_max_mark_step_ns;

/*
 * Go's hybrid write barrier (mbarrier.go), for marking that runs while the program does. While
 * gc_wb_enabled is set (the mark phase), every store of a pointer into GC-heap memory or a
 * global must go through these, from the interpreter and from C alike: the pointer being
 * overwritten is shaded (grey, so what was reachable when marking started stays marked) and so
 * is the pointer being stored (it may come from a goroutine stack not scanned yet). Objects
 * allocated while marking are black. Stores into goroutine stack slots need no barrier.
 *
 * Fresh objects are no exception: C code that allocates an object and then fills in its
 * pointers must still use these (the object is black, and what is stored may be reachable
 * only from a stack that has not been scanned).
 *
 * gc_wb_slow, gc_wb_bulk_slow and gc_wb_shade_slow may only be called while gc_wb_enabled; the
 * inline wrappers check it. None of them allocates or collects.
 */
extern bool gc_wb_enabled;
void gc_wb_slow(void *slot, void *val);
void gc_wb_bulk_slow(void *dst, const void *src, size_t nwords, const uint8_t *ptrmask);
void gc_wb_shade_slow(const void *words, size_t nwords, const uint8_t *ptrmask);

/* *(void **)slot = val, with the barrier (slot is in the heap or a global). */
static inline void gc_write_ptr(void *slot, void *val)
{
	if (__builtin_expect(gc_wb_enabled, 0))
		gc_wb_slow(slot, val);
	*(void **)slot = val;
}

/*
 * Go's bulkBarrierPreWrite: call BEFORE copying nwords words from src to dst (dst in the heap
 * or globals; src anywhere, or NULL when dst is about to be zeroed). Shades the pointers dst
 * holds now and those src holds. ptrmask has one bit per word (bit i of byte i/8) saying which
 * words are pointers; NULL means any word may be one (words that do not point into an
 * allocated heap object are ignored, so scalars only cost time).
 */
static inline void gc_wb_bulk(void *dst, const void *src, size_t nwords, const uint8_t *ptrmask)
{
	if (__builtin_expect(gc_wb_enabled, 0))
		gc_wb_bulk_slow(dst, src, nwords, ptrmask);
}

/* Shades the pointers among nwords words (mask as for gc_wb_bulk): for pointers that move
 * into black memory without an overwrite, e.g. values copied from one goroutine's stack
 * straight into another's by a channel operation (Go's sendDirect). */
static inline void gc_wb_shade(const void *words, size_t nwords, const uint8_t *ptrmask)
{
	if (__builtin_expect(gc_wb_enabled, 0))
		gc_wb_shade_slow(words, nwords, ptrmask);
}

/* ---------------------------------------------------------------- finalizers */

/*
 * Finalizers (Go's SetFinalizer specials). The collector keeps one record per object: the
 * object itself is not kept alive by it, but what it points to is (its referents are marked at
 * every cycle, as Go's markrootSpans does), and so are 'fn' and 'data'. When a cycle finds the
 * object unreachable, the record is removed, the object is marked again (it survives this cycle,
 * resurrected for its finalizer) and the queue callback receives (obj, fn, data).
 * gc_add_finalizer returns false when obj is not the start of an allocated heap object.
 */
bool gc_add_finalizer(void *obj, void *fn, void *data);
bool gc_remove_finalizer(void *obj);
void gc_set_finalizer_queue(void (*queue)(void *obj, void *fn, void *data));

/* ---------------------------------------------------------------- running cycles */

/* Runs the cycle gc_wanted asked for (called by the interpreter at a safepoint). */
void gc_safepoint(void);

/* Runs one full cycle now (not forced: counts as a heap-triggered collection). */
void gc_collect(void);

/* Prints "fatal error: <msg>" (after flushing standard output) and exits with status 2. */
void gc_fatal(const char *msg) __attribute__((noreturn));

/* Go's runtime.GC(): a full forced cycle, then the whole sweep, then mProf_PostSweep. */
void gc_runtime_GC(void);

/* Called at the start of every cycle, with the world stopped, before marking (Go's
 * clearpools: sync.Pool empties its victim cache and demotes its primary cache here). */
void gc_set_start_hook(void (*fn)(void));

/* Test hook: when set, called after marking and before the checkmark pass (a test can
 * clear a mark bit there to see checkmark catch it). NULL in the runtime. */
extern void (*gc_test_after_mark)(void);

/* Sweeps every span not yet swept in this cycle (Go's finishsweep_m). */
void gc_finish_sweep(void);

/* Returns free pages idle for at least older_than_ns to the OS (0: every free page) and, under
 * RT_TRACE=scavenge, prints Go's scavtrace line (" (forced)" when forced). Returns the bytes. */
uint64_t gc_scavenge(uint64_t older_than_ns, bool forced);

/* debug.FreeOSMemory: runtime.GC(), then every free page goes back to the OS at once. */
void gc_free_os_memory(void);

/* ---------------------------------------------------------------- pacer and knobs */

/* Go's debug.SetGCPercent: sets GOGC (negative = off), returns the previous value. */
int gc_set_percent(int percent);
/* Go's debug.SetMemoryLimit: sets the soft limit (negative = only read), returns the old one. */
int64_t gc_set_memory_limit(int64_t limit);

/*
 * The heap goal for a given marked heap, as Go's pacer computes it (gcControllerState.commit):
 * goal = marked + (marked + stacks + globals) * gogc / 100, at least 4 MiB * gogc / 100;
 * UINT64_MAX when gogc < 0. Exposed for tests; the memory limit is applied separately.
 */
uint64_t gc_heap_goal(uint64_t marked, uint64_t stacks, uint64_t globals, int gogc);

/* ---------------------------------------------------------------- statistics */

/* runtime.MemStats, with Go's field names and meanings. */
typedef struct GCMemStats {
	uint64_t Alloc, TotalAlloc, Sys, Lookups, Mallocs, Frees;
	uint64_t HeapAlloc, HeapSys, HeapIdle, HeapInuse, HeapReleased, HeapObjects;
	uint64_t StackInuse, StackSys, MSpanInuse, MSpanSys, MCacheInuse, MCacheSys;
	uint64_t BuckHashSys, GCSys, OtherSys;
	uint64_t NextGC, LastGC, PauseTotalNs;
	uint64_t PauseNs[256], PauseEnd[256];
	uint32_t NumGC, NumForcedGC;
	double GCCPUFraction;
	bool EnableGC, DebugGC;
} GCMemStats;

/* Fills *m (Go's ReadMemStats; the world is stopped by construction: one P). */
void gc_read_memstats(GCMemStats *m);

/* Bytes the runtime keeps outside the heap for goroutine stacks; set by the runtime. */
void gc_set_stack_inuse(uint64_t bytes);

/* Nanoseconds since the runtime started (monotonic), the time base of gctrace's @s field. */
uint64_t gc_nanotime(void);

/* Objects freed by the sweeper so far (MemStats.Frees). */
uint64_t gc_frees(void);

#endif
