package io.sluice.queue;

/**
 * The ordered set of a {@link PendingQueue}: an intrusive treap over {@link Pendconn#key} then {@link Pendconn#seq},
 * whose links live in the pendconns themselves, so that enqueueing allocates nothing (HAProxy uses an intrusive
 * eb32 tree for the same reason). A pendconn is in at most one tree at a time.
 *
 * <p>Every method runs with the owning queue's lock held; nothing here is thread-safe by itself. Heap priorities come
 * from a xorshift generator, which keeps the expected depth logarithmic whatever the insertion order (keys mostly
 * arrive in increasing time order, which would make a plain binary tree a list).
 */
final class PendconnTree {

    private Pendconn root;
    private int size;
    /** Xorshift state for heap priorities; any non-zero seed. */
    private int rnd = 0x2545F491;

    /** Runs under the queue lock; the number of entries. */
    int size() {
        return size;
    }

    /** Runs under the queue lock; true when empty. */
    boolean isEmpty() {
        return root == null;
    }

    /** Runs under the queue lock; the lowest entry, or null. */
    Pendconn first() {
        Pendconn n = root;
        if (n == null) {
            return null;
        }
        while (n.left != null) {
            n = n.left;
        }
        return n;
    }

    /** Runs under the queue lock; the lowest entry whose (key, seq) is at or above ({@code key}, {@code seq}). */
    Pendconn ceiling(long key, long seq) {
        Pendconn n = root;
        Pendconn best = null;
        while (n != null) {
            if (compare(n, key, seq) >= 0) {
                best = n;
                n = n.left;
            } else {
                n = n.right;
            }
        }
        return best;
    }

    /** Runs under the queue lock; the lowest entry strictly above {@code p}'s position, or null. */
    Pendconn higher(Pendconn p) {
        return p.seq == Long.MAX_VALUE ? null : ceiling(p.key, p.seq + 1);
    }

    /** Runs under the queue lock; inserts {@code p}, whose key and seq are set and links are clear. */
    void insert(Pendconn p) {
        int x = rnd;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        rnd = x;
        p.prio = x;
        p.left = null;
        p.right = null;
        root = insert(root, p);
        size++;
    }

    /** Runs under the queue lock; removes {@code p}, which must be in this tree. */
    void remove(Pendconn p) {
        root = remove(root, p);
        p.left = null;
        p.right = null;
        size--;
    }

    private static Pendconn insert(Pendconn n, Pendconn p) {
        if (n == null) {
            return p;
        }
        if (compare(p, n.key, n.seq) < 0) {
            n.left = insert(n.left, p);
            if (n.left.prio > n.prio) {
                n = rotateRight(n);
            }
        } else {
            n.right = insert(n.right, p);
            if (n.right.prio > n.prio) {
                n = rotateLeft(n);
            }
        }
        return n;
    }

    private static Pendconn remove(Pendconn n, Pendconn p) {
        if (n == null) {
            throw new IllegalStateException("pendconn not in this tree: " + p);
        }
        if (n == p) {
            if (n.left == null) {
                return n.right;
            }
            if (n.right == null) {
                return n.left;
            }
            // Rotate the higher-priority child up, then keep removing below it.
            if (n.left.prio > n.right.prio) {
                Pendconn up = rotateRight(n);
                up.right = remove(up.right, p);
                return up;
            }
            Pendconn up = rotateLeft(n);
            up.left = remove(up.left, p);
            return up;
        }
        if (compare(p, n.key, n.seq) < 0) {
            n.left = remove(n.left, p);
        } else {
            n.right = remove(n.right, p);
        }
        return n;
    }

    private static Pendconn rotateRight(Pendconn n) {
        Pendconn l = n.left;
        n.left = l.right;
        l.right = n;
        return l;
    }

    private static Pendconn rotateLeft(Pendconn n) {
        Pendconn r = n.right;
        n.right = r.left;
        r.left = n;
        return r;
    }

    private static int compare(Pendconn p, long key, long seq) {
        int c = Long.compare(p.key, key);
        return c != 0 ? c : Long.compare(p.seq, seq);
    }
}
