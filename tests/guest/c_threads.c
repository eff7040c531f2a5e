/* Threads: atomics, a mutex, thread-local storage, join values (4 threads). */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#define N 4
static atomic_long hits;
static long counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __thread int tls_val;
static void *work(void *arg) {
    long id = (long)arg;
    tls_val = (int)id * 10;
    long local = 0;
    for (int i = 0; i < 200000; i++) {
        atomic_fetch_add(&hits, 1);
        pthread_mutex_lock(&mu); counter += id; pthread_mutex_unlock(&mu);
        local += i % 7;
    }
    return (void *)(local + tls_val);
}
int main(void) {
    pthread_t t[N];
    for (long i = 0; i < N; i++) pthread_create(&t[i], NULL, work, (void *)(i + 1));
    long sum = 0;
    for (int i = 0; i < N; i++) { void *r; pthread_join(t[i], &r); sum += (long)r; }
    printf("hits=%ld counter=%ld sum=%ld\n", (long)hits, counter, sum);
    return 0;
}
