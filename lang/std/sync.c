/*
 * sync.c - natives of package sync (lang/std/sync.go): the wait queues goroutines block in,
 * and on top of them Mutex, RWMutex, WaitGroup, Cond's notify list and Pool's caches.
 *
 * Wait queues (Go's sema.go). A goroutine that must wait for a sync object parks on an
 * address inside it: a Mutex's or a WaitGroup's sema word, an RWMutex's readerSem or
 * writerSem, a Cond's notify list. The queues live in 'semtab', a hash table keyed by that
 * address (251 buckets, as Go's semTabSize), one FIFO list of Waiters per address, created when
 * the first goroutine waits there and removed when the last leaves. Gs are not heap objects,
 * so the table is plain C memory; a parked goroutine keeps the object it waits on alive,
 * because the native's argument block, which holds the object's address, stays in its frame.
 *
 * Blocking and waking (runtime/sched.h, "Blocking from C"). A native that must wait queues the
 * running G and calls gopark; the goroutine continues after the call once woken. None of these
 * natives has results when it parks, so a waker has nothing to write into the parked frame:
 * it completes the waiter's operation on its behalf instead (hands it the mutex, or the
 * semaphore count) and calls goready. Every wake goes through sema_ready.
 *
 * Profiling (prof/mprof.h; Go's semacquire1, semrelease1 and notifyListWait). A goroutine about
 * to wait notes the time in g->block_t0 when the block profile is on, and, for a Mutex or an
 * RWMutex (Go's semaMutexProfile waits, not WaitGroup or Cond), its acquire time in its Waiter
 * when the mutex profile is on. sema_ready charges the wait to the block profile with the
 * waiter's stack (its native first - sync.(*Mutex).Lock, sync.(*RWMutex).RLock,
 * sync.(*WaitGroup).Wait - or, for a Cond, sync.(*Cond).Wait, Go's leaf frames). sema_dequeue,
 * which every unlock and release goes through, charges the delay of a waiter with an acquire
 * time to the mutex profile with the UNLOCKER's stack (the running goroutine, inside
 * sync.(*Mutex).Unlock, RWMutex.Unlock or RUnlock): Go's head/tail estimate, dt0 for the
 * waiter taken plus avg(head wait, tail wait) for each other waiter counted on the head, the
 * head and tail then restarting from now so that the next unlock does not charge it again.
 *
 * The objects:
 *   1. Mutex: state bit 0 is "locked", bits 3 and up count the waiters. Lock and Unlock try one
 *      compare-and-swap first. Unlock with waiters leaves the mutex locked and hands it to the
 *      longest waiter, which is readied (Go's starvation-mode hand-off, used always), so
 *      acquisition is FIFO and nobody starves. Unlock of an unlocked mutex is a fatal error.
 *   2. RWMutex: Go's algorithm (rwmutex.go) on two semaphores. A writer first takes the inner
 *      Mutex w, then subtracts rwmutexMaxReaders from readerCount so new readers queue on
 *      readerSem, and waits on writerSem until the readers already inside (readerWait) leave.
 *      When w is handed to a parked writer, the waker runs the rest of that writer's Lock for
 *      it (rw_lock_readers), which may move the writer on to writerSem.
 *   3. WaitGroup: Go's state word (counter << 32 | waiters); the Add that brings the counter
 *      to zero releases every waiter.
 *   4. notify list (Cond): a ticket per waiter; NotifyOne wakes the holder of the oldest
 *      unnotified ticket, NotifyAll every waiter.
 *   5. Pool: see pool_get and poolCleanup below; the caches are heap objects reachable from
 *      the Pool and the pool lists are package variables (sync.go).
 *
 * Every state word is a C11 atomic and the table has a lock, so the state changes and queue
 * changes stay paired when more threads run script code; today one P runs it and natives are
 * never interrupted.
 *
 * Invariants:
 *   - A Mutex with waiters is locked (Unlock hands it over instead of releasing it).
 *   - The number of Waiters queued on a Mutex's sema equals the waiter count in its state.
 *   - A queue (SemaRoot) in semtab is never empty; every queued G is G_WAITING.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../gc/gc.h"
#include "../../prof/mprof.h"
#include "../../runtime/proc.h"
#include "../../runtime/sched.h"
#include "std_int.h"

/* ---------------------------------------------------------------- fatal errors */

/* The line being executed in frame f (its pc is past the call that is running). */
static int frame_line(const Frame *f)
{
	const Instr *pc = f->pc;
	if (pc > f->fn->code)
		pc--;
	uint32_t off = (uint32_t)(pc - f->fn->code);
	int line = f->fn->line;
	for (uint32_t i = 0; i < f->fn->nlines && f->fn->lines[i].pc <= off; i++)
		line = (int)f->fn->lines[i].line;
	return line;
}

/* Go's sync.fatal: "fatal error: <msg>", the goroutine's stack, exit status 2; unrecoverable,
 * and deferred calls do not run. */
static void __attribute__((noreturn)) fatal(G *g, const char *msg)
{
	rt_stdout_flush();
	fprintf(stderr, "fatal error: %s\n\ngoroutine %lld [running]:\n", msg, (long long)g->goid);
	for (int i = (int)g->nframes - 1; i >= 0; i--) {
		const Frame *f = &g->frames[i];
		if (!f->fn->wrapper)
			fprintf(stderr, "%s(...)\n\t%s:%d\n", f->fn->name, f->fn->file,
			        frame_line(f));
	}
	rt_exit(2);
}

static bool nil_check(G *g, const void *p)
{
	if (p)
		return true;
	rt_panic_runtime(g, "invalid memory address or nil pointer dereference");
	return false;
}

/* ---------------------------------------------------------------- wait queues */

/* A goroutine waiting on an address (Go's sudog, for the sync objects). */
typedef struct Waiter {
	G *g;
	uint32_t ticket;     /* notify lists: the ticket the goroutine waits for */
	uint16_t waiters;    /* the head only: waiters behind it (Go's sudog.waiters) */
	int64_t acquiretime; /* mutex profile: when the wait (or its last charge) began; 0: none */
	struct Waiter *next; /* next in the queue, or in the free list */
} Waiter;

/* The queue of one address (Go's semaRoot holds a tree of these; a list suffices here). */
typedef struct SemaRoot {
	const void *addr;
	Waiter *head, *tail;   /* FIFO: head waited longest */
	struct SemaRoot *next; /* next queue in the same bucket, or in the free list */
} SemaRoot;

#define SEMTAB_SIZE 251

static SemaRoot *semtab[SEMTAB_SIZE];
static SemaRoot *free_roots;
static Waiter *free_waiters;
static atomic_flag semlock = ATOMIC_FLAG_INIT; /* guards semtab and the free lists */

static void sem_lock(void)
{
	while (atomic_flag_test_and_set_explicit(&semlock, memory_order_acquire))
		;
}

static void sem_unlock(void)
{
	atomic_flag_clear_explicit(&semlock, memory_order_release);
}

static void *sync_alloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		gc_fatal("runtime: out of memory");
	return p;
}

static SemaRoot **bucket(const void *addr)
{
	return &semtab[((uintptr_t)addr >> 3) % SEMTAB_SIZE];
}

/* The queue of addr, or NULL when nobody waits there. */
static SemaRoot *root_find(const void *addr)
{
	for (SemaRoot *r = *bucket(addr); r; r = r->next)
		if (r->addr == addr)
			return r;
	return NULL;
}

/* Appends gp to addr's queue (semlock held); acquiretime as wait_begin returned it. */
static void sema_enqueue(const void *addr, G *gp, uint32_t ticket, int64_t acquiretime)
{
	SemaRoot *r = root_find(addr);
	if (r && r->head->waiters + 1 != 0) /* Go's uint16 count saturates */
		r->head->waiters++;
	if (!r) {
		r = free_roots;
		if (r)
			free_roots = r->next;
		else
			r = sync_alloc(sizeof *r);
		SemaRoot **b = bucket(addr);
		r->addr = addr;
		r->head = r->tail = NULL;
		r->next = *b;
		*b = r;
	}
	Waiter *w = free_waiters;
	if (w)
		free_waiters = w->next;
	else
		w = sync_alloc(sizeof *w);
	w->g = gp;
	w->ticket = ticket;
	w->waiters = 0;
	w->acquiretime = acquiretime;
	w->next = NULL;
	if (r->tail)
		r->tail->next = w;
	else
		r->head = w;
	r->tail = w;
}

/* Unlinks waiter w (after 'prev', NULL for the head) from r; frees r when it empties.
 * Returns the waiting G. */
static G *sema_unlink(SemaRoot *r, Waiter *prev, Waiter *w)
{
	G *gp = w->g;
	if (prev)
		prev->next = w->next;
	else
		r->head = w->next;
	if (r->tail == w)
		r->tail = prev;
	w->next = free_waiters;
	free_waiters = w;
	if (!r->head) {
		SemaRoot **p = bucket(r->addr);
		while (*p != r)
			p = &(*p)->next;
		*p = r->next;
		r->next = free_roots;
		free_roots = r;
	}
	return gp;
}

/* ---------------------------------------------------------------- profiling */

enum {
	SEMA_BLOCK_PROFILE = 1, /* the wait goes into the block profile */
	SEMA_MUTEX_PROFILE = 2, /* its delay goes into the mutex profile (Mutex, RWMutex) */
};

/*
 * gp is about to wait: Go's t0, taken only while a profile that wants it is on. Sets
 * gp->block_t0 (0 when not timed) and returns the acquire time for its Waiter.
 */
static int64_t wait_begin(G *gp, int profile)
{
	int64_t t0 = 0, acquiretime = 0;
	if ((profile & SEMA_BLOCK_PROFILE) && blockprofilerate > 0)
		t0 = mprof_cputicks();
	gp->block_t0 = t0;
	if ((profile & SEMA_MUTEX_PROFILE) && mutexprofilerate > 0)
		acquiretime = t0 ? t0 : mprof_cputicks();
	return acquiretime;
}

/* A parked goroutine's stack, as Go's block profile shows it. */
static int parked_stack(void *arg, uintptr_t *stk, int max)
{
	G *gp = arg;
	int n = vm_goroutine_stack(gp, stk, max);
	/* Cond: Go's stack starts at sync.(*Cond).Wait, the caller of notifyListWait */
	if (gp->waitreason == WAIT_SYNC_COND && n > 0) {
		memmove(stk, stk + 1, (size_t)(n - 1) * sizeof *stk);
		n--;
	}
	return n;
}

/* The stack of the running goroutine (the unlocker, inside its Unlock native). */
static int running_stack(void *arg, uintptr_t *stk, int max)
{
	(void)arg;
	return vm_goroutine_stack(g_current, stk, max);
}

/* gp's wait is over (gp is still parked): Go's blockevent(releasetime - t0). */
static void block_end(G *gp)
{
	int64_t t0 = gp->block_t0;
	if (!t0)
		return;
	gp->block_t0 = 0;
	mprof_blockevent(mprof_cputicks() - t0, parked_stack, gp);
}

/*
 * Takes the longest waiter off addr's queue (semlock held); NULL when there is none. Go's
 * semaRoot.dequeue and semrelease1's mutexevent: a waiter with an acquire time has its delay,
 * and an estimate of the delay of the waiters behind it, charged to the running goroutine.
 */
static G *sema_dequeue(const void *addr)
{
	SemaRoot *r = root_find(addr);
	if (!r)
		return NULL;
	Waiter *s = r->head, *t = s->next;
	int64_t acquiretime = s->acquiretime, tailtime;
	uint16_t waiters = s->waiters;
	int64_t now = acquiretime ? mprof_cputicks() : 0;
	if (t) {
		t->waiters = s->waiters;
		if (t->waiters > 1)
			t->waiters--;
		/* the delays up to now are charged below: head and tail start again from now */
		t->acquiretime = now;
		tailtime = r->tail->acquiretime;
		r->tail->acquiretime = now;
	} else {
		tailtime = acquiretime;
	}
	G *gp = sema_unlink(r, NULL, s);
	if (acquiretime) {
		int64_t dt0 = now - acquiretime, dt = dt0;
		if (waiters)
			dt += (now - tailtime + dt0) / 2 * (int64_t)waiters;
		mprof_mutexevent(dt, running_stack, NULL);
	}
	return gp;
}

/* Takes the waiter holding 'ticket' off addr's queue (semlock held); NULL when not queued. */
static G *sema_dequeue_ticket(const void *addr, uint32_t ticket)
{
	SemaRoot *r = root_find(addr);
	if (!r)
		return NULL;
	for (Waiter *prev = NULL, *w = r->head; w; prev = w, w = w->next)
		if (w->ticket == ticket)
			return sema_unlink(r, prev, w);
	return NULL;
}

/* Blocks the running goroutine g, which the caller has just queued (after wait_begin). */
static void sema_park(G *g, WaitReason reason)
{
	gopark(g, reason);
}

/*
 * Wakes a goroutine taken off a queue, its operation completed for it; it runs next (Go's
 * ready with next = true). Its wait goes into the block profile first.
 */
static void sema_ready(G *gp)
{
	block_end(gp);
	goready(gp, false);
}

/* A goroutine that is already parked moves on to wait for something else (an RWMutex writer
 * that got w and now waits for the readers): only what its goroutine dump shows changes. */
static void sema_repark(G *gp, WaitReason reason)
{
	gp->waitreason = (uint8_t)reason;
}

/* Go's cansemacquire: takes one count of the semaphore if it has any. */
static bool cansemacquire(_Atomic uint32_t *addr)
{
	uint32_t v = atomic_load(addr);
	while (v > 0)
		if (atomic_compare_exchange_weak(addr, &v, v - 1))
			return true;
	return false;
}

/*
 * Go's semacquire for goroutine gp: takes a count of *addr, or queues gp on addr. A running gp
 * parks; a parked one (running is false) stays parked, waiting for something new. Returns
 * true when gp got the count.
 */
static bool semacquire(G *gp, _Atomic uint32_t *addr, WaitReason reason, int profile,
                       bool running)
{
	if (cansemacquire(addr))
		return true;
	sem_lock();
	if (cansemacquire(addr)) {
		sem_unlock();
		return true;
	}
	sema_enqueue((const void *)addr, gp, 0, wait_begin(gp, profile));
	sem_unlock();
	if (running)
		sema_park(gp, reason);
	else
		sema_repark(gp, reason);
	return false;
}

/* Go's semrelease: the longest waiter gets the count directly (it is readied), else the
 * count goes up for the next semacquire. */
static void semrelease(_Atomic uint32_t *addr)
{
	sem_lock();
	G *gp = sema_dequeue((const void *)addr);
	if (!gp)
		atomic_fetch_add(addr, 1);
	sem_unlock();
	if (gp)
		sema_ready(gp);
}

/* ---------------------------------------------------------------- Mutex */

/* sync.Mutex's layout (sync.go). */
typedef struct Mutex {
	_Atomic int32_t state; /* MUTEX_LOCKED | waiters << MUTEX_WAITER_SHIFT */
	uint32_t sema;         /* only its address is used: the waiters' queue */
} Mutex;

enum {
	MUTEX_LOCKED = 1,
	MUTEX_WAITER_SHIFT = 3, /* Go's bits 1 and 2 (woken, starving) stay 0 here */
	MUTEX_WAITER = 1 << MUTEX_WAITER_SHIFT,
};

/* Locks m for g, or queues g and parks it with 'reason'. Returns true when g has the lock. */
static bool mutex_lock(G *g, Mutex *m, WaitReason reason)
{
	int32_t old = 0;
	if (atomic_compare_exchange_strong(&m->state, &old, MUTEX_LOCKED))
		return true;
	sem_lock();
	for (;;) {
		old = atomic_load(&m->state);
		if (!(old & MUTEX_LOCKED)) {
			if (atomic_compare_exchange_weak(&m->state, &old, old | MUTEX_LOCKED)) {
				sem_unlock();
				return true;
			}
			continue;
		}
		if (atomic_compare_exchange_weak(&m->state, &old, old + MUTEX_WAITER))
			break;
	}
	sema_enqueue(&m->sema, g, 0, wait_begin(g, SEMA_BLOCK_PROFILE | SEMA_MUTEX_PROFILE));
	sem_unlock();
	sema_park(g, reason);
	return false;
}

/* Unlocks m. With waiters, m stays locked and belongs to the longest waiter, which is
 * returned (still parked: the caller readies it); NULL when m became free. */
static G *mutex_unlock(G *g, Mutex *m)
{
	int32_t old = MUTEX_LOCKED;
	if (atomic_compare_exchange_strong(&m->state, &old, 0))
		return NULL;
	sem_lock();
	for (;;) {
		old = atomic_load(&m->state);
		if (!(old & MUTEX_LOCKED)) {
			sem_unlock();
			fatal(g, "sync: unlock of unlocked mutex");
		}
		if (old >> MUTEX_WAITER_SHIFT == 0) {
			if (atomic_compare_exchange_weak(&m->state, &old, old & ~MUTEX_LOCKED)) {
				sem_unlock();
				return NULL;
			}
			continue;
		}
		if (atomic_compare_exchange_weak(&m->state, &old, old - MUTEX_WAITER))
			break;
	}
	G *next = sema_dequeue(&m->sema);
	sem_unlock();
	return next;
}

static bool mutex_trylock(Mutex *m)
{
	int32_t old = atomic_load(&m->state);
	return !(old & MUTEX_LOCKED) &&
	       atomic_compare_exchange_strong(&m->state, &old, old | MUTEX_LOCKED);
}

/* func (m *Mutex) Lock() */
static void n_mutex_lock(G *g, Slot *a)
{
	Mutex *m = (Mutex *)(uintptr_t)a[0];
	if (nil_check(g, m))
		mutex_lock(g, m, WAIT_SYNC_MUTEX);
}

/* func (m *Mutex) Unlock() */
static void n_mutex_unlock(G *g, Slot *a)
{
	Mutex *m = (Mutex *)(uintptr_t)a[0];
	if (!nil_check(g, m))
		return;
	G *next = mutex_unlock(g, m);
	if (next)
		sema_ready(next);
}

/* func (m *Mutex) TryLock() bool */
static void n_mutex_trylock(G *g, Slot *a)
{
	Mutex *m = (Mutex *)(uintptr_t)a[0];
	if (nil_check(g, m))
		a[1] = mutex_trylock(m);
}

/* ---------------------------------------------------------------- RWMutex */

/* sync.RWMutex's layout (sync.go); the atomic.Int32 fields are one int32 each. */
typedef struct RWMutex {
	Mutex w;                     /* held while a writer is pending or active */
	_Atomic uint32_t writerSem;  /* the writer waits here for the readers to leave */
	_Atomic uint32_t readerSem;  /* readers wait here for the writer to finish */
	_Atomic int32_t readerCount; /* readers inside or waiting, minus RW_MAX_READERS while a
	                                writer is pending or active */
	_Atomic int32_t readerWait;  /* readers the pending writer still waits for */
} RWMutex;

#define RW_MAX_READERS (1 << 30)

/*
 * The second half of Lock, for gp, which holds rw->w: announce the writer (new readers now
 * queue) and wait for the readers inside to leave. gp may be running, or parked and just
 * handed w by another goroutine's Unlock. Returns true when gp has the write lock; a parked gp
 * is then readied.
 */
static bool rw_lock_readers(G *gp, RWMutex *rw, bool running)
{
	int32_t r = atomic_fetch_add(&rw->readerCount, -RW_MAX_READERS);
	if (r != 0 && atomic_fetch_add(&rw->readerWait, r) + r != 0 &&
	    !semacquire(gp, &rw->writerSem, WAIT_SYNC_RWMUTEX_W,
	                SEMA_BLOCK_PROFILE | SEMA_MUTEX_PROFILE, running))
		return false;
	if (!running)
		sema_ready(gp);
	return true;
}

/* Releases rw->w; a writer waiting for it gets it and goes on with its Lock. */
static void rw_unlock_w(G *g, RWMutex *rw)
{
	G *next = mutex_unlock(g, &rw->w);
	if (next) {
		block_end(next); /* its wait for w is over (Go: in sync.(*Mutex).Lock) */
		rw_lock_readers(next, rw, false);
	}
}

/* func (rw *RWMutex) RLock() */
static void n_rw_rlock(G *g, Slot *a)
{
	RWMutex *rw = (RWMutex *)(uintptr_t)a[0];
	if (nil_check(g, rw) && atomic_fetch_add(&rw->readerCount, 1) + 1 < 0)
		semacquire(g, &rw->readerSem, WAIT_SYNC_RWMUTEX_R,
		           SEMA_BLOCK_PROFILE | SEMA_MUTEX_PROFILE, true);
}

/* func (rw *RWMutex) TryRLock() bool */
static void n_rw_tryrlock(G *g, Slot *a)
{
	RWMutex *rw = (RWMutex *)(uintptr_t)a[0];
	if (!nil_check(g, rw))
		return;
	int32_t c = atomic_load(&rw->readerCount);
	while (c >= 0)
		if (atomic_compare_exchange_weak(&rw->readerCount, &c, c + 1)) {
			a[1] = 1;
			return;
		}
	a[1] = 0;
}

/* func (rw *RWMutex) RUnlock(): the last reader a pending writer waits for wakes it. */
static void n_rw_runlock(G *g, Slot *a)
{
	RWMutex *rw = (RWMutex *)(uintptr_t)a[0];
	if (!nil_check(g, rw))
		return;
	int32_t r = atomic_fetch_add(&rw->readerCount, -1) - 1;
	if (r >= 0)
		return;
	if (r + 1 == 0 || r + 1 == -RW_MAX_READERS)
		fatal(g, "sync: RUnlock of unlocked RWMutex");
	if (atomic_fetch_add(&rw->readerWait, -1) - 1 == 0)
		semrelease(&rw->writerSem);
}

/* func (rw *RWMutex) Lock() */
static void n_rw_lock(G *g, Slot *a)
{
	RWMutex *rw = (RWMutex *)(uintptr_t)a[0];
	if (nil_check(g, rw) && mutex_lock(g, &rw->w, WAIT_SYNC_MUTEX))
		rw_lock_readers(g, rw, true);
}

/* func (rw *RWMutex) TryLock() bool */
static void n_rw_trylock(G *g, Slot *a)
{
	RWMutex *rw = (RWMutex *)(uintptr_t)a[0];
	if (!nil_check(g, rw))
		return;
	a[1] = 0;
	if (!mutex_trylock(&rw->w))
		return;
	int32_t zero = 0;
	if (!atomic_compare_exchange_strong(&rw->readerCount, &zero, -RW_MAX_READERS)) {
		rw_unlock_w(g, rw);
		return;
	}
	a[1] = 1;
}

/* func (rw *RWMutex) Unlock(): the readers that queued meanwhile go in, then the next
 * writer gets w. */
static void n_rw_unlock(G *g, Slot *a)
{
	RWMutex *rw = (RWMutex *)(uintptr_t)a[0];
	if (!nil_check(g, rw))
		return;
	int32_t r = atomic_fetch_add(&rw->readerCount, RW_MAX_READERS) + RW_MAX_READERS;
	if (r >= RW_MAX_READERS)
		fatal(g, "sync: Unlock of unlocked RWMutex");
	for (int32_t i = 0; i < r; i++)
		semrelease(&rw->readerSem);
	rw_unlock_w(g, rw);
}

/* ---------------------------------------------------------------- WaitGroup */

/* sync.WaitGroup's layout (sync.go): the noCopy marker takes no space. */
typedef struct WaitGroup {
	_Atomic uint64_t state; /* counter << 32 | waiters */
	_Atomic uint32_t sema;
} WaitGroup;

static void wg_add(G *g, WaitGroup *wg, int64_t delta)
{
	uint64_t d = (uint64_t)delta << 32;
	uint64_t state = atomic_fetch_add(&wg->state, d) + d;
	int32_t v = (int32_t)(state >> 32);
	uint32_t w = (uint32_t)state;
	if (v < 0) {
		rt_panic_string(g, "sync: negative WaitGroup counter");
		return;
	}
	if (w != 0 && delta > 0 && v == (int32_t)delta) {
		rt_panic_string(g, "sync: WaitGroup misuse: Add called concurrently with Wait");
		return;
	}
	if (v > 0 || w == 0)
		return;
	/* The counter reached zero with waiters: reset the state and release them all. */
	if (atomic_load(&wg->state) != state) {
		rt_panic_string(g, "sync: WaitGroup misuse: Add called concurrently with Wait");
		return;
	}
	atomic_store(&wg->state, 0);
	for (; w != 0; w--)
		semrelease(&wg->sema);
}

/* func (wg *WaitGroup) Add(delta int) */
static void n_wg_add(G *g, Slot *a)
{
	WaitGroup *wg = (WaitGroup *)(uintptr_t)a[0];
	if (nil_check(g, wg))
		wg_add(g, wg, (int64_t)a[1]);
}

/* func (wg *WaitGroup) Done() */
static void n_wg_done(G *g, Slot *a)
{
	WaitGroup *wg = (WaitGroup *)(uintptr_t)a[0];
	if (nil_check(g, wg))
		wg_add(g, wg, -1);
}

/* func (wg *WaitGroup) Wait() */
static void n_wg_wait(G *g, Slot *a)
{
	WaitGroup *wg = (WaitGroup *)(uintptr_t)a[0];
	if (!nil_check(g, wg))
		return;
	uint64_t state = atomic_load(&wg->state);
	while (state >> 32 != 0)
		if (atomic_compare_exchange_weak(&wg->state, &state, state + 1)) {
			semacquire(g, &wg->sema, WAIT_SYNC_WAITGROUP, SEMA_BLOCK_PROFILE, true);
			return;
		}
}

/* ---------------------------------------------------------------- Cond */

/* sync.notifyList (sync.go). */
typedef struct NotifyList {
	_Atomic uint32_t wait;   /* the next ticket to hand out */
	_Atomic uint32_t notify; /* the next ticket to notify */
} NotifyList;

/* Ticket a was handed out before ticket b (tickets wrap around). */
static bool less(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

/* func runtime_notifyListAdd(l *notifyList) uint32 */
static void n_notify_add(G *g, Slot *a)
{
	NotifyList *l = (NotifyList *)(uintptr_t)a[0];
	a[1] = atomic_fetch_add(&l->wait, 1);
}

/* func runtime_notifyListWait(l *notifyList, t uint32): parks unless t was notified already
 * (between Add and Wait, while the caller unlocked c.L). */
static void n_notify_wait(G *g, Slot *a)
{
	NotifyList *l = (NotifyList *)(uintptr_t)a[0];
	uint32_t t = (uint32_t)a[1];
	sem_lock();
	if (less(t, atomic_load(&l->notify))) {
		sem_unlock();
		return;
	}
	sema_enqueue(l, g, t, wait_begin(g, SEMA_BLOCK_PROFILE));
	sem_unlock();
	sema_park(g, WAIT_SYNC_COND);
}

/* func runtime_notifyListNotifyAll(l *notifyList) */
static void n_notify_all(G *g, Slot *a)
{
	NotifyList *l = (NotifyList *)(uintptr_t)a[0];
	if (atomic_load(&l->wait) == atomic_load(&l->notify))
		return;
	sem_lock();
	atomic_store(&l->notify, atomic_load(&l->wait));
	G *gp;
	while ((gp = sema_dequeue(l))) {
		sem_unlock();
		sema_ready(gp);
		sem_lock();
	}
	sem_unlock();
}

/* func runtime_notifyListNotifyOne(l *notifyList): wakes the holder of the oldest ticket not
 * yet notified; if it has not reached Wait yet, it will find its ticket notified there. */
static void n_notify_one(G *g, Slot *a)
{
	NotifyList *l = (NotifyList *)(uintptr_t)a[0];
	if (atomic_load(&l->wait) == atomic_load(&l->notify))
		return;
	sem_lock();
	uint32_t t = atomic_load(&l->notify);
	if (t == atomic_load(&l->wait)) {
		sem_unlock();
		return;
	}
	atomic_store(&l->notify, t + 1);
	G *gp = sema_dequeue_ticket(l, t);
	sem_unlock();
	if (gp)
		sema_ready(gp);
}

/* func (c *copyChecker) check(): the checker holds its own address from the first use on; a
 * copy of a used Cond holds another address. */
static void n_copychecker_check(G *g, Slot *a)
{
	_Atomic uintptr_t *c = (_Atomic uintptr_t *)(uintptr_t)a[0];
	if (!nil_check(g, c))
		return;
	uintptr_t self = (uintptr_t)c, zero = 0;
	if (atomic_load(c) != self && !atomic_compare_exchange_strong(c, &zero, self) &&
	    atomic_load(c) != self)
		rt_panic_string(g, "sync.Cond is copied");
}

/* ---------------------------------------------------------------- Pool */

/*
 * Go's pool.go with one P. Put stores into the P's private slot, or pushes onto its shared
 * list; Get takes the private item, else pops the newest shared one, else (getSlow) steals the
 * oldest from another P's shared list, else looks in the victim cache the same way. The first
 * use of a pool after a collection allocates its per-P array and lists it in allPools
 * (pinSlow). poolCleanup, the collector's start hook, runs with the world stopped before
 * marking: it drops the victim caches of oldPools and makes every primary cache in allPools a
 * victim, so those objects stay reachable for this cycle and go in the next.
 *
 * Write barriers (gc/gc.h): the caches are GC objects and allPools/oldPools are globals, so
 * every pointer stored into them goes through store_iface, store_slice, gc_write_ptr or the
 * bulk barrier of a grown array, including poolCleanup's (harmless if the barrier is off then).
 */

/* An interface's data word is its only heap pointer (the type word is a Type or an Itab). */
static const uint8_t iface_data_mask[1] = {0x2};

static inline void store_iface(Iface *dst, Iface v)
{
	gc_wb_bulk(dst, &v, 2, iface_data_mask);
	*dst = v;
}

static inline void store_slice(Slice *dst, Slice v)
{
	gc_write_ptr(&dst->ptr, v.ptr);
	dst->len = v.len;
	dst->cap = v.cap;
}

/* The barrier for copying n interfaces from src to dst. */
static void wb_ifaces(Iface *dst, const Iface *src, int64_t n)
{
	if (!gc_wb_enabled)
		return;
	for (int64_t i = 0; i < n; i++)
		gc_wb_bulk(&dst[i], &src[i], 2, iface_data_mask);
}

/* sync.poolLocal and sync.Pool (sync.go; Pool's noCopy marker takes no space). */
typedef struct PoolLocal {
	Iface private_;
	Slice shared; /* []any */
} PoolLocal;

typedef struct Pool {
	Slice local;  /* []poolLocal */
	Slice victim; /* []poolLocal */
	Closure *New;
} Pool;

static Slice *all_pools, *old_pools; /* sync.allPools and sync.oldPools ([]*Pool) */
static Type *poollocal_type;         /* sync.poolLocal */
static Type *poolptr_type;           /* *sync.Pool */

/* Go's pinSlow for the one P (id 0): the per-P caches, allocated and listed if need be. */
static PoolLocal *pool_pin(Pool *p)
{
	if (p->local.len > 0)
		return p->local.ptr;
	int64_t nprocs = 1;
	Slice *all = all_pools;
	if (all->len == all->cap) {
		int64_t cap = all->cap ? 2 * all->cap : 8;
		Slice grown = rt_slice_make(poolptr_type, all->len, cap);
		if (all->len) {
			gc_wb_bulk(grown.ptr, all->ptr, (size_t)all->len, NULL);
			memcpy(grown.ptr, all->ptr, (size_t)all->len * sizeof(Pool *));
		}
		store_slice(all, grown);
	}
	gc_write_ptr(&((Pool **)all->ptr)[all->len++], p);
	store_slice(&p->local, rt_slice_make(poollocal_type, nprocs, nprocs));
	return p->local.ptr;
}

/* Pops the newest item of a shared list (the owning P's end); nil when empty. */
static Iface pop_head(Slice *s)
{
	Iface x = {0};
	if (s->len > 0) {
		Iface *e = (Iface *)s->ptr + --s->len;
		x = *e;
		store_iface(e, (Iface){0});
	}
	return x;
}

/* Pops the oldest item of a shared list (the stealing end); nil when empty. */
static Iface pop_tail(Slice *s)
{
	Iface x = {0};
	if (s->len > 0) {
		Iface *e = s->ptr;
		x = *e;
		store_iface(e, (Iface){0});
		gc_write_ptr(&s->ptr, e + 1);
		s->len--;
		s->cap--;
	}
	return x;
}

static void poolCleanup(void);

/*
 * Under --gc=boehm a collection, and so poolCleanup, can start inside any allocation: also
 * inside Put's, halfway through updating allPools or a shared list. While Put runs, the cleanup
 * is only noted, and Put runs it on its way out.
 */
static bool pool_busy, pool_cleanup_due;

static void pool_put(Pool *p, Iface x);

/* func (p *Pool) Put(x any) */
static void n_pool_put(G *g, Slot *a)
{
	Pool *p = (Pool *)(uintptr_t)a[0];
	Iface x = {(void *)(uintptr_t)a[1], (void *)(uintptr_t)a[2]};
	if (!x.tab || !nil_check(g, p))
		return;
	pool_busy = true;
	pool_put(p, x);
	pool_busy = false;
	if (pool_cleanup_due) {
		pool_cleanup_due = false;
		poolCleanup();
	}
}

static void pool_put(Pool *p, Iface x)
{
	PoolLocal *l = pool_pin(p);
	if (!l->private_.tab) {
		store_iface(&l->private_, x);
		return;
	}
	Slice *s = &l->shared;
	if (s->len == s->cap) {
		int64_t cap = s->cap ? 2 * s->cap : 8;
		Slice grown = rt_slice_make(t_any, s->len, cap);
		if (s->len) {
			wb_ifaces(grown.ptr, s->ptr, s->len);
			memcpy(grown.ptr, s->ptr, (size_t)s->len * sizeof(Iface));
		}
		store_slice(s, grown);
	}
	store_iface((Iface *)s->ptr + s->len++, x);
}

/* Go's getSlow: steal from the other Ps, then search the victim cache. */
static Iface pool_get_slow(Pool *p, int64_t pid)
{
	int64_t size = p->local.len;
	PoolLocal *locals = p->local.ptr;
	for (int64_t i = 0; i < size; i++) {
		Iface x = pop_tail(&locals[(pid + i + 1) % size].shared);
		if (x.tab)
			return x;
	}
	size = p->victim.len;
	if (pid >= size)
		return (Iface){0};
	PoolLocal *victims = p->victim.ptr;
	Iface x = victims[pid].private_;
	if (x.tab) {
		store_iface(&victims[pid].private_, (Iface){0});
		return x;
	}
	for (int64_t i = 0; i < size; i++) {
		x = pop_tail(&victims[(pid + i) % size].shared);
		if (x.tab)
			return x;
	}
	/* The victim cache is empty: later Gets need not look at it. */
	store_slice(&p->victim, (Slice){0});
	return x;
}

/* func (p *Pool) get() any: an item from the caches, nil when they are empty. */
static void n_pool_get(G *g, Slot *a)
{
	Pool *p = (Pool *)(uintptr_t)a[0];
	if (!nil_check(g, p))
		return;
	int64_t pid = 0; /* the P this goroutine runs on */
	Iface x = {0};
	if (p->local.len > pid) {
		PoolLocal *l = (PoolLocal *)p->local.ptr + pid;
		x = l->private_;
		store_iface(&l->private_, (Iface){0});
		if (!x.tab)
			x = pop_head(&l->shared);
	}
	if (!x.tab)
		x = pool_get_slow(p, pid);
	a[1] = (Slot)(uintptr_t)x.tab;
	a[2] = (Slot)(uintptr_t)x.data;
}

/* Go's poolCleanup, the collector's start hook (gc/gc.h): world stopped, before marking. */
static void poolCleanup(void)
{
	if (pool_busy) {
		pool_cleanup_due = true;
		return;
	}
	Pool **pools = old_pools->ptr;
	for (int64_t i = 0; i < old_pools->len; i++)
		store_slice(&pools[i]->victim, (Slice){0});
	pools = all_pools->ptr;
	for (int64_t i = 0; i < all_pools->len; i++) {
		store_slice(&pools[i]->victim, pools[i]->local);
		store_slice(&pools[i]->local, (Slice){0});
	}
	store_slice(old_pools, *all_pools);
	store_slice(all_pools, (Slice){0});
}

/* The byte offset of field 'name' in struct type t, or -1. */
static int64_t field_offset(Type *t, const char *name)
{
	t = types_under(t);
	for (int i = 0; t->kind == K_STRUCT && i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return t->fields[i].offset;
	return -1;
}

/* func runtime_registerPoolCleanup(all, old *[]*Pool, locals, pools any): locals holds a
 * []poolLocal and pools a []*Pool, for their types. The C mirrors of Pool and poolLocal must
 * match the Go declarations; a mismatch is a bug in minirt, reported at once. */
static void n_register_pool_cleanup(G *g, Slot *a)
{
	all_pools = (Slice *)(uintptr_t)a[0];
	old_pools = (Slice *)(uintptr_t)a[1];
	poollocal_type = ((Type *)(uintptr_t)a[2])->elem;
	poolptr_type = ((Type *)(uintptr_t)a[4])->elem;
	Type *pool = poolptr_type->elem;
	if (poollocal_type->size != sizeof(PoolLocal) || pool->size != sizeof(Pool) ||
	    field_offset(poollocal_type, "shared") != offsetof(PoolLocal, shared) ||
	    field_offset(pool, "victim") != offsetof(Pool, victim) ||
	    field_offset(pool, "New") != offsetof(Pool, New))
		fatal(g, "minirt: sync.Pool's C layout does not match sync.go");
	gc_set_start_hook(poolCleanup);
}

const NativeEntry std_sync_natives[] = {
        {"sync.(*Mutex).Lock", n_mutex_lock},
        {"sync.(*Mutex).Unlock", n_mutex_unlock},
        {"sync.(*Mutex).TryLock", n_mutex_trylock},
        {"sync.(*RWMutex).RLock", n_rw_rlock},
        {"sync.(*RWMutex).TryRLock", n_rw_tryrlock},
        {"sync.(*RWMutex).RUnlock", n_rw_runlock},
        {"sync.(*RWMutex).Lock", n_rw_lock},
        {"sync.(*RWMutex).TryLock", n_rw_trylock},
        {"sync.(*RWMutex).Unlock", n_rw_unlock},
        {"sync.(*WaitGroup).Add", n_wg_add},
        {"sync.(*WaitGroup).Done", n_wg_done},
        {"sync.(*WaitGroup).Wait", n_wg_wait},
        {"sync.runtime_notifyListAdd", n_notify_add},
        {"sync.runtime_notifyListWait", n_notify_wait},
        {"sync.runtime_notifyListNotifyOne", n_notify_one},
        {"sync.runtime_notifyListNotifyAll", n_notify_all},
        {"sync.(*copyChecker).check", n_copychecker_check},
        {"sync.runtime_registerPoolCleanup", n_register_pool_cleanup},
        {"sync.(*Pool).Put", n_pool_put},
        {"sync.(*Pool).get", n_pool_get},
        {NULL, NULL},
};
