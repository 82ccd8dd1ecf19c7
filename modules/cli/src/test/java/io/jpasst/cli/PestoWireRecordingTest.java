package io.jpasst.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jpasst.engine.flow.rules.PestoWire;
import io.jpasst.engine.flow.rules.RuleParser;
import io.jpasst.engine.flow.rules.RuleTable;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pesto protocol, byte for byte against a session recorded between upstream's pesto and
 * upstream's pasta (started with {@code -t 22 -u 53 -T none -U none}): what our server sends
 * for the same tables, and what our pesto answers to the recorded server for the same
 * command line.
 */
class PestoWireRecordingTest {
    private static final int CAPS = 0x3f;

    @TempDir
    Path dir;

    private static byte[] recording(String name) throws IOException {
        try (InputStream in = PestoWireRecordingTest.class.getResourceAsStream("pesto/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void serverGreetingAndTablesAsUpstream() throws IOException {
        RuleParser parser = new RuleParser(32768, 60999);
        RuleTable host = new RuleTable(CAPS);
        parser.parse('t', false, "22", host);
        parser.parse('u', false, "53", host);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(PestoWire.hello());
        PestoWire.writeTable(out, PestoWire.PIF_HOST, "HOST", host);
        PestoWire.writeTable(out, PestoWire.PIF_SPLICE, "SPLICE", new RuleTable(CAPS));
        out.writeByte(PestoWire.PIF_NONE);
        assertArrayEquals(recording("add.s2c.bin"), bytes.toByteArray());
    }

    @Test
    void addAnswerAsUpstream() throws Exception {
        assertArrayEquals(recording("add.c2s.bin"), answer("-A", "-t", "8080", "-u", "5353"));
    }

    @Test
    void deleteAnswerAsUpstream() throws Exception {
        assertArrayEquals(recording("del.c2s.bin"), answer("-D", "-t", "22"));
    }

    @Test
    void clearAnswerAsUpstream() throws Exception {
        assertArrayEquals(recording("clear.c2s.bin"), answer("-C", "HOST", "-T", "8000"));
    }

    /** Our pesto's answer, with these options, to the recorded server. */
    private byte[] answer(String... options) throws Exception {
        Path sock = dir.resolve("s");
        byte[] greeting = recording("add.s2c.bin");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            return exchange(server, greeting, options, sock);
        } finally {
            Files.deleteIfExists(sock);
        }
    }

    private static byte[] exchange(ServerSocketChannel server, byte[] greeting, String[] options, Path sock) throws Exception {
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = sock.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> client = CompletableFuture.supplyAsync(
                () -> Pesto.run(args, new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (SocketChannel c = server.accept()) {
            c.write(ByteBuffer.wrap(greeting));
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (c.read(b) >= 0) {
                got.write(b.array(), 0, b.position());
                b.clear();
            }
        }
        assertEquals(0, client.get());
        return got.toByteArray();
    }
}
