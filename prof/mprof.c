/*
 * mprof.c - the profiles' core, Go's mprof.go in C: buckets, the memRecord cycle, the
 * allocation sampler, the table of sampled objects, and the block and mutex profiles' event
 * sampling and records. Wiring: prof/mprof.h.
 *
 * Buckets. Every sampled allocation is charged to the bucket of (profile type, call stack,
 * object size). Buckets sit in one hash table of BUCK_HASH_SIZE chains shared by all types
 * (created on first use) and on a newest-first list per type; both the table and the buckets
 * come from malloc, are never freed and never point into the GC heap.
 *
 * The cycle. Mallocs happen in real time but frees only when the sweeper finds an object dead
 * after a collection, so counting both as they come would show recent garbage as live. Go's
 * answer, copied here: a global cycle number C, advanced at every mark termination, and per
 * memory bucket a ring future[3] of per-cycle deltas plus the published totals 'active'.
 *   1. mProf_Malloc counts into future[(C+2)%3], mProf_Free (the sweeper) into future[(C+1)%3].
 *   2. Mark termination, world stopped: mProf_NextCycle, C += 1, and clears the flushed flag.
 *   3. Right after the world restarts: mProf_Flush adds future[C%3] to active and zeroes it,
 *      once per cycle (the flag). That slot holds the mallocs of the cycle before last and the
 *      frees of the sweep after the last mark termination, which the next mark termination
 *      cannot start before finishing: 'active' is then the heap as of the mark termination
 *      before the latest one.
 *   4. runtime.GC() sweeps everything, then mProf_PostSweep adds future[(C+1)%3] without
 *      advancing C: the profile is the heap as of that collection, exactly.
 *   5. mprof_memprofile (Go's MemProfile) first publishes future[C%3] (it may run between
 *      NextCycle and Flush) and, when no bucket has anything published, all three slots.
 *
 * Sampling. The P keeps a byte countdown drawn from an exponential distribution with mean
 * MemProfileRate (a Poisson process over allocated bytes: an allocation of S bytes is sampled
 * with probability 1 - exp(-S/rate), which is what pprof's unsampling assumes). mallocgc
 * subtracts each slot size; below zero, or when the rate changed since the draw, the
 * allocation is recorded and a new countdown drawn (Go's profilealloc).
 *
 * Block and mutex profiles (Go's blockevent, mutexevent and saveBlockEventStack; wiring in
 * mprof.h). Their buckets hold a BlockRecord {count, cycles} and share the hash table, keyed
 * by type and stack with size 0. Events are sampled (block: always when at least the rate,
 * else with probability cycles/rate; mutex: one in N) and un-sampled when recorded, with the
 * rate in force then, so changing a rate later does not rescale old events (Go 1.22).
 *
 * Sampled objects. The table maps a sampled object's slot address to its bucket and size, so
 * the sweeper can report its free (Go keeps a profile special on the object). A second table
 * counts sampled objects per 8 KiB page, so the sweeper can ask cheaply whether a span holds
 * any. Both are open-addressing hash tables with linear probing, grown at half load, with
 * backward-shift deletion (no tombstones).
 *
 * Locking (Go's proflock): the background sweeper reports frees from its own thread, so the
 * memory records and the sampled-object tables are touched only under 'proflock', a recursive
 * mutex (a profile callback may allocate, and a sampled allocation records itself). The rest -
 * bucket creation, the block and mutex profiles, the sampler - is the program thread's alone.
 *
 * Invariants:
 *   - future[i] only holds events of cycles congruent to i mod 3 that are not published yet;
 *     every event is published exactly once (Flush and PostSweep zero what they add).
 *   - The cycle number wraps at MPROF_CYCLE_WRAP, a multiple of 3, so C % 3 never jumps.
 *   - A slot address is in the object table at most once: between its sampled allocation and
 *     the sweep that frees it.
 *   - The page table's count for a page = sampled objects in the object table starting there.
 */
#define _GNU_SOURCE /* PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP */
#include "mprof.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *persistent_alloc(size_t n);

static pthread_mutex_t proflock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

/* ---------------------------------------------------------------- buckets */

static _Atomic(Bucket *) *buckhash;            /* BUCK_HASH_SIZE chains, created on first use */
static Bucket *mbuckets, *bbuckets, *xbuckets; /* per-type lists, newest first */
static uint64_t buckhash_sys;                  /* bytes of buckhash and all buckets */

/* The profiler's own memory (C memory, never the heap's) ran out. */
static __attribute__((noreturn)) void profiler_oom(void)
{
	fputs("fatal error: runtime: cannot allocate memory for the profiler\n", stderr);
	abort();
}

static void *persistent_alloc(size_t n)
{
	void *p = calloc(1, n);
	if (!p)
		profiler_oom();
	buckhash_sys += n;
	return p;
}

static uintptr_t stack_hash(const uintptr_t *stk, int nstk, uintptr_t size)
{
	uintptr_t h = 0;
	for (int i = 0; i < nstk; i++) {
		h += stk[i];
		h += h << 10;
		h ^= h >> 6;
	}
	h += size;
	h += h << 10;
	h ^= h >> 6;
	h += h << 3;
	h ^= h >> 11;
	return h;
}

static Bucket **type_list(BucketType typ)
{
	switch (typ) {
	case MEM_PROFILE: return &mbuckets;
	case BLOCK_PROFILE: return &bbuckets;
	case MUTEX_PROFILE: return &xbuckets;
	}
	abort();
}

static bool bucket_matches(const Bucket *b, BucketType typ, uintptr_t h, uintptr_t size,
                           const uintptr_t *stk, int nstk)
{
	return b->typ == typ && b->hash == h && b->size == size && b->nstk == (uintptr_t)nstk &&
	       memcmp(b->stk, stk, (size_t)nstk * sizeof(uintptr_t)) == 0;
}

Bucket *mprof_stkbucket(BucketType typ, uintptr_t size, const uintptr_t *stk, int nstk, bool alloc)
{
	if (nstk > MPROF_MAX_STACK)
		nstk = MPROF_MAX_STACK;
	if (nstk < 0)
		nstk = 0;
	if (!buckhash) {
		if (!alloc)
			return NULL;
		buckhash = persistent_alloc(BUCK_HASH_SIZE * sizeof(*buckhash));
	}
	uintptr_t h = stack_hash(stk, nstk, size);
	uintptr_t i = h % BUCK_HASH_SIZE;
	for (Bucket *b = atomic_load_explicit(&buckhash[i], memory_order_acquire); b; b = b->next)
		if (bucket_matches(b, typ, h, size, stk, nstk))
			return b;
	if (!alloc)
		return NULL;

	size_t rec = typ == MEM_PROFILE ? sizeof(MemRecord) : sizeof(BlockRecord);
	Bucket *b = persistent_alloc(sizeof(Bucket) + (size_t)nstk * sizeof(uintptr_t) + rec);
	b->typ = typ;
	b->hash = h;
	b->size = size;
	b->nstk = (uintptr_t)nstk;
	if (nstk)
		memcpy(b->stk, stk, (size_t)nstk * sizeof(uintptr_t));
	Bucket **list = type_list(typ);
	b->next = atomic_load_explicit(&buckhash[i], memory_order_relaxed);
	b->allnext = *list;
	*list = b;
	atomic_store_explicit(&buckhash[i], b, memory_order_release);
	return b;
}

Bucket *mprof_buckets(BucketType typ)
{
	return *type_list(typ);
}

uint64_t mprof_buckhash_sys(void)
{
	return buckhash_sys;
}

/* ---------------------------------------------------------------- the cycle */

/* Go's mProfCycleWrap: 3 * 2^25, a multiple of 3 that fits in 31 bits. */
#define MPROF_CYCLE_WRAP (3u * (2u << 24))

/* Go's mProfCycleHolder: bit 0 = the current cycle was flushed, bits 1.. = the cycle. */
static _Atomic uint32_t mprof_cycle_word;

uint32_t mprof_cycle(void)
{
	return atomic_load(&mprof_cycle_word) >> 1;
}

static void cycle_increment(void)
{
	uint32_t prev = atomic_load(&mprof_cycle_word), next;
	do
		next = (((prev >> 1) + 1) % MPROF_CYCLE_WRAP) << 1;
	while (!atomic_compare_exchange_weak(&mprof_cycle_word, &prev, next));
}

/* Sets the flushed flag; returns the cycle and whether the flag was already set. */
static uint32_t cycle_set_flushed(bool *already)
{
	uint32_t prev = atomic_load(&mprof_cycle_word);
	while (!atomic_compare_exchange_weak(&mprof_cycle_word, &prev, prev | 1)) {
	}
	*already = prev & 1;
	return prev >> 1;
}

static void cycle_add(MemRecordCycle *a, const MemRecordCycle *b)
{
	a->allocs += b->allocs;
	a->frees += b->frees;
	a->alloc_bytes += b->alloc_bytes;
	a->free_bytes += b->free_bytes;
}

/* Go's mProf_FlushLocked: publishes slot 'index' of every memory bucket. */
static void flush_locked(uint32_t index)
{
	for (Bucket *b = mbuckets; b; b = b->allnext) {
		MemRecord *mp = bucket_mp(b);
		cycle_add(&mp->active, &mp->future[index]);
		memset(&mp->future[index], 0, sizeof(MemRecordCycle));
	}
}

Bucket *mProf_Malloc(const uintptr_t *stk, int nstk, uintptr_t size)
{
	Bucket *b = mprof_stkbucket(MEM_PROFILE, size, stk, nstk, true);
	pthread_mutex_lock(&proflock);
	uint32_t index = (mprof_cycle() + 2) % 3;
	MemRecordCycle *c = &bucket_mp(b)->future[index];
	c->allocs++;
	c->alloc_bytes += size;
	pthread_mutex_unlock(&proflock);
	return b;
}

void mProf_Free(Bucket *b, uintptr_t size)
{
	pthread_mutex_lock(&proflock);
	uint32_t index = (mprof_cycle() + 1) % 3;
	MemRecordCycle *c = &bucket_mp(b)->future[index];
	c->frees++;
	c->free_bytes += size;
	pthread_mutex_unlock(&proflock);
}

void mProf_NextCycle(void)
{
	cycle_increment();
}

void mProf_Flush(void)
{
	pthread_mutex_lock(&proflock);
	bool already;
	uint32_t cycle = cycle_set_flushed(&already);
	if (!already)
		flush_locked(cycle % 3);
	pthread_mutex_unlock(&proflock);
}

void mProf_PostSweep(void)
{
	pthread_mutex_lock(&proflock);
	flush_locked((mprof_cycle() + 1) % 3);
	pthread_mutex_unlock(&proflock);
}

int mprof_memprofile(bool inuse_zero, MemProfileFn fn, void *arg)
{
	pthread_mutex_lock(&proflock);
	flush_locked(mprof_cycle() % 3);
	bool clear = true;
	for (Bucket *b = mbuckets; b; b = b->allnext) {
		MemRecord *mp = bucket_mp(b);
		if (mp->active.allocs || mp->active.frees)
			clear = false;
	}
	if (clear) {
		/* Nothing published yet (no collection): report every known allocation. */
		for (Bucket *b = mbuckets; b; b = b->allnext) {
			MemRecord *mp = bucket_mp(b);
			for (int c = 0; c < 3; c++) {
				cycle_add(&mp->active, &mp->future[c]);
				memset(&mp->future[c], 0, sizeof(MemRecordCycle));
			}
		}
	}
	int n = 0;
	for (Bucket *b = mbuckets; b; b = b->allnext) {
		MemRecord *mp = bucket_mp(b);
		if (inuse_zero || mp->active.alloc_bytes != mp->active.free_bytes) {
			n++;
			if (fn)
				fn(b, &mp->active, arg);
		}
	}
	pthread_mutex_unlock(&proflock);
	return n;
}

/* ---------------------------------------------------------------- sampling */

int64_t MemProfileRate = MPROF_DEFAULT_RATE;
int64_t *mprof_rate_ptr = &MemProfileRate;
int64_t mprof_next_sample;
/* -1 is never a rate: it marks the countdown as not drawn yet. */
int64_t mprof_rate_seen = -1;

/* wyrand: a 64-bit generator with a 64-bit state, good enough for sampling (Go's cheaprand). */
static uint64_t rand_state = 0x6a09e667f3bcc909u;

void mprof_seed(uint64_t seed)
{
	rand_state = seed;
}

static uint64_t cheaprand64(void)
{
	rand_state += 0xa0761d6478bd642fu;
	__uint128_t m = (__uint128_t)rand_state * (rand_state ^ 0xe7037ed1a0b428dbu);
	return (uint64_t)(m >> 64) ^ (uint64_t)m;
}

int64_t mprof_fastexprand(int64_t mean)
{
	/* Go clamps the mean so that the result (at most about 20 * mean) fits an int32. */
	if (mean > 0x7000000)
		mean = 0x7000000;
	if (mean <= 0)
		return 0;
	/* q uniform in 1..2^26; -ln(q / 2^26) * mean is exponential with that mean. */
	uint64_t q = (cheaprand64() >> 38) + 1;
	double qlog = log2((double)q) - 26;
	if (qlog > 0)
		qlog = 0;
	const double minus_log2 = -0.6931471805599453094;
	return (int64_t)(int32_t)(qlog * minus_log2 * (double)mean) + 1;
}

int64_t mprof_next_sample_draw(void)
{
	if (*mprof_rate_ptr == 0)
		return INT64_MAX;
	if (*mprof_rate_ptr == 1)
		return 0;
	return mprof_fastexprand(*mprof_rate_ptr);
}

bool mprof_should_sample_slow(uintptr_t size)
{
	if (mprof_rate_seen == -1) {
		/* The first allocation: draw the P's first countdown (Go's allocmcache), charge it. */
		mprof_rate_seen = *mprof_rate_ptr;
		mprof_next_sample = mprof_next_sample_draw() - (int64_t)size;
		if (mprof_next_sample >= 0)
			return false;
	}
	/* Go's profilealloc: note the rate, draw the next countdown, record this allocation. */
	mprof_rate_seen = *mprof_rate_ptr;
	mprof_next_sample = mprof_next_sample_draw();
	return true;
}

/* ---------------------------------------------------------------- sampled objects */

#define PAGE_SHIFT_MPROF 13 /* 8 KiB pages, the heap's */

typedef struct Entry {
	uintptr_t key; /* slot address or page number; 0 = empty */
	uintptr_t val; /* Bucket * for objects, the object count for pages */
	uintptr_t size;
} Entry;

typedef struct Table {
	Entry *e;
	uintptr_t cap; /* a power of two, or 0 */
	uintptr_t len;
} Table;

static Table objects, pages;

static inline uintptr_t slot_of(const Table *t, uintptr_t key)
{
	return (uintptr_t)((key * 0x9e3779b97f4a7c15u) >> 17) & (t->cap - 1);
}

static Entry *table_find(const Table *t, uintptr_t key)
{
	if (!t->len)
		return NULL;
	for (uintptr_t i = slot_of(t, key);; i = (i + 1) & (t->cap - 1)) {
		if (t->e[i].key == key)
			return &t->e[i];
		if (!t->e[i].key)
			return NULL;
	}
}

static Entry *table_insert(Table *t, uintptr_t key);

static void table_grow(Table *t)
{
	Table old = *t;
	t->cap = old.cap ? old.cap * 2 : 64;
	t->len = 0;
	t->e = calloc(t->cap, sizeof(Entry));
	if (!t->e)
		profiler_oom();
	for (uintptr_t i = 0; i < old.cap; i++)
		if (old.e[i].key)
			*table_insert(t, old.e[i].key) = old.e[i];
	free(old.e);
}

/* The entry for key, added (zeroed but for the key) when missing. */
static Entry *table_insert(Table *t, uintptr_t key)
{
	if ((t->len + 1) * 2 > t->cap)
		table_grow(t);
	uintptr_t i = slot_of(t, key);
	for (; t->e[i].key; i = (i + 1) & (t->cap - 1))
		if (t->e[i].key == key)
			return &t->e[i];
	t->len++;
	t->e[i] = (Entry){.key = key};
	return &t->e[i];
}

/* Removes e, shifting back the entries of its probe run so that lookups stay correct. */
static void table_remove(Table *t, Entry *e)
{
	uintptr_t mask = t->cap - 1, hole = (uintptr_t)(e - t->e);
	for (uintptr_t j = (hole + 1) & mask; t->e[j].key; j = (j + 1) & mask) {
		uintptr_t home = slot_of(t, t->e[j].key);
		/* e[j] may fill the hole when its home is not in (hole, j] cyclically. */
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			t->e[hole] = t->e[j];
			hole = j;
		}
	}
	t->e[hole].key = 0;
	t->len--;
}

void mprof_record_object(uintptr_t addr, Bucket *b, uintptr_t size)
{
	assert(addr != 0 && b);
	pthread_mutex_lock(&proflock);
	Entry *e = table_insert(&objects, addr);
	assert(e->val == 0 && "profile already set");
	e->val = (uintptr_t)b;
	e->size = size;
	table_insert(&pages, (addr >> PAGE_SHIFT_MPROF) + 1)->val++;
	pthread_mutex_unlock(&proflock);
}

bool mprof_any_sampled(uintptr_t lo, uintptr_t hi)
{
	if (hi <= lo)
		return false;
	bool any = false;
	pthread_mutex_lock(&proflock);
	if (objects.len)
		for (uintptr_t p = lo >> PAGE_SHIFT_MPROF; p <= (hi - 1) >> PAGE_SHIFT_MPROF && !any; p++)
			any = table_find(&pages, p + 1) != NULL;
	pthread_mutex_unlock(&proflock);
	return any;
}

/* Forgets the sampled object at addr, reporting its free; proflock is held. */
static bool object_freed_locked(uintptr_t addr)
{
	Entry *e = table_find(&objects, addr);
	if (!e)
		return false;
	mProf_Free((Bucket *)e->val, e->size);
	table_remove(&objects, e);
	Entry *pe = table_find(&pages, (addr >> PAGE_SHIFT_MPROF) + 1);
	assert(pe && pe->val > 0);
	if (--pe->val == 0)
		table_remove(&pages, pe);
	return true;
}

bool mprof_object_freed(uintptr_t addr)
{
	pthread_mutex_lock(&proflock);
	bool freed = object_freed_locked(addr);
	pthread_mutex_unlock(&proflock);
	return freed;
}

/* Two passes: removing entries while walking the open-addressed table would move entries
 * not yet visited behind the walk. */
void mprof_free_unmarked(bool (*alive)(uintptr_t addr))
{
	pthread_mutex_lock(&proflock);
	uintptr_t n = 0;
	uintptr_t *dead = objects.len ? malloc(objects.len * sizeof *dead) : NULL;
	if (objects.len && !dead)
		profiler_oom();
	for (uintptr_t i = 0; i < objects.cap; i++)
		if (objects.e[i].key && !alive(objects.e[i].key))
			dead[n++] = objects.e[i].key;
	for (uintptr_t i = 0; i < n; i++)
		object_freed_locked(dead[i]);
	pthread_mutex_unlock(&proflock);
	free(dead);
}

uintptr_t mprof_sampled_objects(void)
{
	pthread_mutex_lock(&proflock);
	uintptr_t n = objects.len;
	pthread_mutex_unlock(&proflock);
	return n;
}

/* ---------------------------------------------------------------- block and mutex profiles */

int64_t blockprofilerate;
int64_t mutexprofilerate;

/* Go's cheaprand64(): uniform in [0, 2^63). */
static int64_t rand63(void)
{
	return (int64_t)(cheaprand64() >> 1);
}

int64_t mprof_cputicks(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void mprof_set_block_profile_rate(int64_t rate)
{
	int64_t r;
	if (rate <= 0) {
		r = 0;
	} else if (rate == 1) {
		r = 1;
	} else {
		/* ns to ticks in float64, as Go (here the identity: a tick is a nanosecond) */
		r = (int64_t)((double)rate * (double)MPROF_TICKS_PER_SECOND / 1e9);
		if (r == 0)
			r = 1;
	}
	atomic_store((_Atomic int64_t *)&blockprofilerate, r);
}

int64_t mprof_set_mutex_profile_fraction(int64_t rate)
{
	if (rate < 0)
		return mutexprofilerate;
	int64_t old = mutexprofilerate;
	atomic_store((_Atomic int64_t *)&mutexprofilerate, rate);
	return old;
}

bool mprof_blocksampled(int64_t cycles, int64_t rate)
{
	if (rate <= 0 || (rate > cycles && rand63() % rate > cycles))
		return false;
	return true;
}

void mprof_save_block_event_stack(int64_t cycles, int64_t rate, const uintptr_t *stk, int nstk,
                                  BucketType which)
{
	BlockRecord *bp = bucket_bp(mprof_stkbucket(which, 0, stk, nstk, true));
	if (which == BLOCK_PROFILE && cycles < rate) {
		/* un-sampling: the event was kept with probability cycles/rate */
		bp->count += (double)rate / (double)cycles;
		bp->cycles += rate;
	} else if (which == MUTEX_PROFILE) {
		/* one event in 'rate' is kept */
		bp->count += (double)rate;
		bp->cycles += rate * cycles;
	} else {
		bp->count++;
		bp->cycles += cycles;
	}
}

static void save_block_event(int64_t cycles, int64_t rate, MprofStackFn fn, void *arg,
                             BucketType which)
{
	uintptr_t stk[MPROF_MAX_STACK];
	int n = fn ? fn(arg, stk, MPROF_MAX_STACK) : 0;
	mprof_save_block_event_stack(cycles, rate, stk, n, which);
}

void mprof_blockevent(int64_t cycles, MprofStackFn fn, void *arg)
{
	if (cycles <= 0)
		cycles = 1;
	int64_t rate = atomic_load((_Atomic int64_t *)&blockprofilerate);
	if (mprof_blocksampled(cycles, rate))
		save_block_event(cycles, rate, fn, arg, BLOCK_PROFILE);
}

void mprof_mutexevent(int64_t cycles, MprofStackFn fn, void *arg)
{
	if (cycles < 0)
		cycles = 0;
	int64_t rate = atomic_load((_Atomic int64_t *)&mutexprofilerate);
	if (rate > 0 && rand63() % rate == 0)
		save_block_event(cycles, rate, fn, arg, MUTEX_PROFILE);
}

int mprof_block_profile(BucketType which, BlockProfileRecord *p, int max)
{
	int n = 0;
	for (Bucket *b = mprof_buckets(which); b; b = b->allnext)
		n++;
	if (n > max)
		return n;
	int i = 0;
	for (Bucket *b = mprof_buckets(which); b; b = b->allnext, i++) {
		BlockRecord *bp = bucket_bp(b);
		p[i].count = (int64_t)bp->count;
		/* BlockProfile spares consumers a division by zero; MutexProfile does not */
		if (which == BLOCK_PROFILE && p[i].count == 0)
			p[i].count = 1;
		p[i].cycles = bp->cycles;
		p[i].b = b;
	}
	return n;
}
