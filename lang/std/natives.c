/*
 * natives.c - the table of every C function behind a bodiless declaration in the standard
 * packages, and package errors' natives (the parts of errors.Is and errors.As that need to
 * look at types: comparability and assignment through a pointer of any type).
 *
 * native_lookup is called by the compiler once per native function it compiles, with the
 * name the checker recorded ("strings.Index", "os.(*File).Write"); a linear search over a
 * few hundred entries is cheap at that rate.
 *
 * errors.As, as Go's (src/errors/wrap.go) walks the Unwrap chain in errors.go; at each step
 * assignTo asks whether the error's dynamic type is assignable to *target's type - the same
 * type, or an interface type it implements - and stores it through the pointer, with the
 * write barrier (gc/gc.h): the target is a variable in the heap or a global.
 *
 * Invariants:
 *   - Every table ends with {NULL, NULL}; names are unique across tables.
 */
#include <string.h>

#include "../../gc/gc.h"
#include "std_int.h"

static const NativeEntry *const tables[] = {
        std_fmt_natives,     std_strconv_natives, std_strings_natives, std_math_natives,
        std_utf8_natives,    std_sort_natives,    std_os_natives,      std_errors_natives,
        std_runtime_natives, std_time_natives,    std_chan_natives,    std_sync_natives,
        std_pprof_natives,   std_contprof_natives, std_goprof_natives, std_cpuprof_natives,
        std_atomic_natives,
};

NativeFn native_lookup(const char *name)
{
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (const NativeEntry *e = tables[t]; e->name; e++)
			if (strcmp(e->name, name) == 0)
				return e->fn;
	return NULL;
}

/* ---------------------------------------------------------------- errors */

static Type *error_type(const Slot *a)
{
	Itab *tab = (Itab *)(uintptr_t)a[0];
	return tab ? tab->type : NULL;
}

/* func isComparable(err error) bool: the dynamic type supports ==. */
static void n_is_comparable(G *g, Slot *a)
{
	Type *t = error_type(a);
	a[2] = t ? t->comparable : true;
}

/* func checkAsTarget(target any) int: 0 when target is a non-nil pointer to an interface type
 * or to a type implementing error; 1 or 2 name the panic errors.As raises. */
static void n_check_as_target(G *g, Slot *a)
{
	Type *t = (Type *)(uintptr_t)a[0];
	if (!t || t->kind != K_POINTER || a[1] == 0) {
		a[2] = 1;
		return;
	}
	Type *e = t->elem;
	const char *missing;
	bool ptr_only;
	if (e->kind != K_INTERFACE && !types_implements(e, t_error, &missing, &ptr_only)) {
		a[2] = 2;
		return;
	}
	a[2] = 0;
}

/* func assignTo(err error, target any) bool: *target = err when err's dynamic type is
 * assignable to *target's type. */
static void n_assign_to(G *g, Slot *a)
{
	Type *et = error_type(a);
	void *data = (void *)(uintptr_t)a[1];
	Type *pt = (Type *)(uintptr_t)a[2];
	void *dest = (void *)(uintptr_t)a[3];
	a[4] = 0;
	if (!et || !pt || pt->kind != K_POINTER || !dest)
		return;
	Type *want = pt->elem;
	if (want->kind == K_INTERFACE) {
		Iface eface = {et, data};
		bool ok = true;
		Iface v = eface;
		if (types_under(want)->nimethods > 0)
			v = rt_assert_iface(want, eface, &ok);
		if (!ok)
			return;
		gc_wb_bulk(dest, &v, want->ptrdata / 8, want->ptrmask);
		memcpy(dest, &v, sizeof v);
		a[4] = 1;
		return;
	}
	if (et != want)
		return;
	if (want->direct_iface) {
		gc_write_ptr(dest, data);
	} else {
		if (want->ptrdata)
			gc_wb_bulk(dest, data, want->ptrdata / 8, want->ptrmask);
		memcpy(dest, data, want->size);
	}
	a[4] = 1;
}

const NativeEntry std_errors_natives[] = {
        {"errors.isComparable", n_is_comparable},
        {"errors.checkAsTarget", n_check_as_target},
        {"errors.assignTo", n_assign_to},
        {NULL, NULL},
};
