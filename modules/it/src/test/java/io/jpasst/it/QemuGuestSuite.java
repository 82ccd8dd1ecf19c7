package io.jpasst.it;

import static io.jpasst.it.Topology.GATEWAY_V4;
import static io.jpasst.it.Topology.HOST_IF;
import static io.jpasst.it.Topology.HOST_V4;
import static io.jpasst.it.Topology.REMOTE_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A real Linux guest under qemu (TCG: no /dev/kvm needed) on passt's socket, passt started
 * with libvirt's command line in the host netns as the test user. The guest's init takes a
 * DHCP lease with udhcpc and pings a server in the "internet" namespace; it prints
 * "JPASST-RESULT ..." lines on its serial console and powers off.
 *
 * <p>A second boot checks TCP through passt: 32 MiB of random bytes downloaded and the same
 * bytes uploaded again (compared by MD5 on both sides), and a guest server reached through
 * --tcp-ports.
 *
 * <p>One suite, one subclass per guest-side back end: how passt is started and how qemu's
 * netdev is built are the only differences.
 */
abstract class QemuGuestSuite extends PasstTestBase {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    private static final int TCP_BYTES = 32 << 20;
    private static final int DOWNLOAD_PORT = 9000;
    private static final int UPLOAD_PORT = 9001;
    private static final int GUEST_PORT = 22;
    private static final int HOST_PORT = 2222;

    /** passt options selecting the back end (none for the stream). */
    abstract List<String> backendOptions();

    /** qemu options connecting the guest's virtio-net device to passt's socket. */
    abstract List<String> qemuNetwork(Path socket);

    /** libvirt's command line for one interface, our MAC distinct from the guest's 52:54:00:12:34:56. */
    Path startPasstLikeLibvirt(String name) {
        return startPasst(name, "--one-off");
    }

    Path startPasst(String name, String... extra) {
        Path socket = socket(name);
        List<String> args = new ArrayList<>(backendOptions());
        args.addAll(List.of(extra));
        args.addAll(List.of("--socket", socket.toString(),
                "--address", HOST_V4, "--netmask", "24", "--mtu", "1500", "--interface", HOST_IF,
                "--log-file", topology.work().resolve(name + "-passt.log").toString(),
                "--hostname", "vm1", "--fqdn", "vm1.it.jpasst.test",
                "--tcp-ports", HOST_PORT + ":" + GUEST_PORT, "--udp-ports", "5353",
                "--mac-addr", "9a:55:9a:55:9a:55"));
        startDaemon(args.toArray(String[]::new));
        return socket;
    }

    /** The guest's serial console: a file, so a test can watch it while the guest runs. */
    private static Path console(String name) {
        return topology.work().resolve(name + "-console.log");
    }

    /** Boots the guest on socket with extra kernel parameters; returns its console output. */
    String boot(Path socket, String name, String params) throws IOException {
        GuestImage image = GuestImage.build(topology);
        String accel = System.getProperty("jpasst.it.qemu.accel", "tcg");
        List<String> qemu = new ArrayList<>(List.of("ip", "netns", "exec", topology.hostNamespace(),
                "qemu-system-x86_64", "-machine", "accel=" + accel, "-m", "256", "-smp", "1",
                "-nodefaults", "-display", "none", "-serial", "file:" + console(name), "-monitor", "none",
                "-no-reboot", "-kernel", image.kernel().toString(), "-initrd", image.initramfs().toString(),
                "-append", "console=ttyS0 quiet panic=-1 jpasst.remote=" + REMOTE_V4 + " " + params));
        qemu.addAll(qemuNetwork(socket));
        Proc.Result run = Proc.run(BOOT_TIMEOUT, null, topology.work(), qemu);
        String text = readOrEmpty(console(name));
        assertTrue(text.contains("JPASST-DONE"), () -> "the guest did not finish: " + run + "\n  console: " + text);
        return text;
    }

    /** "JPASST-RESULT key rest" lines of the console, by key. */
    static Map<String, String> results(String console) {
        Map<String, String> r = new LinkedHashMap<>();
        console.lines().map(String::strip).filter(l -> l.startsWith("JPASST-RESULT ")).forEach(l -> {
            String rest = l.substring("JPASST-RESULT ".length());
            int sp = rest.indexOf(' ');
            r.put(sp < 0 ? rest : rest.substring(0, sp), sp < 0 ? "" : rest.substring(sp + 1));
        });
        return r;
    }

    @Test
    void guestGetsLeaseAndPingsTheInternet() throws IOException {
        Path socket = startPasstLikeLibvirt("vm");
        String console = boot(socket, "vm", "");
        Map<String, String> r = results(console);
        String lease = r.getOrDefault("dhcp", "");
        assertTrue(lease.contains("ip=" + HOST_V4 + " mask=24 router=" + GATEWAY_V4 + " mtu=1500 hostname=vm1"),
                () -> "lease: " + lease + "\n" + console);
        assertEquals("ok", r.get("ping"), console);
        assertTrue(daemonExits(Duration.ofSeconds(10)), "--one-off: passt still runs after qemu quit");
    }

    @Test
    void tcpDownloadUploadAndForwardedGuestServer() throws Exception {
        Path www = Files.createDirectories(topology.work().resolve("www"));
        byte[] bytes = new byte[TCP_BYTES];
        new Random(17).nextBytes(bytes);
        Files.write(www.resolve("blob"), bytes);
        String md5 = md5(bytes);
        Path upload = topology.work().resolve("upload.bin");
        Path banner = topology.work().resolve("banner.txt");
        // The host-side client connects only once the guest listens: a SYN forwarded before
        // the guest is there proves nothing. The line comes just before nc listens, so a
        // reset (the port not open yet) is retried for a few seconds.
        String inboundScript = waitUntil("grep -q 'JPASST-RESULT listening' " + console("vmtcp"), 200)
                + "for i in $(seq 20); do socat -T 10 -u TCP:127.0.0.1:" + HOST_PORT + " CREATE:" + banner
                + " && [ -s " + banner + " ] && break; sleep 0.5; done";
        try (Proc.Running down = Proc.start(null, www, topology.inInternet(List.of("python3", "-m", "http.server",
                     "-b", REMOTE_V4, Integer.toString(DOWNLOAD_PORT))));
             Proc.Running up = Proc.start(null, topology.work(), topology.inInternet(List.of("socat", "-u",
                     "TCP-LISTEN:" + UPLOAD_PORT + ",reuseaddr", "CREATE:" + upload)));
             Proc.Running inbound = topology.startAsUser(List.of("sh", "-c", inboundScript))) {
            Path socket = startPasstLikeLibvirt("vmtcp");
            String console = boot(socket, "vmtcp", "jpasst.tcpsize=" + TCP_BYTES + " jpasst.download="
                    + DOWNLOAD_PORT + " jpasst.upload=" + UPLOAD_PORT + " jpasst.listen=" + GUEST_PORT);
            Map<String, String> r = results(console);
            assertEquals(Integer.toString(TCP_BYTES), r.get("download"), console);
            assertEquals(md5, r.get("download-md5"), console);
            up.await(Duration.ofSeconds(30));
            assertEquals(md5, md5(Files.readAllBytes(upload)), "the upload differs from what was sent");
            inbound.await(Duration.ofSeconds(30));
            assertEquals("jpasst-guest-banner", readOrEmpty(banner).strip(), console);
        }
    }

    private static String md5(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    static String readOrEmpty(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
