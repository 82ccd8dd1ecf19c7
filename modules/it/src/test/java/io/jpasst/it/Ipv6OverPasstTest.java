package io.jpasst.it;

/** {@link Ipv6Test}'s tests marked {@link AlsoOverPasst}, against passt and a guest behind it. */
class Ipv6OverPasstTest extends Ipv6Test {
    @Override
    boolean overPasst() {
        return true;
    }
}
