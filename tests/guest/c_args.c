/* The initial process state: argc/argv (run.sh passes fixed arguments, including an empty one
 * and one with spaces), the environment (run.sh runs the guest under env -i with a fixed set),
 * stable auxv entries (page size, the uid/gid set compared with the syscalls, AT_SECURE, the
 * IMAC bits of AT_HWCAP, AT_PHDR/AT_PHENT/AT_PHNUM against the ELF header, AT_ENTRY against
 * _start, AT_RANDOM present, AT_EXECFN basename) and the /proc/self/exe link's basename. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

extern char **environ;
extern const ElfW(Ehdr) __ehdr_start;
extern void _start(void);

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int main(int argc, char **argv, char **envp)
{
	printf("argc %d\n", argc);
	printf("argv[0] basename %s\n", base(argv[0]));
	for (int i = 1; i < argc; i++) printf("argv[%d] [%s]\n", i, argv[i]);
	printf("argv[argc] NULL %d\n", argv[argc] == NULL);
	printf("envp == environ %d\n", envp == environ);
	for (char **e = envp; *e; e++) printf("env [%s]\n", *e);
	printf("getenv QELT_TEST_VAR [%s]\n", getenv("QELT_TEST_VAR") ? getenv("QELT_TEST_VAR") : "(null)");

	printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
	printf("AT_UID ok %d AT_EUID ok %d AT_GID ok %d AT_EGID ok %d\n",
	       getauxval(AT_UID) == getuid(), getauxval(AT_EUID) == geteuid(),
	       getauxval(AT_GID) == getgid(), getauxval(AT_EGID) == getegid());
	printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
	unsigned long imac = (1UL << ('I' - 'A')) | (1UL << ('M' - 'A')) | (1UL << ('A' - 'A')) |
			     (1UL << ('C' - 'A'));
	printf("AT_HWCAP has IMAC %d\n", (getauxval(AT_HWCAP) & imac) == imac);
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	printf("AT_PHDR ok %d AT_PHENT %lu AT_PHNUM ok %d\n",
	       ph == (const ElfW(Phdr) *)((const char *)&__ehdr_start + __ehdr_start.e_phoff),
	       getauxval(AT_PHENT), getauxval(AT_PHNUM) == __ehdr_start.e_phnum);
	printf("AT_ENTRY ok %d\n", getauxval(AT_ENTRY) == (unsigned long)&_start);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	printf("AT_RANDOM present %d\n", rnd != NULL);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	printf("AT_EXECFN basename %s\n", execfn ? base(execfn) : "(none)");

	char link[4096];
	ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
	if (n > 0) {
		link[n] = 0;
		printf("/proc/self/exe basename %s\n", base(link));
	} else {
		printf("/proc/self/exe unreadable\n");
	}
	char cwd[4096];
	printf("getcwd ok %d\n", getcwd(cwd, sizeof cwd) != NULL);
	printf("getpid>1 %d getppid>0 %d\n", getpid() > 1, getppid() > 0);
	return 0;
}
