package io.jpasst.engine.control.conf;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * passt's guest side: a UNIX socket to listen on, or a connected descriptor inherited from
 * the parent. Neither set means probe {@code /tmp/passt_N.socket}.
 *
 * @param oneOff quit once the single client goes away (implied by {@code --fd})
 * @param vhostUser speak vhost-user on the socket ({@code --vhost-user}) instead of qemu's
 *        length-prefixed stream
 */
public record PasstConfig(Optional<String> socketPath, OptionalInt fd, boolean oneOff, boolean vhostUser) {}
