// Package sync: mutual exclusion locks, wait groups, once, condition variables, concurrent
// maps and free-object pools, with Go's semantics.
//
// The types are laid out as in Go 1.22 (so fmt prints a Mutex as {0 0}, as Go does). Whatever
// can block is a native (sync.c): a blocked goroutine parks in the native and whoever unblocks
// it wakes it, so the operations that park are single native calls. They differ from Go's in
// one deliberate way: a contended Mutex is always handed to its longest waiter (Go does that
// only in its "starvation mode"), so acquisition is first come, first served. Once, Cond's
// Wait, RWMutex.RLocker and Map are Go code over those natives.
//
// Pool keeps one cache per P (a private slot and a shared list) plus a victim cache, as Go's:
// at the start of every collection the collector calls sync.c's poolCleanup, which drops each
// pool's victim cache and demotes its primary cache to victim, so an object survives in a pool
// for at least one and at most two collections unless it is taken out. allPools and oldPools
// below list the pools that hold caches; being package variables, they and every cached
// object are reachable for the collector.
package sync

import "sync/atomic"

// noCopy marks a type that must not be copied after first use (go vet's copylocks check).
type noCopy struct{}

// A Locker represents an object that can be locked and unlocked.
type Locker interface {
	Lock()
	Unlock()
}

// A Mutex is a mutual exclusion lock. The zero value is an unlocked mutex. A locked Mutex is
// not associated with a particular goroutine: one goroutine may lock it and another unlock it.
//
// state holds the locked bit (1) and, from bit 3 up, the number of goroutines waiting; they
// wait in sync.c's queue for &sema, in arrival order.
type Mutex struct {
	state int32
	sema  uint32
}

// Lock locks m; if m is already locked, the calling goroutine blocks until m is handed to it.
func (m *Mutex) Lock()

// TryLock tries to lock m without blocking and reports whether it succeeded.
func (m *Mutex) TryLock() bool

// Unlock unlocks m; it is a fatal error if m is not locked. With goroutines waiting, the
// lock passes to the one that has waited longest, which becomes runnable.
func (m *Mutex) Unlock()

// A RWMutex is a reader/writer mutual exclusion lock: held by any number of readers or by
// one writer. A writer that calls Lock keeps new readers out until it has had the lock, so a
// stream of readers cannot starve it. The fields and their use are Go's (rwmutex.go):
// readerCount goes negative by rwmutexMaxReaders while a writer is pending or active.
type RWMutex struct {
	w           Mutex        // held if there are pending writers
	writerSem   uint32       // semaphore for writers to wait for completing readers
	readerSem   uint32       // semaphore for readers to wait for completing writers
	readerCount atomic.Int32 // number of pending readers
	readerWait  atomic.Int32 // number of departing readers
}

// RLock locks rw for reading; it blocks while a writer holds rw or waits for it.
func (rw *RWMutex) RLock()

// TryRLock tries to lock rw for reading and reports whether it succeeded.
func (rw *RWMutex) TryRLock() bool

// RUnlock undoes a single RLock call; it is a fatal error if rw is not locked for reading.
func (rw *RWMutex) RUnlock()

// Lock locks rw for writing, blocking until no reader or writer holds it.
func (rw *RWMutex) Lock()

// TryLock tries to lock rw for writing and reports whether it succeeded.
func (rw *RWMutex) TryLock() bool

// Unlock unlocks rw for writing; it is a fatal error if rw is not locked for writing. The
// readers that blocked while the writer held rw get it next.
func (rw *RWMutex) Unlock()

// RLocker returns a Locker whose Lock and Unlock call rw.RLock and rw.RUnlock.
func (rw *RWMutex) RLocker() Locker {
	return (*rlocker)(rw)
}

type rlocker RWMutex

func (r *rlocker) Lock()   { (*RWMutex)(r).RLock() }
func (r *rlocker) Unlock() { (*RWMutex)(r).RUnlock() }

// A WaitGroup waits for a collection of goroutines to finish. state holds the counter in its
// high 32 bits and the number of waiters in its low 32 bits, as Go's.
type WaitGroup struct {
	noCopy noCopy
	state  atomic.Uint64
	sema   uint32
}

// Add adds delta, which may be negative, to the counter. When the counter becomes zero, every
// goroutine blocked in Wait is released; if it goes negative, Add panics.
func (wg *WaitGroup) Add(delta int)

// Done decrements the counter by one.
func (wg *WaitGroup) Done()

// Wait blocks until the counter is zero.
func (wg *WaitGroup) Wait()

// Once is an object that will perform exactly one action.
type Once struct {
	done atomic.Uint32
	m    Mutex
}

// Do calls f if and only if Do is being called for the first time for this Once. No call to
// Do returns until the one call to f has returned; if f panics, Do considers it returned and
// later calls do not call f.
func (o *Once) Do(f func()) {
	if o.done.Load() == 0 {
		o.doSlow(f)
	}
}

func (o *Once) doSlow(f func()) {
	o.m.Lock()
	defer o.m.Unlock()
	if o.done.Load() == 0 {
		defer o.done.Store(1)
		f()
	}
}

// OnceFunc returns a function that invokes f only once. If f panics, the returned function
// panics with the same value on every call.
func OnceFunc(f func()) func() {
	var (
		once  Once
		valid bool
		p     any
	)
	g := func() {
		defer func() {
			p = recover()
			if !valid {
				panic(p)
			}
		}()
		f()
		f = nil
		valid = true
	}
	return func() {
		once.Do(g)
		if !valid {
			panic(p)
		}
	}
}

// Cond implements a condition variable, a rendezvous point for goroutines waiting for or
// announcing the occurrence of an event. L is held while observing or changing the condition.
type Cond struct {
	noCopy noCopy

	L Locker

	notify  notifyList
	checker copyChecker
}

// notifyList is a ticket-based list of waiters (Go's runtime notifyList): a waiter takes the
// ticket 'wait' (runtime_notifyListAdd) before unlocking L, then blocks unless 'notify' has
// already passed its ticket. The goroutines themselves wait in sync.c's queue for the list's
// address.
type notifyList struct {
	wait   uint32 // the next ticket to hand out
	notify uint32 // the next ticket to be notified
}

func runtime_notifyListAdd(l *notifyList) uint32
func runtime_notifyListWait(l *notifyList, t uint32)
func runtime_notifyListNotifyOne(l *notifyList)
func runtime_notifyListNotifyAll(l *notifyList)

// copyChecker holds the Cond's own address once used, to detect copies ("sync.Cond is copied").
type copyChecker uintptr

func (c *copyChecker) check()

// NewCond returns a new Cond with Locker l.
func NewCond(l Locker) *Cond {
	return &Cond{L: l}
}

// Wait atomically unlocks c.L and suspends the calling goroutine; after a Signal or Broadcast
// wakes it, Wait locks c.L again before returning.
func (c *Cond) Wait() {
	c.checker.check()
	t := runtime_notifyListAdd(&c.notify)
	c.L.Unlock()
	runtime_notifyListWait(&c.notify, t)
	c.L.Lock()
}

// Signal wakes the goroutine that has waited longest on c, if there is any.
func (c *Cond) Signal() {
	c.checker.check()
	runtime_notifyListNotifyOne(&c.notify)
}

// Broadcast wakes all goroutines waiting on c.
func (c *Cond) Broadcast() {
	c.checker.check()
	runtime_notifyListNotifyAll(&c.notify)
}

// Map is like a map[any]any that is safe for concurrent use by multiple goroutines. This one
// is a plain map guarded by a Mutex; Range calls f without holding the lock.
type Map struct {
	mu Mutex
	m  map[any]any
}

// Load returns the value stored in the map for a key, or nil if no value is present.
func (m *Map) Load(key any) (value any, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	value, ok = m.m[key]
	return
}

// Store sets the value for a key.
func (m *Map) Store(key, value any) {
	m.Swap(key, value)
}

// Swap swaps the value for a key and returns the previous value if any.
func (m *Map) Swap(key, value any) (previous any, loaded bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = make(map[any]any)
	}
	previous, loaded = m.m[key]
	m.m[key] = value
	return
}

// LoadOrStore returns the existing value for the key if present; otherwise it stores and
// returns the given value. loaded is true if the value was loaded.
func (m *Map) LoadOrStore(key, value any) (actual any, loaded bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if actual, loaded = m.m[key]; loaded {
		return
	}
	if m.m == nil {
		m.m = make(map[any]any)
	}
	m.m[key] = value
	return value, false
}

// LoadAndDelete deletes the value for a key, returning the previous value if any.
func (m *Map) LoadAndDelete(key any) (value any, loaded bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if value, loaded = m.m[key]; loaded {
		delete(m.m, key)
	}
	return
}

// Delete deletes the value for a key.
func (m *Map) Delete(key any) {
	m.LoadAndDelete(key)
}

// CompareAndSwap swaps the old and new values for key if the value stored in the map is
// equal to old. The old value must be of a comparable type.
func (m *Map) CompareAndSwap(key, old, new any) (swapped bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok && v == old {
		m.m[key] = new
		return true
	}
	return false
}

// CompareAndDelete deletes the entry for key if its value is equal to old.
func (m *Map) CompareAndDelete(key, old any) (deleted bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok && v == old {
		delete(m.m, key)
		return true
	}
	return false
}

// Range calls f sequentially for each key and value present in the map, until f returns
// false. The keys are those present when Range starts; each value is the key's value when f
// is called for it (keys deleted meanwhile are skipped), so f may itself use the map.
func (m *Map) Range(f func(key, value any) bool) {
	m.mu.Lock()
	keys := make([]any, 0, len(m.m))
	for k := range m.m {
		keys = append(keys, k)
	}
	m.mu.Unlock()
	for _, k := range keys {
		if v, ok := m.Load(k); ok && !f(k, v) {
			break
		}
	}
}

// A Pool is a set of temporary objects that may be individually saved and retrieved. Any
// item stored in the Pool may be removed automatically at any time without notification.
// New, if non-nil, makes a value when Get would otherwise return nil.
type Pool struct {
	noCopy noCopy

	local  []poolLocal // per-P caches, indexed by P; nil until used after a collection
	victim []poolLocal // the caches of the previous collection

	New func() any
}

// poolLocal is one P's cache: a private slot only that P uses, and a shared list the P pushes
// and pops at its end and other Ps steal from at its front (Go's poolChain).
type poolLocal struct {
	private any
	shared  []any
}

var (
	allPools []*Pool // pools with a primary cache
	oldPools []*Pool // pools with a victim cache
)

func init() {
	runtime_registerPoolCleanup(&allPools, &oldPools, []poolLocal(nil), []*Pool(nil))
}

// runtime_registerPoolCleanup installs sync.c's poolCleanup as the collector's start hook,
// working on the two lists; the last two arguments carry the types it allocates with.
func runtime_registerPoolCleanup(all, old *[]*Pool, locals, pools any)

// Put adds x to the pool.
func (p *Pool) Put(x any)

// Get takes an arbitrary item from the Pool: the P's private one, else the newest of its
// shared list, else one stolen from another P or found in the victim cache; failing that it
// returns p.New() (or nil without New).
func (p *Pool) Get() any {
	x := p.get()
	if x == nil && p.New != nil {
		x = p.New()
	}
	return x
}

func (p *Pool) get() any
