/* Paths under -L SYSROOT, as the guest must see them: run.sh starts this program as
 * SYSROOT/bin/sysroot_paths with -L SYSROOT, argv[1] = SYSROOT's host path, from a scratch
 * directory outside it. SYSROOT holds etc/marker, etc/alt-link -> marker,
 * usr/share/qeltdir/sub/, an empty proc/, a fake dev/null and bin/tool (a copy of this program). Each line starts with a key so
 * run.sh can compare qemu-riscv64 where it is right. No host path may appear in the output
 * (the guest's view never shows the sysroot's prefix). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *rl(const char *path)
{
	static char b[4096];
	ssize_t n = readlink(path, b, sizeof b - 1);
	if (n < 0)
		return "(error)";
	b[n] = 0;
	return b;
}

static char *rp(const char *path)
{
	static char b[4096];
	return realpath(path, b) ? b : "(error)";
}

static char *cwd(void)
{
	static char b[4096];
	return getcwd(b, sizeof b) ? b : "(error)";
}

int main(int argc, char **argv)
{
	char scratch[4096];
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* chdir by a host name of the sysroot, then exec: the new program's getcwd names the cwd
	 * as the old one's did (Python's subprocess with cwd=sys.executable's directory). */
	if (argc > 2 && !strcmp(argv[1], "--cwd-exec")) {
		if (chdir(argv[2]) != 0)
			return 2;
		execl("/bin/sysroot_paths", "sysroot_paths", "--print-cwd", (char *)NULL);
		return 3;
	}
	if (argc > 1 && !strcmp(argv[1], "--print-cwd")) {
		printf("cwd-after-exec: %s\n", cwd());
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "--as-interp")) {   /* started by the script below */
		printf("script-interp: argv[0] %s, script %s, exe %s\n", argv[0], argv[2],
		       rl("/proc/self/exe"));
		return 0;
	}
	getcwd(scratch, sizeof scratch);

	/* A symlink's text is what the guest wrote, even when it names a sysroot file. */
	unlink("lnk");
	printf("symlink: %d, text %s\n", symlink("/etc/marker", "lnk"), rl("lnk"));
	int d = open(".", O_RDONLY | O_DIRECTORY);
	unlinkat(d, "lnk2", 0);
	char t[64];
	ssize_t n = (symlinkat("/usr/share/qeltdir", d, "lnk2"), readlinkat(d, "lnk2", t, sizeof t - 1));
	t[n > 0 ? n : 0] = 0;
	printf("symlinkat: text %s\n", t);

	/* Lookups that exist only in the sysroot. */
	printf("readlink-sysroot: %s\n", rl("/etc/alt-link"));
	printf("realpath-sysroot: %s\n", rp("/etc/alt-link"));
	int fd = open("/etc/marker", O_RDONLY);
	char c[64] = "";
	read(fd, c, sizeof c - 1);
	c[strcspn(c, "\n")] = 0;
	char fdl[64];
	snprintf(fdl, sizeof fdl, "/proc/self/fd/%d", fd);
	printf("open-sysroot: %s, fd link %s\n", c, rl(fdl));
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);

	/* chdir into a directory of the sysroot: every way of asking says the guest's path. */
	printf("chdir: %d\n", chdir("/usr/share/qeltdir"));
	printf("getcwd: %s\n", cwd());
	printf("realpath-dot: %s\n", rp("."));
	printf("realpath-rel: %s\n", rp("sub/../sub"));
	printf("proc-cwd: %s\n", rl("/proc/self/cwd"));
	fd = open("sub/file", O_RDONLY);
	printf("relative-open: %s\n", fd >= 0 ? "ok" : "failed");
	close(fd);
	/* chdir by the sysroot's host name: getcwd gives back that name (what the guest asked for),
	 * also after a relative step below it; a program run as SYSROOT/usr/bin/X names its own
	 * files that way (Python's test_contextlib TestChdir). */
	int rc = argc > 1 ? chdir(argv[1]) : -1;
	printf("chdir-root: %d, getcwd is the name used: %s\n", rc,
	       argc > 1 && !strcmp(cwd(), argv[1]) ? "yes" : "no");
	char below[PATH_MAX];
	snprintf(below, sizeof below, "%s/usr", argc > 1 ? argv[1] : "");
	rc = chdir("usr");
	printf("chdir-rel-below: %d, getcwd is the name used: %s\n", rc, !strcmp(cwd(), below) ? "yes" : "no");
	printf("chdir-scratch: %d, getcwd is the host's %s\n", chdir(scratch),
	       strcmp(cwd(), scratch) ? "no" : "yes");

	/* ".." at the guest's root is its root (os.path.ismount("/"), pathlib's is_mount). */
	struct stat r0, r1;
	printf("root-dotdot: %s\n", !stat("/", &r0) && !stat("/..", &r1) && r0.st_ino == r1.st_ino &&
	       r0.st_dev == r1.st_dev ? "same as /" : "differs");

	/* The program itself lies in the sysroot. */
	printf("exe: %s\n", rl("/proc/self/exe"));
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024];
	while (f && fgets(line, sizeof line, f)) {
		unsigned long s, e;
		char *name = strchr(line, '/');
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && name &&
		    ((unsigned long)&main >= s && (unsigned long)&main < e))
			printf("maps-exe: %s", name);
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && name && (unsigned long)m == s)
			printf("maps-sysroot-file: %s", name);
	}
	if (f)
		fclose(f);

	/* The kernel's trees are never taken from the sysroot. */
	DIR *dir = opendir("/proc");
	int self = 0;
	struct dirent *de;
	while (dir && (de = readdir(dir)))
		self |= !strcmp(de->d_name, "self");
	if (dir)
		closedir(dir);
	printf("kernel-proc: /proc %s self\n", self ? "lists" : "does not list");
	fd = open("/dev/null", O_RDONLY);
	printf("kernel-dev: /dev/null reads %zd bytes\n", read(fd, c, sizeof c));
	close(fd);

	/* A script whose interpreter exists only in the sysroot (SYSROOT/bin/tool, a copy of this
	 * program): the kernel looks "#!/bin/tool" up in the guest's view. */
	FILE *sc = fopen("script", "w");
	fputs("#!/bin/tool --as-interp\n", sc);
	fclose(sc);
	chmod("script", 0755);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execl("./script", "./script", (char *)NULL);
		printf("script-interp: exec failed: %m\n");
		_exit(1);
	}
	int st;
	waitpid(pid, &st, 0);
	return 0;
}
