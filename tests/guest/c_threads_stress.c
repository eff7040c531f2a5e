/* The multi-hart stress of tests/smp-vm (stress.c) in user mode: 4 guest threads on host threads
 * with atomics, a mutex, an LR/SC spinlock, a raw-futex semaphore, fresh code rewritten and
 * called (each icache flush drops the code cache in an exclusive section) and forks, 200
 * rounds. The child that would exec /bin/true exits 0 instead (exec of a guest binary from
 * qemu-riscv64 needs the host's binfmt). */
#define STRESS_NO_EXEC
#include "../smp-vm/stress.c"
