/*
 * The command line of qelt-system-riscv64, in qemu-system-riscv64's spellings (a subset: what the
 * virt board and this machine have). Options start with one or two dashes; every option takes
 * its argument as the next word. A table lists each option once with its help line.
 *
 * Invariants: every bad input ends in sys_fatal ("qelt: ..." on stderr, exit 1) before the
 * machine exists; -help, -version, -M help, -cpu help, -d help and -device help print to stdout
 * and exit 0. Suboption lists ("a=b,c=d") are parsed by one helper.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "system/board.h"
#include "system/hart.h"
#include "runtime.h"
#include "cpu-ext.h"

#define QELT_VERSION "0.1"
#define MiB (1ULL << 20)

static const struct LogItem { const char *name; int mask; const char *help; } log_items[] = {
    { "in_asm",       LOG_IN_ASM,       "show guest instructions of each translated block" },
    { "op",           LOG_OP,           "show the IR of each block before optimization" },
    { "op_opt",       LOG_OP_OPT,       "show the IR after optimization" },
    { "out_asm",      LOG_OUT_ASM,      "show the generated host code" },
    { "exec",         LOG_EXEC,         "show each executed translation block" },
    { "int",          LOG_INT,          "show every trap and interrupt taken" },
    { "mmu",          LOG_MMU,          "log page-walk faults" },
    { "guest_errors", LOG_GUEST_ERRORS, "log when the guest does something invalid" },
    { "unimp",        LOG_UNIMP,        "log unimplemented functionality" },
    { "plugin",       LOG_PLUGIN,       "output from TCG plugins" },
    { "stats",        LOG_STATS,        "print translation/execution statistics at exit" },
    { "nochain",      LOG_NOCHAIN,      "do not chain translated blocks (debugging)" },
};

enum {
    O_HELP, O_VERSION, O_MACHINE, O_CPU, O_M, O_SMP, O_BIOS, O_KERNEL, O_INITRD, O_APPEND,
    O_DTB, O_NOGRAPHIC, O_SERIAL, O_DRIVE, O_DEVICE, O_GLOBAL, O_NO_REBOOT, O_PERFMAP, O_D, O_DFILE,
    O_PLUGIN, O_S, O_GDB, O_STOP, O_ACCEL, O_DISPLAY, O_MONITOR, O_NETDEV, O_NIC,
};

static const struct OptDef {
    const char *name;
    int has_arg, id;
    const char *help;
} opt_defs[] = {
    { "h",         0, O_HELP,      NULL },
    { "help",      0, O_HELP,      "print this help and exit" },
    { "version",   0, O_VERSION,   "print the version and exit" },
    { "M",         1, O_MACHINE,   "machine: virt[,dumpdtb=FILE] (-M help lists machines)" },
    { "machine",   1, O_MACHINE,   NULL },
    { "cpu",       1, O_CPU,       "CPU model: rv64 or max (-cpu help)" },
    { "m",         1, O_M,         "RAM size, e.g. 512M or 2G (default 128M)" },
    { "smp",       1, O_SMP,       "number of harts: N or cpus=N" },
    { "bios",      1, O_BIOS,      "firmware: default (Debian's OpenSBI fw_dynamic), none or FILE" },
    { "kernel",    1, O_KERNEL,    "kernel: ELF or RISC-V Linux Image" },
    { "initrd",    1, O_INITRD,    "initial ram disk" },
    { "append",    1, O_APPEND,    "kernel command line" },
    { "dtb",       1, O_DTB,       "use this device tree blob instead of the generated one" },
    { "nographic", 0, O_NOGRAPHIC, "no display; serial on mon:stdio (the default anyway)" },
    { "serial",    1, O_SERIAL,    "serial backend: mon:stdio, stdio, file:PATH, null" },
    { "drive",     1, O_DRIVE,     "file=F[,format=raw][,if=none|virtio][,id=X][,readonly=on][,snapshot=on]" },
    { "device",    1, O_DEVICE,    "virtio-blk-device,drive=X[,serial=S] | virtio-rng-device | virtio-net-device[,netdev=X][,mac=M] [,bus=virtio-mmio-bus.N]" },
    { "netdev",    1, O_NETDEV,    "user,id=X[,net=ADDR/MASK][,host=A][,dns=A][,dhcpstart=A][,restrict=on][,hostfwd=[tcp|udp]:[HADDR]:HPORT-[GADDR]:GPORT]..." },
    { "nic",       1, O_NIC,       "user[,model=virtio-net-device][,mac=M][,-netdev user options]: both at once" },
    { "global",    1, O_GLOBAL,    "virtio-mmio.force-legacy=false|true" },
    { "no-reboot", 0, O_NO_REBOOT, "exit instead of rebooting" },
    { "perfmap",   0, O_PERFMAP,   "write /tmp/perf-<pid>.map for Linux perf (guest-0x<pc> per block)" },
    { "d",         1, O_D,         "log items (-d help lists them)" },
    { "D",         1, O_DFILE,     "write the log to a file" },
    { "plugin",    1, O_PLUGIN,    "[file=]PLUGIN[,arg=value...]: load a TCG plugin" },
    { "s",         0, O_S,         "gdb stub on tcp::1234 (same as -gdb tcp::1234)" },
    { "gdb",       1, O_GDB,       "gdb stub: tcp::PORT" },
    { "S",         0, O_STOP,      "wait for the debugger before the first instruction" },
    { "accel",     1, O_ACCEL,     "tcg[,thread=single|multi][,tb-size=N]" },
    { "display",   1, O_DISPLAY,   "none" },
    { "monitor",   1, O_MONITOR,   "none" },
};

void sys_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qelt_vfatal(fmt, ap);
}

static void usage(void)
{
    printf("usage: qelt-system-riscv64 [options]\n"
           "RISC-V rv64gc full-system emulation of QEMU's virt board (dynamic binary "
           "translation to x86-64)\n\n");
    for (size_t i = 0; i < sizeof opt_defs / sizeof opt_defs[0]; i++)
        if (opt_defs[i].help)
            printf("  -%-10s %s %s\n", opt_defs[i].name, opt_defs[i].has_arg ? "ARG" : "   ",
                   opt_defs[i].help);
    printf("\nCtrl-A x quits, Ctrl-A h helps (with -serial mon:stdio).\n");
}

/* "key=value,key=value" with an optional leading bare word (returned in *first). Each call of
 * next_kv gives one pair; false at the end. */
typedef struct KV { char *save, *cur; } KV;
static bool next_kv(KV *kv, char **key, char **val)
{
    char *t = strtok_r(kv->cur, ",", &kv->save);
    kv->cur = NULL;
    if (!t)
        return false;
    char *eq = strchr(t, '=');
    *key = t;
    *val = eq ? (*eq = 0, eq + 1) : NULL;
    return true;
}

static bool parse_bool(const char *opt, const char *key, const char *val)
{
    if (!val || !strcmp(val, "on") || !strcmp(val, "true") || !strcmp(val, "yes"))
        return true;
    if (!strcmp(val, "off") || !strcmp(val, "false") || !strcmp(val, "no"))
        return false;
    sys_fatal("%s: bad value '%s' for %s (on or off)", opt, val, key);
}

static char *dup_arg(const char *a)
{
    char *s = strdup(a);
    if (!s)
        sys_fatal("out of memory");
    return s;
}

static void parse_machine(SysOptions *o, const char *arg)
{
    if (!strcmp(arg, "help")) {
        printf("Supported machines are:\nvirt                 RISC-V VirtIO board (default)\n");
        exit(0);
    }
    char *buf = dup_arg(arg);   /* nothing points into it afterwards: freed below */
    KV kv = { NULL, buf };
    char *k, *v;
    bool first = true;
    while (next_kv(&kv, &k, &v)) {
        if (first && !v) {
            if (strcmp(k, "virt"))
                sys_fatal("unsupported machine type '%s' (-M help lists them)", k);
        } else if (!strcmp(k, "type") && v) {
            if (strcmp(v, "virt"))
                sys_fatal("unsupported machine type '%s' (-M help lists them)", v);
        } else if (!strcmp(k, "dumpdtb") && v && *v) {
            o->dumpdtb = dup_arg(v);
        } else {
            sys_fatal("-machine: unsupported property '%s'", k);
        }
        first = false;
    }
    free(buf);
}

static uint64_t parse_size(const char *arg)
{
    const char *s = arg;
    if (!strncmp(s, "size=", 5))
        s += 5;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v <= 0 || *s == '-')
        sys_fatal("bad RAM size '%s'", arg);
    unsigned shift = 20;                 /* no suffix: MiB, as QEMU */
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 't': case 'T': shift = 40; end++; break;
    case 'b': case 'B': shift = 0; end++; break;
    }
    if (*end && strcmp(end, "iB") && strcmp(end, "B"))
        sys_fatal("bad RAM size '%s'", arg);
    double bytes = v * (double)(1ULL << shift);
    if (bytes < 16 * MiB || bytes > (double)(64ULL << 30))
        sys_fatal("RAM size '%s' out of range (16M to 64G)", arg);
    return ((uint64_t)bytes + 4095) & ~4095ULL;
}

static int parse_smp(const char *arg)
{
    const char *s = !strncmp(arg, "cpus=", 5) ? arg + 5 : arg;
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || (*end && *end != ','))
        sys_fatal("bad -smp '%s'", arg);
    if (n < 1 || n > MACHINE_MAX_HARTS)
        sys_fatal("-smp %ld: the virt board here has 1 to %d harts", n, MACHINE_MAX_HARTS);
    return (int)n;
}

static void parse_serial(SysOptions *o, const char *arg)
{
    if (!strcmp(arg, "mon:stdio"))
        o->serial = SERIAL_MON_STDIO;
    else if (!strcmp(arg, "stdio"))
        o->serial = SERIAL_STDIO;
    else if (!strcmp(arg, "null") || !strcmp(arg, "none"))
        o->serial = SERIAL_NULL;
    else if (!strncmp(arg, "file:", 5) && arg[5]) {
        o->serial = SERIAL_FILE;
        o->serial_path = arg + 5;
    } else
        sys_fatal("unsupported -serial backend '%s' (mon:stdio, stdio, file:PATH, null)", arg);
}

static void add_device(SysOptions *o, DeviceOpt d)
{
    if (o->n_devices >= VIRTIO_SLOTS)
        sys_fatal("too many virtio devices (the board has %d slots)", VIRTIO_SLOTS);
    o->devices[o->n_devices++] = d;
}

static void parse_drive(SysOptions *o, const char *arg)
{
    if (o->n_drives >= SYS_MAX_DRIVES)
        sys_fatal("too many -drive options (at most %d)", SYS_MAX_DRIVES);
    DriveOpt *d = &o->drives[o->n_drives++];
    memset(d, 0, sizeof *d);
    char *buf = dup_arg(arg);   /* values kept are copied: freed below */
    KV kv = { NULL, buf };
    char *k, *v;
    bool if_given = false;
    while (next_kv(&kv, &k, &v)) {
        if (!v)
            sys_fatal("-drive: '%s' needs a value", k);
        if (!strcmp(k, "file"))
            d->file = dup_arg(v);
        else if (!strcmp(k, "id"))
            d->id = dup_arg(v);
        else if (!strcmp(k, "format")) {
            if (strcmp(v, "raw"))
                sys_fatal("-drive: format '%s' is not supported (raw only)", v);
        } else if (!strcmp(k, "if")) {
            if (!strcmp(v, "virtio"))
                d->if_virtio = true;
            else if (strcmp(v, "none"))
                sys_fatal("-drive: if=%s is not supported on the virt board (none or virtio)", v);
            if_given = true;
        } else if (!strcmp(k, "readonly"))
            d->readonly = parse_bool("-drive", k, v);
        else if (!strcmp(k, "snapshot"))
            d->snapshot = parse_bool("-drive", k, v);
        else if (!strcmp(k, "media")) {
            if (strcmp(v, "disk"))
                sys_fatal("-drive: media=%s is not supported", v);
        } else if (strcmp(k, "cache") && strcmp(k, "aio") && strcmp(k, "discard"))
            sys_fatal("-drive: unsupported option '%s'", k);
    }
    free(buf);
    if (!d->file || !*d->file)
        sys_fatal("-drive: file= is missing");
    if (!if_given)
        sys_fatal("-drive %s: the virt board has no default interface: give if=none (with "
                  "-device virtio-blk-device,drive=ID) or if=virtio", d->file);
    for (int i = 0; i < o->n_drives - 1; i++)
        if (d->id && o->drives[i].id && !strcmp(o->drives[i].id, d->id))
            sys_fatal("-drive: duplicate id '%s'", d->id);
    if (d->if_virtio) {
        char *id;
        if (!d->id && asprintf(&id, "virtio%d", o->n_drives - 1) < 0)
            sys_fatal("out of memory");
        if (!d->id)
            d->id = id;
        add_device(o, (DeviceOpt){ .kind = DEV_VIRTIO_BLK, .drive = d->id, .bus = -1 });
    }
}

static int parse_bus(const char *v)
{
    const char *p = "virtio-mmio-bus.";
    char *end;
    if (strncmp(v, p, strlen(p)))
        sys_fatal("-device: bus '%s' not found (virtio-mmio-bus.0 to .%d)", v, VIRTIO_SLOTS - 1);
    long n = strtol(v + strlen(p), &end, 10);
    if (*end || end == v + strlen(p) || n < 0 || n >= VIRTIO_SLOTS)
        sys_fatal("-device: bus '%s' not found (virtio-mmio-bus.0 to .%d)", v, VIRTIO_SLOTS - 1);
    return (int)n;
}

static void parse_mac(DeviceOpt *d, const char *opt, const char *v)
{
    unsigned x[6];
    char end;
    if (sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%c", &x[0], &x[1], &x[2], &x[3], &x[4], &x[5], &end) != 6 ||
        strlen(v) != 17)
        sys_fatal("%s: bad mac address '%s' (xx:xx:xx:xx:xx:xx)", opt, v);
    if (x[0] & 1)
        sys_fatal("%s: mac address '%s' is a multicast address", opt, v);
    for (int i = 0; i < 6; i++)
        d->mac[i] = (uint8_t)x[i];
    d->has_mac = true;
}

/* One "-netdev user" suboption into nd; false when key is not one. */
static bool netdev_user_opt(NetdevOpt *nd, const char *opt, const char *k, const char *v)
{
    UserNetConfig *c = &nd->cfg;
    struct in_addr a;
    uint32_t *addr = !strcmp(k, "host") ? &c->host : !strcmp(k, "dns") ? &c->dns
                   : !strcmp(k, "dhcpstart") ? &c->dhcp_start : NULL;
    if (!strcmp(k, "id"))
        nd->id = dup_arg(v);
    else if (!strcmp(k, "net")) {
        if (!user_net_config_set_net(c, v))
            sys_fatal("%s: bad net= '%s' (ADDR[/MASK], e.g. 10.0.2.0/24)", opt, v);
    } else if (addr) {
        if (inet_pton(AF_INET, v, &a) != 1 || (a.s_addr & c->mask) != c->net)
            sys_fatal("%s: %s= '%s' is not an address in the user network", opt, k, v);
        *addr = a.s_addr;
    } else if (!strcmp(k, "hostfwd")) {
        if (!user_net_config_add_fwd(c, v))
            sys_fatal("%s: bad or too many hostfwd rules at '%s' "
                      "([tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, at most %d)", opt, v,
                      USER_NET_MAX_FWD);
    } else if (!strcmp(k, "restrict"))
        c->restricted = parse_bool(opt, k, v);
    else if (!strcmp(k, "ipv4")) {
        if (!parse_bool(opt, k, v))
            sys_fatal("%s: ipv4=off is not supported", opt);
    } else if (!strcmp(k, "ipv6")) {
        if (parse_bool(opt, k, v) && v)
            sys_fatal("%s: ipv6=on is not supported (IPv4 only)", opt);
    } else
        return false;
    return true;
}

static NetdevOpt *new_netdev(SysOptions *o, const char *opt)
{
    if (o->n_netdevs >= SYS_MAX_NETDEVS)
        sys_fatal("%s: too many network backends (at most %d)", opt, SYS_MAX_NETDEVS);
    NetdevOpt *nd = &o->netdevs[o->n_netdevs++];
    memset(nd, 0, sizeof *nd);
    user_net_config_default(&nd->cfg);
    return nd;
}

static void check_netdev_id(const SysOptions *o, const NetdevOpt *nd, const char *opt)
{
    if (!nd->id || !*nd->id)
        sys_fatal("%s: id= is missing", opt);
    for (const NetdevOpt *p = o->netdevs; p < nd; p++)
        if (!strcmp(p->id, nd->id))
            sys_fatal("%s: duplicate id '%s'", opt, nd->id);
}

/* -netdev user,id=X,... */
static void parse_netdev(SysOptions *o, const char *arg)
{
    if (!strcmp(arg, "help")) {
        printf("Available netdev backend types:\nuser\n");
        exit(0);
    }
    char *buf = dup_arg(arg);   /* values kept are copied: freed below */
    KV kv = { NULL, buf };
    char *k, *v;
    if (!next_kv(&kv, &k, &v) || v)
        sys_fatal("-netdev: missing backend type in '%s' (user)", arg);
    if (strcmp(k, "user"))
        sys_fatal("-netdev: backend type '%s' is not supported (user)", k);
    NetdevOpt *nd = new_netdev(o, "-netdev");
    while (next_kv(&kv, &k, &v)) {
        if (!v)
            sys_fatal("-netdev: '%s' needs a value", k);
        if (!netdev_user_opt(nd, "-netdev", k, v))
            sys_fatal("-netdev: invalid parameter '%s'", k);
    }
    free(buf);
    check_netdev_id(o, nd, "-netdev");
}

/* -nic user[,model=virtio-net-device][,mac=M][,netdev options]: a backend and its NIC. */
static void parse_nic(SysOptions *o, const char *arg)
{
    char *buf = dup_arg(arg);   /* values kept are copied: freed below */
    KV kv = { NULL, buf };
    char *k, *v;
    if (!next_kv(&kv, &k, &v) || v)
        sys_fatal("-nic: missing backend type in '%s' (user)", arg);
    if (strcmp(k, "user"))
        sys_fatal("-nic: backend type '%s' is not supported (user)", k);
    NetdevOpt *nd = new_netdev(o, "-nic");
    DeviceOpt d = { .kind = DEV_VIRTIO_NET, .bus = -1 };
    while (next_kv(&kv, &k, &v)) {
        if (!v)
            sys_fatal("-nic: '%s' needs a value", k);
        if (!strcmp(k, "model")) {
            if (strcmp(v, "virtio-net-device") && strcmp(v, "virtio") && strcmp(v, "virtio-net"))
                sys_fatal("-nic: model '%s' is not supported (virtio-net-device)", v);
        } else if (!strcmp(k, "mac"))
            parse_mac(&d, "-nic", v);
        else if (!netdev_user_opt(nd, "-nic", k, v))
            sys_fatal("-nic: invalid parameter '%s'", k);
    }
    free(buf);
    if (!nd->id && asprintf((char **)&nd->id, "__nic%d", o->n_netdevs - 1) < 0)
        sys_fatal("out of memory");
    check_netdev_id(o, nd, "-nic");
    d.netdev = nd->id;
    add_device(o, d);
}

static void parse_device(SysOptions *o, const char *arg)
{
    if (!strcmp(arg, "help")) {
        printf("virtio-blk-device   drive=ID[,serial=S][,bus=virtio-mmio-bus.N]\n"
               "virtio-net-device   [netdev=ID][,mac=52:54:00:12:34:56][,bus=virtio-mmio-bus.N]\n"
               "virtio-rng-device   [bus=virtio-mmio-bus.N]\n");
        exit(0);
    }
    char *buf = dup_arg(arg);   /* values kept are copied: freed below */
    KV kv = { NULL, buf };
    char *k, *v;
    if (!next_kv(&kv, &k, &v) || v)
        sys_fatal("-device: missing device name in '%s'", arg);
    DeviceOpt d = { .kind = DEV_VIRTIO_RNG, .bus = -1 };
    if (!strcmp(k, "virtio-blk-device"))
        d.kind = DEV_VIRTIO_BLK;
    else if (!strcmp(k, "virtio-net-device"))
        d.kind = DEV_VIRTIO_NET;
    else if (strcmp(k, "virtio-rng-device"))
        sys_fatal("-device: '%s' is not a supported device (-device help)", k);
    while (next_kv(&kv, &k, &v)) {
        if (!v)
            sys_fatal("-device: '%s' needs a value", k);
        if (!strcmp(k, "bus"))
            d.bus = parse_bus(v);
        else if (!strcmp(k, "drive") && d.kind == DEV_VIRTIO_BLK)
            d.drive = dup_arg(v);
        else if (!strcmp(k, "serial") && d.kind == DEV_VIRTIO_BLK)
            d.serial = dup_arg(v);
        else if (!strcmp(k, "netdev") && d.kind == DEV_VIRTIO_NET)
            d.netdev = dup_arg(v);
        else if (!strcmp(k, "mac") && d.kind == DEV_VIRTIO_NET)
            parse_mac(&d, "-device", v);
        else if (strcmp(k, "id"))
            sys_fatal("-device: property '%s' is not supported", k);
    }
    free(buf);
    if (d.kind == DEV_VIRTIO_BLK && !d.drive)
        sys_fatal("-device virtio-blk-device: drive property not set");
    for (int i = 0; i < o->n_devices; i++)
        if (d.bus >= 0 && o->devices[i].bus == d.bus)
            sys_fatal("-device: bus 'virtio-mmio-bus.%d' is full", d.bus);
    add_device(o, d);
}

static int parse_log(const char *arg)
{
    if (!strcmp(arg, "help")) {
        printf("Log items (comma separated):\n");
        for (size_t i = 0; i < sizeof log_items / sizeof log_items[0]; i++)
            printf("%-13s %s\n", log_items[i].name, log_items[i].help);
        exit(0);
    }
    int mask = 0;
    char *buf = dup_arg(arg);   /* values kept are copied: freed below */
    KV kv = { NULL, buf };
    char *k, *v;
    while (next_kv(&kv, &k, &v)) {
        size_t i;
        for (i = 0; i < sizeof log_items / sizeof log_items[0]; i++)
            if (!v && !strcmp(log_items[i].name, k))
                break;
        if (i == sizeof log_items / sizeof log_items[0])
            sys_fatal("unknown -d item '%s' (try -d help)", k);
        mask |= log_items[i].mask;
    }
    free(buf);
    return mask;
}

static int parse_gdb(const char *arg)
{
    const char *p = !strncmp(arg, "tcp:", 4) ? strrchr(arg, ':') + 1 : NULL;
    char *end;
    long port = p ? strtol(p, &end, 10) : 0;
    if (!p || !*p || *end || port <= 0 || port > 65535)
        sys_fatal("-gdb: unsupported device '%s' (tcp::PORT)", arg);
    return (int)port;
}

static void parse_accel(SysOptions *o, const char *arg)
{
    char *buf = dup_arg(arg);   /* nothing points into it afterwards: freed below */
    KV kv = { NULL, buf };
    char *k, *v;
    bool first = true;
    while (next_kv(&kv, &k, &v)) {
        if (first && !v ? strcmp(k, "tcg") : false)
            sys_fatal("-accel %s: only tcg is available", k);
        if (!first && strcmp(k, "thread") && strcmp(k, "tb-size"))
            sys_fatal("-accel: unsupported property '%s'", k);
        if (!first && !strcmp(k, "thread") && (!v || (strcmp(v, "single") && strcmp(v, "multi"))))
            sys_fatal("-accel: thread must be single or multi");
        if (!first && !strcmp(k, "thread"))
            o->thread_single = !strcmp(v, "single");
        first = false;
    }
    free(buf);
}

static void apply(SysOptions *o, const struct OptDef *d, const char *arg)
{
    switch (d->id) {
    case O_HELP: usage(); exit(0);
    case O_VERSION:
        printf("qelt-system-riscv64 version " QELT_VERSION
               " (RISC-V virt machine on x86-64; qemu-system-riscv64 7.2 compatible command line)\n");
        exit(0);
    case O_MACHINE: parse_machine(o, arg); break;
    case O_CPU:
        if (!strcmp(arg, "help")) {
            rv_isa_help(stdout);
            printf("(every model also has Sstc)\n");
            exit(0);
        } else {
            char err[160];
            if (!rv_isa_parse(arg, &o->isa_ext, &o->cpu_cfg, err, sizeof err))
                sys_fatal("%s", err);
        }
        o->cpu = arg;
        break;
    case O_M: o->ram_size = parse_size(arg); break;
    case O_SMP: o->smp = parse_smp(arg); break;
    case O_BIOS: o->bios = arg; break;
    case O_KERNEL: o->kernel = arg; break;
    case O_INITRD: o->initrd = arg; break;
    case O_APPEND: o->append = arg; break;
    case O_DTB: o->dtb = arg; break;
    case O_NOGRAPHIC: break;
    case O_SERIAL: parse_serial(o, arg); break;
    case O_DRIVE: parse_drive(o, arg); break;
    case O_DEVICE: parse_device(o, arg); break;
    case O_NETDEV: parse_netdev(o, arg); break;
    case O_NIC: parse_nic(o, arg); break;
    case O_GLOBAL:
        if (!strncmp(arg, "virtio-mmio.force-legacy=", 25))
            o->virtio_legacy = parse_bool("-global", "virtio-mmio.force-legacy", arg + 25);
        else
            sys_fatal("-global '%s' is not supported (virtio-mmio.force-legacy=on|off)", arg);
        break;
    case O_NO_REBOOT: o->no_reboot = true; break;
    case O_PERFMAP: o->perfmap = true; break;
    case O_D: o->log_mask |= parse_log(arg); break;
    case O_DFILE:
        if (!*arg)
            sys_fatal("-D needs a file name");
        o->log_file = arg;
        break;
    case O_PLUGIN: {
        const char **p = realloc(o->plugins, (size_t)(o->n_plugins + 1) * sizeof *p);
        if (!p)
            sys_fatal("out of memory");
        o->plugins = p;
        o->plugins[o->n_plugins++] = !strncmp(arg, "file=", 5) ? arg + 5 : arg;
        break;
    }
    case O_S: o->gdb_port = 1234; break;
    case O_GDB: o->gdb_port = parse_gdb(arg); break;
    case O_STOP: o->gdb_wait = true; break;
    case O_ACCEL: parse_accel(o, arg); break;
    case O_DISPLAY:
        if (strcmp(arg, "none"))
            sys_fatal("-display %s: no display here (-display none)", arg);
        break;
    case O_MONITOR:
        if (strcmp(arg, "none"))
            sys_fatal("-monitor %s: no monitor here (-monitor none)", arg);
        break;
    }
}

void sys_parse_options(SysOptions *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->cpu = "max";
    /* The default is max without the vector family, as qemu-system-riscv64 7.2's max (V off):
     * with V in riscv,isa Debian's kernel uses vector code itself (user copies) and offers V
     * to every program. -cpu max or -cpu rv64,v=true turn it on. Zkr is left out too: Debian
     * 12's OpenSBI does not set mseccfg.SSEED, and a 6.12 kernel that finds zkr in the device
     * tree reads seed in S-mode early in boot and dies on the illegal-instruction trap. */
    o->isa_ext = rv_isa_max() & ~RV_EXT_VECTOR_MASK & ~RV_EXT_BIT(ZKR);
    o->ram_size = 128 * MiB;
    o->smp = 1;
    o->bios = "default";
    o->serial = SERIAL_MON_STDIO;
    o->virtio_legacy = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1])
            sys_fatal("unexpected argument '%s' (options start with -; try -help)", a);
        const char *name = a + 1 + (a[1] == '-');
        const struct OptDef *d = NULL;
        for (size_t k = 0; k < sizeof opt_defs / sizeof opt_defs[0]; k++)
            if (!strcmp(opt_defs[k].name, name))
                d = &opt_defs[k];
        if (!d)
            sys_fatal("unknown option '%s' (try -help)", a);
        const char *arg = NULL;
        if (d->has_arg) {
            if (++i >= argc)
                sys_fatal("option '%s' needs an argument", a);
            arg = argv[i];
        }
        apply(o, d, arg);
    }
    if (o->gdb_wait && !o->gdb_port)
        sys_fatal("-S needs -s or -gdb (there is no monitor to continue from)");
    if (o->initrd && !o->kernel)
        sys_fatal("-initrd needs -kernel");
    if (o->append && !o->kernel)
        sys_fatal("-append needs -kernel");
}
