/*
 * Test plugin for qelt's filtered callbacks (include/qelt-plugin.h): checks that generated
 * code calls a filtered callback exactly when the plugin's table lets the address through.
 *
 * Flow: every instruction gets a plain execution callback (the shadow), then a filtered one on
 * a 16-entry table of 64-byte lines; every memory access likewise gets a plain memory callback,
 * then a filtered one on another table. A shadow callback runs first and works out, from the
 * table as it is then, whether the filtered callback that follows must run (counting the
 * expected calls and remembering the address); the filtered callback counts the actual calls,
 * checks that it sees the address the shadow saw, and changes the table: it records its line
 * only for even lines, so odd lines always pass and even lines pass until recorded or again
 * after another even line of the same entry displaced them. At exit prints
 *     filter exec exp=N got=N mem exp=N got=N addr-ok=1 skipped=1
 * (skipped=1: some events were filtered out, so the test is not vacuous).
 * Invariant: the guest runs on one vCPU (the tables are global).
 */
#include <inttypes.h>
#include <stdio.h>
#include <qemu-plugin.h>
#include <qelt-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum { SHIFT = 6, MASK = 15 };
static uint64_t itab[MASK + 1], mtab[MASK + 1];
static uint64_t exec_exp, exec_got, mem_exp, mem_got, exec_all, mem_all;
static uint64_t want_pc, want_va;
static int addr_ok = 1;

static int passes(const uint64_t *t, uint64_t a)
{
    return t[(a >> SHIFT) & MASK] != a >> SHIFT;
}

static void record(uint64_t *t, uint64_t a)
{
    if (!((a >> SHIFT) & 1))
        t[(a >> SHIFT) & MASK] = a >> SHIFT;
}

static void shadow_exec(unsigned int vcpu, void *ud)
{
    uint64_t pc = (uint64_t)(uintptr_t)ud;
    exec_all++;
    want_pc = passes(itab, pc) ? pc : UINT64_MAX;
    exec_exp += want_pc != UINT64_MAX;
}

static void filt_exec(unsigned int vcpu, void *ud)
{
    uint64_t pc = (uint64_t)(uintptr_t)ud;
    exec_got++;
    if (pc != want_pc)
        addr_ok = 0;
    record(itab, pc);
}

static void shadow_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud)
{
    mem_all++;
    want_va = passes(mtab, va) ? va : UINT64_MAX;
    mem_exp += want_va != UINT64_MAX;
}

static void filt_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud)
{
    mem_got++;
    if (va != want_va)
        addr_ok = 0;
    record(mtab, va);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        void *pc = (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, shadow_exec, QEMU_PLUGIN_CB_NO_REGS, pc);
        qelt_plugin_register_vcpu_insn_exec_cb_filter(insn, filt_exec, QEMU_PLUGIN_CB_NO_REGS,
                                                      pc, itab, SHIFT, MASK);
        qemu_plugin_register_vcpu_mem_cb(insn, shadow_mem, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
        qelt_plugin_register_vcpu_mem_cb_filter(insn, filt_mem, QEMU_PLUGIN_CB_R_REGS,
                                                QEMU_PLUGIN_MEM_RW, NULL, mtab, SHIFT, MASK);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char b[256];
    snprintf(b, sizeof b, "filter exec exp=%" PRIu64 " got=%" PRIu64 " mem exp=%" PRIu64
             " got=%" PRIu64 " addr-ok=%d skipped=%d\n", exec_exp, exec_got, mem_exp, mem_got,
             addr_ok, exec_exp < exec_all && mem_exp < mem_all);
    qemu_plugin_outs(b);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i <= MASK; i++)   /* entry i matches only lines of entry i */
        itab[i] = mtab[i] = (uint64_t)(i ^ 1);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
