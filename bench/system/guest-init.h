/*
 * Shared by the /init programs of the full-system benchmarks (runner.c, tlbwalk.c): console
 * as stdout/stderr, unbuffered, and a CLOCK_MONOTONIC clock in seconds (the guest reads it from
 * the machine's mtime). Header-only: each program is one static binary.
 */
#ifndef QELT_BENCH_GUEST_INIT_H
#define QELT_BENCH_GUEST_INIT_H
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static inline void guest_console(void)
{
    int con = open("/dev/console", O_RDWR);
    if (con >= 0) {
        dup2(con, 1);
        dup2(con, 2);
    }
    setvbuf(stdout, NULL, _IONBF, 0);
}

static inline double guest_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
#endif
