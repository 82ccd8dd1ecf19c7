package io.jpasst.engine.control.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvConfTest {
    @Test
    void readsServersOfBothFamiliesAndTheLastSearchLine() {
        ResolvConf rc = ResolvConf.parse("""
                # comment
                domain old.example
                nameserver 203.0.113.53
                nameserver 2001:db8::53%eth0
                nameserver not-an-address
                search a.example b.example
                options ndots:2
                """);
        assertEquals(List.of(InetAddress.ofLiteral("203.0.113.53"), InetAddress.ofLiteral("2001:db8::53")),
                rc.servers());
        assertEquals(List.of("a.example", "b.example"), rc.search());
        assertEquals(1, rc.servers4().size());
        assertEquals(1, rc.servers6().size());
    }

    @Test
    void emptyFileMeansNothing() {
        ResolvConf rc = ResolvConf.parse("");
        assertEquals(List.of(), rc.servers());
        assertEquals(List.of(), rc.search());
    }
}
