package io.jpasst.engine.control.host;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's resolvers and search domains, from resolv.conf: the defaults the guest is
 * offered when no {@code -D}/{@code -S} is given. Unparseable lines are skipped, as the C
 * resolver does; a missing file means no resolvers.
 */
public record ResolvConf(List<InetAddress> servers, List<String> search) {
    public static final Path DEFAULT = Path.of("/etc/resolv.conf");

    public ResolvConf {
        servers = List.copyOf(servers);
        search = List.copyOf(search);
    }

    public static ResolvConf read(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new ResolvConf(List.of(), List.of());
        }
    }

    public static ResolvConf parse(String text) {
        List<InetAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "nameserver" -> {
                    if (words.length > 1) {
                        parseAddress(words[1], servers);
                    }
                }
                case "search", "domain" -> {
                    // The last search/domain line wins, as in the resolver.
                    search.clear();
                    for (int i = 1; i < words.length; i++) {
                        search.add(words[i]);
                    }
                }
                default -> { }
            }
        }
        return new ResolvConf(servers, search);
    }

    private static void parseAddress(String word, List<InetAddress> out) {
        String literal = word.contains("%") ? word.substring(0, word.indexOf('%')) : word;
        try {
            out.add(InetAddress.ofLiteral(literal));
        } catch (IllegalArgumentException e) {
            // not an address: ignore the line
        }
    }

    public List<Inet4Address> servers4() {
        return servers.stream().filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).toList();
    }

    public List<Inet6Address> servers6() {
        return servers.stream().filter(Inet6Address.class::isInstance).map(Inet6Address.class::cast).toList();
    }
}
