package io.jpasst.engine.control.conf;

/** An inclusive, non-empty range of port numbers {@code first..last} within 0..65535. */
public record PortRange(int first, int last) {
    public static final int MAX_PORT = 65535;

    public PortRange {
        if (first < 0 || last > MAX_PORT || last < first) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
    }

    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
