/* Debuggee of tests/gdb/run.sh: a call to break in, a loop to watch, a known exit status. */
#include <stdio.h>

static volatile double scale = 1.5;

int sq(int v)
{
    return v * v;
}

int main(void)
{
    int x = 6;
    int y = sq(x + 1);
    int sum = 0;
    for (int i = 0; i < 4; i++)
        sum += sq(i);
    printf("y=%d sum=%d %.1f\n", y, sum, y * scale);
    return y - 40;
}
