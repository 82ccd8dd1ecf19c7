package io.jpasst.engine.proto.l2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DNS wire-format encoding (RFC 1035 3.1) of the names the responders hand out. Runs once when
 * {@link L2Config} is built, never per packet. Search lists come in two flavours: compressed
 * with pointers relative to the start of the option data (DHCP option 119, RFC 3397) and plain
 * concatenation (DHCPv6 option 24 and the NDP DNSSL option forbid compression).
 */
public final class DomainNames {
    private DomainNames() {}

    /** Encodes one name ("example.com" or "example.com.") as labels plus the root label. */
    public static byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : labels(name)) {
            writeLabel(out, label);
        }
        out.write(0);
        if (out.size() > 255) {
            throw new IllegalArgumentException("domain name longer than 255 bytes: " + name);
        }
        return out.toByteArray();
    }

    /** Plain concatenation of encoded names (no compression). */
    public static byte[] encodeList(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            out.writeBytes(encode(n));
        }
        return out.toByteArray();
    }

    /**
     * RFC 3397 encoding with suffix compression: a name whose tail was already written ends in
     * a pointer to it. Names that would push the result past {@code maxLen} are left out (a DHCP
     * option carries at most 255 bytes and we don't split options).
     */
    public static byte[] encodeCompressed(List<String> names, int maxLen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Integer> suffixAt = new HashMap<>();
        for (String n : names) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            Map<String, Integer> added = new HashMap<>();
            String[] labels = labels(n);
            int i = 0;
            for (; i < labels.length; i++) {
                String suffix = String.join(".", java.util.Arrays.copyOfRange(labels, i, labels.length))
                        .toLowerCase(java.util.Locale.ROOT);
                Integer at = suffixAt.get(suffix);
                if (at != null) {
                    one.write(0xc0 | (at >>> 8));
                    one.write(at & 0xff);
                    break;
                }
                int offset = out.size() + one.size();
                if (offset < 0x3fff) {
                    added.put(suffix, offset);
                }
                writeLabel(one, labels[i]);
            }
            if (i == labels.length) {
                one.write(0);
            }
            if (out.size() + one.size() > maxLen) {
                continue;
            }
            out.writeBytes(one.toByteArray());
            suffixAt.putAll(added);
        }
        return out.toByteArray();
    }

    private static String[] labels(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return new String[0];
        }
        return n.split("\\.", -1);
    }

    private static void writeLabel(ByteArrayOutputStream out, String label) {
        byte[] b = label.getBytes(StandardCharsets.US_ASCII);
        if (b.length == 0 || b.length > 63) {
            throw new IllegalArgumentException("bad DNS label: '" + label + "'");
        }
        out.write(b.length);
        out.writeBytes(b);
    }
}
