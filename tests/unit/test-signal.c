/*
 * Unit tests of guest signal delivery (user/signal.c, user/signal-frame.c) without running
 * guest code: a real host signal (tgkill to ourselves) goes through the host handler into the
 * pending set, process_pending_signals builds the riscv64 rt_sigframe, whose bytes are checked
 * at the kernel's offsets, and rt_sigreturn must restore every register, the FP state and the
 * mask. Also: SA_ONSTACK placement, the syscall-restart decision (SA_RESTART, never-restarted
 * calls, no handler at all), sigaction/sigprocmask/sigaltstack argument checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "process.h"
#include "unit.h"

static GuestMem gm;
static Process proc;
static QeltOptions opts;
static VCPU *cpu;
static uint64_t scratch;      /* guest page for syscall arguments */
static uint64_t code;         /* guest page holding an ecall at code+0x100 */
static uint64_t stack_top;

#define HANDLER 0x12340ULL
#define GSIG_TEST_MASK (1ULL << (SIGTERM - 1))
#define TRAMP   0x5550ULL

static uint64_t rd64(uint64_t a) { uint64_t v; memcpy(&v, g2h(&gm, a), 8); return v; }
static uint32_t rd32(uint64_t a) { uint32_t v; memcpy(&v, g2h(&gm, a), 4); return v; }
static int32_t rds32(uint64_t a) { int32_t v; memcpy(&v, g2h(&gm, a), 4); return v; }
static void wr64(uint64_t a, uint64_t v) { memcpy(g2h(&gm, a), &v, 8); }

static void self_signal(int sig)
{
    syscall(SYS_tgkill, getpid(), (int)syscall(SYS_gettid), sig);
}

static int64_t set_action(int sig, uint64_t handler, uint64_t flags, uint64_t mask)
{
    wr64(scratch, handler);
    wr64(scratch + 8, flags);
    wr64(scratch + 16, mask);
    return do_rt_sigaction(cpu, sig, scratch, 0, 8);
}

/* rt_sigreturn as cpu_loop runs it: the call, then the delivery check after every exit. */
static int64_t guest_sigreturn(void)
{
    int64_t r = do_rt_sigreturn(cpu);
    process_pending_signals(cpu);
    return r;
}

static void fill_regs(void)
{
    for (int i = 1; i < 32; i++)
        cpu->g.x[i] = 0x1000000000ULL * (uint64_t)i + 7;
    for (int i = 0; i < 32; i++)
        cpu->g.f[i] = 0xabcd000000000000ULL + (uint64_t)i;
    cpu->g.x[2] = stack_top - 0x108;   /* deliberately not 16-byte aligned */
    cpu->g.pc = 0x10000 + 0x44;
    cpu->g.fflags = 0x13;
    cpu->g.frm = 3;
}

static void test_frame_and_sigreturn(void)
{
    const char *t = "signal:frame";
    UNIT_CHECK("signal:sigaction", set_action(SIGUSR1, HANDLER, 0x14000004ULL /* SIGINFO|RESTART */,
                                              GSIG_TEST_MASK) == 0, "rt_sigaction failed");
    fill_regs();
    GuestState before = cpu->g;
    uint64_t mask_before = 1ULL << (SIGHUP - 1);
    wr64(scratch, mask_before);
    do_rt_sigprocmask(cpu, SIG_SETMASK, scratch, 0, 8);

    self_signal(SIGUSR1);
    process_pending_signals(cpu);
    GuestState *g = &cpu->g;
    uint64_t f = g->x[2];
    uint64_t expect = (before.x[2] - 1088) & ~15ULL;
    if (g->pc != HANDLER || f != expect || g->x[10] != SIGUSR1 || g->x[11] != f ||
        g->x[12] != f + 128 || g->x[1] != TRAMP) {
        UNIT_FAIL(t, "regs: pc %#lx sp %#lx (want %#lx) a0 %lu a1 %#lx a2 %#lx ra %#lx",
                  (unsigned long)g->pc, (unsigned long)f, (unsigned long)expect,
                  (unsigned long)g->x[10], (unsigned long)g->x[11], (unsigned long)g->x[12],
                  (unsigned long)g->x[1]);
        return;
    }
    UNIT_PASS(t);
    UNIT_CHECK("signal:frame-siginfo", rds32(f) == SIGUSR1 && rds32(f + 8) == SI_TKILL &&
               rd32(f + 16) == (uint32_t)getpid(), "signo %d code %d pid %u", rds32(f),
               rds32(f + 8), rd32(f + 16));
    UNIT_CHECK("signal:frame-ucontext", rd64(f + 128) == 0 && rd64(f + 136) == 0 &&
               rd64(f + 144) == 0 && rds32(f + 152) == 2 /* SS_DISABLE */ &&
               rd64(f + 160) == 0 && rd64(f + 168) == mask_before,
               "flags %#lx link %#lx ss_flags %d sigmask %#lx", (unsigned long)rd64(f + 128),
               (unsigned long)rd64(f + 136), rds32(f + 152), (unsigned long)rd64(f + 168));
    bool regs_ok = rd64(f + 304) == before.pc;
    for (int i = 1; i < 32; i++)
        regs_ok &= rd64(f + 304 + 8 * (uint64_t)i) == before.x[i];
    UNIT_CHECK("signal:frame-gregs", regs_ok, "sc_regs mismatch (pc %#lx)",
               (unsigned long)rd64(f + 304));
    bool fp_ok = rd32(f + 816) == ((3u << 5) | 0x13u);
    for (int i = 0; i < 32; i++)
        fp_ok &= rd64(f + 560 + 8 * (uint64_t)i) == before.f[i];
    UNIT_CHECK("signal:frame-fpregs", fp_ok, "fp state mismatch (fcsr %#x)", rd32(f + 816));

    /* Inside the handler: SIGUSR1 and sa_mask are blocked on top of the old mask. */
    do_rt_sigprocmask(cpu, SIG_BLOCK, 0, scratch, 8);
    uint64_t want = mask_before | GSIG_TEST_MASK | (1ULL << (SIGUSR1 - 1));
    UNIT_CHECK("signal:handler-mask", rd64(scratch) == want, "mask %#lx want %#lx",
               (unsigned long)rd64(scratch), (unsigned long)want);

    /* The handler edits the saved pc and a0, clobbers everything, then returns. */
    wr64(f + 304, before.pc + 4);
    wr64(f + 304 + 8 * 10, 1234);
    for (int i = 1; i < 32; i++)
        if (i != 2)
            g->x[i] = 0xdead;
    for (int i = 0; i < 32; i++)
        g->f[i] = 0;
    g->fflags = 0;
    g->frm = 0;
    int64_t r = guest_sigreturn();
    bool back = r == -QELT_ESIGRETURN && g->pc == before.pc + 4 && g->x[10] == 1234 &&
                g->fflags == 0x13 && g->frm == 3;
    for (int i = 1; i < 32; i++)
        if (i != 10)
            back &= g->x[i] == before.x[i];
    for (int i = 0; i < 32; i++)
        back &= g->f[i] == before.f[i];
    UNIT_CHECK("signal:sigreturn-regs", back, "r %ld pc %#lx a0 %lu sp %#lx", (long)r,
               (unsigned long)g->pc, (unsigned long)g->x[10], (unsigned long)g->x[2]);
    do_rt_sigprocmask(cpu, SIG_BLOCK, 0, scratch, 8);
    UNIT_CHECK("signal:sigreturn-mask", rd64(scratch) == mask_before, "mask %#lx",
               (unsigned long)rd64(scratch));
    wr64(scratch, 0);
    do_rt_sigprocmask(cpu, SIG_SETMASK, scratch, 0, 8);
}

static void test_onstack(void)
{
    uint64_t alt = scratch + 0x1000;    /* second page of the scratch mapping */
    wr64(scratch + 0x100, alt);
    wr64(scratch + 0x108, 0);
    wr64(scratch + 0x110, 0x2000);
    UNIT_CHECK("signal:sigaltstack-set", do_sigaltstack(cpu, scratch + 0x100, 0) == 0,
               "sigaltstack failed");
    wr64(scratch + 0x110, 100);
    UNIT_CHECK("signal:sigaltstack-enomem", do_sigaltstack(cpu, scratch + 0x100, 0) == -ENOMEM,
               "small stack accepted");
    set_action(SIGUSR2, HANDLER, 0x08000000ULL /* SA_ONSTACK */, 0);
    fill_regs();
    self_signal(SIGUSR2);
    process_pending_signals(cpu);
    uint64_t f = cpu->g.x[2];
    UNIT_CHECK("signal:onstack-frame", cpu->g.pc == HANDLER && f == alt + 0x2000 - 1088 &&
               rds32(f + 152) == 0 && rd64(f + 144) == alt && rd64(f + 160) == 0x2000,
               "frame %#lx", (unsigned long)f);
    wr64(scratch + 0x110, 0x2000);
    UNIT_CHECK("signal:sigaltstack-eperm", do_sigaltstack(cpu, scratch + 0x100, 0) == -EPERM,
               "changed while on it");
    do_sigaltstack(cpu, 0, scratch + 0x200);
    UNIT_CHECK("signal:sigaltstack-onstack", rds32(scratch + 0x208) == 1, "ss_flags %d",
               rds32(scratch + 0x208));
    guest_sigreturn();
    do_sigaltstack(cpu, 0, scratch + 0x200);
    UNIT_CHECK("signal:sigaltstack-after", rds32(scratch + 0x208) == 0, "ss_flags %d",
               rds32(scratch + 0x208));
}

/* A host signal during a blocking syscall: the handler runs outside generated code while a0
 * still holds the first argument; the syscall then returns -EINTR. */
static void interrupted_syscall(int sig, uint64_t nr)
{
    fill_regs();
    cpu->in_generated_code = 0;
    cpu->g.pc = code + 0x104;            /* cpu_loop advanced past the ecall */
    cpu->g.x[10] = 42;                   /* first argument */
    cpu->g.x[17] = nr;
    self_signal(sig);
    cpu->g.x[10] = (uint64_t)-EINTR;     /* what cpu_loop stores */
    process_pending_signals(cpu);
}

static void test_restart(void)
{
    set_action(SIGUSR1, HANDLER, 0x10000000ULL /* SA_RESTART */, 0);
    interrupted_syscall(SIGUSR1, 63 /* read */);
    uint64_t f = cpu->g.x[2];
    UNIT_CHECK("signal:restart-sa_restart", cpu->g.pc == HANDLER && rd64(f + 304) == code + 0x100 &&
               rd64(f + 304 + 80) == 42, "saved pc %#lx a0 %ld", (unsigned long)rd64(f + 304),
               (long)rd64(f + 304 + 80));
    guest_sigreturn();
    UNIT_CHECK("signal:restart-resume", cpu->g.pc == code + 0x100 && cpu->g.x[10] == 42,
               "pc %#lx", (unsigned long)cpu->g.pc);

    interrupted_syscall(SIGUSR1, 73 /* ppoll: never restarted after a handler */);
    f = cpu->g.x[2];
    UNIT_CHECK("signal:restart-ppoll", rd64(f + 304) == code + 0x104 &&
               rd64(f + 304 + 80) == (uint64_t)-EINTR, "saved pc %#lx",
               (unsigned long)rd64(f + 304));
    set_action(SIGUSR1, HANDLER, 0x10000000ULL, 0);
    guest_sigreturn();
    /* A new signal right after that sigreturn, before any guest code ran (a stale exit at
     * the same pc, a0 = -EINTR already seen by the guest): nothing may be restarted. */
    cpu->in_generated_code = 0;
    self_signal(SIGUSR1);
    process_pending_signals(cpu);
    f = cpu->g.x[2];
    UNIT_CHECK("signal:no-restart-after-sigreturn", cpu->g.pc == HANDLER &&
               rd64(f + 304) == code + 0x104 && rd64(f + 304 + 80) == (uint64_t)-EINTR,
               "saved pc %#lx a0 %ld", (unsigned long)rd64(f + 304), (long)rd64(f + 304 + 80));
    guest_sigreturn();

    set_action(SIGUSR1, HANDLER, 0, 0);
    interrupted_syscall(SIGUSR1, 63);
    f = cpu->g.x[2];
    UNIT_CHECK("signal:restart-no-sa_restart", rd64(f + 304) == code + 0x104 &&
               rd64(f + 304 + 80) == (uint64_t)-EINTR, "saved pc %#lx",
               (unsigned long)rd64(f + 304));
    guest_sigreturn();

    /* No handler runs for it now (blocked after it interrupted the call): the kernel
     * restarts the call and the guest never sees EINTR. */
    set_action(SIGUSR1, HANDLER, 0, 0);
    fill_regs();
    cpu->g.pc = code + 0x104;
    cpu->g.x[10] = 42;
    cpu->g.x[17] = 63;
    self_signal(SIGUSR1);
    uint64_t a0 = cpu->g.x[10];
    wr64(scratch, 1ULL << (SIGUSR1 - 1));
    do_rt_sigprocmask(cpu, SIG_BLOCK, scratch, 0, 8);
    cpu->g.x[10] = a0;
    cpu->g.x[17] = 63;
    cpu->g.pc = code + 0x104;
    signal_note_syscall_eintr(cpu);        /* the exact path, as cpu_loop may report it */
    cpu->g.x[10] = (uint64_t)-EINTR;
    process_pending_signals(cpu);
    UNIT_CHECK("signal:restart-no-handler", cpu->g.pc == code + 0x100 && cpu->g.x[10] == 42,
               "pc %#lx a0 %ld", (unsigned long)cpu->g.pc, (long)cpu->g.x[10]);
    do_rt_sigprocmask(cpu, SIG_UNBLOCK, scratch, 0, 8);
    process_pending_signals(cpu);
    UNIT_CHECK("signal:unblock-delivers", cpu->g.pc == HANDLER, "pc %#lx",
               (unsigned long)cpu->g.pc);
    guest_sigreturn();
}

static void test_errors(void)
{
    UNIT_CHECK("signal:sigaction-kill", set_action(SIGKILL, HANDLER, 0, 0) == -EINVAL, "accepted");
    UNIT_CHECK("signal:sigaction-range", do_rt_sigaction(cpu, 65, 0, 0, 8) == -EINVAL &&
               do_rt_sigaction(cpu, 0, 0, 0, 8) == -EINVAL, "accepted");
    UNIT_CHECK("signal:sigaction-size", do_rt_sigaction(cpu, SIGUSR1, 0, 0, 4) == -EINVAL,
               "accepted");
    UNIT_CHECK("signal:sigaction-efault", do_rt_sigaction(cpu, SIGUSR1, 8, 0, 8) == -EFAULT,
               "accepted");
    UNIT_CHECK("signal:sigprocmask-how", do_rt_sigprocmask(cpu, 9, scratch, 0, 8) == -EINVAL,
               "accepted");
    wr64(scratch, ~0ULL);
    do_rt_sigprocmask(cpu, SIG_SETMASK, scratch, 0, 8);
    do_rt_sigprocmask(cpu, SIG_SETMASK, 0, scratch, 8);
    UNIT_CHECK("signal:sigprocmask-killstop", !(rd64(scratch) & ((1ULL << 8) | (1ULL << 18))),
               "mask %#lx", (unsigned long)rd64(scratch));
    wr64(scratch, 0);
    do_rt_sigprocmask(cpu, SIG_SETMASK, scratch, 0, 8);
}

int main(void)
{
    if (gm_init(&gm) < 0) {
        printf("SKIP signal: cannot reserve guest memory\n");
        return 0;
    }
    proc.opts = &opts;
    proc.gm = &gm;
    proc.log = stderr;
    RuntimeOptions ro = { 0 };
    proc.rt = rt_new(&gm, &ro);
    cpu = rt_new_vcpu(proc.rt, 0);
    cpu->proc = &proc;
    current_vcpu = cpu;
    mmap_init(&proc);
    signal_init(&proc);
    signal_thread_init(cpu);
    proc.image.sigreturn_tramp = TRAMP;

    scratch = (uint64_t)target_mmap(&proc, 0, 0x3000, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code = (uint64_t)target_mmap(&proc, 0, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int64_t st = target_mmap(&proc, 0, 0x10000, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((int64_t)scratch < 0 || (int64_t)code < 0 || st < 0) {
        printf("FAIL signal:setup: target_mmap failed\n");
        return 1;
    }
    stack_top = (uint64_t)st + 0x10000;
    uint32_t ecall = 0x00000073;
    memcpy(g2h(&gm, code + 0x100), &ecall, 4);

    test_frame_and_sigreturn();
    test_onstack();
    test_restart();
    test_errors();
    return unit_status();
}
