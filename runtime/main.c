/*
 * main.c - the command line: ./minirt [flags] script.mr [args...]
 *
 * Steps: parse flags; read the script; parse; type-check (loading the standard packages it
 * imports); compile to bytecode; run package initialisation and main.main on the main goroutine.
 * Bad flags, unreadable files and compile errors print one clear message and exit with status 2,
 * as the go command does; a program's own exit status is whatever it asks for (os.Exit) or 2
 * after a panic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../gc/gc.h"
#include "../gc/malloc.h"
#include "../lang/std/cpuprof.h"
#include "../lang/std/std_int.h"
#include "../prof/mprof.h"
#include "../lang/arena.h"
#include "../lang/check.h"
#include "../lang/compile.h"
#include "../lang/diag.h"
#include "../lang/parser.h"
#include "../lang/vm.h"
#include "env.h"
#include "../lang/escape.h"
#include "proc.h"

static const char usage[] =
        "usage: minirt [flags] script.mr [args...]\n"
        "\n"
        "Runs a program written in minirt's subset of Go (.mr or .go).\n"
        "\n"
        "Flags:\n"
        "  --help                 print this help and exit\n"
        "  --version              print the version and exit\n"
        "  -m                     print the escape-analysis decisions as go build -gcflags=-m\n"
        "                         does, and run nothing; -m -m (or -m=2) also explains them\n"
        "  --gc=native|boehm      collector backend (default native; also RT_GC)\n"
        "  --memprofile=FILE      write the heap profile (pprof format) when the program exits\n"
        "  --memprofilerate=N     runtime.MemProfileRate at start (1: every allocation)\n"
        "  --cpuprofile=FILE      write a CPU profile (pprof format, 100 Hz) of the whole run\n"
        "  --blockprofile=FILE    write the block profile (pprof format) when the program exits\n"
        "  --blockprofilerate=NS  runtime.SetBlockProfileRate(NS) at start (default with\n"
        "                         --blockprofile: 1, every blocking event)\n"
        "  --mutexprofile=FILE    write the mutex profile (pprof format) when the program exits\n"
        "  --mutexprofilefraction=N  runtime.SetMutexProfileFraction(N) at start (default with\n"
        "                         --mutexprofile: 1, every contention event)\n"
        "  --trace=FILE           (not implemented yet)\n"
        "\n"
        "Environment:\n"
        "  RT_TRACE=gc,...   RT_GOGC=100|off   RT_MEMLIMIT=512MiB   RT_MAXPROCS=1\n";

/* Go spells system errors in lower case ("no such file or directory"). */
static const char *errtext(int e)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

static char *read_file(const char *path, size_t *len)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "minirt: open %s: %s\n", path, errtext(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "minirt: read %s: is a directory\n", path);
		return NULL;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "minirt: open %s: %s\n", path, errtext(errno));
		return NULL;
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Flags taking a value ("--name=value"); --trace is accepted but not implemented yet. */
static const char *const value_flags[] = {
        "memprofile",   "memprofilerate",       "cpuprofile", "blockprofile", "blockprofilerate",
        "mutexprofile", "mutexprofilefraction", "trace",      "gc",           NULL};

/* --memprofile and --memprofilerate (-1: not given). */
static const char *memprofile_path;
static long long memprofilerate = -1;
static int gc_flag = -1; /* --gc: -1 unset, 0 native, 1 boehm */

/* --blockprofile, --blockprofilerate, --mutexprofile, --mutexprofilefraction (-1: not given). */
static const char *blockprofile_path, *mutexprofile_path;
static long long blockprofilerate_flag = -1, mutexprofilefraction_flag = -1;

/* A flag's value as an integer >= 0; false (after one error line) when it is not one. */
static bool flag_count(const char *flag, const char *val, long long *out)
{
	char *end;
	errno = 0;
	long long r = strtoll(val, &end, 10);
	if (!*val || *end || errno || r < 0) {
		fprintf(stderr, "minirt: invalid value \"%s\" for --%s (want an integer >= 0)\n", val,
		        flag);
		return false;
	}
	*out = r;
	return true;
}

/*
 * --blockprofile and --mutexprofile: written at exit (every exit(), as --memprofile) with the
 * events recorded until then. An unwritable path gets one error line; the exit status becomes 2
 * once both have been tried.
 */
static void write_contention_profiles_at_exit(void)
{
	const char *paths[2] = {blockprofile_path, mutexprofile_path};
	const char *names[2] = {"block", "mutex"};
	bool failed = false;
	blockprofile_path = mutexprofile_path = NULL;
	rt_stdout_flush();
	for (int k = 0; k < 2; k++)
		if (paths[k] && rt_write_contention_profile(names[k], paths[k]) != 0) {
			fprintf(stderr, "minirt: --%sprofile: cannot write %s: %s\n", names[k],
			        paths[k], errtext(errno));
			failed = true;
		}
	if (failed) {
		fflush(stderr);
		_exit(2);
	}
}

/*
 * --memprofile: at exit (main returning, os.Exit, a panic or a deadlock report: every exit()),
 * a final runtime.GC() so the profile is exact, then the heap profile. A path that cannot be
 * written gets one error line and exit status 2, after the program's own output.
 */
static void write_memprofile_at_exit(void)
{
	if (!memprofile_path)
		return;
	const char *p = memprofile_path;
	memprofile_path = NULL;
	rt_stdout_flush();
	gc_runtime_GC();
	if (rt_write_heap_profile(p, NULL) != 0) {
		fprintf(stderr, "minirt: --memprofile: cannot write %s: %s\n", p, errtext(errno));
		fflush(stderr);
		_exit(2);
	}
}

/* --cpuprofile: profiling runs from the start of the program; the profile is written at exit,
 * before --memprofile's (atexit runs handlers in reverse order). Errors as --memprofile's. */
static const char *cpuprofile_path;

static void write_cpuprofile_at_exit(void)
{
	if (!cpuprofile_path)
		return;
	const char *p = cpuprofile_path;
	cpuprofile_path = NULL;
	rt_stdout_flush();
	if (cpuprof_write_path(p) != 0) {
		fprintf(stderr, "minirt: --cpuprofile: cannot write %s: %s\n", p, errtext(errno));
		fflush(stderr);
		_exit(2);
	}
}

static int escape_m; /* how many -m flags */

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || strcmp(a, "-") == 0)
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		const char *name = a[1] == '-' ? a + 2 : a + 1;
		if (strcmp(name, "help") == 0 || strcmp(name, "h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(name, "version") == 0) {
			printf("minirt %s\n", MINIRT_VERSION);
			return 0;
		}
		if (strcmp(name, "m") == 0) {
			escape_m++; /* -m -m: the flows that explain each decision */
			continue;
		}
		if (strncmp(name, "m=", 2) == 0) { /* Go's -m=N */
			char *end;
			long n = strtol(name + 2, &end, 10);
			if (end == name + 2 || *end || n < 0 || n > 4) {
				fprintf(stderr, "minirt: bad value for -m: %s (want a number 0 to 4)\n", name + 2);
				return 2;
			}
			escape_m = (int)n;
			continue;
		}
		bool known = false;
		for (int k = 0; value_flags[k]; k++) {
			size_t n = strlen(value_flags[k]);
			if (strncmp(name, value_flags[k], n) == 0 && name[n] == '=') {
				known = true;
				const char *val = name + n + 1;
				if (strcmp(value_flags[k], "memprofile") == 0) {
					if (!*val) {
						fputs("minirt: --memprofile needs a file name\n", stderr);
						return 2;
					}
					memprofile_path = val;
				}
				if (strcmp(value_flags[k], "blockprofile") == 0 ||
				    strcmp(value_flags[k], "mutexprofile") == 0) {
					if (!*val) {
						fprintf(stderr, "minirt: --%s needs a file name\n",
						        value_flags[k]);
						return 2;
					}
					*(value_flags[k][0] == 'b' ? &blockprofile_path
					                           : &mutexprofile_path) = val;
				}
				if (strcmp(value_flags[k], "blockprofilerate") == 0 &&
				    !flag_count(value_flags[k], val, &blockprofilerate_flag))
					return 2;
				if (strcmp(value_flags[k], "mutexprofilefraction") == 0 &&
				    !flag_count(value_flags[k], val, &mutexprofilefraction_flag))
					return 2;
				if (strcmp(value_flags[k], "cpuprofile") == 0) {
					if (!*val) {
						fputs("minirt: --cpuprofile needs a file name\n", stderr);
						return 2;
					}
					cpuprofile_path = val;
				}
				if (strcmp(value_flags[k], "memprofilerate") == 0) {
					char *end;
					errno = 0;
					long long r = strtoll(val, &end, 10);
					if (!*val || *end || errno || r < 0) {
						fprintf(stderr,
						        "minirt: invalid value \"%s\" for "
						        "--memprofilerate (want an integer >= 0)\n",
						        val);
						return 2;
					}
					memprofilerate = r;
				}
				if (strcmp(value_flags[k], "gc") == 0) {
					if (strcmp(name + n + 1, "native") == 0)
						gc_flag = 0;
					else if (strcmp(name + n + 1, "boehm") == 0)
						gc_flag = 1;
					else {
						fprintf(stderr,
						        "minirt: --gc=%s is not supported (want "
						        "native or boehm)\n",
						        name + n + 1);
						return 2;
					}
				}
			}
		}
		if (!known) {
			fprintf(stderr, "minirt: unknown flag %s (see minirt --help)\n", a);
			return 2;
		}
	}
	if (i >= argc) {
		fputs("minirt: no script given (usage: minirt [flags] script.mr [args...])\n",
		      stderr);
		return 2;
	}
	const char *path = argv[i];
	if (!has_suffix(path, ".mr") && !has_suffix(path, ".go")) {
		fprintf(stderr, "minirt: %s: not a .mr or .go file\n", path);
		return 2;
	}
	if (!env_init())
		return 2;
	/* the backend, before anything is allocated: the flag wins over RT_GC */
	if (gc_flag < 0 ? rt_env.gc_boehm : gc_flag == 1) {
		if (!gc_boehm_supported()) {
			fputs("minirt: --gc=boehm is not available in sanitizer builds\n", stderr);
			return 2;
		}
		gc_boehm = true;
		gc_boehm_incremental = rt_env.boehm_incremental;
	}
	size_t len;
	char *src = read_file(path, &len);
	if (!src)
		return 2;
	types_init();
	File *file = parse_file(path, src, len);
	if (diag_count()) {
		diag_flush();
		return 2;
	}
	Program *prog = check_program(file);
	if (!prog || diag_count()) {
		diag_flush();
		return 2;
	}
	if (escape_m || !rt_env.nostackalloc)
		escape_analyse(prog, escape_m > 0, escape_m);
	if (escape_m) /* like the compiler: print the decisions, run nothing */
		return 0;
	gc_init();
	GCConfig gcc = {
	        .gogc = rt_env.gogc,
	        .memlimit = rt_env.memlimit,
	        .trace = rt_env.trace_gc,
	        .trace_level = rt_env.trace_gc_level,
	        .trace_scavenge = rt_env.trace_scavenge,
	        .stress = rt_env.gcstress,
	        .checkmark = rt_env.checkmark,
	        .stoptheworld = rt_env.stoptheworld,
	        .bgmark = rt_env.bgmark,
	        .bgsweep = rt_env.bgsweep,
	        .flush = rt_stdout_flush,
	};
	gc_configure(&gcc);
	CompiledProgram *cp = compile_program(prog, path);
	/* the sampler reads runtime.MemProfileRate itself, so scripts can assign it */
	for (int p = 0; p < prog->npkgs; p++)
		if (strcmp(prog->pkgs[p]->path, "runtime") == 0)
			for (int v = 0; v < prog->pkgs[p]->nvars; v++)
				if (strcmp(prog->pkgs[p]->vars[v]->name, "MemProfileRate") == 0)
					mprof_rate_ptr =
					        (int64_t *)(cp->globals + prog->pkgs[p]->vars[v]->slot);
	if (rt_env.trace_dis)
		for (int p = 0; p < prog->npkgs; p++)
			for (int f = 0; f < prog->pkgs[p]->nfuncs; f++)
				if (prog->pkgs[p]->funcs[f]->code && prog->pkgs[p] == prog->main)
					vm_disasm(prog->pkgs[p]->funcs[f]->code);
	rt_set_args(argc - i, argv + i);
	g_current = proc_newg();
	if (memprofilerate >= 0) /* runtime.MemProfileRate starts from MemProfileRate */
		MemProfileRate = memprofilerate;
	/* the rates start from the flags; a profile asked for without a rate records everything */
	if (blockprofilerate_flag >= 0 || blockprofile_path)
		mprof_set_block_profile_rate(blockprofilerate_flag >= 0 ? blockprofilerate_flag : 1);
	if (mutexprofilefraction_flag >= 0 || mutexprofile_path)
		mprof_set_mutex_profile_fraction(
		        mutexprofilefraction_flag >= 0 ? mutexprofilefraction_flag : 1);
	atexit(write_contention_profiles_at_exit); /* runs after --memprofile's writer */
	atexit(write_memprofile_at_exit);
	if (cpuprofile_path) {
		if (!cpuprof_start()) {
			fprintf(stderr, "minirt: --cpuprofile: cannot start the profiler: %s\n",
			        errtext(errno));
			return 2;
		}
		atexit(write_cpuprofile_at_exit);
	}
	return vm_run_main(cp);
}
