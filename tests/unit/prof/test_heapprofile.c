/*
 * test_heapprofile.c - the heap profile fed by the real allocator, sweeper and interpreter
 * (gc/malloc.c profilealloc, gc/mgcsweep.c, lang/vm.c's profile stacks): a port of the idea of
 * Go's TestMemoryProfiler. With MemProfileRate = 1, a script allocates 32 persistent 32-byte
 * objects and 1024 transient 1 KiB objects from known functions, then calls runtime.GC(). After
 * it, the profile must show exactly: 32 allocations of 32 bytes at the persistent site, all in
 * use; 1024 allocations of 1024 bytes at the transient site, none in use (runtime.GC() ends
 * with mProf_PostSweep, so its frees are visible at once); the append growth in between; each
 * with its two frames.
 */
#include <criterion/criterion.h>

#include "prof/mprof.h"
#include "tests/unit/lang/pipeline.h"

static const char *src = "package main\n"
                         "\n"
                         "import \"runtime\"\n"
                         "\n"
                         "var persist []*[32]byte\n"
                         "\n"
                         "func allocPersistent() {\n"
                         "\tfor i := 0; i < 32; i++ {\n"
                         "\t\tp := new([32]byte)\n"
                         "\t\tpersist = append(persist, p)\n"
                         "\t}\n"
                         "}\n"
                         "\n"
                         "func allocTransient() {\n"
                         "\tfor i := 0; i < 1024; i++ {\n"
                         "\t\tb := new([1024]byte)\n"
                         "\t\tb[0] = 1\n"
                         "\t}\n"
                         "}\n"
                         "\n"
                         "func main() {\n"
                         "\truntime.MemProfileRate = 1\n"
                         "\tallocPersistent()\n"
                         "\tallocTransient()\n"
                         "\truntime.GC()\n"
                         "}\n";

/* Prints one line per memory bucket whose innermost frame is a main.alloc* function:
 * "fn:line<-caller:line size allocs frees". */
static void report(Bucket *b, const MemRecordCycle *a, void *arg)
{
	(void)arg;
	if (b->nstk < 2)
		return;
	const Proto *f0, *f1;
	int l0, l1;
	vm_stack_word_frame(b->stk[0], &f0, &l0);
	vm_stack_word_frame(b->stk[1], &f1, &l1);
	if (strncmp(f0->name, "main.alloc", 10) != 0)
		return;
	printf("%s:%d<-%s:%d %lu %lu %lu\n", f0->name, l0, f1->name, l1, (unsigned long)b->size,
	       (unsigned long)a->allocs, (unsigned long)a->frees);
}

Test(heapprofile, persistent_and_transient_allocations)
{
	FILE *out = tmpfile();
	cr_assert(out);
	fflush(stdout);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(fileno(out), 1);
		static char *argv[] = {"t.go", NULL};
		CompiledProgram *cp = pl_start(src, 1, argv);
		int st = vm_run_main(cp);
		mprof_memprofile(true, report, NULL);
		fflush(stdout);
		_exit(st);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	char *got = pl_slurp(out);
	/* Newest bucket first. append (line 10) grows persist's array of pointers through
	 * capacities 1, 2, 4, 8, 16, 32: arrays of 8 .. 256 bytes, each a bucket of its own size,
	 * all freed but the last; the new([32]byte) site (line 9) was the first bucket made. */
	cr_assert_str_eq(got, "main.allocTransient:16<-main.main:24 1024 1024 1024\n"
	                      "main.allocPersistent:10<-main.main:23 256 1 0\n"
	                      "main.allocPersistent:10<-main.main:23 128 1 1\n"
	                      "main.allocPersistent:10<-main.main:23 64 1 1\n"
	                      "main.allocPersistent:10<-main.main:23 32 1 1\n"
	                      "main.allocPersistent:10<-main.main:23 16 1 1\n"
	                      "main.allocPersistent:10<-main.main:23 8 1 1\n"
	                      "main.allocPersistent:9<-main.main:23 32 32 0\n");
}

/*
 * An allocation made by script code that a native called back (fmt.Sprint calling a String
 * method): the stack is the method, then the native, then the native's caller - Go's order.
 * The native belongs below the callback, not at the top, although it is still in progress.
 */
static const char *callback_src = "package main\n"
                                  "\n"
                                  "import (\n"
                                  "\t\"fmt\"\n"
                                  "\t\"runtime\"\n"
                                  ")\n"
                                  "\n"
                                  "type T struct{ n int }\n"
                                  "\n"
                                  "var sink []*[64]byte\n"
                                  "\n"
                                  "func (t T) String() string {\n"
                                  "\tsink = append(sink, new([64]byte))\n" /* 13 */
                                  "\treturn \"T\"\n"
                                  "}\n"
                                  "\n"
                                  "func main() {\n"
                                  "\truntime.MemProfileRate = 1\n"
                                  "\t_ = fmt.Sprint(T{1})\n" /* 19 */
                                  "\truntime.GC()\n"
                                  "}\n";

static void report_64(Bucket *b, const MemRecordCycle *a, void *arg)
{
	(void)arg;
	if (b->size != 64 || b->nstk < 3)
		return;
	for (uintptr_t i = 0; i < b->nstk; i++) {
		const Proto *f;
		int l;
		vm_stack_word_frame(b->stk[i], &f, &l);
		if (strncmp(f->name, "main.", 5) == 0)
			printf("%s:%d ", f->name, l);
		else
			printf("%s ", f->name);
	}
	printf("%lu\n", (unsigned long)a->allocs);
}

Test(heapprofile, callback_from_a_native)
{
	FILE *out = tmpfile();
	cr_assert(out);
	fflush(stdout);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(fileno(out), 1);
		static char *argv[] = {"t.go", NULL};
		CompiledProgram *cp = pl_start(callback_src, 1, argv);
		int st = vm_run_main(cp);
		mprof_memprofile(true, report_64, NULL);
		fflush(stdout);
		_exit(st);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	char *got = pl_slurp(out);
	cr_assert_str_eq(got, "main.T.String:13 fmt.Sprint main.main:19 1\n");
}
