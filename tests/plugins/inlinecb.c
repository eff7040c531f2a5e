/*
 * Callbacks small enough for the back end to copy into generated code (host/x86_64/
 * codegen-inline.c), in the shapes that copying must get right: a RIP-relative counter, a
 * branch to a slow path that calls out (through the PLT, into qelt's API and into libc), a
 * call on the fast path, a callback that reads its own return address, and one that uses rbp
 * and calls out. Prints the counts
 * at exit; tests/plugins/run.sh compares them with QELT_NO_CALLBACK_INLINE=1 (real calls),
 * with known values, and checks that copies were made (-d out_asm).
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t insns, loads, stores, rare, rets_ok, rets;
static uint64_t every = 4096;

static int pid;

static void __attribute__((noinline)) rare_path(uint64_t n)
{
    rare++;
    if (n == every)   /* once: the slow path's own call out (into libc, through the PLT) */
        pid = getpid();
}

static void insn_exec(unsigned int cpu_index, void *udata)
{
    if (__builtin_expect(++insns % every == 0, 0))
        rare_path(insns);
}

static void mem_access(unsigned int cpu_index, qemu_plugin_meminfo_t info, uint64_t vaddr,
                       void *udata)
{
    if (qemu_plugin_mem_is_store(info))
        stores++;
    else
        loads++;
}

static void __attribute__((noinline)) tb_start(unsigned int cpu_index, void *udata)
{
    /* The return address is the continuation in generated code, as for a call. */
    rets_ok += (uintptr_t)__builtin_return_address(0) > 4096;
    rets++;
}

/* A callback that uses rbp as a scratch register (as compiled code may) and calls out while
 * it does: the back end may not use rbp (its VCPU pointer elsewhere) inside the copy. */
static uint64_t rbp_calls;
__attribute__((used, noinline)) static void rbp_cb_slow(unsigned int cpu_index)
{
    rbp_calls += cpu_index + 1;
}
void rbp_cb(unsigned int cpu_index, void *udata);
__asm__(".text\n"
        ".type rbp_cb, @function\n"
        "rbp_cb:\n"
        "  push %rbp\n"
        "  mov %edi, %ebp\n"
        "  mov %ebp, %edi\n"
        "  call rbp_cb_slow\n"
        "  pop %rbp\n"
        "  ret\n"
        ".size rbp_cb, .-rbp_cb\n");

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_start, QEMU_PLUGIN_CB_NO_REGS, NULL);
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *in = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_cb(in, insn_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(in, rbp_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_mem_cb(in, mem_access, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[200];
    snprintf(buf, sizeof buf,
             "inlinecb insns %llu loads %llu stores %llu rare %llu rets-ok %d pid-ok %d rbp-ok %d\n",
             (unsigned long long)insns, (unsigned long long)loads, (unsigned long long)stores,
             (unsigned long long)rare, rets > 0 && rets_ok == rets, pid == getpid(),
             rbp_calls == insns);
    qemu_plugin_outs(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
