/* Processes: fork + pipe + waitpid. The child writes through a pipe and exits with a status,
 * a child is killed by a signal from its parent, a child execs nothing but calls _exit from a
 * deep stack, and several children run at once. Output order is fixed by the parent waiting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>

int main(void)
{
	int fd[2];
	if (pipe(fd) != 0) { printf("pipe failed\n"); return 1; }
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		const char msg[] = "hello from the child";
		write(fd[1], msg, sizeof msg);
		close(fd[1]);
		_exit(7);
	}
	close(fd[1]);
	char buf[64] = { 0 };
	ssize_t n = read(fd[0], buf, sizeof buf - 1);
	close(fd[0]);
	int st;
	pid_t w = waitpid(pid, &st, 0);
	printf("parent read %zd bytes: [%s]\n", n, buf);
	printf("waitpid same pid %d exited %d status %d\n", w == pid, WIFEXITED(st), WEXITSTATUS(st));

	/* Child killed by a signal. */
	int go[2];
	pipe(go);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(go[0]);
		write(go[1], "r", 1);	/* tell the parent we are running */
		for (;;) pause();
	}
	close(go[1]);
	char c;
	read(go[0], &c, 1);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	printf("killed child: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));

	/* Several children, each returning a distinct status; reap in creation order. */
	pid_t kids[5];
	for (int i = 0; i < 5; i++) {
		fflush(stdout);
		kids[i] = fork();
		if (kids[i] == 0) {
			unsigned long acc = 0;
			for (unsigned long k = 0; k < 100000UL * (i + 1); k++) acc += k ^ (k >> 3);
			exit((int)(acc % 200) + i);
		}
	}
	for (int i = 0; i < 5; i++) {
		waitpid(kids[i], &st, 0);
		printf("child %d status %d\n", i, WEXITSTATUS(st));
	}

	/* The child's memory is a copy: its writes do not reach the parent. */
	static int shared_var = 1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) { shared_var = 99; _exit(shared_var); }
	waitpid(pid, &st, 0);
	printf("child saw %d, parent still has %d\n", WEXITSTATUS(st), shared_var);

	/* stdio buffers: the child's printf output after fork, flushed by exit(). */
	fflush(stdout);
	pid = fork();
	if (pid == 0) { printf("child printf line\n"); exit(0); }
	waitpid(pid, &st, 0);
	printf("parent after child printf\n");
	printf("no children left: %d\n", wait(NULL) == -1);
	return 0;
}
