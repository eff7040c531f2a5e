/*
 * The command line and QEMU_* environment of qelt-riscv64, spelled like QEMU's linux-user:
 * `qelt-riscv64 [options] PROGRAM [ARGS...]`; options end at the first non-option or "--", and
 * "--opt" means "-opt". Environment variables are read first, so the command line wins.
 *
 * Invariants: every bad input ends in qelt_fatal ("qelt: ..." on stderr, exit 1); -help,
 * -version, -d help and -cpu help print to stdout and exit 0. The options recorded in
 * o->qelt_opts are exactly what a guest execve of another RISC-V program must pass to the new
 * qelt: per-process settings (-0, -E, -U) are left out because they only describe this
 * process's own argv/environment. -execfd is qelt's own (not QEMU's, not in -help): a guest
 * execveat/fexecve of a descriptor hands the program over as an open descriptor, since the
 * guest's may be close-on-exec (user/syscall-proc.c). -vstate-ctrl is qelt's own too: the
 * exec'ing thread's PR_RISCV_V_* control (user/vstate.c), when it says something for the new
 * program. -B / QEMU_GUEST_BASE take QEMU's address and also "any" (qelt's: wherever the kernel
 * puts the reservation, the layout qelt falls back to when address 0 is not available).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "process.h"
#include "cpu-ext.h"

#define QELT_VERSION "0.1"

static const struct LogItem {
    const char *name;
    int mask;
    const char *help;
} log_items[] = {
    { "in_asm",       LOG_IN_ASM,       "show guest instructions of each translated block" },
    { "op",           LOG_OP,           "show the IR of each block before optimization" },
    { "op_opt",       LOG_OP_OPT,       "show the IR after optimization" },
    { "out_asm",      LOG_OUT_ASM,      "show the generated host code" },
    { "exec",         LOG_EXEC,         "show each executed translation block" },
    { "strace",       LOG_STRACE,       "log system calls and their results (same as -strace)" },
    { "plugin",       LOG_PLUGIN,       "output from TCG plugins" },
    { "stats",        LOG_STATS,        "print translation/execution statistics at exit" },
    { "nochain",      LOG_NOCHAIN,      "do not chain translated blocks (debugging)" },
    { "unimp",        LOG_UNIMP,        "log unimplemented functionality (syscalls, CSRs)" },
    { "guest_errors", LOG_GUEST_ERRORS, "log when the guest does something invalid" },
};

static void usage(void)
{
    printf("usage: qelt-riscv64 [options] program [arguments...]\n"
           "Linux RISC-V rv64gc user-mode emulation (dynamic binary translation to x86-64)\n"
           "\n"
           "Options and equivalent environment variables:\n"
           "  -h, -help            print this help and exit\n"
           "  -version             print the version and exit\n"
           "  -d item[,...]        QEMU_LOG          enable logging of items (-d help lists them)\n"
           "  -D logfile           QEMU_LOG_FILENAME write logs to logfile (default stderr)\n"
           "  -strace              QEMU_STRACE       log system calls\n"
           "  -E var=value[,...]   QEMU_SET_ENV      set variables in the guest environment\n"
           "  -U var[,...]         QEMU_UNSET_ENV    remove variables from the guest environment\n"
           "  -0 argv0             QEMU_ARGV0        argv[0] the program sees (default: program)\n"
           "  -s size              QEMU_STACK_SIZE   guest stack size (k/M/G suffixes; default 8M)\n"
           "  -cpu model           QEMU_CPU          CPU model (-cpu help lists them)\n"
           "  -L path              QEMU_LD_PREFIX    guest sysroot (ELF interpreter prefix)\n"
           "  -g port              QEMU_GDB          wait for gdb to connect on TCP port\n"
           "  -fpu soft|host       QELT_FPU          floating point: always soft-float, or the\n"
           "                                         host-FPU fast path where exact (default)\n"
           "  -plugin file[,arg=v] QEMU_PLUGIN       load a TCG plugin (repeatable)\n"
           "  -seed number         QEMU_RAND_SEED    seed the guest's AT_RANDOM bytes\n"
           "  -B address           QEMU_GUEST_BASE   host address of guest address 0 (default: 0\n"
           "                                         if possible; 'any': wherever the host puts it)\n"
           "  -perfmap             QEMU_PERFMAP      write /tmp/perf-<pid>.map (perf names the\n"
           "                                         guest functions in generated code)\n"
           "\n"
           "Options may also be written with two dashes (--strace). \"--\" ends the options.\n");
}

static void add_str(char ***vec, int *n, const char *s)
{
    char **v = realloc(*vec, (size_t)(*n + 2) * sizeof **vec);
    if (!v)
        qelt_fatal("out of memory");
    v[*n] = (char *)s;
    v[++*n] = NULL;
    *vec = v;
}

/* Comma-separated lists (-E, -U, like QEMU's envlist): one entry per element. */
static void add_list(char ***vec, int *n, const char *arg)
{
    char *copy = strdup(arg), *save = NULL;
    if (!copy)
        qelt_fatal("out of memory");
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        add_str(vec, n, t);
}

static int parse_log_items(const char *arg)
{
    if (!strcmp(arg, "help")) {
        printf("Log items (comma separated):\n");
        for (size_t i = 0; i < sizeof log_items / sizeof log_items[0]; i++)
            printf("%-13s %s\n", log_items[i].name, log_items[i].help);
        exit(0);
    }
    int mask = 0;
    const char *s = arg;
    while (*s) {
        size_t len = strcspn(s, ",");
        size_t i;
        for (i = 0; i < sizeof log_items / sizeof log_items[0]; i++)
            if (strlen(log_items[i].name) == len && !strncmp(log_items[i].name, s, len))
                break;
        if (i == sizeof log_items / sizeof log_items[0])
            qelt_fatal("unknown -d item '%.*s' (try -d help)", (int)len, s);
        mask |= log_items[i].mask;
        s += len;
        if (*s == ',')
            s++;
    }
    return mask;
}

static uint64_t parse_stack_size(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 0);
    if (end == arg || errno || arg[0] == '-')
        qelt_fatal("bad stack size '%s'", arg);
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    }
    /* The stack and its guard must leave room for everything else in the task space. */
    if (*end || v == 0 || v > (GM_TASK_SIZE / 4) >> shift)
        qelt_fatal("bad stack size '%s'", arg);
    v <<= shift;
    return (v + GM_PAGE_SIZE - 1) & ~(GM_PAGE_SIZE - 1);
}

static const char *parse_cpu(const char *arg, uint64_t *isa, uint32_t *cfg)
{
    char err[160];
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        rv_isa_help(stdout);
        exit(0);
    }
    if (!rv_isa_parse(arg, isa, cfg, err, sizeof err))
        qelt_fatal("%s", err);
    return arg;
}

static int parse_fpu(const char *arg)
{
    if (!strcmp(arg, "soft"))
        return 1;
    if (!strcmp(arg, "host"))
        return 0;
    qelt_fatal("bad -fpu mode '%s' (soft or host)", arg);
}

enum {
    O_HELP, O_VERSION, O_D, O_DFILE, O_STRACE, O_SETENV, O_UNSETENV, O_ARGV0, O_STACK,
    O_CPU, O_LPREFIX, O_GDB, O_FPU, O_PLUGIN, O_SEED, O_EXECFD, O_VSTATE_CTRL, O_CWD_HOST_NAMED, O_GUEST_BASE,
    O_PERFMAP, O_UNSUPPORTED,
};

static const struct OptDef {
    const char *name;
    const char *env;
    int has_arg;
    int id;
    int per_process;   /* not passed on to a re-exec'd qelt */
} opt_defs[] = {
    { "h",        NULL,                0, O_HELP,      0 },
    { "help",     NULL,                0, O_HELP,      0 },
    { "version",  NULL,                0, O_VERSION,   0 },
    { "d",        "QEMU_LOG",          1, O_D,         0 },
    { "D",        "QEMU_LOG_FILENAME", 1, O_DFILE,     0 },
    { "strace",   "QEMU_STRACE",       0, O_STRACE,    0 },
    { "E",        "QEMU_SET_ENV",      1, O_SETENV,    1 },
    { "U",        "QEMU_UNSET_ENV",    1, O_UNSETENV,  1 },
    { "0",        "QEMU_ARGV0",        1, O_ARGV0,     1 },
    { "s",        "QEMU_STACK_SIZE",   1, O_STACK,     0 },
    { "cpu",      "QEMU_CPU",          1, O_CPU,       0 },
    { "L",        "QEMU_LD_PREFIX",    1, O_LPREFIX,   0 },
    { "g",        "QEMU_GDB",          1, O_GDB,       0 },
    { "fpu",      "QELT_FPU",          1, O_FPU,       0 },
    { "plugin",   "QEMU_PLUGIN",       1, O_PLUGIN,    0 },
    { "seed",     "QEMU_RAND_SEED",    1, O_SEED,      0 },
    { "execfd",   NULL,                1, O_EXECFD,    1 },
    { "vstate-ctrl", NULL,             1, O_VSTATE_CTRL, 1 },
    { "cwd-host-named", NULL,          0, O_CWD_HOST_NAMED, 1 },
    { "B",        "QEMU_GUEST_BASE",   1, O_GUEST_BASE, 0 },
    { "perfmap",  "QEMU_PERFMAP",      0, O_PERFMAP,   0 },
    { "R",        NULL,                1, O_UNSUPPORTED, 0 },
};

static void apply_opt(QeltOptions *o, const struct OptDef *d, const char *arg)
{
    switch (d->id) {
    case O_HELP:
        usage();
        exit(0);
    case O_VERSION:
        printf("qelt-riscv64 version " QELT_VERSION
               " (RISC-V rv64gc Linux user mode on x86-64; QEMU-compatible command line)\n");
        exit(0);
    case O_D:
        o->log_mask |= parse_log_items(arg);
        if (o->log_mask & LOG_STRACE)
            o->strace = 1;
        break;
    case O_DFILE:
        if (!*arg)
            qelt_fatal("-D needs a file name");
        o->log_file = arg;
        break;
    case O_STRACE:
        o->strace = 1;
        o->log_mask |= LOG_STRACE;
        break;
    case O_SETENV: {
        int n = 0;
        while (o->env_set && o->env_set[n])
            n++;
        add_list(&o->env_set, &n, arg);
        for (int i = 0; i < n; i++)
            if (!strchr(o->env_set[i], '=') || o->env_set[i][0] == '=')
                qelt_fatal("-E needs VAR=value, got '%s'", o->env_set[i]);
        add_list(&o->env_ops, &o->n_env_ops, arg);
        break;
    }
    case O_UNSETENV: {
        int n = 0;
        while (o->env_unset && o->env_unset[n])
            n++;
        add_list(&o->env_unset, &n, arg);
        for (int i = 0; i < n; i++)
            if (strchr(o->env_unset[i], '=') || !o->env_unset[i][0])
                qelt_fatal("-U needs a variable name, got '%s'", o->env_unset[i]);
        add_list(&o->env_ops, &o->n_env_ops, arg);
        break;
    }
    case O_ARGV0:
        o->argv0 = arg;
        break;
    case O_STACK:
        o->stack_size = parse_stack_size(arg);
        break;
    case O_CPU:
        o->cpu_model = parse_cpu(arg, &o->isa_ext, &o->cpu_cfg);
        break;
    case O_LPREFIX:
        o->sysroot = arg;
        break;
    case O_GDB: {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*arg == 0 || *end || v <= 0 || v > 65535)
            qelt_fatal("-g: bad TCP port '%s'", arg);
        o->gdb_port = (int)v;
        break;
    }
    case O_FPU:
        o->fpu_soft = parse_fpu(arg);
        break;
    case O_PLUGIN:
        add_str(&o->plugin_specs, &o->n_plugins, arg);
        break;
    case O_SEED: {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 0);
        if (end == arg || *end || errno)
            qelt_fatal("bad seed '%s'", arg);
        o->rand_seed = v;
        o->have_seed = 1;
        break;
    }
    case O_EXECFD: {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*arg == 0 || *end || v < 0 || v > INT_MAX || fcntl((int)v, F_GETFD) < 0)
            qelt_fatal("-execfd: '%s' is not an open descriptor", arg);
        o->exec_fd = (int)v;
        o->have_exec_fd = 1;
        break;
    }
    case O_CWD_HOST_NAMED:
        o->cwd_host_named = 1;
        break;
    case O_VSTATE_CTRL: {
        char *end;
        unsigned long v = strtoul(arg, &end, 10);
        if (*arg == 0 || *end || v > 0x1f)
            qelt_fatal("-vstate-ctrl: bad value '%s'", arg);
        o->vstate_ctrl = (uint32_t)v;
        break;
    }
    case O_GUEST_BASE: {
        char *end;
        errno = 0;
        bool any = !strcmp(arg, "any");
        unsigned long long v = any ? GM_BASE_ANY : strtoull(arg, &end, 0);
        if (!any && (end == arg || *end || errno || (v & (GM_PAGE_SIZE - 1)) || arg[0] == '-'))
            qelt_fatal("-B: bad guest base '%s' (a page-aligned address, or any)", arg);
        o->guest_base = v;
        o->have_guest_base = 1;
        break;
    }
    case O_PERFMAP:
        o->perfmap = 1;
        break;
    case O_UNSUPPORTED:
        qelt_fatal("option -%s is not supported (the guest address space is fixed)", d->name);
    }
}

static const struct OptDef *find_opt(const char *name)
{
    for (size_t i = 0; i < sizeof opt_defs / sizeof opt_defs[0]; i++)
        if (!strcmp(opt_defs[i].name, name))
            return &opt_defs[i];
    return NULL;
}

void qelt_parse_options(QeltOptions *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->stack_size = QELT_DEFAULT_STACK_SIZE;
    o->cpu_model = "rv64";
    o->isa_ext = rv_isa_default();

    static char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = 0;
        o->self_exe = self;
    } else {
        o->self_exe = argv[0];
    }

    /* QEMU_* first so that the command line overrides them; an empty value means unset,
     * except QEMU_STRACE whose mere presence enables it (as in QEMU). */
    for (size_t i = 0; i < sizeof opt_defs / sizeof opt_defs[0]; i++) {
        const struct OptDef *d = &opt_defs[i];
        const char *v = d->env ? getenv(d->env) : NULL;
        if (!v || (d->has_arg && !*v))
            continue;
        apply_opt(o, d, v);
    }

    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        if (a[0] != '-')
            break;
        int first = i++;
        const char *name = a + 1;
        if (!strcmp(name, "-")) {   /* "--": end of options */
            add_str(&o->qelt_opts, &o->n_qelt_opts, a);
            break;
        }
        if (name[0] == '-')
            name++;
        const struct OptDef *d = *name ? find_opt(name) : NULL;
        if (!d)
            qelt_fatal("unknown option '%s' (try -help)", a);
        const char *arg = NULL;
        if (d->has_arg) {
            if (i >= argc)
                qelt_fatal("option '%s' needs an argument", a);
            arg = argv[i++];
        }
        apply_opt(o, d, arg);
        if (!d->per_process)
            for (int k = first; k < i; k++)
                add_str(&o->qelt_opts, &o->n_qelt_opts, argv[k]);
    }
    if (o->sysroot && o->sysroot[0]) {
        /* The sysroot is compared with and prefixed to host paths (user/syscall.c): make it
         * absolute and canonical, so a guest chdir cannot change its meaning, and hand the
         * same to a program the guest execs (a later -L overrides an earlier one). */
        static char root[PATH_MAX];
        if (realpath(o->sysroot, root)) {
            o->sysroot = root;
            add_str(&o->qelt_opts, &o->n_qelt_opts, "-L");
            add_str(&o->qelt_opts, &o->n_qelt_opts, root);
        }
    }
    if (!o->qelt_opts && !(o->qelt_opts = calloc(1, sizeof *o->qelt_opts)))
        qelt_fatal("out of memory");
    if (i >= argc)
        qelt_fatal("no program given (try -help)");
    if (!argv[i][0])
        qelt_fatal("empty program name");
    o->guest_argv = &argv[i];
    o->guest_argc = argc - i;
}

static size_t env_name_len(const char *entry)
{
    const char *eq = strchr(entry, '=');
    return eq ? (size_t)(eq - entry) : strlen(entry);
}

/* Remove the entry named like op (an assignment or a bare name) from env[0..*n). */
static void env_remove(char **env, int *n, const char *op)
{
    size_t len = env_name_len(op);
    int k = 0;
    for (int j = 0; j < *n; j++)
        if (!(env_name_len(env[j]) == len && !strncmp(env[j], op, len)))
            env[k++] = env[j];
    *n = k;
}

/* QEMU builds the guest environment as a list where every assignment (first each host variable
 * in order, then each -E) replaces its name and goes to the front, and -U removes; the guest
 * therefore sees the host environment reversed, with -E variables first. Programs that print
 * their environment behave as under qemu-riscv64 only with the same order, so we keep it:
 * env[] below is built back to front. */
char **qelt_guest_environ(const QeltOptions *o, char **host_env)
{
    int n = 0, cap = 0;
    for (char **e = host_env; e && *e; e++)
        cap++;
    cap += o->n_env_ops;
    char **env = calloc((size_t)cap + 1, sizeof *env);
    if (!env)
        qelt_fatal("out of memory");
    for (char **e = host_env; e && *e; e++) {
        env_remove(env, &n, *e);
        env[n++] = *e;
    }
    for (int i = 0; i < o->n_env_ops; i++) {
        char *op = o->env_ops[i];
        env_remove(env, &n, op);
        if (strchr(op, '='))
            env[n++] = op;
    }
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        char *t = env[i];
        env[i] = env[j];
        env[j] = t;
    }
    env[n] = NULL;
    return env;
}

void qelt_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qelt_vfatal(fmt, ap);
}
