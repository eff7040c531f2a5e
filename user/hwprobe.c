/*
 * riscv_hwprobe (syscall 258) as Linux 6.12 answers it, for the guest's -cpu extensions.
 *
 * Flow: flags 0 fills each (key, value) pair for the CPU set given (NULL/0 = all online CPUs;
 * an empty set is EINVAL); RISCV_HWPROBE_WHICH_CPUS instead keeps in the CPU set the CPUs
 * whose values match every pair (bitmask keys: the CPU has at least the asked bits), and
 * clears it when a key is unknown. Every hart is alike here, so a CPU matches when the single
 * answer matches. Unknown keys read back as key -1, value 0.
 * Invariants: values are a pure function of the extension mask; the guest's CPU set is read
 * and written at most cpusetsize bytes (capped at the host's online CPU count in bytes).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include "process.h"
#include "syscall-defs.h"
#include "cpu-ext.h"
#include "guestmem.h"

enum {
    HWPROBE_MVENDORID = 0, HWPROBE_MARCHID, HWPROBE_MIMPID, HWPROBE_BASE_BEHAVIOR,
    HWPROBE_IMA_EXT_0, HWPROBE_CPUPERF_0, HWPROBE_ZICBOZ_BLOCK_SIZE,
    HWPROBE_HIGHEST_VIRT_ADDRESS, HWPROBE_TIME_CSR_FREQ, HWPROBE_MISALIGNED_SCALAR_PERF,
    HWPROBE_MISALIGNED_VECTOR_PERF, HWPROBE_MAX_KEY = HWPROBE_MISALIGNED_VECTOR_PERF,
};
#define HWPROBE_BASE_BEHAVIOR_IMA 1
#define HWPROBE_MISALIGNED_FAST 3       /* x86-64 hosts do unaligned accesses at full speed,
                                           scalar and vector */
#define HWPROBE_VECTOR_UNSUPPORTED 4
#define HWPROBE_WHICH_CPUS 1
#define TIME_CSR_FREQ 10000000          /* guest/riscv/helpers.c: rdtime counts at 10 MHz */
#define MAX_CPUSET 128                  /* bytes: 1024 CPUs */

/* The value of key on every hart; false for an unknown key. */
static bool hwprobe_value(uint64_t isa, int64_t key, uint64_t *v)
{
    switch (key) {
    case HWPROBE_MVENDORID: case HWPROBE_MARCHID: case HWPROBE_MIMPID: *v = 0; return true;
    case HWPROBE_BASE_BEHAVIOR: *v = HWPROBE_BASE_BEHAVIOR_IMA; return true;
    case HWPROBE_IMA_EXT_0: *v = rv_isa_hwprobe_ext0(isa); return true;
    case HWPROBE_CPUPERF_0: case HWPROBE_MISALIGNED_SCALAR_PERF:
        *v = HWPROBE_MISALIGNED_FAST;
        return true;
    case HWPROBE_ZICBOZ_BLOCK_SIZE: *v = isa & RV_EXT_BIT(ZICBOZ) ? 64 : 0; return true;
    case HWPROBE_HIGHEST_VIRT_ADDRESS: *v = GM_TASK_SIZE - 1; return true;
    case HWPROBE_TIME_CSR_FREQ: *v = TIME_CSR_FREQ; return true;
    case HWPROBE_MISALIGNED_VECTOR_PERF:   /* Linux probes it when there is a vector unit */
        *v = isa & RV_EXT_BIT(ZVE32X) ? HWPROBE_MISALIGNED_FAST : HWPROBE_VECTOR_UNSUPPORTED;
        return true;
    }
    return false;
}

/* Whether a hart answering `have` satisfies the asked pair (Linux's riscv_hwprobe_pair_cmp). */
static bool hwprobe_match(int64_t key, uint64_t have, uint64_t want)
{
    if (key == HWPROBE_BASE_BEHAVIOR || key == HWPROBE_IMA_EXT_0 || key == HWPROBE_CPUPERF_0)
        return (have & want) == want;
    return have == want;
}

int64_t sys_riscv_hwprobe(SysCtx *c)
{
    uint64_t gpairs = (uint64_t)c->a[0], count = (uint64_t)c->a[1];
    uint64_t setsize = (uint64_t)c->a[2], gset = (uint64_t)c->a[3];
    uint64_t flags = (uint64_t)c->a[4];
    uint64_t isa = proc_isa(c->p);
    uint8_t set[MAX_CPUSET], online[MAX_CPUSET] = { 0 };
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1)
        ncpu = 1;
    if (ncpu > MAX_CPUSET * 8)
        ncpu = MAX_CPUSET * 8;
    for (long i = 0; i < ncpu; i++)
        online[i / 8] |= (uint8_t)(1u << (i % 8));
    size_t n = setsize < (size_t)(ncpu + 7) / 8 ? (size_t)setsize : (size_t)(ncpu + 7) / 8;
    bool any = false;

    if (flags & ~(uint64_t)HWPROBE_WHICH_CPUS)
        return -EINVAL;
    if (flags == HWPROBE_WHICH_CPUS) {
        if (!setsize || !gset)
            return -EINVAL;
        memset(set, 0, sizeof set);
        if (copy_from_guest(c->p, set, gset, n))
            return -EFAULT;
        for (size_t i = 0; i < n; i++)
            any |= set[i] != 0;
        if (!any)
            memcpy(set, online, n);
        bool clear = false;
        for (uint64_t k = 0; k < count; k++) {
            int64_t pair[2];
            uint64_t have;
            if (copy_from_guest(c->p, pair, gpairs + k * 16, sizeof pair))
                return -EFAULT;
            if (pair[0] < 0 || pair[0] > HWPROBE_MAX_KEY) {
                static const int64_t bad[2] = { -1, 0 };
                if (copy_to_guest(c->p, gpairs + k * 16, bad, sizeof bad))
                    return -EFAULT;
                clear = true;
            }
            if (clear)
                continue;
            hwprobe_value(isa, pair[0], &have);
            if (!hwprobe_match(pair[0], have, (uint64_t)pair[1]))
                clear = true;   /* all harts alike: none matches */
        }
        for (size_t i = 0; i < n; i++)
            set[i] = clear ? 0 : set[i] & online[i];
        return copy_to_guest(c->p, gset, set, n) ? -EFAULT : 0;
    }

    if (setsize || gset) {
        memset(set, 0, sizeof set);
        if (copy_from_guest(c->p, set, gset, n))
            return -EFAULT;
        for (size_t i = 0; i < n; i++)
            any |= (set[i] & online[i]) != 0;
        if (!any)
            return -EINVAL;
    }
    for (uint64_t k = 0; k < count; k++) {
        int64_t pair[2];
        uint64_t v = 0;
        if (copy_from_guest(c->p, pair, gpairs + k * 16, 8))
            return -EFAULT;
        if (!hwprobe_value(isa, pair[0], &v))
            pair[0] = -1;
        pair[1] = (int64_t)v;
        if (copy_to_guest(c->p, gpairs + k * 16, pair, sizeof pair))
            return -EFAULT;
    }
    return 0;
}
