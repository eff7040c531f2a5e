/* Guest for the lifted-callback test (tests/plugins/lift.sh): the main thread and then three
 * threads, one after another (create, join; with an argument: all at once), each running rounds of a loop over memory with a
 * system call every tenth round and, every third round, a SIGSEGV in the middle of a block that
 * the handler leaves with siglongjmp. Each thread's own instructions and accesses do not depend
 * on timing, so per-vCPU counts of the threads are reproducible.
 * With the argument "loops": one-block loops (qelt's loop blocks, host/x86_64/codegen-loop.c)
 * instead: a sum over an array that runs into a PROT_NONE page, faulting after a different
 * number of iterations each round (the handler leaves with siglongjmp), and sums that end. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread sigjmp_buf env;
static volatile int sink[64];

static void on_segv(int sig) { (void)sig; siglongjmp(env, 1); }

static void *work(void *arg)
{
    long id = (long)arg;
    volatile long acc = 0;
    int faults = 0;
    for (int r = 0; r < 200; r++) {
        if (sigsetjmp(env, 1) == 0) {
            for (int i = 0; i < 300; i++) {
                sink[i & 63] += i ^ r;
                acc += sink[(i * 7) & 63];
            }
            if (r % 10 == 0)
                syscall(SYS_getppid);
            if (r % 3 == 0)
                *(volatile int *)(uintptr_t)(acc & 0xff) = 1;   /* page 0: faults */
        } else {
            faults++;
        }
    }
    printf("thread %ld faults %d\n", id, faults);
    return NULL;
}

/* One basic block: loads, adds, the branch back. */
__attribute__((noinline)) static long walk(const int *p, long n)
{
    long s = 0;
    for (long i = 0; i < n; i++)
        s += p[i] ^ i;
    return s;
}

static int loops(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m + pg, pg, PROT_NONE))
        return 1;
    for (long i = 0; i < pg / 4; i++)
        ((int *)m)[i] = (int)(i * 2654435761u);
    volatile long acc = 0;
    int faults = 0;
    for (int r = 0; r < 40; r++) {
        long left = 3 + 23 * r;   /* elements before the guard page */
        if (sigsetjmp(env, 1) == 0)
            acc += walk((const int *)(m + pg) - left, 1000000);
        else
            faults++;
        acc += walk((const int *)m, 200 + r);
    }
    printf("loops faults %d sum %ld\n", faults, (long)acc);
    return 0;
}

int main(int argc, char **argv)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, NULL);
    if (argc >= 2 && !strcmp(argv[1], "loops"))
        return loops();
    work((void *)0);
    pthread_t th[4];
    for (long t = 1; t <= 3; t++)
        if (pthread_create(&th[t], NULL, work, (void *)t) || (argc < 2 && pthread_join(th[t], NULL)))
            return 1;
    for (long t = 1; argc >= 2 && t <= 3; t++)
        if (pthread_join(th[t], NULL))
            return 1;
    return 0;
}
