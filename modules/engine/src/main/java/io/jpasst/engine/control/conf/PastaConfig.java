package io.jpasst.engine.control.conf;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * pasta's namespace side.
 *
 * @param nsIfname   tap device name in the namespace ({@code -I}); empty: host's interface name
 * @param userns     user namespace path to join; set from a PID when not given
 * @param netns      network namespace path to join ({@code --netns} resolved, or from a PID);
 *                   empty means create a new namespace and run {@link #command} in it
 * @param netnsOnly  join only the network namespace, never a user namespace
 * @param targetPid  the PID given as positional argument
 * @param command    command and arguments to run in a new namespace (empty: a shell)
 * @param nsMac      MAC address of the namespace tap device ({@code --ns-mac-addr})
 */
public record PastaConfig(Optional<String> nsIfname, Optional<String> userns, Optional<String> netns,
                          boolean netnsOnly, boolean noNetnsQuit, boolean configNet, OptionalInt targetPid,
                          List<String> command, Optional<MacAddress> nsMac, boolean spliceOnly) {
    public PastaConfig {
        command = List.copyOf(command);
    }
}
