/*
 * proc.h - goroutines (G). This milestone runs a single goroutine, the main one; the
 * scheduler with M and P arrives with goroutines. G already owns what the scheduler and the
 * collector will need: its slot stack, its frame records, its defer and panic chains.
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
};

/* The running goroutine (one for now). */
extern G *g_current;

G *proc_newg(void);
/* Makes room for 'need' more slots above index 'top'; returns false past the 1 GB limit. */
bool proc_growstack(G *g, uint64_t top, uint64_t need);

#endif
