/*
 * vfork's shared memory, emulated over a fork (user/syscall-proc.c runs CLONE_VM|CLONE_VFORK
 * as a host fork whose parent waits until the child execs or ends). A real vfork child shares
 * the parent's memory, and programs rely on it: glibc's posix_spawn child stores its exec
 * error in the parent's memory before _exit (so posix_spawn, and Python's subprocess or
 * make's job start on top of it, report "No such file or directory"), a vfork child may set
 * variables the parent reads after it. Here the child journals what it writes and the parent
 * applies it before its vfork returns:
 *   - start (child, right after the fork): every guest page of a private writable mapping is
 *     write-watched (runtime/guestmem.h PAGE_WATCH: host read-only); the first write to a page,
 *     whoever makes it (guest store, helper, system call, the kernel through qelt's buffers),
 *     first copies the page as it was (watch_page, async-signal-safe: it may run in the fault
 *     handler), then lets the write happen;
 *   - send (child, before an exec and when it ends, by exit or by a signal): for each copied
 *     page the runs of bytes that now differ go to the parent through the wait pipe as records
 *     { guest address (8 bytes), length (4), 0 (4), bytes }; before an exec the copies are
 *     brought up to date, since a failed exec goes on;
 *   - apply (parent, in its vfork): records until the pipe's end, written with copy_to_guest
 *     (translations of code pages in the range are dropped as for any write).
 * Exactness: byte-granular, so the parent's other threads' writes meanwhile to bytes the child
 * did not change survive (with a real vfork both would land in one memory; only the moment the
 * parent sees the child's writes differs: at the child's exec or end, while the vfork caller
 * still waits). Not shared: mappings the child makes or removes, and writes to memory mapped
 * shared on the host (those reach the parent by themselves). A child that writes more than
 * SNAP_PAGES pages before exec sends only the first SNAP_PAGES (counted in `lost`).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "process.h"
#include "syscall-defs.h"

#define SNAP_PAGES (1u << 16)   /* 256 MiB of page copies, reserved, committed as used */

typedef struct VforkJournal {
    int fd;                     /* the parent's wait pipe (write end) */
    uint8_t *snap;              /* page copies, SNAP_PAGES * 4 KiB, reserved NORESERVE */
    uint64_t pages[SNAP_PAGES]; /* guest page of each copy */
    unsigned n;                 /* copies taken (atomic: the fault handler adds) */
    unsigned lost;              /* pages written past SNAP_PAGES */
    GuestMem *gm;
} VforkJournal;

typedef struct JournalRec {
    uint64_t addr;
    uint32_t len, zero;
} JournalRec;

/* RtWriteWatchFn: page is about to be written for the first time since start. */
static void watch_page(void *opaque, uint64_t page)
{
    VforkJournal *j = opaque;
    unsigned i = __atomic_fetch_add(&j->n, 1, __ATOMIC_RELAXED);
    if (i >= SNAP_PAGES) {
        __atomic_fetch_add(&j->lost, 1, __ATOMIC_RELAXED);
        return;
    }
    memcpy(j->snap + (size_t)i * GM_PAGE_SIZE, g2h(j->gm, page), GM_PAGE_SIZE);
    j->pages[i] = page;
}

static void watch_mapping(void *opaque, const GuestMapping *m)
{
    Process *p = opaque;
    if ((m->prot & PROT_WRITE) && !m->host_shared)
        gm_watch_writes(p->gm, m->start, m->end - m->start);
}

void vfork_child_start(Process *p, int fd)
{
    VforkJournal *j = calloc(1, sizeof *j);
    void *snap = mmap(NULL, (size_t)SNAP_PAGES * GM_PAGE_SIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (!j || snap == MAP_FAILED) {
        free(j);   /* no journal: the parent sees none of the child's writes (a plain fork) */
        return;
    }
    j->fd = fd;
    proc_own_fd(p, fd, true);   /* the guest's close_range(3, ~0) must not cut the journal */
    j->snap = snap;
    j->gm = p->gm;
    p->vfork = j;
    rt_set_write_watch(p->rt, watch_page, j);
    mmap_walk(p, watch_mapping, p);
}

void vfork_child_forget(Process *p)
{
    if (!p->vfork)
        return;
    rt_set_write_watch(p->rt, NULL, NULL);   /* watched pages just become writable */
    p->vfork = NULL;                          /* (its copies stay: the child execs or ends) */
}

static bool write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *b = buf;
    while (len) {
        ssize_t w = write(fd, b, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        b += w;
        len -= (size_t)w;
    }
    return true;
}

/* The runs of page i's bytes that differ from its copy. Only those: a byte the child left
 * alone is not sent, so a write the parent's other threads made to it meanwhile stays. */
static bool send_page(VforkJournal *j, unsigned i, bool rebase)
{
    const uint8_t *old = j->snap + (size_t)i * GM_PAGE_SIZE;
    const uint8_t *now = g2h(j->gm, j->pages[i]);
    if ((gm_page_flags(j->gm, j->pages[i]) & (PAGE_VALID | PAGE_READ)) != (PAGE_VALID | PAGE_READ))
        return true;   /* unmapped (or made unreadable) since: nothing the parent could get */
    for (size_t k = 0; k < GM_PAGE_SIZE;) {
        if (old[k] == now[k]) {
            k++;
            continue;
        }
        size_t end = k + 1;
        while (end < GM_PAGE_SIZE && old[end] != now[end])
            end++;
        JournalRec r = { j->pages[i] + k, (uint32_t)(end - k), 0 };
        if (!write_all(j->fd, &r, sizeof r) || !write_all(j->fd, now + k, end - k))
            return false;
        k = end;
    }
    if (rebase)
        memcpy((uint8_t *)old, now, GM_PAGE_SIZE);
    return true;
}

void vfork_child_send(Process *p, bool rebase)
{
    VforkJournal *j = p ? p->vfork : NULL;
    if (!j)
        return;
    unsigned n = __atomic_load_n(&j->n, __ATOMIC_RELAXED);
    if (n > SNAP_PAGES)
        n = SNAP_PAGES;
    for (unsigned i = 0; i < n; i++)
        if (!send_page(j, i, rebase))
            break;   /* the parent is gone: nobody to tell */
}

static bool read_all(int fd, void *buf, size_t len)
{
    uint8_t *b = buf;
    while (len) {
        ssize_t r = read(fd, b, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        b += r;
        len -= (size_t)r;
    }
    return true;
}

void vfork_parent_apply(Process *p, int fd)
{
    uint8_t buf[GM_PAGE_SIZE];
    JournalRec r;
    while (read_all(fd, &r, sizeof r)) {
        if (r.len == 0 || r.len > GM_PAGE_SIZE || !read_all(fd, buf, r.len))
            break;   /* a broken stream: stop (the child is gone) */
        copy_to_guest(p, r.addr, buf, r.len);   /* unmapped by now: nothing to do */
    }
    /* Drain to the end (the child's exec or exit closes its end). */
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0 || (n < 0 && errno == EINTR))
            continue;
        break;
    }
}
