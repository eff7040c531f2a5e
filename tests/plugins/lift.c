/*
 * Lifted-callback test plugin (tests/plugins/lift.sh drives it): callbacks of the shapes qelt
 * lifts (plugins/lower.c, host/x86_64/cblift.c) and of shapes it must not, all counting into
 * plugin memory, with per-vCPU scoreboard inline adds as the exact reference.
 *   lift_count   cnt[cpu & 7]++                       per-vCPU indexed counter (lifted)
 *   lift_last    if (last[cpu & 7] == udata) rep++;   guard on udata (lifted; the slow path
 *                last[cpu & 7] = udata                 runs on a repeat: udata is the 64-byte
 *                                                      line, so it runs often)
 *   lift_every   if (++every % 1000 == 0) ticks++      guard reads what it adds to (not lifted)
 *   lift_one     total += 1; lift_two: total += 2      two callbacks on one counter (lifted)
 *   lift_read    snap += total * 3 + cnt[cpu & 7]      reads the others' counters (a call)
 *   lift_tb      tbins[cpu & 7] += udata               per block, udata = its size (lifted)
 *   lift_mem     mcnt[cpu & 7]++                       per-vCPU memory-access counter (lifted)
 *   lift_memval  as lift_last for accesses; its slow path sums the accessed values (lifted;
 *                the value is read back from guest memory there)
 *   lift_nth     if ((uint8_t)cnt[cpu & 7] == 0) nth++  guard on the low byte of lift_count's
 *                                                      counter, which qelt may keep in a host
 *                                                      register (lifted: its slow path runs every
 *                                                      256th instruction, mid-loop in loops)
 * At each vCPU's exit and at exit it prints the counters and whether the lifted per-vCPU
 * counts equal the scoreboard's ("match"/"MISMATCH"); the output must be the same with
 * QELT_NO_CALLBACK_LIFT=1. Argument read=N: lift_read on instructions whose address is a
 * multiple of N (default 64). Argument loop=on: only the lifted callbacks, lift_nth instead of
 * lift_every (no calls: one-block loops stay qelt's loop blocks, host/x86_64/codegen-loop.c);
 * the scoreboard references are not compared then (plain inline adds other than the counter
 * register's miss the rest of a block that faults, plugins/lower.c), only printed as "-".
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define NCPU 8
static uint64_t cnt[NCPU], mcnt[NCPU], tbins[NCPU];
static uint64_t last[NCPU] __attribute__((aligned(64)));
static uint64_t mlast[NCPU];
static uint64_t rep, every, ticks, total, snap, vsum, vn;
static uint64_t read_every = 64, nth;
static bool loop_only;
static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 ref_insn, ref_mem;

QEMU_PLUGIN_EXPORT void lift_count(unsigned cpu, void *ud) { cnt[cpu & 7]++; }

QEMU_PLUGIN_EXPORT void lift_last(unsigned cpu, void *ud)
{
    if (last[cpu & 7] == (uint64_t)(uintptr_t)ud)
        rep++;
    last[cpu & 7] = (uint64_t)(uintptr_t)ud;
}

QEMU_PLUGIN_EXPORT void lift_every(unsigned cpu, void *ud)
{
    if (++every % 1000 == 0)
        ticks++;
}

QEMU_PLUGIN_EXPORT void lift_one(unsigned cpu, void *ud) { total += 1; }
QEMU_PLUGIN_EXPORT void lift_tb(unsigned cpu, void *ud) { tbins[cpu & 7] += (uintptr_t)ud; }
QEMU_PLUGIN_EXPORT void lift_two(unsigned cpu, void *ud) { total += 2; }

QEMU_PLUGIN_EXPORT void lift_read(unsigned cpu, void *ud) { snap += total * 3 + cnt[cpu & 7]; }

QEMU_PLUGIN_EXPORT void lift_mem(unsigned cpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud)
{
    mcnt[cpu & 7]++;
}

/* Lifted (guard on udata); its slow path reads the access's value. */
QEMU_PLUGIN_EXPORT void lift_memval(unsigned cpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud)
{
    if (mlast[cpu & 7] == (uint64_t)(uintptr_t)ud) {
        qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
        vsum += v.type == QEMU_PLUGIN_MEM_VALUE_U8 ? v.data.u8 : v.type == QEMU_PLUGIN_MEM_VALUE_U16
                ? v.data.u16 : v.type == QEMU_PLUGIN_MEM_VALUE_U32 ? v.data.u32 : v.data.u64;
        vn++;
    }
    mlast[cpu & 7] = (uint64_t)(uintptr_t)ud;
}

QEMU_PLUGIN_EXPORT void lift_nth(unsigned cpu, void *ud)
{
    if ((uint8_t)cnt[cpu & 7] == 0)
        nth++;
}

static void out(const char *s) { qemu_plugin_outs(s); }

static void report(unsigned cpu, const char *when)
{
    char buf[256];
    uint64_t ri = qemu_plugin_u64_get(ref_insn, cpu), rm = qemu_plugin_u64_get(ref_mem, cpu);
    char rs[48] = "ref - mem", rms[32] = "ref -";
    if (!loop_only) {
        snprintf(buf, sizeof buf, "%s vcpu %u insn %s mem %s\n", when, cpu,
                 cnt[cpu & 7] == ri ? "match" : "MISMATCH",
                 mcnt[cpu & 7] == rm ? "match" : "MISMATCH");
        out(buf);
        snprintf(rs, sizeof rs, "ref %" PRIu64 " mem", ri);
        snprintf(rms, sizeof rms, "ref %" PRIu64, rm);
    }
    snprintf(buf, sizeof buf, "%s vcpu %u counts insn %" PRIu64 " %s %" PRIu64 " %s last %" PRIx64
             " tb-insns %" PRIu64 "\n", when, cpu, cnt[cpu & 7], rs, mcnt[cpu & 7], rms,
             last[cpu & 7], tbins[cpu & 7]);
    out(buf);
}

static void vcpu_exit(qemu_plugin_id_t id, unsigned cpu) { report(cpu, "exit"); }

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, lift_tb, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)n);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
        uint64_t va = qemu_plugin_insn_vaddr(in);
        void *ud = (void *)(uintptr_t)va;
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(in, QEMU_PLUGIN_INLINE_ADD_U64,
                                                            ref_insn, 1);
        qemu_plugin_register_vcpu_insn_exec_cb(in, lift_count, QEMU_PLUGIN_CB_NO_REGS, ud);
        /* udata shared by the instructions of a 64-byte line: the guard often fails, so the
         * slow path (the real call, amid held-back adds) runs often */
        qemu_plugin_register_vcpu_insn_exec_cb(in, lift_last, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)(va >> 6));
        if (loop_only)
            qemu_plugin_register_vcpu_insn_exec_cb(in, lift_nth, QEMU_PLUGIN_CB_NO_REGS, ud);
        else
            qemu_plugin_register_vcpu_insn_exec_cb(in, lift_every, QEMU_PLUGIN_CB_NO_REGS, ud);
        qemu_plugin_register_vcpu_insn_exec_cb(in, lift_one, QEMU_PLUGIN_CB_NO_REGS, ud);
        if (va % 4 == 0)
            qemu_plugin_register_vcpu_insn_exec_cb(in, lift_two, QEMU_PLUGIN_CB_NO_REGS, ud);
        if (va % read_every == 0 && !loop_only)
            qemu_plugin_register_vcpu_insn_exec_cb(in, lift_read, QEMU_PLUGIN_CB_NO_REGS, ud);
        qemu_plugin_register_vcpu_mem_inline_per_vcpu(in, QEMU_PLUGIN_MEM_RW,
                                                      QEMU_PLUGIN_INLINE_ADD_U64, ref_mem, 1);
        qemu_plugin_register_vcpu_mem_cb(in, lift_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                         ud);
        qemu_plugin_register_vcpu_mem_cb(in, lift_memval, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, (void *)(uintptr_t)(va >> 6));
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[256];
    int n = qemu_plugin_num_vcpus();
    for (int c = 0; c < n && c < NCPU; c++)
        report((unsigned)c, "end");
    snprintf(buf, sizeof buf, "rep %" PRIu64 " every %" PRIu64 " ticks %" PRIu64 " total %" PRIu64
             " snap %" PRIu64 " values %" PRIu64 " sum %" PRIx64 " nth %" PRIu64 "\n", rep, every,
             ticks, total, snap, vn, vsum, nth);
    out(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "read=", 5) && atoi(argv[i] + 5) > 0)
            read_every = (uint64_t)atoi(argv[i] + 5);
        else if (!strcmp(argv[i], "loop=on"))
            loop_only = true;
        else
            return 1;
    }
    sb = qemu_plugin_scoreboard_new(2 * sizeof(uint64_t));
    ref_insn = (qemu_plugin_u64){ sb, 0 };
    ref_mem = (qemu_plugin_u64){ sb, sizeof(uint64_t) };
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
