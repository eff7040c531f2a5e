/* Thread life cycle: 300 create/join rounds (CLONE_CHILD_CLEARTID wakes the joiner), a barrier, distinct tids, a thread still running at exit. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
static void *quick(void *a) { return (void *)((long)a * 2); }
static void *sleeper(void *a) { for (;;) pause(); return a; }
static pthread_barrier_t bar;
static void *barrier_user(void *a) { pthread_barrier_wait(&bar); return (void *)(long)(syscall(SYS_gettid) != getpid()); }
int main(void) {
    long total = 0;
    for (long i = 0; i < 300; i++) { pthread_t t; void *r; pthread_create(&t, NULL, quick, (void *)i); pthread_join(t, &r); total += (long)r; }
    pthread_barrier_init(&bar, NULL, 5);
    pthread_t b[4]; for (int i = 0; i < 4; i++) pthread_create(&b[i], NULL, barrier_user, NULL);
    pthread_barrier_wait(&bar);
    long diff = 0; for (int i = 0; i < 4; i++) { void *r; pthread_join(b[i], &r); diff += (long)r; }
    pthread_t s; pthread_create(&s, NULL, sleeper, NULL);   /* still running at exit */
    printf("total=%ld diff_tids=%ld\n", total, diff);
    return 5;
}
