package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;
import static io.sluice.fdtable.FdState.FD_MUST_CLOSE;
import static io.sluice.fdtable.FdState.REFC_ONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Unit tests of the small types: FdState decoders, ThreadSet, ThreadContext, GroupUpdateList, FdLimit. */
class TypesTest {

    @Test
    void describeNamesEveryBitAndUnknownOnes() {
        assertThat(FdState.describe(0)).isEqualTo("0x0()");
        assertThat(FdState.describe(FD_EV_ACTIVE_R | FD_EV_READY_W | FD_MUST_CLOSE))
                .isEqualTo("0x800021(ACTIVE_R|READY_W|MUST_CLOSE)");
        assertThat(FdState.describe(1 << 30)).isEqualTo("0x40000000(?0x40000000)");
        assertThat(FdState.describeRefcTgid(3 * REFC_ONE + 2)).isEqualTo("tgid=2 refc=3");
    }

    @Test
    void threadSetSpreadsThreadsOverGroups() {
        ThreadSet ts = ThreadSet.of(5, 2);
        assertThat(ts.nbThread()).isEqualTo(5);
        assertThat(ts.nbGroups()).isEqualTo(2);
        assertThat(ts.count(1)).isEqualTo(3);
        assertThat(ts.count(2)).isEqualTo(2);
        assertThat(ts.base(2)).isEqualTo(3);
        assertThat(ts.tgidOf(3)).isEqualTo(2);
        assertThat(ts.ltidOf(4)).isEqualTo(1);
        assertThat(ts.threadsEnabled(1)).isEqualTo(0b111);
        assertThat(ts.isValidTgid(3)).isFalse();
        assertThat(ThreadSet.of(64, 1).threadsEnabled(1)).isEqualTo(-1L);
        assertThat(ts.toString()).contains("tg2:tid 3..4");
    }

    @Test
    void threadSetRejectsBadTopologies() {
        assertThatThrownBy(() -> ThreadSet.of(1, 17)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadSet.of(65, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadSet.of(1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadSet.of(new int[] {2}, new long[] {0b100}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ThreadSet.of(new int[] {2}, new long[] {0b10}).threadsEnabled(1)).isEqualTo(0b10);
    }

    @Test
    void threadContextIdentityAndLocalListGrowth() {
        ThreadSet ts = ThreadSet.of(4, 2);
        ThreadContext c = new ThreadContext(ts, 3);
        assertThat(c.tgid).isEqualTo(2);
        assertThat(c.ltid).isEqualTo(1);
        assertThat(c.ltidBit).isEqualTo(2L);
        for (int i = 0; i < 100; i++) {
            c.appendLocalUpdate(i);
        }
        assertThat(c.localUpdateCount()).isEqualTo(100);
        assertThat(c.localUpdateAt(99)).isEqualTo(99);
        c.trimLocalUpdate(98);
        assertThat(c.localUpdateCount()).isEqualTo(100);
        c.trimLocalUpdate(99);
        assertThat(c.localUpdateCount()).isEqualTo(99);
        assertThatThrownBy(() -> c.localUpdateAt(99)).isInstanceOf(IndexOutOfBoundsException.class);
        c.clearLocalUpdates();
        assertThat(c.localUpdateCount()).isZero();
        assertThatThrownBy(() -> new ThreadContext(ts, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomBitPicksOnlySetBitsAndAllOfThem() {
        ThreadContext c = new ThreadContext(ThreadSet.of(1, 1), 0);
        long mask = 0b1010_0100L;
        long seen = 0;
        for (int i = 0; i < 200; i++) {
            int b = c.randomBit(mask);
            assertThat(mask & (1L << b)).isNotZero();
            seen |= 1L << b;
        }
        assertThat(seen).isEqualTo(mask);
    }

    @Test
    void groupUpdateListAddRemoveWalk() {
        GroupUpdateList l = new GroupUpdateList(200);
        assertThat(l.next(0)).isEqualTo(-1);
        assertThat(l.add(3)).isTrue();
        assertThat(l.add(3)).isFalse();
        assertThat(l.add(64)).isTrue();
        assertThat(l.add(199)).isTrue();
        assertThat(l.size()).isEqualTo(3);
        assertThat(l.contains(64)).isTrue();
        assertThat(l.next(0)).isEqualTo(3);
        assertThat(l.next(4)).isEqualTo(64);
        assertThat(l.next(65)).isEqualTo(199);
        assertThat(l.next(200)).isEqualTo(-1);
        assertThat(l.remove(64)).isTrue();
        assertThat(l.remove(64)).isFalse();
        assertThat(l.next(4)).isEqualTo(199);
        assertThat(l.size()).isEqualTo(2);
    }

    @Test
    void fdLimitParsesProcLimits() {
        String text = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max open files            20000                20000                files     \n";
        assertThat(FdLimit.parse(text)).isEqualTo(20000);
        assertThat(FdLimit.parse("Max open files unlimited unlimited files\n")).isEqualTo(FdLimit.FALLBACK);
        assertThat(FdLimit.parse("Max open files 4 4 files\n")).isEqualTo(64);
        assertThat(FdLimit.parse("Max open files 99999999 99999999 files\n")).isEqualTo(FdLimit.MAX);
        assertThat(FdLimit.parse("")).isEqualTo(FdLimit.FALLBACK);
        assertThat(FdLimit.current()).isBetween(64, FdLimit.MAX);
    }

    @Test
    void raceWindowsOffByDefault() {
        assertThat(RaceWindows.DISABLED.enabled()).isFalse();
        assertThat(RaceWindows.of(0)).isSameAs(RaceWindows.DISABLED);
        RaceWindows w = RaceWindows.of(100);
        assertThat(w.enabled()).isTrue();
        assertThat(w.maxSpins()).isEqualTo(100);
        for (RaceWindows.Window x : RaceWindows.Window.values()) {
            w.widen(x);
            RaceWindows.DISABLED.widen(x);
        }
        assertThatThrownBy(() -> RaceWindows.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
