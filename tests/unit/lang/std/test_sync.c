/*
 * test_sync.c - tests lang/std/sync.c: the blocking natives of package sync, called through
 * the native table (native_lookup) with goroutines made by proc_newg, and whole programs for
 * what needs the interpreter (Pool and the collector, acquisition order seen from scripts).
 *
 * A native that blocks parks its goroutine (status G_WAITING with a wait reason) and returns;
 * waking one makes it runnable, and sched_next hands out the goroutines in the order the
 * scheduler will run them. The tests play the interpreter's part: they call a native "as" a
 * goroutine, and mark the goroutine sched_next returns as running. The structs below mirror
 * the Go declarations in lang/std/sync.go (Go 1.22's layouts).
 *
 * The expectations follow Go's semantics with minirt's one documented difference: a contended
 * Mutex always goes to its longest waiter (FIFO hand-off).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "gc/malloc.h"
#include "lang/native.h"
#include "runtime/proc.h"
#include "runtime/sched.h"

#include "../pipeline.h"

typedef struct TMutex {
	int32_t state; /* 1 = locked, waiters << 3 */
	uint32_t sema;
} TMutex;

typedef struct TRWMutex {
	TMutex w;
	uint32_t writerSem, readerSem;
	int32_t readerCount, readerWait;
} TRWMutex;

typedef struct TWaitGroup {
	uint64_t state; /* counter << 32 | waiters */
	uint32_t sema;
} TWaitGroup;

typedef struct TNotifyList {
	uint32_t wait, notify;
} TNotifyList;

#define RW_MAX_READERS (1 << 30)

static void setup(void)
{
	types_init();
	gc_init();
}

TestSuite(sync, .init = setup);

static NativeFn native(const char *name)
{
	NativeFn fn = native_lookup(name);
	cr_assert_not_null(fn, "no native %s", name);
	return fn;
}

/* A goroutine, running (as if the scheduler had picked it). */
static G *newg(void)
{
	G *g = proc_newg();
	cr_assert_not_null(g);
	g->status = G_RUNNING;
	return g;
}

/* Calls a method-like native with one pointer argument and returns its first result slot. */
static Slot call(const char *name, G *g, void *p)
{
	Slot a[4] = {(Slot)(uintptr_t)p, 0, 0, 0};
	native(name)(g, a);
	return a[1];
}

static Slot call2(const char *name, G *g, void *p, Slot arg)
{
	Slot a[4] = {(Slot)(uintptr_t)p, arg, 0, 0};
	native(name)(g, a);
	return a[2];
}

/* The next goroutine the scheduler runs, now running; NULL when none is runnable. */
static G *run_next(void)
{
	G *gp = sched_next();
	if (gp)
		gp->status = G_RUNNING;
	return gp;
}

static void assert_parked(G *g, WaitReason r)
{
	cr_assert_eq(g->status, G_WAITING, "goroutine %lld should be parked", (long long)g->goid);
	cr_assert_eq(g->waitreason, r, "goroutine %lld waits for %s, not %s", (long long)g->goid,
	             waitreason_string((WaitReason)g->waitreason), waitreason_string(r));
}

/* The panic message a native left pending in g (a string value). */
static const char *pending_panic(G *g)
{
	static char buf[128];
	cr_assert(g->native_panic, "a panic should be pending");
	String *s = g->native_panic_val.data;
	snprintf(buf, sizeof buf, "%.*s", (int)s->len, (const char *)s->ptr);
	return buf;
}

/* ---------------------------------------------------------------- Mutex */

/* Five goroutines queue on a held mutex; each Unlock hands the mutex to the goroutine that
 * has waited longest, which becomes runnable while the mutex stays locked. */
Test(sync, mutex_waiters_acquire_in_fifo_order)
{
	TMutex m = {0};
	G *owner = newg();
	call("sync.(*Mutex).Lock", owner, &m);
	cr_assert_eq(owner->status, G_RUNNING, "an unlocked mutex is taken without parking");
	cr_assert_eq(m.state, 1);

	G *w[5];
	for (int i = 0; i < 5; i++) {
		w[i] = newg();
		call("sync.(*Mutex).Lock", w[i], &m);
		assert_parked(w[i], WAIT_SYNC_MUTEX);
		cr_assert_eq(m.state, 1 | (i + 1) << 3, "state after %d waiters: %d", i + 1,
		             m.state);
	}
	cr_assert_null(sched_next(), "nobody is runnable while all wait");

	G *holder = owner;
	for (int i = 0; i < 5; i++) {
		call("sync.(*Mutex).Unlock", holder, &m);
		cr_assert_eq(holder->status, G_RUNNING, "Unlock does not park");
		cr_assert_eq(m.state, 1 | (4 - i) << 3, "the lock is handed over, not released");
		for (int k = i + 1; k < 5; k++)
			assert_parked(w[k], WAIT_SYNC_MUTEX);
		holder = run_next();
		cr_assert_eq(holder, w[i], "waiter %d should have the mutex, got goroutine %lld", i,
		             holder ? (long long)holder->goid : -1LL);
		cr_assert_null(sched_next());
	}
	call("sync.(*Mutex).Unlock", holder, &m);
	cr_assert_eq(m.state, 0);
	cr_assert_null(sched_next());
}

/* A goroutine that arrives while others wait queues behind them even when it asks just as
 * the mutex is being handed over: no barging. */
Test(sync, mutex_newcomer_queues_behind_waiters)
{
	TMutex m = {0};
	G *a = newg(), *b = newg(), *c = newg();
	call("sync.(*Mutex).Lock", a, &m);
	call("sync.(*Mutex).Lock", b, &m);
	call("sync.(*Mutex).Unlock", a, &m); /* b owns it now, though it has not run yet */
	cr_assert_eq(call("sync.(*Mutex).TryLock", c, &m), 0, "TryLock must not take b's lock");
	call("sync.(*Mutex).Lock", c, &m);
	assert_parked(c, WAIT_SYNC_MUTEX);
	cr_assert_eq(run_next(), b);
	call("sync.(*Mutex).Unlock", b, &m);
	cr_assert_eq(run_next(), c);
	cr_assert_eq(m.state, 1);
}

/* TryLock takes a free mutex and fails on a held one; any goroutine may unlock. */
Test(sync, mutex_trylock_and_unlock_from_another_goroutine)
{
	TMutex m = {0};
	G *a = newg(), *b = newg();
	cr_assert_eq(call("sync.(*Mutex).TryLock", a, &m), 1);
	cr_assert_eq(call("sync.(*Mutex).TryLock", b, &m), 0);
	call("sync.(*Mutex).Unlock", b, &m);
	cr_assert_eq(m.state, 0);
	cr_assert_eq(call("sync.(*Mutex).TryLock", b, &m), 1);
}

/* Unlock of an unlocked mutex is Go's fatal error: exit status 2, nothing to recover. */
Test(sync, mutex_unlock_of_unlocked_is_fatal, .exit_code = 2)
{
	TMutex m = {0};
	G *g = newg();
	call("sync.(*Mutex).Unlock", g, &m);
	cr_assert_fail("Unlock of an unlocked mutex returned");
}

Test(sync, mutex_nil_receiver_panics)
{
	G *g = newg();
	call("sync.(*Mutex).Lock", g, NULL);
	/* A run-time error: the "runtime error: " prefix comes from its Error method. */
	cr_assert_str_eq(pending_panic(g), "invalid memory address or nil pointer dereference");
	cr_assert(g->native_panic_signal, "prints Go's [signal SIGSEGV ...] line");
	cr_assert_eq(g->status, G_RUNNING);
}

/* ---------------------------------------------------------------- RWMutex */

/* A writer waiting for a reader keeps new readers out (Go's writer preference): the late
 * reader parks, the writer gets the lock when the first reader leaves, and the late reader
 * gets in when the writer unlocks. */
Test(sync, rwmutex_pending_writer_blocks_new_readers)
{
	TRWMutex rw = {0};
	G *r1 = newg(), *wr = newg(), *r2 = newg();
	call("sync.(*RWMutex).RLock", r1, &rw);
	cr_assert_eq(r1->status, G_RUNNING);
	cr_assert_eq(rw.readerCount, 1);

	call("sync.(*RWMutex).Lock", wr, &rw);
	assert_parked(wr, WAIT_SYNC_RWMUTEX_W);
	cr_assert_eq(rw.readerCount, 1 - RW_MAX_READERS);
	cr_assert_eq(rw.readerWait, 1);
	cr_assert_eq(call("sync.(*RWMutex).TryRLock", r2, &rw), 0);

	call("sync.(*RWMutex).RLock", r2, &rw);
	assert_parked(r2, WAIT_SYNC_RWMUTEX_R);

	call("sync.(*RWMutex).RUnlock", r1, &rw);
	cr_assert_eq(run_next(), wr, "the writer gets the lock when the reader leaves");
	cr_assert_null(sched_next());
	assert_parked(r2, WAIT_SYNC_RWMUTEX_R);

	call("sync.(*RWMutex).Unlock", wr, &rw);
	cr_assert_eq(run_next(), r2);
	cr_assert_eq(rw.readerCount, 1);
	cr_assert_eq(rw.w.state, 0);
	call("sync.(*RWMutex).RUnlock", r2, &rw);
	cr_assert_eq(rw.readerCount, 0);
}

/* A second writer queues on w; when the first unlocks, the readers that queued meanwhile go
 * in first and the second writer, now holding w, waits for them to leave. */
Test(sync, rwmutex_readers_between_writers)
{
	TRWMutex rw = {0};
	G *w1 = newg(), *w2 = newg(), *ra = newg(), *rb = newg();
	call("sync.(*RWMutex).Lock", w1, &rw);
	cr_assert_eq(w1->status, G_RUNNING);
	cr_assert_eq(call("sync.(*RWMutex).TryLock", w2, &rw), 0);
	call("sync.(*RWMutex).Lock", w2, &rw);
	assert_parked(w2, WAIT_SYNC_MUTEX);
	call("sync.(*RWMutex).RLock", ra, &rw);
	call("sync.(*RWMutex).RLock", rb, &rw);
	assert_parked(ra, WAIT_SYNC_RWMUTEX_R);
	assert_parked(rb, WAIT_SYNC_RWMUTEX_R);

	call("sync.(*RWMutex).Unlock", w1, &rw);
	/* Both readers are runnable; w2 holds w and now waits for them. */
	G *first = run_next(), *second = run_next();
	cr_assert((first == ra && second == rb) || (first == rb && second == ra),
	          "the two readers should be runnable");
	cr_assert_null(sched_next());
	assert_parked(w2, WAIT_SYNC_RWMUTEX_W);
	cr_assert_eq(rw.w.state, 1);
	cr_assert_eq(rw.readerWait, 2);

	call("sync.(*RWMutex).RUnlock", ra, &rw);
	cr_assert_null(sched_next(), "one reader is still inside");
	call("sync.(*RWMutex).RUnlock", rb, &rw);
	cr_assert_eq(run_next(), w2);
	cr_assert_eq(rw.readerCount, -RW_MAX_READERS);
	call("sync.(*RWMutex).Unlock", w2, &rw);
	cr_assert_eq(rw.readerCount, 0);
	cr_assert_eq(rw.w.state, 0);
}

Test(sync, rwmutex_trylock_states)
{
	TRWMutex rw = {0};
	G *g = newg();
	cr_assert_eq(call("sync.(*RWMutex).TryRLock", g, &rw), 1);
	cr_assert_eq(call("sync.(*RWMutex).TryLock", g, &rw), 0);
	cr_assert_eq(rw.w.state, 0, "a failed TryLock releases w again");
	call("sync.(*RWMutex).RUnlock", g, &rw);
	cr_assert_eq(call("sync.(*RWMutex).TryLock", g, &rw), 1);
	cr_assert_eq(call("sync.(*RWMutex).TryRLock", g, &rw), 0);
	cr_assert_eq(call("sync.(*RWMutex).TryLock", g, &rw), 0);
	call("sync.(*RWMutex).Unlock", g, &rw);
	cr_assert_eq(rw.readerCount, 0);
}

Test(sync, rwmutex_runlock_of_unlocked_is_fatal, .exit_code = 2)
{
	TRWMutex rw = {0};
	call("sync.(*RWMutex).RUnlock", newg(), &rw);
	cr_assert_fail("RUnlock of an unlocked RWMutex returned");
}

Test(sync, rwmutex_unlock_while_read_locked_is_fatal, .exit_code = 2)
{
	TRWMutex rw = {0};
	G *g = newg();
	call("sync.(*RWMutex).RLock", g, &rw);
	call("sync.(*RWMutex).Unlock", g, &rw);
	cr_assert_fail("Unlock of a read-locked RWMutex returned");
}

/* ---------------------------------------------------------------- WaitGroup */

/* The counter is the state's high half, the waiters its low half; the Done that reaches zero
 * releases every waiter and clears the state. */
Test(sync, waitgroup_counter_and_waiters)
{
	TWaitGroup wg = {0};
	G *main_g = newg(), *w1 = newg(), *w2 = newg();
	call2("sync.(*WaitGroup).Add", main_g, &wg, 3);
	cr_assert_eq(wg.state, (uint64_t)3 << 32);
	call("sync.(*WaitGroup).Wait", w1, &wg);
	call("sync.(*WaitGroup).Wait", w2, &wg);
	assert_parked(w1, WAIT_SYNC_WAITGROUP);
	assert_parked(w2, WAIT_SYNC_WAITGROUP);
	cr_assert_eq(wg.state, ((uint64_t)3 << 32) | 2);

	call("sync.(*WaitGroup).Done", main_g, &wg);
	call2("sync.(*WaitGroup).Add", main_g, &wg, (Slot)(int64_t)-1);
	cr_assert_eq(wg.state, ((uint64_t)1 << 32) | 2);
	cr_assert_null(sched_next());
	call("sync.(*WaitGroup).Done", main_g, &wg);
	cr_assert_eq(wg.state, 0);
	G *a = run_next(), *b = run_next();
	cr_assert((a == w1 && b == w2) || (a == w2 && b == w1), "both waiters are released");
	cr_assert_null(sched_next());

	/* At zero, Wait returns at once. */
	call("sync.(*WaitGroup).Wait", main_g, &wg);
	cr_assert_eq(main_g->status, G_RUNNING);
	cr_assert_eq(wg.state, 0);
}

Test(sync, waitgroup_negative_counter_panics)
{
	TWaitGroup wg = {0};
	G *g = newg();
	call2("sync.(*WaitGroup).Add", g, &wg, 1);
	call("sync.(*WaitGroup).Done", g, &wg);
	cr_assert(!g->native_panic);
	call("sync.(*WaitGroup).Done", g, &wg);
	cr_assert_str_eq(pending_panic(g), "sync: negative WaitGroup counter");
}

/* Add with a positive delta that brings the counter up from zero while goroutines still wait
 * is Go's misuse panic. */
Test(sync, waitgroup_add_concurrent_with_wait_panics)
{
	TWaitGroup wg = {((uint64_t)0 << 32) | 1, 0};
	G *g = newg();
	call2("sync.(*WaitGroup).Add", g, &wg, 2);
	cr_assert_str_eq(pending_panic(g),
	                 "sync: WaitGroup misuse: Add called concurrently with Wait");
}

/* ---------------------------------------------------------------- Cond's notify list */

/* Tickets: NotifyOne wakes the holder of the oldest unnotified ticket; a ticket notified
 * before its holder reaches Wait does not block; NotifyAll wakes everybody left. */
Test(sync, notify_list_tickets)
{
	TNotifyList l = {0};
	G *g[4];
	uint32_t t[4];
	for (int i = 0; i < 4; i++) {
		g[i] = newg();
		t[i] = (uint32_t)call("sync.runtime_notifyListAdd", g[i], &l);
		cr_assert_eq(t[i], (uint32_t)i);
	}
	/* g[0] is notified before it waits. */
	call("sync.runtime_notifyListNotifyOne", g[3], &l);
	call2("sync.runtime_notifyListWait", g[0], &l, t[0]);
	cr_assert_eq(g[0]->status, G_RUNNING, "an already notified ticket does not wait");
	for (int i = 1; i < 4; i++) {
		call2("sync.runtime_notifyListWait", g[i], &l, t[i]);
		assert_parked(g[i], WAIT_SYNC_COND);
	}
	call("sync.runtime_notifyListNotifyOne", g[0], &l);
	cr_assert_eq(run_next(), g[1]);
	cr_assert_null(sched_next());
	call("sync.runtime_notifyListNotifyAll", g[0], &l);
	G *a = run_next(), *b = run_next();
	cr_assert((a == g[2] && b == g[3]) || (a == g[3] && b == g[2]));
	cr_assert_null(sched_next());
	cr_assert_eq(l.notify, l.wait);
	/* Nobody waits: both are no-ops. */
	call("sync.runtime_notifyListNotifyOne", g[0], &l);
	call("sync.runtime_notifyListNotifyAll", g[0], &l);
	cr_assert_eq(l.notify, 4);
}

/* ---------------------------------------------------------------- whole programs */

/* Goroutines that queue on a mutex acquire it in the order they queued, every round. */
Test(sync, program_mutex_acquisition_order)
{
	PL_EXPECT_OUTPUT("package main\n"
	                 "\n"
	                 "import (\n"
	                 "	\"fmt\"\n"
	                 "	\"runtime\"\n"
	                 "	\"sync\"\n"
	                 ")\n"
	                 "\n"
	                 "func main() {\n"
	                 "	var mu sync.Mutex\n"
	                 "	var wg sync.WaitGroup\n"
	                 "	var order []int\n"
	                 "	mu.Lock()\n"
	                 "	for i := 0; i < 4; i++ {\n"
	                 "		wg.Add(1)\n"
	                 "		go func(id int) {\n"
	                 "			defer wg.Done()\n"
	                 "			for j := 0; j < 2; j++ {\n"
	                 "				mu.Lock()\n"
	                 "				order = append(order, id)\n"
	                 "				runtime.Gosched()\n"
	                 "				mu.Unlock()\n"
	                 "			}\n"
	                 "		}(i)\n"
	                 "		runtime.Gosched()\n"
	                 "	}\n"
	                 "	mu.Unlock()\n"
	                 "	wg.Wait()\n"
	                 "	fmt.Println(order)\n"
	                 "}\n",
	                 "[0 1 2 3 0 1 2 3]\n");
}

/* minirt's Pool exactly (Go allows more variation): Put then Get returns the item (private
 * slot first, then the shared list newest first); an item survives one collection in the
 * victim cache and is gone after two; nil is never stored. */
Test(sync, program_pool_victim_cache)
{
	PL_EXPECT_OUTPUT("package main\n"
	                 "\n"
	                 "import (\n"
	                 "	\"fmt\"\n"
	                 "	\"runtime\"\n"
	                 "	\"sync\"\n"
	                 ")\n"
	                 "\n"
	                 "func main() {\n"
	                 "	n := 0\n"
	                 "	p := sync.Pool{New: func() any { n++; return -n }}\n"
	                 "	p.Put(1)\n"
	                 "	p.Put(2)\n"
	                 "	p.Put(3)\n"
	                 "	p.Put(nil)\n"
	                 "	fmt.Println(p.Get(), p.Get(), p.Get(), p.Get())\n"
	                 "	p.Put(4)\n"
	                 "	p.Put(5)\n"
	                 "	runtime.GC()\n"
	                 "	fmt.Println(p.Get(), p.Get(), p.Get())\n"
	                 "	p.Put(6)\n"
	                 "	runtime.GC()\n"
	                 "	p.Put(7)\n"
	                 "	runtime.GC()\n"
	                 "	fmt.Println(p.Get(), p.Get())\n"
	                 "	var q sync.Pool\n"
	                 "	q.Put(\"x\")\n"
	                 "	runtime.GC()\n"
	                 "	runtime.GC()\n"
	                 "	fmt.Println(q.Get())\n"
	                 "}\n",
	                 "1 3 2 -1\n"
	                 "4 5 -2\n"
	                 "7 -3\n"
	                 "<nil>\n");
}
