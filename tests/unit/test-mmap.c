/*
 * Unit tests of the guest address space (user/mmap.c: placement, MAP_FIXED, NOREPLACE, holes,
 * mprotect, mremap, brk, madvise, file mappings and their /proc/self/maps identity) and of the
 * ELF loader (user/elfload.c: input validation, segment mapping, initial stack, symbols) on
 * synthetic ELF files.
 *
 * Runs without a runtime (Process.rt == NULL: nothing to invalidate) over a real GuestMem, and
 * checks both the return values and the page_flags view, and that the host memory behind the
 * guest addresses really is there (or not).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "process.h"
#include "unit.h"

#define PG GM_PAGE_SIZE
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static GuestMem gm;
static Process proc;
static QeltOptions opts;

/* Probe host accessibility of a guest address without dying. */
static sigjmp_buf probe_env;
static void probe_handler(int sig) { siglongjmp(probe_env, 1); }
static bool host_readable(uint64_t a)
{
    struct sigaction sa = { .sa_handler = probe_handler }, o1, o2;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &o1);
    sigaction(SIGBUS, &sa, &o2);
    bool ok = false;
    if (!sigsetjmp(probe_env, 1)) {
        volatile uint8_t v = *(volatile uint8_t *)g2h(&gm, a);
        (void)v;
        ok = true;
    }
    sigaction(SIGSEGV, &o1, NULL);
    sigaction(SIGBUS, &o2, NULL);
    return ok;
}

static bool flags_are(uint64_t a, uint64_t len, int want)
{
    for (uint64_t x = a; x < a + len; x += PG)
        if ((gm_page_flags(&gm, x) & ~PAGE_CODE) != want)
            return false;
    return true;
}

static void test_mmap_basic(void)
{
    int64_t a = target_mmap(&proc, 0, 3 * PG, RW, ANON, -1, 0);
    UNIT_CHECK("mmap anon", a > 0 && !(a & (PG - 1)) && (uint64_t)a < QELT_STACK_TOP - (8 << 20),
               "got %llx", (long long)a);
    UNIT_CHECK("mmap flags", flags_are(a, 3 * PG, PAGE_VALID | PAGE_READ | PAGE_WRITE), "flags %x",
               gm_page_flags(&gm, a));
    uint8_t *h = g2h(&gm, a);
    UNIT_CHECK("mmap zeroed", h[0] == 0 && h[3 * PG - 1] == 0, "not zero");
    h[5] = 42;
    int64_t b = target_mmap(&proc, 0, PG, RW, ANON, -1, 0);
    UNIT_CHECK("mmap top-down", b == a - (int64_t)PG, "a %llx b %llx", (long long)a, (long long)b);
    int64_t c = target_mmap(&proc, 0, 100, PROT_READ, ANON, -1, 0);
    UNIT_CHECK("mmap short len rounds", c == b - (int64_t)PG && flags_are(c, PG, PAGE_VALID | PAGE_READ),
               "c %llx", (long long)c);

    /* hints */
    uint64_t hint = 0x100000000ULL;
    int64_t d = target_mmap(&proc, hint, 2 * PG, RW, ANON, -1, 0);
    UNIT_CHECK("mmap free hint used", d == (int64_t)hint, "got %llx", (long long)d);
    int64_t e = target_mmap(&proc, hint + PG, PG, RW, ANON, -1, 0);
    UNIT_CHECK("mmap busy hint ignored", e > 0 && e != (int64_t)(hint + PG) &&
               flags_are(hint, 2 * PG, PAGE_VALID | PAGE_READ | PAGE_WRITE), "got %llx", (long long)e);
    int64_t f = target_mmap(&proc, hint + 2 * PG + 5, PG, RW, ANON, -1, 0);
    UNIT_CHECK("mmap unaligned hint rounds up", f == (int64_t)(hint + 3 * PG), "got %llx", (long long)f);

    /* errors */
    UNIT_CHECK("mmap len 0", target_mmap(&proc, 0, 0, RW, ANON, -1, 0) == -EINVAL, "failed");
    UNIT_CHECK("mmap fixed unaligned", target_mmap(&proc, hint + 1, PG, RW, ANON | MAP_FIXED, -1, 0) == -EINVAL, "failed");
    UNIT_CHECK("mmap bad type", target_mmap(&proc, 0, PG, RW, MAP_ANONYMOUS, -1, 0) == -EINVAL, "failed");
    UNIT_CHECK("mmap bad prot", target_mmap(&proc, 0, PG, 0x40, ANON, -1, 0) == -EINVAL, "failed");
    UNIT_CHECK("mmap unaligned offset", target_mmap(&proc, 0, PG, RW, MAP_PRIVATE, 0, 123) == -EINVAL, "failed");
    UNIT_CHECK("mmap fixed below min", target_mmap(&proc, 0x1000, PG, RW, ANON | MAP_FIXED, -1, 0) == -EPERM, "failed");
    UNIT_CHECK("mmap fixed past top", target_mmap(&proc, GM_TASK_SIZE - PG, 2 * PG, RW, ANON | MAP_FIXED, -1, 0) == -ENOMEM, "failed");
    UNIT_CHECK("mmap too big", target_mmap(&proc, 0, GM_TASK_SIZE, RW, ANON, -1, 0) == -ENOMEM, "failed");
    UNIT_CHECK("mmap shared_validate unknown flag",
               target_mmap(&proc, 0, PG, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x40, -1, 0) == -EOPNOTSUPP, "failed");
    UNIT_CHECK("mmap bad fd", target_mmap(&proc, 0, PG, RW, MAP_PRIVATE, 999, 0) == -EBADF, "failed");
    /* MAP_32BIT (0x40) means nothing on riscv64: must not reach the host */
    int64_t g = target_mmap(&proc, 0, PG, RW, ANON | 0x40, -1, 0);
    UNIT_CHECK("mmap ignores x86 MAP_32BIT bit", g > 0xffffffffLL, "got %llx", (long long)g);

    /* MAP_FIXED replaces, NOREPLACE refuses */
    h[5] = 42;
    int64_t r = target_mmap(&proc, a, PG, PROT_READ, ANON | MAP_FIXED, -1, 0);
    UNIT_CHECK("mmap fixed replaces", r == a && h[5] == 0 && flags_are(a, PG, PAGE_VALID | PAGE_READ) &&
               flags_are(a + PG, 2 * PG, PAGE_VALID | PAGE_READ | PAGE_WRITE), "r %llx", (long long)r);
    UNIT_CHECK("mmap noreplace busy", target_mmap(&proc, a + PG, 4 * PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0) == -EEXIST, "failed");
    uint64_t fr = 0x200000000ULL;
    UNIT_CHECK("mmap noreplace free", target_mmap(&proc, fr, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0) == (int64_t)fr, "failed");
    UNIT_CHECK("mmap growsdown/stack/noreserve/populate accepted",
               target_mmap(&proc, 0, 2 * PG, RW, ANON | MAP_GROWSDOWN | MAP_STACK | MAP_NORESERVE | MAP_POPULATE, -1, 0) > 0, "failed");
}

static void test_munmap_mprotect(void)
{
    uint64_t base = 0x300000000ULL;
    int64_t a = target_mmap(&proc, base, 8 * PG, RW, ANON | MAP_FIXED, -1, 0);
    UNIT_CHECK("map region", a == (int64_t)base, "failed");
    UNIT_CHECK("munmap hole", target_munmap(&proc, base + 2 * PG, 2 * PG) == 0 &&
               flags_are(base + 2 * PG, 2 * PG, 0) && flags_are(base, 2 * PG, PAGE_VALID | RW) &&
               flags_are(base + 4 * PG, 4 * PG, PAGE_VALID | RW), "failed");
    UNIT_CHECK("hole not host-accessible", !host_readable(base + 2 * PG) && host_readable(base + 4 * PG), "failed");
    UNIT_CHECK("munmap unaligned", target_munmap(&proc, base + 1, PG) == -EINVAL, "failed");
    UNIT_CHECK("munmap len 0", target_munmap(&proc, base, 0) == -EINVAL, "failed");
    UNIT_CHECK("munmap unmapped ok", target_munmap(&proc, 0x310000000ULL, 16 * PG) == 0, "failed");
    UNIT_CHECK("hint fills hole", target_mmap(&proc, base + 2 * PG, PG, PROT_READ, ANON, -1, 0) == (int64_t)(base + 2 * PG), "failed");

    UNIT_CHECK("mprotect", target_mprotect(&proc, base + 4 * PG, 2 * PG, PROT_READ | PROT_EXEC) == 0 &&
               flags_are(base + 4 * PG, 2 * PG, PAGE_VALID | PAGE_READ | PAGE_EXEC) &&
               flags_are(base + 6 * PG, 2 * PG, PAGE_VALID | RW), "failed");
    UNIT_CHECK("mprotect over hole -ENOMEM", target_mprotect(&proc, base, 8 * PG, PROT_READ) == -ENOMEM, "failed");
    UNIT_CHECK("mprotect unaligned", target_mprotect(&proc, base + 8, PG, PROT_READ) == -EINVAL, "failed");
    UNIT_CHECK("mprotect len 0", target_mprotect(&proc, base, 0, PROT_READ) == 0, "failed");
    UNIT_CHECK("mprotect none", target_mprotect(&proc, base + 7 * PG, PG, PROT_NONE) == 0 &&
               flags_are(base + 7 * PG, PG, PAGE_VALID) && !host_readable(base + 7 * PG), "failed");
    UNIT_CHECK("munmap across pieces", target_munmap(&proc, base, 8 * PG) == 0 && flags_are(base, 8 * PG, 0), "failed");
}

static void test_mremap(void)
{
    uint64_t base = 0x400000000ULL;
    target_mmap(&proc, base, 4 * PG, RW, ANON | MAP_FIXED, -1, 0);
    uint8_t *h = g2h(&gm, base);
    memset(h, 7, 4 * PG);
    UNIT_CHECK("mremap shrink", target_mremap(&proc, base, 4 * PG, 2 * PG, 0, 0) == (int64_t)base &&
               flags_are(base + 2 * PG, 2 * PG, 0) && h[PG] == 7, "failed");
    UNIT_CHECK("mremap grow in place", target_mremap(&proc, base, 2 * PG, 6 * PG, 0, 0) == (int64_t)base &&
               flags_are(base, 6 * PG, PAGE_VALID | RW) && h[PG] == 7 && h[5 * PG] == 0, "failed");
    target_mmap(&proc, base + 6 * PG, PG, PROT_READ, ANON | MAP_FIXED, -1, 0);
    UNIT_CHECK("mremap no room no move", target_mremap(&proc, base, 6 * PG, 8 * PG, 0, 0) == -ENOMEM, "failed");
    int64_t m = target_mremap(&proc, base, 6 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
    UNIT_CHECK("mremap maymove", m > 0 && m != (int64_t)base && ((uint8_t *)g2h(&gm, m))[PG] == 7 &&
               flags_are(m, 8 * PG, PAGE_VALID | RW) && flags_are(base, 6 * PG, 0) &&
               !host_readable(base), "m %llx", (long long)m);
    uint64_t dst = 0x410000000ULL;
    int64_t f = target_mremap(&proc, m, 8 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
    UNIT_CHECK("mremap fixed", f == (int64_t)dst && ((uint8_t *)g2h(&gm, dst))[PG] == 7 &&
               flags_are(m, 8 * PG, 0), "f %llx", (long long)f);
    UNIT_CHECK("mremap unmapped -EFAULT", target_mremap(&proc, base, PG, 2 * PG, MREMAP_MAYMOVE, 0) == -EFAULT, "failed");
    UNIT_CHECK("mremap fixed without maymove", target_mremap(&proc, dst, PG, PG, MREMAP_FIXED, base) == -EINVAL, "failed");
    UNIT_CHECK("mremap bad flags", target_mremap(&proc, dst, PG, PG, 0x100, 0) == -EINVAL, "failed");
    int64_t du = target_mremap(&proc, dst, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
    UNIT_CHECK("mremap dontunmap", du > 0 && ((uint8_t *)g2h(&gm, du))[PG] == 7 &&
               flags_are(dst, 2 * PG, PAGE_VALID | RW) && ((uint8_t *)g2h(&gm, dst))[PG] == 0, "failed");
}

static void test_brk_madvise(void)
{
    uint64_t start = 0x500000000ULL;   /* the loader page-aligns start_brk */
    proc.image.start_brk = proc.image.brk = start;
    UNIT_CHECK("brk query", target_brk(&proc, 0) == (int64_t)start, "failed");
    UNIT_CHECK("brk below start", target_brk(&proc, start - 1) == (int64_t)start, "failed");
    UNIT_CHECK("brk grow", target_brk(&proc, start + 3 * PG) == (int64_t)(start + 3 * PG) &&
               flags_are(start, 3 * PG, PAGE_VALID | RW), "failed");
    uint8_t *h = g2h(&gm, start);
    h[0] = 1;
    h[100] = 5;
    h[3 * PG - 1] = 2;
    UNIT_CHECK("brk shrink", target_brk(&proc, start + 100) == (int64_t)(start + 100) &&
               flags_are(start + PG, 2 * PG, 0) && h[0] == 1 && h[100] == 5, "failed");
    UNIT_CHECK("brk regrow zeroes", target_brk(&proc, start + 2 * PG) == (int64_t)(start + 2 * PG) &&
               h[0] == 1 && h[100] == 0, "failed");
    target_mmap(&proc, 0x500010000ULL, PG, RW, ANON | MAP_FIXED, -1, 0);
    UNIT_CHECK("brk blocked by mapping", target_brk(&proc, 0x500010000ULL) == (int64_t)(start + 2 * PG), "failed");

    int64_t a = target_mmap(&proc, 0, 2 * PG, RW, ANON, -1, 0);
    memset(g2h(&gm, a), 9, 2 * PG);
    UNIT_CHECK("madvise dontneed zeroes", target_madvise(&proc, a, 2 * PG, MADV_DONTNEED) == 0 &&
               ((uint8_t *)g2h(&gm, a))[PG] == 0, "failed");
    UNIT_CHECK("madvise hint", target_madvise(&proc, a, PG, MADV_WILLNEED) == 0, "failed");
    UNIT_CHECK("madvise bad advice", target_madvise(&proc, a, PG, 9999) == -EINVAL, "failed");
    UNIT_CHECK("madvise unmapped", target_madvise(&proc, 0x600000000ULL, PG, MADV_DONTNEED) == -ENOMEM, "failed");
}

/* The mapping mmap_walk reports around addr. */
typedef struct Find { uint64_t addr; GuestMapping *out; bool found; } Find;
static void find_cb(void *opaque, const GuestMapping *m)
{
    Find *f = opaque;
    if (m->start <= f->addr && f->addr < m->end) {
        *f->out = *m;
        f->found = true;
    }
}
static bool mapping_at(uint64_t addr, GuestMapping *out)
{
    Find f = { addr, out, false };
    mmap_walk(&proc, find_cb, &f);
    return f.found;
}

static void test_file_maps(void)
{
    char path[] = "/tmp/qelt-test-mmap-XXXXXX";
    int fd = mkstemp(path);
    char buf[2 * PG];
    memset(buf, 'x', sizeof buf);
    memcpy(buf + PG, "second", 6);
    if (fd < 0 || write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
        UNIT_FAIL("file maps", "temp file");
        return;
    }
    int64_t a = target_mmap(&proc, 0, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    UNIT_CHECK("file map private offset", a > 0 && !memcmp(g2h(&gm, a), "second", 6), "failed");
    int64_t s = target_mmap(&proc, 0, 2 * PG, RW, MAP_SHARED, fd, 0);
    if (s > 0)
        memcpy(g2h(&gm, s), "shared", 6);
    char back[6] = { 0 };
    UNIT_CHECK("file map shared writes file", s > 0 && pread(fd, back, 6, 0) == 6 && !memcmp(back, "shared", 6), "failed");
    int rofd = open(path, O_RDONLY);
    int64_t ro = target_mmap(&proc, 0, PG, PROT_READ, MAP_SHARED, rofd, 0);
    UNIT_CHECK("shared ro fd: mprotect write -EACCES", ro > 0 && target_mprotect(&proc, ro, PG, RW) == -EACCES &&
               flags_are(ro, PG, PAGE_VALID | PAGE_READ), "failed");
    close(rofd);

    /* /proc/self/maps identity: name, inode and offset survive splits, merges and moves. */
    struct stat st;
    fstat(fd, &st);
    int64_t f = target_mmap(&proc, 0, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    GuestMapping m1, m2;
    bool split = f > 0 && target_mprotect(&proc, f + PG, PG, RW) == 0 && mapping_at(f, &m1) &&
                 mapping_at(f + PG, &m2);
    UNIT_CHECK("maps identity after split", split && m1.name && m2.name == m1.name &&
               !strcmp(m1.name, path) && m1.ino == st.st_ino && m1.offset == 0 &&
               m2.offset == PG && m2.start == (uint64_t)f + PG, "failed");
    bool merged = split && target_mprotect(&proc, f + PG, PG, PROT_READ) == 0 &&
                  mapping_at(f + PG, &m2) && m2.start == (uint64_t)f && m2.end == (uint64_t)f + 2 * PG;
    UNIT_CHECK("maps identity merges back", merged, "failed");
    int64_t moved = merged ? target_mremap(&proc, f + PG, PG, PG, 1 /* MAYMOVE */ | 2 /* FIXED */,
                                           f + 8 * PG) : -1;
    UNIT_CHECK("maps identity moves with mremap", moved == f + 8 * (int64_t)PG && mapping_at(moved, &m2) &&
               m2.name == m1.name && m2.offset == PG, "failed");
    int64_t an = target_mmap(&proc, 0, 3 * PG, RW, ANON, -1, 0);
    mmap_set_file(&proc, an + PG, an + 3 * PG, "/x/prog", 0x5000, 7, 9);
    UNIT_CHECK("maps set_file labels part of a mapping", mapping_at(an, &m1) && !m1.name &&
               mapping_at(an + 2 * PG, &m2) && m2.name && !strcmp(m2.name, "/x/prog") &&
               m2.start == (uint64_t)an + PG && m2.offset == 0x5000 && m2.dev == 7 && m2.ino == 9,
               "failed");
    close(fd);
    unlink(path);
}

/* ---- ELF loader ---------------------------------------------------------------------------- */

static char elf_path[64];

static void write_file(const void *data, size_t len, int mode)
{
    unlink(elf_path);
    int fd = open(elf_path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len)
        abort();
    close(fd);
}

/* A minimal static RISC-V executable: header, two program headers, code, a symtab. */
struct MiniElf {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[3];
    uint32_t code[4];
    Elf64_Sym syms[3];
    char strtab[16];
    Elf64_Shdr sh[3];
};

static void mini_elf(struct MiniElf *m, int type, uint64_t vaddr)
{
    memset(m, 0, sizeof *m);
    memcpy(m->eh.e_ident, ELFMAG, SELFMAG);
    m->eh.e_ident[EI_CLASS] = ELFCLASS64;
    m->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    m->eh.e_ident[EI_VERSION] = EV_CURRENT;
    m->eh.e_type = type;
    m->eh.e_machine = EM_RISCV;
    m->eh.e_version = EV_CURRENT;
    m->eh.e_entry = vaddr + offsetof(struct MiniElf, code);
    m->eh.e_phoff = offsetof(struct MiniElf, ph);
    m->eh.e_shoff = offsetof(struct MiniElf, sh);
    m->eh.e_ehsize = sizeof(Elf64_Ehdr);
    m->eh.e_phentsize = sizeof(Elf64_Phdr);
    m->eh.e_phnum = 3;
    m->eh.e_shentsize = sizeof(Elf64_Shdr);
    m->eh.e_shnum = 3;
    m->ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0, .p_vaddr = vaddr,
                             .p_paddr = vaddr, .p_filesz = sizeof *m, .p_memsz = sizeof *m, .p_align = PG };
    /* data + bss in the next page range, congruent with file offset 0 */
    m->ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0,
                             .p_vaddr = vaddr + 0x10000, .p_filesz = 64, .p_memsz = 3 * PG, .p_align = PG };
    m->ph[2] = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
    m->code[0] = 0x00000513;   /* li a0,0 */
    m->code[1] = 0x05d00893;   /* li a7,93 */
    m->code[2] = 0x00000073;   /* ecall */
    memcpy(m->strtab, "\0main\0data", 11);
    m->syms[1] = (Elf64_Sym){ .st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 1,
                              .st_value = m->eh.e_entry, .st_size = 12 };
    m->syms[2] = (Elf64_Sym){ .st_name = 6, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT), .st_shndx = 1,
                              .st_value = vaddr + 0x10000, .st_size = 64 };
    m->sh[1] = (Elf64_Shdr){ .sh_type = SHT_SYMTAB, .sh_offset = offsetof(struct MiniElf, syms),
                             .sh_size = sizeof m->syms, .sh_link = 2, .sh_entsize = sizeof(Elf64_Sym) };
    m->sh[2] = (Elf64_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = offsetof(struct MiniElf, strtab),
                             .sh_size = sizeof m->strtab };
}

/* A fresh process for each load: the previous one's mappings all go back to the reservation
 * (which also exercises a munmap of the whole task space). */
static void fresh_process(void)
{
    static bool have;
    if (have) {
        target_munmap(&proc, 0x10000, GM_TASK_SIZE - 0x10000);
        image_free(&proc.image);
        mmap_free(&proc);
    } else if (gm_init(&gm) < 0) {
        abort();
    }
    have = true;
    memset(&proc, 0, sizeof proc);
    memset(&opts, 0, sizeof opts);
    opts.stack_size = QELT_DEFAULT_STACK_SIZE;
    proc.opts = &opts;
    proc.gm = &gm;
    mmap_init(&proc);
}

static int try_load(VCPU *cpu, char *err, size_t errlen)
{
    char *argv[] = { "prog", "arg1", NULL };
    char *envp[] = { "A=1", "B=two", NULL };
    fresh_process();
    err[0] = 0;
    return load_elf(&proc, elf_path, argv, envp, cpu, err, errlen);
}

static void expect_load_error(const char *name, const char *msg)
{
    static VCPU cpu;
    char err[512];
    int r = try_load(&cpu, err, sizeof err);
    UNIT_CHECK(name, r < 0 && strstr(err, msg) && !strncmp(err, elf_path, strlen(elf_path)),
               "r=%d err='%s'", r, err);
}

static uint64_t get64(uint64_t a) { uint64_t v; memcpy(&v, g2h(&gm, a), 8); return v; }

static void test_elf(void)
{
    snprintf(elf_path, sizeof elf_path, "/tmp/qelt-test-elf-%d", (int)getpid());
    struct MiniElf m;
    static VCPU cpu;
    char err[512];

    write_file("#!/bin/sh\n", 10, 0755);
    expect_load_error("elf not ELF", "not an ELF file");
    write_file("\177EL", 3, 0755);
    expect_load_error("elf tiny", "not an ELF file");
    mini_elf(&m, ET_EXEC, 0x10000);
    write_file(&m, 40, 0755);
    expect_load_error("elf truncated header", "truncated ELF");
    m.eh.e_ident[EI_CLASS] = ELFCLASS32;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf 32-bit", "32-bit ELF not supported");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.eh.e_machine = EM_X86_64;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf x86-64", "ELF for x86-64, not RISC-V");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.eh.e_ident[EI_DATA] = ELFDATA2MSB;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf big-endian", "big-endian");
    mini_elf(&m, ET_REL, 0x10000);
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf relocatable", "not an executable");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.eh.e_phentsize = 40;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf phentsize", "bad program header table");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.eh.e_phoff = 1 << 20;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf phoff past end", "truncated ELF");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[0].p_filesz = 1 << 20;
    m.ph[0].p_memsz = 1 << 20;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf segment past end", "truncated ELF");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[1].p_filesz = 4 * PG;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf filesz > memsz", "file size exceeds memory size");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[0].p_offset = 8;
    m.ph[0].p_filesz = m.ph[0].p_memsz = 64;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf not congruent", "not congruent");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[0].p_align = 3 * PG;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf bad align", "not a power of 2");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[1].p_vaddr = 0xffffffffffff0000ULL;
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf vaddr overflow", "does not fit");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[2] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_offset = offsetof(struct MiniElf, strtab) + 1, .p_filesz = 5 };
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf interpreter missing", "ELF interpreter main not found");
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[2] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_offset = offsetof(struct MiniElf, strtab) + 1, .p_filesz = 4 };
    write_file(&m, sizeof m, 0755);
    expect_load_error("elf interpreter unterminated", "bad PT_INTERP segment");
    mini_elf(&m, ET_EXEC, 0x10000);
    write_file(&m, sizeof m, 0644);
    expect_load_error("elf not executable", "Permission denied");
    unlink(elf_path);
    expect_load_error("elf missing", "No such file or directory");
    char dir[] = "/tmp";
    strcpy(elf_path, dir);
    expect_load_error("elf directory", "Is a directory");
    snprintf(elf_path, sizeof elf_path, "/tmp/qelt-test-elf-%d", (int)getpid());

    /* A good ET_EXEC */
    mini_elf(&m, ET_EXEC, 0x10000);
    write_file(&m, sizeof m, 0755);
    int r = try_load(&cpu, err, sizeof err);
    UNIT_CHECK("elf exec loads", r == 0, "%s", err);
    if (r == 0) {
        ImageInfo *im = &proc.image;
        UNIT_CHECK("elf entry/pc", cpu.g.pc == m.eh.e_entry && im->entry == m.eh.e_entry && im->load_bias == 0, "failed");
        UNIT_CHECK("elf code bytes", get64(m.eh.e_entry) == ((uint64_t)m.code[1] << 32 | m.code[0]), "failed");
        UNIT_CHECK("elf code prot", flags_are(0x10000, PG, PAGE_VALID | PAGE_READ | PAGE_EXEC), "%x", gm_page_flags(&gm, 0x10000));
        UNIT_CHECK("elf data+bss prot", flags_are(0x20000, 3 * PG, PAGE_VALID | RW), "failed");
        UNIT_CHECK("elf bss zero", get64(0x20000 + 64) == 0 && get64(0x20000 + 2 * PG) == 0, "failed");
        UNIT_CHECK("elf brk", im->start_brk == 0x23000 && im->brk == 0x23000, "brk %llx", (long long)im->brk);
        UNIT_CHECK("elf phdr", im->phdr == 0x10000 + sizeof(Elf64_Ehdr) && im->phnum == 3, "failed");
        uint64_t sp = cpu.g.x[2];
        UNIT_CHECK("stack aligned", sp && !(sp & 15) && sp < QELT_STACK_TOP && sp > QELT_STACK_TOP - (8 << 20), "failed");
        UNIT_CHECK("argc", get64(sp) == 2, "argc %llu", (unsigned long long)get64(sp));
        UNIT_CHECK("argv", !strcmp(g2h(&gm, get64(sp + 8)), "prog") && !strcmp(g2h(&gm, get64(sp + 16)), "arg1") &&
                   get64(sp + 24) == 0, "failed");
        UNIT_CHECK("envp", !strcmp(g2h(&gm, get64(sp + 32)), "A=1") && !strcmp(g2h(&gm, get64(sp + 40)), "B=two") &&
                   get64(sp + 48) == 0, "failed");
        uint64_t aux = sp + 56, at[64] = { 0 };
        int n = 0;
        for (; n < 40 && get64(aux) != AT_NULL; n++, aux += 16)
            if (get64(aux) < 64)
                at[get64(aux)] = get64(aux + 8);
        UNIT_CHECK("auxv", at[AT_PHDR] == im->phdr && at[AT_PHENT] == 56 && at[AT_PHNUM] == 3 &&
                   at[AT_PAGESZ] == 4096 && at[AT_ENTRY] == m.eh.e_entry && at[AT_CLKTCK] == 100 &&
                   at[AT_HWCAP] == 0x112d && at[AT_RANDOM] > sp && at[AT_EXECFN] > sp, "n=%d", n);
        UNIT_CHECK("execfn string", !strcmp(g2h(&gm, at[AT_EXECFN]), elf_path) &&
                   at[AT_EXECFN] + strlen(elf_path) + 1 == QELT_STACK_TOP - 8, "failed");
        UNIT_CHECK("strings order", get64(sp + 16) == get64(sp + 8) + 5 && get64(sp + 32) == get64(sp + 16) + 5, "failed");
        UNIT_CHECK("sigreturn tramp", im->sigreturn_tramp &&
                   flags_are(im->sigreturn_tramp, PG, PAGE_VALID | PAGE_READ | PAGE_EXEC) &&
                   get64(im->sigreturn_tramp) == 0x0000007308b00893ULL, "failed");
        const char *s1 = image_symbol(im, m.eh.e_entry + 4), *s2 = image_symbol(im, 0x20000 + 63);
        UNIT_CHECK("symbols", s1 && !strcmp(s1, "main") && s2 && !strcmp(s2, "data") &&
                   !image_symbol(im, m.eh.e_entry + 12) && !image_symbol(im, 0x5000), "failed");
        UNIT_CHECK("exe_path", im->exe_path && !strcmp(im->exe_path, elf_path), "failed");
    }

    /* static-pie */
    mini_elf(&m, ET_DYN, 0);
    write_file(&m, sizeof m, 0755);
    r = try_load(&cpu, err, sizeof err);
    UNIT_CHECK("elf static-pie loads", r == 0 && proc.image.load_bias == 0x2aaaaaa000ULL &&
               cpu.g.pc == 0x2aaaaaa000ULL + m.eh.e_entry &&
               flags_are(0x2aaaaaa000ULL + 0x10000, PG, PAGE_VALID | RW), "%s bias %llx", err,
               (unsigned long long)proc.image.load_bias);
    if (r == 0) {
        const char *s = image_symbol(&proc.image, 0x2aaaaaa000ULL + m.eh.e_entry);
        UNIT_CHECK("static-pie symbols biased", s && !strcmp(s, "main"), "failed");
    }
    /* executable stack */
    mini_elf(&m, ET_EXEC, 0x10000);
    m.ph[2].p_flags |= PF_X;
    write_file(&m, sizeof m, 0755);
    r = try_load(&cpu, err, sizeof err);
    UNIT_CHECK("elf exec stack", r == 0 && (gm_page_flags(&gm, cpu.g.x[2]) & PAGE_EXEC), "%s", err);
    unlink(elf_path);
}

int main(void)
{
    fresh_process();
    test_mmap_basic();
    test_munmap_mprotect();
    test_mremap();
    test_brk_madvise();
    test_file_maps();
    test_elf();
    fresh_process();
    UNIT_CHECK("whole-space munmap leaves nothing", flags_are(QELT_STACK_TOP - PG, PG, 0) &&
               flags_are(0x10000, 16 * PG, 0), "failed");
    mmap_free(&proc);
    return unit_status();
}
