/* LU decomposition with partial pivoting and a linear solve (double), in the style of LINPACK:
 * A = P L U in place (row-oriented, axpy inner loop), then forward/back substitution for
 * b = A * x_true and a residual check ||A x - b|| on a copy of A. Divisions, fabs-compares and
 * long multiply-subtract streams. Prints the residual, the error against x_true and a bit
 * checksum of the factors. Size = N. */
#include "fpbench.h"

static double fabs_(double v) { return v < 0 ? -v : v; }

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 500);
    double *a = xmalloc(sizeof(double) * n * n), *a0 = xmalloc(sizeof(double) * n * n);
    double *b = xmalloc(sizeof(double) * n), *x = xmalloc(sizeof(double) * n);
    double *xt = xmalloc(sizeof(double) * n);
    long *piv = xmalloc(sizeof(long) * n);
    rng_t r;
    rng_seed(&r, 4242);
    for (long i = 0; i < n * n; i++)
        a0[i] = a[i] = rng_unit(&r) - 0.5;
    for (long i = 0; i < n; i++)
        xt[i] = 1.0 + (double)(i % 10) / 8;
    for (long i = 0; i < n; i++) {
        double s = 0;
        for (long j = 0; j < n; j++)
            s += a0[i * n + j] * xt[j];
        b[i] = s;
    }

    for (long k = 0; k < n; k++) {
        long p = k;
        double best = fabs_(a[k * n + k]);
        for (long i = k + 1; i < n; i++)
            if (fabs_(a[i * n + k]) > best) {
                best = fabs_(a[i * n + k]);
                p = i;
            }
        piv[k] = p;
        if (p != k)
            for (long j = 0; j < n; j++) {
                double t = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = t;
            }
        double inv = 1.0 / a[k * n + k];
        for (long i = k + 1; i < n; i++) {
            double *ri = a + i * n;
            const double *rk = a + k * n;
            double l = ri[k] * inv;
            ri[k] = l;
            for (long j = k + 1; j < n; j++)
                ri[j] -= l * rk[j];
        }
    }
    /* Solve: apply the row swaps to b, then L y = Pb (unit diagonal), U x = y. */
    for (long i = 0; i < n; i++)
        x[i] = b[i];
    for (long k = 0; k < n; k++)
        if (piv[k] != k) {
            double t = x[k]; x[k] = x[piv[k]]; x[piv[k]] = t;
        }
    for (long i = 0; i < n; i++) {
        double s = x[i];
        for (long j = 0; j < i; j++)
            s -= a[i * n + j] * x[j];
        x[i] = s;
    }
    for (long i = n - 1; i >= 0; i--) {
        double s = x[i];
        for (long j = i + 1; j < n; j++)
            s -= a[i * n + j] * x[j];
        x[i] = s / a[i * n + i];
    }
    double res = 0, err = 0;
    for (long i = 0; i < n; i++) {
        double s = -b[i];
        for (long j = 0; j < n; j++)
            s += a0[i * n + j] * x[j];
        if (fabs_(s) > res)
            res = fabs_(s);
        if (fabs_(x[i] - xt[i]) > err)
            err = fabs_(x[i] - xt[i]);
    }
    uint64_t h = MIX_INIT;
    for (long i = 0; i < n * n; i += 5)
        h = mixd(h, a[i]);
    for (long i = 0; i < n; i++)
        h = mixd(h, x[i]);
    printf("lu n=%ld residual=%.3e error=%.3e %s hash=%016llx\n", n, res, err,
           res < 1e-9 && err < 1e-6 ? "ok" : "BAD", (unsigned long long)h);
    return 0;
}
