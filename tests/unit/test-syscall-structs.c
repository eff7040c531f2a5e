/*
 * Unit test of the syscall layer's pure parts (user/syscall-structs.c, user/syscall-nr.h):
 * the riscv64 struct stat layout as the kernel defines it (asm-generic/stat.h), the stat
 * conversion, epoll_event packing, termios identity, the syscall table, the exec helpers and
 * the -strace flag formatting, the guest's view of -L paths. Expected numbers are the kernel's uapi values, written out.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <asm/termbits.h>
#include "unit.h"
#include "process.h"
#include "syscall-defs.h"
#include "syscall-nr.h"

#define OFF(f, want) UNIT_CHECK("stat." #f, offsetof(struct target_stat, f) == (want), \
                                "offset %zu, want %d", offsetof(struct target_stat, f), (want))

static void test_stat_layout(void)
{
    OFF(st_dev, 0);      OFF(st_ino, 8);       OFF(st_mode, 16);     OFF(st_nlink, 20);
    OFF(st_uid, 24);     OFF(st_gid, 28);      OFF(st_rdev, 32);     OFF(st_size, 48);
    OFF(st_blksize, 56); OFF(st_blocks, 64);   OFF(st_atime_sec, 72); OFF(st_atime_nsec, 80);
    OFF(st_mtime_sec, 88); OFF(st_mtime_nsec, 96); OFF(st_ctime_sec, 104); OFF(st_ctime_nsec, 112);
    UNIT_CHECK("stat.size", sizeof(struct target_stat) == 128, "size %zu", sizeof(struct target_stat));
}

static void test_stat_convert(void)
{
    struct stat h;
    struct target_stat t;
    memset(&h, 0, sizeof(h));
    h.st_dev = 0x801; h.st_ino = 0x123456789abcull; h.st_mode = 0100644; h.st_nlink = 3;
    h.st_uid = 1000; h.st_gid = 100; h.st_rdev = 0x8800; h.st_size = 0x1122334455ll;
    h.st_blksize = 4096; h.st_blocks = 77;
    h.st_atim.tv_sec = 1700000000; h.st_atim.tv_nsec = 1;
    h.st_mtim.tv_sec = 1700000001; h.st_mtim.tv_nsec = 2;
    h.st_ctim.tv_sec = 1700000002; h.st_ctim.tv_nsec = 999999999;
    memset(&t, 0xaa, sizeof(t));
    host_to_target_stat(&t, &h);
    UNIT_CHECK("stat.convert.ids", t.st_dev == 0x801 && t.st_ino == 0x123456789abcull &&
               t.st_mode == 0100644 && t.st_nlink == 3 && t.st_uid == 1000 && t.st_gid == 100 &&
               t.st_rdev == 0x8800, "mismatch");
    UNIT_CHECK("stat.convert.sizes", t.st_size == 0x1122334455ll && t.st_blksize == 4096 &&
               t.st_blocks == 77, "mismatch");
    UNIT_CHECK("stat.convert.times", t.st_atime_sec == 1700000000 && t.st_atime_nsec == 1 &&
               t.st_mtime_sec == 1700000001 && t.st_mtime_nsec == 2 &&
               t.st_ctime_sec == 1700000002 && t.st_ctime_nsec == 999999999, "mismatch");
    UNIT_CHECK("stat.convert.padding", t.pad1 == 0 && t.pad2 == 0 && t.unused4 == 0 && t.unused5 == 0,
               "padding not cleared");
    /* Raw bytes at the kernel offsets, as the guest will read them. */
    const unsigned char *b = (const unsigned char *)&t;
    uint32_t mode, nlink;
    int32_t blksize;
    memcpy(&mode, b + 16, 4); memcpy(&nlink, b + 20, 4); memcpy(&blksize, b + 56, 4);
    UNIT_CHECK("stat.convert.bytes", mode == 0100644 && nlink == 3 && blksize == 4096, "mismatch");
}

static void test_epoll(void)
{
    UNIT_CHECK("epoll.host_packed", sizeof(struct epoll_event) == 12 &&
               offsetof(struct epoll_event, data) == 4, "host epoll_event %zu", sizeof(struct epoll_event));
    UNIT_CHECK("epoll.target_layout", sizeof(struct target_epoll_event) == 16 &&
               offsetof(struct target_epoll_event, data) == 8, "size %zu", sizeof(struct target_epoll_event));
    struct epoll_event h[2] = { { .events = 0x19, .data.u64 = 0x1122334455667788ull },
                                { .events = 0x80000001u, .data.u64 = 42 } };
    struct target_epoll_event t[2];
    memset(t, 0x55, sizeof(t));
    host_to_target_epoll(t, h, 2);
    UNIT_CHECK("epoll.to_target", t[0].events == 0x19 && t[0].data == 0x1122334455667788ull &&
               t[0].pad == 0 && t[1].events == 0x80000001u && t[1].data == 42, "mismatch");
    struct epoll_event back[2];
    memset(back, 0, sizeof(back));
    target_to_host_epoll(back, t, 2);
    UNIT_CHECK("epoll.to_host", back[0].events == 0x19 && back[0].data.u64 == 0x1122334455667788ull &&
               back[1].data.u64 == 42, "mismatch");
}

static void test_termios(void)
{
    /* The host kernel's struct termios must be the riscv64 one (so TCGETS passes through). */
    UNIT_CHECK("termios.size", sizeof(struct termios) == sizeof(struct target_termios) &&
               sizeof(struct target_termios) == 36, "host %zu target %zu",
               sizeof(struct termios), sizeof(struct target_termios));
    UNIT_CHECK("termios.layout", offsetof(struct termios, c_line) == offsetof(struct target_termios, c_line) &&
               offsetof(struct termios, c_cc) == offsetof(struct target_termios, c_cc) &&
               offsetof(struct termios, c_lflag) == 12 && NCCS == 19, "mismatch");
    /* a few flag values riscv64 (asm-generic/termbits.h) defines */
    UNIT_CHECK("termios.flags", ICANON == 2 && ECHO == 010 && VMIN == 6 && VTIME == 5 &&
               VEOF == 4 && ICRNL == 0400 && OPOST == 1 && CS8 == 060, "flag values differ");
}

static void test_table(void)
{
    static const struct { int nr; const char *name; } t[] = {
#define E(name, nr, a, r) { nr, #name },
        QELT_SYSCALL_TABLE(E)
#undef E
    };
    int n = sizeof(t) / sizeof(t[0]), sorted = 1;
    for (int i = 1; i < n; i++)
        if (t[i].nr <= t[i - 1].nr) {
            sorted = 0;
            UNIT_FAIL("nr.sorted", "%s (%d) after %s (%d)", t[i].name, t[i].nr, t[i - 1].name, t[i - 1].nr);
        }
    if (sorted)
        UNIT_PASS("nr.sorted");
    UNIT_CHECK("nr.values", TARGET_NR_openat == 56 && TARGET_NR_read == 63 && TARGET_NR_write == 64 &&
               TARGET_NR_exit == 93 && TARGET_NR_exit_group == 94 && TARGET_NR_futex == 98 &&
               TARGET_NR_rt_sigreturn == 139 && TARGET_NR_brk == 214 && TARGET_NR_clone == 220 &&
               TARGET_NR_execve == 221 && TARGET_NR_mmap == 222 && TARGET_NR_wait4 == 260 &&
               TARGET_NR_riscv_hwprobe == 258 && TARGET_NR_riscv_flush_icache == 259 &&
               TARGET_NR_clone3 == 435 && TARGET_NR_newfstatat == 79, "numbers differ");
    UNIT_CHECK("nr.names", syscall_name(56) && !strcmp(syscall_name(56), "openat") &&
               !strcmp(syscall_name(259), "riscv_flush_icache") && syscall_name(1000) == NULL &&
               syscall_name(38) == NULL /* riscv64 has no renameat */, "lookup");
    UNIT_CHECK("nr.formats", !strcmp(syscall_argfmt(TARGET_NR_mmap), "puPMdx") &&
               syscall_retfmt(TARGET_NR_mmap) == 'x' && syscall_retfmt(TARGET_NR_exit_group) == 'n',
               "formats");
}

static void test_exec_helpers(void)
{
    unsigned char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
    elf[18] = 243;
    UNIT_CHECK("exec.riscv_elf", is_riscv_elf(elf, sizeof(elf)), "not recognised");
    elf[18] = 62;   /* EM_X86_64 */
    UNIT_CHECK("exec.host_elf", !is_riscv_elf(elf, sizeof(elf)), "x86-64 taken as riscv");
    UNIT_CHECK("exec.short", !is_riscv_elf(elf, 10), "short header accepted");

    char in[64], arg[64];
    const char *s1 = "#!/bin/sh\necho hi\n";
    UNIT_CHECK("shebang.plain", parse_shebang(s1, strlen(s1), in, sizeof in, arg, sizeof arg) == 1 &&
               !strcmp(in, "/bin/sh") && !arg[0], "got '%s' '%s'", in, arg);
    const char *s2 = "#!  /usr/bin/env  python3 -u  \r\nx";
    UNIT_CHECK("shebang.arg", parse_shebang(s2, strlen(s2), in, sizeof in, arg, sizeof arg) == 1 &&
               !strcmp(in, "/usr/bin/env") && !strcmp(arg, "python3 -u"), "got '%s' '%s'", in, arg);
    const char *s3 = "#!\n";
    UNIT_CHECK("shebang.empty", parse_shebang(s3, strlen(s3), in, sizeof in, arg, sizeof arg) < 0, "accepted");
    UNIT_CHECK("shebang.none", parse_shebang("\x7f" "ELF", 4, in, sizeof in, arg, sizeof arg) == 0, "taken as script");

    UNIT_CHECK("proc.exe", is_proc_exe("/proc/self/exe", 42) && is_proc_exe("/proc/42/exe", 42) &&
               is_proc_exe("/proc/thread-self/exe", 42) && !is_proc_exe("/proc/43/exe", 42) &&
               !is_proc_exe("/proc/self/exe2", 42) && !is_proc_exe("/proc/4/exe", 42), "mismatch");
    UNIT_CHECK("proc.maps", is_proc_self_file("/proc/self/maps", 7, "maps") &&
               !is_proc_self_file("/proc/self/smaps", 7, "maps"), "mismatch");
}

/* -L: host paths inside the sysroot lose its prefix, nothing else changes. */
static void test_guest_view(void)
{
    QeltOptions o = { .sysroot = "/sr/root" };
    Process p = { .opts = &o };
    static const char *const cases[][2] = {
        { "/sr/root/usr/lib", "/usr/lib" }, { "/sr/root", "/" }, { "/sr/root/", "/" },
        { "/sr/rootx/a", "/sr/rootx/a" }, { "/tmp/a", "/tmp/a" }, { "rel/sr/root", "rel/sr/root" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        UNIT_CHECK("view.sysroot", !strcmp(guest_view_path(&p, cases[i][0]), cases[i][1]),
                   "%s gave %s", cases[i][0], guest_view_path(&p, cases[i][0]));
    o.sysroot = "/";
    UNIT_CHECK("view.slash", !strcmp(guest_view_path(&p, "/usr/lib"), "/usr/lib"), "changed");
    o.sysroot = NULL;
    UNIT_CHECK("view.none", !strcmp(guest_view_path(&p, "/sr/root/x"), "/sr/root/x"), "changed");
}

static void test_format(void)
{
    char b[256];
    format_open_flags(b, sizeof b, 02000000 | 0100 | 01000 | 1);
    UNIT_CHECK("fmt.open", !strcmp(b, "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC"), "got %s", b);
    format_open_flags(b, sizeof b, 0);
    UNIT_CHECK("fmt.open0", !strcmp(b, "O_RDONLY"), "got %s", b);
    format_open_flags(b, sizeof b, 0200000 | 04000);
    UNIT_CHECK("fmt.open_dir", !strcmp(b, "O_RDONLY|O_NONBLOCK|O_DIRECTORY"), "got %s", b);
    format_mmap_prot(b, sizeof b, 0);
    UNIT_CHECK("fmt.prot0", !strcmp(b, "PROT_NONE"), "got %s", b);
    format_mmap_prot(b, sizeof b, 5);
    UNIT_CHECK("fmt.prot", !strcmp(b, "PROT_READ|PROT_EXEC"), "got %s", b);
    format_mmap_flags(b, sizeof b, 0x22 | 0x400000);
    UNIT_CHECK("fmt.mmap", !strcmp(b, "MAP_PRIVATE|MAP_ANONYMOUS|0x400000"), "got %s", b);
    format_clone_flags(b, sizeof b, 0x1200000 | 17);
    UNIT_CHECK("fmt.clone", !strcmp(b, "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"), "got %s", b);
    format_at_flags(b, sizeof b, 0x1000);
    UNIT_CHECK("fmt.at", !strcmp(b, "AT_EMPTY_PATH"), "got %s", b);
}

int main(void)
{
    test_stat_layout();
    test_stat_convert();
    test_epoll();
    test_termios();
    test_table();
    test_exec_helpers();
    test_format();
    test_guest_view();
    return unit_status();
}
