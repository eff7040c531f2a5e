/* vtest: vlen=128,256
 * vsetvli / vsetivli chains inside one basic block, each followed by reads of vl, vtype and
 * vstart: the translator leaves out the stores of a vstart, vtype or vl that env already holds
 * (user mode knows them exactly), so every case here changes exactly one of them, keeps all
 * of them, or comes right after a block entry with vstart != 0 or a vill vtype.
 * The jump-cache key (VCPU.jc_key) a vsetvli stores is left out only when a later one in the
 * same extended basic block overwrites it: vk_case changes vtype, leaves its superblock by a
 * taken branch and calls vk_g (the goto_ptr probe reads the key) after vk_g was translated
 * under the old vtype; the call must find vk_g's block of the new vtype (e8: 0xff + 1 = 0 in
 * element 0; the e32 block would give 256). */
#include <stdio.h>
#include <stdint.h>

#define RD(csr) ({ uint64_t _v; __asm__ volatile("csrr %0, " #csr : "=r"(_v)); _v; })

static void show(const char *what, uint64_t vl, uint64_t vtype, uint64_t vstart)
{
    printf("%-28s vl=%llu vtype=%#llx vstart=%llu\n", what, (unsigned long long)vl,
           (unsigned long long)vtype, (unsigned long long)vstart);
}

/* one asm statement: one basic block from the first vsetvli to the csrr's */
#define CHAIN(name, insns) do { \
    uint64_t vl_, vt_, vs_; \
    __asm__ volatile(insns "\n\tcsrr %0, vl\n\tcsrr %1, vtype\n\tcsrr %2, vstart" \
                     : "=r"(vl_), "=r"(vt_), "=r"(vs_) : : "t0", "memory"); \
    show(name, vl_, vt_, vs_); \
} while (0)

/* vk_g: element 0 of v1 + v2 at the current SEW. vk_case(take, vk_g): vk_g under e32, then
 * e8, a branch (taken when take != 0) to a call of vk_g, else e32 again and -1. */
__asm__(".pushsection .text\n\t.balign 64\n"
        "vk_g:\n\t"
        "vadd.vv v3, v1, v2\n\t"
        "vmv.x.s a0, v3\n\t"
        "ret\n\t"
        ".balign 64\n"
        "vk_case:\n\t"
        "addi sp, sp, -16\n\t"
        "sd ra, 8(sp)\n\t"
        "sd a0, 0(sp)\n\t"
        "li t1, 0xff\n\t"
        "vsetvli t0, zero, e32, m1, ta, ma\n\t"
        "vmv.v.x v1, t1\n\t"
        "vmv.v.i v2, 1\n\t"
        "jalr a1\n\t"
        "ld a0, 0(sp)\n\t"
        "vsetvli t0, zero, e8, m1, ta, ma\n\t"
        "bnez a0, 1f\n\t"
        "vsetvli t0, zero, e32, m1, ta, ma\n\t"
        "li a0, -1\n\t"
        "j 2f\n"
        "1:\n\t"
        "jalr a1\n"
        "2:\n\t"
        "ld ra, 8(sp)\n\t"
        "addi sp, sp, 16\n\t"
        "ret\n\t"
        ".popsection");
extern char vk_g[];
long vk_case(long take, void *g);

int main(void)
{
    for (int i = 0; i < 4; i++)
        printf("key: taken %ld, not taken %ld\n", vk_case(1, vk_g), vk_case(0, vk_g));
    /* the same vl, vtype switching back and forth (gcc's mixed-width prologues) */
    CHAIN("same vl, new vtype", "vsetivli zero, 4, e8, mf4, ta, mu\n\t"
          "vsetvli zero, zero, e32, m1, ta, ma\n\tvsetvli zero, zero, e8, mf4, ta, mu\n\t"
          "vsetvli zero, zero, e16, mf2, ta, ma");
    /* the same vtype, a new vl */
    CHAIN("same vtype, new vl", "vsetivli zero, 4, e8, m1, ta, ma\n\t"
          "vsetivli zero, 2, e8, m1, ta, ma");
    CHAIN("same vtype, vl 0", "vsetivli zero, 3, e16, m1, ta, ma\n\t"
          "vsetivli zero, 0, e16, m1, ta, ma");
    /* nothing new */
    CHAIN("all the same", "vsetivli zero, 5, e32, m2, ta, ma\n\t"
          "vsetivli zero, 5, e32, m2, ta, ma");
    /* VLMAX, then the same ratio at another SEW (vl kept: VLMAX again) */
    CHAIN("vlmax, same ratio", "vsetvli t0, zero, e8, m1, ta, ma\n\t"
          "vsetvli zero, zero, e16, m2, ta, ma");
    /* vill: vl 0, then a valid vtype with vl 0 again and with vl 1 */
    CHAIN("vill", "vsetivli zero, 4, e8, m1, ta, ma\n\tvsetivli zero, 4, e64, mf8, ta, ma");
    CHAIN("vill twice", "vsetivli zero, 4, e64, mf8, ta, ma\n\t"
          "vsetivli zero, 4, e64, mf8, ta, ma");
    CHAIN("vill, then vl 0", "vsetivli zero, 4, e64, mf8, ta, ma\n\t"
          "vsetivli zero, 0, e8, m1, ta, ma");
    CHAIN("vill, then vl 1", "vsetivli zero, 4, e64, mf8, ta, ma\n\t"
          "vsetivli zero, 1, e8, m1, ta, ma");
    /* a block entered with vill (the previous chain ended in one) */
    CHAIN("entered with vill", "vsetivli zero, 4, e64, mf8, ta, ma");
    CHAIN("after vill block", "vsetivli zero, 0, e8, m1, ta, ma");
    /* vstart written (the block ends there), then the same vtype and vl */
    for (int i = 0; i < 3; i++) {
        __asm__ volatile("vsetivli zero, 6, e8, m1, ta, ma\n\tli t0, 3\n\tcsrw vstart, t0"
                         : : : "t0");
        CHAIN("vstart 3, same vtype/vl", "vsetivli zero, 6, e8, m1, ta, ma");
    }
    __asm__ volatile("vsetivli zero, 6, e8, m1, ta, ma\n\tli t0, 2\n\tcsrw vstart, t0" : : : "t0");
    CHAIN("vstart 2, csrr first", "nop");
    __asm__ volatile("csrw vstart, zero");
    return 0;
}
