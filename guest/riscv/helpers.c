/*
 * Run-time helpers of the RISC-V integer translator: the user-readable counter CSRs.
 *
 * Choices (documented because the values are not architecturally fixed in user mode):
 *   - cycle and instret read the host's time-stamp counter, as QEMU's linux-user does. Exact
 *     instruction counting would cost a counter update in every block; programs only need the
 *     values to be monotonic and to advance with work.
 *   - time counts at 10 MHz from CLOCK_MONOTONIC: the timebase Linux reports on QEMU's virt
 *     board, so rdtime deltas convert to seconds the way guest code expects there.
 *   - seed (Zkr) gives 16 bits of the host's entropy (getrandom) with status ES16; WAIT when
 *     the host has none to give yet. The CSR is 32 bits wide: zero-extended (qemu-riscv64 7.2
 *     sign-extends it, against the Zicsr rule).
 *   - pause (Zihintpause) yields the host CPU only where the runtime asks for it (more vCPU
 *     threads than host CPUs); otherwise it is a no-op and no call is emitted.
 * Invariants: no guest state is read or written (called with IR_CALL_NO_RWG); never traps.
 */
#include <sched.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <x86intrin.h>
#include "translate.h"
#include "vcpu.h"

uint64_t helper_rdcycle(void)
{
    return __rdtsc();
}

uint64_t helper_rdinstret(void)
{
    return __rdtsc();
}

uint64_t helper_rdtime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

void helper_pause(struct VCPU *cpu)
{
    cpu->stat_pause_yields++;   /* -d stats */
    sched_yield();
}

uint64_t helper_seed(void)
{
    uint16_t e;
    if (getrandom(&e, sizeof(e), GRND_NONBLOCK) != (ssize_t)sizeof(e))
        return 1u << 30;   /* OPST = WAIT */
    return 2u << 30 | e;   /* OPST = ES16 */
}
