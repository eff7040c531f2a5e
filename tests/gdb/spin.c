/* Debuggee for the Ctrl-C check of tests/gdb/run.sh: runs until interrupted. */
int main(void)
{
    volatile unsigned long x = 0;
    for (;;)
        x++;
}
