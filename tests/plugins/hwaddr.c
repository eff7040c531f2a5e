/*
 * Test plugin (full-system): for every memory access asks qemu_plugin_get_hwaddr and counts
 * accesses that went to devices (is_io), remembering the lowest and highest device physical
 * address, and the RAM accesses whose physical address differs from the virtual one. Prints
 * "hwaddr: io N lo 0x.. hi 0x.., ram N" at exit (user mode: hwaddr is NULL, "hwaddr: none").
 */
#include <inttypes.h>
#include <stdio.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t n_io, n_ram, n_null, lo = UINT64_MAX, hi;

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    struct qemu_plugin_hwaddr *h = qemu_plugin_get_hwaddr(info, vaddr);
    if (!h) {
        n_null++;
        return;
    }
    if (qemu_plugin_hwaddr_is_io(h)) {
        uint64_t pa = qemu_plugin_hwaddr_phys_addr(h);
        n_io++;
        lo = pa < lo ? pa : lo;
        hi = pa > hi ? pa : hi;
    } else {
        n_ram++;
    }
}

static void on_tb(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++)
        qemu_plugin_register_vcpu_mem_cb(qemu_plugin_tb_get_insn(tb, i), on_mem,
                                         QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
}

static void on_exit(qemu_plugin_id_t id, void *p)
{
    char buf[160];
    if (n_null && !n_io && !n_ram)
        snprintf(buf, sizeof buf, "hwaddr: none\n");
    else
        snprintf(buf, sizeof buf, "hwaddr: io %" PRIu64 " lo 0x%" PRIx64 " hi 0x%" PRIx64 ", ram %" PRIu64 "\n",
                 n_io, n_io ? lo : 0, hi, n_ram);
    qemu_plugin_outs(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
