/*
 * Guest memory reservation and the page-flag map (see guestmem.h for the invariants).
 *
 * Layout of the host reservation: [guard | guest 0 .. GM_ADDR_LIMIT | guard], all PROT_NONE
 * until the guest maps something. The guards (2 GiB each) make base + addr + any 32-bit
 * displacement land in memory we own, so such an access faults instead of touching qelt.
 * Host protections never include PROT_EXEC: guest code is only ever read by the translator.
 */
#define _GNU_SOURCE
#include "guestmem.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#define GM_GUARD (1ULL << 31)

int gm_init(GuestMem *gm)
{
    memset(gm, 0, sizeof(*gm));
    size_t total = GM_ADDR_LIMIT + 2 * GM_GUARD;
    void *p = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return -errno;
    gm->base = (uint8_t *)p + GM_GUARD;
    size_t nflags = GM_TASK_SIZE >> GM_PAGE_BITS;
    void *f = mmap(NULL, nflags, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (f == MAP_FAILED) {
        int e = errno;
        munmap(p, total);
        return -e;
    }
    gm->page_flags = f;
    pthread_mutex_init(&gm->lock, NULL);
    return 0;
}

static int host_prot(int flags)
{
    if (!(flags & PAGE_VALID))
        return PROT_NONE;
    int prot = 0;
    if (flags & (PAGE_READ | PAGE_EXEC))
        prot |= PROT_READ;
    if ((flags & PAGE_WRITE) && !(flags & PAGE_CODE))
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
            uint8_t f = gm->page_flags[p] & PAGE_CODE;
            if (valid)
                f |= (uint8_t)(PAGE_VALID | (prot & (PAGE_READ | PAGE_WRITE | PAGE_EXEC)));
            else
                f = 0;   /* unmapped pages hold no code either: the runtime dropped it */
            gm->page_flags[p] = f;
            hp = host_prot(f);
        }
        if (hp != run_prot) {
            if (run_prot >= 0)
                mprotect(gm->base + (run << GM_PAGE_BITS), (p - run) << GM_PAGE_BITS, run_prot);
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
            mprotect(gm->base + (p << GM_PAGE_BITS), GM_PAGE_SIZE, host_prot(f | PAGE_CODE));
    }
    pthread_mutex_unlock(&gm->lock);
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
            mprotect(gm->base + (p << GM_PAGE_BITS), GM_PAGE_SIZE, host_prot(f & ~PAGE_CODE));
    }
    pthread_mutex_unlock(&gm->lock);
}
