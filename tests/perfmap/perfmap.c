/* -perfmap's guest: named functions run from the parent and from a forked child, so that both
 * processes' maps must name them. Prints the child's pid (its map is /tmp/perf-<pid>.map). */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((noinline)) unsigned long parent_work(unsigned long n)
{
    unsigned long h = 1469598103934665603UL;
    for (unsigned long i = 0; i < n; i++)
        h = (h ^ i) * 1099511628211UL;
    return h;
}

__attribute__((noinline)) unsigned long child_work(unsigned long n)
{
    unsigned long s = 0;
    for (unsigned long i = 0; i < n; i++)
        s += i * i ^ (s >> 3);
    return s;
}

int main(void)
{
    unsigned long h = parent_work(100000);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        printf("child %d %lu\n", (int)getpid(), child_work(100000) & 1);
        return 0;
    }
    int st = 0;
    waitpid(c, &st, 0);
    printf("parent %lu\n", h & 1);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
