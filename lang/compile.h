/*
 * compile.h - from the checked AST to bytecode (lang/vm.h).
 *
 * compile_program turns every function of every loaded package into a Proto, lays out the
 * package-level variables in the globals area (with its pointer bitmap, a GC root) and builds
 * the program's entry: initialise each package's variables in dependency order, run the init
 * functions, then call main.main.
 */
#ifndef MINIRT_LANG_COMPILE_H
#define MINIRT_LANG_COMPILE_H

#include "check.h"
#include "vm.h"

struct CompiledProgram {
	Program *prog;
	Proto *entry;     /* package initialisation, then main.main */
	uint8_t *globals; /* the globals area (memory layout, like heap objects) */
	uint32_t globals_size;
	uint8_t *globals_ptrmask; /* one bit per word of the globals area */
	const char *filename;     /* the script */
};

CompiledProgram *compile_program(Program *prog, const char *filename);

/* Runtime type information the VM needs from the compiled program. */
extern Type *rt_errorString_type; /* runtime.errorString (runtime errors) */
extern Type *rt_plainError_type;  /* runtime.plainError (panics without "runtime error: ") */

/* Itab for (concrete type, interface), created on demand; NULL when t lacks a method. */
Itab *itab_get(Type *inter, Type *t, bool must);

/* The code for method lk of concrete type t called through an interface (takes the data word). */
Proto *iface_method_code(Type *t, Lookup *lk);

#endif
