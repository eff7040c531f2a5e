/* The vector CSRs in user mode (-cpu rv64,v=true,vlen=N): reset values, the writable bits of
 * vstart (lg2 VLEN), vxsat, vcsr and vxrm, vcsr as vxrm << 1 | vxsat, vlenb; a write to vl,
 * vtype or vlenb and any vector CSR access without V are illegal instructions (SIGILL, caught
 * here). Compared with qemu-riscv64 7.2 except the "vxrm 0xff" line: QEMU keeps all the bits
 * written to vxrm, the spec (and qelt) only two. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

static sigjmp_buf env;
static void on_ill(int sig) { siglongjmp(env, sig); }

#define RD(name) ({ uint64_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define WR(name, v) __asm__ volatile("csrw " #name ", %0" :: "r"((uint64_t)(v)))
#define TRY(label, stmt) do { \
	if (sigsetjmp(env, 1) == 0) { stmt; printf("%s: ok\n", label); } \
	else printf("%s: SIGILL\n", label); } while (0)

int main(int argc, char **argv)
{
	signal(SIGILL, on_ill);
	if (argc > 1) {   /* run without V: every access traps */
		TRY("read vl", (void)RD(vl));
		TRY("read vlenb", (void)RD(vlenb));
		TRY("write vxrm", WR(vxrm, 1));
		TRY("read vcsr", (void)RD(vcsr));
		return 0;
	}
	printf("reset: vl=%llu vtype=%#llx vstart=%llu vcsr=%llu\n", (unsigned long long)RD(vl),
	       (unsigned long long)RD(vtype), (unsigned long long)RD(vstart), (unsigned long long)RD(vcsr));
	printf("vlenb=%llu\n", (unsigned long long)RD(vlenb));
	WR(vstart, ~0ull);
	printf("vstart ~0 -> %#llx\n", (unsigned long long)RD(vstart));
	WR(vstart, 0);
	WR(vxsat, 0xff);
	printf("vxsat 0xff -> %llu vcsr=%llu\n", (unsigned long long)RD(vxsat), (unsigned long long)RD(vcsr));
	WR(vcsr, 0xfd);
	printf("vcsr 0xfd -> %llu vxrm=%llu vxsat=%llu\n", (unsigned long long)RD(vcsr),
	       (unsigned long long)RD(vxrm), (unsigned long long)RD(vxsat));
	WR(vxrm, 2);
	printf("vxrm 2 -> %llu vcsr=%llu\n", (unsigned long long)RD(vxrm), (unsigned long long)RD(vcsr));
	WR(vxrm, 0xff);
	printf("vxrm 0xff -> %llu\n", (unsigned long long)RD(vxrm));
	__asm__ volatile("csrwi vxrm, 0");
	__asm__ volatile("csrsi vxsat, 1");
	printf("csrsi vxsat -> %llu\n", (unsigned long long)RD(vxsat));
	TRY("write vl", WR(vl, 1));
	TRY("write vtype", WR(vtype, 0));
	TRY("csrs vlenb", __asm__ volatile("csrs vlenb, %0" :: "r"(1ull)));
	TRY("csrs vl with x0", __asm__ volatile("csrs vl, x0"));
	return 0;
}
