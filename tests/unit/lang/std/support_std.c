/*
 * support_std.c - stand-ins for the VM's rt_* helpers so the std library's unit tests can be
 * built by hand without the interpreter (the meson unit tests link the real libraries and do
 * not use this file). Build, for example:
 *   gcc -std=gnu11 -I. tests/unit/lang/std/test_fmt.c lang/std/{fmt,fmtfloat,strconv,utf8,print,os}.c \
 *       lang/types.c lang/arena.c runtime/map.c runtime/rtstring.c \
 *       tests/unit/runtime/support_malloc.c tests/unit/lang/std/support_std.c -lcriterion -lm
 *
 * Invariants:
 *   - A panic raised here is recorded in 'stub_panic' (the message) and reported by
 *     rt_panic_pending until the next test clears it; G pointers are ignored.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/native.h"

char stub_panic[256];
bool stub_panicked;

void rt_panic_string(G *g, const char *msg)
{
	(void)g;
	snprintf(stub_panic, sizeof stub_panic, "%s", msg);
	stub_panicked = true;
}

void rt_panic_runtime(G *g, const char *fmt, ...)
{
	(void)g;
	va_list ap;
	va_start(ap, fmt);
	int n = snprintf(stub_panic, sizeof stub_panic, "runtime error: ");
	vsnprintf(stub_panic + n, sizeof stub_panic - (size_t)n, fmt, ap);
	va_end(ap);
	stub_panicked = true;
}

void rt_panic_value(G *g, Iface v)
{
	(void)g;
	(void)v;
	snprintf(stub_panic, sizeof stub_panic, "(value)");
	stub_panicked = true;
}

bool rt_panic_pending(G *g)
{
	(void)g;
	return stub_panicked;
}

int rt_call_string_method(G *g, Type *t, void *data, const char *name, String *out)
{
	(void)g, (void)t, (void)data, (void)name, (void)out;
	return 0;
}

Type *rt_type(const char *pkg, const char *name)
{
	(void)pkg, (void)name;
	return NULL;
}

Iface rt_box(Type *t, const void *p)
{
	Iface v = {t, NULL};
	void *q = malloc(t->size ? t->size : 1);
	memcpy(q, p, t->size);
	v.data = q;
	return v;
}

Iface rt_assert_iface(Type *inter, Iface eface, bool *ok)
{
	(void)inter;
	*ok = false;
	return eface;
}

void rt_exit(int code)
{
	rt_stdout_flush();
	exit(code);
}

Slice rt_os_args(void)
{
	Slice s = {0};
	return s;
}

const NativeEntry std_runtime_natives[] = {{NULL, NULL}};

#include "runtime/proc.h"

G *proc_newg(void)
{
	G *g = calloc(1, sizeof *g);
	return g;
}
