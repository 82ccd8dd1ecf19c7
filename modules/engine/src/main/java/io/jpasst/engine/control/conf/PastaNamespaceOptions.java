package io.jpasst.engine.control.conf;

import static io.jpasst.engine.control.conf.OptionValues.PATH_MAX;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * pasta's options about its namespace (which one, joined or created, and what is set up in
 * it) and the arguments after the options, turned into a {@link PastaConfig}. Part of
 * {@link ConfigBuilder}, which hands these options over as they come.
 */
final class PastaNamespaceOptions {
    private static final String NETNS_RUN_DIR = "/run/netns";

    private Optional<String> nsIfname = Optional.empty(), userns = Optional.empty(), netns = Optional.empty();
    private boolean netnsOnly, noNetnsQuit, configNet;
    private Optional<MacAddress> nsMac = Optional.empty();
    private List<String> positional = List.of();

    void nsIfname(String name) {
        nsIfname = Optional.of(OptionValues.ifname(name));
    }

    void userns(String path) {
        userns = Optional.of(OptionValues.path(path, PATH_MAX, "Invalid userns"));
        netnsOnly = false;
    }

    /** A name without a slash is one of ip-netns(8)'s, a bind mount under /run/netns. */
    void netns(String pathOrName) {
        String path = pathOrName.indexOf('/') < 0 ? NETNS_RUN_DIR + "/" + pathOrName : pathOrName;
        if (pathOrName.isEmpty() || path.length() >= PATH_MAX) {
            throw new ConfigException("Network namespace name/path " + pathOrName + " too long or empty");
        }
        netns = Optional.of(path);
    }

    void netnsOnly() {
        netnsOnly = true;
        userns = Optional.empty();
    }

    void noNetnsQuit() {
        noNetnsQuit = true;
    }

    void configNet() {
        configNet = true;
    }

    boolean configNetGiven() {
        return configNet;
    }

    void nsMacAddress(String text) {
        nsMac = Optional.of(MacAddress.parse(text));
    }

    void positional(List<String> args) {
        positional = List.copyOf(args);
    }

    List<String> positional() {
        return positional;
    }

    /** pasta runs a command of its own (no --netns, no PID): it then stays in the foreground. */
    boolean runsCommand() {
        return netns.isEmpty() && !joinsPid();
    }

    private boolean joinsPid() {
        return positional.size() == 1 && CNumber.isDecimalDigits(positional.get(0));
    }

    /** A lone all-digit argument is a PID whose namespaces we join; anything else is a command. */
    PastaConfig build(boolean spliceOnly) {
        if (netns.isPresent() && !positional.isEmpty()) {
            throw new ConfigException("Both --netns and PID or command given");
        }
        OptionalInt pid = OptionalInt.empty();
        List<String> command = positional;
        Optional<String> net = netns;
        Optional<String> user = userns;
        if (joinsPid()) {
            long value = OptionValues.parseDecimal(positional.get(0));
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new ConfigException("Invalid PID " + positional.get(0));
            }
            pid = OptionalInt.of((int) value);
            command = List.of();
            net = Optional.of("/proc/" + value + "/ns/net");
            if (user.isEmpty()) {
                user = Optional.of("/proc/" + value + "/ns/user");
            }
        }
        boolean only = netnsOnly || (net.isPresent() && user.isEmpty());
        return new PastaConfig(nsIfname, user, net, only, noNetnsQuit, configNet, pid, command, nsMac, spliceOnly);
    }
}
