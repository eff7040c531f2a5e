/*
 * FP registers held in host registers inside a block (qelt keeps them in xmm registers): the
 * values must survive, and be visible where the guest can look, across everything that can
 * happen in the middle of a block. Each case is one asm block, so the ops share a translation
 * block; run.sh compares the output with qemu-riscv64's under every FP mode.
 *  - a helper call (fclass, fcvt.wu.d: not inline) between FP ops;
 *  - a slow path (a tiny product goes to the exact helper) while other values are live;
 *  - a faulting load: the SIGSEGV handler's ucontext must show the FP registers as the
 *    instructions before the load left them (also for values only computed, never stored);
 *  - the first rounding op of a block leaving through its guard (NX clear, exact result),
 *    including when its destination held a newer value than env;
 *  - singles: flw and NaN-boxing (raw 64-bit register contents printed);
 *  - asynchronous signals (a timer) during a long FP loop: the result is unaffected.
 * Prints hex values only (no timing-dependent output).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <ucontext.h>

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static void set_nx(void) { asm volatile("csrsi fflags, 1"); }
static void clear_flags(void) { asm volatile("csrw fflags, zero"); }
static unsigned get_flags(void)
{
    unsigned f;
    asm volatile("frflags %0" : "=r"(f));
    return f;
}

static void case_helper_call(void)
{
    double in[2] = { 1.5, 2.25 }, out[3];
    uint64_t cls, u;
    set_nx();
    asm volatile(
        "fld fa0, 0(%[in])\n\t"
        "fld fa1, 8(%[in])\n\t"
        "fadd.d fa2, fa0, fa1\n\t"
        "fmul.d fa3, fa2, fa0\n\t"
        "fclass.d %[cls], fa3\n\t"
        "fcvt.wu.d %[u], fa2, rtz\n\t"
        "fadd.d fa4, fa2, fa3\n\t"
        "fsd fa4, 0(%[out])\n\t"
        "fsd fa2, 8(%[out])\n\t"
        "fsd fa3, 16(%[out])\n\t"
        : [cls] "=&r"(cls), [u] "=&r"(u)
        : [in] "r"(in), [out] "r"(out)
        : "fa0", "fa1", "fa2", "fa3", "fa4", "memory");
    printf("helper: %016llx %016llx %016llx class %llx wu %llx flags %x\n",
           (unsigned long long)bits(out[0]), (unsigned long long)bits(out[1]),
           (unsigned long long)bits(out[2]), (unsigned long long)cls, (unsigned long long)u,
           get_flags());
}

static void case_slow_path(void)
{
    double in[4] = { 3.0, 0.1, 1e-300, 1e-300 }, out[5];
    clear_flags();
    set_nx();
    asm volatile(
        "fld fa0, 0(%[in])\n\t"
        "fld fa1, 8(%[in])\n\t"
        "fld fa5, 16(%[in])\n\t"
        "fld fa6, 24(%[in])\n\t"
        "fadd.d fa2, fa0, fa1\n\t"
        "fmul.d fa3, fa2, fa0\n\t"
        "fmul.d fa7, fa5, fa6\n\t"       /* underflows: the exact helper */
        "fdiv.d ft0, fa3, fa2\n\t"
        "fadd.d fa4, fa2, fa3\n\t"
        "fadd.d fa4, fa4, fa7\n\t"
        "fsd fa4, 0(%[out])\n\t"
        "fsd fa2, 8(%[out])\n\t"
        "fsd fa3, 16(%[out])\n\t"
        "fsd fa7, 24(%[out])\n\t"
        "fsd ft0, 32(%[out])\n\t"
        :
        : [in] "r"(in), [out] "r"(out)
        : "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "ft0", "memory");
    printf("slow: %016llx %016llx %016llx %016llx %016llx flags %x\n",
           (unsigned long long)bits(out[0]), (unsigned long long)bits(out[1]),
           (unsigned long long)bits(out[2]), (unsigned long long)bits(out[3]),
           (unsigned long long)bits(out[4]), get_flags());
}

static volatile uint64_t seen[6];
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    for (int i = 0; i < 6; i++)
        seen[i] = uc->uc_mcontext.__fpregs.__d.__f[10 + i];   /* fa0..fa5 */
    uc->uc_mcontext.__gregs[REG_PC] += 4;                     /* skip the load */
}

static void case_fault(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    double in[2] = { 1.75, -0.3 }, out[1];
    set_nx();
    asm volatile(
        ".option push\n\t.option norvc\n\t"
        "fld fa0, 0(%[in])\n\t"
        "fld fa1, 8(%[in])\n\t"
        "fadd.d fa2, fa0, fa1\n\t"
        "fmul.d fa3, fa2, fa1\n\t"
        "fsub.d fa4, fa3, fa0\n\t"
        "fmv.d fa5, fa3\n\t"
        "ld t0, 0(%[bad])\n\t"           /* faults */
        "fadd.d fa0, fa4, fa4\n\t"
        "fsd fa0, 0(%[out])\n\t"
        ".option pop\n\t"
        :
        : [in] "r"(in), [out] "r"(out), [bad] "r"((uintptr_t)8)
        : "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "t0", "memory");
    printf("fault:");
    for (int i = 0; i < 6; i++)
        printf(" %016llx", (unsigned long long)seen[i]);
    printf(" after %016llx\n", (unsigned long long)bits(out[0]));
    signal(SIGSEGV, SIG_DFL);
}

static void case_guard_exit(void)
{
    double in[3] = { 1.0, 2.0, 0.1 }, out[4];
    clear_flags();
    asm volatile(
        "fld fa0, 0(%[in])\n\t"
        "fld fa1, 8(%[in])\n\t"
        "fld fa2, 16(%[in])\n\t"
        "fadd.d fa2, fa0, fa1\n\t"       /* exact, NX clear: leaves through the guard */
        "fmul.d fa3, fa2, fa2\n\t"
        "fdiv.d fa4, fa3, fa1\n\t"
        "fsd fa2, 0(%[out])\n\t"
        "fsd fa3, 8(%[out])\n\t"
        "fsd fa4, 16(%[out])\n\t"
        "fsd fa0, 24(%[out])\n\t"
        :
        : [in] "r"(in), [out] "r"(out)
        : "fa0", "fa1", "fa2", "fa3", "fa4", "memory");
    printf("guard: %016llx %016llx %016llx %016llx flags %x\n",
           (unsigned long long)bits(out[0]), (unsigned long long)bits(out[1]),
           (unsigned long long)bits(out[2]), (unsigned long long)bits(out[3]), get_flags());
    clear_flags();
    asm volatile(
        "fld fa0, 0(%[in])\n\t"
        "fld fa1, 16(%[in])\n\t"
        "fadd.d fa2, fa0, fa1\n\t"       /* inexact: sets NX, no exit */
        "fmul.d fa3, fa2, fa1\n\t"
        "fsd fa2, 0(%[out])\n\t"
        "fsd fa3, 8(%[out])\n\t"
        :
        : [in] "r"(in), [out] "r"(out)
        : "fa0", "fa1", "fa2", "fa3", "memory");
    printf("guard2: %016llx %016llx flags %x\n", (unsigned long long)bits(out[0]),
           (unsigned long long)bits(out[1]), get_flags());
}

static void case_singles(void)
{
    float in[3] = { 1.5f, 1e-30f, 1e-20f };
    uint64_t r[4];
    set_nx();
    asm volatile(
        "flw fa0, 0(%[in])\n\t"
        "flw fa1, 4(%[in])\n\t"
        "flw fa2, 8(%[in])\n\t"
        "fadd.s fa3, fa0, fa0\n\t"
        "fmul.s fa4, fa1, fa2\n\t"       /* underflows: slow path */
        "fcvt.d.s fa5, fa3\n\t"
        "fcvt.s.d fa6, fa5\n\t"
        "fsqrt.s fa7, fa3\n\t"
        "fmv.x.d %[r0], fa3\n\t"
        "fmv.x.d %[r1], fa4\n\t"
        "fmv.x.d %[r2], fa6\n\t"
        "fmv.x.d %[r3], fa7\n\t"
        : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3])
        : [in] "r"(in)
        : "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "memory");
    printf("singles: %016llx %016llx %016llx %016llx flags %x\n", (unsigned long long)r[0],
           (unsigned long long)r[1], (unsigned long long)r[2], (unsigned long long)r[3],
           get_flags());
}

static volatile int ticks;
static void on_alarm(int sig) { ticks++; }

static void case_async(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 500 }, { 0, 500 } };
    setitimer(ITIMER_REAL, &it, NULL);
    double x = 0.5, y = 1.0, s = 0;
    for (long i = 0; i < 3000000; i++) {
        x = x * 0.9999 + 0.0001;
        y = y * x + 1e-3;
        s += x * y - y;
    }
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    printf("async: %016llx %016llx %016llx\n", (unsigned long long)bits(x),
           (unsigned long long)bits(y), (unsigned long long)bits(s));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    case_helper_call();
    case_slow_path();
    case_fault();
    case_guard_exit();
    case_singles();
    case_async();
    return 0;
}
