package io.jpasst.it;

/** {@link UdpTest}'s tests marked {@link AlsoOverPasst}, against passt and a guest behind it. */
class UdpOverPasstTest extends UdpTest {
    @Override
    boolean overPasst() {
        return true;
    }
}
