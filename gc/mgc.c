/*
 * mgc.c - the collector: cycles, marking, the pacer and the statistics (Go's mgc.go,
 * mgcmark.go, mgcpacer.go, mstats.go). The sweeper is gc/mgcsweep.c.
 *
 * A cycle (gc_cycle), in Go's phases. This collector stops the world for all of it: there is
 * one P and the cycle runs at a safepoint of the only goroutine (gc/gc.h explains safepoints).
 *   1. Sweep termination (Go's gcStart): finish sweeping the previous cycle (every span must
 *      be swept before marking reuses its mark bits), hand every mcache span back to its
 *      MCentral, note heap0. Phase GC_MARK.
 *   2. Mark: the root scanner reports globals, goroutine frames and the runtime's own
 *      references; each pointer into an allocated object greys it; the grey queue is drained.
 *   3. Mark termination (gcMarkTermination): phase GC_MARKTERM; under RT_TRACE=checkmark the
 *      whole mark is redone into a second bitmap and any object reachable but not marked is
 *      a fatal error; heapLive becomes the marked bytes; mheap_sweepgen += 2 starts the sweep;
 *      the pacer computes the next goal; statistics; mProf_NextCycle() while the world is
 *      still stopped. Phase GC_OFF.
 *   4. The world restarts: mProf_Flush(); the gctrace line; spans are swept lazily.
 *
 * Tri-color marking. White: mark bit clear. Grey: mark bit set, object on the grey queue (its
 * pointers not yet followed). Black: mark bit set, scanned. greyobject sets the bit and queues
 * the object; the queue is an explicit array (a 10-million-node list never recurses on the C
 * stack). A pointer-free object (noscan span) goes straight to black. A word counts as a
 * pointer only when it points into an allocated slot of an in-use span: NULL, integers,
 * pointers to globals, frames, code or constants, and pointers to free slots are ignored.
 * Interior pointers (&s.f, &a[i], a subslice's data) find their object's base by Go's divMul
 * multiplication. Which words of an object hold pointers comes from its span's heap bitmap
 * (small objects) or its type (large objects): the collector is precise.
 *
 * Pacer (Go 1.18+): goal = marked + (marked + stacks + globals) * GOGC / 100, at least
 * 4 MiB * GOGC / 100; GOGC < 0 (off) means no goal. A memory limit lowers the goal to what
 * fits under it: limit - (memory the heap objects do not use: span fragmentation, stacks,
 * metadata), minus Go's headroom of max(3%, 1 MiB). When even that is below the live heap,
 * the goal is the live heap plus 1/16 of it (at least 1 MiB), so the program slows down instead
 * of collecting at every allocation (Go's GC CPU limiter does this by capping GC at 50% CPU).
 * A stop-the-world collector needs no runway, so the trigger is the goal itself.
 *
 * Improvement on the design note: mallocgc never collects; it only raises gc_wanted, and the
 * interpreter collects at its next safepoint. This keeps natives free of root bookkeeping.
 */
#include "gc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lang/types.h"
#include "../prof/mprof.h"
#include "boehm.h"
#include "malloc.h"
#include "mcache.h"
#include "mcentral.h"
#include "mgcsweep.h"
#include "mheap.h"

#define DEFAULT_HEAP_MINIMUM ((uint64_t)4 << 20) /* Go's defaultHeapMinimum */
#define SCAVENGE_AGE_NS      1000000000ull        /* free pages older than this go back */

GCPhase gc_phase;
bool gc_wanted;
bool gc_boehm;
uint64_t gc_heap_live;
uint64_t gc_trigger = DEFAULT_HEAP_MINIMUM;

static GCConfig cfg = {.gogc = 100, .memlimit = INT64_MAX};
static GCRootScanner root_scanner;
static void (*start_hook)(void);
void (*gc_test_after_mark)(void);
static int64_t stress_left; /* allocations until the next gcstress cycle */

/* Pacer state (Go's gcControllerState). */
static uint64_t heap_marked;     /* bytes marked by the last cycle */
static uint64_t heap_goal;       /* the current goal */
static uint64_t last_stack_scan; /* stack bytes the last cycle scanned */
static uint64_t globals_scan;    /* global bytes the last cycle scanned */

/* Statistics (Go's memstats). */
static uint64_t start_ns;       /* runtime start, the time base of gctrace */
static uint64_t stack_inuse;    /* goroutine stacks, from the runtime */
static uint32_t numgc, numforcedgc;
static uint64_t pause_total_ns, pause_ns[256], pause_end[256], last_gc_unix;
static uint64_t gc_total_ns; /* all time spent in cycles (one P: the GC CPU time) */

/* Marking state. */
static uintptr_t *grey;         /* the grey queue: base addresses of grey objects */
static size_t ngrey, greycap;
static uint64_t bytes_marked;   /* this cycle's marked bytes (Go's work.bytesMarked) */
static uint64_t stack_scanned;  /* stack bytes reported by the root scanner */
static uint64_t globals_scanned;
static bool checkmarking;       /* the checkmark pass is running */

/*
 * The background mark worker (RT_TRACE=bgmark). While 'conc' is set (from mark setup to the
 * start of mark termination) a second thread drains the grey queue alongside the program:
 * mark bits and bytes_marked change by atomic operations, each thread greys into a buffer of
 * its own (lbuf) that it hands to the shared queue under gq_mu, and the shared queue is only
 * touched under gq_mu. The program's thread still runs the root jobs and its own mark steps.
 * Marking is over when the program's thread finds its buffer flushed, the shared queue empty
 * and the worker idle (bg_busy clear, under gq_mu): nothing can grey an object after that but
 * the program itself, which is stopped at that safepoint. Outside 'conc' the worker waits and
 * everything is single-threaded as before.
 */
#define LBUF_N 256
typedef struct LocalBuf {
	size_t n;
	uintptr_t o[LBUF_N];
} LocalBuf;
static _Thread_local LocalBuf lbuf;
static _Thread_local uint64_t lmarked; /* bytes this thread marked, not yet in bytes_marked */
static bool conc;
static pthread_mutex_t gq_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gq_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t gq_idle = PTHREAD_COND_INITIALIZER;
static bool bg_on, bg_busy, bg_started;
static uint64_t bg_started_ns;
static uint64_t bg_scan_work, bg_ns; /* the worker's, under gq_mu */
static uint64_t bg_credit;             /* the worker's scan work no assist has claimed (atomic) */
static size_t gq_len;                  /* ngrey as last published under gq_mu (atomic) */

/* The cycle in progress (phase GC_MARK between safepoints). */
static GCRootJobs root_jobs;
static bool have_root_jobs;
static size_t root_next, root_count; /* jobs done, jobs in this cycle */
static bool cycle_forced;
static uint64_t cyc_t0, cyc_t1;      /* start of sweep termination, start of marking */
static uint64_t cyc_heap0;           /* gc_heap_live when the cycle started */
static uint64_t cyc_setup_ns;        /* the setup pause */
static uint64_t cyc_assist_ns;       /* time spent in mark steps */
static uint64_t cyc_max_step_ns;     /* the longest mark step */
static uint64_t cyc_idle_ns;         /* marking done while every goroutine was blocked */
static uint64_t cyc_bg_ns;           /* the background worker's marking time */
static uint64_t cyc_nsteps;          /* mark steps this cycle */
static bool cyc_whole;               /* the whole cycle ran at one safepoint */
static uint64_t assist_base;         /* gc_heap_live when the last mark step ended */
static uint64_t scan_work;           /* bytes scanned this cycle (objects and roots) */

/* Mark steps: allocation asks for a step every MARK_STEP_ALLOC bytes; a step scans in
 * proportion to the bytes allocated since the last one (gc_safepoint), between MARK_STEP_MIN
 * and MARK_STEP_MAX bytes. */
#define MARK_STEP_ALLOC ((uint64_t)16 << 10)
#define MARK_STEP_MIN   ((int64_t)16 << 10)
#define MARK_STEP_MAX   ((int64_t)512 << 10)
uint64_t gc_max_mark_step_ns; /* the longest mark step since start, for benchmarks */

/* The Boehm backend's side of safepoints, runtime.GC and FreeOSMemory (at the end). */
static void bh_safepoint(void);
static void bh_collect(bool forced, bool unmap);
static void bh_pace(void);
static void boehm_read_memstats(GCMemStats *m);

uint64_t gc_nanotime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t unix_nanotime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void gc_fatal(const char *msg)
{
	if (cfg.flush)
		cfg.flush();
	fprintf(stderr, "fatal error: %s\n", msg);
	exit(2);
}

/* ---------------------------------------------------------------- pacer */

uint64_t gc_heap_goal(uint64_t marked, uint64_t stacks, uint64_t globals, int gogc)
{
	if (gogc < 0)
		return UINT64_MAX;
	uint64_t goal = marked + (marked + stacks + globals) * (uint64_t)gogc / 100;
	uint64_t min = DEFAULT_HEAP_MINIMUM * (uint64_t)gogc / 100;
	return goal < min ? min : goal;
}

/* The goal under the memory limit (see the top comment), or UINT64_MAX without a limit. */
static uint64_t memlimit_goal(void)
{
	if (cfg.memlimit == INT64_MAX)
		return UINT64_MAX;
	MHeapStats st;
	mheap_stats(&st);
	uint64_t heap_alloc = gc_total_alloc() - __atomic_load_n(&sweep_freed_bytes, __ATOMIC_RELAXED);
	uint64_t ready = st.heap_sys - st.heap_released;
	uint64_t nonheap = ready - (st.heap_idle - st.heap_released) - heap_alloc + stack_inuse +
	                   globals_scan + mheap_nallspans * sizeof(MSpan);
	uint64_t limit = (uint64_t)cfg.memlimit;
	uint64_t goal = limit > nonheap ? limit - nonheap : 0;
	uint64_t headroom = goal / 100 * 3;
	if (headroom < ((uint64_t)1 << 20))
		headroom = (uint64_t)1 << 20;
	goal = goal > headroom ? goal - headroom : 0;
	uint64_t floor = heap_marked + (heap_marked / 16 > ((uint64_t)1 << 20)
	                                        ? heap_marked / 16
	                                        : ((uint64_t)1 << 20));
	return goal < floor ? floor : goal;
}

/*
 * Proportional sweeping (Go's sweep pacing): after a cycle, the spans left to sweep are swept a
 * few at a time by allocation, in proportion to the bytes allocated, so that all are swept well
 * before the next cycle's trigger and mark setup has nothing left to sweep. mallocgc's single
 * trigger compare covers this too: gc_trigger is the next sweep step or the cycle trigger,
 * whichever comes first.
 */
#define SWEEP_STEP_ALLOC ((uint64_t)256 << 10)
static uint64_t cycle_trigger = DEFAULT_HEAP_MINIMUM; /* where the next cycle starts */
static bool sweep_pending;
static uint64_t sweep_base;
static double sweep_spans_per_byte;

static void set_alloc_trigger(void)
{
	uint64_t t = cycle_trigger;
	if (sweep_pending && gc_heap_live + SWEEP_STEP_ALLOC < t)
		t = gc_heap_live + SWEEP_STEP_ALLOC;
	gc_trigger = cfg.stress ? 0 : t;
}

static void sweep_start_paced(void)
{
	sweep_pending = true;
	sweep_base = gc_heap_live;
	uint64_t room = cycle_trigger > gc_heap_live ? cycle_trigger - gc_heap_live : 0;
	if (room < SWEEP_STEP_ALLOC)
		room = SWEEP_STEP_ALLOC;
	/* finish at four fifths of the way to the trigger */
	sweep_spans_per_byte = (double)mheap_nallspans * 1.25 / (double)room;
}

static void sweep_step(void)
{
	uint64_t alloc = gc_heap_live > sweep_base ? gc_heap_live - sweep_base : 0;
	uint64_t want = (uint64_t)((double)alloc * sweep_spans_per_byte) + 1;
	mheap_lock();
	while (want-- > 0)
		if (gc_sweepone() == UINTPTR_MAX) {
			sweep_pending = false;
			break;
		}
	mheap_unlock();
	sweep_base = gc_heap_live;
}

/*
 * The background sweeper (Go's bgsweep; on unless RT_TRACE=nobgsweep): a thread woken at every
 * mark termination that sweeps span after span, taking the heap lock for a few spans at a time,
 * until none is left unswept. Allocation keeps sweeping lazily and in proportion as well, so
 * whichever thread comes first sweeps a span (the heap lock and the span's sweepgen decide), and
 * mark setup still sweeps what is left. Everything the sweeper touches - span lists, span bits,
 * the page heap, the profile's table of sampled objects (under its own lock), the free counts
 * (atomic) - is shared under those rules; the mark worker never runs while spans are unswept.
 */
static pthread_mutex_t sw_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sw_cv = PTHREAD_COND_INITIALIZER;
static bool sw_requested, sw_started;

static void *bg_sweeper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&sw_mu);
	for (;;) {
		while (!sw_requested)
			pthread_cond_wait(&sw_cv, &sw_mu);
		sw_requested = false;
		pthread_mutex_unlock(&sw_mu);
		for (bool more = true; more;) {
			mheap_lock();
			for (int i = 0; i < 4 && more; i++)
				more = gc_sweepone() != UINTPTR_MAX;
			mheap_unlock();
		}
		pthread_mutex_lock(&sw_mu);
	}
	return NULL;
}

static void bgsweep_wake(void)
{
	if (!cfg.bgsweep || cfg.stress)
		return;
	if (!sw_started) {
		pthread_t t;
		if (pthread_create(&t, NULL, bg_sweeper, NULL) != 0)
			return; /* no thread: allocation and mark setup sweep everything */
		pthread_detach(t);
		sw_started = true;
	}
	pthread_mutex_lock(&sw_mu);
	sw_requested = true;
	pthread_cond_signal(&sw_cv);
	pthread_mutex_unlock(&sw_mu);
}

/* Recomputes the goal and the trigger (Go's gcControllerCommit). */
static void pacer_commit(void)
{
	if (gc_boehm) {
		bh_pace();
		return;
	}
	uint64_t goal = gc_heap_goal(heap_marked, last_stack_scan, globals_scan, cfg.gogc);
	uint64_t mgoal = memlimit_goal();
	heap_goal = goal < mgoal ? goal : mgoal;
	if (gc_phase == GC_MARK)
		return; /* mark steps pace themselves; the new goal applies to them at once */
	/* Marking runs while the program allocates, so it starts before the goal: at 70% of the
	 * way from the last marked heap to the goal (stop-the-world marking needs no runway). */
	uint64_t trigger = heap_goal;
	if (!cfg.stoptheworld && heap_goal != UINT64_MAX && heap_goal > heap_marked)
		trigger = heap_marked + (heap_goal - heap_marked) / 10 * 7;
	cycle_trigger = trigger;
	set_alloc_trigger();
	gc_wanted = !cfg.stress && gc_heap_live >= cycle_trigger;
}

void gc_alloc_trigger(void)
{
	if (gc_phase == GC_MARK && !cfg.stress) {
		gc_wanted = true; /* time for a mark step (an assist) */
		return;
	}
	if (sweep_pending)
		sweep_step();
	if (!cfg.stress) {
		if (gc_heap_live >= cycle_trigger)
			gc_wanted = true;
		else
			set_alloc_trigger();
		return;
	}
	{
		if (--stress_left > 0)
			return;
		stress_left = cfg.stress;
	}
	gc_wanted = true;
}

int gc_set_percent(int percent)
{
	int old = cfg.gogc;
	cfg.gogc = percent < 0 ? -1 : percent;
	if (gc_boehm && (old < 0) != (cfg.gogc < 0))
		boehm_enable(cfg.gogc >= 0);
	pacer_commit();
	return old;
}

int64_t gc_set_memory_limit(int64_t limit)
{
	int64_t old = cfg.memlimit;
	if (limit >= 0) {
		cfg.memlimit = limit;
		pacer_commit();
	}
	return old;
}

void gc_configure(const GCConfig *c)
{
	cfg = *c;
	gc_boehm_stress_on = gc_boehm && cfg.stress > 0;
	if (gc_boehm && cfg.gogc < 0)
		boehm_enable(false);
	stress_left = cfg.stress;
	if (!start_ns)
		start_ns = gc_nanotime();
	pacer_commit();
}

/* ---------------------------------------------------------------- marking */

void gc_set_start_hook(void (*fn)(void))
{
	start_hook = fn;
}

void gc_set_root_scanner(GCRootScanner fn)
{
	root_scanner = fn;
}

void gc_note_stack_bytes(uint64_t n)
{
	stack_scanned += n;
}

void gc_note_globals_bytes(uint64_t n)
{
	globals_scanned += n;
}

static void grey_push(uintptr_t obj)
{
	if (ngrey == greycap) {
		size_t ncap = greycap ? greycap * 2 : 4096;
		uintptr_t *n = realloc(grey, ncap * sizeof *n);
		if (!n)
			gc_fatal("runtime: out of memory");
		grey = n;
		greycap = ncap;
	}
	grey[ngrey++] = obj;
}

static void checkmark_failed(MSpan *s, uintptr_t obj)
{
	if (cfg.flush)
		cfg.flush();
	fprintf(stderr,
	        "runtime: checkmarks found unexpected unmarked object obj=%#lx s.base()=%#lx "
	        "s.limit=%#lx s.spanclass=%u s.elemsize=%lu\n",
	        (unsigned long)obj, (unsigned long)s->startAddr,
	        (unsigned long)(s->startAddr + s->npages * PAGE_SIZE), s->spanclass,
	        (unsigned long)s->elemsize);
	gc_fatal("checkmark found unmarked object");
}

/* Hands the oldest entries of this thread's grey buffer to the shared queue, keeping the
 * newest 'keep' (the ones most likely still in cache) to scan here. */
static void lbuf_spill(size_t keep)
{
	if (lbuf.n <= keep)
		return;
	size_t give = lbuf.n - keep;
	pthread_mutex_lock(&gq_mu);
	for (size_t i = 0; i < give; i++)
		grey_push(lbuf.o[i]);
	__atomic_store_n(&gq_len, ngrey, __ATOMIC_RELAXED);
	pthread_cond_signal(&gq_work);
	pthread_mutex_unlock(&gq_mu);
	memmove(lbuf.o, lbuf.o + give, keep * sizeof lbuf.o[0]);
	lbuf.n = keep;
}

static void flush_local(void)
{
	if (lmarked) {
		__atomic_fetch_add(&bytes_marked, lmarked, __ATOMIC_RELAXED);
		lmarked = 0;
	}
	lbuf_spill(0);
}

/* Takes up to max entries of the shared queue into this thread's (empty) grey buffer; gq_mu
 * is held. */
static size_t lbuf_take(size_t max)
{
	size_t k = ngrey < max ? ngrey : max;
	ngrey -= k;
	if (k)
		memcpy(lbuf.o, grey + ngrey, k * sizeof lbuf.o[0]);
	lbuf.n = k;
	__atomic_store_n(&gq_len, ngrey, __ATOMIC_RELAXED);
	return k;
}

/* Greys the object w points into, if it is an allocated heap object not yet marked. Runs on
 * both threads while 'conc': its reads of span metadata and the heap are plain (the collector's
 * own business, left out of ThreadSanitizer's view); mark bits change atomically. */
__attribute__((no_sanitize_thread)) static inline void greyobject(uintptr_t w)
{
	MSpan *s = spanOf_inline((void *)w);
	if (!s)
		return;
	uintptr_t off = w - s->startAddr;
	uint32_t idx = 0;
	if (spanclass_sizeclass(s->spanclass) != 0) {
		idx = (uint32_t)(((uint64_t)off * s->divMul) >> 32);
		if (idx >= s->nelems)
			return; /* the span's tail past its last slot */
	} else if (off >= s->largeSize) {
		return; /* past a large object's end, in its last page (Go's span limit) */
	}
	uint64_t bit = (uint64_t)1 << (idx % 64);
	if (!(s->allocBits[idx / 64] & bit))
		return; /* a free slot */
	uint64_t *mb = checkmarking ? s->checkmarkBits : s->gcmarkBits;
	uintptr_t obj = s->startAddr + idx * s->elemsize;
	if (conc) {
		/* a plain look first: most pointers lead to objects already marked, and the
		 * locked instruction would stall this thread's other memory loads */
		if (__atomic_load_n(&mb[idx / 64], __ATOMIC_RELAXED) & bit ||
		    __atomic_fetch_or(&mb[idx / 64], bit, __ATOMIC_RELAXED) & bit)
			return;
		lmarked += s->elemsize;
		if (!spanclass_noscan(s->spanclass)) {
			if (lbuf.n == LBUF_N)
				lbuf_spill(LBUF_N / 2);
			__builtin_prefetch((const void *)obj);
			lbuf.o[lbuf.n++] = obj;
		}
		return;
	}
	if (mb[idx / 64] & bit)
		return;
	mb[idx / 64] |= bit;
	if (checkmarking) {
		if (!(s->gcmarkBits[idx / 64] & bit))
			checkmark_failed(s, obj);
	} else {
		bytes_marked += s->elemsize;
	}
	if (!spanclass_noscan(s->spanclass)) {
		__builtin_prefetch((const void *)obj);
		grey_push(obj);
	}
}

void gc_mark_word(uintptr_t w)
{
	if (__builtin_expect(gc_boehm, 0)) {
		boehm_push(&w, &w + 1);
		return;
	}
	greyobject(w);
}

/* Under Boehm: one push per run of pointer words. */
static void boehm_scan_words(const uintptr_t *p, size_t nwords, const uint8_t *mask)
{
	if (!mask) {
		boehm_push(p, p + nwords);
		return;
	}
	size_t i = 0;
	while (i < nwords) {
		if (!(mask[i / 8] >> (i % 8) & 1)) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < nwords && mask[j / 8] >> (j % 8) & 1)
			j++;
		boehm_push(p + i, p + j);
		i = j;
	}
}

void gc_scan_words(const void *words, size_t nwords, const uint8_t *mask)
{
	const uintptr_t *p = words;
	if (__builtin_expect(gc_boehm, 0)) {
		boehm_scan_words(p, nwords, mask);
		return;
	}
	for (size_t i = 0; i < nwords; i++)
		if (!mask || mask[i / 8] >> (i % 8) & 1)
			greyobject(p[i]);
}

/* ---------------------------------------------------------------- the write barrier */

bool gc_wb_enabled;

void gc_wb_slow(void *slot, void *val)
{
	greyobject(*(const uintptr_t *)slot);
	greyobject((uintptr_t)val);
}

void gc_wb_shade_slow(const void *words, size_t nwords, const uint8_t *ptrmask)
{
	if (words)
		gc_scan_words(words, nwords, ptrmask);
}

void gc_wb_bulk_slow(void *dst, const void *src, size_t nwords, const uint8_t *ptrmask)
{
	gc_scan_words(dst, nwords, ptrmask);
	if (src)
		gc_scan_words(src, nwords, ptrmask);
}

/* Go's maxObletBytes: a large object is scanned in pieces of at most this size. */
#define OBLET_BYTES ((uintptr_t)128 << 10)

/* Queues an address for scanobject: this thread's buffer while marking concurrently, the
 * grey queue otherwise. */
static inline void queue_scan(uintptr_t addr)
{
	if (conc) {
		if (lbuf.n == LBUF_N)
			lbuf_spill(LBUF_N / 2);
		lbuf.o[lbuf.n++] = addr;
	} else {
		grey_push(addr);
	}
}

/*
 * Scans the oblet of the large object in span s that starts at p: the 128 KiB from p, or to the
 * end of the object's elements. Scanning the object's start queues its other oblets (Go's
 * scanobject does the same), so that no mark step scans more than one oblet: a map's bucket
 * array of 40 MB would otherwise be one 10 ms step. Returns the bytes covered.
 */
__attribute__((no_sanitize_thread)) static uintptr_t scan_large(MSpan *s, uintptr_t p)
{
	Type *t = s->largeType;
	if (!t)
		return s->largeSize;
	uintptr_t base = s->startAddr, esz = t->size, ew = esz / 8, pw = t->ptrdata / 8;
	uintptr_t end = base + s->largeSize / esz * esz;
	if (p == base)
		for (uintptr_t o = base + OBLET_BYTES; o < end; o += OBLET_BYTES)
			queue_scan(o);
	uintptr_t lim = end - p > OBLET_BYTES ? p + OBLET_BYTES : end;
	/* element by element: words j0.. of the first (the oblet may start inside one) */
	uintptr_t off = p - base, j0 = off % esz / 8, left = (lim - p) / 8;
	const uintptr_t *w = (const uintptr_t *)(base + off / esz * esz);
	while (left) {
		uintptr_t jend = ew - j0 < left ? ew : j0 + left;
		uintptr_t jp = jend < pw ? jend : pw;
		for (uintptr_t j = j0; j < jp; j++)
			if (t->ptrmask[j / 8] >> (j % 8) & 1)
				greyobject(w[j]);
		left -= jend - j0;
		j0 = 0;
		w += ew;
	}
	return lim - p;
}

/* Blackens a grey object (or one oblet of a large one): greys everything it points to.
 * Returns the bytes it covered. */
__attribute__((no_sanitize_thread)) static uintptr_t scanobject(uintptr_t obj)
{
	MSpan *s = spanOf_inline((void *)obj);
	const uintptr_t *words = (const uintptr_t *)obj;
	if (spanclass_sizeclass(s->spanclass) == 0)
		return scan_large(s, obj);
	uintptr_t w0 = (obj - s->startAddr) / 8, nw = s->elemsize / 8;
	for (uintptr_t i = 0; i < nw;) {
		uintptr_t b = w0 + i, avail = 64 - b % 64;
		if (avail > nw - i)
			avail = nw - i;
		uint64_t bits = s->heapBits[b / 64] >> (b % 64);
		if (avail < 64)
			bits &= ((uint64_t)1 << avail) - 1;
		while (bits) {
			greyobject(words[i + (uintptr_t)__builtin_ctzll(bits)]);
			bits &= bits - 1;
		}
		i += avail;
	}
	return s->elemsize;
}

static void drain(void)
{
	while (ngrey) {
		uintptr_t obj = grey[--ngrey];
		if (ngrey)
			__builtin_prefetch((const void *)grey[ngrey - 1]);
		scan_work += scanobject(obj);
	}
}

/* Runs every root job (or the root scanner) at once. */
static void scan_all_roots(void)
{
	if (have_root_jobs) {
		size_t n = root_jobs.count();
		for (size_t i = 0; i < n; i++)
			root_jobs.scan(i);
		if (root_jobs.term)
			root_jobs.term();
	} else if (root_scanner) {
		root_scanner();
	}
}

/* Every root at once (stop-the-world marking and the checkmark pass). */
static void mark_roots(void)
{
	stack_scanned = globals_scanned = 0;
	scan_all_roots();
	drain();
}

/* Scans the newest entry of this thread's grey buffer. */
static inline uintptr_t lbuf_scan_one(void)
{
	uintptr_t obj = lbuf.o[--lbuf.n];
	if (lbuf.n)
		__builtin_prefetch((const void *)lbuf.o[lbuf.n - 1]);
	return scanobject(obj);
}

/*
 * The worker: takes a batch from the shared queue and drains it depth-first in its own buffer,
 * where the objects it greys go too, so a long list is followed without touching the lock.
 * Every 64 objects it publishes its progress as assist credit (bg_credit) and, when the shared
 * queue has run dry, hands half its buffer over so an assist has something to do (Go's
 * gcWork.balance).
 */
static void *bg_worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&gq_mu);
	for (;;) {
		while (!bg_on || ngrey == 0) {
			bg_busy = false;
			pthread_cond_broadcast(&gq_idle);
			pthread_cond_wait(&gq_work, &gq_mu);
		}
		bg_busy = true;
		lbuf_take(LBUF_N / 2);
		pthread_mutex_unlock(&gq_mu);
		uint64_t t = gc_nanotime(), w = 0, credited = 0;
		for (unsigned n = 1; lbuf.n; n++) {
			w += lbuf_scan_one();
			if (n % 64 == 0) {
				__atomic_fetch_add(&bg_credit, w - credited, __ATOMIC_RELAXED);
				credited = w;
				if (lbuf.n >= 8 && __atomic_load_n(&gq_len, __ATOMIC_RELAXED) == 0)
					lbuf_spill(lbuf.n / 2);
			}
		}
		__atomic_fetch_add(&bg_credit, w - credited, __ATOMIC_RELAXED);
		flush_local();
		pthread_mutex_lock(&gq_mu);
		bg_scan_work += w;
		bg_ns += gc_nanotime() - t;
	}
	return NULL;
}

/* The next root job (a globals chunk, a goroutine, or the whole root scan without jobs); its
 * bytes, plus a little for the job itself, count as scan work. */
static void run_root_job(void)
{
	uint64_t before = stack_scanned + globals_scanned;
	size_t job = root_next++;
	if (have_root_jobs)
		root_jobs.scan(job);
	else if (root_scanner)
		root_scanner();
	scan_work += stack_scanned + globals_scanned - before + 64;
}

/*
 * A mark step on the program's thread while the worker runs: root jobs, the objects its own
 * write barriers and scans greyed, then batches from the shared queue; what is left in its
 * buffer at the end goes to the worker. True when marking is over (see the comment on 'conc').
 * With no budget (the worker's credit paid for the program's allocation) it only hands its
 * buffer over and looks whether marking is over, once the root jobs are done.
 */
static bool mark_step_conc(int64_t budget)
{
	uint64_t start = scan_work;
	for (;;) {
		if (root_next < root_count) {
			run_root_job();
		} else if (lbuf.n && budget > 0) {
			scan_work += lbuf_scan_one();
		} else {
			flush_local();
			pthread_mutex_lock(&gq_mu);
			size_t k = budget > 0 ? lbuf_take(64) : 0;
			bool over = ngrey == 0 && k == 0 && !bg_busy;
			pthread_mutex_unlock(&gq_mu);
			if (over)
				return true;
			if (k == 0)
				return false; /* the worker has the rest in hand */
		}
		if ((int64_t)(scan_work - start) >= budget) {
			flush_local();
			return false;
		}
	}
}

/* Mark setup hands marking to the worker. */
static void conc_start(void)
{
	if (!bg_started) {
		pthread_t t;
		if (pthread_create(&t, NULL, bg_worker, NULL) != 0)
			return; /* no thread: mark on the program's thread alone */
		pthread_detach(t);
		bg_started = true;
		bg_started_ns = gc_nanotime();
	}
	pthread_mutex_lock(&gq_mu);
	conc = true;
	bg_on = true;
	bg_scan_work = bg_ns = 0;
	__atomic_store_n(&bg_credit, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&gq_len, ngrey, __ATOMIC_RELAXED);
	pthread_cond_signal(&gq_work);
	pthread_mutex_unlock(&gq_mu);
}

/* Mark termination takes marking back: the worker finishes its batch and waits. */
static void conc_stop(void)
{
	if (!conc)
		return;
	flush_local();
	pthread_mutex_lock(&gq_mu);
	bg_on = false;
	while (bg_busy)
		pthread_cond_wait(&gq_idle, &gq_mu);
	conc = false;
	scan_work += bg_scan_work;
	cyc_bg_ns = bg_ns;
	pthread_mutex_unlock(&gq_mu);
}



void gc_set_root_jobs(const GCRootJobs *jobs)
{
	root_jobs = *jobs;
	have_root_jobs = true;
}

/* Allocate black (Go's gcmarknewobject): an object allocated while marking is marked at once,
 * so this cycle keeps it; the write barrier takes care of what is stored into it. */
void gc_mark_new_object(MSpan *s, uintptr_t slot)
{
	uint32_t idx = spanclass_sizeclass(s->spanclass)
	                       ? (uint32_t)(((uint64_t)(slot - s->startAddr) * s->divMul) >> 32)
	                       : 0;
	uint64_t size = s->elemsize ? s->elemsize : s->npages * PAGE_SIZE;
	if (conc) {
		__atomic_fetch_or(&s->gcmarkBits[idx / 64], (uint64_t)1 << (idx % 64), __ATOMIC_RELAXED);
		lmarked += size;
		return;
	}
	s->gcmarkBits[idx / 64] |= (uint64_t)1 << (idx % 64);
	bytes_marked += size;
}

/* The slot bits of word w of a span of nelems slots. */
static inline uint64_t slot_mask(uint32_t nelems, uint32_t w)
{
	return (w + 1) * 64 <= nelems ? ~(uint64_t)0 : ((uint64_t)1 << (nelems % 64)) - 1;
}

void gc_black_span(MSpan *s)
{
	uint32_t nwords = mspan_bits_words(s);
	for (uint32_t w = 0; w < nwords; w++) {
		uint64_t free = ~s->allocBits[w] & slot_mask(s->nelems, w);
		if (conc)
			__atomic_fetch_or(&s->gcmarkBits[w], free, __ATOMIC_RELAXED);
		else
			s->gcmarkBits[w] |= free;
	}
}

void gc_unblack_span(MSpan *s, const uint64_t *snap)
{
	uint32_t nwords = mspan_bits_words(s);
	uint64_t n = 0;
	for (uint32_t w = 0; w < nwords; w++) {
		uint64_t free = ~s->allocBits[w] & slot_mask(s->nelems, w);
		n += (uint64_t)__builtin_popcountll(s->allocBits[w] & ~snap[w]);
		if (conc)
			__atomic_fetch_and(&s->gcmarkBits[w], ~free, __ATOMIC_RELAXED);
		else
			s->gcmarkBits[w] &= ~free;
	}
	if (conc)
		lmarked += n * s->elemsize;
	else
		bytes_marked += n * s->elemsize;
}

/*
 * One mark step: root jobs and grey objects until about 'budget' bytes have been scanned.
 * Returns true when marking has run out of work (every root job done, the grey queue empty).
 */
static bool mark_step_conc(int64_t budget);

static bool mark_step(int64_t budget)
{
	if (conc)
		return mark_step_conc(budget);
	uint64_t start = scan_work;
	for (;;) {
		if (ngrey) {
			uintptr_t obj = grey[--ngrey];
			if (ngrey)
				__builtin_prefetch((const void *)grey[ngrey - 1]);
			scan_work += scanobject(obj);
		} else if (root_next < root_count) {
			run_root_job();
		} else {
			return true;
		}
		if ((int64_t)(scan_work - start) >= budget)
			return ngrey == 0 && root_next >= root_count;
	}
}

/* ---------------------------------------------------------------- finalizers */

typedef struct FinRecord {
	uintptr_t obj;
	void *fn, *data;
} FinRecord;

static FinRecord *fins; /* off the GC heap; unordered */
static size_t nfins, fincap;
static void (*finq_hook)(void *obj, void *fn, void *data);

void gc_set_finalizer_queue(void (*queue)(void *obj, void *fn, void *data))
{
	finq_hook = queue;
}

bool gc_add_finalizer(void *obj, void *fn, void *data)
{
	if (gc_boehm) {
		if (!boehm_is_object_start(obj))
			return false;
	} else {
		MSpan *s = spanOf(obj);
		if (!s)
			return false;
		uintptr_t off = (uintptr_t)obj - s->startAddr;
		if (spanclass_sizeclass(s->spanclass) != 0 && off % s->elemsize != 0)
			return false;
		if (spanclass_sizeclass(s->spanclass) == 0 && off != 0)
			return false;
	}
	for (size_t i = 0; i < nfins; i++)
		if (fins[i].obj == (uintptr_t)obj) {
			fins[i].fn = fn;
			fins[i].data = data;
			return true;
		}
	if (nfins == fincap) {
		fincap = fincap ? fincap * 2 : 16;
		fins = realloc(fins, fincap * sizeof *fins);
		if (!fins)
			gc_fatal("runtime: out of memory");
	}
	fins[nfins++] = (FinRecord){(uintptr_t)obj, fn, data};
	if (gc_boehm)
		boehm_set_finalizer(obj, true);
	return true;
}

/* Removes obj's record into *r; false when it has none. */
static bool take_finalizer(uintptr_t obj, FinRecord *r)
{
	for (size_t i = 0; i < nfins; i++)
		if (fins[i].obj == obj) {
			*r = fins[i];
			fins[i] = fins[--nfins];
			return true;
		}
	return false;
}

bool gc_remove_finalizer(void *obj)
{
	FinRecord r;
	if (!take_finalizer((uintptr_t)obj, &r))
		return false;
	if (gc_boehm)
		boehm_set_finalizer(obj, false);
	return true;
}

static bool is_marked(uintptr_t obj)
{
	MSpan *s = spanOf_inline((void *)obj);
	uint32_t idx = spanclass_sizeclass(s->spanclass)
	                       ? (uint32_t)(((uint64_t)(obj - s->startAddr) * s->divMul) >> 32)
	                       : 0;
	return s->gcmarkBits[idx / 64] >> (idx % 64) & 1;
}

/* After the roots: keep what finalizable objects point to (not the objects), then queue the
 * finalizers of the objects still unmarked and resurrect those objects for this cycle. */
static void mark_finalizers(void)
{
	for (size_t i = 0; i < nfins; i++) {
		MSpan *s = spanOf_inline((void *)fins[i].obj);
		if (s && !spanclass_noscan(s->spanclass))
			scanobject(fins[i].obj);
		greyobject((uintptr_t)fins[i].fn);
		greyobject((uintptr_t)fins[i].data);
	}
	drain();
	for (size_t i = 0; i < nfins;) {
		FinRecord r = fins[i];
		if (is_marked(r.obj)) {
			i++;
			continue;
		}
		fins[i] = fins[--nfins];
		greyobject(r.obj);
		drain();
		if (finq_hook)
			finq_hook((void *)r.obj, r.fn, r.data);
	}
}

/* RT_TRACE=checkmark: redo the mark into a second bitmap (Go's gccheckmark). */
static void checkmark(void)
{
	for (size_t i = 0; i < mheap_nallspans; i++) {
		MSpan *s = mheap_allspans[i];
		if (s->state == MSPAN_INUSE && !(s->checkmarkBits = mheap_bits_alloc(
		                                         mspan_bits_words(s))))
			gc_fatal("runtime: out of memory");
	}
	checkmarking = true;
	mark_roots();
	checkmarking = false;
	for (size_t i = 0; i < mheap_nallspans; i++) {
		MSpan *s = mheap_allspans[i];
		if (s->checkmarkBits) {
			mheap_bits_free(s->checkmarkBits, mspan_bits_words(s));
			s->checkmarkBits = NULL;
		}
	}
}

/* ---------------------------------------------------------------- the cycle */

/* Go's fmtNSAsMS: whole ms from 10 ms, else two significant digits, at most three decimals. */
static void fmt_ns_as_ms(char *buf, size_t cap, uint64_t ns)
{
	if (ns >= 10000000) {
		snprintf(buf, cap, "%llu", (unsigned long long)(ns / 1000000));
		return;
	}
	uint64_t x = ns / 1000;
	if (x == 0) {
		snprintf(buf, cap, "0");
		return;
	}
	int dec = 3;
	while (x >= 100) {
		x /= 10;
		dec--;
	}
	uint64_t p = 1;
	for (int i = 0; i < dec; i++)
		p *= 10;
	if (dec == 0)
		snprintf(buf, cap, "%llu", (unsigned long long)x);
	else
		snprintf(buf, cap, "%llu.%0*llu", (unsigned long long)(x / p), dec,
		         (unsigned long long)(x % p));
}

/* GC CPU time over the processor time available since the program started: the program's
 * thread, and the worker's from when it started. */
static double gc_cpu_fraction(void)
{
	uint64_t now = gc_nanotime();
	if (now <= start_ns)
		return 0;
	uint64_t avail = now - start_ns;
	if (bg_started_ns)
		avail += now - bg_started_ns;
	return (double)gc_total_ns / (double)avail;
}

/*
 * Go's gctrace line. Clock: setup pause + marking (wall time while the program ran) +
 * termination pause. CPU: setup + assist/background/idle marking + termination: mark steps
 * run by the goroutine at its safepoints (assists), the background worker's time, and marking
 * done while every goroutine was blocked (idle). The percentage is all GC CPU time so far over
 * the processor time available: the wall time of the program's one P, plus that of the
 * worker's thread once it exists (Go divides by wall time x GOMAXPROCS the same way).
 */
static void print_gctrace(uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t heap0,
                          uint64_t heap1, uint64_t goal, bool forced)
{
	char c0[32], c1[32], c2[32], a[32], z[32], idle[32];
	fmt_ns_as_ms(c0, sizeof c0, t1 - t0);
	fmt_ns_as_ms(c1, sizeof c1, t2 - t1);
	fmt_ns_as_ms(c2, sizeof c2, t3 - t2);
	fmt_ns_as_ms(a, sizeof a, cyc_assist_ns);
	fmt_ns_as_ms(z, sizeof z, cyc_bg_ns);
	fmt_ns_as_ms(idle, sizeof idle, cyc_idle_ns);
	double frac = gc_cpu_fraction();
	if (cfg.flush)
		cfg.flush();
	fprintf(stderr,
	        "gc %u @%.3fs %d%%: %s+%s+%s ms clock, %s+%s/%s/%s+%s ms cpu, "
	        "%llu->%llu->%llu MB, %llu MB goal, %llu MB stacks, %llu MB globals, 1 P%s\n",
	        numgc, (double)(t0 - start_ns) / 1e9, (int)(frac * 100), c0, c1, c2, c0, a, z, idle,
	        c2, (unsigned long long)(heap0 >> 20), (unsigned long long)(heap1 >> 20),
	        (unsigned long long)(heap_marked >> 20), (unsigned long long)(goal >> 20),
	        (unsigned long long)(last_stack_scan >> 20), (unsigned long long)(globals_scan >> 20),
	        forced ? " (forced)" : "");
}

/*
 * Mark setup (Go's gcStart, the first stop-the-world pause): sweep termination, then the write
 * barrier goes on and allocation turns black. Marking then proceeds in steps at later
 * safepoints (mark_step), unless the whole cycle is to run now.
 */
static void mark_setup(bool forced)
{
	cyc_t0 = gc_nanotime();
	if (!start_ns)
		start_ns = cyc_t0;
	gc_finish_sweep();
	if (start_hook)
		start_hook();
	mcache_releaseAll(&mcache0);
	cyc_heap0 = gc_heap_live;
	cycle_forced = forced;
	bytes_marked = 0;
	scan_work = 0;
	stack_scanned = globals_scanned = 0;
	root_next = 0;
	root_count = have_root_jobs ? root_jobs.count() : 1;
	cyc_assist_ns = cyc_max_step_ns = cyc_idle_ns = cyc_nsteps = cyc_bg_ns = 0;
	cyc_whole = false;
	gc_phase = GC_MARK;
	gc_wb_enabled = true;
	/* the roots in C structures are greyed now as well as at termination: what they hold
	 * when marking starts stays marked even if it leaves them meanwhile (a timer firing hands
	 * its arguments to a goroutine that may never be scanned) */
	if (have_root_jobs && root_jobs.term)
		root_jobs.term();
	if (cfg.bgmark && !cfg.stress)
		conc_start();
	cyc_t1 = gc_nanotime();
	cyc_setup_ns = cyc_t1 - cyc_t0;
	assist_base = gc_heap_live;
	gc_trigger = cfg.stress ? 0 : gc_heap_live + MARK_STEP_ALLOC;
}

/* Mark termination (Go's gcMarkTermination, the second pause) and the world's restart. */
static void mark_termination(void)
{
	uint64_t t2 = gc_nanotime();
	conc_stop();
	/* spans the allocator took while marking go back, which marks what it allocated from
	 * them (gc/mcache.c), and none is allocated from before it is swept (Go's
	 * mcache.prepareForSweep) */
	mcache_releaseAll(&mcache0);
	/* roots kept in C structures, which change without barriers, and the finalizers */
	if (have_root_jobs && root_jobs.term)
		root_jobs.term();
	drain();
	mark_finalizers();
	gc_phase = GC_MARKTERM;
	gc_wb_enabled = false;
	uint64_t heap1 = gc_heap_live;
	if (gc_test_after_mark)
		gc_test_after_mark();
	if (cfg.checkmark)
		checkmark();
	uint64_t goal = heap_goal; /* this cycle's goal, for the trace */
	heap_marked = bytes_marked;
	gc_heap_live = bytes_marked;
	last_stack_scan = stack_scanned;
	globals_scan = globals_scanned;
	mheap_lock();
	mheap_sweepgen += 2;
	gc_sweep_start();
	mheap_unlock();
	gc_phase = GC_OFF;
	pacer_commit();
	sweep_start_paced();
	set_alloc_trigger();
	uint64_t t3 = gc_nanotime();
	/* a cycle run at one safepoint stopped the program for all of it */
	uint64_t pause = cyc_whole ? t3 - cyc_t0 : cyc_setup_ns + (t3 - t2);
	pause_ns[numgc % 256] = pause;
	pause_end[numgc % 256] = unix_nanotime();
	last_gc_unix = pause_end[numgc % 256];
	pause_total_ns += pause;
	gc_total_ns += cyc_whole ? pause : pause + cyc_assist_ns + cyc_idle_ns + cyc_bg_ns;
	if (cyc_max_step_ns > gc_max_mark_step_ns)
		gc_max_mark_step_ns = cyc_max_step_ns;
	if (cycle_forced)
		numforcedgc++;
	numgc++;
	mProf_NextCycle();

	/* the world restarts */
	mProf_Flush();
	bgsweep_wake();
	if (cfg.trace)
		print_gctrace(cyc_t0, cyc_t1, t2, t3, cyc_heap0, heap1, goal, cycle_forced);
	if (cfg.trace_level >= 2) {
		char a[32], m[32], p[32];
		fmt_ns_as_ms(a, sizeof a, cyc_assist_ns + cyc_idle_ns);
		fmt_ns_as_ms(m, sizeof m, cyc_max_step_ns);
		fmt_ns_as_ms(p, sizeof p, pause);
		fprintf(stderr, "gc %u mark steps: %llu, %s ms in all, longest %s ms; pauses %s ms\n",
		        numgc, (unsigned long long)cyc_nsteps, a, m, p);
	}
	gc_scavenge(SCAVENGE_AGE_NS, false);
	gc_wanted = !cfg.stress && gc_heap_live >= cycle_trigger;
	if (cfg.stress)
		stress_left = cfg.stress;
}

/* Runs a timed mark step of the given budget; terminates the cycle when marking is done. */
static void mark_step_timed(int64_t budget)
{
	uint64_t t = gc_nanotime();
	bool done = mark_step(budget);
	uint64_t d = gc_nanotime() - t;
	cyc_assist_ns += d;
	cyc_nsteps++;
	if (d > cyc_max_step_ns)
		cyc_max_step_ns = d;
	assist_base = gc_heap_live;
	if (done)
		mark_termination();
}

/* A whole cycle at once (RT_TRACE=stoptheworld, runtime.GC()). */
static void gc_cycle(bool forced)
{
	while (gc_phase == GC_MARK) /* finish the cycle in progress first */
		mark_step_timed(INT64_MAX);
	mark_setup(forced);
	cyc_whole = true;
	while (gc_phase == GC_MARK) /* with a background worker, until it is done too */
		mark_step_timed(INT64_MAX);
}

void gc_safepoint(void)
{
	gc_wanted = false;
	if (gc_boehm) { /* libgc collects inside allocations; what follows a cycle runs here */
		bh_safepoint();
		return;
	}
	if (gc_phase != GC_MARK) {
		if (cfg.stoptheworld) {
			gc_cycle(false);
			return;
		}
		mark_setup(false);
		/* under gcstress, tiny steps interleave marking with the program as much as
		 * possible, to exercise the write barrier */
		mark_step_timed(cfg.stress ? 1 : MARK_STEP_MIN);
		return;
	}
	/*
	 * An assist (Go's assist ratio, recomputed at every step): the scan work still expected
	 * over the allocation room left before the hard goal (1.1 x the goal), times the bytes
	 * allocated since the last step. The expected work is what the last cycle marked plus
	 * the roots; once marking has done more than that (the heap is growing), a quarter of
	 * the live heap more is assumed. A step does at most MARK_STEP_MAX, so pauses stay short
	 * even when the program outruns the marker; only at twice the goal is the rest marked at
	 * once.
	 */
	uint64_t alloc = gc_heap_live > assist_base ? gc_heap_live - assist_base : 0;
	uint64_t expected = heap_marked + last_stack_scan + globals_scan;
	uint64_t done = scan_work;
	if (conc) { /* the worker's share counts too */
		pthread_mutex_lock(&gq_mu);
		done += bg_scan_work;
		pthread_mutex_unlock(&gq_mu);
	}
	uint64_t remaining = expected > done ? expected - done : gc_heap_live / 4;
	uint64_t hard = heap_goal == UINT64_MAX ? UINT64_MAX : heap_goal + heap_goal / 10;
	uint64_t room = hard > gc_heap_live ? hard - gc_heap_live : 0;
	if (room < MARK_STEP_ALLOC)
		room = MARK_STEP_ALLOC;
	double ratio = (double)remaining / (double)room;
	int64_t budget = (int64_t)((double)alloc * ratio);
	if (conc) {
		/* with the worker marking, the program pays only for what it allocates beyond the
		 * worker's pace: the worker's unclaimed scan work pays the debt first (Go's
		 * bgScanCredit) */
		uint64_t credit = __atomic_load_n(&bg_credit, __ATOMIC_RELAXED);
		uint64_t take = credit < (uint64_t)budget ? credit : (uint64_t)budget;
		__atomic_fetch_sub(&bg_credit, take, __ATOMIC_RELAXED);
		budget -= (int64_t)take;
	} else if (budget < MARK_STEP_MIN) {
		budget = MARK_STEP_MIN; /* alone, the program always makes some progress */
	}
	if (budget > MARK_STEP_MAX)
		budget = MARK_STEP_MAX;
	if (cfg.stress)
		budget = 1;
	else if (heap_goal != UINT64_MAX && gc_heap_live >= 2 * heap_goal)
		budget = INT64_MAX;
	mark_step_timed(budget);
	if (gc_phase == GC_MARK)
		gc_trigger = cfg.stress ? 0 : gc_heap_live + MARK_STEP_ALLOC;
}

void gc_idle_mark(uint64_t ns)
{
	uint64_t t0 = gc_nanotime(), end = t0 + ns;
	while (gc_phase == GC_MARK) {
		uint64_t t = gc_nanotime();
		if (t >= end)
			break;
		if (mark_step(MARK_STEP_MIN)) {
			cyc_idle_ns += gc_nanotime() - t;
			mark_termination();
			return;
		}
		cyc_idle_ns += gc_nanotime() - t;
	}
	assist_base = gc_heap_live;
}

void gc_mark_poll(void)
{
	if (gc_phase == GC_MARK) /* with the worker, to notice when marking has ended */
		gc_wanted = true;
}

void gc_collect(void)
{
	if (gc_boehm) {
		bh_collect(false, false);
		return;
	}
	gc_cycle(false);
}

void gc_finish_sweep(void)
{
	mheap_lock();
	while (gc_sweepone() != UINTPTR_MAX) {
	}
	mheap_unlock();
	sweep_pending = false;
}

void gc_runtime_GC(void)
{
	if (gc_boehm) {
		bh_collect(true, false);
		return;
	}
	gc_cycle(true);
	gc_finish_sweep();
	mProf_PostSweep();
}

/* ---------------------------------------------------------------- the scavenger */

/* Go's scavtrace line: the bytes just released (by the background scavenger, or eagerly when
 * forced), the bytes released now, and the in-use share of the memory still retained. */
static void print_scavtrace(uint64_t released, bool forced, uint64_t now_released, uint64_t inuse,
                            uint64_t retained)
{
	if (cfg.flush)
		cfg.flush();
	fprintf(stderr, "scav %llu KiB work (bg), %llu KiB work (eager), %llu KiB now, %llu%% util%s\n",
	        (unsigned long long)((forced ? 0 : released) >> 10),
	        (unsigned long long)((forced ? released : 0) >> 10),
	        (unsigned long long)(now_released >> 10),
	        (unsigned long long)(retained ? inuse * 100 / retained : 0), forced ? " (forced)" : "");
}

/*
 * Gives free pages back to the OS: those free for at least older_than_ns (the background
 * scavenger, run after every cycle: pages a program stopped using a second ago are returned,
 * the ones it keeps reusing are not), or all of them (debug.FreeOSMemory). RT_TRACE=scavenge
 * prints Go's scavtrace line each time.
 */
uint64_t gc_scavenge(uint64_t older_than_ns, bool forced)
{
	uint64_t released = mheap_scavenge(older_than_ns);
	if (cfg.trace_scavenge) {
		MHeapStats st;
		mheap_stats(&st);
		print_scavtrace(released, forced, st.heap_released, st.heap_inuse,
		                st.heap_sys - st.heap_released);
	}
	return released;
}

void gc_free_os_memory(void)
{
	if (gc_boehm) {
		bh_collect(true, true);
		return;
	}
	gc_runtime_GC();
	gc_scavenge(0, true);
}

/* ---------------------------------------------------------------- statistics */

void gc_set_stack_inuse(uint64_t bytes)
{
	stack_inuse = bytes;
}

uint64_t gc_frees(void)
{
	return __atomic_load_n(&sweep_nfree, __ATOMIC_RELAXED);
}

/* The MemStats fields both backends keep the same way: the goal, the cycle counts and the
 * pauses. */
static void cycle_memstats(GCMemStats *m)
{
	m->NextGC = heap_goal;
	m->LastGC = last_gc_unix;
	m->PauseTotalNs = pause_total_ns;
	memcpy(m->PauseNs, pause_ns, sizeof pause_ns);
	memcpy(m->PauseEnd, pause_end, sizeof pause_end);
	m->NumGC = numgc;
	m->NumForcedGC = numforcedgc;
	m->GCCPUFraction = gc_cpu_fraction();
	m->EnableGC = true;
}

void gc_read_memstats(GCMemStats *m)
{
	memset(m, 0, sizeof *m);
	if (gc_boehm) {
		boehm_read_memstats(m);
		return;
	}
	MHeapStats st;
	mheap_stats(&st);
	m->TotalAlloc = gc_total_alloc();
	m->Mallocs = gc_mallocs();
	m->Frees = __atomic_load_n(&sweep_nfree, __ATOMIC_RELAXED);
	m->HeapAlloc = m->TotalAlloc - __atomic_load_n(&sweep_freed_bytes, __ATOMIC_RELAXED);
	m->Alloc = m->HeapAlloc;
	m->HeapObjects = m->Mallocs - m->Frees;
	m->HeapSys = st.heap_sys;
	m->HeapInuse = st.heap_inuse;
	m->HeapIdle = st.heap_idle;
	m->HeapReleased = st.heap_released;
	m->StackInuse = m->StackSys = stack_inuse;
	m->MSpanInuse = m->MSpanSys = mheap_nallspans * sizeof(MSpan);
	m->MCacheInuse = m->MCacheSys = sizeof(MCache);
	m->GCSys = greycap * sizeof(uintptr_t);
	m->OtherSys = globals_scan;
	m->BuckHashSys = mprof_buckhash_sys();
	m->Sys = m->HeapSys + m->StackSys + m->MSpanSys + m->MCacheSys + m->BuckHashSys +
	         m->GCSys + m->OtherSys;
	cycle_memstats(m);
}

/* ---------------------------------------------------------------- the Boehm backend */

/*
 * Under --gc=boehm libgc allocates and collects, inside allocations (gc/boehm.c), and its
 * collection events drive the same bookkeeping as this collector's cycles:
 *   start      - sync.Pool's cleanup (the start hook), the heap size for the trace;
 *   mark end   - mProf_NextCycle();
 *   reclaimed  - the survivors were counted: they give HeapAlloc and HeapObjects until the next
 *                cycle; every sampled object the cycle did not mark is reported freed to the
 *                heap profile (mprof_free_unmarked); the pacer sets the next cycle's allocation
 *                budget; pause statistics; mProf_Flush(); the trace line is queued.
 * None of these may allocate or run program code (libgc's lock is held, somewhere inside an
 * allocation), so what remains - trace lines, finalizers - runs at the next safepoint
 * (bh_safepoint), which gc_wanted asks for, or at the end of runtime.GC.
 *
 * Pacing: GOGC's goal (gc_heap_goal, from the survivors, the stacks and the globals) minus the
 * survivors is the allocation budget before the next cycle (GC_set_min_bytes_allocd); libgc's
 * own rule (about twice the pointerful heap over its free-space divisor) is kept below it by a
 * divisor of 200 / GOGC, which also makes the heap grow by 1 / divisor of itself when it must.
 * libgc applies them when its heap runs out of free blocks; at twice the budget mallocgc has it
 * collect anyway (gc_boehm_trigger, bh_pace).
 */
static uint64_t bh_live, bh_live_objects;      /* what the last cycle kept */
static uint64_t bh_alloc_base, bh_malloc_base; /* gc_total_alloc() and gc_mallocs() then */
static uint64_t bh_heap0;                      /* HeapAlloc when the cycle began */
static bool bh_forced;                         /* the cycle in progress is runtime.GC's */

typedef struct BoehmTrace {
	BoehmCycle c;
	uint32_t n;
	uint64_t heap0, goal, stacks, globals;
	bool forced;
} BoehmTrace;
static BoehmTrace *bh_trace; /* lines waiting for a safepoint (libc memory) */
static size_t bh_ntrace, bh_tracecap;

bool gc_boehm_incremental;
bool gc_boehm_stress_on;
uint64_t gc_boehm_trigger = UINT64_MAX;

/* RT_TRACE=gcstress[=N] under Boehm: a full collection inside every Nth allocation, before
 * libgc allocates (mallocgc), so that every C caller of mallocgc runs with collections inside
 * its allocations - what libgc may do at any allocation. */
void gc_boehm_stress(void)
{
	if (--stress_left > 0)
		return;
	stress_left = cfg.stress;
	boehm_collect();
}

static uint64_t bh_heap_alloc(void)
{
	return bh_live + (gc_total_alloc() - bh_alloc_base);
}

/* Every root at once, each word handed to libgc by gc_mark_word / gc_scan_words; then the
 * finalizer records' functions and arguments (their objects are left to libgc's finalization,
 * which keeps what they point to). */
static void bh_push_roots(void)
{
	stack_scanned = globals_scanned = 0;
	scan_all_roots();
	for (size_t i = 0; i < nfins; i++) {
		gc_mark_word((uintptr_t)fins[i].fn);
		gc_mark_word((uintptr_t)fins[i].data);
	}
}

static void bh_start(void)
{
	bh_heap0 = bh_heap_alloc();
	if (start_hook)
		start_hook();
}

static void bh_mark_end(void)
{
	mProf_NextCycle();
}

/* The next cycle's allocation budget, from GOGC (off: GC_disable, set elsewhere). */
static void bh_pace(void)
{
	heap_goal = cfg.gogc < 0 ? UINT64_MAX
	                         : gc_heap_goal(bh_live, last_stack_scan, globals_scan, cfg.gogc);
	if (cfg.gogc < 0) {
		gc_boehm_trigger = UINT64_MAX;
		return;
	}
	uint64_t budget = heap_goal > bh_live ? heap_goal - bh_live : 1;
	unsigned div = cfg.gogc > 0 ? (unsigned)((200 + cfg.gogc - 1) / cfg.gogc) : 100;
	boehm_set_pacing(budget, div > 100 ? 100 : div);
	/* libgc collects only when its heap has no free block left: a heap that grew once (a
	 * phase with more live data, GOGC off for a while) would otherwise be used up before every
	 * cycle. The runtime stops that at twice the budget; below it libgc's own trigger governs
	 * (at the budget itself, the runtime's trigger would pre-empt libgc's whenever free blocks
	 * are left, and its forced full collections cost binarytrees 15% and 25% more memory). */
	gc_boehm_trigger = bh_alloc_base + 2 * budget;
}

/* mallocgc passed gc_boehm_trigger: twice GOGC's allocation budget since the last cycle, and
 * libgc has not collected (its heap still had free blocks). */
void gc_boehm_due(void)
{
	gc_boehm_trigger = UINT64_MAX; /* until the cycle sets the next one */
	boehm_collect();
}

static bool bh_alive(uintptr_t obj)
{
	return boehm_is_marked(obj);
}

static void bh_reclaimed(const BoehmCycle *c)
{
	uint64_t goal = heap_goal; /* this cycle's, for the trace */
	bh_live = c->live_bytes;
	bh_live_objects = c->live_objects;
	bh_alloc_base = gc_total_alloc();
	bh_malloc_base = gc_mallocs();
	heap_marked = bh_live;
	gc_heap_live = bh_live;
	last_stack_scan = stack_scanned;
	globals_scan = globals_scanned;
	mprof_free_unmarked(bh_alive);
	bh_pace();
	uint64_t pause = c->t_end - c->t_start;
	pause_ns[numgc % 256] = pause;
	pause_end[numgc % 256] = last_gc_unix = unix_nanotime();
	pause_total_ns += pause;
	gc_total_ns += pause + c->step_ns;
	if (c->longest_step_ns > gc_max_mark_step_ns)
		gc_max_mark_step_ns = c->longest_step_ns;
	bool forced = bh_forced;
	bh_forced = false;
	if (forced)
		numforcedgc++;
	numgc++;
	mProf_Flush();
	if (cfg.trace) {
		if (bh_ntrace == bh_tracecap) {
			size_t cap = bh_tracecap ? 2 * bh_tracecap : 8;
			BoehmTrace *t = realloc(bh_trace, cap * sizeof *t);
			if (!t)
				return; /* the line is lost, the program goes on */
			bh_trace = t;
			bh_tracecap = cap;
		}
		bh_trace[bh_ntrace++] = (BoehmTrace){*c, numgc, bh_heap0, goal, last_stack_scan,
		                                     globals_scan, forced};
	}
	gc_wanted = true;
}

static void bh_finalizers_ready(void)
{
	gc_wanted = true;
}

/* libgc runs obj's finalizer: the record goes to the runtime's finalizer queue. */
static void bh_finalize(void *obj)
{
	FinRecord r;
	if (take_finalizer((uintptr_t)obj, &r) && finq_hook)
		finq_hook(obj, r.fn, r.data);
}

/*
 * A gctrace line per cycle, in Go's format. Clock: stopping the world and the root setup, the
 * marking, and the rest (finalization, the start of the sweep, counting the survivors). A full
 * collection stops the program for all three; in incremental mode the marking done in steps
 * before them is the assist time of the CPU figures (libgc marks on the allocating thread: no
 * background or idle marking). Heap: HeapAlloc when the cycle began (twice: libgc allocates
 * nothing while it marks) and the survivors.
 */
static void bh_print_trace(void)
{
	for (size_t i = 0; i < bh_ntrace; i++) {
		const BoehmTrace *t = &bh_trace[i];
		const BoehmCycle *c = &t->c;
		char c0[32], c1[32], c2[32], a[32], steps[32], longest[32], p[32];
		fmt_ns_as_ms(c0, sizeof c0, c->t_mark_start - c->t_start);
		fmt_ns_as_ms(c1, sizeof c1, c->t_mark_end - c->t_mark_start);
		fmt_ns_as_ms(c2, sizeof c2, c->t_end - c->t_mark_end);
		fmt_ns_as_ms(a, sizeof a, c->t_mark_end - c->t_mark_start + c->step_ns);
		fmt_ns_as_ms(steps, sizeof steps, c->step_ns);
		fmt_ns_as_ms(longest, sizeof longest, c->longest_step_ns);
		fmt_ns_as_ms(p, sizeof p, c->t_end - c->t_start);
		if (cfg.flush)
			cfg.flush();
		fprintf(stderr,
		        "gc %u @%.3fs %d%%: %s+%s+%s ms clock, %s+%s/0/0+%s ms cpu, "
		        "%llu->%llu->%llu MB, %llu MB goal, %llu MB stacks, %llu MB globals, 1 P%s\n",
		        t->n, (double)(c->t_start - start_ns) / 1e9, (int)(gc_cpu_fraction() * 100), c0,
		        c1, c2, c0, a, c2, (unsigned long long)(t->heap0 >> 20),
		        (unsigned long long)(t->heap0 >> 20), (unsigned long long)(c->live_bytes >> 20),
		        (unsigned long long)(t->goal == UINT64_MAX ? 0 : t->goal >> 20),
		        (unsigned long long)(t->stacks >> 20), (unsigned long long)(t->globals >> 20),
		        t->forced ? " (forced)" : "");
		if (cfg.trace_level >= 2)
			fprintf(stderr, "gc %u mark steps: %llu, %s ms in all, longest %s ms; pauses %s ms\n",
			        t->n, (unsigned long long)c->steps, steps, longest, p);
	}
	bh_ntrace = 0;
}

static void bh_safepoint(void)
{
	if (bh_ntrace)
		bh_print_trace();
	boehm_run_finalizers();
}

/* runtime.GC (forced), debug.FreeOSMemory (forced, then free memory is unmapped), or a
 * collection the runtime asks for. libgc unmaps only blocks that were already free when the
 * previous collection ended, so FreeOSMemory collects up to three times: the first collection
 * frees, the next ones give the memory back (the third only when free blocks are still
 * mapped). */
static void bh_collect(bool forced, bool unmap)
{
	BoehmStats before, st;
	boehm_stats(&before);
	bh_forced = forced;
	boehm_collect();
	for (int i = 0; unmap && i < 2; i++) {
		bh_forced = forced;
		boehm_free_os_memory();
		boehm_stats(&st);
		if (st.free_bytes < ((uint64_t)1 << 20))
			break;
	}
	bh_forced = false;
	bh_safepoint();
	if (forced)
		mProf_PostSweep();
	if (unmap && cfg.trace_scavenge) {
		boehm_stats(&st);
		print_scavtrace(st.unmapped > before.unmapped ? st.unmapped - before.unmapped : 0, true,
		                st.unmapped, st.heap_size - st.free_bytes, st.heap_size);
	}
}

void gc_boehm_init(void)
{
	static const BoehmHooks hooks = {
	        .push_roots = bh_push_roots,
	        .start = bh_start,
	        .mark_end = bh_mark_end,
	        .reclaimed = bh_reclaimed,
	        .finalizers_ready = bh_finalizers_ready,
	        .finalize = bh_finalize,
	};
	boehm_set_incremental(gc_boehm_incremental);
	boehm_init(&hooks);
	if (!start_ns)
		start_ns = gc_nanotime();
	bh_pace();
}

bool gc_boehm_supported(void)
{
	return boehm_supported();
}

/* MemStats from the last cycle's survivors and the allocations since (as this collector's
 * after a whole sweep), and libgc's heap blocks; what libgc does not expose (span and cache
 * metadata, the collector's own structures) is 0. */
static void boehm_read_memstats(GCMemStats *m)
{
	BoehmStats st;
	boehm_stats(&st);
	m->TotalAlloc = gc_total_alloc();
	m->Mallocs = gc_mallocs();
	m->HeapSys = st.heap_size + st.unmapped;
	m->HeapIdle = st.free_bytes + st.unmapped;
	m->HeapReleased = st.unmapped;
	m->HeapInuse = m->HeapSys - m->HeapIdle;
	uint64_t alloc = bh_heap_alloc();
	m->HeapAlloc = m->Alloc = alloc < m->HeapInuse ? alloc : m->HeapInuse;
	m->HeapObjects = bh_live_objects + (m->Mallocs - bh_malloc_base);
	if (m->HeapObjects > m->Mallocs)
		m->HeapObjects = m->Mallocs;
	m->Frees = m->Mallocs - m->HeapObjects;
	m->StackInuse = m->StackSys = stack_inuse;
	m->BuckHashSys = mprof_buckhash_sys();
	m->Sys = m->HeapSys + m->StackSys + m->BuckHashSys;
	cycle_memstats(m);
}
