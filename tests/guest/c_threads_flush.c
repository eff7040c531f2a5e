/* fence.i drops all translations 300 times while three other threads run generated code. */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
static atomic_int stop;
static long work_fn(long x) { for (int i = 0; i < 1000; i++) x = x * 3 + (x >> 7) + i; return x; }
static void *spin(void *a) {
    long x = (long)a, n = 0;
    while (!atomic_load(&stop)) { x = work_fn(x); n++; }
    return (void *)(long)(n > 0);
}
int main(void) {
    pthread_t t[3];
    for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, spin, (void *)(i + 1));
    for (int k = 0; k < 300; k++) {
        __asm__ volatile("fence.i" ::: "memory");   /* drops every translation: all vCPUs must stop */
        for (volatile int d = 0; d < 20000; d++) ;
    }
    atomic_store(&stop, 1);
    long ok = 0;
    for (int i = 0; i < 3; i++) { void *r; pthread_join(t[i], &r); ok += (long)r; }
    printf("ok=%ld\n", ok);
    return 0;
}
