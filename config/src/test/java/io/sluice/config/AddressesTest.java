package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sluice.config.model.Address;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:80,IPV4,127.0.0.1,80,80",
        ":8080,IPV4,'',8080,8080",
        "*:8080,IPV4,'',8080,8080",
        "ipv4@0.0.0.0:1,IPV4,0.0.0.0,1,1",
        "ipv6@::1:8080,IPV6,::1,8080,8080",
        "[::1]:8080,IPV6,::1,8080,8080",
        ":8000-8010,IPV4,'',8000,8010",
        "localhost:80,IPV4,localhost,80,80",
        "10.0.0.1:65535,IPV4,10.0.0.1,65535,65535"})
    void bindAddresses(String text, Address.Family family, String host, int low, int high) throws BadValue {
        Address a = Addresses.parse(text, Addresses.Use.BIND);
        assertThat(a.family()).isEqualTo(family);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.portLow()).isEqualTo(low);
        assertThat(a.portHigh()).isEqualTo(high);
        assertThat(a.text()).isEqualTo(text);
    }

    @Test
    void unixAndFdForms() throws BadValue {
        Address u = Addresses.parse("/run/sluice.sock", Addresses.Use.STATS);
        assertThat(u.family()).isEqualTo(Address.Family.UNIX);
        assertThat(u.path()).isEqualTo("/run/sluice.sock");
        assertThat(Addresses.parse("unix@/tmp/x", Addresses.Use.BIND).path()).isEqualTo("/tmp/x");
        Address fd = Addresses.parse("fd@7", Addresses.Use.BIND);
        assertThat(fd.family()).isEqualTo(Address.Family.FD);
        assertThat(fd.fd()).isEqualTo(7);
    }

    @Test
    void serverPortIsOptionalButNoRangeNorWildcard() throws BadValue {
        assertThat(Addresses.parse("10.0.0.1", Addresses.Use.SERVER).portLow()).isZero();
        assertThatThrownBy(() -> Addresses.parse("10.0.0.1:80-90", Addresses.Use.SERVER))
                .hasMessage("port ranges are not allowed here: '10.0.0.1:80-90'");
        assertThatThrownBy(() -> Addresses.parse("*:80", Addresses.Use.SERVER))
                .hasMessage("no address was expected in '*:80'");
        assertThatThrownBy(() -> Addresses.parse("fd@3", Addresses.Use.SERVER)).isInstanceOf(BadValue.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1|missing port number: '127.0.0.1'",
        ":0|invalid port '0' in ':0'",
        ":65536|invalid port '65536' in ':65536'",
        ":80x|invalid port '80x' in ':80x'",
        "1.2.3:80|invalid address: '1.2.3:80'",
        "256.1.1.1:80|invalid address: '256.1.1.1:80'",
        "a_b:80|invalid address: 'a_b:80'",
        ":90-80|invalid port range '90-80' in ':90-80'",
        "fd@|missing file descriptor number in 'fd@'",
        "fd@x|file descriptor 'x' is not a valid number in 'fd@x'",
        "udp@:514|address family 'udp@' is not supported by Sluice: 'udp@:514'",
        "foo@:1|unknown address family 'foo@' in 'foo@:1'"})
    void badBindAddresses(String text, String message) {
        assertThatThrownBy(() -> Addresses.parse(text, Addresses.Use.BIND)).hasMessage(message);
    }
}
