/*
 * chan_natives.c - the natives compiled channel operations call (runtime/chan.h lists their
 * argument blocks): runtime.makechan, chansend1, chanrecv1, chanrecv2, closechan, selectgo and
 * block, named after the Go runtime functions the gc compiler calls for the same statements.
 * No Go declaration stands behind them: lang/compile_call.c makes their Protos itself, with as
 * many slots as the element type (or the select statement) needs.
 *
 * Each native hands its argument block to runtime/chan.c and turns a status into Go's panic:
 * "send on closed channel", "close of closed channel", "close of nil channel", "makechan: size
 * out of range" (plain errors: recover() gets a runtime.Error, and the message has no "runtime
 * error: " prefix). A native whose goroutine parked returns at once; runtime/chan.c's waker
 * fills in its results later.
 *
 * Invariants:
 *   - A parked operation's value and result slots are at g->native_block + their offset in the
 *     block: that is what the Sudogs record.
 */
#include <string.h>

#include "../../gc/gc.h"
#include "../../gc/malloc.h"
#include "../../runtime/chan.h"
#include "../../runtime/sched.h"
#include "../compile.h"
#include "std_int.h"

/* panic(plainError(msg)), as Go's channel code panics. */
static void panic_plain(G *g, const char *msg)
{
	Type *t = rt_plainError_type ? rt_plainError_type : t_string;
	String s = rt_string_copy(msg, (int64_t)strlen(msg));
	String *box = mallocgc(t, sizeof(String), false);
	gc_write_ptr(&box->ptr, (void *)s.ptr);
	box->len = s.len;
	rt_panic_value(g, (Iface){t, box});
}

static inline Hchan *arg_chan(const Slot *a)
{
	return (Hchan *)(uintptr_t)a[0];
}

/* makechan(elemtype *Type, size int) chan */
static void n_makechan(G *g, Slot *a)
{
	ChanStatus st;
	Hchan *c = makechan((Type *)(uintptr_t)a[0], (int64_t)a[1], &st);
	if (!c) {
		panic_plain(g, "makechan: size out of range");
		return;
	}
	a[2] = (Slot)(uintptr_t)c;
}

/* chansend1(c chan, v T) */
static void n_chansend1(G *g, Slot *a)
{
	if (chansend(arg_chan(a), a + 1, true, g, g->native_block + 1) == CHAN_CLOSED)
		panic_plain(g, "send on closed channel");
}

/* chanrecv1(c chan) T */
static void n_chanrecv1(G *g, Slot *a)
{
	bool ok;
	chanrecv(arg_chan(a), a + 1, &ok, true, g, g->native_block + 1, CHAN_NO_SLOT);
}

/* chanrecv2(c chan) (T, bool) */
static void n_chanrecv2(G *g, Slot *a)
{
	Hchan *c = arg_chan(a);
	bool ok;
	uint32_t n = c ? c->elemslots : 0;
	if (chanrecv(c, a + 1, &ok, true, g, g->native_block + 1, g->native_block + 1 + n) ==
	    CHAN_DONE)
		a[1 + n] = ok;
}

/* closechan(c chan) */
static void n_closechan(G *g, Slot *a)
{
	switch (closechan(arg_chan(a))) {
	case CHAN_NIL: panic_plain(g, "close of nil channel"); break;
	case CHAN_CLOSED: panic_plain(g, "close of closed channel"); break;
	default: break;
	}
}

/* selectgo(desc *SelectDesc, cases...) (chosen int, received values and oks...) */
static void n_selectgo(G *g, Slot *a)
{
	const SelectDesc *d = (const SelectDesc *)(uintptr_t)a[0];
	int r = selectgo(g, d, a, g->native_block);
	if (r == SELECT_CLOSED)
		panic_plain(g, "send on closed channel");
	else if (r != SELECT_PARKED)
		a[d->chosen] = (Slot)(int64_t)r;
}

/* block(): select {} */
static void n_block(G *g, Slot *a)
{
	(void)a;
	gopark(g, WAIT_SELECT_NO_CASES);
}

const NativeEntry std_chan_natives[] = {
        {"runtime.makechan", n_makechan},   {"runtime.chansend1", n_chansend1},
        {"runtime.chanrecv1", n_chanrecv1}, {"runtime.chanrecv2", n_chanrecv2},
        {"runtime.closechan", n_closechan}, {"runtime.selectgo", n_selectgo},
        {"runtime.block", n_block},         {NULL, NULL},
};
