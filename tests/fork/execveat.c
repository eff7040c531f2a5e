/* execveat and fexecve as the kernel does them: a program behind a close-on-exec descriptor
 * (the issue: "/proc/self/fd/3: No such file"), behind one that stays open, in a deleted
 * memfd, relative to a directory descriptor, AT_SYMLINK_NOFOLLOW, a #! script behind a
 * descriptor (ENOENT when close-on-exec, "/dev/fd/N" as the script's name otherwise), a host
 * program, and the error codes. The program runs itself: "show" prints what the exec'd
 * program sees (argv, AT_EXECFN, /proc/self/exe, its lowest free descriptor). Paths under
 * the current directory print as "$CWD". Runs in a scratch directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char cwd[4096];

static void put_path(const char *s)
{
	size_t n = strlen(cwd);
	if (n && strncmp(s, cwd, n) == 0)
		printf("$CWD%s", s + n);
	else
		printf("%s", s);
}

static int show(int argc, char **argv)
{
	printf("  argv:");
	for (int i = 0; i < argc; i++) {
		printf(" ");
		put_path(argv[i]);
	}
	printf("\n  execfn: ");
	put_path((const char *)getauxval(AT_EXECFN));
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	printf("\n  exe: %s\n", strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe);
	int open3 = fcntl(3, F_GETFD) >= 0;
	printf("  fd 3 open: %d, next free fd: %d\n", open3, open("/dev/null", O_RDONLY));
	return 0;
}

static const char *ename(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case ENOTDIR: return "ENOTDIR";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case ELOOP: return "ELOOP";
	case ENOEXEC: return "ENOEXEC";
	case EFAULT: return "EFAULT";
	default: return "other";
	}
}

static char *args_show[] = { "prog", "show", "a1", NULL };
static char *envp0[] = { "X=1", NULL };

static int do_execveat(int dirfd, const char *path, char **argv, int flags)
{
	return (int)syscall(SYS_execveat, dirfd, path, argv, envp0, flags);
}

/* Run one case in a child: step() execs (or fails); the parent reports. */
static void run(const char *title, void (*step)(void))
{
	printf("%s\n", title);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		step();
		printf("  failed: %s\n", ename(errno));
		fflush(stdout);
		_exit(99);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("  status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st));
}

static void copy_self(const char *to, int mode)
{
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			exit(2);
	close(in);
	close(out);
}

static void s_fexecve_cloexec(void)
{
	int fd = open("prog", O_RDONLY | O_CLOEXEC);
	fexecve(fd, args_show, envp0);
}

static void s_fexecve_open(void)
{
	int fd = open("prog", O_RDONLY);
	fexecve(fd, args_show, envp0);
}

static void s_opath(void)
{
	int fd = open("prog", O_PATH | O_CLOEXEC);
	do_execveat(fd, "", args_show, AT_EMPTY_PATH);
}

static void s_opath_symlink(void)
{
	int fd = open("link", O_PATH | O_NOFOLLOW);
	do_execveat(fd, "", args_show, AT_EMPTY_PATH);
}

static void s_memfd(void)
{
	int in = open("prog", O_RDONLY);
	int fd = memfd_create("image", MFD_CLOEXEC);
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(fd, buf, (size_t)n) != n)
			return;
	close(in);
	fexecve(fd, args_show, envp0);
}

static void s_dirfd_rel(void)
{
	int d = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	do_execveat(d, "prog", args_show, 0);
}

static void s_dirfd_nofollow_file(void)
{
	int d = open(".", O_RDONLY | O_DIRECTORY);
	do_execveat(d, "prog", args_show, AT_SYMLINK_NOFOLLOW);
}

static void s_nofollow_link(void)
{
	int d = open(".", O_RDONLY | O_DIRECTORY);
	do_execveat(d, "link", args_show, AT_SYMLINK_NOFOLLOW);
}

static void s_follow_link(void)
{
	do_execveat(AT_FDCWD, "link", args_show, 0);
}

static void s_abs_ignores_dirfd(void)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/prog", cwd);
	do_execveat(12345, p, args_show, 0);
}

static void s_script_open(void)
{
	int fd = open("script", O_RDONLY);
	char *a[] = { "script", "s1", NULL };
	fexecve(fd, a, envp0);
}

static void s_script_cloexec(void)
{
	int fd = open("script", O_RDONLY | O_CLOEXEC);
	char *a[] = { "script", "s1", NULL };
	fexecve(fd, a, envp0);
}

static void s_host_prog(void)
{
	int d = open("/bin", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *a[] = { "true", NULL };
	do_execveat(d, "true", a, 0);
}

static void s_empty_no_flag(void)
{
	int fd = open("prog", O_RDONLY);
	do_execveat(fd, "", args_show, 0);
}

static void s_bad_fd(void)
{
	do_execveat(999, "", args_show, AT_EMPTY_PATH);
}

static void s_bad_fd_rel(void)
{
	do_execveat(999, "prog", args_show, 0);
}

static void s_not_dir(void)
{
	int fd = open("prog", O_RDONLY);
	do_execveat(fd, "prog", args_show, 0);
}

static void s_bad_flags(void)
{
	int fd = open("prog", O_RDONLY);
	do_execveat(fd, "", args_show, AT_EMPTY_PATH | 0x4000000);
}

static void s_dir_fd(void)
{
	int d = open(".", O_RDONLY | O_DIRECTORY);
	do_execveat(d, "", args_show, AT_EMPTY_PATH);
}

static void s_noexec_file(void)
{
	int fd = open("data", O_RDONLY);
	fexecve(fd, args_show, envp0);
}

static void s_missing(void)
{
	int d = open(".", O_RDONLY | O_DIRECTORY);
	do_execveat(d, "missing", args_show, 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "show") == 0) {
		getcwd(cwd, sizeof cwd);
		return show(argc, argv);
	}
	getcwd(cwd, sizeof cwd);
	copy_self("prog", 0755);
	symlink("prog", "link");
	close(open("data", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	/* A script whose interpreter is this program, which shows what it was given. */
	FILE *f = fopen("script", "w");
	fprintf(f, "#!%s/prog show\necho never\n", cwd);
	fclose(f);
	chmod("script", 0755);

	run("fexecve, close-on-exec fd", s_fexecve_cloexec);
	run("fexecve, fd left open", s_fexecve_open);
	run("execveat O_PATH fd, AT_EMPTY_PATH", s_opath);
	run("execveat O_PATH|O_NOFOLLOW fd of a symlink, AT_EMPTY_PATH", s_opath_symlink);
	run("fexecve of a memfd", s_memfd);
	run("execveat dirfd (close-on-exec) + relative path", s_dirfd_rel);
	run("execveat AT_SYMLINK_NOFOLLOW, regular file", s_dirfd_nofollow_file);
	run("execveat AT_SYMLINK_NOFOLLOW, symlink", s_nofollow_link);
	run("execveat AT_FDCWD, symlink followed", s_follow_link);
	run("execveat absolute path, bad dirfd ignored", s_abs_ignores_dirfd);
	run("fexecve of a #! script, fd left open", s_script_open);
	run("fexecve of a #! script, close-on-exec fd", s_script_cloexec);
	run("execveat of a host program", s_host_prog);
	run("execveat empty path without AT_EMPTY_PATH", s_empty_no_flag);
	run("execveat bad fd, AT_EMPTY_PATH", s_bad_fd);
	run("execveat bad dirfd, relative path", s_bad_fd_rel);
	run("execveat file fd as dirfd", s_not_dir);
	run("execveat unknown flag", s_bad_flags);
	run("execveat directory fd, AT_EMPTY_PATH", s_dir_fd);
	run("fexecve of a file without x permission", s_noexec_file);
	run("execveat missing file", s_missing);
	return 0;
}
