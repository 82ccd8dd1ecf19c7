package io.jpasst.it;

/** {@link TcpBehaviourTest}'s tests marked {@link AlsoOverPasst}, against passt and a guest behind it. */
class TcpBehaviourOverPasstTest extends TcpBehaviourTest {
    @Override
    boolean overPasst() {
        return true;
    }
}
