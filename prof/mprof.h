/*
 * mprof.h - the profiles' core (Go's mprof.go): buckets, the three-slot memRecord cycle,
 * the allocation sampler, the table of sampled objects, and the block and mutex profiles'
 * events (last section). prof/mprof.c explains the algorithm;
 * this header also says exactly where the allocator, the sweeper and the collector call it.
 *
 * Threading: minirt runs every goroutine, the allocator and the collector on one thread (one P),
 * so nothing here takes a lock. Go's lock order (active, then one future slot) is kept as the
 * order in which records are touched, so locks can be added the same way if that changes.
 *
 * ---------------------------------------------------------------- wiring (not done yet)
 *
 * 1. Allocation, gc/malloc.c mallocgc (Go's mallocgc after the object is set up). Once the
 *    object exists (heap bits written, counted in total_alloc), with 'slot' the start of the
 *    slot (p before the malloc header is skipped; s->startAddr for a large object) and 'full'
 *    the size charged (s->elemsize for a small object, npages * PAGE_SIZE for a large one -
 *    the size the sweeper will free):
 *
 *        if (mprof_should_sample(full)) {
 *            uintptr_t stk[MPROF_MAX_STACK];
 *            int n = <the VM's stack of the allocating goroutine, innermost frame first>;
 *            mprof_record_object(slot, mProf_Malloc(stk, n, full), full);
 *        }
 *
 *    mprof_should_sample is inline and costs one subtraction and two compares when it says
 *    no. It must see every allocation of size > 0 (zerobase allocations are not objects). The
 *    stack words are opaque here: equal words mean equal frames; prof/pprof.c maps them back to
 *    function, file and line (a word per frame such as the address of the frame's current
 *    bytecode instruction works, as Go's PCs do). The call must not collect (mProf_Malloc only
 *    uses malloc), so it is safe inside mallocgc.
 *
 * 2. Freeing, gc/mgcsweep.c mspan_sweep (Go's freeSpecial for a profile special):
 *    - a large span whose object is unmarked, before mheap_free(s):
 *          mprof_object_freed(s->startAddr);
 *    - a small-object span, before the mark bits become the allocation bits, only when
 *          mprof_any_sampled(s->startAddr, s->startAddr + s->npages * PAGE_SIZE)
 *      call mprof_object_freed(s->startAddr + idx * s->elemsize) for every slot idx whose
 *      allocBits bit is set and gcmarkBits bit is clear (the dead objects).
 *    Objects resurrected for a finalizer are marked, so they are not reported (Go keeps the
 *    profile special of a resurrected object too). Cost: mprof_any_sampled is a single compare
 *    when no sampled object is live anywhere, else one hash probe per page of the span (spans
 *    of small objects have 1-10 pages); mprof_object_freed is one hash probe (one compare when
 *    the table is empty). At the default rate a span almost never holds a sampled object, so
 *    the dead-bit loop runs only for the few spans that do.
 *
 * 3. The cycle (already wired, gc/mgc.c): mProf_NextCycle at mark termination after numgc++
 *    with the world stopped, mProf_Flush right after the world restarts, and runtime.GC()
 *    (gc_runtime_GC) ends with mProf_PostSweep once gc_finish_sweep has swept everything.
 *    Nothing may allocate a sampled object between NextCycle and the sweep's start that the
 *    sweep then frees: minirt's mark termination does not allocate, as Go's does not.
 *
 * 4. runtime.MemProfileRate is the variable MemProfileRate: a script assignment and
 *    --memprofilerate=N write it directly; the sampler notices the change at the next
 *    allocation. MemStats.BuckHashSys is mprof_buckhash_sys().
 */
#ifndef MINIRT_PROF_MPROF_H
#define MINIRT_PROF_MPROF_H

#include <stdbool.h>
#include <stdint.h>

/* ---------------------------------------------------------------- buckets */

/* Go's bucketType: which profile a bucket belongs to (part of the bucket's key). */
typedef enum BucketType {
	MEM_PROFILE = 1,   /* heap: the record is a MemRecord */
	BLOCK_PROFILE = 2, /* blocking events: the record is a BlockRecord */
	MUTEX_PROFILE = 3, /* mutex contention: the record is a BlockRecord */
} BucketType;

enum {
	BUCK_HASH_SIZE = 179999, /* chains in the one hash table all types share (Go's) */
	MPROF_MAX_STACK = 64,    /* frames kept per bucket; longer stacks are cut */
};

/* One cycle's worth of heap events (Go's memRecordCycle). Units: objects and bytes. */
typedef struct MemRecordCycle {
	uintptr_t allocs, frees;
	uintptr_t alloc_bytes, free_bytes;
} MemRecordCycle;

/*
 * Go's memRecord. 'active' is cumulative since start, over published cycles only; 'future' is
 * the ring of per-cycle deltas, index cycle % 3, holding cycles C, C+1 and C+2 (mprof.c).
 */
typedef struct MemRecord {
	MemRecordCycle active;
	MemRecordCycle future[3];
} MemRecord;

/* Go's blockRecord, for BLOCK_PROFILE and MUTEX_PROFILE buckets. */
typedef struct BlockRecord {
	double count;   /* events, already scaled for sampling */
	int64_t cycles; /* total delay */
} BlockRecord;

/*
 * A bucket: one malloc'd block, [header | stk[nstk] | record], never freed, never on the GC
 * heap. No header field changes after the bucket is published.
 */
typedef struct Bucket {
	struct Bucket *next;    /* next bucket in the same hash chain */
	struct Bucket *allnext; /* next (older) bucket of the same type */
	BucketType typ;
	uintptr_t hash; /* the full hash of (stk, size) */
	uintptr_t size; /* object size for MEM_PROFILE, 0 otherwise */
	uintptr_t nstk; /* stack words that follow */
	uintptr_t stk[];
} Bucket;

static inline MemRecord *bucket_mp(Bucket *b)
{
	return (MemRecord *)(b->stk + b->nstk);
}

static inline BlockRecord *bucket_bp(Bucket *b)
{
	return (BlockRecord *)(b->stk + b->nstk);
}

/*
 * Go's stkbucket: the bucket for (typ, stk[0..nstk), size), created when 'alloc' is true and it
 * does not exist yet; NULL when it does not exist and 'alloc' is false. nstk is capped at
 * MPROF_MAX_STACK.
 */
Bucket *mprof_stkbucket(BucketType typ, uintptr_t size, const uintptr_t *stk, int nstk, bool alloc);

/* The newest bucket of a type; older ones follow through allnext. */
Bucket *mprof_buckets(BucketType typ);

/* Bytes of the hash table and all buckets (MemStats.BuckHashSys). */
uint64_t mprof_buckhash_sys(void);

/* ---------------------------------------------------------------- the cycle */

/* A sampled allocation of 'size' bytes: counted into future[(C+2)%3]. Returns its bucket. */
Bucket *mProf_Malloc(const uintptr_t *stk, int nstk, uintptr_t size);
/* The sweeper freed a sampled object of bucket b: counted into future[(C+1)%3]. */
void mProf_Free(Bucket *b, uintptr_t size);
void mProf_NextCycle(void); /* mark termination, world stopped: C += 1 */
void mProf_Flush(void);     /* right after the world restarts: publish future[C%3] once */
void mProf_PostSweep(void); /* runtime.GC(), after the sweep completes: publish future[(C+1)%3] */

/* The cycle number C (Go's mProfCycle.read()). */
uint32_t mprof_cycle(void);

/*
 * Go's runtime.MemProfile as an iteration: publishes future[C%3], and when no bucket has
 * anything published yet, all three slots; then calls fn(b, &active, arg) for every memory
 * bucket, newest first, whose in-use bytes are not zero (every bucket when inuse_zero).
 * Returns the number of buckets reported.
 */
typedef void (*MemProfileFn)(Bucket *b, const MemRecordCycle *active, void *arg);
int mprof_memprofile(bool inuse_zero, MemProfileFn fn, void *arg);

/* ---------------------------------------------------------------- sampling */

#define MPROF_DEFAULT_RATE (512 * 1024)

/* runtime.MemProfileRate: mean bytes between samples; 1 = every allocation, 0 = none. The
 * sampler reads the rate through mprof_rate_ptr, which points at MemProfileRate until the
 * runtime points it at the script-visible variable runtime.MemProfileRate (so an assignment in
 * a script takes effect at the next allocation, as in Go). */
extern int64_t MemProfileRate;
extern int64_t *mprof_rate_ptr;

/* The P's sampling state (Go's mcache.nextSample and mcache.memProfRate). */
extern int64_t mprof_next_sample; /* bytes left until the next sample */
extern int64_t mprof_rate_seen;   /* the MemProfileRate next_sample was drawn with */

bool mprof_should_sample_slow(uintptr_t size);

/*
 * Called by mallocgc with the full slot size of every allocation: true when this allocation is
 * to be recorded. As Go's mallocgc: the countdown drops by 'size'; the allocation is sampled
 * when it goes negative, or when MemProfileRate changed since the countdown was drawn (then
 * this allocation is recorded and the countdown redrawn with the new rate).
 */
static inline bool mprof_should_sample(uintptr_t size)
{
	mprof_next_sample -= (int64_t)size;
	if (__builtin_expect(mprof_next_sample < 0 || *mprof_rate_ptr != mprof_rate_seen, 0))
		return mprof_should_sample_slow(size);
	return false;
}

/* Go's nextSample(): the next countdown for the current MemProfileRate. */
int64_t mprof_next_sample_draw(void);
/* Go's fastexprand(mean): an exponential variate with that mean, plus one. */
int64_t mprof_fastexprand(int64_t mean);
/* Seeds the sampler's random numbers (a fixed seed is used otherwise). */
void mprof_seed(uint64_t seed);

/* ---------------------------------------------------------------- sampled objects */

/* Remembers that the object in the slot at 'addr' was sampled into b with 'size' bytes. */
void mprof_record_object(uintptr_t addr, Bucket *b, uintptr_t size);
/* True when a sampled object starts in [lo, hi) (see the cost in the wiring notes). */
bool mprof_any_sampled(uintptr_t lo, uintptr_t hi);
/* The slot at addr was freed: if it was sampled, mProf_Free and forget it; returns whether. */
bool mprof_object_freed(uintptr_t addr);
/* A collector that knows what survived a cycle (the Boehm backend, from its mark bits) reports
 * every sampled object for which alive(addr) is false as freed. Takes the profile lock: alive
 * must not take it. */
void mprof_free_unmarked(bool (*alive)(uintptr_t addr));
/* Sampled objects not freed yet. */
uintptr_t mprof_sampled_objects(void);

/* ---------------------------------------------------------------- block and mutex profiles */

/*
 * Go's blocking and mutex profiles (mprof.go blockevent, mutexevent, saveblockevent). minirt
 * has no cycle counter: its tick is the nanosecond of a monotonic clock (mprof_cputicks), so
 * there are 10^9 ticks per second and SetBlockProfileRate's ns-to-ticks conversion is the
 * identity. Wiring:
 *   - A goroutine about to park on a channel, a select or a sync wait notes t0 =
 *     mprof_cputicks() only when blockprofilerate > 0 (Go's t0 / releasetime = -1); a
 *     sync.Mutex or RWMutex wait also notes its acquire time when mutexprofilerate > 0.
 *   - Whoever wakes it calls mprof_blockevent(now - t0, ...) with the parked goroutine's stack
 *     (the blocked goroutine cannot run code at wake-up in minirt; the values are the same).
 *   - The unlocker that hands a semaphore to a waiter with an acquire time calls
 *     mprof_mutexevent(delay, ...) with its own stack (the end of the critical section).
 * Stacks are opaque words as for the heap profile; they are asked for only once an event is
 * sampled, through a callback, so an unsampled event costs no stack walk.
 */

/* Ticks (ns) per second, as Go's runtime_cyclesPerSecond. */
#define MPROF_TICKS_PER_SECOND 1000000000LL

/* Go's blockprofilerate (ticks; 0 = off, 1 = every event) and mutexprofilerate (1/N events). */
extern int64_t blockprofilerate;
extern int64_t mutexprofilerate;

/* Monotonic nanoseconds: the profiles' tick (Go's cputicks). */
int64_t mprof_cputicks(void);

/* runtime.SetBlockProfileRate(rate ns): <= 0 off, 1 everything, else rate ns as ticks. */
void mprof_set_block_profile_rate(int64_t rate);
/* runtime.SetMutexProfileFraction(rate): < 0 only reads; returns the previous fraction. */
int64_t mprof_set_mutex_profile_fraction(int64_t rate);

/* Go's blocksampled: events of at least 'rate' ticks are kept; shorter ones with probability
 * about cycles/rate. Never with rate <= 0. */
bool mprof_blocksampled(int64_t cycles, int64_t rate);

/*
 * Go's saveBlockEventStack: charges one sampled event to the bucket of (which, stk), un-sampled
 * with the rate in force now: a block event shorter than the rate counts rate/cycles events
 * and 'rate' ticks; a mutex event counts 'rate' events and rate * cycles ticks; otherwise one
 * event and its cycles.
 */
void mprof_save_block_event_stack(int64_t cycles, int64_t rate, const uintptr_t *stk, int nstk,
                                  BucketType which);

/* Fills stk (at most max words, innermost first) with an event's stack; returns the count. */
typedef int (*MprofStackFn)(void *arg, uintptr_t *stk, int max);

/* Go's blockevent: cycles <= 0 count as 1; if sampled, the stack from fn(arg) is charged. */
void mprof_blockevent(int64_t cycles, MprofStackFn fn, void *arg);
/* Go's mutexevent: cycles < 0 count as 0; one event in mutexprofilerate is charged. */
void mprof_mutexevent(int64_t cycles, MprofStackFn fn, void *arg);

/* One record of Go's BlockProfile / MutexProfile. */
typedef struct BlockProfileRecord {
	int64_t count;  /* events (BlockProfile reports at least 1) */
	int64_t cycles; /* total delay in ticks */
	const Bucket *b; /* its stack: b->stk[0 .. b->nstk) */
} BlockProfileRecord;

/*
 * Go's BlockProfile (BLOCK_PROFILE) or MutexProfile (MUTEX_PROFILE): the number of records;
 * when it is at most 'max', they are copied into p newest bucket first. Count is the record's
 * event count truncated to an integer; for the block profile a count that truncates to 0 is
 * reported as 1, as Go does.
 */
int mprof_block_profile(BucketType which, BlockProfileRecord *p, int max);

#endif
