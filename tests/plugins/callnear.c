/*
 * Where generated code sits relative to the plugin: a callback on every instruction records
 * the largest distance between its return address (in the code cache) and the callback
 * itself, and prints "callnear max-distance-ok 1" at exit when it stayed under 4 GiB.
 *
 * Why it matters: on the hosts measured, a call whose target is more than ~16 GiB away costs
 * about 0.8 ns more than a near one (docs/PERFORMANCE.md, "Callbacks"); qelt used to put the
 * guest address space reservation (1 TiB) between its code cache and the plugins' libraries.
 */
#include <stdint.h>
#include <stdio.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t max_dist, calls;

static void __attribute__((noinline)) insn_exec(unsigned int cpu_index, void *udata)
{
    uintptr_t ret = (uintptr_t)__builtin_return_address(0), self = (uintptr_t)&insn_exec;
    uint64_t d = ret > self ? ret - self : self - ret;
    if (d > max_dist)
        max_dist = d;
    calls++;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++)
        qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, i), insn_exec,
                                               QEMU_PLUGIN_CB_NO_REGS, NULL);
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[128];
    snprintf(buf, sizeof buf, "callnear max-distance-ok %d calls>0 %d max-distance 0x%llx\n",
             max_dist < ((uint64_t)1 << 32), calls > 0, (unsigned long long)max_dist);
    qemu_plugin_outs(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
