/* vtest: vlen=128,256,512,1024
 * vsetvli / vsetivli / vsetvl: vl = min(AVL, VLMAX) for every SEW and LMUL (fractional too),
 * the rd = x0 / rs1 = x0 forms, vill (vl = 0, rd = 0) for reserved or unsupported vtypes;
 * vtype read back with csrr when the CSRs exist is left to the CSR tests. */
#include <stdio.h>
#include <stdint.h>

static uint64_t vsetvl(uint64_t avl, uint64_t vtype)
{
    uint64_t vl;
    __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(avl), "r"(vtype));
    return vl;
}

#define VSETVLI(avl, vt) ({ uint64_t _vl; \
    __asm__ volatile("vsetvli %0, %1, " vt : "=r"(_vl) : "r"((uint64_t)(avl))); _vl; })
#define VSETIVLI(avl, vt) ({ uint64_t _vl; \
    __asm__ volatile("vsetivli %0, " #avl ", " vt : "=r"(_vl)); _vl; })

int main(void)
{
    static const uint64_t avls[] = { 0, 1, 3, 8, 17, 64, 100, 1000, ~0ull };
    for (unsigned sew = 0; sew < 8; sew++)
        for (unsigned lmul = 0; lmul < 8; lmul++) {
            printf("sew=%u lmul=%u:", sew, lmul);
            for (unsigned i = 0; i < sizeof avls / sizeof avls[0]; i++)
                printf(" %llu", (unsigned long long)vsetvl(avls[i], sew << 3 | lmul | 0xc0));
            printf("\n");
        }
    /* reserved bits: vill */
    printf("bit8: %llu bit62: %llu vill: %llu ok: %llu\n",
           (unsigned long long)vsetvl(5, 0x100 | 0x10), (unsigned long long)vsetvl(5, 1ull << 62),
           (unsigned long long)vsetvl(5, 1ull << 63), (unsigned long long)vsetvl(5, 0x10));
    printf("vsetvli e32 m1: %llu %llu\n", (unsigned long long)VSETVLI(3, "e32,m1,ta,ma"),
           (unsigned long long)VSETVLI(1000, "e32,m1,ta,ma"));
    printf("vsetvli e8 m8: %llu\n", (unsigned long long)VSETVLI(100000, "e8,m8,tu,mu"));
    printf("vsetvli e64 mf2 (vill): %llu\n", (unsigned long long)VSETVLI(3, "e64,mf2,ta,ma"));
    printf("vsetivli: %llu %llu %llu\n", (unsigned long long)VSETIVLI(31, "e8,mf8,ta,ma"),
           (unsigned long long)VSETIVLI(31, "e64,m2,ta,ma"), (unsigned long long)VSETIVLI(0, "e16,m1,tu,ma"));
    /* rs1 = x0, rd != x0: VLMAX */
    uint64_t vl;
    __asm__ volatile("vsetvli %0, zero, e16, m4, ta, ma" : "=r"(vl));
    printf("vlmax e16 m4: %llu\n", (unsigned long long)vl);
    /* rd = rs1 = x0: keep vl (here 8 at e64,m1 -> min(8, VLMAX) at e32,m2) */
    __asm__ volatile("vsetivli zero, 8, e64, m8, ta, ma\n\t"
                     "vsetvli zero, zero, e32, m2, ta, ma\n\t"
                     "vsetvli %0, zero, e8, m1, ta, ma" : "=r"(vl));
    printf("vlmax e8 m1 (vlenb): %llu\n", (unsigned long long)vl);
    /* rd = rs1: the AVL is read before rd is written */
    uint64_t r = 7;
    __asm__ volatile("vsetvli %0, %0, e8, m1, ta, ma" : "+r"(r));
    printf("rd=rs1: %llu\n", (unsigned long long)r);
    return 0;
}
