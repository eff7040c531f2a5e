/* Balanced-tree benchmark: an AVL tree of malloc'd nodes under random inserts, deletes, lookups
 * and in-order walks. Size = thousands of keys inserted. Stresses pointer chasing, recursion,
 * compare-and-branch and the allocator. Checks the AVL invariants and key order at the end. */
#include "bench.h"

typedef struct node {
    struct node *l, *r;
    uint32_t key;
    int32_t height;
    uint64_t val;
} node_t;

static int32_t ht(const node_t *n) { return n ? n->height : 0; }
static void fix(node_t *n)
{
    int32_t a = ht(n->l), b = ht(n->r);
    n->height = 1 + (a > b ? a : b);
}

static node_t *rot_right(node_t *n)
{
    node_t *l = n->l;
    n->l = l->r;
    l->r = n;
    fix(n);
    fix(l);
    return l;
}

static node_t *rot_left(node_t *n)
{
    node_t *r = n->r;
    n->r = r->l;
    r->l = n;
    fix(n);
    fix(r);
    return r;
}

static node_t *balance(node_t *n)
{
    fix(n);
    int32_t bf = ht(n->l) - ht(n->r);
    if (bf > 1) {
        if (ht(n->l->l) < ht(n->l->r))
            n->l = rot_left(n->l);
        return rot_right(n);
    }
    if (bf < -1) {
        if (ht(n->r->r) < ht(n->r->l))
            n->r = rot_right(n->r);
        return rot_left(n);
    }
    return n;
}

static node_t *insert(node_t *n, uint32_t key, uint64_t val, int *added)
{
    if (!n) {
        n = xmalloc(sizeof *n);
        n->l = n->r = NULL;
        n->key = key;
        n->val = val;
        n->height = 1;
        *added = 1;
        return n;
    }
    if (key < n->key)
        n->l = insert(n->l, key, val, added);
    else if (key > n->key)
        n->r = insert(n->r, key, val, added);
    else {
        n->val += val;
        return n;
    }
    return balance(n);
}

static node_t *pop_min(node_t *n, node_t **min)
{
    if (!n->l) {
        *min = n;
        return n->r;
    }
    n->l = pop_min(n->l, min);
    return balance(n);
}

static node_t *erase(node_t *n, uint32_t key, int *removed)
{
    if (!n)
        return NULL;
    if (key < n->key)
        n->l = erase(n->l, key, removed);
    else if (key > n->key)
        n->r = erase(n->r, key, removed);
    else {
        node_t *l = n->l, *r = n->r, *m;
        free(n);
        *removed = 1;
        if (!r)
            return l;
        r = pop_min(r, &m);
        m->l = l;
        m->r = r;
        return balance(m);
    }
    return balance(n);
}

static const node_t *find(const node_t *n, uint32_t key)
{
    while (n && n->key != key)
        n = key < n->key ? n->l : n->r;
    return n;
}

typedef struct {
    uint64_t count, hash;
    uint32_t prev;
    int ok;
} walk_t;

static int32_t walk(const node_t *n, walk_t *w)
{
    if (!n)
        return 0;
    int32_t a = walk(n->l, w);
    if (w->count && n->key <= w->prev)
        w->ok = 0;
    w->prev = n->key;
    w->count++;
    w->hash = mix64(w->hash, ((uint64_t)n->key << 32) ^ n->val);
    int32_t b = walk(n->r, w);
    if (a - b > 1 || b - a > 1 || n->height != 1 + (a > b ? a : b))
        w->ok = 0;
    return n->height;
}

static void destroy(node_t *n)
{
    if (!n)
        return;
    destroy(n->l);
    destroy(n->r);
    free(n);
}

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_size(argc, argv, 1000) * 1000;
    uint32_t range = (uint32_t)(n * 2);
    rng_t g;
    rng_seed(&g, 777);
    node_t *root = NULL;
    uint64_t added = 0, removed = 0, found = 0, fsum = 0;
    for (size_t i = 0; i < n; i++) {
        int a = 0;
        root = insert(root, rng_below(&g, range), i, &a);
        added += (uint64_t)a;
    }
    for (size_t i = 0; i < n; i++) {
        int rm = 0, a = 0;
        root = erase(root, rng_below(&g, range), &rm);
        removed += (uint64_t)rm;
        const node_t *f = find(root, rng_below(&g, range));
        if (f) {
            found++;
            fsum += f->val;
        }
        if (i & 1) {
            root = insert(root, rng_below(&g, range), i, &a);
            added += (uint64_t)a;
        }
    }
    walk_t w = {0, MIX_INIT, 0, 1};
    int32_t height = walk(root, &w);
    destroy(root);
    int ok = w.ok && w.count == added - removed;
    printf("tree n=%zu size=%llu height=%d added=%llu removed=%llu found=%llu fsum=%llu hash=%016llx %s\n", n,
           (unsigned long long)w.count, height, (unsigned long long)added, (unsigned long long)removed,
           (unsigned long long)found, (unsigned long long)fsum, (unsigned long long)w.hash, ok ? "ok" : "BAD");
    return ok ? 0 : 1;
}
