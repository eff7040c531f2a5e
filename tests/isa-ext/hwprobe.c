/* riscv_hwprobe (syscall 258) for every Linux 6.12 key, the WHICH_CPUS flag and bad input;
 * AT_HWCAP; the isa line of /proc/cpuinfo. run.sh compares the output for several -cpu
 * choices with expected files. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

struct pair { int64_t key; uint64_t value; };

static long hwprobe(struct pair *p, long n, long setsize, void *set, unsigned flags)
{
    long r = syscall(258, p, n, setsize, set, flags);
    return r < 0 ? -errno : r;
}

int main(void)
{
    struct pair p[13];
    for (int i = 0; i < 13; i++)
        p[i] = (struct pair){ i == 12 ? 99 : i, 0x5a5a };
    p[11].key = -5;
    printf("all: %ld\n", hwprobe(p, 13, 0, NULL, 0));
    for (int i = 0; i < 13; i++)
        printf("  key %lld = 0x%llx\n", (long long)p[i].key, (unsigned long long)p[i].value);
    uint64_t set = 1;
    struct pair one = { 4, 0 };
    printf("cpu0: %ld ext0=0x%llx\n", hwprobe(&one, 1, sizeof set, &set, 0),
           (unsigned long long)one.value);
    set = 0;
    printf("empty set: %ld\n", hwprobe(&one, 1, sizeof set, &set, 0));
    printf("bad flags: %ld\n", hwprobe(&one, 1, 0, NULL, 2));
    printf("bad pairs: %ld\n", hwprobe((struct pair *)8, 1, 0, NULL, 0));

    /* WHICH_CPUS: CPUs having Zba|Zbb (bits 3, 4) keep cpu0; asking for bit 2 (V) clears. */
    set = 1;
    struct pair w = { 4, 1 << 3 | 1 << 4 };
    printf("which zba+zbb: %ld set=%llx\n", hwprobe(&w, 1, sizeof set, &set, 1),
           (unsigned long long)set);
    set = 1;
    w = (struct pair){ 4, 1 << 2 };
    printf("which v: %ld set=%llx\n", hwprobe(&w, 1, sizeof set, &set, 1),
           (unsigned long long)set);
    set = 1;
    w = (struct pair){ 6, 64 };
    printf("which cboz64: %ld set=%llx\n", hwprobe(&w, 1, sizeof set, &set, 1),
           (unsigned long long)set);
    set = 1;
    w = (struct pair){ 77, 0 };
    printf("which badkey: %ld set=%llx key=%lld\n", hwprobe(&w, 1, sizeof set, &set, 1),
           (unsigned long long)set, (long long)w.key);
    printf("which no set: %ld\n", hwprobe(&w, 1, 0, NULL, 1));

    printf("hwcap: 0x%lx\n", getauxval(AT_HWCAP));
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "isa", 3)) {
            fputs(line, stdout);
            break;
        }
    return 0;
}
