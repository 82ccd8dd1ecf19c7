package io.jpasst.it;

/** {@link DhcpTest}'s tests marked {@link AlsoOverPasst}, against passt and a guest behind it. */
class DhcpOverPasstTest extends DhcpTest {
    @Override
    boolean overPasst() {
        return true;
    }
}
