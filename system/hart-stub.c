/*
 * Stand-ins for the CPU side (system/hart.h, system/machine.h) while this branch is built
 * without it: weak definitions, so the CPU side's real ones win as soon as they are linked in.
 * Without them the machine builds and its options, device tree and boot images can be tested,
 * but no guest code runs: machine_cpu_init says so and the run ends with status 1.
 */
#include <stdio.h>
#include "system/hart.h"

#define WEAK __attribute__((weak))

WEAK int machine_cpu_init(Machine *m, const HartConfig *cfg)
{
    fprintf(stderr, "qelt: this build has no CPU side (guest code cannot run)\n");
    return -1;
}

WEAK struct VCPU *hart_new(Machine *m, int hartid, const HartConfig *cfg) { return NULL; }
WEAK int machine_run(Machine *m) { return 1; }
WEAK void machine_cpu_exit(Machine *m) {}
WEAK void hart_set_mip(struct VCPU *cpu, uint64_t bits, int level) {}
WEAK void machine_notify_code_write(Machine *m, uint64_t pa, uint64_t len) {}
WEAK bool hart_virt_rw(struct VCPU *cpu, uint64_t va, void *buf, uint64_t len, bool write)
{
    return false;
}
