/*
 * ELF loader for RISC-V ELF64 little-endian executables (ET_EXEC, static-pie and PIE ET_DYN;
 * a dynamically linked program's PT_INTERP interpreter is loaded too, from under -L's sysroot
 * when it exists there, and started with AT_BASE pointing at it, as Linux's binfmt_elf does),
 * and the initial stack, laid out as Linux's execve + create_elf_tables leave it.
 *
 * Invariants:
 * - Nothing in the file is trusted: every offset, size and count is checked (with overflow in
 *   mind) before use; a bad file is one "PATH: reason" message, never a crash or a partial
 *   process that starts running.
 * - Segments are mapped as anonymous private memory through target_mmap (MAP_FIXED_NOREPLACE,
 *   so they cannot silently overwrite each other's neighbours or the stack), filled with pread,
 *   then given their final protection. Copying instead of mapping the file keeps pages shared by
 *   two segments intact and costs little for static programs. Memory past p_filesz is zero
 *   because fresh anonymous memory is.
 * - A page covered by two segments gets the union of their permissions.
 * - The interpreter goes wherever guest mmap places a block of its size (top-down below the
 *   stack, as Linux's mmap base), then its segments at fixed places inside that block.
 * - static-pie programs load at 2/3 of the task space (0x2aaaaaa000, aligned up to the largest
 *   p_align), as Linux's ELF_ET_DYN_BASE puts them on Sv39 riscv64 (TASK_SIZE 2^38, which is
 *   GM_TASK_SIZE): far from NULL, with the heap growing above it and mmap coming top-down from
 *   below the stack. No randomisation, so runs are reproducible.
 * - Initial stack, from the top down: 8 zero bytes, the AT_EXECFN string, the environment strings,
 *   the argument strings (argv[0] lowest), 16-byte alignment, 16 AT_RANDOM bytes, then argc,
 *   argv[], NULL, envp[], NULL, auxv pairs, with sp 16-byte aligned. riscv64 Linux sets no
 *   AT_PLATFORM (ELF_PLATFORM is NULL) and qemu-riscv64 7.2 gives neither AT_MINSIGSTKSZ nor a
 *   vDSO (AT_SYSINFO_EHDR), so neither do we, but for AT_MINSIGSTKSZ with a vector unit (the
 *   largest frame, with the vector context, as Linux 6.12 gives it). ImageInfo keeps what
 *   /proc/self reads: the bounds of the argument and environment strings and a copy of the
 *   auxiliary vector; the file-backed pages of each segment are labelled with the file for
 *   /proc/self/maps.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "process.h"
#include "signal.h"

#define G_PROT_NONE  0
#define G_PROT_READ  1
#define G_PROT_WRITE 2
#define G_PROT_EXEC  4
#define G_MAP_PRIVATE   0x02
#define G_MAP_ANONYMOUS 0x20
#define G_MAP_NORESERVE 0x4000
#define G_MAP_GROWSDOWN 0x0100
#define G_MAP_FIXED_NOREPLACE 0x100000

#define ET_DYN_BASE  0x2aaaaaa000ULL
#define MAX_SEGMENTS 64
#define PAGE_LOW     (GM_PAGE_SIZE - 1)

typedef struct ImageSymbol {
    uint64_t addr, size;
    const char *name;
    int rank;          /* sort tie-break: global symbols after local ones at the same address */
} ImageSymbol;

typedef struct ImageSymtab {
    size_t n;
    ImageSymbol *syms;
    char *strings;
} ImageSymtab;

static uint64_t page_down(uint64_t x) { return x & ~PAGE_LOW; }
static uint64_t page_up(uint64_t x) { return (x + PAGE_LOW) & ~PAGE_LOW; }

static int fail(char *errmsg, size_t errlen, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(char *errmsg, size_t errlen, const char *path, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(errmsg, errlen, "%s: ", path);
    if (n < 0 || (size_t)n >= errlen)
        return -1;
    va_start(ap, fmt);
    vsnprintf(errmsg + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *machine_name(int m)
{
    switch (m) {
    case EM_X86_64:  return "x86-64";
    case EM_386:     return "i386";
    case EM_AARCH64: return "AArch64";
    case EM_ARM:     return "ARM";
    case EM_PPC:     return "PowerPC";
    case EM_PPC64:   return "PowerPC64";
    case EM_MIPS:    return "MIPS";
    case EM_S390:    return "s390";
    case EM_SPARCV9: return "SPARC64";
    case 258:        return "LoongArch";
    default:         return NULL;
    }
}

/* pread all of it, or fail. */
static bool read_full(int fd, void *buf, size_t len, uint64_t off)
{
    uint8_t *b = buf;
    while (len) {
        ssize_t n = pread(fd, b, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        b += n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return true;
}

/* ---- symbols ------------------------------------------------------------------------------ */

static int sym_cmp(const void *a, const void *b)
{
    const ImageSymbol *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return x->rank - y->rank;
}

/* Best effort: a missing or malformed symbol table only means no names. */
static ImageSymtab *load_symbols(int fd, const Elf64_Ehdr *eh, uint64_t fsize, uint64_t bias)
{
    if (!eh->e_shoff || !eh->e_shnum || eh->e_shentsize != sizeof(Elf64_Shdr))
        return NULL;
    uint64_t shbytes = (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr);
    if (eh->e_shoff > fsize || shbytes > fsize - eh->e_shoff)
        return NULL;
    Elf64_Shdr *sh = malloc(shbytes);
    ImageSymtab *st = NULL;
    Elf64_Sym *syms = NULL;
    char *strs = NULL;
    if (!sh || !read_full(fd, sh, shbytes, eh->e_shoff))
        goto out;
    int si = -1;
    for (int i = 0; i < eh->e_shnum; i++)
        if (sh[i].sh_type == SHT_SYMTAB) {
            si = i;
            break;
        }
    if (si < 0)
        goto out;
    const Elf64_Shdr *ss = &sh[si];
    if (ss->sh_link >= eh->e_shnum || ss->sh_entsize != sizeof(Elf64_Sym))
        goto out;
    const Elf64_Shdr *sstr = &sh[ss->sh_link];
    if (sstr->sh_type != SHT_STRTAB || ss->sh_offset > fsize || ss->sh_size > fsize - ss->sh_offset ||
        sstr->sh_offset > fsize || sstr->sh_size > fsize - sstr->sh_offset || !sstr->sh_size)
        goto out;
    size_t nsyms = ss->sh_size / sizeof(Elf64_Sym);
    syms = malloc(ss->sh_size ? ss->sh_size : 1);
    strs = malloc(sstr->sh_size + 1);
    if (!syms || !strs || !read_full(fd, syms, ss->sh_size, ss->sh_offset) ||
        !read_full(fd, strs, sstr->sh_size, sstr->sh_offset))
        goto out;
    strs[sstr->sh_size] = 0;
    st = calloc(1, sizeof *st);
    if (!st || !(st->syms = malloc((nsyms ? nsyms : 1) * sizeof *st->syms))) {
        free(st);
        st = NULL;
        goto out;
    }
    for (size_t i = 0; i < nsyms; i++) {
        const Elf64_Sym *s = &syms[i];
        int type = ELF64_ST_TYPE(s->st_info), bind = ELF64_ST_BIND(s->st_info);
        if ((type != STT_FUNC && type != STT_OBJECT) || s->st_shndx == SHN_UNDEF ||
            s->st_shndx == SHN_ABS || !s->st_value || s->st_name >= sstr->sh_size)
            continue;
        const char *name = strs + s->st_name;
        if (!*name || name[0] == '$')
            continue;
        st->syms[st->n++] = (ImageSymbol){
            s->st_value + bias, s->st_size, name,
            (type == STT_FUNC ? 4 : 0) + (bind == STB_GLOBAL ? 2 : bind == STB_WEAK ? 1 : 0) };
    }
    if (!st->n) {
        free(st->syms);
        free(st);
        st = NULL;
        goto out;
    }
    qsort(st->syms, st->n, sizeof *st->syms, sym_cmp);
    st->strings = strs;
    strs = NULL;
out:
    free(sh);
    free(syms);
    free(strs);
    return st;
}

static const ImageSymbol *find_symbol(const ImageInfo *img, uint64_t addr)
{
    const ImageSymtab *st = img ? img->symtab : NULL;
    if (!st)
        return NULL;
    /* Last symbol starting at or before addr; nested or zero-sized neighbours may hide the
     * covering one, so look back a little. */
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->syms[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = 0; k < 32 && lo > 0; k++, lo--) {
        const ImageSymbol *s = &st->syms[lo - 1];
        if (addr < s->addr + s->size || (s->size == 0 && addr == s->addr))
            return s;
    }
    return NULL;
}

const char *image_symbol(const ImageInfo *img, uint64_t addr)
{
    const ImageSymbol *s = find_symbol(img, addr);
    return s ? s->name : NULL;
}

const char *image_symbol_offset(const ImageInfo *img, uint64_t addr, uint64_t *offset)
{
    const ImageSymbol *s = find_symbol(img, addr);
    *offset = s ? addr - s->addr : 0;
    return s ? s->name : NULL;
}

void image_free(ImageInfo *img)
{
    ImageSymtab *st = img->symtab;
    if (st) {
        free(st->syms);
        free(st->strings);
        free(st);
    }
    free(img->exe_path);
    img->symtab = NULL;
    img->exe_path = NULL;
}

/* ---- initial stack ------------------------------------------------------------------------ */

static void random_bytes(const QeltOptions *o, uint8_t out[16])
{
    if (o && o->have_seed) {
        /* splitmix64: reproducible bytes for -seed */
        uint64_t x = o->rand_seed;
        for (int i = 0; i < 2; i++) {
            uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            z ^= z >> 31;
            memcpy(out + 8 * i, &z, 8);
        }
        return;
    }
    if (getrandom(out, 16, 0) == 16)
        return;
    uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    memcpy(out, &t, 8);
    memcpy(out + 8, &t, 8);
}

/* Copy a string just below *sp; returns its guest address. */
static uint64_t push_string(GuestMem *gm, uint64_t *sp, const char *s)
{
    size_t len = strlen(s) + 1;
    *sp -= len;
    memcpy(g2h(gm, *sp), s, len);
    return *sp;
}

static void put64(GuestMem *gm, uint64_t addr, uint64_t v) { memcpy(g2h(gm, addr), &v, 8); }

static int build_stack(Process *p, const char *path, const char *execfn, char **argv, char **envp,
                       VCPU *cpu, char *errmsg, size_t errlen)
{
    GuestMem *gm = p->gm;
    ImageInfo *im = &p->image;
    uint64_t size = p->opts && p->opts->stack_size ? p->opts->stack_size : QELT_DEFAULT_STACK_SIZE;
    size = page_up(size);
    uint64_t top = QELT_STACK_TOP, bottom = top - size;
    int prot = G_PROT_READ | G_PROT_WRITE | (im->exec_stack ? G_PROT_EXEC : 0);
    int64_t r = target_mmap(p, bottom, size, prot,
                            G_MAP_PRIVATE | G_MAP_ANONYMOUS | G_MAP_NORESERVE | G_MAP_GROWSDOWN |
                            G_MAP_FIXED_NOREPLACE, -1, 0);
    if (r < 0)
        return fail(errmsg, errlen, path, "cannot map the stack: %s", strerror((int)-r));

    int argc = 0, envc = 0;
    uint64_t strbytes = strlen(execfn) + 1;
    for (; argv[argc]; argc++)
        strbytes += strlen(argv[argc]) + 1;
    for (; envp && envp[envc]; envc++)
        strbytes += strlen(envp[envc]) + 1;
    /* Linux caps argument + environment strings at a quarter of the stack limit (E2BIG). */
    if (strbytes + ((uint64_t)argc + envc + 64) * 8 > size / 4)
        return fail(errmsg, errlen, path, "%s", strerror(E2BIG));

    uint64_t sp = top - 8;
    put64(gm, sp, 0);
    uint64_t execfn_addr = push_string(gm, &sp, execfn);
    uint64_t *envp_addr = calloc((size_t)envc + 1, 8), *argv_addr = calloc((size_t)argc + 1, 8);
    if (!envp_addr || !argv_addr)
        qelt_fatal("out of memory");
    for (int i = envc - 1; i >= 0; i--)
        envp_addr[i] = push_string(gm, &sp, envp[i]);
    for (int i = argc - 1; i >= 0; i--)
        argv_addr[i] = push_string(gm, &sp, argv[i]);
    sp &= ~15ULL;
    uint8_t rnd[16];
    random_bytes(p->opts, rnd);
    sp -= 16;
    memcpy(g2h(gm, sp), rnd, 16);
    uint64_t random_addr = sp;

    uint64_t auxv[][2] = {
        { AT_HWCAP, rv_isa_hwcap(proc_isa(p)) },
        { AT_PAGESZ, GM_PAGE_SIZE },
        { AT_CLKTCK, 100 },
        { AT_PHDR, im->phdr },
        { AT_PHENT, im->phent },
        { AT_PHNUM, im->phnum },
        { AT_BASE, im->interp_base },
        { AT_FLAGS, 0 },
        { AT_ENTRY, im->entry },
        { AT_UID, getuid() },
        { AT_EUID, geteuid() },
        { AT_GID, getgid() },
        { AT_EGID, getegid() },
        { AT_SECURE, 0 },
        { AT_RANDOM, random_addr },
        { AT_EXECFN, execfn_addr },
        /* Linux gives the largest signal frame; with a vector unit it outgrows MINSIGSTKSZ
         * (2048) at VLEN 512, so glibc's sysconf(_SC_MINSIGSTKSZ) needs it. Dropped without
         * one, as qemu-riscv64 7.2 gives none. */
        { 51 /* AT_MINSIGSTKSZ */, sig_frame_size_max(cpu) },
        { AT_NULL, 0 },
    };
    size_t nauxv = sizeof auxv / sizeof auxv[0];
    if (!vstate_has_vector(p)) {
        auxv[nauxv - 2][0] = AT_NULL;
        nauxv--;
    }
    _Static_assert(sizeof auxv / sizeof auxv[0] <= QELT_AUXV_MAX, "ImageInfo.auxv too small");
    memcpy(im->auxv, auxv, sizeof auxv);
    im->auxv_len = (int)nauxv;
    im->arg_start = argc ? argv_addr[0] : execfn_addr;
    im->arg_end = im->env_start = envc ? envp_addr[0] : execfn_addr;
    im->env_end = execfn_addr;
    if (!argc)
        im->arg_start = im->arg_end;
    uint64_t items = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * nauxv;
    sp = (sp - items * 8) & ~15ULL;

    uint64_t a = sp;
    put64(gm, a, (uint64_t)argc), a += 8;
    for (int i = 0; i < argc; i++)
        put64(gm, a, argv_addr[i]), a += 8;
    put64(gm, a, 0), a += 8;
    for (int i = 0; i < envc; i++)
        put64(gm, a, envp_addr[i]), a += 8;
    put64(gm, a, 0), a += 8;
    for (size_t i = 0; i < nauxv; i++) {
        put64(gm, a, auxv[i][0]), a += 8;
        put64(gm, a, auxv[i][1]), a += 8;
    }
    free(envp_addr);
    free(argv_addr);

    im->start_stack = sp;
    im->stack_top = top;
    im->stack_limit = bottom;
    im->execfn = execfn_addr;
    cpu->g.x[2] = sp;
    cpu->g.x[10] = 0;    /* rtld_fini: none */
    cpu->g.pc = im->start_pc;   /* the interpreter's entry, or the program's */
    return 0;
}

/* The vDSO stand-in: one read+exec page holding `li a7, 139 (rt_sigreturn); ecall`, where
 * signal frames point ra so that a handler's return reaches rt_sigreturn. */
static int map_sigreturn_tramp(Process *p, const char *path, char *errmsg, size_t errlen)
{
    int64_t a = target_mmap(p, 0, GM_PAGE_SIZE, G_PROT_READ | G_PROT_WRITE,
                            G_MAP_PRIVATE | G_MAP_ANONYMOUS, -1, 0);
    if (a < 0)
        return fail(errmsg, errlen, path, "cannot map the signal trampoline: %s", strerror((int)-a));
    static const uint32_t code[2] = { 0x08b00893, 0x00000073 };
    memcpy(g2h(p->gm, (uint64_t)a), code, sizeof code);
    target_mprotect(p, (uint64_t)a, GM_PAGE_SIZE, G_PROT_READ | G_PROT_EXEC);
    p->image.sigreturn_tramp = (uint64_t)a;
    return 0;
}

/* ---- the loader --------------------------------------------------------------------------- */

static int seg_prot(uint32_t flags)
{
    return (flags & PF_R ? G_PROT_READ : 0) | (flags & PF_W ? G_PROT_WRITE : 0) |
           (flags & PF_X ? G_PROT_EXEC : 0);
}

static int range_cmp(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* One ELF file's headers, checked. */
typedef struct ElfFile {
    const char *path;
    int fd;
    uint64_t fsize;
    Elf64_Ehdr eh;
    Elf64_Phdr *ph;
} ElfFile;

/* Where an ELF file's segments went. */
typedef struct Loaded {
    uint64_t bias, entry, phdr, lo, hi;
    uint64_t start_code, end_code, start_data, end_data, brk;
} Loaded;

static void elf_close(ElfFile *f)
{
    free(f->ph);
    f->ph = NULL;
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

/* Open path and check its ELF and program headers. */
static int elf_open(ElfFile *f, const char *path, char *errmsg, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0)
        return fail(errmsg, errlen, path, "%s", strerror(errno));
    struct stat st;
    if (fstat(f->fd, &st) != 0)
        return fail(errmsg, errlen, path, "%s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return fail(errmsg, errlen, path, "%s", strerror(EISDIR));
    if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111))
        return fail(errmsg, errlen, path, "%s", strerror(EACCES));
    f->fsize = (uint64_t)st.st_size;

    Elf64_Ehdr *eh = &f->eh;
    ssize_t n = pread(f->fd, eh, sizeof *eh, 0);
    if (n < 0)
        return fail(errmsg, errlen, path, "%s", strerror(errno));
    if (n < SELFMAG || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
        return fail(errmsg, errlen, path, "not an ELF file");
    if (n > EI_CLASS && eh->e_ident[EI_CLASS] == ELFCLASS32)
        return fail(errmsg, errlen, path, "32-bit ELF not supported");
    if ((size_t)n < sizeof *eh)
        return fail(errmsg, errlen, path, "truncated ELF");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return fail(errmsg, errlen, path, "not an ELF file (bad class %d)", eh->e_ident[EI_CLASS]);
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(errmsg, errlen, path, "big-endian ELF not supported");
    if (eh->e_ident[EI_VERSION] != EV_CURRENT)
        return fail(errmsg, errlen, path, "unsupported ELF version %d", eh->e_ident[EI_VERSION]);
    if (eh->e_machine != GUEST_ELF_MACHINE) {
        const char *m = machine_name(eh->e_machine);
        if (m)
            return fail(errmsg, errlen, path, "ELF for %s, not RISC-V", m);
        return fail(errmsg, errlen, path, "ELF for machine %d, not RISC-V", eh->e_machine);
    }
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(errmsg, errlen, path, "not an executable (%s)",
                    eh->e_type == ET_REL ? "relocatable object" : eh->e_type == ET_CORE ? "core file"
                    : "unknown ELF type");
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > 65536 / sizeof(Elf64_Phdr))
        return fail(errmsg, errlen, path, "bad program header table (%u entries of %u bytes)",
                    eh->e_phnum, eh->e_phentsize);
    uint64_t phbytes = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (eh->e_phoff > f->fsize || phbytes > f->fsize - eh->e_phoff)
        return fail(errmsg, errlen, path, "truncated ELF");
    f->ph = malloc(phbytes);
    if (!f->ph || !read_full(f->fd, f->ph, phbytes, eh->e_phoff))
        return fail(errmsg, errlen, path, "truncated ELF");
    return 0;
}

/* Check f's loadable segments, place them (the main program as Linux does; an interpreter
 * wherever guest mmap puts a block of its size), fill them and give them their protection. */
static int elf_map(Process *p, ElfFile *f, bool interp, Loaded *L, char *errmsg, size_t errlen)
{
    const Elf64_Ehdr *eh = &f->eh;
    const Elf64_Phdr *ph = f->ph;
    const char *path = f->path;
    uint64_t phbytes = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    int nload = 0;
    uint64_t lo = UINT64_MAX, hi = 0, max_align = GM_PAGE_SIZE, phdr_vaddr = 0;
    bool have_phdr = false;
    for (int i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *s = &ph[i];
        if (s->p_type == PT_PHDR) {
            phdr_vaddr = s->p_vaddr;
            have_phdr = true;
        }
        if (s->p_type != PT_LOAD)
            continue;
        if (++nload > MAX_SEGMENTS)
            return fail(errmsg, errlen, path, "too many loadable segments");
        if (s->p_filesz > s->p_memsz)
            return fail(errmsg, errlen, path, "bad segment %d: file size exceeds memory size", i);
        if (s->p_offset > f->fsize || s->p_filesz > f->fsize - s->p_offset)
            return fail(errmsg, errlen, path, "truncated ELF");
        if (s->p_align > 1 && (s->p_align & (s->p_align - 1)))
            return fail(errmsg, errlen, path, "bad segment %d: alignment 0x%llx is not a power of 2",
                        i, (unsigned long long)s->p_align);
        if ((s->p_vaddr - s->p_offset) & PAGE_LOW)
            return fail(errmsg, errlen, path,
                        "bad segment %d: address and file offset not congruent", i);
        if (s->p_memsz == 0)
            continue;
        if (s->p_vaddr >= GM_TASK_SIZE || s->p_memsz > GM_TASK_SIZE - s->p_vaddr)
            return fail(errmsg, errlen, path, "bad segment %d: does not fit the address space", i);
        if (page_down(s->p_vaddr) < lo)
            lo = page_down(s->p_vaddr);
        if (page_up(s->p_vaddr + s->p_memsz) > hi)
            hi = page_up(s->p_vaddr + s->p_memsz);
        if (s->p_align > max_align && s->p_align <= (1ULL << 30))
            max_align = s->p_align;
    }
    if (hi == 0)
        return fail(errmsg, errlen, path, "no loadable segments");

    uint64_t bias = 0;
    if (interp) {
        if (eh->e_type != ET_DYN)
            return fail(errmsg, errlen, path, "ELF interpreter is not position-independent");
        /* A block of the image's size (plus alignment slack) from guest mmap; the segments
         * then go to fixed places inside it. */
        uint64_t span = hi - lo + max_align;
        int64_t r = target_mmap(p, 0, span, G_PROT_NONE, G_MAP_PRIVATE | G_MAP_ANONYMOUS, -1, 0);
        if (r < 0)
            return fail(errmsg, errlen, path, "cannot reserve %llu bytes: %s",
                        (unsigned long long)span, strerror((int)-r));
        uint64_t base = ((uint64_t)r + max_align - 1) & ~(max_align - 1);
        target_munmap(p, (uint64_t)r, span);
        bias = base - (lo & ~(max_align - 1));
    } else if (eh->e_type == ET_DYN && lo < ET_DYN_BASE) {
        bias = ((ET_DYN_BASE + max_align - 1) & ~(max_align - 1)) - (lo & ~(max_align - 1));
    }
    uint64_t limit = QELT_STACK_TOP - (p->opts && p->opts->stack_size ? p->opts->stack_size
                                       : QELT_DEFAULT_STACK_SIZE);
    if (lo + bias < 0x10000 || hi + bias > limit || hi + bias < hi)
        return fail(errmsg, errlen, path,
                    "segments at 0x%llx-0x%llx are outside the usable address space",
                    (unsigned long long)(lo + bias), (unsigned long long)(hi + bias));

    /* Map the union of the segments' pages, merged, read+write for now. */
    uint64_t ranges[MAX_SEGMENTS][2];
    int nr = 0;
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_memsz) {
            ranges[nr][0] = page_down(ph[i].p_vaddr) + bias;
            ranges[nr][1] = page_up(ph[i].p_vaddr + ph[i].p_memsz) + bias;
            nr++;
        }
    qsort(ranges, (size_t)nr, sizeof ranges[0], range_cmp);
    for (int i = 0; i < nr;) {
        uint64_t s = ranges[i][0], e = ranges[i][1];
        for (i++; i < nr && ranges[i][0] <= e; i++)
            if (ranges[i][1] > e)
                e = ranges[i][1];
        int64_t r = target_mmap(p, s, e - s, G_PROT_READ | G_PROT_WRITE,
                                G_MAP_PRIVATE | G_MAP_ANONYMOUS | G_MAP_FIXED_NOREPLACE, -1, 0);
        if (r < 0)
            return fail(errmsg, errlen, path, "cannot map 0x%llx-0x%llx: %s",
                        (unsigned long long)s, (unsigned long long)e, strerror((int)-r));
    }

    memset(L, 0, sizeof *L);
    L->bias = bias;
    L->lo = lo + bias;
    L->hi = hi + bias;
    L->entry = eh->e_entry + bias;
    L->start_code = L->start_data = UINT64_MAX;
    bool phdr_found = have_phdr;
    for (int i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *s = &ph[i];
        if (s->p_type != PT_LOAD || !s->p_memsz)
            continue;
        uint64_t va = s->p_vaddr + bias;
        if (s->p_filesz && !read_full(f->fd, g2h(p->gm, va), s->p_filesz, s->p_offset))
            return fail(errmsg, errlen, path, "read error");
        if (!phdr_found && eh->e_phoff >= s->p_offset && phbytes <= s->p_filesz &&
            eh->e_phoff - s->p_offset <= s->p_filesz - phbytes) {
            phdr_vaddr = s->p_vaddr + (eh->e_phoff - s->p_offset);
            phdr_found = true;
        }
        if (s->p_flags & PF_X) {
            if (va < L->start_code)
                L->start_code = va;
            if (va + s->p_filesz > L->end_code)
                L->end_code = va + s->p_filesz;
        }
        if (s->p_flags & PF_W) {
            if (va < L->start_data)
                L->start_data = va;
            if (va + s->p_filesz > L->end_data)
                L->end_data = va + s->p_filesz;
        }
        if (va + s->p_memsz > L->brk)
            L->brk = va + s->p_memsz;
    }
    if (L->start_code == UINT64_MAX)
        L->start_code = L->end_code = 0;
    if (L->start_data == UINT64_MAX)
        L->start_data = L->end_data = 0;
    L->phdr = (phdr_found ? phdr_vaddr : lo + eh->e_phoff) + bias;

    /* Final permissions: each segment's own, then the union on pages two segments share. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < eh->e_phnum; i++) {
            const Elf64_Phdr *s = &ph[i];
            if (s->p_type != PT_LOAD || !s->p_memsz)
                continue;
            uint64_t a = page_down(s->p_vaddr), e = page_up(s->p_vaddr + s->p_memsz);
            if (pass == 0) {
                target_mprotect(p, a + bias, e - a, seg_prot(s->p_flags));
                continue;
            }
            uint64_t edge[2] = { a, e - GM_PAGE_SIZE };
            for (int k = 0; k < 2; k++) {
                int prot = 0, users = 0;
                for (int j = 0; j < eh->e_phnum; j++)
                    if (ph[j].p_type == PT_LOAD && ph[j].p_memsz &&
                        page_down(ph[j].p_vaddr) <= edge[k] &&
                        edge[k] < page_up(ph[j].p_vaddr + ph[j].p_memsz)) {
                        prot |= seg_prot(ph[j].p_flags);
                        users++;
                    }
                if (users > 1)
                    target_mprotect(p, edge[k] + bias, GM_PAGE_SIZE, prot);
            }
        }

    /* /proc/self/maps: the file-backed pages of each segment show the file, as Linux maps
     * them from it (a later segment's page wins, as its mapping replaces the earlier one). */
    struct stat st;
    char *real = realpath(path, NULL);
    if (real && fstat(f->fd, &st) == 0)
        for (int i = 0; i < eh->e_phnum; i++) {
            const Elf64_Phdr *s = &ph[i];
            if (s->p_type == PT_LOAD && s->p_filesz)
                mmap_set_file(p, page_down(s->p_vaddr) + bias,
                              page_up(s->p_vaddr + s->p_filesz) + bias, real,
                              page_down(s->p_offset), st.st_dev, st.st_ino);
        }
    free(real);
    return 0;
}

/* The interpreter a dynamically linked program names, looked up under -L's sysroot first
 * (as QEMU does); "" when the program has none. */
static int elf_interp(Process *p, ElfFile *f, char *out, size_t outlen, char *errmsg, size_t errlen)
{
    out[0] = 0;
    for (int i = 0; i < f->eh.e_phnum; i++) {
        const Elf64_Phdr *s = &f->ph[i];
        if (s->p_type != PT_INTERP)
            continue;
        char name[256];
        if (s->p_filesz < 2 || s->p_filesz > sizeof name || s->p_offset > f->fsize ||
            s->p_filesz > f->fsize - s->p_offset || !read_full(f->fd, name, s->p_filesz, s->p_offset) ||
            name[s->p_filesz - 1] != 0 || strlen(name) != s->p_filesz - 1)
            return fail(errmsg, errlen, f->path, "bad PT_INTERP segment");
        const char *root = p->opts ? p->opts->sysroot : NULL;
        if (root && *root && name[0] == '/') {
            int n = snprintf(out, outlen, "%s%s", root, name);
            if (n > 0 && (size_t)n < outlen && access(out, F_OK) == 0)
                return 0;
        }
        if (access(name, F_OK) != 0)
            return fail(errmsg, errlen, f->path,
                        "ELF interpreter %s not found%s%s (a riscv64 sysroot is given with -L or "
                        "QEMU_LD_PREFIX)", name, root && *root ? " under -L " : "",
                        root && *root ? root : "");
        snprintf(out, outlen, "%s", name);
        return 0;
    }
    return 0;
}

int load_elf(Process *p, const char *path, char **argv, char **envp, VCPU *cpu,
             char *errmsg, size_t errlen)
{
    ImageInfo *im = &p->image;
    ElfFile f, fi;
    fi.fd = -1;
    fi.ph = NULL;
    int ret = -1;
    char interp[PATH_MAX];
    Loaded L, LI;
    /* -execfd: the program is behind a descriptor, path only names it (AT_EXECFN). */
    char fdpath[32];
    const char *open_path = path;
    if (p->opts && p->opts->have_exec_fd) {
        snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", p->opts->exec_fd);
        open_path = fdpath;
    }
    if (elf_open(&f, open_path, errmsg, errlen) < 0)
        goto out;
    f.path = path;
    if (elf_interp(p, &f, interp, sizeof interp, errmsg, errlen) < 0)
        goto out;
    im->exec_stack = 0;
    for (int i = 0; i < f.eh.e_phnum; i++)
        if (f.ph[i].p_type == PT_GNU_STACK)
            im->exec_stack = !!(f.ph[i].p_flags & PF_X);
    if (elf_map(p, &f, false, &L, errmsg, errlen) < 0)
        goto out;

    im->load_bias = L.bias;
    im->entry = L.entry;
    im->phdr = L.phdr;
    im->phnum = f.eh.e_phnum;
    im->phent = f.eh.e_phentsize;
    im->start_code = L.start_code;
    im->end_code = L.end_code;
    im->start_data = L.start_data;
    im->end_data = L.end_data;
    im->start_brk = im->brk = page_up(L.brk);
    im->interp_base = 0;
    im->start_pc = L.entry;
    if (interp[0]) {
        if (elf_open(&fi, interp, errmsg, errlen) < 0 ||
            elf_map(p, &fi, true, &LI, errmsg, errlen) < 0)
            goto out;
        im->interp_base = LI.lo;
        im->start_pc = LI.entry;
    }

    im->symtab = load_symbols(f.fd, &f.eh, f.fsize, L.bias);
    char *real = realpath(open_path, NULL);
    if (!real && open_path != path) {   /* a deleted file (memfd): what the kernel shows */
        char link[PATH_MAX];
        ssize_t ln = readlink(open_path, link, sizeof link - 1);
        if (ln > 0) {
            link[ln] = 0;
            real = strdup(link);
        }
    }
    im->exe_path = real ? real : strdup(path);

    if (map_sigreturn_tramp(p, path, errmsg, errlen) < 0)
        goto out;
    if (build_stack(p, path, path, argv, envp, cpu, errmsg, errlen) < 0)
        goto out;
    ret = 0;
out:
    elf_close(&f);
    elf_close(&fi);
    return ret;
}
