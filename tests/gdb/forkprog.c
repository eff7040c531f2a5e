/* Debuggee of tests/gdb/run.sh's fork case: the child calls sq too, but gdb follows the parent
 * (QEMU's rule): the child must run free of breakpoints and keep off gdb's connection. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int sq(int v)
{
    return v * v;
}

int main(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(sq(3));
    int st;
    waitpid(pid, &st, 0);
    int r = sq(WEXITSTATUS(st));
    printf("child %d parent %d\n", WEXITSTATUS(st), r);
    return r == 81 ? 5 : 1;
}
