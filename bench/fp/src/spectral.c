/* Spectral norm (double): the largest singular value of the infinite matrix
 * A[i][j] = 1/((i+j)(i+j+1)/2 + i + 1), truncated to N x N, by 10 power iterations of A^T A.
 * Every matrix element is recomputed (integer arithmetic, an int->double conversion and a
 * division), so it measures conversion and division throughput. Prints the norm and a bit
 * checksum of the final vectors. Size = N. */
#include "fpbench.h"

static inline double A(long i, long j) { return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1); }

static void mul_av(long n, const double *v, double *av)
{
    for (long i = 0; i < n; i++) {
        double s = 0;
        for (long j = 0; j < n; j++)
            s += A(i, j) * v[j];
        av[i] = s;
    }
}

static void mul_atv(long n, const double *v, double *atv)
{
    for (long i = 0; i < n; i++) {
        double s = 0;
        for (long j = 0; j < n; j++)
            s += A(j, i) * v[j];
        atv[i] = s;
    }
}

static void mul_atav(long n, const double *v, double *out, double *tmp)
{
    mul_av(n, v, tmp);
    mul_atv(n, tmp, out);
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 1000);
    double *u = xmalloc(n * sizeof(double)), *v = xmalloc(n * sizeof(double));
    double *tmp = xmalloc(n * sizeof(double));
    for (long i = 0; i < n; i++)
        u[i] = 1;
    for (int i = 0; i < 10; i++) {
        mul_atav(n, u, v, tmp);
        mul_atav(n, v, u, tmp);
    }
    double vbv = 0, vv = 0;
    uint64_t h = MIX_INIT;
    for (long i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
        h = mixd(mixd(h, u[i]), v[i]);
    }
    printf("spectral n=%ld norm=%.9f hash=%016llx\n", n, sqrt_exact(vbv / vv), (unsigned long long)h);
    return 0;
}
