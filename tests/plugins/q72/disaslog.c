/*
 * A QEMU 7.2 (API version 1) plugin, built by tests/plugins/qemu-compat.sh against that
 * release's own qemu-plugin.h and loaded into qemu-riscv64 and into qelt alike: at translation
 * time prints one line per instruction, "<vaddr> <qemu_plugin_insn_disas text>". Blocks may be
 * cut differently by the two emulators, so the test compares the sorted, de-duplicated lines
 * of the addresses both translated: they must be identical.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        char *d = qemu_plugin_insn_disas(insn);
        char line[256];
        snprintf(line, sizeof line, "%016" PRIx64 " %s\n", qemu_plugin_insn_vaddr(insn), d);
        qemu_plugin_outs(line);
        free(d);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    return 0;
}
