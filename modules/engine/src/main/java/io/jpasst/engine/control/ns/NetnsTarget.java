package io.jpasst.engine.control.ns;

/**
 * Which network namespace pasta serves: a fresh one it creates for its command, one bound to a
 * file (podman's {@code --netns PATH}, or a name under /run/netns), or the one of a process.
 */
public sealed interface NetnsTarget {
    /** A new network namespace, created by {@code unshare(CLONE_NEWNET)} on the namespace thread. */
    record Fresh() implements NetnsTarget {}

    /** A namespace file: a bind mount of an nsfs inode, such as podman's netns files. */
    record File(String path) implements NetnsTarget {}

    /** The namespace of a running process. */
    record Process(long pid) implements NetnsTarget {
        public String path() {
            return "/proc/" + pid + "/ns/net";
        }
    }
}
