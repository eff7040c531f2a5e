/*
 * Unit test of the QEMU 7.2-style disassembler (guest/riscv/disas-qemu.c): every case of
 * riscv-disas-qemu-cases.h (lines qemu-riscv64 7.2 printed) must come out byte for byte,
 * through guest_disas_qemu over the raw bytes, as qemu_plugin_insn_disas calls it; truncated
 * input and invalid encodings; and -d in_asm's objdump style (guest_disas) stays as it was.
 * The live comparison with qemu-riscv64 is tests/plugins/qemu-disas.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "decode.h"
#include "disas-qemu.h"
#include "guest.h"

typedef struct Case { uint64_t pc; uint32_t raw; int len; const char *want; } Case;

static const Case cases[] = {
#include "riscv-disas-qemu-cases.h"
};

int main(void)
{
    int bad = 0, n = (int)(sizeof cases / sizeof cases[0]);
    char buf[192];
    for (int i = 0; i < n; i++) {
        const Case *c = &cases[i];
        uint8_t b[4] = { c->raw & 0xff, c->raw >> 8 & 0xff, c->raw >> 16 & 0xff, c->raw >> 24 };
        int r = guest_disas_qemu(buf, sizeof buf, c->pc, b, (size_t)c->len);
        /* the return value is qelt's decoder's verdict (0 = invalid), not QEMU's */
        if (strcmp(buf, c->want) || (r != 0 && r != c->len)) {
            if (bad++ < 10)
                UNIT_FAIL("riscv-disas-qemu/cases", "pc %#llx %08x: \"%s\" want \"%s\" (ret %d)",
                          (unsigned long long)c->pc, c->raw, buf, c->want, r);
        }
    }
    if (!bad)
        printf("PASS riscv-disas-qemu/cases (%d lines of qemu-riscv64 7.2)\n", n);

    /* a 32-bit instruction cut short; the bare RVInsn entry point */
    const uint8_t jal[4] = { 0xef, 0x00, 0x20, 0x02 };   /* jal ra,34 */
    int r = guest_disas_qemu(buf, sizeof buf, 0x1000, jal, 2);
    UNIT_CHECK("riscv-disas-qemu/truncated", r == 0 && !strcmp(buf, "(truncated instruction)"),
               "ret %d \"%s\"", r, buf);
    RVInsn in;
    rv_decode(&in, jal, 4);
    char small[8];
    int len = rv_disas_qemu(small, sizeof small, 0x1000, &in);
    rv_disas_qemu(buf, sizeof buf, 0x1000, &in);
    UNIT_CHECK("riscv-disas-qemu/bounded", len == (int)strlen(buf) && !strncmp(small, buf, 7) &&
               !small[7], "len %d \"%s\" of \"%s\"", len, small, buf);
    /* -d in_asm keeps objdump's style */
    r = guest_disas(buf, sizeof buf, 0x1000, jal, 4);
    UNIT_CHECK("riscv-disas-qemu/objdump-kept", r == 4 && !strcmp(buf, "jal ra,0x1022"),
               "\"%s\"", buf);
    return unit_status();
}
