/*
 * qelt-system-riscv64: the full-system machine's outer shell.
 *
 * Flow: parse the command line -> Machine (RAM as one anonymous host mapping, the reset ROM)
 * -> the virt board's devices -> firmware, kernel, initrd -> device tree (or -dtb; written out
 * and exit for -M virt,dumpdtb=FILE) -> reset ROM -> the CPU side (system/hart.h): runtime and
 * harts -> timer thread, terminal input and the network's thread -> machine_run until the finisher, Ctrl-A x or a
 * fatal error ends the run -> terminal restored -> exit with the guest's status. A reset request
 * (finisher 0x7777, Linux's reboot) without -no-reboot starts the program again from the top
 * (a fresh process image is a complete machine reset; the -serial file and the -D log are then
 * appended to, as QEMU keeps them open across a reset; snapshot=on writes are lost, which QEMU
 * would keep).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "system/board.h"
#include "system/hart.h"
#include "runtime/perfmap.h"

#define VIRT_MMU "riscv,sv48"
#define SATP_MODE_SV57 10   /* QEMU 7.2 accepts Sv57 writes although its device tree says sv48 */

static Machine *machine_new(const SysOptions *o)
{
    Machine *m = calloc(1, sizeof *m);
    if (!m)
        sys_fatal("out of memory");
    machine_sync_init(m);
    m->ram_base = virt_map[VIRT_DRAM].base;
    m->ram_size = o->ram_size;
    m->ram = mmap(NULL, m->ram_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m->ram == MAP_FAILED)
        sys_fatal("could not allocate %llu MiB of guest RAM", (unsigned long long)(o->ram_size >> 20));
    m->rom_base = virt_map[VIRT_MROM].base;
    m->rom_size = virt_map[VIRT_MROM].size;
    m->rom = calloc(1, m->rom_size);
    if (!m->rom)
        sys_fatal("out of memory");
    m->no_reboot = o->no_reboot;
    return m;
}

static void dump_dtb(const char *path, const void *fdt, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(fdt, 1, size, f) != size || fclose(f) != 0)
        sys_fatal("could not write the device tree to '%s'", path);
    fprintf(stderr, "qelt: info: dtb dumped to %s. Exiting.\n", path);
    exit(0);
}

int main(int argc, char **argv)
{
    SysOptions o;
    sys_parse_options(&o, argc, argv);
    o.rebooted = getenv(SYS_REBOOT_ENV) != NULL;
    unsetenv(SYS_REBOOT_ENV);
    FILE *log = stderr;
    if (o.log_file && !(log = fopen(o.log_file, o.rebooted ? "a" : "w")))
        sys_fatal("could not open log file '%s'", o.log_file);

    Machine *m = machine_new(&o);
    VirtBoard *b = calloc(1, sizeof *b);
    if (!b)
        sys_fatal("out of memory");
    virt_board_init(b, m, &o, log);

    BootInfo bi;
    boot_load_images(m, &o, &bi);
    FdtParams fp = { o.smp, VIRT_MMU, o.append, bi.initrd_start, bi.initrd_end, o.isa_ext };
    size_t fdt_size;
    void *fdt = o.dtb ? boot_load_dtb(&o, &bi, &fdt_size) : virt_fdt_build(m, b, &fp, &fdt_size);
    if (!fdt)
        sys_fatal("could not build the device tree");
    if (o.dumpdtb)
        dump_dtb(o.dumpdtb, fdt, fdt_size);
    boot_finish(m, &bi, fdt, fdt_size);
    free(fdt);

    HartConfig cfg = {
        .reset_pc = m->rom_base, .satp_mode_max = SATP_MODE_SV57, .log_mask = o.log_mask,
        .log = o.log_file ? log : NULL, .plugin_specs = (char **)o.plugins,
        .n_plugins = o.n_plugins, .isa_ext = o.isa_ext, .cpu_cfg = o.cpu_cfg,
        .thread_single = o.thread_single || o.gdb_port,
        .perfmap = o.perfmap ? perfmap_open(NULL, NULL) : NULL,
    };
    if (machine_cpu_init(m, &cfg) < 0)
        return 1;
    for (int h = 0; h < o.smp; h++)
        if (!hart_new(m, h, &cfg))
            sys_fatal("could not create hart %d", h);
    if (o.gdb_port)
        sys_gdb_start(m, o.gdb_port, o.gdb_wait);
    if (!machine_timers_start(m))
        sys_fatal("could not start the timer thread");
    uart_start_input(&b->uart, o.serial, STDIN_FILENO);
    virt_board_start(b);

    int status = machine_run(m);
    if (o.gdb_port)
        sys_gdb_exited(m, status);

    uart_stop_input(&b->uart);
    machine_timers_stop(m);
    machine_cpu_exit(m);
    virt_board_free(b);
    if (log != stderr)
        fclose(log);
    fflush(stdout);
    if (status == MACHINE_EXIT_RESET) {
        setenv(SYS_REBOOT_ENV, "1", 1);
        execv("/proc/self/exe", argv);
        sys_fatal("reboot: could not restart: %m");
    }
    return status;
}
