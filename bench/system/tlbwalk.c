/*
 * Soft-TLB sizing workload for the full-system machine: runs as /init of a tiny initramfs
 * (bench/system/tlb-sizing.sh builds it), prints timings and powers the machine off.
 *
 * Phases (each timed with CLOCK_MONOTONIC, which the guest reads from the machine's mtime):
 *   alone    one process touches random pages of a 16 MiB working set (4096 pages: far more
 *            than the smallest TLB holds, less than the largest);
 *   pingpong a big process (the same working set, 40000 accesses per turn) and a small one
 *            (a few pages) take turns through a pair of pipes: every switch writes satp, which
 *            flushes the soft-TLB, so the sizing policy decides at each flush; the small
 *            process's low use rate is what makes a policy without history shrink the TLB that
 *            the big one needs next.
 * Invariants: fixed seed, fixed number of accesses: every run does the same work.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "guest-init.h"

#define BIG (16u << 20)
#define PAGES (BIG / 4096)

static uint64_t rng = 88172645463325252ull;
static unsigned next_page(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % PAGES);
}

static uint64_t touch(volatile uint8_t *a, long n)
{
    uint64_t sum = 0;
    for (long i = 0; i < n; i++) {
        unsigned p = next_page();
        a[(size_t)p * 4096 + (i & 4088)] += 1;
        sum += a[(size_t)p * 4096];
    }
    return sum;
}

int main(void)
{
    guest_console();
    uint8_t *a = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED) {
        printf("TLBWALK mmap failed\n");
        reboot(RB_POWER_OFF);
    }
    memset(a, 1, BIG);
    double t0 = guest_now();
    uint64_t s = touch(a, 4000000);
    double t1 = guest_now();
    printf("TLBWALK alone %.3f s (%llu)\n", t1 - t0, (unsigned long long)(s & 0xff));

    int ab[2], ba[2];
    if (pipe(ab) || pipe(ba)) {
        printf("TLBWALK pipe failed\n");
        reboot(RB_POWER_OFF);
    }
    const int rounds = 300;
    pid_t pid = fork();
    if (pid == 0) {   /* the small process: a few pages, then hand back */
        static volatile uint8_t small[4 * 4096];
        char c;
        for (int r = 0; r < rounds; r++) {
            if (read(ab[0], &c, 1) != 1)
                _exit(1);
            for (int k = 0; k < 64; k++)
                small[(k & 3) * 4096 + k] += 1;
            if (write(ba[1], &c, 1) != 1)
                _exit(1);
        }
        _exit(0);
    }
    t0 = guest_now();
    char c = 'x';
    for (int r = 0; r < rounds; r++) {
        s += touch(a, 40000);
        if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
            break;
    }
    t1 = guest_now();
    waitpid(pid, NULL, 0);
    printf("TLBWALK pingpong %.3f s (%llu)\n", t1 - t0, (unsigned long long)(s & 0xff));
    printf("TLBWALK done\n");
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
