/* For tests/gdb's vector case (-cpu rv64,v=true,vlen=128): v1 holds bytes 0..15 and vl/vtype
 * are e8,m1 with vl 16 at the breakpoint in stop(); gdb writes v2, which the program prints. */
#include <stdio.h>
#include <stdint.h>

static uint8_t in[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static uint8_t out[16];

void __attribute__((noinline)) stop(void) { __asm__ volatile("" ::: "memory"); }

int main(void)
{
	__asm__ volatile("vsetivli zero, 16, e8, m1, ta, ma\n vle8.v v1, (%0)\n vle8.v v2, (%1)\n"
	                 :: "r"(in), "r"(out) : "memory");
	stop();
	__asm__ volatile("vse8.v v2, (%0)" :: "r"(out) : "memory");
	printf("v2 = %u %u .. %u\n", out[0], out[1], out[15]);
	return 0;
}
