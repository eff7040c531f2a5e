/*
 * qelt-riscv64's entry point: options, logging, guest memory, runtime, address space, signals,
 * the program image, then the guest's main loop on this thread (which never returns).
 *
 * Only main() lives here (the Makefile leaves main.o out of libqelt.a, which the unit tests
 * link); everything it calls is in the library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "process.h"
#include "signal.h"
#include "plugins/plugin.h"
#include "runtime/perfmap.h"

extern char **environ;

#define PLUGIN_LIB_HOLE ((size_t)1 << 30)

/* What the plugin API may ask about the program (plugins/ does not know user/). */
static const char *plugin_symbol(void *opaque, uint64_t addr)
{
    return image_symbol(&((Process *)opaque)->image, addr);
}

static const char *perfmap_symbol(void *opaque, uint64_t pc, uint64_t *offset)
{
    return image_symbol_offset(&((Process *)opaque)->image, pc, offset);
}

static void plugin_image(void *opaque, const char **path, uint64_t *start_code,
                         uint64_t *end_code, uint64_t *entry)
{
    const ImageInfo *im = &((Process *)opaque)->image;
    *path = im->exe_path;
    *start_code = im->start_code;
    *end_code = im->end_code;
    *entry = im->entry;
}

int main(int argc, char **argv)
{
    static QeltOptions opts;
    static Process proc;
    static GuestMem gm;
    Process *p = &proc;

    qelt_parse_options(&opts, argc, argv);
    p->opts = &opts;
    p->cwd_host_named = opts.cwd_host_named;   /* inherited through an exec (syscall-proc.c) */
    p->log = stderr;
    if (opts.log_file) {
        p->log = fopen(opts.log_file, "w");
        if (!p->log)
            qelt_fatal("cannot open log file %s: %s", opts.log_file, strerror(errno));
        proc_own_fd(p, fileno(p->log), true);
    }

    RuntimeOptions ro = {
        .log_mask = opts.log_mask,
        .log = p->log,
        .code_cache_size = 0,
        .fpu_soft = opts.fpu_soft,
        .isa_ext = opts.isa_ext,
        .cpu_cfg = opts.cpu_cfg,
        .single_step = opts.gdb_port != 0,
        .perfmap = opts.perfmap ? perfmap_open(perfmap_symbol, p) : NULL,
    };
    /* Address-space layout for plugin callbacks: generated code calls them directly, and on
     * the hosts measured a call whose target is more than ~16 GiB away costs about 0.8 ns more
     * (the branch predictor keeps only nearby targets; docs/PERFORMANCE.md, "Callbacks"). The
     * kernel maps top-down, so the code cache is created before the guest address space (which
     * would otherwise sit between the shared libraries and the cache), right below the
     * libraries, with a hole left above it where the plugins' libraries are mapped next.
     * Guest memory goes to host address 0 when it can (the back end then needs no base
     * register, so it is reserved before the runtime makes the back end); else it falls back
     * to wherever the kernel puts it. -B asks for one place, and fails if that is taken. */
    uint64_t want = opts.have_guest_base ? opts.guest_base : 0;
    int r = want == 0 ? gm_init_at(&gm, 0) : -1;
    if (r < 0 && opts.have_guest_base && want == 0)
        qelt_fatal("-B 0: cannot reserve the guest address space at host address 0: %s",
                   strerror(-r));
    void *hole = mmap(NULL, PLUGIN_LIB_HOLE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    p->rt = rt_new(&gm, &ro);
    if (!p->rt)
        qelt_fatal("cannot create the runtime");
    if (hole != MAP_FAILED)
        munmap(hole, PLUGIN_LIB_HOLE);
    if (r < 0) {
        r = gm_init_at(&gm, want ? want : GM_BASE_ANY);
        if (r < 0 && want != GM_BASE_ANY && want != 0)
            qelt_fatal("-B %#llx: cannot reserve the guest address space there: %s",
                       (unsigned long long)want, strerror(-r));
    }
    if (r < 0)
        qelt_fatal("cannot reserve the guest address space: %s", strerror(-r));
    p->gm = &gm;
    PluginHostHooks ph = { p, plugin_symbol, plugin_image, NULL, 0 };
    plugins_load(p->rt, &gm, opts.plugin_specs, opts.n_plugins, &ph);
    VCPU *cpu = rt_new_vcpu(p->rt, 0);
    if (!cpu)
        qelt_fatal("cannot create the vCPU");
    cpu->proc = p;
    p->n_threads = 1;
    p->next_cpu_index = 1;
    current_vcpu = cpu;
    plugins_vcpu_init(cpu);

    mmap_init(p);
    signal_init(p);

    /* The guest's argv: PROGRAM ARGS..., with argv[0] replaced by -0. */
    char **gargv = calloc((size_t)opts.guest_argc + 1, sizeof *gargv);
    if (!gargv)
        qelt_fatal("out of memory");
    for (int i = 0; i < opts.guest_argc; i++)
        gargv[i] = opts.guest_argv[i];
    if (opts.argv0)
        gargv[0] = (char *)opts.argv0;
    char **genv = qelt_guest_environ(&opts, environ);

    char err[4096 + 256];
    if (load_elf(p, opts.guest_argv[0], gargv, genv, cpu, err, sizeof err) < 0)
        qelt_fatal("%s", err);
    if (opts.have_exec_fd)
        close(opts.exec_fd);   /* the guest never had this descriptor */
    free(gargv);
    free(genv);
    /* Linux names a task after the file it execs (comm: /proc/self/{stat,status,comm}, ps). */
    const char *slash = strrchr(opts.guest_argv[0], '/');
    prctl(PR_SET_NAME, slash ? slash + 1 : opts.guest_argv[0], 0, 0, 0);

    signal_thread_init(cpu);
    ((SigThread *)cpu->os_thread)->vstate_ctrl = vstate_ctrl_after_exec(opts.vstate_ctrl);
    if (opts.gdb_port)
        gdb_start(p, cpu, opts.gdb_port);
    cpu_loop(cpu);
}
