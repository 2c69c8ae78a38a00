package io.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The intrusive treap against java.util.TreeSet on random inserts, removals and lookups. */
class PendconnTreeTest {

    private static final Comparator<Pendconn> ORDER =
            Comparator.<Pendconn>comparingLong(p -> p.key).thenComparingLong(p -> p.seq);

    @Test
    void behavesLikeAnOrderedSet() {
        Random r = new Random(42);
        PendconnTree tree = new PendconnTree();
        TreeSet<Pendconn> ref = new TreeSet<>(ORDER);
        List<Pendconn> in = new ArrayList<>();
        long seq = 0;
        for (int step = 0; step < 20_000; step++) {
            if (in.isEmpty() || r.nextInt(3) != 0) {
                Pendconn p = new Pendconn(null);
                p.key = r.nextInt(64);
                p.seq = seq++;
                tree.insert(p);
                ref.add(p);
                in.add(p);
            } else {
                Pendconn p = in.remove(r.nextInt(in.size()));
                tree.remove(p);
                ref.remove(p);
            }
            assertThat(tree.size()).isEqualTo(ref.size());
            assertThat(tree.first()).isSameAs(ref.isEmpty() ? null : ref.first());
            long probe = r.nextInt(70);
            Pendconn want = ref.ceiling(probeOf(probe));
            assertThat(tree.ceiling(probe, Long.MIN_VALUE)).isSameAs(want);
            if (!in.isEmpty()) {
                Pendconn any = in.get(r.nextInt(in.size()));
                assertThat(tree.higher(any)).isSameAs(ref.higher(any));
            }
        }
        // In-order walk equals the reference order.
        List<Pendconn> walk = new ArrayList<>();
        for (Pendconn p = tree.first(); p != null; p = tree.higher(p)) {
            walk.add(p);
        }
        assertThat(walk).containsExactlyElementsOf(ref);
    }

    @Test
    void sequentialKeysStayShallowEnoughToRecurse() {
        PendconnTree tree = new PendconnTree();
        List<Pendconn> all = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            Pendconn p = new Pendconn(null);
            p.key = i;
            p.seq = i;
            tree.insert(p);
            all.add(p);
        }
        for (Pendconn p : all) {
            tree.remove(p);
        }
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void removingAStrangerFails() {
        PendconnTree tree = new PendconnTree();
        Pendconn p = new Pendconn(null);
        assertThatThrownBy(() -> tree.remove(p)).isInstanceOf(IllegalStateException.class);
    }

    private static Pendconn probeOf(long key) {
        Pendconn p = new Pendconn(null);
        p.key = key;
        p.seq = Long.MIN_VALUE;
        return p;
    }
}
