/*
 * vm.h - compiled functions (Proto), instructions and the interpreter's entry points.
 *
 * A Proto is one compiled function: its code, line table, frame size and the pointer bitmap of
 * its frame. Calls pass arguments in an "argument block": a run of the caller's slots laid out
 * as [params..., results...]; the callee's frame starts at that block, so parameters are the
 * callee's first slots and results the slots after them, with no copying (Go's ABI0 idea on a
 * register machine). The frame's other slots (locals, temporaries) follow and are zeroed on entry.
 *
 * Invariants:
 *   - A slot has one class for the whole function: pointer or not (Proto.ptrmask). Values of
 *     different classes never share a slot, so one bitmap per frame is exact for the collector.
 *   - While a frame is calling, its live slots are those below the callee's base; the collector
 *     scans [base, callee base) with the caller's bitmap and the callee with its own.
 */
#ifndef MINIRT_LANG_VM_H
#define MINIRT_LANG_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "../runtime/value.h"
#include "native.h"
#include "opcodes.h"

typedef struct Instr {
	uint16_t op, a, b, c;
} Instr;

/* Memory kinds for LOADM/STOREM (K = kind | size << 8). */
enum {
	MK_I8,
	MK_U8,
	MK_I16,
	MK_U16,
	MK_I32,
	MK_U32,
	MK_64,
	MK_F32,
	MK_BLK, /* size bytes, memory layout */
	/* or'ed into a kind when the type holds pointers: a store needs the write barrier */
	MK_PTRS = 0x80,
};

typedef struct LineEntry {
	uint32_t pc;   /* first instruction of a run */
	uint32_t line; /* source line */
} LineEntry;

typedef struct Proto {
	const char *name; /* Go's symbol name: "main.f", "main.(*T).M", "main.f.func1" */
	const char *file; /* source file as given */
	int line;         /* line of the declaration */
	Instr *code;
	uint32_t ncode;
	LineEntry *lines;
	uint32_t nlines;
	uint32_t nslots;      /* frame size */
	uint32_t nparams;     /* slots of parameters (receiver first) */
	uint32_t nresults;    /* slots of results, right after the parameters */
	uint8_t *ptrmask;     /* one bit per slot: the slot holds a heap pointer */
	uint32_t deferreturn; /* pc of the return sequence used after a recover */
	uint32_t zero_end;    /* frame entry zeroes slots [nparams, zero_end): the results (named
	                         results start at zero) and every pointer slot (so the collector never
	                         sees a stale pointer); other locals are initialised by the code */
	NativeFn native;      /* set for a function implemented in C */
	bool native_leaf;     /* the native never calls back into script code: it runs on its
	                         argument block in place (the stack cannot move under it) */
	bool wrapper;         /* compiler-generated (hidden in tracebacks) */
	bool is_closure;      /* expects a closure (captures) */
} Proto;

/*
 * A closure (func value): a heap object whose first word is its Proto and whose following
 * words are the captured variables' cell pointers (or a bound method's receiver).
 * A top-level function used as a value is a static Closure with no captures.
 */
typedef struct Closure {
	Proto *fn;
	Slot data[];
} Closure;

/* A call frame (Go's stack frame record, kept apart from the slots). */
typedef struct Frame {
	Proto *fn;
	const Instr *pc;  /* next instruction (saved while calling) */
	uint32_t base;    /* index of slot 0 in the goroutine's stack */
	Closure *closure; /* the running closure, NULL for direct calls */
	uint32_t ndefers; /* deferred calls this frame registered and that are still pending */
	uint8_t kind;     /* FRAME_* */
} Frame;

enum {
	FRAME_NORMAL,
	FRAME_DEFERCALL, /* a deferred call run at return */
	FRAME_PANICCALL, /* a deferred call run while panicking: recover() works here */
	FRAME_CBOUNDARY, /* bottom frame of a nested call from C */
};

/* Deferred call records, a stack per goroutine. */
typedef struct Defer {
	Closure *fn;
	uint32_t frame; /* index of the frame that deferred it */
} Defer;

/* An active panic (Go's _panic). */
typedef struct Panic {
	Iface arg; /* empty interface */
	struct Panic *link;
	bool recovered;
	bool aborted;
	bool runtime_error_signal; /* prints Go's [signal SIGSEGV ...] line */
} Panic;

/* Entry points (vm.c). */
typedef struct Program Program;
typedef struct CompiledProgram CompiledProgram;
/* Runs package initialisation and main.main on the main goroutine; returns the exit status. */
int vm_run_main(CompiledProgram *cp);
/* Calls a func value from C (nested run). args: block laid out as for the callee. Returns false
 * if the call panicked (the panic stays pending). */
bool vm_call(G *g, Closure *fn, Slot *block, uint32_t nblock);
bool vm_call_proto(G *g, Proto *p, Slot *block, uint32_t nblock);
/* A func() closure calling fn with nargs argument words (results, nres slots, dropped). */
Closure *vm_make_call_thunk(Closure *fn, const Slot *args, uint32_t nargs, uint32_t nres);
/* Decodes a heap-profile stack word (lang/vm.c profile_stack) into its function and line. */
void vm_stack_word_frame(uintptr_t w, const Proto **fn, int *line);
/* The profile stack word of a frame of p at line (Proto address | line << 47). */
uintptr_t vm_stack_word(const Proto *p, int line);
/*
 * g's call stack as profile stack words, innermost first, at most max: for the running
 * goroutine the native it is in (if any; below the callback when that native called back into
 * script code) and its frames; for a parked one the native that parked it (a channel
 * operation, a sync wait) and its frames; wrappers left out except channel natives at the top.
 * Returns the number of words.
 */
int vm_goroutine_stack(G *g, uintptr_t *stk, int max);
/* Appends g's traceback as a goroutine dump prints it ("goroutine 1 [running]:", a function
 * line and a file:line line per frame, "created by ..."): runtime.Stack's form. */
struct FmtBuf;
void vm_goroutine_traceback(struct FmtBuf *b, G *g);
/* Reports the finalizers waiting to run to the collector (lang/std/runtime.c). */
void rt_finq_scan(void);
/* Gives a new goroutine g its first frame: a call of fn (no arguments). */
void vm_start_goroutine(G *g, Closure *fn);
/* Value conversion between memory form and canonical slot form, by type. */
void vm_load_value(Slot *dst, const void *src, Type *t);
void vm_store_value(void *dst, const Slot *src, Type *t);
/* Disassembles a function to stderr (debugging: RT_TRACE=dis). */
/* The compiler placed an object in a frame: from now on, moving a stack relocates pointers. */
void vm_use_stack_objects(void);

void vm_disasm(Proto *p);
const char *vm_opname(int op);

#endif
