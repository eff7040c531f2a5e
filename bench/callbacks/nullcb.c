/*
 * Callback-cost probe plugin (bench/callbacks.sh): with insn=on an empty callback before every
 * instruction, with mem=on an empty callback after every memory access, so the time measured
 * is the emulator's own cost of making a callback. Builds against QEMU 7.2's plugin header or
 * qelt's (include/qemu-plugin.h) alike.
 */
#include <stdint.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static int do_insn, do_mem;

static void insn_cb(unsigned int cpu, void *udata)
{
}

static void mem_cb(unsigned int cpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
        if (do_insn)
            qemu_plugin_register_vcpu_insn_exec_cb(in, insn_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        if (do_mem)
            qemu_plugin_register_vcpu_mem_cb(in, mem_cb, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        do_insn |= !strcmp(argv[i], "insn=on");
        do_mem |= !strcmp(argv[i], "mem=on");
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    return 0;
}
