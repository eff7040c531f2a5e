/*
 * Machine time and timers (device side of system/machine.h): mtime at MACHINE_TIMEBASE_HZ from
 * the host's CLOCK_MONOTONIC, and one timer thread that fires MachineTimers at their deadlines.
 *
 * Flow: a device arms a timer with machine_timer_mod (usually with io_lock held); the thread
 * sleeps in pthread_cond_timedwait (monotonic clock) until the earliest deadline or a change,
 * disarms the due timer and calls its callback with io_lock held.
 * Invariants: lock order is io_lock -> timer_lock; the thread never holds timer_lock while it
 * takes io_lock. A callback may find that its condition changed since it was due (the timer was
 * re-armed in between), so callbacks re-check the device state rather than trust the call.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "system/board.h"

int64_t machine_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#define NS_PER_TICK (1000000000ULL / MACHINE_TIMEBASE_HZ)

uint64_t machine_mtime(const Machine *m)
{
    return (uint64_t)(machine_now_ns() - __atomic_load_n(&m->start_ns, __ATOMIC_RELAXED)) /
           NS_PER_TICK;
}

void machine_set_mtime(Machine *m, uint64_t mtime)
{
    __atomic_store_n(&m->start_ns, machine_now_ns() - (int64_t)(mtime * NS_PER_TICK),
                     __ATOMIC_RELAXED);
}

int64_t machine_mtime_to_ns(const Machine *m, uint64_t mtime)
{
    if (mtime >= (uint64_t)INT64_MAX / NS_PER_TICK)
        return INT64_MAX;
    int64_t ns = m->start_ns + (int64_t)(mtime * NS_PER_TICK);
    return ns < m->start_ns ? INT64_MAX : ns;
}

void machine_timer_init(Machine *m, MachineTimer *t, void (*cb)(void *), void *opaque)
{
    t->deadline_ns = INT64_MAX;
    t->cb = cb;
    t->opaque = opaque;
    pthread_mutex_lock(&m->timer_lock);
    t->next = m->timers;
    m->timers = t;
    pthread_mutex_unlock(&m->timer_lock);
}

void machine_timer_mod(Machine *m, MachineTimer *t, int64_t deadline_ns)
{
    pthread_mutex_lock(&m->timer_lock);
    t->deadline_ns = deadline_ns;
    pthread_cond_broadcast(&m->timer_cond);
    pthread_mutex_unlock(&m->timer_lock);
}

static void *timer_thread(void *arg)
{
    Machine *m = arg;
    pthread_mutex_lock(&m->timer_lock);
    while (!m->timer_stop) {
        MachineTimer *first = NULL;
        for (MachineTimer *t = m->timers; t; t = t->next)
            if (t->deadline_ns != INT64_MAX && (!first || t->deadline_ns < first->deadline_ns))
                first = t;
        if (!first) {
            pthread_cond_wait(&m->timer_cond, &m->timer_lock);
            continue;
        }
        int64_t now = machine_now_ns();
        if (now < first->deadline_ns) {
            struct timespec ts = { .tv_sec = first->deadline_ns / 1000000000,
                                   .tv_nsec = first->deadline_ns % 1000000000 };
            pthread_cond_timedwait(&m->timer_cond, &m->timer_lock, &ts);
            continue;
        }
        first->deadline_ns = INT64_MAX;
        pthread_mutex_unlock(&m->timer_lock);
        pthread_mutex_lock(&m->io_lock);
        first->cb(first->opaque);
        pthread_mutex_unlock(&m->io_lock);
        pthread_mutex_lock(&m->timer_lock);
    }
    pthread_mutex_unlock(&m->timer_lock);
    return NULL;
}

void machine_sync_init(Machine *m)
{
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m->io_lock, &ma);
    pthread_mutexattr_destroy(&ma);
    pthread_mutex_init(&m->timer_lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&m->timer_cond, &ca);
    pthread_condattr_destroy(&ca);
    m->start_ns = machine_now_ns();
}

bool machine_timers_start(Machine *m)
{
    m->timer_stop = 0;
    m->timer_running = pthread_create(&m->timer_thread, NULL, timer_thread, m) == 0;
    return m->timer_running;
}

void machine_timers_stop(Machine *m)
{
    if (!m->timer_running)
        return;
    pthread_mutex_lock(&m->timer_lock);
    m->timer_stop = 1;
    pthread_cond_broadcast(&m->timer_cond);
    pthread_mutex_unlock(&m->timer_lock);
    pthread_join(m->timer_thread, NULL);
    m->timer_running = 0;
}
