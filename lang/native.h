/*
 * native.h - how library functions written in C are called from scripts.
 *
 * A function declared without a body in one of the standard packages (lang/std/<pkg>.go), such
 * as `func Index(s, substr string) int` in strings.go, is bound by its qualified name
 * ("strings.Index"; methods as "os.(*File).Write") to a C function in the native table.
 *
 * Calling convention: the VM passes a pointer to the call's argument block. Parameters come
 * first, then results, each taking ceil(size/8) consecutive 8-byte slots in the canonical frame
 * form described in runtime/value.h (ints sign- or zero-extended, bool 0/1, float64 bits,
 * strings {ptr,len}, slices {ptr,len,cap}, interfaces {tab,data}, structs in memory layout).
 * For a method, the receiver is parameter 0. A variadic parameter arrives as a slice.
 *
 *   strings.Index(s, substr string) int:   a[0..1] = s, a[2..3] = substr, a[4] = result
 *
 * A native may allocate (mallocgc) and may call back into script code (rt_call_method), but
 * must not park. To panic, it calls one of the rt_panic_* functions and returns at once; the
 * VM starts unwinding when the native returns.
 */
#ifndef MINIRT_LANG_NATIVE_H
#define MINIRT_LANG_NATIVE_H

#include <stddef.h>

#include "../runtime/value.h"

typedef struct G G;

typedef void (*NativeFn)(G *g, Slot *a);

typedef struct NativeEntry {
	const char *name; /* "strings.Index", "os.(*File).Write" */
	NativeFn fn;
} NativeEntry;

/* Each std source file lang/std/<pkg>.c defines a table ending with {NULL, NULL}, listed in
 * lang/std/natives.c. */
NativeFn native_lookup(const char *name);

/* ---- raising panics from natives (the VM unwinds after the native returns) */

/* panic(errors.New-like plain message): prints as "panic: <msg>" (e.g. "strings: negative Repeat count"). */
void rt_panic_string(G *g, const char *msg);
/* A runtime error: prints "panic: runtime error: <msg>"; recover() gets a runtime.Error. */
void rt_panic_runtime(G *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* panic(v) with an arbitrary interface value (empty-interface form). */
void rt_panic_value(G *g, Iface v);
/* True while a panic raised by a native (or a callback) is pending. */
bool rt_panic_pending(G *g);

/* ---- calling back into script code */

/*
 * Calls method 'name' with signature func() string (String, Error) on the dynamic value
 * (t, data word). Returns 0 when the type has no such method, 1 when it was called and *out
 * holds the result, -1 when the method panicked (the panic is pending in g).
 */
int rt_call_string_method(G *g, Type *t, void *data, const char *name, String *out);

/* ---- strings and allocation helpers */

/* A new string holding a copy of bytes[0..len). */
String rt_string_copy(const void *bytes, int64_t len);
/* Uninitialised storage for a string of len bytes (pointer-free memory). */
uint8_t *rt_string_alloc(int64_t len, String *out);
/* A new []byte / []T slice of len (zeroed) and cap elements of type elem. */
Slice rt_slice_make(Type *elem, int64_t len, int64_t cap);
/* The Type of a named type declared in a std package, by name: rt_type("strconv", "NumError").
 * Returns NULL when the package was not loaded. */
Type *rt_type(const char *pkg, const char *name);
/* Box a value of type t (t->size bytes at p) into an empty interface. */
Iface rt_box(Type *t, const void *p);
/* Convert an empty-interface value to the interface type 'inter' (itab lookup); ok false when
 * the dynamic type does not implement it. */
Iface rt_assert_iface(Type *inter, Iface eface, bool *ok);

/* ---- process */

/* Flushes the buffered standard output (before stderr output, at exit). */
void rt_stdout_flush(void);
/* os.Exit: flush and exit at once, without running deferred calls. */
void rt_exit(int code) __attribute__((noreturn));
/* os.Args as a []string. */
Slice rt_os_args(void);
/* Records the script's argument vector for os.Args (argv[0] is the script). */
void rt_set_args(int argc, char **argv);

/* ---- additions for the standard library (lang/std) */

/* Removes the panic a callback left pending (rt_call_string_method returned -1) and returns its
 * value in *val, as recover() in a deferred call would; false when no panic is pending. fmt uses
 * it for Go's "%!v(PANIC=String method: ...)" output. */
bool rt_take_panic(G *g, Iface *val);

/* Standard output is buffered in C (lang/std/os.c, 64 KiB; rt_stdout_flush above is defined
 * there): rt_stdout_write appends, flushing when full. rt_stderr_write flushes standard
 * output, then writes to standard error unbuffered. */
void rt_stdout_write(const void *p, size_t n);
void rt_stderr_write(const void *p, size_t n);

#endif
