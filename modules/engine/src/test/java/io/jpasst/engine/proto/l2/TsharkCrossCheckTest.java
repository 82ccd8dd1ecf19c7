package io.jpasst.engine.proto.l2;

import static io.jpasst.engine.proto.l2.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jpasst.engine.proto.icmp.EchoFrames;
import io.jpasst.engine.packet.ip.Ipv6;
import io.jpasst.engine.packet.DropCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second opinion from Wireshark's dissectors (tshark is a required test tool): every reply kind is
 * written to a pcap and decoded with checksum validation on. No frame may be malformed or carry
 * a checksum error, and the key fields must decode to what we meant.
 */
class TsharkCrossCheckTest {
    @TempDir
    Path dir;

    @Test
    void wiresharkAcceptsEveryReply() throws Exception {
        Path tshark = Path.of("/usr/bin/tshark");
        if (!Files.isExecutable(tshark)) {
            // A skip would turn this check off unnoticed wherever tshark went missing; the
            // README's test command (scripts/run-tests) installs it.
            String why = "tshark not installed: scripts/run-tests installs it,"
                    + " or pass -Djpasst.it.skip=true where the test tools cannot be installed";
            Assumptions.assumeFalse(Boolean.getBoolean("jpasst.it.skip"), why);
            fail(why);
        }
        DropCounters drops = new DropCounters();
        L2Services services = new L2Services(config().build(), new GuestState(), drops);
        MemorySegment in = buffer();
        MemorySegment out = buffer();
        List<byte[]> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int len = switch (i) {
                case 0 -> dhcp(in, Dhcp.DISCOVER, 0, 0, hex("3703 010306 5103 000000"));
                case 1 -> dhcp(in, Dhcp.REQUEST, 0, 0, hex("3204 0a000263"));
                case 2 -> icmp6(in, GUEST6_LL, Ipv6.parse("ff02::2"), hex("85000000 00000000"));
                case 3 -> icmp6(in, GUEST6_LL, GUEST6_LL, hex("87000000 00000000 20010db8000000000000000000000001"));
                default -> dhcpv6(in, Dhcpv6.SOLICIT, hex("0001000a00030001525400123456"
                        + "0003000c0badcafe0000000000000000 00060006001700180027"));
            };
            int n = services.offer(in, 0, len, out, 0, 1500);
            assertTrue(n > 0, "reply " + i + ": " + drops.summary());
            replies.add(out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
        int n = EchoFrames.reply4(out, 0, 1500, GUEST_MAC, OUR_MAC, DNS4, GUEST4, 1, 2,
                MemorySegment.ofArray("ping".getBytes()), 0, 4);
        replies.add(out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        Path pcap = dir.resolve("replies.pcap");
        Files.write(pcap, pcap(replies));
        String keep = System.getenv("JPASST_KEEP_PCAP"); // for looking at the replies by hand
        if (keep != null) {
            Files.copy(pcap, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        String verbose = run(tshark.toString(), "-r", pcap.toString(), "-V",
                "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");
        assertFalse(verbose.contains("Malformed"), verbose);
        assertFalse(verbose.toLowerCase().contains("incorrect"), verbose);
        assertFalse(verbose.contains("[Expert Info (Error"), verbose);
        assertFalse(verbose.contains("Status: Bad"), verbose);

        String summary = run(tshark.toString(), "-r", pcap.toString(), "-T", "fields", "-E", "separator=|",
                "-e", "frame.protocols", "-e", "dhcp.option.dhcp", "-e", "dhcp.ip.your", "-e", "icmpv6.type",
                "-e", "dhcpv6.msgtype", "-e", "dhcpv6.iaaddr.ip", "-e", "dhcp.fqdn.name");
        String[] lines = summary.lines().filter(l -> l.contains("|")).toArray(String[]::new);
        assertEquals(6, lines.length, summary);
        assertTrue(lines[0].matches(".*dhcp\\|2\\|10\\.0\\.2\\.15\\|.*guest\\.example\\.com.*"), lines[0]);
        assertTrue(lines[1].contains("|6|0.0.0.0|"), lines[1]);
        assertTrue(lines[2].contains("|134|"), lines[2]);
        assertTrue(lines[3].contains("|136|"), lines[3]);
        assertTrue(lines[4].contains("|2|2001:db8::15"), lines[4]);
        assertTrue(lines[5].contains("icmp"), lines[5]);
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String(output);
    }

    static byte[] pcap(List<byte[]> frames) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        o.writeBytes(h.array());
        int t = 0;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(++t).putInt(0).putInt(f.length).putInt(f.length);
            o.writeBytes(r.array());
            o.writeBytes(f);
        }
        return o.toByteArray();
    }
}
