/*
 * A QEMU 7.2 (API version 1) plugin, built by tests/plugins/qemu-compat.sh against that
 * release's own qemu-plugin.h and loaded into qemu-riscv64 and into qelt alike: prints one line
 * per memory access made by a vector load or store (LOAD-FP/STORE-FP with a vector width):
 * direction, size, sign flag, the address, and the instruction's address. Both emulators
 * running the same static program must print the same lines.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void mem_cb(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t va, void *udata)
{
    char line[128];
    snprintf(line, sizeof line, "%c size=%u sign=%d va=%#" PRIx64 " pc=%#" PRIx64 "\n",
             qemu_plugin_mem_is_store(info) ? 'W' : 'R', 1u << qemu_plugin_mem_size_shift(info),
             qemu_plugin_mem_is_sign_extended(info), va, (uint64_t)(uintptr_t)udata);
    qemu_plugin_outs(line);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t w = 0;
        if (qemu_plugin_insn_size(insn) != 4)
            continue;
        memcpy(&w, qemu_plugin_insn_data(insn), 4);
        uint32_t op = w & 0x7f, width = (w >> 12) & 7;
        if ((op == 0x07 || op == 0x27) && (width == 0 || width >= 5))
            qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW,
                                             (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    return 0;
}
