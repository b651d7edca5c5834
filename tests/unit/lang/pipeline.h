/*
 * pipeline.h - drives minirt's pipeline in-process for the compiler and VM unit tests:
 * parse_file -> check_program -> compile_program (-> vm_run_main), as runtime/main.c does.
 *
 * The front end, the type tables and the VM keep global state, so a program is compiled at
 * most once per process. Criterion runs each test in its own process, which gives every test a
 * fresh state. pl_run goes one step further and runs the program in a forked child: the VM may
 * end the process (exit(2) after a panic, os.Exit, a stack overflow), and the parent still gets
 * to read the child's standard output, standard error and exit status.
 *
 * Invariants:
 *   - pl_compile is called at most once per process (a test, or a pl_run child); pl_run may
 *     be called any number of times, since each run compiles in a child of its own.
 *   - Every function is static inline: each test file includes this header once.
 */
#ifndef MINIRT_TESTS_UNIT_LANG_PIPELINE_H
#define MINIRT_TESTS_UNIT_LANG_PIPELINE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gc/malloc.h"
#include "lang/arena.h"
#include "lang/check.h"
#include "lang/compile.h"
#include "lang/diag.h"
#include "lang/native.h"
#include "lang/parser.h"
#include "lang/vm.h"
#include "prof/mprof.h"
#include "runtime/env.h"
#include "runtime/proc.h"

/* Parses, checks and compiles src as the main file "t.go"; fails the test on compile errors. */
static inline CompiledProgram *pl_compile(const char *src)
{
	cr_assert(env_init(), "env_init");
	types_init();
	diag_reset();
	File *f = parse_file("t.go", src, strlen(src));
	if (diag_count())
		diag_flush();
	cr_assert_eq(diag_count(), 0, "the test program must parse:\n%s", src);
	Program *prog = check_program(f);
	if (!prog || diag_count())
		diag_flush();
	cr_assert(prog != NULL && diag_count() == 0, "the test program must type-check:\n%s", src);
	gc_init();
	return compile_program(prog, "t.go");
}

/*
 * Compiles src and makes it ready to run as runtime/main.c does: os.Args = argv[0..argc), a
 * main goroutine, and the sampler reading the script's runtime.MemProfileRate. Run it with
 * vm_run_main; at most once per process, like pl_compile.
 */
static inline CompiledProgram *pl_start(const char *src, int argc, char **argv)
{
	CompiledProgram *cp = pl_compile(src);
	rt_set_args(argc, argv);
	g_current = proc_newg();
	for (int p = 0; p < cp->prog->npkgs; p++)
		if (strcmp(cp->prog->pkgs[p]->path, "runtime") == 0)
			for (int v = 0; v < cp->prog->pkgs[p]->nvars; v++)
				if (!strcmp(cp->prog->pkgs[p]->vars[v]->name, "MemProfileRate"))
					mprof_rate_ptr = (int64_t *)(cp->globals +
					                             cp->prog->pkgs[p]->vars[v]->slot);
	return cp;
}

/* Package main's function or method object named name (methods: "T.M"). */
static inline Object *pl_func(CompiledProgram *cp, const char *name)
{
	Package *pk = cp->prog->main;
	const char *dot = strchr(name, '.');
	for (int i = 0; i < pk->nfuncs; i++) {
		Object *fn = pk->funcs[i];
		if (dot) {
			if (fn->recv_type && fn->recv_type->name &&
			    strlen(fn->recv_type->name) == (size_t)(dot - name) &&
			    strncmp(fn->recv_type->name, name, (size_t)(dot - name)) == 0 &&
			    strcmp(fn->name, dot + 1) == 0)
				return fn;
		} else if (!fn->recv_type && strcmp(fn->name, name) == 0) {
			return fn;
		}
	}
	cr_assert_fail("no function %s in the test program", name);
	return NULL;
}

static inline Proto *pl_proto(CompiledProgram *cp, const char *name)
{
	Proto *p = pl_func(cp, name)->code;
	cr_assert_not_null(p, "%s was not compiled", name);
	return p;
}

/* The local variable (or parameter, or result) named name declared in function fn. */
static inline Object *pl_local(Object *fn, const char *name)
{
	FuncLitInfo *info = fn->decl->u.func.info;
	cr_assert_not_null(info);
	for (int i = 0; i < info->nlocals; i++)
		if (strcmp(info->locals[i]->name, name) == 0)
			return info->locals[i];
	cr_assert_fail("no local %s in %s", name, fn->name);
	return NULL;
}

/* Package main's variable named name. */
static inline Object *pl_global(CompiledProgram *cp, const char *name)
{
	Package *pk = cp->prog->main;
	for (int i = 0; i < pk->nvars; i++)
		if (strcmp(pk->vars[i]->name, name) == 0)
			return pk->vars[i];
	cr_assert_fail("no package variable %s", name);
	return NULL;
}

static inline bool pl_ptrbit(const uint8_t *mask, uint32_t i) { return (mask[i / 8] >> (i % 8)) & 1; }

/* Words an instruction occupies (itself plus its K words), as the VM reads them. */
static inline int pl_instr_words(const Instr *in)
{
	switch (in->op) {
	case OP_LOADK: case OP_LOADSTR: case OP_LOADM: case OP_STOREM: case OP_GADDR:
	case OP_ADDPTR: case OP_IDXADDR: case OP_SIDXADDR: case OP_NEW: case OP_MAKESLICE:
	case OP_MAKEMAP: case OP_APPEND: case OP_APPENDSL: case OP_COPY: case OP_MAPGET:
	case OP_MAPGET2: case OP_MAPSET: case OP_MAPADDR: case OP_MAPDEL: case OP_BOX:
	case OP_CONVI: case OP_ASSERT: case OP_ASSERTI: case OP_IFACEEQ: case OP_EQMEM:
	case OP_CALL: case OP_PRINT: case OP_MINMAX: case OP_FLOAD: case OP_FSTORE:
		return 2;
	case OP_SLICE: case OP_MAPNEXT: case OP_CLOSURE: case OP_BIND:
		return 3;
	case OP_MAPCLEAR:
		return in->b == 1 ? 2 : 1;
	default:
		return 1;
	}
}

/* ---------------------------------------------------------------- running */

typedef struct PlResult {
	int status;   /* exit status, or 128 + signal when the child died of a signal */
	char *out;    /* everything written to standard output */
	char *err;    /* everything written to standard error */
} PlResult;

static inline char *pl_slurp(FILE *f)
{
	fflush(f);
	long n = ftell(f);
	rewind(f);
	char *buf = calloc(1, (size_t)n + 1);
	size_t got = fread(buf, 1, (size_t)n, f);
	buf[got] = 0;
	fclose(f);
	return buf;
}

/* Compiles and runs src in a child process, capturing its output and exit status. */
static inline PlResult pl_run(const char *src)
{
	FILE *out = tmpfile(), *err = tmpfile();
	cr_assert(out && err);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork");
	if (pid == 0) {
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		static char *argv[] = {"t.go", NULL};
		int st = vm_run_main(pl_start(src, 1, argv));
		rt_stdout_flush();
		fflush(stdout);
		fflush(stderr);
		_exit(st);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	PlResult r;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r.out = pl_slurp(out);
	r.err = pl_slurp(err);
	return r;
}

/* The first line of s (a fresh string, without its newline). */
static inline char *pl_first_line(const char *s)
{
	size_t n = strcspn(s, "\n");
	char *l = malloc(n + 1);
	memcpy(l, s, n);
	l[n] = 0;
	return l;
}

/* Runs src and asserts it exits with status 0 printing exactly want. */
#define PL_EXPECT_OUTPUT(src, want)                                                       \
	do {                                                                              \
		PlResult r_ = pl_run(src);                                                \
		cr_assert_str_eq(r_.out, (want),                                          \
		                 "stdout differs (exit status %d):\n--- got\n%s"          \
		                 "--- want\n%s--- stderr\n%s",                            \
		                 r_.status, r_.out, (want), r_.err);                      \
		cr_assert_eq(r_.status, 0, "exit status %d; stderr:\n%s", r_.status,      \
		             r_.err);                                                     \
	} while (0)

#endif
