/*
 * The guest's address space: a VMA list over [mmap_min, GM_TASK_SIZE) with Linux's mmap,
 * munmap, mprotect, mremap, brk and madvise semantics, backed by real host mappings at g2h(addr)
 * inside GuestMem's reservation.
 *
 * Invariants:
 * - Every guest page is either inside exactly one VMA (host-mapped, PAGE_VALID in page_flags
 *   with the guest's protection) or outside all VMAs (host PROT_NONE anonymous reservation,
 *   page_flags 0). Unmapping never hands address space back to the host: it re-reserves it, so
 *   qelt's own allocations can never land inside the guest's space.
 * - The VMA array is sorted, non-overlapping, and adjacent VMAs with equal attributes are merged.
 * - page_flags change only through gm_set_prot, after the host mapping is in place.
 * - Translations of guest code die (rt_invalidate_range) before its page is unmapped, replaced,
 *   rewritten by madvise, or loses PROT_EXEC.
 * - One mutex (MMapState.lock) serialises all of this between guest threads.
 * - A VMA remembers the file it maps (interned FileId: host path, device, inode) and the file
 *   offset of its start, for /proc/self/maps; splits advance the offset, merges need the same
 *   file at contiguous offsets, mremap carries both along. The ELF loader labels the segments
 *   it copied into anonymous memory with mmap_set_file.
 *
 * Placement without a usable hint is top-down from mmap_base, which sits below the stack and a
 * 1 MiB guard gap, as Linux's default (non-legacy) layout does: mmap'd regions then look like a
 * real riscv64 process's (0x3f........), and the space between the program's brk and the mmap
 * area stays free for the heap to grow. If the area below mmap_base is full we fall back to
 * searching the whole task space, as Linux falls back to bottom-up.
 *
 * The guest's MAP_* and PROT_* values are riscv64's (asm-generic/mman*.h). x86-64 has the same
 * numbers for every flag riscv64 defines (x86 only adds MAP_32BIT 0x40 and MAP_ABOVE4G 0x80,
 * meaningless bits on riscv64), but host flags are still built explicitly from known guest bits
 * so that such a bit never reaches the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "process.h"

/* riscv64 (asm-generic) mmap ABI. */
#define G_PROT_READ        0x1
#define G_PROT_WRITE       0x2
#define G_PROT_EXEC        0x4
#define G_PROT_GROWSDOWN   0x01000000
#define G_PROT_GROWSUP     0x02000000
#define G_MAP_SHARED       0x01
#define G_MAP_PRIVATE      0x02
#define G_MAP_SHARED_VALIDATE 0x03
#define G_MAP_TYPE         0x0f
#define G_MAP_FIXED        0x10
#define G_MAP_ANONYMOUS    0x20
#define G_MAP_GROWSDOWN    0x0100
#define G_MAP_DENYWRITE    0x0800
#define G_MAP_EXECUTABLE   0x1000
#define G_MAP_LOCKED       0x2000
#define G_MAP_NORESERVE    0x4000
#define G_MAP_POPULATE     0x8000
#define G_MAP_NONBLOCK     0x10000
#define G_MAP_STACK        0x20000
#define G_MAP_HUGETLB      0x40000
#define G_MAP_SYNC         0x80000
#define G_MAP_FIXED_NOREPLACE 0x100000
#define G_MAP_UNINITIALIZED 0x4000000
#define G_MAP_HUGE_MASK    (0x3fU << 26)
#define G_MAP_KNOWN (G_MAP_TYPE | G_MAP_FIXED | G_MAP_ANONYMOUS | G_MAP_GROWSDOWN | \
                     G_MAP_DENYWRITE | G_MAP_EXECUTABLE | G_MAP_LOCKED | G_MAP_NORESERVE | \
                     G_MAP_POPULATE | G_MAP_NONBLOCK | G_MAP_STACK | G_MAP_HUGETLB | \
                     G_MAP_SYNC | G_MAP_FIXED_NOREPLACE | G_MAP_UNINITIALIZED)
#define G_MREMAP_MAYMOVE   1
#define G_MREMAP_FIXED     2
#define G_MREMAP_DONTUNMAP 4

#define PAGE_MASK_LOW      (GM_PAGE_SIZE - 1)
#define MMAP_MIN_ADDR      0x10000ULL          /* Linux's default vm.mmap_min_addr */
#define STACK_GUARD_GAP    (256 * GM_PAGE_SIZE) /* Linux's default stack_guard_gap */

/* A mapped file as /proc/self/maps names it; interned per process (MMapState.files), so VMAs
 * compare identities by pointer and never own one. */
typedef struct FileId {
    uint64_t dev, ino;
    char name[];   /* host path as the host kernel reports it (before the guest's -L view) */
} FileId;

typedef struct VMA {
    uint64_t start, end;
    int prot;      /* PROT_READ|WRITE|EXEC as the guest asked */
    int kind;      /* VMA_* */
    uint64_t off;  /* file offset of start (0 when anonymous) */
    const FileId *file;   /* NULL: anonymous */
} VMA;

enum { VMA_ANON_PRIVATE = 1, VMA_FILE_SHARED = 2, VMA_OTHER = 3 };

typedef struct MMapState {
    pthread_mutex_t lock;
    VMA *v;
    int n, cap;
    uint64_t mmap_min, mmap_base;
    FileId **files;   /* every file identity ever mapped (few: kept for the process's life) */
    int nfiles, capfiles;
} MMapState;

static uint64_t page_up(uint64_t x) { return (x + PAGE_MASK_LOW) & ~PAGE_MASK_LOW; }

/* Host protection for a fresh mapping: gm_set_prot refines it right after. The translator reads
 * guest code through the host mapping, so executable implies host-readable. */
static int host_prot(int prot)
{
    int h = 0;
    if (prot & (G_PROT_READ | G_PROT_EXEC))
        h |= PROT_READ;
    if (prot & G_PROT_WRITE)
        h |= PROT_READ | PROT_WRITE;
    return h;
}

/* ---- VMA list ---------------------------------------------------------------------------- */

/* Index of the first VMA with end > addr (n if none). */
static int vma_lookup(const MMapState *mm, uint64_t addr)
{
    int lo = 0, hi = mm->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (mm->v[mid].end > addr)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static bool range_has_any(const MMapState *mm, uint64_t start, uint64_t end)
{
    int i = vma_lookup(mm, start);
    return i < mm->n && mm->v[i].start < end;
}

static bool range_fully_mapped(const MMapState *mm, uint64_t start, uint64_t end)
{
    uint64_t a = start;
    for (int i = vma_lookup(mm, start); i < mm->n && a < end; i++) {
        if (mm->v[i].start > a)
            return false;
        a = mm->v[i].end;
    }
    return a >= end;
}

static bool range_has_exec(const MMapState *mm, uint64_t start, uint64_t end)
{
    for (int i = vma_lookup(mm, start); i < mm->n && mm->v[i].start < end; i++)
        if (mm->v[i].prot & G_PROT_EXEC)
            return true;
    return false;
}

static void vma_reserve(MMapState *mm, int extra)
{
    if (mm->n + extra <= mm->cap)
        return;
    int cap = mm->cap ? mm->cap * 2 : 64;
    while (cap < mm->n + extra)
        cap *= 2;
    VMA *v = realloc(mm->v, (size_t)cap * sizeof *v);
    if (!v)
        qelt_fatal("out of memory (VMA list)");
    mm->v = v;
    mm->cap = cap;
}

/* Make start and end VMA boundaries (splitting VMAs that straddle them). */
static void vma_split_at(MMapState *mm, uint64_t addr)
{
    int i = vma_lookup(mm, addr);
    if (i >= mm->n || mm->v[i].start >= addr)
        return;
    vma_reserve(mm, 1);
    memmove(&mm->v[i + 1], &mm->v[i], (size_t)(mm->n - i) * sizeof(VMA));
    mm->n++;
    mm->v[i].end = addr;
    mm->v[i + 1].start = addr;
    if (mm->v[i].file)
        mm->v[i + 1].off = mm->v[i].off + (addr - mm->v[i].start);
}

/* Merge neighbours with equal attributes (one linear pass: VMA lists stay short). */
static void vma_merge(MMapState *mm)
{
    int k = 0;
    for (int i = 1; i < mm->n; i++) {
        VMA *a = &mm->v[k], *b = &mm->v[i];
        if (a->end == b->start && a->prot == b->prot && a->kind == b->kind &&
            a->file == b->file && (!a->file || b->off == a->off + (a->end - a->start)))
            a->end = b->end;
        else
            mm->v[++k] = *b;
    }
    if (mm->n)
        mm->n = k + 1;
}

static void vma_remove(MMapState *mm, uint64_t start, uint64_t end)
{
    vma_split_at(mm, start);
    vma_split_at(mm, end);
    int i = vma_lookup(mm, start), j = i;
    while (j < mm->n && mm->v[j].end <= end)
        j++;
    if (j > i) {
        memmove(&mm->v[i], &mm->v[j], (size_t)(mm->n - j) * sizeof(VMA));
        mm->n -= j - i;
    }
}

static void vma_insert(MMapState *mm, uint64_t start, uint64_t end, int prot, int kind,
                       const FileId *file, uint64_t off)
{
    vma_remove(mm, start, end);
    vma_reserve(mm, 1);
    int i = vma_lookup(mm, start);
    memmove(&mm->v[i + 1], &mm->v[i], (size_t)(mm->n - i) * sizeof(VMA));
    mm->v[i] = (VMA){ start, end, prot, kind, file ? off : 0, file };
    mm->n++;
    vma_merge(mm);
}

static void vma_set_prot(MMapState *mm, uint64_t start, uint64_t end, int prot)
{
    vma_split_at(mm, start);
    vma_split_at(mm, end);
    int first = vma_lookup(mm, start);
    for (int i = first; i < mm->n && mm->v[i].start < end; i++)
        mm->v[i].prot = prot;
    vma_merge(mm);
}

/* Highest free [a, a+len) with a >= lo and a+len <= hi, or 0. */
static uint64_t find_free_topdown(const MMapState *mm, uint64_t len, uint64_t lo, uint64_t hi)
{
    for (int i = mm->n - 1; i >= -1; i--) {
        uint64_t gap_lo = i >= 0 ? mm->v[i].end : lo;
        if (gap_lo < lo)
            gap_lo = lo;
        if (i >= 0 && mm->v[i].start >= hi)
            continue;
        if (gap_lo < hi && hi - gap_lo >= len)
            return hi - len;
        if (i >= 0)
            hi = mm->v[i].start;
        if (hi <= lo)
            break;
    }
    return 0;
}

/* ---- host side --------------------------------------------------------------------------- */

/* Give [start, start+len) back to the reservation: PROT_NONE, no backing, guest-invalid. */
static int reserve_range(Process *p, uint64_t start, uint64_t len)
{
    void *r = mmap(g2h(p->gm, start), len, PROT_NONE,
                   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED)
        return -errno;
    gm_set_prot(p->gm, start, len, 0, false);
    return 0;
}

static void invalidate(Process *p, uint64_t start, uint64_t len)
{
    if (p->rt)
        rt_invalidate_range(p->rt, start, len);
}

/* Unmap [start, end) (page aligned, inside the task space), one VMA piece at a time so that
 * a huge munmap over mostly empty space costs nothing. Called with the lock held. */
static int do_unmap_locked(Process *p, uint64_t start, uint64_t end)
{
    MMapState *mm = p->mm;
    int i = vma_lookup(mm, start);
    while (i < mm->n && mm->v[i].start < end) {
        uint64_t a = mm->v[i].start > start ? mm->v[i].start : start;
        uint64_t e = mm->v[i].end < end ? mm->v[i].end : end;
        if (mm->v[i].prot & G_PROT_EXEC)
            invalidate(p, a, e - a);
        int r = reserve_range(p, a, e - a);
        if (r < 0)
            return r;
        i++;
    }
    vma_remove(mm, start, end);
    return 0;
}

/* Map fresh anonymous private memory at a fixed, already chosen place. Lock held. */
static int map_anon_fixed_locked(Process *p, uint64_t a, uint64_t len, int prot)
{
    void *r = mmap(g2h(p->gm, a), len, host_prot(prot),
                   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED)
        return -errno;
    gm_set_prot(p->gm, a, len, prot, true);
    vma_insert(p->mm, a, a + len, prot, VMA_ANON_PRIVATE, NULL, 0);
    return 0;
}

/* The interned identity of (dev, ino, name). Lock held. */
static const FileId *file_intern(MMapState *mm, uint64_t dev, uint64_t ino, const char *name)
{
    for (int i = 0; i < mm->nfiles; i++)
        if (mm->files[i]->dev == dev && mm->files[i]->ino == ino && !strcmp(mm->files[i]->name, name))
            return mm->files[i];
    if (mm->nfiles == mm->capfiles) {
        int cap = mm->capfiles ? 2 * mm->capfiles : 16;
        FileId **f = realloc(mm->files, (size_t)cap * sizeof *f);
        if (!f)
            return NULL;
        mm->files = f;
        mm->capfiles = cap;
    }
    size_t len = strlen(name);
    FileId *id = malloc(sizeof *id + len + 1);
    if (!id)
        return NULL;
    id->dev = dev;
    id->ino = ino;
    memcpy(id->name, name, len + 1);
    mm->files[mm->nfiles++] = id;
    return id;
}

/* What the host knows about guest fd (a host fd): its path, device and inode. */
static bool fd_identity(int fd, char *name, size_t size, uint64_t *dev, uint64_t *ino)
{
    struct stat st;
    char link[64];
    if (fstat(fd, &st) != 0)
        return false;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, name, size - 1);
    if (n <= 0)
        return false;
    name[n] = 0;
    *dev = st.st_dev;
    *ino = st.st_ino;
    return true;
}

/* ---- interface ----------------------------------------------------------------------------- */

void mmap_init(Process *p)
{
    MMapState *mm = calloc(1, sizeof *mm);
    if (!mm)
        qelt_fatal("out of memory");
    pthread_mutex_init(&mm->lock, NULL);
    uint64_t stack = p->opts && p->opts->stack_size ? p->opts->stack_size : QELT_DEFAULT_STACK_SIZE;
    mm->mmap_min = MMAP_MIN_ADDR;
    mm->mmap_base = (QELT_STACK_TOP - page_up(stack) - STACK_GUARD_GAP) & ~PAGE_MASK_LOW;
    p->mm = mm;
}

void mmap_free(Process *p)
{
    MMapState *mm = p->mm;
    if (!mm)
        return;
    pthread_mutex_destroy(&mm->lock);
    for (int i = 0; i < mm->nfiles; i++)
        free(mm->files[i]);
    free(mm->files);
    free(mm->v);
    free(mm);
    p->mm = NULL;
}

/* Fork: the lock is held across the host fork; the child makes it anew (its waiters were
 * threads the child does not have). */
void mmap_fork_prepare(Process *p)
{
    pthread_mutex_lock(&p->mm->lock);
}

void mmap_fork_end(Process *p, bool child)
{
    if (child)
        pthread_mutex_init(&p->mm->lock, NULL);
    else
        pthread_mutex_unlock(&p->mm->lock);
}

void mmap_walk(Process *p, void (*fn)(void *opaque, const GuestMapping *m), void *opaque)
{
    MMapState *mm = p->mm;
    pthread_mutex_lock(&mm->lock);
    for (int i = 0; i < mm->n; i++) {
        const VMA *v = &mm->v[i];
        GuestMapping g = { v->start, v->end, v->off, v->file ? v->file->dev : 0,
                           v->file ? v->file->ino : 0, v->prot, v->kind == VMA_FILE_SHARED,
                           v->file ? v->file->name : NULL,
                           v->kind == VMA_FILE_SHARED || (v->kind == VMA_OTHER && !v->file) };
        fn(opaque, &g);
    }
    pthread_mutex_unlock(&mm->lock);
}

void mmap_set_file(Process *p, uint64_t start, uint64_t end, const char *name, uint64_t off,
                   uint64_t dev, uint64_t ino)
{
    MMapState *mm = p->mm;
    pthread_mutex_lock(&mm->lock);
    const FileId *id = file_intern(mm, dev, ino, name);
    if (id) {
        vma_split_at(mm, start);
        vma_split_at(mm, end);
        for (int i = vma_lookup(mm, start); i < mm->n && mm->v[i].start < end; i++) {
            mm->v[i].file = id;
            mm->v[i].off = off + (mm->v[i].start - start);
        }
        vma_merge(mm);
    }
    pthread_mutex_unlock(&mm->lock);
}

int64_t target_mmap(Process *p, uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off)
{
    MMapState *mm = p->mm;
    int type = flags & G_MAP_TYPE;
    bool anon = flags & G_MAP_ANONYMOUS;

    if (type != G_MAP_SHARED && type != G_MAP_PRIVATE && type != G_MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == G_MAP_SHARED_VALIDATE) {
        if ((flags & ~G_MAP_KNOWN & ~G_MAP_HUGE_MASK) || (flags & G_MAP_SYNC))
            return -EOPNOTSUPP;
        type = G_MAP_SHARED;
    }
    if (prot & ~(G_PROT_READ | G_PROT_WRITE | G_PROT_EXEC))
        return -EINVAL;
    if (len == 0 || ((uint64_t)off & PAGE_MASK_LOW))
        return -EINVAL;
    uint64_t alen = page_up(len);
    if (alen < len || alen > GM_TASK_SIZE)
        return -ENOMEM;
    if (!anon && (off < 0 || (uint64_t)off + alen < (uint64_t)off))
        return -EOVERFLOW;
    bool fixed = flags & (G_MAP_FIXED | G_MAP_FIXED_NOREPLACE);
    if (fixed && (addr & PAGE_MASK_LOW))
        return -EINVAL;
    /* The file's identity for /proc/self/maps, taken before the lock (host syscalls). A shared
     * anonymous mapping is shmem, which Linux names like this. */
    char fname[QELT_MAPS_NAME_MAX];
    uint64_t fdev = 0, fino = 0;
    bool named = false;
    if (!anon)
        named = fd_identity(fd, fname, sizeof fname, &fdev, &fino);
    else if (type == G_MAP_SHARED)
        named = snprintf(fname, sizeof fname, "/dev/zero (deleted)") > 0;

    pthread_mutex_lock(&mm->lock);
    int64_t ret;
    uint64_t a;
    if (fixed) {
        a = addr;
        if (a > GM_TASK_SIZE - alen) {
            ret = -ENOMEM;
            goto out;
        }
        if (a < mm->mmap_min) {
            ret = -EPERM;
            goto out;
        }
        if ((flags & G_MAP_FIXED_NOREPLACE) && range_has_any(mm, a, a + alen)) {
            ret = -EEXIST;
            goto out;
        }
    } else {
        a = page_up(addr);
        if (!addr || a < mm->mmap_min || a < addr || a > GM_TASK_SIZE - alen ||
            range_has_any(mm, a, a + alen)) {
            a = find_free_topdown(mm, alen, mm->mmap_min, mm->mmap_base);
            if (!a)
                a = find_free_topdown(mm, alen, mm->mmap_min, GM_TASK_SIZE);
            if (!a) {
                ret = -ENOMEM;
                goto out;
            }
        }
    }

    if (range_has_exec(mm, a, a + alen))
        invalidate(p, a, alen);
    int hflags = MAP_FIXED | (type == G_MAP_SHARED ? MAP_SHARED : MAP_PRIVATE);
    if (anon)
        hflags |= MAP_ANONYMOUS;
    if (flags & G_MAP_NORESERVE)
        hflags |= MAP_NORESERVE;
    if (flags & G_MAP_POPULATE)
        hflags |= MAP_POPULATE;
    void *r = mmap(g2h(p->gm, a), alen, host_prot(prot), hflags, anon ? -1 : fd, anon ? 0 : off);
    if (r == MAP_FAILED) {
        ret = -errno;
        goto out;
    }
    gm_set_prot(p->gm, a, alen, prot, true);
    vma_insert(mm, a, a + alen, prot,
               anon && type == G_MAP_PRIVATE ? VMA_ANON_PRIVATE
               : !anon && type == G_MAP_SHARED ? VMA_FILE_SHARED : VMA_OTHER,
               named ? file_intern(mm, fdev, fino, fname) : NULL, anon ? 0 : (uint64_t)off);
    ret = (int64_t)a;
out:
    pthread_mutex_unlock(&mm->lock);
    return ret;
}

int64_t target_munmap(Process *p, uint64_t addr, uint64_t len)
{
    if ((addr & PAGE_MASK_LOW) || len == 0)
        return -EINVAL;
    uint64_t alen = page_up(len);
    if (alen < len || addr >= GM_TASK_SIZE || alen > GM_TASK_SIZE - addr)
        return -EINVAL;
    pthread_mutex_lock(&p->mm->lock);
    int64_t r = do_unmap_locked(p, addr, addr + alen);
    pthread_mutex_unlock(&p->mm->lock);
    return r;
}

int64_t target_mprotect(Process *p, uint64_t addr, uint64_t len, int prot)
{
    MMapState *mm = p->mm;
    if (addr & PAGE_MASK_LOW)
        return -EINVAL;
    if (prot & ~(G_PROT_READ | G_PROT_WRITE | G_PROT_EXEC | G_PROT_GROWSDOWN | G_PROT_GROWSUP))
        return -EINVAL;
    if ((prot & G_PROT_GROWSDOWN) && (prot & G_PROT_GROWSUP))
        return -EINVAL;
    prot &= G_PROT_READ | G_PROT_WRITE | G_PROT_EXEC;
    if (len == 0)
        return 0;
    uint64_t alen = page_up(len);
    if (alen < len || addr >= GM_TASK_SIZE || alen > GM_TASK_SIZE - addr)
        return -ENOMEM;
    uint64_t end = addr + alen;

    pthread_mutex_lock(&mm->lock);
    int64_t ret = 0;
    if (!range_fully_mapped(mm, addr, end)) {
        ret = -ENOMEM;
        goto out;
    }
    for (int i = vma_lookup(mm, addr); i < mm->n && mm->v[i].start < end; i++) {
        uint64_t a = mm->v[i].start > addr ? mm->v[i].start : addr;
        uint64_t e = mm->v[i].end < end ? mm->v[i].end : end;
        /* A shared file mapping of a read-only fd cannot become writable (EACCES): ask the
         * host before changing anything, since gm_set_prot cannot report failure. */
        if (mm->v[i].kind == VMA_FILE_SHARED && (prot & G_PROT_WRITE) &&
            !(mm->v[i].prot & G_PROT_WRITE) &&
            mprotect(g2h(p->gm, a), e - a, host_prot(prot)) != 0) {
            ret = -errno;
            goto out;
        }
    }
    for (int i = vma_lookup(mm, addr); i < mm->n && mm->v[i].start < end; i++) {
        uint64_t a = mm->v[i].start > addr ? mm->v[i].start : addr;
        uint64_t e = mm->v[i].end < end ? mm->v[i].end : end;
        if ((mm->v[i].prot & G_PROT_EXEC) && !(prot & G_PROT_EXEC))
            invalidate(p, a, e - a);
    }
    gm_set_prot(p->gm, addr, alen, prot, true);
    vma_set_prot(mm, addr, end, prot);
out:
    pthread_mutex_unlock(&mm->lock);
    return ret;
}

int64_t target_mremap(Process *p, uint64_t old, uint64_t oldlen, uint64_t newlen, int flags,
                      uint64_t newaddr)
{
    MMapState *mm = p->mm;
    if (flags & ~(G_MREMAP_MAYMOVE | G_MREMAP_FIXED | G_MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & (G_MREMAP_FIXED | G_MREMAP_DONTUNMAP)) && !(flags & G_MREMAP_MAYMOVE))
        return -EINVAL;
    if (old & PAGE_MASK_LOW)
        return -EINVAL;
    uint64_t olen = page_up(oldlen), nlen = page_up(newlen);
    if (olen < oldlen || nlen < newlen || nlen == 0)
        return -EINVAL;
    /* old_len 0 duplicates a shared mapping in Linux; not supported here. */
    if (olen == 0)
        return -EINVAL;
    if ((flags & G_MREMAP_DONTUNMAP) && olen != nlen)
        return -EINVAL;
    if ((flags & G_MREMAP_FIXED) && (newaddr & PAGE_MASK_LOW))
        return -EINVAL;
    if (old >= GM_TASK_SIZE || olen > GM_TASK_SIZE - old)
        return -EFAULT;
    if (nlen > GM_TASK_SIZE)
        return -ENOMEM;
    if ((flags & G_MREMAP_FIXED) &&
        (newaddr > GM_TASK_SIZE - nlen || newaddr < MMAP_MIN_ADDR ||
         (newaddr < old + olen && old < newaddr + nlen)))
        return newaddr > GM_TASK_SIZE - nlen ? -ENOMEM : -EINVAL;

    pthread_mutex_lock(&mm->lock);
    int64_t ret;
    if (!range_fully_mapped(mm, old, old + olen)) {
        ret = -EFAULT;
        goto out;
    }
    int i0 = vma_lookup(mm, old);
    int prot = mm->v[i0].prot, kind = mm->v[i0].kind;
    const FileId *file = mm->v[i0].file;
    uint64_t foff = file ? mm->v[i0].off + (old - mm->v[i0].start) : 0;
    /* Linux requires the old range to lie in a single VMA. */
    if (mm->v[i0].end < old + olen) {
        ret = -EFAULT;
        goto out;
    }
    if (!(flags & G_MREMAP_FIXED) && !(flags & G_MREMAP_DONTUNMAP)) {
        if (nlen <= olen) {
            if (nlen < olen && (ret = do_unmap_locked(p, old + nlen, old + olen)) < 0)
                goto out;
            ret = (int64_t)old;
            goto out;
        }
        /* Grow in place when the space after it is free: for private anonymous memory that
         * is just more anonymous memory next to it. */
        if (old + nlen <= GM_TASK_SIZE && old + nlen > old &&
            !range_has_any(mm, old + olen, old + nlen) && kind == VMA_ANON_PRIVATE) {
            ret = map_anon_fixed_locked(p, old + olen, nlen - olen, prot);
            if (ret == 0)
                ret = (int64_t)old;
            goto out;
        }
        if (!(flags & G_MREMAP_MAYMOVE)) {
            ret = -ENOMEM;
            goto out;
        }
    }

    uint64_t dst;
    if (flags & G_MREMAP_FIXED) {
        dst = newaddr;
        if ((ret = do_unmap_locked(p, dst, dst + nlen)) < 0)
            goto out;
    } else {
        dst = find_free_topdown(mm, nlen, mm->mmap_min, mm->mmap_base);
        if (!dst)
            dst = find_free_topdown(mm, nlen, mm->mmap_min, GM_TASK_SIZE);
        if (!dst) {
            ret = -ENOMEM;
            goto out;
        }
    }
    if (prot & G_PROT_EXEC)
        invalidate(p, old, olen);

    /* Move the host pages (keeps file and shared mappings what they are). The host may refuse
     * when our own protection changes split the region (code pages): private memory can then
     * be copied instead. */
    void *r = mremap(g2h(p->gm, old), olen, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, g2h(p->gm, dst));
    if (r != MAP_FAILED) {
        /* The old range is now a hole in the host: reserve it again at once. */
        if (flags & G_MREMAP_DONTUNMAP) {
            void *z = mmap(g2h(p->gm, old), olen, host_prot(prot),
                           MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            (void)z;
            gm_set_prot(p->gm, old, olen, prot, true);
        } else {
            void *z = mmap(g2h(p->gm, old), olen, PROT_NONE,
                           MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            (void)z;
            gm_set_prot(p->gm, old, olen, 0, false);
            vma_remove(mm, old, old + olen);
        }
        gm_set_prot(p->gm, dst, nlen, prot, true);
        vma_insert(mm, dst, dst + nlen, prot, kind, file, foff);
    } else if (kind == VMA_ANON_PRIVATE || kind == VMA_OTHER) {
        void *m = mmap(g2h(p->gm, dst), nlen, PROT_READ | PROT_WRITE,
                       MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED) {
            ret = -errno;
            goto out;
        }
        /* The source may be unreadable to the host (guest PROT_NONE): lift it for the copy. */
        mprotect(g2h(p->gm, old), olen, PROT_READ);
        memcpy(g2h(p->gm, dst), g2h(p->gm, old), olen < nlen ? olen : nlen);
        gm_set_prot(p->gm, dst, nlen, prot, true);
        vma_insert(mm, dst, dst + nlen, prot, VMA_ANON_PRIVATE, file, foff);
        if (flags & G_MREMAP_DONTUNMAP) {
            vma_remove(mm, old, old + olen);
            ret = map_anon_fixed_locked(p, old, olen, prot);
            if (ret < 0)
                goto out;
        } else if ((ret = do_unmap_locked(p, old, old + olen)) < 0) {
            goto out;
        }
    } else {
        ret = -errno;
        goto out;
    }
    ret = (int64_t)dst;
out:
    pthread_mutex_unlock(&mm->lock);
    return ret;
}

int64_t target_brk(Process *p, uint64_t brk)
{
    MMapState *mm = p->mm;
    ImageInfo *im = &p->image;
    pthread_mutex_lock(&mm->lock);
    uint64_t cur = im->brk;
    if (brk < im->start_brk || brk > GM_TASK_SIZE)
        goto out;
    uint64_t cur_page = page_up(cur), new_page = page_up(brk);
    if (new_page > cur_page) {
        /* Linux also keeps a guard page between the heap and the next mapping. */
        if (range_has_any(mm, cur_page, new_page + GM_PAGE_SIZE) ||
            map_anon_fixed_locked(p, cur_page, new_page - cur_page,
                                  G_PROT_READ | G_PROT_WRITE) < 0)
            goto out;
    } else if (new_page < cur_page) {
        if (do_unmap_locked(p, new_page, cur_page) < 0)
            goto out;
    }
    /* Memory the heap gains is zero, even the rest of a page that an earlier shrink left. */
    if (brk > cur && (cur & PAGE_MASK_LOW)) {
        uint64_t zend = brk < cur_page ? brk : cur_page;
        int f = gm_page_flags(p->gm, cur);
        if ((f & PAGE_VALID) && (f & PAGE_WRITE)) {
            if ((f & PAGE_CODE) && p->rt)
                rt_prepare_guest_write(p->rt, cur, zend - cur);
            memset(g2h(p->gm, cur), 0, zend - cur);
        }
    }
    im->brk = brk;
    cur = brk;
out:
    pthread_mutex_unlock(&mm->lock);
    return (int64_t)cur;
}

int64_t target_madvise(Process *p, uint64_t addr, uint64_t len, int advice)
{
    MMapState *mm = p->mm;
    if (addr & PAGE_MASK_LOW)
        return -EINVAL;
    switch (advice) {
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
    case MADV_DONTNEED: case 8 /* MADV_FREE */: case MADV_DONTFORK: case MADV_DOFORK:
    case 12 /* MERGEABLE */: case 13 /* UNMERGEABLE */: case 14 /* HUGEPAGE */:
    case 15 /* NOHUGEPAGE */: case 16 /* DONTDUMP */: case 17 /* DODUMP */:
    case 18 /* WIPEONFORK */: case 19 /* KEEPONFORK */: case 20 /* COLD */:
    case 21 /* PAGEOUT */: case 22 /* POPULATE_READ */: case 23 /* POPULATE_WRITE */:
        break;
    default:
        return -EINVAL;
    }
    if (len == 0)
        return 0;
    uint64_t alen = page_up(len);
    if (alen < len || addr >= GM_TASK_SIZE || alen > GM_TASK_SIZE - addr)
        return -ENOMEM;
    pthread_mutex_lock(&mm->lock);
    int64_t ret = 0;
    if (!range_fully_mapped(mm, addr, addr + alen)) {
        ret = -ENOMEM;
    } else if (advice == MADV_DONTNEED) {
        /* The host gives exactly Linux's result: private anonymous pages read back as zero,
         * private file pages as the file's contents, shared pages unchanged. */
        if (range_has_exec(mm, addr, addr + alen))
            invalidate(p, addr, alen);
        if (madvise(g2h(p->gm, addr), alen, MADV_DONTNEED) != 0)
            ret = -errno;
    }
    pthread_mutex_unlock(&mm->lock);
    return ret;
}
