/*
 * Guest memory reservation and the page-flag map (see guestmem.h for the invariants).
 *
 * Layout of the host reservation: [guard | guest 0 .. GM_ADDR_LIMIT | guard], all PROT_NONE
 * until the guest maps something. The guards (2 GiB each) make base + addr + any 32-bit
 * displacement land in memory we own, so such an access faults instead of touching qelt.
 * At host address 0 (the default when the kernel allows it) the reservation starts at
 * vm.mmap_min_addr and there is no lower guard: what lies below, base + addr + disp < 0, is
 * the kernel half, which faults for user code with the address in si_addr as well (pages
 * below mmap_min_addr cannot be mapped at all). If the reservation at 0 is not possible, the
 * caller falls back to GM_BASE_ANY.
 * Host protections never include PROT_EXEC: guest code is only ever read by the translator.
 */
#define _GNU_SOURCE
#include "guestmem.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define GM_GUARD (1ULL << 31)
#define GM_LOWEST_MAP 0x10000ULL   /* the guest's lowest mapping (user/mmap.c MMAP_MIN_ADDR) */

/* The kernel's vm.mmap_min_addr, page aligned (65536 when it cannot be read). */
static uint64_t host_mmap_min(void)
{
    unsigned long long v = 65536;
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    if (f) {
        if (fscanf(f, "%llu", &v) != 1)
            v = 65536;
        fclose(f);
    }
    return (v + GM_PAGE_SIZE - 1) & ~(GM_PAGE_SIZE - 1);
}

/* Exactly [start, start + len) reserved, or -errno. */
static int reserve_fixed(uint64_t start, size_t len)
{
    void *want = (void *)(uintptr_t)start;
    void *p = mmap(want, len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return -errno;
    if (p != want) {   /* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
        munmap(p, len);
        return -EEXIST;
    }
    return 0;
}

int gm_init_at(GuestMem *gm, uint64_t base)
{
    memset(gm, 0, sizeof(*gm));
    uint64_t start;
    size_t total;
    if (base == 0) {
        start = host_mmap_min();
        if (start > GM_LOWEST_MAP)
            return -EINVAL;
        total = GM_ADDR_LIMIT + GM_GUARD - start;
    } else if (base == GM_BASE_ANY) {
        start = 0;
        total = GM_ADDR_LIMIT + 2 * GM_GUARD;
    } else {
        if ((base & (GM_PAGE_SIZE - 1)) || base < GM_GUARD || base > (1ULL << 47) - GM_ADDR_LIMIT - GM_GUARD)
            return -EINVAL;
        start = base - GM_GUARD;
        total = GM_ADDR_LIMIT + 2 * GM_GUARD;
    }
    void *p;
    if (base == GM_BASE_ANY) {
        p = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return -errno;
        gm->base = (uint8_t *)p + GM_GUARD;
    } else {
        int r = reserve_fixed(start, total);
        if (r < 0)
            return r;
        p = (void *)(uintptr_t)start;
        gm->base = (uint8_t *)(uintptr_t)base;
        gm->zero_base = base == 0;
    }
    size_t nflags = GM_TASK_SIZE >> GM_PAGE_BITS;
    void *f = mmap(NULL, nflags, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (f == MAP_FAILED) {
        int e = errno;
        munmap(p, total);
        memset(gm, 0, sizeof(*gm));
        return -e;
    }
    gm->page_flags = f;
    pthread_mutex_init(&gm->lock, NULL);
    return 0;
}

int gm_init(GuestMem *gm)
{
    return gm_init_at(gm, GM_BASE_ANY);
}

static int host_prot(int flags)
{
    if (!(flags & PAGE_VALID))
        return PROT_NONE;
    int prot = 0;
    if (flags & (PAGE_READ | PAGE_EXEC))
        prot |= PROT_READ;
    if ((flags & PAGE_WRITE) && !(flags & (PAGE_CODE | PAGE_WATCH)))
        prot |= PROT_WRITE;
    return prot;
}

void gm_set_prot(GuestMem *gm, uint64_t start, uint64_t len, int prot, bool valid)
{
    if (start >= GM_TASK_SIZE || len == 0)
        return;
    if (len > GM_TASK_SIZE - start)
        len = GM_TASK_SIZE - start;
    uint64_t first = start >> GM_PAGE_BITS;
    uint64_t last = (start + len - 1) >> GM_PAGE_BITS;
    pthread_mutex_lock(&gm->lock);
    /* Apply host protection in runs of pages with the same resulting protection. */
    uint64_t run = first;
    int run_prot = -1;
    for (uint64_t p = first; p <= last + 1; p++) {
        int hp = -2;
        if (p <= last) {
            uint8_t f = gm->page_flags[p] & (PAGE_CODE | PAGE_WATCH);
            if (valid)
                f |= (uint8_t)(PAGE_VALID | (prot & (PAGE_READ | PAGE_WRITE | PAGE_EXEC)));
            else
                f = 0;   /* unmapped pages hold no code either: the runtime dropped it */
            gm->page_flags[p] = f;
            hp = host_prot(f);
        }
        if (hp != run_prot) {
            if (run_prot >= 0)
                mprotect(g2h(gm, run << GM_PAGE_BITS), (p - run) << GM_PAGE_BITS, run_prot);
            run = p;
            run_prot = hp;
        }
    }
    pthread_mutex_unlock(&gm->lock);
}

bool gm_access_ok(GuestMem *gm, uint64_t start, uint64_t len, int prot)
{
    if (len == 0)
        return true;
    if (start >= GM_TASK_SIZE || len > GM_TASK_SIZE - start)
        return false;
    uint64_t last = (start + len - 1) >> GM_PAGE_BITS;
    for (uint64_t p = start >> GM_PAGE_BITS; p <= last; p++) {
        uint8_t f = gm->page_flags[p];
        if (!(f & PAGE_VALID) || (f & prot) != prot)
            return false;
    }
    return true;
}

void gm_protect_code_page(GuestMem *gm, uint64_t page)
{
    uint64_t p = page >> GM_PAGE_BITS;
    if (page >= GM_TASK_SIZE)
        return;
    pthread_mutex_lock(&gm->lock);
    uint8_t f = gm->page_flags[p];
    if (!(f & PAGE_CODE)) {
        gm->page_flags[p] = f | PAGE_CODE;
        if (f & PAGE_WRITE)
            mprotect(g2h(gm, p << GM_PAGE_BITS), GM_PAGE_SIZE, host_prot(f | PAGE_CODE));
    }
    pthread_mutex_unlock(&gm->lock);
}

void gm_watch_writes(GuestMem *gm, uint64_t start, uint64_t len)
{
    if (start >= GM_TASK_SIZE || len == 0)
        return;
    if (len > GM_TASK_SIZE - start)
        len = GM_TASK_SIZE - start;
    uint64_t first = start >> GM_PAGE_BITS, last = (start + len - 1) >> GM_PAGE_BITS;
    pthread_mutex_lock(&gm->lock);
    /* Runs of newly watched pages with the same resulting host protection. */
    uint64_t run = first;
    int run_prot = -1;
    for (uint64_t p = first; p <= last + 1; p++) {
        int hp = -1;
        if (p <= last) {
            uint8_t f = gm->page_flags[p];
            if ((f & (PAGE_VALID | PAGE_WRITE | PAGE_WATCH)) == (PAGE_VALID | PAGE_WRITE)) {
                gm->page_flags[p] = f | PAGE_WATCH;
                hp = host_prot(f | PAGE_WATCH);
            }
        }
        if (hp != run_prot || hp < 0) {
            if (run_prot >= 0)
                mprotect(g2h(gm, run << GM_PAGE_BITS), (p - run) << GM_PAGE_BITS, run_prot);
            run = p;
            run_prot = hp;
        }
    }
    pthread_mutex_unlock(&gm->lock);
}

bool gm_unwatch_page(GuestMem *gm, uint64_t page)
{
    uint64_t p = page >> GM_PAGE_BITS;
    if (page >= GM_TASK_SIZE)
        return false;
    pthread_mutex_lock(&gm->lock);
    uint8_t f = gm->page_flags[p];
    bool was = f & PAGE_WATCH;
    if (was) {
        gm->page_flags[p] = f & ~PAGE_WATCH;
        mprotect(g2h(gm, p << GM_PAGE_BITS), GM_PAGE_SIZE, host_prot(f & ~PAGE_WATCH));
    }
    pthread_mutex_unlock(&gm->lock);
    return was;
}

void gm_unprotect_code_page(GuestMem *gm, uint64_t page)
{
    uint64_t p = page >> GM_PAGE_BITS;
    if (page >= GM_TASK_SIZE)
        return;
    pthread_mutex_lock(&gm->lock);
    uint8_t f = gm->page_flags[p];
    if (f & PAGE_CODE) {
        gm->page_flags[p] = f & ~PAGE_CODE;
        if (f & PAGE_WRITE)
            mprotect(g2h(gm, p << GM_PAGE_BITS), GM_PAGE_SIZE, host_prot(f & ~PAGE_CODE));
    }
    pthread_mutex_unlock(&gm->lock);
}
