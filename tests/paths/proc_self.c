/* The guest's own /proc: cmdline, environ, exe, maps, stat, auxv and /proc/cpuinfo as a
 * riscv64 Linux process sees them, reached as /proc/self/X, /proc/<pid>/X,
 * /proc/thread-self/X and relative to directory descriptors. Every line starts with a key
 * ("cmdline:", "maps-heap:" ...) so run.sh can compare qemu-riscv64 on the keys where it is
 * right. Lines print no addresses, only verdicts and stable text; the static and the dynamic
 * build print the same. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;
static char buf[1 << 18];

/* Whole file at (dirfd, path) into buf: its length, or -1. */
static long slurp_at(int dirfd, const char *path)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	long t = 0, n;
	while ((n = read(fd, buf + t, sizeof buf - 1 - t)) > 0)
		t += n;
	close(fd);
	buf[t] = 0;
	return t;
}
static long slurp(const char *path) { return slurp_at(AT_FDCWD, path); }

static void show(const char *key, const char *s, long n)
{
	printf("%s: ", key);
	for (long i = 0; i < n; i++)
		putchar(s[i] ? s[i] : '|');
	putchar('\n');
}

/* The same bytes through every spelling of the file's path. */
static void same_everywhere(const char *key, const char *name, const char *ref, long reflen)
{
	char p[256];
	int bad = 0;
	const char *forms[] = { "/proc/%d/%s", "/proc/thread-self/%s", "/proc/self/../self/%s",
	                        "/proc//self/./%s" };
	for (int i = 0; i < 4; i++) {
		if (i == 0)
			snprintf(p, sizeof p, forms[i], getpid(), name);
		else
			snprintf(p, sizeof p, forms[i], name);
		long n = slurp(p);
		if (n != reflen || memcmp(buf, ref, reflen)) {
			printf("%s: %s differs\n", key, p);
			bad = 1;
		}
	}
	int d = open("/proc/self", O_RDONLY | O_DIRECTORY), d2 = open("/proc", O_RDONLY | O_DIRECTORY);
	snprintf(p, sizeof p, "self/%s", name);
	long n1 = slurp_at(d, name);
	int ok1 = n1 == reflen && !memcmp(buf, ref, reflen);
	long n2 = slurp_at(d2, p);
	int ok2 = n2 == reflen && !memcmp(buf, ref, reflen);
	close(d);
	close(d2);
	if (!ok1 || !ok2) {
		printf("%s: via dirfd differs (%d %d)\n", key, ok1, ok2);
		bad = 1;
	}
	if (!bad)
		printf("%s: same via pid, thread-self, .., //, dirfds\n", key);
}

static char ref[1 << 18];

static void test_cmdline_environ(int argc, char **argv)
{
	long n = slurp("/proc/self/cmdline"), want = 0;
	for (int i = 0; i < argc; i++)
		want += strlen(argv[i]) + 1;
	show("cmdline", buf, n);
	printf("cmdline: %s\n", n == want ? "length matches argv" : "length differs from argv");
	memcpy(ref, buf, n);
	same_everywhere("cmdline-paths", "cmdline", ref, n);
	n = slurp("/proc/self/environ");
	show("environ", buf, n);
	/* a descriptor of a generated file names it in /proc/self/fd */
	char l[256], wl[64];
	int fd = open("/proc/self/maps", O_RDONLY);
	snprintf(l, sizeof l, "/proc/self/fd/%d", fd);
	snprintf(wl, sizeof wl, "/proc/%d/maps", getpid());
	n = readlink(l, l, sizeof l - 1);
	l[n > 0 ? n : 0] = 0;
	printf("fd-link: %s\n", strcmp(l, wl) ? l : "/proc/<pid>/maps");
	close(fd);
}

static void test_exe(void)
{
	char l[4096], l2[4096], real[4096];
	ssize_t n = readlink("/proc/self/exe", l, sizeof l - 1);
	l[n > 0 ? n : 0] = 0;
	if (!realpath("/proc/self/exe", real))
		strcpy(real, "?");
	printf("exe: readlink %s realpath\n", strcmp(l, real) ? "differs from" : "matches");
	const char *b = strrchr(l, '/');
	printf("exe: basename %s\n", b ? b + 1 : l);
	int d = open("/proc/self", O_RDONLY | O_DIRECTORY);
	n = readlinkat(d, "exe", l2, sizeof l2 - 1);
	l2[n > 0 ? n : 0] = 0;
	printf("exe-dirfd: readlinkat(dirfd) %s\n", strcmp(l, l2) ? "differs" : "same");
	char p[64];
	snprintf(p, sizeof p, "/proc/%d/exe", getpid());
	n = readlink(p, l2, sizeof l2 - 1);
	l2[n > 0 ? n : 0] = 0;
	printf("exe: /proc/<pid>/exe %s\n", strcmp(l, l2) ? "differs" : "same");
	Elf64_Ehdr eh;
	const char *how[] = { "/proc/self/exe", "exe" };
	for (int i = 0; i < 2; i++) {
		int fd = openat(i ? d : AT_FDCWD, how[i], O_RDONLY);
		const char *key = i ? "exe-dirfd" : "exe";
		if (fd < 0 || read(fd, &eh, sizeof eh) != sizeof eh)
			printf("%s: open %s failed\n", key, how[i]);
		else
			printf("%s: open %s gives e_machine %d\n", key, how[i], eh.e_machine);
		close(fd);
	}
	close(d);
}

/* The maps line covering addr: its fields, 0 if none. */
struct line { unsigned long s, e, off, ino; unsigned maj, min; char perm[5], name[512]; };
static int maps_find(unsigned long addr, struct line *L)
{
	long n = slurp("/proc/self/maps");
	char *save = NULL;
	if (n <= 0)
		return 0;
	for (char *ln = strtok_r(buf, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		int k = 0;
		L->name[0] = 0;
		if (sscanf(ln, "%lx-%lx %4s %lx %x:%x %lu %n", &L->s, &L->e, L->perm, &L->off, &L->maj,
		           &L->min, &L->ino, &k) < 7)
			continue;
		if (addr >= L->s && addr < L->e) {
			snprintf(L->name, sizeof L->name, "%s", ln + k);
			return 1;
		}
	}
	return 0;
}

static void test_maps(const char *exe)
{
	struct line L;
	int local = 0;
	if (maps_find((unsigned long)&local, &L))
		printf("maps-stack: %s %s\n", L.perm, L.name);
	if (maps_find((unsigned long)&test_maps, &L)) {
		const char *b = strrchr(L.name, '/');
		printf("maps-text: %s %s, %s\n", L.perm, b ? b + 1 : L.name,
		       strcmp(L.name, exe) ? "not the exe link" : "the exe link");
	}
	/* a file mapped at offset 4096 */
	const char *f = "mapped.bin";
	int fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
	static char page[3 * 4096];
	memset(page, 'x', sizeof page);
	if (write(fd, page, sizeof page) != sizeof page)
		printf("maps-file: write failed\n");
	struct stat st;
	fstat(fd, &st);
	char *m = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 4096);
	char real[4096];
	realpath(f, real);
	if (m != MAP_FAILED && maps_find((unsigned long)m + 4096, &L))
		printf("maps-file: %s offset %#lx, %s, %s, %s\n", L.perm, L.off,
		       L.ino == st.st_ino ? "inode ok" : "inode differs",
		       L.maj == major(st.st_dev) && L.min == minor(st.st_dev) ? "device ok" : "device differs",
		       strcmp(L.name, real) ? "name differs" : "name is the file's path");
	else
		printf("maps-file: not found\n");
	munmap(m, 8192);
	close(fd);
	unlink(f);
	/* the heap: brk grown by sbrk */
	char *top = sbrk(0);
	if (sbrk(65536) != (void *)-1 && maps_find((unsigned long)top + 100, &L))
		printf("maps-heap: %s %s\n", L.perm, L.name);
	else
		printf("maps-heap: not found\n");
	sbrk(-65536);
}

/* smaps: the same mappings as maps, each followed by its sizes; the stack's Size is its length. */
static void test_smaps(void)
{
	struct line L;
	int local = 0, nmaps = 0, nsmaps = 0, stack_ok = 0;
	if (!maps_find((unsigned long)&local, &L))
		return;
	long n = slurp("/proc/self/maps");
	for (long i = 0; i < n; i++)
		nmaps += buf[i] == '\n';
	n = slurp("/proc/self/smaps");
	char *save = NULL, *prev = "";
	for (char *ln = strtok_r(buf, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		unsigned long s, e, kb;
		if (sscanf(ln, "%lx-%lx ", &s, &e) == 2 && strchr(ln, ':'))
			nsmaps++, prev = ln;
		if (sscanf(ln, "Size: %lu kB", &kb) == 1 && strstr(prev, "[stack]"))
			stack_ok = kb * 1024 == L.e - L.s;
	}
	printf("smaps: %s mappings as maps, stack Size %s\n", nmaps == nsmaps ? "same" : "different",
	       stack_ok ? "matches" : "differs");
}

/* Field k (proc(5) numbering, >= 3) of a stat line. */
static unsigned long long stat_field(const char *s, int k)
{
	const char *p = strrchr(s, ')');
	for (int f = 2; p && f < k; f++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

static void test_stat(char **argv)
{
	long n = slurp("/proc/self/stat");
	char comm[64] = "";
	sscanf(buf, "%*d (%63[^)])", comm);
	printf("stat: pid %s, comm (%s)\n", atoi(buf) == getpid() ? "ok" : "differs", comm);
	unsigned long long sc = stat_field(buf, 26), ec = stat_field(buf, 27), ss = stat_field(buf, 28);
	unsigned long long as = stat_field(buf, 48), es = stat_field(buf, 50), vs = stat_field(buf, 23);
	unsigned long pc = (unsigned long)&test_stat;
	int local;
	printf("stat-guest: startcode <= code < endcode %s\n", sc <= pc && pc < ec ? "yes" : "no");
	printf("stat-guest: startstack above sp %s\n",
	       ss > (unsigned long)&local && ss - (unsigned long)&local < (1 << 20) ? "yes" : "no");
	printf("stat-guest: arg_start is argv[0] %s, env_start is environ[0] %s\n",
	       as == (unsigned long)argv[0] ? "yes" : "no",
	       environ[0] && es == (unsigned long)environ[0] ? "yes" : "no");
	printf("stat-guest: vsize below 1 GiB %s\n", vs > 0 && vs < (1ULL << 30) ? "yes" : "no");
	(void)n;
	/* status: the name, and the guest's address-space size as stat gives it */
	n = slurp("/proc/self/status");
	char *vm = strstr(buf, "\nVmSize:"), name[64] = "";
	sscanf(buf, "Name:\t%63s", name);
	printf("status: Name %s\n", name);
	printf("status-guest: VmSize is stat's vsize %s\n",
	       vm && strtoull(vm + 8, NULL, 10) * 1024 == vs ? "yes" : "no");
}

static void test_auxv(void)
{
	long n = slurp("/proc/self/auxv");
	unsigned long *a = (unsigned long *)buf;
	int ok = n > 0 && n % 16 == 0, ends = 0, seen_page = 0, seen_entry = 0;
	for (long i = 0; ok && i < n / 16; i++) {
		unsigned long k = a[2 * i], v = a[2 * i + 1];
		if (k == AT_NULL) {
			ends = i == n / 16 - 1;
			break;
		}
		if (k == AT_PAGESZ)
			seen_page = v == getauxval(AT_PAGESZ) && v == 4096;
		if (k == AT_ENTRY)
			seen_entry = v == getauxval(AT_ENTRY);
		if (k == AT_HWCAP && v != getauxval(AT_HWCAP))
			ok = 0;
	}
	printf("auxv: 64-bit pairs ending in AT_NULL %s, AT_PAGESZ %s, AT_ENTRY %s, AT_HWCAP %s\n",
	       ok && ends ? "yes" : "no", seen_page ? "matches" : "differs",
	       seen_entry ? "matches" : "differs", ok ? "matches" : "differs");
}

static void test_cpuinfo(void)
{
	long n = slurp("/proc/cpuinfo");
	int procs = 0;
	char isa[512] = "none", mmu[32] = "none";
	for (char *l = buf; l && l < buf + n; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (!strncmp(l, "processor\t:", 11))
			procs++;
		if (!strncmp(l, "isa\t\t: ", 7) && !strcmp(isa, "none"))
			sscanf(l + 7, "%511s", isa);
		if (!strncmp(l, "mmu\t\t: ", 7))
			sscanf(l + 7, "%31s", mmu);
	}
	printf("cpuinfo: isa %s, mmu %s\n", isa, mmu);
	printf("cpuinfo: one block per online cpu %s\n",
	       procs == sysconf(_SC_NPROCESSORS_ONLN) ? "yes" : "no");
}

/* A second thread: /proc/thread-self/stat is its own task's. */
static void *thread_main(void *arg)
{
	long n = slurp("/proc/thread-self/stat");
	long tid = syscall(SYS_gettid);
	printf("thread: thread-self/stat is the thread's %s, comm %s\n",
	       n > 0 && atol(buf) == tid ? "yes" : "no",
	       strstr(buf, "(proc_self") ? "inherited" : "differs");
	n = slurp("/proc/thread-self/cmdline");
	printf("thread: thread-self/cmdline %s\n", n > 0 && !memcmp(buf, ref, n) ? "same" : "differs");
	return arg;
}

/* setproctitle: once the argument area's last NUL is overwritten, cmdline is the one string at
 * argv[0], running on into the environment strings that follow. */
static void test_proctitle(int argc, char **argv)
{
	char *end = argv[argc - 1] + strlen(argv[argc - 1]);
	memset(argv[0], 'T', end - argv[0] + 1);
	long n = slurp("/proc/self/cmdline");
	show("cmdline-title", buf, n);
}

int main(int argc, char **argv)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_cmdline_environ(argc, argv);
	test_exe();
	test_maps(exe);
	test_smaps();
	test_stat(argv);
	test_auxv();
	test_cpuinfo();
	pthread_t t;
	pthread_create(&t, NULL, thread_main, NULL);
	pthread_join(t, NULL);
	test_proctitle(argc, argv);
	return 0;
}
