/* Debuggee of tests/gdb/run.sh's thread checks: NTHR threads, all created before any of them
 * works (a barrier), each calling work() in a loop (the breakpoint), then main alone calls
 * done() (only one thread is left by then) and prints the sums. */
#include <pthread.h>
#include <stdio.h>

#define NTHR 3
#define ITER 4

static pthread_barrier_t start;
static int sums[NTHR];

int work(int id, int i)
{
    return id * 100 + i;
}

void done(int total)
{
    printf("total %d\n", total);
}

static void *thr(void *arg)
{
    int id = (int)(long)arg, s = 0;
    pthread_barrier_wait(&start);
    for (int i = 0; i < ITER; i++)
        s += work(id, i);
    sums[id] = s;
    return NULL;
}

int main(void)
{
    pthread_t t[NTHR];
    pthread_barrier_init(&start, NULL, NTHR + 1);
    for (long k = 0; k < NTHR; k++)
        pthread_create(&t[k], NULL, thr, (void *)k);
    pthread_barrier_wait(&start);
    int total = 0;
    for (int k = 0; k < NTHR; k++) {
        pthread_join(t[k], NULL);
        total += sums[k];
    }
    done(total);
    for (int k = 0; k < NTHR; k++)
        printf("thread %d: %d\n", k, sums[k]);
    return 3;
}
