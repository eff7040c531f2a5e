/*
 * Booting the virt board as QEMU 7.2 does: firmware, kernel, initrd and device tree placed in
 * RAM, and the reset ROM at 0x1000 that every hart runs first.
 *
 * Layout (RAM at 0x80000000):
 *   firmware (-bios, default Debian's OpenSBI fw_dynamic.bin) at the start of RAM;
 *   kernel at the first 2 MiB boundary after the firmware (0x80200000), or at the start of RAM
 *   with -bios none; an ELF is loaded at its segments' physical addresses and, as QEMU 7.2 does,
 *   entered at its lowest loaded address; a raw Linux Image (magic "RISCV\0\0\0" at 0x30 or
 *   "RSC\x05" at 0x38) at the kernel address, its header's image size checked against RAM;
 *   initrd at kernel + min(RAM/2, 128 MiB);
 *   device tree at the 2 MiB boundary below min(end of RAM, 3 GiB) minus its size.
 * Reset ROM: auipc t0,0; addi a2,t0,40; csrr a0,mhartid; ld a1,32(t0); ld t0,24(t0); jr t0;
 * then the dwords start address and dtb address, then fw_dynamic_info (magic "OSBI", version
 * 2, next_addr = kernel entry, next_mode = S, options 0, boot_hart 0). The words are assembled
 * here from their fields.
 * Invariants: nothing overlaps; every failure is one sys_fatal line (exit 1).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "system/board.h"

#define MiB (1ULL << 20)
#define FW_DYNAMIC_MAGIC   0x4942534fULL
#define FW_DYNAMIC_VERSION 2
#define FW_NEXT_MODE_S     1

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

/* The whole file in memory; sys_fatal if it cannot be read. */
static uint8_t *read_file(const char *what, const char *path, size_t *len)
{
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        sys_fatal("could not open %s '%s': %s", what, path, strerror(errno));
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1 << 20;
            uint8_t *nb = realloc(buf, cap);
            if (!nb)
                sys_fatal("out of memory reading %s '%s'", what, path);
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (err)
        sys_fatal("could not read %s '%s': %s", what, path, strerror(err));
    *len = n;
    return buf;
}

/* What has been loaded where so far: a new image may not overlap another (QEMU refuses too). */
typedef struct Loaded {
    struct { const char *what, *path; uint64_t lo, hi; } r[64];
    int n;
} Loaded;

static uint8_t *ram_at(Machine *m, Loaded *ld, uint64_t pa, uint64_t len, const char *what,
                       const char *path)
{
    for (int i = 0; ld && len && i < ld->n; i++)
        if (strcmp(ld->r[i].what, what) && pa < ld->r[i].hi && ld->r[i].lo < pa + len)
            sys_fatal("%s '%s' (0x%llx-0x%llx) overlaps %s '%s' (0x%llx-0x%llx)", what, path,
                      (unsigned long long)pa, (unsigned long long)(pa + len), ld->r[i].what,
                      ld->r[i].path, (unsigned long long)ld->r[i].lo,
                      (unsigned long long)ld->r[i].hi);
    if (ld && len && ld->n < (int)(sizeof ld->r / sizeof ld->r[0]))
        ld->r[ld->n++] = (typeof(ld->r[0])){ what, path, pa, pa + len };
    uint8_t *p = machine_phys_ptr(m, pa, len, true);
    if (!p && (pa < m->ram_base || pa + len < pa))
        sys_fatal("%s '%s': %llu bytes at 0x%llx are outside RAM (from 0x%llx)", what, path,
                  (unsigned long long)len, (unsigned long long)pa,
                  (unsigned long long)m->ram_base);
    if (!p)
        sys_fatal("not enough memory for %s '%s' (%llu bytes at 0x%llx; -m is %llu MiB)", what,
                  path, (unsigned long long)len, (unsigned long long)pa,
                  (unsigned long long)(m->ram_size / MiB));
    return p;
}

static bool is_elf(const uint8_t *b, size_t len)
{
    return len >= sizeof(Elf64_Ehdr) && !memcmp(b, ELFMAG, SELFMAG);
}

/* Load an ELF's PT_LOAD segments at their physical addresses; [*lo, *hi) is what they cover. */
static void load_elf(Machine *m, Loaded *ld, const char *what, const char *path,
                     const uint8_t *b, size_t len, uint64_t *lo, uint64_t *hi)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)b;
    if (b[EI_CLASS] != ELFCLASS64 || b[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_RISCV)
        sys_fatal("%s '%s' is not a 64-bit RISC-V ELF file", what, path);
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > len ||
        (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
        sys_fatal("%s '%s': bad ELF program headers", what, path);
    *lo = UINT64_MAX, *hi = 0;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(b + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
            continue;
        if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > len ||
            ph[i].p_filesz > len - ph[i].p_offset)
            sys_fatal("%s '%s': bad ELF segment %d", what, path, i);
        uint8_t *dst = ram_at(m, ld, ph[i].p_paddr, ph[i].p_memsz, what, path);
        memcpy(dst, b + ph[i].p_offset, ph[i].p_filesz);
        memset(dst + ph[i].p_filesz, 0, ph[i].p_memsz - ph[i].p_filesz);
        *lo = ph[i].p_paddr < *lo ? ph[i].p_paddr : *lo;
        *hi = ph[i].p_paddr + ph[i].p_memsz > *hi ? ph[i].p_paddr + ph[i].p_memsz : *hi;
    }
    if (*lo == UINT64_MAX)
        sys_fatal("%s '%s' has nothing to load", what, path);
}

static bool is_linux_image(const uint8_t *b, size_t len)
{
    return len >= 0x40 && (!memcmp(b + 0x30, "RISCV\0\0\0", 8) || !memcmp(b + 0x38, "RSC\x05", 4));
}

void boot_load_images(Machine *m, const SysOptions *o, BootInfo *bi)
{
    memset(bi, 0, sizeof *bi);
    Loaded ld = { .n = 0 };
    uint64_t kernel_addr = m->ram_base, kernel_end = m->ram_base;
    const char *bios = !strcmp(o->bios, "default") ? SYS_DEFAULT_BIOS : o->bios;
    bi->entry = m->ram_base;
    if (strcmp(o->bios, "none")) {
        size_t len;
        uint8_t *b = read_file("firmware", bios, &len);
        uint64_t lo = m->ram_base, hi = m->ram_base + len;
        if (is_elf(b, len))
            load_elf(m, &ld, "firmware", bios, b, len, &lo, &hi);
        else if (len)
            memcpy(ram_at(m, &ld, m->ram_base, len, "firmware", bios), b, len);
        else
            sys_fatal("firmware '%s' is empty", bios);
        free(b);
        bi->entry = lo;
        kernel_addr = kernel_end = align_up(hi, 2 * MiB);
    }
    if (o->kernel) {
        size_t len;
        uint8_t *b = read_file("kernel", o->kernel, &len);
        if (is_elf(b, len)) {
            uint64_t lo, hi;
            load_elf(m, &ld, "kernel", o->kernel, b, len, &lo, &hi);
            bi->kernel_entry = lo;
            kernel_end = hi;
        } else if (is_linux_image(b, len)) {
            uint64_t image_size;
            memcpy(&image_size, b + 0x10, 8);
            uint64_t need = image_size > len ? image_size : len;
            memcpy(ram_at(m, &ld, kernel_addr, need, "kernel", o->kernel), b, len);
            bi->kernel_entry = kernel_addr;
            kernel_end = kernel_addr + need;
        } else {
            sys_fatal("kernel '%s' is neither an ELF file nor a RISC-V Linux Image", o->kernel);
        }
        free(b);
        if (!strcmp(o->bios, "none"))
            bi->entry = bi->kernel_entry;
    }
    if (o->initrd) {
        if (!o->kernel)
            sys_fatal("-initrd needs -kernel");
        size_t len;
        uint8_t *b = read_file("initrd", o->initrd, &len);
        uint64_t half = m->ram_size / 2 < 128 * MiB ? m->ram_size / 2 : 128 * MiB;
        uint64_t start = bi->kernel_entry + half;
        if (start < kernel_end)
            sys_fatal("not enough memory for kernel and initrd '%s' (-m is %llu MiB)", o->initrd,
                      (unsigned long long)(m->ram_size / MiB));
        memcpy(ram_at(m, &ld, start, len, "initrd", o->initrd), b, len);
        free(b);
        bi->initrd_start = start;
        bi->initrd_end = start + len;
        kernel_end = bi->initrd_end;
    }
    bi->fdt_addr = kernel_end;           /* lowest address the device tree may take */
}

/* I- and U-type encodings. */
static uint32_t enc_i(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1, int32_t imm)
{
    return ((uint32_t)imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
static uint32_t enc_u(uint32_t op, uint32_t rd, uint32_t imm20)
{
    return (imm20 << 12) | (rd << 7) | op;
}

enum { R_T0 = 5, R_A0 = 10, R_A1 = 11, R_A2 = 12 };
enum { OP_LOAD = 0x03, OP_IMM = 0x13, OP_AUIPC = 0x17, OP_JALR = 0x67, OP_SYSTEM = 0x73 };
#define CSR_MHARTID 0xf14

size_t boot_rom_words(uint32_t *w, size_t max, uint64_t start, uint64_t fdt, uint64_t kernel,
                      int boot_hart)
{
    /* code: 6 words, data at byte 24 (start), 32 (fdt), 40 (fw_dynamic_info) */
    const uint64_t data[] = { start, fdt, FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, kernel,
                              FW_NEXT_MODE_S, 0, (uint64_t)boot_hart };
    uint32_t code[] = {
        enc_u(OP_AUIPC, R_T0, 0),
        enc_i(OP_IMM, R_A2, 0, R_T0, 40),                  /* addi a2, t0, &fw_dynamic_info */
        enc_i(OP_SYSTEM, R_A0, 2, 0, CSR_MHARTID),         /* csrrs a0, mhartid, zero */
        enc_i(OP_LOAD, R_A1, 3, R_T0, 32),                 /* ld a1, 32(t0) */
        enc_i(OP_LOAD, R_T0, 3, R_T0, 24),                 /* ld t0, 24(t0) */
        enc_i(OP_JALR, 0, 0, R_T0, 0),                     /* jr t0 */
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof code / sizeof code[0] && n < max; i++)
        w[n++] = code[i];
    for (size_t i = 0; i < sizeof data / sizeof data[0] && n + 1 < max; i++) {
        w[n++] = (uint32_t)data[i];
        w[n++] = (uint32_t)(data[i] >> 32);
    }
    return n;
}

void *boot_load_dtb(const SysOptions *o, const BootInfo *bi, size_t *size)
{
    size_t len;
    uint8_t *raw = read_file("device tree", o->dtb, &len);
    if (len < sizeof(struct fdt_header) || fdt_check_header(raw) || fdt_totalsize(raw) > len)
        sys_fatal("'%s' is not a device tree blob", o->dtb);
    size_t cap = fdt_totalsize(raw) + 4096 + (o->append ? strlen(o->append) : 0);
    void *fdt = malloc(cap);
    if (!fdt || fdt_open_into(raw, fdt, (int)cap))
        sys_fatal("device tree '%s' could not be opened", o->dtb);
    free(raw);
    int chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen < 0)
        chosen = fdt_add_subnode(fdt, 0, "chosen");
    if (chosen < 0 ||
        (o->append && fdt_setprop_string(fdt, chosen, "bootargs", o->append)) ||
        (bi->initrd_end &&
         (fdt_setprop_u32(fdt, chosen, "linux,initrd-start", (uint32_t)bi->initrd_start) ||
          fdt_setprop_u32(fdt, chosen, "linux,initrd-end", (uint32_t)bi->initrd_end))) ||
        fdt_pack(fdt))
        sys_fatal("device tree '%s': could not update /chosen", o->dtb);
    *size = fdt_totalsize(fdt);
    return fdt;
}

void boot_finish(Machine *m, BootInfo *bi, const void *fdt, size_t size)
{
    uint64_t ram_end = m->ram_base + m->ram_size;
    uint64_t top = m->ram_base < 3072 * MiB && ram_end > 3072 * MiB ? 3072 * MiB : ram_end;
    uint64_t addr = (top - size) & ~(2 * MiB - 1);
    if (size > top - m->ram_base || addr < bi->fdt_addr)
        sys_fatal("not enough memory for the device tree after kernel and initrd (-m is %llu MiB)",
                  (unsigned long long)(m->ram_size / MiB));
    memcpy(ram_at(m, NULL, addr, size, "device tree", "dtb"), fdt, size);
    bi->fdt_addr = addr;

    uint32_t w[32];
    size_t n = boot_rom_words(w, 32, bi->entry, bi->fdt_addr, bi->kernel_entry, 0);
    if (n * 4 > m->rom_size)
        sys_fatal("internal error: reset ROM too small");
    memcpy(m->rom, w, n * 4);
}
