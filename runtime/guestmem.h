/*
 * Guest memory in user mode: one host region reserved up front, guest address a at base + a.
 *
 * The region is reserved PROT_NONE/MAP_NORESERVE, so an access to unmapped guest memory faults
 * in the host and becomes the guest's SIGSEGV. Where it is: at host address 0 when possible
 * (base NULL, zero_base: host address = guest address, so generated code needs no base
 * register), else wherever the kernel puts it (or where -B / QEMU_GUEST_BASE asks). Generated code checks that an address is below
 * GM_ADDR_LIMIT before adding base (an address past the region could hit qelt's own memory).
 * page_flags keeps the guest's view of each 4 KiB page (what it asked for with mmap/mprotect);
 * the host protection can be stricter: a page holding translated code (PAGE_CODE) is host
 * read-only so stores to it trap and invalidate those translations (self-modifying code), and
 * a write-watched page (PAGE_WATCH, gm_watch_writes) is host read-only until its first write,
 * which the runtime reports to the OS layer before letting it happen (a vfork child's journal).
 * All changes go through these functions, under lock, so the two views stay consistent.
 */
#ifndef QELT_GUESTMEM_H
#define QELT_GUESTMEM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define GM_ADDR_BITS   40                      /* generated code: addr >> 40 must be 0 */
#define GM_ADDR_LIMIT  (1ULL << GM_ADDR_BITS)  /* reserved size (plus a guard page) */
#define GM_TASK_SIZE   (1ULL << 38)            /* what the guest may map (Sv39 user space) */
#define GM_PAGE_BITS   12
#define GM_PAGE_SIZE   (1ULL << GM_PAGE_BITS)

enum {
    PAGE_READ  = 1,     /* same bits as PROT_READ/WRITE/EXEC */
    PAGE_WRITE = 2,
    PAGE_EXEC  = 4,
    PAGE_VALID = 8,     /* mapped by the guest */
    PAGE_CODE  = 16,    /* translations exist from this page: host write-protected */
    PAGE_WATCH = 32,    /* write-watched until its first write: host write-protected */
};

#define GM_BASE_ANY UINT64_MAX                 /* gm_init_at: wherever the kernel puts it */

typedef struct GuestMem {
    uint8_t *base;            /* host address of guest address 0 (NULL when zero_base) */
    bool zero_base;           /* reserved at host address 0: guest address = host address */
    uint8_t *page_flags;      /* one byte per guest page below GM_TASK_SIZE */
    pthread_mutex_t lock;
} GuestMem;

/* Reserve the guest address space with guest address 0 at host address base: 0 (guest
 * addresses are host addresses; needs vm.mmap_min_addr <= the guest's lowest mapping), a
 * page-aligned address at least the guard size, or GM_BASE_ANY. 0, or -errno (EEXIST: the
 * range is taken; EINVAL: base unusable; nothing is left reserved then). */
int  gm_init_at(GuestMem *gm, uint64_t base);
int  gm_init(GuestMem *gm);   /* gm_init_at(gm, GM_BASE_ANY) */
/* Host <-> guest addresses, on integers (base may be NULL). */
static inline void *g2h(const GuestMem *gm, uint64_t a) { return (void *)((uintptr_t)gm->base + a); }
static inline uint64_t h2g(const GuestMem *gm, const void *p)
{ return (uint64_t)((uintptr_t)p - (uintptr_t)gm->base); }
static inline int gm_page_flags(const GuestMem *gm, uint64_t a)
{ return a < GM_TASK_SIZE ? gm->page_flags[a >> GM_PAGE_BITS] : 0; }
/* Guest-visible protection of [start, start+len) (page aligned) becomes prot (PROT_* bits),
 * mapped (PAGE_VALID) or not; applies the host protection (minus write on PAGE_CODE pages). */
void gm_set_prot(GuestMem *gm, uint64_t start, uint64_t len, int prot, bool valid);
/* true when every page of [start, start+len) is valid and has all bits of prot. */
bool gm_access_ok(GuestMem *gm, uint64_t start, uint64_t len, int prot);
/* Mark a page as holding translations: host write-protect it if the guest can write it. */
void gm_protect_code_page(GuestMem *gm, uint64_t page);
/* A page stops holding translations: give the guest its write access back. */
void gm_unprotect_code_page(GuestMem *gm, uint64_t page);
/* Write-watch every mapped, guest-writable page of [start, start+len) (page aligned). */
void gm_watch_writes(GuestMem *gm, uint64_t start, uint64_t len);
/* Stop watching page (its first write comes): true if it was watched (exactly one caller
 * sees true per watch). Async-signal-safe but for the lock: not from code holding gm->lock. */
bool gm_unwatch_page(GuestMem *gm, uint64_t page);

#endif
