/*
 * The SiFive test finisher at 0x100000 (QEMU's "sifive,test0"): a 32-bit write to offset 0 ends
 * the run. Low 16 bits 0x5555 = pass (exit status 0), 0x3333 = fail with exit status bits 31..16,
 * 0x7777 = reset (the board restarts, or ends with status 0 under -no-reboot); 16-bit stores
 * (OpenSBI's) count too, with code 0. Linux reaches it
 * through the device tree's syscon-poweroff / syscon-reboot nodes. Anything else is a guest
 * error and is ignored; reads return 0.
 */
#include "hw/devices.h"
#include "system/board.h"

static uint64_t sifive_test_read(void *dev, uint64_t off, unsigned size)
{
    return 0;
}

static void sifive_test_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    SifiveTest *t = dev;
    if (off == 0 && (size == 2 || size == 4)) {      /* OpenSBI stores 16 bits */
        uint32_t code = (uint32_t)val >> 16;
        switch ((uint32_t)val & 0xffff) {
        case FINISHER_PASS:
            machine_request_shutdown(t->m, 0);
            return;
        case FINISHER_FAIL:
            machine_request_shutdown(t->m, (int)code);
            return;
        case FINISHER_RESET:
            machine_request_shutdown(t->m, t->m->no_reboot ? 0 : MACHINE_EXIT_RESET);
            return;
        }
    }
    hw_log(t->log, t->log && t->log->guest_errors,
           "sifive_test: write 0x%llx (size %u) at offset 0x%llx ignored\n",
           (unsigned long long)val, size, (unsigned long long)off);
}

const MMIOOps sifive_test_ops = { sifive_test_read, sifive_test_write };
