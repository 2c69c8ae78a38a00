package io.sluice.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.config.model.Acl;
import io.sluice.config.model.Condition;
import io.sluice.config.model.MatchMethod;

class TcpRulesTest {

    private static Acl acl(String name, String fetch, String... patterns) {
        MatchMethod own = fetch.equals("src") ? MatchMethod.IP : MatchMethod.INT; // as config's Acls table sets them
        return new Acl(name, fetch, fetch, List.of(), false, own, List.of(patterns), "t.cfg", 1);
    }

    private static Condition cond(boolean unless, boolean negated, Acl... acls) {
        return new Condition(unless, List.of(List.of(new Condition.Term(negated, acls[0].name(), List.of(acls)))));
    }

    private static TcpRules.Facts facts(int a, int b, int c, int d, int srcPort, int dstPort) {
        TcpRules.Facts f = new TcpRules.Facts();
        f.src = new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
        f.srcPort = srcPort;
        f.dstPort = dstPort;
        return f;
    }

    @Test
    void srcMatchesNetworksAndHosts() {
        TcpRules.Cond c = TcpRules.compile(cond(false, false, acl("lan", "src", "10.0.0.0/8", "192.168.1.7")));
        assertThat(c.matches(facts(10, 1, 2, 3, 1, 80))).isTrue();
        assertThat(c.matches(facts(11, 1, 2, 3, 1, 80))).isFalse();
        assertThat(c.matches(facts(192, 168, 1, 7, 1, 80))).isTrue();
        assertThat(c.matches(facts(192, 168, 1, 8, 1, 80))).isFalse();
    }

    @Test
    void portRangesNegationAndUnless() {
        Acl ports = acl("p", "dst_port", "80", "8000:8999");
        assertThat(TcpRules.compile(cond(false, false, ports)).matches(facts(1, 1, 1, 1, 5, 8080))).isTrue();
        assertThat(TcpRules.compile(cond(false, false, ports)).matches(facts(1, 1, 1, 1, 5, 443))).isFalse();
        assertThat(TcpRules.compile(cond(false, true, ports)).matches(facts(1, 1, 1, 1, 5, 443))).isTrue();
        assertThat(TcpRules.compile(cond(true, false, ports)).matches(facts(1, 1, 1, 1, 5, 80))).isFalse();
    }

    @Test
    void matchMethodsOtherThanTheFetchsOwnAreRefused() {
        Acl found = new Acl("a", "src", "src", List.of(), false, MatchMethod.FOUND, List.of(), "t.cfg", 7);
        assertThatThrownBy(() -> TcpRules.compile(cond(false, false, found)))
                .hasMessageContaining("[t.cfg:7]").hasMessageContaining("'-m found'")
                .hasMessageContaining("not supported yet");
        Acl strPort = new Acl("p", "dst_port", "dst_port", List.of(), false, MatchMethod.STR, List.of("80"),
                "t.cfg", 8);
        assertThatThrownBy(() -> TcpRules.compile(cond(false, false, strPort)))
                .hasMessageContaining("not supported yet");
    }

    @Test
    void otherFetchesAreNotSupportedYet() {
        assertThatThrownBy(() -> TcpRules.compile(cond(false, false, acl("h", "hdr", "x"))))
                .hasMessageContaining("not supported yet");
    }
}
